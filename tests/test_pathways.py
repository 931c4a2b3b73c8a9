"""Pathways and leaflets: every step's timing, dose and action against its source's words, the rendering at 80
columns, plain and JSON, the links between entries and pathways, and leaflets a patient can read."""
import json
import re

import pytest

# (pathway name as typed, step id, words the timing must hold, words the step must hold), each from the
# passage the step cites: NICE NG234 as its BMJ summary gives it (Hawkins 2023), QS56 statements 3, 4, 6 and 7,
# the Zometa and Xgeva US labels, ESMO 2020 (Coleman, Ann Oncol), ASTRO 2024 and 2017, BOAST 2022, Endocrine
# Society 2023, NHS CKS, Mirels 1989.
STEPS = [
    ("mscc", "contact-coordinator", "immediately", ["MSCC coordinator"]),
    ("mscc", "mri-whole-spine", "within 24 hours", ["whole spine", "neurological"]),
    ("mscc", "immobilise", "without delay", ["instability", "immobilisation"]),
    ("mscc", "expert-advice-stability", "within 24 hours", ["expert"]),
    ("mscc", "dexamethasone", "as soon as possible", ["dexamethasone 16 mg", "16 mg once daily"]),
    ("mscc", "radiotherapy-within-24h", "within 24 hours of the decision to treat", ["not suitable for surgery"]),
    ("mscc", "radiotherapy-not-surgical", "decision", ["8 Gy in 1 fraction", "20 Gy in 5", "30 Gy in 10"]),
    ("mscc", "rehabilitation-plan", "admission", ["rehabilitation"]),
    ("mscc", "score-stability", "imaging", ["7-18", "surgical consultation"]),
    ("spinal pain", "contact-within-24h", "within 24 hours", ["MSCC coordinator"]),
    ("spinal pain", "mri-within-1-week", "within 1 week", ["whole spine", "no neurological"]),
    ("spinal pain", "escalate-if-neurological", "immediately", ["emergency"]),
    ("hypercalcaemia", "admit-if-severe-or-symptomatic", "immediately", ["3.40 mmol/L", "symptomatic"]),
    ("hypercalcaemia", "zoledronic-acid-dose", "single dose", ["4 mg", "15 minutes"]),
    ("hypercalcaemia", "retreatment-interval", "7 days", ["at least 7 days"]),
    ("hypercalcaemia", "denosumab-dose", "every 4 weeks", ["120 mg", "days 8 and 15"]),
    ("hypercalcaemia", "antiresorptive", "diagnosis", ["denosumab", "intravenous bisphosphonate"]),
    ("bone-modifying agent", "dental-check", "before starting", ["dental"]),
    ("bone-modifying agent", "renal-dose", "before starting", ["4 mg", "3.5 mg", "3.3 mg", "3.0 mg"]),
    ("bone-modifying agent", "creatinine-each-dose", "before each dose", ["0.5 mg/dL", "1.0 mg/dL"]),
    ("bone-modifying agent", "calcium-vitamin-d", "daily", ["500 mg", "400 IU"]),
    ("bone-modifying agent", "dose-and-interval", "every 3-4 weeks", ["120 mg", "every 4 weeks", "90 mg"]),
    ("bone-modifying agent", "stopping-denosumab", "when stopping", ["multiple vertebral fractures"]),
    ("long-bone fracture", "score-fracture-risk", "before", ["7 or lower", "8 or higher", "prophylactic"]),
    ("long-bone fracture", "postoperative-radiotherapy", "after fixation", ["postoperative radiotherapy"]),
    ("painful bone metastasis", "single-8-gy", "one", ["single 8 Gy"]),
    ("painful bone metastasis", "dose-fractionation", "planning", ["8 Gy in 1 fraction", "20 Gy in 5", "30 Gy in 10"]),
    ("painful bone metastasis", "reirradiation", "1 month", ["re-irradiation"]),
    ("unknown primary bone", "biopsy", "after imaging", ["biopsy", "immunohistochemistry"]),
    ("unknown primary bone", "blood-tests", "first assessment", ["calcium", "PSA"]),
]


@pytest.fixture(scope="module")
def pathways(tmp_path_factory):
    from typer.testing import CliRunner

    from bonemets.cli.build import app

    env = {"BONEMETS_DATA": "", "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache")), "COLUMNS": "80"}
    cache = {}

    def get(name):
        if name not in cache:
            r = CliRunner(env=env).invoke(app, ["pathway", *name.split(), "--json"], catch_exceptions=False)
            assert r.exit_code == 0, r.stderr
            cache[name] = json.loads(r.stdout)
        return cache[name]

    return get


@pytest.mark.parametrize("name,step,timing,words", STEPS)
def test_each_step_says_what_its_source_says(pathways, name, step, timing, words):
    d = pathways(name)
    st = next((s for s in d["steps"] if s["step"] == step), None)
    assert st is not None, (name, step, [s["step"] for s in d["steps"]])
    assert timing.casefold() in st["timing"].casefold(), st["timing"]
    for w in words:
        assert w.casefold() in st["text"].casefold(), (w, st["text"])
    assert st["sources"] and (st.get("locator") or st.get("quote"))
    assert st["who"]


