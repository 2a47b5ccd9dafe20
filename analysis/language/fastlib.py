"""Faster adapters of the libraries the suite reads text with, whose output equals the
library's own: pysbd's sentences, textstat's readability and VADER's scores.

No library is forked: each adapter runs the library's own code and changes only how it
is fed or what it has to redo. ``tests/test_fastlib.py`` compares every adapter with its
library on the bundled corpus and on hard paragraphs; ``benchmarks/libraries.py``
compares them on a whole corpus and times both in the same run.

**Sentences (pysbd 0.3.4).** pysbd writes its rules as pattern strings handed to
``re.sub``/``re.findall``/... at every call, several per abbreviation of its list found
in the text, and looks every sentence it found up in the original text with a pattern
made of that sentence (``re.escape(sentence) + r"\\s*"``). The ``re`` module keeps only
the last 512 patterns it compiled (Python 3.11: the oldest goes first), so the one
pattern per sentence pushes out the rule patterns and pysbd recompiles them again and
again. :class:`Segmenter` runs pysbd's own ``Segmenter.segment`` with, in pysbd's modules
only and only while it runs, a stand-in for ``re`` (:data:`PYSBD_RE`) that

- compiles each pattern string once and keeps it (:func:`functools.lru_cache` of
  ``PATTERN_CACHE_SIZE`` patterns, least recently used out first, which holds all
  about 600 rule patterns pysbd's English rules use), then calls the compiled pattern's
  method exactly as ``re.sub(pattern, ...)`` does (``re._compile(pattern,
  flags).sub(...)``): a compiled pattern does not change, so a kept one gives the same
  result as a fresh one;
- finds a pattern that is exactly ``re.escape(literal) + r"\\s*"`` (checked by escaping
  the unescaped text again) with ``str.find``: the matches of such a pattern are the
  occurrences of ``literal`` left to right, each not overlapping the one before,
  followed by every whitespace character after it, which is what ``str.find`` and a
  match of ``(?s:.{n})\\s*`` at that place give (``n`` the length of the literal, one
  compiled pattern per length), as real ``re.Match`` objects with the same span and
  text (their ``pos`` and ``re`` differ; pysbd reads neither);
- runs two kinds of abbreviation patterns in an equivalent form the regular-expression
  engine searches faster, because it then starts with a character it can jump to
  instead of a look-behind or ``^`` tried at every position: ``(?<=\\sA)\\.(?=...``
  with the full stop first (:func:`_full_stop_first`), and ``findall`` of
  ``(?:^|\\s|\\r|\\n)X`` as its match at 0 and then ``\\sX`` (:func:`_findall`).
  Each function says why the matches are the same; tests compare them with ``re`` on
  random texts.

Everything else in pysbd is untouched; the ``re`` module itself, and every other module's
use of it, is never changed. The stand-in is put into pysbd's modules when the first
:meth:`Segmenter.segment` call starts and taken out when the last one running ends (a
lock keeps threads apart); a pysbd call made by another thread in that time gets the
same results from it, only sooner.

**Readability (textstat 0.7.8)**: :class:`Textstat` keeps per-word syllable counts and
difficulty in a larger cache while textstat's own functions run. **Sentiment
(vaderSentiment 3.3.2)**: :func:`sentiment_analyzer` gives two of VADER's static methods
only the words they read. Each says why its output is the library's.
"""
from __future__ import annotations

import os
import re
import sys
import threading
import types
from contextlib import contextmanager
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

# The versions whose code the textstat and VADER adapters were read against and proven
# equal on (tests/test_fastlib.py, benchmarks/libraries.py); with any other version they
# step aside and the library runs as it is. (The pysbd adapter changes only how patterns
# are compiled and looked up, which holds for any version.)
ADAPTED_VERSIONS = {"textstat": ("0.7.8",), "vaderSentiment": ("3.3.2",)}

# Compiled patterns kept for pysbd: its English rules use about 600 distinct patterns;
# the per-sentence patterns (which would not repeat) never reach this cache.
PATTERN_CACHE_SIZE = 4096


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return ""



