"""The fastlib adapters give exactly the libraries' output (pysbd's sentences, textstat's
figures, VADER's scores) on the bundled corpus, the fixture corpus and hand-picked hard
paragraphs, and leave the libraries as they found them."""
from __future__ import annotations

import re
import sys
import threading

import pysbd
import pytest
from textstat.textstat import textstatistics
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.language import clean, fastlib, text
from analysis.corpus import load as corpus, paths
from analysis.measures import readability

ABP = paths.ROOT.parent / "shared" / "corpora" / "article-bias-prediction" / "data" / "jsons"
ABP_SAMPLE = 40  # articles of article-bias-prediction also compared, where it is present

LONG = " ".join(
    f"Sen. Smith (R-Texas) met Gov. Jones at 3:30 p.m. on Jan. {i % 28 + 1}, {2000 + i}, "
    f"and the U.S. economy grew {i}.{i % 10} percent... \"Is it enough?\" asked Dr. Lee of "
    f"Acme Inc. No. {i} Main St. said it was; see www.example.com/{i}.html or e-mail "
    f"info@example.com! Mr. Obama's aide, i.e. the one from D.C., disagreed."
    for i in range(60))
HARD = [
    "Sen. Warren spoke on Jan. 5. Growth was 3.5 percent.",
    "Sen. Warren spoke on Jan. 5 in the U.S. Senate. Growth was 3.5 percent... Or was it? "
    "\"No,\" he said.",
    "The U.S. The U.K. The E.U. They met. U.S. officials said so. In the U.S. He left.",
    "He said \u201cI will not resign.\u201d Then he resigned. \u2018Fine,\u2019 she said.",
    "Wait... what?! Really?? Yes!!! (Maybe.) [Or not.] 'Quoted.' \"Done.\"",
    "Prices rose 3.5% to $4.25 on Nov. 3, 2020, at 9 a.m. ET, vs. 2.1% a year ago.",
    "Mr. and Mrs. Smith, Ph.D., of St. Louis, Mo., arrived at 5 p.m. They left at 6 p.m. Sunday.",
    "1. First item. 2. Second item. a) third b) fourth i. fifth ii. sixth",
    "See Fig. 3 and pp. 12-14 (cf. Ref. 7). E.g. this; i.e. that. Etc. The end.",
    "Tabs\tand\u00a0no-break\u2009thin spaces. A line\nbreak inside. And\r\nanother. \u3000Ideographic.",
    "Trailing spaces.   ",
    "   Leading spaces. Two.",
    "no punctuation at all just words and more words",
    "A",
    "?",
    "...",
    "\"",
    "\u201cUnclosed quotation. It goes on. And on.",
    "Lukashenko\u2019s \u201cunion state\u201d with Russia \u2014 as Putin said \u2014 is \u201cbrotherly.\u201d",
    "Email john.doe@example.com or visit https://www.example.org/a.b?c=d. Then call 555.123.4567.",
    "The vote was 52-48. The Sen. from Ky. objected. The No. 2 Democrat, Sen. Durbin, did not.",
    "Репортаж из Минска. Лукашенко сказал: «Нет». Łukašenka odpowiedział.",
    "He scored 9.5/10!! Wow. Amazing!? OK.",
    "(Reuters) - The company said on Tuesday it would cut 1,000 jobs. Shares fell 2.5 pct.",
    "She was born in 1961 in Honolulu, Hawaii (U.S.A.), and moved to Washington D.C. in 2009.",
    "I.V. fluids were given. I went home. i.v. again. Fine.",
    LONG,
]
HARD_SENTENCES = [
    "It is good.", "It is not good.", "It isn't good at all, but it is not bad either.",
    "Never so good. Never this bad. Without doubt the best.", "It was kind of good.",
    "At least it is not terrible. Very least good. The least good.", "No good deed. No, good.",
    "This is SO GOOD and so bad and extremely horrible but quite nice :) \U0001F600 \U0001F494",
    "the shit hit the fan, he cut the mustard and it was the bomb, yeah right",
    "Nor good nor bad; no or nor good.",
    " ".join(["He did not say it was good, never so great, but terribly bad!"] * 40),
    "", "   ", "!!!", "??? ?", "GOOD", "good", "not", "no",
]


