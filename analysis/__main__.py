"""Command line: ``python -m analysis {check,tables,report,refresh}``; ``--help`` on each."""
from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from analysis.corpus import paths

COLUMN_OPTIONS = ("text", "outlet", "title", "date", "id", "event", "language")


def _add_corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", default=str(paths.DATA),
                        help="a folder with articles.csv, a CSV/TSV/JSONL/Parquet table, or a "
                             "folder of JSON files (default: the bundled data/)")
    group = parser.add_argument_group("columns of a table or JSON folder (default: common names)")
    for role in COLUMN_OPTIONS:
        group.add_argument(f"--{role}-column", dest=f"{role}_column", metavar="NAME",
                           help=f"the column or JSON key holding the {role}")


def _add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=None, metavar="DIR",
                        help="the folder of the corpora's stores, the tables in Parquet that "
                             "notebooks read (default: $ANALYSIS_STORE, else .cache/store/)")


def _add_scheduler_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS|local",
                        help="run the per-article work (cleaning, sentences, names, quotations, "
                             "sentiment, readability) on a dask.distributed cluster: 'local' "
                             "starts one on this machine, tcp://HOST:8786 uses a running one. "
                             "The corpus-wide tables (variants, word choice, shared copy, "
                             "summaries) and the store stay in this process (default: "
                             "$ANALYSIS_SCHEDULER, else local processes)")


def _check_scheduler(args: argparse.Namespace) -> str | None:
    """The scheduler asked for (``--scheduler``, else ``ANALYSIS_SCHEDULER``), checked
    before any work: one that cannot be used is one line on stderr and None."""
    from analysis.pipeline.scheduler import SCHEDULER_ENV, SchedulerError, check_scheduler

    scheduler = (args.scheduler or os.environ.get(SCHEDULER_ENV, "")).strip()
    if scheduler:
        try:
            check_scheduler(scheduler)
        except SchedulerError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return None
    return scheduler


def _corpus_options(args: argparse.Namespace) -> dict:
    return {f"{r}_column": getattr(args, f"{r}_column") for r in COLUMN_OPTIONS
            if getattr(args, f"{r}_column")}


def cmd_check(args: argparse.Namespace) -> int:
    from analysis.corpus.load import check_corpus, format_problems

    n, problems = check_corpus(args.corpus, **_corpus_options(args))
    print(f"Corpus: {args.corpus}")
    print(format_problems(n, problems))
    return 1 if any(p.level == "error" for p in problems) or n == 0 else 0


def cmd_tables(args: argparse.Namespace) -> int:
    from analysis.language.clean import RulesError
    from analysis.people.registry import RegistryError
    from analysis.pipeline.store import Store
    from analysis.pipeline.config import Config
    from analysis.pipeline.tables import update_store
    from analysis.pipeline.export import write_tables
    from analysis.measures.terms import LexiconError
    from analysis.language.vocabulary import VocabularyError

    try:  # every data file is read here: a bad one is one line, before any work
        config = Config.for_corpus(args.corpus, rules_file=args.rules)
    except (RulesError, RegistryError, LexiconError, VocabularyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scheduler = _check_scheduler(args)
    if scheduler is None:
        return 2
    where = None if args.no_store else Store.for_corpus(args.corpus, args.store, progress=print)
    if args.no_csv or args.out is None:
        return _store_only(args, config, where, scheduler)
    on = f"dask scheduler {scheduler}" if scheduler else f"{args.jobs or 'all'} job(s)"
    print(f"Writing tables for {args.corpus} into {args.out} ({on})")
    cache = where.articles() if where is not None else None
    summary = write_tables(args.corpus, args.out, jobs=args.jobs,
                           config=config, store=cache, scheduler=scheduler or None,
                           **_corpus_options(args))
    print(f"{summary['n_articles']} articles in {summary['seconds']:.1f} s; "
          f"{summary['n_errors']} error(s), {summary['n_warnings']} warning(s)"
          + (f" (see {Path(args.out) / 'problems.csv'})" if summary['n_errors'] + summary['n_warnings'] else ""))
    for name in sorted(p.name for p in Path(args.out).glob("*.csv")):
        print(f"  {Path(args.out) / name}")
    failed = summary["n_errors"] or summary["n_articles"] == 0
    if where is not None and not failed:
        # the store the notebooks and `report` read: its per-article results were just
        # written; the corpus-wide tables are derived from them into Parquet
        start = time.perf_counter()
        update_store(where, args.corpus, config=config, jobs=args.jobs,
                     scheduler=scheduler or None, **_corpus_options(args))
        print(f"Store: {where.folder} ({where.stats['tables']} in {time.perf_counter() - start:.1f} s; "
              f"{cache.n_processed + where.stats['n_processed']} article(s) processed, "
              f"{where.stats['n_read']} read)")
    elif where is not None:
        print("Store: not written (a corpus with errors has no store; see problems.csv)")
    return 1 if failed else 0


def _store_only(args: argparse.Namespace, config, where, scheduler: str) -> int:
    """``tables`` without ``--out`` (or with ``--no-csv``): the store alone (one pass of
    the corpus-wide tables)."""
    from analysis.corpus.fields import CorpusError
    from analysis.pipeline.tables import update_store

    if where is None:
        print("error: with --no-store (or ANALYSIS_STORE=off) `tables` writes CSV only: give "
              "--out DIR (without --no-csv)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        update_store(where, args.corpus, config=config, jobs=args.jobs,
                     scheduler=scheduler or None, **_corpus_options(args))
    except CorpusError as exc:
        print(f"error: {exc}\nStore: not written (a corpus with errors has no store; "
              "run `check` or `tables` for every problem)", file=sys.stderr)
        return 1
    stats = where.stats
    print(f"Store: {where.folder} ({stats['tables']} in {time.perf_counter() - start:.1f} s; "
          f"{stats['n_articles']} articles, {stats['n_processed']} processed, {stats['n_read']} read)")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from analysis.present.report import CELL_TIMEOUT, ReportError, render_reports
    from analysis.pipeline.scheduler import SCHEDULER_ENV

    scheduler = _check_scheduler(args)
    if scheduler is None:
        return 2
    if scheduler:  # the notebooks' kernels inherit this process's environment
        os.environ[SCHEDULER_ENV] = scheduler
    # the corpus as given: pages show it so (never this machine's absolute path); the
    # notebooks' kernels get it resolved (render_reports)
    corpus = None if Path(args.corpus).resolve() == paths.DATA.resolve() else args.corpus
    start = time.perf_counter()
    try:
        index = render_reports(paths.NOTEBOOKS, Path(args.out), corpus=corpus,
                               corpus_options=_corpus_options(args) or None,
                               command=args.command_line, timeout=args.timeout or CELL_TIMEOUT,
                               store_dir=args.store, jobs=args.kernels)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Reports written in {time.perf_counter() - start:.0f} s: open {index}")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    from analysis.present.report import ReportError, refresh_notebooks

    wanted = args.notebooks or sorted(p.name for p in paths.NOTEBOOKS.glob("*.ipynb"))
    notebooks = []
    for name in wanted:
        path = paths.NOTEBOOKS / Path(name).name
        if path.suffix != ".ipynb":
            path = path.with_name(path.name + ".ipynb")
        if not path.is_file():
            print(f"error: no notebook {path.name} in {paths.NOTEBOOKS}", file=sys.stderr)
            return 2
        notebooks.append(path)
    try:
        refresh_notebooks(notebooks)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(notebooks)} notebook(s) re-executed and saved with their outputs")
    return 0


