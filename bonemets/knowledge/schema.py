"""The fact-file schema, defined once. ``data/README.md`` documents it for content editors.

Every entity file holds one entity::

    id, kind, name, aliases, summary, sources (for the summary), reviewed,
    then the kind's own sections (lists of facts) and fields.

A *fact* is ``{text, sources, quote | locator, [conflict], [unverified], [note], [key]}``: one
statement in our own words, the ids of the sources it rests on, and the evidence a reader can check:
``quote`` (the supporting words copied verbatim from a seed document it cites: a string or a list of
strings) or ``locator`` (where in a non-seed source it is: "abstract", "Table 2", "label section 5.2").
Facts that share a ``conflict`` label are shown together with a warning that the sources differ.
The entity's own ``quote``/``locator`` back its summary, as its ``sources`` do.
"""
from __future__ import annotations

import re
from typing import NamedTuple

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")  # always used with fullmatch: "id\n" is not an id
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

URGENCY = ("emergency", "urgent", "prompt", "routine")
URGENCY_MEANING = {
    "emergency": "an oncological emergency in published guidance: the local emergency pathway, immediately",
    "urgent": "urgent assessment in published guidance; the actions give the time frames",
    "prompt": "to be reported to the treating team soon",
    "routine": "to be raised at the next review",
}
SYMPTOM_GROUPS = ("pain", "neurological", "hypercalcaemia", "fracture", "general")
# seed: one of the five seed documents, read in full; listed: a reference known only from a seed's
# reference list (its title); V/S/U: the tag clinical-anchors.md gives (verified / secondary / unverified).
VERIFICATION = ("seed", "listed", "V", "S", "U")
# A fact citing a source whose words we hold in a seed (``seed:`` in sources.yaml) carries a quote.
QUOTE_MAX = 220
QUOTE_MIN_WORDS = 3


