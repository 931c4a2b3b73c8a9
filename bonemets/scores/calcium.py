"""Albumin-corrected calcium (clinical-anchors §4): the formula is code; the bands come from the
scales in data/scores/calcium.yaml (US convention in mg/dL, UK NHS CKS convention in mmol/L).

Arithmetic is exact (Decimal from the typed digits); the band is read on the unrounded value and the
figure is rounded half up for display only. Implausible values are refused, and a value that looks
like the other unit is refused with the flag to use.
"""
from __future__ import annotations

from decimal import Decimal

from bonemets.scores import numbers
from bonemets.scores.base import Result, ScoreInputError, management, result
from bonemets.scores.engine import blank, read
from bonemets.scores.numbers import band_of

# Input checks, not clinical thresholds: (plausible low, high) and the other unit's range, per unit.
CALCIUM = {
    "mg/dl": ("4.5", "25", [(Decimal("1.5"), True, Decimal("4.5"), True,
                             "looks like mmol/L, not mg/dL: give --units mmol/l (and albumin in g/L, e.g. "
                             "--albumin 35)")]),
    "mmol/l": ("1.0", "6.25", [(Decimal("6.25"), False, Decimal("25"), True,
                                "looks like mg/dL, not mmol/L: give --units mg/dl (and albumin in g/dL, e.g. "
                                "--albumin 3.5)")]),
}
ALBUMIN_UNITS = {"mg/dl": "g/dL", "mmol/l": "g/L"}
FORMULA = {
    "mg/dl": ("corrected Ca (mg/dL) = Ca + 0.8 x (4.0 - albumin g/dL)", Decimal("0.8"), Decimal("4.0")),
    "mmol/l": ("corrected Ca (mmol/L) = Ca + 0.02 x (40 - albumin g/L)", Decimal("0.02"), Decimal("40")),
}


def _albumin(option: str, x: Decimal, units: str) -> None:
    if units == "mg/dl":
        numbers.check_range(option, x, "g/dL", "1.0", "6.0", [
            (Decimal(10), True, Decimal(60), True,
             f"looks like g/L, not g/dL: with --units mg/dl give albumin in g/dL (--albumin {numbers.plain(x / 10)}), "
             "or give calcium in mmol/L with --units mmol/l")])
    else:
        numbers.check_range(option, x, "g/L", "10", "60", [
            (Decimal(1), True, Decimal(6), True,
             f"looks like g/dL, not g/L: with --units mmol/l give albumin in g/L (--albumin {numbers.plain(x * 10)})")])


def compute(ent: dict, inputs: dict, kb) -> Result:
    t = ent["table"]
    items = {i["key"]: i for i in t["items"]}
    units = read(items["units"], inputs.get("units") if not blank(inputs.get("units")) else "mg/dl", kb)[0]
    scales = {s["key"]: s for s in t["scales"]}
    by_unit = {s["unit"]: s["key"] for s in t["scales"]}
    if blank(inputs.get("convention")):
        convention = by_unit[units]
    else:
        convention = read(items["convention"], inputs["convention"], kb)[0]
    scale = scales[convention]
    if scale["unit"] != units:
        raise ScoreInputError("convention", f"--convention {convention}: {scale['label']} is published in "
                                            f"{scale['unit']}; give --units {scale['unit']}, or --convention "
                                            f"{by_unit[units]} for {units}")
    for key in ("calcium", "albumin"):
        if blank(inputs.get(key)):
            raise ScoreInputError(key, f"--{key} is missing")
    ca = numbers.decimal("calcium", inputs["calcium"])
    lo, hi, traps = CALCIUM[units]
    numbers.check_range("calcium", ca, units, lo, hi, traps)
    alb = numbers.decimal("albumin", inputs["albumin"])
    _albumin("albumin", alb, units)
    formula, k, ref = FORMULA[units]
    corrected = ca + k * (ref - alb)
    band = band_of(scale["bands"], corrected)
    display = numbers.shown(corrected, 2, lambda x: band_of(scale["bands"], x)["word"])
    alb_units = ALBUMIN_UNITS[units]
    places = _places(scale["bands"])
    label = f"{scale['label']}: " + "; ".join(_edge(b, places) for b in scale["bands"])
    extra = {"corrected": float(display), "units": units, "albumin_units": alb_units, "convention": label,
             "computed": [["corrected calcium", f"{display:.{max(2, -display.as_tuple().exponent)}f} {units}"]],
             "json": {"corrected": float(display), "units": units, "convention": label}}
    if management(ent, band["word"]):
        extra["management"] = management(ent, band["word"])
    limits = [["Band convention used: " + label, ", ".join(scale["sources"])]]
    return result(ent, {"calcium": float(ca), "albumin": float(alb), "units": units, "convention": convention},
                  {}, {"calcium": f"{numbers.plain(ca)} {units}", "albumin": f"{numbers.plain(alb)} {alb_units}",
                       "convention": scale["label"]},
                  float(display), band, extra=extra, formula=formula, limits=limits)


def _edge(b: dict, places: int) -> str:
    lo = "" if b["lo"] is None else f"{'>=' if b['lo_incl'] else '>'}{b['lo']:.{places}f}"
    hi = "" if b["hi"] is None else f"{'<=' if b['hi_incl'] else '<'}{b['hi']:.{places}f}"
    return f"{b['word']} {' and '.join(x for x in (lo, hi) if x)}"


def _places(bands: list) -> int:
    """Decimals to print the band edges with: as many as the most precise edge (2.65 -> 2, 10.5 -> 1)."""
    edges = [repr(float(x)) for b in bands for x in (b["lo"], b["hi"]) if x is not None]
    return max((len(e.split(".")[1].rstrip("0")) for e in edges), default=0) or 1
