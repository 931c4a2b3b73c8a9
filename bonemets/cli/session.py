"""What every command shares: output settings, the knowledge base (loaded once, lazily) and messages."""
from __future__ import annotations

import os
import sys

from bonemets.render import Output, emit, isatty, message


def interactive() -> bool:
    """A person at a terminal on both ends: questions may be asked."""
    return isatty(sys.stdin) and isatty(sys.stdout)


class Session:
    """One command's settings and knowledge. ``deferred``: messages wait until the output is shown, so a
    fast path that gives up (leaving the error to Typer) has printed nothing."""

    def __init__(self, out: Output, data: list | None = None, deferred: bool = False) -> None:
        self.out = out
        self.data = list(data or [])
        self.deferred = deferred
        self.started = False
        self._pending: list[str] = []
        self._kb = None

    def _say(self, text: str) -> None:
        if self.deferred and not self.started:
            self._pending.append(text)
        else:
            message(text)

    @property
    def kb(self):
        if self._kb is None:
            from bonemets.knowledge.base import KnowledgeBase

            self._kb = KnowledgeBase.load([str(d) for d in self.data])
            for w in self._kb.warnings:
                self._say(f"bonemets: {w}")
        return self._kb

    def show(self, doc) -> None:
        if self._kb is not None:
            from bonemets.doc import subjects

            for n in self._kb.notices(subjects(getattr(doc, "data", None))):
                self._say(f"bonemets: {n}")
        self.started = True
        for text in self._pending:
            message(text)
        self._pending.clear()
        emit(doc, self.out)
        refs = doc.data.get("references") if isinstance(getattr(doc, "data", None), dict) else None
        if refs:  # for `bonemets sources N`
            from bonemets.cli import lastpage
            lastpage.save(doc.title, refs)

    def note(self, text: str) -> None:
        """A message that is not data: stderr, so pipes and --json stay clean."""
        self._say(text)


def quiet_broken_pipe() -> None:
    """stdout's reader went away (``bonemets list | head -1``): stop writing, exit quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class ClippedStream:
    """stderr for Typer's own messages: a line longer than MAX_LINE (a 100 KB argument echoed back in a usage
    error) is cut, and says so."""

    MAX_LINE = 300

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        lines = text.split("\n")
        cut = [line if len(line) <= self.MAX_LINE else line[: self.MAX_LINE] + f"… ({len(line):,} characters, cut)"
               for line in lines]
        self._stream.write("\n".join(cut))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
