"""bonemets/cli/fast.py answers lookups, list, compare, search and symptoms before Typer is imported, and bash
completion: the bytes must be Typer's own."""
import os
import subprocess
import sys

import pytest
from ptyrun import run_in_pty
from samples import cancer

from bonemets.knowledge import schema


def both(args, tmp_path, extra_env=None):
    env = dict(os.environ, BONEMETS_CACHE_DIR=str(tmp_path / "cache"), BONEMETS_DATA="", **(extra_env or {}))
    env.pop("NO_COLOR", None)
    fast = subprocess.run([sys.executable, "-m", "bonemets", *map(str, args)], capture_output=True, env=env)
    slow = subprocess.run([sys.executable, "-m", "bonemets", *map(str, args)], capture_output=True,
                          env=dict(env, BONEMETS_SLOW="1"))
    return fast, slow


def test_every_lookup_prints_the_same_bytes_as_typer(tmp_path, kb):
    for kind in [k.name for k in schema.KINDS.values() if k.name != "score"]:
        for ent in kb.of_kind(kind):
            for mode in ("--plain", "--json"):
                fast, slow = both([kind, ent["id"], mode], tmp_path)
                assert fast.returncode == slow.returncode == 0, (kind, ent["id"], slow.stderr)
                assert (fast.stdout, fast.stderr) == (slow.stdout, slow.stderr), (kind, ent["id"], mode)


@pytest.mark.parametrize("args", [
    ["lesion", "LYTIC", "--color=never"], ["cancer", "--json", "NSCLC"], ["therapy", "Xgeva", "--color", "ALWAYS"],
    ["cancer", "prostat"], ["cancer", "denosumab"], ["cancer"], ["cancer", "prostate", "--help"],
    ["cancer", "prostate", "--color", "purple"], ["cancer", "prostate", "lung"], ["cancer", "--", "prostate"],
    ["symptom", "MSCC", "--data", "/nonexistent"], ["therapy", "zoledronic", "acid", "--evidence"],
    ["therapy", "bisphosphonates"], ["cancer", "breast", "cancer", "--plain"], ["cancer", "melanoma"],
    ["list"], ["list", "lesions", "--json"], ["list", "widgets"], ["list", "a", "b"], ["list", "--evidence"],
    ["compare", "lytic", "blastic", "--evidence"], ["compare", "zoledronic", "acid", "denosumab", "--json"],
    ["compare", "lytic"], ["compare", "lytic", "prostate"], ["compare", "breast", "prostat"],
    ["search", "fracture"], ["search", "denosumub", "--json"], ["search", "zzzqqq"], ["search", "---"],
    ["symptoms"], ["symptoms", "--red-flags", "--json"], ["symptoms", "--cancer", "myeloma", "--plain"],
    ["symptoms", "--cancer=prostate"], ["symptoms", "--cancer", "prostrate"], ["symptoms", "extra"],
    ["symptoms", "--check", "--present", "back-pain"], ["list", "--data", ""], ["search", "bone", "--color", "x"],
])
def test_edge_cases_match_typer(tmp_path, args):
    fast, slow = both(args, tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


def test_local_data_overrides_and_warnings_match_typer(tmp_path):
    local = tmp_path / "local"
    local.mkdir()
    (local / "prostate.yaml").write_text(cancer("prostate", "Prostate (ours)"))
    (local / "broken.yaml").write_text("id: broken\nkind: [\n")
    fast, slow = both(["cancer", "prostate", "--data", local], tmp_path)
    assert fast.returncode == 0 and b"Prostate (ours)" in fast.stdout and b"broken.yaml" in fast.stderr
    assert (fast.stdout, fast.stderr) == (slow.stdout, slow.stderr)


@pytest.mark.parametrize("args", [["cancer", "prostate"], ["lesion", "lytic", "--color", "never"],
                                  ["compare", "breast", "prostate", "lung"], ["symptoms", "--red-flags"],
                                  ["search", "fracture"], ["list"]])
def test_tables_on_a_terminal_match_typer(tmp_path, args):
    env = {"BONEMETS_CACHE_DIR": str(tmp_path)}
    fast = run_in_pty(args, env=env)
    slow = run_in_pty(args, env=dict(env, BONEMETS_SLOW="1"))
    assert fast == slow and fast[0] == 0


@pytest.mark.parametrize("argv", [["cancer", "prostate", "--json"], ["symptoms", "--red-flags", "--plain"],
                                  ["compare", "lytic", "blastic", "--plain"], ["search", "fracture", "--plain"]])
def test_fast_paths_do_not_import_typer(tmp_path, argv):
    code = (f"import sys; sys.argv = ['bonemets', *{argv!r}]; "
            "from bonemets.cli.fast import main; main(); "
            "sys.stderr.write(str(sorted(m for m in ('typer', 'yaml', 'rich') if m in sys.modules)))")
    env = dict(os.environ, BONEMETS_CACHE_DIR=str(tmp_path), BONEMETS_DATA="")
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)  # warm the cache
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert r.stdout.strip()
    assert r.stderr == "[]"


