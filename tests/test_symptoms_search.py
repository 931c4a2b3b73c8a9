from bonemets import schema


def test_symptoms_checklist_has_every_symptom(run, kb):
    d = run.json("symptoms")
    assert {x["id"] for x in d} == {e["id"] for e in kb.of_kind("symptom")}
    assert all(x["action"] and x["meaning"] and x["urgency"] for x in d)


def test_red_flags_only_emergencies_first_with_urgency_and_action(run):
    d = run.json("symptoms", "--red-flags")
    ids = [x["id"] for x in d]
    assert {"spinal-cord-compression", "hypercalcaemia", "pathological-fracture"} <= set(ids)
    assert all(x["red_flag"] for x in d)
    ranks = [schema.URGENCY.index(x["urgency"]) for x in d]
    assert ranks == sorted(ranks)
    assert d[0]["urgency"] == "emergency"
    for x in d:
        assert x["action"] and all(f["sources"] for f in x["action"])
        assert x["urgency_meaning"]
    r = run("symptoms", "--red-flags")
    assert r.exit_code == 0 and "bone-pain" not in r.stdout and "symptom: Bone pain" not in r.stdout


def test_symptoms_for_a_cancer(run, kb):
    d = run.json("symptoms", "--cancer", "prostate")
    prostate = kb.find("prostate", "cancer")
    assert {x["id"] for x in d} == {s["id"] for s in kb.of_kind("symptom")
                                    if s["id"] in prostate["symptoms"] or "prostate" in s.get("cancers", [])}
    assert "swelling" not in {x["id"] for x in d}
    r = run("symptoms", "--cancer", "prostrate")
    assert r.exit_code == 1 and "prostate" in r.stderr


def test_search_ranks_and_points_to_the_command(run):
    d = run.json("search", "fracture")
    assert d[0]["id"] == "pathological-fracture"
    assert d[0]["command"] == "bonemets symptom pathological-fracture"
    assert all("fractur" in h["snippet"].lower() or h["field"] in ("name", "alias", "id") for h in d[:5])
    r = run("search", "fracture")
    assert "open with: bonemets symptom pathological-fracture" in r.stdout


def test_search_finds_facts_and_scores(run):
    ids = [h["id"] for h in run.json("search", "hands", "and", "feet")]
    assert "lung" in ids[:3]
    ids = [h["id"] for h in run.json("search", "mirels")]
    assert ids[0] == "mirels"
    assert [h for h in run.json("search", "spinal", "instability") if h["id"] == "sins"][0]["command"] == \
        "bonemets score sins --help"


def test_search_nothing_found_exits_1(run):
    r = run("search", "zzzqqq")
    assert r.exit_code == 1 and r.stdout == "" and "nothing matches" in r.stderr


def test_search_needs_words(run):
    assert run("search", "---").exit_code == 2
