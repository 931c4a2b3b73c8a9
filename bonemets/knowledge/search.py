"""Search as a colleague answers: the facts that answer a typed question first, then the entries.

The question is read into content words: question and stop words ("what", "which", "how soon", "dose of")
carry no weight, a number with its unit ("8 Gy", "16 mg") is one term, and each word is widened by the
vocabulary (US/UK spellings, what an abbreviation or brand stands for, a class's members) and by its
inflections (metastasis/metastases; the FTS5 porter tokenizer does the rest). A word nothing matches is
corrected to the nearest word the knowledge base uses, and the correction is said; a word still unmatched
is named.

Every fact (a summary, a fact of any section, a pathway step with its timing and who acts, a score's
items, choices and bands) is a row of its own (index table ``facts``); its context is its entry's name,
aliases and section label. A fact is ranked by (1) how many content words it covers, in its text or its
context, (2) whether its entry is named in the question ("pamidronate infusion" names pamidronate), (3) the
weight of what it covers (rarer words weigh more; a word in the fact's own text more than in its context).
Look-alikes are never conflated: a question that names one of a `distinct` pair (osteoblastic) puts every
fact of the other (osteolytic) after the rest.
"""
from __future__ import annotations

import math
import re
from typing import NamedTuple

from bonemets.doc import MARK_OFF, MARK_ON
from bonemets.errors import UsageError
from bonemets.knowledge.intent import ACTION_SECTIONS, asks_action, sections_asked
from bonemets.text import neutralise, slug, words

# Words that carry no weight in a question. Kept short on purpose: "before", "after", "not" can matter.
STOP = frozenset("""a an the of in on at to for from by with and or is are was were be been being it its this
that these those there here what which who whom whose when where why how do does did doing should shall can
could would will may might must i me my we us our you your he she they them their please tell show give find
about into than then so soon long much many often any some vs versus per get got has have had if as also
patient patients""".split())
# Words of a question that help only when nothing better matches: they count for weight, not for coverage.
WEAK = frozenset("""dose doses dosing dosage use used using treatment treat treated manage management
recommend recommended recommendation guideline guidelines best first line cause causes caused lead leads
mean means happen""".split())
UNITS = frozenset("""mg g mcg ug µg kg gy mgy ml l dl mmol umol µmol mol mbq gbq kbq iu units unit hours hour h
days day weeks week months month years year min minutes mm cm percent""".split())
ANSWERS = 6       # facts in the answer block
PER_ENTRY = 2     # at most this many of them from one entry (a score's table rows: all of them, in order)
COMMON = 0.2     # a term in more than this share of the facts is common: it weighs, it does not cover
READ = 800       # fact rows read in full (the best by coverage and weight, plus the named entries')
CAP = 4000        # fact rows read per term (the best by bm25 first): a bounded cost on large local sets
# A word in what the fact's section answers ("which cancers": a lesion's typical primaries) says more about
# the question than the same word said in passing in a fact's text; the entry's own name least.
TEXT_WEIGHT, TOPIC_WEIGHT, ABOUT_WEIGHT = 1.0, 1.2, 0.6
RELATED_WEIGHT = 0.4  # a fact matching only a related term of the word typed


class Fact(NamedTuple):
    entity: str
    kind: str
    name: str
    section: str  # the section key; "summary", "table" (a score's items and bands) or "name"
    n: int        # index of the fact in its section
    text: str
    covered: tuple  # the content words it covers
    weight: float
    named: bool
    bm25: float = 0.0
    asked: bool = False  # its section answers the kind of question asked ("how often": incidence)


class Hit(NamedTuple):
    """One entry in the results: its best fact first."""
    id: str
    kind: str
    name: str
    field: str
    snippet: str  # the best fact's text, one line, with MARK_ON/MARK_OFF around matched words
    relevance: float
    names: tuple = ()
    facts: tuple = ()  # its matching Facts, best first


class Result(NamedTuple):
    hits: list[Hit]
    corrections: list[tuple[str, str]]  # (typed, used instead)
    partial: bool  # no fact covers every content word
    unknown: list[str]  # typed words nothing matches, even corrected
    answers: list = ()  # the best Facts, across entries
    ignored: list = ()  # question and stop words left out
    terms: list = ()  # the content words (a number with its unit is one)


def _phrase(text: str) -> str:
    return '"' + " ".join(words(text)) + '"'


def _group(alternatives: list[str]) -> str:
    phrases = list(dict.fromkeys(_phrase(a) for a in alternatives if words(a)))
    return "(" + " OR ".join(phrases) + ")"


def inflections(word: str) -> list[str]:
    """Forms the porter stemmer does not join: metastasis/metastases, diagnosis/diagnoses."""
    if len(word) > 4 and word.endswith("is"):
        return [word[:-2] + "es"]
    if len(word) > 4 and word.endswith("es") and not word.endswith("ses"):
        return [word[:-2] + "is"]
    if len(word) > 5 and word.endswith("ses"):
        return [word[:-3] + "sis"]
    return []


