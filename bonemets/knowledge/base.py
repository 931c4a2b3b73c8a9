"""The knowledge base: the shipped fact files plus local layers, read through the index.

``KnowledgeBase.load(dirs)`` scans the data directories (the shipped ones first, then ``--data`` and
``BONEMETS_DATA``), opens or builds the index (bonemets.knowledge.store.index) and answers from it: one entity at a time,
names, heads for listings, sources, notices. Finding names lives in bonemets.knowledge.resolve, search in
bonemets.knowledge.search. A local path that cannot be used is one warning; the shipped knowledge still answers.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

from bonemets.knowledge import schema
from bonemets.knowledge.store.index import Damaged, Layer

SHIPPED = "data"
ENTITY_ROW = "SELECT id, kind, name, summary, reviewed, path, extra, layer, rel, digest FROM entities"


def shipped_dir() -> str:
    """data/ inside the installed package, or the repository's top-level data/ in a checkout."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # the bonemets package
    inside = os.path.join(here, "data")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(here), "data")


def env_dirs() -> list[str]:
    raw = os.environ.get("BONEMETS_DATA", "")
    return [p for p in raw.split(os.pathsep) if p.strip()]


def fact_files(root) -> list[str]:
    """Every fact file under root (or root itself), in the order the loader reads them."""
    from bonemets.knowledge.load.walk import scan

    return [f.path for f in scan(str(root)).files]


def layers_for(extra=(), use_env: bool = True) -> tuple[list[Layer], list[str]]:
    """The layers to read and one warning per local path that cannot be used."""
    from bonemets.knowledge.load.walk import root_problem

    layers = [Layer(shipped_dir(), SHIPPED, False)]
    warnings = []
    for d in [str(x) for x in extra] + (env_dirs() if use_env else []):
        problem = root_problem(d)
        if problem:
            shown = d if len(d) <= 120 else d[:100] + "…"
            warnings.append(f"warning: data path {shown!r}: {problem}; ignored")
            continue
        layers.append(Layer(d, d, True))
    return layers, warnings


class Head(NamedTuple):
    id: str
    kind: str
    name: str
    summary: str
    reviewed: str
    path: str


class _Rows(Mapping):
    """A read-only mapping whose values are decoded (and digest-checked) only when used."""

    def __init__(self, kb: KnowledgeBase, table: str) -> None:
        self.kb, self.table = kb, table
        self._ids: list[str] | None = None
        self._cache: dict = {}

    def _all_ids(self) -> list[str]:
        if self._ids is None:
            self._ids = self.kb.ids(self.table)
        return self._ids

    def __iter__(self):
        return iter(self._all_ids())

    def __len__(self) -> int:
        return len(self._all_ids())

    def __contains__(self, key) -> bool:
        return self._get(key) is not None

    def __getitem__(self, key):
        value = self._get(key)
        if value is None:
            raise KeyError(key)
        return value

    def _get(self, key):
        if not isinstance(key, str):
            return None
        if key not in self._cache:
            value = self.kb._decode(self.table, key)
            if value is None:
                return None
            self._cache[key] = value
        return self._cache[key]


