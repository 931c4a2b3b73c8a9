"""`bonemets symptoms --check`: ask about each sign in plain words, grouped; then summarise, red flags first,
then the rest, then what was skipped."""
from __future__ import annotations

import sys

from bonemets.cli import session
from bonemets.cli.session import Session
from bonemets.errors import UsageError
from bonemets.knowledge import schema

PROMPT = "[y/n/s=skip/f=finish]"


class Stopped(Exception):
    """The checklist ended before its last sign: ``how`` is 'finish' (the key), 'interrupt' or 'eof'."""

    def __init__(self, how: str) -> None:
        super().__init__(how)
        self.how = how


def _ask(question: str) -> str | None:
    """'y', 'n' or None (skip); Stopped for the finish key, Ctrl-C and end of input."""
    while True:
        try:  # the prompt too: a Ctrl-C as soon as it shows still ends with the summary
            sys.stderr.write(f"{question} {PROMPT}: ")
            sys.stderr.flush()
            a = input().strip().lower()
        except EOFError:
            sys.stderr.write("\n")
            raise Stopped("eof") from None
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            raise Stopped("interrupt") from None
        if a in ("y", "yes"):
            return "y"
        if a in ("n", "no"):
            return "n"
        if a in ("s", "skip", ""):
            return None
        if a in ("f", "finish", "q", "quit"):
            raise Stopped("finish")
        sys.stderr.write("  answer y, n, s (skip) or f (finish now: the summary of what was answered)\n")


def questions(item: dict) -> list[str]:
    """What to ask for one entry: its signs in plain words, or its name when it lists none."""
    return [f["text"] for f in item.get("signs", [])] or [item["name"]]


def run_check(s: Session, present: str | None, *, red_flags: bool, cancer: str | None) -> None:
    from bonemets.views import check_doc

    kb = s.kb
    groups, note, _title = s.kb.symptom_groups(red_flags=red_flags, cancer=cancer)
    if note and present is None:
        s.note(note)
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
        s.note("For each sign: y = present, n = not present, s = skip, f = finish now. "
               "Ctrl-C or Ctrl-D also end it with the summary so far.")
        stopped = _interview(s, sorted(items, key=lambda i: order.get(i.get("group", "general"), 9)), answers)
        if stopped is not None:
            asked = [i for i in items if i["id"] in answers]
            unasked = [i for i in items if i["id"] not in answers]
            s.show(check_doc(kb, asked, answers, unasked=unasked))
            n = sum(len(a["present"]) + len(a["skipped"]) + a["absent"] for a in answers.values())
            total = sum(len(questions(i)) for i in items)
            if stopped != "finish":
                s.note(f"bonemets: interrupted after {n} of {total} signs: the summary above is what was answered")
                raise SystemExit(130)
            return
    s.show(check_doc(kb, items, answers))


def _interview(s: Session, items: list[dict], answers: dict) -> str | None:
    """Ask each sign; fill ``answers`` as it goes (an entry half answered keeps what was said). Returns how
    it stopped early ('finish', 'interrupt', 'eof') or None when every sign was asked."""
    current = None
    for item in items:
        if item.get("group") != current:
            current = item.get("group")
            s.note(f"\n== {str(current).capitalize()} ==")
        got: dict = {"present": [], "skipped": [], "absent": 0}
        for q in questions(item):
            try:
                a = _ask(q)
            except Stopped as stop:
                if got["present"] or got["skipped"] or got["absent"]:
                    answers[item["id"]] = got
                return stop.how
            if a == "y":
                got["present"].append(q)
            elif a is None:
                got["skipped"].append(q)
            else:
                got["absent"] += 1
            answers[item["id"]] = got
    return None
