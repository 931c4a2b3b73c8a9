"""Shell completion: names only, never a full parse and validation of the knowledge base."""
from __future__ import annotations


def complete_names(kind: str | None, incomplete: str, extra=()) -> list[str]:
    """Names of one kind (or all) starting with what was typed; --data directories on the line count too.

    Completion must never print a traceback into the user's shell: any failure completes nothing.
    """
    try:
        from bonemets.knowledge.base import KnowledgeBase, layers_for
        from bonemets.knowledge.store.index import names_only

        inc = incomplete.casefold()
        layers, _warnings = layers_for(list(extra))
        rows = names_only(layers, inc)
        if rows is None:
            rows = [(key, k) for key, _id, k, _how in KnowledgeBase.load(list(extra)).all_names()]
        out = [name for name, k in rows if (kind is None or k == kind) and name.startswith(inc)]
    except Exception:  # noqa: BLE001 - see docstring
        return []
    return sorted({shell_word(n) for n in out})


def complete_words(kind: str | None, before, incomplete: str, extra=(), any_start: bool = False) -> list[str]:
    """What may follow on a line where a name is being typed over several words (`therapy zoledronic a`):
    the rest of each name that starts with the words typed so far, so a multi-word name completes as a
    whole and a name already complete (`cancer breast c`) is offered nothing more.

    ``before``: the words of the name already typed. With ``any_start`` (compare: several names on one line)
    the current name may start at any of them; the longest reading that some name continues wins.
    """
    from bonemets.text import slug

    before = [w for w in (before or []) if w]
    starts = range(len(before) + 1) if any_start else [0]
    inc = incomplete.casefold().replace(" ", "-").replace("_", "-")
    for start in starts:
        base = slug(" ".join(before[start:]))
        if not base:
            return complete_names(kind, incomplete, extra)
        prefix = base + "-" + inc
        found = [n[len(base) + 1:] for n in complete_names(kind, prefix, extra)]
        found = [n for n in found if n]
        if found:
            return sorted(set(found))
    return []


def complete_sources(incomplete: str, extra=()) -> list[str]:
    """Source ids starting with what was typed (any case); any failure completes nothing."""
    try:
        from bonemets.knowledge.base import KnowledgeBase

        inc = incomplete.casefold()
        return sorted(shell_word(sid) for sid in KnowledgeBase.load(list(extra)).sources
                      if sid.casefold().startswith(inc))
    except Exception:  # noqa: BLE001 - completion never prints a traceback into the shell
        return []


def complete_list(kind: str, incomplete: str, extra=()) -> list[str]:
    """--present ID,ID,...: the ids of one kind for the part after the last comma, the earlier ones kept."""
    head, comma, last = incomplete.rpartition(",")
    given = set(head.split(",")) if comma else set()
    return [head + comma + n for n in complete_names(kind, last, extra) if n not in given]


# Characters a shell gives a meaning to; each is offered backslash-escaped.
_SHELL = str.maketrans({c: "\\" + c for c in " \t\n!\"#$&'()*;<>?[\\]^`{|}~"})


def shell_word(name: str) -> str:
    """A name as one inert shell word: a local alias such as zzq$(id) is offered as zzq\\$\\(id\\), never run.

    Backslashes rather than quotes, so the word still starts with what was typed (the shells keep only
    completions that do).
    """
    return name.translate(_SHELL)


def split_arg_string(string: str) -> list[str]:
    """COMP_WORDS split as click (and so Typer) splits it: shell words, an unfinished quote kept open."""
    import shlex

    lex = shlex.shlex(string, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:
        out.append(lex.token)
    return out