class KnowledgeBase:
    def __init__(self, layers: list[Layer], warnings: list[str]) -> None:
        self.layers = layers
        self.warnings = list(warnings)
        self.notes: list[str] = []  # said once with the notices: how a typed name was read
        self._shown_notices: set[str] = set()
        self._scans = None
        self._index = None
        self._vocab = None
        self.entities = _Rows(self, "entities")
        self.sources = _Rows(self, "sources")

    @classmethod
    def load(cls, extra=(), *, use_env: bool = True) -> KnowledgeBase:
        from bonemets.knowledge.load import walk
        from bonemets.knowledge.store import index
        layers, warnings = layers_for(extra, use_env)
        kb = cls(layers, warnings)
        kb._scans = [walk.scan(layer.root) for layer in layers]
        opened = index.open_index(layers, kb._scans)
        kb._index = opened.index
        kb.warnings += opened.notes
        kb.warnings += [m for _n, m in kb._rows("SELECT n, message, digest FROM warnings ORDER BY n")]
        return kb

    # --- reading rows; a damaged row rebuilds the index once ------------------------------------------

    def _recover(self) -> None:
        from bonemets.knowledge.store import index
        opened = index.rebuild(self.layers, self._scans)
        self._index = opened.index
        self.entities._cache.clear()
        self.sources._cache.clear()

    def _query(self, how: str, sql: str, args: tuple) -> list[tuple]:
        """Run a query; a damaged index is rebuilt once and the query repeated."""
        try:
            return getattr(self._index, how)(sql, args)
        except Damaged:
            self._recover()
            return getattr(self._index, how)(sql, args)

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self._query("rows", sql, args)

    def _raw(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self._query("raw", sql, args)

    def ids(self, table: str) -> list[str]:
        if table == "sources":
            return [r[0] for r in self._rows("SELECT id, body, digest FROM sources ORDER BY id")]
        return [r[0] for r in self._rows(ENTITY_ROW + " ORDER BY id")]

    def _decode(self, table: str, key: str):
        try:
            return self._decode_once(table, key)
        except Damaged:
            self._recover()
            return self._decode_once(table, key)

    def _decode_once(self, table: str, key: str):
        import json

        idx = self._index
        if table == "sources":
            rows = idx.rows("SELECT id, body, digest FROM sources WHERE id = ?", (key,))
            return json.loads(rows[0][1]) if rows else None
        rows = idx.rows(ENTITY_ROW + " WHERE id = ?", (key,))
        if not rows:
            return None
        layer, rel, extra = rows[0][7], rows[0][8], rows[0][6]
        files = idx.rows("SELECT layer, rel, size, mtime, ctime, ino, recent, body, digest FROM files "
                         "WHERE layer = ? AND rel = ?", (layer, rel))
        if not files:
            raise Damaged("an entity without its file")
        ent = json.loads(files[0][7])["entity"]
        if ent is None or ent.get("id") != key:
            raise Damaged("an entity row that does not match its file")
        ent.update(json.loads(extra))
        if ent.get("_local") and not ent.get("_overrides"):  # a local file's own facts say so (evidence
            # not checked); an override's facts are marked where they differ from the shipped entry
            for key, _label in schema.KINDS[ent["kind"]].sections if ent["kind"] in schema.KINDS else ():
                for f in ent.get(key) or []:
                    f.setdefault("_local", "file")
        return ent

    # --- what the index knows -------------------------------------------------------------------------

    @property
    def vocab(self):
        if self._vocab is None:
            import json

            from bonemets.knowledge.vocab import Vocabulary

            rows = self._rows("SELECT n, body, digest FROM vocab")
            self._vocab = Vocabulary(json.loads(rows[0][1]) if rows else None)
        return self._vocab

    @property
    def source_reviewed(self) -> dict[str, str]:
        return dict(self._rows("SELECT path, date, digest FROM reviewed ORDER BY path"))

    def heads(self, kind: str | None = None) -> list[Head]:
        """id, kind, name, summary, review date and file of each entity (of one kind), in display order."""
        rows = self._rows(ENTITY_ROW + " WHERE kind = ?", (kind,)) if kind else self._rows(ENTITY_ROW)
        order = {k: i for i, k in enumerate(schema.KINDS)}
        heads = sorted((Head(*r[:6]) for r in rows), key=lambda h: (order.get(h.kind, 99), h.name.casefold()))
        return heads

    @property
    def store(self):
        from bonemets.knowledge.store.queries import Store

        return Store(self)

    def head(self, ent_id: str) -> Head | None:
        rows = self._rows(ENTITY_ROW + " WHERE id = ?", (ent_id,))
        return Head(*rows[0][:6]) if rows else None

    def pathways_using(self, ent_id: str) -> list[Head]:
        """The pathways whose steps use this entry or score (or list it under see)."""
        ids = {r[1] for r in self._rows("SELECT target, pathway, digest FROM uses WHERE target = ?", (ent_id,))}
        return [h for h in self.heads("pathway") if h.id in ids] if ids else []

    def kind_of(self, ent_id: str) -> str | None:
        rows = self._rows(ENTITY_ROW + " WHERE id = ?", (ent_id,))
        return rows[0][1] if rows else None

    def of_kind(self, kind: str | None = None) -> list[dict]:
        return [self.entities[h.id] for h in self.heads(kind)]

    def name_rows(self, key: str) -> list[tuple[str, str, str, str]]:
        """(key, id, kind, how) for one typed name key."""
        return self._rows("SELECT key, id, kind, how, digest FROM names WHERE key = ?", (key,))

    def all_names(self) -> list[tuple[str, str, str, str]]:
        return self._rows("SELECT key, id, kind, how, digest FROM names")

    def citing(self, source_id: str) -> list[Head]:
        ids = {r[1] for r in self._rows("SELECT source, entity, digest FROM cites WHERE source = ?", (source_id,))}
        return [h for h in self.heads() if h.id in ids]

    def is_word(self, word: str) -> bool:
        return bool(self._raw("SELECT 1 FROM words WHERE word = ?", (word.casefold(),)))

    # --- notices: said once, on stderr, by every command that shows what they concern ------------------

    def notices(self, subjects: set[str]) -> list[str]:
        """The notices about what a page shows (its entries' ids, "source:ID" for its sources), each once."""
        out = []
        for subject, message in self._rows("SELECT subject, message, digest FROM notices"):
            if subject in subjects and message not in self._shown_notices:
                self._shown_notices.add(message)
                out.append(f"notice: {message}")
        out += self.notes
        self.notes = []
        return out

    # --- finding and searching (bonemets.knowledge.resolve, bonemets.knowledge.search) -------------------------------------

    def find(self, name, kind: str | None = None) -> dict:
        """The entity a typed name (a string, or the words of one) leads to; NotFound/UsageError otherwise."""
        from bonemets.knowledge.resolve import find

        return find(self, name, kind)

    def search(self, query: str, limit: int = 25):
        from bonemets.knowledge.search import search

        return search(self, query, limit)

    def symptoms(self, *, red_flags: bool = False, cancer: str | None = None) -> list[dict]:
        items = self.of_kind("symptom")
        if cancer:
            c = self.find(cancer, "cancer")
            items = [s for s in items if s["id"] in c.get("symptoms", []) or c["id"] in s.get("cancers", [])]
        if red_flags:
            # a local override can never take a shipped red flag away (knowledge.layers)
            items = [s for s in items if s.get("red_flag")]
        rank = {u: i for i, u in enumerate(schema.URGENCY)}

        def urgency(s: dict) -> int:
            return rank.get(s.get("urgency"), 9)

        return sorted(items, key=lambda s: (urgency(s), s["name"].casefold()))


    def symptom_groups(self, *, red_flags: bool = False, cancer: str | None = None):
        """([(heading, entries)], note, title) for the checklist.

        With a cancer: first what the sources tie to it, then the red flags of every primary (an emergency
        is never hidden by a filter); when nothing is tied to it, the note says the general list applies.
        """
        everything = self.symptoms(red_flags=red_flags)
        title = "Red flags, most urgent first" if red_flags else "Symptom checklist, most urgent first"
        if not cancer:
            return [("", everything)], "", title
        from bonemets.errors import NotFound

        try:
            c = self.find(cancer, "cancer")
        except NotFound as exc:
            # a primary bonemets has no entry for gets the general checklist, and the note says so: the red
            # flags apply whatever the primary. A name close to one bonemets has (a typo) stays an error.
            if exc.hint.startswith("did you mean"):
                raise
            from bonemets.knowledge.resolve import clip

            return ([("", everything)], f"bonemets has no list of its own for {clip(cancer)!r}: this is the general "
                    "checklist, which applies whatever the primary cancer.",
                    f"{title} (general: no list for {clip(cancer)!r})")
        tied = [s for s in everything if s["id"] in c.get("symptoms", []) or c["id"] in s.get("cancers", [])]
        rest = [s for s in everything if s not in tied and s.get("red_flag")]
        note = "" if tied else (f"The sources tie no {'red flag' if red_flags else 'symptom'} to {c['name']} "
                                "in particular: the general list applies.")
        return ([(f"Tied to {c['name']} by the sources", tied), ("Red flags for every primary", rest)],
                note, f"{title} — {c['name']}")


def open_command(ent: dict) -> str:
    if ent["kind"] == "score":
        return f"bonemets score {ent['id']} --help"
    return f"bonemets {ent['kind']} {ent['id']}"
