"""Where the per-article work runs: in this process, in a pool of local processes, or
(``scheduler``) on a dask.distributed cluster.

:func:`executor` gives a :class:`concurrent.futures.Executor` (its ``map`` keeps the
order of the articles) or ``None`` for this process; :mod:`analysis.tables` uses it for
:func:`analysis.tables.process_article`. The corpus-wide tables are always merged in
this process.
"""
from __future__ import annotations

from concurrent.futures import Executor, ProcessPoolExecutor


def executor(jobs: int, scheduler: str | None = None) -> Executor | None:
    """The executor for ``jobs`` processes (``None``: this process, when ``jobs`` <= 1),
    or for ``scheduler``."""
    if scheduler:
        raise ValueError(f"scheduler {scheduler!r}: not supported yet")
    return ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None
