"""Terms: the words and two-word phrases of the sentence table, counted per outlet or per
article, and the terms that set an outlet apart. Stop words are a data file
(``data/stopwords.txt``, or a corpus folder's own: :func:`stopwords_for_corpus`). A word
list that cannot be read (the stop words here, the lexicon of
:mod:`analysis.measures.loaded`, the spelling pairs of :mod:`analysis.measures.spelling`)
raises :class:`LexiconError`.

Distinctive terms follow Monroe, Colaresi & Quinn (2008), "Fightin' Words", section 3.5:
the weighted log-odds ratio with an informative Dirichlet prior,

    delta_w = log[(y_iw + a_w) / (n_i + a_0 - y_iw - a_w)]
            - log[(y_jw + a_w) / (n_j + a_0 - y_jw - a_w)]
    var(delta_w) ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)          (their eq. 20)
    z_w = delta_w / sqrt(var(delta_w))

where i is the outlet, j the pooled other outlets (or one reference outlet), y the term
counts, n the totals, and the prior a_w = a_0 * pi_w with pi_w the term's share of the
whole corpus (or of a background frequency table) and a_0 = ``prior_scale``. The variance
is the two-term approximation of the paper; scattertext's implementation adds two more
terms (z differs by up to about 0.14, ../shared/PITFALLS.md).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from analysis.corpus import paths
from analysis.corpus.digests import content_digest
from analysis.corpus.outlets import outlet_order
from analysis.language import text
from analysis.measures.shared_copy import mark_shared

STOPWORDS_FILE = paths.DATA / "stopwords.txt"
# Sum of the prior's pseudo-counts (a_0). Monroe et al. take their prior from a large
# corpus; with the corpus itself as prior, a_0 = 100 shrinks rare terms strongly enough
# that one or two uses do not look distinctive, while a term used 9 times by one outlet
# and never by the others clears |z| = 1.96.
PRIOR_SCALE = 100.0
Z_95 = 1.96  # two-sided 95% normal quantile

# curly apostrophes made straight (in term tokens, and in spelling forms)
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_POSSESSIVE = re.compile(r"'s?$")


class LexiconError(ValueError):
    """A lexicon file that cannot be used: the message names the file, the line where
    there is one, and what is wrong."""


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """Stop words, one per line (``#`` comments), from ``data/stopwords.txt`` by default."""
    path = Path(path) if path else STOPWORDS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 text (one stop word a line): {exc}") from None
    return frozenset(l.strip().casefold() for l in lines if l.strip() and not l.startswith("#"))


def stopwords_for_corpus(corpus: str | Path | None) -> frozenset[str]:
    """The stop words a corpus uses (:func:`analysis.corpus.paths.data_files`: its folder's
    ``stopwords.txt`` replaces the bundled list, ``stopwords.extra.txt`` adds words)."""
    return frozenset().union(*(load_stopwords(f) for f in paths.data_files(corpus, STOPWORDS_FILE.name)))


def stopwords_digest(stopwords: frozenset[str]) -> str:
    """The digest of a set of stop words."""
    return content_digest(stopwords)


def term_tokens(sentence: str) -> list[tuple[str, str]]:
    """(key, original) for each word (:func:`analysis.language.text.term_words`: "U.S."
    and "p.m." are one word each): key is case-folded, with curly apostrophes made
    straight and a possessive 's or trailing apostrophe removed ("Lukashenko’s" ->
    "lukashenko")."""
    out = []
    for w in text.term_words(sentence):
        key = w.casefold()
        if not key.isalnum():  # (letters and digits only: no apostrophe to mend or drop)
            key = key.translate(APOSTROPHES)
            if key.endswith("'s") or (key.endswith("'") and len(key) > 1):
                key = _POSSESSIVE.sub("", key)
        out.append((key, w))
    return out


def sentence_terms(sentence: str, stopwords: frozenset[str]) -> list[tuple[str, str, int]]:
    """The terms of a sentence: (term, display form, ngram) for every word that is not a
    stop word, a number or a single letter ("R" of "(R)", "U" of "U S"), and every two
    adjacent such words."""
    tokens = term_tokens(sentence)
    # (a word of letters only holds no digit: str.isalpha is quicker than looking)
    keep = [(k, w) if (k not in stopwords and len(k) > 1 and (k.isalpha() or not any(c.isdigit() for c in k)))
            else None for k, w in tokens]
    terms = [(t[0], t[1], 1) for t in keep if t]
    for a, b in zip(keep, keep[1:]):
        if a and b:
            terms.append((f"{a[0]} {b[0]}", f"{a[1]} {b[1]}", 2))
    return terms


def article_runs(sentences: pd.DataFrame, columns: list[str]):
    """The sentences of each article as (outlet, article_id, rows): each run of
    consecutive sentences of one (outlet, article_id) in table order (a table without
    article_id is one run per outlet run), ``rows`` the tuples of ``columns``."""
    outlets = sentences.outlet.tolist()
    ids = sentences.article_id.tolist() if "article_id" in sentences else [None] * len(outlets)
    values = list(zip(*(sentences[c].tolist() for c in columns))) if columns else [()] * len(outlets)
    start = 0
    for i in range(1, len(outlets) + 1):
        if i == len(outlets) or (outlets[i], ids[i]) != (outlets[start], ids[start]):
            yield outlets[start], ids[start], values[start:i]
            start = i


def article_terms(texts: Iterable[str], stopwords: frozenset[str]) -> tuple[dict[str, int],
                                                                          dict[str, dict[str, int]]]:
    """The terms of one article's sentences (:func:`sentence_terms`): term -> n in the
    order of first use (a two-word term holds a space, a word never does), and for the
    terms written otherwise than as the term, each written form -> n in the order of
    first use. :class:`TermCounts` merges these partial counts across articles."""
    counts: Counter = Counter()
    displays: dict[str, Counter] = {}
    for sentence in texts:
        terms = sentence_terms(sentence, stopwords)
        counts.update([t[0] for t in terms])
        for term, display, _ngram in terms:
            if display != term:
                displays.setdefault(term, Counter())[display] += 1
    return dict(counts), {t: dict(f) for t, f in displays.items()}


class TermCounts:
    """Term counts merged from the partial counts of articles (:func:`article_terms`),
    added in corpus order; :meth:`frame` is the table of :func:`count_terms`. What it
    holds grows with the vocabulary per outlet (or per article, ``by="article"``), not
    with the text."""

    def __init__(self, *, by: str = "outlet"):
        if by not in ("outlet", "article"):
            raise ValueError(f"by must be 'outlet' or 'article', not {by!r}")
        self.per_article = by == "article"
        self.counts: dict[tuple, Counter] = {}       # unit -> term -> n
        self.words: dict[tuple, int] = {}            # unit -> words of its sentences
        self.n_articles: dict[str, Counter] = {}     # outlet -> term -> articles using it
        self.displays: dict[str, Counter] = {}       # term -> written form -> n
        self.outlets: dict[str, None] = {}           # in order of their first sentence

    def add(self, outlet: str, article_id: str | None, n_words: int, counts: dict[str, int],
            displays: dict[str, dict[str, int]]) -> None:
        """Add one article's counts (an article with at least one sentence)."""
        self.outlets.setdefault(outlet)
        unit = (outlet, article_id) if self.per_article else (outlet,)
        self.words[unit] = self.words.get(unit, 0) + n_words
        self.counts.setdefault(unit, Counter()).update(counts)
        self.n_articles.setdefault(outlet, Counter()).update(counts.keys())
        for term, forms in displays.items():
            self.displays.setdefault(term, Counter()).update(forms)

    def frame(self) -> pd.DataFrame:
        keys = ["outlet", "article_id"] if self.per_article else ["outlet"]
        columns = [*keys, "term", "ngram", "n", "per_1k_words", "n_articles", "display"]
        if not any(self.counts.values()):
            return pd.DataFrame(columns=columns)
        units, terms, ns, totals = [], [], [], []
        for unit, counts in self.counts.items():
            units.extend([unit] * len(counts))
            terms.extend(counts.keys())
            ns.extend(counts.values())
            totals.extend([self.words[unit]] * len(counts))
        lower: Counter = Counter()  # uses written as the term itself
        for counts in self.counts.values():
            for term in counts.keys() & self.displays.keys():
                lower[term] += counts[term]
        for term, forms in self.displays.items():
            lower[term] -= sum(forms.values())
        shown = {}  # the most frequent form of each term written otherwise (ties: the form used first)
        for term, forms in self.displays.items():
            form, n = forms.most_common(1)[0]
            shown[term] = form if n > lower.get(term, 0) else term
        n = np.asarray(ns, dtype=np.int64)
        # the rows sorted by outlet (in corpus order), article, count (largest first), term
        order = {o: i for i, o in enumerate(self.outlets)}
        term_rank = {t: i for i, t in enumerate(sorted(set(terms)))}
        sort_keys = [np.fromiter((term_rank[t] for t in terms), np.int64, len(terms)), -n]
        if self.per_article:
            ids = sorted({u[1] for u in self.counts})
            id_rank = {a: i for i, a in enumerate(ids)}
            sort_keys.append(np.fromiter((id_rank[u[1]] for u in units), np.int64, len(units)))
        sort_keys.append(np.fromiter((order[u[0]] for u in units), np.int64, len(units)))
        rows = np.lexsort(sort_keys)
        pick = rows.tolist()
        data = {key: [units[r][i] for r in pick] for i, key in enumerate(keys)}
        data["term"] = [terms[r] for r in pick]
        data["ngram"] = np.asarray([2 if " " in t else 1 for t in data["term"]], dtype=np.int64)
        data["n"] = n[rows]
        data["per_1k_words"] = np.round(1000 * data["n"] / np.asarray(totals, dtype=np.int64)[rows], 3)
        data["n_articles"] = (np.ones(len(pick), dtype=np.int64) if self.per_article else
                              np.asarray([self.n_articles[o][t] for o, t in
                                          zip(data["outlet"], data["term"])], dtype=np.int64))
        data["display"] = [shown.get(t, t) for t in data["term"]]
        return pd.DataFrame(data, columns=columns)


def count_terms(sentences: pd.DataFrame, *, stopwords: frozenset[str],
                exclude_shared: bool = False, by: str = "outlet") -> pd.DataFrame:
    """Term counts per outlet (``by="outlet"``, the default) or per article
    (``by="article"``): one row per (outlet, term), or (outlet, article_id, term), with
    ngram (1 or 2), n, per_1k_words (per 1,000 words of the outlet's or article's counted
    sentences), n_articles and display (the most frequent original form).
    ``exclude_shared`` leaves out sentences that
    :func:`analysis.measures.shared_copy.mark_shared` finds in another outlet's article.
    The counts are those of each article (:func:`article_terms`) merged
    (:class:`TermCounts`), as the corpus-wide tables merge the counts made article by
    article (:func:`analysis.measures.wordchoice.count_article`)."""
    tally = TermCounts(by=by)
    if exclude_shared:
        sentences = sentences[~mark_shared(sentences)]
    for outlet, aid, rows in article_runs(sentences, ["text", "n_words"]):
        tally.add(outlet, aid, sum(r[1] for r in rows), *article_terms([r[0] for r in rows], stopwords))
    return tally.frame()


def log_odds(y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray, *, n_i: float, n_j: float,
             a0: float) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al.'s weighted log-odds delta and its variance (eq. 20) for the counts of
    some terms in one outlet (i) and its comparison (j), given the totals n_i and n_j over
    the whole vocabulary, the terms' prior pseudo-counts ``alpha`` and their sum over the
    whole vocabulary ``a0`` (module docstring)."""
    delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
             - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
    variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, variance


def distinctive_terms(terms: pd.DataFrame, *, reference: str | None = None,
                      prior_scale: float = PRIOR_SCALE, background: pd.DataFrame | None = None,
                      ngram: int | None = 1, style_words: frozenset[str] | None = None) -> pd.DataFrame:
    """Distinctive terms of each outlet by weighted log-odds with an informative
    Dirichlet prior (Monroe et al. 2008; see the module docstring).

    Each outlet is compared with all other outlets pooled (default) or with one
    ``reference`` outlet. The prior is each term's share of the whole corpus (or of
    ``background``, a table of term and n) times ``prior_scale``. ``ngram`` 1 or 2 selects
    words or two-word phrases (None: both, each on its own totals). One row per (outlet,
    term) for the terms the outlet uses: n, n_rest (the comparison's count), per_1k_words, delta, variance, z (positive:
    the outlet uses the term more), display and kind (:func:`term_kind`: content, own
    name or house style; charts and findings read the content terms); sorted by outlet
    and z, highest first. ``style_words``: words that mark a house style rather than
    content (default: those of the bundled name lists, :func:`style_words_of`);
    a dotted abbreviation ("u.s.") is one too."""
    columns = ["outlet", "versus", "term", "ngram", "n", "n_rest", "per_1k_words", "delta",
               "variance", "z", "display", "kind"]
    frames = []
    levels = [ngram] if ngram else sorted(terms.ngram.unique())
    outlets = outlet_order(terms.outlet)
    if reference is not None and reference not in outlets:
        raise ValueError(f"reference outlet {reference!r} is not in the corpus; outlets are: "
                         + ", ".join(outlets))
    for level in levels:
        t = terms[terms.ngram == level]
        if t.empty:
            continue
        totals = t.groupby("term").n.sum()
        if background is not None:
            bg = background.set_index("term").n.reindex(totals.index).fillna(0) + 0.01
            pi = bg / bg.sum()
        else:
            pi = totals / totals.sum()
        alpha_all = prior_scale * pi
        # every outlet at once: each row's counts beside its outlet's and the comparison's
        # totals (sums of whole counts, exact in floats, as outlet by outlet)
        terms_of = t.term.to_numpy()
        y_i = t.n.to_numpy(float)
        n_i = t.groupby("outlet", sort=False).n.transform("sum").to_numpy(float)
        if reference is None:
            y_j = totals.reindex(terms_of).to_numpy(float) - y_i
            n_j = float(totals.sum()) - n_i
            versus = "all other outlets"
        else:
            ref = t[t.outlet == reference].set_index("term").n
            y_j = ref.reindex(terms_of).fillna(0).to_numpy(float)
            n_j = float(ref.sum())
            versus = reference
        alpha = alpha_all.reindex(terms_of).to_numpy(float)
        delta, variance = log_odds(y_i, y_j, alpha, n_i=n_i, n_j=n_j, a0=prior_scale)
        keep = (t.outlet != reference).to_numpy() if reference is not None else slice(None)
        outlet_of = t.outlet.to_numpy()[keep]
        if not len(outlet_of):  # the reference alone uses terms of this length
            continue
        frames.append(pd.DataFrame({
            "outlet": outlet_of, "versus": versus, "term": terms_of[keep],
            "ngram": level, "n": y_i[keep].astype(int), "n_rest": y_j[keep].astype(int),
            "per_1k_words": t.per_1k_words.to_numpy()[keep], "delta": delta[keep],
            "variance": variance[keep], "z": (delta / np.sqrt(variance))[keep],
            "display": t.display.to_numpy()[keep]}))
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    if style_words is None:
        from analysis.people.name_lists import load_name_lists
        style_words = style_words_of(load_name_lists())
    own = {o: own_name_words(o) for o in outlets}
    out["kind"] = [term_kind(term, own[o], style_words) for o, term in zip(out.outlet, out.term)]
    out = out[columns]
    order = {o: i for i, o in enumerate(outlets)}
    out = out.sort_values(["outlet", "ngram", "z", "term"], ascending=[True, True, False, True],
                          key=lambda c: c.map(order) if c.name == "outlet" else c, kind="stable")
    return out.reset_index(drop=True)


def style_words_of(lists) -> frozenset[str]:
    """The words that mark a house style, from a corpus's name lists
    (:class:`analysis.people.name_lists.NameLists`): its honorifics and abbreviated
    titles as term words ("Mr." -> "mr", "Sen." -> "sen"), its weekdays and months with
    their abbreviations (dating by weekday, "Sept."), and the vocabulary's
    ``style_word`` list ("says", "said")."""
    return (frozenset(h.casefold().rstrip(".") for h in (*lists.honorifics, *lists.abbreviations))
            | lists.vocabulary.style_word | lists.calendar_words)


def own_name_words(outlet: str) -> frozenset[str]:
    """The words of an outlet's own name, as terms: each word of the name ("fox",
    "news"), and the name written as one word, as in its web address ("foxnews")."""
    words = [k for k, _ in term_tokens(outlet) if any(c.isalpha() for c in k)]
    return frozenset(words) | {"".join(words)}


# a party and state after a name, as some outlets write it ("D-Calif.", "R-Texas")
_PARTY_STATE = re.compile(r"[dri]-[a-z]{1,5}")


def term_kind(term: str, own_words: frozenset[str], style_words: frozenset[str]) -> str:
    """"own name" for a term with a word of the outlet's own name or address ("cnn",
    "foxnews com"), "house style" for a term with a style word or a dotted abbreviation
    ("mr", "says", "u.s.", "p.m."), a weekday or month ("wednesday", "sept") or a party and
    state ("d-calif"), else "content"."""
    words = term.split(" ")
    if any(w in own_words for w in words):
        return "own name"
    if any(w in style_words or "." in w or _PARTY_STATE.fullmatch(w) for w in words):
        return "house style"
    return "content"


def top_distinctive(distinctive: pd.DataFrame, *, n: int = 10, min_count: int = 2) -> pd.DataFrame:
    """The ``n`` content terms (:func:`term_kind`) with the highest z per outlet among
    those it uses at least ``min_count`` times (the rows a chart shows)."""
    d = distinctive[distinctive.n >= min_count]
    if "kind" in d.columns:
        d = d[d.kind == "content"]
    return d.groupby("outlet", sort=False, group_keys=False).head(n).reset_index(drop=True)


def rank_distinctive_terms(distinctive: pd.DataFrame, *, min_count: int = 2,
                           limit: int | None = None) -> list[str]:
    """The terms of :func:`distinctive_terms` (or :func:`top_distinctive`) ranked by their
    highest z in any outlet, among the uses of at least ``min_count`` (ties by term), each
    once; at most ``limit``. The first is the corpus's most distinctive term: a default
    worth reading in context, computed from the data rather than named in code."""
    d = distinctive[distinctive.n >= min_count]
    if "kind" in d.columns:
        d = d[d.kind == "content"]
    ranked = d.sort_values(["z", "term"], ascending=[False, True], kind="stable").term
    terms = list(dict.fromkeys(ranked))
    return terms[:limit] if limit is not None else terms
