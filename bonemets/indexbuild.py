"""Build the index (bonemets.index) from the fact files: parse what changed, layer, resolve, write rows.

Layering: the shipped files first, then each ``--data``/``BONEMETS_DATA`` directory. A local entity with
a shipped id replaces it; a local source with a shipped id replaces its citation; a local name that a
shipped entry also answers to is shared, an exact id winning. Each of these is recorded as a *notice*
tied to what it concerns, so every command that shows the entity, source or name says so once; a local
override that lowers a shipped symptom's urgency or red flag is recorded with both values.
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from bonemets import schema, walk
from bonemets.indexcore import FORMAT, RECENT_NS, Damaged, Layer, digest
from bonemets.text import slug

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT, digest BLOB);
CREATE TABLE files(layer INTEGER, rel TEXT, size INTEGER, mtime INTEGER, ctime INTEGER, ino INTEGER,
                   recent INTEGER, body TEXT, digest BLOB, PRIMARY KEY (layer, rel));
CREATE TABLE entities(id TEXT PRIMARY KEY, kind TEXT, name TEXT, summary TEXT, reviewed TEXT, path TEXT,
                      extra TEXT, layer INTEGER, rel TEXT, digest BLOB);
CREATE INDEX entities_kind ON entities(kind);
CREATE TABLE names(key TEXT, id TEXT, kind TEXT, how TEXT, digest BLOB);
CREATE INDEX names_key ON names(key);
CREATE TABLE sources(id TEXT PRIMARY KEY, body TEXT, digest BLOB);
CREATE TABLE cites(source TEXT, entity TEXT, digest BLOB);
CREATE INDEX cites_source ON cites(source);
CREATE TABLE notices(subject TEXT, message TEXT, digest BLOB);
CREATE INDEX notices_subject ON notices(subject);
CREATE TABLE warnings(n INTEGER PRIMARY KEY, message TEXT, digest BLOB);
CREATE TABLE reviewed(path TEXT PRIMARY KEY, date TEXT, digest BLOB);
CREATE TABLE vocab(n INTEGER PRIMARY KEY, body TEXT, digest BLOB);
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT, kind TEXT, name TEXT, aliases TEXT, summary TEXT,
                  facts TEXT, digest BLOB);
CREATE VIRTUAL TABLE fts USING fts5(name, aliases, summary, facts, content='docs', content_rowid='rowid',
                                    tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE words(word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE grams USING fts5(term, tokenize='trigram');
"""

_WORD = re.compile(r"[^\W_]+")
_RANK = {u: i for i, u in enumerate(schema.URGENCY)}


def body_of(parsed) -> dict:
    """What the index keeps of one parsed file: plain JSON-able values, positions dropped."""
    ent = None
    if parsed.entity is not None:
        ent = {k: v for k, v in parsed.entity.items() if k != "_pos"}
    sources = [{k: v for k, v in s.items() if k != "_pos"} for s in parsed.sources]
    vocab = parsed.vocabulary
    if vocab is not None:
        vocab = {k: [{kk: vv for kk, vv in t.items() if kk != "_pos"} if isinstance(t, dict) else t for t in v]
                 for k, v in vocab.items()}
    return {"path": parsed.path, "entity": ent, "sources": sources, "reviewed": parsed.reviewed,
            "vocabulary": vocab, "issues": [[i.line, i.col, i.message, i.soft, i.warning] for i in parsed.issues]}


def entity_keys(ent: dict) -> list[str]:
    return [k for k in dict.fromkeys([slug(ent["id"]), slug(ent.get("name", "")), *map(slug, ent.get("aliases", []))]) if k]


def cited_sources(value) -> list[str]:
    """Every source id an entity cites, wherever it sits (summary, facts, score tables)."""
    out: dict[str, None] = {}

    def walk_(v, key=None):
        if isinstance(v, dict):
            for k, x in v.items():
                walk_(x, k)
        elif isinstance(v, list):
            if key == "sources" and all(isinstance(x, str) for x in v):
                out.update(dict.fromkeys(v))
            else:
                for x in v:
                    walk_(x)

    walk_(value)
    return list(out)


def fact_texts(ent: dict) -> list[str]:
    """The text a search looks at besides names and summary: every fact, and a score table's words."""
    kind = schema.KINDS.get(ent.get("kind", ""))
    if kind is None:
        return []
    out = [f["text"] for key, _label in kind.sections for f in ent.get(key, []) if isinstance(f, dict)]
    table = ent.get("table")
    if isinstance(table, dict):
        for item in table.get("items", []):
            out.append(item.get("label", ""))
            out += [c.get("meaning", "") for c in item.get("choices", []) + item.get("spans", [])]
        out += [b.get("meaning", "") for b in table.get("bands", [])]
    return [t for t in out if t]


