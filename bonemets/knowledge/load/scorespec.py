"""Check a score file's ``table`` block (data/README.md, "A score's table") and build it as plain data.

Called by the YAML reader for files of kind ``score``, with the reader's checker (positions and the
text/list/fact helpers) and the block's node. Every problem is reported at its ``line:col``: unknown
keys, points that are not whole numbers, bands with a gap or an overlap or not covering every possible
total, references to unknown choices, bands or values.
"""
from __future__ import annotations

import re

from bonemets.knowledge import schema
from bonemets.knowledge.load import scorebands as specbands
from bonemets.knowledge.load.records import Issue
from bonemets.text import slug

KEYS = ("table",)
ENGINES = tuple(schema.SCORE_ENGINES)
VERIFICATION = ("V", "S", "U")
RESERVED = ("json", "plain", "color", "pager", "data", "help")
_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./-]{0,39}$")
_KEY = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
MAX_DIGITS = 12  # no score table needs more; int() of thousands of digits fails, float() becomes inf

TABLE = ("engine", "verification", "sources", "locator", "title", "formula", "version", "example", "panel",
         "items", "values", "bands", "scales", "notes", "management")
ITEM = ("key", "label", "help", "choices", "number", "spans", "default", "names", "other", "derive", "concept",
        "optional")
CHOICE = ("word", "points", "band", "meaning", "synonyms", "cancers", "depends")
BOUNDS = ("from", "to", "above", "below")


def _is_map(node) -> bool:
    return hasattr(node, "pairs")


def _is_seq(node) -> bool:
    return hasattr(node, "items") and not hasattr(node, "pairs")


