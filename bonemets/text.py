"""Text helpers shared by the loader, the search and the renderers."""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates (undecodable bytes in argv):
# never let them reach a terminal raw, nor break the encoder on the way out.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    return "\\x%02x" % c if c < 0xD800 else "\\u%04x" % c


def neutralise(s: str) -> str:
    """Replace every terminal control character (and lone surrogate) by a visible, inert escape."""
    if _CONTROL.search(s) is None:
        return s
    return _CONTROL.sub(_escape, s)


def has_control(s: str) -> bool:
    return _CONTROL.search(s) is not None


def slug(name: str) -> str:
    """The form names are matched in: case-folded, runs of space, '_' and '-' made one '-'."""
    return re.sub(r"[\s_\-]+", "-", name.strip().casefold()).strip("-")


_WORD = re.compile(r"[0-9a-zα-ω]+", re.IGNORECASE)


def words(s: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(s)]
