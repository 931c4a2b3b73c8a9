"""Every lookup command: content, citations, evidence, exit codes, stdout and stderr apart."""
import re

import pytest

from bonemets.knowledge import schema
from bonemets.views.cite import short_citation

SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def test_cancer_prostate_opens_with_its_key_facts(run, kb):
    r = run("cancer", "prostate")
    assert r.exit_code == 0 and r.stderr == ""
    out = r.stdout
    labels = [label.casefold() + ":" for _key, label in schema.KINDS["cancer"].key]
    positions = [out.index("\n" + label) for label in labels]
    assert positions == sorted(positions), "key facts in the order schema.py gives"
    assert max(positions) < out.index("\nhow often it reaches bone:"), "key facts before the sections"
    ent = kb.find("prostate", "cancer")
    assert f"note: Last reviewed: {ent['reviewed']}  (data/cancers/prostate.yaml)" in out


def test_citations_are_numbered_marks_with_a_reference_list(run, kb):
    out = run("cancer", "prostate").stdout
    assert "seed-003-advocacy-page" not in out and not SEED_FILE.search(out)  # no ids, no internal file names
    refs = [line for line in out.splitlines() if line.startswith("references: ")]
    assert refs and refs[0].startswith("references: [1] ")
    numbers = [int(re.match(r"references: \[(\d+)\]", line).group(1)) for line in refs]
    assert numbers == list(range(1, len(refs) + 1))
    cited = {int(n) for m in re.findall(r"\[(\d+(?:, \d+)*)\]", out.split("\nreferences: ")[0])
             for n in m.split(", ")}
    assert cited == set(numbers), "every mark has a reference and every reference is cited"
    seed3 = kb.sources["seed-003-advocacy-page"]
    assert any(short_citation(seed3) in line and "seed document, read in full" in line for line in refs)


@pytest.mark.parametrize("citation, short", [
    # a year inside the title's brackets is not the publication year
    ("Huang JF, et al. Incidence of bone metastases at diagnosis (SEER 2010-2016). Ann Transl Med 2020.",
     "Huang JF et al., Ann Transl Med 2020"),
    ("Coleman RE. Clinical features of metastatic bone disease and risk of skeletal morbidity. "
     "Clin Cancer Res 2006;12:6243s-6249s.", "Coleman RE, Clin Cancer Res 2006"),
    # an abbreviation inside brackets does not end the sentence
    ("Secondary summaries of a table: Radiopaedia (rev. 2 Sep 2024), GPnotebook.",
     "Secondary summaries of a table: Radiopaedia (rev. 2 Sep 2024), GPnotebook"),
])
def test_short_citation_keeps_author_journal_and_publication_year(citation, short):
    assert short_citation({"id": "x", "citation": citation}) == short


def test_every_short_citation_closes_its_brackets(kb):
    for sid in kb.sources:
        text = short_citation(kb.sources[sid])
        depth = 0
        for ch in text:
            depth += (ch in "([") - (ch in ")]")
            assert depth >= 0, (sid, text)
        assert depth == 0, (sid, text)


def test_a_fact_resting_on_secondary_sources_shows_its_tag(run, kb):
    ent = kb.find("prostate", "cancer")
    facts = [f for k, _ in schema.KINDS["cancer"].sections for f in ent.get(k, [])]
    weak = [f for f in facts if {kb.sources[s].get("verification") for s in f["sources"]} <= {"S"}]
    assert weak, "prostate cites at least one [S]-only figure (the Coleman table via Macedo)"
    out = run("cancer", "prostate").stdout
    for f in weak:
        line = next(line for line in out.splitlines() if f["text"] in line)
        assert "[S: secondary sources only]" in line, line


