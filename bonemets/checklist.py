"""`bonemets symptoms --check`: ask about each sign in plain words, grouped; then summarise, red flags first,
then the rest, then what was skipped."""
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


def questions(item: dict) -> list[str]:
    """What to ask for one entry: its signs in plain words, or its name when it lists none."""
    return [f["text"] for f in item.get("signs", [])] or [item["name"]]


def run_check(s: Session, present: str | None, *, red_flags: bool, cancer: str | None) -> None:
    from bonemets.views import check_doc

    kb = s.kb
    groups, _note, _title = kb.symptom_groups(red_flags=red_flags, cancer=cancer)
    items = [i for _h, g in groups for i in g]
    answers: dict[str, object] = {}
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
        s.note("For each sign: y = present, n = not present, s = skip. Ctrl-C leaves.")
        current = None
        for item in sorted(items, key=lambda i: order.get(i.get("group", "general"), 9)):
            if item.get("group") != current:
                current = item.get("group")
                s.note(f"\n== {str(current).capitalize()} ==")
            got: dict[str, list[str]] = {"present": [], "skipped": []}
            for q in questions(item):
                a = _ask(q)
                if a == "y":
                    got["present"].append(q)
                elif a is None:
                    got["skipped"].append(q)
            answers[item["id"]] = got
    s.show(check_doc(kb, items, answers))
