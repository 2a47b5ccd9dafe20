"""Word choice: the partial counts of one article that the word-choice tables are made
from, merged across articles (:func:`count_article`, :class:`WordChoiceCounts`), keyword in
context (:func:`kwic`) and the overlap of the outlets' vocabularies
(:func:`vocabulary_overlap`). Everything reads the sentence table (one row per sentence,
with its ``voice`` and ``quote_spans``), so it works on any corpus; word lists are data
files.

The tables are those of :mod:`analysis.measures.terms` (the terms that set an outlet
apart), :mod:`analysis.measures.loaded` (loaded language) and
:mod:`analysis.measures.spelling` (house spelling).
"""
from __future__ import annotations

import re
from typing import Callable

import numpy as np
import pandas as pd

from analysis.corpus.outlets import outlet_order
from analysis.language import text
from analysis.measures.loaded import LexiconMatcher, LoadedCounts, article_loaded, article_voice_words
from analysis.measures.spelling import SpellingCounts, article_spelling, spelling_forms
from analysis.measures.terms import TermCounts, article_terms

# Joins sentences for kwic's one search of them all: neither a word character, a hyphen
# nor whitespace (so a match never spans two sentences, and a sentence's ends bound a word
# as a string's do)
_KWIC_JOIN = "\x00"


class WordLists:
    """What the word-choice counts of an article read: the stop words, the lexicon's
    matcher and the spelling forms (built once, for many articles)."""

    def __init__(self, stopwords: frozenset[str], lexicon: pd.DataFrame, pairs: pd.DataFrame):
        self.stopwords = stopwords
        self.matcher = LexiconMatcher(lexicon)
        self.spelling = spelling_forms(pairs)


def count_article(sentences: list[dict], lists: WordLists) -> dict:
    """The word-choice counts of one article, from its sentences (dicts with
    sentence_id, text, n_words and quote_spans, as in the sentence table): the partial
    result, merged across articles by :class:`WordChoiceCounts`, from which the
    word-choice tables are made without reading the text again. JSON-ready: n_sentences,
    n_words, terms and displays (:func:`analysis.measures.terms.article_terms`), loaded
    (:func:`analysis.measures.loaded.article_loaded`), voice_words
    (:func:`analysis.measures.loaded.article_voice_words`) and spelling
    (:func:`analysis.measures.spelling.article_spelling`)."""
    texts = [s["text"] for s in sentences]
    terms, displays = article_terms(texts, lists.stopwords)
    return {"n_sentences": len(sentences), "n_words": sum(s["n_words"] for s in sentences),
            "terms": terms, "displays": displays,
            "loaded": article_loaded([(s["sentence_id"], s["text"], s["quote_spans"]) for s in sentences],
                                     lists.matcher),
            "voice_words": article_voice_words([(s["text"], s["quote_spans"]) for s in sentences]),
            "spelling": article_spelling(texts, lists.spelling)}


class WordChoiceCounts(LoadedCounts, SpellingCounts):
    """The word-choice counts of a corpus, merged from those of its articles
    (:func:`count_article`) added in corpus order: term counts, the lexicon hits, the
    words per voice and the spelling forms per outlet. Each table method gives the table
    of the function of the same name run on the corpus's sentence table (equal, value for
    value and row for row)."""

    def __init__(self, *, hits: Callable[[list[tuple]], None] | None = None):
        """``hits``: where each article's lexicon hits go, when not kept here (see
        :class:`analysis.measures.loaded.LoadedCounts`)."""
        LoadedCounts.__init__(self, hits=hits)
        SpellingCounts.__init__(self)
        self.terms = TermCounts()

    def add(self, outlet: str, article_id: str, counts: dict) -> None:
        """Add one article's counts (:func:`count_article`)."""
        if not counts["n_sentences"]:
            return
        self.terms.add(outlet, article_id, counts["n_words"], counts["terms"], counts["displays"])
        self.add_loaded(outlet, article_id, counts["loaded"])
        self.add_voice_words(outlet, counts["voice_words"])
        self.add_spelling(outlet, counts["spelling"])


# ----------------------------------------------------------------------------- context

def kwic(sentences: pd.DataFrame, term: str, *, width: int = 50) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` (a word or phrase, matched whole
    and case-insensitively, possessive included) with its left and right context inside
    its sentence (at most ``width`` characters each), outlet, article and voice."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(term).replace(r"\ ", r"\s+")
                         + r"(?:['’]s?)?(?![\w-])", re.IGNORECASE)
    texts = sentences.text.tolist()
    # (sentence, start, end) of each match: one search of the joined texts, each match
    # taken back to its sentence by its offset (one by one if a text holds the separator)
    if any(_KWIC_JOIN in t for t in texts):
        found = [(i, m.start(), m.end()) for i, t in enumerate(texts) for m in pattern.finditer(t)]
    else:
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
        found = []
        for m in pattern.finditer(_KWIC_JOIN.join(texts)):
            i = int(np.searchsorted(starts, m.start(), side="right")) - 1
            found.append((i, m.start() - int(starts[i]), m.end() - int(starts[i])))
    columns = {c: sentences[c].tolist() for c in ("outlet", "article_id", "sentence_id", "quote_spans")}
    rows = []
    for i, start, end in found:
        sentence = texts[i]
        left, right = sentence[:start], sentence[end:]
        rows.append({"outlet": columns["outlet"][i], "article_id": columns["article_id"][i],
                     "sentence_id": columns["sentence_id"][i],
                     "left": ("…" + left[-width:]) if len(left) > width else left,
                     "match": sentence[start:end],
                     "right": (right[:width] + "…") if len(right) > width else right,
                     "voice": text.voice_in_sentence(start, columns["quote_spans"][i])})
    return pd.DataFrame(rows, columns=["outlet", "article_id", "sentence_id", "left", "match",
                                       "right", "voice"])


def vocabulary_overlap(terms: pd.DataFrame, *, ngram: int = 1) -> pd.DataFrame:
    """Jaccard overlap of the outlets' vocabularies (distinct terms of ``ngram``): one row
    per pair of outlets (both orders, and each with itself) with n_shared and jaccard."""
    t = terms[terms.ngram == ngram]
    outlets = outlet_order(t.outlet)
    # each outlet's distinct terms as a row of 0/1; the shared terms of two outlets are the
    # product of their rows, summed over blocks of terms (at most 64 MB each; float32 sums
    # of at most a block's ones are exact)
    pairs = pd.DataFrame({"o": pd.Categorical(t.outlet, categories=outlets).codes,
                          "t": pd.factorize(t.term)[0]}).drop_duplicates()
    shared = np.zeros((len(outlets), len(outlets)), dtype=np.int64)
    block = max(1 << 10, (1 << 24) // max(len(outlets), 1))
    for first in range(0, int(pairs.t.max()) + 1 if len(pairs) else 0, block):
        part = pairs[(pairs.t >= first) & (pairs.t < first + block)]
        indicator = np.zeros((len(outlets), block), dtype=np.float32)
        indicator[part.o.to_numpy(), part.t.to_numpy() - first] = 1.0
        shared += np.rint(indicator @ indicator.T).astype(np.int64)
    sizes = np.diag(shared).tolist()
    rows = []
    for a in range(len(outlets)):
        for b in range(len(outlets)):
            n = int(shared[a, b])
            union = sizes[a] + sizes[b] - n
            rows.append({"outlet_a": outlets[a], "outlet_b": outlets[b], "n_shared": n,
                         "jaccard": round(n / union, 4) if union else 0.0})
    return pd.DataFrame(rows, columns=["outlet_a", "outlet_b", "n_shared", "jaccard"])
