"""The generic engine for table scores: points summed over items (engine ``points``) or a grade whose
choice names its band (engine ``grade``). Tables come from data/scores/*.yaml as plain dicts.

Reading an input: a choice by its word or a synonym; with ``names: cancer``, also any cancer name the
knowledge base knows (kb.find), mapped onto the table's own words, synonyms and ``cancers`` lists, and
else onto the item's ``other`` choice, with a note saying so. Numbers: ASCII digits, within the table's
range and step. An item with ``derive`` may instead be worked out from measured ``values``.
"""
from __future__ import annotations

from bonemets.errors import BonemetsError
from bonemets.scores import numbers
from bonemets.scores.base import Result, ScoreInputError, result
from bonemets.scores.numbers import band_of
from bonemets.text import slug


def blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def compute(ent: dict, inputs: dict, kb) -> Result:
    t = ent["table"]
    notes: list = []
    derived = {}
    for item in t["items"]:
        if item.get("derive"):
            derived[item["key"]] = derive(item, t, inputs)
    for item in t["items"]:
        key = item["key"]
        if blank(inputs.get(key)) and item.get("default") is not None:
            inputs[key] = item["default"]
        if blank(inputs.get(key)) and derived.get(key) is None:
            raise ScoreInputError(key, f"--{key} is missing")
    given, points, meanings = {}, {}, {}
    for item in t["items"]:
        key = item["key"]
        d = derived.get(key)
        if blank(inputs.get(key)):
            raw = d[0]
            notes.append([f"--{key} worked out from the values given: {d[0]} ({d[1]})", ""])
        else:
            raw = inputs[key]
        word, pts, meaning, note = read(item, raw, kb, title=ent["name"])
        if d is not None and word != d[0]:
            raise ScoreInputError(key, f"--{key} {word} contradicts the values given, which make it {d[0]} ({d[1]})")
        if note:
            notes.append([note, ""])
        given[key], meanings[key] = word, meaning
        if pts is not None:
            points[key] = pts
    for v in t.get("values", []):
        if not blank(inputs.get(v["key"])):
            given[v["key"]] = float(value(v, inputs[v["key"]]))
            meanings[v["key"]] = f"{numbers.plain(value(v, inputs[v['key']]))} {v['unit']}"
    if t["engine"] == "grade":
        word = given[t["items"][0]["key"]]
        choice = next(c for c in t["items"][0]["choices"] if c["word"] == word)
        band = next(b for b in t["bands"] if b["word"] == choice["band"])
        return result(ent, given, {}, meanings, None, band, notes=notes)
    total = sum(points.values())
    return result(ent, given, points, meanings, total, band_of(t["bands"], total), notes=notes)


def read(item: dict, raw, kb, title: str = "this table") -> tuple:
    """(normalised input, points or None, meaning, note or '') for one item, or ScoreInputError."""
    key = item["key"]
    if "choices" in item:
        typed = str(raw).strip()
        choice = match(item, slug(typed))
        note = ""
        if choice is None and item.get("names") == "cancer":
            choice, note = _by_cancer_name(item, typed, kb, title)
        if choice is None:
            words = ", ".join(c["word"] for c in item["choices"])
            also = " (or a cancer name: bonemets list cancers)" if item.get("names") else ""
            raise ScoreInputError(key, f"--{key}: {typed!r} is not one of: {words}{also}")
        return choice["word"], choice.get("points"), choice["meaning"], note
    num = item["number"]
    if num.get("decimal"):
        n = numbers.decimal(key, raw)
    else:
        n = numbers.whole(key, raw)
    lo, hi = num.get("min"), num.get("max")
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        rng = f"{lo} to {hi}" if hi is not None else f"{lo} or more"
        raise ScoreInputError(key, f"--{key}: {n} is impossible here; give {rng}")
    if n % (num.get("step") or 1):
        raise ScoreInputError(key, f"--{key}: {n} is not a multiple of {num['step']}")
    for s in item.get("spans", []):
        if numbers.inside(n, s["lo"], True, s["hi"], True):
            return n, s["points"], s["meaning"], ""
    if "spans" in item:  # pragma: no cover - spec checks that spans cover the range
        raise ScoreInputError(key, f"--{key}: {n} is outside the table")
    return n, None, f"{n} {num.get('unit', '')}".strip(), ""


def match(item: dict, key: str) -> dict | None:
    for c in item["choices"]:
        if key == slug(c["word"]) or key in c.get("synonyms", ()):
            return c
    return None


def resolve_cancer(typed: str, kb) -> dict | None:
    """The knowledge base's cancer for a typed name or alias (kb.find), or None."""
    try:
        return kb.find(typed, "cancer")
    except BonemetsError:
        return None


