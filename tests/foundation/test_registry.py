"""glossary.registry: one shape for corpus formats, exchange formats and checks."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from glossary.errors import UsageError
from glossary.registry import Registry


@pytest.fixture()
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Registry:
    """A made-up package whose modules ``b`` and ``a`` each register items on import."""
    package = tmp_path / "plugins_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from glossary.registry import Registry\n"
                                         "ITEMS = Registry('plugin', __name__, ('b', 'a'), unique=True)\n")
    for module, names in (("a", ["a1", "a2"]), ("b", ["b1"])):
        body = "from plugins_pkg import ITEMS\n" + "".join(
            f"@ITEMS.register\nclass P_{n}:\n    name = {n!r}\n" for n in names)
        (package / f"{module}.py").write_text(body)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("plugins_pkg").ITEMS
    for name in [m for m in sys.modules if m.startswith("plugins_pkg")]:
        del sys.modules[name]


def test_items_come_in_module_order_whatever_was_imported_first(plugins: Registry) -> None:
    importlib.import_module("plugins_pkg.a")  # imported before the registry loads its modules
    assert list(plugins.items()) == ["b1", "a1", "a2"]


def test_an_unknown_name_is_a_usage_error_listing_the_known(plugins: Registry) -> None:
    assert plugins.get("a2").name == "a2"
    with pytest.raises(UsageError, match=r"unknown plugin 'zz' \(known: a1, a2, b1\)"):
        plugins.get("zz")


def test_a_key_registered_twice_is_refused_when_keys_must_be_unique(plugins: Registry) -> None:
    plugins.items()

    class Again:
        name = "a1"

    with pytest.raises(ValueError, match="plugin name 'a1' registered twice"):
        plugins.register(Again)
