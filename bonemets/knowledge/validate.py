"""Whole-knowledge checks that no single file can make: ids, names, cross-references, sources, evidence,
the vocabulary's classes and terms."""
from __future__ import annotations

from pathlib import Path

from bonemets.knowledge import evidence, schema
from bonemets.knowledge.base import SHIPPED, KnowledgeBase, shipped_dir
from bonemets.knowledge.load import scorespec as spec
from bonemets.knowledge.load.records import Issue, Parsed
from bonemets.knowledge.load.yamlload import parse_file
from bonemets.text import slug

MAX_PER_FILE = 50  # messages of one kind per file before "... and N more like this"


def _pos(ent: dict, key: str) -> tuple[int, int]:
    return tuple(ent.get("_pos", {}).get(key, (1, 1)))


def _read(roots: list[Path], shipped_mode: bool) -> list[Parsed]:
    from bonemets.knowledge.load.walk import root_problem, scan

    parsed: list[Parsed] = []
    for root in roots:
        problem = root_problem(str(root))
        if problem:
            parsed.append(Parsed(str(root), issues=[Issue(str(root), 1, 1, problem)]))
            continue
        sc = scan(str(root))
        for note in sc.notes:
            parsed.append(Parsed(str(root), issues=[Issue(note.split(": ", 1)[0], 1, 1, note.split(": ", 1)[-1],
                                                          warning=True)]))
        for f in sc.files:
            shown = f.path if not shipped_mode else str(Path(SHIPPED) / f.rel)
            parsed.append(parse_file(Path(f.path), shown))
    return parsed


def check(paths: list[Path] | None = None, seeds: Path | None = None) -> tuple[list[Issue], int, int]:
    """Validate the shipped files (no paths) or the given files and directories.

    Returns (issues, files checked, entities checked). Given paths are checked against the shipped
    knowledge, so a local file may cite shipped sources and refer to shipped entities. A fact without
    its quote or locator is an error in shipped data and a warning in local files. Every quote is looked
    up in the seed it cites: in the seed documents' texts when ``seeds`` (their directory) is given, else
    in the fingerprint shipped in the package (``bonemets.knowledge.seedprint``).
    """
    shipped_mode = not paths
    parsed = _read(paths or [Path(shipped_dir())], shipped_mode)
    issues = [i for p in parsed for i in p.issues]
    base = None if shipped_mode else KnowledgeBase.load(use_env=False)

    sources = {sid: base.sources[sid] for sid in base.sources} if base else {}
    shipped_sources = set(sources)
    seen_src: dict[str, str] = {}
    for p in parsed:
        for src in p.sources:
            if src["id"] in shipped_sources:
                line, col = src["_pos"]
                issues.append(Issue(p.path, line, col, f"source id {src['id']!r} is a shipped source; a local file "
                                                       "cannot replace its citation: give yours another id"))
                continue
            if src["id"] in seen_src:
                line, col = src["_pos"]
                issues.append(Issue(p.path, line, col, f"duplicate source id {src['id']!r} (also in {seen_src[src['id']]})"))
            else:
                seen_src[src["id"]] = p.path
            sources[src["id"]] = src

    ents = [(p.path, p.entity) for p in parsed if p.entity is not None and "id" in p.entity]
    checked_ids: dict[str, str] = {}
    for path, ent in ents:
        if ent["id"] in checked_ids:
            line, col = _pos(ent, "id")
            issues.append(Issue(path, line, col, f"duplicate id {ent['id']!r} (also in {checked_ids[ent['id']]})"))
        else:
            checked_ids[ent["id"]] = path

    heads = {h.id: h for h in base.heads()} if base else {}
    issues += _overrides(ents, heads)
    issues += _names(ents, base, heads, checked_ids)
    kinds = {**{i: h.kind for i, h in heads.items()}, **{e["id"]: e["kind"] for _, e in ents}}
    seed_texts = _seed_texts(seeds, issues)
    unheld_warning = seeds is None and not shipped_mode  # a local file may quote its own seed documents
    for path, ent in ents:
        issues += _refs(path, ent, kinds, sources)
        issues += evidence.missing(path, ent, sources, warning=not shipped_mode)
        if seed_texts is not None:
            issues += evidence.check_quotes(path, ent, sources, seed_texts, unheld_warning=unheld_warning)
    for p in parsed:
        if p.vocabulary:
            issues += _vocabulary(p.path, p.vocabulary, kinds, sources)
            for c in p.vocabulary.get("classes", []):  # a class's summary carries evidence like an entry's
                pseudo = dict(c, kind=c["kind"] if c["kind"] in schema.KINDS else "topic",
                              _pos={"summary": tuple(c["_pos"])})
                issues += evidence.missing(p.path, pseudo, sources, warning=not shipped_mode)
                if seed_texts is not None:
                    issues += evidence.check_quotes(p.path, pseudo, sources, seed_texts,
                                                    unheld_warning=unheld_warning)
    issues.sort(key=lambda i: (i.path, i.line, i.col))
    return _capped(issues), len(parsed), len(ents)


