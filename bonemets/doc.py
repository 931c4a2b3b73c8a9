"""What a command prints, before it is printed: a ``Doc`` of blocks, rendered by any of bonemets.render.

A Doc carries both what a person reads (title, blocks, footer) and ``data``, the JSON payload with the
same content, so the table, the plain lines and the JSON never drift apart. Styles are semantic
("emergency", "differ", ...); each renderer decides what they look like.
"""
from __future__ import annotations

from typing import Any, NamedTuple, Union


class Line(NamedTuple):
    """One statement: its text, citation marks, emphasis, and the evidence shown with --evidence."""

    text: str
    marks: str = ""  # citation marks such as "[1, 3]", drawn dim
    style: str = ""  # emergency | urgent | flag | differ | unverified | strong | command | dim | ""
    lead: str = ""  # a styled lead-in before the text, e.g. "SOURCES DIFFER (label): "
    lead_style: str = ""
    evidence: tuple = ()  # lines shown under it with --evidence: quotes and locators
    note: str = ""  # a dim remark after the marks, e.g. "[S] secondary sources only"


Cell = Union[str, list]  # a string, or a list of Lines


class Fields(NamedTuple):
    """Label/value rows, one record."""

    rows: list
    title: str = ""


class Grid(NamedTuple):
    """A table with a header; in plain output each row becomes a record of ``header: value`` lines.

    ``nowrap`` names columns whose words must never break (ids, commands); ``stack`` lets a renderer
    that cannot fit the columns side by side show one block per column instead (compare); ``fold``
    columns move under the first column's text when the terminal is too narrow for them.
    """

    header: list
    rows: list
    title: str = ""
    nowrap: tuple = ()
    stack: bool = False
    fold: tuple = ()  # (column, into) pairs: shown under another column's text when the table is too narrow


class Doc(NamedTuple):
    title: str
    blocks: list = ()
    footer: list = ()
    data: Any = None
    plain_lines: list | None = None  # when set, plain output is exactly these lines


SCHEMA_VERSION = 1
MARK_ON, MARK_OFF = "\x02", "\x03"  # around matched words in a search snippet (never in loaded text)


def subjects(data: Any) -> set[str]:
    """What a page shows, read from its data: each entry it includes (a mapping with an id and a kind) by id,
    each source (an id and a citation) as "source:ID". Notices about local data concern these."""
    out: set[str] = set()
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if isinstance(x.get("id"), str):
                if "citation" in x:
                    out.add(f"source:{x['id']}")
                elif "kind" in x:
                    out.add(x["id"])
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
    return out


def envelope(command: str, **payload) -> dict:
    """Every command's JSON: one object with the contract's version first (bonemets/json-schema.json)."""
    return {"schema_version": SCHEMA_VERSION, "command": command, **payload}
