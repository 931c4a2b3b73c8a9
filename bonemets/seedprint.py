"""A fingerprint of the seed documents, shipped in the package, so the quote check runs on every clone
without redistributing the seeds' text.

For each seed: its words (``evidence.words``: normalised, punctuation marks as words of their own), every
run of N consecutive words hashed to 4 bytes (BLAKE2b, personalised), the hashes kept in the seed's order.
A quote is in the seed when its own run hashes occur there as one contiguous, aligned sequence: the same
question the full check asks of the text (the quote's words in order, whole), answered from hashes.
Keeping the order makes the check exact up to hash collisions: a quote stitched from phrases found in
different places ("osteolytic ... prostate") does not pass.

The file holds no text, but it is a membership test: someone who already has a phrase of a seed can
confirm it and, guessing word by word, extend it. It keeps the seeds from being redistributed as files;
it does not keep them secret from a determined guesser.

File (``seedprint.bin``): the line ``bonemets-seedprint 1``, one line of JSON (``n``, ``hash``, and per
seed its ``name``, the ``sha256`` of its bytes and its ``runs``), then each seed's hashes in that order.

    python -m bonemets.seedprint build ../shared/seeds      # rewrite bonemets/seedprint.bin
    python -m bonemets.seedprint check ../shared/seeds      # is the shipped file up to date?
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from bonemets.evidence import words

N = 3                      # quotes are at least 3 words (schema.QUOTE_MIN_WORDS)
SIZE = 4                   # bytes of each hash
PERSON = b"bonemets-seed1"  # BLAKE2b personalisation: these hashes are ours alone
MAGIC = b"bonemets-seedprint 1\n"
SHIPPED = Path(__file__).with_name("seedprint.bin")


def _hash(run: list[str]) -> bytes:
    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=SIZE, person=PERSON).digest()


def _runs(ws: list[str], n: int = N) -> bytes:
    return b"".join(_hash(ws[i:i + n]) for i in range(len(ws) - n + 1))


def build(seed_dir: Path) -> bytes:
    """The fingerprint file's bytes for every ``*.txt`` in ``seed_dir`` (sorted by name)."""
    import json

    heads, bodies = [], []
    for p in sorted(Path(seed_dir).glob("*.txt")):
        raw = p.read_bytes()
        body = _runs(words(raw.decode("utf-8")))
        heads.append({"name": p.name, "sha256": hashlib.sha256(raw).hexdigest(), "runs": len(body) // SIZE})
        bodies.append(body)
    if not heads:
        raise ValueError(f"no seed documents (*.txt) in {seed_dir}")
    head = json.dumps({"n": N, "hash": f"blake2b-{SIZE * 8}", "seeds": heads}, separators=(",", ":"))
    return MAGIC + head.encode("ascii") + b"\n" + b"".join(bodies)


class Fingerprint:
    """The shipped fingerprint: ``contains(name, quote)`` as ``evidence.Seeds`` answers it from the text."""

    unheld = "is not in the shipped seed fingerprint"

    def __init__(self, data: bytes) -> None:
        import json

        if not data.startswith(MAGIC):
            raise ValueError("not a bonemets seed fingerprint")
        end = data.index(b"\n", len(MAGIC))
        head = json.loads(data[len(MAGIC):end])
        if head["n"] != N or head["hash"] != f"blake2b-{SIZE * 8}":
            raise ValueError(f"fingerprint made with n={head['n']}, {head['hash']}: rebuild it")
        self.seeds: dict[str, bytes] = {}
        self.sha256: dict[str, str] = {}
        at = end + 1
        for s in head["seeds"]:
            self.seeds[s["name"]] = data[at:at + s["runs"] * SIZE]
            self.sha256[s["name"]] = s["sha256"]
            at += s["runs"] * SIZE
        if at != len(data):
            raise ValueError("fingerprint truncated or padded: rebuild it")

    def contains(self, name: str, quote: str) -> bool | None:
        body = self.seeds.get(name)
        if body is None:
            return None
        ws = words(quote)  # a quote of 3 words (the least the schema takes) has at least N = 3
        return len(ws) >= N and _find(body, _runs(ws))


def _find(body: bytes, seq: bytes) -> bool:
    """Whether ``seq`` occurs in ``body`` at a multiple of SIZE (a whole run, not a run's tail bytes)."""
    at = body.find(seq)
    while at != -1:
        if at % SIZE == 0:
            return True
        at = body.find(seq, at + 1)
    return False


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
        print("usage: python -m bonemets.seedprint build|check SEED_DIR", file=sys.stderr)
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
