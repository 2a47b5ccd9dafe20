"""Sentences and words of an analysis text.

Sentences come from pysbd (Sadvilkar & Neumann 2020, rule-based "Golden Rules" sentence
boundary detection), fed one paragraph at a time: its run time grows faster than linearly
with the length of one text (../shared/PITFALLS.md), and a paragraph never continues a
sentence across a line break in our cleaned text anyway.

Huge paragraphs (a page saved without line breaks) are the exception, kept linear: a
paragraph longer than ``LONG_PARAGRAPH_CHARS`` characters is given to pysbd in pieces of
at most ``PIECE_CHARS``, each cut at a safe sentence end (a lower-case word or a number,
then ".", "!" or "?", a space and a capital letter) found in the second half of the piece;
where there is none, at the last space (inside a word only when there is no space at
all), and the two sides of such a cut stay one sentence. A sentence longer than
``MAX_SENTENCE_WORDS`` words or ``MAX_SENTENCE_CHARS`` characters (a text without
sentence punctuation) is cut into parts of at most that size at spaces between words. Paragraphs of ordinary length are
split exactly as pysbd splits them. Whatever was cut is described in ``notes`` (and from
there in problems.csv); every character of a paragraph other than spaces lies in a
sentence.

Words are runs of Unicode letters and digits, joined by inner hyphens and apostrophes
(straight or curly), so "long-standing", "Lukashenko's" and "Lukashenko’s" are one word
each, "Łukašenka" and "Лукашенко" are words, and numbers such as "1.5" or "7,000" stay whole.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

WORD_RE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:[-'’‑][^\W_]+)*")
# The one tokenizer of the rules (the people detector, the speaker finder, the label
# reader): a dotted abbreviation ("U.S.", "F.B.I."), a word of any script's letters with
# inner hyphens and apostrophes and a possessive end ("Trump's", "Belarus’", "Jong-un",
# "Лукашенко"), a number ("1,200", "3.5", "1990s", "20-something"; not the comma after
# it), or a single
# mark. No nested quantifiers over the same characters: linear time. (Words are counted
# with WORD_RE, which keeps no marks and no possessive end.)
_TOKEN_WORD = r"(?:[A-Z]\.){2,}|[^\W\d_]\w*(?:[-‑'’]\w+)*['’]?|\d+(?:[.,]\d+)*\w*(?:[-‑]\w+)*"
TOKEN = re.compile(_TOKEN_WORD + r"|[^\w\s]")
# TOKEN with the full stops written inside or right after a word kept on the word ("Sen.",
# "Jr.", "said.", "D-N.Y.", "opensecrets.org"): a speaker's phrase is read so
# (analysis.people.attribution)
TOKEN_WITH_STOP = re.compile(r"(?:" + _TOKEN_WORD + r")(?:\.[^\W_][\w'’-]*)*\.?|[^\w\s]")
# Languages pysbd segments; anything else is split with the English rules.
DEFAULT_LANGUAGE = "en"


# The words of the word-choice terms: WORD_RE's words, with a dotted abbreviation ("U.S.",
# "p.m.", "D.C.") kept as one word, as a reader sees it.
TERM_WORD_RE = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.){2,}|" + WORD_RE.pattern)


def term_words(text: str) -> list[str]:
    """The words of ``text`` for the word-choice terms (:data:`TERM_WORD_RE`)."""
    return TERM_WORD_RE.findall(text)


def tokenize_words(text: str) -> list[str]:
    """The words of ``text`` in order (see the module docstring for what a word is)."""
    return WORD_RE.findall(text)


def count_words(text: str) -> int:
    """Number of words in ``text`` (as :func:`tokenize_words` defines them)."""
    return len(WORD_RE.findall(text))


@lru_cache(maxsize=None)
def _segmenter(language: str):
    """pysbd's segmenter through :class:`analysis.language.fastlib.Segmenter`: pysbd's own code,
    its regular expressions kept compiled (the same sentences, about twice as fast)."""
    from pysbd.languages import LANGUAGE_CODES

    from analysis.language.fastlib import Segmenter

    lang = language if language in LANGUAGE_CODES else DEFAULT_LANGUAGE
    return Segmenter(lang, clean=False, char_span=False)


# A paragraph longer than this is given to pysbd in pieces of at most PIECE_CHARS: pysbd's
# time per word grows with the length of its text (its abbreviation pass rewrites the
# whole text once per abbreviation found, and it looks every sentence up from the start
# of the text): here 27 us/word at 400 characters, 67 at 10,000, 75 at 20,000, and a
# paragraph of 1 MB did not finish in 300 s.
LONG_PARAGRAPH_CHARS = 10_000
PIECE_CHARS = 5_000
# A sentence longer than this (a text without sentence punctuation) is cut into parts:
# VADER's time per word grows with sentence length (2 us at 25 words, 18 us at 1,000).
MAX_SENTENCE_WORDS = 1_000
MAX_SENTENCE_CHARS = 10_000
# A safe place to cut a huge paragraph: a lower-case word or a number, a sentence end,
# perhaps a closing quotation mark or bracket, spaces, then a capital letter (perhaps after
# an opening quotation mark or bracket). Abbreviations ("Mr.", "U.S.", "p.m.") do not qualify.
_SAFE_END = re.compile(r"(?<![^\s\"“‘(])([^\W_]{3,}|\d+)[.!?][\"”’)]?(\s+)(?=[\"“‘(]?([^\W\d_]))")


def split_paragraph(paragraph: str, *, language: str = DEFAULT_LANGUAGE) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``paragraph``, without surrounding spaces (see
    the module docstring for paragraphs longer than ``LONG_PARAGRAPH_CHARS``)."""
    return _split_paragraph(paragraph, language=language, notes=None)