def _paragraphs_of(articles) -> list[str]:
    rules = clean.rules_for_corpus(None)
    out = []
    for article in articles:
        cleaned = clean.clean_article(article["text"], outlet=article["outlet"],
                                      title=article.get("title", ""), rules=rules)
        out.append((cleaned.text, [p["text"] for p in cleaned.paragraphs]))
    return out


@pytest.fixture(scope="module")
def sample() -> dict[str, list[str]]:
    """Analysis texts and their paragraphs: the bundled corpus, the fixture corpus, the
    first ABP_SAMPLE articles of article-bias-prediction (where present)."""
    articles = list(corpus.iter_articles(paths.DATA))
    articles += list(corpus.iter_articles(paths.ROOT / "tests" / "fixtures" / "ukraine"))
    if ABP.is_dir():
        for i, article in enumerate(corpus.iter_articles(ABP, event_column="topic")):
            if i == ABP_SAMPLE:
                break
            articles.append(article)
    pairs = _paragraphs_of(articles)
    texts = [t for t, _p in pairs] + HARD
    paragraphs = [p for _t, ps in pairs for p in ps] + HARD
    sentences = [s for p in paragraphs for s in _sentences(p)] + HARD_SENTENCES
    assert len(articles) >= 5 and len(paragraphs) >= 50
    return {"texts": texts, "paragraphs": paragraphs, "sentences": sentences}


def _sentences(paragraph: str) -> list[str]:
    return [paragraph[a:b] for a, b in text.split_paragraph(paragraph)]


def _spans(result) -> list:
    return [(s.sent, s.start, s.end) for s in result]


# ----------------------------------------------------------------------------- pysbd

@pytest.mark.parametrize("char_span", [False, True])
def test_segmenter_equals_pysbd_on_every_paragraph(sample, char_span):
    ours = fastlib.Segmenter("en", clean=False, char_span=char_span)
    theirs = pysbd.Segmenter(language="en", clean=False, char_span=char_span)
    as_list = _spans if char_span else list
    different = [p for p in sample["paragraphs"]
                 if as_list(ours.segment(p)) != as_list(theirs.segment(p))]
    assert different == []
    assert ours.segment("") == theirs.segment("") == []


def test_segmenter_by_hand():
    ours = fastlib.Segmenter("en")
    # "Sen." and "Jan." do not end a sentence; "5." before a capital does; "3.5" is a number
    assert ours.segment("Sen. Warren spoke on Jan. 5. Growth was 3.5 percent.") == [
        "Sen. Warren spoke on Jan. 5. ", "Growth was 3.5 percent."]
    spans = fastlib.Segmenter("en", char_span=True).segment("He left. She stayed.")
    assert _spans(spans) == [("He left. ", 0, 9), ("She stayed.", 9, 20)]


def test_segmenter_other_languages_equal_pysbd():
    for language, paragraph in [("de", "Dr. Müller kam um 5 Uhr. Er ging."),
                                ("ru", "Репортаж из Минска. Лукашенко сказал: «Нет». Всё."),
                                ("es", "El Sr. García llegó. Se fue.")]:
        assert (fastlib.Segmenter(language).segment(paragraph)
                == pysbd.Segmenter(language=language, clean=False).segment(paragraph))


def test_pysbd_gets_re_back_and_re_is_never_changed():
    modules = [m for n, m in sys.modules.items() if n.startswith("pysbd") and hasattr(m, "re")]
    before = (re.sub, re.finditer, re.compile, re._MAXCACHE)
    fastlib.Segmenter("en").segment("One. Two.")
    assert modules and all(m.re is re for m in modules)
    assert (re.sub, re.finditer, re.compile, re._MAXCACHE) == before
    # an error inside pysbd puts re back too
    with pytest.raises(AttributeError):
        fastlib.Segmenter("en").segment(12345)
    assert all(m.re is re for m in modules)


