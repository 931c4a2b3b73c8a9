"""A score lives in one file: `bonemets validate` checks its table (exact path:line:col lines) and an
institution's own score works through --data, marked as local."""
import json

import pytest
from typer.testing import CliRunner

LOCAL = """\
id: local-score
kind: score
name: "Local test score"
summary: "A locally validated score, for testing."
sources: [nice-cg75]
locator: "local validation report"
reviewed: "2026-11-25"
purpose:
  - text: "Tests local scores."
    sources: [nice-cg75]
    locator: "local validation report"
table:
  engine: points
  verification: "S"
  sources: [nice-cg75]
  locator: "local table"
  formula: "total = a + b; range 0-4"
  items:
    - key: a
      label: "Item A"
      choices:
        - {word: "yes", points: 2, meaning: "present"}
        - {word: "no", points: 0, meaning: "absent"}
    - key: b
      label: "Item B"
      choices:
        - {word: high, points: 2, meaning: "high"}
        - {word: low, points: 0, meaning: "low"}
  bands:
    - {word: low, from: 0, to: 1, meaning: "0-1: low"}
    - {word: high, from: 2, to: 4, meaning: "2-4: high"}
"""

ITEM_KEYS = "key, label, help, choices, number, spans, default, names, other, derive, concept, optional"


def score_file(tmp_path, old="", new="", name="local-score.yaml"):
    d = tmp_path / "local"
    d.mkdir(exist_ok=True)
    text = LOCAL.replace(old, new, 1) if old else LOCAL
    assert text != LOCAL or not old
    (d / name).write_text(text)
    return d / name


def test_a_valid_local_score_validates(run, tmp_path):
    path = score_file(tmp_path)
    r = run("validate", path)
    assert r.exit_code == 0 and r.stdout == "ok: 1 files, 1 entities checked\n", r.stderr


@pytest.mark.parametrize("old,new,line", [
    # a gap: total 2 in no band
    ("{word: high, from: 2, to: 4", "{word: high, from: 3, to: 4",
     "31:26: table: bands: gap between 'low' (up to 1) and 'high' (from 3): total 2 is in no band"),
    # an overlap
    ("{word: high, from: 2, to: 4", "{word: high, from: 1, to: 4",
     "31:26: table: bands: 'high' (from 1) overlaps 'low' (up to 1)"),
    # bands not covering every possible total (0-4)
    ("{word: high, from: 2, to: 4", "{word: high, from: 2, to: 3",
     "31:33: table: bands: the last band ends at 3 but the highest possible total is 4"),
    ("{word: low, from: 0, to: 1", "{word: low, from: 1, to: 1",
     "30:25: table: bands: the first band starts at 1 but the lowest possible total is 0"),
    # an unknown key in an item
    ('      label: "Item B"\n', '      label: "Item B"\n      weight: 2\n',
     f"26:7: table: item: unknown key 'weight' (allowed: {ITEM_KEYS})"),
    # points that are not whole numbers
    ("{word: high, points: 2,", "{word: high, points: 1.5,",
     "27:32: table: choice points: expected a whole number"),
    # the same item twice
    ("    - key: b\n", "    - key: a\n", "24:12: table: item key 'a' is used twice"),
    # a choice without points
    ('{word: "no", points: 0, meaning: "absent"}', '{word: "no", meaning: "absent"}',
     "23:11: table: item 'a': choice 'no' needs points"),
    # an unknown engine
    ("engine: points", "engine: abacus",
     "13:11: table: engine 'abacus' is not one of points, grade, calcium, creatinine-clearance"),
    # no table at all
    ("table:\n", "tablet:\n", "1:1: score: missing required key 'table'"),
])
def test_broken_score_tables_are_reported_at_their_position(run, tmp_path, old, new, line):
    path = score_file(tmp_path, old, new)
    r = run("validate", path)
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.splitlines()[0].startswith(f"{path}:{line}"), r.stderr


def test_an_unknown_source_in_a_table_is_reported(run, tmp_path):
    path = score_file(tmp_path, "  sources: [nice-cg75]\n  locator: \"local table\"",
                      "  sources: [nice-cg75, nowhere-2024]\n  locator: \"local table\"")
    r = run("validate", path)
    assert r.exit_code == 1
    assert f"{path}:15:24: source id 'nowhere-2024' is not in any sources.yaml" in r.stderr


