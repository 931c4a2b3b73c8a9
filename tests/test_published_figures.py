"""The figures a clinician acts on, each as its source publishes it: if a fact's number changes (or the fact loses
its source), this fails. Each row: the entry, the figure as the fact must state it, the source the fact must cite,
and (in the comment) where the source says it. The figures were read in the sources (locators in data/), not
taken from the code."""
import pytest

FIGURES = [
    # guidelines
    ("mscc-pathway", "within 24 hours of the decision to treat", "nice-qs56"),        # QS56 statement 6
    ("mscc-pathway", "16 mg", "nhsdg-handbook-mscc"),                                 # NHS D&G handbook 2021
    ("mscc-pathway", "8 Gy in 1 fraction", "astro-2024"),                            # ASTRO 2024, MSCC schedules
    ("spinal-pain-pathway", "within 24 hours", "nice-cg75-key-priorities"),          # CG75 key priorities
    ("hypercalcaemia-pathway", "12 mg/dL (3.0 mmol/L)", "zometa-label"),             # Zometa label, HCM definition
    ("hypercalcaemia-pathway", "over at least 15 minutes", "zometa-label"),          # Zometa label, HCM dosing
    ("hypercalcaemia-pathway", "at least 7 days", "zometa-label"),                   # Zometa label, retreatment
    ("hypercalcaemia-pathway", "3.40 mmol/L", "nhs-cks-calcium"),                    # CKS: severe > 3.40 mmol/L
    ("hypercalcaemia-pathway", "14 mg/dL", "endocrine-2023"),                        # Endocrine Society 2023
    ("hypercalcaemia-pathway", "2.8 mmol/L", "nhs-lothian-hypercalcaemia"),          # NHS Lothian referral guidance
    ("external-beam-radiotherapy", "single 8 Gy fraction", "esmo-2020"),             # ESMO 2020 [I, A]
    ("external-beam-radiotherapy", "8 Gy/1, 16 Gy/2, 20 Gy/5 or 30 Gy/10", "astro-2024"),
    ("external-beam-radiotherapy", "at least 4 weeks", "astro-2024"),                # ASTRO 2024, QoL, life expectancy
    ("zoledronic-acid", "at least 3 months", "esmo-2020"),                           # ESMO: other solid tumours [I, B]
    ("pain-relief", "20-30 mg", "nice-cg140"),                                       # CG140 starting morphine total
    ("radioiodine", "3.7-7.4 GBq", "ata-2025"),                                      # ATA 2025 empiric activity
    # trials and cohorts behind the cancer entries
    ("bladder", "6.1 months", "nelson-2021"),                                        # OS with early bone mets
    ("bladder", "1.39%", "zhang-2018-bladder"),                                      # SEER 2010-2014 de novo
    ("colorectal", "1.1%", "baek-2016"),                                             # 63 of 5,479
    ("colorectal", "5.0 months", "pmid-29722726"),                                   # Japanese cohort median
    ("gastric", "3.8%", "turkoz-2014"),                                              # 176 of 4,617
    ("gastric", "5.4 months", "turkoz-2014"),
    ("gynaecological", "2.42%", "zhang-2018-cervix"),                                # SEER cervix at diagnosis
    ("gynaecological", "0.8%", "uccella-2013"),                                      # Mayo endometrial
    ("head-and-neck", "25 months", "grisanti-2019"),                                 # nasopharyngeal median OS
    ("head-and-neck", "6.33%", "zhang-2023"),                                        # SEER NPC at diagnosis
    ("hepatocellular", "59.7%", "santini-2014"),                                     # spine, Italian survey
    ("hepatocellular", "82.4%", "santini-2014"),                                     # osteolytic lesions
    ("lymphoma", "8%", "acta-haematol-2018"),                                        # Hodgkin, 32 of 384
    ("melanoma", "17.2%", "jbo-melanoma-2017"),                                      # 89 of 518
    ("melanoma", "10.7 months", "mannavola-2020"),                                   # Italian survey median OS
    ("melanoma", "1.1%", "des-grottes-2001"),                                        # hypercalcaemia of melanoma
    ("sarcoma", "2.2%", "seer-extremity-sts-2020"),                                  # 180 of 8,234
    ("sarcoma", "70%", "vincenzi-2013"),                                             # axial skeleton
    # drugs
    ("lutetium-psma", "8.7 vs 3.4 months", "vision-2021-pmc"),                       # VISION abstract, rPFS
    ("lutetium-psma", "15.3 vs 11.3 months", "vision-2021-news-summary"),            # VISION OS, via a summary [S]
    ("hypocalcaemia", "9.6%", "xgeva-eu-side-effects"),                              # SmPC 4.8: Xgeva arm
    ("hypocalcaemia", "12.4%", "body-denosumab-hypocalcaemia"),                      # Body: grade >= 2
    ("zoledronic-acid", "5-10%", "medsafe-2018-za-hypocalcaemia"),                   # Medsafe 2018
    # complications
    ("acute-phase-reaction", "20.2%", "denosumab-pooled-ae-table"),                  # zoledronic acid arm
    ("acute-phase-reaction", "8.7%", "denosumab-pooled-ae-table"),                   # denosumab arm
    ("acute-phase-reaction", "44%", "zometa-label"),                                 # fever, HCM trials
    ("response-assessment", "21%", "messiou-ct-flare"),                              # CT flare, 8 of 39
]


def _facts(node):
    if isinstance(node, dict):
        if "text" in node and "sources" in node:
            yield node
        for k, v in node.items():
            if k != "text":
                yield from _facts(v)
    elif isinstance(node, list):
        for x in node:
            yield from _facts(x)


@pytest.mark.parametrize("entry,figure,source", FIGURES, ids=[f"{e}:{f}" for e, f, _s in FIGURES])
def test_the_published_figure_is_stated_with_its_source(kb, entry, figure, source):
    ent = kb.entities[entry]
    said = [f["text"] for f in _facts(ent) if figure in f["text"] and source in f["sources"]]
    assert said, f"{entry}: no fact states {figure!r} citing {source}"
    assert source in kb.sources
