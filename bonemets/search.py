"""Full-text search: SQLite FTS5 with bm25 ranking (names 10, aliases 8, summary 4, facts 1) and stemming.

Each query word is widened by the vocabulary (other spellings, what an abbreviation or brand stands for,
a class's members, related terms); a word nothing matches is corrected to the nearest word the
knowledge base uses, and the correction is said. Entries with every word come first; when none has
them all, entries with any word are shown and the result says so. Snippets come from FTS5 ``snippet()``,
with the matched words marked by \\x02 and \\x03 (control characters never present in loaded text).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from bonemets.doc import MARK_OFF, MARK_ON
from bonemets.errors import UsageError
from bonemets.text import neutralise, slug, words
from bonemets.vocab import allowed_edits, distance

WEIGHTS = (10.0, 8.0, 4.0, 1.0)  # name, aliases, summary, facts
FIELDS = ("name", "alias", "summary", "fact")


class Hit(NamedTuple):
    id: str
    kind: str
    name: str
    field: str
    snippet: str  # with MARK_ON/MARK_OFF around matched words
    relevance: float
    names: tuple = ()  # the entry's name and aliases, as typed-name keys


class Result(NamedTuple):
    hits: list[Hit]
    corrections: list[tuple[str, str]]  # (typed, used instead)
    partial: bool  # no entry has every word: entries with any word are shown
    unknown: list[str]  # typed words nothing matches, even corrected


def _phrase(text: str) -> str:
    return '"' + " ".join(words(text)) + '"'


def _group(alternatives: list[str]) -> str:
    phrases = list(dict.fromkeys(_phrase(a) for a in alternatives if words(a)))
    return "(" + " OR ".join(phrases) + ")"


def _matches(kb, expr: str) -> bool:
    return bool(kb._raw("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (expr,)))


def closest_word(kb, word: str) -> str | None:
    """The knowledge base's word nearest to a typo (trigram candidates, then edit distance)."""
    limit = allowed_edits(word)
    if limit == 0 or len(word) < 4:
        return None
    grams = list(dict.fromkeys(word[i:i + 3] for i in range(len(word) - 2)))
    expr = " OR ".join('"' + g + '"' for g in grams)
    cands = [r[0] for r in kb._raw("SELECT term FROM grams WHERE grams MATCH ? ORDER BY rank LIMIT 200", (expr,))]
    best, found = limit + 1, None
    for c in cands:
        if "-" in c or kb.vocab.look_alikes(word, c):
            continue
        d = distance(word, c, limit)
        if d < best:
            best, found = d, c
    return found


def _hits(kb, expr: str, limit: int) -> list[Hit]:
    w = ", ".join(str(x) for x in WEIGHTS)
    rows = kb._raw(f"SELECT rowid, bm25(fts, {w}) FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, {w}) LIMIT ?",
                   (expr, limit))
    if not rows:
        return []
    snips = {}
    for rowid, _rank in rows:
        snips[rowid] = [one_fact(kb._raw(f"SELECT highlight(fts, {col}, ?, ?) FROM fts WHERE fts MATCH ? "
                                         "AND rowid = ?", (MARK_ON, MARK_OFF, expr, rowid))[0][0] or "")
                        for col in range(4)]
    marks = ",".join("?" * len(rows))
    docs = {r[0]: r for r in kb._rows(f"SELECT rowid, id, kind, name, aliases, summary, facts, digest FROM docs "
                                      f"WHERE rowid IN ({marks})", tuple(r[0] for r in rows))}
    out = []
    for rowid, rank in rows:
        doc = docs[rowid]
        col = next((i for i, s in enumerate(snips[rowid]) if MARK_ON in s), 3)
        snippet = snips[rowid][col]
        if MARK_ON not in snippet:  # matched through the stemmer only in a way snippet() cannot show
            snippet = doc[5] or doc[3]
        names = (slug(doc[3]), *(slug(a) for a in doc[4].split(" ; ") if a))
        out.append(Hit(doc[1], doc[2], doc[3], FIELDS[col], snippet, round(-rank, 4), names))
    kb.touched.update(h.id for h in out)
    return out


def search(kb, query: str, limit: int = 25) -> Result:
    typed = list(dict.fromkeys(words(neutralise(query))))
    if not typed:
        raise UsageError("the search query needs at least one letter or digit")
    groups, corrections, unknown = [], [], []
    for word in typed:
        alts = kb.vocab.expand(word)
        if not _matches(kb, _group(alts)):
            fix = closest_word(kb, word)
            if fix is None:
                unknown.append(word)
                continue
            corrections.append((word, fix))
            alts = kb.vocab.expand(fix)
        groups.append(_group(alts))
    if not groups:
        return Result([], corrections, False, unknown)
    hits = _hits(kb, " AND ".join(groups), limit)
    wanted = {slug(query)} | {slug(u) for _t, u in corrections}
    hits.sort(key=lambda h: not wanted & set(h.names))  # an entry named exactly what was typed comes first
    partial = False
    if not hits and len(groups) > 1:
        hits, partial = _hits(kb, " OR ".join(groups), limit), True
    return Result(hits, corrections, partial or bool(unknown and hits), unknown)


def phrase_hits(kb, forms: list[list[str]], limit: int) -> list[Hit]:
    """Entries whose text uses every word (each given in its known spellings), best first."""
    expr = " AND ".join(_group(f) for f in forms)
    return _hits(kb, expr, limit)


_NUMBER_END = re.compile(r"[0-9]$|[0-9][-–.,][0-9]*$|^[<>≤≥~]$")


def one_fact(marked: str, each_side: int = 8) -> str:
    """The snippet of one fact: the line (facts are one a line) holding the first match, cut to some words
    either side of it, centred on it, never ending on a number whose unit follows ("3.2-5.0" stays with "%")."""
    if MARK_ON not in marked:
        return marked.split("\n", 1)[0]
    line = next(ln for ln in marked.split("\n") if MARK_ON in ln).strip()
    words = line.split()
    at = next(i for i, w in enumerate(words) if MARK_ON in w)
    end = next((i for i in range(at, len(words)) if MARK_OFF in words[i]), at)
    lo, hi = max(0, at - each_side), min(len(words), end + 1 + each_side)
    while hi < len(words) and _NUMBER_END.search(words[hi - 1].replace(MARK_OFF, "")):
        hi += 1  # a number keeps its unit
    while lo > 0 and re.match(r"^[%a-zA-Zµ/]+[,.;)]?$", words[lo]) and _NUMBER_END.search(words[lo - 1]):
        lo -= 1  # a unit keeps its number
    return ("…" if lo else "") + " ".join(words[lo:hi]) + ("…" if hi < len(words) else "")


def plain_snippet(snippet: str) -> str:
    return snippet.replace(MARK_ON, "").replace(MARK_OFF, "")
