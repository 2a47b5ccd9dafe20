"""Word choice: the terms that set an outlet apart, loaded language, house spelling and
keyword in context. Everything reads the sentence table (one row per sentence, with its
``voice`` and ``quote_spans``), so it works on any corpus; word lists are data files.

Loaded language is counted with a lexicon of published word lists (data/loaded_language.csv,
built by data/build_loaded_language.py; data/README.md names the papers): strongly
subjective words by prior polarity (MPQA, Wilson, Wiebe & Hoffmann 2005) and bias lemmas
(Recasens, Danescu-Niculescu-Mizil & Jurafsky 2013), the "framing" categories that make up
category "all", and hedges, assertives, factives, implicatives and report verbs, the
"epistemological" ones, each counted on its own. A corpus folder may replace the lexicon
(``loaded_language.csv``) or add its own words (``loaded_language.extra.csv``):
:func:`lexicon_for_corpus`.

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

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from analysis.corpus import paths
from analysis.language import text
from analysis.corpus.load import outlet_order

STOPWORDS_FILE = paths.DATA / "stopwords.txt"
SPELLING_FILE = paths.DATA / "spelling_pairs.csv"
# Sum of the prior's pseudo-counts (a_0). Monroe et al. take their prior from a large
# corpus; with the corpus itself as prior, a_0 = 100 shrinks rare terms strongly enough
# that one or two uses do not look distinctive, while a term used 9 times by one outlet
# and never by the others clears |z| = 1.96.
PRIOR_SCALE = 100.0
Z_95 = 1.96  # two-sided 95% normal quantile

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_POSSESSIVE = re.compile(r"'s?$")


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


def term_tokens(sentence: str) -> list[tuple[str, str]]:
    """(key, original) for each word: key is case-folded, with curly apostrophes made
    straight and a possessive 's or trailing apostrophe removed ("Lukashenko’s" ->
    "lukashenko")."""
    out = []
    for w in text.tokenize_words(sentence):
        key = w.casefold()
        if not key.isalnum():  # (letters and digits only: no apostrophe to mend or drop)
            key = key.translate(_APOSTROPHES)
            if key.endswith("'s") or (key.endswith("'") and len(key) > 1):
                key = _POSSESSIVE.sub("", key)
        out.append((key, w))
    return out


def sentence_terms(sentence: str, stopwords: frozenset[str]) -> list[tuple[str, str, int]]:
    """The terms of a sentence: (term, display form, ngram) for every word that is not a
    stop word or a number, and every two adjacent such words."""
    tokens = term_tokens(sentence)
    # (a word of letters only holds no digit: str.isalpha is quicker than looking)
    keep = [(k, w) if (k not in stopwords and (k.isalpha() or not any(c.isdigit() for c in k)))
            else None for k, w in tokens]
    terms = [(t[0], t[1], 1) for t in keep if t]
    for a, b in zip(keep, keep[1:]):
        if a and b:
            terms.append((f"{a[0]} {b[0]}", f"{a[1]} {b[1]}", 2))
    return terms


def normalize_sentence(sentence: str) -> str:
    """Sentence text for exact matching of shared copy: case-folded, every character that
    is not a letter, digit or space removed (so quotes, dashes and hyphens do not count:
    "long-standing" = "longstanding"), spaces collapsed."""
    s = re.sub(r"[^\w\s]|_", "", sentence.casefold())
    return re.sub(r"\s+", " ", s).strip()


# Joins sentences for the one-pass form of normalize_sentence: a character that is
# whitespace to ``re`` (so normalising keeps it) and that no cleaned text holds (texts that
# do are normalised one by one)
_JOIN = "\x1e"
# ... and for kwic's: neither a word character, a hyphen nor whitespace (so a match never
# spans two sentences, and a sentence's ends bound a word as a string's do)
_KWIC_JOIN = "\x00"


def normalize_sentences(texts: list[str]) -> list[str]:
    """:func:`normalize_sentence` of each text, in one pass of each regular expression
    over the texts joined (case folding maps character by character; the separator is
    whitespace the collapse leaves alone), for a whole sentence table at once."""
    if any(_JOIN in t for t in texts):
        return [normalize_sentence(t) for t in texts]
    joined = re.sub(r"[^\w\s]|_", "", _JOIN.join(texts).casefold())
    joined = re.sub(r"[^\S\x1e]{2,}|[^\S \x1e]", " ", joined)  # (a lone space stays)
    return [t.strip() for t in joined.split(_JOIN)]


def mark_shared(sentences: pd.DataFrame) -> pd.Series:
    """True for each sentence whose normalised text also occurs in an article of another
    outlet: shared (wire) copy rather than the outlet's own words. Exact matching after
    :func:`normalize_sentence`; headlines and subheads are compared too."""
    keys = pd.Series(normalize_sentences(sentences.text.tolist()), index=sentences.index,
                     name=sentences.text.name)
    outlets_per_key = pd.Series(sentences.outlet.values, index=keys.values).groupby(level=0).nunique()
    return keys.map(outlets_per_key).fillna(0).gt(1).set_axis(sentences.index)


def _article_runs(sentences: pd.DataFrame, columns: list[str]):
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
    ``exclude_shared`` leaves out sentences that :func:`mark_shared` finds in another
    outlet's article. The counts are those of each article (:func:`article_terms`)
    merged (:class:`TermCounts`), as the corpus-wide tables merge the counts made
    article by article (:func:`count_article`)."""
    tally = TermCounts(by=by)
    if exclude_shared:
        sentences = sentences[~mark_shared(sentences)]
    for outlet, aid, rows in _article_runs(sentences, ["text", "n_words"]):
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
                      ngram: int | None = 1) -> pd.DataFrame:
    """Distinctive terms of each outlet by weighted log-odds with an informative
    Dirichlet prior (Monroe et al. 2008; see the module docstring).

    Each outlet is compared with all other outlets pooled (default) or with one
    ``reference`` outlet. The prior is each term's share of the whole corpus (or of
    ``background``, a table of term and n) times ``prior_scale``. ``ngram`` 1 or 2 selects
    words or two-word phrases (None: both, each on its own totals). One row per (outlet,
    term) for the terms the outlet uses: n, n_rest (the comparison's count), per_1k_words, delta, variance, z (positive:
    the outlet uses the term more), display; sorted by outlet and z, highest first."""
    columns = ["outlet", "versus", "term", "ngram", "n", "n_rest", "per_1k_words", "delta",
               "variance", "z", "display"]
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
    out = pd.concat(frames, ignore_index=True)[columns]
    order = {o: i for i, o in enumerate(outlets)}
    out = out.sort_values(["outlet", "ngram", "z", "term"], ascending=[True, True, False, True],
                          key=lambda c: c.map(order) if c.name == "outlet" else c, kind="stable")
    return out.reset_index(drop=True)


