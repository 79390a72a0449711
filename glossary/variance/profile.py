"""Check profiles: which checks run and at what severity, as pofilter's ``--test``/``--excludefilter``
and Xbench's check lists decide.

A profile comes from the project file, found from the working folder upward as the glossary is
(``find_project_file``: ``glossary.toml``, or ``pyproject.toml`` with a ``[tool.glossary]`` table,
in the nearest folder that has one, never above the folder holding ``terms/``), and from the
command line on top of it (``with_overrides``). In ``glossary.toml`` the table is ``[checks]``, in
``pyproject.toml`` ``[tool.glossary.checks]``::

    [checks]
    profile = "newsroom"                 # the name the report's signature gives it (default: the file's)
    enable = ["term.forbidden", ...]     # only these run (default: every check)
    disable = ["term.admitted"]          # these do not run
    [checks.severity]                    # re-grade: error, warning or info
    "term.missing" = "info"

Every check id is checked against the registry (``checks.CHECKS``): an unknown one is a
one-line ``UsageError`` naming the file and line. ``CheckProfile.select`` gives the checks to run,
``grade`` a finding's severity; ``variance.report`` applies both, so every caller (the CLI,
``glossary serve``) gets the same report from the same profile.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from glossary.errors import ParseError, UsageError
from glossary.variance.checks import CHECKS, Check, Severity

PROJECT_FILE = "glossary.toml"
PYPROJECT = "pyproject.toml"
GLOSSARY_FOLDER = "terms"  # the folder that marks the project's root (cli.common.DEFAULT_GLOSSARY)
KEYS = ("profile", "enable", "disable", "severity")
GRADES = {s.value: s for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}


@dataclass(frozen=True, slots=True)
class CheckProfile:
    """Which checks run (``enable``: only these; ``disable``: not these) and re-graded severities."""

    name: str = "default"
    source: str | None = None  # the file it was read from, if any
    enable: frozenset[str] | None = None
    disable: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    from_command_line: bool = False

    @property
    def is_default(self) -> bool:
        return self.enable is None and not self.disable and not self.severity

    def enabled(self, check_id: str) -> bool:
        return (self.enable is None or check_id in self.enable) and check_id not in self.disable

    def select(self, checks: Iterable[Check]) -> list[Check]:
        """The checks that run, in registry order."""
        return [c for c in checks if self.enabled(c.id)]

    def grade(self, check_id: str, severity: Severity) -> Severity:
        """A finding's severity under the profile (``ok`` verdicts stay ``ok``: they are only counted)."""
        if severity is Severity.OK:
            return severity
        return self.severity.get(check_id, severity)

    def describe_check(self, check: Check) -> dict[str, str]:
        """The check as the report lists it, at the severity the profile gives it."""
        described = check.describe()
        if check.severity is not Severity.OK and check.id in self.severity:
            described["severity"] = self.severity[check.id].value
        return described

    def canonical(self) -> dict[str, Any]:
        return {"enable": sorted(self.enable) if self.enable is not None else None, "disable": sorted(self.disable),
                "severity": {k: v.value for k, v in sorted(self.severity.items())}}

    def signature(self) -> str:
        """``default``, or the profile's name and a digest of what it does: ``newsroom@1a2b3c4d``."""
        if self.is_default:
            return "default"
        digest = hashlib.sha1(json.dumps(self.canonical(), sort_keys=True).encode()).hexdigest()[:8]
        return f"{self.name}@{digest}"

    def summary(self) -> str:
        """One line for the report's settings: the name, where from, and what it changes."""
        if self.is_default:
            return "default (every check at its own severity)"
        parts = []
        if self.enable is not None:
            parts.append("only " + ", ".join(sorted(self.enable)))
        if self.disable:
            parts.append("without " + ", ".join(sorted(self.disable)))
        if self.severity:
            parts.append("re-graded " + ", ".join(f"{k}={v.value}" for k, v in sorted(self.severity.items())))
        where = [w for w in (self.source, "command line" if self.from_command_line else None) if w]
        return f"{self.signature()} ({' + '.join(where)}): " + "; ".join(parts)

    def with_overrides(self, *, enable: Iterable[str] = (), disable: Iterable[str] = (),
                       severity: Iterable[str] = ()) -> "CheckProfile":
        """This profile with the command line's choices on top: ``enable`` replaces the file's list,
        ``disable`` adds to it, each ``severity`` ("ID=LEVEL") re-grades one check."""
        enable, disable, severity = list(enable), list(disable), list(severity)
        if not (enable or disable or severity):
            return self
        grades = dict(self.severity)
        for item in severity:
            check_id, sep, level = item.partition("=")
            if not sep:
                raise UsageError(f"--severity {item}: give CHECK=LEVEL, e.g. term.missing=info")
            _known(check_id.strip(), where="--severity")
            grades[check_id.strip()] = _grade(level.strip(), check_id.strip(), where="--severity")
        for check_id in (*enable, *disable):
            _known(check_id, where="--enable" if check_id in enable else "--disable")
        return replace(self, enable=frozenset(enable) if enable else self.enable,
                       disable=self.disable | frozenset(disable), severity=grades,
                       name=self.name if self.source else "command-line", from_command_line=True)


DEFAULT = CheckProfile()


def _suggestion(check_id: str) -> str:
    close = difflib.get_close_matches(check_id, list(CHECKS.items()), n=1)
    return f"; did you mean {close[0]}?" if close else f" (known: {', '.join(CHECKS.items())})"


