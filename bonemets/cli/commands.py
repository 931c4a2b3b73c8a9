"""What each data command does, once: called by the Typer commands (bonemets.cli.app) and by the fast paths
that answer before Typer is imported (bonemets.cli.fast), so both print the same bytes."""
from __future__ import annotations

from bonemets.errors import NotFound, UsageError
from bonemets.knowledge import schema


def lookup(s, kind: str, name: list[str], brief: bool = False) -> None:
    from bonemets.views import doc_for

    found = s.kb.find(name, kind)
    s.show(doc_for(found["kind"])(s.kb, found, s.out.evidence, brief))


def leaflet(s, name: list[str], *, contact: str, fmt: str, width: int) -> None:
    from bonemets.text import has_control, neutralise
    from bonemets.views.leaflet import leaflet_doc

    if has_control(contact) or len(contact) > 200:
        raise UsageError("--contact: at most 200 characters of plain text, on one line")
    found = s.kb.find(name, "leaflet")
    if s.out.mode != "json":
        s.out = s.out._replace(plain=True)  # a leaflet is printed as text, wrapped for paper
    s.show(leaflet_doc(s.kb, found, contact=neutralise(contact.strip()), fmt=fmt, width=width))


def list_entries(s, kind: str | None) -> None:
    from bonemets.views import list_doc

    k = None
    if kind is not None:
        k = schema.kind_of(kind)
        if k is None:
            raise UsageError(f"unknown kind {kind[:40]!r}; choose from: "
                             f"{', '.join(x.plural for x in schema.KINDS.values())}")
    s.show(list_doc(s.kb, k))


def compare(s, names: list[str]) -> None:
    from bonemets.knowledge.resolve import split_into_entries
    from bonemets.views import compare_doc

    ents = split_into_entries(s.kb, names)
    if any(e["kind"] == "class" for e in ents):
        cls = next(e for e in ents if e["kind"] == "class")
        raise UsageError(f"{cls['name']} is a drug class; compare its members, e.g. "
                         f"'bonemets compare {' '.join(m['id'] for m in cls['members'][:2])}'")
    if len(ents) < 2:
        raise UsageError("compare needs at least two names, e.g. 'bonemets compare lytic blastic'")
    kinds = {e["kind"] for e in ents}
    if len(kinds) > 1:
        which = ", ".join(f"{e['name']} is a {e['kind']}" for e in ents)
        raise UsageError(f"compare takes entries of one kind ({which})")
    ids = [e["id"] for e in ents]
    if len(set(ids)) < len(ids):
        raise UsageError("compare needs different entries; two names lead to the same one")
    s.show(compare_doc(s.kb, ents, s.out.evidence))


def symptoms(s, red_flags: bool = False, cancer: str | None = None, check: bool = False,
             present: str | None = None) -> None:
    from bonemets.views import symptoms_doc

    if present is not None or check:
        from bonemets.cli.checklist import run_check

        run_check(s, present, red_flags=red_flags, cancer=cancer)
        return
    groups, note, title = s.kb.symptom_groups(red_flags=red_flags, cancer=cancer)
    s.show(symptoms_doc(s.kb, groups, title, note, s.out.evidence))


def search(s, query: list[str]) -> None:
    from bonemets.knowledge.resolve import clip
    from bonemets.views import search_doc

    q = " ".join(query)
    result = s.kb.search(q)
    if not result.hits:
        raise NotFound(f"nothing matches {clip(q)!r}", hint="try fewer or other words, or 'bonemets list'")
    s.show(search_doc(s.kb, q, result))


def sources(s, source_id: str | None) -> None:
    from bonemets.knowledge.resolve import clip
    from bonemets.knowledge.vocab import distance
    from bonemets.views import sources_doc

    kb = s.kb
    if source_id is None:
        s.show(sources_doc(kb, None))
        return
    if source_id.isdigit():
        source_id = _numbered(kb, int(source_id))
    found = next((sid for sid in kb.sources if sid.casefold() == source_id.casefold()), None)
    if found is None:
        typed = source_id.casefold()
        close = [sid for sid in kb.sources if sid.casefold().startswith(typed + "-")] or \
            [sid for sid in kb.sources if distance(typed, sid.casefold(), 3) <= min(3, len(typed) // 4)]
        raise NotFound(f"no source with id {clip(source_id)!r}",
                       hint=("did you mean: " + ", ".join(sorted(close)[:6]) + "?") if close else "see 'bonemets sources'")
    s.show(sources_doc(kb, kb.sources[found]))


def _numbered(kb, n: int) -> str:
    """The source id of reference [n] on the page last shown."""
    from bonemets.cli import lastpage
    last = lastpage.load()
    how = "a number is a reference [N] of the page last shown; give the id instead (listed in the page's " \
          "References, or by 'bonemets sources')"
    if last is None:
        raise NotFound(f"no page shown yet to take reference [{n}] from", hint=how)
    title, refs = last
    if n not in refs or refs[n] not in kb.sources:
        shown = f"references 1-{max(refs)}" if refs else "no references"
        raise NotFound(f"the page last shown ({title}) has {shown}, not [{n}]", hint=how)
    s_id = refs[n]
    from bonemets.render import message

    message(f"bonemets: [{n}] on the page last shown ({title}) is {s_id}")
    return s_id


def validate(targets, seed_dir, as_json: bool) -> int:
    """Check fact files: each problem as path:line:col: message on stderr, or all of them as JSON on stdout.
    Returns the exit code (1 when there is an error, warnings alone are 0)."""
    from bonemets.knowledge.validate import check
    from bonemets.render import message, write

    issues, nfiles, nents = check(targets, seeds=seed_dir)
    errors = [i for i in issues if not i.warning]
    if as_json:
        import json

        from bonemets.doc import envelope

        problems = [{"path": i.path, "line": i.line, "col": i.col, "message": i.message,
                     "severity": i.severity} for i in issues]
        write(json.dumps(envelope("validate", ok=not errors, files=nfiles, entities=nents, problems=problems),
                         indent=2, ensure_ascii=True) + "\n")
        return 1 if errors else 0
    for i in issues:
        message(str(i))
    if errors:
        message(f"bonemets: {len(errors)} problem(s) in {nfiles} file(s)")
        return 1
    warned = f", {len(issues)} warning(s)" if issues else ""
    write(f"ok: {nfiles} files, {nents} entities checked{warned}\n")
    return 0