def top_distinctive(distinctive: pd.DataFrame, *, n: int = 10, min_count: int = 2) -> pd.DataFrame:
    """The ``n`` terms with the highest z per outlet among those it uses at least
    ``min_count`` times (the rows a chart shows)."""
    d = distinctive[distinctive.n >= min_count]
    return d.groupby("outlet", sort=False, group_keys=False).head(n).reset_index(drop=True)


def rank_distinctive_terms(distinctive: pd.DataFrame, *, min_count: int = 2,
                           limit: int | None = None) -> list[str]:
    """The terms of :func:`distinctive_terms` (or :func:`top_distinctive`) ranked by their
    highest z in any outlet, among the uses of at least ``min_count`` (ties by term), each
    once; at most ``limit``. The first is the corpus's most distinctive term: a default
    worth reading in context, computed from the data rather than named in code."""
    d = distinctive[distinctive.n >= min_count]
    ranked = d.sort_values(["z", "term"], ascending=[False, True], kind="stable").term
    terms = list(dict.fromkeys(ranked))
    return terms[:limit] if limit is not None else terms


# ----------------------------------------------------------------------------- loaded language
#
# The lexicon is a CSV file with one row per entry: term, forms ("|"-separated; each a word
# or a phrase, matched whole and case-insensitively), category, bias_type ("framing" or
# "epistemological", after Recasens et al. 2013) and source. data/README.md says how the
# bundled one was built and from which papers; a corpus folder may replace it
# (loaded_language.csv) or add rows to it (loaded_language.extra.csv).

