"""Benchmark: time per notebook and peak memory of `report` on a large corpus (prints
figures; not a test).

    python tests/benchmark_report.py [CORPUS] [--event-column topic] [--timeout SECONDS]

Default corpus: ../shared/corpora/article-bias-prediction/data/jsons (4,235 articles).
The first notebook processes the corpus and the others read its tables (shared within
the run), so the first notebook's time is the corpus's. Peak memory is the largest
resident set of any one process the report started (a notebook kernel or a worker).
"""
from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time

from analysis import paths

DEFAULT = paths.ROOT.parent / "shared" / "corpora" / "article-bias-prediction" / "data" / "jsons"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--event-column", default="topic")
    parser.add_argument("--timeout", type=int, default=3600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "analysis", "report", "--corpus", args.corpus,
                                 "--event-column", args.event_column, "--timeout", str(args.timeout),
                                 "--out", out], capture_output=True, text=True, cwd=paths.ROOT)
        seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"report failed:\n{result.stderr}")
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus: {args.corpus}")
    for name, took in re.findall(r"\] (\S+\.ipynb) done in ([\d.]+)s", result.stdout):
        print(f"  {name:<24} {float(took):7.1f} s")
    print(f"report wall time: {seconds:.0f} s; peak memory of one process: {child_mb:.0f} MB")


if __name__ == "__main__":
    main()
