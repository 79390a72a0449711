"""Writing a report line by line to a stream, as the renderers once built a list of lines."""
from __future__ import annotations

from typing import Iterable, TextIO


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