LEXICON_FILENAME = "loaded_language.csv"
LEXICON_EXTRA_FILENAME = "loaded_language.extra.csv"
LEXICON_FILE = paths.DATA / LEXICON_FILENAME
LEXICON_COLUMNS = ["term", "forms", "category", "bias_type", "source"]
# Recasens, Danescu-Niculescu-Mizil & Jurafsky (2013) tell two kinds of biased language
# apart: framing bias (subjective and one-sided words: "loaded language") and
# epistemological bias (hedges, factives, assertives, implicatives: words that make a
# proposition look more or less certain). Only framing words count in category "all".
FRAMING = "framing"
EPISTEMOLOGICAL = "epistemological"
BIAS_TYPES = (FRAMING, EPISTEMOLOGICAL)
ALL_CATEGORIES = "all"  # the rates table's sum over the framing categories
LOADED_TERM_COLUMNS = ["outlet", "article_id", "sentence_id", "term", "form", "category",
                       "voice", "bias_type", "start"]
LOADED_RATE_COLUMNS = ["outlet", "voice", "category", "bias_type", "n", "n_words", "per_1k_words"]

# A word for matching: a run of letters, digits and hyphens ("self-proclaimed" is one
# word). A phrase is several words with only white space between them; an apostrophe may
# join words ("couldn't"). Curly apostrophes and non-breaking hyphens count as straight
# ones.
_LEXICON_WORD = re.compile(r"[\w\-‑]+")
_LEXICON_CHARS = str.maketrans({"’": "'", "‘": "'", "‑": "-"})
_LEXICON_SPECIAL = re.compile("[’‘‑]")


class LexiconError(ValueError):
    """A lexicon file that cannot be used: the message names the file, the line where
    there is one, and what is wrong."""


