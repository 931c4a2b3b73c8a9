"""The `bonemets` executable: the two hottest requests answered before Typer is imported.

- A bash TAB press for an entity name (after a lookup command, or for `compare`) is answered from the
  names cache.
- A lookup, `list`, `compare`, `search` or `symptoms` (not `--check`) with only plain options is answered
  by the same library calls the Typer command makes (bonemets.cli.commands).

Anything else, and any lookup that fails (unknown name, bad data directory...), goes to the Typer app,
which defines the interface, the help and every error message. Tests check that both paths print the
same bytes. Importing Typer costs 50-90 ms here, more than everything else a lookup does (bench/README.md).
"""
import os
import signal
import sys


def _interrupted_early(signum, frame):  # Ctrl-C while Python is still importing: no traceback, exit 130
    os.write(2, b"bonemets: interrupted\n")
    os._exit(130)


signal.signal(signal.SIGINT, _interrupted_early)

from bonemets.cli import grammar  # noqa: E402  (after the handler: Ctrl-C during this import is quiet too)

OUT, OWN = grammar.OUTPUT, grammar.OWN

LOOKUPS = grammar.LOOKUPS
# options a TAB press may follow: they take no value, so the word being completed is a name
FLAGS = {*grammar.OUTPUT_FLAGS, *(f for o in grammar.OWN.values() if not o.value for f in grammar.flags(o)),
         "-h", "--help"}
VALUED = {*grammar.OUTPUT_VALUED, *(o.flag for o in grammar.OWN.values() if o.value)}


def _fast_bash_completion() -> bool:
    if os.environ.get("BONEMETS_SLOW"):
        return False
    try:
        from bonemets.cli.names import split_arg_string

        words = split_arg_string(os.environ["COMP_WORDS"])
        cword = int(os.environ["COMP_CWORD"])
    except (KeyError, ValueError):
        return False
    if cword < 2 or len(words) < 2:
        return False
    cmd, before = words[1], words[2:cword]
    current = words[cword] if cword < len(words) else ""
    if current.startswith("-"):
        return False
    data, positionals, i = [], [], 0
    while i < len(before):
        w = before[i]
        if w == grammar.OUTPUT["data"].flag and i + 1 < len(before):
            data.append(before[i + 1])
            i += 2
            continue
        if w.startswith("-") and w not in FLAGS:
            return False  # an option whose value may be what is being completed: let Typer decide
        if not w.startswith("-"):
            positionals.append(w)
        i += 1
    if before and before[-1] in VALUED:
        return False
    if cmd not in LOOKUPS and cmd != "compare":
        return False
    from bonemets.cli.names import complete_words

    # the words of the name typed so far count (`therapy zoledronic a`, and nothing after `cancer breast c`);
    # Typer keeps only the completions that start with what was typed, exactly: so does this path
    names = complete_words(None if cmd == "compare" else cmd, positionals, current, data, any_start=cmd == "compare")
    names = [n for n in names if n.startswith(current)]
    sys.stdout.write("\n".join(names) + "\n")  # as Typer prints it, an empty line for none
    return True


def _parse(argv: list[str]):
    """(output options, data dirs, command flags and options, words), or None when Typer must decide."""
    spec = grammar.FAST[argv[0]]
    own_opts = [grammar.OWN[k] for k in spec.own if k != "evidence"]
    bools = {o.flag for o in own_opts if not o.value}
    valued = tuple(o.flag for o in own_opts if o.value)
    positional, evidence = spec.words, "evidence" in spec.own
    opts = {"json": False, "plain": False, "pager": "auto", "color": "auto", "evidence": False}
    data: list[str] = []
    own: dict = {}
    words: list[str] = []
    i = 1
    while i < len(argv):
        w = argv[i]
        key, eq, value = w.partition("=")
        if w in (OUT["json"].flag, OUT["plain"].flag) or (w == OWN["evidence"].flag and evidence):
            opts[w[2:]] = True
        elif w in grammar.flags(OUT["pager"]):
            opts["pager"] = "always" if w == grammar.flags(OUT["pager"])[0] else "never"
        elif w in bools:
            own[w] = True
        elif key in (*grammar.OUTPUT_VALUED, *valued) and (eq or i + 1 < len(argv)):
            if not eq:
                i += 1
                value = argv[i]
            if key == grammar.OUTPUT["data"].flag:
                data.append(value)
            elif key == grammar.OUTPUT["color"].flag and value.lower() in grammar.COLORS:
                opts["color"] = value.lower()
            elif key in valued and key not in own and not value.startswith("-"):
                own[key] = value
            else:
                return None
        elif w.startswith("-"):
            return None
        else:
            words.append(w)
        i += 1
    if (positional == "none" and words) or (positional == "one-or-none" and len(words) > 1) or \
            (positional == "some" and not words) or any(not d.strip() or "\x00" in d for d in data):
        return None
    return opts, data, own, words


