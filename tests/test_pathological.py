"""Pathological sizes in linear time (issue 11, item 3).

A 1 MB article on a single line, a body paragraph of 100,000 words and one of 100,000
words without sentence punctuation are processed at a time per word within 3x of ordinary
articles' (a ratio of CPU times of this process, so that other work on the machine does
not count, with the ordinary articles measured right before each case, so that a change
in the machine's load between the two falls on both), with a warning saying what was
unusual, and without losing a word: every character of the analysis text other than
spaces lies in a sentence.

The texts are built here from varied ordinary English sentences (names and numbers drawn
from a seeded generator), so that no two articles repeat and textstat's cache is not hit.
``benchmarks/pathological_sizes.py`` prints the same figures, and a 50 MB article's.
"""
from __future__ import annotations

import json
import random
import re
import time

import pytest

from analysis.pipeline import export, process, stream
from analysis.pipeline.config import Config
from analysis.language import text

SURNAMES = ["Lukashenko", "Putin", "Tikhanovskaya", "Smith", "Novak", "Kowalski", "Ivanova",
            "Petrov", "Garcia", "Brown", "Lukashenka", "Tsikhanouskaya"]
GIVEN = ["Alexander", "Vladimir", "Svetlana", "John", "Anna", "Maria", "Peter", "Olga"]
PLACES = ["Minsk", "Moscow", "Warsaw", "Vilnius", "Kyiv", "Brussels", "Sochi", "Berlin"]
NOUNS = ["agreement", "sanctions", "pipeline", "election", "protest", "budget", "loan",
         "treaty", "summit", "crackdown", "union state", "gas price", "border"]
ADJECTIVES = ["deeper", "new", "controversial", "fragile", "historic", "disputed",
              "long-standing", "quiet", "authoritarian", "embattled"]
TEMPLATES = [
    "{G} {S} met officials in {P} on {d} March to discuss the {a} {n}.",
    "The {n} worth ${x} billion was signed in {P} after {k} hours of talks.",
    "\u201cWe will not accept the {a} {n},\u201d {S} said in {P}.",
    "Critics in {P} called the {n} a \u201c{a} deal\u201d and demanded {k} changes.",
    "According to the ministry, {k},{z:03d} people joined the {n} in {P} last year.",
    "President {S}, who has ruled for {k} years, praised the {a} {n}.",
    "Mr. {S} arrived at {d} p.m. on Monday, and the {n} talks began soon after.",
    "Analysts said the {a} {n} could cost {P} about {x}.{k} percent of its output.",
    "Opposition leader {G} {S} told reporters: \"The {n} is {a} and it will fail.\"",
    "In {P}, the {n} was described as {a} by {k} of the {z} deputies.",
    "Was the {n} in {P} a success? {S} did not say.",
    "The {a} leader {S}'s plan for the {n} drew {k} protests in {P}!",
]


def sentences(seed: int):
    """An endless supply of varied ordinary news sentences."""
    rng = random.Random(seed)
    while True:
        yield rng.choice(TEMPLATES).format(
            G=rng.choice(GIVEN), S=rng.choice(SURNAMES), P=rng.choice(PLACES),
            n=rng.choice(NOUNS), a=rng.choice(ADJECTIVES), d=rng.randint(1, 28),
            x=rng.randint(1, 999), k=rng.randint(2, 99), z=rng.randint(0, 999))


def paragraph(n_words: int, seed: int, *, punctuation: bool = True) -> str:
    """About ``n_words`` words of sentences in one paragraph; without ``punctuation`` no
    ".", "!" or "?" (a text with no sentence ends)."""
    out, count = [], 0
    for s in sentences(seed):
        if not punctuation:
            s = re.sub(r"[.!?]", "", s)
        out.append(s)
        count += len(s.split())
        if count >= n_words:
            return " ".join(out)


def ordinary_text(seed: int, n_words: int = 700) -> str:
    """An ordinary article's text: paragraphs of 30 to 80 words."""
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < n_words:
        p = paragraph(rng.randint(30, 80), seed * 1_000 + len(paragraphs))
        paragraphs.append(p)
        count += len(p.split())
    return "\n\n".join(paragraphs)


def article(article_id: str, body: str, *, title: str | None = "") -> dict:
    return {"article_id": article_id, "outlet": "Test Outlet", "language": "en",
            "title": f"Talks on the union state, part {article_id}" if title == "" else (title or ""),
            "text": body}


def one_mb_line(seed: int = 1, size: int = 1_000_000) -> str:
    """A whole article on one line (a page saved without line breaks), about ``size``
    characters, no title."""
    words = size // 6
    line = paragraph(words, seed)
    while len(line) < size:
        line += " " + paragraph(1_000, seed + len(line))
    return line


def huge_paragraph_text(seed: int, n_words: int = 100_000, *, punctuation: bool = True) -> str:
    """An ordinary article with one body paragraph of ``n_words`` words in its middle."""
    head, tail = ordinary_text(seed, 300), ordinary_text(seed + 1, 300)
    return "\n\n".join([head, paragraph(n_words, seed + 2, punctuation=punctuation), tail])