def _lexicon_key(text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A form's words (case-folded) and what separates them (" " for any white space),
    or None when the form holds no word or starts or ends with something else."""
    text = text.translate(_LEXICON_CHARS)
    words = list(_LEXICON_WORD.finditer(text))
    if not words or not (text[0].isalnum() and text[-1].isalnum()):
        return None
    seps = tuple(" " if text[a.end():b.start()].isspace() else text[a.end():b.start()]
                 for a, b in zip(words, words[1:]))
    return tuple(w.group().casefold() for w in words), seps


def _read_lexicon(path: Path) -> pd.DataFrame:
    """One lexicon file, checked: see :func:`load_lexicon`."""
    try:
        lex = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise LexiconError(f"{path}: no such lexicon file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: not a readable CSV file ({str(exc).strip()})") from None
    missing = {"term", "category"} - set(lex.columns)
    if missing:
        raise LexiconError(f"{path}: missing column(s) {', '.join(sorted(missing))}; a lexicon "
                           f"has the columns {', '.join(LEXICON_COLUMNS)} (forms, bias_type "
                           "and source may be left out)")
    for column, default in (("forms", ""), ("bias_type", FRAMING), ("source", "")):
        if column not in lex.columns:
            lex[column] = default
    lex = lex[LEXICON_COLUMNS].apply(lambda c: c.str.strip())
    lex["bias_type"] = lex.bias_type.replace("", FRAMING)
    seen: dict[tuple, tuple[int, str]] = {}
    kinds: dict[str, str] = {}
    forms_column = []
    for i, r in enumerate(lex.itertuples(index=False)):
        where = f"{path}, line {i + 2}"  # line 1 is the header
        if not r.term:
            raise LexiconError(f"{where}: empty term")
        if not r.category:
            raise LexiconError(f"{where}: empty category for {r.term!r}")
        if r.category == ALL_CATEGORIES:
            raise LexiconError(f"{where}: category {ALL_CATEGORIES!r} is reserved for the sum "
                               "of the framing categories")
        if r.bias_type not in BIAS_TYPES:
            raise LexiconError(f"{where}: bias_type must be {' or '.join(map(repr, BIAS_TYPES))}, "
                               f"not {r.bias_type!r}")
        if kinds.setdefault(r.category, r.bias_type) != r.bias_type:
            raise LexiconError(f"{where}: category {r.category!r} is {r.bias_type} here but "
                               f"{kinds[r.category]} above; a category has one bias_type")
        forms = list(dict.fromkeys(f.strip() for f in (r.forms or r.term).split("|") if f.strip()))
        for form in forms:
            key = _lexicon_key(form)
            if key is None:
                raise LexiconError(f"{where}: form {form!r} of {r.term!r} cannot match a word: "
                                   "forms start and end with a letter or digit")
            if key in seen and seen[key][1] != (r.term, r.category):
                line, (term, category) = seen[key]
                raise LexiconError(f"{where}: form {form!r} of {r.term!r} ({r.category}) is "
                                   f"already a form of {term!r} ({category}) on line {line}; "
                                   "a form belongs to one entry")
            seen[key] = (i + 2, (r.term, r.category))
        if not forms:
            raise LexiconError(f"{where}: no forms for {r.term!r}")
        forms_column.append("|".join(forms))
    lex["forms"] = forms_column
    return lex


def _extend_lexicon(base: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """``base`` with the rows of ``extra`` added. An extra row replaces a base row of the
    same term and category, and takes its forms from any base entry that had them."""
    claimed = {_lexicon_key(f) for forms in extra.forms for f in forms.split("|")}
    replaced = set(zip(extra.term, extra.category))
    rows = []
    for r in base.itertuples(index=False):
        if (r.term, r.category) in replaced:
            continue
        forms = [f for f in r.forms.split("|") if _lexicon_key(f) not in claimed]
        if forms:
            rows.append(r._replace(forms="|".join(forms)))
    out = pd.concat([pd.DataFrame(rows, columns=LEXICON_COLUMNS), extra], ignore_index=True)
    kinds = out.drop_duplicates("category").set_index("category").bias_type
    clash = out[out.bias_type != out.category.map(kinds)]
    if not clash.empty:
        c = clash.iloc[0]
        raise LexiconError(f"category {c.category!r} is {kinds[c.category]} in the default "
                           f"lexicon but {c.bias_type} in the corpus's {LEXICON_EXTRA_FILENAME}")
    return out


def load_lexicon(path: str | Path | None = None, *, corpus: str | Path | None = None) -> pd.DataFrame:
    """The loaded-language lexicon: one row per entry with term, forms ("|"-separated,
    matched as whole words or phrases, case-insensitively), category, bias_type
    (``"framing"`` or ``"epistemological"``) and source.

    The lexicon is ``path`` if given; else the corpus folder's ``loaded_language.csv``,
    which replaces the bundled ``data/loaded_language.csv`` for that corpus; else the
    bundled one. With ``corpus``, the rows of the folder's ``loaded_language.extra.csv``
    are added (an extra row replaces an entry of the same term and category and takes its
    forms from any entry that had them). ``attrs["files"]`` lists the files read.

    Raises :class:`LexiconError` naming the file (and line) for a file that cannot be used:
    not CSV, no term or category column, an empty term or category, a bias_type other than
    framing or epistemological, a form that cannot match a word, or one form in two
    entries; :class:`analysis.corpus.paths.CorpusPathError` for a corpus lexicon linked from
    outside the corpus folder."""
    own = paths.corpus_file(corpus, LEXICON_FILENAME) if path is None else None
    base = Path(path) if path is not None else (own or LEXICON_FILE)
    lex = _read_lexicon(base)
    files = [str(base)]
    extra = paths.corpus_file(corpus, LEXICON_EXTRA_FILENAME)
    if extra is not None:
        more = _read_lexicon(extra)
        try:
            lex = _extend_lexicon(lex, more)
        except LexiconError as exc:
            raise LexiconError(f"{extra}: {exc}") from None
        files.append(str(extra))
    lex.attrs["files"] = files
    return lex


def lexicon_for_corpus(corpus: str | Path | None) -> pd.DataFrame:
    """The lexicon a corpus uses: :func:`load_lexicon` with its folder's replacement or
    extension, if it has one (the seed corpus, ``data/``, adds its story words)."""
    return load_lexicon(corpus=corpus)


def lexicon_digest(lexicon: pd.DataFrame) -> str:
    """A short hash of a lexicon's entries (for cache keys: tables computed with another
    lexicon are not reused)."""
    rows = lexicon.reindex(columns=LEXICON_COLUMNS).fillna("").astype(str).values.tolist()
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16]


class LexiconMatch:
    """One occurrence of a lexicon form in a text: ``group()``, ``start()`` and ``end()``
    as for a regular-expression match, and the entry's term, category, bias_type and
    source."""

    __slots__ = ("string", "_start", "_end", "term", "category", "bias_type", "source")

    def __init__(self, string: str, start: int, end: int, entry: tuple[str, str, str, str]):
        self.string, self._start, self._end = string, start, end
        self.term, self.category, self.bias_type, self.source = entry

    def group(self) -> str:
        return self.string[self._start:self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def __repr__(self) -> str:
        return f"<LexiconMatch {self.group()!r} at {self._start}: {self.term} ({self.category})>"


class LexiconMatcher:
    """Finds the forms of a lexicon in a text: every whole word or phrase that is a form,
    leftmost first, the longest form where several start at the same word, without
    overlaps (as one regular expression of all forms, longest first, would, but in time
    that does not grow with the size of the lexicon)."""

    def __init__(self, lexicon: pd.DataFrame):
        self.entries: list[tuple[str, str, str, str]] = []
        self.index: dict[tuple[str, ...], list[tuple[tuple[str, ...], int]]] = {}
        starts_phrase: set[str] = set()
        longest = 1
        bias_types = lexicon.bias_type if "bias_type" in lexicon else [FRAMING] * len(lexicon)
        sources = lexicon.source if "source" in lexicon else [""] * len(lexicon)
        for term, forms, category, bias_type, source in zip(lexicon.term, lexicon.forms,
                                                           lexicon.category, bias_types, sources):
            self.entries.append((term, category, bias_type or FRAMING, source))
            for form in forms.split("|"):
                key = _lexicon_key(form.strip())
                if key is None:
                    continue
                words, seps = key
                self.index.setdefault(words, []).append((seps, len(self.entries) - 1))
                if len(words) > 1:
                    starts_phrase.add(words[0])
                    longest = max(longest, len(words))
        self.starts_phrase = frozenset(starts_phrase)
        self.first_words = frozenset(words[0] for words in self.index)
        self.longest = longest

    def finditer(self, text: str):
        """The :class:`LexiconMatch` of every form in ``text``, in order."""
        norm = text.translate(_LEXICON_CHARS) if _LEXICON_SPECIAL.search(text) else text
        words = list(_LEXICON_WORD.finditer(norm))
        index, first_words, starts_phrase = self.index, self.first_words, self.starts_phrase
        i, n_words = 0, len(words)
        while i < n_words:
            first = words[i].group().casefold()
            if first not in first_words:  # most words: no form starts with them
                i += 1
                continue
            longest = min(self.longest, n_words - i) if first in starts_phrase else 1
            for n in range(longest, 0, -1):
                span = words[i:i + n]
                candidates = index.get((first, *(w.group().casefold() for w in span[1:])))
                if not candidates:
                    continue
                seps = tuple(" " if norm[a.end():b.start()].isspace() else norm[a.end():b.start()]
                             for a, b in zip(span, span[1:]))
                entry = next((e for s, e in candidates if s == seps), None)
                if entry is not None:
                    yield LexiconMatch(text, span[0].start(), span[-1].end(), self.entries[entry])
                    i += n
                    break
            else:
                i += 1


class _FormIndex(dict):
    """form -> (term, category); a form as written (any case, curly apostrophes, white
    space) is found too."""

    def __missing__(self, key: str):
        found = _lexicon_key(key.strip())
        normal = None if found is None else "".join(w + s for w, s in zip(found[0], (*found[1], "")))
        if normal is None or normal == key or normal not in self:
            raise KeyError(key)
        return self[normal]


def lexicon_pattern(lexicon: pd.DataFrame) -> tuple[LexiconMatcher, dict[str, tuple[str, str]]]:
    """A matcher whose ``finditer(text)`` yields every lexicon form in ``text`` (see
    :class:`LexiconMatcher`), and the (term, category) of each form (key: the form as
    matched, case-folded, white space made single spaces)."""
    matcher = LexiconMatcher(lexicon)
    form_of = _FormIndex()
    for words, candidates in matcher.index.items():
        for seps, entry in candidates:
            term, category, _b, _s = matcher.entries[entry]
            form_of["".join(w + s for w, s in zip(words, (*seps, "")))] = (term, category)
    return matcher, form_of


def find_loaded(text_: str, lexicon: pd.DataFrame | LexiconMatcher) -> list[LexiconMatch]:
    """Every lexicon form in one text (a sentence, a label): see :class:`LexiconMatcher`."""
    matcher = lexicon if isinstance(lexicon, LexiconMatcher) else LexiconMatcher(lexicon)
    return list(matcher.finditer(text_))


def article_loaded(sentences: Iterable[tuple], matcher: LexiconMatcher) -> list[list]:
    """Every lexicon form in one article's sentences, given as (sentence_id, text,
    quote_spans): [sentence_id, term, form, category, voice, bias_type, start] each, in
    order (the rows of :func:`loaded_terms` without outlet and article_id)."""
    rows = []
    for sid, sentence, spans in sentences:
        if not isinstance(sentence, str):
            continue
        for m in matcher.finditer(sentence):
            voice = text.voice_in_sentence(m.start(), spans)
            rows.append([sid, m.term, m.group(), m.category, voice, m.bias_type, m.start()])
    return rows


def article_voice_words(sentences: Iterable[tuple]) -> list[int]:
    """The narrator's words and the words inside quotations of one article's sentences,
    given as (text, quote_spans)."""
    narrator = quoted = 0
    for sentence, spans in sentences:
        own, quotation = text.split_voice(sentence, spans)
        narrator += text.count_words(own)
        quoted += text.count_words(quotation)
    return [narrator, quoted]


def loaded_terms(sentences: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Every occurrence of a lexicon form, one row each: outlet, article_id, sentence_id,
    term (the entry), form (as written), category, voice ("narrator", or "quoted" inside
    a direct quotation), bias_type ("framing" or "epistemological") and start (its
    character offset in the sentence); in sentence order. Each entry's source is in the
    lexicon (join on term and category). ``lexicon``: a corpus's (:func:`lexicon_for_corpus`,
    as ``Config.lexicon`` holds it) or the bundled one (:func:`load_lexicon`)."""
    matcher = LexiconMatcher(lexicon)
    tally = WordChoiceCounts()
    for outlet, aid, rows in _article_runs(sentences, ["sentence_id", "text", "quote_spans"]):
        tally.add_loaded(outlet, aid, article_loaded(rows, matcher))
    return tally.loaded_terms()


