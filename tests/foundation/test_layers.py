"""The package's layers (pyproject.toml, ``[tool.importlinter]``): no module imports a layer
above its own or an independent sibling, and no import circle exists.

Imports are read from the source with ``ast`` (every ``import`` and ``from ... import``,
inside functions and ``if TYPE_CHECKING:`` blocks too), so the test needs nothing but
the standard library; ``lint-imports`` reads the same contract.
"""
from __future__ import annotations

import ast
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def package_modules(package_dir: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package's __init__)."""
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        modules[".".join(parts)] = (path, is_package)
    return modules


def import_graph(package_dir: Path) -> dict[str, dict[str, int]]:
    """Module -> {imported module of the same package: line of the first such import}."""
    modules = package_modules(package_dir)
    root = package_dir.name
    graph: dict[str, dict[str, int]] = defaultdict(dict)
    for name, (path, is_package) in modules.items():
        here = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                # `from pkg import name` imports pkg.name when that is a module, else pkg
                targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module
                           for alias in node.names]
            else:
                continue
            for target in targets:
                if target.partition(".")[0] != root:
                    continue
                while target not in modules and "." in target:
                    target = target.rpartition(".")[0]
                if target in modules and target != name:
                    graph[name].setdefault(target, node.lineno)
    for name in modules:
        graph.setdefault(name, {})
    return dict(graph)


def layer_of(module: str, root: str, layers: list[list[str]]) -> tuple[int, str] | None:
    """(rank from the top, layer name) of a module, or None for the root package itself."""
    for rank, siblings in enumerate(layers):
        for sibling in siblings:
            full = f"{root}.{sibling}"
            if module == full or module.startswith(full + "."):
                return rank, sibling
    return None


def violations(graph: dict[str, dict[str, int]], root: str, layers: list[list[str]]) -> list[str]:
    problems = []
    for module, imports in sorted(graph.items()):
        mine = layer_of(module, root, layers)
        if mine is None:
            if module != root:
                problems.append(f"{module} belongs to no layer")
            elif imports:  # the root package holds the version only and imports nothing
                problems.append(f"{root} imports {', '.join(sorted(imports))}")
            continue
        for target, line in sorted(imports.items()):
            theirs = layer_of(target, root, layers)
            if theirs is None or theirs[1] == mine[1]:
                continue
            if theirs[0] < mine[0]:
                problems.append(f"{module} (line {line}) imports {target}, a layer above it")
            elif theirs[0] == mine[0]:
                problems.append(f"{module} (line {line}) imports {target}, an independent sibling")
    return problems


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def contract() -> tuple[str, list[list[str]]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers_contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return config["root_package"], [[part.strip() for part in layer.split("|")] for layer in layers_contract["layers"]]


def test_no_module_imports_a_layer_above_it():
    root, layers = contract()
    assert violations(import_graph(REPO / root), root, layers) == []


def test_no_import_circle():
    root, _ = contract()
    assert cycles(import_graph(REPO / root)) == []


def test_every_subpackage_is_a_layer_and_the_readme_names_it():
    root, layers = contract()
    named = {sibling for siblings in layers for sibling in siblings}
    subpackages = {p.parent.name for p in (REPO / root).glob("*/__init__.py")}
    assert subpackages <= named
    layout = (REPO / "README.md").read_text(encoding="utf-8").split("## Layout", 1)[1]
    for sibling in sorted(named - {"__main__"}):
        assert f"`{sibling}" in layout, f"README's layout section does not name {sibling}"


# -- the checker itself, on a made-up package -------------------------------------------------
def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "pkg"


LAYERS = [["top"], ["left", "right"], ["bottom"]]


@pytest.mark.parametrize("files, expected", [
    ({"bottom/a.py": "from pkg.top import x\n"}, ["pkg.bottom.a (line 1) imports pkg.top, a layer above it"]),
    ({"bottom/a.py": "def f():\n    from ..left import b\n"},
     ["pkg.bottom.a (line 2) imports pkg.left.b, a layer above it"]),
    ({"left/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.right import c\n"},
     ["pkg.left.a (line 3) imports pkg.right.c, an independent sibling"]),
    ({"top/a.py": "from pkg.bottom import b\nimport pkg.left.c\n"}, []),
    ({"stray.py": ""}, ["pkg.stray belongs to no layer"]),
])
def test_the_checker_finds_what_breaks_the_layers(tmp_path, files, expected):
    base = {"__init__.py": "", "top/__init__.py": "", "left/__init__.py": "", "left/b.py": "", "left/c.py": "",
            "right/__init__.py": "", "right/c.py": "", "bottom/__init__.py": "", "bottom/b.py": ""}
    package = _package(tmp_path, {**base, **files})
    assert violations(import_graph(package), "pkg", LAYERS) == expected


def test_the_checker_finds_a_circle(tmp_path):
    package = _package(tmp_path, {"__init__.py": "", "left/__init__.py": "",
                                  "left/a.py": "from pkg.left import b\n", "left/b.py": "def f():\n    from . import c\n",
                                  "left/c.py": "import pkg.left.a\n", "left/d.py": "from pkg.left import a\n"})
    assert cycles(import_graph(package)) == [["pkg.left.a", "pkg.left.b", "pkg.left.c"]]
