"""What reading one fact file yields: plain classes, cheap to import (no dataclasses, no YAML)."""
from __future__ import annotations


class Issue:
    """One problem in a fact file, printed as ``path:line:col: message``."""

    __slots__ = ("path", "line", "col", "message", "soft")

    def __init__(self, path: str, line: int, col: int, message: str, soft: bool = False) -> None:
        self.path, self.line, self.col, self.message = path, line, col, message
        self.soft = soft  # the content is still usable (made safe); validate reports it, lookups warn

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    def __repr__(self) -> str:
        return f"Issue({str(self)!r}, soft={self.soft})"


class Parsed:
    """One file's content: an entity, or the sources (and review date) of a sources file."""

    __slots__ = ("path", "entity", "sources", "reviewed", "issues")

    def __init__(self, path: str, entity: dict | None = None, sources: list | None = None,
                 reviewed: str | None = None, issues: list | None = None) -> None:
        self.path, self.entity, self.reviewed = path, entity, reviewed
        self.sources = sources if sources is not None else []
        self.issues = issues if issues is not None else []
