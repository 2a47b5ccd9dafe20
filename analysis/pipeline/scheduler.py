"""Where the per-article work runs: in this process, in a pool of local processes, or
(``scheduler``) on a dask.distributed cluster.

:func:`executor` gives a :class:`concurrent.futures.Executor` (its ``map`` keeps the
order of the articles) or ``None`` for this process; :mod:`analysis.pipeline.process` uses it for
:func:`analysis.pipeline.process.process_article`. The corpus-wide tables are always merged in
this process. dask is imported only when a scheduler is asked for.
"""
from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator

# the scheduler used when none is given: ``local`` or a scheduler's address; the
# notebooks' kernels inherit it from ``python -m analysis report --scheduler``
SCHEDULER_ENV = "ANALYSIS_SCHEDULER"
# a dask.distributed cluster of local processes, started for the run and closed after it
LOCAL = "local"
# seconds to wait for a scheduler (and for its first worker) before giving up
CONNECT_TIMEOUT = 10.0


class SchedulerError(RuntimeError):
    """A scheduler that cannot be started or reached; the message is one line."""


def executor(jobs: int, scheduler: str | None = None, *,
             connect_timeout: float | None = None) -> Executor | None:
    """The executor for ``jobs`` processes (``None``: this process, when ``jobs`` <= 1),
    or for ``scheduler``: ``"local"`` (a dask.distributed cluster of ``jobs`` processes,
    every core when ``jobs`` is 0) or the address of a running dask scheduler
    (``tcp://HOST:8786``). Without ``scheduler``, the ``ANALYSIS_SCHEDULER`` environment
    variable is used when set. The cluster is started or reached on the first task (a
    run that reads every article from the store needs none) and closed by
    ``shutdown``; one that cannot be reached within ``connect_timeout`` seconds (default
    :data:`CONNECT_TIMEOUT`) raises :class:`SchedulerError`."""
    scheduler = (scheduler or os.environ.get(SCHEDULER_ENV, "")).strip()
    if scheduler:
        return DaskExecutor(scheduler, jobs=jobs, connect_timeout=connect_timeout)
    return ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None


def check_scheduler(scheduler: str, *, connect_timeout: float | None = None) -> None:
    """Raise :class:`SchedulerError` unless ``scheduler`` can be used: dask.distributed
    is installed and, for an address, a scheduler with at least one worker answers there
    (checked before a long run, so that its error comes first)."""
    if scheduler.strip() == LOCAL:
        _import_distributed()
        return
    pool = DaskExecutor(scheduler.strip(), connect_timeout=connect_timeout)
    try:
        pool.client
    finally:
        pool.shutdown()


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise SchedulerError(f"a scheduler needs dask.distributed ({exc}); "
                             "install the suite's requirements.txt") from None
    return distributed


def _call_batch(fn: Callable, batch: list[tuple]) -> list:
    """One task on a worker: ``fn`` applied to each argument tuple of ``batch``."""
    return [fn(*args) for args in batch]


def _call(fn: Callable, args: tuple, kwargs: dict) -> Any:
    return fn(*args, **kwargs)


