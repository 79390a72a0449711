#!/usr/bin/env bash
# The system packages the real-client exchange tests use; run as root after apt-get update
# (.ci/run does both). Idempotent: apt-get skips what is installed.
# - gettext: msgfmt -c --check-format on the PO export
# - omegat, default-jdk-headless: OmegaT 3.6's own glossary readers (TBX v2, TSV), driven by
#   tests/clients/omegat/run (its Java program is compiled with javac on first use)
# - libsaxonhe-java: Saxon-HE for the TBX-Basic DCA Schematron (SchXslt2) when the saxonche
#   wheel (test extra) cannot be imported
# - chromium: Debian's browser, driven by Playwright (test extra) in tests/web/test_browser.py against
#   `glossary serve` (Playwright's own browser download cannot work here)
# - libreoffice-calc-nogui: LibreOffice opens the .xlsx files the exchange writes (tests/exchange/test_tables.py)
# - hunspell-de-de, hunspell-vi, hunspell-en-us: the spelling dictionaries glossary variance reads (spylls)
#   to tell a misspelt term from a word of the language (tests/variance/test_spelling_evidence.py)
# The Python readers (Translate Toolkit, Babel, saxonche) come from pyproject's test extra.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends \
  gettext default-jdk-headless omegat libsaxonhe-java libreoffice-calc-nogui chromium \
  hunspell-de-de hunspell-vi hunspell-en-us >/dev/null