def _split_paragraph(paragraph: str, *, language: str, notes: list[str] | None,
                     where: str = "a paragraph") -> list[tuple[int, int]]:
    if not paragraph.strip():
        return []
    if len(paragraph) <= LONG_PARAGRAPH_CHARS:
        spans = _pysbd_spans(paragraph, 0, len(paragraph), language)
    else:
        pieces, forced = _pieces(paragraph)
        spans = []
        for a, b in pieces:
            found = _pysbd_spans(paragraph, a, b, language)
            if spans and found and a in forced:  # no sentence end at the cut: one sentence
                found[0] = (spans.pop()[0], found[0][1])
            spans.extend(found)
        if notes is not None:
            cuts = len(pieces) - 1
            note = (f"{where} of {count_words(paragraph):,} words ({len(paragraph):,} characters) "
                    f"was given to the sentence splitter in {len(pieces):,} pieces of at most "
                    f"{PIECE_CHARS:,} characters (pysbd slows down on longer texts): "
                    f"{cuts - len(forced):,} of the {cuts:,} cuts at a sentence end")
            if forced:
                note += (f", {len(forced):,} at a space where no sentence end was near (the text "
                         "on both sides of such a cut stays one sentence)")
            notes.append(note)
    return _cap_sentences(paragraph, _cover(paragraph, spans), notes, where)


def _pysbd_spans(paragraph: str, lo: int, hi: int, language: str) -> list[tuple[int, int]]:
    """pysbd's sentences of ``paragraph[lo:hi]`` as spans of ``paragraph``."""
    piece = paragraph[lo:hi]
    if not piece.strip():
        return []
    spans = []
    pos = 0
    for part in _segmenter(language or DEFAULT_LANGUAGE).segment(piece):
        sentence = part.strip()
        if not sentence:
            continue
        start = piece.find(sentence, pos)
        if start < 0:  # pysbd altered the text: fall back to the rest of the piece
            start = pos + len(piece[pos:]) - len(piece[pos:].lstrip())
            spans.append((lo + start, lo + len(piece.rstrip())))
            break
        end = start + len(sentence)
        spans.append((lo + start, lo + end))
        pos = end
    return spans


