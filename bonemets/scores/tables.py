"""Point tables of the table-driven scores, exactly as in ../shared/reference/clinical-anchors.md §1-3.

Each band meaning restates a published criterion; none is an order. Source ids resolve in
data/sources.yaml.
"""
from __future__ import annotations

from bonemets.scores import Band, Choice, Item, Score, Span

MIRELS = Score(
    id="mirels",
    name="Mirels' score (impending pathological fracture of a long bone)",
    items=(
        Item("site", "Site", (Choice("upper-limb", 1, "upper limb"), Choice("lower-limb", 2, "lower limb"),
                              Choice("peritrochanteric", 3, "peritrochanteric (trochanteric) region"))),
        Item("pain", "Pain", (Choice("mild", 1, "mild"), Choice("moderate", 2, "moderate"),
                              Choice("functional", 3, "functional: severe, or aggravated by limb function"))),
        Item("lesion", "Lesion (radiographic nature)", (Choice("blastic", 1, "blastic"), Choice("mixed", 2, "mixed"),
                                                        Choice("lytic", 3, "lytic"))),
        Item("size", "Size (proportion of the bone involved on plain radiograph)",
             (Choice("under-third", 1, "less than 1/3"), Choice("third-to-two-thirds", 2, "1/3 to 2/3"),
              Choice("over-two-thirds", 3, "more than 2/3"))),
    ),
    bands=(
        Band(4, 7, "low", "score <= 7: Mirels 1989 reported these lesions could be irradiated without prophylactic "
                          "fixation; reported fracture risk within 6 months about 0-4%"),
        Band(8, 8, "borderline", "score 8: later summaries treat 8 as a clinical-judgement zone (reported risk about "
                                 "15%); Mirels' 1989 paper recommended prophylactic fixation at >= 8"),
        Band(9, 12, "high", "score >= 9: published threshold for considering prophylactic fixation (Jawad & Scully "
                            "2010); reported fracture risk 33% or more, about 100% at 12"),
    ),
    sources=("mirels-1989", "jawad-scully-2010", "anchors-mirels-risk"),
    formula="total = site + pain + lesion + size (each 1-3); range 4-12",
    limits=(
        ("Thresholds differ: Mirels' 1989 abstract recommends fixation at >= 8; later summaries use >= 9 "
         "with 8 as borderline. Both are shown; neither is an instruction.", "mirels-1989, jawad-scully-2010"),
        ("At a cut-off of >= 9, sensitivity is about 91% and specificity about 35%: many fixations "
         "prove unnecessary.", "ramsey-2020"),
        ("Humerus: at >= 9 sensitivity 14.5% and specificity 82.9% (Evans 2008); a 2023 humerus cohort of "
         "188 found >= 8 performed best (sensitivity 83.6%, specificity 79.5%).", "evans-2008, humerus-2023"),
        ("Sources describe the size denominator differently (bone diameter, or cortical thickness); the "
         "original 1989 table was not read.", "anchors-mirels-risk"),
        ("Reported risks for scores of 10 and 11 were not verified and are not shown.", "anchors-mirels-risk"),
    ),
)

SINS = Score(
    id="sins",
    name="SINS: Spinal Instability Neoplastic Score",
    items=(
        Item("location", "Location", (
            Choice("junctional", 3, "junctional (occiput-C2, C7-T2, T11-L1, L5-S1)"),
            Choice("mobile", 2, "mobile spine (C3-C6, L2-L4)"),
            Choice("semirigid", 1, "semirigid (T3-T10)"), Choice("rigid", 0, "rigid (S2-S5)"))),
        Item("pain", "Pain", (
            Choice("mechanical", 3, "mechanical pain (relieved by lying down, or with movement or loading of the spine)"),
            Choice("occasional", 1, "occasional pain, not mechanical"), Choice("none", 0, "pain-free lesion"))),
        Item("lesion", "Bone lesion", (Choice("lytic", 2, "lytic"), Choice("mixed", 1, "mixed (lytic/blastic)"),
                                       Choice("blastic", 0, "blastic"))),
        Item("alignment", "Radiographic spinal alignment", (
            Choice("subluxation", 4, "subluxation or translation present"),
            Choice("deformity", 2, "de novo deformity (kyphosis or scoliosis)"),
            Choice("normal", 0, "normal alignment"))),
        Item("collapse", "Vertebral body collapse", (
            Choice("over-half", 3, "more than 50% collapse"), Choice("under-half", 2, "less than 50% collapse"),
            Choice("involved-no-collapse", 1, "no collapse, more than 50% of the body involved"),
            Choice("none", 0, "none of the above"))),
        Item("posterolateral", "Posterolateral involvement of spinal elements", (
            Choice("bilateral", 3, "bilateral"), Choice("unilateral", 1, "unilateral"),
            Choice("none", 0, "none of the above"))),
    ),
    bands=(
        Band(0, 6, "stable", "0-6: stable"),
        Band(7, 12, "potentially-unstable", "7-12: potentially unstable (indeterminate); from 7, surgical "
                                            "consultation is the published recommendation (Fisher 2014)"),
        Band(13, 18, "unstable", "13-18: unstable; surgical consultation is the published recommendation"),
    ),
    sources=("fisher-2010", "fourney-2011", "fisher-2014"),
    formula="total = location + pain + lesion + alignment + collapse + posterolateral; range 0-18",
    limits=(
        ("Sensitivity 95.7% and specificity 79.5% for potentially unstable or unstable lesions.", "fourney-2011"),
        ("UNVERIFIED: the exact wording of 'mechanical pain' and of 'posterolateral involvement' was not seen "
         "verbatim in the primary source.", "anchors-sins-wording"),
        ("A 2021 systematic review found 'location' never predicted vertebral compression fracture after RT and "
         "'bone lesion' had only fair reliability.", "lee-2021"),
    ),
)

