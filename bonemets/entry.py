"""The `bonemets` executable: answer a bash TAB press without importing Typer when it asks for names.

Every TAB press starts a new process, so the commonest requests (an entity name after a lookup
command, names for `compare`, the cancer after `symptoms --cancer`) are answered here from the names
cache; anything else goes to the Typer app, which gives the same answers, only slower.
"""
import os
import sys

LOOKUPS = ("cancer", "lesion", "symptom", "therapy", "diagnostic", "topic")
FLAGS = {"--json", "--plain", "--pager", "--red-flags", "--check", "-h", "--help"}


def _fast_bash_completion() -> bool:
    if os.environ.get("BONEMETS_SLOW_COMPLETE"):
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


def main() -> None:
    if os.environ.get("_BONEMETS_COMPLETE") == "complete_bash" and _fast_bash_completion():
        return
    from bonemets.cli import main as cli_main

    cli_main()
