"""The closed English word lists of the rules, read from one data file,
``data/vocabulary.csv`` (one row per word of a list, with the list's source), which a corpus
folder may replace (``vocabulary.csv``) or extend (``vocabulary.extra.csv``) like every data
file (:func:`analysis.corpus.paths.data_files`). The people detector
(:mod:`analysis.people.candidates`, :mod:`analysis.people.names`), the speaker finder
(:mod:`analysis.people.attribution`) and the voice tables read them through the
configuration (:class:`analysis.people.name_lists.NameLists` holds the corpus's
:class:`Vocabulary`).

Weekdays and months, titles and their abbreviations, honorifics and organisation words and
nouns are lists of ``data/name_titles_not_names.csv`` and ``data/name_titles.csv`` and are not
repeated here. The forms of a verb come from lemminflect's English inflection lexicon
(:func:`verb_forms`)."""
from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import lemminflect

from analysis.corpus import paths
from analysis.corpus.digests import content_digest

VOCABULARY_FILE = "vocabulary.csv"
# The kinds of attribution a cue makes (PolNeAR's annotation guide, Newell et al. 2018);
# the voice tables add "action".
CUE_KIND_NAMES = ("speech", "thought", "stance")
# The lists whose rows carry a kind in their value column
_KINDED = ("cue", "extra_cue", "nominal_cue")
# The lists whose rows are kept with their value as written, and the values allowed
_VALUED = {"speech_lemma": ("", "s-form", "after-name")}


class VocabularyError(ValueError):
    """A vocabulary file that cannot be read: the message names the file, the row and what
    is wrong."""


@dataclass(frozen=True)
class Vocabulary:
    """The closed word lists (see the header of ``data/vocabulary.csv`` for each). Lists
    with a kind are dicts from the word to its kind, in the order of the file (a word
    listed twice in one file keeps its first kind; a corpus's ``vocabulary.extra.csv``
    row gives a word another), and so is ``speech_lemma`` with its value; the
    others are frozensets of lower-case words (``particle`` and ``suffix`` as written)."""

    cue: dict[str, str]
    extra_cue: dict[str, str]
    nominal_cue: dict[str, str]
    noun_like_cue: frozenset[str]
    not_cue: frozenset[str]
    speech_lemma: dict[str, str]  # lemma -> "", "s-form" or "after-name" (see the data file)
    subject_pronoun: frozenset[str]
    pronoun: frozenset[str]
    relative: frozenset[str]
    article: frozenset[str]
    determiner: frozenset[str]
    quantifier: frozenset[str]
    be_form: frozenset[str]
    preposition: frozenset[str]
    connector: frozenset[str]
    joining: frozenset[str]
    particle: frozenset[str]
    suffix: frozenset[str]
    skip_back: frozenset[str]
    boundary: frozenset[str]
    not_plural: frozenset[str]
    common_verb: frozenset[str]
    not_action: frozenset[str]
    source_noun: frozenset[str]
    anonymous_word: frozenset[str]
    time_word: frozenset[str]
    time_lead: frozenset[str]
    date_word: frozenset[str]
    apposition_opener: frozenset[str]
    adjective_ending: frozenset[str]
    abbreviation: frozenset[str]
    style_word: frozenset[str]

    def digest(self) -> str:
        """The digest of the lists as loaded."""
        return content_digest(self)


LIST_NAMES = tuple(f.name for f in fields(Vocabulary))


def _rows(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise VocabularyError(f"{path}: cannot be read as a UTF-8 CSV table ({exc})") from None
    if rows and not {"word", "list"} <= set(rows[0]):
        raise VocabularyError(f"{path}: the header must name the columns word, list, value, source")
    return rows


def _check(path: Path, number: int, row: dict) -> None:
    word, name, value = (row.get(k) or "" for k in ("word", "list", "value"))
    if name not in LIST_NAMES:
        raise VocabularyError(f"{path}: data row {number} ({word!r}): unknown list {name!r}; the lists "
                              f"are {', '.join(LIST_NAMES)}")
    if not word.strip():
        raise VocabularyError(f"{path}: data row {number}: empty word in list {name!r}")
    if name in _KINDED and value not in CUE_KIND_NAMES:
        raise VocabularyError(f"{path}: data row {number} ({word!r}): list {name!r} needs a value of "
                              f"{', '.join(CUE_KIND_NAMES)}, not {value!r}")
    if name in _VALUED and value not in _VALUED[name]:
        raise VocabularyError(f"{path}: data row {number} ({word!r}): list {name!r} takes a value of "
                              f"{' or '.join(repr(v) for v in _VALUED[name])}, not {value!r}")


def load_vocabulary(corpus: str | Path | None = None) -> Vocabulary:
    """The vocabulary a corpus reads: ``data/vocabulary.csv`` unless the corpus folder
    replaces it, with the rows of the folder's ``vocabulary.extra.csv`` added."""
    return load_files(tuple(paths.data_files(corpus, VOCABULARY_FILE)))


def load_files(files: tuple[Path, ...]) -> Vocabulary:
    """The vocabulary of these files (the first, with the rows of the others added); read
    again only when one of them changes."""
    return _load(files, tuple(f.stat().st_mtime_ns for f in files))


@lru_cache(maxsize=8)
def _load(files: tuple[Path, ...], _stamp: tuple) -> Vocabulary:
    kinded: dict[str, dict[str, str]] = {name: {} for name in (*_KINDED, *_VALUED)}
    plain: dict[str, set[str]] = {name: set() for name in LIST_NAMES if name not in kinded}
    for path in files:
        own: dict[str, dict[str, str]] = {name: {} for name in kinded}
        for number, row in enumerate(_rows(path), start=1):
            _check(path, number, row)
            name, word = row["list"], row["word"].strip()
            if name in kinded:  # in one file, a word's first row; a later file's row wins
                own[name].setdefault(word.casefold(), row["value"] or "")
            else:
                plain[name].add(word if name in ("particle", "suffix") else word.casefold())
        for name, values in own.items():
            kinded[name].update(values)
    return Vocabulary(**kinded, **{name: frozenset(words) for name, words in plain.items()})


VERB_TAGS = ("VB", "VBZ", "VBD", "VBN", "VBG")


@lru_cache(maxsize=4096)
def verb_forms(lemma: str, tags: tuple[str, ...] = VERB_TAGS) -> tuple[str, ...]:
    """The forms of a verb, from lemminflect's English inflection lexicon, in the order of
    ``tags`` (Penn Treebank tags): by default base, -s, past, past participle and -ing
    ("say" -> say, says, said, saying). The base form is the lemma as written; a word the
    lexicon does not know has only that."""
    inflections = lemminflect.getAllInflections(lemma, upos="VERB")
    forms = [f for tag in tags for f in ((lemma,) if tag == "VB" else inflections.get(tag, ()))]
    return tuple(dict.fromkeys(forms))
