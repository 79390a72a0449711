"""Run machinery: a corpus cut into partitions, run by a task in local processes or on Dask
(``engine``), and rows spilled to disk so memory does not grow with the corpus (``spill``).

It knows nothing of what it runs: a task is any picklable callable of a ``Partition``
(``engine.Task``); ``variance`` and ``discovery`` implement it.
"""
