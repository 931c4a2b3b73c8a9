"""Rich tables for a terminal. Every data string enters Rich as ``Text`` (never markup)."""
from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from bonemets.text import neutralise
from bonemets.views import Fields, Grid


def _text(s: str, style: str = "") -> Text:
    return Text(neutralise(s), style=style)


def cell(value) -> Text:
    if isinstance(value, str):
        return _text(value)
    out = Text()
    for i, (text, meta) in enumerate(value):
        if i:
            out.append("\n")
        if len(value) > 1:
            out.append("• ")
        style = "bold yellow" if text.startswith(("SOURCES DIFFER", "UNVERIFIED")) else ""
        out.append(_text(text, style))
        if meta:
            out.append(_text(f"  [{meta}]", "dim"))
    return out


def _fields(block: Fields) -> Table:
    t = Table(box=box.ROUNDED, show_header=False, show_lines=True, expand=True,
              title=_text(block.title) if block.title else None)
    t.add_column(style="bold cyan", ratio=1, overflow="fold", min_width=12)
    t.add_column(ratio=4, overflow="fold")
    for label, value in block.rows:
        t.add_row(_text(label), cell(value))
    return t


def _grid(block: Grid) -> Table:
    t = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=True, title=_text(block.title) if block.title else None)
    for i, head in enumerate(block.header):
        t.add_column(_text(head), overflow="fold", style="bold cyan" if i == 0 else "", min_width=8)
    for row in block.rows:
        t.add_row(*(cell(c) for c in row))
    return t


def emit(doc, *, colour: bool, pager: bool) -> None:
    # Without colour, no escape sequence at all (NO_COLOR, --color never, TERM=dumb): plain styling off too.
    console = Console(color_system="auto" if colour else None, highlight=False, emoji=False, markup=False,
                      force_terminal=True if colour else None)
    parts = [_text(doc.title, "bold")]
    for block in doc.blocks:
        parts.append(_fields(block) if isinstance(block, Fields) else _grid(block))
    parts += [_text(f, "dim") for f in doc.footer]
    group = Group(*parts)
    if pager:
        with console.pager(styles=colour):
            console.print(group)
    else:
        console.print(group)
