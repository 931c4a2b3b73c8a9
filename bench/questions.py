"""The question bench: questions typed as clinicians type them (bench/questions.yaml), each with the entries
whose facts answer it, the words of the answer and the source it comes from. Not a timed test.

    python bench/questions.py                 # every question: first-answer rate, top 3, MRR
    python bench/questions.py --set management --misses

A question is answered at rank k when the k-th fact search puts first (its answer block, then each
entry's matching facts in result order) belongs to one of its entries and holds one of its answer strings.
A look-alike violation: an entry listed under `not_first` is the first answer or the first result.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(path: Path = HERE / "questions.yaml") -> list[dict]:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def rank_of(kb, q: dict, depth: int = 10) -> tuple[int | None, bool, list]:
    """(rank of the first answering fact or None, look-alike violation, the first facts seen)."""
    r = kb.search(q["q"])
    seen = list(r.answers)
    for h in r.hits:
        seen += [f for f in h.facts if f not in seen]
    seen = seen[:depth]
    want = set(q["entries"])
    words = [w.casefold() for w in q["answer"]]
    rank = next((i for i, f in enumerate(seen, 1) if f.entity in want and any(w in f.text.casefold() for w in words)),
                None)
    bad = set(q.get("not_first", []))
    violation = bool(bad) and ((r.answers and r.answers[0].entity in bad) or (r.hits and r.hits[0].id in bad))
    return rank, violation, seen


def measure(kb, questions: list[dict]) -> dict:
    ranks, violations, misses = [], [], []
    for q in questions:
        rank, violation, seen = rank_of(kb, q)
        ranks.append(rank)
        if violation:
            violations.append(q["q"])
        if rank != 1:
            misses.append((q["q"], rank, [(f.entity, f.text[:70]) for f in seen[:3]]))
    n = len(questions)
    return {"n": n, "first": sum(r == 1 for r in ranks) / n, "top3": sum(r is not None and r <= 3 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r) / n, "violations": violations, "misses": misses}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=["management", "reference"])
    ap.add_argument("--misses", action="store_true", help="list the questions not answered first")
    args = ap.parse_args(argv)
    from bonemets.knowledge.base import KnowledgeBase

    kb = KnowledgeBase.load(use_env=False)
    qs = [q for q in load() if args.set is None or q.get("set") == args.set]
    m = measure(kb, qs)
    print(f"{m['n']} questions{' (' + args.set + ')' if args.set else ''}: answer first {m['first']:.1%}, "
          f"in the first three {m['top3']:.1%}, MRR {m['mrr']:.3f}, look-alike violations {len(m['violations'])}")
    for v in m["violations"]:
        print(f"  LOOK-ALIKE FIRST: {v}")
    if args.misses:
        for q, rank, seen in m["misses"]:
            print(f"  rank {rank}: {q}")
            for ent, text in seen:
                print(f"      {ent}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
