"""Facts and entities as the reader sees them (Lines with citation marks) and as JSON (one contract).

A fact in JSON is always ``{text, sources, quote | locator, conflict?, unverified?, note?, key?,
urgency?}`` (``quote`` always a list); an entity is always the object ``entity_data`` builds, whether it
is shown alone, in ``symptoms``, in ``compare`` or in ``search``.
"""
from __future__ import annotations

from typing import Any

from bonemets.doc import Line
from bonemets.knowledge import schema
from bonemets.views.cite import Refs

FACT_KEYS = ("text", "sources", "quote", "locator", "conflict", "unverified", "note", "key", "urgency", "grade",
             "step", "who", "timing", "when", "next", "uses")
URGENCY_STYLE = {"emergency": "emergency", "urgent": "urgent"}
# Where a fact of local data came from: a local file's own (evidence not checked), a fact an override
# changed or added, a shipped sign an override left out and bonemets kept.
LOCAL_WORDS = {"file": "local file", "changed": "LOCAL: changed by a local file", "kept": "kept from the shipped entry"}
UNCHECKED = " (local file: not checked against its source; bonemets validate --seeds DIR checks quotes)"


def fact_data(f: dict) -> dict:
    out = {k: f[k] for k in FACT_KEYS if f.get(k) not in (None, [], "")}
    if "quote" in out and isinstance(out["quote"], str):
        out["quote"] = [out["quote"]]
    if f.get("_local"):
        out["local"] = f["_local"]
        out["evidence_checked"] = f["_local"] == "kept"
    return out


def grade_text(g: dict | None) -> str:
    """A guideline's grade in its own words: 'ESMO 2020 [I, A]', 'ASCO 2017: strong; evidence high',
    'NICE 2023: offer'."""
    if not g:
        return ""
    by, year, strength, ev = g.get("by", ""), g.get("year", ""), g.get("strength", ""), g.get("evidence")
    if by == "ESMO":
        return f"ESMO {year} [{ev + ', ' if ev else ''}{strength}]"
    return f"{by} {year}: {strength}" + (f"; evidence {ev}" if ev else "")


def evidence_lines(f: dict) -> tuple:
    unchecked = UNCHECKED if f.get("_local") in ("file", "changed") else ""
    out = [f"\u201c{q}\u201d{unchecked}" for q in (f.get("quote") or [])]
    if f.get("locator"):
        out.append(f"where: {f['locator']}{unchecked}")
    return tuple(out)


def fact_line(f: dict, refs: Refs, evidence: bool, lead: str = "", lead_style: str = "") -> Line:
    if f.get("conflict"):
        lead, lead_style = f"SOURCES DIFFER ({f['conflict']}): ", "differ"
    if f.get("unverified"):
        lead, lead_style = lead + "UNVERIFIED: ", "unverified"
    if f.get("_local") == "changed":
        lead, lead_style = "LOCAL: " + lead, "differ"
    tag = refs.tag(f.get("sources", []))
    note = "S: secondary sources only" if tag == "S" and not f.get("unverified") else ""
    for extra in (grade_text(f.get("grade")), LOCAL_WORDS.get(f.get("_local", ""), "") if f.get("_local") != "changed" else "",
                  f.get("note", "")):
        if extra:
            note = f"{note}; {extra}" if note else extra
    style = URGENCY_STYLE.get(f.get("urgency", ""), "")
    return Line(f["text"], refs.marks(f.get("sources", [])), style, lead, lead_style,
                evidence_lines(f) if evidence else (), note)


def grouped(facts: list[dict]) -> list[dict]:
    """Facts in order, except that facts sharing a conflict label stay together."""
    groups: dict[str, list[dict]] = {}
    order: list[Any] = []
    for f in facts:
        c = f.get("conflict")
        if c:
            if c not in groups:
                groups[c] = []
                order.append(c)
            groups[c].append(f)
        else:
            order.append(f)
    return [f for item in order for f in (groups[item] if isinstance(item, str) else [item])]


def fact_lines(facts: list[dict], refs: Refs, evidence: bool) -> list[Line]:
    return [fact_line(f, refs, evidence) for f in grouped(facts)]


def key_facts(ent: dict) -> list[tuple[str, str, list[dict]]]:
    """(section, short label, facts) for the entry's first screen: the fact marked key, else the first;
    when it is one side of a disagreement, every side of it; of signs that carry urgencies, all the most urgent."""
    kind = schema.KINDS.get(ent["kind"])
    out = []
    for key, label in kind.key if kind else ():
        facts = ent.get(key) or []
        if not facts:
            continue
        chosen = next((f for f in facts if f.get("key")), facts[0])
        if key == schema.SIGN_SECTION and any(f.get("urgency") for f in facts) and not any(f.get("key") for f in facts):
            # the signs to ask about first are the most urgent ones, every one of them (a sign without an
            # urgency of its own has its entry's)
            tier = {id(f): f.get("urgency") or ent.get("urgency") for f in facts}
            ranks = [schema.URGENCY.index(u) for u in tier.values() if u in schema.URGENCY]
            if ranks:
                top = schema.URGENCY[min(ranks)]
                out.append((key, label, [f for f in facts if tier[id(f)] == top]))
                continue
        if chosen.get("conflict"):
            group = [f for f in facts if f.get("conflict") == chosen["conflict"]]
        else:
            group = [chosen]
        out.append((key, label, group))
    return out