# The libraries whose results are in the tables: another version may give other tables.
TABLE_LIBRARIES = ("pysbd", "vaderSentiment", "textstat", "lemminflect")


def library_versions() -> list[str]:
    """The versions of :data:`TABLE_LIBRARIES` and of Python, for the configuration's
    digest (:meth:`analysis.pipeline.config.Config.digest`)."""
    import platform

    return [version(name) for name in TABLE_LIBRARIES] + [platform.python_version()]

# ----------------------------------------------------------------------------- pysbd

@lru_cache(maxsize=PATTERN_CACHE_SIZE)
def _compile(pattern, flags):
    """``re.compile(pattern, flags)``, kept: a compiled pattern never changes (a compiled
    pattern given is returned as it is, as ``re`` does; with flags, ``re`` raises
    ValueError and nothing is kept). pysbd never asks for ``re.DEBUG``, whose compiling
    prints: it would print once only. A pattern that opens with a look-behind before an
    escaped full stop is compiled with the full stop first (:func:`_full_stop_first`)."""
    compiled = re.compile(pattern, flags)  # any error is re's own
    if type(pattern) is str:
        faster = _full_stop_first(pattern)
        if faster is not None:
            return re.compile(faster, flags)
    return compiled


# "(?<=\sA)\.(?=" opening a pattern, A a run of one-character atoms: letters, digits,
# "." (any character) or a backslash and a character that is not a letter or digit
_LOOKBEHIND_STOP = re.compile(r"\(\?<=\\s((?:[A-Za-z0-9.]|\\[^A-Za-z0-9])+)\)\\\.\(\?=")


def _full_stop_first(pattern: str) -> str | None:
    """``pattern`` with its opening look-behind moved after the full stop that follows it,
    where it opens with ``(?<=\\sA)\\.(?=`` (pysbd's rules for the full stop after an
    abbreviation, one pattern per abbreviation found), else None.

    ``(?<=\\sA)\\.`` matches at p when the characters before p match ``\\sA`` and the
    character at p is "."; ``\\.(?<=\\sA\\.)`` matches at p when the character at p is
    "." and the characters up to p + 1 match ``\\sA\\.``: the same condition, as every
    atom of A is one character wide. Both matches are the "." alone, followed by the
    same look-ahead and the rest of the pattern (in the first alternative, if there are
    several), with the same groups in the same order: every match, and every result of
    sub, findall, search, ..., is the same. Only, a pattern that starts with a literal
    lets the regular-expression engine jump from one "." to the next instead of trying
    the look-behind at every position.
    """
    m = _LOOKBEHIND_STOP.match(pattern)
    if m is None:
        return None
    return "\\.(?<=\\s" + m.group(1) + "\\.)(?=" + pattern[m.end():]


# "(?:^|\s|\r|\n)X", X a run of letters, digits and "." (pysbd's abbreviation search)
_SPACE_OR_START = "(?:^|\\s|\\r|\\n)"
_ABBREVIATION = re.compile(r"[A-Za-z0-9.]+")
# "(?<={E} ).{1}", E an escaped abbreviation (pysbd's look-up of the word after one, whose
# "{" and "}" are literal characters: pysbd meant them for str.format)
_BRACED_LOOKBEHIND = re.compile(r"\(\?<=\{(?:[A-Za-z0-9]|\\[^A-Za-z0-9])+\} \)\.\{1\}")
_NEEDS_CLOSING_PAREN: set[str] = set()  # filled by _pysbd_pairs