GRADE = """\
id: local-grade
kind: score
name: "Local grade"
summary: "A local grade, for testing."
sources: [nice-cg75]
locator: "local"
reviewed: "2026-11-25"
purpose:
  - {text: "Tests grades.", sources: [nice-cg75], locator: "local"}
table:
  engine: grade
  verification: "U"
  sources: [nice-cg75]
  locator: "local"
  formula: "the grade"
  items:
    - key: grade
      label: "Grade"
      choices:
        - {word: "1", band: mild, meaning: "one"}
        - {word: "2", band: severe, meaning: "two"}
  bands:
    - {word: mild, meaning: "grade 1"}
"""


def test_a_grade_choice_naming_an_unknown_band_is_reported(run, tmp_path):
    p = tmp_path / "g.yaml"
    p.write_text(GRADE)
    r = run("validate", p)
    assert r.exit_code == 1 and f"{p}:21:29: table: choice '2': unknown band 'severe'" in r.stderr


def test_a_derive_rule_naming_an_unknown_value_is_reported(run, tmp_path):
    text = LOCAL.replace('        - {word: "no", points: 0, meaning: "absent"}\n',
                         '        - {word: "no", points: 0, meaning: "absent"}\n'
                         '      derive:\n        rules: [{choice: "yes", any: [{value: crp, from: 1}]}]\n'
                         '        otherwise: "no"\n')
    p = tmp_path / "d.yaml"
    p.write_text(text)
    r = run("validate", p)
    assert r.exit_code == 1 and f"{p}:25:47: table: derive: unknown value 'crp' (the table has no values)" in r.stderr


def invoke(argv, env):
    from bonemets.cli.build import make_app

    return CliRunner(env=env).invoke(make_app(argv), argv, catch_exceptions=False)


def test_a_local_score_works_through_data_and_is_marked_local(run, tmp_path):
    path = score_file(tmp_path)
    argv = ["score", "local-score", "--a", "yes", "--b", "low", "--data", str(path.parent)]
    r = invoke(argv + ["--json"], run.env)
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["score"] == "local-score" and d["local"] is True and d["total"] == 2 and d["band"] == "high"
    r = invoke(argv + ["--plain"], run.env)
    assert f"LOCAL SCORE from {path}" in r.stdout
    r = invoke(["score", "local-score", "--help", "--data", str(path.parent)], run.env)
    assert r.exit_code == 0 and "bonemets score local-score" in r.stdout and "LOCAL SCORE" in r.stdout
    assert run("score", "mirels", "--help").exit_code == 0  # the shipped app is not changed by it
    r = invoke(["score", "local-score", "--a", "yes", "--b", "low"], run.env)  # not without --data
    assert r.exit_code == 1 and "no score entry named 'local-score'" in r.stderr  # an unknown name, as for entries


def test_a_local_score_refuses_bad_input_like_a_shipped_one(run, tmp_path):
    path = score_file(tmp_path)
    r = invoke(["score", "local-score", "--a", "perhaps", "--b", "low", "--data", str(path.parent)], run.env)
    assert r.exit_code == 2 and "'yes', 'no'" in r.stderr


def test_any_item_key_makes_a_working_option(run, tmp_path):
    path = score_file(tmp_path, "    - key: a\n", "    - key: for\n")
    path.write_text(path.read_text().replace("    - key: b\n", "    - key: s\n"))
    r = invoke(["score", "local-score", "--for", "yes", "--s", "high", "--data", str(path.parent), "--json"], run.env)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["total"] == 4


def test_a_local_score_can_join_the_prognosis_panel(run, tmp_path):
    path = score_file(tmp_path, '  formula: "total = a + b; range 0-4"\n',
                      '  formula: "total = a + b; range 0-4"\n  panel: {name: prognosis, prefix: ours}\n')
    argv = ["prognosis", "--ours-a", "yes", "--ours-b", "low", "--data", str(path.parent), "--json"]
    r = invoke(argv, run.env)
    assert r.exit_code == 0, r.output
    local = next(s for s in json.loads(r.stdout)["scores"] if s["score"] == "local-score")
    assert local["result"]["local"] is True and local["result"]["band"] == "high"


def test_an_unverified_table_says_so_with_every_result(run, tmp_path):
    path = score_file(tmp_path, 'verification: "S"', 'verification: "U"')
    r = invoke(["score", "local-score", "--a", "no", "--b", "low", "--data", str(path.parent), "--plain"], run.env)
    assert r.exit_code == 0 and "verification: U: UNVERIFIED: not checked against any source" in r.stdout
