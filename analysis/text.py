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
