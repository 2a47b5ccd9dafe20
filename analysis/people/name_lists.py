"""The word lists the people detector reads (:class:`NameLists`), each a data file a
corpus folder may replace or extend (:func:`analysis.corpus.paths.data_files`):
``data/given_names.csv`` (US Census 1990 first names, public domain),
``data/name_titles.csv`` (honorifics, titles, person nouns, organisation words and
names), ``data/name_titles_not_names.csv`` (weekdays, months, nationalities, places,
group words, sentence openers), ``data/stopwords.txt`` and the closed English word lists of
``data/vocabulary.csv`` (:class:`analysis.language.vocabulary.Vocabulary`)."""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.corpus import paths
from analysis.corpus.digests import content_digest
from analysis.language import vocabulary as vocabulary_mod
from analysis.language.text import TOKEN
from analysis.language.vocabulary import Vocabulary, verb_forms


GIVEN_NAMES_FILE = "given_names.csv"
TITLES_FILE = "name_titles.csv"
NOT_NAMES_FILE = "name_titles_not_names.csv"
STOPWORDS_FILE = "stopwords.txt"


@dataclass(frozen=True)
class NameLists:
    """The word lists the detector reads (see :func:`load_name_lists`)."""

    given: dict[str, str]  # given name -> "F", "M" (the larger share in the Census) or ""
    honorifics: dict[str, str]  # honorific -> sex it implies ("F", "M" or "")
    titles: frozenset[tuple[str, ...]]  # capitalised titles, as word tuples
    roles: frozenset[str]  # person nouns, lower case
    organisation_words: frozenset[str]
    organisation_nouns: frozenset[str]  # lower case: "the Clinton campaign"
    organisations: frozenset[tuple[str, ...]]
    portfolio: frozenset[str]
    not_names: frozenset[tuple[str, ...]]
    place_words: frozenset[str]  # last words of places, buildings and things ("Tower", "Index", "Act")
    stop_words: frozenset[str]  # lower case
    # single words of the lists with their kinds, for variant discovery: "organisation",
    # the categories of the not-names list ("nationality", "place", "month", ...) and
    # "given" for the given names that are none of these (Georgia is a place here)
    word_kinds: dict[str, frozenset[str]]
    # abbreviated titles and the person nouns they stand for, lower case ("sen" -> "senator")
    abbreviations: dict[str, str]
    # weekdays and months (and their abbreviations), lower case
    calendar_words: frozenset[str]
    vocabulary: Vocabulary

    def digest(self) -> str:
        """The digest of the word lists as loaded (every field; not the lengths derived
        from them)."""
        return content_digest(self)

    def __post_init__(self):
        # derived from the fields, for the candidate reader (analysis.people.candidates):
        # the longest title, organisation and not-name in words, organisations' first words;
        object.__setattr__(self, "title_max", max((len(t) for t in self.titles), default=1))
        object.__setattr__(self, "org_max", max((len(t) for t in self.organisations), default=1))
        object.__setattr__(self, "org_first", frozenset(t[0] for t in self.organisations if t))
        object.__setattr__(self, "not_max", max((len(t) for t in self.not_names), default=1))
        object.__setattr__(self, "not_name_words", frozenset(t[0] for t in self.not_names if len(t) == 1))
        # the past forms of the verbs of saying, and the -s forms of those marked "s-form":
        # after a name, evidence of a person
        object.__setattr__(self, "speech_verbs", frozenset(
            f for lemma, value in self.vocabulary.speech_lemma.items()
            for f in verb_forms(lemma, ("VBZ", "VBD") if value == "s-form" else ("VBD",))))


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(t.group() for t in TOKEN.finditer(phrase) if t.group() != ".")


def load_name_lists(corpus: str | Path | None = None) -> NameLists:
    """The word lists a corpus's detector reads: the bundled files of ``data/`` unless the
    corpus folder replaces or extends them (:func:`analysis.corpus.paths.data_files`:
    ``given_names.csv`` replaces, ``given_names.extra.csv`` adds rows; the same for
    ``name_titles.csv``, ``name_titles_not_names.csv`` and ``stopwords.txt``), with the
    corpus's ``vocabulary.csv`` (:func:`analysis.language.vocabulary.load_vocabulary`)."""
    files = tuple(tuple(paths.data_files(corpus, name)) for name in
                  (GIVEN_NAMES_FILE, TITLES_FILE, NOT_NAMES_FILE, STOPWORDS_FILE,
                   vocabulary_mod.VOCABULARY_FILE))
    stamp = tuple(f.stat().st_mtime_ns for group in files for f in group)
    return _load_name_lists(files, stamp)


@lru_cache(maxsize=8)
def _load_name_lists(files: tuple[tuple[Path, ...], ...], _stamp: tuple) -> NameLists:
    given_files, title_files, not_files, stop_files, vocabulary_files = files
    rows = lambda group: [r for f in group for r in _read_csv(f)]  # noqa: E731
    given = {}
    for r in rows(given_files):
        f, m = float(r["share_female"] or 0), float(r["share_male"] or 0)
        given[r["given_name"]] = "F" if f > m else "M" if m > f else ""
    by_cat: dict[str, list[dict]] = defaultdict(list)
    for r in rows(title_files):
        by_cat[r["category"]].append(r)
    not_rows = rows(not_files)
    ending = ("place_word", "thing_word")  # a run ending in one is no person
    not_names = frozenset(_words(r["word"]) for r in not_rows if r["category"] not in ending)
    place_words = frozenset(r["word"] for r in not_rows if r["category"] in ending)
    stop = frozenset(line.strip().casefold() for f in stop_files for line in
                     f.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))
    kinds: dict[str, set[str]] = {}
    for r in not_rows:
        if " " not in r["word"] and r["category"] not in ending:
            kinds.setdefault(r["word"], set()).add(r["category"])
    for r in by_cat["organisation"]:
        if " " not in r["word"]:
            kinds.setdefault(r["word"], set()).add("organisation")
    for name in given:
        if name not in kinds:  # a listed place or nationality first: Georgia, Jordan
            kinds[name] = {"given"}
    return NameLists(
        given=given,
        honorifics={r["word"]: r["sex"] for r in by_cat["honorific"]},
        titles=frozenset(_words(r["word"]) for r in by_cat["title"]),
        roles=frozenset(r["word"].casefold() for r in by_cat["role"]),
        organisation_words=frozenset(r["word"] for r in by_cat["organisation_word"]),
        organisation_nouns=frozenset(r["word"].casefold() for r in by_cat["organisation_noun"]),
        organisations=frozenset(_words(r["word"]) for r in by_cat["organisation"]),
        portfolio=frozenset(r["word"] for r in by_cat["portfolio"]),
        not_names=not_names, place_words=place_words, stop_words=stop,
        word_kinds={w: frozenset(k) for w, k in kinds.items()},
        abbreviations={r["word"].casefold(): r["stands_for"].casefold() for r in by_cat["title"]
                       if r.get("stands_for")},
        calendar_words=frozenset(r["word"].casefold() for r in not_rows
                                 if r["category"] in ("weekday", "month")),
        vocabulary=vocabulary_mod.load_files(vocabulary_files))