def _overrides(ents, heads) -> list[Issue]:
    """A local entry with a shipped id: an override of the same kind is a warning (it is shown marked
    LOCAL); one of another kind is an error (it would take the shipped entry away)."""
    issues = []
    for path, ent in ents:
        head = heads.get(ent["id"])
        if head is None:
            continue
        line, col = _pos(ent, "id")
        if head.kind != ent["kind"]:
            issues.append(Issue(path, line, col, f"id {ent['id']!r} is the shipped {head.kind} entry ({head.path}); "
                                                 f"a local file may override it only with a {head.kind}: give yours "
                                                 "another id"))
        else:
            issues.append(Issue(path, line, col, f"overrides the shipped {head.kind} entry {ent['id']!r} ({head.path}): "
                                                 "shown marked LOCAL OVERRIDE, with every changed fact marked; it "
                                                 "cannot lower a shipped urgency or red flag", warning=True))
    return issues


def _seed_texts(seeds: Path | None, issues: list[Issue]):
    """The seed documents to look quotes up in: their directory, else the shipped fingerprint."""
    if seeds is not None:
        return evidence.Seeds(seeds)
    from bonemets.knowledge import seedprint
    found = seedprint.shipped()
    if found is None:
        issues.append(Issue(str(seedprint.SHIPPED), 1, 1, "the seed fingerprint is missing or damaged, so no "
                            "quote was checked: rebuild it (python -m bonemets.knowledge.seedprint build SEED_DIR) "
                            "or pass --seeds DIR"))
    return found


def _names(ents, base, heads, checked_ids) -> list[Issue]:
    """Every name a user can type after a kind's command must lead to one entity of that kind (ids are
    unique across every kind, checked apart)."""
    issues = []
    owners: dict[tuple[str, str], tuple[str, str]] = {}
    if base is not None:
        for key, ent_id, kind, how in base.all_names():
            if how.removeprefix("local-") in ("id", "name") and ent_id in heads and ent_id not in checked_ids:
                owners.setdefault((kind, key), (ent_id, heads[ent_id].path))
    for path, ent in ents:
        names = [("id", ent["id"])] + [(f"aliases.{i}", a) for i, a in enumerate(ent.get("aliases", []))]
        if "name" in ent:
            names.insert(1, ("name", ent["name"]))
        for where, name in names:
            key = (ent["kind"], slug(name))
            owner = owners.get(key)
            if owner and owner[0] != ent["id"]:
                line, col = _pos(ent, where)
                issues.append(Issue(path, line, col, f"name or alias {name!r} is already used by "
                                                     f"{owner[0]!r} ({owner[1]})"))
            else:
                owners[key] = (ent["id"], path)
    return issues


def _refs(path: str, ent: dict, kinds: dict, sources: dict) -> list[Issue]:
    issues = []
    kind = schema.KINDS[ent["kind"]]
    for key, target, _label in kind.refs:
        for i, ref in enumerate(ent.get(key, [])):
            hit = kinds.get(ref)
            if hit is None or (target != "any" and hit != target):
                line, col = _pos(ent, f"{key}.{i}")
                want = "entity" if target == "any" else target
                issues.append(Issue(path, line, col, f"{key}: no {want} with id {ref!r}"))
    for fi, step in enumerate(ent.get(schema.STEP_SECTION, []) if ent["kind"] == "pathway" else []):
        for j, ref in enumerate(step.get("uses", [])):
            if ref not in kinds:
                line, col = _pos(ent, f"{schema.STEP_SECTION}.{fi}.uses.{j}")
                issues.append(Issue(path, line, col, f"steps: uses: no entity with id {ref!r}"))
    cited = [("sources", i, s) for i, s in enumerate(ent.get("sources", []))]
    for key, _label in kind.sections:
        for fi, fact in enumerate(ent.get(key, [])):
            cited += [(f"{key}.{fi}.sources", j, s) for j, s in enumerate(fact.get("sources", []))]
    cited += spec.cited(ent)  # a score's table
    for where, j, sid in cited:
        if sid not in sources:
            line, col = _pos(ent, f"{where}.{j}")
            issues.append(Issue(path, line, col, f"source id {sid!r} is not in any sources.yaml"))
    return issues


def _vocabulary(path: str, vocab: dict, kinds: dict, sources: dict) -> list[Issue]:
    issues = []
    for c in vocab.get("classes", []):
        line, col = c["_pos"]
        for m in c.get("members", []):
            if kinds.get(m) != c["kind"]:
                issues.append(Issue(path, line, col, f"class {c['id']!r}: member {m!r} is not a {c['kind']} id"))
        if c["kind"] not in schema.KINDS:
            issues.append(Issue(path, line, col, f"class {c['id']!r}: kind {c['kind']!r} is not a kind"))
    for rec in vocab.get("terms", []) + vocab.get("classes", []):
        for sid in rec.get("sources", []):
            if sid not in sources:
                line, col = rec["_pos"]
                issues.append(Issue(path, line, col, f"source id {sid!r} is not in any sources.yaml"))
    return issues


def _capped(issues: list[Issue]) -> list[Issue]:
    """At most MAX_PER_FILE messages of one kind per file; the rest are counted in one line."""
    out, counts, last = [], {}, {}
    for i in issues:
        kind = (i.path, i.message.split(":")[0].split("'")[0][:40], i.warning)
        counts[kind] = counts.get(kind, 0) + 1
        if counts[kind] <= MAX_PER_FILE:
            out.append(i)
        last[kind] = i
    for kind, n in counts.items():
        if n > MAX_PER_FILE:
            i = last[kind]
            out.append(Issue(i.path, i.line, i.col, f"… and {n - MAX_PER_FILE:,} more like this", warning=i.warning))
    return out
