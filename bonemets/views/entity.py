"""One entry: the key facts first, then the sections in clinical order, then the numbered references."""
from __future__ import annotations

from bonemets.doc import Doc, Fields, Line, envelope
from bonemets.knowledge import schema
from bonemets.knowledge.base import open_command
from bonemets.views.cite import Refs
from bonemets.views.facts import (
    entity_data,
    fact_line,
    fact_lines,
    key_facts,
    local_banner,
    summary_fact,
    urgency_line,
)


def ref_lines(kb, ids: list[str]) -> list[Line]:
    out = []
    for r in ids:
        e = kb.entities.get(r)
        out.append(Line(e["name"], note=open_command(e), style="") if e else
                   Line(r, note="not in this knowledge base", style="dim"))
    return out


def provenance(ent: dict, command: str) -> list[str]:
    return [f"Last reviewed: {ent.get('reviewed', 'unknown')}  ({ent.get('_path', '')})",
            f"Check a fact: {command} --evidence (quotes and locators); a source: bonemets sources ID"]


def entity_blocks(kb, ent: dict, refs: Refs, evidence: bool, brief: bool = False) -> list:
    """The Fields blocks of one entry (shared by a lookup and by compare's stacked form); ``brief``: the key
    facts only, one screen."""
    kind = schema.KINDS[ent["kind"]]
    top: list[tuple[str, list]] = []
    banner = local_banner(ent)
    if banner:
        top.append(("Local data", [Line(banner, style="differ")]))
    if ent.get("urgency"):
        top.append(("Urgency", [urgency_line(ent)]))
    if ent.get("red_flag"):
        kept = " (kept from the shipped entry: a local override would remove it)" if \
            "red_flag" in (ent.get("_refused") or {}) else ""
        top.append(("Red flag", [Line("RED FLAG" + kept, style="flag")]))
    top.append(("Summary", [fact_line(summary_fact(ent), refs, evidence)]))
    if ent.get("aliases"):
        top.append(("Also called", ", ".join(ent["aliases"])))
    shown: set[int] = set()
    for _key, label, facts in key_facts(ent):
        top.append((label, [fact_line(f, refs, evidence) for f in facts]))
        shown.update(id(f) for f in facts)
    if brief:
        return [Fields(top, "Key facts")]
    rows: list[tuple[str, list]] = []
    for key, label in kind.sections:
        rest = [f for f in ent.get(key) or [] if id(f) not in shown]
        if rest:
            rows.append((label, fact_lines(rest, refs, evidence)))
    for key, _values, label in kind.choices:
        if key in ent and key != "urgency":
            rows.append((label, str(ent[key])))
    for key, _target, label in kind.refs:
        if ent.get(key):
            rows.append((label, ref_lines(kb, ent[key])))
    used = kb.pathways_using(ent["id"]) if ent["kind"] != "pathway" else []
    if used:
        rows.append(("Pathways that use it", [Line(h.name, note=f"bonemets pathway {h.id}") for h in used]))
    blocks = [Fields(top, "Key facts")]
    if rows:
        blocks.append(Fields(rows, "In detail"))
    return blocks


def references_block(refs: Refs) -> Fields:
    return Fields([("References", refs.lines())], "References")


def entity_doc(kb, ent: dict, evidence: bool = False, brief: bool = False) -> Doc:
    """One entry; ``brief``: the key facts and their references only (the JSON is the whole entry either way)."""
    kind = schema.KINDS[ent["kind"]]
    refs = Refs(kb)
    blocks = entity_blocks(kb, ent, refs, evidence, brief)
    if brief:  # one line a reference: the short citation; 'bonemets sources N' gives the rest
        blocks.append(Fields([("References", [Line(f"[{r['number']}] {r['short']}") for r in refs.data()])],
                             "References"))
    else:
        blocks.append(references_block(refs))
    data = envelope(ent["kind"], entity=entity_data(ent), references=refs.data())
    footer = provenance(ent, open_command(ent))
    if brief:
        footer = [f"Key facts only: everything is in '{open_command(ent)}'; a reference: bonemets sources N"] + footer
    return Doc(f"{ent['name']} — {kind.title.lower()}", blocks, footer, data)


def class_doc(kb, cls: dict, evidence: bool = False, brief: bool = False) -> Doc:
    """A drug class: its members, one line each, with the command that opens each."""
    from bonemets.doc import Grid

    refs = Refs(kb)
    head = Fields([("Summary", [fact_line(summary_fact(cls), refs, evidence)]),
                   ("Also called", ", ".join(cls.get("aliases", [])) or "—")], "Drug class")
    rows = [[m["name"], m.get("summary", ""), open_command(m)] for m in cls["members"]]
    data = envelope(cls["of"], **{"class": {
        "id": cls["id"], "kind": cls["of"], "name": cls["name"], "aliases": cls.get("aliases", []),
        "summary": {k: v for k, v in summary_fact(cls).items() if v},
        "members": [entity_data(m) for m in cls["members"]], "file": cls.get("_path", "")}},
        references=refs.data())
    return Doc(f"{cls['name']} — drug class ({len(cls['members'])} entries)",
               [head, Grid(["Member", "Summary", "Open with"], rows, nowrap=(2,)), references_block(refs)],
               [f"Defined in {cls.get('_path') or 'the vocabulary'}"], data)
