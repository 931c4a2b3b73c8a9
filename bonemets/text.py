"""Text helpers shared by the loader, the search and the renderers."""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls: never let data reach a terminal raw.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def neutralise(s: str) -> str:
    """Replace every terminal control character by a visible, inert ``\\xNN`` escape."""
    if _CONTROL.search(s) is None:
        return s
    return _CONTROL.sub(lambda m: "\\x%02x" % ord(m.group()), s)


def has_control(s: str) -> bool:
    return _CONTROL.search(s) is not None


def slug(name: str) -> str:
    """The form names are matched in: case-folded, runs of space, '_' and '-' made one '-'."""
    return re.sub(r"[\s_\-]+", "-", name.strip().casefold()).strip("-")


_WORD = re.compile(r"[0-9a-zα-ω]+", re.IGNORECASE)


def words(s: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(s)]
