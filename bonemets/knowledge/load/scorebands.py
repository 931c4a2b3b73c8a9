"""The bands of a score table: whole-number bands that meet without gap or overlap and cover every
possible total, real-valued scales open at both ends, grades whose choices each name a band. Part of
``spec.py``'s check; ``sp`` is its checker (positions, helpers, and ``broken`` when an item was unreadable).
"""
from __future__ import annotations

from bonemets.knowledge import schema

FORMULAS = {engine: needs for engine, needs in schema.SCORE_ENGINES.items() if needs}
OUTLOOKS = ("under-6-months", "6-months-or-more", "12-months-or-more")
BAND = ("word", "meaning", "from", "to", "above", "below", "survival", "outlook", "dose_mg")


def band_list(sp, node, what: str, *, whole: bool, grade: bool = False) -> list:
    out = []
    for n in sp.seq(node, what):
        m = sp.fields(n, "band", BAND, ("word", "meaning"))
        word = sp.word(m["word"], "band word") if "word" in m else None
        if word is None or "meaning" not in m:
            continue
        if word in {b["word"] for b in out}:
            sp.err(m["word"], f"{what}: band {word!r} is given twice")
            continue
        b = sp.bounds(m, f"band {word!r}", whole=whole)
        if b is None:
            continue
        if grade and (b["lo"] is not None or b["hi"] is not None):
            sp.err(n, f"band {word!r}: a grade's bands take no bounds (each choice names its band)")
        b.update(word=word, meaning=sp.ck.text(m["meaning"], "table: band meaning"), _node=n, _m=m)
        for k in ("survival",):
            if k in m:
                b[k] = sp.ck.text(m[k], f"table: band {k}")
        if "outlook" in m:
            b["outlook"] = sp.ck.text(m["outlook"], "table: band outlook")
            if b["outlook"] not in OUTLOOKS:
                sp.err(m["outlook"], f"band outlook must be one of {', '.join(OUTLOOKS)}")
        if "dose_mg" in m:
            b["dose_mg"] = sp.number(m["dose_mg"], "band dose_mg")
        out.append(b)
    return out


def contiguous(sp, bands: list, what: str, lo, hi, *, whole: bool, step: int = 1) -> None:
    """Bands in order, no gap, no overlap, from lo to hi (None: open, for real-valued scales).

    Whole-number bands meet when the next starts one step after the last ends (KPS goes by 10)."""
    if not bands:
        return
    first, last = bands[0], bands[-1]
    if whole and not sp.broken:
        if first["lo"] != lo:
            sp.err(first["_m"].get("from", first["_node"]), f"{what}: the first band starts at "
                   f"{first['lo']} but the lowest possible total is {lo}")
        if last["hi"] != hi:
            where = "open" if last["hi"] is None else f"at {last['hi']}"
            sp.err(last["_m"].get("to", last["_node"]), f"{what}: the last band ends {where} but the highest "
                   f"possible total is {hi if hi is not None else 'open'}")
    elif not whole:
        if first["lo"] is not None:
            sp.err(first["_node"], f"{what}: the first band must be open below (no from/above)")
        if last["hi"] is not None:
            sp.err(last["_node"], f"{what}: the last band must be open above (no to/below)")
    for a, b in zip(bands, bands[1:]):
        where = b["_m"].get("from", b["_m"].get("above", b["_node"]))
        if a["hi"] is None or b["lo"] is None:
            sp.err(where, f"{what}: only the first band may be open below and only the last open above")
            continue
        if whole:
            gap, overlap = b["lo"] > a["hi"] + step, b["lo"] <= a["hi"]
        else:
            meet = a["hi"] == b["lo"]
            gap = a["hi"] < b["lo"] or (meet and not a["hi_incl"] and not b["lo_incl"])
            overlap = a["hi"] > b["lo"] or (meet and a["hi_incl"] and b["lo_incl"])
        if gap and whole:
            lost = a["hi"] + step
            lost = f"total {lost} is" if lost == b["lo"] - step else f"totals {lost}-{b['lo'] - step} are"
            sp.err(where, f"{what}: gap between {a['word']!r} (up to {a['hi']}) and {b['word']!r} "
                          f"(from {b['lo']}): {lost} in no band")
        elif gap:
            sp.err(where, f"{what}: gap between {a['word']!r} (up to {a['hi']}) and {b['word']!r} "
                          f"(from {b['lo']}): values in between fall in no band")
        elif overlap:
            sp.err(where, f"{what}: {b['word']!r} (from {b['lo']}) overlaps {a['word']!r} (up to {a['hi']})")


def table_bands(sp, m: dict, t: dict) -> None:
    grade = t["engine"] == "grade"
    if "scales" in m:
        sp.err(m["scales"], "scales belong to formula engines; give bands")
    if "bands" not in m:
        sp.err(m.get("items", m["engine"]), "table: missing required key 'bands'")
        return
    bands = band_list(sp, m["bands"], "bands", whole=not grade, grade=grade)
    if grade:
        items = t["items"]
        if len(items) != 1 or "choices" not in items[0]:
            sp.err(m["items"], "a grade takes exactly one item with choices")
        used = {c.get("band") for i in items for c in i.get("choices", [])}
        words = {b["word"] for b in bands}
        for i in items:
            for c in i.get("choices", []):
                if c.get("band") and c["band"] not in words:
                    sp.err(sp.band_nodes[i["key"], c["word"]], f"choice {c['word']!r}: unknown band "
                                                                 f"{c['band']!r}")
        for b in bands:
            if b["word"] not in used:
                sp.err(b["_node"], f"band {b['word']!r}: no choice belongs to it")
    else:
        lo = hi = 0
        for i in t["items"]:
            pts = [c.get("points") for c in i.get("choices", [])] + [s["points"] for s in i.get("spans", [])]
            pts = [p for p in pts if p is not None]
            lo, hi = lo + min(pts, default=0), hi + max(pts, default=0)
        contiguous(sp, bands, "bands", lo, hi, whole=True)
    t["bands"] = [_clean(b) for b in bands]


def formula_checks(sp, m: dict, t: dict) -> None:
    keys = [i["key"] for i in t["items"]]
    for need in FORMULAS[t["engine"]]:
        if need not in keys:
            sp.err(m["items"], f"engine {t['engine']!r} needs an item {need!r}")
    if "bands" in m:
        sp.err(m["bands"], "formula engines take scales (each with its unit and bands), not bands")
    if "scales" not in m:
        sp.err(m["engine"], "table: missing required key 'scales'")
        return
    t["scales"] = []
    for n in sp.seq(m["scales"], "scales"):
        sm = sp.fields(n, "scale", ("key", "label", "unit", "sources", "locator", "bands"),
                         ("key", "label", "unit", "bands"))
        if not {"key", "label", "unit", "bands"} <= set(sm):
            continue
        s = {k: sp.ck.text(sm[k], f"table: scale {k}") for k in ("key", "label", "unit")}
        n_scale = len(t["scales"])
        s["sources"] = sp.ck.texts(sm["sources"], "table: scale sources", key=f"table.scales.{n_scale}.sources") \
            if "sources" in sm else []
        s["locator"] = sp.ck.text(sm["locator"], "table: scale locator") if "locator" in sm else None
        bands = band_list(sp, sm["bands"], f"scale {s['key']!r} bands", whole=False)
        contiguous(sp, bands, f"scale {s['key']!r} bands", None, None, whole=False)
        s["bands"] = [_clean(b) for b in bands]
        t["scales"].append(s)


def _clean(b: dict) -> dict:
    return {k: v for k, v in b.items() if not k.startswith("_")}
