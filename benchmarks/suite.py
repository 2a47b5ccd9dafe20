"""Benchmark of the whole suite on one corpus, in one run (issue #13, point 6): the floor
of the bare libraries, the per-article stages, cold and warm ``tables``, ``report`` with
a warm store and, on request, a resampled corpus of N articles. Prints Markdown tables
(stdout) ready for docs/speed-and-memory.md; progress on stderr.

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
2. **Stages**: :func:`analysis.pipeline.process.process_article` on every article (or on
   ``--stage-sample N`` articles spread evenly over the corpus, the seconds scaled to the
   corpus), CPU seconds per stage of ``process.STAGES``; reading the articles
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
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import psutil

import libraries  # benchmarks/libraries.py (this script's folder is on sys.path)
import resample  # benchmarks/resample.py
import analysis
from analysis.corpus import paths
from suite_commands import (MB, SAMPLE_SECONDS, Measured, corpus_arguments, load, markdown, megabytes,
                            out, phase_table, run_tables, say, seconds, store_manifests)
from suite_floor import measure_floor, measure_stages, print_floor, print_stages

DEFAULT = libraries.DEFAULT
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
    targets = _tables_section(args, options, corpus_path, cold, warm, floor_two_cores, stage_seconds)
    if not args.skip_report:
        targets += _report_section(args, options, corpus_path, store, work)
    if args.articles:
        targets += _articles_section(args, options, corpus_path, work, cold)

    out("## Targets of issue #13 in this run")
    out()
    out(markdown(["measure", "target", "this run", "met"],
                 [[m, t, v, "yes" if ok else "**no**"] for m, t, v, ok in targets], right={2}))
    out()
    out(f"Load average at the end: {load()}.")
    return 0


def _tables_section(args, options: dict, corpus_path: Path, cold: Measured, warm: Measured,
                    floor_two_cores: float | None, stage_seconds: float | None) -> list[list]:
    """Print the cold and warm ``tables`` runs; return their rows of the targets table."""
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
    return targets


def _report_section(args, options: dict, corpus_path: Path, store: Path, work: Path) -> list[list]:
    """Run ``report`` twice with the warm store and print both runs; return their rows of
    the targets table."""
    targets = []
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
    return targets


def _articles_section(args, options: dict, corpus_path: Path, work: Path, cold: Measured) -> list[list]:
    """Resample ``args.articles`` articles, run cold ``tables`` on them and print the run;
    return its rows of the targets table."""
    targets = []
    say(f"articles: resampling {args.articles:,} articles (seed {args.seed}) ...")
    big = resample.resample_corpus(corpus_path, work / "resampled", n=args.articles, seed=args.seed)
    limit = args.memory_limit * MB if args.memory_limit else None
    run = run_tables(big, work / "store-resampled", options, args.jobs, f"{args.articles:,} articles",
                     memory_limit=limit, fatal=False)
    out(f"## {args.articles:,} articles resampled from the corpus (cold `tables`)")
    out()
    out(f"`python benchmarks/resample.py {args.articles} --seed {args.seed}`, then the cold run above on it.")
    out()
    if run.failure():
        out(f"**Not measured**: {run.failure().splitlines()[0]}.")
        out()
        targets.append([f"{args.articles:,} articles: peak memory", f"≤ {megabytes(PEAK_BYTES)}",
                        f"stopped at {megabytes(run.peak)}" if run.stopped else "failed", False])
    else:
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
    return targets


if __name__ == "__main__":
    sys.exit(main())
