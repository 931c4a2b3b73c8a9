"""The Typer commands, one function each: their arguments, options and help. Each calls its body in
bonemets.cli.commands; bonemets.cli.build puts them on an app."""

import enum
from typing import Annotated, List, Optional

import typer

from bonemets import DISCLAIMER, __version__
from bonemets.cli import commands
from bonemets.cli import completion as complete
from bonemets.cli.grammar import OWN
from bonemets.cli.registry import BRIEF, EVIDENCE, REGISTRY, command, option, paths, run
from bonemets.cli.session import Session
from bonemets.errors import UsageError
from bonemets.knowledge import schema
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
        metavar="[KIND]", help=", ".join(k.plural for k in schema.KINDS.values()) + ".",
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
    red_flags: Annotated[bool, option(OWN["red_flags"])] = False,
    cancer: Annotated[Optional[str], option(OWN["cancer"], autocompletion=complete.option_names("cancer"))] = None,
    check: Annotated[bool, option(OWN["check"])] = False,
    present: Annotated[Optional[str], option(OWN["present"], autocompletion=complete.id_list("symptom"))] = None,
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
