"""Benchmark: time and peak memory of `tables` on a large corpus (prints figures; not a test).

    python tests/benchmark_tables.py [CORPUS] [--jobs N] [--event-column topic]

Default corpus: ../shared/corpora/article-bias-prediction/data/jsons (4,235 articles).
Peak memory is the largest resident set of this process and of any one worker process.
"""
from __future__ import annotations

import argparse
import resource
import tempfile
import time

from analysis import paths
from analysis.tables import write_tables

DEFAULT = paths.ROOT.parent / "shared" / "corpora" / "article-bias-prediction" / "data" / "jsons"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--event-column", default="topic")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        summary = write_tables(args.corpus, out, jobs=args.jobs, progress=None,
                               event_column=args.event_column)
        seconds = time.perf_counter() - start
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    n = summary["n_articles"]
    print(f"corpus: {args.corpus}")
    print(f"articles: {n}  errors: {summary['n_errors']}  warnings: {summary['n_warnings']}")
    print(f"jobs: {args.jobs}  wall time: {seconds:.1f} s  ({n / seconds:.0f} articles/s)")
    print(f"peak memory: main process {self_mb:.0f} MB, largest worker {child_mb:.0f} MB")


if __name__ == "__main__":
    main()
