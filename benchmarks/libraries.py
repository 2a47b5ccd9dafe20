"""Benchmark: the fastlib adapters against the bare libraries (pysbd, textstat,
vaderSentiment) on one corpus, in one run: time, units per second, ratio, and whether
every output is equal (prints figures; exits 1 if any output differs).

    python benchmarks/libraries.py [CORPUS] [--limit N] [--event-column topic] [--chunk N]

Default corpus: ../shared/corpora/article-bias-prediction/data/jsons (4,235 articles;
``--event-column topic`` is then the default). Every article is cleaned to its analysis
text as ``tables`` cleans it (``clean.clean_article`` with the corpus's rules), then each
library gets what the suite gives it:

- pysbd: every paragraph, as ``text.split_paragraph`` feeds it (a paragraph over
  ``text.LONG_PARAGRAPH_CHARS`` characters in the same pieces), to
  ``pysbd.Segmenter(language=..., clean=False, char_span=False).segment`` and to
  ``fastlib.Segmenter``; the lists of sentences are compared;
- textstat: every analysis text, to textstat's functions behind ``score_readability``
  (lexicon_count and sentence_count, then the eight measures when there are words) on a
  ``textstatistics()`` object with its defaults, and to ``fastlib.Textstat.scores``; the
  figures are compared exactly;
- VADER: every sentence part the suite scores (``sentiment.sentence_parts`` of the
  sentences of ``text.split_sentences``), to ``SentimentIntensityAnalyzer().
  polarity_scores`` and to ``fastlib.sentiment_analyzer().polarity_scores``; the four
  scores are compared exactly.

Times are CPU seconds of this one process (``time.process_time``; the machine may be
shared). The corpus goes through in chunks of ``--chunk`` articles; within a chunk each
library runs bare over all its inputs, then through the adapter (the other order on
every other chunk), so textstat's own caches (128 results per function) carry nothing
from one run to the other, and a change in the machine's load falls on both.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

from analysis.language import clean, fastlib, text
from analysis.corpus import load as corpus, paths
from analysis.measures import readability, sentiment

DEFAULT = paths.ROOT.parent / "shared" / "corpora" / "article-bias-prediction" / "data" / "jsons"
CHUNK = 500
N_WORDS = [0]  # words in the paragraphs given to pysbd


def pysbd_pieces(paragraph: str) -> list[str]:
    """The texts ``text.split_paragraph`` gives pysbd for one paragraph."""
    if not paragraph.strip():
        return []
    if len(paragraph) <= text.LONG_PARAGRAPH_CHARS:
        pieces = [paragraph]
    else:
        pieces = [paragraph[a:b] for a, b in text._pieces(paragraph)[0]]
    return [p for p in pieces if p.strip()]


def prepare(articles: list[dict], rules) -> dict[str, list]:
    """Each library's inputs for a chunk of articles."""
    from pysbd.languages import LANGUAGE_CODES

    pieces, texts, parts = [], [], []
    for article in articles:
        cleaned = clean.clean_article(article["text"], outlet=article["outlet"],
                                      title=article.get("title", ""), rules=rules)
        language = article.get("language") or text.DEFAULT_LANGUAGE
        language = language if language in LANGUAGE_CODES else text.DEFAULT_LANGUAGE
        mine = [(language, piece) for p in cleaned.paragraphs for piece in pysbd_pieces(p["text"])]
        N_WORDS[0] += sum(text.count_words(piece) for _language, piece in mine)
        pieces += mine
        texts.append(cleaned.text)
        sentences = text.split_sentences(cleaned.paragraphs, language=language)
        quotes = text.find_quotes(cleaned.text)
        for s, (_voice, spans) in zip(sentences, text.sentence_voices(sentences, quotes)):
            parts += [part for _p, _v, part in sentiment.sentence_parts(s["text"], spans)]
    return {"pysbd": pieces, "textstat": texts, "vader": parts}


class Library:
    """One library's bare and adapted callables, timed and compared."""

    def __init__(self, name: str, unit: str, bare, adapted, before=None):
        self.name, self.unit, self.bare, self.adapted = name, unit, bare, adapted
        self.before = before or (lambda: None)  # run before each timed pass, untimed
        self.n = self.mismatches = 0
        self.seconds = {"bare": 0.0, "adapter": 0.0}
        self.example = None

    def run(self, inputs: list, *, adapter_first: bool) -> None:
        outputs = {}
        for which in (("adapter", "bare") if adapter_first else ("bare", "adapter")):
            function = self.adapted if which == "adapter" else self.bare
            self.before()
            start = time.process_time()
            outputs[which] = [function(x) for x in inputs]
            self.seconds[which] += time.process_time() - start
        for x, theirs, ours in zip(inputs, outputs["bare"], outputs["adapter"]):
            if theirs != ours:
                self.mismatches += 1
                self.example = self.example or (x, theirs, ours)
        self.n += len(inputs)


def segmenters(factory):
    made = {}

    def segment(item):
        language, piece = item
        if language not in made:
            made[language] = factory(language)
        return made[language].segment(piece)
    return segment


