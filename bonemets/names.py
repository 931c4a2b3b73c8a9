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
        rows = names_only(layers, inc)
        if rows is None:
            rows = [(key, k) for key, _id, k, _how in KnowledgeBase.load(list(extra)).all_names()]
        out = [name for name, k in rows if (kind is None or k == kind) and name.startswith(inc)]
    except Exception:  # noqa: BLE001 - see docstring
        return []
    return sorted({shell_word(n) for n in out})


# Characters a shell gives a meaning to; each is offered backslash-escaped.
_SHELL = str.maketrans({c: "\\" + c for c in " \t\n!\"#$&'()*;<>?[\\]^`{|}~"})


def shell_word(name: str) -> str:
    """A name as one inert shell word: a local alias such as zzq$(id) is offered as zzq\\$\\(id\\), never run.

    Backslashes rather than quotes, so the word still starts with what was typed (the shells keep only
    completions that do).
    """
    return name.translate(_SHELL)