def _cover(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with any text they leave out (other than spaces) added to the sentence
    before it (or, at the start, to the first sentence), so nothing is lost silently."""
    out: list[tuple[int, int]] = []
    pos = 0  # end of the text covered so far
    for a, b in spans:
        if b <= pos:
            continue
        a = max(a, pos)
        gap = paragraph[pos:a]
        if gap.strip():
            if out:
                out[-1] = (out[-1][0], pos + len(gap.rstrip()))
            else:
                a = pos + len(gap) - len(gap.lstrip())
        out.append((a, b))
        pos = b
    rest = paragraph[pos:]
    if rest.strip():
        if out:
            out[-1] = (out[-1][0], pos + len(rest.rstrip()))
        else:
            out.append((pos + len(rest) - len(rest.lstrip()), pos + len(rest.rstrip())))
    return out


def _last_space(text: str, lo: int, hi: int) -> int:
    """The index of the last whitespace character in ``text[lo:hi]``, or -1."""
    for i in range(hi - 1, lo - 1, -1):
        if text[i].isspace():
            return i
    return -1


def _cut_at(text: str, lo: int, hi: int) -> tuple[int, bool]:
    """Where to cut ``text`` (from ``lo``) at most at ``hi``: after the last safe sentence
    end in the second half of ``lo:hi`` (True), else after the last space (False), else
    at ``hi`` (inside a word, never before a combining mark)."""
    best = -1
    for m in _SAFE_END.finditer(text, lo + (hi - lo) // 2, hi):
        word, upper = m.group(1), m.group(3)
        if (word.islower() or word.isdigit()) and upper.isupper() and m.end() < hi:
            best = m.end()
    if best > lo:
        return best, True
    space = _last_space(text, lo + 1, hi)
    if space > lo:
        return space + 1, False
    cut = hi
    while cut > lo + 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return cut, False


def _pieces(paragraph: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Cut a long paragraph into pieces of at most PIECE_CHARS characters; also return the
    starts of the pieces whose cut is not at a sentence end."""
    pieces, forced = [], set()
    pos = 0
    while len(paragraph) - pos > PIECE_CHARS:
        cut, at_sentence_end = _cut_at(paragraph, pos, pos + PIECE_CHARS)
        pieces.append((pos, cut))
        if not at_sentence_end:
            forced.add(cut)
        pos = cut
    pieces.append((pos, len(paragraph)))
    return pieces, forced


def _cap_sentences(paragraph: str, spans: list[tuple[int, int]], notes: list[str] | None,
                   where: str) -> list[tuple[int, int]]:
    """Cut every sentence longer than MAX_SENTENCE_WORDS words or MAX_SENTENCE_CHARS
    characters into parts of at most that size, at spaces between words."""
    out, long_ones = [], []
    for a, b in spans:
        # a word takes at least one character: a short sentence needs no counting
        if b - a <= MAX_SENTENCE_WORDS or (b - a <= MAX_SENTENCE_CHARS
                                           and count_words(paragraph[a:b]) <= MAX_SENTENCE_WORDS):
            out.append((a, b))
            continue
        parts = _cut_sentence(paragraph, a, b)
        long_ones.append((count_words(paragraph[a:b]), b - a, len(parts)))
        out.extend(parts)
    if long_ones and notes is not None:
        words = sum(w for w, _c, _p in long_ones)
        parts = sum(p for _w, _c, p in long_ones)
        longest = max(long_ones)
        if len(long_ones) == 1:
            note = (f"{where}: a sentence of {longest[0]:,} words ({longest[1]:,} characters) "
                    f"without sentence punctuation was cut into {parts:,} parts")
        else:
            note = (f"{where}: {len(long_ones):,} sentences of {words:,} words in all (the "
                    f"longest {longest[0]:,} words) without sentence punctuation were cut into "
                    f"{parts:,} parts")
        notes.append(note + f" of at most {MAX_SENTENCE_WORDS:,} words or {MAX_SENTENCE_CHARS:,} "
                            "characters, at spaces between words")
    return out


def _cut_sentence(paragraph: str, a: int, b: int) -> list[tuple[int, int]]:
    parts = []
    start = a
    while start < b:
        limit = min(b, start + MAX_SENTENCE_CHARS)
        end, n = None, 0
        words = WORD_RE.finditer(paragraph, start, b)
        for m in words:
            if m.end() > limit:
                break
            n += 1
            if n == MAX_SENTENCE_WORDS:
                end = m.end()
                following = next(words, None)
                stop = min(limit, following.start()) if following else limit
                while end < stop and not paragraph[end].isspace():
                    end += 1  # keep the punctuation after the word, up to the next word
                break
        if end is None:
            end = b if limit == b else _cut_at_space(paragraph, start, limit)
        stop = end
        while stop > start and paragraph[stop - 1].isspace():
            stop -= 1
        parts.append((start, stop))
        start = end
        while start < b and paragraph[start].isspace():
            start += 1
    return parts


def _cut_at_space(text: str, lo: int, hi: int) -> int:
    space = _last_space(text, lo + 1, hi)
    if space > lo:
        return space
    cut = hi
    while cut > lo + 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return cut


def split_sentences(paragraphs: list[dict], *, language: str = DEFAULT_LANGUAGE,
                    notes: list[str] | None = None) -> list[dict]:
    """Split cleaned paragraphs (dicts with role, text, start, as built by
    :func:`analysis.language.clean.clean_article`) into sentence rows: sentence_id (1-based within
    the article), paragraph_id, role, start, end (offsets into the analysis text),
    n_words and text. What was unusual (a paragraph given to pysbd in pieces, a sentence
    without punctuation cut into parts) is appended to ``notes``, one line each."""
    rows = []
    for p_no, para in enumerate(paragraphs, start=1):
        where = f"paragraph {p_no} ({para['role']})"
        for start, end in _split_paragraph(para["text"], language=language, notes=notes,
                                           where=where):
            text = para["text"][start:end]
            rows.append({"sentence_id": len(rows) + 1, "paragraph_id": p_no,
                         "role": para["role"], "start": para["start"] + start,
                         "end": para["start"] + end, "n_words": count_words(text),
                         "text": text})
    return rows


# ----------------------------------------------------------------------------- quotations

# A quotation of at most this many words with no sentence-ending punctuation inside is a
# scare quote (“union state”, "interference,"), not a speaker's words.
SCARE_QUOTE_MAX_WORDS = 2
_DOUBLE_OPEN, _DOUBLE_CLOSE = "“«„", "”»"
_SINGLE_OPEN, _SINGLE_CLOSE = "‘", "’"
TWO_APOSTROPHES = "''"


def _is_single_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-\"“") and after.isalnum()


