"""The browser: ``glossary serve``'s web application (Starlette, served by uvicorn).

Lookup as you type, concordance, the variance report, review of discovery's groups and of the
report's unlisted renderings, and export, over the same library the CLI calls: ``search`` for
lookup and concordance, ``variance`` and ``discovery`` for the reports, ``store.maintenance`` for
every edit, ``exchange`` for export, ``render`` for JSON. This layer adds only what a browser
needs: pages (``templates/``, Jinja2 with autoescape), a little JavaScript (``static/``),
the safety rules (``safety``), the compare-and-swap around edits (``state``) and the background
runs with their progress (``jobs``). See README "The browser: glossary serve".
"""
