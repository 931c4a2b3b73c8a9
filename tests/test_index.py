"""The parsed-file cache: keyed on size and mtime, atomic, self-healing, optional, safe under concurrency."""
import os
import subprocess
import sys
import time

import pytest
from samples import cancer

from bonemets import cache
from bonemets.knowledge import KnowledgeBase, shipped_dir


@pytest.fixture
def cdir(tmp_path, monkeypatch):
    d = tmp_path / "cachedir"
    monkeypatch.setenv("BONEMETS_CACHE_DIR", str(d))
    monkeypatch.delenv("BONEMETS_DATA", raising=False)
    return d


def local(tmp_path, summary="First summary.", age=10):
    d = tmp_path / "local"
    d.mkdir(exist_ok=True)
    p = d / "melanoma.yaml"
    p.write_text(cancer(summary=summary))
    past = time.time() - age
    os.utime(p, (past, past))
    return d


def test_second_load_reads_the_cache_not_the_yaml(cdir, tmp_path, monkeypatch):
    d = local(tmp_path)
    KnowledgeBase.load([d])
    assert any(cdir.glob("*.marshal")) and any(cdir.glob("*.names"))

    def boom(*a, **k):
        raise AssertionError("parsed a file that was cached")

    monkeypatch.setattr(cache, "parse_file", boom)
    kb = KnowledgeBase.load([d])
    assert kb.find("melanoma")["summary"] == "First summary."


def test_changed_file_is_reparsed(cdir, tmp_path):
    d = local(tmp_path)
    assert KnowledgeBase.load([d]).find("melanoma")["summary"] == "First summary."
    local(tmp_path, summary="Second, longer summary.", age=5)
    assert KnowledgeBase.load([d]).find("melanoma")["summary"] == "Second, longer summary."


def test_same_size_new_mtime_is_reparsed(cdir, tmp_path):
    d = local(tmp_path, summary="AAAA")
    KnowledgeBase.load([d])
    local(tmp_path, summary="BBBB", age=3)  # same size, different mtime
    assert KnowledgeBase.load([d]).find("melanoma")["summary"] == "BBBB"


def test_removed_file_disappears(cdir, tmp_path):
    d = local(tmp_path)
    KnowledgeBase.load([d])
    (d / "melanoma.yaml").unlink()
    assert "melanoma" not in KnowledgeBase.load([d]).entities


def test_recently_modified_files_are_not_cached(cdir, tmp_path):
    d = local(tmp_path, age=0)
    KnowledgeBase.load([d])
    files = cache._read(cache._cache_file(d, "marshal"))
    assert files == {}


def test_corrupt_cache_is_rebuilt_silently(cdir, tmp_path, run):
    KnowledgeBase.load()
    for f in cdir.iterdir():
        f.write_bytes(b"\x00garbage" * 10)
    r = run("cancer", "prostate", env={"BONEMETS_CACHE_DIR": str(cdir)})
    assert r.exit_code == 0 and r.stderr == ""
    assert cache._read(cache._cache_file(shipped_dir(), "marshal"))  # valid again


def test_cache_from_another_format_is_ignored(cdir):
    import marshal

    KnowledgeBase.load()
    path = cache._cache_file(shipped_dir(), "marshal")
    path.write_bytes(marshal.dumps({"format": "old", "payload": {"x": 1}}))
    assert "prostate" in KnowledgeBase.load().entities


def test_read_only_or_impossible_cache_dir_is_harmless(tmp_path, monkeypatch, run):
    ro = tmp_path / "ro"  # read-only for ordinary users (root may still write: the second case cannot)
    ro.mkdir()
    ro.chmod(0o500)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for d in (ro, blocker / "sub"):
        monkeypatch.setenv("BONEMETS_CACHE_DIR", str(d))
        assert "prostate" in KnowledgeBase.load().entities
        r = run("cancer", "prostate", env={"BONEMETS_CACHE_DIR": str(d)})
        assert r.exit_code == 0 and r.stderr == ""


