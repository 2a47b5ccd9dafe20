"""Benchmark: time per word of pathological sizes against ordinary articles (prints
figures; not a test).

    python benchmarks/pathological_sizes.py [--mb 50] [--no-stages]

Cases: ordinary articles of about 700 words (the reference), a 1 MB article on a single
line, an article with a 100,000-word paragraph, the same without sentence punctuation,
and an article of ``--mb`` megabytes (ordinary paragraphs and, every 500 paragraphs, one of
5,000 words). Each is processed by ``analysis.pipeline.process.process_article`` (CPU time of this
process); the ratio to the ordinary articles' time per word should stay below 3. With
stages (the default), a second, profiled run shows the time per word of each step of
process_article (cProfile's overhead inflates these; read them as shares). Then the
corpus-wide tables (word counts, loaded language, spelling, shared-copy alignment) are
timed on the big cases' sentence tables. The texts, the cases and the timing are those of
tests/test_pathological.py (loaded by its path).
"""
from __future__ import annotations

import argparse
import cProfile
import importlib.util
import pstats
import time

import pandas as pd

from analysis.corpus import paths
from analysis.measures import sentiment
from analysis.pipeline import process, stream, tables
from analysis.pipeline.config import Config

_spec = importlib.util.spec_from_file_location("test_pathological", paths.ROOT / "tests" / "test_pathological.py")
tp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tp)

STAGES = ["clean_article", "split_sentences", "find_quotes", "sentence_voices", "find_mentions",
          "find_labels", "score_sentences", "target_sentences", "score_readability",
          "find_quotations", "_word_lists"]


def big_article(mb: float, seed: int = 77) -> dict:
    """About ``mb`` megabytes of ordinary paragraphs, with a 5,000-word one every 500."""
    parts, size, i = [], 0, 0
    while size < mb * 1_000_000:
        p = tp.paragraph(5_000 if i % 500 == 499 else 60, seed * 10_000_000 + i)
        parts.append(p)
        size += len(p) + 2
        i += 1
    return tp.article("big", "\n\n".join(parts))


def stage_times(item: dict, config) -> dict[str, float]:
    # a text not seen before, and VADER's sentence cache emptied: no cached work counts
    item = {**item, "text": item["text"] + "\n\nProfiled once more."}
    sentiment._score_cached.cache_clear()
    profile = cProfile.Profile()
    profile.enable()
    process.process_article(item, config)
    profile.disable()
    stats = pstats.Stats(profile).stats
    out = {}
    for (_file, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.items():
        if name in STAGES:
            out[name] = out.get(name, 0.0) + cumulative
    return out


def corpus_wide(result: dict, config) -> dict[str, float]:
    sentences = pd.DataFrame(result["sentences"], columns=process.SENTENCE_COLUMNS)
    quotes = pd.DataFrame(result["quotes"], columns=process.COLUMNS["quotes"])
    articles = pd.DataFrame(result["articles"])
    out = {}
    for name, run in [("word_choice_tables", lambda: tables.word_choice_tables(sentences, config=config)),
                      ("source_tables", lambda: tables.source_tables(sentences, quotes, articles))]:
        start = time.process_time()
        run()
        out[name] = time.process_time() - start
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the big article")
    parser.add_argument("--no-stages", action="store_true", help="skip the profiled runs")
    args = parser.parse_args()
    config = Config.for_corpus(None)
    process.process_article(tp.article("warm-up", tp.ordinary_text(999)), config)
    ordinary = [tp.article(f"ordinary-{i}", tp.ordinary_text(i)) for i in range(20)]
    reference = tp.seconds_per_word(ordinary, config)
    cases = {"ordinary (20 articles of ~700 words)": None, **tp.CASES,
             f"{args.mb:g} MB article": lambda: big_article(args.mb)}
    for name, make in cases.items():
        if make is None:
            items, per_word, result = ordinary, reference, None
            n_words = sum(tp.text.count_words(i["text"]) for i in ordinary)
        else:
            items = [make()]
            result, seconds = tp.timed(items[0], config)
            n_words = result["articles"][0]["n_words_clean"]
            per_word = seconds / n_words
        print(f"{name}: {n_words:,} words, {1e6 * per_word:.1f} us/word, "
              f"{per_word / reference:.2f}x ordinary", flush=True)
        if result is not None:
            for p in stream.article_warnings(result):
                print(f"    warning: {p.problem}")
        if not args.no_stages and (make is None or "MB article" not in name):
            totals: dict[str, float] = {}
            for item in items:
                for stage, s in stage_times(item, config).items():
                    totals[stage] = totals.get(stage, 0.0) + s
            print("    profiled: " + ", ".join(f"{s} {1e6 * totals.get(s, 0) / n_words:.1f}"
                                               for s in STAGES) + " us/word")
        if result is not None:
            wide = corpus_wide(result, config)
            print("    corpus-wide: " + ", ".join(f"{k} {1e6 * v / n_words:.1f} us/word"
                                                  for k, v in wide.items()), flush=True)


if __name__ == "__main__":
    main()
