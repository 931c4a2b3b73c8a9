"""Reading fact files: walk the data directories (``walk``), parse one file into positioned nodes without
running any YAML constructor (``yamlload``), check it against the schema (``checker``, ``scorespec``)."""
