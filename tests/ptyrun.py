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


class PtySession:
    """bonemets on a pseudo-terminal, driven step by step: wait for a prompt, type, send a signal."""

    def __init__(self, args, *, cols=80, rows=40, env=None, executable=None):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES",
                                                                      "BONEMETS_DATA", "PAGER", "LESS")}
        full_env.update({"TERM": "xterm-256color", "BONEMETS_PAGER": "cat"}, **(env or {}))
        argv = [executable] if executable else [sys.executable, "-m", "bonemets"]
        self.proc = subprocess.Popen([*argv, *map(str, args)], stdin=slave, stdout=slave, stderr=slave,
                                     env=full_env, close_fds=True)
        os.close(slave)
        self.out = bytearray()

    def _read(self, wait=0.1) -> bool:
        r, _, _ = select.select([self.master], [], [], wait)
        if not r:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.out += chunk
        return bool(chunk)

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "replace").replace("\r\n", "\n")

    def expect(self, needle: str, count=1, timeout=30) -> None:
        deadline = time.monotonic() + timeout
        while self.text.count(needle) < count:
            if time.monotonic() > deadline or not self._read():
                raise AssertionError(f"never saw {needle!r} x{count}:\n{self.text[-3000:]}")

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def signal(self, sig) -> None:
        self.proc.send_signal(sig)

    def finish(self, timeout=60) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read():
            if self.proc.poll() is not None:
                while self._read(0.05) and select.select([self.master], [], [], 0)[0]:
                    pass
                break
        code = self.proc.wait(timeout=timeout)
        os.close(self.master)
        return code, self.text
