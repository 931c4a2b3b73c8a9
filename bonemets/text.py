"""Text helpers shared by the loader, the search and the renderers."""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates (undecodable bytes in argv):
# never let them reach a terminal raw, nor break the encoder on the way out.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters that change how text looks without being seen: bidirectional controls, zero-width
# characters, line and paragraph separators. Shown as <U+202E> so "Prostate\u200b cancer" cannot pass
# for the shipped entry.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u2028\u2029\u061c]")
_UNSAFE = re.compile(_CONTROL.pattern[:-1] + _INVISIBLE.pattern[1:])


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    if _INVISIBLE.match(m.group()):
        return "<U+%04X>" % c
    return "\\x%02x" % c if c < 0xD800 else "\\u%04x" % c


def neutralise(s: str) -> str:
    """Replace every terminal control character, invisible formatting character and lone surrogate by a
    visible, inert escape."""
    if _UNSAFE.search(s) is None:
        return s
    return _UNSAFE.sub(_escape, s)


def has_invisible(s: str) -> bool:
    return _INVISIBLE.search(s) is not None


def has_control(s: str) -> bool:
    return _CONTROL.search(s) is not None


def slug(name: str) -> str:
    """The form names are matched in: case-folded, runs of space, '_' and '-' made one '-'."""
    return re.sub(r"[\s_\-]+", "-", name.strip().casefold()).strip("-")


_WORD = re.compile(r"[0-9a-zα-ω]+", re.IGNORECASE)


def words(s: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(s)]


_ASCII = str.maketrans({"\u2014": "--", "\u2013": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
                        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2022": "*",
                        "\u2026": "...", "\u2264": "<=", "\u2265": ">=", "\u00d7": "x", "\u00b5": "u",
                        "\u03bc": "u", "\u2192": "->", "\u00a0": " ", "\u2248": "~", "\u00b1": "+/-",
                        "\u00b0": " deg", "\u03b1": "alpha", "\u03b2": "beta",
                        "\u03b3": "gamma", "\u03b4": "delta", "\u03ba": "kappa", "\u2500": "-",
                        "\u2502": "|", "\u256d": "+", "\u256e": "+", "\u2570": "+", "\u256f": "+",
                        "\u251c": "+", "\u2524": "+", "\u252c": "+", "\u2534": "+", "\u253c": "+"})


_SUPER_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b\u207a",
                              "0123456789-+")
_SUPER = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u2079\u207a\u207b]+")


def to_ascii(s: str) -> str:
    """A faithful ASCII rendering for terminals that cannot show UTF-8: typographic characters spelled
    out, accents dropped, anything else as <U+XXXX>."""
    import unicodedata

    s = _SUPER.sub(lambda m: "^" + m.group().translate(_SUPER_DIGITS), s).translate(_ASCII)
    if s.isascii():
        return s
    s = unicodedata.normalize("NFKD", s)
    return "".join(c if c.isascii() else ("" if unicodedata.combining(c) else "<U+%04X>" % ord(c)) for c in s)


def wrap_command(cmd: str, width: int = 50, indent: str = "    ") -> str:
    """A long example command on several lines, broken before an option (never inside one, never between
    an option and its value) with a shell continuation, so each line fits 60 columns in help's indentation."""
    chunks: list[str] = []
    for w in cmd.split():
        if w.startswith("-") or not chunks or not chunks[-1].startswith("-") or " " in chunks[-1]:
            chunks.append(w)
        else:
            chunks[-1] += " " + w
    lines, cur = [], ""
    for c in chunks:
        if cur and len(cur) + 1 + len(c) > width:
            lines.append(cur)
            cur = indent + c
        else:
            cur = f"{cur} {c}" if cur else c
    lines.append(cur)
    return " \\\n".join(lines)