def _is_single_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isalnum() or before in ".,!?") and not after.isalnum()


def _inside_word(text: str, i: int, width: int) -> bool:
    """Whether the mark at ``text[i:i + width]`` stands between two letters or digits (an
    escaped apostrophe, "Trump''s", is no quotation mark)."""
    return i > 0 and text[i - 1].isalnum() and i + width < len(text) and text[i + width].isalnum()


# The voice of a stretch of an article's text, in every table that has a voice column:
# the narrator's own words, or the words of someone the article quotes; a sentence with
# both is "mixed" (only in the sentences table: sentiment scores its two parts apart).
NARRATOR, QUOTED, MIXED = "narrator", "quoted", "mixed"
VOICES = (NARRATOR, QUOTED)


def check_voices(voices) -> None:
    """Raise ValueError naming the voices there are if ``voices`` holds another word
    (filtering a table by "quote" would otherwise give an empty table silently)."""
    unknown = [v for v in voices if v not in (*VOICES, MIXED, "all")]
    if unknown:
        raise ValueError(f"unknown voice {unknown[0]!r}: the voices are "
                         f"{', '.join(repr(v) for v in (*VOICES, MIXED))} (and 'all' in summaries)")


def find_quotes(text: str) -> list[dict]:
    """Quotation spans in an analysis text: dicts with start, end (offsets including the
    quotation marks), kind ("quote" or "scare") and text (without the marks).

    Straight and curly double quotes, two apostrophes standing for a double quote (''…''),
    guillemets, and single quotes that stand at word boundaries (so "Lukashenko's" and "Belarus' influence" are apostrophes) are read. A
    quotation never crosses a paragraph; one left open runs to the end of its paragraph,
    as news style opens each paragraph of a multi-paragraph quotation without closing the
    one before. A quotation of at most SCARE_QUOTE_MAX_WORDS words with no ".", "!" or "?"
    inside is a scare quote: a distancing device of the narrator, not a speaker's words.
    """
    spans = []
    offset = 0
    for paragraph in text.split("\n\n"):
        spans.extend(_paragraph_quotes(paragraph, offset))
        offset += len(paragraph) + 2
    return spans


