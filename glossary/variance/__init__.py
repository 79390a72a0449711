"""The variance report: glossary terms found in each pair (``matching``, ``nearmiss``, ``guess``),
the registered checks (``checks/``), consistency measures (``consistency``, ``conflict_rows``),
findings kept on disk (``findings``) and the run that ties them together (``report``)."""
