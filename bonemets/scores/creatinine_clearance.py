"""Cockcroft-Gault creatinine clearance for the zoledronic acid (Zometa 4 mg) dose table: the formula is
code, the dose bands come from data/scores/zoledronic-dose.yaml (clinical-anchors §10d).

CrCl (mL/min) = (140 - age) x weight (kg) / (72 x serum creatinine mg/dL), x 0.85 for women; actual body
weight is assumed. Creatinine in umol/L is divided by 88.4. Exact arithmetic; the band is read on the
unrounded clearance, which is shown to one decimal (more only when one decimal would cross a band edge).
"""
from __future__ import annotations

from decimal import Decimal

from bonemets.scores import numbers
from bonemets.scores.base import Result, ScoreInputError, result
from bonemets.scores.engine import blank, read
from bonemets.scores.numbers import band_of

UMOL_PER_MGDL = Decimal("88.4")
# Input checks, not clinical thresholds.
CREATININE = {
    "mg/dl": ("0.2", "25", [(Decimal(25), False, Decimal(2500), True,
                             "looks like umol/L, not mg/dL: give --units umol/l")]),
    "umol/l": ("18", "2200", [(Decimal("0.1"), True, Decimal(18), False,
                               "looks like mg/dL, not umol/L: give --units mg/dl")]),
}


def compute(ent: dict, inputs: dict, kb) -> Result:
    t = ent["table"]
    items = {i["key"]: i for i in t["items"]}
    for key in ("age", "weight", "creatinine", "sex"):
        if blank(inputs.get(key)):
            raise ScoreInputError(key, f"--{key} is missing")
    units = read(items["units"], inputs.get("units") if not blank(inputs.get("units")) else "mg/dl", kb)[0]
    sex = read(items["sex"], inputs["sex"], kb)[0]
    age = numbers.whole("age", inputs["age"])
    if not 18 <= age <= 120:
        raise ScoreInputError("age", f"--age {age}: give an adult's age in years (18 to 120); Cockcroft-Gault "
                                     "was derived in adults")
    weight = numbers.decimal("weight", inputs["weight"])
    numbers.check_range("weight", weight, "kg", "25", "350", [
        (Decimal(350), False, Decimal(800), True, "looks like pounds, not kg: give the weight in kg")])
    scr = numbers.decimal("creatinine", inputs["creatinine"])
    lo, hi, traps = CREATININE[units]
    numbers.check_range("creatinine", scr, units, lo, hi, traps)
    scr_mgdl = scr if units == "mg/dl" else scr / UMOL_PER_MGDL
    crcl = (140 - age) * weight / (72 * scr_mgdl)
    if sex == "female":
        crcl *= Decimal("0.85")
    scale = t["scales"][0]
    band = band_of(scale["bands"], crcl)
    display = numbers.shown(crcl, 1, lambda x: band_of(scale["bands"], x)["word"])
    dose = band.get("dose_mg")
    formula = ("CrCl (mL/min) = (140 - age) x weight (kg) / (72 x serum creatinine mg/dL)"
               + (" x 0.85 (female)" if sex == "female" else "")
               + ("; creatinine umol/L / 88.4 = mg/dL" if units == "umol/l" else ""))
    extra = {"computed": [["creatinine clearance (Cockcroft-Gault)", f"{display} mL/min"],
                          ["dose (Zometa label table)", f"{dose} mg" if dose is not None else "not recommended"]],
             "json": {"crcl": float(display), "dose_mg": dose}}
    given = {"age": age, "weight": float(weight), "creatinine": float(scr), "units": units, "sex": sex}
    meanings = {"age": f"{age} years", "weight": f"{numbers.plain(weight)} kg (actual body weight assumed)",
                "creatinine": f"{numbers.plain(scr)} {units}", "sex": sex}
    return result(ent, given, {}, meanings, float(display), band, extra=extra, formula=formula)
