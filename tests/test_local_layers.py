"""Local fact files never change clinical meaning unseen and never break the shipped answers.

Each family of the red-team report, run against the installed executable with a timeout (the `bm`
fixture), then a property test that lays generated local layers over the shipped data and checks that
every shipped red flag and urgency survives, every override is marked and every shipped name still
opens the entry it opens without local data.
"""
import copy
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from ptyrun import run_in_pty

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
RANK = {"emergency": 0, "urgent": 1, "prompt": 2, "routine": 3}


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity, which are not JSON."""
    def bad(word):
        raise AssertionError(f"{word} in JSON output")
    return json.loads(text, parse_constant=bad)


def local(tmp_path, files: dict) -> Path:
    d = tmp_path / "local"
    for rel, text in files.items():
        p = d / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return d


def shipped(rel: str) -> str:
    return (DATA / rel).read_text(encoding="utf-8")


# --- an entry of another kind under a shipped id ------------------------------------------------------

TOPIC_SCC = """id: spinal-cord-compression
kind: topic
name: "Spinal cord compression"
summary: "A local topic that takes the id of the shipped red flag."
sources: [seed-003-advocacy-page]
reviewed: "2026-12-01"
overview:
  - text: "Nothing urgent."
    sources: [seed-003-advocacy-page]
