"""Shared fixtures, and nbval's conftest hook (stderr is not compared: a library warning
written to stderr must not fail a notebook cell; see ../shared/PITFALLS.md)."""
from __future__ import annotations

import pytest

from analysis import paths
from analysis.tables import build_tables


@pytest.fixture(scope="session")
def seed_tables():
    """articles, lines and sentences of the bundled seed corpus."""
    return build_tables(paths.DATA)


def pytest_collectstart(collector):
    if hasattr(collector, "skip_compare"):
        collector.skip_compare += ("stderr",)
