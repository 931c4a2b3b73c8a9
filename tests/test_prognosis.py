"""`bonemets prognosis`: the prognostic scores side by side; missing inputs are named, never guessed; growth
groups come from --primary only where the table itself lists the cancer (New Katagiri), never for Tomita."""
import pytest

TOKUHASHI = ["--tokuhashi-kps", "80", "--tokuhashi-extraspinal-foci", "0", "--tokuhashi-vertebral-mets", "1",
             "--tokuhashi-visceral", "none", "--tokuhashi-palsy", "none"]  # 2+2+2+2 + primary + 2
TOMITA = ["--tomita-growth", "moderate", "--tomita-visceral", "none", "--tomita-bone", "solitary"]  # 2+0+1 = 3
BAUER = ["--bauer-visceral", "absent", "--skeletal", "solitary"]  # 1+1 + primary
KATAGIRI = ["--katagiri-visceral", "none", "--katagiri-labs", "normal", "--katagiri-ecog", "1",
            "--katagiri-previous-chemo", "no"]  # 0+0+0+0 + growth + skeletal (solitary 0)


def by_score(d):
    return {s["score"]: s for s in d["scores"]}


def test_every_score_computed_side_by_side(run):
    d = run.json("prognosis", "--primary", "kidney", *TOKUHASHI, *TOMITA, *BAUER, *KATAGIRI)
    s = by_score(d)
    assert set(s) == {"tokuhashi", "tomita", "modified-bauer", "katagiri"}
    assert s["tokuhashi"]["result"]["total"] == 13 and s["tokuhashi"]["result"]["band"] == "12-months-or-more"
    assert s["tomita"]["result"]["total"] == 3 and s["tomita"]["result"]["band"] == "long-term-control"
    assert s["modified-bauer"]["result"]["total"] == 4 and s["modified-bauer"]["result"]["band"] == "over-12-months"
    # Katagiri lists renal cell carcinoma as moderate growth (2 points): mapped, and said so
    assert s["katagiri"]["result"]["inputs"]["growth"] == "moderate" and s["katagiri"]["result"]["total"] == 2
    assert "from --primary kidney" in s["katagiri"]["used"]["growth"][1]
    for entry in s.values():  # the full result of each score
        assert {"score", "inputs", "points", "total", "band", "citation", "verification", "limitations"} <= set(
            entry["result"])
    assert d["agreement"]["agree"] is True and d["agreement"]["not_compared"] == ["tomita"]


def test_missing_inputs_are_named_never_guessed(run):
    d = run.json("prognosis", "--primary", "breast")
    s = by_score(d)
    assert all(not e["computed"] and e["result"] is None for e in s.values())
    needs = {k: [n["option"] for n in e["needs"]] for k, e in s.items()}
    assert needs["tokuhashi"] == ["--tokuhashi-kps", "--tokuhashi-extraspinal-foci", "--tokuhashi-vertebral-mets",
                                  "--tokuhashi-visceral", "--tokuhashi-palsy"]
    assert needs["tomita"] == ["--tomita-growth", "--tomita-visceral", "--tomita-bone"]  # never mapped from --primary
    assert needs["modified-bauer"] == ["--bauer-visceral", "--skeletal"]
    assert needs["katagiri"][0] == "--katagiri-growth"  # breast: hormone-dependent or not
    why = s["katagiri"]["needs"][0]["why"]
    assert "slow if hormone-dependent" in why and "moderate if hormone-independent" in why
    r = run("prognosis", "--primary", "breast")
    assert r.exit_code == 0 and "needs --tomita-growth" in r.stdout


@pytest.mark.parametrize("primary,growth,why", [
    ("thyroid", "slow", "lists thyroid as slow"), ("myeloma", "slow", "lists myeloma as slow"),
    ("renal", "moderate", "lists renal as moderate"), ("unknown primary", "rapid", "as rapid"),
    ("melanoma", "rapid", "as rapid"),
])
def test_katagiri_growth_from_the_table_lists(run, primary, growth, why):
    d = run.json("prognosis", "--primary", primary, *KATAGIRI, "--skeletal", "multiple")
    k = by_score(d)["katagiri"]
    assert k["result"]["inputs"]["growth"] == growth and why in k["used"]["growth"][1]


@pytest.mark.parametrize("primary", ["lung", "NSCLC", "prostate", "bladder"])
def test_katagiri_growth_is_not_guessed_when_the_table_does_not_settle_it(run, primary):
    d = run.json("prognosis", "--primary", primary, *KATAGIRI, "--skeletal", "multiple")
    k = by_score(d)["katagiri"]
    assert k["result"] is None and k["needs"][0]["option"] == "--katagiri-growth"


