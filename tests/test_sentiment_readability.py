"""Sentiment and readability: every figure equals the library's own on the same text, and
the seeds' quotations, scare quotes and targets are read as a person reads them."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import textstat
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.measures import readability as rd
from analysis.measures import sentiment as se


def test_every_compound_equals_vader_on_its_text(seed_tables):
    vader = SentimentIntensityAnalyzer()
    scores = seed_tables["sentiment_sentences"]
    assert len(scores) == 112  # 92 sentences, 20 of them mixed and scored in two parts
    for row in scores.itertuples():
        expected = vader.polarity_scores(row.text)
        assert (row.compound, row.pos, row.neu, row.neg) == (
            expected["compound"], expected["pos"], expected["neu"], expected["neg"])
        assert row.label == ("positive" if row.compound >= 0.05 else
                             "negative" if row.compound <= -0.05 else "neutral")


def test_putin_quotation_is_a_quotation_in_all_four_outlets(seed_tables):
    s = seed_tables["sentiment_sentences"]
    putin = s[s.text.str.startswith("We will together resist any attempts to interfere")]
    assert sorted(putin.outlet) == ["DW", "Moscow Times", "RFE/RL", "SCMP"]
    assert set(putin.voice) == {"quoted"} and set(putin.part) == {"quoted"}
    # the attribution is the narrator's part of the same sentence
    scmp = s[(s.outlet == "SCMP") & (s.sentence_id == 6)].set_index("part").text
    assert scmp["narrator"] == ("Putin said from the Crimean city of Sevastopol where he was "
                                "marking a national holiday.")


def test_scare_quotes_do_not_make_a_quotation(seed_tables):
    s = seed_tables["sentiment_sentences"]
    union = s[(s.outlet == "SCMP") & (s.sentence_id == 7)]  # ... a “union state” between ...
    assert union.part.tolist() == ["sentence"] and union.voice.tolist() == ["narrator"]
    assert "“union state”" in union.text.iloc[0]
    dw = s[(s.outlet == "DW") & (s.sentence_id == 5)]  # Putin hailed the "brotherly" ties
    assert dw.voice.tolist() == ["narrator"]


def test_targeted_tone_includes_quoted_mentions(seed_tables):
    t = seed_tables["sentiment_target_sentences"]
    f24 = t[(t.outlet == "France 24") & (t.entity == "lukashenko")]
    sentences = seed_tables["sentences"].set_index(["article_id", "sentence_id"]).text
    texts = [sentences[("france24", i)] for i in f24.sentence_id]
    assert any('"illegitimate Lukashenko."' in x for x in texts)
    assert len(f24) == 12  # 12 mentions, each in its own sentence
    summary = seed_tables["sentiment_targets"].set_index(["outlet", "entity"])
    assert summary.loc[("France 24", "lukashenko"), "n"] == 12
    assert summary.loc[("France 24", "lukashenko"), "mean_compound"] == round(f24.compound.mean(), 4)
    # Lukashenka (RFE/RL) and Lukashenko count as one person
    assert summary.loc[("RFE/RL", "lukashenko"), "n"] == 9


def test_outlet_summary_intervals_are_reproducible_and_honest(seed_tables):
    summary = seed_tables["sentiment_outlets"].set_index(["outlet", "voice"])
    scmp = summary.loc[("SCMP", "narrator")]
    assert scmp.n == 10 and scmp.ci_low <= scmp.mean_compound <= scmp.ci_high
    assert scmp.share_negative + scmp.share_neutral + scmp.share_positive == pytest.approx(1.0)
    quote = summary.loc[("SCMP", "quoted")]
    assert quote.n == 1 and math.isnan(quote.ci_low)
    assert quote.note == "n = 1: too few sentences for an interval"
    again = se.summarize_outlets(seed_tables["sentiment_sentences"]).set_index(["outlet", "voice"])
    assert again.loc[("SCMP", "narrator"), "ci_low"] == scmp.ci_low


def test_bootstrap_interval_by_hand():
    assert all(math.isnan(x) for x in se.bootstrap_interval(np.array([0.1, 0.2])))
    low, high = se.bootstrap_interval(np.array([0.5] * 10))
    assert (low, high) == (0.5, 0.5)
    values = np.array([-0.5, 0.0, 0.5, 1.0, 0.25, -0.25])
    low, high = se.bootstrap_interval(values)
    assert low < values.mean() < high
    assert (low, high) == se.bootstrap_interval(values)


def test_drivers(seed_tables):
    d = seed_tables["sentiment_drivers"].set_index(["outlet", "voice", "word"])
    assert d.loc[("SCMP", "narrator", "brutal")].tolist() == [2, -3.1, -6.2]
    assert d.loc[("France 24", "narrator", "torture")].tolist() == [2, -2.9, -5.8]


def test_stored_vader_agreement_is_what_the_benchmark_computes():
    """data/vader_agreement.csv (shown by notebook 04) holds what
    benchmarks/vader_agreement.py computes from VADER's validation data: recomputed here
    when the shared corpora are beside the checkout."""
    from script_loader import load_script  # tests/script_loader.py

    from analysis.corpus import paths

    stored = pd.read_csv(paths.DATA / "vader_agreement.csv").iloc[0]
    assert stored.n == 5190 and stored.licence.startswith("MIT")
    vader_agreement = load_script(paths.ROOT / "benchmarks" / "vader_agreement.py")
    if not vader_agreement.DEFAULT.is_file():
        pytest.skip(f"{vader_agreement.DEFAULT} is not beside this checkout: "
                    "the stored figures cannot be recomputed here")
    fresh = vader_agreement.measure()
    for key in ("n", "pearson_r", "spearman_rho", "label_agreement", "cohen_kappa"):
        assert fresh[key] == stored[key], key


def test_agreement_on_a_tiny_gold_set():
    gold = pd.DataFrame({"rating": [2.0, -2.5, 0.1],
                         "text": ["This is a wonderful, happy day.", "A horrible, brutal attack.",
                                  "The meeting is on Tuesday."]})
    result = se.agreement(gold)
    assert result["n"] == 3 and result["label_agreement"] == 1.0 and result["cohen_kappa"] == 1.0


def test_every_readability_figure_equals_textstat(seed_tables):
    table = seed_tables["readability"].set_index("article_id")
    texts = seed_tables["articles"].set_index("article_id").text
    functions = {name: getattr(textstat, f) for name, (f, _d, _s) in rd.MEASURES.items()}
    for aid, analysis_text in texts.items():
        for name, function in functions.items():
            assert table.loc[aid, name] == function(analysis_text), (aid, name)
        assert table.loc[aid, "n_words"] == textstat.lexicon_count(analysis_text)


def _fresh_textstat(texts: list[str], functions: list[str]) -> list[list[float]]:
    """textstat called with its defaults in a new Python process, where nothing (not this
    suite, not another test) has touched textstat's global settings: what a reader gets."""
    import json
    import subprocess
    import sys

    code = ("import json, sys, textstat\n"
            "texts, functions = json.load(sys.stdin)\n"
            "print(json.dumps([[getattr(textstat, f)(t) for f in functions] for t in texts]))")
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps([texts, functions]),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_readability_equals_textstat_defaults_in_a_fresh_process(seed_tables):
    """readability.csv equals textstat.<measure>(text) as a reader calls it: language
    en_US (CMU dictionary syllables), on the seeds and on the fixture corpus."""
    from analysis.pipeline.tables import build_tables
    from analysis.corpus import paths

    fixture = build_tables(paths.ROOT / "tests" / "fixtures" / "ukraine")
    functions = [f for f, _d, _s in rd.MEASURES.values()] + ["lexicon_count", "sentence_count"]
    columns = [*rd.MEASURES, "n_words", "n_sentences"]
    for tables in (seed_tables, fixture):
        texts = tables["articles"].set_index("article_id").text
        table = tables["readability"].set_index("article_id")
        expected = _fresh_textstat(list(texts), functions)
        for (aid, _text), values in zip(texts.items(), expected):
            assert [table.loc[aid, c] for c in columns] == values, aid
    # the figure the issue quotes for the SCMP seed (pyphen's "en" gave 6.79)
    scmp = seed_tables["readability"].set_index("article_id").loc["scmp"]
    assert round(scmp.flesch_reading_ease, 2) == 10.54


