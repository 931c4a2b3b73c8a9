"""Turn knowledge into documents: one ``Doc`` per command, rendered by any of bonemets.render.

A Doc carries both what a person reads (title, blocks, footer) and ``data``, the JSON payload
with the same content, so the table, the plain lines and the JSON never drift apart.
"""
from __future__ import annotations

from typing import Any, NamedTuple, Union

from bonemets import schema
from bonemets.knowledge import KnowledgeBase, open_command

Line = tuple  # (text, meta): meta is shown dimmed in tables and in [brackets] in plain output
Cell = Union[str, list]  # a string, or a list of Lines


class Fields(NamedTuple):
    """Label/value rows, one record."""

    rows: list[tuple[str, Cell]]
    title: str = ""


class Grid(NamedTuple):
    """A table with a header; in plain output each row becomes a record of ``header: value`` lines."""

    header: list[str]
    rows: list[list[Cell]]
    title: str = ""


class Doc(NamedTuple):
    title: str
    blocks: list = ()
    footer: list = ()
    data: Any = None
    plain_lines: list[str] | None = None  # when set, plain output is exactly these lines


# --- facts -------------------------------------------------------------------------------------------


def fact_lines(facts: list[dict]) -> list[Line]:
    """Facts as display lines; facts that share a conflict label stay together and say so."""
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
    out: list[Line] = []
    for item in order:
        for f in groups[item] if isinstance(item, str) else [item]:
            text = f["text"]
            if f.get("conflict"):
                text = f"SOURCES DIFFER ({f['conflict']}): {text}"
            if f.get("unverified") and not text.startswith("UNVERIFIED"):
                text = f"UNVERIFIED: {text}"
            meta = ", ".join(f["sources"])
            if f.get("note"):
                meta += f"; {f['note']}"
            out.append((text, meta))
    return out


def fact_data(facts: list[dict]) -> list[dict]:
    keep = ("text", "sources", "conflict", "unverified", "note")
    return [{k: f[k] for k in keep if k in f} for f in facts]


def used_sources(ent: dict) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(ent.get("sources", []))
    for key, _ in schema.KINDS[ent["kind"]].sections:
        for f in ent.get(key, []):
            seen.update(dict.fromkeys(f["sources"]))
    return list(seen)


def _ref_lines(kb: KnowledgeBase, refs: list[str]) -> list[Line]:
    out = []
    for r in refs:
        e = kb.entities.get(r)
        out.append((e["name"], open_command(e)) if e else (r, "not in this knowledge base"))
    return out


def _provenance(ent: dict) -> list[str]:
    lines = [f"Sources: {', '.join(used_sources(ent))}  (details: bonemets sources ID)",
             f"Last reviewed: {ent.get('reviewed', 'unknown')}  ({ent['_path']})"]
    if ent.get("_overrides"):
        lines.append(f"Local file {ent['_path']} overrides the shipped entry {ent['_overrides']}")
    return lines


# --- one entity --------------------------------------------------------------------------------------


def entity_rows(kb: KnowledgeBase, ent: dict) -> list[tuple[str, str, Cell]]:
    """(key, label, cell) for every attribute the entity has, in the kind's display order."""
    kind = schema.KINDS[ent["kind"]]
    rows: list[tuple[str, str, Cell]] = []
    for key, _values, label in kind.choices:
        if key in ent:
            meaning = schema.URGENCY_MEANING.get(ent[key], "") if key == "urgency" else ""
            rows.append((key, label, [(ent[key], meaning)] if meaning else ent[key]))
    for key, label in kind.flags:
        if key in ent:
            rows.append((key, label, "yes" if ent[key] else "no"))
    for key, label in kind.sections:
        if ent.get(key):
            rows.append((key, label, fact_lines(ent[key])))
    for key, _target, label in kind.refs:
        if ent.get(key):
            rows.append((key, label, _ref_lines(kb, ent[key])))
    return rows


