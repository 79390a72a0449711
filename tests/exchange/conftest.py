"""Exchange tests: fixture glossaries, the standards, and the real clients.

The standards (schemas, examples, negative samples, the Schematron transpiler) are copies
kept in tests/standards/ (its README.md says what each is and where it came from). A
real-client test skips (with the reason) only when its program is not installed; .ci/run
installs them all (.ci/install-clients.sh), so there they run.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree

from glossary.store.termstore import load_glossary

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
STANDARDS = TESTS / "standards"
TBX_BASIC = STANDARDS / "tbx-basic"
CORE_RNG = TBX_BASIC / "core" / "TBXcoreStructV03.rng"
DCA_SCH = TBX_BASIC / "DCA" / "TBX-Basic_DCA.sch"
TRANSPILER = STANDARDS / "schematron-schxslt2-1.3.4" / "transpile.xsl"
TBX2_SAMPLES = STANDARDS / "tbx-v2-samples"
OMEGAT_RUN = TESTS / "clients" / "omegat" / "run"
OMEGAT_JAR = Path(os.environ.get("OMEGAT_JAR", "/usr/share/omegat/OmegaT.jar"))  # as tests/clients/omegat/run
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "sample.yaml"
TERMS = REPO / "terms"
SAXON_JAR = Path("/usr/share/java/Saxon-HE.jar")


@pytest.fixture(scope="session")
def sample():
    return load_glossary(SAMPLE)


@pytest.fixture(scope="session")
def bundled():
    """The bundled terms/; skipped only while it does not exist yet."""
    if not TERMS.is_dir() or not any(TERMS.glob("*.yaml")):
        pytest.skip("terms/ has no glossary files yet")
    return load_glossary(TERMS)


@pytest.fixture(scope="session")
def relaxng():
    return etree.RelaxNG(etree.parse(str(CORE_RNG)))


class Schematron:
    """The TBX-Basic DCA Schematron through SchXslt2 1.3.4: saxonche, else Debian's Saxon-HE."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.compiled = None
        try:
            from saxonche import PySaxonProcessor
        except ImportError:
            PySaxonProcessor = None
        if PySaxonProcessor is not None:
            self.proc = PySaxonProcessor(license=False)
            xslt = self.proc.new_xslt30_processor()
            text = xslt.transform_to_string(source_file=str(DCA_SCH), stylesheet_file=str(TRANSPILER))
            self.compiled = xslt.compile_stylesheet(stylesheet_text=text)
            return
        if not (shutil.which("java") and SAXON_JAR.is_file()):
            pytest.skip("no Schematron runner: pip install saxonche, or apt-get install libsaxonhe-java")
        self.xsl = tmp / "tbx-basic-dca.xsl"
        self._saxon(f"-s:{DCA_SCH}", f"-xsl:{TRANSPILER}", f"-o:{self.xsl}")

    def _saxon(self, *args: str) -> None:
        subprocess.run(["java", "-cp", str(SAXON_JAR), "net.sf.saxon.Transform", *args], check=True,
                       capture_output=True, timeout=300)

    def failed_asserts(self, path: Path) -> int:
        if self.compiled is not None:
            svrl = self.compiled.transform_to_string(source_file=str(path))
        else:
            report = self.tmp / (path.name + ".svrl")
            self._saxon(f"-s:{path}", f"-xsl:{self.xsl}", f"-o:{report}")
            svrl = report.read_text(encoding="utf-8")
        return svrl.count("<svrl:failed-assert")


@pytest.fixture(scope="session")
def schematron(tmp_path_factory):
    return Schematron(tmp_path_factory.mktemp("schematron"))


@dataclass
class OmegaTRead:
    """What tests/clients/omegat/run printed: one dict per file, in the order given.

    Each dict has ``file``, ``reader`` (tsv, csv or tbx) and either ``entries`` (OmegaT's
    glossary entries as [source, target, comment], in OmegaT's order) or ``error``; a TBX
    file also has ``termEntries``, the number of termEntry elements OmegaT's reader parsed.
    """

    returncode: int
    output: str  # stdout and stderr, for assertion messages
    files: list[dict] = field(default_factory=list)


@pytest.fixture(scope="session")
def omegat_check(tmp_path_factory):
    """Open files with OmegaT 3.6's own glossary readers (tests/clients/omegat/run)."""
    missing = [need for need, present in (
        ("OmegaT 3.6 (apt-get install omegat)", OMEGAT_JAR.is_file()),
        ("a JDK (apt-get install default-jdk-headless)", shutil.which("java") and shutil.which("javac")),
    ) if not present]
    if missing:
        pytest.skip("OmegaT's glossary readers need " + " and ".join(missing))
    build = tmp_path_factory.mktemp("omegat-build")  # compiled on first use, in the session's temp dir

    def run(*paths: Path, source: str = "vi", target: str = "en") -> OmegaTRead:
        done = subprocess.run(["bash", str(OMEGAT_RUN), "--source", source, "--target", target, *map(str, paths)],
                              capture_output=True, encoding="utf-8", timeout=600,
                              env={**os.environ, "GLOSSARY_OMEGAT_BUILD": str(build)})
        output = done.stdout + done.stderr
        files = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        # exit 2 (usage) or 3 (OmegaT or the JDK missing) is the checker failing, not the file
        assert done.returncode in (0, 1) and len(files) == len(paths), output
        return OmegaTRead(done.returncode, output, files)

    return run


@pytest.fixture(scope="session")
def omegat_append(tmp_path_factory):
    """Add an entry to a glossary file with OmegaT 3.6's own writer (clients/OmegaTAppend.java)."""
    if not OMEGAT_JAR.is_file() or not (shutil.which("java") and shutil.which("javac")):
        pytest.skip("OmegaT's glossary writer needs OmegaT 3.6 and a JDK "
                    "(apt-get install omegat default-jdk-headless)")
    build = tmp_path_factory.mktemp("omegat-append")
    subprocess.run(["javac", "-nowarn", "-encoding", "UTF-8", "-cp", str(OMEGAT_JAR), "-d", str(build),
                    str(Path(__file__).resolve().parent / "clients" / "OmegaTAppend.java")],
                   check=True, capture_output=True, timeout=300)

    def run(path: Path, source: str, target: str, comment: str = "") -> None:
        subprocess.run(["java", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", f"-Duser.home={build}",
                        "-cp", f"{OMEGAT_JAR}:{build}", "OmegaTAppend", str(path), source, target, comment],
                       check=True, capture_output=True, timeout=300)

    return run


@pytest.fixture(scope="session")
def msgfmt():
    tool = shutil.which("msgfmt")
    if tool is None:
        pytest.skip("msgfmt is absent (apt-get install gettext)")

    def run(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run([tool, "-c", "--check-format", "-o", "/dev/null", str(path)], capture_output=True,
                              text=True, timeout=120)

    return run
