"""From what a clinician types to an entry, or to an answer that never misleads.

A typed name (one or more words) opens an entry when it is the entry's id, name or alias, another
spelling of one (tumor/tumour), a vocabulary term for it (Xgeva, Zometa, MSCC), or a cancer name
followed by "cancer". Otherwise, in this order:

1. the name belongs to another kind: say which command opens it;
2. every typed word is a word the knowledge base uses: say where it is mentioned (never offer a
   look-alike: "hypocalcemia" is not "hypercalcaemia");
3. a name within a few edits of what was typed (by length), never one listed as a look-alike: "did you
   mean"; equally close names are all offered;
4. nothing: say what this kind covers and how to search.
"""
from __future__ import annotations

from bonemets.errors import NotFound, UsageError
from bonemets.knowledge import schema
from bonemets.knowledge.vocab import allowed_edits, distance
from bonemets.text import neutralise, slug, words

KIND_WORDS = {"cancer": ("cancer", "cancers", "carcinoma"), "lesion": ("lesion", "lesions", "metastasis", "metastases")}
MAX_SHOWN = 60  # typed input is echoed back at most this long


def clip(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def split_words(name) -> list[str]:
    """The words of a typed name, control characters and undecodable bytes made visible and inert."""
    parts = [name] if isinstance(name, str) else list(name)
    return [neutralise(w) for p in parts for w in p.split()]


def candidate_keys(typed: list[str], kind: str | None) -> list[str]:
    keys = [slug(" ".join(typed))]
    trailing = KIND_WORDS.get(kind or "", ())
    if len(typed) > 1 and typed[-1].casefold() in trailing:
        keys.append(slug(" ".join(typed[:-1])))
    return keys


def match(kb, typed: list[str], kind: str | None):
    """The entity (or drug class) the words name, or None."""
    for key in candidate_keys(typed, kind):
        rows = [r for r in kb.name_rows(key) if kind is None or r[2] == kind]
        if not rows:
            continue
        if kind is None:  # no kind given (compare): a shipped reference entry before a local one, and
            # before a pathway or leaflet of the same name, which have commands of their own
            for keep in (lambda r: not r[3].startswith("local-"), lambda r: r[2] not in ("pathway", "leaflet")):
                rows = [r for r in rows if keep(r)] or rows
        ids = list(dict.fromkeys(r[1] for r in rows))
        if len(ids) > 1:
            exact = [i for i in ids if slug(i) == key]
            if not exact:
                raise UsageError(f"{clip(' '.join(typed))!r} names several entries: {', '.join(sorted(ids))}; "
                                 "give the id")
            ids = exact
        if ids[0].startswith("class:"):
            return class_entry(kb, ids[0][len("class:"):])
        return kb.entities[ids[0]]
    return None


def class_entry(kb, class_id: str) -> dict:
    """A drug class as an entry of kind 'class': its members, each a head (one line and a command)."""
    c = kb.vocab.classes[class_id]
    members = [kb.entities[m] for m in c["members"] if m in kb.entities]
    return {"kind": "class", "of": c["kind"], "id": c["id"], "name": c["name"], "aliases": c.get("aliases", []),
            "summary": c["summary"], "sources": c.get("sources", []), "locator": c.get("locator"),
            "quote": c.get("quote"), "members": members, "_path": c.get("_path", "")}


def find(kb, name, kind: str | None = None):
    typed = split_words(name)
    if not typed:
        raise UsageError("a name is needed, e.g. 'bonemets cancer prostate'")
    found = match(kb, typed, kind)
    if found is None:
        part = distinctive_part(kb, typed, kind)
        if part is None:
            raise not_found(kb, typed, kind)
        found = part
    return found


def distinctive_part(kb, typed: list[str], kind: str | None):
    """The one entry of the kind asked for whose name or alias holds the typed words as a run of whole words
    ('cauda equina' in 'cauda-equina-syndrome'); when several could fit: not found, naming each, opening
    none. Fewer than five letters open nothing."""
    key = slug(" ".join(typed))
    if len(key.replace("-", "")) < 5:
        return None
    holders: dict[str, str] = {}
    for cand, ent_id, k, how in kb.all_names():
        if how.removeprefix("local-") == "spelling" or ent_id.startswith("class:"):
            continue
        if cand != key and f"-{key}-" in f"-{cand}-":
            holders.setdefault(ent_id, k)
    if not holders:
        return None
    mine = [i for i, k in holders.items() if kind is None or k == kind]  # other kinds have their own command
    if len(mine) == 1:
        ent = kb.entities[mine[0]]
        kb.notes.append(f"note: opened {ent['name']!r} ({ent['kind']} {ent['id']}), the one entry whose name holds "
                        f"{clip(' '.join(typed))!r}")
        return ent
    if not mine:
        return None
    shown = ", ".join(f"bonemets {holders[i]} {i}" for i in sorted(holders, key=lambda i: (holders[i] != kind, i))[:6])
    raise NotFound(f"no {kind + ' ' if kind else ''}entry named {clip(' '.join(typed))!r}; "
                   f"several entries have it in their name", hint=f"it could be: {shown}")


# --- when nothing matches ------------------------------------------------------------------------------


def not_found(kb, typed: list[str], kind: str | None) -> NotFound:
    text = " ".join(typed)
    key = slug(text)
    what = f"{kind} entry" if kind else "entry"
    shown = clip(text)
    if kind:
        order = {k: i for i, k in enumerate(schema.KINDS)}
        other = sorted((r for r in kb.name_rows(key) if r[2] != kind), key=lambda r: order.get(r[2], 99))
        if other:
            by_kind: dict[str, list[str]] = {}
            for r in other:
                by_kind.setdefault(r[2], []).append(f"bonemets {r[2]} {r[1].removeprefix('class:')}")
            parts = [f"{'it is' if i == 0 else 'also'} a {k}: {', '.join(dict.fromkeys(c))}"
                     for i, (k, c) in enumerate(by_kind.items())]
            return NotFound(f"no {what} named {shown!r}", hint="; ".join(parts))
    term = vocabulary_answer(kb, typed, kind)
    if term:
        return NotFound(f"no {what} named {shown!r}; {term}", hint=f"see: bonemets search {shown}")
    mentions = mentioned(kb, typed, kind)
    if mentions:
        where = ", ".join(mentions)
        return NotFound(f"no {what} named {shown!r}; it is mentioned in: {where}",
                        hint=f"see: bonemets search {shown}")
    close = close_names(kb, key, kind)
    if close:
        return NotFound(f"no {what} named {shown!r}", hint="did you mean: " + " or ".join(close) + "?")
    if kind:
        covered = ", ".join(h.id for h in kb.heads(kind))
        return NotFound(f"bonemets has no {what} for {shown!r}",
                        hint=f"{schema.KINDS[kind].plural} covered: {covered}; try: bonemets search {shown}")
    return NotFound(f"no entry named {shown!r}", hint=f"see 'bonemets list', or try: bonemets search {shown}")


def vocabulary_answer(kb, typed: list[str], kind: str | None) -> str:
    """What the vocabulary says of a term that opens nothing itself: its note, or the related entries."""
    parts = []
    for t in kb.vocab.meanings(" ".join(typed)):
        if t.get("note"):
            parts.append(t["note"])
        related = []
        for phrase in t["means"]:
            for _key, ent_id, k, _how in kb.name_rows(slug(phrase)):
                if (kind is None or k == kind) and not ent_id.startswith("class:"):
                    related.append(f"bonemets {k} {ent_id}")
        if related:
            parts.append(f"related: {', '.join(dict.fromkeys(related))}")
    return "; ".join(parts)


def mentioned(kb, typed: list[str], kind: str | None, limit: int = 6) -> list[str]:
    """'Denosumab (side effects)' for entries whose text uses every typed word (in some spelling)."""
    forms = []
    for w in words(" ".join(typed)):
        if kind and w in KIND_WORDS.get(kind, ()):
            continue
        known = [f for f in [w, *sorted(kb.vocab.variants(w))] if kb.is_word(f)]
        if not known:
            return []
        forms.append(known)
    if not forms:
        return []
    from bonemets.knowledge.search import phrase_hits

    flat = [f for group in forms for f in group]
    return [f"{h.name} ({_section_of(kb, h.id, flat) or h.field})" for h in phrase_hits(kb, forms, limit)]


def _section_of(kb, ent_id: str, forms: list[str]) -> str | None:
    """The label of the section whose facts use one of the words."""
    ent = kb.entities.get(ent_id)
    kind = schema.KINDS.get(ent["kind"]) if ent else None
    if kind is None:
        return None
    for key, label in kind.sections:
        for f in ent.get(key, []):
            if any(w in set(words(f["text"])) for w in forms):
                return label.lower()
    return None


def close_names(kb, key: str, kind: str | None) -> list[str]:
    """Ids of the names of this kind nearest to key, within the edits its length allows."""
    limit = allowed_edits(key)
    if limit == 0:
        return []
    whole, parts = [], []
    for cand, ent_id, k, _how in kb.all_names():
        if kind is not None and k != kind:
            continue
        if abs(len(cand) - len(key)) <= limit:
            whole.append((cand, ent_id))
        if "-" not in key:  # one typed word may be one word of a longer name: "zolendronic"
            parts += [(p, ent_id) for p in cand.split("-")[:1] if len(p) >= 4 and abs(len(p) - len(key)) <= limit]
    best, found = limit + 1, []
    for rows in (whole, parts):  # a whole name wins over a word of one
        for cand, ent_id in rows:
            if kb.vocab.look_alikes(key, cand):
                continue
            d = distance(key, cand, limit)
            if d > limit:
                continue
            if d < best:
                best, found = d, [ent_id]
            elif d == best and ent_id not in found:
                found.append(ent_id)
        if found:
            break
    return [i.removeprefix("class:") for i in found]


def split_into_entries(kb, names: list[str]) -> list:
    """The entries `compare` was given: each argument alone, else the one way to read the words as names.

    `compare "breast cancer" prostate` and `compare zoledronic acid denosumab` both work; words that can
    be read as names in two ways are a usage error (quote each name); a name that is no entry is
    reported as a lookup would report it.
    """
    try:
        found = [match(kb, split_words(n), None) for n in names]
    except UsageError:
        found = [None]
    if all(f is not None for f in found):
        return found
    typed = split_words(names)[:16]
    readings: list[list] = []

    def walk_(i: int, acc: list) -> None:
        if len(readings) > 1:
            return
        if i == len(typed):
            if len(acc) >= 2:
                readings.append(acc)
            return
        for j in range(i + 1, len(typed) + 1):
            try:
                e = match(kb, typed[i:j], None)
            except UsageError:
                e = None
            if e is not None:
                walk_(j, acc + [e])

    walk_(0, [])
    if len(readings) == 1:
        return readings[0]
    if len(readings) > 1:
        raise UsageError("those words can be read as names in more than one way; quote each name, "
                         "e.g. bonemets compare \"breast cancer\" prostate")
    for n in names:  # report the first name that is no entry, as a lookup would
        find(kb, n)
    raise UsageError("compare needs at least two names, e.g. 'bonemets compare lytic blastic'")
