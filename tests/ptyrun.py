"""Run bonemets with its stdin and stdout on a pseudo-terminal of a given size (what a person sees)."""
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time


def run_in_pty(args, *, cols=100, rows=50, env=None, keys: bytes = b"", timeout=60, executable=None):
    """(exit code, everything written to the terminal, stderr). ``keys`` are typed ahead."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES",
                                                                  "BONEMETS_DATA", "PAGER", "LESS")}
    full_env.update({"TERM": "xterm-256color", "BONEMETS_PAGER": "cat"}, **(env or {}))  # tests that page say so
    argv = [executable] if executable else [sys.executable, "-m", "bonemets"]
    proc = subprocess.Popen([*argv, *map(str, args)], stdin=slave, stdout=slave,
                            stderr=subprocess.PIPE, env=full_env, close_fds=True)
    os.close(slave)
    if keys:
        os.write(master, keys)
    out = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    code = proc.wait(timeout=timeout)
    err = proc.stderr.read().decode()
    os.close(master)
    return code, out.decode("utf-8", "replace").replace("\r\n", "\n"), err
