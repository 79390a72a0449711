"""Corpora: the aligned-segment model (``segments``), one reader per file format (``formats/``)
and what a corpus holds (``stats``)."""
