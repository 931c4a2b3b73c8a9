"""Numbers typed on the command line: ASCII digits only, exact (Decimal), checked against plausible ranges.

``whole`` and ``decimal`` turn what was typed into a number or raise ``ScoreInputError`` naming the
option; ``check_range`` refuses implausible values and names the likely unit mistake; ``shown`` rounds
for display only (half up), with more decimals when the rounded figure would fall in another band.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bonemets.scores.base import ScoreInputError

_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_NOT_FINITE = {"nan", "inf", "infinity"}


def _typed(raw) -> str:
    if isinstance(raw, bool):
        return str(raw)
    return raw if isinstance(raw, str) else repr(raw) if isinstance(raw, float) else str(raw)


MAX_TYPED = 24  # characters of a typed number: more is no measurement (and int() of 5,000 digits fails)


def _bounded(option: str, text: str) -> str:
    if len(text) > MAX_TYPED:
        raise ScoreInputError(option, f"--{option}: a number of {len(text):,} characters is not a measurement "
                                      f"(at most {MAX_TYPED})")
    return text


def whole(option: str, raw) -> int:
    """A whole number written with ASCII digits 0-9 (no '1_0', no other scripts' digits)."""
    text = _bounded(option, _typed(raw).strip())
    if not _WHOLE.fullmatch(text):
        raise ScoreInputError(option, f"--{option}: {text!r} is not a whole number (digits 0-9 only)")
    return int(text)


def decimal(option: str, raw) -> Decimal:
    """A finite decimal number written with ASCII digits (an exponent is allowed; range checks follow)."""
    text = _bounded(option, _typed(raw).strip())
    if text.lstrip("+-").casefold() in _NOT_FINITE:
        raise ScoreInputError(option, f"--{option}: {text!r} is not a finite number")
    if not _DECIMAL.fullmatch(text):
        raise ScoreInputError(option, f"--{option}: {text!r} is not a number (digits 0-9 and one '.')")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        raise ScoreInputError(option, f"--{option}: {text!r} is not a number") from None
    if not value.is_finite():  # pragma: no cover - idem
        raise ScoreInputError(option, f"--{option}: {text!r} is not a finite number")
    return value


def inside(x, lo, lo_incl: bool, hi, hi_incl: bool) -> bool:
    """x within the bounds; None is an open bound."""
    if lo is not None and (x < lo or (x == lo and not lo_incl)):
        return False
    return hi is None or x < hi or (x == hi and hi_incl)


def plain(x: Decimal) -> str:
    """A Decimal as typed, without exponent or trailing zeros beyond what matters."""
    if x == x.to_integral_value():
        return str(x.quantize(Decimal(1)))
    return format(x.normalize(), "f")


def check_range(option: str, x: Decimal, unit: str, lo, hi, traps=()) -> None:
    """Refuse x outside [lo, hi]. A trap (lo, lo_incl, hi, hi_incl, says), checked first, names the likely
    unit mistake; None is an open bound."""
    if x < 0:
        raise ScoreInputError(option, f"--{option}: a negative value ({plain(x)}) is impossible")
    typed = plain(x) if abs(x) < Decimal("1e9") else f"{x:.3g}"
    for t_lo, t_lo_incl, t_hi, t_hi_incl, says in traps:
        if inside(x, exact(t_lo), t_lo_incl, exact(t_hi), t_hi_incl):
            raise ScoreInputError(option, f"--{option} {typed}: {says}")
    if not Decimal(str(lo)) <= x <= Decimal(str(hi)):
        raise ScoreInputError(option, f"--{option} {typed} {unit} is not a plausible value: give "
                                      f"{plain(Decimal(str(lo)))} to {plain(Decimal(str(hi)))} {unit}")


def exact(v):
    """A bound from a table (int or float, None for open) as an exact Decimal."""
    return None if v is None else Decimal(str(v))


def rounded(x: Decimal, places: int) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def shown(x: Decimal, places: int, band_of) -> Decimal:
    """x rounded half up to ``places`` decimals, or to more when the rounded value would band differently."""
    for p in range(places, places + 6):
        r = rounded(x, p)
        if band_of(r) == band_of(x):
            return r
    return x


def band_of(bands: list, x) -> dict:
    """The band whose bounds hold x (bounds as loaded: lo/hi with inclusivity; None is open)."""
    for b in bands:
        if inside(x, exact(b.get("lo")), b.get("lo_incl", True), exact(b.get("hi")), b.get("hi_incl", True)):
            return b
    raise AssertionError(f"no band holds {x}")  # pragma: no cover - spec checks that bands cover the range