def _by_cancer_name(item: dict, typed: str, kb, title: str) -> tuple:
    ent = resolve_cancer(typed, kb)
    if ent is None:
        return None, ""
    for c in item["choices"]:
        if ent["id"] == slug(c["word"]) or ent["id"] in c.get("synonyms", ()) or ent["id"] in c.get("cancers", ()):
            return c, f"--{item['key']} {typed}: read as {c['word']} ({ent['name']}: bonemets cancer {ent['id']})"
    depends = _depends(item, {ent["id"]})
    if depends:  # the table splits this cancer (colon vs rectum): the name alone cannot say which
        options = "; ".join(f"'{w}' if {text}" for w, text in depends)
        raise ScoreInputError(item["key"], f"--{item['key']} {typed}: {title} scores {ent['name'].lower()} by where "
                                           f"it started; give {options}")
    other = item.get("other")
    if other is None:
        return None, ""
    c = next(x for x in item["choices"] if x["word"] == other)
    pts = f" ({c['points']} point{'s' if c.get('points') != 1 else ''})" if c.get("points") is not None else ""
    return c, (f"--{item['key']} {typed}: {title} does not list {ent['name'].lower()} among its primaries, "
               f"so it counts as '{other}'{pts}")


def _depends(item: dict, keys: set[str]) -> list[tuple[str, str]]:
    """(choice word, condition) for each choice a cancer of these ids falls in only on a condition."""
    return [(c["word"], text) for c in item["choices"] for k, text in c.get("depends", {}).items() if k in keys]


def group_of(item: dict, typed: str, kb) -> tuple:
    """(choice word or None, why) for a cancer name, using only the groups the table itself lists.

    A name listed in one choice's ``cancers`` maps there; a name whose group depends on something
    (``depends``: e.g. hormone-dependent or not) or that the table does not list is not mapped.
    """
    keys = {slug(typed)}
    ent = resolve_cancer(typed, kb)
    if ent is not None:
        keys.add(ent["id"])
    listed = [c for c in item["choices"] if keys & set(c.get("cancers", ()))]
    depends = _depends(item, keys)
    if depends:
        options = "; ".join(f"{w} if {text}" for w, text in depends)
        return None, f"{typed}: the table's group depends on the tumour ({options})"
    if len(listed) == 1:
        return listed[0]["word"], f"the table lists {typed} as {listed[0]['word']}"
    return None, f"the table does not list {typed} in a group"


def value(v: dict, raw):
    x = numbers.decimal(v["key"], raw)
    traps = [(t["lo"], t["lo_incl"], t["hi"], t["hi_incl"], t["says"]) for t in v.get("traps", [])]
    numbers.check_range(v["key"], x, v["unit"], v["min"], v["max"], traps)
    return x


_BOUND = {("lo", True): "at or above", ("lo", False): "above", ("hi", True): "at or below", ("hi", False): "below"}


def derive(item: dict, t: dict, inputs: dict) -> tuple | None:
    """(choice word, why) worked out from measured values; None when none of them was given."""
    defs = {v["key"]: v for v in t.get("values", [])}
    wanted = list(dict.fromkeys(c["value"] for r in item["derive"]["rules"] for c in r["any"]))
    got = {k: value(defs[k], inputs[k]) for k in wanted if not blank(inputs.get(k))}
    if not got:
        return None
    unknown, could_be = [], None  # values not given that a higher-ranking rule would need
    for rule in item["derive"]["rules"]:
        hit = next((c for c in rule["any"] if c["value"] in got and numbers.inside(
            got[c["value"]], numbers.exact(c["lo"]), c["lo_incl"], numbers.exact(c["hi"]), c["hi_incl"])), None)
        if hit is not None and not unknown:
            side = "lo" if hit["lo"] is not None else "hi"
            v = defs[hit["value"]]
            return rule["choice"], (f"{v['label']} {numbers.plain(got[hit['value']])} {v['unit']} is "
                                    f"{_BOUND[side, hit[side + '_incl']]} {hit[side]}")
        if hit is not None:
            break
        missing = [c["value"] for c in rule["any"] if c["value"] not in got]
        if missing and could_be is None:
            could_be = rule["choice"]
        unknown += missing
    if unknown:
        raise ScoreInputError(item["key"], f"--{item['key']} is missing and the values given cannot settle it: "
                              f"give --{item['key']}, or also {', '.join('--' + u for u in unknown)} "
                              f"(a missing value could make it {could_be})")
    return item["derive"]["otherwise"], "no value reaches a cut-off"
