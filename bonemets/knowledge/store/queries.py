"""The SQL that search reads the index with, in one place (the index's tables: bonemets.knowledge.store.build.SCHEMA).

Row contents are read digest-checked (``kb._rows``): a planted or edited cache never changes what is shown;
only rowids and ranks come from the FTS5 tables unchecked (``kb._raw``).
"""
from __future__ import annotations

from typing import NamedTuple

WEIGHTS = (10.0, 8.0, 4.0, 1.0)  # entity-level search: name, aliases, summary, facts
FIELDS = ("name", "alias", "summary", "fact")


class EntityHit(NamedTuple):
    id: str
    kind: str
    name: str
    field: str


class Store:
    def __init__(self, kb) -> None:
        self.kb = kb

    def rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Ids and ranks from the FTS tables (never shown text)."""
        return self.kb._raw(sql, args)

    def count(self, table: str) -> int:
        assert table in ("facts", "docs")  # rowids run 1..n (store.build): the largest is the count, read in O(log n)
        return self.kb._raw(f"SELECT coalesce(max(rowid), 0) FROM {table}")[0][0]

    def fact_rows(self, rowids: list[int]) -> dict[int, tuple]:
        """rowid -> (entity, kind, entity name, section, n, text, about, topic), digest-checked, in chunks."""
        out: dict[int, tuple] = {}
        for i in range(0, len(rowids), 900):
            chunk = rowids[i:i + 900]
            marks = ",".join("?" * len(chunk))
            for r in self.kb._rows(f"SELECT rowid, entity, kind, name, section, n, text, about, topic, digest FROM facts "
                                   f"WHERE rowid IN ({marks})", tuple(chunk)):
                out[r[0]] = tuple(r[1:9])
        return out

    def entity_rowids(self, ent_ids: list[str]) -> set[int]:
        """Rowids of these entries' facts (ids only: their rows are read, checked, by fact_rows)."""
        if not ent_ids:
            return set()
        marks = ",".join("?" * len(ent_ids))
        return {r[0] for r in self.kb._raw(f"SELECT rowid FROM facts WHERE entity IN ({marks})", tuple(ent_ids))}

    def entity_facts(self, ent_id: str, sections: tuple[str, ...]) -> list[tuple[str, int, str]]:
        """(section, n, text) of one entry's facts in these sections, in the sections' order, digest-checked."""
        marks = ",".join("?" * len(sections))
        rows = self.kb._rows(f"SELECT rowid, entity, kind, name, section, n, text, about, topic, digest FROM facts "
                             f"WHERE entity = ? AND section IN ({marks})", (ent_id, *sections))
        return sorted(((r[4], r[5], r[6]) for r in rows), key=lambda r: (sections.index(r[0]), r[1]))

    def entity_hits(self, expr: str, limit: int) -> list[EntityHit]:
        """Entries whose name, aliases, summary or facts match an FTS5 expression, best first (bm25)."""
        w = ", ".join(str(x) for x in WEIGHTS)
        rows = self.kb._raw(f"SELECT rowid, bm25(fts, {w}) FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, {w}) "
                            "LIMIT ?", (expr, limit))
        if not rows:
            return []
        marks = ",".join("?" * len(rows))
        docs = {r[0]: r for r in self.kb._rows(f"SELECT rowid, id, kind, name, aliases, summary, facts, digest FROM "
                                               f"docs WHERE rowid IN ({marks})", tuple(r[0] for r in rows))}
        out = []
        for rowid, _rank in rows:
            doc = docs[rowid]
            field = next((FIELDS[i] for i, col in enumerate(doc[3:7]) if col and _has_any(col, expr)), "fact")
            out.append(EntityHit(doc[1], doc[2], doc[3], field))
        return out


def _has_any(text: str, expr: str) -> bool:
    import re

    from bonemets.text import words

    have = set(words(text))
    return any(set(words(p)) <= have for p in re.findall(r'"([^"]*)"', expr))
