"""A pathway as NICE draws one: numbered steps, each with its timing, who acts, the condition that leads to
it, the steps it branches to, the entries and scores it uses, its grade and its numbered citations."""
from __future__ import annotations

from bonemets.doc import Doc, Fields, Grid, Line, envelope
from bonemets.knowledge import schema
from bonemets.knowledge.base import open_command
from bonemets.views.cite import Refs
from bonemets.views.entity import provenance, ref_lines, references_block
from bonemets.views.facts import entity_data, fact_data, fact_line, fact_lines, local_banner, summary_fact

# Timings that mean "now": drawn as an emergency. Anything with a deadline in hours: urgent.
_NOW = ("immediately", "without delay", "as soon as possible", "straight away", "at once")


def timing_style(timing: str) -> str:
    t = timing.casefold()
    if any(w in t for w in _NOW):
        return "emergency"
    if "hour" in t or "same day" in t:
        return "urgent"
    return "strong"


def numbered(steps: list[dict]) -> dict[str, int]:
    return {st["step"]: i for i, st in enumerate(steps, 1) if st.get("step")}


def step_cell(kb, st: dict, number: dict[str, int], refs: Refs, evidence: bool) -> list[Line]:
    """What is done, then dim lines: the condition, the steps it leads to, what it uses."""
    lines = []
    if st.get("when"):
        lines.append(Line(f"if {st['when']}:", style="strong"))
    lines.append(fact_line(st, refs, evidence))
    if st.get("next"):
        lines.append(Line("then: " + ", ".join(f"step {number[n]}" for n in st["next"] if n in number), style="dim"))
    if st.get("who"):
        lines.append(Line(f"who: {st['who']}", style="dim"))
    for ref in st.get("uses", []):
        e = kb.entities.get(ref)
        if e is not None:
            lines.append(Line(f"uses: {open_command(e)}", style="command"))
    return lines


def pathway_doc(kb, ent: dict, evidence: bool = False, brief: bool = False) -> Doc:
    refs = Refs(kb)
    steps = ent.get(schema.STEP_SECTION, [])
    number = numbered(steps)
    head: list[tuple[str, list]] = []
    banner = local_banner(ent)
    if banner:
        head.append(("Local data", [Line(banner, style="differ")]))
    head.append(("Summary", [fact_line(summary_fact(ent), refs, evidence)]))
    scope = ent.get("scope", [])
    head.append(("Who it is for", fact_lines(scope[:1], refs, evidence)))  # the rest after the steps
    rows = [[str(i), [Line(st.get("timing", ""), style=timing_style(st.get("timing", "")))],
             step_cell(kb, st, number, refs, evidence)] for i, st in enumerate(steps, 1)]
    blocks = [Fields(head, ent["name"]), Grid(["#", "Timing", "Step"], rows, "Steps", nowrap=(0,))]
    tail: list[tuple[str, list]] = []
    if scope[1:]:
        tail.append(("Scope", fact_lines(scope[1:], refs, evidence)))
    if ent.get("notes"):
        tail.append(("Notes", fact_lines(ent["notes"], refs, evidence)))
    if ent.get("see"):
        tail.append(("See also", ref_lines(kb, ent["see"])))
    if ent.get("aliases"):
        tail.append(("Also called", ", ".join(ent["aliases"])))
    if tail and not brief:  # --brief: the steps alone
        blocks.append(Fields(tail, "Notes and links"))
    blocks.append(references_block(refs))
    data = envelope("pathway", entity=entity_data(ent),
                    steps=[dict(fact_data(st), number=i, next_numbers=[number[n] for n in st.get("next", []) if n in number])
                           for i, st in enumerate(steps, 1)],
                    references=refs.data())
    return Doc(f"{ent['name']} — pathway ({len(steps)} steps)", blocks, provenance(ent, open_command(ent)), data)
