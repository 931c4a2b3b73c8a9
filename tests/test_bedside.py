"""Issue 22, at the bedside: each reproducer run against the installed executable (a wheel in a fresh venv;
BONEMETS_TEST_EXE points at another one while developing), on a pty where the behaviour is interactive."""
import json
import os
import signal
import subprocess

import pytest
from ptyrun import PtySession

ASK = "s=skip/f=finish]:"


@pytest.fixture
def exe(request):
    return os.environ.get("BONEMETS_TEST_EXE") or str(request.getfixturevalue("installed")[2])


@pytest.fixture
def env(tmp_path):
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
            "BONEMETS_CACHE_DIR": str(tmp_path / "cache"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}


@pytest.fixture
def bm(exe, env):
    def run(*args, extra=None, stdin=None):
        r = subprocess.run([exe, *map(str, args)], capture_output=True, text=True, env={**env, **(extra or {})},
                           timeout=60, stdin=stdin if stdin is not None else subprocess.DEVNULL)
        assert "Traceback" not in r.stdout + r.stderr and "internal error" not in r.stderr, r.stderr[-2000:]
        return r

    return run


def pty(exe, env, *args, cols=80):
    return PtySession(args, cols=cols, env=env, executable=exe)


# --- 1. the checklist keeps its answers ---------------------------------------------------------------------

def _answer(p, keys):
    for i, k in enumerate(keys):
        p.expect(ASK, i + 1)
        p.send(k + "\n")
    p.expect(ASK, len(keys) + 1)


def test_ctrl_c_in_the_checklist_prints_what_was_answered_then_exits_130(exe, env):
    p = pty(exe, env, "symptoms", "--check", "--plain")
    _answer(p, ["y", "y", "n", "s"])
    p.signal(signal.SIGINT)
    code, text = p.finish()
    assert code == 130 and "Traceback" not in text
    summary = text[text.index("title: Symptom check summary"):]
    assert "section: Red flags present" in summary and "red flag: New back or neck pain" in summary
    assert "section: Ended early: not asked" in summary
    assert "interrupted after 4 of" in summary  # stderr, after the summary


def test_end_of_input_in_the_checklist_keeps_the_answers_too(exe, env):
    p = pty(exe, env, "symptoms", "--check", "--plain")
    _answer(p, ["y"])
    p.send("\x04")
    code, text = p.finish()
    assert code == 130 and "title: Symptom check summary" in text and "interrupted after 1 of" in text


def test_f_finishes_now_with_the_summary_and_success(exe, env):
    p = pty(exe, env, "symptoms", "--check", "--plain")
    p.expect("f = finish now")
    _answer(p, ["n", "y"])
    p.send("f\n")
    code, text = p.finish()
    assert code == 0 and "title: Symptom check summary" in text and "Ended early: not asked" in text
    assert "interrupted" not in text


def test_a_primary_without_its_own_list_gets_the_general_checklist(bm):
    r = bm("symptoms", "--cancer", "pancreas")
    assert r.returncode == 0 and "Spinal cord compression" in r.stdout
    assert "no list of its own for 'pancreas'" in r.stdout and "general checklist" in r.stdout
    d = json.loads(bm("symptoms", "--cancer", "pancreas", "--json").stdout)
    assert "general checklist" in d["note"] and d["groups"][0]["entities"]
    r = bm("symptoms", "--cancer", "prostat")  # a typo stays an error, with its suggestion
    assert r.returncode == 1 and "did you mean: prostate?" in r.stderr and r.stdout == ""


# --- 2. completion for every name ----------------------------------------------------------------------------

