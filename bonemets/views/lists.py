"""Several entries: list, compare, the symptom checklist and its summary."""
from __future__ import annotations

from bonemets.doc import Doc, Fields, Grid, Line, envelope
from bonemets.knowledge import schema
from bonemets.knowledge.base import open_command
from bonemets.views.cite import Refs
from bonemets.views.entity import references_block
from bonemets.views.facts import (
    URGENCY_STYLE,
    entity_data,
    fact_data,
    fact_line,
    fact_lines,
    local_banner,
    summary_fact,
    urgency_line,
)


def list_doc(kb, kind: str | None) -> Doc:
    heads = kb.heads(kind)
    rows = [[h.name, f"{h.kind} {h.id}", h.summary] for h in heads]
    title = f"{schema.KINDS[kind].plural.capitalize()} ({len(heads)})" if kind else f"All entries ({len(heads)})"
    entries = [{"id": h.id, "kind": h.kind, "name": h.name, "summary_text": h.summary, "reviewed": h.reviewed,
                "file": h.path, "command": open_command({"kind": h.kind, "id": h.id})} for h in heads]
    return Doc(title, [Grid(["Name", "Kind and id", "Summary"], rows, nowrap=(1,), fold=((1, 2),))],
               ["Open one with: bonemets KIND ID (for example: bonemets cancer prostate)"],
               envelope("list", kind=kind, entries=entries), plain_lines=[h.id for h in heads])


def compare_doc(kb, ents: list[dict], evidence: bool = False) -> Doc:
    kind = schema.KINDS[ents[0]["kind"]]
    refs = Refs(kb)
    rows: list[list] = [["Summary"] + [[fact_line(summary_fact(e), refs, evidence)] for e in ents]]
    if any(e.get("_local") for e in ents):
        rows.insert(0, ["Local data"] + [[Line(local_banner(e), style="differ")] if e.get("_local") else "—"
                                         for e in ents])
    data_rows = []
    fields = [(k, lbl) for k, _v, lbl in kind.choices] + [(k, lbl) for k, lbl in kind.flags] + \
             list(kind.sections) + [(k, lbl) for k, _t, lbl in kind.refs]
    refs_keys = {k for k, _t, _l in kind.refs}
    for key, label in fields:
        values = [e.get(key) for e in ents]
        if not any(values):
            continue
        cells = []
        for e, v in zip(ents, values, strict=True):
            if not v:
                cells.append("—")
            elif key == "urgency":
                cells.append([urgency_line(e)])
            elif key in refs_keys:
                cells.append([Line(kb.entities[r]["name"] if r in kb.entities else r) for r in v])
            elif isinstance(v, list):
                cells.append(fact_lines(v, refs, evidence))
            else:
                cells.append(("yes" if v else "no") if isinstance(v, bool) else str(v))
        rows.append([label] + cells)
        data_rows.append({"attribute": key, "label": label, "values": {e["id"]: _value(e.get(key)) for e in ents}})
    footer = [f"{e['name']}: last reviewed {e.get('reviewed')}  ({e.get('_path')})" for e in ents]
    data = envelope("compare", kind=kind.name, entities=[entity_data(e) for e in ents], rows=data_rows,
                    references=refs.data())
    grid = Grid(["Attribute"] + [e["name"] for e in ents], rows, stack=True)
    return Doc(f"Compare {kind.plural}: " + " / ".join(e["name"] for e in ents), [grid, references_block(refs)],
               footer, data)


def _value(v):
    """A compare cell as JSON: facts in the one fact shape, ids and words as they are."""
    if isinstance(v, list) and v and isinstance(v[0], dict):
        return [fact_data(f) for f in v]
    return v


def _signs(ent: dict, refs: Refs, evidence: bool) -> list[Line]:
    signs = ent.get("signs") or []
    return [fact_line(f, refs, evidence) for f in signs] or [Line("(no signs listed)", style="dim")]


def _first_action(ent: dict, refs: Refs, evidence: bool) -> list[Line]:
    actions = ent.get("action") or []
    if not actions:
        return [Line("—")]
    return [fact_line(actions[0], refs, evidence)]


def symptom_rows(items: list[dict], refs: Refs, evidence: bool) -> list[list]:
    rows = []
    for s in items:
        local = ("LOCAL OVERRIDE" if s.get("_overrides") else "LOCAL ENTRY") if s.get("_local") else ""
        name = Line(s["name"], lead="RED FLAG " if s.get("red_flag") else "", lead_style="flag",
                    note="; ".join(x for x in (s.get("group", ""), local) if x))
        rows.append([[name], _signs(s, refs, evidence), [urgency_line(s, short=True)], _first_action(s, refs, evidence)])
    return rows