def test_segmenter_in_threads_equals_pysbd(sample):
    paragraphs = sample["paragraphs"][:200]
    expected = [pysbd.Segmenter(language="en", clean=False).segment(p) for p in paragraphs]
    results: dict[int, list] = {}

    def work(k):
        seg = fastlib.Segmenter("en")
        results[k] = [seg.segment(p) for p in paragraphs]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(3))
    assert pysbd.processor.re is re and pysbd.segmenter.re is re


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork on this platform")
def test_a_child_forked_inside_a_segment_call_gets_re_back():
    import os

    fastlib.Segmenter("en").segment("One. Two.")  # the swap knows pysbd's modules
    inside, release = threading.Event(), threading.Event()

    def hold():
        with fastlib._kept_patterns():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    inside.wait(10)
    assert pysbd.processor.re is fastlib.PYSBD_RE  # the parent is inside a block
    pid = os.fork()
    if pid == 0:  # the child: re is back, the lock is free, a segment call works
        ok = (pysbd.processor.re is re and fastlib._kept_patterns._lock.acquire(timeout=1)
              and fastlib._kept_patterns._active == 0)
        if ok:
            fastlib._kept_patterns._lock.release()
            ok = fastlib.Segmenter("en").segment("One. Two.") == ["One. ", "Two."]
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    release.set()
    thread.join()
    assert os.waitstatus_to_exitcode(status) == 0
    assert pysbd.processor.re is re


@pytest.mark.parametrize("literal", ["a", "aa", "a b", "x.y", "(1)", "\\", "a\\", "é\u00a0ü",
                                     "line\nbreak", "tab\t", " ", "$^*+?{}[]|#&~-"])
def test_literal_finditer_equals_re(literal):
    pattern = re.escape(literal) + r"\s*"
    assert fastlib._escaped_literal(pattern) == literal
    for string in ["", "a", "aaa aa  a\t\n a", f"{literal}{literal}  {literal}\u2003\u3000x{literal}",
                   f"x{literal}\u00a0\u2028\x1c\x85{literal}", literal * 5, "no match here"]:
        ours = [(m.group(), m.span()) for m in fastlib.PYSBD_RE.finditer(pattern, string)]
        theirs = [(m.group(), m.span()) for m in re.finditer(pattern, string)]
        assert ours == theirs, (literal, string)


def test_escaped_literal_reads_back_every_escaped_text():
    import random

    rng = random.Random(13)
    alphabet = "ab \\.\t\n*+?()[]{}|^$#&~-\"'é\u00a0"
    for _ in range(3000):
        literal = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        assert fastlib._escaped_literal(re.escape(literal) + r"\s*") == literal
        # any other pattern: either not read as a literal, or read as the one it escapes
        noise = "".join(rng.choice(alphabet + "\\s") for _ in range(rng.randint(1, 12))) + r"\s*"
        found = fastlib._escaped_literal(noise)
        assert found is None or re.escape(found) + r"\s*" == noise


def test_only_escaped_literals_take_the_str_find_path():
    for pattern in [r"a.\s*", r"\d\s*", r"a\\s*", r"\s*", r"a|b\s*", r"x\s+", r"(?i)a\s*",
                    "a\\"]:
        assert fastlib._escaped_literal(pattern) is None, pattern
    # whitespace as the regex engine reads \s is what str.isspace says, for every character
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(r"\s", everything) == [c for c in everything if c.isspace()]


