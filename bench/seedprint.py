"""How often the shipped seed fingerprint passes a quote the seed's text does not hold (figures in bench/README.md).

    python bench/seedprint.py ../shared/seeds      (bonemets installed in this interpreter)

Every shipped quote is altered in every word it has, each alteration checked against the seed it comes from
in both ways: the full text (``evidence.Seeds``) and the fingerprint (``seedprint``). An alteration the text
still holds is a real quote and is not counted. A false positive is an alteration the fingerprint passes and
the text refuses. Alterations: (1) the word swapped for up to 60 words of the same seed, (2) swapped for a
word a reader would confuse it with (breast/prostate, lytic/blastic, a number for another of the seed's
numbers), (3) the word deleted, (4) a seed word inserted after it. Then (5) random runs of 3 to 6 of the
seed's words, which only hash collisions can pass; (6) real phrases of the seed (3, 5 and 8 words) that
are no shipped quote: a fingerprint that confirms them is an oracle from which the seed could be rebuilt
word by word (the design of 3-word runs this replaced confirmed all of them). The same alterations of a
bag of 3-word runs are counted beside.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from bonemets.knowledge import evidence, seedprint
from bonemets.knowledge.base import KnowledgeBase

CONFUSED = [["breast", "prostate", "lung", "kidney", "thyroid", "myeloma"],
            ["osteolytic", "osteoblastic", "lytic", "blastic", "sclerotic", "mixed"],
            ["men", "women", "patients"], ["increase", "decrease", "reduce"], ["high", "low", "higher", "lower"],
            ["not", "also"], ["spine", "pelvis", "femur", "ribs", "skull"], ["ocs", "obs"],
            ["osteoclasts", "osteoblasts"], ["rank", "rankl", "opg"], ["often", "sometimes", "rarely"],
            ["may", "can", "will"], ["more", "less"], ["months", "years", "weeks"], ["early", "late"]]


def main(seed_dir: Path) -> None:
    rng = random.Random(17)
    kb = KnowledgeBase.load(use_env=False)
    text = evidence.Seeds(seed_dir)
    fp = seedprint.Fingerprint(seedprint.build(seed_dir))
    seed_words = {name: evidence.words((seed_dir / name).read_text(encoding="utf-8")) for name in fp.seeds}
    bags = {name: {tuple(ws[i:i + 3]) for i in range(len(ws) - 2)} for name, ws in seed_words.items()}
    vocab = {name: sorted({w for w in ws if re.match(r"\w", w)}) for name, ws in seed_words.items()}
    numbers = {name: [w for w in v if w.isdigit()] for name, v in vocab.items()}

    def in_bag(name, ws):
        return all(tuple(ws[i:i + 3]) in bags[name] for i in range(len(ws) - 2))

    counts = {k: [0, 0, 0] for k in ("swap", "confused", "delete", "insert", "random")}  # tried, fp, bag-fp
    quotes = 0
    for ent in kb.entities.values():
        for _where, fact in evidence.evidence_items(ent):
            cited = [evidence.seed_of(kb.sources, s) for s in fact.get("sources", [])]
            for q in fact.get("quote") or []:
                name = next(n for n in cited if n and text.contains(n, q))
                ws = evidence.words(q)
                quotes += 1
                for i, w in enumerate(ws):
                    if not re.match(r"\w", w):
                        continue
                    alts = {"swap": [ws[:i] + [x] + ws[i + 1:] for x in rng.sample(vocab[name], 60) if x != w],
                            "confused": [ws[:i] + [x] + ws[i + 1:] for g in CONFUSED if w in g for x in g if x != w]
                            + [ws[:i] + [x] + ws[i + 1:] for x in numbers[name] if w.isdigit() and x != w],
                            "delete": [ws[:i] + ws[i + 1:]] if len(ws) > 3 else [],
                            "insert": [ws[:i + 1] + [rng.choice(vocab[name])] + ws[i + 1:]]}
                    for kind, cands in alts.items():
                        for alt in cands:
                            a = " ".join(alt)
                            if text.contains(name, a):
                                continue  # still a real quote
                            counts[kind][0] += 1
                            counts[kind][1] += bool(fp.contains(name, a))
                            counts[kind][2] += in_bag(name, alt)
    for name in fp.seeds:
        for _ in range(20000):
            alt = rng.choices(vocab[name], k=rng.randint(3, 6))
            if text.contains(name, " ".join(alt)):
                continue
            counts["random"][0] += 1
            counts["random"][1] += bool(fp.contains(name, " ".join(alt)))
            counts["random"][2] += in_bag(name, alt)
    shipped = set(seedprint.shipped_quotes(Path(__file__).resolve().parents[1] / "data"))
    shipped_words = {" ".join(evidence.words(q)) for q in shipped}
    leak = [0, 0]  # real phrases of the seed that are no shipped quote: does the fingerprint confirm them?
    for name, ws in seed_words.items():
        for i in range(0, max(0, len(ws) - 8), 7):
            for n in (3, 5, 8):
                phrase = " ".join(ws[i:i + n])
                if phrase in shipped_words:
                    continue
                leak[0] += 1
                leak[1] += bool(fp.contains(name, phrase))
    counts["seed text"] = [leak[0], leak[1], sum(in_bag(n, ws[i:i + 3]) for n, ws in seed_words.items()
                                                 for i in range(0, max(0, len(ws) - 8), 7))]
    size = seedprint.SHIPPED.stat().st_size if seedprint.SHIPPED.is_file() else 0
    print(f"{quotes} shipped quotes; fingerprint {size:,} bytes, {seedprint.SIZE}-byte hashes of whole quotes")
    print(f"{'alteration':<10} {'tried':>9} {'fingerprint passes':>19} {'bag of 3-grams passes':>22}")
    for kind, (tried, fpos, bag) in counts.items():
        print(f"{kind:<10} {tried:>9,} {fpos:>9,} ({fpos / tried:.1e}) {bag:>11,} ({bag / tried:.1e})")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds"))
