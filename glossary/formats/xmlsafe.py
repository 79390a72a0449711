"""Safe, streaming XML reading shared by the XML formats (TMX, XLIFF, TBX).

No DTD loading, no entity expansion, no network: an entity bomb or an external
entity cannot reach the file system or the network.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from lxml import etree

from ..errors import ParseError


def local_name(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def iter_elements(path: Path, names: set[str], *, events: tuple[str, ...] = ("start", "end")) -> Iterator[tuple[str, etree._Element]]:
    """Stream (event, element) for elements whose local name is in ``names``.

    The caller must ``release`` an element once done with it so memory stays flat.
    XML errors become ParseError with the file and line.
    """
    try:
        context = etree.iterparse(
            str(path), events=events, resolve_entities=False, no_network=True,
            load_dtd=False, huge_tree=False, remove_comments=True, recover=False,
        )
        for event, element in context:
            if local_name(element.tag) in names:
                yield event, element
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        raise ParseError(f"XML error: {message}", path=path, line=line) from None
    except OSError as exc:
        raise ParseError(f"cannot read: {exc}", path=path) from None


def release(element: etree._Element) -> None:
    """Free a processed element and its already-read siblings (streaming)."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def check_no_doctype_entities(path: Path, head: bytes) -> None:
    """Refuse internal entity declarations outright (billion-laughs style files)."""
    if b"<!ENTITY" in head:
        raise ParseError("XML declares entities (<!ENTITY>); refused for safety", path=path, line=1)