CASES = {
    "1 MB single line": lambda: article("line", one_mb_line(), title=None),
    "100,000-word paragraph": lambda: article("paragraph", huge_paragraph_text(11)),
    "100,000 words without sentence punctuation":
        lambda: article("nopunct", huge_paragraph_text(21, punctuation=False)),
}
# What the warnings must say, per case.
WARNINGS = {
    "1 MB single line": ["was given to the sentence splitter in"],
    "100,000-word paragraph": ["was given to the sentence splitter in"],
    "100,000 words without sentence punctuation": [
        "was given to the sentence splitter in", "without sentence punctuation was cut into"],
}
MAX_RATIO = 3.0  # the bound: time per word within 3x of an ordinary article's


def timed(item: dict, config) -> tuple[dict, float]:
    """process_article's result and its CPU time (of this process)."""
    start = time.process_time()
    result = process.process_article(item, config)
    return result, time.process_time() - start


def seconds_per_word(items: list[dict], config) -> float:
    seconds = words = 0
    for item in items:
        result, s = timed(item, config)
        seconds += s
        words += result["articles"][0]["n_words_clean"]
    return seconds / words


@pytest.fixture(scope="module")
def config():
    config = Config.for_corpus(None)
    process.process_article(article("warm-up", ordinary_text(999)), config)  # load the models
    return config


def ordinary_per_word(config, first: int = 0) -> float:
    """CPU seconds per word of ordinary articles (12 distinct ones of about 700 words, seeds
    ``first`` to ``first + 11``)."""
    return seconds_per_word([article(f"ordinary-{i}", ordinary_text(i)) for i in range(first, first + 12)],
                            config)


def check_nothing_lost(item: dict, result: dict) -> None:
    analysis_text = result["articles"][0]["text"]
    rows = sorted(result["sentences"], key=lambda s: s["start"])
    # every word kept: in the analysis text, and in the sentences
    n_words = text.count_words(item["text"]) + text.count_words(item["title"])
    assert text.count_words(analysis_text) == n_words
    assert sum(s["n_words"] for s in rows) == n_words
    # every character other than spaces lies in a sentence, and offsets are right
    pos = 0
    for s in rows:
        assert analysis_text[s["start"]:s["end"]] == s["text"]
        assert not analysis_text[pos:s["start"]].strip()
        pos = s["end"]
    assert not analysis_text[pos:].strip()
    assert max(s["n_words"] for s in rows) <= text.MAX_SENTENCE_WORDS


@pytest.mark.parametrize("case", list(CASES))
def test_pathological_size_in_linear_time(case, config):
    item = CASES[case]()
    # the reference right before the case, on ordinary articles no other case has seen
    ordinary = ordinary_per_word(config, 10_000 * (1 + list(CASES).index(case)))
    result, seconds = timed(item, config)
    check_nothing_lost(item, result)
    warnings = [p.problem for p in stream.article_warnings(result)]
    for expected in WARNINGS[case]:
        assert any(expected in w for w in warnings), (expected, warnings)
    per_word = seconds / result["articles"][0]["n_words_clean"]
    ratio = per_word / ordinary
    print(f"{case}: {1e6 * per_word:.1f} us/word, ordinary {1e6 * ordinary:.1f} us/word, "
          f"ratio {ratio:.2f}")
    assert ratio < MAX_RATIO, f"{case}: {ratio:.2f}x the time per word of an ordinary article"


def test_ordinary_paragraphs_are_not_cut(config):
    """A paragraph up to LONG_PARAGRAPH_CHARS goes to pysbd whole, and no note is made."""
    body = paragraph(1_500, 5)[:text.LONG_PARAGRAPH_CHARS]
    notes: list[str] = []
    whole = text.split_sentences([{"role": "body", "text": body, "start": 0}], notes=notes)
    assert notes == []
    spans = [(a, b) for a, b in text._pysbd_spans(body, 0, len(body), "en")]
    assert [(s["start"], s["end"]) for s in whole] == spans


def test_huge_paragraph_cut_at_sentence_ends():
    """A long paragraph with sentence punctuation is cut only where a sentence ends: the
    sentences around each cut are the ones pysbd finds in the whole text."""
    body = paragraph(6_000, 7)
    notes: list[str] = []
    rows = text.split_sentences([{"role": "body", "text": body, "start": 0}], notes=notes)
    assert len(notes) == 1 and "of the" in notes[0] and "at a space" not in notes[0]
    ends = {m.end() for m in re.finditer(r"[.!?][\"”]?(?= |$)", body)}
    assert all(s["end"] in ends for s in rows)


def test_warning_reaches_problems_csv(tmp_path):
    """write_tables puts the notes into problems.csv as warnings naming the article."""
    corpus = tmp_path / "corpus.jsonl"
    rows = [article("long", huge_paragraph_text(31, 3_000, punctuation=False)),
            article("plain", ordinary_text(32))]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    export.write_tables(corpus, tmp_path / "out", jobs=1, progress=None)
    problems = (tmp_path / "out" / "problems.csv").read_text(encoding="utf-8")
    found = [l for l in problems.splitlines() if l.startswith("warning") and ",long," in l]
    assert any("was given to the sentence splitter in" in l for l in found), problems
    assert any("without sentence punctuation was cut into" in l for l in found), problems
