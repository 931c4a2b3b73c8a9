"""What every command shares: the registry the app is built from, the output options every data command
takes, and the one place a domain error becomes its message and exit code (``run``)."""
from __future__ import annotations

import enum
import functools
import inspect
import os
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from bonemets.cli import grammar
from bonemets.cli.session import Session, quiet_broken_pipe
from bonemets.errors import BonemetsError, UsageError
from bonemets.render import Output, message

# (group, name) -> (callback, settings). Commands are registered here and put on a Typer app by
# make_app(), which builds only the command a process needs: Typer inspects every registered
# function on every call, so building one command instead of all of them is a measurable saving.
REGISTRY: dict = {}


Color = enum.Enum("Color", {c: c for c in grammar.COLORS}, type=str)  # --color's values


# --- options every data command takes ---------------------------------------------------------------

def option(opt: grammar.Opt, **kw):
    """A Typer option spelled and explained as the grammar says (bonemets.cli.grammar)."""
    if opt.metavar:
        kw.setdefault("metavar", opt.metavar)
    return typer.Option(opt.flag, help=opt.help, **kw)


_OUT = grammar.OUTPUT
_COMMON = [
    inspect.Parameter("json_", inspect.Parameter.KEYWORD_ONLY, default=False,
                      annotation=Annotated[bool, option(_OUT["json"])]),
    inspect.Parameter("plain", inspect.Parameter.KEYWORD_ONLY, default=False,
                      annotation=Annotated[bool, option(_OUT["plain"])]),
    inspect.Parameter("color", inspect.Parameter.KEYWORD_ONLY, default=Color.auto,
                      annotation=Annotated[Color, option(_OUT["color"], case_sensitive=False)]),
    inspect.Parameter("pager", inspect.Parameter.KEYWORD_ONLY, default=None,
                      annotation=Annotated[Optional[bool], option(_OUT["pager"])]),
    inspect.Parameter("data", inspect.Parameter.KEYWORD_ONLY, default=None,
                      annotation=Annotated[Optional[List[str]], option(_OUT["data"])]),
]
_COMMON_NAMES = [p.name for p in _COMMON]
BRIEF = Annotated[bool, option(grammar.OWN["brief"])]
EVIDENCE = Annotated[bool, option(grammar.OWN["evidence"])]


def command(group: str, name: str, **kw):
    """Register ``fn(session, ...)`` as a command with the shared output options and clean errors."""

    def deco(fn):
        sig = inspect.signature(fn)
        params = [p for p in sig.parameters.values() if p.name != "s"] + _COMMON

        @functools.wraps(fn)
        def wrapper(**kwargs):
            opts = {k: kwargs.pop(k) for k in _COMMON_NAMES}
            pager = {None: "auto", True: "always", False: "never"}[opts["pager"]]
            out = Output(json=opts["json_"], plain=opts["plain"], color=opts["color"].value, pager=pager,
                         evidence=kwargs.pop("evidence", False))
            run(lambda: fn(Session(out, paths(opts["data"])), **kwargs), command=f"{group} {name}".strip())

        wrapper.__signature__ = sig.replace(parameters=params)
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        REGISTRY[(group, name)] = (wrapper, kw)
        return fn

    return deco


def paths(words: list[str] | None) -> list[Path]:
    """Paths typed on the command line: never empty (it would mean the current directory), never NUL."""
    out = []
    for w in words or []:
        if "\x00" in w:
            raise UsageError("a path cannot contain a NUL character")
        if not w.strip():
            raise UsageError("an empty path is not a data directory; give a path, e.g. --data ./my-facts")
        out.append(Path(w))
    return out


def internal_error(exc: Exception) -> None:
    """A bug reaches the user as one line (BONEMETS_DEBUG=1 re-raises it with its traceback)."""
    if os.environ.get("BONEMETS_DEBUG"):
        raise exc
    message(f"bonemets: internal error ({type(exc).__name__}: {exc}); please report it "
            "(set BONEMETS_DEBUG=1 for details)")


def run(fn, command: str = "") -> None:
    """Run a command body; a BonemetsError becomes its message on stderr and its exit code."""
    try:
        fn()
    except BonemetsError as exc:
        message(f"bonemets: {exc.message}")
        if exc.hint:
            message(exc.hint)
        if isinstance(exc, UsageError):
            message(f"Try 'bonemets {command + ' ' if command else ''}--help' for help.")
        raise typer.Exit(exc.exit_code) from None
    except BrokenPipeError:
        quiet_broken_pipe()
        raise typer.Exit(0) from None
    except OSError as exc:  # stdout closed, full or read-only, outside bonemets' own writes
        message(f"bonemets: cannot write output: {exc.strerror or exc}")
        quiet_broken_pipe()
        raise typer.Exit(1) from None
    except (KeyboardInterrupt, EOFError):
        message("bonemets: interrupted")
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:  # a bug: say so in one line instead of a traceback
        internal_error(exc)
        raise typer.Exit(1) from None


