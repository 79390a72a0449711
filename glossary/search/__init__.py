"""Search: finding concepts from a query (``lookup``) and segments in an on-disk index of the
corpora (``concordance``)."""
