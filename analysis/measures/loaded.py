"""Loaded language: the words of a lexicon of published word lists in the sentence table,
by voice (the narrator's or quoted), and their rates per outlet.

Loaded language is counted with a lexicon of published word lists (data/loaded_language.csv,
built by data/build_loaded_language.py; data/README.md names the papers): strongly
subjective words by prior polarity (MPQA, Wilson, Wiebe & Hoffmann 2005) and bias lemmas
(Recasens, Danescu-Niculescu-Mizil & Jurafsky 2013), the "framing" categories that make up
category "all", and hedges, assertives, factives, implicatives and report verbs, the
"epistemological" ones, each counted on its own. A corpus folder may replace the lexicon
(``loaded_language.csv``) or add its own words (``loaded_language.extra.csv``):
:func:`lexicon_for_corpus`.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from analysis.corpus import paths
from analysis.corpus.digests import content_digest
from analysis.language import text
from analysis.measures.terms import LexiconError, article_runs

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

    Raises :class:`analysis.measures.terms.LexiconError` naming the file (and line) for a
    file that cannot be used: not CSV, no term or category column, an empty term or
    category, a bias_type other than framing or epistemological, a form that cannot match
    a word, or one form in two entries; :class:`analysis.corpus.paths.CorpusPathError` for
    a corpus lexicon linked from outside the corpus folder."""
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
    return content_digest(lexicon.reindex(columns=LEXICON_COLUMNS).fillna(""))


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


# What may stand before the first word of a sentence (or of a quotation in it): a
# capitalised word right after these opens a sentence and is no proper noun.
_OPENING = re.compile(r"(?:^|[.:;!?\"“”‘'(\[—–-])\W*$")
def _headline_case(sentence: str) -> bool:
    """A sentence in headline case: every word of four letters or more capitalised (at
    least two of them). There a capital says nothing about a proper noun."""
    words = [w for w in _LEXICON_WORD.findall(sentence) if len(w) >= 4 and w[:1].isalpha()]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def in_proper_noun(sentence: str, start: int, headline_case: bool) -> bool:
    """Whether the lexicon form at ``start`` is capitalised inside a sentence in sentence
    case: part of a name ("Nice", "the Affordable Care Act", "Justice Department"),
    not the word of the lexicon."""
    return (not headline_case and sentence[start:start + 1].isupper()
            and not _OPENING.search(sentence, 0, start))


def article_loaded(sentences: Iterable[tuple], matcher: LexiconMatcher) -> list[list]:
    """Every lexicon form in one article's sentences, given as (sentence_id, text,
    quote_spans): [sentence_id, term, form, category, voice, bias_type, start] each, in
    order (the rows of :func:`loaded_terms` without outlet and article_id). A form
    capitalised inside a sentence is part of a proper noun and no hit (:func:`in_proper_noun`)."""
    rows = []
    for sid, sentence, spans in sentences:
        if not isinstance(sentence, str):
            continue
        headline = None
        for m in matcher.finditer(sentence):
            if sentence[m.start():m.start() + 1].isupper():
                if headline is None:
                    headline = _headline_case(sentence)
                if in_proper_noun(sentence, m.start(), headline):
                    continue
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
    tally = LoadedCounts()
    for outlet, aid, rows in article_runs(sentences, ["sentence_id", "text", "quote_spans"]):
        tally.add_loaded(outlet, aid, article_loaded(rows, matcher))
    return tally.loaded_terms()


def words_by_voice(sentences: pd.DataFrame) -> pd.DataFrame:
    """Words per (outlet, voice): the narrator's words and the words inside quotations."""
    tally = LoadedCounts()
    for outlet, _aid, rows in article_runs(sentences, ["text", "quote_spans"]):
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


class LoadedCounts:
    """The lexicon hits and the words per voice of a corpus, merged from those of its
    articles (:func:`article_loaded`, :func:`article_voice_words`) added in corpus order.
    Each table method gives the table of the function of the same name run on the
    corpus's sentence table; :class:`analysis.measures.wordchoice.WordChoiceCounts` holds
    these counts with the other word-choice counts."""

    def __init__(self, *, hits: Callable[[list[tuple]], None] | None = None):
        """``hits``: where each article's lexicon hits go (rows of loaded_terms), when
        not kept here (a corpus-wide table written part by part); the rates are counted
        either way."""
        self.hits = hits
        self.loaded: list[tuple] = []
        self.loaded_counts: Counter = Counter()  # (outlet, voice, category) -> hits
        self.framing_counts: Counter = Counter()  # (outlet, voice) -> framing hits
        self.voice_words: dict[tuple[str, str], int] = {}

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