@lru_cache(maxsize=PATTERN_CACHE_SIZE)
def _findall_plan(pattern, flags) -> tuple:
    """How :func:`_findall` runs ``pattern``: ("needs", character, compiled) when every
    match needs a character in the text, ("split", compiled, compiled) for
    ``(?:^|\\s|\\r|\\n)X``, else ("plain", compiled)."""
    compiled = _compile(pattern, flags)  # any error is re's own
    if type(pattern) is not str:
        return ("plain", compiled)
    if not flags and pattern in _NEEDS_CLOSING_PAREN:
        return ("needs", ")", compiled)
    if not flags and _BRACED_LOOKBEHIND.fullmatch(pattern):
        return ("needs", "{", compiled)
    if (pattern.startswith(_SPACE_OR_START) and not flags & re.MULTILINE
            and _ABBREVIATION.fullmatch(pattern, len(_SPACE_OR_START))):
        return ("split", compiled, re.compile("\\s" + pattern[len(_SPACE_OR_START):], flags))
    return ("plain", compiled)


_SPACES_SUFFIX = r"\s*"


def _escaped_literal(pattern: str) -> str | None:
    """``literal`` if ``pattern`` is exactly ``re.escape(literal) + r"\\s*"`` with a
    non-empty literal, else None."""
    if not pattern.endswith(_SPACES_SUFFIX):
        return None
    body = pattern[:-len(_SPACES_SUFFIX)]
    # re.escape puts a backslash before each special character (a backslash becomes two):
    # read from the left, a pair of backslashes is a backslash, any other one goes
    literal = "\\".join(part.replace("\\", "") for part in body.split("\\\\"))
    if literal and re.escape(literal) == body:  # re.escape is one-to-one: body is its output
        return literal
    return None


@lru_cache(maxsize=PATTERN_CACHE_SIZE)
def _n_chars_then_spaces(n: int) -> re.Pattern:
    return re.compile(r"(?s:.{%d})\s*" % n)


def _literal_finditer(literal: str, string: str):
    """The matches of ``re.finditer(re.escape(literal) + r"\\s*", string)``: each
    occurrence of ``literal`` from where the previous match ended, with the whitespace
    after it (the matches are never empty, so the next search starts at the end)."""
    pattern = _n_chars_then_spaces(len(literal))
    pos = 0
    while True:
        at = string.find(literal, pos)
        if at < 0:
            return
        match = pattern.match(string, at)
        yield match
        pos = match.end()


def _sub(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).sub(repl, string, count)


def _subn(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).subn(repl, string, count)


def _findall(pattern, string, flags=0):
    """``re.findall``, with two shortcuts that give the same list:

    - a pattern every match of which needs a character the text does not hold finds
      nothing: pysbd's look-up of the word after an abbreviation,
      ``(?<={E} ).{1}``, needs a "{" (its look-behind holds one), and its lists in
      parentheses (``ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS`` and
      ``EXTRACT_ALPHABETICAL_LIST_LETTERS_REGEX``, every alternative of which ends in
      ``(?=\\))``) need a ")";
    - ``(?:^|\\s|\\r|\\n)X`` (pysbd's search for each abbreviation, X letters, digits
      and "."): ``^`` matches at 0 only (no MULTILINE), and ``\\r``, ``\\n`` are in
      ``\\s``, so after a first match at 0 (the pattern's own match there, if any) every
      match is one of ``\\sX``, found from where the one before ended; the same strings,
      found sooner as the pattern then starts with a character class.
    """
    plan = _findall_plan(pattern, flags)
    if plan[0] == "needs":
        _kind, needed, compiled = plan
        if isinstance(string, str) and needed not in string:
            return []
        return compiled.findall(string)
    if plan[0] == "split":
        _kind, whole, spaced = plan
        first = whole.match(string)
        if first is None:
            return spaced.findall(string)
        return [first.group()] + spaced.findall(string, first.end())
    return plan[1].findall(string)


def _finditer(pattern, string, flags=0):
    if not flags and isinstance(pattern, str) and isinstance(string, str):
        literal = _escaped_literal(pattern)
        if literal is not None:
            return _literal_finditer(literal, string)
    return _compile(pattern, flags).finditer(string)


def _search(pattern, string, flags=0):
    return _compile(pattern, flags).search(string)


def _match(pattern, string, flags=0):
    return _compile(pattern, flags).match(string)


def _fullmatch(pattern, string, flags=0):
    return _compile(pattern, flags).fullmatch(string)