class DaskExecutor(Executor):
    """A :class:`concurrent.futures.Executor` on a dask.distributed cluster.

    ``map`` sends the callable to the cluster once (scattered, reused by every later
    call with the same callable) and the arguments in batches of at most ``chunksize``
    (smaller when that spreads them over more of the cluster's threads); its results
    come in the order of the arguments. ``shutdown`` closes the client and a
    cluster started here (``"local"``), never a cluster that was reached by address.
    """

    def __init__(self, scheduler: str, *, jobs: int = 0, connect_timeout: float | None = None):
        self.scheduler = scheduler
        self.jobs = jobs
        self.connect_timeout = CONNECT_TIMEOUT if connect_timeout is None else connect_timeout
        self._client = None
        self._cluster = None
        self._scattered: dict[int, tuple[Callable, Any]] = {}
        self._running: set = set()  # dask futures not done yet
        self._lock = threading.Lock()
        self._closed = False
        self.n_tasks = 0  # tasks sent to the cluster (batches of articles), for tests

    # -- the cluster ----------------------------------------------------------------

    @property
    def client(self):
        """The ``distributed.Client``, started or connected on first use."""
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot schedule new futures after shutdown")
            if self._client is None:
                self._client, self._cluster = self._start()
            return self._client

    @property
    def nthreads(self) -> int:
        """Threads of the cluster's workers (tasks it runs at once)."""
        return sum(self.client.nthreads().values()) or 1

    def _start(self):
        distributed = _import_distributed()
        if self.scheduler == LOCAL:
            return self._start_local(distributed)
        from distributed.comm import resolve_address

        try:  # a malformed address or an unknown host: said before any connection
            resolve_address(self.scheduler)
        except (OSError, ValueError) as exc:
            raise SchedulerError(f"cannot use {self.scheduler!r} as a dask scheduler "
                                 f"({_one_line(exc)}); give local or tcp://HOST:PORT") from None
        try:
            client = distributed.Client(self.scheduler, timeout=self.connect_timeout,
                                        set_as_default=False)
        except (OSError, TimeoutError):
            raise SchedulerError(f"no dask scheduler answered at {self.scheduler} within "
                                 f"{self.connect_timeout:g} s (is `dask scheduler` running "
                                 "there, its port open?)") from None
        try:
            client.wait_for_workers(1, timeout=self.connect_timeout)
        except (TimeoutError, OSError) as exc:
            client.close()
            raise SchedulerError(f"the dask scheduler at {self.scheduler} has no worker after "
                                 f"{self.connect_timeout:g} s (start some with "
                                 f"`dask worker {self.scheduler}`; {_one_line(exc)})") from None
        return client, None

    def _start_local(self, distributed):
        try:
            cluster = distributed.LocalCluster(
                n_workers=self.jobs or os.cpu_count() or 1, threads_per_worker=1,
                processes=True, dashboard_address=None,
                # its start, stop and a task's failure (raised here all the same) are not news
                silence_logs=logging.CRITICAL)
        except Exception as exc:  # e.g. no free port, a worker that does not start
            raise SchedulerError(f"could not start a local dask cluster ({_one_line(exc)})") from None
        return distributed.Client(cluster, set_as_default=False), cluster

    # -- the work -------------------------------------------------------------------

    def _remote(self, fn: Callable):
        """``fn`` on the cluster: scattered once, then reused."""
        held = self._scattered.get(id(fn))
        if held is None or held[0] is not fn:
            held = (fn, self.client.scatter(fn, hash=False))
            self._scattered[id(fn)] = held
        return held[1]

    def _track(self, remote) -> None:
        with self._lock:
            self._running.add(remote)
        remote.add_done_callback(self._untrack)

    def _untrack(self, remote) -> None:
        with self._lock:
            self._running.discard(remote)

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:
        remote = self.client.submit(_call, self._remote(fn), args, kwargs, pure=False)
        self.n_tasks += 1
        future: Future = Future()
        future.set_running_or_notify_cancel()

        def settle(done) -> None:
            try:
                future.set_result(done.result())
            except BaseException as exc:  # the task's own exception, or its cancellation
                future.set_exception(exc)

        self._track(remote)
        remote.add_done_callback(settle)
        return future

    def map(self, fn: Callable, *iterables: Iterable, timeout: float | None = None,
            chunksize: int = 1) -> Iterator:
        """``fn`` over the zipped ``iterables`` on the cluster, results in order (an
        iterator; the tasks are submitted now)."""
        items = list(zip(*iterables))
        client = self.client
        size = max(1, min(chunksize, math.ceil(len(items) / self.nthreads))) if items else 1
        remote_fn = self._remote(fn)
        tasks = deque()
        for start in range(0, len(items), size):
            task = client.submit(_call_batch, remote_fn, items[start:start + size], pure=False)
            self._track(task)
            tasks.append(task)
        self.n_tasks += len(tasks)
        return self._results(tasks, None if timeout is None else time.monotonic() + timeout)

    def _results(self, tasks: deque, deadline: float | None) -> Iterator:
        try:
            while tasks:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                batch = tasks[0].result(timeout=left)
                tasks.popleft()  # released on the cluster once its results are taken
                yield from batch
        finally:
            if tasks:  # an error or a consumer that stopped early: the rest is not needed
                self._client.cancel(list(tasks))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            client, cluster = self._client, self._cluster
            running = list(self._running)
        if client is None:
            return
        if cancel_futures and running:
            client.cancel(running)
        elif wait:
            for remote in running:
                remote.exception()  # waits for the task, without fetching its result
        self._scattered.clear()
        client.close()
        if cluster is not None:
            cluster.close()


def _one_line(exc: BaseException) -> str:
    text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    return text or type(exc).__name__
