"""Benchmark: who speaks in article-bias-prediction, with no registry for that story
(prints figures; not a test).

    python benchmarks/speakers_abp.py [--corpus DIR] [--tables DIR] [--jobs J] [--write]

Default corpus: ../shared/corpora/article-bias-prediction/data/jsons (Baly et al., EMNLP
2020: 4,235 US news articles in this copy, 169 outlets, 2012-2020; the ``topic`` field is
the event). The suite runs as a user runs it (``write_tables`` with the bundled rules and
registry, ``--event-column topic``) into a temporary folder, or reads the quotes.csv and
articles.csv of an earlier run (``--tables``). It prints how many direct quotations have
no speaker ("unresolved"), the shares of each kind of speaker for direct quotations and
reported speech, and the most quoted speakers (direct quotations, counted under their
corpus-wide name as :func:`analysis.measures.voices.voices` counts them). ``--write`` stores the
top speakers and the unresolved row in data/abp_speakers.csv, which
tests/test_abp_speakers.py checks against a list verified by hand and, where the corpus
is present, recomputes.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis.corpus import paths
from analysis.measures import voices

DEFAULT = paths.ROOT.parent / "shared" / "corpora" / "article-bias-prediction" / "data" / "jsons"
STORED = paths.DATA / "abp_speakers.csv"
COMMAND = "python benchmarks/speakers_abp.py --write"
TOP = 20
COLUMNS = ["rank", "speaker", "n_quotes", "share_of_quotes", "dataset", "command"]
DATASET = "article-bias-prediction (Baly et al. 2020), 4,235 articles of ../shared/corpora"


def read_tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(folder / name, keep_default_na=False, dtype=str)  # noqa: E731
    quotes, articles = read("quotes.csv"), read("articles.csv")
    quotes["n_words"] = quotes.n_words.astype(int)
    articles["n_words_clean"] = articles.n_words_clean.astype(int)
    return quotes, articles


def run_suite(corpus: Path, out: Path, *, jobs: int) -> None:
    from analysis.pipeline.export import write_tables

    write_tables(corpus, out, jobs=jobs, progress=None, event_column="topic")


def top_speakers(quotes: pd.DataFrame, articles: pd.DataFrame, *, n: int = TOP) -> pd.DataFrame:
    """The ``n`` most quoted speakers (direct quotations) and, as rank 0, the unresolved
    ones: rank, speaker, n_quotes, share_of_quotes (of all direct quotations)."""
    v = voices.voices(quotes, articles)
    counts = v.groupby("speaker_entity").n_quotes.sum()
    total = int(counts.sum())
    unresolved = int(counts.get("unresolved", 0))
    named = counts.drop("unresolved", errors="ignore")
    named = named.reset_index().sort_values(["n_quotes", "speaker_entity"], ascending=[False, True],
                                            kind="stable").head(n)
    rows = [{"rank": 0, "speaker": "unresolved", "n_quotes": unresolved}]
    rows += [{"rank": i, "speaker": r.speaker_entity, "n_quotes": int(r.n_quotes)}
             for i, r in enumerate(named.itertuples(), 1)]
    out = pd.DataFrame(rows)
    out["share_of_quotes"] = (out.n_quotes / total).round(4) if total else 0.0
    out["dataset"], out["command"] = DATASET, COMMAND
    return out[COLUMNS]


def kind_shares(quotes: pd.DataFrame) -> pd.DataFrame:
    by = voices.speakers_by_kind(quotes.assign(outlet="all"))
    return by.drop(columns="outlet")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT))
    parser.add_argument("--tables", default=None, help="read quotes.csv and articles.csv from here")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--write", action="store_true", help=f"store the figures in {STORED.relative_to(paths.ROOT)}")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.tables:
        quotes, articles = read_tables(Path(args.tables))
    else:
        corpus = Path(args.corpus)
        if not corpus.is_dir():
            print(f"error: {corpus} not found (the shared corpora are not beside this checkout)",
                  file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as work:
            run_suite(corpus, Path(work), jobs=args.jobs)
            quotes, articles = read_tables(Path(work))
    direct = voices.direct_quotations(quotes)
    top = top_speakers(quotes, articles)
    print(f"articles: {len(articles)}; outlets: {articles.outlet.nunique()}")
    speech = voices.speech(quotes)
    print(f"direct quotations: {len(direct)}; reported speech: {len(speech) - len(direct)}; "
          f"attributions of thought, stance or action: {len(quotes) - len(speech)}")
    print(f"unresolved direct quotations: {top.n_quotes[0]} ({top.share_of_quotes[0]:.1%}) (target <= 25%)")
    print("speakers by kind:")
    print(kind_shares(quotes).to_string(index=False))
    print(f"the {TOP} most quoted speakers:")
    print(top[top["rank"] > 0][["rank", "speaker", "n_quotes", "share_of_quotes"]].to_string(index=False))
    print(f"time: {time.perf_counter() - start:.0f} s")
    if args.write:
        top.to_csv(STORED, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        print(f"written: {STORED.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