def test_json_is_one_contract_with_the_evidence(run, kb):
    d = run.json("cancer", "prostate")
    assert d["schema_version"] == 1 and d["command"] == "cancer"
    ent = d["entity"]
    assert ent["id"] == "prostate" and ent["kind"] == "cancer"
    assert ent["reviewed"] == kb.find("prostate", "cancer")["reviewed"]
    assert set(ent["summary"]) >= {"text", "sources"} and ({"quote", "locator"} & set(ent["summary"]))
    for section in ent["sections"].values():
        for fact in section["facts"]:
            assert fact["text"] and fact["sources"]
            assert "quote" in fact or "locator" in fact, fact
            assert isinstance(fact.get("quote", []), list)
    assert [k["section"] for k in ent["key_facts"]] == [k for k, _ in schema.KINDS["cancer"].key]
    assert [r["number"] for r in d["references"]] == list(range(1, len(d["references"]) + 1))


def test_evidence_shows_the_quote_or_locator_under_each_fact(run, kb):
    r = run("cancer", "prostate", "--evidence")
    assert r.exit_code == 0
    ent = kb.find("prostate", "cancer")
    lines = r.stdout.splitlines()
    for key, _ in schema.KINDS["cancer"].sections:
        for f in ent.get(key, []):
            i = next(i for i, line in enumerate(lines) if f["text"] in line)
            below = []
            for line in lines[i + 1:]:
                if not line.startswith("  evidence: "):
                    break
                below.append(line[len("  evidence: "):])
            for q in f.get("quote") or []:
                assert f"\u201c{q}\u201d" in below, (f["text"], q)
            if f.get("locator"):
                assert f"where: {f['locator']}" in below
    assert "evidence:" not in run("cancer", "prostate").stdout


@pytest.mark.parametrize("kind,words,expect_id", [
    ("lesion", ["lytic"], "osteolytic"), ("lesion", ["OSTEOLYTIC"], "osteolytic"),
    ("lesion", ["blastic"], "osteoblastic"), ("lesion", ["sclerotic"], "osteoblastic"),
    ("cancer", ["NSCLC"], "lung"), ("cancer", ["renal"], "kidney"), ("cancer", ["RCC"], "kidney"),
    ("cancer", ["breast", "cancer"], "breast"), ("cancer", ["prostate", "cancer"], "prostate"),
    ("cancer", ["renal", "cell", "carcinoma"], "kidney"),
    ("therapy", ["Xgeva"], "denosumab"), ("therapy", ["zoledronate"], "zoledronic-acid"),
    ("therapy", ["zoledronic", "acid"], "zoledronic-acid"), ("therapy", ["Zometa"], "zoledronic-acid"),
    ("therapy", ["Aredia"], "pamidronate"), ("therapy", ["Xofigo"], "radium-223"),
    ("therapy", ["Quadramet"], "samarium-153"), ("therapy", ["Metastron"], "strontium-89"),
    ("therapy", ["EBRT"], "external-beam-radiotherapy"),
    ("symptom", ["MSCC"], "spinal-cord-compression"), ("symptom", ["back", "pain"], "back-pain"),
    ("symptom", ["hypercalcemia"], "hypercalcaemia"), ("symptom", ["HCM"], "hypercalcaemia"),
    ("diagnostic", ["bone", "scan"], "bone-scan"), ("topic", ["vicious", "cycle"], "vicious-cycle"),
    ("topic", ["bone", "remodeling"], "bone-remodelling"), ("topic", ["SRE"], "skeletal-related-events"),
])
def test_names_aliases_spellings_brands_and_unquoted_words(run, kind, words, expect_id):
    d = run.json(kind, *words)
    assert d["entity"]["id"] == expect_id


