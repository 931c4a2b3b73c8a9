"""Random argument lists, names and fact files: every run ends with exit 0, 1 or 2 and never a traceback.

CI runs a few thousand examples; set BONEMETS_FUZZ_EXAMPLES (e.g. 50000) for a long run.
"""
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

N = int(os.environ.get("BONEMETS_FUZZ_EXAMPLES", "2500"))
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
                derandomize=os.environ.get("CI") == "true")

WORDS = ["cancer", "lesion", "symptom", "therapy", "diagnostic", "topic", "list", "compare", "symptoms", "search",
         "sources", "score", "validate", "mirels", "sins", "tokuhashi", "calcium", "prostate", "lytic", "blastic",
         "NSCLC", "Xgeva", "--json", "--plain", "--red-flags", "--cancer", "--check", "--present", "--site",
         "--pain", "--lesion", "--size", "--kps", "--calcium", "--albumin", "--units", "mmol/l", "-1", "0", "1e309",
         "nan", "--color", "always", "never", "--help", "--version", "--", "-", "", " ", "cancers", "scores",
         "--data", "/nonexistent", "[red]x", "\x1b[31m", "..", "ü", "∞",
         "prognosis", "tomita", "katagiri", "modified-bauer", "zoledronic-dose", "bilsky", "frankel", "ecog",
         "--primary", "--grade", "--growth", "--crp", "--weight", "--creatinine", "--convention", "uk", "1c", "1_0"]

args = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=8)


def _ok(r):
    out = r.stdout + r.stderr
    assert r.exit_code in (0, 1, 2), (r.exit_code, out[-500:])
    assert "Traceback" not in out
    assert "internal error" not in r.stderr, r.stderr


@settings(max_examples=N, **SETTINGS)
@given(argv=args)
def test_random_argument_lists(run, argv):
    if "--check" in argv and "--present" not in argv:
        argv = [a for a in argv if a != "--check"]  # the interactive form reads a terminal
    _ok(run(*argv, input=""))


@settings(max_examples=max(N // 5, 50), **SETTINGS)
@given(kind=st.sampled_from(["cancer", "lesion", "symptom", "therapy", "diagnostic", "topic"]),
       name=st.text(min_size=1, max_size=30))
def test_random_names(run, kind, name):
    if name.startswith("-"):
        name = "x" + name
    _ok(run(kind, name))


scalar = st.one_of(st.text(max_size=40), st.booleans(), st.integers(), st.none(), st.floats(allow_nan=False))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                     max_leaves=12)
entity = st.fixed_dictionaries(
    {"id": st.one_of(st.sampled_from(["prostate", "fuzz", "lytic", "x"]), st.text(max_size=10)),
     "kind": st.one_of(st.sampled_from(["cancer", "lesion", "symptom", "therapy"]), st.text(max_size=8))},
    optional={"name": scalar, "summary": scalar, "sources": value, "reviewed": scalar, "aliases": value,
              "incidence": value, "lesion_type": value, "urgency": scalar, "red_flag": scalar, "meaning": value,
              "action": value, "group": scalar, "lesions": value})
raw_yaml = st.one_of(entity.map(lambda d: yaml.safe_dump(d, allow_unicode=True)), st.text(max_size=200),
                     st.binary(max_size=200))


@settings(max_examples=max(N // 10, 50), **SETTINGS)  # each example builds an index: the costliest fuzz
@given(files=st.lists(raw_yaml, min_size=1, max_size=3),
       cmd=st.sampled_from([["cancer", "prostate"], ["list"], ["search", "bone"], ["symptoms", "--red-flags"],
                            ["compare", "lytic", "blastic"], ["cancer", "fuzz"], ["validate"]]))
def test_random_fact_files(run, tmp_path_factory, files, cmd):
    d = tmp_path_factory.mktemp("fuzzdata")
    for i, content in enumerate(files):
        p = d / f"f{i}.yaml"
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8", errors="surrogateescape")
    argv = ["validate", str(d)] if cmd == ["validate"] else [*cmd, "--data", str(d)]
    _ok(run(*argv))
