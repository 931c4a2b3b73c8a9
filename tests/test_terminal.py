"""At home in a terminal: layout at 80 and 160 columns, colour that carries meaning, git-style paging,
plain lines when piped, and the interactive checklist (pty and tmux)."""
import os
import re
import shutil
import subprocess
import sys
import time

import pytest
from ptyrun import run_in_pty

SGR = re.compile(r"\x1b\[[0-9;]*m")
BOX = "─"


def words_of(text):
    return re.findall(r"[A-Za-z0-9%]+", SGR.sub("", text))


def piped(args, tmp_path, **env):
    base = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", **env}
    return subprocess.run([sys.executable, "-m", "bonemets", *args], capture_output=True, text=True, env=base)


@pytest.mark.parametrize("cols", [80, 160])
def test_tables_fill_the_width_wrap_whole_words_and_cut_nothing(tmp_path, kb, cols):
    code, out, err = run_in_pty(["cancer", "lung"], cols=cols, env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 0 and err == ""
    plain = SGR.sub("", out)
    assert BOX in plain and "…" not in plain
    widths = [len(line) for line in plain.splitlines()]
    assert max(widths) <= cols and max(widths) >= cols - 2
    values = " ".join(line.split("│")[2] for line in plain.splitlines() if line.count("│") == 3)
    shown = " ".join(words_of(values))
    ent = kb.find("lung")
    for f in ent["unique"] + ent["incidence"]:
        assert " ".join(words_of(f["text"])) in shown, f["text"]
    # no word is broken across lines: every word of the value column is a word of the entry or a mark
    vocabulary = set(words_of(str(kb.of_kind()))) | set(words_of(plain.split("References")[-1]))
    for line in plain.splitlines():
        if line.count("│") == 3:
            for w in words_of(line.split("│")[2]):
                assert w in vocabulary or w.isdigit() or w in ("S", "SOURCES", "DIFFER", "UNVERIFIED"), (w, line)


def test_key_facts_come_first_and_research_last(tmp_path):
    code, out, _ = run_in_pty(["cancer", "lung"], cols=80, env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    plain = SGR.sub("", out)
    assert plain.index("Key facts") < plain.index("In detail") < plain.index("Biology and")
    assert plain.index("Reaches bone") < plain.index("Management") < plain.index("Biology and")


def test_commands_and_ids_never_break(tmp_path):
    code, out, _ = run_in_pty(["search", "fracture"], cols=80, env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    plain = SGR.sub("", out)
    assert "bonemets symptom pathological-fracture" in plain
    code, out, _ = run_in_pty(["list", "symptoms"], cols=80, env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    assert "pathological-fracture" in SGR.sub("", out)


def test_compare_of_three_stacks_at_80_and_sits_side_by_side_at_160(tmp_path):
    env = {"BONEMETS_CACHE_DIR": str(tmp_path)}
    _, narrow, _ = run_in_pty(["compare", "breast", "prostate", "lung"], cols=80, env=env)
    titles = [line.strip() for line in SGR.sub("", narrow).splitlines()]
    assert "Breast cancer" in titles and "Prostate cancer" in titles  # one titled block per entry
    _, wide, _ = run_in_pty(["compare", "breast", "prostate", "lung"], cols=160, env=env)
    header = next(line for line in SGR.sub("", wide).splitlines() if "Attribute" in line)
    assert "Breast cancer" in header and "Lung cancer" in header


def _styled(out, text):
    """The SGR codes in force where text starts."""
    i = out.index(text)
    codes = SGR.findall(out[:i])
    return codes[-1] if codes else ""


def test_colour_carries_meaning(tmp_path):
    env = {"BONEMETS_CACHE_DIR": str(tmp_path)}
    _, out, _ = run_in_pty(["symptoms", "--red-flags"], cols=160, env=env)
    assert "1;31" in _styled(out, "RED FLAG") and "1;31" in _styled(out, "EMERGENCY")
    assert "33" in _styled(out, "URGENT")
    _, out, _ = run_in_pty(["cancer", "prostate"], cols=160, env=env)
    assert "1;33" in _styled(out, "SOURCES DIFFER")
    assert "2" in _styled(out, " [1,")  # citation marks dim, one word: "[1,2]"
    _, out, _ = run_in_pty(["score", "mirels", "--site", "lower-limb", "--pain", "functional", "--lesion", "lytic",
                            "--size", "over-two-thirds"], cols=120, env=env)
    assert "1" in _styled(out, "high")


@pytest.mark.parametrize("env,flag,coloured", [
    ({}, None, True), ({"NO_COLOR": "1"}, None, False), ({"NO_COLOR": ""}, None, True), ({"TERM": "dumb"}, None, False),
    ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, None, False), ({}, "never", False), ({"NO_COLOR": "1"}, "always", True),
])
def test_colour_control_on_a_terminal(tmp_path, env, flag, coloured):
    args = ["lesion", "lytic"] + (["--color", flag] if flag else [])
    code, out, _ = run_in_pty(args, env=dict(env, BONEMETS_CACHE_DIR=str(tmp_path)))
    assert code == 0 and ("\x1b[" in out) == coloured and BOX in out


def test_piped_output_is_plain_and_colour_always_colours_it(tmp_path):
    r = piped(["compare", "breast", "lung"], tmp_path)
    assert BOX not in r.stdout and "\x1b" not in r.stdout and "…" not in r.stdout
    assert "\n\nattribute: " in r.stdout
    r = piped(["symptoms", "--red-flags", "--color", "always"], tmp_path)
    assert "\x1b[1;31mEMERGENCY" in r.stdout and BOX not in r.stdout
    r = piped(["symptoms", "--red-flags"], tmp_path, FORCE_COLOR="1")
    assert "\x1b" not in r.stdout  # FORCE_COLOR colours a terminal's tables, not piped lines
    r = piped(["list", "lesions"], tmp_path)
    assert r.stdout == "mixed\nosteoblastic\nosteolytic\n"


def test_tall_output_is_paged_short_output_is_not(tmp_path):
    paged = tmp_path / "paged.txt"
    env = {"BONEMETS_PAGER": f"cat > {paged}", "BONEMETS_CACHE_DIR": str(tmp_path)}
    code, out, _ = run_in_pty(["cancer", "prostate"], rows=30, env=env)
    assert code == 0 and "Prostate cancer" in paged.read_text() and "Prostate cancer" not in out
    paged.unlink()
    code, out, _ = run_in_pty(["list", "lesions"], rows=60, env=env)
    assert code == 0 and not paged.exists() and "Osteolytic" in out
    code, out, _ = run_in_pty(["list", "lesions", "--pager"], rows=60, env=env)  # --pager forces it
    assert paged.exists()
    paged.unlink()
    code, out, _ = run_in_pty(["cancer", "prostate", "--no-pager"], rows=30, env=env)
    assert not paged.exists() and "Prostate cancer" in out


def test_pager_choice_and_less_defaults(tmp_path):
    seen = tmp_path / "seen.txt"
    env = {"BONEMETS_CACHE_DIR": str(tmp_path), "BONEMETS_PAGER": "", "PAGER": f"env > {seen}; cat > /dev/null"}
    run_in_pty(["cancer", "prostate"], rows=20, env=env)
    assert "LESS=FRX" in seen.read_text()  # set when the user has not set LESS, so colour and -F work
    seen.unlink()
    run_in_pty(["cancer", "prostate"], rows=20, env=dict(env, LESS="-S"))
    assert "LESS=-S" in seen.read_text()


def test_never_paged_when_piped_or_json(tmp_path):
    paged = tmp_path / "paged.txt"
    code, out, _ = run_in_pty(["cancer", "prostate", "--json"], rows=10,
                              env={"BONEMETS_PAGER": f"cat > {paged}", "BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 0 and '"schema_version": 1' in out and not paged.exists()
    r = piped(["cancer", "prostate", "--pager"], tmp_path, BONEMETS_PAGER=f"cat > {paged}")
    assert r.stdout.startswith("title: ") and not paged.exists()


def test_messages_on_stderr_data_on_stdout(run):
    r = run("symptoms", "--cancer", "prostat")
    assert r.stdout == "" and "did you mean: prostate?" in r.stderr


# --- the interactive checklist ------------------------------------------------------------------------


def _questions(kb):
    """The questions in the order the checklist asks them: groups, then each entry's signs."""
    from bonemets.cli.checklist import questions
    from bonemets.knowledge import schema

    order = {g: i for i, g in enumerate(schema.SYMPTOM_GROUPS)}
    items = sorted(kb.symptoms(), key=lambda i: order.get(i.get("group"), 9))
    return [(i["id"], q) for i in items for q in questions(i)]


def test_check_asks_signs_and_summarises_red_flags_then_the_rest_then_skipped(tmp_path, kb):
    qs = _questions(kb)
    first = {}
    for ent_id, q in qs:
        first.setdefault(ent_id, q)
    answers = ["y\n" if ent_id in ("bone-pain", "numbness-weakness") and q == first[ent_id] else
               "s\n" if ent_id == "swelling" else "n\n" for ent_id, q in qs]
    code, out, err = run_in_pty(["symptoms", "--check", "--plain"], keys="".join(answers).encode(),
                                env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 0, err
    asked = [q for _i, q in qs]
    assert all(q in err for q in asked[:3]) and "== Pain ==" in err and "== Neurological ==" in err
    assert "Spinal cord compression?" not in err  # a sign in plain words, not a diagnosis
    summary = out[out.index("title: Symptom check summary"):]
    flags, rest, skipped = (summary.index("section: Red flags present"), summary.index("section: Other symptoms present"),
                            summary.index("section: Skipped"))
    assert flags < rest < skipped
    assert summary.index("red flag: Numbness or weakness") < rest
    assert rest < summary.index("symptom: Bone pain") < skipped
    assert "swelling" in summary[skipped:].casefold()


def test_check_with_present_for_scripts(run):
    d = run.json("symptoms", "--check", "--present", "back-pain,leg-weakness,bone-pain")
    assert [x["entity"]["id"] for x in d["red_flags"]] == ["numbness-weakness", "back-pain"]  # emergency first
    assert [x["entity"]["id"] for x in d["other"]] == ["bone-pain"]
    assert "spinal-cord-compression" in d["not_present"]
    r = run("symptoms", "--check", "--present", "back-pain,unicorn-pain")
    assert r.exit_code == 1 and "unicorn-pain" in r.stderr


def test_check_needs_a_terminal_or_present(run):
    r = run("symptoms", "--check")
    assert r.exit_code == 2 and "--present" in r.stderr


def test_check_leaves_cleanly_on_eof(tmp_path):
    code, out, err = run_in_pty(["symptoms", "--check"], keys=b"y\n\x04", env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 130 and "interrupted" in err and "Traceback" not in out + err


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_check_in_a_real_terminal_under_tmux(tmp_path, kb):
    qs = _questions(kb)
    first_scc = next(q for i, q in qs if i == "spinal-cord-compression")
    session = f"bonemets-test-{os.getpid()}-{int(time.time() * 1000)}"
    cmd = (f"env BONEMETS_CACHE_DIR={tmp_path} BONEMETS_PAGER=cat {sys.executable} -m bonemets symptoms --check; "
           "echo EXIT=$?; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "50", cmd], check=True)
    try:
        def screen():
            return subprocess.run(["tmux", "capture-pane", "-p", "-J", "-t", session, "-S", "-2000"],
                                  capture_output=True, text=True).stdout

        def wait_for(text, n=1):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if screen().count(text) >= n:
                    return
                time.sleep(0.05)
            raise AssertionError(f"never saw {text!r}:\n{screen()}")

        for k, (ent_id, q) in enumerate(qs):
            wait_for("s=skip/f=finish]:", k + 1)
            answer = "y" if q == first_scc or ent_id == "swelling" else ("s" if k == 0 else "n")
            subprocess.run(["tmux", "send-keys", "-t", session, answer, "Enter"], check=True)
        wait_for("EXIT=0")
        text = screen()
        assert "Symptom check summary" in text
        assert text.index("Red flags present") < text.index("Other symptoms present") < text.index("Skipped")
        assert "Spinal cord compression" in text and "Swelling over a bone" in text
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
