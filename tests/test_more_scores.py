"""Tomita, modified Bauer, New Katagiri and the grades (Bilsky, Frankel, ECOG) against tables written out here
from clinical-anchors.md section 10 (and 3c), never read from the code or the YAML."""
import itertools
import random

import pytest

from bonemets.scores import compute


def args(inputs):
    return [x for k, v in inputs.items() for x in (f"--{k}", str(v))]


# --- Tomita (section 10a) ------------------------------------------------------------------------------
TOMITA = {"growth": {"slow": 1, "moderate": 2, "rapid": 4}, "visceral": {"none": 0, "treatable": 2, "untreatable": 4},
          "bone": {"solitary": 1, "multiple": 2}}


def tomita_band(total):
    return {2: "long-term-control", 3: "long-term-control", 4: "middle-term-control", 5: "middle-term-control",
            6: "short-term-palliation", 7: "short-term-palliation"}.get(total, "terminal-care")


def test_tomita_all_18_combinations(run):
    seen = 0
    for g, v, b in itertools.product(TOMITA["growth"], TOMITA["visceral"], TOMITA["bone"]):
        d = run.json("score", "tomita", "--growth", g, "--visceral", v, "--bone", b)
        points = {"growth": TOMITA["growth"][g], "visceral": TOMITA["visceral"][v], "bone": TOMITA["bone"][b]}
        assert d["points"] == points and d["total"] == sum(points.values())
        assert d["band"] == tomita_band(d["total"]) and d["verification"] == "S"
        seen += 1
    assert seen == 18


def test_tomita_shows_growth_examples_strategy_and_that_group_lists_were_not_seen(run):
    r = run("score", "tomita", "--growth", "slow", "--visceral", "none", "--bone", "solitary")
    out = " ".join(r.stdout.split())
    assert "breast, thyroid; prostate in one copy" in out and "wide or marginal excision" in out
    assert "never maps a cancer name to a Tomita growth group" in out and "verification: S" in out
    bad = run("score", "tomita", "--growth", "kidney", "--visceral", "none", "--bone", "solitary")
    assert bad.exit_code == 2 and "slow" in bad.stderr  # a cancer name is not a Tomita growth group


# --- modified Bauer (section 10c) ----------------------------------------------------------------------
def bauer(visceral, skeletal, primary):
    """One point each: no visceral metastases, a solitary skeletal metastasis, a primary other than lung, a
    primary that is breast, kidney, lymphoma or myeloma."""
    return ((visceral == "absent") + (skeletal == "solitary") + (primary != "lung")
            + (primary in ("breast", "kidney", "lymphoma", "myeloma")))


def bauer_band(total):
    return "under-6-months" if total <= 1 else "over-6-months" if total == 2 else "over-12-months"


def test_modified_bauer_all_24_combinations(run):
    seen = 0
    for v, s, p in itertools.product(["absent", "present"], ["solitary", "multiple"],
                                     ["breast", "kidney", "lymphoma", "myeloma", "lung", "other"]):
        d = run.json("score", "modified-bauer", "--visceral", v, "--skeletal", s, "--primary", p)
        assert d["total"] == bauer(v, s, p) and d["band"] == bauer_band(d["total"])
        assert d["points"]["primary"] == (p != "lung") + (p in ("breast", "kidney", "lymphoma", "myeloma"))
        seen += 1
    assert seen == 24


@pytest.mark.parametrize("typed,word,note", [
    ("NSCLC", "lung", "read as lung"), ("renal", "kidney", ""), ("Prostate", "other", "does not list prostate"),
    ("thyroid", "other", "does not list thyroid"), ("multiple myeloma", "myeloma", "read as myeloma"),
])
def test_modified_bauer_takes_the_knowledge_base_names(run, typed, word, note):
    d = run.json("score", "modified-bauer", "--visceral", "absent", "--skeletal", "multiple", "--primary", typed)
    assert d["inputs"]["primary"] == word and d["total"] == bauer("absent", "multiple", word)
    assert note in " ".join(n["text"] for n in d["notes"])


# --- New Katagiri (section 10b) --------------------------------------------------------------------------
KAT = {"growth": {"slow": 0, "moderate": 2, "rapid": 3}, "visceral": {"none": 0, "nodular": 1, "disseminated": 2},
       "labs": {"normal": 0, "abnormal": 1, "critical": 2}, "previous-chemo": {"yes": 1, "no": 0},
       "skeletal": {"solitary": 0, "multiple": 1}}


