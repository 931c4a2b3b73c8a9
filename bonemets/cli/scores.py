"""`bonemets score NAME` and `bonemets prognosis`: commands built from the score tables in the knowledge
base (shipped, BONEMETS_DATA and the --data directories on the command line), so a score that exists only
in an institution's directory gets its command too. ``register(argv)`` (called by cli.make_app) puts them
in cli.REGISTRY.
"""

import enum
import inspect
from pathlib import Path
from typing import Annotated, Optional

import typer

from bonemets.cli import session
from bonemets.cli.registry import REGISTRY, command
from bonemets.cli.session import Session
from bonemets.errors import UsageError
from bonemets.scores import ScoreInputError, compute
from bonemets.text import wrap_command

P = inspect.Parameter


def data_dirs(argv: list[str] | None) -> list[Path]:
    """The --data directories typed on the line (the command itself checks them)."""
    out, words = [], list(argv or [])
    for i, w in enumerate(words):
        value = w.partition("=")[2] if w.startswith("--data=") else words[i + 1] if w == "--data" and \
            i + 1 < len(words) else None
        if value and "\x00" not in value:
            out.append(Path(value))
    return out


def _required(table: dict, given: dict) -> list[dict]:
    """Items the user must give: no default, not optional, not worked out from values given."""
    values_given = any(given.get(v["key"]) not in (None, "") for v in table.get("values", []))
    return [i for i in table["items"] if i.get("default") is None and not i.get("optional")
            and not (i.get("derive") and values_given)]


def _show(s: Session, score_id: str, given: dict) -> None:
    """Fill missing inputs (prompt on a TTY, else a usage error), compute, render."""
    from bonemets.views import score_doc

    table = s.kb.entities[score_id]["table"]
    missing = [i for i in _required(table, given) if given.get(i["key"]) in (None, "")]
    if missing and not session.interactive():
        item = missing[0]
        allowed = [c["word"] for c in item.get("choices", [])]
        choices = f"; choose from: {', '.join(allowed)}" if allowed else ""
        raise UsageError(f"missing option --{item['key']} ({item['label']}){choices}")
    if missing:
        from bonemets.cli import prompts
        prompts.fill(table, missing, given, s.kb, table.get("title") or s.kb.entities[score_id]["name"])
    try:
        result = compute(score_id, given, s.kb)
    except ScoreInputError as exc:
        raise UsageError(exc.message) from None
    s.show(score_doc(s.kb, result))


def _starting_with(words: list):
    def complete(incomplete: str) -> list:
        return [w for w in words if w.startswith(incomplete)]

    return complete


def _choice_option(prefix: str, flag: str, words: list, label: str, default=None):
    typ = enum.Enum(f"{prefix}_{flag}".replace("-", "_"), {w: w for w in words}, type=str)
    shown = "<" + "|".join(words) + ">"
    if len(flag) + len(shown) > 40:  # a metavar that would not fit a 60-column help line: the words go in the help
        kw = {"metavar": "WORD", "help": f"{label}: {', '.join(words)}"}
    else:
        kw = {"help": label}
    ann = Annotated[Optional[typ], typer.Option(f"--{flag}", case_sensitive=False, **kw)]
    return ann, (typ(default) if default is not None else None)


def _param(flag: str) -> str:
    """A Python name for an option: never a keyword, never the session's 's' (the flag is declared apart)."""
    return "opt_" + flag.replace("-", "_")


def _item_param(sc_id: str, item: dict) -> P:
    name, flag, words = _param(item["key"]), item["key"], [c["word"] for c in item.get("choices", [])]
    default = None
    if words and not item.get("names"):
        ann, default = _choice_option(sc_id, flag, words, item["label"], item.get("default"))
    elif words:  # a name with synonyms and cancer names: checked by the score, completed here
        ann = Annotated[Optional[str], typer.Option(f"--{flag}", metavar="NAME", autocompletion=_starting_with(words),
                                                    help=f"{item['label']}: {', '.join(words)}, or a cancer name.")]
    else:
        num = item["number"]
        rng = f" ({num['min']}-{num['max']})" if num.get("min") is not None and num.get("max") is not None else ""
        ann = Annotated[Optional[str], typer.Option(f"--{flag}", metavar="X" if num.get("decimal") else "N",
                                                    help=item["label"] + rng)]
    return P(name, P.KEYWORD_ONLY, default=default, annotation=ann)


def _value_param(v: dict, stands_for: str) -> P:
    return P(_param(v["key"]), P.KEYWORD_ONLY, default=None, annotation=Annotated[Optional[str], typer.Option(
        f"--{v['key']}", metavar="X", help=f"{v['label']} in {v['unit']} (instead of --{stands_for})")])


def _plain(v):
    return v.value if isinstance(v, enum.Enum) else v