def _count(value: str) -> int:
    """An argparse type: a whole number of at least 1 (processes, kernels)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Compare how news outlets frame the same story.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="validate a corpus and print every problem found")
    _add_corpus_options(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("tables", help="compute every tidy table into the corpus's store "
                       "(the Parquet tables notebooks and `report` read); CSV too with --out")
    _add_corpus_options(p)
    p.add_argument("--out", default=None, metavar="DIR",
                   help="also write every table as CSV into DIR (e.g. reports/data)")
    p.add_argument("--jobs", type=_count, default=None,
                   help="processes to use (default: all cores; with --scheduler local, its workers)")
    p.add_argument("--rules", default=None, help="cleaning rules file (default: the corpus "
                   "folder's cleaning_rules.yaml, else data/cleaning_rules.yaml)")
    _add_store_option(p)
    p.add_argument("--no-store", action="store_true",
                   help="with --out: write the CSV tables only, not the store the notebooks read")
    p.add_argument("--no-csv", action="store_true",
                   help="write the store only, even with --out (the default without --out)")
    _add_scheduler_option(p)
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser("report", help="run every notebook and render the HTML reports")
    _add_corpus_options(p)
    p.add_argument("--out", default=str(paths.REPORTS), help="output folder (default: reports/)")
    p.add_argument("--timeout", type=int, default=None, metavar="SECONDS",
                   help="seconds a notebook cell may run before the report stops "
                        "(default: 3600)")
    p.add_argument("--kernels", type=_count, default=None, metavar="N",
                   help="notebooks executed at once, once the store is ready (default: 2, "
                        "at most the number of cores)")
    _add_store_option(p)
    _add_scheduler_option(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("refresh", help="re-execute notebooks on the bundled corpus and save "
                       "their outputs (what nbval compares against)")
    p.add_argument("notebooks", nargs="*", metavar="NOTEBOOK",
                   help="notebook names, e.g. 02-naming (default: all)")
    p.set_defaults(func=cmd_refresh)

    args = parser.parse_args(argv)
    words = sys.argv[1:] if argv is None else argv
    args.command_line = " ".join(["python -m analysis", *(shlex.quote(w) for w in words)])
    try:
        return args.func(args)
    except paths.CorpusPathError as exc:  # a corpus data file leading out of the corpus folder
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one clear line, not a traceback
        if os.environ.get("ANALYSIS_DEBUG"):
            raise
        what = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        print(f"error: {type(exc).__name__}: {what or 'no message'}; "
              "run with ANALYSIS_DEBUG=1 for the traceback", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
