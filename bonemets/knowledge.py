"""Load, index, find, search and validate the knowledge base.

The shipped fact files come first; directories given with ``--data`` or ``BONEMETS_DATA`` are
layered on top, and an entity whose id is already known replaces it (the output says so). A file
that does not validate is skipped with a one-line warning; it never takes the rest down.
"""
from __future__ import annotations

import marshal
import os
from collections.abc import MutableMapping
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
    """Every fact file under root (or root itself), in the order the loader reads them."""
    from bonemets.cache import scan

    return [Path(path) for _rel, path, _size, _mtime in scan(root)]


class Layer(NamedTuple):
    """One directory of fact files and what came out of it."""

    root: Path
    shown: str
    local: bool


class Entities(MutableMapping):
    """id -> entity dict, decoded from its cached marshal bytes only when first used.

    A lookup among thousands of cached files then decodes one entity, not all of them.
    """

    def __init__(self) -> None:
        self._raw: dict = {}
        self._extra: dict = {}

    def put(self, ent_id: str, value, extra: dict) -> None:
        self._raw[ent_id] = value
        self._extra[ent_id] = extra

    def __getitem__(self, key: str) -> dict:
        v = self._raw[key]
        if isinstance(v, bytes):
            v = marshal.loads(v)
            v.update(self._extra[key])
            self._raw[key] = v
        return v

    def __setitem__(self, key: str, value: dict) -> None:
        self.put(key, value, {})

    def __delitem__(self, key: str) -> None:
        del self._raw[key]
        self._extra.pop(key, None)

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, key) -> bool:
        return key in self._raw


class KnowledgeBase:
    def __init__(self) -> None:
        self.entities = Entities()
        self.heads: dict[str, list] = {}  # id -> [id, name, aliases, kind, keys]
        self.paths: dict[str, str] = {}
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
                if parsed.head is not None:
                    kb._add(parsed, shown, layer.local)
                for src in parsed.sources:
                    kb.sources[src["id"]] = src
                if parsed.reviewed:
                    kb.source_reviewed[shown] = parsed.reviewed
        kb._reindex()
        return kb

    def _add(self, parsed, shown: str, local: bool) -> None:
        ent_id = parsed.head[0]
        extra = {"_path": shown}
        if local:
            extra["_local"] = True  # from a --data directory (a local score is marked as such)
        if local and ent_id in self.paths:
            extra["_overrides"] = self.paths[ent_id]
        if parsed.blob is not None:
            self.entities.put(ent_id, parsed.blob, extra)
        else:
            self.entities.put(ent_id, dict(parsed.entity, **extra), extra)
        self.heads[ent_id] = parsed.head
        self.paths[ent_id] = shown

    def kind_of(self, ent_id: str) -> str:
        return self.heads[ent_id][3]

    def _reindex(self) -> None:
        self._index = {}
        index = self._index
        for head in self.heads.values():
            for key in head[4]:
                ids = index.get(key)
                if ids is None:
                    index[key] = [head[0]]
                elif head[0] not in ids:
                    ids.append(head[0])

    # --- finding ------------------------------------------------------------------------------------

    def of_kind(self, kind: str | None = None) -> list[dict]:
        order = {k: i for i, k in enumerate(schema.KINDS)}
        heads = sorted((h for h in self.heads.values() if kind is None or h[3] == kind),
                       key=lambda h: (order[h[3]], h[1].casefold()))
        return [self.entities[h[0]] for h in heads]

    def keys(self, kind: str | None = None) -> list[str]:
        return sorted(k for k, ids in self._index.items()
                      if kind is None or any(self.kind_of(i) == kind for i in ids))

    def find(self, name: str, kind: str | None = None) -> dict:
        key = slug(name)
        ids = [i for i in self._index.get(key, []) if kind is None or self.kind_of(i) == kind]
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
            hints = [f"{self.kind_of(self._index[k][0])} {k}" for k in other]
            if hints:
                return "did you mean: " + ", ".join(f"bonemets {h}" for h in hints) + "?"
        if not close:
            listing = f"bonemets list {schema.KINDS[kind].plural}" if kind else "bonemets list"
            return f"no close match; see '{listing}' or try 'bonemets search {key}'"
        ids = list(dict.fromkeys(i for k in close for i in self._index[k]
                                 if kind is None or self.kind_of(i) == kind))
        return "did you mean: " + ", ".join(ids) + "?"

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
        """Entities matching the query's words (as word prefixes), best first.

        Per term, a field scores its weight (x1.5 for a whole-word match) plus 0.1 per further hit;
        an entity scores its best field per term, scaled by the share of terms it matched.
        """
        import re

        terms = list(dict.fromkeys(words(query)))
        if not terms:
            raise UsageError("the search query needs at least one letter or digit")
        starts = [re.compile(r"(?<![0-9a-zα-ω])" + re.escape(t)) for t in terms]
        whole = [re.compile(r"(?<![0-9a-zα-ω])" + re.escape(t) + r"(?![0-9a-zα-ω])") for t in terms]
        hits = []
        for ent_id in self.heads:
            ent = self.entities[ent_id]
            score, where, snippet, matched = 0.0, "", "", 0
            fields = [(label, text, text.casefold(), weight) for label, text, weight in searchable(ent)]
            for n_term, term in enumerate(terms):
                best, best_field = 0.0, None
                for field in fields:
                    low = field[2]
                    if term not in low:
                        continue
                    n = len(starts[n_term].findall(low))
                    if not n:
                        continue
                    s = field[3] * (1.5 if whole[n_term].search(low) else 1.0) + min(n, 5) * 0.1
                    if s > best:
                        best, best_field = s, field
                if best_field is not None:
                    matched += 1
                    score += best
                    if n_term == 0 or not snippet:
                        where, snippet = best_field[0], excerpt(best_field[1], term)
            if matched:
                coverage = matched / len(terms)
                hits.append({"entity": ent, "score": round(score * coverage * coverage, 3),
                             "field": where, "snippet": snippet, "all_terms": matched == len(terms)})
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
