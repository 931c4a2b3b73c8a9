"""At home in a terminal: tables on a TTY at any width, plain lines when piped, colour control, pager."""
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


@pytest.mark.parametrize("cols", [80, 200])
def test_tty_table_uses_the_width_and_wraps_without_cutting(tmp_path, kb, cols):
    code, out, err = run_in_pty(["cancer", "lung"], cols=cols, env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 0 and err == ""
    plain = SGR.sub("", out)
    assert BOX in plain  # a Rich table
    assert "…" not in plain
    widths = [len(line) for line in plain.splitlines()]
    assert max(widths) <= cols and max(widths) >= cols - 2  # uses the full width
    # every word of every fact is there, in order, however the lines wrapped (value column only)
    values = [line.split("│")[2] for line in plain.splitlines() if line.count("│") == 3]
    shown = words_of("\n".join(values))
    for f in kb.find("lung")["unique"]:
        w = words_of(f["text"])
        joined = " ".join(shown)
        assert " ".join(w) in joined, f["text"]


def test_plain_forces_lines_on_a_tty(tmp_path):
    code, out, _ = run_in_pty(["cancer", "prostate", "--plain"], env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 0
    assert BOX not in out and "\x1b[" not in out
    assert "how often it reaches bone: " in out


def test_piped_output_has_no_decoration_and_list_is_one_name_per_line(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "bonemets", "list", "lesions"], capture_output=True, text=True, env=env)
    assert r.stdout == "mixed\nosteoblastic\nosteolytic\n"
    r = subprocess.run([sys.executable, "-m", "bonemets", "compare", "breast", "lung"], capture_output=True,
                       text=True, env=env)
    assert BOX not in r.stdout and "\x1b" not in r.stdout and "…" not in r.stdout
    assert "\n\nattribute: " in r.stdout  # records separated by a blank line


@pytest.mark.parametrize("env,flag,coloured", [
    ({}, None, True),
    ({"NO_COLOR": "1"}, None, False),
    ({"NO_COLOR": ""}, None, True),  # set but empty: no effect
    ({"TERM": "dumb"}, None, False),
    ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, None, False),  # NO_COLOR wins
    ({}, "never", False),
    ({"NO_COLOR": "1"}, "always", True),  # the flag wins over the environment
])
def test_colour_control(tmp_path, env, flag, coloured):
    args = ["lesion", "lytic"] + (["--color", flag] if flag else [])
    code, out, _ = run_in_pty(args, env=dict(env, BONEMETS_CACHE_DIR=str(tmp_path)))
    assert code == 0
    assert ("\x1b[" in out) == coloured
    assert BOX in out  # still a table


def test_force_color_does_not_change_piped_layout(tmp_path):
    r = subprocess.run([sys.executable, "-m", "bonemets", "lesion", "lytic"], capture_output=True, text=True,
                       env={"FORCE_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert BOX not in r.stdout and r.stdout.startswith("title: ")


def test_pager_on_a_tty_honours_pager(tmp_path):
    paged = tmp_path / "paged.txt"
    code, out, _ = run_in_pty(["cancer", "prostate", "--pager"],
                              env={"PAGER": f"cat > {paged}", "BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 0
    assert "Prostate cancer" in paged.read_text()
    assert "Prostate cancer" not in out


def test_no_pager_with_json_or_when_piped(tmp_path):
    paged = tmp_path / "paged.txt"
    code, out, _ = run_in_pty(["cancer", "prostate", "--pager", "--json"],
                              env={"PAGER": f"cat > {paged}", "BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 0 and '"id": "prostate"' in out and not paged.exists()
    r = subprocess.run([sys.executable, "-m", "bonemets", "cancer", "prostate", "--pager"], capture_output=True,
                       text=True, env={"PAGER": f"cat > {paged}", "XDG_CACHE_HOME": str(tmp_path),
                                       "PATH": "/usr/bin:/bin"})
    assert r.stdout.startswith("title: ") and not paged.exists()


def test_messages_on_stderr_data_on_stdout(run):
    r = run("symptoms", "--cancer", "prostat")
    assert r.stdout == "" and "did you mean: prostate?" in r.stderr


# --- the interactive checklist ------------------------------------------------------------------------


def _answers(kb, yes):
    """The answers in the order the checklist asks: grouped (pain, neurological, ...), y for ids in yes."""
    from bonemets import schema

    order = {g: i for i, g in enumerate(schema.SYMPTOM_GROUPS)}
    items = sorted(kb.symptoms(), key=lambda i: order.get(i.get("group"), 9))
    return [i["id"] for i in items], "".join("y\n" if i["id"] in yes else "n\n" for i in items).encode()


def test_check_on_a_pty_summarises_red_flags_first(tmp_path, kb):
    ids, keys = _answers(kb, {"bone-pain", "numbness-weakness"})
    code, out, err = run_in_pty(["symptoms", "--check", "--plain"], keys=keys,
                                env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 0, err
    assert "== Pain ==" in err and "== Neurological ==" in err
    summary = out[out.index("title: Symptom check summary"):]
    assert summary.index("red flag: Numbness or weakness") < summary.index("symptom: Bone pain")
    assert "urgency: emergency" in summary


def test_check_with_present_for_scripts(run):
    d = run.json("symptoms", "--check", "--present", "back-pain,leg-weakness,bone-pain")
    assert [x["id"] for x in d["red_flags"]] == ["numbness-weakness", "back-pain"]  # emergency before urgent
    assert [x["id"] for x in d["other"]] == ["bone-pain"]
    assert "spinal-cord-compression" in d["not_present"]
    assert all(x["action"] for x in d["red_flags"])
    r = run("symptoms", "--check", "--present", "back-pain,unicorn-pain")
    assert r.exit_code == 1 and "did you mean" in r.stderr


def test_check_needs_a_terminal_or_present(run):
    r = run("symptoms", "--check")
    assert r.exit_code == 2 and "--present" in r.stderr


def test_check_leaves_cleanly_on_eof(tmp_path):
    code, out, err = run_in_pty(["symptoms", "--check"], keys=b"y\n\x04", env={"BONEMETS_CACHE_DIR": str(tmp_path)})
    assert code == 130 and "interrupted" in err and "Traceback" not in out + err


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_check_in_a_real_terminal_under_tmux(tmp_path, kb):
    ids, _ = _answers(kb, set())
    session = f"bonemets-test-{int(time.time() * 1000)}"
    cmd = f"env BONEMETS_CACHE_DIR={tmp_path} {sys.executable} -m bonemets symptoms --check; echo EXIT=$?; sleep 30"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "50", cmd], check=True)
    try:
        def screen():
            return subprocess.run(["tmux", "capture-pane", "-p", "-J", "-t", session, "-S", "-500"], capture_output=True,
                                  text=True).stdout

        def wait_for(text, n=1):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if screen().count(text) >= n:
                    return
                time.sleep(0.05)
            raise AssertionError(f"never saw {text!r}:\n{screen()}")

        for k, ent_id in enumerate(ids):
            wait_for("[y/n/s=skip]:", k + 1)
            answer = "y" if ent_id in ("spinal-cord-compression", "swelling") else ("s" if k == 0 else "n")
            subprocess.run(["tmux", "send-keys", "-t", session, answer, "Enter"], check=True)
        wait_for("EXIT=0")
        text = screen()
        assert "Symptom check summary" in text
        assert text.index("Red flags present") < text.index("Other symptoms present")
        assert "Spinal cord compression" in text and "Swelling over a bone" in text
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
