"""The symptom checklist (NICE NG234 triage, signs in plain words, cancer-specific lists) and full-text search."""
import pytest

from bonemets.knowledge import schema

# NICE NG234 (and CG75 before it): in a person with cancer, these are an oncological emergency.
NG234_EMERGENCIES = {"spinal-cord-compression", "numbness-weakness", "mobility-problems", "radicular-pain",
                     "cauda-equina-syndrome", "bladder-bowel-problems"}


def entities(d):
    return [e for g in d["groups"] for e in g["entities"]]


def test_symptoms_checklist_has_every_symptom_with_signs_urgency_and_action(run, kb):
    d = run.json("symptoms")
    items = entities(d)
    assert {x["id"] for x in items} == {e["id"] for e in kb.of_kind("symptom")}
    for x in items:
        assert x["urgency"] in schema.URGENCY and x["urgency_meaning"]
        assert x["sections"]["action"]["facts"] and x["sections"]["signs"]["facts"], x["id"]


def test_ng234_emergencies_are_emergencies_and_red_flags(run, kb):
    by_id = {e["id"]: e for e in entities(run.json("symptoms"))}
    for sid in NG234_EMERGENCIES:
        assert by_id[sid]["urgency"] == "emergency" and by_id[sid]["red_flag"], sid
    assert by_id["mobility-problems"]["group"] == "neurological"
    # every red flag states its urgency and an action
    for e in by_id.values():
        if e["red_flag"]:
            assert e["urgency"] in ("emergency", "urgent") and e["sections"]["action"]["facts"]
    # no invented "sudden": NG234 makes any weakness or walking difficulty an emergency
    text = " ".join(f["text"] for e in by_id.values() for s in e["sections"].values() for f in s["facts"])
    assert "sudden" not in text.casefold()


def test_spinal_pain_without_neurology_is_24_hours(run):
    d = run.json("symptom", "back", "pain")["entity"]
    assert d["urgency"] == "urgent"
    actions = " ".join(f["text"] for f in d["sections"]["action"]["facts"])
    assert "24 hours" in actions


def test_hypercalcaemia_has_an_emergency_tier_in_both_units_with_its_convention(run):
    d = run.json("symptom", "hypercalcaemia")["entity"]
    assert d["urgency"] == "emergency" and d["red_flag"]
    text = " ".join(f["text"] for s in d["sections"].values() for f in s["facts"])
    for threshold in ("14 mg/dL", "3.5 mmol/L", "3.40 mmol/L"):
        assert threshold in text, threshold
    assert "NHS CKS" in text and ("US" in text or "StatPearls" in text)
    signs = d["sections"]["signs"]["facts"]
    assert {f.get("urgency") for f in signs} >= {"emergency", "urgent"}  # confusion vs thirst


def test_red_flags_most_urgent_first(run):
    items = entities(run.json("symptoms", "--red-flags"))
    ids = [x["id"] for x in items]
    assert NG234_EMERGENCIES | {"hypercalcaemia"} <= set(ids)
    assert all(x["red_flag"] for x in items)
    ranks = [schema.URGENCY.index(x["urgency"]) for x in items]
    assert ranks == sorted(ranks)
    r = run("symptoms", "--red-flags")
    assert r.exit_code == 0 and "symptom: Bone pain" not in r.stdout


def test_symptoms_for_a_cancer_differ_and_never_hide_a_red_flag(run, kb):
    lists = {}
    for cancer in ("prostate", "myeloma"):
        d = run.json("symptoms", "--cancer", cancer)
        tied, general = d["groups"]
        c = kb.find(cancer, "cancer")
        expect = {s["id"] for s in kb.of_kind("symptom") if s["id"] in c.get("symptoms", [])
                  or cancer in s.get("cancers", [])}
        assert {x["id"] for x in tied["entities"]} == expect
        shown = {x["id"] for x in tied["entities"] + general["entities"]}
        assert NG234_EMERGENCIES <= shown, "an emergency is never filtered out"
        lists[cancer] = {x["id"] for x in tied["entities"]}
    assert lists["prostate"] != lists["myeloma"]
    assert "hypercalcaemia" in lists["myeloma"]
    r = run("symptoms", "--cancer", "prostrate")
    assert r.exit_code == 1 and "prostate" in r.stderr


def test_the_checklist_asks_about_signs_not_diagnoses(run):
    out = run("symptoms").stdout
    assert "signs to ask about: " in out


# --- search ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query,top", [
    ("fracture", "pathological-fracture"), ("fractures", "pathological-fracture"),
    ("denosumab", "denosumab"), ("denosumub", "denosumab"), ("Xgeva", "denosumab"),
    ("zoledronic acid", "zoledronic-acid"), ("Zometa", "zoledronic-acid"),
    ("spinal cord compression", "spinal-cord-compression"), ("MSCC", "spinal-cord-compression"),
    ("prostrate", "prostate"), ("hypercalcemia", "hypercalcaemia"), ("kyphoplasty", "vertebroplasty"),
    ("vicious cycle", "vicious-cycle"), ("RANKL", "rank-rankl-opg"), ("mirels", "mirels"),
    ("bone scan", "bone-scan"), ("cauda equina", "cauda-equina-syndrome"),
])
def test_search_ranks_realistic_queries(run, query, top):
    d = run.json("search", *query.split())
    assert d["results"][0]["entity"]["id"] == top, [r["entity"]["id"] for r in d["results"][:5]]


@pytest.mark.parametrize("query,expect", [
    ("ONJ", {"denosumab", "zoledronic-acid"}), ("opioids", {"pain-relief"}), ("estrogen", {"hormone-therapy"}),
    ("Karnofsky", {"tokuhashi"}), ("tumor", {"vicious-cycle"}),
])
def test_search_understands_the_clinicians_vocabulary(run, query, expect):
    ids = {r["entity"]["id"] for r in run.json("search", query)["results"]}
    assert expect <= ids, ids


def test_us_and_uk_spellings_find_the_same(run):
    a = [r["entity"]["id"] for r in run.json("search", "tumor")["results"]]
    b = [r["entity"]["id"] for r in run.json("search", "tumour")["results"]]
    assert a == b and len(a) >= 10


def test_a_typo_is_corrected_and_said(run):
    d = run.json("search", "denosumub")
    assert d["corrections"] == [{"typed": "denosumub", "used": "denosumab"}]
    r = run("search", "denosumub")
    assert "note: Searched for 'denosumab' instead of 'denosumub'" in r.stdout


def test_search_points_to_the_command(run):
    d = run.json("search", "fracture")
    first = d["results"][0]
    assert first["command"] == "bonemets symptom pathological-fracture" and first["rank"] == 1
    assert all("fractur" in h["snippet"].lower() or h["field"] in ("name", "alias") for h in d["results"][:5])
    assert "score" not in first  # "score" means a bedside score, never a search rank
    r = run("search", "fracture")
    assert "open with: bonemets symptom pathological-fracture" in r.stdout


def test_search_nothing_found_exits_1(run):
    r = run("search", "zzzqqq")
    assert r.exit_code == 1 and r.stdout == "" and "nothing matches" in r.stderr


def test_search_needs_words(run):
    assert run("search", "---").exit_code == 2
