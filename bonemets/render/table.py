"""Rich tables for a terminal. Every data string enters Rich as ``Text`` (never markup).

Colour carries meaning: red flags and emergencies bold red, urgent yellow, disagreements and unverified
values bold yellow, totals and bands bold, citation marks and ids dim. At any width, no column is
narrower than its longest word, ids and commands never break, and a comparison that cannot fit side
by side is shown as one block per entry.
"""
from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from bonemets.doc import MARK_OFF, MARK_ON, Fields, Grid, Line
from bonemets.render import terminal_size
from bonemets.text import neutralise

STYLE = {"emergency": "bold red", "flag": "bold red", "urgent": "bold yellow", "differ": "bold yellow",
         "unverified": "bold yellow", "strong": "bold", "dim": "dim", "command": "cyan"}
MAX_WORD = 24  # a column is never narrower than its longest word, up to this
MIN_STACK = 26  # below this many columns per entry, compare shows one block per entry


def _text(s: str, style: str = "") -> Text:
    return Text(neutralise(s), style=style)


def _snippet(s: str) -> Text:
    """Search snippet: the markers around matched words become emphasis; everything else stays inert."""
    out = Text()
    for i, part in enumerate(s.split(MARK_ON)):
        if i == 0:
            out.append(neutralise(part))
            continue
        hit, _, rest = part.partition(MARK_OFF)
        out.append(neutralise(hit), style="bold underline")
        out.append(neutralise(rest))
    return out


def _line(ln: Line) -> Text:
    out = Text()
    if ln.lead:
        out.append(_text(ln.lead, STYLE.get(ln.lead_style, "")))
    out.append(_snippet(ln.text) if ln.style == "snippet" else _text(ln.text, STYLE.get(ln.style, "")))
    if ln.marks:  # "[1,2]": a mark is one word, never split across lines
        out.append(_text(" " + ln.marks.replace(", ", ","), "dim"))
    if ln.note.startswith("bonemets "):  # a command: on its own line, so it never breaks
        out.append("\n  ")
        out.append(_text(ln.note, "cyan"))
    elif ln.note:
        out.append(_text(f"  {ln.note}", "dim"))
    for e in ln.evidence:
        out.append("\n")
        out.append(_text(f"    {e}", "dim italic"))
    return out


DIFFER = "SOURCES DIFFER"


def cell(value) -> Text:
    if isinstance(value, str):
        return _text(value)
    out = Text()
    facts = [ln for ln in value if ln.marks and not ln.lead.startswith("[")]  # cited statements get bullets
    for i, ln in enumerate(value):
        if i:
            out.append("\n")
        shared = ln.lead.startswith(DIFFER) and any(o.lead == ln.lead for o in value if o is not ln)
        if shared and (i == 0 or value[i - 1].lead != ln.lead):  # one header for a disagreement
            out.append(_text(ln.lead.rstrip().rstrip(":") + ":", STYLE.get(ln.lead_style, "")))
            out.append("\n")
        if shared:
            out.append("  • ")
            ln = ln._replace(lead="")
        elif len(facts) > 1 and ln in facts:
            out.append("• ")
        out.append(_line(ln))
    return out


def _longest_word(texts) -> int:
    return min(MAX_WORD, max((len(w) for t in texts for w in t.split()), default=4))


def _fields(block: Fields, width: int, ascii_only: bool = False) -> Table:
    labels = [label for label, _ in block.rows]
    label_w = max(_longest_word(labels), 16 if width >= 80 else 12)
    value_w = width - label_w - 2 * 2 - 3  # cell padding, two edges and one separator, as Rich counts them
    t = Table(box=box.ASCII if ascii_only else box.ROUNDED, show_header=False, show_lines=True,
              title=_text(block.title, "bold") if block.title else None, title_justify="left")
    t.add_column(style="bold cyan", width=label_w, overflow="fold")
    t.add_column(width=value_w, overflow="fold")
    for label, value in block.rows:
        t.add_row(_text(label), cell(value))
    return t