def entity_data(ent: dict) -> dict:
    kind = schema.KINDS[ent["kind"]]
    out: dict[str, Any] = {"id": ent["id"], "kind": ent["kind"], "name": ent["name"],
                           "aliases": ent.get("aliases", []), "summary": ent.get("summary", ""),
                           "summary_sources": ent.get("sources", [])}
    for key, _v, _l in kind.choices:
        if key in ent:
            out[key] = ent[key]
    for key, _l in kind.flags:
        if key in ent:
            out[key] = ent[key]
    out["sections"] = {key: {"label": label, "facts": fact_data(ent[key])}
                       for key, label in kind.sections if ent.get(key)}
    out["refs"] = {key: list(ent[key]) for key, _t, _l in kind.refs if ent.get(key)}
    out["sources"] = used_sources(ent)
    out["reviewed"] = ent.get("reviewed")
    out["file"] = ent["_path"]
    out["overrides"] = ent.get("_overrides")
    return out


def entity_doc(kb: KnowledgeBase, ent: dict) -> Doc:
    kind = schema.KINDS[ent["kind"]]
    rows: list[tuple[str, Cell]] = [("Summary", [(ent["summary"], ", ".join(ent.get("sources", [])))])]
    if ent.get("aliases"):
        rows.append(("Also called", ", ".join(ent["aliases"])))
    rows += [(label, cell) for _k, label, cell in entity_rows(kb, ent)]
    return Doc(f"{ent['name']} — {kind.title.lower()}", [Fields(rows)], _provenance(ent), entity_data(ent))


# --- several entities --------------------------------------------------------------------------------


def list_doc(kb: KnowledgeBase, kind: str | None) -> Doc:
    ents = kb.of_kind(kind)
    rows = [[e["name"], e["kind"], e["id"], e.get("summary", "")] for e in ents]
    title = f"{schema.KINDS[kind].plural.capitalize()} ({len(ents)})" if kind else f"All entries ({len(ents)})"
    data = [{"id": e["id"], "kind": e["kind"], "name": e["name"], "summary": e.get("summary", ""),
             "reviewed": e.get("reviewed")} for e in ents]
    return Doc(title, [Grid(["Name", "Kind", "Id", "Summary"], rows)],
               ["Open one with: bonemets KIND ID (for example: bonemets cancer prostate)"], data,
               plain_lines=[e["id"] for e in ents])


def compare_doc(kb: KnowledgeBase, ents: list[dict]) -> Doc:
    per = [{key: (label, cell) for key, label, cell in entity_rows(kb, e)} for e in ents]
    kind = schema.KINDS[ents[0]["kind"]]
    order = [k for k, _v, _l in kind.choices] + [k for k, _l in kind.flags] + \
            [k for k, _l in kind.sections] + [k for k, _t, _l in kind.refs]
    rows: list[list[Cell]] = [["Summary"] + [[(e["summary"], ", ".join(e.get("sources", [])))] for e in ents]]
    data_rows = []
    for key in order:
        present = [p.get(key) for p in per]
        if not any(present):
            continue
        label = next(p[0] for p in present if p)
        rows.append([label] + [p[1] if p else "—" for p in present])
        data_rows.append({"attribute": key, "label": label,
                          "values": {e["id"]: _raw(e, key) for e in ents}})
    footer = [f"{e['name']}: sources {', '.join(used_sources(e))}; last reviewed {e.get('reviewed')}"
              for e in ents]
    data = {"kind": kind.name, "entities": [e["id"] for e in ents], "rows": data_rows,
            "reviewed": {e["id"]: e.get("reviewed") for e in ents}}
    return Doc(f"Compare {kind.plural}: " + " / ".join(e["name"] for e in ents),
               [Grid(["Attribute"] + [e["name"] for e in ents], rows)], footer, data)


def _raw(ent: dict, key: str) -> Any:
    v = ent.get(key)
    if isinstance(v, list) and v and isinstance(v[0], dict):
        return fact_data(v)
    return v


