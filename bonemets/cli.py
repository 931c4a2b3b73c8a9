"""The bonemets command line: commands only. The work happens in knowledge, views, render and scores."""

import enum
import functools
import inspect
import os
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from bonemets import DISCLAIMER, __version__, schema
from bonemets.errors import BonemetsError, NotFound, UsageError
from bonemets.render import Output, message
from bonemets.session import Session, quiet_broken_pipe

HELP = f"""Offline clinical reference on bone metastases: every fact with its source.

\b
Examples:
  bonemets cancer prostate
  bonemets compare lytic blastic
  bonemets symptoms --red-flags
  bonemets score mirels --site lower-limb --pain functional --lesion lytic --size over-two-thirds

{DISCLAIMER}
"""

SCORE_HELP = ("Bedside scores and grades: Mirels, SINS, revised Tokuhashi, Tomita, modified Bauer, New Katagiri, "
              "corrected calcium, zoledronic acid dose, Bilsky, Frankel, ECOG (and any in --data).\n\n"
              "Each shows every input, its points, the total, the band with its published meaning, the formula, "
              "the citation and the limits.\n\n\b\nExamples:\n"
              "  bonemets score sins --location junctional --pain mechanical --lesion lytic --alignment normal "
              "--collapse none --posterolateral none\n"
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
    inspect.Parameter("pager", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[
        bool, typer.Option("--pager", help="Page long output on a terminal (honours PAGER).")]),
    inspect.Parameter("data", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
        Optional[List[str]], typer.Option("--data", metavar="DIR", help="Add your own fact files on top of the "
                                           "shipped ones (repeatable; also BONEMETS_DATA).")]),
]
_COMMON_NAMES = [p.name for p in _COMMON]


def command(group: str, name: str, **kw):
    """Register ``fn(session, ...)`` as a command with the shared output options and clean errors."""

    def deco(fn):
        sig = inspect.signature(fn)
        params = [p for p in sig.parameters.values() if p.name != "s"] + _COMMON

        @functools.wraps(fn)
        def wrapper(**kwargs):
            opts = {k: kwargs.pop(k) for k in _COMMON_NAMES}
            out = Output(json=opts["json_"], plain=opts["plain"], color=opts["color"].value, pager=opts["pager"])
            run(lambda: fn(Session(out, paths(opts["data"])), **kwargs), command=f"{group} {name}".strip())

        wrapper.__signature__ = sig.replace(parameters=params)
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        REGISTRY[(group, name)] = (wrapper, kw)
        return fn

    return deco


def paths(words: list[str] | None) -> list[Path]:
    """Paths typed on the command line; a NUL byte cannot be part of one (usage error, not a crash)."""
    out = []
    for w in words or []:
        if "\x00" in w:
            raise UsageError("a path cannot contain a NUL character")
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
    except (KeyboardInterrupt, EOFError):
        message("bonemets: interrupted")
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:  # a bug: say so in one line instead of a traceback
        internal_error(exc)
        raise typer.Exit(1) from None


def _complete(kind: str | None):
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from bonemets.names import complete_names

        return complete_names(kind, incomplete, ctx.params.get("data") or [])

    return complete


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bonemets {__version__}")
        raise typer.Exit()


def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    pass


# --- one entity ----------------------------------------------------------------------------------------

_EXAMPLES = {"cancer": "prostate", "lesion": "lytic", "symptom": "spinal-cord-compression",
             "therapy": "denosumab", "diagnostic": "bone-scan", "topic": "vicious-cycle"}


def _lookup_command(kind: schema.Kind) -> None:
    def lookup(s: Session, name: Annotated[str, typer.Argument(metavar="NAME", autocompletion=_complete(kind.name),
                                                               help=f"A {kind.name} name, id or alias.")]) -> None:
        from bonemets.views import entity_doc

        s.show(entity_doc(s.kb, s.kb.find(name, kind.name)))

    lookup.__doc__ = (f"Show one {kind.title.lower()} with every fact, its sources and review date.\n\n"
                      f"\b\nExamples:\n  bonemets {kind.name} {_EXAMPLES[kind.name]}\n"
                      f"  bonemets {kind.name} {_EXAMPLES[kind.name]} --json\n"
                      f"  bonemets list {kind.plural}")
    command("", kind.name)(lookup)


