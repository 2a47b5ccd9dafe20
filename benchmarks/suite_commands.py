"""Commands of the suite benchmark (``benchmarks/suite.py``) run to their end and measured
(wall and CPU seconds, the peak memory of their process tree, the CPU the rest of the
machine used meanwhile), and the Markdown tables and progress lines the benchmark prints.
"""
from __future__ import annotations

import hashlib
import os
import re
import resource
import shlex
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil

from analysis.corpus import paths

SAMPLE_SECONDS = 0.2  # how often the memory of a command's process tree is sampled
MB = 1_000_000
PROGRESS_LINE = re.compile(r"store:\s+\d+ articles \(")  # tables' per-article progress


def say(message: str) -> None:
    print(f"[suite {datetime.now(timezone.utc):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def out(line: str = "") -> None:
    print(line, flush=True)


def markdown(headers: list[str], rows: list[list], right: set[int] | None = None) -> str:
    """A Markdown table; columns in ``right`` (default: all but the first) right-aligned."""
    right = set(range(1, len(headers))) if right is None else right
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = [headers, rule] + [[str(c) for c in row] for row in rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def seconds(x: float) -> str:
    return f"{x:,.1f}"


def megabytes(n_bytes: float) -> str:
    return f"{n_bytes / MB:,.0f} MB"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


# --------------------------------------------------------------------------- commands

class Measured:
    """One command run to its end: wall and CPU seconds, peak memory of its process tree,
    its standard output and error (each line also passed on to stderr as progress)."""

    def __init__(self, command: list[str], label: str, *, memory_limit: int | None = None):
        self.command, self.label = command, label
        self.stopped = False  # killed for passing memory_limit (bytes)
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.peak = 0
        # peak memory per step of the command: each line of its output that begins with
        # "store: " (the per-article progress lines aside) starts a step; the tree's sum
        # and the command's own process
        self.phase = "start"
        self.phases: dict[str, list[int]] = {}
        self.load = load()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        machine_before = busy_seconds()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=paths.ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                   errors="replace", bufsize=1)
        readers = [threading.Thread(target=self._read, args=(stream, lines), daemon=True)
                   for stream, lines in ((process.stdout, self.lines), (process.stderr, self.errors))]
        for reader in readers:
            reader.start()
        tree = psutil.Process(process.pid)
        while process.poll() is None:
            total, own = tree_rss(tree), rss(tree)
            self.peak = max(self.peak, total)
            seen = self.phases.setdefault(self.phase, [0, 0])
            seen[0], seen[1] = max(seen[0], total), max(seen[1], own)
            if memory_limit and self.peak > memory_limit and not self.stopped:
                say(f"{label}: {megabytes(self.peak)} is over the limit of {megabytes(memory_limit)}: "
                    "stopping it")
                kill_tree(tree)
                self.stopped = True
            time.sleep(SAMPLE_SECONDS)
        self.wall = time.perf_counter() - start
        for reader in readers:
            reader.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        # the CPU the rest of the machine used meanwhile, in cores on average (this
        # process's sampling included): 1.0 on two cores leaves one to the command
        self.others = max(0.0, busy_seconds() - machine_before - self.cpu) / self.wall
        self.returncode = process.returncode

    def _read(self, stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))
            if line.startswith("store: ") and not PROGRESS_LINE.match(line):
                self.phase = line.strip().removeprefix("store: ").split(" (")[0]
            say(f"  {self.label}: {line.rstrip()}")

    def failure(self) -> str:
        """What went wrong, "" when the command succeeded."""
        if self.stopped:
            return (f"{self.label} stopped after {self.wall:.0f} s: its processes held "
                    f"{megabytes(self.peak)}, over the limit (--memory-limit)")
        if not self.returncode:
            return ""
        return (f"{self.label} failed (exit {self.returncode}): {shlex.join(self.command)}\n"
                + "\n".join((self.lines + self.errors)[-20:]))


def kill_tree(process: psutil.Process) -> None:
    """Kill a command this benchmark started and every process it started."""
    try:
        members = [*process.children(recursive=True), process]
    except psutil.Error:
        return
    for member in members:
        try:
            member.kill()
        except psutil.Error:
            pass


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent not idle since it started."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def rss(process: psutil.Process) -> int:
    """The resident memory of one process, in bytes (0 once gone)."""
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def tree_rss(process: psutil.Process) -> int:
    """The resident memory of a process and of all its children, in bytes (0 once gone)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # ended between the listing and the reading
            pass
    return total


def tables_command(corpus_path: Path, store: Path, options: dict, jobs: int) -> list[str]:
    return [sys.executable, "-m", "analysis", "tables", "--corpus", str(corpus_path),
            *corpus_arguments(options), "--store", str(store), "--no-csv", "--jobs", str(jobs)]


def corpus_arguments(options: dict) -> list[str]:
    return [a for k, v in options.items() for a in (f"--{k.replace('_', '-')}", v)]


def run_tables(corpus_path: Path, store: Path, options: dict, jobs: int, label: str, *,
               memory_limit: int | None = None, fatal: bool = True) -> Measured:
    """``tables`` to its end; with ``fatal``, a failure ends the benchmark, else the
    returned run's ``failure()`` says what went wrong."""
    say(f"{label}: python -m analysis tables ... --store {store} (load {load()})")
    run = Measured(tables_command(corpus_path, store, options, jobs), label, memory_limit=memory_limit)
    if run.returncode or run.stopped:
        if fatal:
            raise SystemExit(run.failure())
        say(run.failure())
        return run
    found = [re.search(r"(\d+) articles, (\d+) processed, (\d+) read", l) for l in run.lines]
    found = [m for m in found if m]
    if not found:
        raise SystemExit(f"{label}: no 'Store: ...' line in the output of tables:\n" + "\n".join(run.lines))
    run.n_articles, run.n_processed, run.n_read = map(int, found[-1].groups())
    say(f"{label}: {run.n_articles:,} articles in {run.wall:.1f} s, peak {megabytes(run.peak)}")
    return run


def phase_table(run: Measured) -> str:
    """Peak memory per step of a run, as Markdown."""
    return markdown(["step", "peak, all processes", "peak, main process"],
                    [[phase, megabytes(total), megabytes(own)] for phase, (total, own) in run.phases.items()])


def store_manifests(store: Path) -> dict[str, str]:
    """The SHA-256 of every manifest of the stores under ``store``."""
    from analysis.pipeline.store import MANIFESTS

    return {str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.rglob(f"{MANIFESTS}/*.json"))}