# --- bash completion ---------------------------------------------------------------------------------

def complete(words, cword, tmp_path, **env):
    base = dict(os.environ, _BONEMETS_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword),
                BONEMETS_CACHE_DIR=str(tmp_path), BONEMETS_DATA="", **env)
    return subprocess.run([sys.executable, "-m", "bonemets"], env=base, capture_output=True, text=True, timeout=60)


def test_bash_completion_request(tmp_path):
    r = complete("bonemets cancer pro", 2, tmp_path)
    assert r.returncode == 0 and "prostate" in r.stdout.split()
    r = complete("bonemets score sins --location ", 4, tmp_path)
    assert r.stdout.split() == ["junctional", "mobile", "semirigid", "rigid"]
    r = complete("bonemets therapy bis", 2, tmp_path)
    assert "bisphosphonates" in r.stdout.split()


@pytest.mark.parametrize("words,cword", [
    ("bonemets cancer pro", 2), ("bonemets compare lyt", 2), ("bonemets compare lytic bla", 3),
    ("bonemets therapy", 2), ("bonemets lesion --json s", 3), ("bonemets symptoms --cancer pr", 3),
    ("bonemets score mirels --site ", 4), ("bonemets cancer prostate ", 3), ("bonemets cancer Pro", 2),
    ('bonemets therapy "zoledronic a', 2), ("bonemets cancer 'pro", 2), ("bonemets therapy zoledronic\\ a", 2),
])
def test_fast_completion_answers_exactly_like_typer(tmp_path, words, cword):
    fast = complete(words, cword, tmp_path)
    slow = complete(words, cword, tmp_path, BONEMETS_SLOW="1")
    assert fast.returncode == slow.returncode == 0
    assert fast.stdout == slow.stdout and fast.stderr == slow.stderr == ""


@pytest.mark.parametrize("cword", ["x", "", "-1", "2x", "٣", "1_0"])
def test_a_malformed_completion_request_completes_nothing_silently(tmp_path, cword):
    for slow in ("", "1"):
        r = complete("bonemets cancer pro", cword, tmp_path, BONEMETS_SLOW=slow)
        assert r.returncode == 0 and r.stderr == "" and r.stdout.strip() == "", (cword, slow, r.stdout, r.stderr)


def test_names_are_offered_as_inert_shell_words(tmp_path):
    local = tmp_path / "local"
    local.mkdir()
    (local / "x.yaml").write_text(cancer("zzq", "Zzq").replace('summary: "Local', 'aliases: ["zzq$(id)"]\nsummary: "Local'))
    r = complete(f"bonemets cancer --data {local} zz", 4, tmp_path)
    assert 'zzq\\$\\(id\\)' in r.stdout.split() and "zzq" in r.stdout.split()


def test_fast_completion_does_not_import_typer(tmp_path):
    code = ("import sys; from bonemets.cli.fast import main; main(); "
            "sys.stderr.write(str(sorted(m for m in ('typer', 'yaml', 'rich') if m in sys.modules)))")
    env = dict(os.environ, _BONEMETS_COMPLETE="complete_bash", COMP_WORDS="bonemets cancer pro", COMP_CWORD="2",
               BONEMETS_CACHE_DIR=str(tmp_path), BONEMETS_DATA="")
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)  # warm the index
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert "prostate" in r.stdout.split()
    assert r.stderr == "[]"


def test_the_grammar_holds_every_option_typer_gives_a_fast_command():
    """The fast path parses argv with bonemets.cli.grammar; each option the Typer command takes is declared
    there, so a new option on a fast command cannot be forgotten by the fast path."""
    import typer.main

    from bonemets.cli import grammar
    from bonemets.cli.build import make_app

    for name, spec in grammar.FAST.items():
        click_cmd = typer.main.get_command(make_app([name])).commands[name]
        typed = {f for p in click_cmd.params for f in (*p.opts, *p.secondary_opts) if f.startswith("--")}
        declared = {f for o in grammar.OUTPUT.values() for f in grammar.flags(o)} | \
            {f for k in spec.own for f in grammar.flags(grammar.OWN[k])}
        extra = {"--check", "--present"} if name == "symptoms" else set()  # Typer alone answers --check
        assert typed == declared | extra, name
