"""The parts of a fact that pathways and graded recommendations add: a pathway's steps in order, and a
guideline's grade in the guideline's own words. Called by the checker with itself as ``self``."""
from __future__ import annotations

from bonemets.knowledge import schema
from bonemets.knowledge.load.nodes import Node, Scalar, Seq
from bonemets.knowledge.load.records import Issue


def step_order(self, node: Seq, steps: list[dict]) -> None:
    """Step ids are unique; every `next` names a later step (branches reach a step, never loop back)."""
    order: dict[str, int] = {}
    for i, st in enumerate(steps):
        sid = st.get("step")
        if sid is None:
            continue
        if not schema.ID_RE.fullmatch(sid):
            self.err(node.items[i], f"steps: step {sid!r} must be lower-case letters, digits and hyphens")
        if sid in order:
            self.err(node.items[i], f"steps: duplicate step {sid!r}")
        order.setdefault(sid, i)
    for i, st in enumerate(steps):
        for j, nxt in enumerate(st.get("next", [])):
            line, col = self.pos.get(f"steps.{i}.next.{j}", (node.items[i].line, node.items[i].col))
            if nxt not in order:
                self.issues.append(Issue(self.path, line, col, f"steps: next {nxt!r} is not a step of this pathway"))
            elif order[nxt] <= i:
                self.issues.append(Issue(self.path, line, col, f"steps: next {nxt!r} comes before this step; "
                                                               "steps run in order"))

def grade(self, node: Node, what: str) -> dict | None:
    """A guideline's grade: the words the guideline body itself uses, and its year."""
    m = self.mapping(node, what, schema.GRADE_REQUIRED + schema.GRADE_OPTIONAL, schema.GRADE_REQUIRED)
    if m is None:
        return None
    out: dict = {}
    for name, (_k, v) in m.items():
        if name == "year":
            if not (isinstance(v, Scalar) and v.tag == "int" and v.value.isdigit() and len(v.value) == 4):
                self.err(v, f"{what}: year: expected a four-digit year")
                continue
            year = int(v.value)
            lo, hi = schema.GRADE_YEARS
            if not lo <= year <= hi:
                self.err(v, f"{what}: year {year} is outside {lo}-{hi}")
                continue
            out["year"] = year
        else:
            val = self.text(v, f"{what}: {name}")
            if val is not None:
                out[name] = val
    words = schema.GRADE_WORDS.get(out.get("by", ""))
    if words:
        for name in ("strength", "evidence"):
            allowed = words.get(name)
            if name in out and allowed is not None and out[name] not in allowed:
                self.err(m[name][1], f"{what}: {name} {out[name]!r} is not a {out['by']} word "
                                     f"({', '.join(allowed)})")
                out.pop(name)
        if "evidence" in out and "evidence" not in words:
            self.err(m["evidence"][1], f"{what}: {out['by']} grades no evidence level")
    return out if set(schema.GRADE_REQUIRED) <= set(out) else None
