"""Shared test set-up: keep the glossary cache inside the test session."""
from __future__ import annotations

import os
import tempfile

# Set before any test imports the library, so no test reads or writes ~/.cache.
os.environ.setdefault("GLOSSARY_CACHE_DIR", tempfile.mkdtemp(prefix="glossary-test-cache-"))
