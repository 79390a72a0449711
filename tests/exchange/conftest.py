"""Exchange tests: fixture glossaries, the shared standards, and the real clients.

A real-client test skips (with the reason) only when its tool is absent; CI
installs them all (.ci/install-clients.sh), so there they run.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from glossary.store.termstore import load_glossary

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
STANDARDS = SHARED / "standards"
TBX_BASIC = STANDARDS / "tbx-basic"
CORE_RNG = TBX_BASIC / "core" / "TBXcoreStructV03.rng"
DCA_SCH = TBX_BASIC / "DCA" / "TBX-Basic_DCA.sch"
TRANSPILER = STANDARDS / "schematron-schxslt2-1.3.4" / "transpile.xsl"
OMEGAT_CHECK = SHARED / "tools" / "omegat-glossary-check" / "run"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "sample.yaml"
TERMS = REPO / "terms"
SAXON_JAR = Path("/usr/share/java/Saxon-HE.jar")


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared folder must sit beside the repository)")
    return path


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
    return etree.RelaxNG(etree.parse(str(need_shared(CORE_RNG))))


class Schematron:
    """The TBX-Basic DCA Schematron through SchXslt2 1.3.4: saxonche, else Debian's Saxon-HE."""

    def __init__(self, tmp: Path) -> None:
        need_shared(DCA_SCH)
        need_shared(TRANSPILER)
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


@pytest.fixture(scope="session")
def omegat_check():
    """Run OmegaT's own glossary readers on files; returns (exit code, output)."""
    need_shared(OMEGAT_CHECK)
    if not Path("/usr/share/omegat/OmegaT.jar").is_file() or not shutil.which("javac"):
        pytest.skip("OmegaT (apt-get install omegat) and a JDK are needed for OmegaT's glossary readers")

    def run(*paths: Path) -> tuple[int, str]:
        done = subprocess.run(["bash", str(OMEGAT_CHECK), *map(str, paths)], capture_output=True, text=True,
                              timeout=600)
        return done.returncode, done.stdout + done.stderr

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
