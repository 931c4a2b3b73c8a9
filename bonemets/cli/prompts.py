"""Questions that teach the score: each missing input is asked with its numbered choices, each choice's
published meaning and points; a number, the word or its first letters are accepted; after each answer the
running total so far. On stderr: the data (the result) stays on stdout."""
from __future__ import annotations

import sys


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _points(p) -> str:
    return "" if p is None else f"{p} point{'' if p == 1 else 's'}"


def _menu(item: dict) -> None:
    choices = item.get("choices", [])
    width = max((len(c["word"]) for c in choices), default=0)
    pw = max((len(_points(c.get("points"))) for c in choices), default=0)
    for n, c in enumerate(choices, 1):
        _say(f"  {n:>2}  {c['word']:<{width}}  {_points(c.get('points')):<{pw}}  {c['meaning']}".rstrip())
    for s in item.get("spans", []):
        rng = f"{s['lo']}-{s['hi']}" if s["hi"] is not None and s["hi"] != s["lo"] else \
            (f"{s['lo']}" if s["hi"] is not None else f"{s['lo']} or more")
        _say(f"      {rng:<10}  {_points(s.get('points')):<{max(pw, 9)}}  {s['meaning']}".rstrip())


def _expand(item: dict, answer: str) -> str:
    """A choice's number or an unambiguous start of its word, as the word; anything else as typed."""
    words = [c["word"] for c in item.get("choices", [])]
    if not words:
        return answer
    if answer.isdigit() and 1 <= int(answer) <= len(words):
        return words[int(answer) - 1]
    starts = [w for w in words if w.casefold().startswith(answer.casefold())]
    return starts[0] if len(starts) == 1 else answer


def _how(item: dict, skip: bool) -> str:
    n = len(item.get("choices", []))
    if n:
        how = f"1-{n}, a word or its first letters" + (" or a cancer name" if item.get("names") else "")
    else:
        num = item.get("number") or {}
        lo, hi = num.get("min"), num.get("max")
        how = "a number" + (f", {lo}-{hi}" if lo is not None and hi is not None else
                            f", {lo} or more" if lo is not None else "")
    return how + (", Enter to skip" if skip else "")


def ask(item: dict, kb, title: str, *, option: str | None = None, skip: bool = False):
    """(the value, its points or None) for one item, asked until valid; (None, None) when skipped.
    Ctrl-C and end of input propagate (the command exits 130)."""
    from bonemets.scores import ScoreInputError
    from bonemets.scores.engine import read

    option = option or item["key"]
    _say(f"\n{item['label']} (--{option})")
    _menu(item)
    while True:
        sys.stderr.write(f"  {_how(item, skip)}: ")
        sys.stderr.flush()
        answer = input().strip()
        if not answer:
            if skip:
                return None, None
            continue
        value = _expand(item, answer)
        try:
            got, points, meaning, _note = read(dict(item, key=option), value, kb, title)
        except ScoreInputError as exc:
            _say(f"  {exc.message}")
            continue
        _say(f"  --{option} {got}: {meaning}" + (f", {_points(points)}" if points is not None else ""))
        return str(got), points


def fill(table: dict, missing: list[dict], given: dict, kb, title: str) -> None:
    """Ask every missing item of one score, with the running total of the points known so far."""
    from bonemets.scores import ScoreInputError
    from bonemets.scores.engine import read

    total, known = 0, False
    for item in table["items"]:
        if item not in missing and given.get(item["key"]) not in (None, ""):
            try:
                p = read(item, given[item["key"]], kb, title)[1]
            except (ScoreInputError, KeyError, TypeError):
                p = None
            if p is not None:
                total, known = total + p, True
    _say(f"{title}: {len(missing)} input(s) to give. Type a choice's number, its word or its first letters.")
    for item in missing:
        given[item["key"]], p = ask(item, kb, title)
        if p is not None:
            total, known = total + p, True
            _say(f"  running total: {total} points so far")
        elif known:
            _say(f"  running total: {total} points so far")


def fill_panel(opts, given: dict, kb) -> None:
    """Bare `prognosis` on a terminal: ask for each input the panel uses; Enter skips (that score then shows
    what it needs)."""
    items = {(e["id"], i["key"]): (i, e["name"]) for e in kb.of_kind("score") if e.get("table")
             for i in e["table"]["items"]}
    _say("The prognostic scores side by side: answer what you know, Enter skips it "
         "(a score missing an input shows 'needs --X').")
    for o in opts:
        if o.label.endswith("instead of --primary"):
            continue  # --primary feeds those
        if o.flag == "primary":
            item, title = {"key": "primary", "label": o.label}, "prognosis"
        else:
            item, title = items.get(o.targets[0], ({"key": o.flag, "label": o.label}, "prognosis"))
            item = dict(item, label=o.label)
        if not item.get("choices") and not item.get("number"):
            _say(f"\n{o.label} (--{o.flag})")
            sys.stderr.write("  a value, Enter to skip: ")
            sys.stderr.flush()
            given[o.flag] = input().strip() or None
            continue
        given[o.flag] = ask(item, kb, title, option=o.flag, skip=True)[0]
