"""Load, index, find, search and validate the knowledge base.

The shipped fact files come first; directories given with ``--data`` or ``BONEMETS_DATA`` are
layered on top, and an entity whose id is already known replaces it (the output says so). A file
that does not validate is skipped with a one-line warning; it never takes the rest down.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from bonemets import schema
from bonemets.errors import NotFound, UsageError
from bonemets.text import slug, words

SHIPPED = "shipped"


def shipped_dir() -> Path:
    """data/ inside the installed package, or the repository's top-level data/ in a checkout."""
    here = Path(__file__).resolve().parent
    inside = here / "data"
    return inside if inside.is_dir() else here.parent / "data"


def env_dirs() -> list[Path]:
    raw = os.environ.get("BONEMETS_DATA", "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def fact_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


class Layer(NamedTuple):
    """One directory of fact files and what came out of it."""

    root: Path
    shown: str
    local: bool


class KnowledgeBase:
    def __init__(self) -> None:
        self.entities: dict[str, dict] = {}
        self.sources: dict[str, dict] = {}
        self.source_reviewed: dict[str, str] = {}
        self.warnings: list[str] = []
        self._index: dict[str, list[str]] = {}

    # --- loading ------------------------------------------------------------------------------------

    @classmethod
    def load(cls, extra: list[Path] | tuple = (), *, use_env: bool = True) -> KnowledgeBase:
        from bonemets import cache

        kb = cls()
        layers = [Layer(shipped_dir(), "data", False)]
        for d in list(extra) + (env_dirs() if use_env else []):
            if not d.exists():
                kb.warnings.append(f"warning: data directory {d} does not exist; ignored")
                continue
            layers.append(Layer(d, str(d), True))
        for layer in layers:
            for parsed in cache.load_layer(layer.root, layer.shown):
                shown = parsed.path
                if parsed.issues:
                    hard = [i for i in parsed.issues if not i.soft]
                    first = (hard or parsed.issues)[0]
                    more = f" (+{len(parsed.issues) - 1} more)" if len(parsed.issues) > 1 else ""
                    what = "skipped" if hard else "loaded, made safe:"
                    kb.warnings.append(f"warning: {what} {first}{more}; run 'bonemets validate {shown}'")
                    if hard:
                        continue
                if parsed.entity is not None:
                    kb._add(parsed.entity, shown, layer.local)
                for src in parsed.sources:
                    kb.sources[src["id"]] = src
                if parsed.reviewed:
                    kb.source_reviewed[shown] = parsed.reviewed
        kb._reindex()
        return kb

    def _add(self, ent: dict, shown: str, local: bool) -> None:
        ent = dict(ent)
        ent["_path"] = shown
        old = self.entities.get(ent["id"])
        if old is not None and local:
            ent["_overrides"] = old["_path"]
        self.entities[ent["id"]] = ent

    def _reindex(self) -> None:
        self._index = {}
        for ent in self.entities.values():
            for key in {slug(ent["id"]), slug(ent.get("name", "")), *(slug(a) for a in ent.get("aliases", []))}:
                if key:
                    ids = self._index.setdefault(key, [])
                    if ent["id"] not in ids:
                        ids.append(ent["id"])

    # --- finding ------------------------------------------------------------------------------------

    def of_kind(self, kind: str | None = None) -> list[dict]:
        ents = [e for e in self.entities.values() if kind is None or e["kind"] == kind]
        order = list(schema.KINDS)
        return sorted(ents, key=lambda e: (order.index(e["kind"]), e["name"].casefold()))

    def keys(self, kind: str | None = None) -> list[str]:
        return sorted(k for k, ids in self._index.items()
                      if kind is None or any(self.entities[i]["kind"] == kind for i in ids))

    def find(self, name: str, kind: str | None = None) -> dict:
        key = slug(name)
        ids = [i for i in self._index.get(key, []) if kind is None or self.entities[i]["kind"] == kind]
        if len(ids) == 1:
            return self.entities[ids[0]]
        if len(ids) > 1:
            # an id wins over another entity's alias; otherwise the name is ambiguous
            exact = [i for i in ids if i == key]
            if exact:
                return self.entities[exact[0]]
            raise UsageError(f"{name!r} names several entries: {', '.join(sorted(ids))}; give the kind")
        what = schema.KINDS[kind].title.lower() if kind else "entry"
        raise NotFound(f"no {what} named {name!r}", hint=self.suggest(key, kind))

    def suggest(self, key: str, kind: str | None) -> str:
        import difflib

        keys = self.keys(kind)
        close = difflib.get_close_matches(key, keys, n=4, cutoff=0.55)
        close += [k for k in keys if key and len(key) >= 3 and key in k and k not in close][: 4 - len(close)]
        if not close and kind:
            other = difflib.get_close_matches(key, self.keys(None), n=2, cutoff=0.75)
            hints = [f"{self.entities[self._index[k][0]]['kind']} {k}" for k in other]
            if hints:
                return "did you mean: " + ", ".join(f"bonemets {h}" for h in hints) + "?"
        if not close:
            listing = f"bonemets list {schema.KINDS[kind].plural}" if kind else "bonemets list"
            return f"no close match; see '{listing}' or try 'bonemets search {key}'"
        ids = list(dict.fromkeys(i for k in close for i in self._index[k]
                                 if kind is None or self.entities[i]["kind"] == kind))
        return "did you mean: " + ", ".join(ids) + "?"

    def resolve(self, ref: str) -> dict | None:
        ids = self._index.get(slug(ref), [])
        return self.entities[ids[0]] if ids else None

    # --- symptom checklist -----------------------------------------------------------------------------

    def symptoms(self, *, red_flags: bool = False, cancer: str | None = None) -> list[dict]:
        items = self.of_kind("symptom")
        if cancer:
            c = self.find(cancer, "cancer")
            items = [s for s in items if s["id"] in c.get("symptoms", []) or c["id"] in s.get("cancers", [])]
        if red_flags:
            items = [s for s in items if s.get("red_flag")]
        rank = {u: i for i, u in enumerate(schema.URGENCY)}
        return sorted(items, key=lambda s: (rank.get(s.get("urgency", "routine"), 9), s["name"].casefold()))

    # --- search ----------------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 25) -> list[dict]:
        terms = words(query)
        if not terms:
            raise UsageError("the search query needs at least one letter or digit")
        hits = []
        for ent in self.entities.values():
            fields = searchable(ent)
            score, where, snippet, matched = 0.0, "", "", set()
            for term in terms:
                best = 0.0
                for label, text, weight in fields:
                    toks = words(text)
                    n = sum(1 for t in toks if t.startswith(term))
                    if not n:
                        continue
                    exact = any(t == term for t in toks)
                    s = weight * (1.5 if exact else 1.0) + min(n, 5) * 0.1
                    if s > best:
                        best = s
                        if term == terms[0] or not snippet:
                            where, snippet = label, excerpt(text, term)
                if best:
                    matched.add(term)
                    score += best
            if matched:
                coverage = len(matched) / len(set(terms))
                hits.append({"entity": ent, "score": round(score * coverage * coverage, 3),
                             "field": where, "snippet": snippet, "all_terms": coverage == 1})
        hits.sort(key=lambda h: (not h["all_terms"], -h["score"], h["entity"]["name"].casefold()))
        return hits[:limit]


def searchable(ent: dict) -> list[tuple[str, str, float]]:
    """(field label, text, weight) of everything a search looks at."""
    out = [("name", ent["name"], 10.0), ("id", ent["id"].replace("-", " "), 9.0)]
    out += [("alias", a, 8.0) for a in ent.get("aliases", [])]
    out.append(("summary", ent.get("summary", ""), 4.0))
    kind = schema.KINDS[ent["kind"]]
    for key, label in kind.sections:
        for fact in ent.get(key, []):
            out.append((label, fact["text"], 1.0))
    return out


def excerpt(text: str, term: str, width: int = 110) -> str:
    low = text.casefold()
    at = low.find(term)
    if at < 0 or len(text) <= width:
        return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"
    start = max(0, at - width // 3)
    end = min(len(text), start + width)
    piece = text[start:end]
    if start:
        piece = "… " + piece.split(" ", 1)[-1]
    if end < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return piece


def open_command(ent: dict) -> str:
    if ent["kind"] == "score":
        return f"bonemets score {ent['id']} --help"
    return f"bonemets {ent['kind']} {ent['id']}"