def _split(pattern, string, maxsplit=0, flags=0):
    return _compile(pattern, flags).split(string, maxsplit)


# The stand-in for ``re`` inside pysbd: everything of ``re`` (its own ``compile`` too,
# which pysbd does not call), with the functions that take a pattern and a text replaced
# by the ones above (same signatures as ``re``'s).
PYSBD_RE = types.ModuleType("re", "re, with compiled patterns kept (analysis.language.fastlib)")
PYSBD_RE.__dict__.update({k: v for k, v in vars(re).items() if not k.startswith("__")})
PYSBD_RE.__dict__.update(sub=_sub, subn=_subn, findall=_findall, finditer=_finditer,
                         search=_search, match=_match, fullmatch=_fullmatch, split=_split)


class _Swap:
    """Replacements put into some modules' globals while any block using them runs, and
    the originals put back when the last such block ends (a lock keeps threads apart)."""

    def __init__(self, find):
        self._find = find  # () -> [(module, name, original, replacement)]
        self._lock = threading.Lock()
        self._active = 0
        self._pairs = None
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        """In a child forked while another thread of the parent was inside a block: no
        block runs in the child, so the originals go back and the lock starts free."""
        self._lock = threading.Lock()
        if self._active and self._pairs:
            for module, name, original, _replacement in self._pairs:
                setattr(module, name, original)
        self._active = 0

    @contextmanager
    def __call__(self):
        with self._lock:
            if self._pairs is None:
                self._pairs = self._find()
            if not self._active:
                for module, name, _original, replacement in self._pairs:
                    setattr(module, name, replacement)
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                if not self._active:
                    for module, name, original, _replacement in self._pairs:
                        setattr(module, name, original)


def _module_globals(package: str, originals: dict) -> list[tuple]:
    """(module, name, original, replacement) for every global of ``package``'s loaded
    modules that is one of ``originals`` (a dict: original -> replacement)."""
    found = []
    for module_name, module in sorted(sys.modules.items()):
        if module is None or not (module_name == package or module_name.startswith(package + ".")):
            continue
        for name, value in list(vars(module).items()):
            for original, replacement in originals.items():
                if value is original:
                    found.append((module, name, original, replacement))
    return found


def _pysbd_pairs() -> list[tuple]:
    import pysbd  # noqa: F401  (imports every language module)
    from pysbd.lists_item_replacer import ListItemReplacer

    _NEEDS_CLOSING_PAREN.update((ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS,
                                 ListItemReplacer.EXTRACT_ALPHABETICAL_LIST_LETTERS_REGEX))

    return _module_globals("pysbd", {re: PYSBD_RE})


# pysbd's modules use PYSBD_RE for ``re`` while a ``with _kept_patterns():`` block runs
_kept_patterns = _Swap(_pysbd_pairs)


class Segmenter:
    """``pysbd.Segmenter(language=..., clean=..., char_span=..., doc_type=...)``, whose
    :meth:`segment` returns exactly what pysbd's returns, in less time (see the module
    docstring)."""

    def __init__(self, language: str = "en", *, clean: bool = False, char_span: bool = False,
                 doc_type: str | None = None):
        import pysbd

        self.pysbd = pysbd.Segmenter(language=language, clean=clean, doc_type=doc_type,
                                     char_span=char_span)

    def segment(self, text: str):
        """``pysbd.Segmenter.segment(text)``: the sentences (or ``TextSpan``s with
        ``char_span``)."""
        with _kept_patterns():
            return self.pysbd.segment(text)


# ----------------------------------------------------------------------------- textstat

# Words whose syllable count and difficulty are kept: textstat keeps 128 results of each
# function, so the words of one article push each other out; an English corpus of 4,000
# news articles has about 100,000 distinct words (about 100 bytes kept for each).
WORD_CACHE_SIZE = 1 << 18