"""


def test_a_local_entry_of_another_kind_cannot_take_a_shipped_id(bm, tmp_path):
    d = local(tmp_path, {"topics/scc.yaml": TOPIC_SCC})
    for fmt in ("--json", "--plain"):
        code, out, err = bm("symptoms", "--red-flags", fmt, "--data", d)
        assert code == 0
        assert "may override an entry only with one of the same kind" in err
        if fmt == "--json":
            ids = [e["id"] for g in strict_json(out)["groups"] for e in g["entities"]]
            assert "spinal-cord-compression" in ids
        else:
            assert "symptom: RED FLAG Spinal cord compression" in out
    code, out, err = bm("symptom", "spinal-cord-compression", "--json", "--data", d)
    assert code == 0 and strict_json(out)["entity"]["urgency"] == "emergency"
    code, out, err = bm("validate", d)
    assert code == 1 and re.search(r"scc\.yaml:1:5: id 'spinal-cord-compression' is the shipped symptom entry", err)


# --- an override that changes a dose ------------------------------------------------------------------


def test_a_changed_dose_is_marked_in_stdout_next_to_it(bm, tmp_path):
    d = local(tmp_path, {"therapies/zoledronic-acid.yaml": shipped("therapies/zoledronic-acid.yaml").replace("4 mg", "8 mg")})
    code, out, err = bm("therapy", "zoledronic", "acid", "--plain", "--data", d)
    assert code == 0
    changed = [ln for ln in out.splitlines() if "8 mg" in ln]
    assert changed and all(": LOCAL: " in ln for ln in changed), changed
    assert "local data: LOCAL OVERRIDE from " in out.splitlines()[4]  # the first line of the key facts
    code, out, err = bm("therapy", "zoledronic-acid", "--json", "--data", d)
    ent = strict_json(out)["entity"]
    facts = [f for s in ent["sections"].values() for f in s["facts"]]
    assert all(f.get("local") == "changed" for f in facts if "8 mg" in f["text"])
    assert all("local" not in f for f in facts if "8 mg" not in f["text"] and "4 mg" not in f["text"])
    assert ent["local"] and ent["overrides"] == "data/therapies/zoledronic-acid.yaml"
    code, out, _ = run_in_pty(["therapy", "zoledronic-acid", "--data", d], cols=80, executable=str(bm.exe))
    assert "LOCAL OVERRIDE" in out and re.search(r"LOCAL: \S*\s*Bone metastases and myeloma: 8 mg", re.sub(r"\x1b\[[0-9;]*m", "", out))
    code, out, err = bm("validate", d)
    assert code == 0 and "warning: overrides the shipped therapy entry 'zoledronic-acid'" in err


def test_an_override_that_drops_signs_keeps_them(bm, tmp_path):
    text = shipped("symptoms/spinal-cord-compression.yaml")
    ent = yaml.safe_load(text)
    ent["signs"] = ent["signs"][:1]
    d = local(tmp_path, {"symptoms/spinal-cord-compression.yaml": yaml.safe_dump(ent, allow_unicode=True, sort_keys=False)})
    code, out, err = bm("symptom", "spinal-cord-compression", "--json", "--data", d)
    got = strict_json(out)["entity"]
    assert len(got["sections"]["signs"]["facts"]) == len(yaml.safe_load(text)["signs"])
    assert got["local_changes"]["kept_signs"] == len(yaml.safe_load(text)["signs"]) - 1


# --- local evidence is never shown as checked -----------------------------------------------------------


def test_a_local_quote_is_marked_not_checked(bm, tmp_path):
    text = shipped("cancers/lung.yaml").replace("id: lung", "id: lung-local", 1)
    text = re.sub(r'^name: .*$', 'name: "Our lung cancer notes"', text, count=1, flags=re.M)
    text = re.sub(r'^aliases: .*$', 'aliases: []', text, count=1, flags=re.M)
    d = local(tmp_path, {"cancers/lung-local.yaml": text})
    code, out, err = bm("cancer", "lung-local", "--evidence", "--plain", "--data", d)
    assert code == 0
    ev = [ln for ln in out.splitlines() if ln.lstrip().startswith("evidence:")]
    assert ev and all("not checked" in ln for ln in ev)
    code, out, err = bm("cancer", "lung", "--evidence", "--plain")
    assert "local file: not checked" not in out  # shipped evidence is checked by the tests


# --- numbers are bounded before they are converted ---------------------------------------------------------


def _score_with(tmp_path, old: str, new: str) -> Path:
    text = shipped("scores/tomita.yaml").replace("id: tomita", "id: tomita-local", 1)
    text = re.sub(r'^aliases: .*$', 'aliases: []', text, count=1, flags=re.M)
    text = re.sub(r'^name: "', 'name: "Local ', text, count=1, flags=re.M)
    assert old in text
    return local(tmp_path, {"scores/tomita-local.yaml": text.replace(old, new, 1)})


@pytest.mark.parametrize("old,new", [("points: 1", "points: " + "9" * 5000), ("to: 3", "to: " + "9" * 400)])
def test_a_huge_number_in_a_local_score_is_one_clear_problem(bm, tmp_path, old, new):
    d = _score_with(tmp_path, old, new)
    code, out, err = bm("cancer", "prostate", "--data", d)
    assert code == 0 and "Prostate cancer" in out
    assert re.search(r"skipped .*tomita-local\.yaml:\d+:\d+: table: .*at most 12 digits", err), err
    code, out, err = bm("score", "tomita", "--growth", "slow", "--visceral", "none", "--bone", "solitary", "--json",
                        "--data", d)
    assert code == 0 and strict_json(out)["total"] == 2
    code, out, err = bm("validate", d)
    assert code == 1 and re.search(r"tomita-local\.yaml:\d+:\d+: table: .* 12 digits", err)


def test_a_huge_dose_never_becomes_infinity(bm, tmp_path):
    text = shipped("scores/zoledronic-dose.yaml")
    m = re.search(r"dose_mg: ([0-9.]+)", text)
    assert m, "the shipped table carries dose_mg"
    text = text.replace("id: zoledronic-dose", "id: zol-local", 1).replace(m.group(0), "dose_mg: " + "9" * 400, 1)
    text = re.sub(r'^aliases: .*$', 'aliases: []', text, count=1, flags=re.M)
    text = re.sub(r'^name: "', 'name: "Local ', text, count=1, flags=re.M)
    d = local(tmp_path, {"scores/zol-local.yaml": text})
    code, out, err = bm("validate", d)
    assert code == 1 and "12 digits" in err
    code, out, err = bm("list", "scores", "--json", "--data", d)
    assert code == 0 and "zol-local" not in out
    strict_json(out)


@pytest.mark.parametrize("option", ["--calcium", "--albumin"])
def test_a_huge_typed_number_is_a_usage_error(bm, option):
    args = {"--calcium": "10", "--albumin": "3.5"}
    args[option] = "9" * 5000
    code, out, err = bm("score", "calcium", *[x for kv in args.items() for x in kv])
    assert code == 2 and "is not a measurement" in err and len(err) < 400


@pytest.mark.parametrize("var", ["COLUMNS", "LINES"])
def test_huge_terminal_sizes_are_clamped(bm, var):
    code, out, err = run_in_pty(["cancer", "prostate", "--no-pager"], cols=80, executable=str(bm.exe),
                                env={var: "9" * 5000})
    assert code == 0 and "Traceback" not in out + err and "Prostate cancer" in out


# --- a pager that fails -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("pager,how", [("false", "exited with status 1"), ("sh -c 'kill -9 $$'", "was stopped by signal 9"),
                                       ("less --no-such-option", "exited with status")])
def test_a_failing_pager_falls_back_to_printing(bm, pager, how):
    code, out, err = run_in_pty(["cancer", "prostate", "--pager"], cols=80, rows=20, executable=str(bm.exe),
                                env={"BONEMETS_PAGER": pager})
    assert code == 0 and "Prostate cancer" in out and "References" in out
    assert how in err and "the page follows without it" in err
    assert out.count("Prostate cancer — primary cancer") == 1  # printed once, not twice


# --- the property: generated local layers over the shipped data ------------------------------------------------


def _shipped_state(kb):
    red = {s["id"]: s["urgency"] for s in kb.symptoms(red_flags=True)}
    urg = {s["id"]: s["urgency"] for s in kb.of_kind("symptom")}
    names = {(key, kind): ent_id for key, ent_id, kind, how in kb.all_names() if not how.startswith("local-")}
    return red, urg, names


def test_local_layers_never_lower_a_red_flag_nor_move_a_name(tmp_path_factory, monkeypatch):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from bonemets.knowledge.base import KnowledgeBase

    monkeypatch.setenv("BONEMETS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    base = KnowledgeBase.load(use_env=False)
    red, urg, names = _shipped_state(base)
    sorted(urg)
    all_ids = sorted(h.id for h in base.heads())
    name_words = sorted({key for key, _kind in names})
    kinds = ["cancer", "lesion", "symptom", "therapy", "diagnostic", "topic"]

    def entity(ent_id, kind, urgency, red_flag, aliases, n_signs):
        ent = {"id": ent_id, "kind": kind, "name": f"Local {ent_id}", "aliases": aliases,
               "summary": "A generated local entry.", "sources": ["seed-003-advocacy-page"], "reviewed": "2026-12-01"}
        fact = [{"text": "Generated.", "sources": ["seed-003-advocacy-page"]}]
        req = {"cancer": ("incidence", "lesion_type"), "lesion": ("process",), "symptom": ("meaning", "action"),
               "therapy": ("mechanism",), "diagnostic": ("purpose",), "topic": ("overview",)}[kind]
        for r in req:
            ent[r] = copy.deepcopy(fact)  # no shared objects: safe_dump would write YAML aliases
        if kind == "symptom":
            ent.update(urgency=urgency, group="general", red_flag=red_flag)
            if n_signs:
                ent["signs"] = [{"text": f"Sign {i}", "sources": ["seed-003-advocacy-page"]} for i in range(n_signs)]
        return ent

    one = st.builds(entity, st.sampled_from(all_ids + ["local-new-entry"]), st.sampled_from(kinds),
                    st.sampled_from(list(RANK)), st.booleans(),
                    st.lists(st.sampled_from(name_words), max_size=3, unique=True), st.integers(0, 2))
    counter = {"n": 0}

    @settings(max_examples=int(os.environ.get("BONEMETS_FUZZ_EXAMPLES", "2500")) // 25 or 20, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(one, min_size=1, max_size=4, unique_by=lambda e: e["id"]))
    def check(ents):
        counter["n"] += 1
        d = tmp_path_factory.mktemp(f"layer{counter['n']}")
        for i, e in enumerate(ents):
            (d / f"e{i}.yaml").write_text(yaml.safe_dump(e, sort_keys=False), encoding="utf-8")
        kb = KnowledgeBase.load([d], use_env=False)
        now_red = {s["id"]: s for s in kb.symptoms(red_flags=True)}
        for sid, u in red.items():  # every shipped red flag survives at its urgency or above
            assert sid in now_red and RANK[now_red[sid]["urgency"]] <= RANK[u], (sid, ents)
        for sid, u in urg.items():
            s = kb.entities[sid]
            assert s["kind"] == "symptom" and RANK[s["urgency"]] <= RANK[u]
        rows = {}
        for key, ent_id, kind, _how in kb.all_names():
            rows.setdefault((key, kind), ent_id)
        for nk, ent_id in names.items():  # every shipped name opens what it opened
            assert rows.get(nk) == ent_id, (nk, ent_id, rows.get(nk), ents)
        for e in ents:  # every override is marked
            got = kb.entities.get(e["id"])
            if e["id"] in all_ids:
                assert got is not None, (e["id"], kb.warnings)
                if got["kind"] == e["kind"]:
                    assert got.get("_local") and got.get("_overrides"), (e["id"], kb.warnings)
                else:
                    assert not got.get("_local")  # refused: the shipped entry answers

    check()
