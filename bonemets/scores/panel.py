"""The prognosis panel: every score whose table says ``panel: {name: prognosis}`` computed from one set
of inputs, side by side, with where they disagree.

Options: ``--primary`` (a cancer name) feeds every item that takes cancer names (``names: cancer``) and
items whose choices list cancers (a growth group), but only where the table itself lists that cancer in
exactly one group; items that share a ``concept`` (e.g. skeletal: solitary or multiple) share one
option; measured values keep their own name (``--crp``); every other item is ``--PREFIX-KEY``. A score
with an input missing is reported as needing it, never guessed.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from bonemets.scores.base import ScoreInputError
from bonemets.scores.engine import blank, group_of, read, value


class Option(NamedTuple):
    flag: str  # without the dashes
    label: str
    words: tuple  # allowed words, () for free text or numbers
    targets: tuple  # ((score id, item key), ...)
    metavar: str = "X"  # for free text: NAME (a cancer), N (a whole number), X (a measured value)


def members(kb, name: str = "prognosis") -> list[dict]:
    return [e for e in kb.of_kind("score") if (e.get("table") or {}).get("panel", {}).get("name") == name]


def _maps_cancers(item: dict) -> bool:
    return any(c.get("cancers") or c.get("depends") for c in item.get("choices", []))


def options(kb, name: str = "prognosis") -> list[Option]:
    """The union of the panel scores' inputs, each once."""
    by_flag: dict[str, Option] = {}
    concept_words: dict[str, tuple] = {}
    order: list[str] = ["primary"]
    primary_targets = []
    for ent in members(kb, name):
        t = ent["table"]
        for item in t["items"]:
            words = tuple(c["word"] for c in item.get("choices", []))
            target = (ent["id"], item["key"])
            if item.get("names") == "cancer":  # fed by --primary; --PREFIX-KEY overrides it for this score
                primary_targets.append(target)
                flag = f"{t['panel']['prefix']}-{item['key']}"
                order.append(flag)
                by_flag[flag] = Option(flag, f"{ent['name']}: {item['label']}, instead of --primary", (), (target,),
                                       "NAME")
                continue
            concept = item.get("concept")
            if concept and concept_words.setdefault(concept, words) == words:
                flag, label = concept, item["label"]
            else:
                flag, label = f"{t['panel']['prefix']}-{item['key']}", f"{ent['name']}: {item['label']}"
            if _maps_cancers(item):
                label += " (from --primary where the table lists that cancer in one group)"
            old = by_flag.get(flag)
            if old is None:
                order.append(flag)
                by_flag[flag] = Option(flag, label, words, (target,),
                                       "X" if item.get("number", {}).get("decimal") else "N")
            else:
                by_flag[flag] = old._replace(targets=old.targets + (target,))
        for v in t.get("values", []):  # a measured value keeps its name; scores measuring it share it
            flag, target = v["key"], (ent["id"], v["key"])
            if flag in by_flag and (by_flag[flag].words or by_flag[flag].metavar != "X"):
                flag = f"{t['panel']['prefix']}-{v['key']}"  # the name is an item's option already
            if flag in by_flag:
                by_flag[flag] = by_flag[flag]._replace(targets=by_flag[flag].targets + (target,))
            else:
                order.append(flag)
                by_flag[flag] = Option(flag, f"{v['label']} ({v['unit']})", (), (target,))
    by_flag["primary"] = Option("primary", "Primary cancer: a name bonemets knows, or a table's own word",
                                (), tuple(primary_targets), "NAME")
    return [by_flag[f] for f in order]


def _flag_map(opts: list[Option]) -> dict:
    """(score, item) -> its own option; an item fed by --primary maps to its override option."""
    return {target: o.flag for o in opts if o.flag != "primary" for target in o.targets}