# the characters that can open or close a quotation; _paragraph_quotes reads only these
_MARKS = re.compile("[" + re.escape('"\'' + _DOUBLE_OPEN + _DOUBLE_CLOSE + _SINGLE_OPEN
                                    + _SINGLE_CLOSE) + "]")


def _paragraph_quotes(par: str, offset: int) -> list[dict]:
    spans, open_at, open_kind = [], None, ""  # spans: (start, end, opening, closing mark length)
    i = 0
    for mark in _MARKS.finditer(par):
        if mark.start() < i:  # the second of two apostrophes read as one mark
            continue
        i = mark.start()
        ch = par[i]
        # two apostrophes stand for a double quotation mark (news archives' plain text:
        # ''It's over,'' he said)
        double = 2 if (par.startswith(TWO_APOSTROPHES, i) and not _inside_word(par, i, 2)) \
            else 1 if ch == '"' else 0
        if open_at is None:
            if double or ch in _DOUBLE_OPEN:
                open_at, open_kind, open_len = i, "double", double or 1
            elif (ch in _SINGLE_OPEN or ch == "'") and _is_single_open(par, i):
                open_at, open_kind, open_len = i, "single", 1
        elif open_kind == "double" and (double or ch in _DOUBLE_CLOSE):
            spans.append((open_at, i + (double or 1), open_len, double or 1))
            open_at = None
        elif open_kind == "single" and (ch in _SINGLE_CLOSE or ch == "'") and _is_single_close(par, i):
            spans.append((open_at, i + 1, 1, 1))
            open_at = None
        i += double or 1
    if open_at is not None and open_kind == "double":
        spans.append((open_at, len(par), open_len, 0))
    out = []
    for start, end, opening, closing in spans:
        inner = par[start + opening:end - closing]
        scare = count_words(inner) <= SCARE_QUOTE_MAX_WORDS and not re.search(r"[.!?]", inner)
        out.append({"start": offset + start, "end": offset + end,
                    "kind": "scare" if scare else "quote", "text": inner})
    return out


def in_spans(position: int, spans: list[dict], kind: str = "quote") -> bool:
    """Whether ``position`` lies inside a span of ``kind`` (spans from :func:`find_quotes`).
    For many positions, build a :class:`SpanIndex` once instead."""
    return any(s["start"] <= position < s["end"] for s in spans if s["kind"] == kind)


def voice_of(quoted: bool) -> str:
    """The voice word of words inside a direct quotation (QUOTED) or not (NARRATOR)."""
    return QUOTED if quoted else NARRATOR


class SpanIndex:
    """``position in SpanIndex(spans)``: :func:`in_spans` in logarithmic time, for the
    many mentions of a long article."""

    def __init__(self, spans: list[dict], kind: str = "quote"):
        chosen = sorted((s["start"], s["end"]) for s in spans if s["kind"] == kind)
        self.starts = [a for a, _b in chosen]
        self.reach = []  # the furthest end of the spans starting so far
        furthest = -1
        for _a, b in chosen:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def __contains__(self, position: int) -> bool:
        i = bisect_right(self.starts, position) - 1
        return i >= 0 and position < self.reach[i]

    def voice(self, position: int) -> str:
        """QUOTED inside one of the spans (direct quotations), else NARRATOR."""
        return voice_of(position in self)


