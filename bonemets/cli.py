"""The bonemets command line: commands only. The work happens in knowledge, views, render and scores."""

import enum
import functools
import inspect
import os
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from bonemets import DISCLAIMER, __version__, commands, schema
from bonemets import completion as complete
from bonemets.errors import BonemetsError, UsageError
from bonemets.render import Output, message
from bonemets.session import ClippedStream, Session, quiet_broken_pipe
from bonemets.text import wrap_command

HELP = f"""Offline clinical reference on bone metastases: every fact with its source.

\b
Examples:
  bonemets cancer prostate
  bonemets compare lytic blastic
  bonemets symptoms --red-flags
  {wrap_command("bonemets score mirels --site lower-limb --pain functional --lesion lytic --size over-two-thirds",
                indent="      ")}

{DISCLAIMER}

Output options (--json, --plain, --color, --data) go before the command or after it; -V shows the version.

Checking a fact: add --evidence to a lookup or compare to see under each fact the words it rests on (a verbatim
quote from a seed document) or where in its source it is (a locator); bonemets sources ID shows a source in
full, with what its verification tag means.
"""

SCORE_HELP = ("Bedside scores and grades: Mirels, SINS, revised Tokuhashi, Tomita, modified Bauer, New Katagiri, "
              "corrected calcium, zoledronic acid dose, Bilsky, Frankel, ECOG (and any in --data).\n\n"
              "Each shows every input, its points, the total, the band with its published meaning, the formula, "
              "the citation and the limits.\n\n\b\nExamples:\n"
              "  " + wrap_command("bonemets score sins --location junctional --pain mechanical --lesion lytic "
                                  "--alignment normal --collapse none --posterolateral none", indent="      ") + "\n"
              "  bonemets score calcium --calcium 11.2 --albumin 3.0")

# (group, name) -> (callback, settings). Commands are registered here and put on a Typer app by
# make_app(), which builds only the command a process needs: Typer inspects every registered
# function on every call, so building one command instead of all of them is a measurable saving.
REGISTRY: dict = {}


class Color(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


# --- options every data command takes ---------------------------------------------------------------

_COMMON = [
    inspect.Parameter("json_", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[
        bool, typer.Option("--json", help="Write the data as JSON (stdlib json) instead of a table.")]),
    inspect.Parameter("plain", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[
        bool, typer.Option("--plain", help="Plain 'field: value' lines even on a terminal (the default when piped).")]),
    inspect.Parameter("color", inspect.Parameter.KEYWORD_ONLY, default=Color.auto, annotation=Annotated[
        Color, typer.Option("--color", help="Colour in tables: auto honours NO_COLOR, FORCE_COLOR and TERM=dumb.",
                            case_sensitive=False)]),
    inspect.Parameter("pager", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
        Optional[bool], typer.Option("--pager/--no-pager", help="Page output on a terminal: by default only when "
                                     "taller than the screen, through BONEMETS_PAGER, PAGER or less.")]),
    inspect.Parameter("data", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
        Optional[List[str]], typer.Option("--data", metavar="DIR", help="Add your own fact files on top of the "
                                           "shipped ones (repeatable; also BONEMETS_DATA).")]),
]
_COMMON_NAMES = [p.name for p in _COMMON]
BRIEF = Annotated[bool, typer.Option("--brief", help="One screen: the key facts and their references only.")]
EVIDENCE = Annotated[bool, typer.Option("--evidence", help="Show under each fact the words it rests on (a verbatim "
                                        "quote from a seed document) or where in its source it is (a locator).")]


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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bonemets {__version__}")
        raise typer.Exit()


