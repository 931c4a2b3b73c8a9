"""The SQLite index: fresh, self-healing, private, atomic, safe under concurrency; never trusted as content."""
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from samples import cancer

from bonemets.knowledge.base import KnowledgeBase, layers_for
from bonemets.knowledge.store import build as indexbuild
from bonemets.knowledge.store import index


@pytest.fixture
def cdir(tmp_path, monkeypatch):
    d = tmp_path / "cachedir"
    monkeypatch.setenv("BONEMETS_CACHE_DIR", str(d))
    monkeypatch.delenv("BONEMETS_DATA", raising=False)
    return d


def local(tmp_path, summary="First summary.", age=10):
    d = tmp_path / "local"
    d.mkdir(exist_ok=True)
    p = d / "localtestcancer.yaml"
    p.write_text(cancer(id="localtestcancer", name="Local test cancer", summary=summary))
    past = time.time() - age
    os.utime(p, (past, past))
    return d


def db_file(d=None):
    layers, _ = layers_for([str(d)] if d else [], use_env=False)
    return Path(index.index_path(layers))


def no_parsing(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("parsed a file that was indexed")

    monkeypatch.setattr("bonemets.knowledge.load.yamlload.parse_file", boom)


def test_second_load_reads_the_index_not_the_yaml(cdir, tmp_path, monkeypatch):
    d = local(tmp_path)
    KnowledgeBase.load([d], use_env=False)
    assert db_file(d).exists()
    no_parsing(monkeypatch)
    kb = KnowledgeBase.load([d], use_env=False)
    assert kb.find("localtestcancer")["summary"] == "First summary."


def test_a_lookup_decodes_only_the_entity_it_shows(cdir, tmp_path, monkeypatch):
    KnowledgeBase.load(use_env=False)
    kb = KnowledgeBase.load(use_env=False)
    import json

    decoded = []
    real = json.loads
    monkeypatch.setattr(json, "loads", lambda s, *a, **k: decoded.append(s[:40]) or real(s, *a, **k))
    kb.find("prostate", "cancer")
    bodies = [d for d in decoded if d.startswith('{"path"')]
    assert len(bodies) == 1 and "prostate" in bodies[0]


def test_changed_file_is_reread(cdir, tmp_path):
    d = local(tmp_path)
    assert KnowledgeBase.load([d], use_env=False).find("localtestcancer")["summary"] == "First summary."
    local(tmp_path, summary="Second, longer summary.", age=5)
    assert KnowledgeBase.load([d], use_env=False).find("localtestcancer")["summary"] == "Second, longer summary."


def test_same_size_new_mtime_is_reread(cdir, tmp_path):
    d = local(tmp_path, summary="AAAA")
    KnowledgeBase.load([d], use_env=False)
    local(tmp_path, summary="BBBB", age=3)
    assert KnowledgeBase.load([d], use_env=False).find("localtestcancer")["summary"] == "BBBB"


def test_an_edit_that_keeps_size_and_restores_mtime_is_seen(cdir, tmp_path):
    d = local(tmp_path, summary="AAAA")
    p = d / "localtestcancer.yaml"
    st = p.stat()
    KnowledgeBase.load([d], use_env=False)
    time.sleep(0.01)
    p.write_text(p.read_text().replace("AAAA", "BBBB"))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime: only ctime tells
    assert p.stat().st_mtime_ns == st.st_mtime_ns and p.stat().st_size == st.st_size
    assert KnowledgeBase.load([d], use_env=False).find("localtestcancer")["summary"] == "BBBB"


def test_removed_file_disappears(cdir, tmp_path):
    d = local(tmp_path)
    KnowledgeBase.load([d], use_env=False)
    (d / "localtestcancer.yaml").unlink()
    assert "localtestcancer" not in KnowledgeBase.load([d], use_env=False).entities


def test_recently_modified_files_are_read_again_next_time(cdir, tmp_path, monkeypatch):
    d = local(tmp_path, age=0)
    KnowledgeBase.load([d], use_env=False)
    parsed = []
    real = indexbuild.body_of
    monkeypatch.setattr(indexbuild, "body_of", lambda p: parsed.append(p.path) or real(p))
    time.sleep(index.RECENT_NS / 1e9 + 0.1)
    KnowledgeBase.load([d], use_env=False)
    assert [p for p in parsed if p.endswith("localtestcancer.yaml")]  # re-read once it is no longer recent
    assert not [p for p in parsed if "/data/" in p or p.startswith("data/")]  # the rest reused


def test_corrupt_index_is_rebuilt_silently(cdir, run):
    KnowledgeBase.load(use_env=False)
    path = db_file()
    path.write_bytes(b"\x00garbage" * 100)
    r = run("cancer", "prostate", env={"BONEMETS_CACHE_DIR": str(cdir)})
    assert r.exit_code == 0 and r.stderr == "" and "Prostate cancer" in r.stdout
    assert index._open_existing(str(path)) is not None  # valid again


def _alter(path, old, new):
    """Change content inside the index, as random damage or a tamperer would (digests left alone)."""
    conn = sqlite3.connect(path)
    n = conn.execute("UPDATE files SET body = replace(body, ?, ?) WHERE body LIKE ?", (old, new, f"%{old}%")).rowcount
    conn.commit()
    conn.close()
    assert n >= 1


def test_damaged_content_is_detected_and_never_shown(cdir, tmp_path, run):
    out = run.json("cancer", "prostate", env={"BONEMETS_CACHE_DIR": str(cdir)})
    summary = out["entity"]["summary"]["text"]
    word = summary.split()[3]
    _alter(db_file(), word, word[:-1] + "X")
    r = run("cancer", "prostate", "--json", env={"BONEMETS_CACHE_DIR": str(cdir)})
    assert r.exit_code == 0 and r.stderr == ""
    import json

    assert json.loads(r.stdout)["entity"]["summary"]["text"] == summary
    # and the damaged index was replaced
    conn = sqlite3.connect(db_file())
    assert conn.execute("SELECT count(*) FROM files WHERE body LIKE ?", (f"%{word[:-1]}X%",)).fetchone()[0] == 0


def test_a_damaged_name_row_cannot_redirect_a_lookup(cdir, run):
    run("symptom", "MSCC", env={"BONEMETS_CACHE_DIR": str(cdir)})
    conn = sqlite3.connect(db_file())
    conn.execute("UPDATE names SET id = 'hypercalcaemia' WHERE key = 'mscc'")
    conn.commit()
    conn.close()
    d = run.json("symptom", "MSCC", env={"BONEMETS_CACHE_DIR": str(cdir)})
    assert d["entity"]["id"] == "spinal-cord-compression"


def _planted(tmp_path, where):
    """A well-formed index with altered content and correct digests, as another user could write it."""
    KnowledgeBase.load(use_env=False)  # into the test's own cache dir
    src = db_file()
    conn = sqlite3.connect(src)
    rows = conn.execute("SELECT layer, rel, size, mtime, ctime, ino, recent, body FROM files").fetchall()
    for row in rows:
        if '"urgency": "emergency"' in row[7] and "spinal-cord-compression" in row[1]:
            body = row[7].replace('"urgency": "emergency"', '"urgency": "routine"').replace(
                '"red_flag": true', '"red_flag": false')
            new = row[:7] + (body,)
            conn.execute("UPDATE files SET body = ?, digest = ? WHERE layer = ? AND rel = ?",
                         (body, index.digest(*new), row[0], row[1]))
    conn.commit()
    conn.close()
    where.mkdir(parents=True, exist_ok=True)
    target = where / src.name
    target.write_bytes(src.read_bytes())
    return target


def test_an_index_planted_in_a_shared_directory_is_never_used(tmp_path, monkeypatch, run):
    monkeypatch.setenv("BONEMETS_CACHE_DIR", str(tmp_path / "own"))
    shared = tmp_path / "shared"
    _planted(tmp_path, shared)
    shared.chmod(0o1777)  # world-writable, sticky: like /tmp
    env = {"BONEMETS_CACHE_DIR": str(shared)}
    d = run.json("symptoms", "--red-flags", env=env)
    scc = [x for g in d["groups"] for x in g["entities"] if x["id"] == "spinal-cord-compression"]
    assert scc and scc[0]["urgency"] == "emergency"
    r = run("symptom", "spinal-cord-compression", env=env)
    warnings = [line for line in r.stderr.splitlines() if "cache" in line]
    assert warnings == [f"bonemets: warning: cache directory {shared} is writable by other users; "
                        "working without a cache"]


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give a file to another user")
def test_an_index_file_owned_by_another_user_is_replaced(tmp_path, monkeypatch, run):
    own = tmp_path / "own"
    monkeypatch.setenv("BONEMETS_CACHE_DIR", str(tmp_path / "first"))
    target = _planted(tmp_path, own)
    os.chown(target, 65534, 65534)
    own.chmod(0o700)
    d = run.json("symptom", "spinal-cord-compression", env={"BONEMETS_CACHE_DIR": str(own)})
    assert d["entity"]["urgency"] == "emergency"
    assert target.stat().st_uid == os.getuid()  # rebuilt in its place


def test_special_files_in_place_of_the_index_never_hang(cdir, run):
    cdir.mkdir(parents=True, exist_ok=True)
    path = db_file()
    os.mkfifo(path)
    r = run("cancer", "prostate", env={"BONEMETS_CACHE_DIR": str(cdir)})
    assert r.exit_code == 0 and "Prostate cancer" in r.stdout
    path.unlink(missing_ok=True)
    os.symlink("/dev/zero", path)
    r = run("cancer", "prostate", env={"BONEMETS_CACHE_DIR": str(cdir)})
    assert r.exit_code == 0 and "Prostate cancer" in r.stdout


def test_unwritable_or_impossible_cache_dir_is_harmless(tmp_path, run):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for d in (blocker, blocker / "sub"):
        r = run("cancer", "prostate", env={"BONEMETS_CACHE_DIR": str(d)})
        assert r.exit_code == 0 and r.stderr == "" and "Prostate cancer" in r.stdout


def test_many_processes_starting_at_once(tmp_path):
    env = dict(os.environ, BONEMETS_CACHE_DIR=str(tmp_path / "shared-cache"), BONEMETS_DATA="")
    procs = [subprocess.Popen([sys.executable, "-m", "bonemets", "cancer", "prostate", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(8)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1 and all(e == b"" for _, e in outs)
    files = sorted(f.name for f in (tmp_path / "shared-cache").iterdir() if f.name != "last-page.json")
    assert len(files) == 1 and files[0].endswith(".sqlite"), files  # no temporary file left behind
    assert (tmp_path / "shared-cache" / "last-page.json").is_file()  # `sources N`: the references last shown


def test_completion_reads_names_only(cdir, monkeypatch):
    from bonemets.cli.names import complete_names

    KnowledgeBase.load()  # warm
    no_parsing(monkeypatch)
    monkeypatch.setattr(indexbuild, "build", lambda *a, **k: (_ for _ in ()).throw(AssertionError("built")))
    monkeypatch.setattr(KnowledgeBase, "load", lambda *a, **k: (_ for _ in ()).throw(AssertionError("loaded")))
    names = complete_names("cancer", "pro")
    assert "prostate" in names and "prostate-carcinoma" in names
    assert "denosumab" not in complete_names("cancer", "")
    assert "xgeva" in complete_names("therapy", "x")
    assert "bisphosphonates" in complete_names("therapy", "bis")


def test_completion_sees_added_and_removed_files(cdir, tmp_path):
    from bonemets.cli.names import complete_names

    d = tmp_path / "local"
    d.mkdir()
    old = time.time() - 60
    os.utime(d, (old, old))
    assert complete_names("cancer", "localt", [d]) == []
    p = d / "localtestcancer.yaml"
    p.write_text(cancer(id="localtestcancer", name="Local test cancer", summary="x"))
    os.utime(p, (old, old))
    assert complete_names("cancer", "localt", [d]) == ["localtestcancer"]  # the directory changed: names re-read
    p.unlink()
    assert complete_names("cancer", "localt", [d]) == []


def test_symbolic_link_loops_end_and_are_said(tmp_path):
    data = tmp_path / "L"
    (data / "lesions").mkdir(parents=True)
    os.symlink(".", data / "a")
    os.symlink(".", data / "b")
    (data / "lesions" / "m.yaml").write_text(cancer("localtestcancer", "Melanoma"))
    env = dict(os.environ, BONEMETS_CACHE_DIR=str(tmp_path / "c"), BONEMETS_DATA="")
    r = subprocess.run([sys.executable, "-m", "bonemets", "cancer", "localtestcancer", "--data", str(data)],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0 and "Melanoma" in r.stdout
    assert "symbolic-link loop" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout.count("Local incidence statement.") == 1  # each file read once