def _known(check_id: str, *, where: str, path: Path | None = None, line: int | None = None) -> None:
    if check_id not in CHECKS.items():
        message = f"unknown check {check_id!r}{_suggestion(check_id)}"
        if path is None:
            raise UsageError(f"{where}: {message}")
        raise UsageError(message, path=path, line=line)


def _grade(level: object, check_id: str, *, where: str, path: Path | None = None, line: int | None = None) -> Severity:
    grade = GRADES.get(level) if isinstance(level, str) else None
    if CHECKS.get(check_id).severity is Severity.OK:
        message = f"{check_id} gives no finding (its verdicts are only counted): it cannot be re-graded"
    elif grade is None:
        message = f"the severity of {check_id} must be error, warning or info, not {level!r}"
    else:
        return grade
    if path is None:
        raise UsageError(f"{where}: {message}")
    raise UsageError(message, path=path, line=line)


# -- the project file -----------------------------------------------------------------------------
def find_project_file(start: Path | None = None) -> Path | None:
    """``glossary.toml``, or a ``pyproject.toml`` with a ``[tool.glossary]`` table, in the nearest folder
    from ``start`` (the working folder) upward that has one; the search stops at the folder holding
    ``terms/`` (the project's root, as ``cli.common.project_root`` finds it)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / PROJECT_FILE
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (folder / GLOSSARY_FOLDER).is_dir():
            return None
    return None


def _has_tool_table(pyproject: Path) -> bool:
    # a cheap look before parsing: most pyproject.toml files have no [tool.glossary]
    text = pyproject.read_text(encoding="utf-8", errors="replace")
    if re.search(r"^\s*\[\s*tool\s*\.\s*glossary\s*[.\]]", text, re.M) is None:
        return False
    return isinstance(_parse(pyproject, text).get("tool", {}).get("glossary"), dict)


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        # "(at end of document)": the last line
        line = int(found.group(1)) if found else max(1, len(text.splitlines()))
        raise ParseError(re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message) or "not valid TOML",
                         path=path, line=line) from None


def _line_of(lines: list[str], needle: str, after: int = 0) -> int | None:
    """The first line (1-based, from line ``after``) naming ``needle`` as a TOML key or string."""
    pattern = re.compile(rf"""(["']){re.escape(needle)}\1|(^|[\s.\[{{,]){re.escape(needle)}\s*=""")
    for number, text in enumerate(lines[after:], start=after + 1):
        if pattern.search(text.split("#", 1)[0]):
            return number
    return None


def _table_line(lines: list[str], names: tuple[str, ...]) -> int:
    """The line of the ``[checks]`` table (or ``[tool.glossary.checks]``), or 1."""
    header = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(map(re.escape, names)) + r"\s*[\].]")
    return next((n for n, text in enumerate(lines, start=1) if header.match(text)), 1)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``term.missing = "info"`` unquoted is a dotted key, {"term": {"missing": "info"}}: join it back."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def read_profile(path: Path) -> CheckProfile:
    """The profile of a ``glossary.toml`` (table ``[checks]``) or ``pyproject.toml`` (``[tool.glossary.checks]``);
    every error names the file and line."""
    text = path.read_text(encoding="utf-8")
    data = _parse(path, text)
    lines = text.splitlines()
    names: tuple[str, ...] = ("checks",) if path.name != PYPROJECT else ("tool", "glossary", "checks")
    table: Any = data
    for name in names:
        table = table.get(name, {}) if isinstance(table, dict) else {}
    if not isinstance(table, dict):
        raise UsageError(f"[{'.'.join(names)}] must be a table", path=path, line=_table_line(lines, names))
    start = _table_line(lines, names) - 1
    for key in table:
        if key not in KEYS:
            raise UsageError(f"unknown key {key!r} in [{'.'.join(names)}] (known: {', '.join(KEYS)})", path=path,
                             line=_line_of(lines, key, start) or start + 1)

    def ids(key: str) -> list[str] | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{key} must be a list of check ids", path=path, line=_line_of(lines, key, start))
        for check_id in value:
            _known(check_id, where=key, path=path, line=_line_of(lines, check_id, start))
        return value

    enable, disable = ids("enable"), ids("disable")
    severity: dict[str, Severity] = {}
    grades = table.get("severity", {})
    if not isinstance(grades, dict):
        raise UsageError("severity must be a table of CHECK = LEVEL", path=path, line=_line_of(lines, "severity", start))
    for check_id, level in _flatten(grades).items():
        line = _line_of(lines, check_id, start) or _line_of(lines, check_id.rsplit(".", 1)[-1], start)
        _known(check_id, where="severity", path=path, line=line)
        severity[check_id] = _grade(level, check_id, where="severity", path=path, line=line)
    name = table.get("profile", path.name)
    if not isinstance(name, str) or not re.fullmatch(r"[\w.-]{1,60}", name):
        raise UsageError("profile must be a short name (letters, digits, . _ -)", path=path,
                         line=_line_of(lines, "profile", start))
    return CheckProfile(name=name, source=_shown(path), enable=frozenset(enable) if enable is not None else None,
                        disable=frozenset(disable or ()), severity=severity)


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it (as the CLI names files), else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def project_profile(start: Path | None = None, *, path: Path | None = None) -> CheckProfile:
    """The profile of ``path``, else of the project file found from ``start`` upward, else ``DEFAULT``."""
    found = path if path is not None else find_project_file(start)
    if found is None:
        return DEFAULT
    if not found.is_file():
        raise UsageError("no such profile file", path=found)
    return read_profile(found)