def kat_band(total):
    return "low" if total <= 3 else "intermediate" if total <= 6 else "high"


def test_katagiri_every_combination_and_every_total():
    totals = set()
    for g, v, lab, chemo, sk, ecog in itertools.product(*(list(KAT[k]) for k in KAT), range(5)):
        inputs = {"growth": g, "visceral": v, "labs": lab, "previous-chemo": chemo, "skeletal": sk, "ecog": ecog}
        expect = (KAT["growth"][g] + KAT["visceral"][v] + KAT["labs"][lab] + KAT["previous-chemo"][chemo]
                  + KAT["skeletal"][sk] + (1 if ecog >= 3 else 0))
        r = compute("katagiri", inputs)
        assert r.total == expect and r.band == kat_band(expect), inputs
        totals.add(expect)
    assert totals == set(range(11))


def test_katagiri_random_cases_through_the_cli(run):
    rng = random.Random(2014)
    for _ in range(25):
        inputs = {k: rng.choice(list(v)) for k, v in KAT.items()}
        inputs["ecog"] = rng.randint(0, 4)
        d = run.json("score", "katagiri", *args(inputs))
        expect = sum(KAT[k][inputs[k]] for k in KAT) + (inputs["ecog"] >= 3)
        assert d["total"] == expect and d["band"] == kat_band(expect)


def test_katagiri_band_shows_survival_with_tags_and_growth_groups(run):
    r = run("score", "katagiri", "--growth", "rapid", "--visceral", "disseminated", "--labs", "critical", "--ecog", "3",
            "--previous-chemo", "yes", "--skeletal", "multiple")
    out = " ".join(r.stdout.split())
    assert "band: high [7-10, high risk: 6-month survival 27% [V], 1-year 6% [V]" in out
    assert "hepatocellular cancer, melanoma, unknown origin" in out
    assert "UNVERIFIED: Whether the calcium cut-off uses albumin-corrected calcium was not seen" in out


NORMAL = {"crp": "0.3", "ldh": "200", "albumin": "4.0", "platelets": "250000", "calcium": "9.5", "bilirubin": "0.6"}


@pytest.mark.parametrize("changes,labs", [
    ({}, "normal"),
    ({"crp": "0.39"}, "normal"), ({"crp": "0.4"}, "abnormal"),  # CRP >= 0.4 mg/dL
    ({"ldh": "249"}, "normal"), ({"ldh": "250"}, "abnormal"),  # LDH >= 250 IU/L
    ({"albumin": "3.7"}, "normal"), ({"albumin": "3.69"}, "abnormal"),  # albumin < 3.7 g/dL
    ({"platelets": "100000"}, "normal"), ({"platelets": "99999"}, "critical"),  # platelets < 100,000/uL
    ({"calcium": "10.29"}, "normal"), ({"calcium": "10.3"}, "critical"),  # calcium >= 10.3 mg/dL
    ({"bilirubin": "1.39"}, "normal"), ({"bilirubin": "1.4"}, "critical"),  # bilirubin >= 1.4 mg/dL
    ({"crp": "5", "bilirubin": "2"}, "critical"),  # critical overrides abnormal
])
def test_katagiri_labs_from_values(run, changes, labs):
    values = dict(NORMAL, **changes)
    d = run.json("score", "katagiri", "--growth", "slow", "--visceral", "none", "--ecog", "0", "--previous-chemo",
                 "no", "--skeletal", "solitary", *args(values))
    assert d["inputs"]["labs"] == labs and d["points"]["labs"] == KAT["labs"][labs]
    assert "worked out from the values given" in " ".join(n["text"] for n in d["notes"])


@pytest.mark.parametrize("values,msg", [
    ({"crp": "0.3", "ldh": "200"}, "also --platelets, --calcium, --bilirubin, --albumin"),  # any could change it
    ({"crp": "5"}, "also --platelets, --calcium, --bilirubin (a missing value could make it critical)"),
    (dict(NORMAL, labs="critical"), "--labs critical contradicts the values given, which make it normal"),
    (dict(NORMAL, albumin="37"), "--albumin 37: looks like g/L, not g/dL"),
    (dict(NORMAL, platelets="150"), "--platelets 150: looks like x10^9/L"),
    (dict(NORMAL, calcium="2.5"), "--calcium 2.5: looks like mmol/L, not mg/dL"),
    (dict(NORMAL, crp="80"), "--crp 80: looks like mg/L, not mg/dL"),
    (dict(NORMAL, bilirubin="120"), "looks like umol/L"), (dict(NORMAL, ldh="-5"), "negative"),
    (dict(NORMAL, crp="nan"), "finite"),
])
def test_katagiri_refuses_incomplete_or_implausible_values(run, values, msg):
    r = run("score", "katagiri", "--growth", "slow", "--visceral", "none", "--ecog", "0", "--previous-chemo", "no",
            "--skeletal", "solitary", *args(values))
    assert r.exit_code == 2 and msg in r.stderr and r.stdout == "", r.stderr


