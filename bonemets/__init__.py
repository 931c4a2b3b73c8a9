"""bonemets: an offline, sourced clinical reference on bone metastases.

The command line (``bonemets.cli``) is a thin skin over this library:
``bonemets.knowledge`` loads, indexes, finds and validates the fact files,
``bonemets.views`` turns knowledge into documents, ``bonemets.render`` prints
them as a table, plain lines or JSON, and ``bonemets.scores`` holds the bedside
calculators as pure functions.
"""

__version__ = "0.1.0"

DISCLAIMER = (
    "bonemets is a reference for health professionals. It summarises published sources and "
    "supports, never replaces, clinical judgement; it is not medical advice. Check every figure "
    "against its source and local guidance before acting on it."
)
