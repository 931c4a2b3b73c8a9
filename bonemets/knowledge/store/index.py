"""One SQLite index per set of data directories: names, entities, sources, notices and full-text search.

Built from the YAML on first use, in ``$BONEMETS_CACHE_DIR`` (else ``$XDG_CACHE_HOME/bonemets``, else
``~/.cache/bonemets``), and rebuilt when any fact file's size, mtime, ctime or inode changes (parse results
of unchanged files are reused). Rules:

- Written whole into a temporary file and renamed over the old one: concurrent processes never see a
  half-written index; readers open it read-only and immutable.
- Trusted only when the current user owns the file and its directory is writable by nobody else;
  otherwise bonemets works from an index in memory and says so once (a planted file is never read).
- Never trusted beyond data: plain SQL rows of text (no marshal, no pickle), and every row that carries
  content has a digest of its values beside it, checked before use. A damaged, foreign or stale index is
  rebuilt silently; an unwritable cache directory only makes bonemets slower.
- A lookup reads the rows it shows; completion reads names only (its freshness is checked with directory
  mtimes: a handful of stats); nothing decodes every entity.
"""
from __future__ import annotations

import os
import stat
import time
from typing import NamedTuple

from bonemets.knowledge.load import walk
from bonemets.knowledge.store.core import FORMAT, RECENT_NS, Damaged, Layer, blake2b, check, digest  # noqa: F401

# --- where the index lives, and whether it may be trusted ---------------------------------------------