def tab(exe, env, line, **extra):
    """What bash completion offers for ``line`` (the word under the cursor is the last one, maybe empty)."""
    from bonemets.cli.names import split_arg_string

    cword = len(split_arg_string(line)) - (0 if line.endswith(" ") else 1)
    r = subprocess.run([exe], capture_output=True, text=True, timeout=60, env={
        **env, **extra, "_BONEMETS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)})
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return r.stdout.split()


@pytest.mark.parametrize("slow", ["", "1"])
@pytest.mark.parametrize("line,offered,not_offered", [
    ("bonemets sources col", ["coleman-2006"], []),  # was: internal error (AttributeError)
    ("bonemets cancer breast c", [], ["crpc", "cup"]),  # the name is complete: only its own continuations
    ("bonemets cancer pro", ["prostate"], []),
    ("bonemets lesion ly", ["lytic"], []),
    ("bonemets symptom back", ["back-pain"], []),
    ("bonemets therapy zoledronic a", ["acid"], ["aredia"]),  # a multi-word name completes as a whole
    ("bonemets therapy zol", ["zoledronic-acid"], []),
    ("bonemets diagnostic ", ["bone-scan"], []),
    ("bonemets topic ", [], []),
    ("bonemets compare lytic bl", ["blastic"], []),
    ("bonemets compare zoledronic a", ["acid"], ["aredia"]),
    ("bonemets list c", ["cancers"], []),
    ("bonemets symptoms --cancer pro", ["prostate"], []),
    ("bonemets symptoms --check --present back-pain,leg", ["back-pain,leg-weakness"], []),
    ("bonemets score s", ["sins"], []),
    ("bonemets score sins --location ", ["junctional", "mobile", "semirigid", "rigid"], []),
    ("bonemets prognosis --tomita-bone ", ["solitary"], []),
    ("bonemets l", ["lesion", "list"], []),
])
def test_bash_completion_for_every_name(exe, env, line, offered, not_offered, slow):
    got = tab(exe, env, line, BONEMETS_SLOW=slow)
    assert all(o in got for o in offered), (line, got)
    assert not set(not_offered) & set(got), (line, got)
    current = line.rsplit(" ", 1)[1]
    assert all(g.startswith(current) for g in got)


# --- 3. names everywhere follow one rule ---------------------------------------------------------------------

SINS = ["--location", "junctional", "--pain", "mechanical", "--lesion", "lytic", "--alignment", "normal",
        "--collapse", "none", "--posterolateral", "none"]


def test_score_names_ignore_case_and_take_aliases(bm):
    a, b = bm("score", "SINS", *SINS), bm("score", "sins", *SINS)
    assert a.returncode == b.returncode == 0 and a.stdout == b.stdout
    r = bm("score", "bauer", "--help")
    assert r.returncode == 0 and "Usage: bonemets score modified-bauer" in r.stdout
    assert bm("score", "Tokuhashi", "--help").returncode == 0


@pytest.mark.parametrize("typed,exit_code,says", [
    ("sinss", 1, "did you mean: sins?"),
    ("mirel", 1, "did you mean: mirels?"),
    ("prostate", 1, "it is a cancer: bonemets cancer prostate"),
    ("qqqq", 1, "scores covered:"),
])
def test_an_unknown_score_name_gets_only_close_suggestions(bm, typed, exit_code, says):
    r = bm("score", typed)
    assert r.returncode == exit_code and says in r.stderr and r.stdout == ""
    assert "No such command" not in r.stderr


def test_source_ids_ignore_case_and_suggest(bm):
    r = bm("sources", "coleman")
    assert r.returncode == 1 and "coleman-2006" in r.stderr.split("did you mean:")[1]
    assert "seed-" not in r.stderr  # only genuinely close ids
    r = bm("sources", "Coleman-2006")
    assert r.returncode == 0 and r.stdout.startswith("title: Source coleman-2006")
    r = bm("sources", "zzzz-1999")
    assert r.returncode == 1 and "did you mean" not in r.stderr


def test_sources_n_is_the_nth_reference_of_the_page_last_shown(bm):
    r = bm("sources", "3")
    assert r.returncode == 1 and "no page shown yet" in r.stderr and "give the id" in r.stderr
    page = bm("cancer", "prostate")
    third = next(line for line in page.stdout.splitlines() if line.startswith("references: [3] "))
    r = bm("sources", "3")
    assert r.returncode == 0 and "[3] on the page last shown (Prostate cancer" in r.stderr
    assert third.split("] ", 1)[1].split(" [")[0] in r.stdout
    r = bm("sources", "999")
    assert r.returncode == 1 and "has references 1-" in r.stderr


# --- 4. prompts that teach -----------------------------------------------------------------------------------

ASK_CHOICE = "a word or its first letters:"


def test_a_score_prompt_numbers_the_choices_with_meaning_and_points(exe, env):
    p = pty(exe, env, "score", "sins", "--plain", "--lesion", "lytic", "--alignment", "normal", "--collapse", "none")
    p.expect(ASK_CHOICE)
    assert "1  junctional  3 points  junctional (occiput-C2" in p.text and "4  rigid       0 points" in p.text
    p.send("1\n")  # a number
    p.expect("running total: 5 points so far")
    p.expect(ASK_CHOICE, 2)
    p.send("mech\n")  # an unambiguous prefix
    p.expect("running total: 8 points so far")
    p.expect(ASK_CHOICE, 3)
    p.send("zz\n")  # refused, asked again
    p.expect("'zz' is not one of: bilateral, unilateral, none")
    p.send("uni\n")
    code, text = p.finish()
    assert code == 0 and "--pain mechanical" in text and "--posterolateral unilateral" in text
    assert "item: total" in text and "points: 9" in text


def test_ctrl_d_in_a_score_prompt_exits_130_quietly(exe, env):
    p = pty(exe, env, "score", "mirels")
    p.expect(ASK_CHOICE)
    p.send("\x04")
    code, text = p.finish()
    assert code == 130 and "Traceback" not in text


def test_bare_prognosis_on_a_terminal_asks_for_what_it_needs(exe, env):
    p = pty(exe, env, "prognosis", "--plain")
    p.expect("Enter to skip:")
    assert "(--primary)" in p.text
    p.send("kidney\n")
    asked = 1
    while True:
        try:
            p.expect("Enter to skip:", asked + 1, timeout=10)
        except AssertionError:
            break
        asked += 1
        p.send("\n")
    code, text = p.finish()
    assert code == 0 and asked > 5 and "(--tomita-bone)" in text and "needs --tomita-bone" in text


def test_bare_prognosis_in_a_script_is_still_a_usage_error(bm):
    r = bm("prognosis")
    assert r.returncode == 2 and "give the inputs you have" in r.stderr


# --- 5. layout at 60, 80 and 120 columns ---------------------------------------------------------------------

import re  # noqa: E402

from ptyrun import run_in_pty  # noqa: E402

SGR = re.compile(r"\x1b\[[0-9;]*m|\x1b\][^\x07]*\x07")
HELPS = [[], ["cancer"], ["lesion"], ["symptom"], ["therapy"], ["diagnostic"], ["topic"], ["list"], ["compare"],
         ["symptoms"], ["search"], ["sources"], ["validate"], ["score"], ["prognosis"], ["score", "sins"],
         ["score", "mirels"], ["score", "tokuhashi"], ["score", "tomita"], ["score", "modified-bauer"],
         ["score", "katagiri"], ["score", "calcium"], ["score", "zoledronic-dose"], ["score", "bilsky"],
         ["score", "frankel"], ["score", "ecog"]]
OUTPUTS = [["cancer", "prostate"], ["lesion", "lytic"], ["compare", "lytic", "blastic"], ["symptoms", "--red-flags"],
           ["list", "scores"], ["search", "ONJ"], ["sources", "coleman-2006"], ["therapy", "zoledronic", "acid"],
           ["score", "sins", *SINS], ["score", "calcium", "--calcium", "11.2", "--albumin", "3.0"]]


def _screen(exe, env, args, cols):
    code, out, err = run_in_pty(args, cols=cols, rows=500, env=env, executable=exe)
    assert code == 0 and "Traceback" not in out + err, (args, err)
    return SGR.sub("", out)


def _unsplit(text, cols, args):
    for line in text.splitlines():
        assert len(line) <= cols, (args, cols, line)  # the terminal never wraps a line itself
        for m in re.finditer(r"\[\d[\d,]*", line):  # a citation mark ends on its own line
            assert line[m.end():m.end() + 1] in ("]", ","), (args, cols, line)
        assert not re.search(r"\[\d+(, ?\d+)*,$", line.rstrip(" │")), (args, cols, line)
        assert not re.search(r"(^|\s)-{1,2}[a-z][a-z0-9-]*-$", line.rstrip(" │")), (args, cols, line)


@pytest.mark.parametrize("cols", [60, 80, 120])
def test_help_never_splits_an_option_name_or_a_command(exe, env, cols):
    import typer.main

    from bonemets.cli.build import make_app

    group = typer.main.get_command(make_app(None))
    for args in HELPS:
        text = _screen(exe, env, [*args, "--help"], cols)
        _unsplit(text, cols, args)
        cmd = group
        for a in args:
            cmd = cmd.commands[a]
        for p in cmd.params:
            for opt in p.opts:
                if opt.startswith("--"):
                    assert re.search(re.escape(opt) + r"(?![a-z0-9-])", text), (args, cols, opt)


@pytest.mark.parametrize("cols", [60, 80, 120])
def test_output_never_splits_a_citation_mark_or_an_option(exe, env, cols):
    for args in OUTPUTS:
        _unsplit(_screen(exe, env, args, cols), cols, args)


def test_one_header_for_a_disagreement_with_its_bullets_under_it(exe, env):
    text = _screen(exe, env, ["cancer", "prostate"], 80)
    first = text.split("In detail")[0]
    assert first.count("SOURCES DIFFER (how often advanced prostate cancer") == 1
    head = first.index("SOURCES DIFFER (how often advanced prostate cancer")
    assert first[head:].split("Lesion type")[0].count("•") == 3


def test_a_snippet_is_one_fact_on_one_line_centred_and_keeps_numbers_with_units(bm):
    r = bm("search", "ONJ", "--plain")
    snippets = [ln for ln in r.stdout.splitlines() if ln.startswith("snippet: ")]
    assert r.returncode == 0 and snippets
    lines = r.stdout.splitlines()
    assert all(ln == "" or re.match(r"^[a-z][a-z ]*: ", ln) for ln in lines)  # the field: value format holds
    assert any("3.2-5.0% at 90 mg" in s for s in snippets)
    for s in snippets:
        assert not re.search(r"\d…", s) and not re.search(r"\d[-.]?\s*…?$", s.removesuffix(" [fact]"))
    d = json.loads(bm("search", "ONJ", "--json").stdout)
    assert all("\n" not in x["snippet"] for x in d["results"])


# --- 6. -V, global options before the command, --brief ------------------------------------------------------

def test_dash_v_is_the_version(bm):
    from bonemets import __version__
    for flag in ("-V", "--version"):
        r = bm(flag)
        assert r.returncode == 0 and r.stdout == f"bonemets {__version__}\n"


@pytest.mark.parametrize("before,after", [
    (["--json", "cancer", "prostate"], ["cancer", "prostate", "--json"]),
    (["--plain", "--color", "never", "compare", "lytic", "blastic"], ["compare", "lytic", "blastic", "--plain"]),
    (["--json", "score", "calcium", "--calcium", "11.2", "--albumin", "3.0"],
     ["score", "calcium", "--calcium", "11.2", "--albumin", "3.0", "--json"]),
    (["--color=never", "--plain", "symptoms", "--red-flags"], ["symptoms", "--red-flags", "--plain"]),
])
def test_global_options_before_the_command_as_after_it(bm, before, after):
    a, b = bm(*before), bm(*after)
    assert a.returncode == b.returncode == 0 and a.stdout == b.stdout and a.stdout


def test_global_options_with_no_command_are_a_usage_error(bm):
    r = bm("--json")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_brief_is_the_key_facts_only(bm):
    full, brief = bm("lesion", "lytic"), bm("lesion", "lytic", "--brief")
    assert brief.returncode == 0 and "section: Key facts" in brief.stdout and "In detail" not in brief.stdout
    assert len(brief.stdout.splitlines()) < len(full.stdout.splitlines()) / 2
    assert "Key facts only: everything is in 'bonemets lesion osteolytic'" in brief.stdout
    slow = bm("lesion", "lytic", "--brief", extra={"BONEMETS_SLOW": "1"})
    assert slow.stdout == brief.stdout