def compute(kb, given: dict, name: str = "prognosis") -> list[dict]:
    """One entry per panel score: its Result, or what it needs; ``given`` maps flag -> typed value."""
    from bonemets.scores import compute as compute_score

    flags = _flag_map(options(kb, name))
    primary = given.get("primary")
    read_primary = False
    out = []
    for ent in members(kb, name):
        inputs, used, needs, took_primary = _inputs(ent, given, flags, kb)
        read_primary = read_primary or took_primary
        entry = {"score": ent["id"], "name": ent["name"], "result": None, "needs": needs, "used": used}
        try:
            if needs:  # not computable, but every value given is still checked: a bad one is refused
                _check_given(ent, inputs, kb)
            else:
                entry["result"] = compute_score(ent["id"], inputs, kb)
        except ScoreInputError as exc:
            raise ScoreInputError(exc.option, _rename(exc.message, ent, flags)) from None
        out.append(entry)
    if not blank(primary) and not read_primary:
        raise ScoreInputError("primary", f"--primary {primary}: no panel score can read it; give a cancer bonemets "
                                         "knows (bonemets list cancers) or a table's own word")
    return out


def _inputs(ent: dict, given: dict, flags: dict, kb) -> tuple:
    """(inputs, used: key -> [value, how], needs: [[option, why]], whether --primary was read) for one score."""
    t, primary = ent["table"], given.get("primary")
    inputs, used, needs, took_primary = {}, {}, [], False
    for v in t.get("values", []):
        if not blank(given.get(flags[(ent["id"], v["key"])])):
            inputs[v["key"]] = given[flags[(ent["id"], v["key"])]]
    for item in t["items"]:
        key, flag = item["key"], flags[(ent["id"], item["key"])]
        raw, how = given.get(flag), f"--{flag}"
        if blank(raw) and not blank(primary) and item.get("names") == "cancer":
            try:
                read(item, primary, kb, ent["name"])
            except ScoreInputError:
                words = ", ".join(c["word"] for c in item["choices"])
                needs.append([f"--{flag}", f"--primary {primary} is neither one of this table's words ({words}) "
                                           "nor a cancer bonemets knows"])
                continue
            raw, how, took_primary = primary, "--primary", True
        elif blank(raw) and not blank(primary) and _maps_cancers(item):
            word, why = group_of(item, primary, kb)
            if word is None:
                needs.append([f"--{flag}", why])
                continue
            raw, how, took_primary = word, f"from --primary {primary}: {why}", True
        if blank(raw):
            if not (item.get("default") is not None or item.get("optional") or (item.get("derive") and any(
                    v["key"] in inputs for v in t.get("values", [])))):
                needs.append([f"--{flag}", ""])
            continue
        inputs[key] = raw
        used[key] = [str(raw), how]
    return inputs, used, needs, took_primary


def _check_given(ent: dict, inputs: dict, kb) -> None:
    t = ent["table"]
    for item in t["items"]:
        if not blank(inputs.get(item["key"])):
            read(item, inputs[item["key"]], kb, ent["name"])
    for v in t.get("values", []):
        if not blank(inputs.get(v["key"])):
            value(v, inputs[v["key"]])


def _rename(message: str, ent: dict, flags: dict) -> str:
    """A score's message speaks of --growth; on the panel that option is --katagiri-growth."""
    keys = sorted((i["key"] for i in ent["table"]["items"]), key=len, reverse=True)
    pattern = re.compile(r"--(" + "|".join(map(re.escape, keys)) + r")\b(?!-)")
    return pattern.sub(lambda m: "--" + flags.get((ent["id"], m.group(1)), "primary"), message)


OUTLOOK = {"under-6-months": "under 6 months", "6-months-or-more": "6 months or more",
           "12-months-or-more": "12 months or more"}


def band_entry(ent: dict, word: str) -> dict:
    return next(b for b in ent["table"]["bands"] if b["word"] == word)


def agreement(kb, entries: list[dict]) -> dict:
    """Each computed score's survival tier (its band's ``outlook``), and whether the tiers agree."""
    tiers, not_compared = {}, []
    for e in entries:
        r = e["result"]
        if r is None:
            continue
        outlook = band_entry(kb.entities[e["score"]], r.band).get("outlook")
        if outlook:
            tiers[e["score"]] = outlook
        else:
            not_compared.append(e["score"])
    agree = None if len(tiers) < 2 else len(set(tiers.values())) == 1
    return {"tiers": tiers, "agree": agree, "not_compared": not_compared}
