"""The house keeps its shape: the package is in layers, each a subpackage, and a module
imports only from its own layer or the layers below it (docs/layout.md draws the map).
The sizes a reader can hold: no module of analysis/ or benchmarks/ over 600 lines, no
function over 80."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis.corpus import paths

PACKAGE = paths.ROOT / "analysis"
# bottom to top; ``__main__`` (the command line) sits above them all
LAYERS = ("corpus", "language", "people", "measures", "pipeline", "present")
TOP = "__main__"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def layer_of(module: str) -> str:
    """The layer of a dotted module name of the package (``analysis.people.names`` ->
    ``people``); ``analysis`` alone and ``analysis.__main__`` are the top."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else TOP


def rank(layer: str) -> int:
    return LAYERS.index(layer) if layer in LAYERS else len(LAYERS)


def imported_modules(path: Path, module: str, package_dir: Path) -> list[tuple[int, str]]:
    """Every module of the package that the file imports (at the top or inside a
    function), with its line: ``from analysis.x import y`` counts ``analysis.x.y`` when
    that is a module, else ``analysis.x``; relative imports are resolved."""
    found = []
    package = module.rsplit(".", 1)[0] if not path.name == "__init__.py" else module
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("analysis")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            if base.split(".")[0] != "analysis":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                where = package_dir.parent / sub.replace(".", "/")
                is_module = where.with_suffix(".py").exists() or where.is_dir()
                found.append((node.lineno, sub if is_module else base))
    return found


def modules(package_dir: Path = PACKAGE) -> list[tuple[Path, str]]:
    out = []
    for path in sorted(package_dir.rglob("*.py")):
        rel = path.relative_to(package_dir.parent).with_suffix("")
        if any(part.startswith(".") for part in rel.parts):  # .ipynb_checkpoints/ and the like
            continue
        name = ".".join(rel.parts)
        out.append((path, name.removesuffix(".__init__")))
    return out


def upward_imports(package_dir: Path = PACKAGE) -> list[str]:
    wrong = []
    for path, module in modules(package_dir):
        here = layer_of(module)
        for line, target in imported_modules(path, module, package_dir):
            there = layer_of(target)
            if target != "analysis" and rank(there) > rank(here):
                wrong.append(f"{path.relative_to(package_dir.parent).as_posix()}:{line} ({here}) imports "
                             f"{target} ({there})")
    return wrong


def test_every_module_lives_in_a_layer():
    loose = [m for p, m in modules() if layer_of(m) == TOP and m not in ("analysis", "analysis.__main__")]
    assert loose == []
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == \
        sorted(LAYERS)


def test_no_module_imports_a_layer_above_its_own():
    assert upward_imports() == []


def test_the_layer_test_sees_an_upward_import(tmp_path):
    # a module of the language layer that imports the pipeline (caught, with its line),
    # a relative import of the corpus layer below it and one of its own layer (both fine)
    fake = tmp_path / "analysis"
    for layer in ("corpus", "language", "pipeline"):
        (fake / layer).mkdir(parents=True)
        (fake / layer / "__init__.py").write_text("")
    (fake / "pipeline" / "store.py").write_text("")
    (fake / "corpus" / "paths.py").write_text("")
    (fake / "language" / "tokens.py").write_text("")
    (fake / "language" / "text.py").write_text(
        "import re\n\nfrom analysis.pipeline import store\nfrom ..corpus import paths\n"
        "from . import tokens\n\n\ndef late():\n    import analysis.pipeline.store\n")
    assert upward_imports(fake) == [
        "analysis/language/text.py:3 (language) imports analysis.pipeline.store (pipeline)",
        "analysis/language/text.py:9 (language) imports analysis.pipeline.store (pipeline)"]


def sizes(folder: Path) -> tuple[list[str], list[str]]:
    long_modules, long_functions = [], []
    for path in sorted(folder.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(paths.ROOT)
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_modules.append(f"{rel} {len(text.splitlines())}")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{rel}:{node.name} {length}")
    return long_modules, long_functions


@pytest.mark.parametrize("folder", ["analysis", "benchmarks"])
def test_sizes_a_reader_can_hold(folder):
    long_modules, long_functions = sizes(paths.ROOT / folder)
    assert long_modules == []
    assert long_functions == []
