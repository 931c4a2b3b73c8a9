"""`bonemets score NAME`: one command per score, its options built from the score's own table."""

import enum
import inspect
import sys
from typing import Annotated, Optional

import typer

from bonemets import session
from bonemets.cli import command
from bonemets.errors import UsageError
from bonemets.scores import ScoreInputError, compute
from bonemets.scores.tables import SCORES
from bonemets.session import Session


def _ask(option: str, label: str, allowed: list[str] | None) -> str:
    """Prompt on a terminal for one missing option until the answer is allowed (Ctrl-C/EOF leave)."""
    hint = f" [{'/'.join(allowed)}]" if allowed else ""
    while True:
        sys.stderr.write(f"{label} (--{option}){hint}: ")
        sys.stderr.flush()
        answer = input().strip()
        if answer and (allowed is None or answer.lower() in allowed):
            return answer.lower() if allowed else answer
        sys.stderr.write(f"  choose one of: {', '.join(allowed)}\n" if allowed else "  a value is needed\n")


def _show(s: Session, score_id: str, given: dict, spec: dict) -> None:
    """Fill missing inputs (prompt on a TTY, else a usage error), compute, render."""
    from bonemets.views import score_doc

    for key, (label, allowed) in spec.items():
        if given.get(key) in (None, ""):
            if not session.interactive():
                choices = f"; choose from: {', '.join(allowed)}" if allowed else ""
                raise UsageError(f"missing option --{key} ({label}){choices}")
            given[key] = _ask(key, label, allowed)
    try:
        result = compute(score_id, given)
    except ScoreInputError as exc:
        raise UsageError(exc.message) from None
    s.show(score_doc(s.kb, result))


def _starting_with(words: list):
    def complete(incomplete: str) -> list:
        return [w for w in words if w.startswith(incomplete)]

    return complete


def _table_command(sc) -> None:
    params, spec = [], {}
    for item in sc.items:
        name = item.key.replace("-", "_")
        if item.choices and item.key != "primary":
            typ = enum.Enum(f"{sc.id}_{name}", {w: w for w in item.words()}, type=str)
            ann = Annotated[Optional[typ], typer.Option(f"--{item.key}", case_sensitive=False, help=item.label)]
        elif item.choices:  # a name with synonyms: checked by the score, completed here
            words = item.words()
            ann = Annotated[Optional[str], typer.Option(
                f"--{item.key}", metavar="NAME", help=f"{item.label}: {', '.join(words)}.",
                autocompletion=_starting_with(words))]
        else:
            ann = Annotated[Optional[str], typer.Option(f"--{item.key}", metavar="N", help=item.label)]
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ann))
        spec[item.key] = (item.label, item.words() or None)

    def run_score(s: Session, **kw) -> None:
        given = {}
        for item in sc.items:
            v = kw.get(item.key.replace("-", "_"))
            given[item.key] = v.value if isinstance(v, enum.Enum) else v
        _show(s, sc.id, given, spec)

    run_score.__signature__ = inspect.Signature(
        [inspect.Parameter("s", inspect.Parameter.POSITIONAL_OR_KEYWORD)] + params)
    opts = " ".join(f"--{i.key} {i.words()[-1] if i.choices else 'N'}" for i in sc.items)
    run_score.__doc__ = (f"{sc.name}.\n\n{sc.formula}.\n\n\b\nExample:\n  bonemets score {sc.id} {opts}\n\n"
                         "Missing options are asked for on a terminal; elsewhere they are a usage error (exit 2).")
    run_score.__name__ = sc.id
    command("score", sc.id)(run_score)


for _sc in SCORES.values():
    _table_command(_sc)


class Units(str, enum.Enum):
    mgdl = "mg/dl"
    mmoll = "mmol/l"


@command("score", "calcium")
def calcium(
    s: Session,
    calcium: Annotated[Optional[str], typer.Option("--calcium", metavar="X", help="Measured total calcium.")] = None,
    albumin: Annotated[Optional[str], typer.Option("--albumin", metavar="Y",
                                                   help="Albumin: g/dL with mg/dl, g/L with mmol/l.")] = None,
    units: Annotated[Units, typer.Option("--units", case_sensitive=False, help="Units of calcium.")] = Units.mgdl,
) -> None:
    """Albumin-corrected calcium, banded by the US convention (named in the output).

    corrected = Ca + 0.8 x (4.0 - albumin) in mg/dL; Ca + 0.02 x (40 - albumin) in mmol/L.

    \b
    Examples:
      bonemets score calcium --calcium 11.2 --albumin 3.0
      bonemets score calcium --calcium 2.9 --albumin 30 --units mmol/l
    """
    _show(s, "calcium", {"calcium": calcium, "albumin": albumin, "units": units.value},
          {"calcium": ("measured calcium", None), "albumin": ("albumin", None)})