for _kind in schema.KINDS.values():
    if _kind.name != "score":
        _lookup_command(_kind)


@command("", "list")
def list_(s: Session, kind: Annotated[Optional[str], typer.Argument(
        metavar="[KIND]", help="cancers, lesions, symptoms, therapies, diagnostics, topics or scores.",
        autocompletion=lambda incomplete: [k.plural for k in schema.KINDS.values()
                                           if k.plural.startswith(incomplete)])] = None) -> None:
    """List every entry (or every entry of one kind) with its one-line summary.

    \b
    Examples:
      bonemets list
      bonemets list cancers
      bonemets list scores --json
    """
    from bonemets.views import list_doc

    k = None
    if kind is not None:
        k = schema.kind_of(kind)
        if k is None:
            raise UsageError(f"unknown kind {kind!r}; choose from: {', '.join(x.plural for x in schema.KINDS.values())}")
    s.show(list_doc(s.kb, k))


@command("", "compare")
def compare(s: Session, names: Annotated[List[str], typer.Argument(
        metavar="A B [C ...]", autocompletion=_complete(None), help="Two or more entries of one kind.")]) -> None:
    """Compare two or more entries of one kind side by side, one row per attribute.

    \b
    Examples:
      bonemets compare lytic blastic
      bonemets compare breast prostate lung
      bonemets compare denosumab zoledronic-acid
    """
    from bonemets.views import compare_doc

    if len(names) < 2:
        raise UsageError("compare needs at least two names, e.g. 'bonemets compare lytic blastic'")
    ents = [s.kb.find(n) for n in names]
    kinds = {e["kind"] for e in ents}
    if len(kinds) > 1:
        which = ", ".join(f"{n} is a {e['kind']}" for n, e in zip(names, ents, strict=False))
        raise UsageError(f"compare takes entries of one kind ({which})")
    ids = [e["id"] for e in ents]
    if len(set(ids)) < len(ids):
        raise UsageError("compare needs different entries; two names lead to the same one")
    s.show(compare_doc(s.kb, ents))


@command("", "symptoms")
def symptoms(
    s: Session,
    red_flags: Annotated[bool, typer.Option("--red-flags", help="Only the emergencies and urgent flags, most urgent first.")] = False,
    cancer: Annotated[Optional[str], typer.Option("--cancer", metavar="NAME", autocompletion=_complete("cancer"),
                                                  help="Only what matters for this primary cancer.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Go through the checklist symptom by symptom (needs a terminal, "
                                        "or --present).")] = False,
    present: Annotated[Optional[str], typer.Option("--present", metavar="ID,ID,...",
                                                   help="With --check: the symptoms present, for scripts.")] = None,
) -> None:
    """The symptom checklist: symptom, what it may mean, urgency, what to do.

    \b
    Examples:
      bonemets symptoms
      bonemets symptoms --red-flags
      bonemets symptoms --cancer prostate
      bonemets symptoms --check --present back-pain,leg-weakness
    """
    from bonemets.views import symptoms_doc

    if present is not None or check:
        from bonemets.checklist import run_check

        run_check(s, present, red_flags=red_flags, cancer=cancer)
        return
    items = s.kb.symptoms(red_flags=red_flags, cancer=cancer)
    title = "Red flags, most urgent first" if red_flags else "Symptom checklist"
    if cancer:
        title += f" — {s.kb.find(cancer, 'cancer')['name']}"
    s.show(symptoms_doc(s.kb, items, title))


@command("", "search")
def search(s: Session, query: Annotated[List[str], typer.Argument(metavar="QUERY", help="Words to look for.")]) -> None:
    """Full-text search over names, aliases and facts, best match first.

    \b
    Examples:
      bonemets search fracture
      bonemets search rank ligand
    """
    from bonemets.views import search_doc

    q = " ".join(query)
    hits = s.kb.search(q)
    if not hits:
        raise NotFound(f"nothing matches {q!r}", hint="try fewer or shorter words, or 'bonemets list'")
    s.show(search_doc(q, hits))


