"""Bedside scores against independent tables written out here (not computed by the code under test)."""
import itertools

import pytest

from bonemets.scores import ScoreInputError, compute

# --- Mirels (clinical-anchors.md section 1) ------------------------------------------------------------
MIRELS = {
    "site": {"upper-limb": 1, "lower-limb": 2, "peritrochanteric": 3},
    "pain": {"mild": 1, "moderate": 2, "functional": 3},
    "lesion": {"blastic": 1, "mixed": 2, "lytic": 3},
    "size": {"under-third": 1, "third-to-two-thirds": 2, "over-two-thirds": 3},
}


def mirels_band(total):
    return "low" if total <= 7 else "borderline" if total == 8 else "high"


def combos(table):
    keys = list(table)
    for values in itertools.product(*(table[k].items() for k in keys)):
        yield {k: v[0] for k, v in zip(keys, values)}, {k: v[1] for k, v in zip(keys, values)}


def test_mirels_all_81(run):
    seen = 0
    for inputs, points in combos(MIRELS):
        r = compute("mirels", inputs)
        assert r.points == points
        assert r.total == sum(points.values())
        assert r.band == mirels_band(r.total)
        seen += 1
    assert seen == 81


def test_mirels_cli_json_matches_table(run):
    for inputs, points in list(combos(MIRELS))[::4]:
        args = [x for k, v in inputs.items() for x in (f"--{k}", v)]
        d = run.json("score", "mirels", *args)
        assert d["score"] == "mirels" and d["inputs"] == inputs and d["points"] == points
        assert d["total"] == sum(points.values()) and d["band"] == mirels_band(d["total"])
        assert any("Mirels" in c for c in d["citation"])


def test_mirels_output_shows_both_thresholds_and_caveats(run):
    r = run("score", "mirels", "--site", "lower-limb", "--pain", "moderate", "--lesion", "blastic",
            "--size", "over-two-thirds")
    assert r.exit_code == 0
    assert "band: borderline" in r.stdout
    out = r.stdout
    assert ">= 8" in out and ">= 9" in out
    assert "specificity 35%" in out
    assert "size denominator" in out
    assert "points: 2" in out and "points: 8" in out
    assert "item: total\ninput: total = site + pain + lesion + size (each 1-3)\npoints: 8" in out


# --- SINS (clinical-anchors.md section 2) ----------------------------------------------------------------
SINS = {
    "location": {"junctional": 3, "mobile": 2, "semirigid": 1, "rigid": 0},
    "pain": {"mechanical": 3, "occasional": 1, "none": 0},
    "lesion": {"lytic": 2, "mixed": 1, "blastic": 0},
    "alignment": {"subluxation": 4, "deformity": 2, "normal": 0},
    "collapse": {"over-half": 3, "under-half": 2, "involved-no-collapse": 1, "none": 0},
    "posterolateral": {"bilateral": 3, "unilateral": 1, "none": 0},
}


def sins_band(total):
    return "stable" if total <= 6 else "potentially-unstable" if total <= 12 else "unstable"


def test_sins_all_1296():
    seen = 0
    for inputs, points in combos(SINS):
        r = compute("sins", inputs)
        assert r.points == points and r.total == sum(points.values()) and r.band == sins_band(r.total)
        seen += 1
    assert seen == 1296


def test_sins_mechanical_pain_reads_as_fisher_2010(run):
    d = run.json("score", "sins", "--location", "rigid", "--pain", "mechanical", "--lesion", "blastic", "--alignment",
                 "normal", "--collapse", "none", "--posterolateral", "none")
    r = run("score", "sins", "--location", "rigid", "--pain", "mechanical", "--lesion", "blastic", "--alignment",
            "normal", "--collapse", "none", "--posterolateral", "none")
    assert "pain that improves with lying down (recumbency) and/or pain with movement or loading of the spine" in r.stdout
    assert "relieved by lying down, or with movement" not in r.stdout and d["points"]["pain"] == 3


def test_sins_cli_band_edges(run):
    cases = [  # (inputs, total)
        (dict(location="rigid", pain="none", lesion="blastic", alignment="normal", collapse="none",
              posterolateral="none"), 0),
        (dict(location="junctional", pain="mechanical", lesion="blastic", alignment="normal", collapse="none",
              posterolateral="none"), 6),
        (dict(location="junctional", pain="mechanical", lesion="mixed", alignment="normal", collapse="none",
              posterolateral="none"), 7),
        (dict(location="junctional", pain="mechanical", lesion="lytic", alignment="deformity", collapse="under-half",
              posterolateral="none"), 12),
        (dict(location="junctional", pain="mechanical", lesion="lytic", alignment="subluxation",
              collapse="involved-no-collapse", posterolateral="none"), 13),
        (dict(location="junctional", pain="mechanical", lesion="lytic", alignment="subluxation",
              collapse="over-half", posterolateral="bilateral"), 18),
    ]
    for inputs, total in cases:
        d = run.json("score", "sins", *[x for k, v in inputs.items() for x in (f"--{k}", v)])
        assert d["total"] == total and d["band"] == sins_band(total)
    r = run("score", "sins", *[x for k, v in cases[2][0].items() for x in (f"--{k}", v)])
    assert "surgical consultation" in r.stdout