@pytest.mark.parametrize("opt,value,msg", [
    ("--ecog", "5", "impossible here; give 0 to 4"), ("--ecog", "-1", "impossible"), ("--ecog", "2.5", "whole"),
    ("--ecog", "\u0662", "digits 0-9"), ("--growth", "kidney", "slow"), ("--visceral", "brain", "nodular"),
    ("--labs", "high", "critical"), ("--previous-chemo", "maybe", "yes"), ("--skeletal", "two", "multiple"),
])
def test_katagiri_refuses_each_option(run, opt, value, msg):
    base = {"--growth": "slow", "--visceral": "none", "--labs": "normal", "--ecog": "0", "--previous-chemo": "no",
            "--skeletal": "solitary", opt: value}
    r = run("score", "katagiri", *[x for kv in base.items() for x in kv])
    assert r.exit_code == 2 and msg in r.stderr and r.stdout == ""


@pytest.mark.parametrize("score,opts", [
    ("tomita", {"--growth": "fast", "--visceral": "some", "--bone": "two"}),
    ("modified-bauer", {"--visceral": "yes", "--skeletal": "one", "--primary": "spleen"}),
])
def test_each_option_refuses_a_word_not_in_the_table(run, score, opts):
    good = {"tomita": {"--growth": "slow", "--visceral": "none", "--bone": "solitary"},
            "modified-bauer": {"--visceral": "absent", "--skeletal": "solitary", "--primary": "breast"}}[score]
    for opt, bad in opts.items():
        r = run("score", score, *[x for kv in dict(good, **{opt: bad}).items() for x in kv])
        assert r.exit_code == 2 and r.stdout == "" and opt in r.stderr, (opt, r.stderr)


# --- grades: Bilsky (3c), Frankel (10f), ECOG (10g) ------------------------------------------------------
BILSKY = {"0": "low-grade", "1a": "low-grade", "1b": "low-grade", "1c": "borderline", "2": "high-grade",
          "3": "high-grade"}
FRANKEL = {"A": ("complete", "complete"), "B": ("sensory-only", "complete"), "C": ("motor-useless", "incomplete"),
           "D": ("motor-useful", "incomplete"), "E": ("recovery", "none")}


@pytest.mark.parametrize("grade,band", BILSKY.items())
def test_bilsky_grades(run, grade, band):
    d = run.json("score", "bilsky", "--grade", grade)
    assert d["band"] == band and d["total"] is None and d["points"] == {}
    r = run("score", "bilsky", "--grade", grade)
    assert "axial T2-weighted MRI at the level of most severe compression" in " ".join(r.stdout.split())
    assert "NOMS" in r.stdout


@pytest.mark.parametrize("grade,expected", FRANKEL.items())
def test_frankel_grades_and_tokuhashi_palsy(run, grade, expected):
    d = run.json("score", "frankel", "--grade", grade.lower())
    assert d["band"] == expected[0] and f"--palsy {expected[1]}" in d["band_meaning"]


def test_ecog_grades_and_kps_only_with_the_warning(run):
    for grade in range(6):
        d = run.json("score", "ecog", "--grade", grade)
        assert d["inputs"]["grade"] == str(grade)
        note = " ".join(n["text"] for n in d["notes"])
        assert "Published mappings differ" in note and "2 = 50-60" in note
        assert {"ecog-kps-common", "prasad-2018", "buccheri-1996"} <= {s for n in d["notes"] for s in n["sources"]}


@pytest.mark.parametrize("score,value", [("bilsky", "4"), ("bilsky", "1d"), ("frankel", "F"), ("ecog", "6"),
                                         ("ecog", "-1")])
def test_grades_refuse_unknown_grades(run, score, value):
    r = run("score", score, "--grade", value)
    assert r.exit_code == 2 and r.stdout == "" and "--grade" in r.stderr
