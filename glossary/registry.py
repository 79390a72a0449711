"""One registry shape for everything registered by name: corpus formats, exchange formats, checks.

An item is a class decorated with ``@registry.register``; the registry keeps one instance of
it under its key (``name``, or ``id`` for checks). The modules that hold the items are
imported the first time the registry is read, so nothing is loaded until it is needed and
there is no second table to keep in step.
"""
from __future__ import annotations

import importlib
from typing import Callable, Generic, Iterable, TypeVar

from glossary.errors import UsageError

T = TypeVar("T")


class Registry(Generic[T]):
    """Instances of registered classes by key, in registration order."""

    def __init__(self, kind: str, package: str, modules: Iterable[str], *, key: str = "name",
                 unique: bool = False) -> None:
        self.kind = kind  # named in errors: "unknown {kind} 'x' (known: ...)"
        self.package = package
        self.modules = tuple(modules)  # imported on first use, in this order
        self.key = key
        self.unique = unique  # refuse a key registered twice (else the later class wins)
        self._items: dict[str, T] = {}
        self._loaded = False

    def register(self, cls: Callable[[], T]) -> Callable[[], T]:
        name = getattr(cls, self.key)
        if self.unique and name in self._items:
            raise ValueError(f"{self.kind} {self.key} {name!r} registered twice")
        self._items[name] = cls()
        return cls

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            for module in self.modules:
                importlib.import_module(f"{self.package}.{module}")

    def items(self) -> dict[str, T]:
        """Every item, in the order of ``modules`` (then of registration within a module), whatever
        order the modules happened to be imported in: the order of checks is the order of findings."""
        self._load()
        rank = {f"{self.package}.{module}": n for n, module in enumerate(self.modules)}
        ordered = sorted(self._items.items(), key=lambda item: rank.get(type(item[1]).__module__, len(rank)))
        return dict(ordered)

    def get(self, name: str) -> T:
        items = self.items()
        if name not in items:
            raise UsageError(f"unknown {self.kind} {name!r} (known: {', '.join(sorted(items))})")
        return items[name]