@pytest.mark.parametrize("words,members", [
    (["bisphosphonates"], {"zoledronic-acid", "pamidronate", "oral-bisphosphonates"}),
    (["bone-modifying", "agents"], {"zoledronic-acid", "pamidronate", "oral-bisphosphonates", "denosumab"}),
    (["BMA"], {"zoledronic-acid", "pamidronate", "oral-bisphosphonates", "denosumab"}),
    (["radiopharmaceuticals"], {"radium-223", "samarium-153", "strontium-89", "lutetium-psma"}),
])
def test_drug_classes_list_their_members(run, words, members):
    d = run.json("therapy", *words)
    assert {m["id"] for m in d["class"]["members"]} == members
    out = run("therapy", *words).stdout
    for m in members:
        assert f"open with: bonemets therapy {m}" in out


@pytest.mark.parametrize("kind", [k.name for k in schema.KINDS.values() if k.name != "score"])
def test_every_lookup_command_opens_every_entity_of_its_kind(run, kb, kind):
    for ent in kb.of_kind(kind):
        r = run(kind, ent["id"])
        assert r.exit_code == 0, (ent["id"], r.stderr)
        assert ent["name"] in r.stdout
        assert f"Last reviewed: {ent['reviewed']}" in r.stdout


@pytest.mark.parametrize("kind,typed,expect", [
    ("cancer", "prostat", "prostate"), ("cancer", "prostrate", "prostate"), ("cancer", "myleoma", "myeloma"),
    ("therapy", "denosumub", "denosumab"), ("therapy", "zolendronic", "zoledronic-acid"),
    ("therapy", "xgva", "denosumab"), ("lesion", "blastik", "osteoblastic"),
])
def test_a_close_typo_is_suggested_never_opened(run, kind, typed, expect):
    r = run(kind, typed)
    assert r.exit_code == 1 and r.stdout == ""
    assert f"no {kind} entry named '{typed}'" in r.stderr
    assert f"did you mean: {expect}?" in r.stderr


@pytest.mark.parametrize("kind,typed,never", [
    ("therapy", "dexamethasone", "strontium"), ("therapy", "Prolia", "did you mean"),
    ("symptom", "hypomagnesaemia", "hypercalcaemia"), ("cancer", "myelomatosis", "melanoma"),
])
def test_no_misleading_suggestion(run, kind, typed, never):
    r = run(kind, typed)
    assert r.exit_code == 1 and r.stdout == ""
    assert "did you mean" not in r.stderr, r.stderr
    assert never not in r.stderr.split("\n")[0].split("mentioned in")[0], r.stderr


@pytest.mark.parametrize("kind,typed,opens", [
    ("symptom", "hypocalcemia", "hypocalcaemia"), ("symptom", "hypocalcaemia", "hypocalcaemia"),
    ("symptom", "hypercalcemia", "hypercalcaemia"), ("cancer", "melanoma", "melanoma"),
    ("cancer", "myeloma", "myeloma"), ("cancer", "sarcoma", "sarcoma"),
])
def test_a_look_alike_opens_itself_never_its_twin(run, kind, typed, opens):
    assert run.json(kind, typed)["entity"]["id"] == opens


def test_a_real_term_says_where_it_is_mentioned(run):
    r = run("symptom", "hypophosphataemia")
    assert "no symptom entry named 'hypophosphataemia'; it is mentioned in: " in r.stderr
    assert "Pamidronate (" in r.stderr and "Hypercalcaemia (" not in r.stderr.split(";")[0]
    assert "see: bonemets search hypophosphataemia" in r.stderr


def test_nothing_close_says_what_is_covered(run, kb):
    r = run("cancer", "glioblastomatosis")
    assert r.exit_code == 1
    assert "bonemets has no cancer entry for 'glioblastomatosis'" in r.stderr
    assert "cancers covered: " + ", ".join(h.id for h in kb.heads("cancer")) in r.stderr
    assert "try: bonemets search glioblastomatosis" in r.stderr


def test_a_related_term_or_a_different_product_is_named_not_opened(run):
    r = run("therapy", "kyphoplasty")
    assert r.exit_code == 1 and "related: bonemets therapy vertebroplasty" in r.stderr
    r = run("therapy", "Prolia")
    assert r.exit_code == 1 and "60 mg" in r.stderr and "different product from Xgeva" in r.stderr


