"""Fast read-only YAML loading with line numbers, for validating and loading terms/.

ruamel's round-trip loader (kept for editing, because it preserves comments) is
pure Python and takes ~90 s on a 50,000-concept glossary; libyaml through PyYAML's
C composer takes ~12 s. The composed nodes are turned into dict/list objects with
the small ``lc`` interface the validator uses (``line``, ``key(k)``, ``item(i)``).
Every scalar stays the string the user wrote (no YAML 1.1 yes/no/on/off booleans).
Falls back to the pure-Python composer when libyaml is absent.
"""
from __future__ import annotations

from typing import Any

import yaml

from glossary.errors import ParseError
from glossary.files.inputs import bad_character, limits, one_line, too_long

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}


class _LineCol:
    __slots__ = ("line", "_keys", "_items")

    def __init__(self, line: int) -> None:
        self.line = line
        self._keys: dict[Any, int] = {}
        self._items: list[int] = []

    def key(self, key: Any) -> tuple[int, int]:
        return self._keys[key], 0

    def item(self, index: int) -> tuple[int, int]:
        return self._items[index], 0


class LineDict(dict):
    lc: _LineCol


class LineList(list):
    lc: _LineCol


def _convert(node: yaml.Node, path: str, seen: set[int], depth: int = 0) -> Any:
    """The node as dict/list/str. Refused at their line: an alias (a node met twice: an alias
    bomb would expand exponentially), nesting past ``GLOSSARY_MAX_NESTING``, a value holding a
    control character (written as a YAML escape, "\\0") or past ``GLOSSARY_MAX_SEGMENT_CHARS``."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise ParseError("YAML alias (*name) of the value anchored here: terms/ files hold no aliases; write it out",
                         path=path, line=line)
    seen.add(id(node))
    if depth > limits().nesting:
        raise ParseError(f"YAML nested deeper than {limits().nesting} levels (GLOSSARY_MAX_NESTING)", path=path, line=line)
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":null") and node.style is None and node.value in _NULLS:
            return None
        problem = too_long(node.value)
        if problem:
            raise ParseError(f"a value of {problem}", path=path, line=line)
        bad = bad_character(node.value)
        if bad:
            raise ParseError(f"a value holds {bad}", path=path, line=line)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        seq = LineList()
        seq.lc = _LineCol(node.start_mark.line)
        for item in node.value:
            seq.lc._items.append(item.start_mark.line)
            seq.append(_convert(item, path, seen, depth + 1))
        return seq
    if isinstance(node, yaml.MappingNode):
        mapping = LineDict()
        mapping.lc = _LineCol(node.start_mark.line)
        for key_node, value_node in node.value:
            key = _convert(key_node, path, seen, depth + 1)
            if key in mapping:
                raise ParseError(f"YAML: found duplicate key {key!r}", path=path, line=key_node.start_mark.line + 1)
            mapping.lc._keys[key] = key_node.start_mark.line
            mapping[key] = _convert(value_node, path, seen, depth + 1)
        return mapping
    raise ParseError(f"YAML: unsupported node {node.tag}", path=path, line=node.start_mark.line + 1)


def load_with_lines(text: str, path: str) -> Any:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:  # a character YAML cannot hold: a position, not a mark
        # libyaml counts the position in bytes of the UTF-8 text, PyYAML's own reader in characters
        counted = text.encode("utf-8") if _Loader is not yaml.SafeLoader else text
        line = counted.count(b"\n" if isinstance(counted, bytes) else "\n", 0, exc.position) + 1 \
            if isinstance(exc.position, int) else None
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise ParseError(f"YAML: character {what} is not allowed ({one_line(exc.reason)})", path=path,
                         line=line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "syntax error").strip()
        raise ParseError(f"YAML: {one_line(what)}", path=path, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"YAML: {one_line(exc)}", path=path) from None
    except RecursionError:
        raise ParseError(f"YAML nested deeper than {limits().nesting} levels (GLOSSARY_MAX_NESTING)", path=path) from None
    return None if node is None else _convert(node, path, set())
