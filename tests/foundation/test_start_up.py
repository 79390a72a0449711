"""What start-up loads: `glossary --version` and `glossary lookup` must not pay for numpy, sacrebleu,
discovery or the variance report (their CPU time is measured by benchmarks/start_up.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "sacrebleu", "lxml", "pyahocorasick", "ahocorasick", "jsonschema", "glossary.discovery",
         "glossary.variance", "glossary.run", "glossary.exchange")


PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("\\nMODULES " + " ".join(sys.modules) + "\\n"))
sys.argv = ["glossary", *sys.argv[1:]]
from glossary.cli.main import run
{call}
"""


def imported(*args: str, run: bool = True) -> set[str]:
    """Every module loaded by the time a ``glossary ARGS`` process ends (or by importing the CLI alone)."""
    code = PROBE.format(call="run()" if run else "")
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    (line,) = [ln for ln in done.stderr.splitlines() if ln.startswith("MODULES ")]
    return set(line.split()[1:])


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY or any(m == h or m.startswith(h + ".") for h in HEAVY)}


def test_the_cli_module_imports_no_library_layer() -> None:
    modules = imported(run=False)
    assert "glossary.cli.variance_cmd" in modules  # the commands are registered...
    assert heavy(modules) == set()  # ...without the library they run
    assert not {"rich", "yaml", "ruamel", "rapidfuzz", "babel", "sqlite3"} & {m.split(".")[0] for m in modules}


def test_version_and_lookup_load_only_what_they_use() -> None:
    assert heavy(imported("--version")) == set()
    lookup = imported("lookup", "UNODC", "--no-corpus")
    assert "glossary.search.lookup" in lookup
    assert heavy(lookup) == set()
