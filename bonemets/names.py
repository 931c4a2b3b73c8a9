"""Shell completion: names only, never a full parse and validation of the knowledge base."""
from __future__ import annotations


def complete_names(kind: str | None, incomplete: str, extra=()) -> list[str]:
    """Names of one kind (or all) starting with what was typed; --data directories on the line count too.

    Completion must never print a traceback into the user's shell: any failure completes nothing.
    """
    try:
        from bonemets.index import names_only
        from bonemets.knowledge import KnowledgeBase, layers_for

        inc = incomplete.casefold()
        layers, _warnings = layers_for(list(extra))
        rows = names_only(layers)
        if rows is None:
            rows = [(key, k) for key, _id, k, _how in KnowledgeBase.load(list(extra)).all_names()]
        out = [name for name, k in rows if (kind is None or k == kind) and name.startswith(inc)]
    except Exception:  # noqa: BLE001 - see docstring
        return []
    return sorted(set(out))


def complete_sources(incomplete: str) -> list[str]:
    from bonemets.knowledge import KnowledgeBase

    try:
        return sorted(s for s in KnowledgeBase.load().sources if s.startswith(incomplete))
    except Exception:  # noqa: BLE001 - completion never fails loudly
        return []
