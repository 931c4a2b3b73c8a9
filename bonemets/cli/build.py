"""The Typer app, built with only the commands a process needs (Typer inspects every registered function
on every call: building one command instead of all of them is a measurable saving), and ``main``."""
from __future__ import annotations

import functools
import os
import sys

import typer

from bonemets.cli.app import HELP, SCORE_HELP, _root
from bonemets.cli.registry import REGISTRY, internal_error
from bonemets.cli.session import ClippedStream, quiet_broken_pipe
from bonemets.render import message


def _words(argv: list[str]) -> list[str]:
    return [a for a in argv if not a.startswith("-")]


def _wanted(argv: list[str] | None) -> tuple[str | None, str | None]:
    """(command, score subcommand) this process needs, or None for 'all of them'."""
    if argv is None:
        return None, None
    if argv and argv[0].startswith("-"):  # top-level options: --help, --version, completion installers
        return None, None
    words = _words(argv)
    top = {name for group, name in REGISTRY if group == ""} | {"score", "prognosis"}
    first = words[0] if words and words[0] in top else None
    second = words[1] if first == "score" and len(words) > 1 else None
    return first, second


def _argv_for_completion() -> list[str] | None:
    """The words before the one being completed (bash); None when every command must be offered."""
    if "COMP_WORDS" not in os.environ:
        return None  # zsh/fish: build everything
    from bonemets.cli.names import split_arg_string

    words = split_arg_string(os.environ["COMP_WORDS"])
    try:
        cword = int(os.environ.get("COMP_CWORD", "0"))
    except ValueError:
        return None
    return words[1:cword] if cword > 1 else None


def make_app(argv: list[str] | None = None) -> typer.Typer:
    """The Typer app with the commands ``argv`` needs (all of them when argv is None)."""
    first, second = _wanted(argv)
    app = typer.Typer(name="bonemets", help=HELP, rich_markup_mode=None, pretty_exceptions_enable=False,
                      context_settings={"help_option_names": ["-h", "--help"]})
    app.callback(invoke_without_command=True)(_root)
    if first in (None, "score", "prognosis"):
        from bonemets.cli import scores as score_commands  # built from the score tables, local ones included
        score_commands.register(argv)
    for (group, name), (fn, kw) in REGISTRY.items():
        if group == "" and first in (None, name):
            app.command(name, **kw)(fn)
    if first in (None, "score"):
        from bonemets.cli.scoregroup import ScoreGroup

        score_app = typer.Typer(help=SCORE_HELP, rich_markup_mode=None, no_args_is_help=True, cls=ScoreGroup)
        names = {name for group, name in REGISTRY if group == "score"}
        for (group, name), (fn, kw) in REGISTRY.items():
            if group == "score" and (second not in names or second == name):
                score_app.command(name, **kw)(fn)
        app.add_typer(score_app, name="score")
    return app


@functools.lru_cache(maxsize=1)
def _full_app() -> typer.Typer:
    return make_app(None)


def __getattr__(name: str):
    if name == "app":  # the complete app, for tests and tools that introspect it
        return _full_app()
    raise AttributeError(name)


def main() -> None:
    if sys.stdout is None:  # started with stdout closed (`>&-`): nothing it prints could be seen
        message("bonemets: cannot write output: standard output is closed")
        sys.exit(1)
    if sys.stderr is not None:
        sys.stderr = ClippedStream(sys.stderr)
    argv = _argv_for_completion() if os.environ.get("_BONEMETS_COMPLETE") else sys.argv[1:]
    try:
        make_app(argv)(prog_name="bonemets")
    except BrokenPipeError:
        quiet_broken_pipe()
        sys.exit(0)
    except KeyboardInterrupt:
        message("bonemets: interrupted")
        sys.exit(130)
    except OSError as exc:  # Typer's own output (help, usage) could not be written
        message(f"bonemets: cannot write output: {exc.strerror or exc}")
        quiet_broken_pipe()
        sys.exit(1)
    except Exception as exc:  # outside a command (argument parsing, completion): one line, never a traceback
        internal_error(exc)
        sys.exit(1)
