"""Load a script of benchmarks/ by its path, for the tests that check its figures.

``import benchmarks`` would find the package pysbd 0.3.4 installs under that name in
site-packages, not this checkout's folder. While the script loads, its folder is first on
``sys.path``, as when it runs, so that it can import its sibling scripts."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def load_script(path: Path, name: str | None = None) -> ModuleType:
    """The module of the script at ``path``, registered in ``sys.modules`` as ``name``
    (default: the file's stem)."""
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    folder = str(path.parent)
    sys.path.insert(0, folder)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(folder)
    return module
