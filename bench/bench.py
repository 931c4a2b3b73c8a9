"""Time whole bonemets processes against the bare interpreter, interleaved, with peak RSS.

    python bench/bench.py [--runs 25] [--json results.json]

Needs bonemets installed in the running interpreter's environment (``pip install .``). Every command is
run once as a warm-up (which also fills the parse cache, as any second use would), then ``--runs``
rounds in which each command runs once, in the same order, so drift on the machine hits all alike.
Reported per command: median, min and max wall time, the median as a ratio to ``python3 -I -c pass``
measured in the same rounds, and the peak RSS (ru_maxrss of the child). The synthetic fact files
(300 and 3,000) are generated in a temporary directory and added with --data (completion: in the
words being completed, as a user would type them).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE_FILE = Path(__file__).resolve().parents[1] / "data" / "cancers" / "prostate.yaml"


def make_data(root: Path, n: int) -> Path:
    """n copies of a real shipped fact file (data/cancers/prostate.yaml: its size, its facts, its quotes), each
    with its own id, name and aliases: what an institution adding thousands of realistic entries would give.
    The names do not share the prefix the completion rows type ("pro"); one row completes a prefix that
    every copy shares, separately."""
    import yaml

    d = root / f"copies-{n}"
    base = yaml.safe_load(SOURCE_FILE.read_text(encoding="utf-8"))
    for i in range(n):
        ent = dict(base, id=f"local-{i:04d}", name=f"Local cancer entry {i:04d}",
                   aliases=[f"local alias {i:04d} {k}" for k in range(len(base.get("aliases", [])))])
        sub = d / f"part-{i % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"copy-{i}.yaml").write_text(yaml.safe_dump(ent, sort_keys=False, allow_unicode=True, width=10_000),
                                             encoding="utf-8")
    past = time.time() - 60  # older than the index's 2-second guard, as real files are
    for p in d.rglob("*"):
        os.utime(p, (past, past))
    return d


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:  # EIO once the child has closed the terminal
        pass


def run_once(argv: list[str], env: dict, tty: bool = False) -> tuple[float, int]:
    """Wall time and peak RSS of one process; with tty=True its stdout is a pseudo-terminal (Rich tables)."""
    import threading

    master = slave = None
    if tty:
        import fcntl
        import pty
        import struct
        import termios

        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=slave if tty else subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    reader = None
    if tty:
        os.close(slave)
        reader = threading.Thread(target=_drain, args=(master,))
        reader.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    if reader:
        reader.join()
        os.close(master)
    err = proc.stderr.read()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} exited {code}: {err.decode(errors='replace')[-400:]}")
    return elapsed, usage.ru_maxrss  # KiB on Linux


TTY = {"__tty__": "1"}  # marker: run with stdout on a pseudo-terminal, so Rich renders a table


def completion(words: str, cword: int) -> dict:
    return {"_BONEMETS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=25)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    exe = shutil.which("bonemets", path=str(Path(sys.executable).parent)) or shutil.which("bonemets")
    if not exe:
        raise SystemExit("bonemets is not installed next to this interpreter; pip install . first")
    bare_py = sys.executable  # the interpreter bonemets runs on (a venv skips the base site-packages .pth files)
    tmp = Path(tempfile.mkdtemp(prefix="bonemets-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BONEMETS", "_BONEMETS", "COMP_"))}
    env.update(BONEMETS_CACHE_DIR=str(tmp / "cache"), COLUMNS="120")
    d300, d3000 = make_data(tmp, 300), make_data(tmp, 3000)

    trivial = tmp / "trivial_typer.py"  # the floor: a one-option Typer command that prints its argument
    trivial.write_text("import typer\napp = typer.Typer()\n\n@app.command()\ndef hello(name: str):\n"
                       "    print(name)\n\napp()\n")
    table = tmp / "typer_rich_table.py"  # the floor for a table: Typer + a 10-row Rich table
    table.write_text("import typer\napp = typer.Typer()\n\n@app.command()\ndef show(name: str):\n"
                     "    from rich.console import Console\n    from rich.table import Table\n"
                     "    t = Table('field', 'value')\n    for i in range(10):\n"
                     "        t.add_row(f'row {i}', name * 20)\n    Console().print(t)\n\napp()\n")
    cmds: list[tuple[str, list[str], dict]] = [
        ("python3 -I -c pass", [bare_py, "-I", "-c", "pass"], {}),
        ("trivial Typer command (reference)", [bare_py, str(trivial), "x"], {}),
        ("Typer + Rich 10-row table (ref.)", [bare_py, str(table), "x"], TTY),
        ("cancer prostate", [exe, "cancer", "prostate"], TTY),
        ("cancer prostate (piped)", [exe, "cancer", "prostate"], {}),
        ("cancer prostate --json", [exe, "cancer", "prostate", "--json"], {}),
        ("compare lytic blastic", [exe, "compare", "lytic", "blastic"], TTY),
        ("symptoms --red-flags", [exe, "symptoms", "--red-flags"], TTY),
        ("search fracture", [exe, "search", "fracture"], TTY),
        ("list", [exe, "list"], TTY),
        ("complete 'cancer pro'", [exe], completion("bonemets cancer pro", 2)),
    ]
    for n, d in ((300, d300), (3000, d3000)):
        cmds += [
            (f"cancer prostate +{n}", [exe, "cancer", "prostate", "--data", str(d)], TTY),
            (f"cancer prostate --json +{n}", [exe, "cancer", "prostate", "--json", "--data", str(d)], {}),
            (f"search fracture +{n}", [exe, "search", "fracture", "--data", str(d)], TTY),
            (f"complete 'cancer pro' +{n}", [exe], completion(f"bonemets cancer --data {d} pro", 4)),
        ]
    cmds.append(("complete 'cancer local' +3000 (all 3,000 match)", [exe],
                 completion(f"bonemets cancer --data {d3000} local", 4)))
    times: dict[str, list[float]] = {name: [] for name, _, _ in cmds}
    rss: dict[str, int] = {name: 0 for name, _, _ in cmds}
    def one(argv, extra):
        tty = "__tty__" in extra
        return run_once(argv, dict(env, **{k: v for k, v in extra.items() if k != "__tty__"}), tty)

    for _name, argv, extra in cmds:  # warm-up: file cache, parse cache, page cache
        one(argv, extra)
    for _ in range(args.runs):
        for name, argv, extra in cmds:
            t, r = one(argv, extra)
            times[name].append(t)
            rss[name] = max(rss[name], r)
    base = statistics.median(times["python3 -I -c pass"])
    rows = []
    for name, _, _ in cmds:
        ts = times[name]
        rows.append({"command": name, "median_ms": round(statistics.median(ts) * 1000, 1),
                     "min_ms": round(min(ts) * 1000, 1), "max_ms": round(max(ts) * 1000, 1),
                     "ratio": round(statistics.median(ts) / base, 2), "peak_rss_mib": round(rss[name] / 1024, 1)})
    print(f"{'command':34} {'median':>8} {'min':>8} {'max':>8} {'x bare':>7} {'RSS MiB':>8}")
    for r in rows:
        print(f"{r['command']:34} {r['median_ms']:8.1f} {r['min_ms']:8.1f} {r['max_ms']:8.1f} {r['ratio']:7.2f} "
              f"{r['peak_rss_mib']:8.1f}")
    by = {r["command"]: r for r in rows}
    for n in (300, 3000):
        growth = [f"{what} {by[f'{cmd} +{n}']['median_ms'] / by[cmd]['median_ms']:.2f}x"
                  for what, cmd in (("lookup", "cancer prostate"), ("--json lookup", "cancer prostate --json"),
                                    ("search", "search fracture"), ("completion", "complete 'cancer pro'"))]
        print(f"with {n} added files, against shipped data alone: " + ", ".join(growth))
    floor = by["Typer + Rich 10-row table (ref.)"]["median_ms"]
    print("table commands against the Typer + Rich floor: " + ", ".join(
        f"{c} {by[c]['median_ms'] / floor:.2f}x" for c in ("compare lytic blastic", "symptoms --red-flags",
                                                          "search fracture", "list")))
    print(f"runs: {args.runs} after one warm-up; python: {bare_py}")
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "rows": rows}, indent=2))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
