"""Measure the in-process choices behind bonemets' loader and cache (figures quoted in bench/README.md).

    python bench/choices.py

1. Reading the shipped fact files: PyYAML's CSafeLoader (objects, no positions) against bonemets'
   event-based reader (positions, YAML 1.1 traps, no constructor), against a cache hit.
2. Reading back a cache of 3,000 parsed entities: marshal, pickle and json.
"""
from __future__ import annotations

import json
import marshal
import pickle
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from bonemets.knowledge import fact_files, shipped_dir
from bonemets.yamlload import parse_file


def best_of(fn, n=15) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    files = fact_files(shipped_dir())
    texts = [p.read_text() for p in files]
    c = best_of(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts])
    e = best_of(lambda: [parse_file(p, str(p)) for p in files])
    print(f"{len(files)} shipped files: CSafeLoader {c:.1f} ms ({c / len(files):.2f} ms/file); "
          f"bonemets reader {e:.1f} ms ({e / len(files):.2f} ms/file)")

    parsed = [parse_file(p, str(p)).entity for p in files if p.name != "sources.yaml"]
    # distinct objects, as 3,000 real files would give (shared ones would let marshal and pickle cheat)
    entities = {f"f{i}.yaml": (1, 2, "x", marshal.loads(marshal.dumps(parsed[i % len(parsed)]))) for i in range(3000)}
    blobs = {k: (1, 2, "x", marshal.dumps(v[3])) for k, v in entities.items()}
    with tempfile.TemporaryDirectory() as d:
        out = {}
        for name, dump, load, data in (
            ("marshal", marshal.dumps, marshal.loads, entities),
            ("marshal, entities as bytes", marshal.dumps, marshal.loads, blobs),
            ("pickle", pickle.dumps, pickle.loads, entities),
            ("json", lambda x: json.dumps(x).encode(), json.loads, entities),
        ):
            path = Path(d) / name
            path.write_bytes(dump(data))
            out[name] = (best_of(lambda path=path, load=load: load(path.read_bytes())), path.stat().st_size)
    for name, (ms, size) in out.items():
        print(f"cache of 3,000 entities, {name}: {ms:.1f} ms to read ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