@command("", "sources")
def sources(s: Session, source_id: Annotated[Optional[str], typer.Argument(
        metavar="[ID]", help="One source id.",
        autocompletion=lambda incomplete: __import__("bonemets.names").names.complete_sources(incomplete))] = None) -> None:
    """The bibliography: every source, or one source in full with what cites it.

    \b
    Examples:
      bonemets sources
      bonemets sources seed-003-bone-mets-page
    """
    import difflib

    from bonemets.views import sources_doc

    kb = s.kb
    if source_id is None:
        s.show(sources_doc(kb, None))
        return
    if source_id not in kb.sources:
        close = difflib.get_close_matches(source_id, list(kb.sources), n=4, cutoff=0.5)
        raise NotFound(f"no source with id {source_id!r}",
                       hint=("did you mean: " + ", ".join(close) + "?") if close else "see 'bonemets sources'")
    s.show(sources_doc(kb, kb.sources[source_id]))


def validate(targets: Annotated[Optional[List[str]], typer.Argument(
        metavar="[PATH ...]", help="Fact files or directories (default: the shipped data).")] = None,
        seeds: Annotated[Optional[str], typer.Option(
            "--seeds", metavar="DIR", help="The seed documents' directory: check that every quote is in "
                                           "the seed it cites.")] = None) -> None:
    """Check fact files and report every problem as path:line:col: message (exit 1 if any error).

    Shipped facts must carry their evidence: a verbatim quote when they cite a seed document, a locator
    otherwise; in local files a missing one is a warning.

    \b
    Examples:
      bonemets validate
      bonemets validate my-hospital-data/
      bonemets validate --seeds ../shared/seeds
    """
    from bonemets.validate import check

    def go():
        seed_dir = paths([seeds])[0] if seeds else None
        if seed_dir is not None and not seed_dir.is_dir():
            raise UsageError(f"--seeds: {seeds!r} is not a directory")
        issues, nfiles, nents = check(paths(targets) or None, seeds=seed_dir)
        for i in issues:
            message(str(i))
        errors = [i for i in issues if not i.warning]
        if errors:
            message(f"bonemets: {len(errors)} problem(s) in {nfiles} file(s)")
            raise typer.Exit(1)
        warned = f", {len(issues)} warning(s)" if issues else ""
        typer.echo(f"ok: {nfiles} files, {nents} entities checked{warned}")

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
    words = os.environ["COMP_WORDS"].split()
    try:
        cword = int(os.environ.get("COMP_CWORD", "0"))
    except ValueError:
        return None
    return words[1:cword] if cword > 1 else None


def make_app(argv: list[str] | None = None) -> typer.Typer:
    """The Typer app with the commands ``argv`` needs (all of them when argv is None)."""
    first, second = _wanted(argv)
    app = typer.Typer(name="bonemets", help=HELP, rich_markup_mode=None, pretty_exceptions_enable=False,
                      no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
    app.callback()(_root)
    if first in (None, "score", "prognosis"):
        from bonemets import score_commands  # built from the score tables, local ones included

        score_commands.register(argv)
    for (group, name), (fn, kw) in REGISTRY.items():
        if group == "" and first in (None, name):
            app.command(name, **kw)(fn)
    if first in (None, "score"):
        score_app = typer.Typer(help=SCORE_HELP, rich_markup_mode=None, no_args_is_help=True)
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
    argv = _argv_for_completion() if os.environ.get("_BONEMETS_COMPLETE") else sys.argv[1:]
    try:
        make_app(argv)(prog_name="bonemets")
    except BrokenPipeError:
        quiet_broken_pipe()
        sys.exit(0)
    except KeyboardInterrupt:
        message("bonemets: interrupted")
        sys.exit(130)
    except Exception as exc:  # outside a command (argument parsing, completion): one line, never a traceback
        internal_error(exc)
        sys.exit(1)
