"""Plain output for pipes: ``field: value`` lines, a blank line between records, nothing truncated.

Every string passes through ``neutralise``; a line break inside a value becomes an indented continuation
line, so no data can start a line that looks like a field of its own. ``--color always`` adds ANSI
colour; otherwise there is none.
"""
from __future__ import annotations

from bonemets.doc import MARK_OFF, MARK_ON, Fields, Grid, Line
from bonemets.text import neutralise

SGR = {"emergency": "1;31", "flag": "1;31", "urgent": "33", "differ": "1;33", "unverified": "1;33",
       "strong": "1", "dim": "2", "command": "36", "mark": "1"}


def _paint(text: str, style: str, colour: bool) -> str:
    code = SGR.get(style)
    return f"\x1b[{code}m{text}\x1b[0m" if colour and code and text else text


def _safe(s: str) -> str:
    """One line: control characters made inert; a newline becomes an indented continuation."""
    return neutralise(s).replace("\n", "\n    ")


def line_text(ln: Line, colour: bool) -> str:
    text = _safe(ln.text)
    if ln.style == "snippet":  # split on the match markers first: they must not be escaped
        on, off = ("\x1b[1m", "\x1b[0m") if colour else ("", "")
        text = on.join(off.join(_safe(p) for p in part.split(MARK_OFF)) for part in ln.text.split(MARK_ON))
        style = ""
    else:
        style = ln.style
    out = _paint(_safe(ln.lead), ln.lead_style, colour) + _paint(text, style, colour)
    if ln.marks:
        out += " " + _paint(_safe(ln.marks), "dim", colour)
    if ln.note:
        out += " " + _paint(f"[{_safe(ln.note)}]", "dim", colour)
    return out


def cell_lines(cell, colour: bool, evidence: bool = True) -> list[str]:
    """A cell's lines; evidence comes as indented continuation lines (they start with two spaces)."""
    if isinstance(cell, str):
        return [_safe(cell)]
    out = []
    for ln in cell:
        out.append(line_text(ln, colour))
        out += ["  evidence: " + _paint(_safe(e), "dim", colour) for e in ln.evidence]
    return out


def _field(label: str, values: list[str]) -> list[str]:
    name = _safe(label).casefold()
    return [v if v.startswith("  ") else f"{name}: {v}" for v in values]


def lines(doc, colour: bool = False, evidence: bool = True) -> list[str]:
    if doc.plain_lines is not None:
        return [_safe(x) for x in doc.plain_lines]
    out = [f"title: {_safe(doc.title)}"]
    for block in doc.blocks:
        if block.title:
            out += ["", f"section: {_safe(block.title)}"]
        if isinstance(block, Fields):
            out.append("")
            for label, cell in block.rows:
                out += _field(label, cell_lines(cell, colour, evidence))
        elif isinstance(block, Grid):
            for row in block.rows:
                out.append("")
                for head, cell in zip(block.header, row, strict=False):
                    out += _field(head, cell_lines(cell, colour, evidence))
    if doc.footer:
        out.append("")
        out += [f"note: {_safe(f)}" for f in doc.footer]
    return out


def text(doc, colour: bool = False, evidence: bool = True) -> str:
    return "".join(line + "\n" for line in lines(doc, colour, evidence))