def test_rewritten_abbreviation_patterns_equal_re():
    import random

    rng = random.Random(7)
    letters = "aAbmM.. \n\t\r1-:?,(I'"
    templates = [  # pysbd's abbreviation patterns (abbreviation_replacer.py)
        (r"(?<=\s{abbr})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))", True),
        (r"(?<=\s{abbr})\.(?=(\s\d|\s+\())", False), (r"(?<=\s{abbr})\.(?=(\s|:\d+))", False),
        (r"(?<=\s{abbr})\.(?=x)|y", False)]
    n_rewritten = 0
    for _ in range(400):
        abbr = "".join(rng.choice("abAM.1") for _ in range(rng.randint(1, 4)))
        strings = ["".join(rng.choice(letters) for _ in range(rng.randint(0, 40))) for _ in range(8)]
        strings += [f" {abbr}. x", f"{abbr}. a", f"\n{abbr}.. {abbr}.:1 {abbr}.(", f" {abbr.upper()}. I'm"]
        for template, escape in templates:
            pattern = template.format(abbr=re.escape(abbr) if escape else abbr)
            n_rewritten += fastlib._full_stop_first(pattern) is not None
            for string in strings:
                for name in ("sub", "findall", "split"):
                    args = (pattern, "∯", string) if name == "sub" else (pattern, string)
                    assert getattr(fastlib.PYSBD_RE, name)(*args) == getattr(re, name)(*args), (pattern, string)
                ours = [m.span() for m in fastlib.PYSBD_RE.finditer(pattern, string)]
                assert ours == [m.span() for m in re.finditer(pattern, string)]
        search = r"(?:^|\s|\r|\n){}".format(abbr)
        assert fastlib._findall_plan(search, re.IGNORECASE)[0] == "split"
        for string in strings:
            for flags in (re.IGNORECASE, 0, re.IGNORECASE | re.MULTILINE, re.DOTALL):
                assert (fastlib.PYSBD_RE.findall(search, string, flags=flags)
                        == re.findall(search, string, flags=flags)), (search, string, flags)
    assert n_rewritten == 1600  # every template was rewritten, the escaped and the raw
    assert fastlib._full_stop_first(r"(?<=\s\d)\.(?=x)") is None  # a class: not one character
    assert fastlib._full_stop_first(r"(?<=\sab\)\.(?=x)") is None
    assert fastlib._findall_plan(r"(?:^|\s|\r|\n)a|b", 0)[0] == "plain"
    assert fastlib._findall_plan(r"(?:^|\s|\r|\n)a", re.MULTILINE)[0] == "plain"


def test_patterns_that_need_a_character_find_nothing_without_it():
    from pysbd.lists_item_replacer import ListItemReplacer

    import random

    fastlib.Segmenter("en").segment("a) b) c).")  # reads pysbd's list patterns
    parens = [ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS,
              ListItemReplacer.EXTRACT_ALPHABETICAL_LIST_LETTERS_REGEX]
    for pattern in parens:  # top-level alternatives (balanced), each ending in (?=\))
        bare = [re.sub(r"\\.", "", alt) for alt in pattern.split("|")]
        assert all(alt.endswith(r"(?=\))") for alt in pattern.split("|")), pattern
        assert all(b.count("(") == b.count(")") and "[" not in b.replace("[a-z]", "") for b in bare)
        assert fastlib._findall_plan(pattern, 0)[:2] == ("needs", ")")
    braced = [r"(?<={" + re.escape(a) + "} ).{1}" for a in ("sen", "a.m", "u.s", "no")]
    assert all(fastlib._findall_plan(p, 0)[:2] == ("needs", "{") for p in braced)
    rng = random.Random(3)
    texts = ["(a) b) c) x", "{sen} Jan {a.m} x {u.s} y", "no {no} {no}  z", "(iv) (b)", "sen. a.m."]
    texts += ["".join(rng.choice("(){} abcsenmu.Jiv\n") for _ in range(rng.randint(0, 30)))
              for _ in range(500)]
    for pattern in parens + braced:
        for string in texts:
            assert fastlib.PYSBD_RE.findall(pattern, string) == re.findall(pattern, string)


def test_stand_in_functions_equal_re():
    cases = [("sub", (r"(?<=\s)a\.", "∯", " a. b a. c")), ("sub", (r"(\w)\.", r"\1∯", "a.b.c", 1)),
             ("subn", (r"\.", "", "a.b.c")), ("findall", (r"(?:^|\s)sen", "Sen. sen sen", re.I)),
             ("search", (r"\d", "ab1")), ("match", (r"a", "ba")), ("fullmatch", (r"b+", "bbb")),
             ("split", (r"\s(?=[A-Z])", "a B c D")), ("finditer", (r"a+", "caaab aa"))]
    for name, args in cases:
        ours, theirs = getattr(fastlib.PYSBD_RE, name)(*args), getattr(re, name)(*args)
        if name in ("search", "match", "fullmatch"):
            ours, theirs = ours and ours.span(), theirs and theirs.span()
        if name == "finditer":
            ours, theirs = [m.span() for m in ours], [m.span() for m in theirs]
        assert ours == theirs, name
    compiled = re.compile("a")
    assert fastlib.PYSBD_RE.sub(compiled, "b", "aa") == "bb"
    with pytest.raises(ValueError):
        fastlib.PYSBD_RE.sub(compiled, "b", "aa", flags=re.I)


# ----------------------------------------------------------------------------- textstat