class Resolver:
    """Everything the layers add up to: entities, sources, vocabulary, names, notices, warnings."""

    def __init__(self) -> None:
        self.ents: dict[str, dict] = {}
        self.sources: dict[str, dict] = {}
        self.vocab: dict = {"spellings": [], "terms": [], "classes": [], "distinct": []}
        self.notices: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.reviewed: dict[str, str] = {}

    def add(self, pos: int, layer: Layer, rel: str, body: dict) -> None:
        path, issues = body["path"], body["issues"]
        if issues:
            hard = [i for i in issues if not i[3]]
            first = (hard or issues)[0]
            more = f" (+{len(issues) - 1} more)" if len(issues) > 1 else ""
            what = "skipped" if hard else "loaded, made safe:"
            self.warnings.append(f"warning: {what} {path}:{first[0]}:{first[1]}: {first[2]}{more}; "
                                 f"run 'bonemets validate {path}'")
            if hard:
                return
        ent = body["entity"]
        if ent is not None and "id" in ent and ent.get("kind") in schema.KINDS:
            self._entity(pos, layer, rel, path, ent)
        for src in body["sources"]:
            prev = self.sources.get(src["id"])
            if prev is not None and layer.local:
                self.notices.append((f"source:{src['id']}", f"local file {path} replaces the citation of source "
                                                             f"{src['id']!r} (was in {prev.get('_path')})"))
            self.sources[src["id"]] = dict(src, _local=layer.local)
        if body["reviewed"] and (body["sources"] or body["vocabulary"] is not None):
            self.reviewed[path] = body["reviewed"]
        if body["vocabulary"]:
            self._vocabulary(layer, path, body["vocabulary"])

    def _entity(self, pos: int, layer: Layer, rel: str, path: str, ent: dict) -> None:
        extra: dict = {"_path": path, "_local": layer.local}
        prev = self.ents.get(ent["id"])
        if prev is not None and layer.local:
            extra["_overrides"] = prev["path"]
            self.notices.append((ent["id"], f"local file {path} overrides the entry {ent['id']!r} of {prev['path']}"))
            old = prev["entity"]
            if ent["kind"] == "symptom" and old.get("kind") == "symptom":
                was, now = old.get("urgency"), ent.get("urgency")
                lowered = _RANK.get(now, 9) > _RANK.get(was, 9)
                unflagged = bool(old.get("red_flag")) and not ent.get("red_flag")
                if lowered or unflagged:
                    extra["_shipped_urgency"] = was
                    extra["_shipped_red_flag"] = bool(old.get("red_flag"))
                    self.notices.append((ent["id"], f"local override lowers urgency: {path} makes "
                                                     f"{ent.get('name', ent['id'])!r} {now}"
                                                     f"{'' if ent.get('red_flag') else ', not a red flag'}; "
                                                     f"{prev['path']} has it {was}"
                                                     f"{', a red flag' if old.get('red_flag') else ''}"))
        self.ents[ent["id"]] = {"entity": ent, "extra": extra, "path": path, "layer": pos, "rel": rel,
                                "local": layer.local}

    def _vocabulary(self, layer: Layer, path: str, vocab: dict) -> None:
        for key in ("spellings", "terms", "distinct"):
            self.vocab[key] += vocab.get(key, [])
        known = {c["id"]: c for c in self.vocab["classes"]}
        for c in vocab.get("classes", []):
            if c["id"] in known and layer.local:
                self.notices.append((f"class:{c['id']}", f"local file {path} replaces the drug class {c['id']!r}"))
            known[c["id"]] = dict(c, _path=path, _local=layer.local)
        self.vocab["classes"] = list(known.values())

    # names

    def names(self) -> list[tuple[str, str, str, str]]:
        """(key, id, kind, how) rows; notices for names that a local entry shares with a shipped one."""
        rows: list[tuple[str, str, str, str]] = []
        owners: dict[str, list[tuple[str, bool]]] = {}
        for ent_id, rec in self.ents.items():
            ent = rec["entity"]
            keys = entity_keys(ent)
            for i, key in enumerate(keys):
                how = "id" if i == 0 and key == slug(ent_id) else "name"
                rows.append((key, ent_id, ent["kind"], how))
                owners.setdefault(key, []).append((ent_id, rec["local"]))
        for key, who in owners.items():
            local = [i for i, is_local in who if is_local]
            shipped = [i for i, is_local in who if not is_local]
            if local and shipped:
                self.notices.append((f"name:{key}", f"the name {key!r} is used by the local entry "
                                                    f"{', '.join(local)} and the shipped entry {', '.join(shipped)}; "
                                                    "an exact id wins, otherwise give the id"))
        from bonemets.vocab import Vocabulary

        voc = Vocabulary(self.vocab)
        taken = set(owners)
        for c in self.vocab["classes"]:
            for key in dict.fromkeys([slug(c["id"]), slug(c["name"]), *map(slug, c.get("aliases", []))]):
                if key and key not in taken:
                    rows.append((key, f"class:{c['id']}", c["kind"], "class"))
                    taken.add(key)
        for term in self.vocab["terms"]:
            if term["kind"] == "related":
                continue  # a related term is never a silent synonym
            for phrase in term["means"]:
                target = owners.get(slug(phrase))
                key = slug(term["term"])
                if target and len(target) == 1 and key not in taken:
                    ent_id = target[0][0]
                    rows.append((key, ent_id, self.ents[ent_id]["entity"]["kind"], term["kind"]))
                    taken.add(key)
                    break
        for key, who in list(owners.items()):
            for variant in voc.variants(key):
                if variant not in taken:
                    ent_id = who[0][0]
                    rows.append((variant, ent_id, self.ents[ent_id]["entity"]["kind"], "spelling"))
                    taken.add(variant)
        return rows


