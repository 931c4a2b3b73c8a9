"""JSON output: the Doc's data, through the stdlib json module, ASCII-only so nothing raw reaches a terminal."""
from __future__ import annotations

import sys


def emit(doc) -> None:
    import json

    sys.stdout.write(json.dumps(doc.data, indent=2, ensure_ascii=True) + "\n")
