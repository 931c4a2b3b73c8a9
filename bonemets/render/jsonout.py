"""JSON output: the Doc's data, through the stdlib json module, ASCII-only so nothing raw reaches a terminal."""
from __future__ import annotations


def text(doc) -> str:
    import json

    return json.dumps(doc.data, indent=2, ensure_ascii=True) + "\n"
