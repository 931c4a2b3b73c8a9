"""What every score engine shares: the input error, the Result, and reading a score entity's table.

A score entity is a plain dict from the knowledge base (data/scores/NAME.yaml); its ``table`` block
holds items, bands, formula, sources and verification tag (checked by ``bonemets.knowledge.load.scorespec``).
"""
from __future__ import annotations

from typing import NamedTuple


class ScoreInputError(ValueError):
    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option
        self.message = message


class Result(NamedTuple):
    score: str
    name: str
    inputs: dict  # option key -> the normalised input
    points: dict  # item key -> points (empty for grades and formulas)
    meanings: dict  # option key -> what the input means, for display
    total: object  # int (points), Decimal or float (formulas), None (grades)
    band: str
    band_meaning: str
    sources: list  # source ids, the primary citation first
    formula: str
    limits: list  # [text, "id, id"]
    extra: dict  # what a calculator adds: version, management, computed rows, json keys
    verification: str = ""  # V | S | U: the weakest tag behind the table's values
    local: bool = False  # the score comes from a --data directory, not the shipped files
    notes: list = []  # [text, "id, id" or ""]: how inputs were read, the table's notes
    path: str = ""


VERIFICATION_MEANING = {
    "V": "verified in the primary source, its abstract, or an official page",
    "S": "seen only in secondary sources (calculator or review copies that agree); check against the primary "
         "source",
    "U": "UNVERIFIED: not checked against any source",
}


def ids(sources: list) -> str:
    return ", ".join(sources)


def fact_pairs(facts: list) -> list:
    """Facts as [text, "id, id"]; an unverified fact says so in its text."""
    out = []
    for f in facts or []:
        text = f["text"]
        if f.get("unverified") and not text.startswith("UNVERIFIED"):
            text = "UNVERIFIED: " + text
        out.append([text, ids(f["sources"])])
    return out


def result(ent: dict, inputs: dict, points: dict, meanings: dict, total, band: dict, *, notes=(), extra=None,
           sources=None, formula=None, limits=None) -> Result:
    """A Result with the entity's name, citation, limits, notes and verification filled in."""
    t = ent["table"]
    extra = dict(extra or {})
    if t.get("version"):
        extra.setdefault("version", t["version"])
    return Result(ent["id"], t.get("title") or ent["name"], inputs, points, meanings, total, band["word"],
                  band["meaning"], list(sources or t["sources"]), formula or t["formula"],
                  fact_pairs(ent.get("limitations")) + (limits or []), extra, t["verification"],
                  bool(ent.get("_local")), list(notes) + fact_pairs(t.get("notes")), ent.get("_path", ""))


def management(ent: dict, band: str) -> list:
    """The table's published management facts, when the band is one they apply to."""
    m = ent["table"].get("management")
    return fact_pairs(m["facts"]) if m and band in m["bands"] else []