# --- revised Tokuhashi (clinical-anchors.md section 3a) -------------------------------------------------
PRIMARY = {"lung": 0, "osteosarcoma": 0, "stomach": 0, "bladder": 0, "esophagus": 0, "pancreas": 0,
           "liver": 1, "gallbladder": 1, "unidentified": 1, "other": 2, "kidney": 3, "uterus": 3, "rectum": 4,
           "thyroid": 5, "breast": 5, "prostate": 5, "carcinoid": 5}
SYNONYMS = {"renal": "kidney", "oesophagus": "esophagus", "gastric": "stomach", "Prostate": "prostate"}
VISCERAL = {"unremovable": 0, "removable": 1, "none": 2}
PALSY = {"complete": 0, "incomplete": 1, "none": 2}


def kps_points(k):
    return 0 if k <= 40 else 1 if k <= 70 else 2


def foci_points(n):
    return 0 if n >= 3 else 1 if n >= 1 else 2


def vert_points(n):
    return 0 if n >= 3 else 1 if n == 2 else 2


def tok_band(t):
    return "under-6-months" if t <= 8 else "6-months-or-more" if t <= 11 else "12-months-or-more"


def test_tokuhashi_every_primary_and_every_band_boundary():
    totals = set()
    for primary, kps, foci, vert, visc, palsy in itertools.product(
            PRIMARY, range(10, 101, 10), (0, 1, 2, 3, 7), (1, 2, 3, 5), VISCERAL, PALSY):
        inputs = {"kps": kps, "extraspinal-foci": foci, "vertebral-mets": vert, "visceral": visc,
                  "primary": primary, "palsy": palsy}
        expect = (kps_points(kps) + foci_points(foci) + vert_points(vert) + VISCERAL[visc] + PRIMARY[primary]
                  + PALSY[palsy])
        r = compute("tokuhashi", inputs)
        assert r.total == expect and r.band == tok_band(expect), inputs
        totals.add(expect)
    assert totals == set(range(0, 16))  # every total, so every band edge (8/9, 11/12) is crossed


def test_tokuhashi_synonyms():
    base = {"kps": 80, "extraspinal-foci": 0, "vertebral-mets": 1, "visceral": "none", "palsy": "none"}
    for word, canonical in SYNONYMS.items():
        assert compute("tokuhashi", dict(base, primary=word)).points["primary"] == PRIMARY[canonical]


@pytest.mark.parametrize("typed,word,points,why", [
    ("NSCLC", "lung", 0, "read as lung"), ("renal", "kidney", 3, ""), ("Renal cell carcinoma", "kidney", 3, ""),
    ("myeloma", "other", 2, "does not list multiple myeloma"), ("prostate cancer", "prostate", 5, "read as prostate"),
    ("unknown primary", "unidentified", 1, ""),
])
def test_tokuhashi_primary_takes_the_knowledge_base_names(run, kb, typed, word, points, why):
    d = run.json("score", "tokuhashi", "--kps", "80", "--extraspinal-foci", "0", "--vertebral-mets", "1",
                 "--visceral", "none", "--primary", typed, "--palsy", "none")
    assert d["inputs"]["primary"] == word and d["points"]["primary"] == points == PRIMARY[word]
    assert why in " ".join(n["text"] for n in d["notes"])


@pytest.mark.parametrize("typed", ["colorectal", "colorectal cancer", "bowel cancer"])
def test_tokuhashi_refuses_a_cancer_its_table_splits(run, typed):
    # Tokuhashi 2005 scores rectum 4 and an unlisted site (the colon) 2: "colorectal" alone cannot say which
    r = run("score", "tokuhashi", "--kps", "80", "--extraspinal-foci", "0", "--vertebral-mets", "1",
            "--visceral", "none", "--primary", typed, "--palsy", "none")
    assert r.exit_code == 2 and r.stdout == ""
    assert "'rectum' if the primary is in the rectum" in r.stderr and "'other' if the primary is in the colon" in r.stderr


@pytest.mark.parametrize("typed", ["colon", "colon cancer"])
def test_tokuhashi_colon_is_an_other_primary(run, typed):
    d = run.json("score", "tokuhashi", "--kps", "80", "--extraspinal-foci", "0", "--vertebral-mets", "1",
                 "--visceral", "none", "--primary", typed, "--palsy", "none")
    assert d["inputs"]["primary"] == "other" and d["points"]["primary"] == PRIMARY["other"]


