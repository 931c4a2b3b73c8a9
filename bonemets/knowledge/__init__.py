"""The knowledge layer: the schema, loading (``load``: walk, read YAML safely, check), the index
(``store``: every SQL statement), the rules for local layers (``layers``), finding names (``resolve``),
search, the vocabulary, validation and the evidence check. Nothing here imports the command line, the
views or the renderers."""
