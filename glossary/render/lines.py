"""Writing a report to a stream: line by line, or into a string for small uses and tests."""
from __future__ import annotations

import io
from typing import Any, Callable, Iterable, TextIO

from glossary.progress import Progress


class LineWriter:
    """``append`` and ``+=`` as on a list of lines, but each line goes to ``out`` at once,
    ended by a newline: the text of ``"\\n".join(lines) + "\\n"``, never held whole."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def append(self, line: str) -> None:
        self.out.write(line + "\n")

    def __iadd__(self, lines: Iterable[str]) -> "LineWriter":
        for line in lines:
            self.append(line)
        return self


def rendered(write: Callable[..., None], report: Any, **options: Any) -> str:
    """What ``write(report, out, **options)`` writes, as one string."""
    buffer = io.StringIO()
    write(report, buffer, **options)
    return buffer.getvalue()


def writing(progress: Progress, phase: str, total: int) -> Progress:
    """Start the writing phase ``phase`` on ``progress`` (``total`` items: concepts, findings,
    documents, conflicts, whatever the writer lists); the writer advances it per item written."""
    progress.phase(phase, total=total, unit="items")
    return progress


def more_note(shown: int, total: int) -> str:
    """" … and N more" after a report's examples when it left some out, else ""."""
    return f" … and {total - shown} more" if total > shown else ""
