"""Parsed fact files, kept in a stat-keyed cache so a lookup does not re-parse every YAML file.

One cache file per data directory, in ``$BONEMETS_CACHE_DIR`` or ``$XDG_CACHE_HOME/bonemets`` (default
``~/.cache/bonemets``), written with ``marshal`` (plain dicts, lists and strings; the fastest stdlib format
to read back, see bench/README.md). Each entry is keyed on the file's size and mtime (ns). The cache is

- rebuilt silently when missing, unreadable, corrupt or written by another bonemets or Python version;
- written atomically (a temporary file renamed over the old one), so concurrent processes never read a
  half-written file and the last writer simply wins;
- optional: when its directory is read-only or cannot be made, everything still works, only slower;
- careful with files modified in the last two seconds (mtime granularity): those are never cached.

A second, smaller file per directory holds only the names (id, name, aliases, kind) for shell completion.
"""
from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from pathlib import Path

from bonemets import __version__
from bonemets.records import Issue, Parsed

FORMAT = f"bonemets-cache-7/{__version__}/{sys.version_info[0]}.{sys.version_info[1]}"
RECENT_NS = 2_000_000_000


def cache_dir() -> Path:
    explicit = os.environ.get("BONEMETS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bonemets"


def _cache_file(root: Path, suffix: str) -> Path:
    where = str(root.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir() / f"{root.name[:40]}-{zlib.crc32(where):08x}-{len(where)}.{suffix}"


def scan(root: Path) -> list[tuple[str, str, int, int]]:
    """(relative path, path, size, mtime_ns) of every .yaml/.yml file under root, sorted.

    Plain strings and os.scandir: with thousands of files, pathlib objects cost more than the stat calls.
    """
    if root.is_file():
        st = root.stat()
        return [(root.name, str(root), st.st_size, st.st_mtime_ns)]
    base = str(root)
    cut = len(base) + 1
    out = []
    stack = [base]
    while stack:
        d = stack.pop()
        try:
            entries = list(os.scandir(d))
        except OSError:
            continue
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=True):
                    stack.append(e.path)
                elif e.name.endswith((".yaml", ".yml")) and e.is_file(follow_symlinks=True):
                    st = e.stat(follow_symlinks=True)
                    out.append((e.path[cut:], e.path, st.st_size, st.st_mtime_ns))
            except OSError:
                continue
    out.sort()
    return out


def _read(path: Path):
    """The payload of a cache file, or None when it is missing, corrupt or of another format."""
    try:
        with open(path, "rb") as fh:
            data = marshal.loads(fh.read())  # marshal.load(fh) reads in tiny chunks: ten times slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("payload"), dict):
        return None
    return data["payload"]


def _write(path: Path, payload: dict) -> None:
    """Atomic and best effort: any failure leaves the old cache (or none) in place."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps({"format": FORMAT, "payload": payload}))
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, ValueError):
        pass


def _pack(p: Parsed) -> tuple:
    blob = marshal.dumps(p.entity) if p.entity is not None else None
    return (blob, p.head, p.sources, p.reviewed, [(i.path, i.line, i.col, i.message, i.soft) for i in p.issues])


def _unpack(shown: str, t: tuple) -> Parsed:
    blob, head, sources, reviewed, issues = t
    return Parsed(shown, None, sources, reviewed, [Issue(*i) for i in issues], blob=blob, head=head)


def load_layer(root: Path, shown_root: str) -> list[Parsed]:
    """Every fact file under root, parsed, through the cache."""
    files = scan(root)
    cpath = _cache_file(root, "marshal")
    old = _read(cpath) or {}
    new: dict = {}
    out = []
    dirty = len(old) != len(files)
    now = time.time_ns()
    single = root.is_file()
    for rel, path, size, mtime in files:
        shown = shown_root if single else os.path.join(shown_root, rel)
        hit = old.get(rel)
        if hit is not None and hit[0] == size and hit[1] == mtime and hit[2] == shown:
            parsed = _unpack(shown, hit[3])
            new[rel] = hit
        else:
            dirty = True
            parsed = parse_file(Path(path), shown)  # only on a miss does YAML get imported
            if now - mtime > RECENT_NS:
                new[rel] = (size, mtime, shown, _pack(parsed))
        out.append(parsed)
    if dirty:
        _write(cpath, new)
        _write(_cache_file(root, "names"), _names(root, new))
    return out


def parse_file(path: Path, shown: str) -> Parsed:
    from bonemets.yamlload import parse_file as parse

    return parse(path, shown)


def _dir_stamps(root: Path) -> dict | None:
    """mtime of root and every directory under it; None when one changed in the last two seconds."""
    if root.is_file():
        return None
    stamps, stack, now = {}, [str(root)], time.time_ns()
    while stack:
        d = stack.pop()
        try:
            m = os.stat(d).st_mtime_ns
            stack += [e.path for e in os.scandir(d) if e.is_dir(follow_symlinks=True)]
        except OSError:
            return None
        if now - m <= RECENT_NS:
            return None
        stamps[d] = m
    return stamps


def _names(root: Path, files: dict) -> dict:
    heads = []
    for _size, _mtime, _shown, packed in files.values():
        head, issues = packed[1], packed[4]
        if head is not None and not [i for i in issues if not i[4]]:
            heads.append(head)
    return {"dirs": _dir_stamps(root), "heads": heads}


def layer_names(root: Path, shown_root: str) -> list[list]:
    """[id, name, aliases, kind, keys] of every valid entity under root, for completion.

    Fresh while no directory under root has changed since the names were written (adding, removing or
    renaming a file changes its directory): a few stat calls instead of one per file, which is what
    keeps TAB fast with thousands of files. An in-place edit of a file's aliases shows up in completion
    after the next lookup, which re-checks every file and rewrites this list.
    """
    cached = _read(_cache_file(root, "names"))
    if cached and cached.get("dirs"):
        try:
            if all(os.stat(d).st_mtime_ns == m for d, m in cached["dirs"].items()):
                return cached["heads"]
        except OSError:
            pass
    heads = [p.head for p in load_layer(root, shown_root) if p.usable]
    stamps = _dir_stamps(root)
    if stamps:
        _write(_cache_file(root, "names"), {"dirs": stamps, "heads": heads})
    return heads


def name_index(extra: list[Path] | tuple = ()) -> list[tuple[str, str]]:
    """(typed name, kind) for every id, name and alias: what completion offers. Reads names only."""
    from bonemets.knowledge import env_dirs, shipped_dir

    out = []
    for root in [shipped_dir(), *extra, *env_dirs()]:
        if not root.exists():
            continue
        for head in layer_names(root, str(root)):
            out += [(key, head[3]) for key in head[4]]
    return out