def test_the_seven_pathways_of_the_issue_are_there(run):
    r = run("pathway", "--json")
    ids = {e["id"] for e in json.loads(r.stdout)["entries"]}
    assert {"mscc-pathway", "spinal-pain-pathway", "long-bone-fracture-pathway", "hypercalcaemia-pathway",
            "bone-modifying-agent-pathway", "painful-bone-metastasis-pathway", "unknown-primary-bone-pathway"} <= ids


def test_steps_are_numbered_in_order_and_branches_point_forward(pathways):
    for name in ("mscc", "spinal pain", "hypercalcaemia", "bone-modifying agent"):
        steps = pathways(name)["steps"]
        assert [s["number"] for s in steps] == list(range(1, len(steps) + 1))
        for s in steps:
            assert all(n > s["number"] for n in s["next_numbers"])


def test_mscc_first_screen_at_80_columns(installed):
    from ptyrun import run_in_pty

    code, out, err = run_in_pty(["pathway", "mscc"], cols=80, rows=40, executable=str(installed[2]),
                                env={"BONEMETS_PAGER": "cat"})
    screen = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", out).splitlines()[:40]
    assert code == 0 and all(len(ln) <= 80 for ln in screen)
    first = "\n".join(screen)
    assert "immediately" in first and "MSCC coordinator" in first and "Step" in first
    assert re.search(r"^\s*1\s+immediately", first, re.M)


def test_plain_is_one_field_per_line(run):
    r = run("pathway", "mscc", "--plain")
    assert r.exit_code == 0
    assert "#: 1" in r.stdout and "timing: immediately" in r.stdout
    assert re.search(r"^step: .*MSCC coordinator immediately\. \[\d+\]$", r.stdout, re.M)
    assert "step: uses: bonemets score sins" in r.stdout or "step: uses: bonemets score sins --help" in r.stdout


def test_entries_and_scores_point_to_the_pathways_that_use_them(run):
    r = run("symptom", "spinal-cord-compression", "--plain")
    assert "pathways that use it: Suspected metastatic spinal cord compression (MSCC) [bonemets pathway mscc-pathway]" in r.stdout
    r = run("score", "sins", "--help")
    assert "bonemets pathway mscc-pathway" in r.stdout


def test_search_finds_pathway_steps(run):
    r = run("search", "radiotherapy", "within", "24", "hours", "decision", "to", "treat", "--json")
    results = json.loads(r.stdout)["results"]
    assert any(x["entity"]["id"] == "mscc-pathway" for x in results[:3]), [x["entity"]["id"] for x in results[:5]]


# --- leaflets --------------------------------------------------------------------------------------------------


def syllables(word: str) -> int:
    w = word.casefold()
    groups = re.findall(r"[aeiouy]+", w)
    n = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(1, n)


def flesch(text: str) -> float:
    """Flesch reading ease: 206.835 - 1.015 (words / sentences) - 84.6 (syllables / words)."""
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    words = re.findall(r"[A-Za-z]+(?:'[a-z]+)?", text)
    return 206.835 - 1.015 * len(words) / sentences - 84.6 * sum(map(syllables, words)) / len(words)


LEAFLETS = ["mscc", "hypercalcaemia", "fracture", "bone medicine"]


@pytest.mark.parametrize("name", LEAFLETS)
def test_a_leaflet_reads_easily(run, name):
    d = json.loads(run("leaflet", *name.split(), "--json").stdout)
    ent = d["entity"]
    text = " ".join(f["text"] for key in ("about", "signs", "action", "care")
                    for f in ent["sections"].get(key, {}).get("facts", []))
    assert flesch(text) >= 60, (name, round(flesch(text), 1))
    assert all(f["sources"] for s in ent["sections"].values() for f in s["facts"])


def test_flesch_matches_published_worked_examples():
    # a plain sentence scores high, a dense clinical one low: the formula is the published one
    assert flesch("The cat sat on the mat.") > 100
    assert flesch("Hypercalcaemia of malignancy necessitates intravenous bisphosphonate administration.") < 0


def test_the_contact_goes_under_what_to_do_and_the_text_wraps(run):
    r = run("leaflet", "mscc", "--contact", "Acute oncology line 0161 000 0000 (24 hours)", "--width", "60")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert all(len(ln) <= 60 for ln in lines if " " in ln.strip())  # only a web address can be longer
    what = lines.index("What to do")
    call = next(i for i, ln in enumerate(lines) if ln.startswith("Call: Acute oncology line 0161 000 0000"))
    nxt = next(i for i, ln in enumerate(lines) if i > what and ln in ("Looking after yourself",
                                                                        "Where this information comes from"))
    assert what < call < nxt
    assert not any(re.search(r"\[\d+,$", ln) for ln in lines)  # a citation mark never breaks
    blank = run("leaflet", "mscc").stdout
    assert "Your care team's phone number: ____" in blank


def test_markdown_format(run):
    r = run("leaflet", "bone", "medicine", "--format", "markdown")
    assert r.exit_code == 0 and r.stdout.startswith("# ") and "\n## What to do\n" in r.stdout


def test_hostile_contact_is_refused_or_made_inert(run):
    r = run("leaflet", "mscc", "--contact", "call \x1b[31mnow")
    assert r.exit_code == 2
    r = run("leaflet", "mscc", "--contact", "x" * 201)
    assert r.exit_code == 2
