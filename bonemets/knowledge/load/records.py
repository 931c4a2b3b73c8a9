"""What reading one fact file yields: plain classes, cheap to import (no dataclasses, no YAML)."""
from __future__ import annotations


class Issue:
    """One problem in a fact file, printed as ``path:line:col: message``."""

    __slots__ = ("path", "line", "col", "message", "soft", "warning")

    def __init__(self, path: str, line: int, col: int, message: str, soft: bool = False,
                 warning: bool = False) -> None:
        self.path, self.line, self.col, self.message = path, line, col, message
        self.soft = soft or warning  # the content is still usable (made safe); validate reports it, lookups warn
        self.warning = warning  # advice, not an error: validate still exits 0

    @property
    def severity(self) -> str:
        return "warning" if self.warning else "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {'warning: ' if self.warning else ''}{self.message}"

    def __repr__(self) -> str:
        return f"Issue({str(self)!r}, soft={self.soft})"


class Parsed:
    """One file's content: an entity, the sources (and review date) of a sources file, or a vocabulary."""

    __slots__ = ("path", "entity", "sources", "reviewed", "issues", "vocabulary")

    def __init__(self, path: str, entity: dict | None = None, sources: list | None = None,
                 reviewed: str | None = None, issues: list | None = None, vocabulary: dict | None = None) -> None:
        self.path, self.entity, self.reviewed = path, entity, reviewed
        self.sources = sources if sources is not None else []
        self.issues = issues if issues is not None else []
        self.vocabulary = vocabulary
