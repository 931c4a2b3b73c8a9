"""What the index's builder and reader share: its format, the row digest, the layer record."""
from __future__ import annotations

import sys
from typing import NamedTuple

from bonemets import __version__

FORMAT = f"bonemets-index-6/{__version__}/{sys.version_info[0]}.{sys.version_info[1]}"
RECENT_NS = 2_000_000_000  # files changed in the last 2 s are re-read next time (mtime granularity)
_KEY = b"bonemets-row-digest-1"


class Damaged(Exception):
    """A row whose digest does not match, or an index SQLite cannot read: rebuild and retry."""


class Layer(NamedTuple):
    root: str  # the path as given
    shown: str  # how its files are named in messages ("data" for the shipped files)
    local: bool


try:  # the C module itself: hashlib would load OpenSSL first, 2 ms for nothing on every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython has it
    from hashlib import blake2b


def digest(*values) -> bytes:
    h = blake2b(key=_KEY, digest_size=16)
    h.update("\x1f".join("" if v is None else str(v) for v in values).encode("utf-8", "surrogatepass"))
    return h.digest()


def check(row: tuple) -> tuple:
    """A row whose last column is the digest of the others; Damaged if it does not match."""
    if row[-1] != digest(*row[:-1]):
        raise Damaged("a row of the index does not match its digest")
    return row
