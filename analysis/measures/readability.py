"""Readability of each article's analysis text, with textstat (pinned 0.7.8, which works
offline) and a length-independent lexical diversity.

Every figure is what a reader gets by calling textstat with its defaults
(``textstat.flesch_reading_ease(text)``: language ``en_US``, syllables from the CMU
pronouncing dictionary, no rounding). textstat keeps global settings (language, rounding)
on its module-level object; :func:`score_readability` uses a private
``textstatistics()`` object of its own, which starts with the defaults, so a notebook or
library that changes textstat's global language can neither change our figures nor be
changed by us. textstat's cache only makes a repeated text faster, never different;
benchmarks must use distinct texts (../shared/PITFALLS.md). The functions are textstat's
own, run through :class:`analysis.language.fastlib.Textstat`, which keeps each word's syllable
count for all measures instead of recounting it for each (equal figures, in less time;
``tests/test_fastlib.py``, ``benchmarks/libraries.py``).
"""
from __future__ import annotations

import pandas as pd

from analysis.language import fastlib, text
from analysis.corpus.outlets import outlet_rank

MATTR_WINDOW = 50  # Covington & McFall (2010) use windows of 50 to 500 words

# name: (textstat function, direction, source)
MEASURES = {
    "flesch_reading_ease": ("flesch_reading_ease", "higher = easier (0-100 scale; 60-70 plain English)",
                            "Flesch 1948"),
    "flesch_kincaid_grade": ("flesch_kincaid_grade", "US school grade; higher = harder",
                             "Kincaid et al. 1975"),
    "gunning_fog": ("gunning_fog", "years of schooling; higher = harder", "Gunning 1952"),
    "smog_index": ("smog_index", "years of schooling; higher = harder (meant for 30+ sentences)",
                   "McLaughlin 1969"),
    "coleman_liau_index": ("coleman_liau_index", "US school grade; higher = harder",
                           "Coleman & Liau 1975"),
    "dale_chall": ("dale_chall_readability_score",
                   "higher = harder (4.9 or below: grade 4; 9.0-9.9: college)", "Dale & Chall 1948"),
    "words_per_sentence": ("words_per_sentence", "higher = harder", "textstat words_per_sentence"),
    "syllables_per_word": ("avg_syllables_per_word", "higher = harder", "textstat avg_syllables_per_word"),
}
DIVERSITY = ("mattr", "moving-average type-token ratio over 50-word windows; higher = more varied "
                      "vocabulary, independent of length", "Covington & McFall 2010")
COLUMNS = ["article_id", "outlet", "n_words", "n_sentences", *MEASURES, "mattr"]


def mattr(words: list[str], *, window: int = MATTR_WINDOW) -> float:
    """Moving-average type-token ratio: the mean, over every window of ``window``
    consecutive words, of distinct words / words (case-folded). A text shorter than the
    window gets its plain type-token ratio."""
    words = [w.casefold() for w in words]
    if not words:
        return float("nan")
    if len(words) <= window:
        return len(set(words)) / len(words)
    counts: dict[str, int] = {}
    for w in words[:window]:
        counts[w] = counts.get(w, 0) + 1
    total = len(counts)
    for i in range(window, len(words)):
        out, new = words[i - window], words[i]
        counts[out] -= 1
        if counts[out] == 0:
            del counts[out]
        counts[new] = counts.get(new, 0) + 1
        total += len(counts)
    return total / (len(words) - window + 1) / window


COUNTS = {"n_words": "lexicon_count", "n_sentences": "sentence_count"}  # textstat's counts
_TEXTSTAT = []  # the private scorer, made on first use (no work at import)


def _textstat() -> fastlib.Textstat:
    """textstat's scorer with its defaults, apart from its global object (see the module
    docstring)."""
    if not _TEXTSTAT:
        _TEXTSTAT.append(fastlib.Textstat())
    return _TEXTSTAT[0]


def score_readability(analysis_text: str) -> dict:
    """Every readability measure of one text (keys: ``MEASURES`` and mattr, plus
    n_words and n_sentences as textstat counts them), each equal to
    ``textstat.<function>(analysis_text)`` called with textstat's defaults."""
    scores = _textstat().scores(analysis_text, COUNTS)
    if not scores["n_words"]:  # nothing to read: no figure rather than textstat's 0.0
        return {**scores, **{name: float("nan") for name in MEASURES}, "mattr": float("nan")}
    scores.update(_textstat().scores(analysis_text, {name: function for name, (function, _d, _s)
                                                     in MEASURES.items()}))
    scores["mattr"] = round(mattr(text.tokenize_words(analysis_text)), 4)
    return scores


def summarize_readability(table: pd.DataFrame, *, order: list[str] | None = None) -> pd.DataFrame:
    """Per outlet and measure: n_articles, mean, min and max (long form)."""
    measures = [*MEASURES, "mattr"]
    long = table.melt(id_vars=["outlet"], value_vars=measures, var_name="measure")
    out = (long.groupby(["outlet", "measure"], sort=False).value
           .agg(n_articles="size", mean="mean", min="min", max="max").reset_index())
    rank = outlet_rank(order or table.outlet)
    mrank = {m: i for i, m in enumerate(measures)}
    return out.sort_values(["measure", "outlet"], key=lambda c: c.map(mrank if c.name == "measure" else rank),
                           kind="stable").reset_index(drop=True)


def measure_guide() -> pd.DataFrame:
    """What each measure means: direction and source."""
    rows = [{"measure": k, "direction": d, "source": s} for k, (_f, d, s) in MEASURES.items()]
    rows.append({"measure": DIVERSITY[0], "direction": DIVERSITY[1], "source": DIVERSITY[2]})
    return pd.DataFrame(rows)