def words_by_voice(sentences: pd.DataFrame) -> pd.DataFrame:
    """Words per (outlet, voice): the narrator's words and the words inside quotations."""
    tally = WordChoiceCounts()
    for outlet, _aid, rows in _article_runs(sentences, ["text", "quote_spans"]):
        tally.add_voice_words(outlet, article_voice_words(rows))
    return tally.words_by_voice()


def loaded_language(sentences: pd.DataFrame, lexicon: pd.DataFrame, *,
                    terms: pd.DataFrame | None = None) -> pd.DataFrame:
    """Loaded-language rates: one row per (outlet, voice, category) with bias_type, n
    (occurrences), n_words (the outlet's words in that voice) and per_1k_words (n per
    1,000 of those words); voice is "narrator" or "quoted". Category "all" sums the
    framing categories only (the loaded words: subjective and one-sided terms); the
    epistemological ones (hedges, factives, assertives, implicatives, report verbs) have
    their own rows and are not in "all". ``terms``: the :func:`loaded_terms` of these
    sentences and this lexicon, when already computed."""
    hits = loaded_terms(sentences, lexicon) if terms is None else terms
    counts = Counter(zip(hits.outlet, hits.voice, hits.category))
    framing = Counter((o, v) for o, v, b in zip(hits.outlet, hits.voice, hits.bias_type) if b == FRAMING)
    return _loaded_rates(words_by_voice(sentences), counts, framing, lexicon)


