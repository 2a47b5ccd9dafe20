"""Property-based tests (hypothesis) of cleaning, sentence splitting, quotations and
mentions (issue 11, item 5): on any Unicode text, nothing raises, every offset points at
the text it claims, cleaning is idempotent and keeps only characters of the raw text.

Definitions checked here:
- **Idempotent cleaning**: with no rules (every line body, no title), cleaning an
  analysis text gives the same analysis text: ``clean_article(T, rules=[]).text == T`` for
  every analysis text ``T`` that cleaning with the bundled rules (and any title) produced.
  Cleaning twice with the bundled rules need not be idempotent, and is not asserted: a
  rule that reads neighbouring lines ("repeats_neighbour", "precedes_caption") sees other
  neighbours once captions and boilerplate are gone.
- **Characters come from the raw text**: the analysis text with every whitespace
  character removed is a subsequence of the Unicode NFC form of the title and the raw
  text, with every whitespace character removed. The only changes cleaning may make are
  dropping lines, dropping a standfirst's bullet, NFC normalisation and turning runs of
  whitespace into one space (within a line) or "\\n\\n" (between paragraphs).

Examples are derandomized and few, so the file runs in seconds and CI is deterministic.
"""
from __future__ import annotations

import re
import unicodedata
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.language import clean, text
from analysis.measures import labels as labels_mod, naming
from analysis.people import quotations, registry, speakers as speakers_mod
from analysis.people import name_lists, names as people

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

QUOTE_MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„"]
PIECES = QUOTE_MARKS + [
    "\n", "\n\n", " ", "  ", "\u00a0", "\t", "\r", "\u2028", "\u2000", ".", "!", "?", ",", ":",
    ";", "—", "–", "-", "(", ")", "•", "\u0301", "\u0308", "e\u0301", "é", "\u212b", "Å", "ﬁ",
    "1.5", "7,000", "Mr.", "U.S.", "p.m.", "...", "…",
]
WORDS = [
    "Lukashenko", "Lukashenka", "Łukašenka", "Лукашенко", "Alexander", "Alyaksandr", "Putin",
    "Vladimir", "Svetlana", "Sviatlana", "Tikhanovskaya", "Tsikhanouskaya", "Belarus",
    "Belarus'", "Lukashenko's", "Putin’s", "Russia", "EU", "President", "leader", "the",
    "authoritarian", "embattled", "who", "which", "has", "ruled", "said", "told", "he",
    "she", "they", "The", "Minsk", "photo", "Advertisement", "Read more",
]
_TOKENS = st.one_of(st.sampled_from(WORDS), st.sampled_from(PIECES),
                    st.text(max_size=4))
NEWSY = st.tuples(st.lists(_TOKENS, max_size=50), st.booleans()).map(
    lambda t: (" " if t[1] else "").join(t[0]))
# any Unicode text (hypothesis leaves out surrogates), and text built from names, quotation
# marks, combining marks, unusual spaces and sentence punctuation
TEXTS = st.one_of(st.text(max_size=300), NEWSY)
TITLES = st.one_of(st.just(""), st.text(max_size=30), NEWSY)

RULES = clean.load_rules()
REGISTRY = registry.load_registry()
LABEL_RULES = labels_mod.load_label_rules()
LISTS = name_lists.load_name_lists()


def _no_space(s: str) -> str:
    return "".join(ch for ch in s if not ch.isspace())


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


def _analyse(raw: str, title: str = "", outlet: str = "DW"):
    cleaned = clean.clean_article(raw, outlet=outlet, title=title, rules=RULES)
    sentences = text.split_sentences(cleaned.paragraphs)
    return cleaned, sentences


# ----------------------------------------------------------------------------- cleaning

