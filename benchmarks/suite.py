"""Benchmark of the whole suite on one corpus, in one run (issue #13, point 6): the floor
of the bare libraries, the per-article stages, cold and warm ``tables``, ``report`` with
a warm store and, on request, a resampled corpus of N articles. Prints Markdown tables
(stdout) ready for the README; progress on stderr.

    python benchmarks/suite.py [CORPUS] [--event-column topic] [--jobs 2] [--limit N]
        [--stage-sample N] [--articles N] [--skip-floor] [--skip-stages] [--skip-report]
        [--memory-limit MB] [--work DIR] [--keep] [--commit REV | --working-tree]

Default corpus: ../shared/corpora/article-bias-prediction/data/jsons (4,235 articles;
``--event-column topic`` is then the default). ``--limit N``: the first N articles only,
written as a JSON Lines file in the work folder (for development). The steps, in order:

1. **Floor**: the bare libraries on the input the suite gives them, in this process, one
   core, CPU seconds (``time.process_time``): every article cleaned as ``tables`` cleans
   it and cut as the suite cuts it, untimed (``benchmarks/libraries.py``'s ``prepare``),
   then pysbd paragraph by paragraph, textstat's functions behind ``score_readability``
   per article (its two counts and eight measures), vaderSentiment per sentence part the
   suite scores, and a regular-expression tokenizer (``text.WORD_RE``) counting the
   lower-cased words of each article (``collections.Counter``). Their sum is the
   one-core floor; the two-core floor is the sum / 2, as issue #13 defines it ("121 s of
   CPU, 60 s on two cores").
2. **Stages**: :func:`analysis.pipeline.tables.process_article` on every article (or on
   ``--stage-sample N`` articles spread evenly over the corpus, the seconds scaled to the
   corpus), CPU seconds per stage of ``tables.STAGES``; reading the articles
   (``corpus.iter_articles``) timed beside them. One article is processed untimed first
   (the libraries load their dictionaries on their first call).
3. **Cold tables**: ``python -m analysis tables --corpus C --store S --no-csv --jobs J``
   in a fresh store: wall seconds, CPU seconds of the whole process tree
   (``RUSAGE_CHILDREN``), articles per second and peak memory: the largest sum of the
   resident sets of the process and all its children, sampled every
   ``SAMPLE_SECONDS`` (pages shared between a parent and its forked workers are counted in
   each, so the sum is an upper bound); the ratio of the wall time to the two-core floor.
4. **Warm tables**: the same command again on the same store.
5. **Report**: ``python -m analysis report`` with the warm store, twice (the first run
   after ``tables`` also computes what notebooks keep in the store themselves, such as
   notebook 03's own-sentence term counts): wall seconds, peak memory, each notebook's
   seconds, and whether the store's manifest changed.
6. ``--articles N``: a corpus of N articles resampled from this one
   (``benchmarks/resample.py``, seed 13), cold tables in a fresh store: the time per
   article relative to step 3 and the peak memory. The run is stopped (and said so) when
   its processes hold more than ``--memory-limit`` MB.

The code measured is one commit's (``--commit``, default HEAD), copied with ``git archive``
into the work folder and run from there (``PYTHONPATH``), so that an edit made in the
checkout during the run (which changes the store's code digest and turns a warm store
cold) is not measured; ``--working-tree`` measures the checkout as it is. The machine may
be shared: each command's row says how many cores the other processes of the machine
kept busy meanwhile. Everything is written in a work folder under the temporary
directory, removed at the end unless ``--keep``.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import os
import platform
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import psutil

import libraries  # benchmarks/libraries.py (this script's folder is on sys.path)
import resample  # benchmarks/resample.py
import analysis
from analysis.language import clean, text
from analysis.corpus import load as corpus, paths
from analysis.pipeline import tables

DEFAULT = libraries.DEFAULT
SAMPLE_SECONDS = 0.2  # how often the memory of a command's process tree is sampled
CHUNK = libraries.CHUNK  # articles prepared at a time for the floor
MB = 1_000_000
PROGRESS_LINE = re.compile(r"store:\s+\d+ articles \(")  # tables' per-article progress
# the targets of issue #13 ("Done when")
COLD_TO_FLOOR = 0.8  # cold tables / two-core floor, at most
WARM_TO_COLD = 0.05  # warm re-run / cold run, at most
REPORT_SECONDS = 90  # report with a warm store, at most
PER_ARTICLE_RATIO = 1.2  # time per article, N articles / the corpus, at most
PEAK_BYTES = 4_000_000_000  # peak memory of the N-article run, at most (4 GB)
# the --articles run is stopped when its processes hold more than this: twice the target
# (missed by then), at most three quarters of the machine's memory (it may be shared; a
# store that does not stream holds every article's rows in memory)
MEMORY_LIMIT = min(2 * PEAK_BYTES, psutil.virtual_memory().total * 3 // 4)
# set in the run made from a copy of a commit (see _run_snapshot): the commit, and the
# command line the user typed
SNAPSHOT_ENV = "SUITE_BENCHMARK_COMMIT"
COMMAND_ENV = "SUITE_BENCHMARK_COMMAND"
PACKAGES = ("pysbd", "textstat", "vaderSentiment", "lemminflect", "pandas", "pyarrow", "numpy",
            "nbclient", "psutil")


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


# --------------------------------------------------------------------------- the floor

def count_words(analysis_text: str) -> collections.Counter:
    """The regular-expression part of the floor: the suite's word pattern over the
    lower-cased text, counted."""
    return collections.Counter(text.WORD_RE.findall(analysis_text.lower()))


def measure_floor(corpus_path: Path, options: dict) -> list[dict]:
    """CPU seconds of each bare library on the corpus (see the module's docstring)."""
    import pysbd
    from textstat.textstat import textstatistics
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    bare_textstat = textstatistics()
    floor = [  # key of libraries.prepare's inputs, name, what it is given, unit, function
        ("pysbd", "pysbd", "each paragraph as the suite feeds it", "paragraphs",
         libraries._segmenters(lambda lang: pysbd.Segmenter(language=lang, clean=False, char_span=False))),
        ("textstat", "textstat", "2 counts + 8 measures per article", "articles",
         libraries._textstat_scores(lambda t, fs: {n: getattr(bare_textstat, f)(t) for n, f in fs.items()})),
        ("vader", "vaderSentiment", "each sentence part the suite scores", "sentence parts",
         SentimentIntensityAnalyzer().polarity_scores),
        ("textstat", "regex words", "text.WORD_RE + Counter per article", "articles", count_words),
    ]
    rows = [{"library": name, "input": given, "unit": unit, "n": 0, "seconds": 0.0}
            for _key, name, given, unit, _f in floor]
    # load the dictionaries and lexicons once, untimed (as benchmarks/libraries.py does)
    for (_k, _n, _g, _u, function), sample in zip(floor, [("en", "Sen. Smith left. He did."),
                                                         "The cat sat on the mat.", "It is not good.",
                                                         "The cat."]):
        function(sample)
    rules = clean.rules_for_corpus(corpus_path)
    chunk: list[dict] = []
    n_articles = 0
    prepared_seconds = 0.0

    def flush() -> None:
        nonlocal prepared_seconds
        start = time.process_time()
        inputs = libraries.prepare(chunk, rules)
        prepared_seconds += time.process_time() - start
        for row, (key, _name, _given, _unit, function) in zip(rows, floor):
            libraries.clear_textstat_caches()
            items = inputs[key]
            start = time.process_time()
            for item in items:
                function(item)
            row["seconds"] += time.process_time() - start
            row["n"] += len(items)
        chunk.clear()
        say(f"floor: {n_articles:,} articles ({prepared_seconds:.0f} s preparing, "
            f"{sum(r['seconds'] for r in rows):.0f} s in the libraries)")

    for article in corpus.iter_articles(corpus_path, **options):
        chunk.append(article)
        n_articles += 1
        if len(chunk) >= CHUNK:
            flush()
    if chunk:
        flush()
    return rows


def print_floor(rows: list[dict]) -> float:
    total = sum(r["seconds"] for r in rows)
    out("## The floor: the bare libraries on the same input (one core, CPU seconds)")
    out()
    out(markdown(["library", "given", "n", "CPU s", "per second", "share"],
                 [[r["library"], r["input"], f"{r['n']:,} {r['unit']}", seconds(r["seconds"]),
                   f"{r['n'] / r['seconds']:,.0f}" if r["seconds"] else "-",
                   f"{r['seconds'] / total:.0%}" if total else "-"] for r in rows]
                 + [["**sum (one core)**", "", "", f"**{seconds(total)}**", "", ""],
                    ["**two-core floor** (sum / 2)", "", "", f"**{seconds(total / 2)}**", "", ""]],
                 right={2, 3, 4, 5}))
    out()
    return total / 2


# --------------------------------------------------------------------------- stages

def measure_stages(corpus_path: Path, options: dict, sample: int | None) -> dict:
    """CPU seconds per stage of process_article over the corpus, or over ``sample``
    articles spread evenly over it."""
    n_total = None
    wanted = None
    if sample is not None:
        n_total = sum(1 for _ in corpus.iter_articles(corpus_path, **options))
        wanted = {int(j * n_total / sample) for j in range(min(sample, n_total))}
    config = tables.Config.for_corpus(corpus_path)
    timings: dict[str, float] = {}
    reading = 0.0
    n_done = position = 0
    articles = corpus.iter_articles(corpus_path, **options)
    warmed = False
    while True:
        start = time.process_time()
        article = next(articles, None)
        reading += time.process_time() - start
        if article is None:
            break
        if not warmed:  # the libraries' dictionaries loaded, untimed
            tables.process_article(article, config)
            warmed = True
        if wanted is None or position in wanted:
            tables.process_article(article, config, timings=timings)
            n_done += 1
            if n_done % 500 == 0:
                say(f"stages: {n_done:,} articles ({sum(timings.values()):.0f} s)")
        position += 1
    return {"timings": timings, "n_done": n_done, "n_total": position, "reading": reading}


def print_stages(result: dict, floor_one_core: float | None) -> float:
    """Print the stages' table; return the CPU seconds of all stages and of reading."""
    n_done, n_total = result["n_done"], result["n_total"]
    scale = n_total / n_done if n_done else 0.0
    stages = [(stage, result["timings"].get(stage, 0.0) * scale) for stage in tables.STAGES]
    total = sum(s for _stage, s in stages)
    out("## Per-article stages (`tables.process_article`, one core, CPU seconds)")
    out()
    if n_done != n_total:
        out(f"Measured on {n_done:,} of the {n_total:,} articles (spread evenly over the corpus), "
            f"seconds scaled by {scale:.2f} to the whole corpus.")
        out()
    rows = [[stage, seconds(s), f"{n_total / s:,.0f}" if s else "-", f"{s / total:.0%}" if total else "-"]
            for stage, s in stages]
    rows.append(["**all stages**", f"**{seconds(total)}**", f"**{n_total / total:,.0f}**" if total else "-",
                 "100%"])
    rows.append(["reading the corpus (`corpus.iter_articles`, all articles, not in the sum)",
                 seconds(result["reading"]), f"{n_total / result['reading']:,.0f}" if result["reading"] else "-", ""])
    out(markdown(["stage", "CPU s", "articles/s", "share"], rows))
    out()
    if floor_one_core:
        out(f"The stages take {total / floor_one_core:.2f} times the one-core floor "
            f"({seconds(total)} s against {seconds(floor_one_core)} s).")
        out()
    return total + result["reading"]


# --------------------------------------------------------------------------- main

def machine_facts(corpus_path: Path, args) -> list[list[str]]:
    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], cwd=paths.ROOT, capture_output=True,
                              text=True).stdout.rstrip()

    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = next((l.split(":", 1)[1].strip() for l in cpuinfo.read_text().splitlines()
                      if l.startswith("model name")), "")
    snapshot = os.environ.get(SNAPSHOT_ENV)
    if snapshot:
        code = (f"commit {snapshot[:12]}, a copy (`git archive`) in the work folder: uncommitted "
                "changes of the checkout are not measured")
    else:
        changed = git("status", "--porcelain", "--untracked-files=no").splitlines()
        code = (f"the working tree of {paths.ROOT} at commit {git('rev-parse', '--short=12', 'HEAD')}"
                + (f", with uncommitted changes in {', '.join(l[3:] for l in changed)}" if changed else ""))
    return [
        ["date (UTC)", f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M}"],
        ["cores", f"{os.cpu_count()} ({len(os.sched_getaffinity(0))} usable)" + (f", {model}" if model else "")],
        ["memory", megabytes(psutil.virtual_memory().total)],
        ["system", platform.platform()],
        ["Python", platform.python_version()],
        ["libraries", ", ".join(f"{p} {package(p)}" for p in PACKAGES)],
        ["code measured", f"{code} (`analysis` imported from {Path(analysis.__file__).parent})"],
        ["corpus", f"{corpus_path}" + (f" (first {args.limit:,} articles of {args.corpus})" if args.limit else "")],
        ["load average at the start", load()],
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--event-column", default=None,
                        help="default: topic for the default corpus, else none")
    parser.add_argument("--jobs", type=int, default=2, help="processes of tables (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="the first N articles only (development)")
    parser.add_argument("--stage-sample", type=int, default=None, metavar="N",
                        help="time the stages on N articles spread over the corpus (default: all)")
    parser.add_argument("--articles", type=int, default=None, metavar="N",
                        help="also a cold run on N articles resampled from the corpus")
    parser.add_argument("--seed", type=int, default=resample.SEED, help="of the resampling (default: %(default)s)")
    parser.add_argument("--memory-limit", type=int, default=MEMORY_LIMIT // MB, metavar="MB",
                        help="stop the --articles run when its processes hold more (default: "
                             "%(default)s, twice the target; 0: no limit)")
    parser.add_argument("--skip-floor", action="store_true")
    parser.add_argument("--skip-stages", action="store_true")
    parser.add_argument("--skip-report", action="store_true")
    parser.add_argument("--timeout", type=int, default=None, help="report: seconds a notebook cell may run")
    parser.add_argument("--work", default=None, metavar="DIR",
                        help="work folder for corpora, stores and reports (default: a new one in "
                             f"{tempfile.gettempdir()})")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--commit", default="HEAD",
                        help="measure this commit, copied into the work folder (default: %(default)s)")
    parser.add_argument("--working-tree", action="store_true",
                        help="measure the working tree as it is, uncommitted changes included")
    args = parser.parse_args(argv)

    event_column = args.event_column or ("topic" if Path(args.corpus) == DEFAULT else None)
    options = {"event_column": event_column} if event_column else {}
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="suite-benchmark-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        if args.working_tree or os.environ.get(SNAPSHOT_ENV):
            return _run(args, options, work)
        return _run_snapshot(args, event_column, work)
    finally:
        if not os.environ.get(SNAPSHOT_ENV):  # (else the run that made the copy does this)
            if args.keep:
                say(f"work folder kept: {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
            say(f"done in {time.perf_counter() - started:.0f} s")


def _run_snapshot(args, event_column: str | None, work: Path) -> int:
    """Run this benchmark from a copy of ``args.commit`` (``git archive``) in the work
    folder: the code measured is then one commit's, whatever is edited in the checkout
    meanwhile (an edit would change the store's code digest and make a warm store cold)."""
    import tarfile

    commit = subprocess.run(["git", "rev-parse", "--verify", f"{args.commit}^{{commit}}"], cwd=paths.ROOT,
                            capture_output=True, text=True)
    if commit.returncode:
        raise SystemExit(f"error: no commit {args.commit!r}: {commit.stderr.strip()}")
    commit = commit.stdout.strip()
    code = work / "code"
    say(f"copying commit {commit[:12]} into {code} ...")
    archive = subprocess.Popen(["git", "archive", "--format=tar", commit], cwd=paths.ROOT,
                               stdout=subprocess.PIPE)
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        tar.extractall(code, filter="data")
    if archive.wait():
        raise SystemExit(f"error: git archive {commit} failed")
    if not (code / "benchmarks" / "suite.py").is_file():
        raise SystemExit(f"error: commit {commit[:12]} has no benchmarks/suite.py")
    inner = [sys.executable, str(code / "benchmarks" / "suite.py"), str(Path(args.corpus).resolve()),
             "--jobs", str(args.jobs), "--seed", str(args.seed), "--work", str(work),
             "--memory-limit", str(args.memory_limit)]
    for name in ("event_column", "limit", "stage_sample", "articles", "timeout"):
        value = event_column if name == "event_column" else getattr(args, name)
        if value is not None:
            inner += [f"--{name.replace('_', '-')}", str(value)]
    inner += [f"--{name.replace('_', '-')}" for name in ("skip_floor", "skip_stages", "skip_report")
              if getattr(args, name)]
    python_path = os.pathsep.join([str(code), *filter(None, [os.environ.get("PYTHONPATH")])])
    env = {**os.environ, "PYTHONPATH": python_path, SNAPSHOT_ENV: commit, COMMAND_ENV: command_line()}
    return subprocess.run(inner, env=env).returncode


def command_line() -> str:
    """The command that started this benchmark, as the user typed it (near enough)."""
    return os.environ.get(COMMAND_ENV) or shlex.join(["python", "benchmarks/suite.py", *sys.argv[1:]])


def _run(args, options: dict, work: Path) -> int:
    corpus_path = Path(args.corpus)
    if args.limit:
        corpus_path = resample.head_corpus(corpus_path, work / "corpus", n=args.limit)
    out("# Benchmark of the suite")
    out()
    out("```")
    out(command_line())
    out("```")
    out()
    out(markdown(["", ""], machine_facts(corpus_path, args), right=set()))
    out()

    floor_two_cores = floor_one_core = None
    if not args.skip_floor:
        say("floor: the bare libraries, one core ...")
        rows = measure_floor(corpus_path, options)
        floor_two_cores = print_floor(rows)
        floor_one_core = 2 * floor_two_cores
    stage_seconds = None
    if not args.skip_stages:
        say("stages: process_article, one core ...")
        stage_seconds = print_stages(measure_stages(corpus_path, options, args.stage_sample), floor_one_core)

    store = work / "store"
    cold = run_tables(corpus_path, store, options, args.jobs, "cold tables")
    warm = run_tables(corpus_path, store, options, args.jobs, "warm tables")
    out("## `tables` (store only)")
    out()
    out("```")
    out(shlex.join(["python", "-m", "analysis", "tables", "--corpus", str(corpus_path), *corpus_arguments(options),
                    "--store", "STORE", "--no-csv", "--jobs", str(args.jobs)]))
    out("```")
    out()
    targets = []
    rows = []
    for name, run in (("cold (fresh store)", cold), ("warm (same store)", warm)):
        ratio = f"{run.wall / floor_two_cores:.2f}" if floor_two_cores else "not measured"
        rows.append([name, f"{run.n_articles:,}", f"{run.n_processed:,}", seconds(run.wall), seconds(run.cpu),
                     f"{run.n_articles / run.wall:,.1f}", megabytes(run.peak), ratio,
                     f"{run.wall / cold.wall:.1%}", f"{run.others:.2f}"])
    out(markdown(["run", "articles", "processed", "wall s", "CPU s (all processes)", "articles/s",
                  "peak memory", "wall / two-core floor", "of the cold run", "other processes (cores)"], rows))
    out()
    out("Peak memory per step of the cold run (the steps are the lines `tables` prints):")
    out()
    out(phase_table(cold))
    out()
    out(f"Peak memory: the largest sum of the resident memory of the command and all its child "
        f"processes, sampled every {SAMPLE_SECONDS} s (pages shared with forked workers counted in each). "
        "Other processes: the CPU the rest of the machine used during the run, in cores on average "
        f"(of {os.cpu_count()}).")
    out()
    if stage_seconds:
        out(f"The cold run used {seconds(cold.cpu)} CPU seconds in all its processes; the per-article "
            f"stages measured above account for {seconds(stage_seconds)} ({stage_seconds / cold.cpu:.0%}), "
            f"the rest ({seconds(cold.cpu - stage_seconds)} s) is reading, starting processes, "
            "the corpus-wide tables and writing the store. It kept "
            f"{cold.cpu / cold.wall:.2f} of {args.jobs} processes busy on average.")
        out()
    if floor_two_cores:
        targets.append(["cold `tables` / two-core floor", f"≤ {COLD_TO_FLOOR}",
                        f"{cold.wall / floor_two_cores:.2f}", cold.wall / floor_two_cores <= COLD_TO_FLOOR])
    targets.append(["warm re-run / cold run", f"≤ {WARM_TO_COLD:.0%}", f"{warm.wall / cold.wall:.1%}",
                    warm.wall / cold.wall <= WARM_TO_COLD])
    targets.append(["warm re-run: articles processed", "0", f"{warm.n_processed:,}", warm.n_processed == 0])

    if not args.skip_report:
        command = [sys.executable, "-m", "analysis", "report", "--corpus", str(corpus_path),
                   *corpus_arguments(options), "--store", str(store), "--out", str(work / "report")]
        if args.timeout:
            command += ["--timeout", str(args.timeout)]
        out("## `report` with the warm store")
        out()
        out("```")
        out(shlex.join(["python", "-m", "analysis", "report", "--corpus", str(corpus_path),
                        *corpus_arguments(options), "--store", "STORE", "--out", "OUT"]))
        out("```")
        out()
        out("Run twice: first right after `tables` (notebook 03 then counts the terms of the "
            "sentences no other outlet carries, which it keeps in the store), then again.")
        out()
        runs = []
        for when in ("first, after `tables`", "second"):
            before = store_manifests(store)
            say(f"report ({when}): python -m analysis report ... (load {load()})")
            report = Measured(command, "report")
            say(f"report ({when}): {report.wall:.0f} s, peak {megabytes(report.peak)}")
            if report.returncode:
                out(f"**Failed** ({when}) after {seconds(report.wall)} s (exit {report.returncode}):")
                out()
                out("```")
                out("\n".join((report.lines + report.errors)[-12:]))
                out("```")
                out()
                targets.append([f"`report` with a warm store ({when})", f"≤ {REPORT_SECONDS} s",
                                "failed", False])
                break
            changed = store_manifests(store) != before
            runs.append((when, report, changed, {
                name: float(took) for line in report.lines
                for name, took in re.findall(r"\] (\S+\.ipynb) done in ([\d.]+)s", line)}))
            targets.append([f"`report` with a warm store ({when})", f"≤ {REPORT_SECONDS} s",
                            f"{report.wall:.0f} s", report.wall <= REPORT_SECONDS])
        if runs:
            names = sorted({name for *_rest, took in runs for name in took})
            out(markdown(["notebook", *(f"{when} s" for when, *_rest in runs)],
                         [[name, *(seconds(took[name]) if name in took else "" for *_rest, took in runs)]
                          for name in names]
                         + [["**report** (whole command)",
                             *(f"**{seconds(report.wall)}**" for _when, report, *_rest in runs)]]))
            out()
            for when, report, changed, _took in runs:
                out(f"{when}: peak memory {megabytes(report.peak)}; CPU {seconds(report.cpu)} s (all "
                    f"processes); other processes used {report.others:.2f} cores on average; the "
                    "store's manifest " + ("**changed** (the report rebuilt tables)" if changed
                                           else "unchanged (the tables were read)") + ".")
                out()

    if args.articles:
        say(f"articles: resampling {args.articles:,} articles (seed {args.seed}) ...")
        big = resample.resample_corpus(corpus_path, work / "resampled", n=args.articles, seed=args.seed)
        limit = args.memory_limit * MB if args.memory_limit else None
        run = run_tables(big, work / "store-resampled", options, args.jobs, f"{args.articles:,} articles",
                         memory_limit=limit, fatal=False)
        out(f"## {args.articles:,} articles resampled from the corpus (cold `tables`)")
        out()
        out(f"`python benchmarks/resample.py {args.articles} --seed {args.seed}`, then the cold run above on it.")
        out()
    if args.articles and run.failure():
        out(f"**Not measured**: {run.failure().splitlines()[0]}.")
        out()
        targets.append([f"{args.articles:,} articles: peak memory", f"≤ {megabytes(PEAK_BYTES)}",
                        f"stopped at {megabytes(run.peak)}" if run.stopped else "failed", False])
    elif args.articles:
        per_base, per_big = cold.wall / cold.n_articles, run.wall / run.n_articles
        out(f"Peak memory per step of the {args.articles:,}-article run (the steps are the lines "
            "`tables` prints):")
        out()
        out(phase_table(run))
        out()
        out(markdown(["corpus", "articles", "wall s", "CPU s", "articles/s", "ms per article", "relative",
                      "peak memory", "other processes (cores)"],
                     [["the corpus", f"{cold.n_articles:,}", seconds(cold.wall), seconds(cold.cpu),
                       f"{cold.n_articles / cold.wall:,.1f}", f"{1000 * per_base:,.1f}", "1.00",
                       megabytes(cold.peak), f"{cold.others:.2f}"],
                      ["resampled", f"{run.n_articles:,}", seconds(run.wall), seconds(run.cpu),
                       f"{run.n_articles / run.wall:,.1f}", f"{1000 * per_big:,.1f}",
                       f"{per_big / per_base:.2f}", megabytes(run.peak), f"{run.others:.2f}"]]))
        out()
        targets.append([f"{args.articles:,} articles: time per article / the corpus's",
                        f"≤ {PER_ARTICLE_RATIO}", f"{per_big / per_base:.2f}", per_big / per_base <= PER_ARTICLE_RATIO])
        targets.append([f"{args.articles:,} articles: peak memory", f"≤ {megabytes(PEAK_BYTES)}",
                        megabytes(run.peak), run.peak <= PEAK_BYTES])

    out("## Targets of issue #13 in this run")
    out()
    out(markdown(["measure", "target", "this run", "met"],
                 [[m, t, v, "yes" if ok else "**no**"] for m, t, v, ok in targets], right={2}))
    out()
    out(f"Load average at the end: {load()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
