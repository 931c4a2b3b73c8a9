"""Whole-knowledge checks that no single file can make: ids, aliases, cross-references, sources."""
from __future__ import annotations

from pathlib import Path

from bonemets import evidence, schema
from bonemets.knowledge import KnowledgeBase, fact_files, shipped_dir
from bonemets.records import Issue, Parsed
from bonemets.scores import spec
from bonemets.text import slug
from bonemets.yamlload import parse_file


def _pos(ent: dict, key: str) -> tuple[int, int]:
    return tuple(ent.get("_pos", {}).get(key, (1, 1)))


def check(paths: list[Path] | None = None, seeds: Path | None = None) -> tuple[list[Issue], int, int]:
    """Validate the shipped files (no paths) or the given files and directories.

    Returns (issues, files checked, entities checked). Given paths are checked against the shipped
    knowledge, so a local file may cite shipped sources and refer to shipped entities. A fact without
    its quote or locator is an error in shipped data and a warning in local files. With ``seeds`` (the
    seed documents' directory), every quote is looked up in the seed it cites.
    """
    roots = paths or [shipped_dir()]
    shipped_mode = not paths
    parsed: list[Parsed] = []
    for root in roots:
        if not root.exists():
            parsed.append(Parsed(str(root), issues=[Issue(str(root), 1, 1, "no such file or directory")]))
            continue
        for f in fact_files(root):
            shown = str(f) if not shipped_mode else str(Path("data") / f.relative_to(root))
            parsed.append(parse_file(f, shown))
    issues = [i for p in parsed for i in p.issues]

    base = KnowledgeBase() if shipped_mode else KnowledgeBase.load(use_env=False)
    sources = dict(base.sources)
    seen_src: dict[str, str] = {}
    for p in parsed:
        for src in p.sources:
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

    # every name a user can type must lead to one entity
    owners: dict[str, tuple[str, str]] = {}
    for ent_id, head in base.heads.items():
        if ent_id not in checked_ids:
            for key in head[4]:
                owners.setdefault(key, (ent_id, base.paths[ent_id]))
    for path, ent in ents:
        names = [("id", ent["id"])] + [(f"aliases.{i}", a) for i, a in enumerate(ent.get("aliases", []))]
        if "name" in ent:
            names.insert(1, ("name", ent["name"]))
        for where, name in names:
            key = slug(name)
            owner = owners.get(key)
            if owner and owner[0] != ent["id"]:
                line, col = _pos(ent, where)
                issues.append(Issue(path, line, col, f"name or alias {name!r} is already used by "
                                                     f"{owner[0]!r} ({owner[1]})"))
            else:
                owners[key] = (ent["id"], path)

    seed_texts = evidence.Seeds(seeds) if seeds is not None else None
    kinds = {**{i: h[3] for i, h in base.heads.items()}, **{e["id"]: e["kind"] for _, e in ents}}
    for path, ent in ents:
        kind = schema.KINDS[ent["kind"]]
        for key, target, _label in kind.refs:
            for i, ref in enumerate(ent.get(key, [])):
                hit = kinds.get(ref)
                if hit is None or (target != "any" and hit != target):
                    line, col = _pos(ent, f"{key}.{i}")
                    want = "entity" if target == "any" else target
                    issues.append(Issue(path, line, col, f"{key}: no {want} with id {ref!r}"))
        cited = [("sources", i, s) for i, s in enumerate(ent.get("sources", []))]
        for key, _label in kind.sections:
            for fi, fact in enumerate(ent.get(key, [])):
                cited += [(f"{key}.{fi}.sources", j, s) for j, s in enumerate(fact.get("sources", []))]
        cited += spec.cited(ent)  # a score's table
        for where, j, sid in cited:
            if sid not in sources:
                line, col = _pos(ent, f"{where}.{j}")
                issues.append(Issue(path, line, col, f"source id {sid!r} is not in any sources.yaml"))
        issues += evidence.missing(path, ent, sources, warning=not shipped_mode)
        if seed_texts is not None:
            issues += evidence.check_quotes(path, ent, sources, seed_texts)
    issues.sort(key=lambda i: (i.path, i.line, i.col))
    return issues, len(parsed), len(ents)
