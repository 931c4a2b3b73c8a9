"""Read one fact file safely and check it against the schema, keeping line and column of every problem.

No PyYAML constructor ever runs: the file is read as parser *events* (libyaml's C parser when
present) and built into plain ``str``/``bool``/``list``/``dict`` here, so python tags cannot build
objects, anchors/aliases (and with them alias bombs) and merge keys are refused where they stand,
nesting depth is capped before anything recurses, and YAML 1.1 surprises (``no`` as a boolean,
``1:30`` as 90, unquoted dates) are reported instead of silently changing the text.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from bonemets.knowledge import schema
from bonemets.knowledge.load.nodes import Map, Node, Scalar, Seq
from bonemets.knowledge.load.records import Issue, Parsed
from bonemets.text import neutralise

MAX_BYTES = 256 * 1024
MAX_DEPTH = 16

try:  # libyaml: about ten times faster than the pure-Python parser
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_RESOLVER = yaml.resolver.Resolver()


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
    from bonemets.knowledge.load.walk import TooBig, read_capped

    try:
        raw = read_capped(str(path), MAX_BYTES)
    except TooBig as exc:
        issues.append(Issue(shown, 1, 1, f"file is {exc.size} bytes, over the {MAX_BYTES}-byte cap for a fact file"))
        return None
    except OSError as exc:
        issues.append(Issue(shown, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return None
    except ValueError as exc:  # an impossible path (NUL byte)
        issues.append(Issue(shown, 1, 1, f"cannot read file: {exc}"))
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
    from bonemets.knowledge.load.checker import Checker

    checker = Checker(shown, out.issues)
    if schema.is_sources_file(path.name):
        checker.sources_file(root, out)
    elif schema.is_vocabulary_file(path.name):
        out.vocabulary = checker.vocabulary_file(root, out)
    else:
        out.entity = checker.entity(root)
    return out