class _Spec:
    def __init__(self, ck) -> None:
        self.ck = ck
        self.broken = False  # an item or its points could not be read: the range of totals is unknown
        self.band_nodes: dict = {}  # (item key, choice word) -> the node of the band the choice names

    def err(self, node, message: str) -> None:
        self.broken = True
        self.ck.err(node, "table: " + message)

    def fields(self, node, what: str, allowed, required=()) -> dict:
        m = self.ck.mapping(node, f"table: {what}", allowed, required)
        return {k: v for k, (_key, v) in (m or {}).items()}

    def seq(self, node, what: str, *, empty_ok: bool = False) -> list:
        if not _is_seq(node):
            self.err(node, f"{what}: expected a list")
            return []
        if not node.items and not empty_ok:
            self.err(node, f"{what}: empty list")
        return node.items

    def text(self, m: dict, key: str, what: str) -> str | None:
        return self.ck.text(m[key], f"table: {what} {key}") if key in m else None

    def word(self, node, what: str) -> str | None:
        if not hasattr(node, "value") or node.tag not in ("str", "int"):
            self.err(node, f"{what}: expected a word")
            return None
        if not _WORD.match(node.value):
            self.err(node, f"{what}: {node.value!r} must be letters, digits, '.', '/' or '-'")
            return None
        return node.value

    def number(self, node, what: str, *, whole: bool = False):
        if not hasattr(node, "value") or node.tag not in ("int", "float") or not _NUMBER.match(node.value):
            self.err(node, f"{what}: expected a number written as plain digits, e.g. 3 or 10.5")
            return None
        if len(node.value.lstrip("-").replace(".", "")) > MAX_DIGITS:  # bounded before it is converted
            self.err(node, f"{what}: {len(node.value):,} characters; a number in a score table has at most "
                           f"{MAX_DIGITS} digits")
            return None
        if "." in node.value:
            if whole:
                self.err(node, f"{what}: expected a whole number")
                return None
            return float(node.value)
        return int(node.value)

    def bounds(self, m: dict, what: str, *, whole: bool = False) -> dict | None:
        """lo/hi with inclusivity from from/above and to/below; None marks an open side."""
        out = {"lo": None, "lo_incl": True, "hi": None, "hi_incl": True}
        for a, b, side, incl in (("from", "above", "lo", "lo_incl"), ("to", "below", "hi", "hi_incl")):
            if a in m and b in m:
                self.err(m[b], f"{what}: give {a} or {b}, not both")
                return None
            key = a if a in m else b if b in m else None
            if key is None:
                continue
            if whole and key == b:
                self.err(m[key], f"{what}: whole-number totals take from/to, not {key}")
                return None
            value = self.number(m[key], f"{what} {key}", whole=whole)
            if value is None:
                return None
            out[side], out[incl] = value, key == a
        if out["lo"] is not None and out["hi"] is not None and out["lo"] > out["hi"]:
            self.err(m.get("to", m.get("below")), f"{what}: the upper bound is below the lower bound")
            return None
        return out

    # --- the table ---------------------------------------------------------------------------------

    def table(self, node) -> dict | None:
        m = self.fields(node, "table", TABLE, ("engine", "verification", "sources", "locator", "formula", "items"))
        if not m:
            return None
        t: dict = {}
        for key in ("engine", "verification", "locator", "title", "formula", "version", "example"):
            if key in m:
                t[key] = self.ck.text(m[key], f"table: {key}")
        if t.get("engine") and t["engine"] not in ENGINES:
            self.err(m["engine"], f"engine {t['engine']!r} is not one of {', '.join(ENGINES)}")
            return None
        if t.get("verification") and t["verification"] not in VERIFICATION:
            self.err(m["verification"], f"verification must be one of {', '.join(VERIFICATION)}")
        if "sources" in m:
            t["sources"] = self.ck.texts(m["sources"], "table: sources", key="table.sources")
            if not t["sources"]:
                self.err(m["sources"], "sources: give at least one source id")
        if "panel" in m:
            p = self.fields(m["panel"], "panel", ("name", "prefix"), ("name", "prefix"))
            t["panel"] = {k: self.ck.text(v, f"table: panel {k}") for k, v in p.items()}
            if t["panel"].get("prefix") and not _KEY.match(t["panel"]["prefix"]):
                self.err(p["prefix"], "panel prefix: lower-case letters, digits and hyphens")
        t["values"] = [v for v in (self.value(n) for n in self.seq(m["values"], "values")) if v] \
            if "values" in m else []
        t["items"] = self.items(m.get("items"), t)
        for key in ("notes",):
            if key in m:
                t[key] = self.facts(m[key], f"table.{key}")
        if "management" in m:
            mm = self.fields(m["management"], "management", ("bands", "facts"), ("bands", "facts"))
            t["management"] = {"bands": self.ck.texts(mm["bands"], "table: management bands") if "bands" in mm else [],
                               "facts": self.facts(mm["facts"], "table.management") if "facts" in mm else []}
        engine = t.get("engine")
        if engine in specbands.FORMULAS:
            specbands.formula_checks(self, m, t)
        elif engine:
            specbands.table_bands(self, m, t)
        if engine and all(k in t for k in ("verification", "sources", "locator", "formula")) and t["items"]:
            return t
        return None

    def facts(self, node, key: str) -> list:
        facts = self.ck.facts(node, key)
        for i, f in enumerate(facts):
            if not f.get("locator") and not f.get("quote"):
                line, col = self.ck.pos.get(f"{key}.{i}", (node.line, node.col))
                self.ck.issues.append(Issue(self.ck.path, line, col, f"{key}: a fact needs a locator (where in the "
                                                                     "source: abstract, Table 2, label section 5.2)"))
        return facts

    def value(self, node) -> dict | None:
        m = self.fields(node, "values", ("key", "label", "unit", "min", "max", "traps"),
                        ("key", "label", "unit", "min", "max"))
        if not {"key", "label", "unit", "min", "max"} <= set(m):
            return None
        v = {k: self.ck.text(m[k], f"table: values {k}") for k in ("key", "label", "unit")}
        v["min"], v["max"] = self.number(m["min"], "values min"), self.number(m["max"], "values max")
        if v["key"] and not _KEY.match(v["key"]):
            self.err(m["key"], f"values: key {v['key']!r} must be lower-case letters, digits and hyphens")
        v["traps"] = []
        for tn in self.seq(m["traps"], "values traps") if "traps" in m else []:
            tm = self.fields(tn, "traps", BOUNDS + ("says",), ("says",))
            b = self.bounds(tm, "trap")
            if b and "says" in tm:
                v["traps"].append(dict(b, says=self.ck.text(tm["says"], "table: traps says")))
        return v if None not in (v["min"], v["max"], v["key"]) else None

    # --- items ----------------------------------------------------------------------------------------

    def items(self, node, t: dict) -> list:
        out, seen = [], {v["key"]: "values" for v in t["values"]}
        for n in self.seq(node, "items") if node is not None else []:
            m = self.fields(n, "item", ITEM, ("key", "label"))
            if "key" not in m or "label" not in m:
                continue
            key = self.ck.text(m["key"], "table: item key")
            if key is None:
                continue
            if not _KEY.match(key) or key in RESERVED:
                self.err(m["key"], f"item key {key!r} must be lower-case letters, digits and hyphens, "
                                   f"and not one of {', '.join(RESERVED)}")
                continue
            if key in seen:
                self.err(m["key"], f"item key {key!r} is used twice")
                continue
            seen[key] = "item"
            item = {"key": key, "label": self.ck.text(m["label"], "table: item label")}
            for k in ("help", "names", "concept"):
                if k in m:
                    item[k] = self.ck.text(m[k], f"table: item {k}")
            if "optional" in m:
                item["optional"] = bool(self.ck.flag(m["optional"], "table: item optional"))
            if item.get("names") not in (None, "cancer"):
                self.err(m["names"], "item names: only 'cancer' (accept the knowledge base's cancer names)")
            if ("choices" in m) == ("number" in m):
                self.err(n, f"item {key!r}: give either choices or number")
                continue
            if "choices" in m:
                item["choices"] = self.choices(m["choices"], key, t.get("engine"))
            else:
                self.numeric(m, item, t.get("engine"))
            words = [c["word"] for c in item.get("choices", [])]
            for k in ("default", "other"):
                if k in m:
                    item[k] = self.word(m[k], f"item {key!r} {k}")
                    if item[k] is not None and item[k] not in words:
                        self.err(m[k], f"item {key!r} {k}: {item[k]!r} is not one of its choices")
            if "derive" in m:
                item["derive"] = self.derive(m["derive"], key, words, t["values"])
            out.append(item)
        return out

    def choices(self, node, key: str, engine: str | None) -> list:
        out = []
        for n in self.seq(node, f"item {key!r} choices"):
            m = self.fields(n, "choice", CHOICE, ("word", "meaning"))
            word = self.word(m["word"], "choice word") if "word" in m else None
            if word is None or "meaning" not in m:
                continue
            if slug(word) in {slug(c["word"]) for c in out}:
                self.err(m["word"], f"item {key!r}: choice {word!r} is given twice")
                continue
            c = {"word": word, "meaning": self.ck.text(m["meaning"], "table: choice meaning")}
            if engine == "points" and "points" not in m:
                self.err(n, f"item {key!r}: choice {word!r} needs points")
            if "points" in m:
                if engine != "points":
                    self.err(m["points"], f"item {key!r}: points belong to engine 'points' only")
                c["points"] = self.number(m["points"], "choice points", whole=True)
            if engine == "grade" and "band" not in m:
                self.err(n, f"item {key!r}: choice {word!r} needs the band it belongs to")
            if "band" in m:
                c["band"] = self.word(m["band"], "choice band")
                self.band_nodes[key, word] = m["band"]
            for k in ("synonyms", "cancers"):
                if k in m:
                    c[k] = [slug(x) for x in self.ck.texts(m[k], f"table: choice {k}")]
            if "depends" in m:
                dm = self.ck.mapping(m["depends"], "table: choice depends", tuple(k.value for k, _ in
                                     getattr(m["depends"], "pairs", [])), ()) or {}
                c["depends"] = {slug(k): self.ck.text(v, "table: choice depends") for k, (_x, v) in dm.items()}
            out.append(c)
        return out

    def numeric(self, m: dict, item: dict, engine: str | None) -> None:
        nm = self.fields(m["number"], "number", ("min", "max", "step", "unit", "decimal"))
        num = {"min": None, "max": None, "step": 1, "unit": "", "decimal": False}
        for k in ("min", "max", "step"):
            if k in nm:
                num[k] = self.number(nm[k], f"number {k}", whole=True)
        if "unit" in nm:
            num["unit"] = self.ck.text(nm["unit"], "table: number unit")
        if "decimal" in nm:
            num["decimal"] = bool(self.ck.flag(nm["decimal"], "table: number decimal"))
        item["number"] = num
        if engine != "points":
            if "spans" in m:
                self.err(m["spans"], f"item {item['key']!r}: spans belong to engine 'points' only")
            return
        if "spans" not in m:
            self.err(m["number"], f"item {item['key']!r}: a number needs spans (the points of each range)")
            return
        spans = []
        for n in self.seq(m["spans"], "spans"):
            sm = self.fields(n, "span", ("from", "to", "points", "meaning"), ("from", "points", "meaning"))
            b = self.bounds(sm, "span", whole=True)
            if b is None or not {"points", "meaning"} <= set(sm):
                continue
            spans.append(dict(b, points=self.number(sm["points"], "span points", whole=True),
                              meaning=self.ck.text(sm["meaning"], "table: span meaning"), _node=n, _m=sm,
                              word=f"{b['lo']}-{b['hi'] if b['hi'] is not None else ''}"))
        spans.sort(key=lambda s: s["lo"])
        lo = num["min"] if num["min"] is not None else 0
        specbands.contiguous(self, spans, f"item {item['key']!r} spans", lo, num["max"], whole=True,
                             step=num["step"] or 1)
        item["spans"] = [{k: v for k, v in s.items() if not k.startswith("_") and k != "word"} for s in spans]

    def derive(self, node, key: str, words: list, values: list) -> dict | None:
        m = self.fields(node, "derive", ("rules", "otherwise"), ("rules", "otherwise"))
        known = {v["key"] for v in values}
        d = {"rules": [], "otherwise": self.word(m["otherwise"], "derive otherwise") if "otherwise" in m else None}
        if d["otherwise"] is not None and d["otherwise"] not in words:
            self.err(m["otherwise"], f"item {key!r} derive: {d['otherwise']!r} is not one of its choices")
        for rn in self.seq(m["rules"], "derive rules") if "rules" in m else []:
            rm = self.fields(rn, "rule", ("choice", "any"), ("choice", "any"))
            choice = self.word(rm["choice"], "rule choice") if "choice" in rm else None
            if choice is not None and choice not in words:
                self.err(rm["choice"], f"item {key!r} derive: {choice!r} is not one of its choices")
            conds = []
            for cn in self.seq(rm["any"], "rule any") if "any" in rm else []:
                cm = self.fields(cn, "condition", ("value",) + BOUNDS, ("value",))
                b = self.bounds(cm, "condition")
                name = self.ck.text(cm["value"], "table: condition value") if "value" in cm else None
                if name is not None and name not in known:
                    have = f"table values: {', '.join(sorted(known))}" if known else "the table has no values"
                    self.err(cm["value"], f"derive: unknown value {name!r} ({have})")
                elif b and name and (b["lo"] is None) == (b["hi"] is None):
                    self.err(cn, "condition: give exactly one bound (from, above, to or below)")
                elif b and name:
                    conds.append(dict(b, value=name))
            d["rules"].append({"choice": choice, "any": conds})
        return d

def check(ck, node) -> dict | None:
    """The table block as plain data (None when it cannot be used); problems go to the checker."""
    return _Spec(ck).table(node)


def cited(ent: dict):
    """(position key, index, source id) of every source the table cites, for the cross-file check."""
    t = ent.get("table") or {}
    out = [("table.sources", j, s) for j, s in enumerate(t.get("sources", []))]
    for n, sc in enumerate(t.get("scales", [])):
        out += [(f"table.scales.{n}.sources", j, s) for j, s in enumerate(sc.get("sources", []))]
    for key, facts in (("table.notes", t.get("notes", [])), ("table.management", (t.get("management") or {})
                                                                .get("facts", []))):
        for i, f in enumerate(facts):
            out += [(f"{key}.{i}.sources", j, s) for j, s in enumerate(f.get("sources", []))]
    return out