class SentenceIndex:
    """Find the sentence row (a dict with ``start``) that holds an offset of an article's
    analysis text."""

    def __init__(self, sentences: list[dict]):
        self.rows = sorted(sentences, key=lambda s: s["start"])
        self.starts = [s["start"] for s in self.rows]

    def at(self, pos: int) -> dict | None:
        i = bisect_right(self.starts, pos) - 1
        return self.rows[i] if i >= 0 else None


def sentence_voice(start: int, end: int, quotes: list[dict]) -> tuple[str, str]:
    """The voice of the sentence at ``start:end`` of an analysis text: "narrator",
    "quoted" (wholly inside quotation marks, apart from the marks and attribution-free
    punctuation) or "mixed"; and its quotation spans relative to the sentence, as
    "start:end" pairs separated by ";" (the text between the marks)."""
    parts = []
    for q in quotes:
        if q["kind"] != "quote" or q["end"] <= start or q["start"] >= end:
            continue
        a, b = max(q["start"] + 1, start), min(q["end"] - 1, end)
        if q["end"] - 1 >= end or q["start"] + 1 <= start:  # quotation crosses the boundary
            a, b = max(q["start"] + 1, start), min(q["end"], end)
        if b > a:
            parts.append((a - start, b - start))
    quoted = sum(b - a for a, b in parts)
    length = end - start
    if not parts:
        voice = NARRATOR
    elif quoted >= length - 4:  # only the quotation marks and final punctuation outside
        voice = QUOTED
    else:
        voice = MIXED
    return voice, ";".join(f"{a}:{b}" for a, b in parts)


def sentence_voices(sentences: list[dict], quotes: list[dict]) -> list[tuple[str, str]]:
    """:func:`sentence_voice` of every sentence row (start, end), each compared only with
    the quotations that can overlap it (so a long article costs time in proportion to its
    length, not to sentences times quotations)."""
    chosen = sorted((q for q in quotes if q["kind"] == "quote"), key=lambda q: q["start"])
    starts = [q["start"] for q in chosen]
    reach, furthest = [], -1
    for q in chosen:
        furthest = max(furthest, q["end"])
        reach.append(furthest)
    out = []
    for s in sentences:
        start, end = s["start"], s["end"]
        first = bisect_right(reach, start)  # spans before it all end at or before start
        last = bisect_right(starts, end - 1) if end > start else first
        out.append(sentence_voice(start, end, chosen[first:max(first, last)]))
    return out


def parse_spans(spans: str) -> list[tuple[int, int]]:
    """The "start:end;start:end" spans of :func:`sentence_voice` as pairs."""
    if not isinstance(spans, str) or not spans:
        return []
    return [tuple(int(x) for x in part.split(":")) for part in spans.split(";")]


def split_voice(sentence: str, quote_spans: str) -> tuple[str, str]:
    """A sentence's narrator text and quoted text, from its ``quote_spans`` (as
    :func:`sentence_voice` writes them): the quoted parts joined by spaces, and the rest
    without the quotation marks around those parts."""
    spans = parse_spans(quote_spans)
    if not spans:
        return sentence, ""
    quoted = " ".join(sentence[a:b].strip() for a, b in spans)
    pieces, pos = [], 0
    for a, b in spans:
        pieces.append(sentence[pos:max(a - 1, pos)])
        pos = min(b + 1, len(sentence))
    pieces.append(sentence[pos:])
    narrator = " ".join(p.strip() for p in pieces if p.strip())
    return narrator, quoted


def voice_in_sentence(position: int, quote_spans: str) -> str:
    """The voice at a position of a sentence: QUOTED inside one of its ``quote_spans``
    (offsets in the sentence, as :func:`sentence_voice` writes them), else NARRATOR; the
    same rule as :meth:`SpanIndex.voice` for offsets in an article."""
    return voice_of(any(a <= position < b for a, b in parse_spans(quote_spans)))
