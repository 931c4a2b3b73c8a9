"""`bonemets symptoms --check`: go through the checklist, then summarise red flags first."""
from __future__ import annotations

import sys

from bonemets import schema, session
from bonemets.errors import UsageError
from bonemets.session import Session


def _ask(question: str) -> str | None:
    """'y', 'n' or None (skip). EOF and Ctrl-C propagate and end the run cleanly."""
    while True:
        sys.stderr.write(f"{question} [y/n/s=skip]: ")
        sys.stderr.flush()
        a = input().strip().lower()
        if a in ("y", "yes"):
            return "y"
        if a in ("n", "no"):
            return "n"
        if a in ("s", "skip", ""):
            return None
        sys.stderr.write("  answer y, n or s\n")


def run_check(s: Session, present: str | None, *, red_flags: bool, cancer: str | None) -> None:
    from bonemets.views import check_doc

    kb = s.kb
    items = kb.symptoms(red_flags=red_flags, cancer=cancer)
    answers: dict[str, str | None] = {}
    if present is not None:
        wanted = [p for p in (x.strip() for x in present.split(",")) if p]
        ids = {kb.find(p, "symptom")["id"] for p in wanted}
        answers = {i["id"]: ("y" if i["id"] in ids else "n") for i in items}
        for extra in ids - set(answers):  # present but outside the --cancer/--red-flags filter
            answers[extra] = "y"
            items.append(kb.entities[extra])
    else:
        if not session.interactive():
            raise UsageError("--check asks questions on a terminal; in scripts give --present ID,ID,...")
        order = {g: i for i, g in enumerate(schema.SYMPTOM_GROUPS)}
        s.note("For each symptom: y = present, n = not present, s = skip. Ctrl-C leaves.")
        current = None
        for item in sorted(items, key=lambda i: order.get(i.get("group", "general"), 9)):
            if item.get("group") != current:
                current = item.get("group")
                s.note(f"\n== {str(current).capitalize()} ==")
            answers[item["id"]] = _ask(f"{item['name']}: {item.get('summary', '')}")
    s.show(check_doc(kb, items, answers))
