"""Hostile text is shown literally and inertly by every renderer; pipes that close early are quiet."""
import json
import subprocess
import sys

import pytest

from bonemets.doc import Doc, Fields, Grid, Line

HOSTILE = [
    "[red]recoloured[/red]", "[link=file:///etc/passwd]click[/link]", "a [/mg] dose", "[note] kept",
    ":warning: literal", "\x1b[31mESC red\x1b[0m", "\x1b]8;;file:///etc/passwd\x07osc\x1b]8;;\x07",
    "C1 \x9b31m csi", "carriage\rreturn", "bell\x07", "del\x7f",
]
RAW = ["\x1b", "\x9b", "\r", "\x07", "\x7f", "\x9d"]


def hostile_doc():
    rows = [(h, [Line(h, marks=h, lead=h, note=h, evidence=(h,))]) for h in HOSTILE]
    grid = Grid([HOSTILE[0], "b"], [[h, [Line(h, marks=h, style="snippet")]] for h in HOSTILE], title=HOSTILE[1])
    return Doc(HOSTILE[5], [Fields(rows, title=HOSTILE[2]), grid], footer=list(HOSTILE),
               data={"strings": HOSTILE})


def test_plain_renderer_is_literal_and_inert():
    from bonemets.render import plain

    out = plain.text(hostile_doc())
    for ch in RAW:
        assert ch not in out
    for literal in ("[red]recoloured[/red]", "[link=file:///etc/passwd]", "a [/mg] dose", "[note] kept",
                    ":warning: literal", "\\x1b[31mESC red"):
        assert literal in out


@pytest.mark.parametrize("colour", [False, True])
def test_table_renderer_is_literal_and_inert(colour):
    from bonemets.render import table

    out = table.text(hostile_doc(), colour=colour, width=100)
    flat = " ".join(out.split())
    assert "\x1b]" not in out  # no OSC (hyperlink) sequence
    assert "\x9b" not in out and "\r" not in out and "\x07" not in out and "\x7f" not in out
    if not colour:
        assert "\x1b" not in out
    else:  # only Rich's own SGR styling
        import re

        assert not re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b")
    for literal in ("[red]recoloured[/red]", "[note]", ":warning:", "\\x1b[31mESC"):
        assert literal in flat.replace(" ", "") or literal in flat
    assert "\u26a0" not in out  # :warning: never became an emoji


def test_json_renderer_is_valid_and_ascii():
    from bonemets.render import jsonout

    out = jsonout.text(hostile_doc())
    assert json.loads(out) == {"strings": HOSTILE}
    assert all(ord(c) < 128 for c in out)
    for ch in RAW:
        assert ch not in out


def test_hostile_user_input_in_messages_is_inert(run):
    r = run("cancer", "\x1b]8;;file:///x\x07evil")
    assert r.exit_code == 1
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr


def test_broken_pipe_exits_quietly(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path)}
    p = subprocess.Popen([sys.executable, "-m", "bonemets", "search", "bone"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    p.stdout.close()  # the reader goes away before bonemets writes
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0
    assert err == ""


def test_list_piped_into_head_exits_quietly(tmp_path):
    r = subprocess.run(f"set -o pipefail; '{sys.executable}' -m bonemets list | head -1", shell=True,
                       executable="/bin/bash", capture_output=True, text=True,
                       env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path)})
    assert r.stdout.strip() and "\n" not in r.stdout.strip()
    assert r.stderr == ""


@pytest.mark.parametrize("args", [["validate", "\x00"], ["cancer", "prostate", "--data", "a\x00b"]])
def test_nul_in_a_path_is_a_usage_error(run, args):
    r = run(*args)
    assert r.exit_code == 2 and "NUL" in r.stderr and r.stdout == ""


def test_undecodable_bytes_in_argv_never_crash(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path), "LANG": "C.UTF-8"}
    for argv in ([b"search", b"bone\xff"], [b"cancer", b"pro\xffstate"], [b"validate", b"\xfe.yaml"]):
        r = subprocess.run([sys.executable.encode(), b"-m", b"bonemets", *argv], capture_output=True, env=env)
        assert r.returncode in (0, 1, 2), argv
        assert b"Traceback" not in r.stderr and b"internal error" not in r.stderr
        assert b"\xff" not in r.stdout and b"\xfe" not in r.stdout


def test_key_facts_ask_about_every_most_urgent_sign(run):
    # Medsafe 2018: severe hypocalcaemia with arrhythmias, seizures or tetany can be life-threatening: all three
    # emergency signs are on the first screen, the urgent ones (cramps, tingling) below
    d = run.json("symptom", "hypocalcaemia")
    asked = next(k for k in d["entity"]["key_facts"] if k["section"] == "signs")["facts"]
    texts = " ".join(f["text"] for f in asked)
    assert all(w in texts for w in ("seizure", "heartbeat", "tetany")) and "cramps" not in texts


def test_a_sign_without_its_own_urgency_has_its_entrys_on_the_first_screen(run):
    # NG234/CG75: limb weakness, gait, sensory loss, saddle numbness, bladder or bowel dysfunction and radicular
    # pain are emergencies (the entry's urgency); spinal pain without them is urgent (its own): the first
    # screen asks the emergencies, not the urgent back pain
    d = run.json("symptom", "spinal-cord-compression")
    asked = " ".join(f["text"] for f in next(k for k in d["entity"]["key_facts"] if k["section"] == "signs")["facts"])
    assert "saddle" in asked and "Weakness" in asked and "Back or neck pain" not in asked
