"""Shared fixtures, and the settings under which nbval replays the notebooks.

- Notebook kernels inherit this process's environment: ``ANALYSIS_STATIC=1`` makes the
  notebooks' interactive controls show their default choice as plain output, exactly as
  ``python -m analysis refresh`` stored it (see analysis/present/explore.py).
- Stores (analysis/pipeline/store.py) go to a temporary folder for the session.
- stderr is not compared: a library warning written to stderr must not fail a notebook
  cell (nbval's documented hook, with the guard pytest 9 needs; ../shared/PITFALLS.md).
"""
from __future__ import annotations

import os

import pytest

from analysis.corpus import paths

os.environ[paths.STATIC_ENV] = "1"
# Tests keep their stores in a temporary folder, not in the checkout's .cache/store (a test
# that needs the default location clears the variable); a store the user names is kept.
if "ANALYSIS_STORE" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _stores = tempfile.mkdtemp(prefix="analysis-test-stores-")
    os.environ["ANALYSIS_STORE"] = _stores
    atexit.register(shutil.rmtree, _stores, ignore_errors=True)


@pytest.fixture(scope="session")
def seed_tables():
    """Every table of the bundled seed corpus."""
    from analysis.pipeline.tables import build_tables

    return build_tables(paths.DATA)


def pytest_collectstart(collector):
    if hasattr(collector, "skip_compare"):
        collector.skip_compare += ("stderr",)