def _plain_of(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [ln.text for ln in value]


def _commands(value) -> list[str]:
    if isinstance(value, str):
        return []
    return [ln.note for ln in value if ln.note.startswith("bonemets ")] + \
        [ln.text for ln in value if ln.style == "command"]


def _min_width(block: Grid, i: int) -> int:
    column = [block.header[i]] + [x for row in block.rows for x in _plain_of(row[i])]
    if i in block.nowrap:
        return max(len(x) for x in column)
    commands = [c for row in block.rows for c in _commands(row[i])]  # a command is one unbreakable word
    return max([_longest_word(column)] + [len(c) + 2 for c in commands])


def _folded(block: Grid, width: int) -> Grid:
    """Move each (column, into) of ``fold`` under the text of another column when the columns cannot all fit."""
    need = sum(max(_min_width(block, i), 0 if i in block.nowrap else 20) + 3 for i in range(len(block.header)))
    if not block.fold or need <= width:
        return block
    moved = {src for src, _into in block.fold}
    keep = [i for i in range(len(block.header)) if i not in moved]
    rows = []
    for row in block.rows:
        cells = {i: ([Line(row[i])] if isinstance(row[i], str) else list(row[i])) for i in keep}
        for src, into in block.fold:
            c = row[src]
            cells[into] += [Line(c, style="command" if c.startswith("bonemets ") else "dim")] \
                if isinstance(c, str) else list(c)
        rows.append([cells[i] for i in keep])
    return block._replace(header=[block.header[i] for i in keep], rows=rows, fold=(),
                          nowrap=tuple(keep.index(i) for i in block.nowrap if i in keep))


def _shown(value) -> list[str]:
    """The lines a cell shows before wrapping (bullets, marks and notes included)."""
    if isinstance(value, str):
        return value.split("\n")
    out = []
    for ln in value:
        note = "" if ln.note.startswith("bonemets ") else (f"  {ln.note}" if ln.note else "")
        marks = f" {ln.marks.replace(', ', ',')}" if ln.marks else ""
        out.append("• " * (len(value) > 1) + ln.lead + ln.text + marks + note)
        if ln.note.startswith("bonemets "):
            out.append("  " + ln.note)
        out += [f"    {e}" for e in ln.evidence]
    return out


def _natural(block: Grid, i: int) -> int:
    """The widest line a column holds, its header included."""
    return max(len(x) for x in [block.header[i]] + [x for row in block.rows for x in _shown(row[i])])


def _widths(block: Grid, width: int) -> list[int] | None:
    """Every column's width, worked out here so Rich need not measure each cell (a measurable part of a long
    table's cost); None when the columns cannot all get their minimum (Rich then decides)."""
    n = len(block.header)
    avail = width - 2 * n - (2 + n - 1)  # cell padding, edges and separators, as Rich counts them
    least = [_min_width(block, i) for i in range(n)]
    if sum(least) > avail:
        return None
    want = [max(least[i], _natural(block, i)) for i in range(n)]
    if 0 not in block.nowrap and n > 1:
        want[0] = min(want[0], max(least[0], width // 4))
    flexible = [i for i in range(n) if i not in block.nowrap]
    widths = list(want)
    while sum(widths) > avail and flexible:
        widest = max(flexible, key=lambda i: widths[i] - least[i])
        if widths[widest] <= least[widest]:
            return None
        widths[widest] -= 1
    if sum(widths) < avail and flexible:  # the room left goes to the longest text
        last = max(flexible, key=lambda i: want[i])
        widths[last] += avail - sum(widths)
    return widths


def _grid(block: Grid, width: int, ascii_only: bool = False) -> Table:
    block = _folded(block, width)
    several = any(isinstance(c, list) and len(c) > 1 for row in block.rows for c in row)
    widths = _widths(block, width)
    t = Table(box=box.ASCII if ascii_only else box.SIMPLE_HEAD, expand=widths is None, show_lines=several,
              width=width if widths is None else None,
              title=_text(block.title, "bold") if block.title else None, title_justify="left")
    for i, head in enumerate(block.header):
        least = _min_width(block, i)
        fixed = {"width": widths[i]} if widths else {}
        if i in block.nowrap:
            t.add_column(_text(head), no_wrap=True, min_width=least, style="dim" if i else "", **fixed)
        else:
            t.add_column(_text(head), overflow="fold", min_width=least, style="bold cyan" if i == 0 else "",
                         max_width=None if widths else (max(least, width // 4) if i == 0 else None), **fixed)
    for row in block.rows:
        t.add_row(*(cell(c) for c in row))
    return t


def _stacked(block: Grid, width: int, ascii_only: bool) -> list:
    """One Fields block per entry (column), for comparisons too wide to sit side by side."""
    out = []
    for j, name in enumerate(block.header[1:], start=1):
        out.append(_fields(Fields([(row[0], row[j]) for row in block.rows], name), width, ascii_only))
    return out


def renderables(doc, width: int, ascii_only: bool = False) -> list:
    parts = [_text(doc.title, "bold")]
    for block in doc.blocks:
        if isinstance(block, Fields):
            parts.append(_fields(block, width, ascii_only))
        elif block.stack and (width - 20) // max(1, len(block.header) - 1) < MIN_STACK:
            parts += _stacked(block, width, ascii_only)
        else:
            parts.append(_grid(block, width, ascii_only))
    parts += [_text(f, "dim") for f in doc.footer]
    return parts


def text(doc, *, colour: bool, width: int, ascii_only: bool = False) -> str:
    """The rendered tables as a string (written, or sent through the pager, by the caller)."""
    buf = io.StringIO()
    # Without colour, no escape sequence at all (NO_COLOR, --color never, TERM=dumb).
    # width and height given: Rich then never reads COLUMNS/LINES itself (int() of 5,000 digits fails there)
    console = Console(file=buf, width=width, height=terminal_size()[1], color_system="truecolor" if colour else None,
                      highlight=False,
                      emoji=False, markup=False, force_terminal=colour, legacy_windows=False, soft_wrap=False,
                      safe_box=ascii_only)
    console.print(Group(*renderables(doc, width, ascii_only)))
    return buf.getvalue()
