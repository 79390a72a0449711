#!/usr/bin/env bash
# Real clients for the exchange tests (run as root by .ci/run after apt-get update;
# idempotent: apt-get and pip skip what is already installed).
# - gettext: msgfmt -c --check-format on the PO export
# - omegat + a JDK: OmegaT 3.6's own glossary readers (TBX v2, TSV), driven by
#   ../shared/tools/omegat-glossary-check (compiled with javac on first use)
# - libsaxonhe-java: Saxon-HE for the TBX-Basic DCA Schematron (SchXslt2), the
#   fallback when the saxonche wheel (test extras) is not importable
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends \
  gettext default-jdk-headless omegat libsaxonhe-java >/dev/null
# Python readers used by the tests (also in the test extras; listed so this script alone suffices).
python3 -m pip install -q "translate-toolkit>=3.12" "saxonche>=12"