def symptoms_doc(kb: KnowledgeBase, items: list[dict], title: str) -> Doc:
    rows = []
    for s in items:
        urgency = s.get("urgency", "")
        rows.append([[(s["name"], "RED FLAG" if s.get("red_flag") else s.get("group", ""))],
                     fact_lines(s.get("meaning", [])),
                     [(urgency, schema.URGENCY_MEANING.get(urgency, ""))],
                     fact_lines(s.get("action", []))])
    data = [{"id": s["id"], "name": s["name"], "group": s.get("group"), "urgency": s.get("urgency"),
             "urgency_meaning": schema.URGENCY_MEANING.get(s.get("urgency", "")),
             "red_flag": bool(s.get("red_flag")), "meaning": fact_data(s.get("meaning", [])),
             "action": fact_data(s.get("action", [])), "reviewed": s.get("reviewed")} for s in items]
    footer = ["Urgency and actions restate published guidance; follow local pathways and clinical judgement.",
              "Details: bonemets symptom ID"]
    return Doc(title, [Grid(["Symptom", "What it may mean", "Urgency", "What to do"], rows)], footer, data)


def search_doc(query: str, hits: list[dict]) -> Doc:
    rows = [[h["entity"]["name"], h["entity"]["kind"], [(h["snippet"], h["field"])], open_command(h["entity"])]
            for h in hits]
    data = [{"id": h["entity"]["id"], "kind": h["entity"]["kind"], "name": h["entity"]["name"],
             "score": h["score"], "field": h["field"], "snippet": h["snippet"],
             "command": open_command(h["entity"])} for h in hits]
    return Doc(f"Search: {query} ({len(hits)} found)", [Grid(["Match", "Kind", "Snippet", "Open with"], rows)],
               [], data)


def sources_doc(kb: KnowledgeBase, src: dict | None) -> Doc:
    if src is None:
        items = sorted(kb.sources.values(), key=lambda s: s["id"])
        rows = [[s["id"], s["citation"], s.get("via", "")] for s in items]
        data = [_src_data(s, kb) for s in items]
        reviewed = [f"Sources file last reviewed: {date}  ({path})" for path, date in kb.source_reviewed.items()]
        return Doc(f"Sources ({len(items)})", [Grid(["Id", "Citation", "Came through"], rows)],
                   ["One source in full: bonemets sources ID", *reviewed], data)
    d = _src_data(src, kb)
    rows: list[tuple[str, Cell]] = [("Citation", src["citation"])]
    for key, label in (("doi", "DOI"), ("pmid", "PMID"), ("url", "URL"), ("via", "Came through"),
                       ("verification", "Verification"), ("note", "Note")):
        if src.get(key):
            rows.append((label, src[key]))
    rows.append(("Cited by", [(e["name"], open_command(e)) for e in _citing(kb, src["id"])] or "nothing yet"))
    reviewed = kb.source_reviewed.get(src.get("_path", ""))
    return Doc(f"Source {src['id']}", [Fields(rows)],
               [f"Sources file last reviewed: {reviewed}  ({src.get('_path')})"] if reviewed else [], d)


def _citing(kb: KnowledgeBase, sid: str) -> list[dict]:
    return [e for e in kb.of_kind() if sid in used_sources(e)]


def _src_data(src: dict, kb: KnowledgeBase) -> dict:
    d = {k: v for k, v in src.items() if not k.startswith("_")}
    d["cited_by"] = [e["id"] for e in _citing(kb, src["id"])]
    return d


# --- scores ------------------------------------------------------------------------------------------


def _ids(s: str) -> list[str]:
    return [x.strip() for x in s.split(",") if x.strip()]


def _input_cell(r, key: str) -> str:
    """A chosen item as 'input (what it means)'; a measured value or a formula's input as it reads."""
    if key in r.points or r.total is None:
        return f"{r.inputs[key]} ({r.meanings[key]})"
    return r.meanings[key]


def _verification(r) -> Cell:
    from bonemets.scores.base import VERIFICATION_MEANING

    lines = [(f"{r.verification}: {VERIFICATION_MEANING.get(r.verification, '')}", "")]
    if r.local:
        lines.append((f"LOCAL SCORE from {r.path}: an institution's own table, not part of bonemets' reviewed "
                      "content", ""))
    return lines