class Kind(NamedTuple):
    name: str  # singular, as in `bonemets cancer NAME`
    plural: str  # folder name under data/ and the `bonemets list KIND` word
    title: str
    sections: tuple[tuple[str, str], ...]  # (key, label), in display order
    refs: tuple[tuple[str, str, str], ...] = ()  # (key, target kind, label)
    choices: tuple[tuple[str, tuple[str, ...], str], ...] = ()  # (key, allowed values, label)
    flags: tuple[tuple[str, str], ...] = ()  # boolean fields (key, label)
    required: tuple[str, ...] = ()  # sections or fields that must be present
    # The first screen: (section, short label) whose key fact (the one marked key, else the first) opens
    # the entry, one line each; the other facts follow in the sections, in the order above.
    key: tuple[tuple[str, str], ...] = ()
    example: str = ""  # a name for the command's --help examples

    def labels(self) -> dict[str, str]:
        out = {k: v for k, v in self.sections}
        out.update({k: lbl for k, _, lbl in self.refs})
        out.update({k: lbl for k, _, lbl in self.choices})
        out.update(dict(self.flags))
        return out


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "cancer", "cancers", "Primary cancer",
            sections=(
                ("incidence", "How often it reaches bone"),
                ("lesion_type", "Typical lesion type"),
                ("sites", "Common sites"),
                ("clinical", "Symptoms and complications of note"),
                ("markers", "Markers and tests"),
                ("treatment", "Therapies specific to it"),
                ("survival", "Survival after bone metastasis"),
                ("unique", "Biology and research"),
            ),
            refs=(
                ("lesions", "lesion", "Lesion types"),
                ("symptoms", "symptom", "Symptoms to watch"),
                ("therapies", "therapy", "Related therapies"),
                ("diagnostics", "diagnostic", "Related tests"),
            ),
            required=("incidence", "lesion_type"),
            key=(("incidence", "Reaches bone"), ("lesion_type", "Lesion type"), ("sites", "Main sites"),
                 ("treatment", "Management"), ("survival", "Survival")),
            example="prostate",
        ),
        Kind(
            "lesion", "lesions", "Lesion type",
            sections=(
                ("process", "What happens to bone"),
                ("radiology", "Radiological appearance"),
                ("primaries", "Typical primaries"),
                ("complications", "Complications"),
                ("treatment", "What it means for treatment"),
                ("mediators", "Cells and mediators"),
            ),
            refs=(("cancers", "cancer", "Primary cancers"),),
            required=("process",),
            key=(("process", "What happens"), ("radiology", "Imaging"), ("primaries", "Typical primaries"),
                 ("complications", "Complications")),
            example="lytic",
        ),
        Kind(
            "symptom", "symptoms", "Symptom or complication",
            sections=(
                ("action", "What to do"),
                ("signs", "Signs to ask about"),
                ("meaning", "What it may mean"),
                ("description", "What it is"),
                ("early_signs", "Early signs"),
                ("late_signs", "Later signs"),
            ),
            refs=(("cancers", "cancer", "Matters most in"), ("see", "any", "See also")),
            choices=(("urgency", URGENCY, "Urgency"), ("group", SYMPTOM_GROUPS, "Group")),
            flags=(("red_flag", "Red flag"),),
            required=("meaning", "action", "urgency", "group"),
            key=(("action", "What to do"), ("signs", "Ask about")),
            example="spinal-cord-compression",
        ),
        Kind(
            "therapy", "therapies", "Therapy",
            sections=(
                ("indications", "Indications"),
                ("schedule", "Dose and schedule"),
                ("cautions", "Cautions"),
                ("side_effects", "Side effects"),
                ("evidence", "Evidence"),
                ("mechanism", "How it works"),
            ),
            refs=(("cancers", "cancer", "Used in"), ("see", "any", "See also")),
            required=("mechanism",),
            key=(("indications", "Indication"), ("schedule", "Dose"), ("cautions", "Caution"),
                 ("side_effects", "Side effects")),
            example="denosumab",
        ),
        Kind(
            "diagnostic", "diagnostics", "Diagnostic test",
            sections=(
                ("purpose", "What it is for"),
                ("findings", "What it shows"),
                ("limitations", "Limits"),
            ),
            refs=(("cancers", "cancer", "Especially in"), ("see", "any", "See also")),
            required=("purpose",),
            key=(("purpose", "What it is for"), ("findings", "What it shows"), ("limitations", "Limits")),
            example="bone-scan",
        ),
        Kind(
            "topic", "topics", "Background topic",
            sections=(
                ("overview", "Overview"),
                ("clinical", "Why it matters clinically"),
                ("details", "Details"),
            ),
            refs=(("see", "any", "See also"),),
            required=("overview",),
            key=(("overview", "Overview"), ("clinical", "Why it matters")),
            example="vicious-cycle",
        ),
        Kind(
            "pathway", "pathways", "Pathway",
            sections=(
                ("scope", "Who it is for"),
                ("steps", "Steps"),
                ("notes", "Notes"),
            ),
            refs=(("see", "any", "See also"),),
            required=("scope", "steps"),
            key=(("scope", "Who it is for"),),
            example="mscc",
        ),
        Kind(
            "leaflet", "leaflets", "Patient leaflet",
            sections=(
                ("about", "What this is about"),
                ("signs", "Warning signs"),
                ("action", "What to do"),
                ("care", "Looking after yourself"),
            ),
            refs=(("see", "any", "See also"),),
            required=("about", "action"),
            key=(("about", "About"),),
            example="mscc",
        ),
        Kind(
            "score", "scores", "Bedside score",
            sections=(
                ("purpose", "What it is for"),
                ("interpretation", "Interpretation"),
                ("limitations", "Limits"),
            ),
            refs=(("see", "any", "See also"),),
            required=("purpose",),
            key=(("purpose", "What it is for"),),
            example="sins",
        ),
    )
}

PLURALS = {k.plural: k.name for k in KINDS.values()}

# How a score's table is computed (its `engine:`): a table engine (None: bonemets/scores/engine.py sums points
# or reads grades), or a formula, computed by the module of the same name in bonemets/scores/ (hyphens as
# underscores), with the items its table must have. A new formula: its module, one line here, its data file.
SCORE_ENGINES: dict[str, tuple[str, ...] | None] = {
    "points": None,
    "grade": None,
    "calcium": ("calcium", "albumin", "units", "convention"),
    "creatinine-clearance": ("age", "weight", "creatinine", "units", "sex"),
}

# What each section answers, in the words a clinician asks it with: search reads a fact's section through
# its label and these words ("which cancers" finds a lesion's typical primaries, "dose" a therapy's schedule).
SECTION_TOPICS = {
    "incidence": "incidence how often frequency common proportion percent rate",
    "lesion_type": "lesion type lytic blastic osteolytic osteoblastic sclerotic mixed appearance",
    "sites": "sites where location skeleton",
    "clinical": "symptoms complications",
    "markers": "markers tests blood",
    "treatment": "treatment management therapy treat manage",
    "survival": "survival prognosis life expectancy outlook median",
    "primaries": "cancers cancer primaries primary tumours which",
    "radiology": "imaging appearance x-ray radiograph",
    "action": "what to do action management refer referral urgency treat manage",
    "signs": "signs symptoms ask",
    "meaning": "meaning cause means",
    "indications": "indications indication when who use",
    "schedule": "dose dosing dosage schedule interval infusion regimen how often frequency",
    "cautions": "cautions warnings precautions monitoring contraindications renal",
    "side_effects": "side effects adverse effects toxicity",
    "evidence": "evidence trial trials study results",
    "mechanism": "mechanism how it works",
    "purpose": "purpose when used for",
    "findings": "findings shows results",
    "limitations": "limitations limits accuracy",
    "steps": "steps what to do next who when timing",
    "scope": "who for scope",
    "interpretation": "interpretation meaning",
    "table": "points table items choices bands",
}

