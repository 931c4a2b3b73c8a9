"""A score result: every input, its points, the total, the band, formula, citation and limits."""
from __future__ import annotations

from typing import Any

from bonemets.doc import Doc, Fields, Grid, Line, envelope


def _ids(s: str) -> list[str]:
    return [x.strip() for x in s.split(",") if x.strip()]


def score_doc(kb, r) -> Doc:
    """A score result: every input, its points, the total, the band, formula, citation and limits."""
    cite = [kb.sources[s]["citation"] if s in kb.sources else s for s in r.sources]
    calcium = r.score == "calcium"
    if calcium:
        rows = [[k, r.meanings[k], "—"] for k in ("calcium", "albumin")]
        rows.append(["corrected calcium", f"{r.extra['corrected']:.2f} {r.extra['units']}", "—"])
        header = ["Item", "Input", "Result"]
    else:
        rows = [[k, f"{r.inputs[k]} ({r.meanings[k]})", str(r.points[k])] for k in r.points]
        rows.append(["total", r.formula.split(";")[0], [Line(str(r.total), style="strong")]])
        header = ["Item", "Input", "Points"]
    fields: list = [("Band", [Line(r.band, style="strong", note=r.band_meaning)]), ("Formula", r.formula)]
    if r.extra.get("version"):
        fields.append(("Version", r.extra["version"]))
    if r.extra.get("management"):
        fields.append(("Published first-line management", [Line(t, note=s) for t, s in r.extra["management"]]))
    fields.append(("Limits", [Line(t, note=s) for t, s in r.limits]))
    fields.append(("Citation", [Line(c, note=s) for c, s in zip(cite, r.sources, strict=False)]))
    data: dict[str, Any] = envelope("score", score=r.score, name=r.name, inputs=r.inputs, points=r.points)
    if calcium:
        data.update(corrected=r.extra["corrected"], units=r.extra["units"], convention=r.extra["convention"])
    else:
        data["total"] = int(r.total)
    data.update(band=r.band, band_meaning=r.band_meaning, formula=r.formula, citation=cite, sources=list(r.sources),
                limitations=[{"text": t, "sources": _ids(s)} for t, s in r.limits])
    for key in ("version", "management"):
        if key in r.extra:
            data[key] = r.extra[key] if key == "version" else [{"text": t, "sources": _ids(s)} for t, s in r.extra[key]]
    footer = ["Results restate published criteria to support clinical judgement; they are not instructions."]
    return Doc(r.name, [Grid(header, rows), Fields(fields)], footer, data)


