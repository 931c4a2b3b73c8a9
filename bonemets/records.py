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


def head_of(entity: dict | None) -> list | None:
    """[id, name, aliases, kind, keys] of an entity with an id and a kind; keys are the typed forms."""
    from bonemets.text import slug

    if entity is None or "id" not in entity or "kind" not in entity:
        return None
    name, aliases = entity.get("name", ""), entity.get("aliases", [])
    keys = [k for k in dict.fromkeys([slug(entity["id"]), slug(name), *map(slug, aliases)]) if k]
    return [entity["id"], name, aliases, entity["kind"], keys]


class Parsed:
    """One file's content: an entity, or the sources (and review date) of a sources file."""

    __slots__ = ("path", "entity", "sources", "reviewed", "issues", "blob", "head")

    def __init__(self, path: str, entity: dict | None = None, sources: list | None = None,
                 reviewed: str | None = None, issues: list | None = None, blob: bytes | None = None,
                 head: list | None = None) -> None:
        self.path, self.entity, self.reviewed = path, entity, reviewed
        self.sources = sources if sources is not None else []
        self.issues = issues if issues is not None else []
        # From the cache an entity arrives as ``blob`` (its marshal bytes, decoded only when used) with
        # ``head`` = [id, name, aliases, kind, keys], enough to index and complete names without decoding.
        self.blob = blob
        self.head = head if head is not None else head_of(entity)

    @property
    def usable(self) -> bool:
        return self.head is not None and not any(not i.soft for i in self.issues)
