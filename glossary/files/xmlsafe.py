"""Safe, streaming XML reading shared by the XML formats (TMX, XLIFF, TBX).

No DTD loading, no entity expansion, no network: an entity bomb or an external
entity cannot reach the file system or the network. A file that declares entities
is refused before parsing (``check_prolog``), and again once lxml has read its DOCTYPE
(``refuse_entities``: whatever its encoding, and however long its prolog); lxml also
leaves any other entity reference unexpanded, and the readers refuse those. Every
lxml error becomes one ParseError line with the file, line and column.
"""
from __future__ import annotations

import codecs
import copy
import re
from pathlib import Path
from typing import Iterator

from lxml import etree

from glossary.errors import ParseError
from glossary.files.inputs import check_input, one_line
from glossary.progress import reading_from

# The prolog (declaration, comments, DOCTYPE) must end within this many bytes.
_PROLOG_LIMIT = 1 << 20
_ROOT_START = re.compile(r"<[A-Za-z_]")
_LXML_WHERE = re.compile(r", line \d+, column \d+$")  # the error names the line itself
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def local_name(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def head_text(head: bytes) -> str:
    """The first bytes of an XML file as text, for sniffing (UTF-8/16/32, with or without BOM)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="replace")
    if head.startswith(b"<\x00?\x00"):
        return head.decode("utf-16-le", errors="replace")
    if head.startswith(b"\x00<\x00?"):
        return head.decode("utf-16-be", errors="replace")
    return head.decode("utf-8", errors="replace")


def check_prolog(path: Path) -> None:
    """Refuse an empty file, and any entity declaration (billion laughs, external entities).

    Reads only the prolog: up to the root element's start tag; a prolog longer than 1 MB is
    refused (entity declarations could hide past what is read).
    """
    check_input(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
            if not head.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
                raise ParseError("empty file", path=path, line=1)
            text = head_text(head)
            while not _ROOT_START.search(text) and len(head) < _PROLOG_LIMIT:
                more = handle.read(65536)
                if not more:
                    break
                head += more
                text = head_text(head)
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror}", path=path) from None
    match = _ROOT_START.search(text)
    if match is None and len(head) >= _PROLOG_LIMIT:
        raise ParseError(f"no root element in the first {_PROLOG_LIMIT:,} bytes (comments or a DOCTYPE that long "
                         "are refused for safety)", path=path, line=1)
    prolog = text[:match.start()] if match else text
    found = prolog.find("<!ENTITY")
    if found >= 0:
        line = prolog.count("\n", 0, found) + 1
        raise ParseError("XML declares entities (<!ENTITY>); refused for safety", path=path, line=line)


def iter_elements(path: Path, names: set[str], *, events: tuple[str, ...] = ("start", "end"),
                  source: object = None) -> Iterator[tuple[str, etree._Element]]:
    """Stream (event, element) for elements whose local name is in ``names``.

    The caller must ``release`` an element once done with it so memory stays flat.
    XML errors become ParseError with the file and line. ``source`` (a file-like object)
    is parsed instead of ``path`` when given; ``path`` still names it in errors.
    """
    handle = None
    try:
        if source is None:  # our own handle, so that reading progress can ask where the parse is
            handle = source = reading_from(path, open(path, "rb"))
        # "{*}name" matches with or without a namespace; lxml filters in C, which is most of the speed.
        context = etree.iterparse(
            source, events=events, tag=[f"{{*}}{name}" for name in sorted(names)], resolve_entities=False,
            no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True, recover=False,
        )
        checked = False
        for event, element in context:
            if not checked:  # the DOCTYPE, if any, has been read by the first event
                refuse_entities(element.getroottree(), path)
                checked = True
            yield event, element
    except etree.XMLSyntaxError as exc:
        raise xml_error(exc, path) from None
    except (OSError, etree.LxmlError) as exc:
        raise ParseError(f"cannot read: {one_line(exc)}", path=path) from None
    finally:
        if handle is not None:
            handle.close()


def xml_error(exc: etree.XMLSyntaxError, path: Path) -> ParseError:
    """lxml's error as one ParseError line: the message (its newlines folded), line and column."""
    line = exc.lineno if exc.lineno else None
    message = one_line(_LXML_WHERE.sub("", str(exc.msg if getattr(exc, "msg", None) else exc)))
    column = f" (column {exc.position[1]})" if exc.position and exc.position[1] else ""
    return ParseError(f"XML error: {message}{column}", path=path, line=line)


def refuse_entities(tree: etree._ElementTree, path: Path) -> None:
    """Refuse a document whose DOCTYPE declares entities (lxml expands internal ones in attributes)."""
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return
    entity = next(iter(dtd.iterentities()), None)
    if entity is not None:
        raise ParseError(f"XML declares entities (<!ENTITY {entity.name}>); refused for safety", path=path, line=1)


def stranger(element: etree._Element, allowed: set[str], namespaces: tuple[str | None, ...] | None = None
             ) -> etree._Element | None:
    """The first child of ``element`` whose local name is not in ``allowed`` (an unknown element
    where a unit belongs: ``<tux>``), or None. ``namespaces``: only children in one of these
    namespaces (None: no namespace) count; other namespaces are extensions, allowed anywhere."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if namespaces is not None and etree.QName(child).namespace not in namespaces:
            continue
        if local_name(child.tag) not in allowed:
            return child
    return None


def entity_reference(element: etree._Element) -> etree._Entity | None:
    """The first entity reference under ``element``: entities are never expanded, so its text is unknown."""
    return next(element.iter(etree.Entity), None)


def release(element: etree._Element) -> None:
    """Free a processed element and its already-read siblings (streaming)."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def inner_markup(element: etree._Element) -> str:
    """An element's content as written, inline tags included, without namespace clutter.

    Used for ``display_source``/``display_target``: tags are shown by local name.
    """
    parts = [escape_text(element.text or "")]
    for child in element:
        clean = copy.deepcopy(child)
        for node in clean.iter():
            if isinstance(node.tag, str):
                node.tag = local_name(node.tag)
        etree.cleanup_namespaces(clean)
        parts.append(etree.tostring(clean, encoding="unicode", with_tail=False))
        parts.append(escape_text(child.tail or ""))
    return "".join(parts)


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# XML 1.0 cannot hold these characters at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def first_non_xml_char(text: str) -> str | None:
    match = _NOT_XML.search(text)
    return match.group() if match else None
