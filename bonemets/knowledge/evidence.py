"""Evidence a reader can check: which facts need a verbatim quote or a locator, and whether each quote
is really in the seed document it cites.

A fact that cites a source whose words we hold in a seed document (``seed:`` in sources.yaml: the five
seeds, and references known only from a seed's reference list) carries ``quote``; every quote must be
found in one of those seeds, and every such seed must be matched by at least one quote (so a quote
cannot vouch for a seed it does not come from). A fact citing only other sources carries ``locator``.
Quotes are compared word by word (``words``): after normalising Unicode (NFKC), case, whitespace, curly
quotes and dashes, and dropping list bullets; a quote must start and end on a whole word. The seed texts
come from a directory (``Seeds``, ``validate --seeds DIR``) or from the fingerprint shipped in the package
(``bonemets.knowledge.seedprint``), which answers the same question without holding the text.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from bonemets.knowledge import schema
from bonemets.knowledge.load.records import Issue

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACE = re.compile(r"\s+")
BULLET = "\u2022"
_WORD = re.compile(r"\w+|[^\w\s]")  # a word, or one punctuation mark
_RUN_TOGETHER = re.compile(r"(?<=[a-z])(?=[A-Z])")  # 'symptomsRadiotherapy': a seed lost a space


def _plain(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _DASHES.sub("-", t).replace(BULLET, " ")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", _plain(text)).strip().casefold()


def words(text: str) -> list[str]:
    """The words and punctuation marks a quote is compared by: normalised as ``normalise`` does, and a
    lower-case letter followed by a capital taken as two words (where a seed ran a caption into the text,
    'symptomsRadiotherapy'; a quote gets the same split, so 'PTHrP' still matches 'PTHrP')."""
    return _WORD.findall(_RUN_TOGETHER.sub(" ", _plain(text)).casefold())


def seed_of(sources: dict, sid: str) -> str | None:
    src = sources.get(sid)
    return src.get("seed") if src else None


def needs(fact: dict, sources: dict) -> str:
    """'quote' when the fact cites a source held in a seed document, else 'locator'."""
    return "quote" if any(seed_of(sources, s) for s in fact.get("sources", [])) else "locator"


def evidence_items(ent: dict):
    """(where, fact) for the summary and every fact; ``where`` is the position key in ent['_pos']."""
    yield "summary", {"text": ent.get("summary", ""), "sources": ent.get("sources", []),
                      "quote": ent.get("quote"), "locator": ent.get("locator")}
    for key, _label in schema.KINDS[ent["kind"]].sections:
        for i, fact in enumerate(ent.get(key, [])):
            yield f"{key}.{i}", fact


def _pos(ent: dict, where: str) -> tuple[int, int]:
    pos = ent.get("_pos", {})
    if where == "summary":
        where = "summary" if "summary" in pos else "id"
    return tuple(pos.get(where, (1, 1)))


def missing(path: str, ent: dict, sources: dict, *, warning: bool) -> list[Issue]:
    """A fact without the evidence it needs (an error for shipped data, a warning for local files)."""
    out = []
    for where, fact in evidence_items(ent):
        want = needs(fact, sources)
        if fact.get(want):
            continue
        line, col = _pos(ent, where)
        what = "the summary" if where == "summary" else f"fact {where}"
        if want == "quote":
            cited = sorted({seed_of(sources, s) for s in fact["sources"] if seed_of(sources, s)})
            msg = f"{what} cites a seed document ({', '.join(cited)}) but has no quote: copy the supporting words"
        else:
            msg = f"{what} cites no seed document and has no locator (e.g. abstract, Table 2, label section 5.2)"
        out.append(Issue(path, line, col, msg, warning=warning))
    return out


class Seeds:
    """The seed documents' texts, read from a directory (e.g. ../shared/seeds)."""

    unheld = "cannot be read"

    def __init__(self, root: Path) -> None:
        self.root = root
        self._text: dict[str, str | None] = {}

    def text(self, name: str) -> str | None:
        """The seed's words, one space apart and one space at each end (None if it cannot be read)."""
        if name not in self._text:
            try:
                self._text[name] = " " + " ".join(words((self.root / name).read_text(encoding="utf-8"))) + " "
            except (OSError, UnicodeDecodeError):
                self._text[name] = None
        return self._text[name]

    def contains(self, name: str, quote: str) -> bool | None:
        """Whether the quote's words occur in the seed, in order and whole (None: the seed is not here)."""
        text = self.text(name)
        return None if text is None else (" " + " ".join(words(quote)) + " ") in text


def check_quotes(path: str, ent: dict, sources: dict, seeds, *, unheld_warning: bool = False) -> list[Issue]:
    """Every quote is in a seed the fact cites; every cited seed is matched by a quote. ``seeds`` is a
    ``Seeds`` or a ``seedprint.Fingerprint``: ``contains(name, quote)`` is True, False or None (not held).
    With ``unheld_warning`` (a local file checked against the fingerprint), a quote from seeds it does not
    hold is a warning that it was not checked, not an error."""
    out = []
    for where, fact in evidence_items(ent):
        quotes = fact.get("quote") or []
        for qi, q in enumerate(quotes):
            if BULLET in q:
                line, col = _pos(ent, f"{where}.quote.{qi}" if where != "summary" else f"quote.{qi}")
                out.append(Issue(path, line, col, "a quote leaves out list bullets (\u2022): join the items "
                                                  f"with a space, as the seed's words run: {q[:80]!r}"))
        cited = list(dict.fromkeys(seed_of(sources, s) for s in fact.get("sources", []) if seed_of(sources, s)))
        if not quotes or not cited:
            if quotes and not cited:
                line, col = _pos(ent, f"{where}.quote.0" if where != "summary" else "quote.0")
                out.append(Issue(path, line, col, "quote given, but the fact cites no seed document"))
            continue
        matched: set[str] = set()
        failed = False
        for qi, q in enumerate(quotes):
            found = {name: seeds.contains(name, q) for name in cited}
            hits = [name for name in cited if found[name]]
            if not hits:
                failed = True
                line, col = _pos(ent, f"{where}.quote.{qi}" if where != "summary" else f"quote.{qi}")
                unheld = [name for name in cited if found[name] is None]
                if unheld_warning and len(unheld) == len(cited):
                    out.append(Issue(path, line, col, f"quote not checked: {', '.join(unheld)} "
                                                      f"{seeds.unheld} (pass --seeds DIR)", warning=True))
                    continue
                why = f" ({', '.join(unheld)} {seeds.unheld})" if unheld else ""
                out.append(Issue(path, line, col, f"quote not found in the seed it cites ({', '.join(cited)})"
                                                  f"{why}: {q[:80]!r}"))
            matched.update(hits)
        if failed:
            continue
        for name in cited:
            if name not in matched:
                line, col = _pos(ent, where)
                out.append(Issue(path, line, col, f"cites {name} but no quote comes from it: quote its words, "
                                                  "or drop the source"))
    return out
