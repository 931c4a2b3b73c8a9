"""The references of the page last shown, kept in the user's cache directory (the one the index uses), so
`bonemets sources 3` opens the [3] a person just read. Only numbers and source ids are kept; what is read
back is only ever an id to look up in the knowledge base, never shown as content."""
from __future__ import annotations

import os

FILE = "last-page.json"


def _path() -> str | None:
    from bonemets.knowledge.store.index import _private_dir, cache_dir

    d = cache_dir()
    return None if _private_dir(d)[0] else os.path.join(d, FILE)


def save(title: str, references: list[dict]) -> None:
    """Remember a page's references (any failure: `sources N` just cannot say what [N] was)."""
    try:
        import json

        p = _path()
        if p is None:
            return
        tmp = f"{p}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"title": title[:120], "refs": [[r["number"], r["id"]] for r in references]}, f)
        os.replace(tmp, p)
    except (OSError, ValueError, TypeError, KeyError):
        pass


def load() -> tuple[str, dict[int, str]] | None:
    """(title, {number: source id}) of the page last shown, or None."""
    try:
        import json

        from bonemets.knowledge.store.index import _own_regular_file

        p = _path()
        if p is None or not _own_regular_file(p) or os.path.getsize(p) > 1_000_000:
            return None
        with open(p, encoding="utf-8") as f:
            d = json.load(f)
        refs = {int(n): str(i) for n, i in d["refs"]}
        return str(d["title"]), refs
    except (OSError, ValueError, TypeError, KeyError):
        return None