def summary_fact(ent: dict) -> dict:
    out = {"text": ent.get("summary", ""), "sources": ent.get("sources", []), "quote": ent.get("quote"),
           "locator": ent.get("locator")}
    if ent.get("_local"):
        out["_local"] = "changed" if ent.get("_summary_changed") else "file" if not ent.get("_overrides") else None
    return out


def used_sources(ent: dict) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(ent.get("sources", []))
    for key, _ in schema.KINDS[ent["kind"]].sections:
        for f in ent.get(key, []):
            seen.update(dict.fromkeys(f["sources"]))
    return list(seen)


def entity_data(ent: dict) -> dict:
    """The one JSON object for an entity."""
    kind = schema.KINDS[ent["kind"]]
    out: dict[str, Any] = {"id": ent["id"], "kind": ent["kind"], "name": ent["name"],
                           "aliases": list(ent.get("aliases", [])), "summary": fact_data(summary_fact(ent))}
    for key, _v, _l in kind.choices:
        if key in ent:
            out[key] = ent[key]
            if key == "urgency":
                out["urgency_meaning"] = schema.URGENCY_MEANING.get(ent[key])
    for key, _l in kind.flags:
        if key in ent:
            out[key] = bool(ent[key])
    out["key_facts"] = [{"section": key, "label": label, "facts": [fact_data(f) for f in facts]}
                        for key, label, facts in key_facts(ent)]
    out["sections"] = {key: {"label": label, "facts": [fact_data(f) for f in ent[key]]}
                       for key, label in kind.sections if ent.get(key)}
    out["refs"] = {key: list(ent[key]) for key, _t, _l in kind.refs if ent.get(key)}
    out["sources"] = used_sources(ent)
    out["reviewed"] = str(ent.get("reviewed", ""))
    out["file"] = ent.get("_path", "")
    out["local"] = bool(ent.get("_local"))
    out["overrides"] = ent.get("_overrides")
    if ent.get("_local"):
        out["local_changes"] = {"summary_changed": bool(ent.get("_summary_changed")),
                                "dropped": dict(ent.get("_dropped") or {}),
                                "kept_signs": int(ent.get("_kept_signs") or 0),
                                "refused": dict(ent.get("_refused") or {})}
    return out


def local_banner(ent: dict) -> str:
    """What local data did to this entry, in one line for stdout ('' for a shipped entry)."""
    if not ent.get("_local"):
        return ""
    if not ent.get("_overrides"):
        return (f"LOCAL ENTRY from {ent.get('_path', '')}: an institution's own file, not part of bonemets' "
                "reviewed content; its quotes and locators were not checked")
    changed = sum(1 for key, _ in schema.KINDS[ent["kind"]].sections for f in ent.get(key, [])
                  if f.get("_local") == "changed")
    parts = [f"LOCAL OVERRIDE from {ent.get('_path', '')} of the shipped entry ({ent['_overrides']}): "
             f"{changed} fact{'s' if changed != 1 else ''} differ{'' if changed != 1 else 's'} from it, marked LOCAL"]
    if ent.get("_summary_changed"):
        parts.append("summary changed")
    dropped = ent.get("_dropped") or {}
    if dropped:
        labels = schema.KINDS[ent["kind"]].labels()
        parts.append("shipped facts it does not carry: " + ", ".join(
            f"{n} in {labels.get(k, k).lower()}" for k, n in dropped.items()))
    if ent.get("_kept_signs"):
        parts.append(f"{ent['_kept_signs']} shipped sign(s) it left out kept")
    refused = ent.get("_refused") or {}
    if refused:
        what = [f"urgency {refused['urgency']}"] if "urgency" in refused else []
        what += ["no red flag"] if "red_flag" in refused else []
        parts.append(f"it cannot lower urgency: its {' and '.join(what)} refused, the shipped value kept")
    return "; ".join(parts)


def urgency_line(ent: dict, short: bool = False) -> Line:
    """'EMERGENCY: ...' with its meaning (or the word alone); a refused local lowering says so."""
    u = ent.get("urgency", "")
    text = (u.upper() if short else f"{u.upper()}: {schema.URGENCY_MEANING.get(u, '')}") if u else ""
    refused = ent.get("_refused") or {}
    if "urgency" in refused:
        text += f" (kept from the shipped entry: a local override would make it {refused['urgency']})"
    return Line(text, style=URGENCY_STYLE.get(u, "strong"))
