"""Check a composed fact file against the schema, keeping line and column of every problem.

``yamlload`` turns a file into nodes (``Scalar``, ``Seq``, ``Map``, each with its position); a ``Checker``
walks them and builds plain values, collecting every problem as an ``Issue`` instead of raising.
"""
from __future__ import annotations

import datetime

from bonemets.knowledge import schema
from bonemets.knowledge.load import scorespec as spec
from bonemets.knowledge.load import steps
from bonemets.knowledge.load.nodes import Map, Node, Scalar, Seq
from bonemets.knowledge.load.records import Issue, Parsed
from bonemets.text import has_control, has_invisible, neutralise

_TRAP = {
    "bool": "unquoted {v!r} is read as a boolean (YAML 1.1); put it in quotes",
    "int": "unquoted {v!r} is read as a number; put it in quotes",
    "float": "unquoted {v!r} is read as a number; put it in quotes",
    "timestamp": "unquoted date {v!r} is read as a date object; put it in quotes",
    "null": "empty value: expected text",
}


class Checker:
    def __init__(self, path: str, issues: list[Issue]) -> None:
        self.path = path
        self.issues = issues
        self.pos: dict[str, tuple[int, int]] = {}

    def err(self, node: Node, message: str, soft: bool = False) -> None:
        self.issues.append(Issue(self.path, node.line, node.col, message, soft))

    # scalars
    def text(self, node: Node, what: str) -> str | None:
        if not isinstance(node, Scalar):
            self.err(node, f"{what}: expected text, found a {'list' if isinstance(node, Seq) else 'mapping'}")
            return None
        if node.tag != "str":
            v = node.value
            if node.tag == "int" and ":" in v:
                self.err(node, f"{what}: unquoted {v!r} is read as a sexagesimal number (YAML 1.1); put it in quotes")
            else:
                self.err(node, f"{what}: " + _TRAP.get(node.tag, "unexpected value {v!r}").format(v=v))
            return None
        if not node.value.strip():
            self.err(node, f"{what}: empty text")
            return None
        if "\n" in node.value:
            self.err(node, f"{what}: a line break inside the text; write it on one line")
            return None
        if has_invisible(node.value):
            bad = next(c for c in node.value if has_invisible(c))
            names = what.split(":")[0] in ("id", "name", "aliases", "term", "class")
            self.err(node, f"{what}: invisible or direction-changing character U+{ord(bad):04X}"
                           f"{' in a name' if names else ' (shown as <U+...>)'}", soft=not names)
            if names:
                return None
        if has_control(node.value):
            bad = next(c for c in node.value if has_control(c))
            self.err(node, f"{what}: control character U+{ord(bad):04X} in text", soft=True)
        return neutralise(node.value)

    def flag(self, node: Node, what: str) -> bool | None:
        if isinstance(node, Scalar) and node.tag == "bool" and node.value in ("true", "false"):
            return node.value == "true"
        self.err(node, f"{what}: expected true or false")
        return None

    def texts(self, node: Node, what: str, *, key: str | None = None) -> list[str]:
        if not isinstance(node, Seq):
            self.err(node, f"{what}: expected a list, e.g. [a, b]")
            return []
        out = []
        for _i, item in enumerate(node.items):
            v = self.text(item, what)
            if v is not None:
                out.append(v)
                if key:
                    self.pos[f"{key}.{len(out) - 1}"] = (item.line, item.col)
        return out

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict | None:
        if not isinstance(node, Map):
            self.err(node, f"{what}: expected a mapping of fields")
            return None
        seen: dict[str, Scalar] = {}
        for k, _v in node.pairs:
            name = k.value if k.tag == "str" else None
            if name is None:
                self.err(k, f"{what}: key {k.value!r} must be text")
                continue
            if name in seen:
                self.err(k, f"{what}: duplicate key {name!r} (first at line {seen[name].line})")
                continue
            seen[name] = k
            if name not in allowed:
                self.err(k, f"{what}: unknown key {neutralise(name)!r} (allowed: {', '.join(allowed)})")
        for r in required:
            if r not in seen:
                self.err(node, f"{what}: missing required key {r!r}")
        return {k.value: (k, v) for k, v in node.pairs if k.value in allowed and k.value in seen and seen[k.value] is k}

    # facts and entities
    def facts(self, node: Node, key: str) -> list[dict]:
        if not isinstance(node, Seq):
            self.err(node, f"{key}: expected a list of facts (each with text and sources)")
            return []
        if not node.items:
            self.err(node, f"{key}: empty list; give at least one fact or leave the section out")
        out = []
        for item in node.items:
            m = self.mapping(item, f"{key}: fact", schema.FACT_REQUIRED + tuple(schema.FACT_OPTIONAL),
                             schema.FACT_REQUIRED)
            if m is None:
                continue
            fact: dict = {}
            idx = len(out)
            self.pos[f"{key}.{idx}"] = (item.line, item.col)
            for name, (_k, v) in m.items():
                if name == "sources":
                    fact["sources"] = self.texts(v, f"{key}: sources", key=f"{key}.{idx}.sources")
                    if isinstance(v, Seq) and not v.items:
                        self.err(v, f"{key}: a fact needs at least one source id")
                elif name == "quote":
                    fact["quote"] = self.quotes(v, f"{key}: quote", f"{key}.{idx}.quote")
                elif schema.FACT_OPTIONAL.get(name) is bool:
                    fact[name] = self.flag(v, f"{key}: {name}")
                elif name == "grade":
                    fact[name] = steps.grade(self, v, f"{key}: grade")
                elif name in schema.STEP_FIELDS and key != schema.STEP_SECTION:
                    self.err(v, f"{key}: {name} is allowed on a pathway's {schema.STEP_SECTION} only")
                elif schema.FACT_OPTIONAL.get(name) == "ids":
                    fact[name] = self.texts(v, f"{key}: {name}", key=f"{key}.{idx}.{name}")
                elif name == "urgency":
                    val = self.text(v, f"{key}: urgency")
                    if key != schema.SIGN_SECTION:
                        self.err(v, f"{key}: urgency is allowed on a symptom's {schema.SIGN_SECTION} only")
                    elif val is not None and val not in schema.URGENCY:
                        self.err(v, f"{key}: urgency {val!r} is not one of {', '.join(schema.URGENCY)}")
                    else:
                        fact[name] = val
                else:
                    fact[name] = self.text(v, f"{key}: {name}")
                    if name == "locator":
                        self.pos[f"{key}.{idx}.locator"] = (v.line, v.col)
            if key == schema.STEP_SECTION:
                for r in schema.STEP_REQUIRED:
                    if r not in m:
                        self.err(item, f"{key}: a step needs {r!r}")
                if len(fact.get("timing") or "") > schema.TIMING_MAX:
                    self.err(m["timing"][1], f"{key}: timing is at most {schema.TIMING_MAX} characters "
                                             "('immediately', 'within 24 hours'); put the rest in text")
            if fact.get("text") and fact.get("sources"):
                out.append(fact)
        if key == schema.STEP_SECTION:
            steps.step_order(self, node, out)
        return out

    def quotes(self, node: Node, what: str, where: str) -> list[str]:
        """A quote: one string or a list of strings, each kept with its position for the seed check."""
        items = node.items if isinstance(node, Seq) else [node]
        if isinstance(node, Seq) and not node.items:
            self.err(node, f"{what}: empty list; give the supporting words or leave quote out")
        out = []
        for item in items:
            v = self.text(item, what)
            if v is None:
                continue
            if len(v.split()) < schema.QUOTE_MIN_WORDS:
                self.err(item, f"{what}: quote at least a clause ({schema.QUOTE_MIN_WORDS} words or more)")
            if len(v) > schema.QUOTE_MAX:
                self.err(item, f"{what}: {len(v)} characters; quote at most {schema.QUOTE_MAX} (split it into a list)")
            self.pos[f"{where}.{len(out)}"] = (item.line, item.col)
            out.append(v)
        return out

    def entity(self, root: Node) -> dict | None:
        if not isinstance(root, Map):
            self.err(root, "entity: expected a mapping of fields")
            return None
        kind_node = next((v for k, v in root.pairs if k.value == "kind"), None)
        if kind_node is None:
            self.err(root, "entity: missing required key 'kind'")
            return None
        kind_name = self.text(kind_node, "kind")
        kind = schema.KINDS.get(kind_name or "")
        if kind is None:
            if kind_name is not None:
                self.err(kind_node, f"kind: unknown kind {kind_name!r} (allowed: {', '.join(schema.KINDS)})")
            return None
        blocks = spec.KEYS if kind.name == "score" else ()  # a score's table: bonemets/scores/spec.py
        allowed = schema.COMMON_REQUIRED + schema.COMMON_OPTIONAL + tuple(kind.labels()) + blocks
        m = self.mapping(root, kind.name, allowed, schema.COMMON_REQUIRED + kind.required + blocks)
        if m is None:  # pragma: no cover - root is a mapping
            return None
        ent: dict = {"kind": kind.name, "aliases": []}
        sections = dict(kind.sections)
        refs = {k: t for k, t, _ in kind.refs}
        choices = {k: c for k, c, _ in kind.choices}
        flags = dict(kind.flags)
        for name, (_k, v) in m.items():
            if name == "kind":
                continue
            if name in ("id", "name", "summary", "reviewed"):
                val = self.text(v, name)
                if val is None:
                    continue
                self.pos[name] = (v.line, v.col)
                if name == "id":
                    if not schema.ID_RE.fullmatch(val):
                        self.err(v, f"id: {val!r} must be lower-case letters, digits and hyphens")
                if name == "reviewed" and not self._date(v, val):
                    continue
                ent[name] = val
            elif name in ("aliases", "sources"):
                ent[name] = self.texts(v, name, key=name)
            elif name == "quote":
                ent[name] = self.quotes(v, "quote", "quote")
            elif name == "locator":
                val = self.text(v, name)
                if val is not None:
                    self.pos[name] = (v.line, v.col)
                    ent[name] = val
            elif name in sections:
                ent[name] = self.facts(v, name)
            elif name in refs:
                ent[name] = self.texts(v, name, key=name)
            elif name in choices:
                val = self.text(v, name)
                if val is not None and val not in choices[name]:
                    self.err(v, f"{name}: {val!r} is not one of {', '.join(choices[name])}")
                elif val is not None:
                    ent[name] = val
            elif name in flags:
                ent[name] = self.flag(v, name)
            elif name in blocks:
                ent[name] = spec.check(self, v)
        if "sources" in m and not ent.get("sources"):
            self.err(m["sources"][1], "sources: the summary needs at least one source id")
        ent["_pos"] = self.pos
        return ent

    def _date(self, node: Scalar, val: str) -> bool:
        ok = bool(schema.DATE_RE.match(val))
        if ok:
            try:
                datetime.date.fromisoformat(val)
            except ValueError:
                ok = False
        if not ok:
            self.err(node, f"reviewed: {val!r} is not a date written as \"YYYY-MM-DD\"")
        return ok

    def sources_file(self, root: Node, out: Parsed) -> None:
        m = self.mapping(root, "sources file", ("reviewed", "sources"), ("reviewed", "sources"))
        if m is None:
            return
        if "reviewed" in m:
            val = self.text(m["reviewed"][1], "reviewed")
            if val is not None and self._date(m["reviewed"][1], val):
                out.reviewed = val
        if "sources" not in m:
            return
        node = m["sources"][1]
        if not isinstance(node, Seq):
            self.err(node, "sources: expected a list of sources")
            return
        for item in node.items:
            sm = self.mapping(item, "source", schema.SOURCE_REQUIRED + schema.SOURCE_OPTIONAL, schema.SOURCE_REQUIRED)
            if sm is None:
                continue
            src = {}
            for name, (_k, v) in sm.items():
                val = self.text(v, f"source {name}")
                if val is not None:
                    src[name] = val
            if "verification" in src and src["verification"] not in schema.VERIFICATION:
                self.err(sm["verification"][1], f"verification: must be one of {', '.join(schema.VERIFICATION)}")
            elif src.get("verification") in ("seed", "listed") and "seed" not in src:
                self.err(item, f"source: verification {src['verification']!r} needs seed: the seed document's file name")
            if "id" in src:
                src["_pos"] = (sm["id"][1].line, sm["id"][1].col)
                src["_path"] = self.path
                out.sources.append(src)

    # the vocabulary file

    def vocabulary_file(self, root: Node, out: Parsed) -> dict | None:
        """spellings, terms, classes and distinct look-alikes; see data/README.md."""
        m = self.mapping(root, "vocabulary file", ("reviewed", "spellings", "terms", "classes", "distinct"),
                         ("reviewed",))
        if m is None:
            return None
        vocab: dict = {"spellings": [], "terms": [], "classes": [], "distinct": []}
        if "reviewed" in m:
            val = self.text(m["reviewed"][1], "reviewed")
            if val is not None and self._date(m["reviewed"][1], val):
                out.reviewed = val
        for key in ("spellings", "distinct"):
            if key in m:
                vocab[key] = self._pairs(m[key][1], key)
        if "terms" in m:
            for item in self._items(m["terms"][1], "terms"):
                t = self._record(item, "term", schema.VOCAB_TERM_REQUIRED, schema.VOCAB_TERM_OPTIONAL,
                                 lists=("means", "sources"))
                if t is None:
                    continue
                if t.get("kind") not in schema.VOCAB_KINDS:
                    self.err(item, f"term: kind must be one of {', '.join(schema.VOCAB_KINDS)}")
                    continue
                if t.get("note") and not t.get("sources"):
                    self.err(item, "term: a note is a statement and needs sources")
                    continue
                vocab["terms"].append(t)
        if "classes" in m:
            for item in self._items(m["classes"][1], "classes"):
                c = self._record(item, "class", schema.VOCAB_CLASS_REQUIRED, schema.VOCAB_CLASS_OPTIONAL,
                                 lists=("members", "sources", "aliases", "quote"))
                if c is None:
                    continue
                if not schema.ID_RE.fullmatch(c.get("id", "")):
                    self.err(item, f"class: id {c.get('id')!r} must be lower-case letters, digits and hyphens")
                    continue
                vocab["classes"].append(c)
        return vocab

    def _items(self, node: Node, what: str) -> list:
        if not isinstance(node, Seq):
            self.err(node, f"{what}: expected a list")
            return []
        return node.items

    def _pairs(self, node: Node, what: str) -> list[list[str]]:
        out = []
        for item in self._items(node, what):
            words = self.texts(item, what)
            if len(words) != 2:
                self.err(item, f"{what}: expected a pair, e.g. [tumor, tumour]")
                continue
            out.append(words)
        return out

    def _record(self, node: Node, what: str, required: tuple, optional: tuple, lists: tuple) -> dict | None:
        m = self.mapping(node, what, required + optional, required)
        if m is None or any(r not in m for r in required):
            return None
        rec: dict = {"_pos": [node.line, node.col]}
        for name, (_k, v) in m.items():
            rec[name] = self.texts(v, f"{what}: {name}") if name in lists else self.text(v, f"{what}: {name}")
        return rec
