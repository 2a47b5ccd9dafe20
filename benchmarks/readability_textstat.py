"""Benchmark: readability equals textstat called with its defaults on every article of a
whole corpus (prints figures; not a test).

    python benchmarks/readability_textstat.py [CORPUS] [--event-column topic]

Default corpus: ../shared/corpora/article-bias-prediction/data/jsons (4,235 articles).
Every article is cleaned as ``tables`` cleans it; its analysis text is scored by
:func:`analysis.measures.readability.score_readability` and by ``textstat.<function>(text)`` as a
reader calls it (module-level, default settings), and every figure is compared exactly.
"""
from __future__ import annotations

import argparse
import sys
import time

import textstat

from analysis.language import clean
from analysis.corpus import load as corpus, paths
from analysis.measures import readability

DEFAULT = paths.ROOT.parent / "shared" / "corpora" / "article-bias-prediction" / "data" / "jsons"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--event-column", default=None)
    args = parser.parse_args()
    rules = clean.rules_for_corpus(args.corpus)
    functions = {name: f for name, (f, _d, _s) in readability.MEASURES.items()}
    functions.update(n_words="lexicon_count", n_sentences="sentence_count")
    n_articles = n_figures = 0
    differ: list[tuple[str, str, float, float]] = []
    ours_s = theirs_s = 0.0
    options = {"event_column": args.event_column} if args.event_column else {}
    for article in corpus.iter_articles(args.corpus, **options):
        cleaned = clean.clean_article(article["text"], outlet=article["outlet"],
                                      title=article.get("title", ""), rules=rules).text
        start = time.perf_counter()
        ours = readability.score_readability(cleaned)
        ours_s += time.perf_counter() - start
        start = time.perf_counter()
        theirs = {name: getattr(textstat, f)(cleaned) for name, f in functions.items()}
        theirs_s += time.perf_counter() - start
        n_articles += 1
        for name, value in theirs.items():
            if not ours["n_words"] and name in readability.MEASURES:
                continue  # no words: the suite gives no figure (NaN) instead of textstat's 0.0
            n_figures += 1
            if ours[name] != value:
                differ.append((article["article_id"], name, ours[name], value))
    print(f"corpus: {args.corpus}")
    print(f"articles: {n_articles}; figures compared: {n_figures}; different: {len(differ)}")
    for row in differ[:20]:
        print("  differs:", *row)
    print(f"time: suite {ours_s:.1f} s (with MATTR), textstat alone {theirs_s:.1f} s "
          "(textstat's cache makes the second call on a text faster: compare with care)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