def clear_textstat_caches() -> None:
    """Empty textstat's own caches of results (128 per function), so that no pass finds
    the figures of the texts the other pass has just scored (its loaded dictionaries, in
    ``textstat.backend.utils``, stay)."""
    kinds = tuple(f"textstat.backend.{k}." for k in ("counts", "metrics", "selections",
                                                        "transformations", "validations"))
    for name, module in list(sys.modules.items()):
        if name.startswith(kinds) and module is not None:
            for value in list(vars(module).values()):
                if (callable(getattr(value, "cache_clear", None)) and hasattr(value, "__wrapped__")
                        and getattr(value, "__module__", None) == name):  # not the imported loaders
                    value.cache_clear()


def textstat_scores(scorer):
    """score_readability's textstat figures of one text with ``scorer(text, functions)``."""
    measures = {name: function for name, (function, _d, _s) in readability.MEASURES.items()}

    def scores(analysis_text):
        out = scorer(analysis_text, readability.COUNTS)
        if out["n_words"]:
            out.update(scorer(analysis_text, measures))
        return out
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=None, help="the first N articles only")
    parser.add_argument("--event-column", default=None)
    parser.add_argument("--chunk", type=int, default=CHUNK)
    args = parser.parse_args()
    import pysbd
    from textstat.textstat import textstatistics
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    event_column = args.event_column or ("topic" if Path(args.corpus) == DEFAULT else None)
    options = {"event_column": event_column} if event_column else {}
    rules = clean.rules_for_corpus(args.corpus)
    bare_textstat, ours_textstat = textstatistics(), fastlib.Textstat()
    libraries = [
        Library("pysbd", "paragraphs",
                segmenters(lambda lang: pysbd.Segmenter(language=lang, clean=False, char_span=False)),
                segmenters(lambda lang: fastlib.Segmenter(lang, clean=False, char_span=False))),
        Library("textstat", "articles",
                textstat_scores(lambda t, fs: {n: getattr(bare_textstat, f)(t) for n, f in fs.items()}),
                textstat_scores(ours_textstat.scores), before=clear_textstat_caches),
        Library("vaderSentiment", "sentence parts", SentimentIntensityAnalyzer().polarity_scores,
                fastlib.sentiment_analyzer().polarity_scores),
    ]
    inputs_of = dict(zip(("pysbd", "textstat", "vader"), libraries))
    # load the dictionaries and lexicons once, untimed (textstat reads the CMU dictionary
    # on its first syllable count, about 0.7 s)
    for lib, sample in zip(libraries, [("en", "Sen. Smith left. He did."), "The cat sat on the mat.",
                                       "It is not good."]):
        lib.bare(sample), lib.adapted(sample)
    n_articles = 0
    wall = time.perf_counter()
    chunk: list[dict] = []
    n_chunks = 0

    def flush():
        nonlocal n_chunks
        for key, items in prepare(chunk, rules).items():
            inputs_of[key].run(items, adapter_first=bool(n_chunks % 2))
        n_chunks += 1
        chunk.clear()

    for article in corpus.iter_articles(args.corpus, **options):
        if args.limit is not None and n_articles >= args.limit:
            break
        chunk.append(article)
        n_articles += 1
        if len(chunk) >= args.chunk:
            flush()
    if chunk:
        flush()
    wall = time.perf_counter() - wall
    return print_results(args, n_articles, libraries, wall)


def print_results(args, n_articles: int, libraries: list[Library], wall: float) -> int:
    """Print the figures of a run; 1 if any output differs, else 0."""
    print(f"corpus: {args.corpus} ({n_articles:,} articles"
          + (f", --limit {args.limit}" if args.limit is not None else "") + ")")
    print(f"python {platform.python_version()}; pysbd {version('pysbd')}, textstat {version('textstat')}, "
          f"vaderSentiment {version('vaderSentiment')}; CPU seconds of one process")
    header = f"{'library':<15} {'unit':<15} {'n':>9} {'bare s':>8} {'bare/s':>9} {'adapter s':>10} {'adapter/s':>10} {'ratio':>6} {'mismatches':>10}"
    print(header)
    total = {"bare": 0.0, "adapter": 0.0}
    for lib in libraries:
        b, a = lib.seconds["bare"], lib.seconds["adapter"]
        total["bare"] += b
        total["adapter"] += a
        print(f"{lib.name:<15} {lib.unit:<15} {lib.n:>9,} {b:>8.1f} {lib.n / b if b else 0:>9,.0f} "
              f"{a:>10.1f} {lib.n / a if a else 0:>10,.0f} {b / a if a else 0:>6.2f} {lib.mismatches:>10,}")
    print(f"{'all three':<15} {'':<15} {'':>9} {total['bare']:>8.1f} {'':>9} {total['adapter']:>10.1f} "
          f"{'':>10} {total['bare'] / total['adapter'] if total['adapter'] else 0:>6.2f} "
          f"{sum(l.mismatches for l in libraries):>10,}")
    words = N_WORDS[0]
    b, a = libraries[0].seconds["bare"], libraries[0].seconds["adapter"]
    if a and b:
        print(f"pysbd in words: {words:,} words, bare {words / b:,.0f} words/s, adapter {words / a:,.0f} words/s")
    print(f"wall time of the whole run (cleaning and splitting included): {wall:.1f} s")
    for lib in libraries:
        if lib.example:
            x, theirs, ours = lib.example
            print(f"first mismatch, {lib.name}: input {str(x)[:200]!r}\n  library: {str(theirs)[:300]}\n"
                  f"  adapter: {str(ours)[:300]}")
    return 1 if any(l.mismatches for l in libraries) else 0


if __name__ == "__main__":
    sys.exit(main())