def test_many_processes_starting_at_once(tmp_path):
    env = dict(os.environ, BONEMETS_CACHE_DIR=str(tmp_path / "shared-cache"), BONEMETS_DATA="")
    procs = [subprocess.Popen([sys.executable, "-m", "bonemets", "cancer", "prostate", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(8)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1 and all(e == b"" for _, e in outs)
    leftovers = [f for f in (tmp_path / "shared-cache").iterdir() if f.suffix == ".tmp"]
    assert leftovers == []
    os.environ.pop("BONEMETS_CACHE_DIR", None)
    files = cache._read(next((tmp_path / "shared-cache").glob("*.marshal")))
    assert files and len(files) == len(list(shipped_dir().rglob("*.yaml")))


def test_completion_reads_names_only(cdir, tmp_path, monkeypatch):
    from bonemets.names import complete_names

    KnowledgeBase.load()  # warm

    def boom(*a, **k):
        raise AssertionError("completion parsed YAML")

    real_read = cache._read

    def names_only(path):
        assert path.suffix == ".names", f"completion read {path}"
        return real_read(path)

    monkeypatch.setattr(cache, "parse_file", boom)
    monkeypatch.setattr(cache, "_read", names_only)
    assert complete_names("cancer", "pro") == ["prostate", "prostate-cancer", "prostate-carcinoma", "prostatic-cancer"]
    assert "denosumab" not in complete_names("cancer", "")
    assert "xgeva" in complete_names("therapy", "x")


def test_bash_completion_request(tmp_path):
    env = dict(os.environ, _BONEMETS_COMPLETE="complete_bash", COMP_WORDS="bonemets cancer pro", COMP_CWORD="2",
               BONEMETS_CACHE_DIR=str(tmp_path), BONEMETS_DATA="")
    r = subprocess.run([sys.executable, "-m", "bonemets"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "prostate" in r.stdout.split()
    env.update(COMP_WORDS="bonemets score sins --location ", COMP_CWORD="4")
    r = subprocess.run([sys.executable, "-m", "bonemets"], env=env, capture_output=True, text=True, timeout=60)
    assert r.stdout.split() == ["junctional", "mobile", "semirigid", "rigid"]


@pytest.mark.parametrize("words,cword", [
    ("bonemets cancer pro", 2), ("bonemets compare lyt", 2), ("bonemets compare lytic bla", 3),
    ("bonemets therapy", 2), ("bonemets lesion --json s", 3), ("bonemets symptoms --cancer pr", 3),
    ("bonemets score mirels --site ", 4), ("bonemets cancer prostate ", 3),
])
def test_fast_completion_answers_exactly_like_typer(tmp_path, words, cword):
    base = dict(os.environ, _BONEMETS_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword),
                BONEMETS_CACHE_DIR=str(tmp_path), BONEMETS_DATA="")
    fast = subprocess.run([sys.executable, "-m", "bonemets"], env=base, capture_output=True, text=True, timeout=60)
    slow = subprocess.run([sys.executable, "-m", "bonemets"], env=dict(base, BONEMETS_SLOW="1"),
                          capture_output=True, text=True, timeout=60)
    assert fast.returncode == slow.returncode == 0
    assert fast.stdout == slow.stdout and fast.stderr == slow.stderr == ""


def test_fast_completion_does_not_import_typer(tmp_path):
    code = ("import sys; from bonemets.entry import main; main(); "
            "sys.stderr.write(str(sorted(m for m in ('typer', 'yaml', 'rich') if m in sys.modules)))")
    env = dict(os.environ, _BONEMETS_COMPLETE="complete_bash", COMP_WORDS="bonemets cancer pro", COMP_CWORD="2",
               BONEMETS_CACHE_DIR=str(tmp_path), BONEMETS_DATA="")
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)  # warm the cache
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert "prostate" in r.stdout.split()
    assert r.stderr == "[]"


def test_completion_sees_added_and_removed_files(cdir, tmp_path):
    from bonemets.names import complete_names

    d = tmp_path / "local"
    d.mkdir()
    old = time.time() - 60
    os.utime(d, (old, old))
    assert complete_names("cancer", "mela", [d]) == []
    p = d / "melanoma.yaml"
    p.write_text(cancer(summary="x"))
    os.utime(p, (old, old))
    assert complete_names("cancer", "mela", [d]) == ["melanoma"]  # the directory changed: names re-read
    p.unlink()
    assert complete_names("cancer", "mela", [d]) == []
