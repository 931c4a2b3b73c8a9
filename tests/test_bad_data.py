"""`bonemets validate`: one small file per failure kind in tests/bad_data/, each with its exact message."""
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ALLOWED = ("id, kind, name, summary, sources, reviewed, aliases, quote, locator, incidence, lesion_type, sites, clinical, markers, "
           "treatment, survival, unique, lesions, symptoms, therapies, diagnostics")
EXPECTED = {
    "syntax-error.yaml": "11:1: YAML syntax error: did not find expected ',' or ']'",
    "unknown-key.yaml": f"13:1: cancer: unknown key 'prognosis' (allowed: {ALLOWED})",
    "missing-field.yaml": "1:1: cancer: missing required key 'summary'",
    "wrong-type.yaml": "13:10: aliases: expected a list, e.g. [a, b]",
    "duplicate-key.yaml": "13:1: cancer: duplicate key 'name' (first at line 3)",
    "bad-ref.yaml": "13:23: lesions: no lesion with id 'osteoporotic'",
    "bad-source.yaml": "12:39: source id 'smith-1999' is not in any sources.yaml",
    "truthy.yaml": "3:7: name: unquoted 'no' is read as a boolean (YAML 1.1); put it in quotes",
    "sexagesimal.yaml": "11:11: lesion_type: text: unquoted '1:30' is read as a sexagesimal number (YAML 1.1); "
                        "put it in quotes",
    "unquoted-date.yaml": "6:11: reviewed: unquoted date '2026-11-24' is read as a date object; put it in quotes",
    "anchor.yaml": "10:14: anchors (&facts) are not allowed in fact files",
    "alias.yaml": "10:14: aliases (*name) are not allowed in fact files",
    "alias-bomb.yaml": "1:4: anchors (&a) are not allowed in fact files",
    "merge-key.yaml": "11:5: merge keys (<<) are not allowed in fact files",
    "python-tag.yaml": "10:14: YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed in "
                       "fact files",
    "not-utf8.yaml": "11:15: text is not UTF-8 (byte 0xe9)",
    "control-char.yaml": "11:11: lesion_type: text: control character U+001B in text",
    "empty.yaml": "1:1: empty file: expected a mapping of fields",
    "deep-nesting.yaml": "3:19: nesting deeper than 16 levels",
    "empty-section.yaml": "10:14: lesion_type: empty list; give at least one fact or leave the section out",
}


def errors(r) -> list[str]:
    """stderr without the warnings (advice such as a missing quote in a local file)."""
    return [line for line in r.stderr.splitlines() if ": warning: " not in line]


@pytest.fixture(autouse=True)
def _in_tests_dir(monkeypatch):
    monkeypatch.chdir(HERE)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_failure_kind_reports_its_exact_position(run, name):
    r = run("validate", f"bad_data/{name}")
    assert r.exit_code == 1
    assert r.stdout == ""
    lines = errors(r)
    assert lines[0] == f"bad_data/{name}:{EXPECTED[name]}"
    assert lines[-1] == "bonemets: 1 problem(s) in 1 file(s)"


def test_every_bad_data_file_has_an_expectation():
    files = {p.name for p in (HERE / "bad_data").glob("*.yaml")}
    assert files == set(EXPECTED)


def test_duplicate_ids_across_files(run):
    r = run("validate", "bad_data/duplicate-id")
    assert r.exit_code == 1
    assert errors(r)[0] == ("bad_data/duplicate-id/b.yaml:1:5: duplicate id 'same-id' "
                                        "(also in bad_data/duplicate-id/a.yaml)")


def test_duplicate_alias_across_files(run):
    r = run("validate", "bad_data/duplicate-alias")
    assert r.exit_code == 1
    assert errors(r)[0] == ("bad_data/duplicate-alias/clash.yaml:13:11: name or alias 'NSCLC' is "
                                        "already used by 'lung' (data/cancers/lung.yaml)")


def test_every_problem_in_one_run(run):
    r = run("validate", "bad_data")
    assert r.exit_code == 1
    reported = [line for line in errors(r) if line.startswith("bad_data/")]
    assert len(reported) >= len(EXPECTED) + 2
    assert r.stderr.splitlines()[-1].startswith(f"bonemets: {len(reported)} problem(s) in ")


def test_file_over_the_size_cap(run, tmp_path):
    from bonemets.knowledge.load.yamlload import MAX_BYTES

    big = tmp_path / "big.yaml"
    big.write_text("id: big\nnote: \"" + "x" * MAX_BYTES + "\"\n")
    r = run("validate", big)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == f"{big}:1:1: file is {big.stat().st_size} bytes, over the {MAX_BYTES}-byte cap for a fact file"


def test_clean_run_counts_files_and_entities(run):
    r = run("validate")
    assert r.exit_code == 0 and r.stderr == ""
    assert r.stdout.startswith("ok: ") and "files" in r.stdout and "entities checked" in r.stdout


def test_missing_path(run, tmp_path):
    r = run("validate", tmp_path / "nope")
    assert r.exit_code == 1 and "no such file or directory" in r.stderr


def test_hostile_structures_are_refused_without_large_memory(tmp_path):
    import os
    import subprocess
    import sys

    bomb = tmp_path / "bomb.yaml"
    levels = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    levels += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(12)]
    bomb.write_text("\n".join(levels) + "\n")  # 9**13 strings if ever expanded
    deep = tmp_path / "deep.yaml"
    deep.write_text("id: deep\nx: " + "[" * 100_000 + "]" * 100_000 + "\n")
    # the child's own peak (wait4), not RUSAGE_CHILDREN: that one also counts whatever ran before pytest in the
    # same process (a shell that execs pytest after `pip install` hands it pip's peak)
    import threading

    out, errf = tmp_path / "out.txt", tmp_path / "err.txt"
    with open(out, "w") as o, open(errf, "w") as e:
        proc = subprocess.Popen([sys.executable, "-m", "bonemets", "validate", str(bomb), str(deep)], stdout=o, stderr=e,
                                env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path)})
        watchdog = threading.Timer(120, proc.kill)
        watchdog.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        watchdog.cancel()
    err = errf.read_text()
    peak_kib = usage.ru_maxrss
    assert os.waitstatus_to_exitcode(status) == 1 and "Traceback" not in err
    assert f"{bomb}:1:4: anchors (&a) are not allowed in fact files" in err
    # libyaml's own limit (1,000 levels) or ours (16) answers first; either way a positioned refusal
    assert f"{deep}:2:" in err
    assert "nesting deeper than 16 levels" in err or "exceeded maximum nesting depth" in err
    assert peak_kib < 100 * 1024  # KiB: well under 100 MiB