def test_unknown_name_of_another_kind_points_there(run):
    r = run("cancer", "denosumab")
    assert r.exit_code == 1 and "it is a therapy: bonemets therapy denosumab" in r.stderr


def test_long_input_is_cut_in_messages(run):
    r = run("cancer", "x" * 100_000)
    assert r.exit_code == 1 and len(r.stderr) < 1000


def test_usage_errors_exit_2(run):
    assert run("cancer").exit_code == 2
    assert run("cancer", "prostate", "--bogus").exit_code == 2
    r = run("list", "widgets")
    assert r.exit_code == 2 and "unknown kind" in r.stderr and r.stdout == ""


def test_list_all_and_by_kind(run, kb):
    r = run("list")
    assert r.exit_code == 0
    assert r.stdout.split() == [h.id for h in kb.heads()]
    d = run.json("list", "lesions")
    assert {x["id"] for x in d["entries"]} == {"osteolytic", "osteoblastic", "mixed"}
    assert all(x["summary_text"] for x in d["entries"])


def test_compare_lytic_blastic(run):
    r = run("compare", "lytic", "blastic")
    assert r.exit_code == 0
    assert "attribute: What happens to bone" in r.stdout
    d = run.json("compare", "lytic", "blastic")
    assert [e["id"] for e in d["entities"]] == ["osteolytic", "osteoblastic"]
    rows = {row["attribute"]: row for row in d["rows"]}
    assert "hypercalcaemia" in " ".join(f["text"] for f in rows["complications"]["values"]["osteolytic"])


@pytest.mark.parametrize("args,ids", [
    (["breast", "prostate", "lung"], ["breast", "prostate", "lung"]),
    (["zoledronic", "acid", "denosumab"], ["zoledronic-acid", "denosumab"]),
    (["breast cancer", "prostate"], ["breast", "prostate"]),
    (["breast", "cancer", "prostate", "cancer"], ["breast", "prostate"]),
])
def test_compare_reads_names_of_one_or_more_words(run, args, ids):
    d = run.json("compare", *args)
    assert [e["id"] for e in d["entities"]] == ids


def test_compare_mixed_kinds_is_a_usage_error(run):
    r = run("compare", "lytic", "prostate")
    assert r.exit_code == 2 and "one kind" in r.stderr and r.stdout == ""


def test_compare_needs_two(run):
    assert run("compare", "lytic").exit_code == 2


def test_compare_unknown_name_exits_1(run):
    r = run("compare", "lytic", "blastik")
    assert r.exit_code == 1 and "did you mean: osteoblastic?" in r.stderr


def test_sources_are_readable(run, kb):
    r = run("sources")
    assert r.exit_code == 0
    assert not SEED_FILE.search(r.stdout), "no internal file names"
    for tag, words in schema.VERIFICATION_WORDS.items():
        assert f"{tag}: {words}" in r.stdout
    d = run.json("sources", "seed-003-advocacy-page")["source"]
    assert d["verification"] == "seed" and not SEED_FILE.search(str(d))
    assert "prostate" in {c["id"] for c in d["cited_by"]}
    r = run("sources", "coleman-2066")
    assert r.exit_code == 1 and "coleman-2006" in r.stderr


def test_cited_by_covers_every_kind(run, kb):
    for sid in ("nice-ng234", "esmo-2020", "seed-003-advocacy-page"):
        cited = {c["id"] for c in run.json("sources", sid)["source"]["cited_by"]}
        expected = {e["id"] for e in kb.of_kind() if f"'{sid}'" in str(e)}
        assert cited == expected, sid


def test_version(run):
    from bonemets import __version__
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"bonemets {__version__}"


def test_bare_bonemets_prints_help_and_exits_0(run):
    r = run()
    assert r.exit_code == 0 and "Examples:" in r.stdout
