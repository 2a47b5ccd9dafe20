"""Shared fixtures, and the settings under which nbval replays the notebooks.

- Notebook kernels inherit this process's environment: ``ANALYSIS_STATIC=1`` makes the
  notebooks' interactive controls show their default choice as plain output, exactly as
  ``python -m analysis refresh`` stored it (see analysis/explore.py).
- stderr is not compared: a library warning written to stderr must not fail a notebook
  cell (nbval's documented hook, with the guard pytest 9 needs; ../shared/PITFALLS.md).
"""
from __future__ import annotations

import os

import pytest

from analysis import paths

os.environ[paths.STATIC_ENV] = "1"


@pytest.fixture(scope="session")
def seed_tables():
    """Every table of the bundled seed corpus."""
    from analysis.tables import build_tables

    return build_tables(paths.DATA)


def pytest_collectstart(collector):
    if hasattr(collector, "skip_compare"):
        collector.skip_compare += ("stderr",)
