"""README's example output, produced by running bonemets: never hand-edited.

A fenced block that follows a marker line is the output of the command the marker names::

    <!-- example: cancer prostate --plain | head -20 -->
    <!-- example tty=80: lesion lytic -->       (on a pseudo-terminal of 80 columns, colour off)
    <!-- example tty=80 keys=1;mech: score sins ... -->   (answers typed at each prompt, the screen shown)

    python tests/readme_output.py --write      # regenerate README.md
    python tests/readme_output.py              # exit 1 and show the first difference when README is stale

tests/test_docs.py runs the check.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
MARKER = re.compile(r"^<!-- example(?: tty=(\d+))?(?: keys=([^:]*))?: (.+?) -->$")


def transcript(args: list[str], cols: int, keys: list[str], env: dict) -> str:
    """What a person sees on a terminal typing ``keys``, one answer at each prompt (a line ending in ': ')."""
    import time

    sys.path.insert(0, str(HERE))
    from ptyrun import PtySession

    p = PtySession(args + ["--color", "never"], cols=cols, rows=200, env=env)
    seen = 0
    for k in keys:
        deadline = time.monotonic() + 60
        while not (len(p.text) > seen and p.text.endswith(": ")) and time.monotonic() < deadline:
            p._read()
        asked = len(p.text)
        p.send(k + "\n")
        deadline = time.monotonic() + 60
        # its echo; the next prompt may arrive in the same read, so look for the echo, not at the end
        while p.text.find(k + "\n", asked - 1) < 0 and time.monotonic() < deadline:
            p._read()
        seen = p.text.find(k + "\n", asked - 1) + len(k) + 1 if p.text.find(k + "\n", asked - 1) >= 0 else len(p.text)
    _code, text = p.finish()
    return text


def run(command: str, tty: int | None, cache: str, keys: list[str] | None = None) -> str:
    """The output a reader would see for `bonemets COMMAND` (a `| head -N` tail keeps the first N lines)."""
    head = None
    m = re.search(r"\s*\|\s*head -(\d+)$", command)
    if m:
        head, command = int(m.group(1)), command[: m.start()]
    args = shlex.split(command)  # as a shell splits it: a quoted --contact "..." is one word
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "BONEMETS_CACHE_DIR": cache, "LANG": "C.UTF-8",
           "BONEMETS_DATA": "", "BONEMETS_PAGER": "cat"}
    if keys:
        out, err = transcript(args, tty or 80, keys, env), ""
    elif tty:
        sys.path.insert(0, str(HERE))
        from ptyrun import run_in_pty

        _code, out, err = run_in_pty(args + ["--color", "never"], cols=tty, rows=200, env=env)
    else:
        r = subprocess.run([sys.executable, "-m", "bonemets", *args], capture_output=True, text=True, env=env,
                           cwd=HERE.parent, timeout=120)
        out, err = r.stdout, r.stderr
    text = out + (("\n" if out and not out.endswith("\n") else "") + err if err else "")
    lines = [line.rstrip() for line in text.splitlines()]
    if head is not None:
        lines = lines[:head] + (["..."] if len(lines) > head else [])
    return "\n".join(lines)


def render(readme: str, cache: str) -> str:
    out, lines, i = [], readme.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        m = MARKER.match(line)
        if m and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            tty, keys, command = (int(m.group(1)) if m.group(1) else None), m.group(2), m.group(3)
            fence = lines[i + 1]
            j = i + 2
            while j < len(lines) and lines[j] != "```":
                j += 1
            prompt = f"$ bonemets {command}" + (f"        (a terminal, {tty} columns)" if tty else "")
            out += [fence, prompt, run(command, tty, cache, keys.split(";") if keys else None), "```"]
            i = j + 1
            continue
        i += 1
    return "\n".join(out) + "\n"


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as cache:
        current = README.read_text(encoding="utf-8")
        fresh = render(current, cache)
    if "--write" in sys.argv:
        README.write_text(fresh, encoding="utf-8")
        return 0
    if fresh != current:
        import difflib

        diff = difflib.unified_diff(current.splitlines(), fresh.splitlines(), "README.md", "fresh output", lineterm="")
        print("\n".join(list(diff)[:40]))
        print("README.md is stale: run python tests/readme_output.py --write")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
