"""The floor and the stages of the suite benchmark (``benchmarks/suite.py``, steps 1 and 2
of its docstring): the bare libraries on the input the suite gives them, and the stages
of ``process_article``, in this process on one core, in CPU seconds.
"""
from __future__ import annotations

import collections
import time
from pathlib import Path

import libraries  # benchmarks/libraries.py (benchmarks/ is on sys.path when suite.py runs)
from analysis.language import clean, text
from analysis.corpus import load as corpus
from analysis.pipeline import process
from analysis.pipeline.config import Config
from suite_commands import markdown, out, say, seconds

CHUNK = libraries.CHUNK  # articles prepared at a time for the floor


# --------------------------------------------------------------------------- the floor

def count_words(analysis_text: str) -> collections.Counter:
    """The regular-expression part of the floor: the suite's word pattern over the
    lower-cased text, counted."""
    return collections.Counter(text.WORD_RE.findall(analysis_text.lower()))


def measure_floor(corpus_path: Path, options: dict) -> list[dict]:
    """CPU seconds of each bare library on the corpus (step 1 of benchmarks/suite.py's
    docstring)."""
    import pysbd
    from textstat.textstat import textstatistics
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    bare_textstat = textstatistics()
    floor = [  # key of libraries.prepare's inputs, name, what it is given, unit, function
        ("pysbd", "pysbd", "each paragraph as the suite feeds it", "paragraphs",
         libraries.segmenters(lambda lang: pysbd.Segmenter(language=lang, clean=False, char_span=False))),
        ("textstat", "textstat", "2 counts + 8 measures per article", "articles",
         libraries.textstat_scores(lambda t, fs: {n: getattr(bare_textstat, f)(t) for n, f in fs.items()})),
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
    config = Config.for_corpus(corpus_path)
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
            process.process_article(article, config)
            warmed = True
        if wanted is None or position in wanted:
            process.process_article(article, config, timings=timings)
            n_done += 1
            if n_done % 500 == 0:
                say(f"stages: {n_done:,} articles ({sum(timings.values()):.0f} s)")
        position += 1
    return {"timings": timings, "n_done": n_done, "n_total": position, "reading": reading}


def print_stages(result: dict, floor_one_core: float | None) -> float:
    """Print the stages' table; return the CPU seconds of all stages and of reading."""
    n_done, n_total = result["n_done"], result["n_total"]
    scale = n_total / n_done if n_done else 0.0
    stages = [(stage, result["timings"].get(stage, 0.0) * scale) for stage in process.STAGES]
    total = sum(s for _stage, s in stages)
    out("## Per-article stages (`process.process_article`, one core, CPU seconds)")
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