@SETTINGS
@given(raw=TEXTS, title=TITLES, outlet=st.sampled_from(["DW", "SCMP", "France 24", "Other"]))
@example(raw="", title="0\n0", outlet="DW")  # found by hypothesis: a title with a line break
@example(raw="•", title="0", outlet="DW")  # found by hypothesis: a standfirst bullet alone
def test_cleaning_offsets_idempotence_and_provenance(raw, title, outlet):
    cleaned = clean.clean_article(raw, outlet=outlet, title=title, rules=RULES)
    # paragraphs point into the analysis text, and are joined by "\n\n"
    assert "\n\n".join(p["text"] for p in cleaned.paragraphs) == cleaned.text
    for p in cleaned.paragraphs:
        assert cleaned.text[p["start"]:p["end"]] == p["text"]
        assert p["text"] and p["text"] == p["text"].strip() and "\n" not in p["text"]
        assert not re.search(r"\s\s", p["text"])
        assert unicodedata.is_normalized("NFC", p["text"])
    # idempotent (module docstring)
    again = clean.clean_article(cleaned.text, outlet=outlet, title="", rules=[])
    assert again.text == cleaned.text
    # every character comes from the raw text (module docstring)
    source = unicodedata.normalize("NFC", title + "\n" + raw)
    assert _is_subsequence(_no_space(cleaned.text), _no_space(source))
    # the audit keeps every line of the raw text
    assert [l["text"] for l in cleaned.lines if l["line_no"] > 0] == raw.split("\n")


# ----------------------------------------------------------------------------- sentences

def _check_spans(paragraph: str, spans: list[tuple[int, int]]) -> None:
    pos = 0
    for a, b in spans:
        assert pos <= a < b <= len(paragraph)
        sentence = paragraph[a:b]
        assert sentence == sentence.strip()
        assert not paragraph[pos:a].strip(), "text outside every sentence"
        pos = b
    assert not paragraph[pos:].strip(), "text outside every sentence"


@SETTINGS
@given(paragraph=TEXTS)
def test_split_paragraph_covers_the_text(paragraph):
    _check_spans(paragraph, text.split_paragraph(paragraph))


@SETTINGS
@given(paragraph=NEWSY)
def test_split_paragraph_in_pieces_covers_the_text(paragraph):
    """The piece-wise splitting of huge paragraphs and the cutting of long sentences, with
    limits small enough for hypothesis's texts."""
    with mock.patch.multiple(text, LONG_PARAGRAPH_CHARS=40, PIECE_CHARS=25,
                             MAX_SENTENCE_WORDS=4, MAX_SENTENCE_CHARS=30):
        notes: list[str] = []
        spans = text._split_paragraph(paragraph, language="en", notes=notes)
        _check_spans(paragraph, spans)
        for a, b in spans:
            assert b - a <= 30 and text.count_words(paragraph[a:b]) <= 4
        if len(paragraph) > 40 and paragraph.strip():
            assert any("sentence splitter" in n for n in notes)


@SETTINGS
@given(raw=TEXTS, title=TITLES)
def test_sentence_rows_point_into_the_analysis_text(raw, title):
    cleaned, sentences = _analyse(raw, title)
    ids = [s["sentence_id"] for s in sentences]
    assert ids == list(range(1, len(sentences) + 1))
    for s in sentences:
        assert cleaned.text[s["start"]:s["end"]] == s["text"]
        assert s["n_words"] == text.count_words(s["text"])
        p = cleaned.paragraphs[s["paragraph_id"] - 1]
        assert p["start"] <= s["start"] < s["end"] <= p["end"] and s["role"] == p["role"]
    # every character other than spaces lies in a sentence
    covered = sorted((s["start"], s["end"]) for s in sentences)
    pos = 0
    for a, b in covered:
        assert not cleaned.text[pos:a].strip()
        pos = b
    assert not cleaned.text[pos:].strip()
    # and every word is counted once
    assert sum(s["n_words"] for s in sentences) == text.count_words(cleaned.text)


# ----------------------------------------------------------------------------- quotations