_PRIMARIES = (
    Choice("lung", 0, "lung"), Choice("osteosarcoma", 0, "osteosarcoma"),
    Choice("stomach", 0, "stomach", ("gastric",)), Choice("bladder", 0, "bladder"),
    Choice("esophagus", 0, "oesophagus", ("oesophagus", "oesophageal", "esophageal")),
    Choice("pancreas", 0, "pancreas", ("pancreatic",)),
    Choice("liver", 1, "liver", ("hepatic",)), Choice("gallbladder", 1, "gallbladder", ("gall-bladder",)),
    Choice("unidentified", 1, "unidentified primary", ("unknown", "unknown-primary")),
    Choice("other", 2, "other primary"),
    Choice("kidney", 3, "kidney", ("renal",)), Choice("uterus", 3, "uterus", ("uterine",)),
    Choice("rectum", 4, "rectum", ("rectal",)),
    Choice("thyroid", 5, "thyroid"), Choice("breast", 5, "breast"), Choice("prostate", 5, "prostate"),
    Choice("carcinoid", 5, "carcinoid tumour", ("carcinoid-tumour", "carcinoid-tumor")),
)

TOKUHASHI = Score(
    id="tokuhashi",
    name="Revised Tokuhashi score (2005) for metastatic spine tumour prognosis",
    items=(
        Item("kps", "General condition (Karnofsky performance status, %)",
             spans=(Span(10, 40, 0, "poor (10-40%)"), Span(50, 70, 1, "moderate (50-70%)"),
                    Span(80, 100, 2, "good (80-100%)")), step=10, minimum=10, maximum=100),
        Item("extraspinal-foci", "Extraspinal bone metastasis foci",
             spans=(Span(3, None, 0, "3 or more"), Span(1, 2, 1, "1-2"), Span(0, 0, 2, "none"))),
        Item("vertebral-mets", "Metastases in the vertebral body",
             spans=(Span(3, None, 0, "3 or more"), Span(2, 2, 1, "2"), Span(1, 1, 2, "1")), minimum=1),
        Item("visceral", "Metastases to major internal organs",
             (Choice("unremovable", 0, "unremovable"), Choice("removable", 1, "removable"),
              Choice("none", 2, "none"))),
        Item("primary", "Primary site", _PRIMARIES),
        Item("palsy", "Palsy (Frankel grade)",
             (Choice("complete", 0, "complete (Frankel A, B)"), Choice("incomplete", 1, "incomplete (Frankel C, D)"),
              Choice("none", 2, "none (Frankel E)"))),
    ),
    bands=(
        Band(0, 8, "under-6-months", "0-8: predicted survival under 6 months; Tokuhashi 2005 suggested "
                                     "conservative treatment or palliative surgery"),
        Band(9, 11, "6-months-or-more", "9-11: predicted survival 6 months or more; Tokuhashi 2005 suggested "
                                        "palliative surgery, excisional surgery for a single lesion without "
                                        "visceral metastases"),
        Band(12, 15, "12-months-or-more", "12-15: predicted survival 1 year or more; Tokuhashi 2005 suggested "
                                          "excisional surgery"),
    ),
    sources=("tokuhashi-2005", "nice-cg75"),
    formula="total = KPS + extraspinal foci + vertebral metastases + visceral + primary + palsy; range 0-15",
    limits=(
        ("This is the 2005 revision (0-15), not the 1990 score (0-12, bands 0-5/6-8/9-12); do not mix them.",
         "nice-cg75"),
        ("Validation (Zeng 2007, n = 447): median survival 4, 10 and 29 months in the three bands.", "anchors-tokuhashi"),
        ("Tokuhashi's 2014 review: no scoring system had more than 90% consistency between predicted and "
         "actual survival.", "tokuhashi-2014"),
        ("The suggested-treatment wording comes from secondary sources.", "anchors-tokuhashi"),
    ),
    version="revised 2005 (not the 1990 original)",
)

SCORES = {s.id: s for s in (MIRELS, SINS, TOKUHASHI)}
