"""The command line's grammar where the fast path and the Typer app meet, written once: the output options every
data command takes and the options of the commands answered before Typer is imported (spelling, help, whether
they take a value), and what each of those commands accepts. Pure data with no import, read by both the Typer
app (bonemets.cli.registry and bonemets.cli.app build those options from it) and the fast path (bonemets.cli.fast
parses argv with it), so the two cannot disagree about what a command takes. Options only Typer parses (a
score's items, a leaflet's --contact) are declared where their command is."""
from __future__ import annotations

from typing import NamedTuple


class Opt(NamedTuple):
    flag: str          # as typed; a "--x/--no-x" pair is one option
    help: str
    value: bool = False  # takes a value (the next word, or after "=")
    metavar: str = ""


COLORS = ("auto", "always", "never")

# The output options every data command takes, before the command or after it.
OUTPUT = {
    "json": Opt("--json", "Write the data as JSON (stdlib json) instead of a table."),
    "plain": Opt("--plain", "Plain 'field: value' lines even on a terminal (the default when piped)."),
    "color": Opt("--color", "Colour in tables: auto honours NO_COLOR, FORCE_COLOR and TERM=dumb.", value=True),
    "pager": Opt("--pager/--no-pager", "Page output on a terminal: by default only when taller than the screen, "
                 "through BONEMETS_PAGER, PAGER or less."),
    "data": Opt("--data", "Add your own fact files on top of the shipped ones (repeatable; also BONEMETS_DATA).",
                value=True, metavar="DIR"),
}

# Options of single commands.
OWN = {
    "brief": Opt("--brief", "One screen: the key facts and their references only."),
    "evidence": Opt("--evidence", "Show under each fact the words it rests on (a verbatim quote from a seed "
                    "document) or where in its source it is (a locator)."),
    "red_flags": Opt("--red-flags", "Only the red flags, most urgent first."),
    "cancer": Opt("--cancer", "What the sources tie to this primary cancer first, then the red flags of every "
                  "primary.", value=True, metavar="NAME"),
    "check": Opt("--check", "Ask about each sign in plain words, grouped, then summarise: red flags first, then "
                 "the rest, then what was skipped (needs a terminal, or --present)."),
    "present": Opt("--present", "With --check: the symptoms present, for scripts.", value=True, metavar="ID,ID,..."),
}


def flags(opt: Opt) -> tuple[str, ...]:
    """The words an option is typed as: ("--pager", "--no-pager") for a pair."""
    return tuple(opt.flag.split("/"))


OUTPUT_FLAGS = tuple(f for o in OUTPUT.values() if not o.value for f in flags(o))
OUTPUT_VALUED = tuple(o.flag for o in OUTPUT.values() if o.value)

LOOKUPS = ("cancer", "lesion", "symptom", "therapy", "diagnostic", "topic")


class Fast(NamedTuple):
    """What a command answered before Typer is imported takes: its own options (by OWN key), the positional
    words ("some", "one-or-none", "none"). Anything else in argv sends the request to Typer."""
    own: tuple[str, ...]
    words: str


FAST = {**{k: Fast(("brief", "evidence"), "some") for k in LOOKUPS}, "compare": Fast(("evidence",), "some"),
        "list": Fast((), "one-or-none"), "search": Fast((), "some"),
        "symptoms": Fast(("red_flags", "cancer", "evidence"), "none")}