def test_readability_neither_reads_nor_changes_textstat_global_language():
    # CMU dictionary: 29 syllables, Flesch -48.65; pyphen ("en"): 31 syllables, Flesch -65.57
    sample = ("Authoritarian strongman Alexander Lukashenko promised the Belarusian opposition "
              "nothing whatsoever.")
    ours = rd.score_readability(sample)
    assert round(ours["flesch_reading_ease"], 2) == -48.65
    assert textstat.textstat._textstatistics__lang == "en_US"  # we left the global alone
    try:
        textstat.set_lang("en")  # a notebook switching textstat to pyphen syllables ...
        assert textstat.flesch_reading_ease(sample) != ours["flesch_reading_ease"]
        assert rd.score_readability(sample) == ours  # ... does not change our figures
    finally:
        textstat.set_lang("en_US")


def test_mattr_by_hand():
    assert rd.mattr(["a", "b", "a", "c"], window=2) == 1.0
    assert rd.mattr(["a", "b", "a", "c"], window=3) == pytest.approx((2 / 3 + 1) / 2)
    assert rd.mattr(["A", "a"], window=50) == 0.5  # shorter than the window: plain TTR
    assert math.isnan(rd.mattr([]))


def test_readability_summary(seed_tables):
    s = rd.summarize_readability(seed_tables["readability"]).set_index(["outlet", "measure"])
    row = s.loc[("DW", "flesch_reading_ease")]
    assert row.n_articles == 1 and row["min"] == row["max"] == row["mean"]


def test_most_scored_people_of_the_outlets_shown():
    targets = pd.DataFrame({"outlet": ["A", "B", "A", "C", "B"], "entity": ["p1", "p1", "p2", "p3", "p0"],
                            "n": [3, 2, 6, 100, 5]})
    # in A and B: p2 6 sentences, p0 5, p1 3 + 2 = 5 (a tie: by entity); p3 is only in C
    assert se.most_scored(targets, ["A", "B"], n=3) == ["p2", "p0", "p1"]
    assert se.most_scored(targets, ["A", "B"], n=1) == ["p2"]