def test_tokuhashi_cli_names_the_revision(run):
    d = run.json("score", "tokuhashi", "--kps", "80", "--extraspinal-foci", "0", "--vertebral-mets", "1",
                 "--visceral", "none", "--primary", "renal", "--palsy", "none")
    assert d["total"] == 2 + 2 + 2 + 2 + 3 + 2 and d["band"] == "12-months-or-more"
    assert "2005" in d["version"] and "1990" in d["version"]


@pytest.mark.parametrize("opt,value,msg", [
    ("--kps", "75", "multiple of 10"), ("--kps", "0", "impossible"), ("--kps", "110", "impossible"),
    ("--extraspinal-foci", "-1", "impossible"), ("--vertebral-mets", "0", "impossible"),
    ("--primary", "spleen", "thyroid"), ("--kps", "abc", "whole number"),
    ("--kps", "8_0", "digits 0-9"), ("--kps", "\uff18\uff10", "digits 0-9"), ("--kps", "\u0668\u0660", "digits 0-9"),
    ("--extraspinal-foci", "1_0", "digits 0-9"), ("--vertebral-mets", "\u0967", "digits 0-9"), ("--kps", "80.0", "whole"),
])
def test_tokuhashi_refuses_impossible_input(run, opt, value, msg):
    args = {"--kps": "80", "--extraspinal-foci": "0", "--vertebral-mets": "1", "--visceral": "none",
            "--primary": "breast", "--palsy": "none"}
    args[opt] = value
    r = run("score", "tokuhashi", *[x for kv in args.items() for x in kv])
    assert r.exit_code == 2 and msg in r.stderr and r.stdout == ""


def test_missing_option_off_a_terminal_lists_allowed_values(run):
    r = run("score", "mirels", "--site", "upper-limb")
    assert r.exit_code == 2
    assert "--pain" in r.stderr and "mild, moderate, functional" in r.stderr


def test_invalid_choice_lists_allowed_values(run):
    r = run("score", "mirels", "--site", "skull", "--pain", "mild", "--lesion", "lytic", "--size", "under-third")
    assert r.exit_code == 2 and "upper-limb" in r.stderr


def test_prompts_on_a_terminal_for_missing_items(run, monkeypatch):
    import bonemets.cli.session

    monkeypatch.setattr(bonemets.cli.session, "interactive", lambda: True)
    r = run("score", "mirels", "--site", "upper-limb", "--json", input="severe\nfunctional\nlytic\nunder-third\n")
    assert r.exit_code == 0, r.stderr
    assert "'severe' is not one of: mild, moderate, functional" in r.stderr  # refused, then asked again
    assert '"total": 8' in r.stdout


def test_pure_function_errors_name_the_option():
    with pytest.raises(ScoreInputError) as e:
        compute("sins", {"location": "rigid"})
    assert e.value.option == "pain"


SCORES = {"mirels", "sins", "tokuhashi", "calcium", "tomita", "modified-bauer", "katagiri", "zoledronic-dose",
          "bilsky", "frankel", "ecog"}


def test_every_score_is_listed_and_searchable(run):
    listed = {x["id"] for x in run.json("list", "scores")["entries"]}
    assert listed == SCORES
    for sid in listed:
        hits = run.json("search", sid)["results"]
        assert hits[0]["entity"]["id"] == sid and hits[0]["command"] == f"bonemets score {sid} --help"


def test_unverified_limits_are_shown_marked(run):
    out = run("score", "sins", "--location", "rigid", "--pain", "none", "--lesion", "blastic", "--alignment", "normal",
              "--collapse", "none", "--posterolateral", "none").stdout
    assert "limits: UNVERIFIED: the exact wording of 'mechanical pain'" in out


def test_prompts_in_a_real_terminal(tmp_path):
    from ptyrun import run_in_pty

    code, out, err = run_in_pty(["score", "mirels", "--site", "upper-limb", "--plain"],
                                keys=b"functional\nlytic\nunder-third\n", env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 0, err
    assert "Pain (--pain)\n" in err and "3  functional  3 points  functional: severe pain" in err
    assert "band: borderline" in out and "points: 8" in out  # 1 + 3 + 3 + 1


@pytest.mark.parametrize("score,table", [("mirels", MIRELS), ("sins", SINS)])
def test_every_option_refuses_a_word_not_in_its_table(run, score, table):
    good = {k: next(iter(v)) for k, v in table.items()}
    for key in table:
        r = run("score", score, *[x for k, v in dict(good, **{key: "nonsense"}).items() for x in (f"--{k}", v)])
        assert r.exit_code == 2 and r.stdout == "" and f"--{key}" in r.stderr
        assert all(w in r.stderr for w in table[key]), r.stderr
