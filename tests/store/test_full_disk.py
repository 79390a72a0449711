"""A full disk (ENOSPC) or quota (EDQUOT) while writing: one line naming the file, exit 3, nothing
half-written, no temporary left; for terms/ edits, ``import --merge``, ``export -o``,
``corpus convert -o`` and the variance report set (issue 18: before, an ``OSError [Errno 28]``,
naming no file). First with the failure injected (every fsync fails), then on a real full tmpfs."""
from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .faults import cli, cli_on_full_disk, leftovers, make_glossary, merge_csv, snapshot

CORPUS = "vi,en\nBộ trưởng gặp Tỉnh,The Ministry met the Province\nSông chảy qua Làng,The river runs through the village\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    make_glossary(tmp_path)
    merge_csv(tmp_path / "extra.csv")
    (tmp_path / "corpus.csv").write_text(CORPUS, encoding="utf-8")
    return tmp_path


# (the command, the file its error must name, relative to the project)
WRITES = [
    (("term", "add", "Big river", "-c", "river", "-l", "en", "--status", "admitted", "-y"), "terms/d.yaml"),
    (("import", "extra.csv", "--merge", "--yes"), "terms/a.yaml"),
    (("export", "-f", "tbx", "-o", "out/glossary.tbx"), "out/glossary.tbx"),
    (("corpus", "convert", "corpus.csv", "-o", "out/corpus.tmx"), "out/corpus.tmx"),
    (("variance", "corpus.csv", "-o", "out/report"), "out/report."),
]


def _one_line_error(result: subprocess.CompletedProcess[str], names: str, reason: str) -> None:
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("glossary: error:")]
    assert len(errors) == 1, result.stderr
    assert names in errors[0] and reason in errors[0], errors[0]


@pytest.mark.parametrize("errno_name, reason", [("ENOSPC", "No space left on device"),
                                                ("EDQUOT", "quota exceeded")])
@pytest.mark.parametrize("args, names", WRITES, ids=[" ".join(a[:2]) for a, _ in WRITES])
def test_injected_full_disk_is_one_line_naming_the_file(project: Path, args: tuple[str, ...], names: str,
                                                        errno_name: str, reason: str) -> None:
    (project / "out").mkdir()
    before = snapshot(project / "terms")
    result = cli_on_full_disk(errno_name, *args, cwd=project)
    _one_line_error(result, names, reason)
    assert snapshot(project / "terms") == before
    assert leftovers(project / "terms") == [] and list((project / "out").iterdir()) == []


@contextlib.contextmanager
def _small_tmpfs(where: Path, size_kb: int) -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", f"glossary-test-{uuid.uuid4().hex[:8]}",
                              str(where)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN; .ci/run runs as root): "
                    f"{mounted.stderr.strip() or mounted.returncode}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(folder: Path) -> None:
    """Fill the file system of ``folder`` up to its last block."""
    with open(folder / "filler", "wb", buffering=0) as out:
        with contextlib.suppress(OSError):
            while True:
                out.write(b"\0" * 4096)
        with contextlib.suppress(OSError):
            while True:
                out.write(b"\0")


@pytest.mark.skipif(shutil.which("mount") is None, reason="no mount command to make a small tmpfs")
def test_real_full_tmpfs(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    disk = tmp_path_factory.mktemp("disk") / "mnt"
    with _small_tmpfs(disk, 256) as full:
        shutil.copytree(project, full / "p")
        work = full / "p"
        (work / "out").mkdir()
        before = snapshot(work / "terms")
        _fill(work)
        for args, names in WRITES:
            result = cli(*args, cwd=work)
            _one_line_error(result, names, "No space left on device")
            assert snapshot(work / "terms") == before, args
            assert leftovers(work / "terms") == [] and list((work / "out").iterdir()) == [], args
        (work / "filler").unlink()  # room again: the same edit goes through
        done = cli(*WRITES[1][0], cwd=work)
        assert done.returncode == 0, done.stderr
        assert all(b" extra" in data for data in snapshot(work / "terms").values())


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full (a device whose every write is ENOSPC)")
@pytest.mark.parametrize("args", [("export", "-f", "tbx", "-o", "-"), ("corpus", "convert", "corpus.csv", "-o", "-",
                                                                      "-f", "tmx")])
def test_standard_output_on_a_full_disk(project: Path, args: tuple[str, ...]) -> None:
    from .faults import env

    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "glossary", *args], cwd=project, env=env(), stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == ["glossary: error: I/O error: <standard output>: No space left on device"]