# Keys every entity has; `sources` backs the one-line summary.
COMMON_REQUIRED = ("id", "kind", "name", "summary", "sources", "reviewed")
COMMON_OPTIONAL = ("aliases", "quote", "locator")  # quote/locator: the summary's evidence
FACT_REQUIRED = ("text", "sources")
# "texts": a string or a list of strings. `urgency` is allowed on a symptom's signs only.
FACT_OPTIONAL = {"quote": "texts", "locator": str, "conflict": str, "unverified": bool, "note": str,
                 "key": bool, "urgency": str, "grade": "grade",
                 "step": str, "who": str, "timing": str, "when": str, "next": "ids", "uses": "ids"}
SIGN_SECTION = "signs"
# A pathway's steps (kind pathway, section steps) carry these; nowhere else.
STEP_SECTION = "steps"
STEP_FIELDS = ("step", "who", "timing", "when", "next", "uses")
STEP_REQUIRED = ("step", "who", "timing")
TIMING_MAX = 60

# A guideline's grade of a recommendation, as the guideline publishes it:
#   grade: {by: ESMO, year: 2020, strength: "A", evidence: "I"}
#   grade: {by: ASCO, year: 2017, strength: "strong", evidence: "high"}
#   grade: {by: NICE, year: 2023, strength: "offer"}
# `by` names the guideline body; `strength` and `evidence` must be words that body uses.
GRADE_REQUIRED = ("by", "year", "strength")
GRADE_OPTIONAL = ("evidence",)
GRADE_WORDS = {
    # ESMO: levels of evidence I-V, grades of recommendation A-E.
    "ESMO": {"strength": ("A", "B", "C", "D", "E"), "evidence": ("I", "II", "III", "IV", "V")},
    # ASCO: strength of recommendation and evidence quality.
    "ASCO": {"strength": ("strong", "moderate", "weak"),
             "evidence": ("high", "intermediate", "low", "insufficient")},
    # NICE: the strength is carried by the verb of the recommendation.
    "NICE": {"strength": ("must", "must not", "offer", "do not offer", "consider", "do not", "ensure")},
}
GRADE_YEARS = (1990, 2030)

SOURCE_REQUIRED = ("id", "citation", "via")
SOURCE_OPTIONAL = ("seed", "short", "doi", "pmid", "url", "verification", "note")
# What each verification tag means, in words (shown by `bonemets sources` and in reference lists).
VERIFICATION_WORDS = {
    "seed": "seed document, read in full",
    "listed": "title from a seed document's reference list; the paper itself was not read",
    "V": "verified in the primary source, its abstract or an official page",
    "S": "secondary sources only: not checked against the primary source",
    "U": "unverified: shown only marked UNVERIFIED",
}


# The vocabulary file (data/vocabulary.yaml): what clinicians type that the entries do not spell out.
VOCAB_KINDS = ("abbreviation", "brand", "spelling", "synonym", "related")
VOCAB_TERM_REQUIRED = ("term", "kind", "means")
VOCAB_TERM_OPTIONAL = ("note", "sources", "locator")
VOCAB_CLASS_REQUIRED = ("id", "kind", "name", "summary", "members", "sources")
VOCAB_CLASS_OPTIONAL = ("aliases", "locator", "quote")


def is_vocabulary_file(name: str) -> bool:
    return name in ("vocabulary.yaml", "vocabulary.yml")


def is_sources_file(name: str) -> bool:
    """sources.yaml, or sources-NAME.yaml (more sources, e.g. an institution's own)."""
    return name in ("sources.yaml", "sources.yml") or (name.startswith("sources-") and name.endswith((".yaml", ".yml")))


def kind_of(word: str) -> str | None:
    """'cancer' or 'cancers' -> 'cancer'; None when the word names no kind."""
    w = word.strip().lower()
    if w in KINDS:
        return w
    return PLURALS.get(w)
