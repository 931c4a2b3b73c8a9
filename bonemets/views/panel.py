"""The prognosis panel as a document: each prognostic score's total, band and published survival side by
side, the inputs each used, what the others need, and where they disagree. Built on score_doc.
"""
from __future__ import annotations

from bonemets.doc import Doc, Fields, Grid, Line, envelope
from bonemets.views.score import score_doc


def panel_doc(kb, given: dict, entries: list[dict], agreement: dict) -> Doc:
    """The prognosis panel: each score's total, band and published survival side by side, and where they differ."""
    from bonemets.scores.panel import OUTLOOK, band_entry

    rows, scores = [], []
    for e in entries:
        r, ent = e["result"], kb.entities[e["score"]]
        if r is None:
            needs = [Line(f"needs {flag}", note=why) for flag, why in e["needs"]]
            rows.append([e["name"], "—", "—", "—", needs])
            scores.append({"score": e["score"], "name": e["name"], "computed": False,
                           "needs": [{"option": f, "why": w} for f, w in e["needs"]], "result": None})
            continue
        band = band_entry(ent, r.band)
        survival = band.get("survival") or f"not a survival prediction: {r.band_meaning}"
        used = []
        for key, value in r.inputs.items():
            typed, how = e["used"].get(key, [None, f"--{key}"])
            if key not in e["used"] and not any(v["key"] == key for v in ent["table"].get("values", [])):
                how = "worked out from the values given"
            shown = f"{key}: {value}" + (f" (typed {typed})" if typed is not None and typed != str(value) else "")
            used.append(Line(shown, note=how))
        rows.append([e["name"], [Line(str(r.total), style="strong")], [Line(r.band, style="strong", note=r.verification)],
                     survival, used])
        scores.append({"score": e["score"], "name": e["name"], "computed": True, "needs": [], "used": e["used"],
                       "result": score_doc(kb, r).data})
    tiers = agreement["tiers"]
    names = {e["score"]: e["name"] for e in entries}
    said = [Line(f"{names[s]}: {OUTLOOK[t]}") for s, t in tiers.items()]
    if agreement["agree"] is None:
        verdict = [Line("Fewer than two survival predictions could be made: nothing to compare.")]
    elif agreement["agree"]:
        verdict = [Line("The scores computed agree on the survival tier.")] + said
    else:
        verdict = [Line("the scores place this patient in different survival tiers.", lead="SOURCES DIFFER: ",
                        lead_style="differ")] + said
    fields: list = [("Where they disagree" if agreement["agree"] is False else "Agreement", verdict)]
    if agreement["not_compared"]:
        fields.append(("Not compared", [Line(f"{names[s]}: its bands are treatment goals, not survival predictions")
                                        for s in agreement["not_compared"]]))
    fields.append(("How tiers are read", "each band's published survival placed as under 6 months, 6 months or "
                                         "more, or 12 months or more; New Katagiri's from its 6-month and 1-year "
                                         "survival rates. Tags: [V] verified, [S] secondary sources."))
    fields.append(("Details", "bonemets score ID --help, or --json for every score's inputs, points, limits and "
                              "citations"))
    data = envelope("prognosis", panel="prognosis", inputs={k: v for k, v in given.items() if v not in (None, "")},
                    scores=scores, agreement=agreement)
    footer = ["Scores restate published criteria; they often disagree and none predicts an individual's survival "
              "reliably. They support, never replace, clinical judgement."]
    return Doc("Prognosis panel: bone metastasis scores side by side",
               [Grid(["Score", "Total", "Band", "Predicted survival (as published)", "Inputs used"], rows),
                Fields(fields)], footer, data)
