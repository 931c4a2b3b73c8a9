"""Read one fact file safely and check it against the schema, keeping line and column of every problem.

No PyYAML constructor ever runs: the file is read as parser *events* (libyaml's C parser when
present) and built into plain ``str``/``bool``/``list``/``dict`` here, so python tags cannot build
objects, anchors/aliases (and with them alias bombs) and merge keys are refused where they stand,
nesting depth is capped before anything recurses, and YAML 1.1 surprises (``no`` as a boolean,
``1:30`` as 90, unquoted dates) are reported instead of silently changing the text.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml

from bonemets import schema
from bonemets.records import Issue, Parsed, head_of
from bonemets.scores import spec
from bonemets.text import has_control, neutralise

MAX_BYTES = 256 * 1024
MAX_DEPTH = 16

try:  # libyaml: about ten times faster than the pure-Python parser
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_RESOLVER = yaml.resolver.Resolver()


# --- nodes with positions -------------------------------------------------------------------------


@dataclass
class Node:
    line: int
    col: int


@dataclass
class Scalar(Node):
    value: str
    tag: str  # resolved YAML 1.1 tag suffix: str, bool, int, float, null, timestamp


@dataclass
class Seq(Node):
    items: list


@dataclass
class Map(Node):
    pairs: list  # [(Scalar key, Node value)]


def _pos(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _compose(text: str, path: str, issues: list[Issue]) -> Node | None:
    stack: list = []
    root = None
    docs = 0
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            line, col = _pos(ev.start_mark)
            if isinstance(ev, yaml.AliasEvent):
                issues.append(Issue(path, line, col, "aliases (*name) are not allowed in fact files"))
                return None
            if isinstance(ev, yaml.DocumentStartEvent):
                docs += 1
                if docs > 1:
                    issues.append(Issue(path, line, col, "only one YAML document per fact file"))
                    return None
                continue
            if not isinstance(ev, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent,
                                   yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                continue
            if getattr(ev, "anchor", None):
                issues.append(Issue(path, line, col, f"anchors (&{ev.anchor}) are not allowed in fact files"))
                return None
            tag = getattr(ev, "tag", None)
            if tag not in (None, "!"):
                issues.append(Issue(path, line, col, f"YAML tags ({neutralise(tag)}) are not allowed in fact files"))
                return None
            if isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                node = stack.pop()
                if isinstance(node, Map) and node.pairs and node.pairs[-1][1] is None:
                    node.pairs.pop()  # pragma: no cover - the parser never ends a map on a key
            else:
                if isinstance(ev, yaml.ScalarEvent):
                    plain = ev.implicit[0] and not ev.style
                    rtag = _RESOLVER.resolve(yaml.ScalarNode, ev.value, (plain, not plain)) if plain else "str"
                    node = Scalar(line, col, ev.value, rtag.rsplit(":", 1)[-1])
                elif isinstance(ev, yaml.SequenceStartEvent):
                    node = Seq(line, col, [])
                else:
                    node = Map(line, col, [])
                if len(stack) >= MAX_DEPTH:
                    issues.append(Issue(path, line, col, f"nesting deeper than {MAX_DEPTH} levels"))
                    return None
                if not stack:
                    root = node
                else:
                    parent = stack[-1]
                    if isinstance(parent, Seq):
                        parent.items.append(node)
                    elif parent.pairs and parent.pairs[-1][1] is None:
                        parent.pairs[-1] = (parent.pairs[-1][0], node)
                    else:
                        if not isinstance(node, Scalar):
                            issues.append(Issue(path, line, col, "mapping keys must be plain text"))
                            return None
                        if node.value == "<<" and node.tag == "merge":
                            issues.append(Issue(path, line, col, "merge keys (<<) are not allowed in fact files"))
                            return None
                        parent.pairs.append((node, None))
                if not isinstance(node, Scalar):
                    stack.append(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        issues.append(Issue(path, line, col, f"YAML syntax error: {exc.problem or exc.context}"))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML itself refuses, e.g. a raw control character
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        ch = exc.character if isinstance(exc.character, str) else chr(exc.character)
        issues.append(Issue(path, line, col, f"control character U+{ord(ch):04X} is not allowed in a fact file"))
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - other unmarked libyaml errors
        issues.append(Issue(path, 1, 1, "YAML error: " + " ".join(str(exc).split())))
        return None
    if root is None:
        issues.append(Issue(path, 1, 1, "empty file: expected a mapping of fields"))
    return root


# --- reading ---------------------------------------------------------------------------------------


def read_text(path: Path, shown: str, issues: list[Issue]) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            issues.append(Issue(shown, 1, 1, f"file is {size} bytes, over the {MAX_BYTES}-byte cap for a fact file"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        issues.append(Issue(shown, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        issues.append(Issue(shown, line, col, "text is not UTF-8 (byte 0x%02x)" % raw[exc.start]))
        return None
    if not text.strip():
        issues.append(Issue(shown, 1, 1, "empty file: expected a mapping of fields"))
        return None
    return text


def parse_file(path: Path, shown: str | None = None) -> Parsed:
    """Read, compose and schema-check one file. Problems are collected, never raised."""
    shown = shown or str(path)
    out = Parsed(shown)
    text = read_text(path, shown, out.issues)
    if text is None:
        return out
    root = _compose(text, shown, out.issues)
    if root is None:
        return out
    checker = _Checker(shown, out.issues)
    if schema.is_sources_file(path.name):
        checker.sources_file(root, out)
    else:
        out.entity = checker.entity(root)
        out.head = head_of(out.entity)
    return out


# --- schema check ----------------------------------------------------------------------------------

_TRAP = {
    "bool": "unquoted {v!r} is read as a boolean (YAML 1.1); put it in quotes",
    "int": "unquoted {v!r} is read as a number; put it in quotes",
    "float": "unquoted {v!r} is read as a number; put it in quotes",
    "timestamp": "unquoted date {v!r} is read as a date object; put it in quotes",
    "null": "empty value: expected text",
}


class _Checker:
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
            if fact.get("text") and fact.get("sources"):
                out.append(fact)
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
                    if not schema.ID_RE.match(val):
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