def _help(ent: dict, example: str, pathways=()) -> str:
    from bonemets.scores.base import VERIFICATION_MEANING

    t = ent["table"]
    local = f"\n\nLOCAL SCORE from {ent.get('_path')}: not part of bonemets' reviewed content." if ent.get("_local") else ""
    used = ("\n\n\b\nUsed in:\n" + "\n".join(f"  bonemets pathway {h.id}" for h in pathways)) if pathways else ""
    return (f"{t.get('title') or ent['name']}.\n\n{t['formula']}.\n\nVerification: {t['verification']} "
            f"({VERIFICATION_MEANING[t['verification']]}).{local}\n\n\b\nExample:\n  {wrap_command(example, indent='      ')}"
            f"{used}\n\n"
            "Missing options are asked for on a terminal; elsewhere they are a usage error (exit 2).")


def _score_command(ent: dict, pathways=()) -> None:
    t = ent["table"]
    params = [_item_param(ent["id"], i) for i in t["items"]]
    derived = next((i["key"] for i in t["items"] if i.get("derive")), "")
    params += [_value_param(v, derived) for v in t.get("values", [])]
    keys = [i["key"] for i in t["items"]] + [v["key"] for v in t.get("values", [])]

    def run_score(s: Session, **kw) -> None:
        if kw.pop("show_table", False):  # the reference table itself, no computation
            from bonemets.views.scoretable import score_table_doc

            s.show(score_table_doc(s.kb, s.kb.entities[ent["id"]]))
            return
        _show(s, ent["id"], {k: _plain(kw.get(_param(k))) for k in keys})

    params.append(P("show_table", P.KEYWORD_ONLY, default=False, annotation=Annotated[bool, typer.Option(
        "--table", help="Show the score's table (every item, choice, points, band and meaning, with sources) "
                        "instead of computing it.")]))
    run_score.__signature__ = inspect.Signature([P("s", P.POSITIONAL_OR_KEYWORD)] + params)
    example = t.get("example") or " ".join(f"--{i['key']} {i['choices'][-1]['word'] if 'choices' in i else 'N'}"
                                           for i in t["items"])
    run_score.__doc__ = _help(ent, f"bonemets score {ent['id']} {example}", pathways)
    run_score.__name__ = ent["id"].replace("-", "_")
    command("score", ent["id"])(run_score)


def _prognosis_command(kb) -> None:
    from bonemets.scores import panel

    opts = panel.options(kb)
    params = []
    for o in opts:
        if o.words:
            ann, _ = _choice_option("prognosis", o.flag, list(o.words), o.label)
        else:
            ann = Annotated[Optional[str], typer.Option(f"--{o.flag}", metavar=o.metavar, help=o.label)]
        params.append(P(_param(o.flag), P.KEYWORD_ONLY, default=None, annotation=ann))

    def prognosis(s: Session, **kw) -> None:
        from bonemets.views.panel import panel_doc

        given = {o.flag: _plain(kw.get(_param(o.flag))) for o in opts}
        if all(v in (None, "") for v in given.values()) and session.interactive():
            from bonemets.cli import prompts
            prompts.fill_panel(opts, given, s.kb)
        if all(v in (None, "") for v in given.values()):
            raise UsageError("give the inputs you have, e.g. --primary and the scores' options (see --help)")
        try:
            entries = panel.compute(s.kb, given)
        except ScoreInputError as exc:
            raise UsageError(exc.message) from None
        s.show(panel_doc(s.kb, given, entries, panel.agreement(s.kb, entries)))

    prognosis.__signature__ = inspect.Signature([P("s", P.POSITIONAL_OR_KEYWORD)] + params)
    names = ", ".join(e["name"] for e in panel.members(kb))
    prognosis.__doc__ = (
        f"The prognostic scores side by side ({names}): each total, band and published survival, the inputs "
        "each used, and where they disagree.\n\nA score whose input is missing is shown as 'needs --X', never "
        "guessed. --primary feeds each table's primary item; it sets a growth group only where the table itself "
        "lists that cancer in one group (New Katagiri), never for Tomita.\n\n\b\nExample:\n  " + wrap_command(
        "bonemets prognosis --primary kidney --tokuhashi-kps 80 --tokuhashi-extraspinal-foci 0 "
        "--tokuhashi-vertebral-mets 1 --tokuhashi-visceral none --tokuhashi-palsy none --tomita-growth moderate "
        "--tomita-visceral none --tomita-bone solitary --bauer-visceral absent --skeletal solitary "
        "--katagiri-visceral none --katagiri-labs normal --katagiri-ecog 1 --katagiri-previous-chemo no", indent="      "))
    command("", "prognosis")(prognosis)


def register(argv: list[str] | None = None) -> None:
    """(Re)build every score command, and `prognosis`, from the knowledge base argv's --data sees."""
    from bonemets.cli import scoregroup
    from bonemets.knowledge.base import KnowledgeBase

    kb = scoregroup.KB = KnowledgeBase.load(data_dirs(argv))
    for key in [k for k in REGISTRY if k[0] == "score" or k == ("", "prognosis")]:
        del REGISTRY[key]
    for ent in kb.of_kind("score"):
        if ent.get("table"):
            _score_command(ent, kb.pathways_using(ent["id"]))
    _prognosis_command(kb)
