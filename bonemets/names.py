"""Shell completion: names only, never a full parse and validation of the knowledge base."""
from __future__ import annotations

from pathlib import Path


def complete_names(kind: str | None, incomplete: str, extra=()) -> list[str]:
    """Names of one kind (or all) starting with what was typed; --data directories on the line count too.

    Completion must never print a traceback into the user's shell: any failure completes nothing.
    """
    from bonemets.cache import name_index

    try:
        inc = incomplete.casefold()
        dirs = [Path(d) for d in extra]
        out = [name for name, k in name_index(dirs) if (kind is None or k == kind) and name.startswith(inc)]
    except Exception:  # noqa: BLE001 - see docstring
        return []
    return sorted(set(out))


def complete_sources(incomplete: str) -> list[str]:
    from bonemets.knowledge import KnowledgeBase

    return sorted(s for s in KnowledgeBase.load().sources if s.startswith(incomplete))
