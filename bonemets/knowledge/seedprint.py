"""A fingerprint of the seed documents, shipped in the package, so the quote check runs on every clone
without redistributing the seeds' text.

It holds, for each seed, the hashes of the quotes in the shipped data that were found in that seed when
it was built, and nothing else: a quote's words (``evidence.words``: normalised, punctuation marks as
words of their own) joined by one space, with the seed's name, hashed to 8 bytes (BLAKE2b, personalised),
sorted. A quote passes when its hash is there for a seed its fact cites: a changed word, a quote moved to
a seed it is not from, or a quote stitched from two places all fail. Because only quotes already printed in
data/ are hashed, the file answers nothing about any other phrase: it is no oracle from which a seed could
be rebuilt word by word. The price: a new or edited quote needs a rebuild with the seeds beside the
checkout (its editor has them open anyway), and until then the shipped check names it.

File (``seedprint.bin``): the line ``bonemets-seedprint 2``, one line of JSON (``hash``, and per seed
its ``name``, the ``sha256`` of its bytes and its ``quotes``), then each seed's sorted hashes in that order.

    python -m bonemets.knowledge.seedprint build ../shared/seeds      # rewrite bonemets/seedprint.bin
    python -m bonemets.knowledge.seedprint check ../shared/seeds      # is the shipped file up to date?
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from bonemets.knowledge.evidence import Seeds, words

SIZE = 8                   # bytes of each hash
PERSON = b"bonemets-quote2"  # BLAKE2b personalisation: these hashes are ours alone
MAGIC = b"bonemets-seedprint 2\n"
SHIPPED = Path(__file__).with_name("seedprint.bin")


def _hash(seed: str, quote: str) -> bytes:
    text = seed + "\x1f" + " ".join(words(quote))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=SIZE, person=PERSON).digest()


def shipped_quotes(data_dir: Path) -> list[str]:
    """Every quote in the fact files and the vocabulary of a data directory."""
    from bonemets.knowledge.load.walk import scan
    from bonemets.knowledge.load.yamlload import parse_file

    out: list[str] = []
    for f in scan(str(data_dir)).files:
        p = parse_file(Path(f.path), f.path)
        items = [p.entity] if p.entity else []
        if p.vocabulary:
            items += p.vocabulary.get("classes", [])
        for ent in items:
            out += ent.get("quote") or []
            for v in ent.values():
                if isinstance(v, list):
                    out += [q for fact in v if isinstance(fact, dict) for q in (fact.get("quote") or [])]
    return out


def build(seed_dir: Path, data_dir: Path | None = None) -> bytes:
    """The fingerprint file's bytes: for every ``*.txt`` in ``seed_dir`` (sorted by name), the hashes of
    the quotes of ``data_dir`` (the shipped data by default) that are in it."""
    import json

    from bonemets.knowledge.base import shipped_dir

    quotes = sorted(set(shipped_quotes(Path(data_dir or shipped_dir()))))
    seeds = Seeds(Path(seed_dir))
    heads, bodies = [], []
    for p in sorted(Path(seed_dir).glob("*.txt")):
        hashes = sorted({_hash(p.name, q) for q in quotes if seeds.contains(p.name, q)})
        heads.append({"name": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "quotes": len(hashes)})
        bodies.append(b"".join(hashes))
    if not heads:
        raise ValueError(f"no seed documents (*.txt) in {seed_dir}")
    head = json.dumps({"hash": f"blake2b-{SIZE * 8}", "seeds": heads}, separators=(",", ":"))
    return MAGIC + head.encode("ascii") + b"\n" + b"".join(bodies)


class Fingerprint:
    """The shipped fingerprint: ``contains(name, quote)`` as ``evidence.Seeds`` answers it from the text,
    for the quotes it was built with (any other quote: False, named as not in the fingerprint)."""

    unheld = ("does not hold it in the shipped seed fingerprint, which holds the shipped quotes only (a new or "
              "edited quote: python -m bonemets.knowledge.seedprint build ../shared/seeds)")

    def __init__(self, data: bytes) -> None:
        import json

        if not data.startswith(MAGIC):
            raise ValueError("not a bonemets seed fingerprint of this version: rebuild it")
        end = data.index(b"\n", len(MAGIC))
        head = json.loads(data[len(MAGIC):end])
        if head["hash"] != f"blake2b-{SIZE * 8}":
            raise ValueError(f"fingerprint made with {head['hash']}: rebuild it")
        self.seeds: dict[str, frozenset] = {}
        self.sha256: dict[str, str] = {}
        at = end + 1
        for s in head["seeds"]:
            body = data[at:at + s["quotes"] * SIZE]
            self.seeds[s["name"]] = frozenset(body[i:i + SIZE] for i in range(0, len(body), SIZE))
            self.sha256[s["name"]] = s["sha256"]
            at += s["quotes"] * SIZE
        if at != len(data):
            raise ValueError("fingerprint truncated or padded: rebuild it")

    def contains(self, name: str, quote: str) -> bool | None:
        """True: a shipped quote of this seed. False: a shipped quote of another seed (misattributed).
        None: not known to the fingerprint (another seed, or a quote that is new, edited or local)."""
        held = self.seeds.get(name)
        if held is None:
            return None
        if _hash(name, quote) in held:
            return True
        if any(_hash(other, quote) in hashes for other, hashes in self.seeds.items() if other != name):
            return False
        return None


_loaded: Fingerprint | None = None


def shipped() -> Fingerprint | None:
    """The fingerprint shipped in the package (None if the file is missing or unreadable)."""
    global _loaded
    if _loaded is None:
        try:
            _loaded = Fingerprint(SHIPPED.read_bytes())
        except (OSError, ValueError, KeyError):
            return None
    return _loaded


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("build", "check") or not Path(argv[1]).is_dir():
        print("usage: python -m bonemets.knowledge.seedprint build|check SEED_DIR", file=sys.stderr)
        return 2
    data = build(Path(argv[1]))
    if argv[0] == "check":
        same = SHIPPED.is_file() and SHIPPED.read_bytes() == data
        print(f"{SHIPPED}: {'up to date' if same else 'OUT OF DATE: run build'}")
        return 0 if same else 1
    SHIPPED.write_bytes(data)
    print(f"wrote {SHIPPED} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