def _loaded_rates(words: pd.DataFrame, counts: Counter, framing: Counter,
                  lexicon: pd.DataFrame) -> pd.DataFrame:
    """The table of :func:`loaded_language` from the words per (outlet, voice), the hits
    per (outlet, voice, category) and the framing hits per (outlet, voice)."""
    bias_types = lexicon.bias_type if "bias_type" in lexicon else [FRAMING] * len(lexicon)
    kind = dict(zip(lexicon.category, bias_types))
    categories = list(dict.fromkeys(lexicon.category))
    rows = []
    for w in words.itertuples(index=False):
        for category in [*categories, ALL_CATEGORIES]:
            n = int(framing.get((w.outlet, w.voice), 0) if category == ALL_CATEGORIES
                    else counts.get((w.outlet, w.voice, category), 0))
            rows.append((w.outlet, w.voice, category, kind.get(category, FRAMING) or FRAMING, n,
                         int(w.n_words), round(1000 * n / w.n_words, 3) if w.n_words else float("nan")))
    return pd.DataFrame(rows, columns=LOADED_RATE_COLUMNS)


# ----------------------------------------------------------------------------- spelling

def load_spelling_pairs(path: str | Path | None = None) -> pd.DataFrame:
    """Pairs of spellings: form_a, form_b, system_a, system_b, note."""
    path = Path(path) if path else SPELLING_FILE
    try:
        pairs = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: not a UTF-8 CSV file of spelling pairs: {exc}") from None
    missing = {"form_a", "form_b", "system_a", "system_b"} - set(pairs.columns)
    if missing:
        raise LexiconError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    return pairs


