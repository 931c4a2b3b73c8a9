"""Search results and the bibliography."""
from __future__ import annotations

import re

from bonemets.doc import Doc, Fields, Grid, Line, envelope
from bonemets.knowledge import schema
from bonemets.knowledge.base import open_command
from bonemets.knowledge.schema import VERIFICATION_WORDS
from bonemets.views.cite import Refs, identifiers, short_citation
from bonemets.views.entity import references_block
from bonemets.views.facts import entity_data, fact_data, fact_line, summary_fact


def fact_of(kb, f) -> dict:
    """The fact a search row stands for, as the entry holds it (sources, quote or locator, grade)."""
    ent = kb.entities[f.entity]
    if f.section in ("summary", "name"):
        return summary_fact(ent)
    if f.section == "table":
        t = ent.get("table") or {}
        return {"text": f.text, "sources": t.get("sources", []), "locator": t.get("locator")}
    facts = ent.get(f.section) or []
    return facts[f.n] if f.n < len(facts) else {"text": f.text, "sources": []}


def _section_label(kb, f) -> str:
    if f.section in ("summary", "name"):
        return "summary"
    if f.section == "table":
        return "score table"
    kind = schema.KINDS.get(f.kind)
    return (kind.labels().get(f.section, f.section) if kind else f.section).lower()


def search_doc(kb, query: str, result) -> Doc:
    from bonemets.knowledge.search import plain_snippet

    refs = Refs(kb)
    hits = result.hits
    answers = []
    for f in result.answers:
        fact = fact_of(kb, f)
        answers.append([[fact_line(fact, refs, False)],
                        [Line(f"{f.name} ({_section_label(kb, f)})"), Line(_answer_open(f), style="command")]])
    rows = [[h.name, h.kind, [Line(h.snippet, style="snippet", note=h.field)], _open(h.kind, h.id)] for h in hits]
    results = []
    for n, h in enumerate(hits, 1):
        matched = [dict(fact_data(fact_of(kb, f)), section=f.section, covers=list(f.covered)) for f in h.facts]
        results.append({"rank": n, "relevance": h.relevance, "field": h.field, "snippet": plain_snippet(h.snippet),
                        "command": _open(h.kind, h.id), "facts": matched, "entity": entity_data(kb.entities[h.id])})
    footer = [f"Searched for {used!r} instead of {typed!r} (no entry uses {typed!r})"
              for typed, used in result.corrections]
    footer += [f"Nothing matches {w!r}" for w in result.unknown]
    if result.partial:
        footer.append("No fact has every word: the facts with the most of them are shown first")
    if result.ignored:
        footer.append("Left out as question words: " + ", ".join(result.ignored))
    data = envelope("search", query=query, corrections=[{"typed": t, "used": u} for t, u in result.corrections],
                    partial=result.partial, terms=list(result.terms), ignored=list(result.ignored),
                    unmatched=list(result.unknown),
                    answers=[dict(fact_data(fact_of(kb, f)), entity=f.entity, kind=f.kind, section=f.section,
                                  command=_answer_open(f), covers=list(f.covered)) for f in result.answers],
                    results=results, references=refs.data())
    blocks = []
    if answers:
        blocks.append(Grid(["Answer", "From"], answers, "Best answers", nowrap=(), fold=((1, 0),)))
    blocks.append(Grid(["Match", "Kind", "Snippet", "Open with"], rows, "Entries", nowrap=(1, 3), fold=((1, 0), (3, 2))))
    blocks.append(references_block(refs))
    return Doc(f"Search: {query} ({len(hits)} found)", blocks, footer, data)


def _answer_open(f) -> str:
    """A score's table rows open as the table; any other fact as its entry."""
    return f"bonemets score {f.entity} --table" if f.section == "table" else _open(f.kind, f.entity)


def _open(kind: str, ent_id: str) -> str:
    return open_command({"kind": kind, "id": ent_id})


# --- sources --------------------------------------------------------------------------------------------


def readable_via(kb, via: str) -> str:
    """'seed 003 (patient-advocacy page ...), reference 5' instead of internal file names."""
    names = {}
    for sid in kb.sources:
        src = kb.sources[sid]
        if src.get("verification") == "seed" and src.get("seed"):
            names[src["seed"]] = src.get("short") or sid
    out = via
    for fname, short in names.items():
        out = re.sub(re.escape(fname) + r" \(reference (\d+)\)", lambda m, s=short: f"{s}, reference {m.group(1)}", out)
        out = out.replace(fname, short)
    out = re.sub(r"clinical-anchors\.md", "the project's reference notes (clinical anchors)", out)
    out = re.sub(r"content-audit\.md", "the project's content audit", out)
    out = out.replace("search: ", "found at: ")
    return re.sub(r"\b\d{3}_[0-9a-f]{16}\.txt\b", "a seed document", out)


def source_data(kb, src: dict) -> dict:
    d = {k: v for k, v in src.items() if not k.startswith("_") and k not in ("via", "seed")}
    d["short"] = short_citation(src)
    d["came_through"] = readable_via(kb, src.get("via", ""))
    d["verification_meaning"] = VERIFICATION_WORDS.get(src.get("verification", ""), "")
    d["local"] = bool(src.get("_local"))
    d["cited_by"] = [{"id": h.id, "kind": h.kind, "name": h.name} for h in kb.citing(src["id"])]
    return d


def sources_doc(kb, src: dict | None) -> Doc:
    if src is None:
        items = [kb.sources[sid] for sid in sorted(kb.sources)]
        rows = [[s["id"], short_citation(s), s.get("verification", "")] for s in items]
        reviewed = [f"Sources file last reviewed: {date}  ({path})" for path, date in kb.source_reviewed.items()]
        tags = [f"{t}: {w}" for t, w in VERIFICATION_WORDS.items()]
        return Doc(f"Sources ({len(items)})", [Grid(["Id", "Citation", "Tag"], rows, nowrap=(0, 2)),
                                               Fields([("Tags", [Line(t) for t in tags])])],
                   ["One source in full, with what cites it: bonemets sources ID", *reviewed],
                   envelope("sources", sources=[source_data(kb, s) for s in items]))
    d = source_data(kb, src)
    rows: list = [("Citation", src["citation"])]
    ids = identifiers(src)
    for key, label in (("doi", "DOI"), ("pmid", "PMID"), ("url", "URL")):
        if src.get(key):
            rows.append((label, src[key]))
    if d["came_through"]:
        rows.append(("Came through", d["came_through"]))
    if src.get("verification"):
        rows.append(("Verification", [Line(f"{src['verification']}: {d['verification_meaning']}")]))
    if src.get("note"):
        rows.append(("Note", src["note"]))
    rows.append(("Cited by", [Line(c["name"], note=_open(c["kind"], c["id"])) for c in d["cited_by"]] or "nothing yet"))
    reviewed = kb.source_reviewed.get(src.get("_path", ""))
    footer = [f"Sources file last reviewed: {reviewed}  ({src.get('_path')})"] if reviewed else []
    del ids
    return Doc(f"Source {src['id']}: {d['short']}", [Fields(rows)], footer, envelope("sources", source=d))
