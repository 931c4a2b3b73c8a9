"""Albumin-corrected calcium (clinical-anchors §4), banded by the US convention, named in the output."""
from __future__ import annotations

import math

from bonemets.scores import Result, ScoreInputError

UNITS = ("mg/dl", "mmol/l")

# (upper bound, inclusive?, band). Applied to the corrected value rounded to 2 decimals.
_BANDS = {
    "mg/dl": ((8.5, False, "low"), (10.5, True, "normal"), (12.0, False, "mild"), (14.0, False, "moderate"),
              (math.inf, True, "severe")),
    "mmol/l": ((2.12, False, "low"), (2.62, True, "normal"), (3.0, False, "mild"), (3.5, False, "moderate"),
               (math.inf, True, "severe")),
}
_MEANING = {
    "low": "below the reference range",
    "normal": "within the reference range",
    "mild": "mild hypercalcaemia (US convention)",
    "moderate": "moderate hypercalcaemia (US convention); >= 12 mg/dL (3.0 mmol/L) corrected is the "
                "zoledronic acid label's threshold for hypercalcaemia of malignancy",
    "severe": "severe hypercalcaemia (US convention); StatPearls calls >= 14 mg/dL a hypercalcaemic crisis",
}
CONVENTION = ("US convention (StatPearls; BMJ Best Practice): mg/dL <8.5 low, 8.5-10.5 normal, >10.5-<12 mild, "
              "12-<14 moderate, >=14 severe; mmol/L <2.12 low, 2.12-2.62 normal, >2.62-<3.0 mild, "
              "3.0-<3.5 moderate, >=3.5 severe. The UK (NHS CKS) and CTCAE use other cut-offs.")
MANAGEMENT = (
    ("Endocrine Society 2023: treat hypercalcaemia of malignancy with denosumab or an IV bisphosphonate "
     "(strong recommendation); denosumab is conditionally preferred (low certainty).", "endocrine-2023"),
    ("Severe (Ca > 14 mg/dL): calcitonin combined with an IV bisphosphonate or denosumab as initial "
     "treatment; refractory or recurrent despite an IV bisphosphonate: denosumab.", "endocrine-2023"),
    ("Rehydrate with IV isotonic saline first (zoledronic acid label); glucocorticoids first when "
     "calcitriol-driven (lymphoma, granulomatous disease).", "zometa-label, endocrine-2023"),
)
LIMITS = (
    ("The correction is inaccurate in CKD or ESRD, with a paraprotein (myeloma), in acidosis and at extreme "
     "albumin levels: measure ionised calcium in those cases.", "nhs-cks-calcium"),
    ("Band convention used: " + CONVENTION, "statpearls-hypercalcemia"),
)


def _number(option: str, value, what: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ScoreInputError(option, f"--{option}: {value!r} is not a number") from None
    if not math.isfinite(x):
        raise ScoreInputError(option, f"--{option}: {value!r} is not a finite number")
    if x < 0:
        raise ScoreInputError(option, f"--{option}: a negative {what} is impossible")
    return x


def compute(calcium=None, albumin=None, units: str = "mg/dl") -> Result:
    units = (units or "mg/dl").lower()
    if units not in UNITS:
        raise ScoreInputError("units", f"--units: {units!r} is not one of: {', '.join(UNITS)}")
    if calcium in (None, ""):
        raise ScoreInputError("calcium", "--calcium is missing")
    if albumin in (None, ""):
        raise ScoreInputError("albumin", "--albumin is missing")
    ca = _number("calcium", calcium, "calcium")
    alb = _number("albumin", albumin, "albumin")
    if ca == 0:
        raise ScoreInputError("calcium", "--calcium: a calcium of 0 is impossible")
    if units == "mg/dl":
        if alb > 10:
            raise ScoreInputError("albumin", "--albumin: above 10 g/dL is impossible (with mg/dl, albumin is in g/dL)")
        corrected, formula = ca + 0.8 * (4.0 - alb), "corrected Ca (mg/dL) = Ca + 0.8 x (4.0 - albumin g/dL)"
        alb_units = "g/dL"
    else:
        if alb > 100:
            raise ScoreInputError("albumin", "--albumin: above 100 g/L is impossible (with mmol/l, albumin is in g/L)")
        corrected, formula = ca + 0.02 * (40 - alb), "corrected Ca (mmol/L) = Ca + 0.02 x (40 - albumin g/L)"
        alb_units = "g/L"
    corrected = round(corrected, 2)
    band = next(b for limit, inclusive, b in _BANDS[units] if corrected < limit or (inclusive and corrected == limit))
    extra = {"corrected": corrected, "units": units, "albumin_units": alb_units, "convention": CONVENTION}
    if band in ("moderate", "severe"):
        extra["management"] = [list(m) for m in MANAGEMENT]
    return Result("calcium", "Albumin-corrected calcium", {"calcium": ca, "albumin": alb, "units": units},
                  {}, {"calcium": f"{ca:g} {units}", "albumin": f"{alb:g} {alb_units}"}, corrected, band,
                  _MEANING[band], ["zometa-label", "nhs-cks-calcium", "statpearls-hypercalcemia", "endocrine-2023"],
                  formula, [list(x) for x in LIMITS], extra)
