"""Plain output for pipes: ``field: value`` lines, a blank line between records, nothing truncated.

Every string passes through ``neutralise`` so no control character reaches the output raw.
"""
from __future__ import annotations

import sys

from bonemets.text import neutralise
from bonemets.views import Fields, Grid


def cell_lines(cell) -> list[str]:
    if isinstance(cell, str):
        return [cell]
    out = []
    for text, meta in cell:
        out.append(f"{text} [{meta}]" if meta else text)
    return out


def _label(s: str) -> str:
    return s.casefold()


def lines(doc) -> list[str]:
    if doc.plain_lines is not None:
        return list(doc.plain_lines)
    out = [f"title: {doc.title}"]
    for block in doc.blocks:
        if isinstance(block, Fields):
            out.append("")
            for label, cell in block.rows:
                out += [f"{_label(label)}: {v}" for v in cell_lines(cell)]
        elif isinstance(block, Grid):
            for row in block.rows:
                out.append("")
                for head, cell in zip(block.header, row, strict=False):
                    out += [f"{_label(head)}: {v}" for v in cell_lines(cell)]
    if doc.footer:
        out.append("")
        out += [f"note: {f}" for f in doc.footer]
    return out


def safe_lines(doc) -> list[str]:
    return [neutralise(line) for line in lines(doc)]


def emit(doc) -> None:
    sys.stdout.write("".join(line + "\n" for line in safe_lines(doc)))
