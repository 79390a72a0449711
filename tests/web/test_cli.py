"""`glossary serve` as a command: it refuses a glossary that does not validate and a port in use with
one line and exit 2, before serving anything."""
from __future__ import annotations

from pathlib import Path

from glossary.cli.main import invoke
from glossary.web.server import bind


def test_a_glossary_that_does_not_validate_is_exit_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "t.yaml").write_text("concepts:\n  - id: a\n    terms:\n      en: [x, x]\n",
                                               encoding="utf-8")
    assert invoke(["serve", "-g", str(tmp_path / "terms"), "--port", "0", str(tmp_path)]) == 2
    assert "t.yaml" in capsys.readouterr().err


def test_a_port_in_use_is_exit_2_in_one_line(tmp_path: Path, capsys) -> None:
    sock = bind("127.0.0.1", 0)
    try:
        code = invoke(["serve", "-g", "terms", "--port", str(sock.getsockname()[1]), "--no-discover"])
    finally:
        sock.close()
    assert code == 2
    err = capsys.readouterr().err
    assert "is in use" in err and "Traceback" not in err
