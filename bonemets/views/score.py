"""A score result: every input, its points, the total, the band, the verification tag of its table, formula,
notes, citation and limits; and the prognosis panel that sets the prognostic scores side by side."""
from __future__ import annotations

from typing import Any

from bonemets.doc import Doc, Fields, Grid, Line, envelope


def _ids(s: str) -> list[str]:
    return [x.strip() for x in s.split(",") if x.strip()]


def _input_cell(r, key: str) -> str:
    """A chosen item as 'input (what it means)'; a measured value or a formula's input as it reads."""
    if key in r.points or r.total is None:
        return f"{r.inputs[key]} ({r.meanings[key]})"
    return r.meanings[key]


def _verification(r) -> list:
    from bonemets.scores.base import VERIFICATION_MEANING

    lines = [Line(f"{r.verification}: {VERIFICATION_MEANING.get(r.verification, '')}")]
    if r.local:
        lines.append(Line(f"LOCAL SCORE from {r.path}: an institution's own table, not part of bonemets' reviewed "
                          "content", style="urgent"))
    return lines


def score_doc(kb, r) -> Doc:
    """A score result, as a table of inputs and points and the fields that say what it means."""
    cite = [kb.sources[s]["citation"] if s in kb.sources else s for s in r.sources]
    if r.points:
        rows = [[k, _input_cell(r, k), str(r.points[k]) if k in r.points else "—"] for k in r.meanings]
        rows.append(["total", r.formula.split(";")[0], [Line(str(r.total), style="strong")]])
        header = ["Item", "Input", "Points"]
    else:
        rows = [[k, _input_cell(r, k), "—"] for k in r.meanings]
        rows += [[label, "(computed)", [Line(str(value), style="strong")]] for label, value in r.extra.get("computed", [])]
        header = ["Item", "Input", "Result"]
    fields: list = [("Band", [Line(r.band, style="strong", note=r.band_meaning)]),
                    ("Verification", _verification(r)), ("Formula", r.formula)]
    if r.extra.get("version"):
        fields.append(("Version", r.extra["version"]))
    if r.notes:
        fields.append(("Notes", [Line(t, note=s) for t, s in r.notes]))
    if r.extra.get("management"):
        fields.append(("Published first-line management", [Line(t, note=s) for t, s in r.extra["management"]]))
    fields.append(("Limits", [Line(t, note=s) for t, s in r.limits]))
    fields.append(("Citation", [Line(c, note=s) for c, s in zip(cite, r.sources, strict=False)]))
    data: dict[str, Any] = envelope("score", score=r.score, name=r.name, inputs=r.inputs, points=r.points)
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
