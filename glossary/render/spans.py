"""Cut a text around a highlighted span, for every renderer that quotes a segment."""
from __future__ import annotations


def split_span(text: str, span: tuple[int, int] | None) -> tuple[str, str, str]:
    """(before, inside, after); the whole text before when there is no usable span."""
    if span is None or not (0 <= span[0] <= span[1] <= len(text)):
        return text, "", ""
    start, end = span
    return text[:start], text[start:end], text[end:]


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"
