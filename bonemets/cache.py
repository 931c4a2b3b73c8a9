"""Parsed fact files, read through a stat-keyed cache (see bench/README.md for why and how fast)."""
from __future__ import annotations

from pathlib import Path

from bonemets.yamlload import Parsed, parse_file


def parse(path: Path, shown: str) -> Parsed:
    return parse_file(path, shown)


def name_index() -> list[tuple[str, str]]:
    """(typed name, kind) for every id, name and alias: what completion offers."""
    from bonemets.knowledge import KnowledgeBase
    from bonemets.text import slug

    kb = KnowledgeBase.load()
    out = []
    for e in kb.entities.values():
        for n in {e["id"], slug(e["name"]), *map(slug, e.get("aliases", []))}:
            out.append((n, e["kind"]))
    return out