def _root(ctx: typer.Context,
          version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    if ctx.invoked_subcommand is None:  # bare `bonemets`: the help, and success
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


# --- one entity ----------------------------------------------------------------------------------------

def _lookup_command(kind: schema.Kind) -> None:
    listed = kind.name == "pathway"  # `bonemets pathway` alone lists the pathways

    def lookup(s: Session, name: Annotated[Optional[List[str]] if listed else List[str], typer.Argument(
            metavar="[NAME...]" if listed else "NAME...", autocompletion=complete.entity_names(kind.name),
            help=f"A {kind.name} name, id or alias; several words need no quotes.")] = None if listed else ...,
            evidence: EVIDENCE = False, brief: BRIEF = False) -> None:
        if not name:
            commands.list_entries(s, kind.plural)
            return
        commands.lookup(s, kind.name, name, brief)

    extra = "\n  bonemets therapy zoledronic acid\n  bonemets therapy bisphosphonates" if kind.name == "therapy" else ""
    lookup.__doc__ = (f"Show one {kind.title.lower()}: key facts first, every fact with numbered citations, "
                      f"the references and the review date.\n\n"
                      f"\b\nExamples:\n  bonemets {kind.name} {kind.example}\n"
                      f"  bonemets {kind.name} {kind.example} --brief\n"
                      f"  bonemets {kind.name} {kind.example} --evidence\n"
                      f"  bonemets {kind.name} {kind.example} --json{extra}\n"
                      f"  bonemets list {kind.plural}")
    command("", kind.name)(lookup)


for _kind in schema.KINDS.values():
    if _kind.name not in ("score", "leaflet"):
        _lookup_command(_kind)


class Format(str, enum.Enum):
    text = "text"
    markdown = "markdown"


@command("", "leaflet")
def leaflet(s: Session, name: Annotated[Optional[List[str]], typer.Argument(
        metavar="[NAME...]", autocompletion=complete.entity_names("leaflet"), help="A leaflet name or id; none lists them.")] = None,
        contact: Annotated[str, typer.Option("--contact", metavar="TEXT", help="Whom to call, printed under "
                           "'What to do', e.g. 'Acute oncology 0161 000 0000 (24 hours)'.")] = "",
        format_: Annotated[Format, typer.Option("--format", help="text (wrapped for printing) or markdown "
                           "(for a clinic's documents).", case_sensitive=False)] = Format.text,
        width: Annotated[int, typer.Option("--width", min=40, max=120, help="Line length for printing.")] = 72) -> None:
    """Print a patient leaflet in plain words: warning signs, what to do and whom to call, sourced.

    \b
    Examples:
      bonemets leaflet mscc --contact "Acute oncology line 0161 000 0000, 24 hours"
      bonemets leaflet bone-medicine --format markdown > leaflet.md
      bonemets leaflet
    """
    if not name:
        commands.list_entries(s, "leaflets")
        return
    commands.leaflet(s, name, contact=contact, fmt=format_.value, width=width)


@command("", "list")
def list_(s: Session, kind: Annotated[Optional[str], typer.Argument(
        metavar="[KIND]", help="cancers, lesions, symptoms, therapies, diagnostics, topics or scores.",
        autocompletion=complete.kinds)] = None) -> None:
    """List every entry (or every entry of one kind) with its one-line summary.

    \b
    Examples:
      bonemets list
      bonemets list cancers
      bonemets list scores --json
    """
    commands.list_entries(s, kind)


@command("", "compare")
def compare(s: Session, names: Annotated[List[str], typer.Argument(
        metavar="A B [C ...]", autocompletion=complete.entity_names(None, "names", any_start=True),
        help="Two or more entries of one kind.")],
        evidence: EVIDENCE = False) -> None:
    """Compare two or more entries of one kind side by side, one row per attribute.

    \b
    Examples:
      bonemets compare lytic blastic
      bonemets compare breast prostate lung
      bonemets compare denosumab zoledronic-acid
    """
    commands.compare(s, names)


@command("", "symptoms")
def symptoms(
    s: Session,
    red_flags: Annotated[bool, typer.Option("--red-flags", help="Only the red flags, most urgent first.")] = False,
    cancer: Annotated[Optional[str], typer.Option("--cancer", metavar="NAME",
                                                  autocompletion=complete.option_names("cancer"),
                                                  help="What the sources tie to this primary cancer first, then "
                                                       "the red flags of every primary.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Ask about each sign in plain words, grouped, then summarise: "
                                        "red flags first, then the rest, then what was skipped (needs a terminal, "
                                        "or --present).")] = False,
    present: Annotated[Optional[str], typer.Option("--present", metavar="ID,ID,...",
                                                   autocompletion=complete.id_list("symptom"),
                                                   help="With --check: the symptoms present, for scripts.")] = None,
    evidence: EVIDENCE = False,
) -> None:
    """The symptom checklist: the signs to ask about, the urgency and what to do, per entry.

    \b
    Examples:
      bonemets symptoms
      bonemets symptoms --red-flags
      bonemets symptoms --cancer prostate
      bonemets symptoms --check
      bonemets symptoms --check --present back-pain,bone-pain
    """
    commands.symptoms(s, red_flags, cancer, check, present)


@command("", "search")
def search(s: Session, query: Annotated[List[str], typer.Argument(metavar="QUERY", help="Words to look for.")]) -> None:
    """Full-text search over names, aliases and facts, best match first.

    \b
    Examples:
      bonemets search fracture
      bonemets search rank ligand
    """
    commands.search(s, query)


@command("", "sources")
def sources(s: Session, source_id: Annotated[Optional[str], typer.Argument(
        metavar="[ID|N]", help="One source id (any case), or N: reference [N] of the page last shown.",
        autocompletion=complete.sources)] = None) -> None:
    """The bibliography: every source, or one source in full with what cites it.

    \b
    Examples:
      bonemets sources
      bonemets sources seed-003-bone-mets-page
      bonemets sources 3   (reference [3] of the last page)
    """
    commands.sources(s, source_id)


def validate(targets: Annotated[Optional[List[str]], typer.Argument(
        metavar="[PATH ...]", help="Fact files or directories (default: the shipped data).")] = None,
        seeds: Annotated[Optional[str], typer.Option(
            "--seeds", metavar="DIR", help="The seed documents' directory: look every quote up in their "
                                           "full text (default: the fingerprint shipped with bonemets).")] = None,
        json_: Annotated[bool, typer.Option("--json", help="Report the problems as JSON objects "
                                                           "{path, line, col, message, severity}.")] = False) -> None:
    """Check fact files and report every problem as path:line:col: message (exit 1 if any error).

    Shipped facts must carry their evidence: a verbatim quote when they cite a seed document, a locator
    otherwise; in local files a missing one is a warning.

    \b
    Examples:
      bonemets validate
      bonemets validate my-hospital-data/
      bonemets validate --seeds ../shared/seeds
      bonemets validate --json
    """
    def go():
        seed_dir = paths([seeds])[0] if seeds is not None else None
        if seed_dir is not None and not seed_dir.is_dir():
            raise UsageError(f"--seeds: {seeds[:80]!r} is not a directory")
        raise typer.Exit(commands.validate(paths(targets) or None, seed_dir, json_))

    run(go, command="validate")


REGISTRY[("", "validate")] = (validate, {})


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
    from bonemets.entry import split_arg_string

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
        from bonemets import score_commands  # built from the score tables, local ones included

        score_commands.register(argv)
    for (group, name), (fn, kw) in REGISTRY.items():
        if group == "" and first in (None, name):
            app.command(name, **kw)(fn)
    if first in (None, "score"):
        from bonemets.scoregroup import ScoreGroup

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
