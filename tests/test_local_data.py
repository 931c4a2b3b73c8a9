"""Institutions' own fact files: --data and BONEMETS_DATA, overrides said aloud, broken files never fatal."""
import os
import textwrap

from samples import cancer


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def test_data_dir_adds_an_entity(run, tmp_path):
    write(tmp_path / "local" / "uveal.yaml", cancer("uveal-melanoma", "Uveal melanoma"))
    r = run("cancer", "uveal-melanoma", "--data", tmp_path / "local")
    assert r.exit_code == 0, r.stderr
    assert "Local incidence statement." in r.stdout and "Last reviewed: 2026-10-01" in r.stdout
    assert run("cancer", "uveal-melanoma").exit_code == 1  # not without --data


def test_env_var_with_several_paths(run, tmp_path):
    a = write(tmp_path / "a" / "x.yaml", cancer("uveal-melanoma", "Uveal melanoma")).parent
    b = write(tmp_path / "b" / "y.yaml", cancer("penile", "Penile cancer")).parent
    env = {"BONEMETS_DATA": os.pathsep.join([str(a), str(b)])}
    assert run("cancer", "uveal-melanoma", env=env).exit_code == 0
    assert run("cancer", "penile", env=env).exit_code == 0


def test_override_of_a_shipped_id_is_said(run, tmp_path):
    local = write(tmp_path / "local" / "prostate.yaml", cancer("prostate", "Prostate (ours)"))
    r = run("cancer", "prostate", "--data", local.parent)
    assert r.exit_code == 0
    assert "Prostate (ours)" in r.stdout
    notice = [line for line in r.stderr.splitlines() if "overrides" in line]
    assert notice == [f"bonemets: notice: local file {local} overrides the entry 'prostate' of "
                      "data/cancers/prostate.yaml"]
    d = run.json("cancer", "prostate", "--data", local.parent)
    assert d["entity"]["overrides"] == "data/cancers/prostate.yaml" and d["entity"]["local"]


def test_an_override_notice_goes_with_every_page_that_shows_the_entry_and_no_other(run, tmp_path):
    local = write(tmp_path / "local" / "prostate.yaml", cancer("prostate", "Prostate (ours)")).parent
    said = "overrides the entry 'prostate'"
    for args in (["list", "cancers"], ["compare", "prostate", "breast"], ["search", "prostate"]):
        r = run(*args, "--data", local)
        assert r.exit_code == 0 and said in r.stderr, args
    for args in (["cancer", "breast"], ["lesion", "osteolytic"]):
        r = run(*args, "--data", local, "--json")
        assert r.exit_code == 0 and said not in r.stderr, args


def test_broken_local_file_warns_and_shipped_knowledge_still_answers(run, tmp_path):
    write(tmp_path / "local" / "broken.yaml", "id: broken\nkind: [\n")
    r = run("cancer", "prostate", "--data", tmp_path / "local")
    assert r.exit_code == 0
    assert "Prostate cancer — primary cancer" in r.stdout and "reaches bone: " in r.stdout
    warning = [line for line in r.stderr.splitlines() if "broken.yaml" in line]
    assert len(warning) == 1
    assert f"{tmp_path / 'local' / 'broken.yaml'}:3:1:" in warning[0]
    assert "bonemets validate" in warning[0]


def test_missing_data_dir_warns(run, tmp_path):
    r = run("list", "--data", tmp_path / "nowhere")
    assert r.exit_code == 0 and f"warning: data path '{tmp_path / 'nowhere'}': no such file or directory; ignored" in r.stderr


def test_validate_a_local_dir_against_shipped_knowledge(run, tmp_path):
    good = write(tmp_path / "local" / "m.yaml", cancer("melanoma", "Melanoma"))
    r = run("validate", good.parent)
    assert r.exit_code == 0 and r.stdout.startswith("ok: 1 files, 1 entities")
