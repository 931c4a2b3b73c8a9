"""A small valid local fact file, for tests that add their own knowledge."""

CANCER = """\
id: {id}
kind: cancer
name: "{name}"
summary: "{summary}"
sources: [seed-003-advocacy-page]
reviewed: "2026-10-01"
incidence:
  - text: "Local incidence statement."
    sources: [seed-003-advocacy-page]
lesion_type:
  - text: "Local lesion statement."
    sources: [seed-003-advocacy-page]
"""


def cancer(id="melanoma", name="Melanoma", summary="Local entry for testing."):
    return CANCER.format(id=id, name=name, summary=summary)