def terms_of(query: str) -> tuple[list[str], list[str]]:
    """(content terms, ignored words): stop words dropped; a number followed by a unit is one term."""
    ws = words(neutralise(query))
    out, ignored = [], []
    i = 0
    while i < len(ws):
        w = ws[i]
        if w.replace(".", "").isdigit() and i + 1 < len(ws) and ws[i + 1] in UNITS:
            out.append(f"{w} {ws[i + 1]}")
            i += 2
            continue
        (ignored if w in STOP else out).append(w)
        i += 1
    if not out and ws:  # a question of stop words alone ("how long"): search for them after all
        out, ignored = ws, []
    return list(dict.fromkeys(out)), ignored


def closest_word(kb, word: str) -> str | None:
    """The knowledge base's word nearest to a typo (trigram candidates, then edit distance)."""
    from bonemets.knowledge.vocab import allowed_edits, distance

    limit = allowed_edits(word)
    if limit == 0 or len(word) < 4 or " " in word:
        return None
    grams = list(dict.fromkeys(word[i:i + 3] for i in range(len(word) - 2)))
    expr = " OR ".join('"' + g + '"' for g in grams)
    cands = [r[0] for r in kb.store.rows("SELECT term FROM grams WHERE grams MATCH ? ORDER BY rank LIMIT 200", (expr,))]
    best, found = limit + 1, None
    for c in cands:
        if "-" in c or kb.vocab.look_alikes(word, c):
            continue
        d = distance(word, c, limit)
        # a short word one letter from another is as often a different word ("order", "older"): it is
        # corrected only to a name or a term of the vocabulary, never to any word a fact happens to use
        if d < best and (limit > 1 or kb.name_rows(slug(c)) or kb.vocab.meanings(c)):
            best, found = d, c
    return found


def _matching(kb, expr: str) -> tuple[dict[int, float], dict[int, float]]:
    """Fact rows matching a term: {rowid: bm25 rank} in any column, and {rowid: weight} of the best column
    it matches in (its own text, what its section answers, or only the entry it belongs to)."""
    anywhere = {r[0]: r[1] for r in kb.store.rows(
        "SELECT rowid, rank FROM ffts WHERE ffts MATCH ? ORDER BY rank LIMIT ?", (expr, CAP))}
    weight = dict.fromkeys(anywhere, ABOUT_WEIGHT)
    if anywhere:
        for column, w in (("text", TEXT_WEIGHT), ("topic", TOPIC_WEIGHT)):
            for r in kb.store.rows("SELECT rowid FROM ffts WHERE ffts MATCH ? LIMIT ?", (f"{column} : {expr}", CAP)):
                if r[0] in weight:
                    weight[r[0]] = max(weight[r[0]], w)
    return anywhere, weight


def _term_rows(kb, term: str) -> tuple[dict[int, float], dict[int, float]]:
    """_matching for a term in its own forms (spellings, inflections, what it stands for); a fact that matches
    only one of its related terms ("dexamethasone": steroids, spinal cord compression) weighs less."""
    own = kb.vocab.expand(term, related=False) + inflections(term)
    anywhere, weight = _matching(kb, _group(own))
    related = [x for x in kb.vocab.expand(term) if x not in own]
    if related:
        more, more_weight = _matching(kb, _group(related))
        for rowid, rank in more.items():
            if rowid not in anywhere:
                anywhere[rowid], weight[rowid] = rank, more_weight[rowid] * RELATED_WEIGHT
    return anywhere, weight


def named_entities(kb, typed: list[str]) -> set[str]:
    """Ids of the entries the question names: any run of its words that is an entry's name or alias."""
    out: set[str] = set()
    for size in range(min(5, len(typed)), 0, -1):
        for i in range(len(typed) - size + 1):
            span = typed[i:i + size]
            keys = [slug(" ".join(span))]
            if len(keys[0]) > 4 and keys[0].endswith("s"):  # "fractures" names the fracture entry
                keys.append(keys[0][:-1])
            if size > 1 and span[-1] in ("cancer", "cancers", "carcinoma"):
                keys.append(slug(" ".join(span[:-1])))
            for key in keys:
                for _key, ent_id, _kind, _how in kb.name_rows(key):
                    if not ent_id.startswith("class:"):
                        out.add(ent_id)
    return out


