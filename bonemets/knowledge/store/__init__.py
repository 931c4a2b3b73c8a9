"""The SQLite index: its format and row digests (``core``), opening, refreshing and trusting it (``index``),
building it from the layers (``build``) and the queries search reads it with (``queries``)."""
