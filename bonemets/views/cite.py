"""Citations as a clinical reference shows them: numbered marks after each fact, a reference list at
the end with a short citation, identifiers and what the verification tag means in words."""
from __future__ import annotations

import re

from bonemets.doc import Line
from bonemets.knowledge.schema import VERIFICATION_WORDS

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _sentences(cit: str) -> list[str]:
    """Split a citation at '. ' outside brackets, so '(rev. 2 Sep 2024)' stays in one piece."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(cit):
        depth += (ch in "([") - (ch in ")]")
        if ch == "." and depth <= 0 and cit[i + 1:i + 2].isspace():
            parts.append(cit[start:i])
            start = i + 1
    parts.append(cit[start:].rstrip("."))
    return [p.strip() for p in parts if p.strip()]


def _balanced(text: str) -> str:
    """Cut text back to before its first unclosed bracket: 'Title (review concluded 26 July' -> 'Title'."""
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch in "([":
            opened.append(i)
        elif ch in ")]" and opened:
            opened.pop()
    return text[:opened[0]] if opened else text


def short_citation(src: dict) -> str:
    """'Coleman RE, Clin Cancer Res 2006' from a Vancouver-style citation; ``short`` wins when given."""
    if src.get("short"):
        return src["short"]
    cit = src.get("citation", "").strip()
    parts = _sentences(cit)
    if not parts:
        return src.get("id", "")
    first = parts[0]
    authors = re.match(r"[A-Z][\w'\-]+(?: [A-Z][\w'\-]+)? [A-Z]{1,3}(?:,|$| et al)", first)
    body = not authors and len(first.split()) <= 6  # an organisation: "National Institute for Health ..."
    if not authors and not body:  # a description, not an author: its own words are the short citation
        year = _YEAR.search(cit)
        return first + (f" ({year.group()})" if year and year.group() not in first else "")
    author = first.split(",")[0].strip()
    if authors and (len(first.split(",")) > 1 or " et al" in first):
        author += " et al."
    # the publication year stands outside brackets: not the "(SEER 2010-2016)" of a title
    where = next((p for p in parts[1:] if _YEAR.search(_BRACKETED.sub("", p))), "")
    year = _YEAR.search(_BRACKETED.sub("", where)) or _YEAR.search(cit)
    journal = _balanced(where.split(year.group())[0]).strip(" ;,(") if year and where else ""
    bits = [author.rstrip(".") if author.endswith(". et al.") else author]
    if journal and journal.casefold() != author.casefold():
        bits.append(journal)
    if year:
        bits.append(year.group())
    text = ", ".join(bits[:-1]) + (" " + bits[-1] if len(bits) > 1 else bits[0]) if year else ", ".join(bits)
    return text


def identifiers(src: dict) -> str:
    out = []
    if src.get("doi"):
        out.append(f"doi:{src['doi']}")
    if src.get("pmid"):
        out.append(f"PMID {src['pmid']}")
    if src.get("url") and not out:
        out.append(src["url"])
    return "; ".join(out)


class Refs:
    """The numbering of one document's sources, in order of first citation."""

    def __init__(self, kb) -> None:
        self.kb = kb
        self.numbers: dict[str, int] = {}

    def number(self, sid: str) -> int:
        if sid not in self.numbers:
            self.numbers[sid] = len(self.numbers) + 1
        return self.numbers[sid]

    def marks(self, ids: list[str]) -> str:
        nums = sorted({self.number(s) for s in ids})
        return "[" + ", ".join(map(str, nums)) + "]" if nums else ""

    def tag(self, ids: list[str]) -> str:
        """'S' or 'U' when every source of a statement is that weak; '' otherwise."""
        tags = {(self.kb.sources.get(s) or {}).get("verification") for s in ids}
        if tags and tags <= {"U"}:
            return "U"
        if tags and tags <= {"S", "U"}:
            return "S"
        return ""

    def lines(self) -> list[Line]:
        out = []
        for sid, n in self.numbers.items():
            src = self.kb.sources.get(sid) or {"id": sid, "citation": sid}
            ids = identifiers(src)
            tag = src.get("verification", "")
            words = VERIFICATION_WORDS.get(tag, "")
            text = short_citation(src) + (f". {ids}" if ids else "")
            out.append(Line(text, lead=f"[{n}] ", lead_style="dim", note=f"{tag}: {words}" if tag else "",
                            style="dim" if tag == "U" else ""))
        return out

    def data(self) -> list[dict]:
        out = []
        for sid, n in self.numbers.items():
            src = self.kb.sources.get(sid) or {}
            out.append({"number": n, "id": sid, "short": short_citation(src) if src else sid,
                        "citation": src.get("citation", ""), "verification": src.get("verification"),
                        **{k: src[k] for k in ("doi", "pmid", "url") if src.get(k)}})
        return out