def cache_dir() -> str:
    explicit = os.environ.get("BONEMETS_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "bonemets")




def _layers_key(layers: list[Layer]) -> str:
    where = "\n".join(f"{os.path.abspath(ly.root)}\t{ly.shown}\t{int(ly.local)}" for ly in layers)
    return blake2b(where.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def index_path(layers: list[Layer]) -> str:
    return os.path.join(cache_dir(), f"index-{_layers_key(layers)}.sqlite")


def _private_dir(d: str) -> tuple[str | None, bool]:
    """(problem, say it): None when d is (or can be made) a directory only the current user can write.

    A directory others can write to, or another user's, is said (a file planted there would be
    trusted otherwise); one that cannot be made or written is not (bonemets is only slower).
    """
    try:
        os.makedirs(d, mode=0o700, exist_ok=True)
        st = os.stat(d)
    except (OSError, ValueError) as exc:
        return f"cannot use {d} ({getattr(exc, 'strerror', None) or exc})", False
    if not stat.S_ISDIR(st.st_mode):
        return f"{d} is not a directory", False
    if st.st_uid != os.getuid():
        return f"directory {d} belongs to another user", True
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"directory {d} is writable by other users", True
    if not os.access(d, os.W_OK):
        return f"cannot write to {d}", False
    return None, False


def _own_regular_file(p: str) -> bool:
    try:
        st = os.lstat(p)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid()


# --- reading an index ------------------------------------------------------------------------------


class Index:
    """A read-only connection to a built index (a file, or memory)."""

    def __init__(self, conn, path: str | None) -> None:
        self.conn = conn
        self.path = path

    def _run(self, sql: str, args: tuple) -> list[tuple]:
        import sqlite3

        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:  # corrupt, foreign or truncated: not an index we can use
            raise Damaged(str(exc)) from None

    def meta(self, key: str) -> str | None:
        row = self._run("SELECT value, digest FROM meta WHERE key = ?", (key,))
        return check((key, *row[0]))[1] if row else None

    def rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Rows whose last column is their digest, checked; the digest is dropped."""
        return [check(r)[:-1] for r in self._run(sql, args)]

    def raw(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Rows without digests (the full-text index: ranking only, never shown as content)."""
        return self._run(sql, args)


def _connect_file(path: str):
    import sqlite3

    uri = "file:" + path.replace("%", "%25").replace("?", "%3f").replace("#", "%23") + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _open_existing(path: str) -> Index | None:
    """The index at path when it is ours, readable and of this format; None otherwise."""
    if not _own_regular_file(path):
        return None
    try:
        idx = Index(_connect_file(path), path)
        return idx if idx.meta("format") == FORMAT else None
    except Exception:  # noqa: BLE001 - corrupt, foreign, unreadable: rebuild
        return None


class Opened(NamedTuple):
    index: Index
    notes: list[str]  # one-line warnings about the cache itself (never about content)


def fingerprint(scans: list[walk.Scan]) -> str:
    """One digest of every file's (path, size, mtime, ctime, inode) and every directory's mtime.

    Marked "recent:" when something changed in the last two seconds, so the next run looks again.
    """
    from array import array

    now = time.time_ns()
    h = blake2b(digest_size=16)
    recent = False
    for s in scans:
        raw = s.raw
        h.update("\x00".join([t[0] for t in raw]).encode("utf-8", "surrogatepass") + b"\x1e")
        ints = array("q", [x for t in raw for x in t[1:]])
        h.update(ints.tobytes())
        recent = recent or (bool(raw) and now - max(ints[1::4]) <= RECENT_NS) or \
            any(now - m <= RECENT_NS for m in s.dirs.values())
    return ("recent:" if recent else "") + h.hexdigest()


def open_index(layers: list[Layer], scans: list[walk.Scan]) -> Opened:
    """A fresh index for these layers: the cached one if it is current and trusted, else a new build."""
    fp = fingerprint(scans)
    problem, say = _private_dir(cache_dir())
    path = index_path(layers)
    old = None if problem else _open_existing(path)
    if old is not None:
        try:
            if old.meta("fingerprint") == fp:
                return Opened(old, [])
        except Damaged:
            old = None
    notes = [f"warning: cache {problem}; working without a cache"] if problem and say else []
    from bonemets.knowledge.store import build as indexbuild
    try:
        conn = indexbuild.build(layers, scans, fp, old)
    except Damaged:  # the old index was damaged mid-way: build from the YAML alone
        conn = indexbuild.build(layers, scans, fp, None)
    if old is not None:
        old.conn.close()
    if problem:
        return Opened(Index(conn, None), notes)
    saved = _save(conn, path)
    return Opened(Index(conn, None) if saved is None else saved, notes)


def rebuild(layers: list[Layer], scans: list[walk.Scan]) -> Opened:
    """After a digest mismatch: a new index from the YAML alone, replacing the damaged one."""
    from bonemets.knowledge.store import build as indexbuild
    conn = indexbuild.build(layers, scans, fingerprint(scans), None)
    problem, _say = _private_dir(cache_dir())
    saved = None if problem else _save(conn, index_path(layers))
    return Opened(Index(conn, None) if saved is None else saved, [])


def _save(conn, path: str) -> Index | None:
    """Write the in-memory index to path atomically; the saved file, or None when it cannot be written."""
    import sqlite3
    import tempfile

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=os.path.dirname(path))
        os.close(fd)
        disk = sqlite3.connect(tmp)
        try:
            conn.backup(disk)
        finally:
            disk.close()
        os.replace(tmp, path)
        tmp = None
        return Index(conn, path)
    except (OSError, sqlite3.Error, ValueError):
        return None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


# --- names only, for completion ----------------------------------------------------------------------


def names_only(layers: list[Layer], prefix: str = "") -> list[tuple[str, str]] | None:
    """(typed name, kind) of the names starting with prefix, from the cached index, when no data directory
    changed (a handful of stats); None to do it the long way.

    Names are read without their row digests: a damaged name can only give a wrong completion word, which
    then opens nothing or goes through a checked lookup; it is never shown as content.
    """
    import json

    if _private_dir(cache_dir())[0]:
        return None
    idx = _open_existing(index_path(layers))
    if idx is None:
        return None
    try:
        stamps = json.loads(idx.meta("dirs") or "null")
        if not stamps or not all(os.stat(d).st_mtime_ns == m for d, m in stamps.items()):
            return None
        high = prefix + "\U0010ffff"
        return idx.raw("SELECT key, kind FROM names WHERE key >= ? AND key < ?", (prefix, high))
    except (OSError, ValueError, Damaged):
        return None
    finally:
        idx.conn.close()
