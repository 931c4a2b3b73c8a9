"""Print a Doc: one module per format behind one function, ``emit(doc, out)``.

- ``table``: Rich tables, for a terminal;
- ``plain``: ``field: value`` lines, no decoration, nothing cut, for pipes and ``--plain``;
- ``jsonout``: the Doc's data through the stdlib json module.

Data goes to stdout; messages go to stderr through ``message``.
"""
from __future__ import annotations

import os
import sys
from typing import NamedTuple

from bonemets.text import neutralise


class Output(NamedTuple):
    json: bool = False
    plain: bool = False
    color: str = "auto"  # auto | always | never
    pager: bool = False

    @property
    def mode(self) -> str:
        if self.json:
            return "json"
        if self.plain or not isatty(sys.stdout):
            return "plain"
        return "table"

    def colour_enabled(self) -> bool:
        """--color wins; then NO_COLOR (set and non-empty) beats FORCE_COLOR; TERM=dumb means none."""
        if self.color == "always":
            return True
        if self.color == "never":
            return False
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        if os.environ.get("TERM") == "dumb":
            return False
        return isatty(sys.stdout)


def isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def emit(doc, out: Output) -> None:
    mode = out.mode
    if mode == "json":
        from bonemets.render import jsonout

        jsonout.emit(doc)
    elif mode == "plain":
        from bonemets.render import plain

        if out.pager and isatty(sys.stdout):  # --plain on a terminal, paged
            import pydoc

            pydoc.pager("".join(line + "\n" for line in plain.safe_lines(doc)))
        else:
            plain.emit(doc)
    else:
        from bonemets.render import table

        table.emit(doc, colour=out.colour_enabled(), pager=out.pager)
    sys.stdout.flush()  # a closed pipe shows up here, inside the command, not at interpreter exit


def message(text: str) -> None:
    """A message for the person at the terminal: stderr, control characters made inert."""
    sys.stderr.write(neutralise(text) + "\n")
    sys.stderr.flush()
