"""Benchmark: how far VADER agrees with people on news sentences (prints figures; not a test).

    python benchmarks/vader_agreement.py [GROUNDTRUTH_FILE] [--write]

Default file: ../shared/corpora/vader-groundtruth/nytEditorialSnippets_GroundTruth.txt,
VADER's own validation data (Hutto & Gilbert 2014; MIT licence, vaderSentiment repository):
5,190 sentences of New York Times editorials, each with the mean rating of at least 20
people (-4 .. +4). The sentences are not copied into this repository. ``--write`` stores
the figures with their provenance in data/vader_agreement.csv, which notebook
04-sentiment shows; tests/test_sentiment_readability.py recomputes them and compares when
the file is present.
"""
from __future__ import annotations

import argparse
import csv
import sys
from importlib.metadata import version
from pathlib import Path

from analysis.corpus import paths
from analysis.measures import sentiment as se

DEFAULT = paths.ROOT.parent / "shared" / "corpora" / "vader-groundtruth" / "nytEditorialSnippets_GroundTruth.txt"
STORED = paths.DATA / "vader_agreement.csv"
COMMAND = "python benchmarks/vader_agreement.py --write"
PROVENANCE = {
    "dataset": "VADER ground truth: New York Times editorial sentences (nytEditorialSnippets_GroundTruth.txt)",
    "source": "Hutto & Gilbert (2014), ICWSM; github.com/cjhutto/vaderSentiment, additional_resources",
    "licence": "MIT (vaderSentiment repository)",
}


def load_groundtruth(path: Path) -> "se.pd.DataFrame":
    """The rated sentences: id, rating (mean human rating, -4 .. +4), text."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.rstrip("\r\n").split("\t", 2)
        if len(parts) == 3:
            rows.append({"id": parts[0], "rating": float(parts[1]), "text": parts[2]})
    return se.pd.DataFrame(rows)


def measure(path: Path = DEFAULT) -> dict:
    """The agreement figures of :func:`analysis.measures.sentiment.agreement`, with provenance."""
    return {**PROVENANCE, **se.agreement(load_groundtruth(path)),
            "human_neutral_band": se.HUMAN_NEUTRAL_BAND, "vader_threshold": se.POSITIVE_THRESHOLD,
            "vadersentiment": version("vaderSentiment"), "command": COMMAND}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groundtruth", nargs="?", default=str(DEFAULT))
    parser.add_argument("--write", action="store_true", help=f"store the figures in {STORED.relative_to(paths.ROOT)}")
    args = parser.parse_args()
    path = Path(args.groundtruth)
    if not path.is_file():
        print(f"error: {path} not found (the shared corpora are not beside this checkout)", file=sys.stderr)
        return 2
    result = measure(path)
    for key in ("n", "pearson_r", "spearman_rho", "label_agreement", "cohen_kappa"):
        print(f"{key}: {result[key]}")
    if args.write:
        with STORED.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(result), lineterminator="\n")
            writer.writeheader()
            writer.writerow(result)
        print(f"written: {STORED.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
