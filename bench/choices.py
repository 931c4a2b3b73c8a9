"""Measure the in-process choices behind bonemets' reader, index and typo tolerance (figures in bench/README.md).

    python bench/choices.py          (bonemets installed in this interpreter; rapidfuzz optional)

1. Reading the shipped fact files: PyYAML's CSafeLoader (objects, no positions) against bonemets' event-based
   reader (positions, YAML 1.1 traps, no constructor).
2. The index with 3,000 added copies of a real fact file: the stat walk and fingerprint every lookup pays, opening
   the index, reading one entity.
3. Typo tolerance over the knowledge base's words: FTS5 trigram candidates then edit distance (what bonemets
   does), a plain Python scan with the same edit distance, and rapidfuzz (if installed), with its import cost.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bonemets.knowledge.base import KnowledgeBase, fact_files, shipped_dir
from bonemets.knowledge.load.yamlload import parse_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import make_data  # noqa: E402


def best_of(fn, n=15) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def reading() -> None:
    files = [Path(p) for p in fact_files(shipped_dir())]
    texts = [p.read_text() for p in files]
    c = best_of(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts])
    e = best_of(lambda: [parse_file(p, str(p)) for p in files])
    print(f"{len(files)} shipped files: CSafeLoader {c:.1f} ms ({c / len(files):.2f} ms/file); "
          f"bonemets reader {e:.1f} ms ({e / len(files):.2f} ms/file)")


def index(tmp: Path) -> None:
    from bonemets.knowledge.load import walk
    from bonemets.knowledge.store import index as ix
    d = make_data(tmp, 3000)
    os.environ["BONEMETS_CACHE_DIR"] = str(tmp / "cache")
    t0 = time.perf_counter()
    KnowledgeBase.load([str(d)], use_env=False)
    build = (time.perf_counter() - t0) * 1000
    scan = best_of(lambda: walk.scan(str(d)))
    sc = walk.scan(str(d))
    fp = best_of(lambda: ix.fingerprint([sc]))
    load = best_of(lambda: KnowledgeBase.load([str(d)], use_env=False))
    kb = KnowledgeBase.load([str(d)], use_env=False)
    one = best_of(lambda: kb._decode("entities", "local-0042"))
    size = sum(p.stat().st_size for p in (tmp / "cache").glob("*.sqlite"))
    print(f"3,000 copies of prostate.yaml: first build {build:.0f} ms; index {size / 1e6:.1f} MB; stat walk "
          f"{scan:.1f} ms, fingerprint {fp:.1f} ms, whole load (walk, fingerprint, open, warnings) {load:.1f} ms; "
          f"one entity read and checked {one:.2f} ms")


def typos() -> None:
    from bonemets.knowledge.search import closest_word
    from bonemets.knowledge.vocab import allowed_edits, distance

    kb = KnowledgeBase.load(use_env=False)
    words = [w for (w,) in kb._raw("SELECT word FROM words")]
    queries = ["denosumub", "prostrate", "zolendronic", "myleoma", "hypercalcemai", "vertebroplasy", "osteoclsts"]

    def scan(word):
        limit = allowed_edits(word)
        return min(((distance(word, w, limit), w) for w in words if abs(len(w) - len(word)) <= limit),
                   default=None)

    tri = best_of(lambda: [closest_word(kb, q) for q in queries]) / len(queries)
    py = best_of(lambda: [scan(q) for q in queries]) / len(queries)
    print(f"typo candidates over {len(words):,} words: FTS5 trigrams + edit distance {tri:.2f} ms a word; "
          f"Python scan {py:.2f} ms a word; answers: {[closest_word(kb, q) for q in queries]}")
    try:
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein
    except ImportError:
        print("rapidfuzz: not installed")
        return
    rf = best_of(lambda: [process.extractOne(q, words, scorer=DamerauLevenshtein.distance) for q in queries])
    imp = best_of(lambda: subprocess.run([sys.executable, "-X", "importtime", "-c", "import rapidfuzz.process"],
                                         capture_output=True), n=5)
    base = best_of(lambda: subprocess.run([sys.executable, "-c", "pass"], capture_output=True), n=5)
    import rapidfuzz

    site = Path(rapidfuzz.__file__).parent
    mb = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    print(f"rapidfuzz {rapidfuzz.__version__}: {rf / len(queries):.2f} ms a word; import +{imp - base:.1f} ms; "
          f"installed size {mb:.1f} MB")


def main() -> None:
    reading()
    with tempfile.TemporaryDirectory() as tmp:
        index(Path(tmp))
    typos()


if __name__ == "__main__":
    main()