FUNCTIONS = {**readability.COUNTS,
             **{name: function for name, (function, _d, _s) in readability.MEASURES.items()},
             "syllables": "syllable_count", "polysyllables": "polysyllabcount",
             "difficult_words": "difficult_words", "ari": "automated_readability_index"}


def test_textstat_adapter_equals_textstat_on_every_text(sample):
    ours = fastlib.Textstat()
    theirs = textstatistics()
    different = []
    for analysis_text in sample["texts"]:
        got = ours.scores(analysis_text, FUNCTIONS)
        expected = {name: getattr(theirs, f)(analysis_text) for name, f in FUNCTIONS.items()}
        if got != expected:
            different.append((analysis_text[:60], got, expected))
    assert different == []


def test_score_readability_equals_textstat_and_mattr(sample):
    theirs = textstatistics()
    for analysis_text in sample["texts"]:
        got = readability.score_readability(analysis_text)
        n_words = theirs.lexicon_count(analysis_text)
        expected = {"n_words": n_words, "n_sentences": theirs.sentence_count(analysis_text)}
        for name, (function, _d, _s) in readability.MEASURES.items():
            expected[name] = getattr(theirs, function)(analysis_text) if n_words else None
        expected["mattr"] = (round(readability.mattr(text.tokenize_words(analysis_text)), 4)
                             if n_words else None)
        got = {k: (None if v != v else v) for k, v in got.items()}  # NaN: no words to read
        assert got == expected, analysis_text[:60]


def test_textstat_adapter_by_hand():
    # 6 words, 1 sentence, 6 syllables (CMU dictionary), 17 letters, no difficult word
    scores = fastlib.Textstat().scores("The cat sat on the mat.", FUNCTIONS)
    assert (scores["n_words"], scores["n_sentences"], scores["syllables"]) == (6, 1, 6)
    assert scores["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1)
    assert scores["flesch_kincaid_grade"] == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59)
    assert scores["coleman_liau_index"] == pytest.approx(0.058 * 1700 / 6 - 0.296 * 100 / 6 - 15.8)
    assert scores["dale_chall"] == pytest.approx(0.0496 * 6)
    assert scores["gunning_fog"] == pytest.approx(0.4 * 6)


def test_adapters_are_active_on_the_pinned_versions():
    # with another version they step aside (same output, no speed-up): say so if that happens
    from importlib.metadata import version

    assert version("textstat") in fastlib.ADAPTED_VERSIONS["textstat"]
    assert version("vaderSentiment") in fastlib.ADAPTED_VERSIONS["vaderSentiment"]
    assert type(fastlib.sentiment_analyzer()) is not SentimentIntensityAnalyzer
    assert len(fastlib._textstat_pairs()) >= 4


def test_textstat_gets_its_own_functions_back():
    import textstat.backend.counts as counts
    import textstat.backend.validations as validations

    before = (counts.count_syllables, validations.is_difficult_word)
    fastlib.Textstat().scores("Authoritarian strongman.", FUNCTIONS)
    assert (counts.count_syllables, validations.is_difficult_word) == before
    assert counts.count_syllables.cache_info().maxsize == 128  # textstat's own cache


# ----------------------------------------------------------------------------- VADER

def test_vader_adapter_equals_vader_on_every_sentence(sample):
    ours, theirs = fastlib.sentiment_analyzer(), SentimentIntensityAnalyzer()
    different = [s for s in sample["sentences"] if ours.polarity_scores(s) != theirs.polarity_scores(s)]
    assert different == []
    assert len(sample["sentences"]) > 300  # 375 without article-bias-prediction


def test_vader_adapter_by_hand():
    ours = fastlib.sentiment_analyzer()
    # "good" has valence 1.9: compound 1.9 / sqrt(1.9^2 + 15); pos (1.9 + 1) / (2.9 + 2 neutral)
    assert ours.polarity_scores("It is good.") == {"neg": 0.0, "neu": 0.408, "pos": 0.592,
                                                   "compound": 0.4404}
    # "not" before it: 1.9 x -0.74 = -1.406; neg (1.406 + 1) / (2.406 + 3)
    assert ours.polarity_scores("It is not good.") == {"neg": 0.445, "neu": 0.555, "pos": 0.0,
                                                       "compound": -0.3412}
