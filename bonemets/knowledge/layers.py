"""What the data layers add up to, and the one rule for local data: it may add and override, never silently.

The shipped files come first, then each ``--data``/``BONEMETS_DATA`` directory. The rule, enforced here
and nowhere else:

- A local entry with a shipped id overrides it only with an entry of the same kind (a local *topic* cannot
  take the id of the shipped *symptom* spinal-cord-compression: it is refused). Every fact of the override
  that the shipped entry does not have word for word is marked ``_local: "changed"``, every shipped fact it
  drops is counted in ``_dropped``: the views show both in stdout, next to what changed.
- An override never lowers a shipped symptom's urgency or takes away its red flag, and never drops a sign
  the shipped entry asks about: the shipped value is kept and the attempt is shown (``_refused``).
- A name opens the same entry with local data as without it: the shipped names (ids, names, aliases,
  vocabulary terms, spellings, drug classes) are settled first; a local name that one of them already
  holds, in the same kind, is ignored with a warning.
- A local source or drug class cannot replace a shipped one (it would change the citation or the members
  of shipped facts unseen): refused with a warning; give it another id.
- Every entry from a local file carries ``_local`` (and its path), so the views mark it and show its
  quotes and locators as not checked.
"""
from __future__ import annotations

from bonemets.knowledge import schema
from bonemets.text import slug

_RANK = {u: i for i, u in enumerate(schema.URGENCY)}


def entity_keys(ent: dict) -> list[str]:
    return [k for k in dict.fromkeys([slug(ent["id"]), slug(ent.get("name", "")), *map(slug, ent.get("aliases", []))]) if k]


def _fact_key(f: dict) -> tuple:
    return (f.get("text"), tuple(f.get("sources", ())), f.get("urgency"))


def mark_override(old: dict, ent: dict) -> tuple[dict, dict]:
    """The override as shown: changed facts marked, dropped shipped facts counted, a symptom's urgency,
    red flag and signs never lowered. Returns (entity, extra fields for the view)."""
    kind = schema.KINDS[ent["kind"]]
    ent = dict(ent)
    extra: dict = {}
    dropped: dict[str, int] = {}
    for key, _label in kind.sections:
        shipped = {_fact_key(f) for f in old.get(key, [])}
        mine = [dict(f) for f in ent.get(key, [])]
        for f in mine:
            if _fact_key(f) not in shipped:
                f["_local"] = "changed"
        kept = {_fact_key(f) for f in mine}
        gone = [f for f in old.get(key, []) if _fact_key(f) not in kept]
        if key == schema.SIGN_SECTION and gone:  # a sign the shipped entry asks about is never dropped
            mine += [dict(f, _local="kept") for f in gone]
            extra["_kept_signs"] = len(gone)
        elif gone:
            dropped[key] = len(gone)
        if mine:
            ent[key] = mine
    if dropped:
        extra["_dropped"] = dropped
    if (ent.get("summary"), tuple(ent.get("sources", ()))) != (old.get("summary"), tuple(old.get("sources", ()))):
        extra["_summary_changed"] = True
    if ent["kind"] == "symptom":
        refused = {}
        was, now = old.get("urgency"), ent.get("urgency")
        if was in _RANK and _RANK.get(now, 9) > _RANK[was]:
            refused["urgency"] = now
            ent["urgency"] = was
        if old.get("red_flag") and not ent.get("red_flag"):
            refused["red_flag"] = False
            ent["red_flag"] = True
        if refused:
            extra["_refused"] = refused
    return ent, extra


