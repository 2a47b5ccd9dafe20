"""Sentences and words of an analysis text.

Sentences come from pysbd (Sadvilkar & Neumann 2020, rule-based "Golden Rules" sentence
boundary detection), fed one paragraph at a time: its run time grows faster than linearly
with the length of one text (../shared/PITFALLS.md), and a paragraph never continues a
sentence across a line break in our cleaned text anyway.

Words are runs of Unicode letters and digits, joined by inner hyphens and apostrophes
(straight or curly), so "long-standing", "Lukashenko's" and "Lukashenko’s" are one word
each, "Łukašenka" and "Лукашенко" are words, and numbers such as "1.5" or "7,000" stay whole.
"""
from __future__ import annotations

import re
from functools import lru_cache

WORD_RE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:[-'’‑][^\W_]+)*")
# Languages pysbd segments; anything else is split with the English rules.
DEFAULT_LANGUAGE = "en"


def tokenize_words(text: str) -> list[str]:
    """The words of ``text`` in order (see the module docstring for what a word is)."""
    return WORD_RE.findall(text)


def count_words(text: str) -> int:
    """Number of words in ``text`` (as :func:`tokenize_words` defines them)."""
    return sum(1 for _ in WORD_RE.finditer(text))


@lru_cache(maxsize=None)
def _segmenter(language: str):
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    lang = language if language in LANGUAGE_CODES else DEFAULT_LANGUAGE
    return pysbd.Segmenter(language=lang, clean=False, char_span=False)


def split_paragraph(paragraph: str, *, language: str = DEFAULT_LANGUAGE) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``paragraph``, without surrounding spaces."""
    if not paragraph.strip():
        return []
    spans = []
    pos = 0
    for piece in _segmenter(language or DEFAULT_LANGUAGE).segment(paragraph):
        sentence = piece.strip()
        if not sentence:
            continue
        start = paragraph.find(sentence, pos)
        if start < 0:  # pysbd altered the text: fall back to the rest of the paragraph
            start = pos + len(paragraph[pos:]) - len(paragraph[pos:].lstrip())
            spans.append((start, len(paragraph.rstrip())))
            break
        end = start + len(sentence)
        spans.append((start, end))
        pos = end
    return spans


def split_sentences(paragraphs: list[dict], *, language: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Split cleaned paragraphs (dicts with role, text, start, as built by
    :func:`analysis.clean.clean_article`) into sentence rows: sentence_id (1-based within
    the article), paragraph_id, role, start, end (offsets into the analysis text),
    n_words and text."""
    rows = []
    for p_no, para in enumerate(paragraphs, start=1):
        for start, end in split_paragraph(para["text"], language=language):
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


def _is_single_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-\"“") and after.isalnum()


def _is_single_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isalnum() or before in ".,!?") and not after.isalnum()


def find_quotes(text: str) -> list[dict]:
    """Quotation spans in an analysis text: dicts with start, end (offsets including the
    quotation marks), kind ("quote" or "scare") and text (without the marks).

    Straight and curly double quotes, guillemets, and single quotes that stand at word
    boundaries (so "Lukashenko's" and "Belarus' influence" are apostrophes) are read. A
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


def _paragraph_quotes(par: str, offset: int) -> list[dict]:
    spans, open_at, open_kind = [], None, ""
    for i, ch in enumerate(par):
        if open_at is None:
            if ch == '"' or ch in _DOUBLE_OPEN:
                open_at, open_kind = i, "double"
            elif (ch in _SINGLE_OPEN or ch == "'") and _is_single_open(par, i):
                open_at, open_kind = i, "single"
        elif open_kind == "double" and (ch == '"' or ch in _DOUBLE_CLOSE):
            spans.append((open_at, i + 1))
            open_at = None
        elif open_kind == "single" and (ch in _SINGLE_CLOSE or ch == "'") and _is_single_close(par, i):
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None and open_kind == "double":
        spans.append((open_at, len(par)))
    out = []
    for start, end in spans:
        inner = par[start + 1:end - 1] if end - start >= 2 else ""
        if end == len(par) and par[end - 1] not in '"”»’\'':
            inner = par[start + 1:end]
        scare = count_words(inner) <= SCARE_QUOTE_MAX_WORDS and not re.search(r"[.!?]", inner)
        out.append({"start": offset + start, "end": offset + end,
                    "kind": "scare" if scare else "quote", "text": inner})
    return out


def in_spans(position: int, spans: list[dict], kind: str = "quote") -> bool:
    """Whether ``position`` lies inside a span of ``kind`` (spans from :func:`find_quotes`)."""
    return any(s["start"] <= position < s["end"] for s in spans if s["kind"] == kind)


def sentence_voice(start: int, end: int, quotes: list[dict]) -> tuple[str, str]:
    """The voice of the sentence at ``start:end`` of an analysis text: "narrator",
    "quote" (wholly inside quotation marks, apart from the marks and attribution-free
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
        voice = "narrator"
    elif quoted >= length - 4:  # only the quotation marks and final punctuation outside
        voice = "quote"
    else:
        voice = "mixed"
    return voice, ";".join(f"{a}:{b}" for a, b in parts)


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


def in_sentence_quote(position: int, quote_spans: str) -> bool:
    """Whether a position of a sentence lies inside one of its ``quote_spans``."""
    return any(a <= position < b for a, b in parse_spans(quote_spans))
