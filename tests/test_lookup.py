"""Every lookup command: content, exit codes, stdout and stderr apart."""
import pytest

from bonemets import schema


def test_cancer_prostate_profile(run):
    r = run("cancer", "prostate")
    assert r.exit_code == 0
    assert r.stderr == ""
    out = r.stdout
    # every section the core issue asks for, in plain field: value lines (stdout is not a TTY here)
    for label in ("how often it reaches bone:", "typical lesion type:", "common sites:",
                  "symptoms and complications of note:", "markers and tests:", "therapies specific to it:",
                  "survival after bone metastasis:"):
        assert label in out, label
    assert "Up to 90% of men with advanced prostate cancer" in out
    assert "osteoblastic" in out and "PSA" in out
    assert "note: Last reviewed: 2026-11-24" in out
    assert "note: Sources: " in out and "seed-003-advocacy-page" in out


def test_cancer_json_is_the_same_data(run, kb):
    d = run.json("cancer", "prostate")
    ent = kb.find("prostate", "cancer")
    assert d["id"] == "prostate" and d["kind"] == "cancer"
    assert d["reviewed"] == ent["reviewed"]
    assert [f["text"] for f in d["sections"]["incidence"]["facts"]] == [f["text"] for f in ent["incidence"]]
    assert set(d["sources"]) >= {s for f in ent["incidence"] for s in f["sources"]}
    assert d["refs"]["lesions"] == ["osteoblastic", "mixed"]


@pytest.mark.parametrize("kind,name,expect_id", [
    ("lesion", "lytic", "osteolytic"), ("lesion", "OSTEOLYTIC", "osteolytic"),
    ("lesion", "blastic", "osteoblastic"), ("lesion", "sclerotic", "osteoblastic"),
    ("lesion", "osteoblastic", "osteoblastic"), ("cancer", "NSCLC", "lung"), ("cancer", "renal", "kidney"),
    ("therapy", "Xgeva", "denosumab"), ("therapy", "zoledronate", "zoledronic-acid"),
    ("therapy", "zoledronic acid", "zoledronic-acid"), ("symptom", "MSCC", "spinal-cord-compression"),
    ("diagnostic", "bone scan", "bone-scan"), ("topic", "vicious cycle", "vicious-cycle"),
])
def test_names_aliases_and_clinical_synonyms(run, kind, name, expect_id):
    d = run.json(kind, name)
    assert d["id"] == expect_id


@pytest.mark.parametrize("kind", [k.name for k in schema.KINDS.values() if k.name != "score"])
def test_every_lookup_command_opens_every_entity_of_its_kind(run, kb, kind):
    for ent in kb.of_kind(kind):
        r = run(kind, ent["id"])
        assert r.exit_code == 0, (ent["id"], r.stderr)
        assert ent["name"] in r.stdout
        assert f"Last reviewed: {ent['reviewed']}" in r.stdout


def test_unknown_name_suggests_and_exits_1(run):
    r = run("cancer", "prostat")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "no primary cancer named 'prostat'" in r.stderr
    assert "did you mean: prostate?" in r.stderr


def test_unknown_name_of_another_kind_points_there(run):
    r = run("cancer", "denosumab")
    assert r.exit_code == 1
    assert "bonemets therapy denosumab" in r.stderr


def test_usage_errors_exit_2(run):
    assert run("cancer").exit_code == 2
    assert run("cancer", "prostate", "--bogus").exit_code == 2
    r = run("list", "widgets")
    assert r.exit_code == 2 and "unknown kind" in r.stderr and r.stdout == ""


def test_list_all_and_by_kind(run, kb):
    r = run("list")
    assert r.exit_code == 0
    assert r.stdout.split() == [e["id"] for e in kb.of_kind()]
    d = run.json("list", "lesions")
    assert {x["id"] for x in d} == {"osteolytic", "osteoblastic", "mixed"}
    assert all(x["summary"] for x in d)
    scores = {x["id"] for x in run.json("list", "scores")}
    assert scores == {"mirels", "sins", "tokuhashi", "calcium", "tomita", "modified-bauer", "katagiri",
                      "zoledronic-dose", "bilsky", "frankel", "ecog"}


def test_compare_lytic_blastic(run):
    r = run("compare", "lytic", "blastic")
    assert r.exit_code == 0
    assert "attribute: What happens to bone" in r.stdout
    d = run.json("compare", "lytic", "blastic")
    assert d["entities"] == ["osteolytic", "osteoblastic"]
    rows = {row["attribute"]: row for row in d["rows"]}
    assert "hypercalcaemia" in " ".join(f["text"] for f in rows["complications"]["values"]["osteolytic"])
    assert "breakage" in " ".join(f["text"] for f in rows["complications"]["values"]["osteoblastic"])


def test_compare_three_cancers_and_two_therapies(run):
    d = run.json("compare", "breast", "prostate", "lung")
    assert d["entities"] == ["breast", "prostate", "lung"]
    d = run.json("compare", "denosumab", "zoledronic-acid")
    assert d["kind"] == "therapy"


def test_compare_mixed_kinds_is_a_usage_error(run):
    r = run("compare", "lytic", "prostate")
    assert r.exit_code == 2
    assert "one kind" in r.stderr and r.stdout == ""


def test_compare_needs_two(run):
    assert run("compare", "lytic").exit_code == 2


def test_compare_unknown_name_exits_1(run):
    r = run("compare", "lytic", "blastik-x")
    assert r.exit_code == 1 and "did you mean" in r.stderr


def test_lung_lesion_type_shows_the_disagreement(run):
    d = run.json("cancer", "lung")
    facts = d["sections"]["lesion_type"]["facts"]
    conflicted = [f for f in facts if f.get("conflict") == "lung lesion type"]
    assert {s for f in conflicted for s in f["sources"]} >= {"seed-002-lung-review", "seed-004-hospital-page"}
    assert "SOURCES DIFFER (lung lesion type)" in run("cancer", "lung").stdout


def test_sources_list_and_one(run, kb):
    r = run("sources")
    assert r.exit_code == 0
    assert "id: seed-000-uptodate" in r.stdout
    assert "note: Sources file last reviewed: 2026-11-24  (data/sources.yaml)" in r.stdout
    d = run.json("sources", "coleman-2006")
    assert d["doi"] == "10.1158/1078-0432.CCR-06-0931"
    assert "prostate" in d["cited_by"]
    r = run("sources", "coleman-2066")
    assert r.exit_code == 1 and "coleman-2006" in r.stderr


def test_version(run):
    from bonemets import __version__

    r = run("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"bonemets {__version__}"