class Resolver:
    """Everything the layers add up to: entities, sources, vocabulary, names, notices, warnings."""

    def __init__(self) -> None:
        self.ents: dict[str, dict] = {}
        self.sources: dict[str, dict] = {}
        self.vocab: dict = {"spellings": [], "terms": [], "classes": [], "distinct": []}
        self.notices: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.reviewed: dict[str, str] = {}

    def add(self, pos: int, layer, rel: str, body: dict) -> None:
        path, issues = body["path"], body["issues"]
        if issues:
            hard = [i for i in issues if not i[3]]
            first = (hard or issues)[0]
            more = f" (+{len(issues) - 1} more)" if len(issues) > 1 else ""
            what = "skipped" if hard else "loaded, made safe:"
            self.warnings.append(f"warning: {what} {path}:{first[0]}:{first[1]}: {first[2]}{more}; "
                                 f"run 'bonemets validate {path}'")
            if hard:
                return
        ent = body["entity"]
        if ent is not None and "id" in ent and ent.get("kind") in schema.KINDS:
            self._entity(pos, layer, rel, path, ent)
        for src in body["sources"]:
            prev = self.sources.get(src["id"])
            if prev is not None and layer.local and not prev.get("_local"):
                self.warnings.append(f"warning: {path}: source {src['id']!r} is a shipped source; a local file "
                                     "cannot replace its citation (ignored: give yours another id)")
                continue
            if prev is not None and layer.local:
                self.notices.append((f"source:{src['id']}", f"local file {path} replaces the citation of the local "
                                                             f"source {src['id']!r} (was in {prev.get('_path')})"))
            self.sources[src["id"]] = dict(src, _local=layer.local)
        if body["reviewed"] and (body["sources"] or body["vocabulary"] is not None):
            self.reviewed[path] = body["reviewed"]
        if body["vocabulary"]:
            self._vocabulary(layer, path, body["vocabulary"])

    def _entity(self, pos: int, layer, rel: str, path: str, ent: dict) -> None:
        extra: dict = {"_path": path, "_local": layer.local}
        prev = self.ents.get(ent["id"])
        shipped_keys = None
        if prev is not None and layer.local:
            old = prev["entity"]
            if old["kind"] != ent["kind"]:
                self.warnings.append(f"warning: skipped {path}: id {ent['id']!r} is the {old['kind']} entry of "
                                     f"{prev['path']}; a local file may override an entry only with one of the "
                                     f"same kind (give yours another id)")
                return
            marked, marks = mark_override(old, ent)
            # the index re-reads the entity from its file and lays `extra` over it: carry what changed
            extra.update({k: v for k, v in marked.items() if ent.get(k) != v}, **marks, _overrides=prev["path"])
            ent = marked
            shipped_keys = prev.get("shipped_keys") or (None if prev["local"] else entity_keys(old))
            self.notices.append((ent["id"], f"local file {path} overrides the entry {ent['id']!r} of {prev['path']}"))
            if "_refused" in marks:
                self.notices.append((ent["id"], f"local override cannot lower urgency: {path} would make "
                                                 f"{ent.get('name', ent['id'])!r} {marks['_refused'].get('urgency', old.get('urgency'))}"
                                                 f"{', not a red flag' if 'red_flag' in marks['_refused'] else ''}; "
                                                 f"the shipped {old.get('urgency')}"
                                                 f"{' red flag' if old.get('red_flag') else ''} is kept"))
        self.ents[ent["id"]] = {"entity": ent, "extra": extra, "path": path, "layer": pos, "rel": rel,
                                "local": layer.local, "shipped_keys": shipped_keys}

    def _vocabulary(self, layer, path: str, vocab: dict) -> None:
        for key in ("spellings", "distinct"):
            self.vocab[key] += vocab.get(key, [])
        self.vocab["terms"] += [dict(t, _local=layer.local, _path=path) for t in vocab.get("terms", [])]
        known = {c["id"]: c for c in self.vocab["classes"]}
        for c in vocab.get("classes", []):
            prev = known.get(c["id"])
            if prev is not None and layer.local and not prev.get("_local"):
                self.warnings.append(f"warning: {path}: drug class {c['id']!r} is shipped; a local file cannot "
                                     "replace its members (ignored: give yours another id)")
                continue
            known[c["id"]] = dict(c, _path=path, _local=layer.local)
        self.vocab["classes"] = list(known.values())

    # names

    def names(self) -> list[tuple[str, str, str, str]]:
        """(key, id, kind, how) rows. The shipped names are settled first, so that every name opens the
        entry it opens without local data; then local names (how 'local-...'), each only where its kind
        has it free. A name that no kind is given for (compare) prefers a shipped entry."""
        from bonemets.knowledge.vocab import Vocabulary

        rows: list[tuple[str, str, str, str]] = []
        taken: dict[tuple[str, str], str] = {}

        def add(key: str, ent_id: str, kind: str, how: str, local: bool = False, path: str = "") -> None:
            holder = taken.get((kind, key))
            if holder is None:
                taken[(kind, key)] = ent_id
                rows.append((key, ent_id, kind, f"local-{how}" if local else how))
            elif local and holder != ent_id and how in ("id", "name"):
                self.warnings.append(f"warning: {path}: the name {key!r} opens the shipped {kind} entry "
                                     f"{holder.removeprefix('class:')!r}; the local entry {ent_id!r} does not "
                                     "take it (use its id)")

        voc = Vocabulary(self.vocab)
        shipped_terms = [t for t in self.vocab["terms"] if not t.get("_local")]
        local_terms = [t for t in self.vocab["terms"] if t.get("_local")]
        by_key: dict[str, list[str]] = {}
        for phase_local in (False, True):
            for ent_id, rec in self.ents.items():
                ent = rec["entity"]
                if phase_local:
                    keys = [k for k in entity_keys(ent) if k not in (rec["shipped_keys"] or ())] if rec["local"] else []
                else:
                    keys = rec["shipped_keys"] or ([] if rec["local"] else entity_keys(ent))
                for _i, key in enumerate(keys):
                    how = "id" if key == slug(ent_id) else "name"
                    add(key, ent_id, ent["kind"], how, phase_local, rec["path"])
                    by_key.setdefault(key, []).append(ent_id)
            for c in self.vocab["classes"]:
                if bool(c.get("_local")) != phase_local:
                    continue
                for key in dict.fromkeys([slug(c["id"]), slug(c["name"]), *map(slug, c.get("aliases", []))]):
                    if key and (c["kind"], key) not in taken:
                        add(key, f"class:{c['id']}", c["kind"], "class", phase_local)
            for term in local_terms if phase_local else shipped_terms:
                if term["kind"] == "related":
                    continue  # a related term is never a silent synonym
                key = slug(term["term"])
                done: set[str] = set()  # a term opens, in each kind, the one entry its meaning names there
                for phrase in term["means"]:
                    per_kind: dict[str, list[str]] = {}
                    for ent_id in dict.fromkeys(by_key.get(slug(phrase), [])):
                        per_kind.setdefault(self.ents[ent_id]["entity"]["kind"], []).append(ent_id)
                    for kind, target in per_kind.items():
                        if len(target) != 1 or kind in done:
                            continue
                        done.add(kind)
                        if (kind, key) in taken:
                            if phase_local and taken[(kind, key)] != target[0]:
                                self.warnings.append(f"warning: {term.get('_path')}: the term {term['term']!r} "
                                                     "already opens a shipped entry; the local term is ignored")
                            continue
                        add(key, target[0], kind, term["kind"], phase_local)
            for (kind, key), ent_id in list(taken.items()):
                for variant in voc.variants(key):
                    if (kind, variant) not in taken:
                        add(variant, ent_id, kind, "spelling", phase_local)
        return rows