def score_doc(kb: KnowledgeBase, r) -> Doc:
    """A score result: every input, its points, the total, the band, formula, citation, limits and tag."""
    cite = [kb.sources[s]["citation"] if s in kb.sources else s for s in r.sources]
    if r.points:
        rows = [[k, _input_cell(r, k), str(r.points[k]) if k in r.points else "—"] for k in r.meanings]
        rows.append(["total", r.formula.split(";")[0], str(r.total)])
        header = ["Item", "Input", "Points"]
    else:
        rows = [[k, _input_cell(r, k), "—"] for k in r.meanings]
        rows += [[label, "(computed)", value] for label, value in r.extra.get("computed", [])]
        header = ["Item", "Input", "Result"]
    fields: list[tuple[str, Cell]] = [("Band", [(r.band, r.band_meaning)]), ("Verification", _verification(r)),
                                      ("Formula", r.formula)]
    if r.extra.get("version"):
        fields.append(("Version", r.extra["version"]))
    if r.notes:
        fields.append(("Notes", [(t, s) for t, s in r.notes]))
    if r.extra.get("management"):
        fields.append(("Published first-line management", [(t, s) for t, s in r.extra["management"]]))
    fields.append(("Limits", [(t, s) for t, s in r.limits]))
    fields.append(("Citation", [(c, s) for c, s in zip(cite, r.sources, strict=False)]))
    data: dict[str, Any] = {"score": r.score, "name": r.name, "inputs": r.inputs, "points": r.points}
    data.update(r.extra.get("json", {}))
    data.update(total=r.total, band=r.band, band_meaning=r.band_meaning, formula=r.formula, citation=cite,
                sources=list(r.sources), verification=r.verification, local=r.local,
                limitations=[{"text": t, "sources": _ids(s)} for t, s in r.limits],
                notes=[{"text": t, "sources": _ids(s)} for t, s in r.notes])
    for key in ("version", "management"):
        if key in r.extra:
            data[key] = r.extra[key] if key == "version" else [{"text": t, "sources": _ids(s)} for t, s in r.extra[key]]
    footer = ["Results restate published criteria to support clinical judgement; they are not instructions."]
    return Doc(r.name, [Grid(header, rows), Fields(fields)], footer, data)


def check_doc(kb: KnowledgeBase, items: list[dict], answers: dict) -> Doc:
    """The checklist summary: red flags present first with urgency and action, then the rest."""
    present = [i for i in items if answers.get(i["id"]) == "y"]
    flags = [i for i in present if i.get("red_flag")]
    other = [i for i in present if not i.get("red_flag")]
    blocks = []
    if flags:
        blocks.append(Grid(["Red flag", "Urgency", "What to do"],
                           [[i["name"], [(i["urgency"], schema.URGENCY_MEANING[i["urgency"]])],
                             fact_lines(i.get("action", []))] for i in flags], "Red flags present"))
    if other:
        blocks.append(Grid(["Symptom", "What it may mean", "Urgency", "What to do"],
                           [[i["name"], fact_lines(i.get("meaning", [])), i.get("urgency", ""),
                             fact_lines(i.get("action", []))] for i in other], "Other symptoms present"))
    if not present:
        blocks.append(Fields([("Result", "none of the listed symptoms was marked present")]))
    data = {"red_flags": [_sym(i) for i in flags], "other": [_sym(i) for i in other],
            "not_present": [i["id"] for i in items if answers.get(i["id"]) == "n"],
            "skipped": [i["id"] for i in items if answers.get(i["id"]) is None]}
    footer = ["A checklist summary restates published guidance; it is not a diagnosis. Follow local pathways."]
    return Doc("Symptom check summary", blocks, footer, data)


def _sym(i: dict) -> dict:
    return {"id": i["id"], "name": i["name"], "urgency": i.get("urgency"), "red_flag": bool(i.get("red_flag")),
            "meaning": fact_data(i.get("meaning", [])), "action": fact_data(i.get("action", []))}
