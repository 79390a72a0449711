"""The one exception family of the library.

Every error a user can cause carries the file and, where known, the line, so the
CLI can print ``path:line: message`` and exit non-zero without a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class GlossaryError(Exception):
    """Root of every error the library raises on purpose."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class ParseError(GlossaryError):
    """A file could not be read: syntax, encoding, truncation, wrong shape."""


class UsageError(GlossaryError):
    """The caller asked for something that cannot be done (unknown id, bad option)."""


class ConflictError(GlossaryError):
    """An edit would leave the glossary inconsistent; nothing was written."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation finding, located in a file."""

    path: str
    line: int | None
    message: str
    code: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message} [{self.code}]"


class ValidationError(GlossaryError):
    """Loading found problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first.message + more, path=first.path, line=first.line)
        self.problems = problems
