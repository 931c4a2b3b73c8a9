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


class Scan:
    """What a walk found. ``raw`` holds plain tuples (rel, size, mtime_ns, ctime_ns, ino), cheap to make by
    the thousand; ``files`` gives them as FileStat records with their paths."""

    __slots__ = ("root", "raw", "dirs", "notes", "usable")

    def __init__(self, root: str, raw: list, dirs: dict, notes: list, usable: bool) -> None:
        self.root, self.raw, self.dirs, self.notes, self.usable = root, raw, dirs, notes, usable

    @property
    def files(self) -> list[FileStat]:
        if not self.dirs and self.raw:  # the root is one file
            return [FileStat(self.raw[0][0], self.root, *self.raw[0][1:])]
        return [FileStat(t[0], os.path.join(self.root, t[0]), *t[1:]) for t in self.raw]


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
        return Scan(root, [], {}, [f"{root}: {problem}"], False)
    st = os.stat(root)
    if stat.S_ISREG(st.st_mode):
        name = os.path.basename(root)
        return Scan(root, [(name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)], {}, [], True)
    files: list[tuple] = []
    regular = stat.S_ISREG
    dirs: dict[str, int] = {}
    notes: list[str] = []
    seen: set[tuple[int, int]] = set()
    cut = len(root.rstrip(os.sep)) + 1  # rel paths: what follows root and its separator
    stack: list[tuple[str, int]] = [(root, 0)]
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    while stack:
        d, depth = stack.pop()
        try:
            fd = os.open(d, flags)  # entries are then stat'ed relative to it: no path walked 3,000 times
        except OSError as exc:
            notes.append(f"{d}: {_why(exc)}; skipped")
            continue
        try:
            dst = os.fstat(fd)
            key = (dst.st_dev, dst.st_ino)
            if key in seen:
                notes.append(f"{d}: a directory already read (symbolic-link loop or duplicate link); skipped")
                continue
            seen.add(key)
            dirs[d] = dst.st_mtime_ns
            prefix = d[cut:].replace(os.sep, "/") + "/" if len(d) > cut else ""
            with os.scandir(fd) as it:
                entries = list(it)
            append = files.append
            for e in entries:
                name = e.name
                if name.endswith(SUFFIXES):  # most entries are fact files: their suffix is checked first
                    try:
                        fst = e.stat()
                    except OSError as exc:
                        notes.append(f"{os.path.join(d, name)}: {_why(exc)}; skipped")
                        continue
                    if regular(fst.st_mode):
                        append((prefix + name, fst.st_size, fst.st_mtime_ns, fst.st_ctime_ns, fst.st_ino))
                    elif stat.S_ISDIR(fst.st_mode) and depth + 1 <= max_depth:
                        stack.append((os.path.join(d, name), depth + 1))
                    else:
                        notes.append(f"{os.path.join(d, name)}: not a regular file; skipped")
                    continue
                try:
                    is_dir = e.is_dir()  # follows links; loops end at the (device, inode) check
                except OSError as exc:
                    notes.append(f"{os.path.join(d, name)}: {_why(exc)}; skipped")
                    continue
                if is_dir:
                    if depth + 1 > max_depth:
                        notes.append(f"{os.path.join(d, name)}: deeper than {max_depth} directories; skipped")
                    else:
                        stack.append((os.path.join(d, name), depth + 1))
        except OSError as exc:
            notes.append(f"{d}: {_why(exc)}; skipped")
            continue
        finally:
            os.close(fd)
        if len(files) > max_files:
            notes.append(f"{root}: more than {max_files} fact files; the rest skipped")
            del files[max_files:]
            break
    files.sort()
    return Scan(root, files, dirs, notes, True)


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
