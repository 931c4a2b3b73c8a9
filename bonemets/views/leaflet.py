"""A leaflet a nurse prints for a patient and family: plain words, wrapped for paper, the clinic's own
contact under "What to do", every statement numbered to its source at the end."""
from __future__ import annotations

from bonemets.doc import Doc, envelope
from bonemets.knowledge import schema
from bonemets.views.cite import Refs
from bonemets.views.facts import entity_data

FORMATS = ("text", "markdown")
HEADINGS = {"about": "What this is about", "signs": "Warning signs to look out for",
            "action": "What to do", "care": "Looking after yourself"}
BLANK_CONTACT = "Your care team's phone number: ______________________________"
NBSP = "\u00a0"  # textwrap never breaks here
DISCLAIMER = ("This leaflet gives general information. It does not replace advice from your own doctors and "
              "nurses, who know your situation.")


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


def leaflet_lines(kb, ent: dict, *, contact: str = "", fmt: str = "text", width: int = 72) -> tuple[list[str], Refs]:
    refs = Refs(kb)
    md = fmt == "markdown"
    out = [f"# {ent['name']}", ""] if md else [ent["name"], "=" * min(len(ent["name"]), width), ""]
    out += _wrap(ent.get("summary", ""), width, "", "") + [""]
    if ent.get("_local"):
        out += _wrap(f"(Local leaflet from {ent.get('_path', '')}: not part of bonemets' reviewed content.)",
                     width, "", "") + [""]
    for key, _label in schema.KINDS["leaflet"].sections:
        facts = ent.get(key) or []
        if not facts and key != "action":
            continue
        out += [f"## {HEADINGS[key]}", ""] if md else [HEADINGS[key], "-" * len(HEADINGS[key]), ""]
        bullet = key in ("signs", "care")
        for f in facts:
            # the citation mark stays with the last word, and never breaks across lines
            marks = refs.marks(f.get("sources", [])).replace(" ", NBSP)
            text = f"{f['text']}{NBSP}{marks}" if marks else f["text"]
            if bullet:
                out += _wrap(text, width, "- " if md else "  * ", "  " if md else "    ")
            else:
                out += _wrap(text, width, "", "") + ([""] if md else [])
        if key == "action":
            line = f"Call: {contact}" if contact else BLANK_CONTACT
            out += ([""] if not md else []) + _wrap(f"**{line}**" if md else line, width, "", "")
        out.append("")
    src_head = "Where this information comes from"
    out += [f"## {src_head}", ""] if md else [src_head, "-" * len(src_head), ""]
    for n, line in enumerate(refs.lines(), 1):
        out += _wrap(f"[{n}] {line.text}", width, "", "    ")
    reviewed = ent.get("reviewed", "")
    out += ["", *_wrap(DISCLAIMER, width, "", ""), f"Last reviewed: {reviewed} (checked against its sources)."]
    if md:
        out = [ln if ln.strip() else "" for ln in out]
    return out, refs


def leaflet_doc(kb, ent: dict, *, contact: str = "", fmt: str = "text", width: int = 72) -> Doc:
    lines, refs = leaflet_lines(kb, ent, contact=contact, fmt=fmt, width=width)
    data = envelope("leaflet", entity=entity_data(ent), contact=contact or None, text=lines, references=refs.data())
    return Doc(ent["name"], [], [], data, plain_lines=lines)
