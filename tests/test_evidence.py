"""Provenance a clinician can check: every shipped fact carries a verbatim quote (seed) or a locator.

Every quote is looked up in the seed it cites through the fingerprint shipped in the package
(bonemets/seedprint.bin), so these tests run on any clone. The seed documents themselves live beside the
repository (../shared/seeds) or in $BONEMETS_SEEDS; only the test that the fingerprint still matches them,
and that the full-text check agrees, needs them and skips without them.
"""
import os
import textwrap
from pathlib import Path

import pytest

from bonemets.knowledge import evidence, schema, seedprint
from bonemets.knowledge.validate import check

ROOT = Path(__file__).resolve().parents[1]


def seeds_dir() -> Path:
    explicit = os.environ.get("BONEMETS_SEEDS")
    if explicit:
        return Path(explicit)
    for parent in ROOT.parents:
        candidate = parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "seeds"


SEEDS = seeds_dir()


def test_every_quote_is_in_the_seed_it_cites():
    issues, nfiles, _ = check()  # the shipped data against the shipped fingerprint
    assert [str(i) for i in issues] == []
    assert nfiles > 60
    assert len(seedprint.shipped().seeds) == 5


def test_the_shipped_fingerprint_matches_the_seed_documents():
    if not sorted(SEEDS.glob("*.txt")):
        pytest.skip(f"seed documents not found in {SEEDS} (set BONEMETS_SEEDS): the fingerprint is not re-derived")
    rebuilt = seedprint.build(SEEDS)
    shipped = seedprint.SHIPPED.read_bytes()
    if rebuilt != shipped:
        old, new = seedprint.Fingerprint(shipped), seedprint.Fingerprint(rebuilt)
        changed = sorted(n for n in old.sha256.keys() | new.sha256.keys() if old.sha256.get(n) != new.sha256.get(n))
        pytest.fail(f"bonemets/seedprint.bin is out of date (seeds changed: {changed or 'none: the method did'}); "
                    "run: python -m bonemets.knowledge.seedprint build ../shared/seeds")
    issues, _, _ = check(seeds=SEEDS)  # the full-text check agrees with the fingerprint
    assert [str(i) for i in issues] == []


def test_the_fingerprint_is_shipped_small_and_holds_no_seed_text():
    data = seedprint.SHIPPED.read_bytes()
    assert len(data) < 100_000
    fp = seedprint.Fingerprint(data)
    seed = "003_3c0e9bd4d8f53b8c.txt"
    assert fp.contains(seed, "up to 90 percent of men with advanced prostate cancer develop bone metastases")
    # no oracle: a real phrase of the seed that no shipped fact quotes is not confirmed (the seed cannot be
    # rebuilt from the fingerprint word by word)
    assert not fp.contains(seed, "up to 90 percent of men with advanced prostate cancer")
    assert not fp.contains(seed, "up to 90 percent")
    for phrase in (b"prostate cancer", b"bone metastases", b"metastases"):
        assert phrase not in data.lower()


@pytest.mark.parametrize("quote,seed", [
    ("up to 90 percent of men with advanced prostate cancer develop bone metastases", "003_3c0e9bd4d8f53b8c.txt"),
    ("Lung cancer bone metastases normally appear as areas of radiolucency and are osteolytic",
     "002_0f2d411076190140.txt"),
    ("Muscle weakness Confusion Coma Kidney failure", "003_3c0e9bd4d8f53b8c.txt"),  # list items, bullets left out
    ("This often involves palliative treatment, intended to slow the disease or reduce symptoms",
     "001_679f2ac3771604cb.txt"),  # the seed runs 'symptomsRadiotherapy' together
])
def test_the_fingerprint_finds_real_quotes_and_refuses_each_one_word_change(quote, seed):
    fp = seedprint.shipped()
    assert fp.contains(seed, quote) is True
    ws = quote.split()
    for i in range(len(ws)):
        for other in ("breast", "not", "12"):
            if ws[i].lower() != other:
                tampered = " ".join(ws[:i] + [other] + ws[i + 1:])
                assert not fp.contains(seed, tampered), tampered
        if 0 < i < len(ws) - 1:  # a word left out inside
            assert not fp.contains(seed, " ".join(ws[:i] + ws[i + 1:])), ws[i]
    assert not fp.contains(seed, quote[1:])  # a quote starts and ends on a whole word
    assert fp.contains("no-such-seed.txt", quote) is None


def test_phrases_stitched_from_two_places_are_not_a_quote():
    # seed 001: "Osteoblastic metastases often occur when prostate cancer ..." and "Osteolytic metastases
    # often occur when breast cancer ...": every 3-word run of the swap is in the seed, the sentence is not.
    fp = seedprint.shipped()
    seed = "001_679f2ac3771604cb.txt"
    assert fp.contains(seed, "osteoblastic metastases often occur when prostate cancer spreads to the bone")
    assert not fp.contains(seed, "osteolytic metastases often occur when prostate cancer spreads to the bone")


def test_every_shipped_fact_has_its_evidence(kb):
    n_quote = n_locator = 0
    for ent in kb.entities.values():
        for where, fact in evidence.evidence_items(ent):
            want = evidence.needs(fact, kb.sources)
            assert fact.get(want), (ent["id"], where, want)
            if want == "quote":
                n_quote += 1
                for q in fact["quote"]:
                    assert len(q) <= schema.QUOTE_MAX and len(q.split()) >= schema.QUOTE_MIN_WORDS, (ent["id"], q)
            else:
                n_locator += 1
                assert len(fact["locator"]) >= 5, (ent["id"], where)
    assert n_quote > 200 and n_locator > 100


