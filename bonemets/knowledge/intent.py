"""What a question asks, read from the words search otherwise leaves out ("how often", "where", "what to do",
"dose"): the sections of an entry that answer that kind of question. Among facts that cover the question's words
equally, one in such a section comes first; a question that asks what to do also gets the best entry's own
action first (search.py)."""
from __future__ import annotations

from bonemets.text import neutralise, words

# (words in this order, the sections that answer them); a phrase matches its words in a row
PHRASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("what", "to", "do"), ("action", "treatment", "steps")),
    (("what", "do", "i", "do"), ("action", "treatment", "steps")),
    (("what", "should"), ("action", "treatment", "steps")),
    (("next", "step"), ("action", "steps")),
    (("how", "to", "manage"), ("action", "treatment", "steps")),
    (("how", "to", "treat"), ("action", "treatment", "steps")),
    (("how", "often"), ("incidence", "schedule")),
    (("how", "common"), ("incidence",)),
    (("how", "many"), ("incidence",)),
    (("how", "frequent"), ("incidence",)),
    (("how", "long"), ("survival", "schedule")),
    (("life", "expectancy"), ("survival",)),
    (("where",), ("sites",)),
    (("why",), ("mechanism", "meaning")),
    (("who", "qualifies"), ("indications", "scope")),
    (("who", "is", "it", "for"), ("indications", "scope")),
)
# single words (the weak words of search, which say what kind of answer, not what about)
WORDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("dose", "doses", "dosing", "dosage", "regimen"), ("schedule",)),
    **dict.fromkeys(("treat", "treated", "treatment", "manage", "managed", "management"), ("treatment", "action", "steps")),
    **dict.fromkeys(("refer", "referral", "urgency", "action"), ("action", "steps")),
    **dict.fromkeys(("mean", "means", "meaning"), ("meaning", "interpretation", "table")),
    **dict.fromkeys(("use", "used", "using", "indication", "indications", "eligible", "eligibility", "qualifies",
                     "candidates"), ("indications", "purpose", "scope")),
    **dict.fromkeys(("symptom", "symptoms", "sign", "signs", "earliest", "present", "presents"),
                    ("signs", "early_signs", "late_signs", "clinical")),
    **dict.fromkeys(("risk", "risks", "rate", "rates", "incidence", "prevalence"), ("incidence", "cautions", "side_effects")),
}
ACTION_SECTIONS = ("action", "treatment", "steps")


def sections_asked(query: str) -> frozenset[str]:
    """The sections whose facts answer the kind of question this is (empty when it does not say)."""
    typed = words(neutralise(query))
    out: set[str] = set()
    for phrase, secs in PHRASES:
        n = len(phrase)
        if any(tuple(typed[i:i + n]) == phrase for i in range(len(typed) - n + 1)):
            out.update(secs)
    for w in typed:
        out.update(WORDS.get(w, ()))
    return frozenset(out)


def asks_action(query: str) -> bool:
    """Whether a question asks what to do (not what something is)."""
    return "action" in sections_asked(query)
