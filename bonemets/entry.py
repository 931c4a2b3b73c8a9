"""The `bonemets` executable: the two hottest requests answered before Typer is imported.

- A bash TAB press for an entity name (after a lookup command, or for `compare`) is answered from the
  names cache.
- A plain lookup, `bonemets KIND NAME` with only the output options (`--json`, `--plain`, `--pager`,
  `--color X`, `--data DIR`), is answered by the same library calls the Typer command makes.

Anything else, and any lookup that fails (unknown name, bad data directory...), goes to the Typer app,
which defines the interface, the help and every error message. Tests check that both paths print the
same bytes. Importing Typer costs 50-90 ms here, more than everything else a lookup does (bench/README.md).
"""
import os
import sys

LOOKUPS = ("cancer", "lesion", "symptom", "therapy", "diagnostic", "topic")
FLAGS = {"--json", "--plain", "--pager", "--no-pager", "--evidence", "--red-flags", "--check", "-h", "--help"}


def _fast_bash_completion() -> bool:
    if os.environ.get("BONEMETS_SLOW"):
        return False
    try:
        words = os.environ["COMP_WORDS"].split()
        cword = int(os.environ["COMP_CWORD"])
    except (KeyError, ValueError):
        return False
    if cword < 2 or len(words) < 2:
        return False
    cmd, before = words[1], words[2:cword]
    current = words[cword] if cword < len(words) else ""
    if current.startswith("-"):
        return False
    data, positionals, i = [], 0, 0
    while i < len(before):
        w = before[i]
        if w == "--data" and i + 1 < len(before):
            data.append(before[i + 1])
            i += 2
            continue
        if w.startswith("-") and w not in FLAGS:
            return False  # an option whose value may be what is being completed: let Typer decide
        if not w.startswith("-"):
            positionals += 1
        i += 1
    if before and before[-1] in ("--data", "--color", "--present"):
        return False
    if cmd in LOOKUPS and positionals == 0:
        kind = cmd
    elif cmd == "compare":
        kind = None
    else:
        return False
    from bonemets.names import complete_names

    names = complete_names(kind, current, data)
    sys.stdout.write("".join(n + "\n" for n in names))
    return True


COLORS = ("auto", "always", "never")


def _fast_lookup(argv: list[str]) -> bool:
    """Print one entity as `bonemets KIND NAME... [output options]` would; False to leave it to Typer."""
    if os.environ.get("BONEMETS_SLOW") or len(argv) < 2 or argv[0] not in LOOKUPS:
        return False
    opts = {"json": False, "plain": False, "pager": "auto", "color": "auto", "evidence": False}
    data: list[str] = []
    name: list[str] = []
    i = 1
    while i < len(argv):
        w = argv[i]
        key, eq, value = w.partition("=")
        if w in ("--json", "--plain", "--evidence"):
            opts[w[2:]] = True
        elif w in ("--pager", "--no-pager"):
            opts["pager"] = "always" if w == "--pager" else "never"
        elif key in ("--color", "--data") and (eq or i + 1 < len(argv)):
            if not eq:
                i += 1
                value = argv[i]
            if key == "--data":
                data.append(value)
            elif value.lower() in COLORS:
                opts["color"] = value.lower()
            else:
                return False
        elif w.startswith("-"):
            return False
        else:
            name.append(w)
        i += 1
    if not name or any(not d.strip() or "\x00" in d for d in data):
        return False
    from bonemets.errors import BonemetsError
    from bonemets.knowledge import KnowledgeBase

    try:
        kb = KnowledgeBase.load(data)
        ent = kb.find(name, argv[0])
    except BonemetsError:
        return False  # Typer's path reports it, with the same words as every other error
    if ent["kind"] == "class":
        return False
    from bonemets.render import Output, OutputError, emit, message
    from bonemets.session import quiet_broken_pipe
    from bonemets.views import entity_doc

    for w in kb.warnings:
        message(f"bonemets: {w}")
    try:
        doc = entity_doc(kb, ent, opts["evidence"])
        for n in kb.notices():
            message(f"bonemets: {n}")
        emit(doc, Output(**opts))
    except BrokenPipeError:
        quiet_broken_pipe()
    except OutputError as exc:
        message(f"bonemets: {exc.message}")
        sys.exit(1)
    except KeyboardInterrupt:
        message("bonemets: interrupted")
        sys.exit(130)
    return True


def main() -> None:
    if os.environ.get("_BONEMETS_COMPLETE"):
        if os.environ["_BONEMETS_COMPLETE"] == "complete_bash" and _fast_bash_completion():
            return
    elif _fast_lookup(sys.argv[1:]):
        return
    from bonemets.cli import main as cli_main

    cli_main()
