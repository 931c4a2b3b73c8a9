"""Bedside scores as pure functions over the score tables in data/scores/*.yaml: no I/O, no printing.

``compute(score_id, inputs, kb=None)`` returns a ``Result``; ``ScoreInputError`` says which input is
wrong and what is allowed. Each score's table (items, points, bands, formula, sources, verification tag)
lives in its YAML file beside its text, checked by ``knowledge/load/scorespec.py``; ``engine.py`` computes every table
score (sums of points, and grades); only formulas are code: ``calcium.py`` (albumin-corrected
calcium) and ``creatinine_clearance.py`` (Cockcroft-Gault, for zoledronic acid dosing): each formula is the
module named for its engine (``knowledge.schema.SCORE_ENGINES``).
``panel.py`` puts the prognostic scores side by side.
"""
from __future__ import annotations

from bonemets.scores.base import Result, ScoreInputError

__all__ = ["Result", "ScoreInputError", "compute", "score_entity", "score_ids", "shipped_kb"]


def shipped_kb():
    """The shipped knowledge base, loaded once per process (for callers that give no kb)."""
    global _SHIPPED
    if _SHIPPED is None:
        from bonemets.knowledge.base import KnowledgeBase

        _SHIPPED = KnowledgeBase.load(use_env=False)
    return _SHIPPED


_SHIPPED = None


def score_entity(kb, score_id: str) -> dict:
    if score_id not in kb.entities or kb.kind_of(score_id) != "score" or not kb.entities[score_id].get("table"):
        raise ScoreInputError("score", f"no score named {score_id!r}")
    return kb.entities[score_id]


def score_ids(kb=None) -> list[str]:
    kb = kb or shipped_kb()
    return [e["id"] for e in kb.of_kind("score") if e.get("table")]


def compute(score_id: str, inputs: dict, kb=None) -> Result:
    """Compute one score from its inputs (option key -> value as typed, or a number)."""
    kb = kb or shipped_kb()
    ent = score_entity(kb, score_id)
    import importlib

    from bonemets.knowledge.schema import SCORE_ENGINES

    engine = ent["table"]["engine"]
    name = engine.replace("-", "_") if SCORE_ENGINES.get(engine) else "engine"  # a formula: its own module
    return importlib.import_module(f"bonemets.scores.{name}").compute(ent, dict(inputs), kb)