def test_a_primary_one_table_cannot_read_is_named_for_that_score(run):
    d = run.json("prognosis", "--primary", "pancreatic", *BAUER, *TOKUHASHI, *KATAGIRI)
    s = by_score(d)
    assert s["katagiri"]["result"]["inputs"]["growth"] == "rapid"  # Katagiri lists pancreatic cancer (rapid)
    assert s["modified-bauer"]["needs"][0]["option"] == "--bauer-primary"
    assert "neither one of this table's words" in s["modified-bauer"]["needs"][0]["why"]
    d = run.json("prognosis", "--primary", "pancreatic", "--bauer-primary", "other", *BAUER, "--tokuhashi-primary",
                 "other", *TOKUHASHI)
    assert by_score(d)["modified-bauer"]["result"]["total"] == 3 and by_score(d)["tokuhashi"]["result"]["total"] == 12


def test_an_explicit_growth_group_wins_over_the_primary(run):
    d = run.json("prognosis", "--primary", "breast", "--katagiri-growth", "slow", *KATAGIRI, "--skeletal", "multiple")
    assert by_score(d)["katagiri"]["result"]["inputs"]["growth"] == "slow"


def test_where_they_disagree(run):
    # Tokuhashi: 2+2+2+2+5 (breast)+2 = 15, 12 months or more; Katagiri: rapid 3 + disseminated 2 + critical 2
    # + ECOG 3 (1) + chemo 1 + multiple 1 = 10, high risk (6-month survival 27%): under 6 months.
    args = ["--primary", "breast", *TOKUHASHI, "--katagiri-growth", "rapid", "--katagiri-visceral", "disseminated",
            "--katagiri-labs", "critical", "--katagiri-ecog", "3", "--katagiri-previous-chemo", "yes",
            "--skeletal", "multiple", "--bauer-visceral", "present"]
    d = run.json("prognosis", *args)
    assert d["agreement"]["agree"] is False
    assert d["agreement"]["tiers"] == {"tokuhashi": "12-months-or-more", "katagiri": "under-6-months",
                                       "modified-bauer": "6-months-or-more"}  # 0 + 0 + 1 + 1 = 2
    r = run("prognosis", *args)
    assert "SOURCES DIFFER: the scores place this patient in different survival tiers" in r.stdout
    assert "Revised Tokuhashi score: 12 months or more" in r.stdout and "New Katagiri score: under 6 months" in r.stdout


def test_katagiri_labs_from_values_on_the_panel(run):
    d = run.json("prognosis", "--primary", "thyroid", "--katagiri-visceral", "none", "--katagiri-ecog", "0",
                 "--katagiri-previous-chemo", "no", "--skeletal", "solitary", "--crp", "0.2", "--ldh", "180",
                 "--albumin", "4.1", "--platelets", "90000", "--calcium", "9.4", "--bilirubin", "0.5")
    k = by_score(d)["katagiri"]["result"]
    assert k["inputs"]["labs"] == "critical" and k["total"] == 2


@pytest.mark.parametrize("args,msg", [
    (["--tokuhashi-kps", "75"], "--tokuhashi-kps: 75 is not a multiple of 10"),
    (["--katagiri-ecog", "7"], "--katagiri-ecog: 7 is impossible here"),
    (["--primary", "breast", "--tomita-growth", "fast"], "'slow', 'moderate', 'rapid'"),
    (["--katagiri-labs", "critical", "--crp", "0.1", "--ldh", "100", "--albumin", "4", "--platelets", "200000",
      "--calcium", "9", "--bilirubin", "0.4", *KATAGIRI[:2], "--katagiri-ecog", "0", "--katagiri-previous-chemo",
      "no", "--skeletal", "solitary", "--primary", "thyroid"], "--katagiri-labs critical contradicts"),
    (["--albumin", "40", "--primary", "thyroid", *KATAGIRI[:2], "--katagiri-ecog", "0", "--katagiri-previous-chemo",
      "no", "--skeletal", "solitary"], "--albumin 40: looks like g/L"),
    ([], "give the inputs you have"),
    (["--primary", "brest"], "--primary brest: no panel score can read it"),
])
def test_the_panel_refuses_what_a_score_refuses(run, args, msg):
    r = run("prognosis", *args)
    assert r.exit_code == 2 and msg in r.stderr and r.stdout == "", r.stderr
