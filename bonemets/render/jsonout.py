"""JSON output: the Doc's data, through the stdlib json module, ASCII-only so nothing raw reaches a terminal."""
from __future__ import annotations


def text(doc) -> str:
    import json

    # allow_nan=False: NaN and Infinity are not JSON; every number was bounded where it was read, so a
    # ValueError here is a bug, reported as one rather than written as invalid JSON
    return json.dumps(doc.data, indent=2, ensure_ascii=True, allow_nan=False) + "\n"