def _twins(kb, terms: list[str], named: set[str]) -> dict[str, str]:
    """Name keys of the look-alikes of the question's words (and of the entries it names: "low calcium" names
    hypocalcaemia) that the question does not itself use, each with the word of the question it is the twin of."""
    used = {slug(t) for t in terms} | {v for t in terms for v in kb.vocab.variants(slug(t))} | set(named)
    out = {}
    for pair in kb.vocab.distinct:
        a, b = tuple(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
        for x, y in ((a, b), (b, a)):
            if x in used and y not in used:
                out[y] = x
    return out


def search(kb, query: str, limit: int = 25) -> Result:
    terms, ignored = terms_of(query)
    if not terms:
        raise UsageError("the search query needs at least one letter or digit")
    corrections, unknown, groups = [], [], []
    matches: list[tuple[str, dict[int, float], set[int]]] = []
    for term in terms:
        anywhere, in_text = _term_rows(kb, term)
        if not anywhere:
            fix = closest_word(kb, term)
            if fix is not None:
                anywhere, in_text = _term_rows(kb, fix)
                if anywhere:
                    corrections.append((term, fix))
                    term = fix
        if not anywhere:
            unknown.append(term)
            continue
        groups.append(term)
        matches.append((term, anywhere, in_text))
    if not matches:
        return Result([], corrections, False, unknown, [], ignored, terms)
    total = max(1, kb.store.count("facts"))
    idf = {t: math.log(1 + total / len(a)) * (0.35 if t in WEAK else 1.0) for t, a, _ in matches}
    # a word most facts use ("bone", "metastases" here) says little about which fact answers: like a weak
    # word it weighs, but covers a fact only where it is what the fact's section answers ("which cancers")
    common = {t for t, a, _i in matches if len(a) > COMMON * total}
    strong = [t for t, _a, _i in matches if t not in WEAK] or [t for t, _a, _i in matches]
    rare = [t for t in strong if t not in common] or strong
    rows: dict[int, dict] = {}
    for term, anywhere, in_text in matches:
        for rowid in anywhere:
            r = rows.setdefault(rowid, {"covered": [], "weight": 0.0, "weak": 0.0, "bm25": 0.0})
            if term not in common or in_text[rowid] >= TOPIC_WEIGHT or term in rare:
                r["covered"].append(term)
            r["weight" if term in strong else "weak"] += idf[term] * in_text[rowid]  # weak words only break ties
            r["bm25"] += anywhere[rowid]  # FTS5 rank: lower is better (shorter, denser facts)
    fixed = dict(corrections)
    asked = sections_asked(query)  # "how often", "dose", "what to do": the sections that answer this kind of question
    named = named_entities(kb, [fixed.get(w, w) for w in words(neutralise(query))])
    if len(rows) > READ:  # a large local set: read (and check) only the rows that can rank, and every row of
        # an entry the question names
        best = sorted(rows, key=lambda i: (-sum(t in strong for t in rows[i]["covered"]), -rows[i]["weight"],
                                           rows[i]["bm25"]))[:READ]
        keep = set(best) | (kb.store.entity_rowids(sorted(named)) & set(rows))
        rows = {i: rows[i] for i in rows if i in keep}
    meta = kb.store.fact_rows(list(rows))
    twins = _twins(kb, groups, named)
    twin_ids = {ent_id for key in twins for _k, ent_id, _kind, _how in kb.name_rows(key)}
    typed_twins = {w for x in twins.values() for w in words(x.replace("-", " "))}

    def demoted(f: Fact) -> bool:  # an entry named by the look-alike, unless this fact itself says the word typed
        return f.entity in twin_ids and not typed_twins & set(words(f.text.casefold()))

    facts = []
    for rowid, r in rows.items():
        m = meta.get(rowid)
        if m is None:
            continue
        ent_id, kind, name, section, n, text = m[:6]
        facts.append(Fact(ent_id, kind, name, section, n, text, tuple(r["covered"]), round(r["weight"], 4),
                          ent_id in named, r["bm25"] - r["weak"], section in asked))

    def key(f: Fact):
        cover = sum(1 for t in f.covered if t in strong)
        # a reference entry before a pathway or leaflet that answers to the same name (they have commands
        # of their own); then the weight of what it covers, then bm25 (shorter, denser facts first)
        return (demoted(f), -cover, not f.named, not f.asked, f.kind in ("pathway", "leaflet"), -round(f.weight, 1),
                f.section == "name", f.section != "summary", f.n, f.bm25, f.entity)

    facts.sort(key=key)
    full = [f for f in facts if set(rare) <= set(f.covered)]
    partial = not full and len(rare) > 1
    answers, per = [], {}
    for f in facts:
        if f.section == "name" or per.get(f.entity, 0) >= (ANSWERS if f.section == "table" else PER_ENTRY):
            continue
        per[f.entity] = per.get(f.entity, 0) + 1
        answers.append(f)
        if len(answers) == ANSWERS:
            break
    # an emergency red-flag symptom, when the question asks nothing else of it ("saddle anaesthesia known
    # cancer"): what to do first; "earliest symptom of cord compression" keeps the answer it asked for
    emergency = answers and not asked - set(ACTION_SECTIONS) and _emergency(kb, answers[0])
    if answers and answers[0].section not in ACTION_SECTIONS and (asks_action(query) or emergency):
        todo = _what_to_do(kb, answers[0], [f for f in facts if f.entity == answers[0].entity])
        if todo is not None:
            answers = [todo] + [a for a in answers if (a.entity, a.section, a.n) != (todo.entity, todo.section, todo.n)]
            answers = answers[:ANSWERS]
    by_entity: dict[str, list[Fact]] = {}
    for f in facts:
        by_entity.setdefault(f.entity, []).append(f)
    for ent_id in named - set(by_entity):  # an entry the question names, with no fact matching the rest
        head = kb.head(ent_id)
        if head is not None:
            by_entity[ent_id] = [Fact(ent_id, head.kind, head.name, "name", 0, head.name, (), 0.0, True)]
    order = sorted(by_entity, key=lambda e: key(by_entity[e][0]))
    hits = []
    for ent_id in order[:limit]:
        best = by_entity[ent_id]
        f = best[0]
        # the snippet: the best fact whose own words match (a fact matched through its entry's name
        # alone shows nothing of the question)
        shown = next(((x, m) for x in best for m in [mark(x.text, groups)] if MARK_ON in m and x.section != "name"),
                     None)
        field = "fact" if shown else "name"
        snippet = one_fact(shown[1]) if shown else (best[0].text if best[0].section != "name" else f.name)
        hits.append(Hit(ent_id, f.kind, f.name, field, snippet, round(f.weight, 4), (),
                        tuple(x for x in best if x.section != "name")[:3]))
    return Result(hits, corrections, partial or bool(unknown and hits), unknown, answers, ignored, terms)


def _emergency(kb, f: Fact) -> bool:
    """A red-flag emergency symptom: whatever was asked of it, what to do is said first."""
    if f.kind != "symptom":
        return False
    ent = kb.entities.get(f.entity) or {}
    return ent.get("urgency") == "emergency" and bool(ent.get("red_flag"))


def _what_to_do(kb, first: Fact, matched: list[Fact]) -> Fact | None:
    """The first answer's entry's own action fact: the one the question's words match best, else its first."""
    for f in matched:
        if f.section in ACTION_SECTIONS:
            return f
    rows = kb.store.entity_facts(first.entity, ACTION_SECTIONS)
    if not rows:
        return None
    section, n, text = rows[0]
    return Fact(first.entity, first.kind, first.name, section, n, text, (), 0.0, first.named)


def mark(text: str, terms: list[str]) -> str:
    """The fact's text with the words of the question marked (MARK_ON ... MARK_OFF), whole words only."""
    stems = {w[:5] for t in terms for w in words(t) if len(w) >= 3}
    if not stems:
        return text

    def one(m):
        w = m.group(0)
        return f"{MARK_ON}{w}{MARK_OFF}" if w.casefold()[:5] in stems and len(w) >= 3 else w

    return re.sub(r"[0-9A-Za-zÀ-ÿ]+", one, text)


def phrase_hits(kb, forms: list[list[str]], limit: int):
    """Entries whose text uses every word (each given in its known spellings), best first."""
    expr = " AND ".join(_group(f) for f in forms)
    return kb.store.entity_hits(expr, limit)


_NUMBER_END = re.compile(r"[0-9]$|[0-9][-–.,][0-9]*$|^[<>≤≥~]$")


def one_fact(marked: str, each_side: int = 8) -> str:
    """The snippet of one fact: the line (facts are one a line) holding the first match, cut to some words
    either side of it, centred on it, never ending on a number whose unit follows ("3.2-5.0" stays with "%")."""
    if MARK_ON not in marked:
        return marked.split("\n", 1)[0]
    line = next(ln for ln in marked.split("\n") if MARK_ON in ln).strip()
    words_ = line.split()
    at = next(i for i, w in enumerate(words_) if MARK_ON in w)
    end = next((i for i in range(at, len(words_)) if MARK_OFF in words_[i]), at)
    lo, hi = max(0, at - each_side), min(len(words_), end + 1 + each_side)
    while hi < len(words_) and _NUMBER_END.search(words_[hi - 1].replace(MARK_OFF, "")):
        hi += 1  # a number keeps its unit
    while lo > 0 and re.match(r"^[%a-zA-Zµ/]+[,.;)]?$", words_[lo]) and _NUMBER_END.search(words_[lo - 1]):
        lo -= 1  # a unit keeps its number
    return ("…" if lo else "") + " ".join(words_[lo:hi]) + ("…" if hi < len(words_) else "")


def plain_snippet(snippet: str) -> str:
    return snippet.replace(MARK_ON, "").replace(MARK_OFF, "")
