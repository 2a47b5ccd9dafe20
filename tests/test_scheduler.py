"""The per-article work on a dask.distributed cluster (``scheduler``) gives the tables of
one process, started here (``local``) or reached by address; an address that answers
not is one line; ``ANALYSIS_SCHEDULER`` is the default; dask is imported only when asked."""
from __future__ import annotations

import logging
import operator
import os
import socket
import subprocess
import sys
import time

import pandas as pd
import pytest

from analysis.corpus import paths
from analysis.pipeline import process, scheduler, tables
from analysis.__main__ import main


@pytest.fixture(scope="module")
def reference() -> dict[str, pd.DataFrame]:
    """The tables of the bundled corpus computed in this process."""
    return tables.build_tables(paths.DATA, store=False, jobs=1)


@pytest.fixture(scope="module")
def cluster():
    """A running cluster of two worker processes, reached by its tcp:// address."""
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as running:
        yield running


@pytest.fixture
def no_scheduler_env(monkeypatch):
    monkeypatch.delenv(scheduler.SCHEDULER_ENV, raising=False)


@pytest.fixture
def pools(monkeypatch) -> list:
    """Every executor analysis.pipeline.tables asks for, in order."""
    made: list = []

    def spy(jobs, scheduler_=None):
        made.append(scheduler.executor(jobs, scheduler_))
        return made[-1]

    monkeypatch.setattr(process, "executor", spy)
    return made


def keys_run(running, prefix: str) -> int:
    """Tasks (or scattered data) named ``prefix`` the cluster has held so far."""
    import distributed

    def count(dask_scheduler) -> int:
        found = dask_scheduler.task_prefixes.get(prefix)
        return found.state_counts.get("memory", 0) if found is not None else 0

    with distributed.Client(running, set_as_default=False) as client:
        return client.run_on_scheduler(count)


def assert_same_tables(got: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    assert list(got) == list(expected)
    for name in expected:
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)


def free_port() -> int:
    """A port nothing listens on (bound and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_local_cluster_gives_the_tables_of_one_process(reference, pools, no_scheduler_env):
    got = tables.build_tables(paths.DATA, store=False, jobs=2, scheduler="local")
    assert_same_tables(got, reference)
    [pool] = pools
    assert isinstance(pool, scheduler.DaskExecutor)
    assert pool.n_tasks >= 2  # 5 articles in batches over 2 workers
    with pytest.raises(RuntimeError, match="after shutdown"):
        pool.client  # closed with its cluster


def test_running_cluster_gives_the_tables_of_one_process(reference, cluster, no_scheduler_env):
    batches, configs = keys_run(cluster, "call_batch"), keys_run(cluster, "Worker")
    got = tables.build_tables(paths.DATA, store=False, jobs=2, scheduler=cluster.scheduler_address)
    assert_same_tables(got, reference)
    assert keys_run(cluster, "call_batch") - batches >= 2
    assert keys_run(cluster, "Worker") - configs == 1  # the Config sent once, not per article
    assert len(cluster.workers) == 2  # a cluster reached by address is left running


def test_store_on_a_running_cluster(reference, cluster, tmp_path, no_scheduler_env):
    address = cluster.scheduler_address
    got = tables.build_tables(paths.DATA, store=tmp_path, jobs=2, scheduler=address)
    assert_same_tables(got, reference)
    batches = keys_run(cluster, "call_batch")
    again = tables.build_tables(paths.DATA, store=tmp_path, jobs=2, scheduler=address)
    assert_same_tables(again, reference)
    assert keys_run(cluster, "call_batch") == batches  # a warm store sends no work


def test_map_keeps_order_and_submit_returns_a_future(cluster, no_scheduler_env):
    with scheduler.executor(1, cluster.scheduler_address) as pool:
        assert list(pool.map(operator.sub, range(20), range(0, 40, 2), chunksize=3)) == \
            [-i for i in range(20)]
        assert pool.submit(pow, 2, 10).result(timeout=30) == 1024
        assert list(pool.map(abs, [])) == []
        pool.map(time.sleep, [0.2, 0.2])  # not taken: shutdown waits for these tasks
    assert pool.n_tasks == 7 + 1 + 2  # batches of at most 3, one submit, two sleeps


def test_the_environment_variable_is_the_default(cluster, monkeypatch):
    monkeypatch.setenv(scheduler.SCHEDULER_ENV, cluster.scheduler_address)
    batches = keys_run(cluster, "call_batch")
    with scheduler.executor(1) as pool:
        assert isinstance(pool, scheduler.DaskExecutor)
        assert list(pool.map(abs, [-3, 2, -1])) == [3, 2, 1]
    assert keys_run(cluster, "call_batch") > batches
    monkeypatch.delenv(scheduler.SCHEDULER_ENV)
    assert scheduler.executor(1) is None
    assert not isinstance(scheduler.executor(2), scheduler.DaskExecutor)


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path, monkeypatch, capsys, no_scheduler_env):
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(scheduler.SchedulerError, match=f"no dask scheduler answered at {address}"):
        scheduler.executor(2, address, connect_timeout=0.5).map(abs, [1])
    with pytest.raises(scheduler.SchedulerError, match="'tcp://nowhere' as a dask scheduler"):
        scheduler.executor(2, "tcp://nowhere").map(abs, [1])

    monkeypatch.setattr(scheduler, "CONNECT_TIMEOUT", 0.5)
    capsys.readouterr()
    for command in ("tables", "report"):
        out = tmp_path / command
        assert main([command, "--out", str(out), "--scheduler", address]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: no dask scheduler answered at " + address), err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert not out.exists()  # nothing was written before the check
    assert scheduler.SCHEDULER_ENV not in os.environ


def test_importing_the_suite_imports_no_dask():
    code = ("import sys, analysis.pipeline.tables, analysis.__main__, analysis.pipeline.scheduler; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=paths.ROOT, check=True)
    assert result.stdout.strip() == "[]"