def _old_files(old) -> dict:
    if old is None:
        return {}
    return {(r[0], r[1]): r[2:] for r in old.rows(
        "SELECT layer, rel, size, mtime, ctime, ino, recent, body, digest FROM files")}


def build(layers: list[Layer], scans: list[walk.Scan], fp: str, old):
    """A new index in memory (sqlite3 connection) for these layers and their scans."""
    import sqlite3

    from bonemets.yamlload import parse_file

    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.executescript(SCHEMA)
    reuse = _old_files(old)
    now = time.time_ns()
    res = Resolver()
    dirs: dict[str, int] = {}
    files_rows = []
    for pos, (layer, sc) in enumerate(zip(layers, scans)):
        res.warnings += [f"warning: {note}" for note in sc.notes]
        dirs.update(sc.dirs)
        single = not sc.dirs
        for f in sc.files:
            shown = layer.shown if single else os.path.join(layer.shown, f.rel)
            hit = reuse.get((pos, f.rel))
            body_text = None
            if hit is not None and tuple(hit[:4]) == (f.size, f.mtime_ns, f.ctime_ns, f.ino) and not hit[4]:
                body_text = hit[5]
                if json.loads(body_text).get("path") != shown:
                    body_text = None
            if body_text is None:
                body_text = json.dumps(body_of(parse_file(Path(f.path), shown)), ensure_ascii=False)
            recent = int(now - f.mtime_ns <= RECENT_NS)
            row = (pos, f.rel, f.size, f.mtime_ns, f.ctime_ns, f.ino, recent, body_text)
            files_rows.append(row + (digest(*row),))
            res.add(pos, layer, f.rel, json.loads(body_text))
    conn.executemany("INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?)", files_rows)
    _write(conn, res)
    meta = {"format": FORMAT, "fingerprint": fp, "built": str(now),
            "dirs": json.dumps(dirs if dirs and not any(now - m <= RECENT_NS for m in dirs.values()) else None)}
    conn.executemany("INSERT INTO meta VALUES (?,?,?)", [(k, v, digest(k, v)) for k, v in meta.items()])
    conn.commit()
    return conn


def _write(conn, res: Resolver) -> None:
    def put(table: str, rows: list[tuple]) -> None:
        if rows:
            marks = ",".join("?" * (len(rows[0]) + 1))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", [r + (digest(*r),) for r in rows])

    ents, cites, docs, words = [], [], [], set()
    for n, (ent_id, rec) in enumerate(res.ents.items(), start=1):
        ent = rec["entity"]
        ents.append((ent_id, ent["kind"], ent.get("name", ""), ent.get("summary", ""), ent.get("reviewed", ""),
                     rec["path"], json.dumps(rec["extra"]), rec["layer"], rec["rel"]))
        cites += [(sid, ent_id) for sid in cited_sources(ent)]
        facts = "\n".join(fact_texts(ent))
        aliases = " ; ".join(ent.get("aliases", []))
        docs.append((n, ent_id, ent["kind"], ent.get("name", ""), aliases, ent.get("summary", ""), facts))
        for text in (ent.get("name", ""), aliases, ent.get("summary", ""), facts):
            words.update(w.casefold() for w in _WORD.findall(text))
    put("entities", ents)
    put("cites", cites)
    put("docs", docs)
    conn.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
    names = res.names()
    put("names", names)
    put("sources", [(sid, json.dumps(src)) for sid, src in res.sources.items()])
    put("notices", res.notices)
    put("warnings", list(enumerate(res.warnings)))
    put("reviewed", list(res.reviewed.items()))
    put("vocab", [(0, json.dumps(res.vocab))])
    conn.executemany("INSERT INTO words VALUES (?)", [(w,) for w in sorted(words)])
    terms = words | {key for key, *_ in names}
    conn.executemany("INSERT INTO grams(term) VALUES (?)", [(t,) for t in sorted(terms) if len(t) >= 3])


__all__ = ["build", "body_of", "cited_sources", "entity_keys", "Damaged"]
