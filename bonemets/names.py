"""Shell completion: names only, never a full parse and validation of the knowledge base."""
from __future__ import annotations


def complete_names(kind: str | None, incomplete: str) -> list[str]:
    from bonemets.cache import name_index

    inc = incomplete.casefold()
    out = [name for name, k in name_index() if (kind is None or k == kind) and name.startswith(inc)]
    return sorted(set(out))


def complete_sources(incomplete: str) -> list[str]:
    from bonemets.knowledge import KnowledgeBase

    return sorted(s for s in KnowledgeBase.load().sources if s.startswith(incomplete))
