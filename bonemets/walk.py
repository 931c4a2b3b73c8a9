"""The file system, handled defensively: walk a data directory, read one file.

- Each real directory is walked once (device + inode), so symbolic-link loops end; depth and the number
  of files are bounded; what was skipped is said, never silently dropped.
- Only regular files are read: a FIFO, a device or a directory named ``*.yaml`` is skipped, not opened
  for reading (``O_NONBLOCK`` + ``fstat`` after opening, so a file swapped between the walk and the read is
  still checked), and no more than the cap is ever read, whatever the file claims to be.
- Any problem with a path (permission denied, a name too long, a loop) is a ``note``: one line the caller
  turns into a warning. Nothing here raises for a bad path.
"""
from __future__ import annotations

import os
import stat
from typing import NamedTuple

MAX_DEPTH = 12
MAX_FILES = 20_000
SUFFIXES = (".yaml", ".yml")


class FileStat(NamedTuple):
    rel: str  # path relative to the root, '/'-separated
    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int


class Scan(NamedTuple):
    files: list[FileStat]
    dirs: dict[str, int]  # directory path -> mtime_ns (for name completion's cheap freshness check)
    notes: list[str]  # what was skipped, and why
    usable: bool  # False when the root itself cannot be read


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def root_problem(root: str) -> str | None:
    """Why ``root`` cannot be used as a data path, or None."""
    if root == "":
        return "an empty path"
    if "\x00" in root:
        return "a path with a NUL character"
    try:
        st = os.stat(root)
    except OSError as exc:
        return _why(exc).lower() if exc.strerror else "cannot be read"
    except ValueError:
        return "not a valid path"
    if not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
        return "neither a directory nor a regular file"
    return None


def scan(root: str, *, max_depth: int = MAX_DEPTH, max_files: int = MAX_FILES) -> Scan:
    """Every ``*.yaml``/``*.yml`` regular file under root (or root itself when it is a file), sorted."""
    problem = root_problem(root)
    if problem:
        return Scan([], {}, [f"{root}: {problem}"], False)
    st = os.stat(root)
    if stat.S_ISREG(st.st_mode):
        name = os.path.basename(root)
        return Scan([FileStat(name, root, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)], {}, [], True)
    files: list[FileStat] = []
    dirs: dict[str, int] = {}
    notes: list[str] = []
    seen: set[tuple[int, int]] = set()
    cut = len(root.rstrip(os.sep)) + 1
    stack: list[tuple[str, int]] = [(root, 0)]
    while stack:
        d, depth = stack.pop()
        try:
            dst = os.stat(d)
        except OSError as exc:
            notes.append(f"{d}: {_why(exc)}; skipped")
            continue
        key = (dst.st_dev, dst.st_ino)
        if key in seen:
            notes.append(f"{d}: a directory already read (symbolic-link loop or duplicate link); skipped")
            continue
        seen.add(key)
        dirs[d] = dst.st_mtime_ns
        try:
            with os.scandir(d) as it:
                entries = list(it)
        except OSError as exc:
            notes.append(f"{d}: {_why(exc)}; skipped")
            continue
        for e in entries:
            try:
                if e.is_dir():  # follows links; loops end at the (device, inode) check
                    if depth + 1 > max_depth:
                        notes.append(f"{e.path}: deeper than {max_depth} directories; skipped")
                    else:
                        stack.append((e.path, depth + 1))
                    continue
                if not e.name.endswith(SUFFIXES):
                    continue
                fst = e.stat()
            except OSError as exc:
                notes.append(f"{e.path}: {_why(exc)}; skipped")
                continue
            if not stat.S_ISREG(fst.st_mode):
                notes.append(f"{e.path}: not a regular file; skipped")
                continue
            if len(files) >= max_files:
                notes.append(f"{root}: more than {max_files} fact files; the rest skipped")
                stack.clear()
                break
            rel = e.path[cut:]
            if os.sep != "/":  # pragma: no cover - POSIX only in practice
                rel = rel.replace(os.sep, "/")
            files.append(FileStat(rel, e.path, fst.st_size, fst.st_mtime_ns, fst.st_ctime_ns, fst.st_ino))
    files.sort()
    return Scan(files, dirs, notes, True)


class TooBig(OSError):
    """A file over the cap; ``size`` is what it holds (at least cap + 1 when it grew while read)."""

    def __init__(self, size: int, cap: int) -> None:
        super().__init__(0, f"{size} bytes, over the {cap}-byte cap")
        self.size = size


def read_capped(path: str, cap: int, *, nofollow: bool = False) -> bytes:
    """The bytes of a regular file, at most ``cap``; raises OSError (with a reason) for anything else.

    Opened non-blocking (a FIFO never hangs us), checked with fstat after opening (the file we read is
    the file we checked), read with a limit (a device or a file grown since the walk cannot exhaust
    memory). ``nofollow`` refuses a symbolic link (for files bonemets itself writes).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if nofollow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, "not a regular file")
        if st.st_size > cap:
            raise TooBig(st.st_size, cap)
        chunks, left = [], cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > cap:
            raise TooBig(len(data), cap)
        return data
    finally:
        os.close(fd)
