"""Print a Doc: one module per format behind one function, ``emit(doc, out)``.

- ``table``: Rich tables, for a terminal;
- ``plain``: ``field: value`` lines, no decoration, nothing cut, for pipes and ``--plain``;
- ``jsonout``: the Doc's data through the stdlib json module.

Data goes to stdout; messages go to stderr through ``message``. Paging works as git's does: on a
terminal, output taller than the screen goes through ``$BONEMETS_PAGER``, else ``$PAGER``, else
``less`` (with ``LESS=FRX`` unless LESS is set, so colour shows and short output is not paged);
``--no-pager`` turns it off, ``--pager`` forces it; never when piped or with ``--json``. A terminal
that cannot show UTF-8 gets a faithful ASCII rendering; output that cannot be written ends with one
line and exit 1.
"""
from __future__ import annotations

import os
import sys
from typing import NamedTuple

from bonemets.errors import BonemetsError
from bonemets.text import neutralise

MIN_WIDTH, MAX_WIDTH = 40, 400


class OutputError(BonemetsError):
    """stdout is closed, full or not writable."""

    exit_code = 1


class Output(NamedTuple):
    json: bool = False
    plain: bool = False
    color: str = "auto"  # auto | always | never
    pager: str = "auto"  # auto | always | never
    evidence: bool = False

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
            return isatty(sys.stdout)  # FORCE_COLOR colours a terminal table; piped output stays plain
        if os.environ.get("TERM") == "dumb":
            return False
        return isatty(sys.stdout)


def isatty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _env_int(name: str) -> int | None:
    """A whole number from the environment; more digits than any screen has count as 'very large'
    (int() of thousands of digits is refused by the interpreter)."""
    raw = os.environ.get(name, "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw) if len(raw) <= 9 else 10**9


def terminal_size() -> tuple[int, int]:
    """(columns, lines), clamped to a sane range: COLUMNS=0 or 10**9 never breaks the layout."""
    cols, rows = _env_int("COLUMNS"), _env_int("LINES")
    if cols is None or rows is None:
        try:
            size = os.get_terminal_size(sys.stdout.fileno())
            cols, rows = cols or size.columns, rows or size.lines
        except (OSError, ValueError, AttributeError):
            cols, rows = cols or 80, rows or 24
    return max(MIN_WIDTH, min(cols or 80, MAX_WIDTH)), max(5, min(rows or 24, 10_000))


def utf8_ok(stream) -> bool:
    enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return enc in ("utf8", "utf8sig", "utf16", "utf32")


def emit(doc, out: Output) -> None:
    mode = out.mode
    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    if mode == "json":
        from bonemets.render import jsonout

        write(jsonout.text(doc))
        return
    colour = out.colour_enabled()
    if mode == "plain":
        from bonemets.render import plain

        text = plain.text(doc, colour=out.color == "always", evidence=out.evidence)  # plain lines: colour on request
    else:
        from bonemets.render import table

        text = table.text(doc, colour=colour, width=terminal_size()[0], ascii_only=not utf8_ok(sys.stdout))
    if not utf8_ok(sys.stdout):
        from bonemets.text import to_ascii

        text = to_ascii(text)
    if out.pager != "never" and isatty(sys.stdout) and (
            out.pager == "always" or text.count("\n") >= terminal_size()[1]):
        if page(text):
            return
    write(text)


def write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()  # a closed pipe or a full disk shows up here, inside the command
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise OutputError(f"cannot write output: {why}") from None


def pager_command() -> str:
    return os.environ.get("BONEMETS_PAGER") or os.environ.get("PAGER") or "less"


def page(text: str) -> bool:
    """Send text through the pager; False when no pager could be started (the caller prints it)."""
    import subprocess

    cmd = pager_command()
    if cmd.strip() in ("", "cat"):
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        proc = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    try:
        proc.communicate(text.encode("utf-8", "replace"))
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    try:
        proc.wait()
    except KeyboardInterrupt:
        pass
    if proc.returncode == 0:
        return True
    rc = proc.returncode
    how = (f"was stopped by signal {-rc if rc < 0 else rc - 128}" if rc < 0 or 128 < rc < 160 else
           "was not found" if rc == 127 else f"exited with status {rc}")
    shown = cmd if len(cmd) <= 60 else cmd[:59] + "…"
    message(f"bonemets: warning: the pager {shown!r} {how}; the page follows without it (--no-pager skips it)")
    return False


def message(text: str) -> None:
    """A message for the person at the terminal: stderr, control characters made inert."""
    stream = sys.stderr
    if stream is None:
        return
    line = neutralise(text) + "\n"
    if not utf8_ok(stream):
        from bonemets.text import to_ascii

        line = to_ascii(line)
    try:
        stream.write(line)
        stream.flush()
    except (OSError, ValueError):
        pass