def spelling_pairs_for_corpus(corpus: str | Path | None) -> pd.DataFrame:
    """The spelling pairs a corpus uses (:func:`analysis.corpus.paths.data_files`: its folder's
    ``spelling_pairs.csv`` replaces the bundled pairs, ``spelling_pairs.extra.csv`` adds
    pairs; a pair given again, by its two forms, takes the later row)."""
    frames = [load_spelling_pairs(f) for f in paths.data_files(corpus, SPELLING_FILE.name)]
    pairs = pd.concat(frames, ignore_index=True)
    return pairs.drop_duplicates(["form_a", "form_b"], keep="last").reset_index(drop=True)


def spelling_forms(pairs: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Each form of the spelling pairs, case-folded -> (its system, "form_a / form_b")."""
    system = {}
    for a, b, sa, sb in zip(pairs.form_a, pairs.form_b, pairs.system_a, pairs.system_b):
        system[a.casefold()] = (sa, f"{a} / {b}")
        system[b.casefold()] = (sb, f"{a} / {b}")
    return system


def article_spelling(texts: Iterable[str], forms: dict[str, tuple[str, str]]) -> dict[str, int]:
    """The spelling forms (:func:`spelling_forms`) in one article's sentences: form -> n,
    in the order of first use. Words are matched whole and case-insensitively."""
    counts: Counter = Counter()
    for sentence in texts:
        for w in text.tokenize_words(sentence):
            key = w.casefold().translate(_APOSTROPHES)
            if key in forms:
                counts[key] += 1
    return dict(counts)


def house_spelling(sentences: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Which spelling each outlet writes: one row per (outlet, form) found, with its
    pair, system (British or American; hyphenated or closed) and n. Words are matched
    whole and case-insensitively ("Programs" counts as programs)."""
    forms = spelling_forms(pairs)
    tally = WordChoiceCounts()
    for outlet, _aid, rows in _article_runs(sentences, ["text"]):
        tally.add_spelling(outlet, article_spelling([r[0] for r in rows], forms))
    return tally.spelling(pairs)


def spelling_summary(spelling: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and system, the number of words written in that system's spelling."""
    if spelling.empty:
        return pd.DataFrame(columns=["outlet", "system", "n", "forms"])
    return (spelling.groupby(["outlet", "system"], sort=False)
            .agg(n=("n", "sum"), forms=("form", lambda f: ", ".join(f))).reset_index())


# ----------------------------------------------------------------------------- partial counts

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
    n_words, terms and displays (:func:`article_terms`), loaded (:func:`article_loaded`),
    voice_words (:func:`article_voice_words`) and spelling (:func:`article_spelling`)."""
    texts = [s["text"] for s in sentences]
    terms, displays = article_terms(texts, lists.stopwords)
    return {"n_sentences": len(sentences), "n_words": sum(s["n_words"] for s in sentences),
            "terms": terms, "displays": displays,
            "loaded": article_loaded([(s["sentence_id"], s["text"], s["quote_spans"]) for s in sentences],
                                     lists.matcher),
            "voice_words": article_voice_words([(s["text"], s["quote_spans"]) for s in sentences]),
            "spelling": article_spelling(texts, lists.spelling)}


class WordChoiceCounts:
    """The word-choice counts of a corpus, merged from those of its articles
    (:func:`count_article`) added in corpus order: term counts, the lexicon hits, the
    words per voice and the spelling forms per outlet. Each table method gives the table
    of the function of the same name run on the corpus's sentence table (equal, value for
    value and row for row)."""

    def __init__(self, *, hits: Callable[[list[tuple]], None] | None = None):
        """``hits``: where each article's lexicon hits go (rows of loaded_terms), when
        not kept here (a corpus-wide table written part by part); the rates are counted
        either way."""
        self.terms = TermCounts()
        self.hits = hits
        self.loaded: list[tuple] = []
        self.loaded_counts: Counter = Counter()  # (outlet, voice, category) -> hits
        self.framing_counts: Counter = Counter()  # (outlet, voice) -> framing hits
        self.voice_words: dict[tuple[str, str], int] = {}
        self.spelling_counts: dict[tuple[str, str], int] = {}
        self.outlets: dict[str, None] = {}  # in order of their first sentence

    def add(self, outlet: str, article_id: str, counts: dict) -> None:
        """Add one article's counts (:func:`count_article`)."""
        if not counts["n_sentences"]:
            return
        self.terms.add(outlet, article_id, counts["n_words"], counts["terms"], counts["displays"])
        self.add_loaded(outlet, article_id, counts["loaded"])
        self.add_voice_words(outlet, counts["voice_words"])
        self.add_spelling(outlet, counts["spelling"])

    def add_loaded(self, outlet: str, article_id: str, rows: list[list]) -> None:
        hits = [(outlet, article_id, *r) for r in rows]
        # column 5 of a hit is its category, 6 its voice, 7 its bias_type
        self.loaded_counts.update((h[0], h[6], h[5]) for h in hits)
        self.framing_counts.update((h[0], h[6]) for h in hits if h[7] == FRAMING)
        if self.hits is not None:
            self.hits(hits)
        else:
            self.loaded.extend(hits)

    def add_voice_words(self, outlet: str, words: list[int]) -> None:
        for voice, n in zip(text.VOICES, words):
            self.voice_words[(outlet, voice)] = self.voice_words.get((outlet, voice), 0) + n

    def add_spelling(self, outlet: str, counts: dict[str, int]) -> None:
        self.outlets.setdefault(outlet)
        for form, n in counts.items():
            self.spelling_counts[(outlet, form)] = self.spelling_counts.get((outlet, form), 0) + n

    def loaded_terms(self) -> pd.DataFrame:
        if self.hits is not None:
            raise ValueError("the hits were sent elsewhere (WordChoiceCounts(hits=...))")
        return pd.DataFrame(self.loaded, columns=LOADED_TERM_COLUMNS)

    def words_by_voice(self) -> pd.DataFrame:
        if not self.voice_words:
            return pd.DataFrame(columns=["outlet", "voice", "n_words"])
        return pd.Series(self.voice_words, name="n_words").rename_axis(["outlet", "voice"]).reset_index()

    def loaded_language(self, lexicon: pd.DataFrame) -> pd.DataFrame:
        return _loaded_rates(self.words_by_voice(), self.loaded_counts, self.framing_counts, lexicon)

    def spelling(self, pairs: pd.DataFrame) -> pd.DataFrame:
        forms = spelling_forms(pairs)
        rows = [{"outlet": o, "pair": forms[f][1], "form": f, "system": forms[f][0], "n": n}
                for (o, f), n in self.spelling_counts.items()]
        out = pd.DataFrame(rows, columns=["outlet", "pair", "form", "system", "n"])
        order = {o: i for i, o in enumerate(self.outlets)}
        return out.sort_values(["outlet", "pair", "form"], key=lambda c: c.map(order) if c.name == "outlet" else c,
                               kind="stable").reset_index(drop=True)


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


def spelling_systems(spelling: pd.DataFrame, *, share: float) -> pd.DataFrame:
    """Per outlet with British or American forms (rows of :func:`house_spelling`):
    n_british, n_american, the house ``system`` ("British" or "American" when at least
    ``share`` of those words follow it, else "mixed"), n_system, total and the forms of
    the system, most used first (all forms, in table order, when mixed)."""
    rows = []
    for outlet, g in spelling[spelling.system.isin(["British", "American"])].groupby("outlet", sort=False):
        counts = g.groupby("system").n.sum()
        british, american = int(counts.get("British", 0)), int(counts.get("American", 0))
        total = british + american
        system = ("British" if british / total >= share else
                  "American" if american / total >= share else "mixed")
        forms = ", ".join(g[g.system == system].sort_values("n", ascending=False, kind="stable").form
                          if system != "mixed" else g.form)
        rows.append({"outlet": outlet, "n_british": british, "n_american": american,
                     "system": system, "n_system": max(british, american), "total": total,
                     "forms": forms})
    return pd.DataFrame(rows, columns=["outlet", "n_british", "n_american", "system", "n_system",
                                       "total", "forms"])