@pytest.mark.parametrize("text,expect", [
    ("It\u2019s  important\nto be \u201cproactive\u201d", "it's important to be \"proactive\""),
    ("65\u201375 percent \u2014 OSTEOLYTIC", "65-75 percent - osteolytic"),
    ("non\u00a0breaking", "non breaking"),
])
def test_normalise(text, expect):
    assert evidence.normalise(text) == expect


def _local(tmp_path, quote, sources="[seed-003-advocacy-page]"):
    d = tmp_path / "local"
    d.mkdir(parents=True)
    (d / "x.yaml").write_text(textwrap.dedent(f"""\
        id: quote-test
        kind: topic
        name: "Quote test"
        summary: "A test entry."
        sources: [seed-003-advocacy-page]
        quote: "it is called a cancer of unknown primary"
        reviewed: "2026-11-25"
        overview:
          - text: "Up to 90% of men with advanced prostate cancer develop bone metastases."
            sources: {sources}
            quote: {quote!r}
        """))
    return d


def _shipped_check(quote: str, sources: list[str]) -> list[str]:
    """The shipped-data quote check (unknown quotes are errors) on one fact, against the shipped fingerprint."""
    from bonemets.knowledge.base import KnowledgeBase

    kb = KnowledgeBase.load(use_env=False)
    srcs = {sid: kb.sources[sid] for sid in kb.sources}
    ent = {"id": "t", "kind": "topic", "summary": "s", "sources": ["esmo-2020"], "locator": "x",
           "overview": [{"text": "t", "sources": sources, "quote": [quote]}], "_pos": {}}
    return [i.message for i in evidence.check_quotes("t.yaml", ent, srcs, seedprint.shipped())]


def test_a_shipped_quote_from_the_cited_seed_passes():
    assert _shipped_check("up to 90 percent of men with advanced prostate cancer develop bone metastases",
                          ["seed-003-advocacy-page"]) == []


def test_a_quote_from_another_seed_is_caught_as_misattribution():
    words = "This often involves palliative treatment, intended to slow the disease or reduce symptoms"  # seed 001
    assert _shipped_check(words, ["seed-001-patient-article"]) == []
    msgs = _shipped_check(words, ["seed-003-advocacy-page"])
    assert len(msgs) == 1 and msgs[0].startswith("quote not found in the seed it cites (003_"), msgs


def test_a_seed_cited_but_not_quoted_is_caught():
    msgs = _shipped_check("up to 90 percent of men with advanced prostate cancer develop bone metastases",
                          ["seed-003-advocacy-page", "seed-004-hospital-page"])
    assert any("cites 004_" in m and "no quote comes from it" in m for m in msgs), msgs


def test_a_quote_with_one_word_changed_fails_the_fingerprint_check():
    msgs = _shipped_check("up to 90 percent of women with advanced prostate cancer develop bone metastases",
                          ["seed-003-advocacy-page"])
    assert len(msgs) == 1 and "quote not found in the seed it cites (003_" in msgs[0], msgs
    assert "holds the shipped quotes only" in msgs[0] and "seedprint build" in msgs[0]


def test_a_local_quote_is_a_warning_not_checked_without_seeds(tmp_path):
    issues, _, _ = check([_local(tmp_path, "up to 90 percent of women with advanced prostate cancer")])
    msgs = [str(i) for i in issues]
    assert msgs and all(": warning: quote not checked: 003_" in m for m in msgs), msgs


def test_missing_evidence_is_a_warning_in_local_files(tmp_path, run):
    d = tmp_path / "local"
    d.mkdir()
    (d / "x.yaml").write_text(textwrap.dedent("""\
        id: no-evidence
        kind: topic
        name: "No evidence"
        summary: "A test entry."
        sources: [esmo-2020]
        reviewed: "2026-11-25"
        overview:
          - text: "A statement."
            sources: [seed-003-advocacy-page]
        """))
    r = run("validate", d)
    assert r.exit_code == 0, r.stderr
    assert "x.yaml:4:10: warning: the summary cites no seed document and has no locator" in r.stderr
    assert "x.yaml:8:5: warning: fact overview.0 cites a seed document" in r.stderr
    assert r.stdout.startswith("ok: 1 files, 1 entities checked, 2 warning(s)")


def test_a_quote_keeps_no_list_bullets(tmp_path):
    # seed 003 prints "  • Muscle weakness" etc. on lines of their own: a quote joins the items with a space
    assert _shipped_check("Muscle weakness Confusion Coma Kidney failure", ["seed-003-advocacy-page"]) == []
    issues, _, _ = check([_local(tmp_path / "b", "Muscle weakness \u2022 Confusion \u2022 Coma")])
    msgs = [str(i) for i in issues if not i.warning]
    assert len(msgs) == 1 and "x.yaml:11:12: a quote leaves out list bullets" in msgs[0], msgs


def test_a_local_seed_the_fingerprint_does_not_hold_is_a_warning_without_seeds(tmp_path):
    d = _local(tmp_path, "words from our own leaflet", "[our-leaflet]")
    (d / "sources-local.yaml").write_text(textwrap.dedent("""\
        reviewed: "2026-12-04"
        sources:
          - id: our-leaflet
            citation: "Our hospital's own leaflet on bone metastases, 2026 edition."
            via: "our-leaflet.txt"
            seed: "our-leaflet.txt"
            short: "our leaflet"
            verification: "seed"
        """))
    issues, _, _ = check([d])
    msgs = [str(i) for i in issues if "our-leaflet" in str(i)]
    assert len(msgs) == 1 and "warning: quote not checked: our-leaflet.txt does not hold it" in msgs[0], msgs
