"""Provenance a clinician can check: every shipped fact carries a verbatim quote (seed) or a locator.

The seed documents live beside the repository (../shared/seeds, which CI has) or in $BONEMETS_SEEDS.
Without them this file fails: a quote that cannot be looked up is not checked.
"""
import os
import textwrap
from pathlib import Path

import pytest

from bonemets import evidence, schema
from bonemets.validate import check

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


def test_the_seed_documents_are_here():
    names = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(names) == 5, f"seed documents not found in {SEEDS}; set BONEMETS_SEEDS"


def test_every_quote_is_in_the_seed_it_cites():
    issues, nfiles, _ = check(seeds=SEEDS)
    assert [str(i) for i in issues] == []
    assert nfiles > 60


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


def test_a_quote_from_the_cited_seed_passes(tmp_path):
    issues, _, _ = check([_local(tmp_path, "up to 90 percent of men with advanced prostate cancer")], seeds=SEEDS)
    assert [str(i) for i in issues] == []


def test_a_quote_from_another_seed_is_caught_as_misattribution(tmp_path):
    words = "Certain cancers grow under the influence of the body's own hormones"  # seed 001, not seed 003
    ok, _, _ = check([_local(tmp_path / "a", words, "[seed-001-patient-article]")], seeds=SEEDS)
    assert [str(i) for i in ok] == []
    issues, _, _ = check([_local(tmp_path / "b", words, "[seed-003-advocacy-page]")], seeds=SEEDS)
    msgs = [str(i) for i in issues]
    assert len(msgs) == 1 and "x.yaml:11:12: quote not found in the seed it cites (003_" in msgs[0], msgs


def test_a_seed_cited_but_not_quoted_is_caught(tmp_path):
    d = _local(tmp_path, "up to 90 percent of men with advanced prostate cancer",
               "[seed-003-advocacy-page, seed-004-hospital-page]")
    issues, _, _ = check([d], seeds=SEEDS)
    assert any("cites 004_" in i.message and "no quote comes from it" in i.message for i in issues)


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