def _fast_command(argv: list[str]) -> bool:
    """Answer a lookup, list, compare, symptoms or search with the library calls the Typer command makes
    (bonemets.cli.commands); False to leave it to Typer, which then reports any error in its own words."""
    if os.environ.get("BONEMETS_SLOW") or not argv or argv[0] not in grammar.FAST:
        return False
    parsed = _parse(argv)
    if parsed is None:
        return False
    opts, data, own, words = parsed
    from bonemets.cli import commands
    from bonemets.cli.session import Session, quiet_broken_pipe
    from bonemets.errors import BonemetsError
    from bonemets.render import Output, message

    s = Session(Output(**opts), data, deferred=True)
    cmd = argv[0]
    try:
        if cmd in LOOKUPS:
            commands.lookup(s, cmd, words, own.get(OWN["brief"].flag, False))
        elif cmd == "compare":
            commands.compare(s, words)
        elif cmd == "list":
            commands.list_entries(s, words[0] if words else None)
        elif cmd == "search":
            commands.search(s, words)
        else:
            commands.symptoms(s, red_flags=own.get(OWN["red_flags"].flag, False), cancer=own.get(OWN["cancer"].flag))
    except BonemetsError as exc:
        if not s.started:
            return False
        message(f"bonemets: {exc.message}")  # the output had begun: it could not be written
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        quiet_broken_pipe()
    except KeyboardInterrupt:
        message("bonemets: interrupted")
        sys.exit(130)
    return True


GLOBAL_FLAGS = grammar.OUTPUT_FLAGS
GLOBAL_VALUED = grammar.OUTPUT_VALUED


def hoist_global_options(argv: list[str]) -> list[str]:
    """`bonemets --json cancer prostate` as `bonemets cancer prostate --json`: the output options every data
    command takes may come before the command too; they are moved after it (before a `--`, if any)."""
    moved, i = [], 0
    while i < len(argv):
        w = argv[i]
        if w in GLOBAL_FLAGS or (w.partition("=")[0] in GLOBAL_VALUED and "=" in w):
            moved.append(w)
            i += 1
        elif w in GLOBAL_VALUED and i + 1 < len(argv):
            moved += argv[i:i + 2]
            i += 2
        else:
            break
    rest = argv[i:]
    if not moved or not rest or rest[0].startswith("-"):
        return argv  # nothing to move, or no command after them: Typer says what is wrong
    at = rest.index("--") if "--" in rest else len(rest)
    return rest[:at] + moved + rest[at:]


def _valid_completion_request() -> bool:
    raw = os.environ.get("COMP_CWORD", "0")
    return raw.isascii() and raw.isdigit()


def main() -> None:
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # from here on, Ctrl-C is handled below
        if os.environ.get("_BONEMETS_COMPLETE"):
            if not _valid_completion_request():
                return  # a malformed request completes nothing, silently
            if os.environ["_BONEMETS_COMPLETE"] == "complete_bash" and _fast_bash_completion():
                return
        else:
            sys.argv[1:] = hoist_global_options(sys.argv[1:])
        if not os.environ.get("_BONEMETS_COMPLETE") and _fast_command(sys.argv[1:]):
            return
        from bonemets.cli.build import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        os.write(2, b"bonemets: interrupted\n")
        sys.exit(130)