def _textstat_pairs() -> list[tuple]:
    if _version("textstat") not in ADAPTED_VERSIONS["textstat"]:
        return []  # another textstat: its own functions, uncached by us (same figures)
    from textstat.backend.counts._count_syllables import count_syllables
    from textstat.backend.validations._is_difficult_word import is_difficult_word

    return _module_globals("textstat", {
        count_syllables: lru_cache(maxsize=WORD_CACHE_SIZE)(count_syllables),
        is_difficult_word: lru_cache(maxsize=WORD_CACHE_SIZE)(is_difficult_word)})


# textstat's modules use the kept functions while a ``with _kept_word_counts():`` block runs
_kept_word_counts = _Swap(_textstat_pairs)


class Textstat:
    """A ``textstat.textstatistics()`` scorer with textstat's defaults (language
    ``en_US``, no rounding), whose :meth:`scores` equal calling its functions one by one,
    in less time.

    textstat 0.7.8 counts the syllables of every word again for each measure that needs
    them (polysyllables for SMOG, difficult words for Gunning fog and Dale-Chall, twice),
    and keeps only the last 128 results of each counting function. While :meth:`scores`
    runs, textstat's own modules call its own ``count_syllables`` and
    ``is_difficult_word`` through a larger cache (``WORD_CACHE_SIZE`` results): both are
    pure functions of their arguments (the CMU dictionary, Pyphen's hyphenation and the
    easy-word list they read are fixed), so a kept result is the result. Nothing else
    changes, and textstat's functions are the originals again when it returns; a textstat
    call made by another thread meanwhile gets the same results, only sooner.
    """

    def __init__(self):
        from textstat.textstat import textstatistics

        self.textstat = textstatistics()

    def scores(self, text: str, functions: dict[str, str]) -> dict:
        """``{name: textstatistics().<function>(text)}`` for ``functions`` (a dict of
        name: textstat method name), in that order."""
        with _kept_word_counts():
            return {name: getattr(self.textstat, function)(text)
                    for name, function in functions.items()}


# ----------------------------------------------------------------------------- VADER

@lru_cache(maxsize=1)
def _sentiment_analyzer_class():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    if _version("vaderSentiment") not in ADAPTED_VERSIONS["vaderSentiment"]:
        return SentimentIntensityAnalyzer  # another VADER: its own analyzer, unchanged

    class SentimentAnalyzer(SentimentIntensityAnalyzer):
        """VADER's ``SentimentIntensityAnalyzer``, whose ``polarity_scores`` equal
        vaderSentiment 3.3.2's, sooner on long sentences (see :func:`sentiment_analyzer`)."""

        @staticmethod
        def _negation_check(valence, words_and_emoticons, start_i, i):
            # reads the lower-cased words i-3 .. i-1 only (never a negative index: VADER
            # calls it with i > start_i and reads i-1-start_i at the furthest)
            lo = i - 3 if i >= 3 else 0
            return SentimentIntensityAnalyzer._negation_check(
                valence, words_and_emoticons[lo:i + 1], start_i, i - lo)

        @staticmethod
        def _special_idioms_check(valence, words_and_emoticons, i):
            # called with i > 2; reads the words i-3 .. i+2 and whether i+1, i+2 exist
            return SentimentIntensityAnalyzer._special_idioms_check(
                valence, words_and_emoticons[i - 3:i + 3], 3)

    return SentimentAnalyzer


def sentiment_analyzer():
    """A VADER analyzer whose ``polarity_scores(text)`` equals vaderSentiment 3.3.2's
    ``SentimentIntensityAnalyzer().polarity_scores(text)``.

    For every lexicon word, VADER's ``_negation_check`` (up to three times) and
    ``_special_idioms_check`` lower-case the sentence's whole word list, to read at most
    three words before the word and two after it: the time per sentence grows with the
    square of its length. This subclass gives VADER's own two static methods only the
    words they read (a slice of at most six words, the index moved with it): the same
    lower-cased words at the same relative places, and whether the words after the
    current one exist, so they return the same valence. Nothing else is changed.
    """
    return _sentiment_analyzer_class()()
