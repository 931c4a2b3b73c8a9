"""One JSON contract (bonemets/json-schema.json), checked against the output of every command."""
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "bonemets" / "json-schema.json").read_text())

COMMANDS = [
    ["cancer", "prostate"], ["lesion", "lytic"], ["symptom", "hypercalcaemia"], ["therapy", "denosumab"],
    ["therapy", "bisphosphonates"], ["diagnostic", "bone-scan"], ["topic", "vicious-cycle"],
    ["list"], ["list", "scores"], ["compare", "lytic", "blastic"], ["compare", "breast", "prostate", "lung"],
    ["symptoms"], ["symptoms", "--red-flags"], ["symptoms", "--cancer", "myeloma"],
    ["symptoms", "--check", "--present", "back-pain,bone-pain"], ["search", "fracture"], ["search", "denosumub"],
    ["sources"], ["sources", "coleman-2006"],
    ["score", "mirels", "--site", "lower-limb", "--pain", "functional", "--lesion", "lytic", "--size", "under-third"],
    ["score", "calcium", "--calcium", "11.2", "--albumin", "3.0"],
    ["pathway", "mscc"], ["pathway"], ["leaflet", "mscc"], ["leaflet"], ["score", "sins", "--table"],
    ["score", "calcium", "--table"], ["score", "ecog", "--table"],
    ["search", "which", "cancers", "cause", "osteoblastic", "lesions"], ["search", "8", "Gy"],
]


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_every_command_follows_the_contract(run, args):
    r = run(*args, "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message[:200]}" for e in errors[:5]]
    assert data["schema_version"] == 1


def test_validate_json_reports_problems_as_objects(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nkind: cancer\n")
    r = run("validate", bad, "--json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert not list(Draft202012Validator(SCHEMA).iter_errors(data))
    assert data["problems"][0] == {"path": str(bad), "line": 1, "col": 1,
                                   "message": "cancer: missing required key 'name'", "severity": "error"}


def test_the_same_entity_is_the_same_object_everywhere(run):
    alone = run.json("symptom", "hypercalcaemia")["entity"]
    in_list = next(e for g in run.json("symptoms")["groups"] for e in g["entities"] if e["id"] == "hypercalcaemia")
    in_search = next(r["entity"] for r in run.json("search", "hypercalcaemia")["results"]
                     if r["entity"]["id"] == "hypercalcaemia")
    assert alone == in_list == in_search
    a = run.json("cancer", "breast")["entity"]
    b = run.json("compare", "breast", "prostate")["entities"][0]
    assert a == b
