"""The package's imports run one way: each module imports only modules of its own layer or of
layers below it, so that a change to the CLI never reaches the kernels and the library never
needs the CLI. ARCHITECTURE.md draws the same layers.

The layers, lowest first (a module's layer is that of the longest prefix listed):
core records and settings → text rules → readers and signing → matching and story → the
batch engine, the index and the differ → the report, frames and Spark → the CLI."""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "dedup"
LAYERS = [
    ["dedup.errors", "dedup.compiled", "dedup.config", "dedup.records", "dedup.display", "dedup.skips", "dedup.extras",
     "dedup.progress"],
    ["dedup.normalize", "dedup.paragraphs"],
    ["dedup.readers", "dedup.minhash", "dedup.signed", "dedup.spool"],
    ["dedup.matching", "dedup.story", "dedup.lineage"],
    ["dedup.batch", "dedup.extraction", "dedup.comparison", "dedup.index", "dedup.differ"],
    ["dedup.report", "dedup.frames", "dedup.spark"],
    ["dedup.cli", "dedup.__main__"],
]
# entry points may import the CLI: `python -m dedup`, and the module spark-submit runs
ENTRY_POINTS = {"dedup.__main__", "dedup.spark.job"}


def _module(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    best, layer = -1, None
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, layer = len(prefix), number
    if layer is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS (and to ARCHITECTURE.md)")
    return layer


def _imports(path: pathlib.Path) -> list[tuple[int, str]]:
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] + ([f"{target}.{a.name}" for a in node.names] if target == "dedup" else [])
            found += [(node.lineno, n) for n in names if n.startswith("dedup.")]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("dedup.")]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py")  # the root: see below


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_imports_run_down_the_layers(path):
    module = _module(path)
    own = _layer(module)
    upward = [f"line {line}: {target} (layer {_layer(target)})"
              for line, target in _imports(path)
              if _layer(target) > own and not (module in ENTRY_POINTS and target.startswith("dedup.cli"))]
    assert not upward, f"{module} (layer {own}) imports from above: " + "; ".join(upward)


def test_the_package_root_only_re_exports():
    """`dedup/__init__.py` names where each public call lives and imports it on first use, so
    `import dedup` stays light and the root adds no layer of its own."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    assert defined == ["__getattr__", "__dir__"] or defined == ["__getattr__"], defined


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("__init__.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_package_init_only_re_exports(path):
    """A package's ``__init__.py`` holds its docstring and what it re-exports (a lazy
    ``__getattr__`` at most): the logic is in a module a newcomer can find by its name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    assert set(defined) <= {"__getattr__", "__dir__"}, defined


def test_every_module_is_in_a_layer():
    for path in MODULES:
        _layer(_module(path))


def test_architecture_names_only_paths_that_exist():
    """ARCHITECTURE.md cannot drift: every module or folder it names is in the package."""
    import re

    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)*(?:[a-z_]+\.py)?)`", text)) - {""}
    # a path from the package or the repository; a bare file name inside a folder's row
    missing = [n for n in sorted(named)
               if not ((PACKAGE / n).exists() or (PACKAGE.parent / n).exists() or "/" not in n and any(PACKAGE.rglob(n)))]
    assert named and not missing, missing


def test_architecture_draws_the_layers_the_test_holds():
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for prefixes in LAYERS:
        for prefix in prefixes:
            name = prefix.removeprefix("dedup.")
            assert f"`{name}.py`" in text or f"`{name}/`" in text, f"{name} missing from ARCHITECTURE.md's layers"
