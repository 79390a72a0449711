"""Cut a text around a highlighted span, for every renderer that quotes a segment."""
from __future__ import annotations

ELLIPSIS = "…"
QUOTE_CONTEXT = 60  # characters of context kept each side of a quoted span (before the cut to a word)


def split_span(text: str, span: tuple[int, int] | None) -> tuple[str, str, str]:
    """(before, inside, after); the whole text before when there is no usable span."""
    if span is None or not (0 <= span[0] <= span[1] <= len(text)):
        return text, "", ""
    start, end = span
    return text[:start], text[start:end], text[end:]


def _tail(before: str, context: int) -> str:
    """The last words of ``before`` within ``context`` characters, "…" in front when some were cut:
    never a word cut in two (a text without spaces within the window, such as Japanese, is cut at a
    character)."""
    if len(before) <= context:
        return before
    kept = before[-context:]
    if not before[-context - 1].isspace() and not kept[0].isspace():  # the window starts inside a word
        space = next((i for i, ch in enumerate(kept) if ch.isspace()), None)
        if space is not None:
            kept = kept[space:]
    return ELLIPSIS + kept.lstrip()


def _head(after: str, context: int) -> str:
    """The first words of ``after`` within ``context`` characters, "…" after them when some were cut."""
    if len(after) <= context:
        return after
    kept = after[:context]
    if not after[context].isspace() and not kept[-1].isspace():  # the window ends inside a word
        space = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].isspace()), None)
        if space is not None:
            kept = kept[:space]
    return kept.rstrip() + ELLIPSIS


def excerpt(text: str, span: tuple[int, int] | None, *, context: int = QUOTE_CONTEXT) -> tuple[str, str, str]:
    """(before, inside, after) of ``split_span``, the sides cut to about ``context`` characters at word
    boundaries with an ellipsis where text was left out. Without a span: the start of the text, cut
    the same way at ``2 * context`` characters."""
    before, inside, after = split_span(text, span)
    if not inside:
        return _head(text, 2 * context), "", ""
    return _tail(before, context), inside, _head(after, context)


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"
