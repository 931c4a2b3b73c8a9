"""A score as a reference table, as MDCalc shows one: every item with its choices, points and published
meaning, the bands with their meaning, the formula, the verification tag, the limits and the sources."""
from __future__ import annotations

from bonemets.doc import Doc, Fields, Grid, Line, envelope
from bonemets.views.cite import Refs
from bonemets.views.entity import references_block
from bonemets.views.facts import fact_data, fact_lines


def _range(b: dict) -> str:
    """'0-6', '>= 14', '< 8.5' from a band's bounds (lo/hi with their inclusivity; open sides are None)."""
    lo, hi = b.get("lo", b.get("from")), b.get("hi", b.get("to"))
    lo_incl, hi_incl = b.get("lo_incl", True), b.get("hi_incl", True)
    if lo is not None and hi is not None and lo_incl and hi_incl:
        return str(lo) if lo == hi else f"{lo}-{hi}"
    left = "" if lo is None else (f">= {lo}" if lo_incl else f"> {lo}")
    right = "" if hi is None else (f"<= {hi}" if hi_incl else f"< {hi}")
    return " and ".join(x for x in (left, right) if x) or "any"


def score_table_doc(kb, ent: dict) -> Doc:
    from bonemets.scores.base import VERIFICATION_MEANING

    t = ent["table"]
    refs = Refs(kb)
    item_rows, items = [], []
    for it in t.get("items", []):
        label = f"{it.get('label', it['key'])} (--{it['key']})"
        choices = it.get("choices", []) + it.get("spans", [])
        for c in choices:
            word = c.get("word") or _range(c)
            pts = str(c["points"]) if "points" in c else (c.get("band") or "—")
            item_rows.append([label, word, pts, c.get("meaning", "")])
        if not choices and it.get("number"):
            n = it["number"]
            rng = f"{n['min']}-{n['max']}" if n.get("min") is not None and n.get("max") is not None else "a number"
            item_rows.append([label, rng, "—", "a measured value (the formula's input)"])
        items.append({"key": it["key"], "label": it.get("label", ""),
                      "choices": [{k: v for k, v in c.items() if k in ("word", "from", "to", "points", "band", "meaning")}
                                  for c in choices], "number": it.get("number")})
    bands = t.get("bands", [])
    scales = t.get("scales", [])
    band_rows = [[b.get("word", ""), _range(b), b.get("meaning", "")] for b in bands]
    for sc in scales:
        band_rows += [[f"{sc.get('label', '')}: {b.get('word', '')}", f"{_range(b)} {sc.get('unit', '')}".strip(),
                       b.get("meaning", "")] for b in sc.get("bands", [])]
    refs.marks(t.get("sources", []))
    head = [("Formula", t.get("formula", "")),
            ("Verification", [Line(f"{t.get('verification')}: {VERIFICATION_MEANING.get(t.get('verification'), '')}")]),
            ("Sources", [Line(t.get("locator", "") or "", marks=refs.marks(t.get("sources", [])))])]
    if t.get("version"):
        head.append(("Version", t["version"]))
    if ent.get("_local"):
        head.append(("Local data", [Line(f"LOCAL SCORE from {ent.get('_path', '')}: not part of bonemets' "
                                         "reviewed content", style="urgent")]))
    blocks = [Fields(head, t.get("title") or ent["name"])]
    if item_rows:
        blocks.append(Grid(["Item", "Choice", "Points", "Meaning"], item_rows, "Items", nowrap=(1, 2)))
    if band_rows:
        blocks.append(Grid(["Band", "Range", "Meaning"], band_rows, "Bands", nowrap=(1,)))
    if ent.get("limitations"):
        blocks.append(Fields([("Limits", fact_lines(ent["limitations"], refs, False))]))
    blocks.append(references_block(refs))
    data = envelope("score table", score=ent["id"], name=ent["name"], title=t.get("title") or ent["name"],
                    formula=t.get("formula", ""), verification=t.get("verification"), items=items,
                    bands=[{k: v for k, v in b.items() if not k.startswith("_")} for b in bands],
                    scales=[{"key": sc.get("key"), "label": sc.get("label"), "unit": sc.get("unit"),
                             "bands": sc.get("bands", [])} for sc in scales],
                    limitations=[fact_data(f) for f in ent.get("limitations", [])],
                    sources=list(t.get("sources", [])), references=refs.data(), local=bool(ent.get("_local")))
    return Doc(f"{t.get('title') or ent['name']}: the table", blocks,
               [f"Compute it: bonemets score {ent['id']} --help"], data)