def symptoms_doc(kb, groups: list[tuple[str, list[dict]]], title: str, note: str = "",
                 evidence: bool = False) -> Doc:
    """The checklist: per entry the signs to ask about, the urgency and what to do; one grid per group."""
    refs = Refs(kb)
    blocks = []
    for heading, items in groups:
        if items:
            blocks.append(Grid(["Symptom", "Signs to ask about", "Urgency", "What to do"],
                               symptom_rows(items, refs, evidence), heading, fold=((2, 0),)))
    blocks.append(references_block(refs))
    footer = ([note] if note else []) + [f"{u.upper()}: {m}" for u, m in schema.URGENCY_MEANING.items()] + [
        "Urgency and actions restate published guidance (NICE NG234 for spinal cord compression); follow local "
        "pathways and clinical judgement.", "Details: bonemets symptom ID"]
    data = envelope("symptoms", groups=[{"heading": h, "entities": [entity_data(s) for s in items]}
                                        for h, items in groups], note=note or None, references=refs.data())
    return Doc(title, blocks, footer, data)


def check_doc(kb, items: list[dict], answers: dict, unasked: list[dict] | None = None) -> Doc:
    """The checklist summary: red flags present first (urgency, action), then the rest, then what was skipped.

    ``answers`` maps each entry id to {"present": [sign texts], "skipped": [sign texts]} or to "y"/"n".
    ``unasked``: the entries a checklist ended early (finish key, Ctrl-C, end of input) never reached.
    """
    rank = {u: i for i, u in enumerate(schema.URGENCY)}
    present, skipped, absent = [], [], []
    for ent in items:
        a = answers.get(ent["id"])
        if a is None:
            skipped.append((ent, []))
            continue
        signs = a.get("present", []) if isinstance(a, dict) else ([] if a == "n" else ["(marked present)"])
        if signs:
            present.append((ent, signs, _urgency_for(ent, signs)))
        if isinstance(a, dict) and a.get("skipped"):
            skipped.append((ent, a["skipped"]))
        elif not signs:
            absent.append(ent)
    present.sort(key=lambda t: (rank.get(t[2], 9), t[0]["name"].casefold()))
    refs = Refs(kb)
    flags = [t for t in present if t[0].get("red_flag") or t[2] == "emergency"]
    other = [t for t in present if t not in flags]
    blocks = []
    if flags:
        blocks.append(Grid(["Red flag", "Signs present", "Urgency", "What to do"],
                           [[s["name"], [Line(x) for x in signs], [Line(urg.upper(), style=URGENCY_STYLE.get(urg, ""))],
                             fact_lines(s.get("action", []), refs, False)] for s, signs, urg in flags],
                           "Red flags present"))
    if other:
        blocks.append(Grid(["Symptom", "Signs present", "Urgency", "What to do"],
                           [[s["name"], [Line(x) for x in signs], urg, fact_lines(s.get("action", []), refs, False)]
                            for s, signs, urg in other], "Other symptoms present"))
    if not present:
        blocks.append(Fields([("Result", "none of the listed signs was marked present")]))
    if skipped:
        blocks.append(Fields([(s["name"], ", ".join(x) if x else "skipped") for s, x in skipped], "Skipped"))
    if unasked:
        blocks.append(Fields([("Not asked", f"{len(unasked)} entries: " + ", ".join(s["name"] for s in unasked))],
                             "Ended early: not asked"))
    blocks.append(references_block(refs))
    data = envelope("symptoms --check",
                    red_flags=[{"entity": entity_data(s), "signs_present": signs, "urgency": urg}
                               for s, signs, urg in flags],
                    other=[{"entity": entity_data(s), "signs_present": signs, "urgency": urg}
                           for s, signs, urg in other],
                    not_present=[s["id"] for s in absent],
                    skipped=[{"id": s["id"], "signs": x} for s, x in skipped], references=refs.data(),
                    **({"not_asked": [s["id"] for s in unasked]} if unasked is not None else {}))
    footer = ["A checklist summary restates published guidance; it is not a diagnosis. Follow local pathways."]
    return Doc("Symptom check summary", blocks, footer, data)


def _urgency_for(ent: dict, signs: list[str]) -> str:
    """The most urgent of the present signs' own urgencies (a sign without one has its entry's)."""
    rank = {u: i for i, u in enumerate(schema.URGENCY)}
    by_text = {f["text"]: f.get("urgency") for f in ent.get("signs", [])}
    found = [by_text.get(x) or ent.get("urgency", "routine") for x in signs]
    return min(found, key=lambda u: rank.get(u, 9)) if found else ent.get("urgency", "routine")
