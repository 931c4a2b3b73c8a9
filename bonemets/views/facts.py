"""Facts and entities as the reader sees them (Lines with citation marks) and as JSON (one contract).

A fact in JSON is always ``{text, sources, quote | locator, conflict?, unverified?, note?, key?,
urgency?}`` (``quote`` always a list); an entity is always the object ``entity_data`` builds, whether it
is shown alone, in ``symptoms``, in ``compare`` or in ``search``.
"""
from __future__ import annotations

from typing import Any

from bonemets import schema
from bonemets.cite import Refs
from bonemets.doc import Line

FACT_KEYS = ("text", "sources", "quote", "locator", "conflict", "unverified", "note", "key", "urgency")
URGENCY_STYLE = {"emergency": "emergency", "urgent": "urgent"}


def fact_data(f: dict) -> dict:
    out = {k: f[k] for k in FACT_KEYS if f.get(k) not in (None, [], "")}
    if "quote" in out and isinstance(out["quote"], str):
        out["quote"] = [out["quote"]]
    return out


def evidence_lines(f: dict) -> tuple:
    out = [f"\u201c{q}\u201d" for q in (f.get("quote") or [])]
    if f.get("locator"):
        out.append(f"where: {f['locator']}")
    return tuple(out)


def fact_line(f: dict, refs: Refs, evidence: bool, lead: str = "", lead_style: str = "") -> Line:
    if f.get("conflict"):
        lead, lead_style = f"SOURCES DIFFER ({f['conflict']}): ", "differ"
    if f.get("unverified"):
        lead, lead_style = lead + "UNVERIFIED: ", "unverified"
    tag = refs.tag(f.get("sources", []))
    note = "S: secondary sources only" if tag == "S" and not f.get("unverified") else ""
    if f.get("note"):
        note = f"{note}; {f['note']}" if note else f["note"]
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
    when it is one side of a disagreement, every side of it."""
    kind = schema.KINDS.get(ent["kind"])
    out = []
    for key, label in kind.key if kind else ():
        facts = ent.get(key) or []
        if not facts:
            continue
        chosen = next((f for f in facts if f.get("key")), facts[0])
        if chosen.get("conflict"):
            group = [f for f in facts if f.get("conflict") == chosen["conflict"]]
        else:
            group = [chosen]
        out.append((key, label, group))
    return out


def summary_fact(ent: dict) -> dict:
    return {"text": ent.get("summary", ""), "sources": ent.get("sources", []), "quote": ent.get("quote"),
            "locator": ent.get("locator")}


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
    if ent.get("_shipped_urgency") is not None:
        out["lowers_shipped"] = {"urgency": ent["_shipped_urgency"], "red_flag": ent.get("_shipped_red_flag")}
    return out


def urgency_line(ent: dict, short: bool = False) -> Line:
    """'EMERGENCY: ...' with its meaning (or the word alone); a local override that lowered it says so."""
    u = ent.get("urgency", "")
    text = (u.upper() if short else f"{u.upper()}: {schema.URGENCY_MEANING.get(u, '')}") if u else ""
    if ent.get("_shipped_urgency"):
        text += f" (local override lowers urgency: the shipped entry says {ent['_shipped_urgency']}" + \
                (", a red flag)" if ent.get("_shipped_red_flag") else ")")
    return Line(text, style=URGENCY_STYLE.get(u, "strong"))
