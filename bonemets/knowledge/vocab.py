"""The clinician's vocabulary (data/vocabulary.yaml): spellings, abbreviations, brands, related terms,
drug classes and look-alikes that must never be offered for each other.

Used by name look-up (through the index's names table) and by search (query expansion). A related
term is never a silent synonym: it widens a search and is named in a not-found message, it never opens
an entry by itself.
"""
from __future__ import annotations

from bonemets.text import slug, words


class Vocabulary:
    def __init__(self, data: dict | None = None) -> None:
        data = data or {}
        self.spellings: list[tuple[str, str]] = [(a.casefold(), b.casefold()) for a, b in data.get("spellings", [])]
        self.terms: dict[str, list[dict]] = {}
        for t in data.get("terms", []):
            self.terms.setdefault(slug(t["term"]), []).append(t)
        self.classes: dict[str, dict] = {c["id"]: c for c in data.get("classes", [])}
        self.distinct: set[frozenset] = set()
        for a, b in data.get("distinct", []):
            for x in self.variants(slug(a)) | {slug(a)}:
                for y in self.variants(slug(b)) | {slug(b)}:
                    self.distinct.add(frozenset((x, y)))

    # spellings

    def to_uk(self, s: str) -> str:
        for us, uk in self.spellings:
            if us in s:
                s = uk.join(part.replace(us, uk) for part in s.split(uk))
        return s

    def to_us(self, s: str) -> str:
        for us, uk in self.spellings:
            s = s.replace(uk, us)
        return s

    def variants(self, s: str) -> set[str]:
        """The other spellings of s (US/UK), not including s itself."""
        s = s.casefold()
        return {v for v in (self.to_uk(s), self.to_us(s)) if v != s}

    # what a word stands for

    def meanings(self, word: str) -> list[dict]:
        return self.terms.get(slug(word), [])

    def expand(self, word: str, related: bool = True) -> list[str]:
        """Search alternatives for one query word: its spellings, what it stands for, a class's members
        (and, unless related=False, its related terms)."""
        out = [word, *sorted(self.variants(word))]
        for t in self.meanings(word):
            if related or t.get("kind") != "related":
                out += t["means"]
        cls = self.class_of(word)
        if cls is not None:
            out += [m.replace("-", " ") for m in cls["members"]]
        return list(dict.fromkeys(out))

    def class_of(self, name: str) -> dict | None:
        key = slug(name)
        for c in self.classes.values():
            if key in {slug(c["id"]), slug(c["name"]), *map(slug, c.get("aliases", []))}:
                return c
        return None

    def look_alikes(self, a: str, b: str) -> bool:
        """True when a and b are listed as different things that look alike (never suggest one for the other)."""
        return frozenset((slug(a), slug(b))) in self.distinct or any(
            frozenset((x, y)) in self.distinct for x in words(a) for y in words(b))


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a transposition counts 1), or limit + 1 when it is larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def allowed_edits(typed: str) -> int:
    """How far a suggestion may be from what was typed: nothing for very short words, 1-3 for longer."""
    n = len(typed.replace("-", ""))
    if n <= 3:
        return 0
    if n <= 5:
        return 1
    if n <= 11:
        return 2
    return 3
