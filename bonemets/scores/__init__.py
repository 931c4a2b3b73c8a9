"""Bedside scores as pure functions: no I/O, no printing; each result names its sources by id.

``compute(score_id, inputs)`` returns a ``Result``; ``ScoreInputError`` says which input is wrong
and what is allowed. The point tables live in ``tables.py``, the calcium formula in ``calcium.py``.
"""
from __future__ import annotations

from typing import NamedTuple

from bonemets.text import slug


class ScoreInputError(ValueError):
    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option
        self.message = message


class Choice(NamedTuple):
    word: str
    points: int
    meaning: str
    synonyms: tuple[str, ...] = ()


class Span(NamedTuple):
    lo: int
    hi: int | None  # None: no upper bound
    points: int
    meaning: str


class Item(NamedTuple):
    key: str  # the option name without dashes
    label: str
    choices: tuple[Choice, ...] = ()
    spans: tuple[Span, ...] = ()  # for counts and percentages
    step: int = 1  # numbers must be multiples of this
    minimum: int = 0
    maximum: int | None = None
    help: str = ""

    def words(self) -> list[str]:
        return [c.word for c in self.choices]

    def score(self, raw) -> tuple[str | int, int, str]:
        """(normalised input, points, what the input means) or ScoreInputError."""
        if self.choices:
            key = slug(str(raw))
            for c in self.choices:
                if key == c.word or key in c.synonyms:
                    return c.word, c.points, c.meaning
            raise ScoreInputError(self.key, f"--{self.key}: {str(raw)!r} is not one of: {', '.join(self.words())}")
        try:
            n = int(str(raw).strip())
        except ValueError:
            raise ScoreInputError(self.key, f"--{self.key}: {str(raw)!r} is not a whole number") from None
        if n < self.minimum or (self.maximum is not None and n > self.maximum):
            rng = f"{self.minimum} to {self.maximum}" if self.maximum is not None else f"{self.minimum} or more"
            raise ScoreInputError(self.key, f"--{self.key}: {n} is impossible here; give {rng}")
        if n % self.step:
            raise ScoreInputError(self.key, f"--{self.key}: {n} is not a multiple of {self.step}")
        for s in self.spans:
            if n >= s.lo and (s.hi is None or n <= s.hi):
                return n, s.points, s.meaning
        raise ScoreInputError(self.key, f"--{self.key}: {n} is outside the table")  # pragma: no cover


class Band(NamedTuple):
    lo: float
    hi: float | None
    word: str
    meaning: str


class Score(NamedTuple):
    id: str
    name: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    sources: tuple[str, ...]  # the first is the primary citation
    formula: str
    limits: tuple[tuple[str, str], ...]  # (text, source ids)
    version: str = ""

    def band(self, total: float) -> Band:
        for b in self.bands:
            if total >= b.lo and (b.hi is None or total <= b.hi):
                return b
        raise AssertionError(f"{self.id}: no band for {total}")  # pragma: no cover


class Result(NamedTuple):
    score: str
    name: str
    inputs: dict
    points: dict
    meanings: dict
    total: float
    band: str
    band_meaning: str
    sources: list
    formula: str
    limits: list
    extra: dict


def compute(score_id: str, inputs: dict) -> Result:
    from bonemets.scores import calcium, tables

    if score_id == "calcium":
        return calcium.compute(**inputs)
    sc = tables.SCORES[score_id]
    missing = [i.key for i in sc.items if inputs.get(i.key) in (None, "")]
    if missing:
        raise ScoreInputError(missing[0], f"--{missing[0]} is missing")
    given, points, meanings = {}, {}, {}
    for item in sc.items:
        given[item.key], points[item.key], meanings[item.key] = item.score(inputs[item.key])
    total = sum(points.values())
    band = sc.band(total)
    return Result(sc.id, sc.name, given, points, meanings, total, band.word, band.meaning, list(sc.sources),
                  sc.formula, [list(x) for x in sc.limits], {"version": sc.version} if sc.version else {})


def score_ids() -> list[str]:
    from bonemets.scores import tables

    return list(tables.SCORES) + ["calcium"]
