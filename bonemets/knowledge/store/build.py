"""Build the index (bonemets.knowledge.store.index) from the fact files: parse what changed, layer, resolve, write rows.

Layering (what local data may and may not do) is bonemets.knowledge.layers; this module parses, and writes the
rows the layers add up to.
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from bonemets.knowledge import schema
from bonemets.knowledge.layers import Resolver, entity_keys
from bonemets.knowledge.load import walk
from bonemets.knowledge.store.core import FORMAT, RECENT_NS, Damaged, Layer, digest

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
CREATE TABLE uses(target TEXT, pathway TEXT, digest BLOB);
CREATE INDEX uses_target ON uses(target);
CREATE TABLE notices(subject TEXT, message TEXT, digest BLOB);
CREATE INDEX notices_subject ON notices(subject);
CREATE TABLE warnings(n INTEGER PRIMARY KEY, message TEXT, digest BLOB);
CREATE TABLE reviewed(path TEXT PRIMARY KEY, date TEXT, digest BLOB);
CREATE TABLE vocab(n INTEGER PRIMARY KEY, body TEXT, digest BLOB);
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT, kind TEXT, name TEXT, aliases TEXT, summary TEXT,
                  facts TEXT, digest BLOB);
CREATE VIRTUAL TABLE fts USING fts5(name, aliases, summary, facts, content='docs', content_rowid='rowid',
                                    tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE facts(rowid INTEGER PRIMARY KEY, entity TEXT, kind TEXT, name TEXT, section TEXT, n INTEGER,
                   text TEXT, about TEXT, topic TEXT, digest BLOB);
CREATE INDEX facts_entity ON facts(entity);
CREATE VIRTUAL TABLE ffts USING fts5(text, about, topic, content='facts', content_rowid='rowid',
                                     tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE words(word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE grams USING fts5(term, tokenize='trigram');
"""

_WORD = re.compile(r"[^\W_]+")


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


def fact_rows(ent: dict) -> list[tuple[str, int, str, str, str]]:
    """(section, n, text, about, topic) for every fact search answers with: the summary, every fact of every
    section (a pathway step with its timing and who acts), a score's items, choices and bands, and the
    entry's name itself. ``about`` is the entry (name, aliases, kind); ``topic`` what the section answers
    (its label and schema.SECTION_TOPICS)."""
    kind = schema.KINDS.get(ent.get("kind", ""))
    if kind is None:
        return []
    about = " ; ".join([ent.get("name", ""), *ent.get("aliases", []), kind.name, ent.get("id", "").replace("-", " ")])
    labels = kind.labels()

    def topic(key: str) -> str:
        return f"{labels.get(key, key)} ; {schema.SECTION_TOPICS.get(key, '')}"

    out = [("name", 0, ent.get("name", ""), about, ""), ("summary", 0, ent.get("summary", ""), about, "summary")]
    for key, _label in kind.sections:
        for n, f in enumerate(ent.get(key, [])):
            if not isinstance(f, dict) or not f.get("text"):
                continue
            text = f["text"]
            if key == schema.STEP_SECTION:
                text = f"{text} ({f.get('timing', '')}; {f.get('who', '')}{'; if ' + f['when'] if f.get('when') else ''})"
            out.append((key, n, text, about, topic(key)))
    table = ent.get("table")
    if isinstance(table, dict):
        n = 0
        for item in table.get("items", []):
            for c in item.get("choices", []) + item.get("spans", []):
                what = c.get("word") or f"{c.get('from', '')}-{c.get('to', '')}"
                pts = f" ({c['points']} points)" if "points" in c else ""
                out.append(("table", n, f"{item.get('label', '')}: {what}{pts}: {c.get('meaning', '')}", about,
                            f"{schema.SECTION_TOPICS['table']} ; {item.get('key', '')}"))
                n += 1
        for b in table.get("bands", []):
            out.append(("table", n, f"{b.get('word', '')}: {b.get('meaning', '')}", about, "bands " + schema.SECTION_TOPICS["table"]))
            n += 1
    return [r for r in out if r[2]]


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


def _old_files(old) -> dict:
    if old is None:
        return {}
    return {(r[0], r[1]): r[2:] for r in old.rows(
        "SELECT layer, rel, size, mtime, ctime, ino, recent, body, digest FROM files")}


def build(layers: list[Layer], scans: list[walk.Scan], fp: str, old):
    """A new index in memory (sqlite3 connection) for these layers and their scans."""
    import sqlite3

    from bonemets.knowledge.load.yamlload import parse_file

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

    ents, cites, uses, docs, facts, words = [], [], [], [], [], set()
    for n, (ent_id, rec) in enumerate(res.ents.items(), start=1):
        ent = rec["entity"]
        ents.append((ent_id, ent["kind"], ent.get("name", ""), ent.get("summary", ""), ent.get("reviewed", ""),
                     rec["path"], json.dumps(rec["extra"]), rec["layer"], rec["rel"]))
        cites += [(sid, ent_id) for sid in cited_sources(ent)]
        if ent["kind"] == "pathway":  # what each pathway's steps use, so an entry can point back to it
            used = [u for st in ent.get(schema.STEP_SECTION, []) for u in st.get("uses", [])] + ent.get("see", [])
            uses += [(target, ent_id) for target in dict.fromkeys(used)]
        facts_text = "\n".join(fact_texts(ent))
        aliases = " ; ".join(ent.get("aliases", []))
        docs.append((n, ent_id, ent["kind"], ent.get("name", ""), aliases, ent.get("summary", ""), facts_text))
        facts += [(len(facts) + 1 + i, ent_id, ent["kind"], ent.get("name", ""), *row)
                  for i, row in enumerate(fact_rows(ent))]
        for text in (ent.get("name", ""), aliases, ent.get("summary", ""), facts_text):
            words.update(w.casefold() for w in _WORD.findall(text))
    put("entities", ents)
    put("cites", cites)
    put("uses", uses)
    put("docs", docs)
    conn.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
    put("facts", facts)
    conn.execute("INSERT INTO ffts(ffts) VALUES ('rebuild')")
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