@SETTINGS
@given(raw=TEXTS)
def test_quotes_point_at_their_marks(raw):
    cleaned, sentences = _analyse(raw)
    t = cleaned.text
    quotes = text.find_quotes(t)
    opening = set('"“«„\'‘')
    closing = set('"”»\'’')
    for q in quotes:
        span = t[q["start"]:q["end"]]
        assert span and span[0] in opening and "\n\n" not in span
        assert q["text"] in span
        paragraph_end = q["end"] == len(t) or t.startswith("\n\n", q["end"])
        if len(span) >= 2 and span[-1] in closing:
            assert q["text"] in (span[1:-1], span[1:])
        else:  # left open: runs to the end of its paragraph
            assert paragraph_end and q["text"] == span[1:]
        assert q["kind"] in ("quote", "scare")
    # spans come in order and do not overlap
    for a, b in zip(quotes, quotes[1:]):
        assert a["end"] <= b["start"]
    # the fast voice of every sentence equals the sentence-by-sentence reading
    fast = text.sentence_voices(sentences, quotes)
    assert fast == [text.sentence_voice(s["start"], s["end"], quotes) for s in sentences]
    index = text.SpanIndex(quotes)
    for position in range(len(t) + 1):
        assert (position in index) == text.in_spans(position, quotes)


# ----------------------------------------------------------------------------- mentions

@SETTINGS
@given(raw=TEXTS, title=TITLES)
def test_mentions_labels_and_speakers_point_at_their_text(raw, title):
    cleaned, sentences = _analyse(raw, title)
    t = cleaned.text
    quotes = text.find_quotes(t)
    mentions = naming.find_mentions(t, sentences, REGISTRY, quotes=quotes)
    for m in mentions:
        surface = t[m["start"]:m["end"]]
        assert surface == m["surface"]
        words = re.sub(r"\s+", " ", surface)
        expected = (m["given_form"] + " " if m["given_form"] else "") + m["name_form"]
        assert words.startswith(expected)
        rest = words[len(expected):]
        assert rest in ("", "'s", "’s", "'", "’") and m["possessive"] == bool(rest)
        assert m["voice"] == ("quoted" if text.in_spans(m["start"], quotes) else "narrator")
    labels = labels_mod.find_labels(t, sentences, mentions, REGISTRY, LABEL_RULES, lists=LISTS, quotes=quotes)
    for label in labels:
        assert t[label["start"]:label["end"]] == label["label"]
    detected = people.find_people(t, sentences, lists=LISTS)
    for r in detected:
        assert t[r["start"]:r["end"]] == r["mention"]
    found = quotations.find_quotations(t, sentences, mentions, REGISTRY, quotes=quotes, people=detected,
                                    lists=LISTS)
    for q in found:
        assert q["quote"] in t[q["start"]:q["end"]]
    # pronouns resolve as reading every candidate person would
    speakers = speakers_mod.Speakers(t, mentions, registry.find_references(t, REGISTRY), REGISTRY,
                                 people=detected, lists=LISTS)
    for p in re.finditer(r"\b(he|she|they)\b", t, re.IGNORECASE):
        assert speakers.resolve(p.group(), p.start()) == speakers_mod._resolve_pronoun(
            p.group(), p.start(), speakers.persons)


@SETTINGS
@given(raw=NEWSY)
def test_labels_read_in_windows_equal_the_whole_sentence(raw):
    """Labels read in a window around each name (LABEL_WINDOW, here made tiny) are those
    read in the whole sentence."""
    cleaned, sentences = _analyse(raw)
    t = cleaned.text
    mentions = naming.find_mentions(t, sentences, REGISTRY)
    whole = labels_mod.find_labels(t, sentences, mentions, REGISTRY, LABEL_RULES, lists=LISTS)
    for window in (1, 8, 30):
        with mock.patch.object(labels_mod, "LABEL_WINDOW", window):
            assert labels_mod.find_labels(t, sentences, mentions, REGISTRY, LABEL_RULES, lists=LISTS) == whole
