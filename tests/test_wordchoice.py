"""Word choice on the seeds (values read from the texts) and on small hand-made tables."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import wordchoice as wc


def test_lukashenka_is_rferl_most_distinctive_word(seed_tables):
    d = seed_tables["distinctive_terms"].query("ngram == 1 and outlet == 'RFE/RL'")
    top = d.sort_values("z", ascending=False).iloc[0]
    assert (top.term, top.n, top.n_rest) == ("lukashenka", 9, 0)
    assert top.z > wc.Z_95


def test_spelling_table(seed_tables):
    sp = seed_tables["spelling"]
    writers = lambda form: sorted(sp[sp.form == form].outlet)
    assert writers("programmes") == ["Moscow Times", "SCMP"]
    assert writers("programs") == ["DW", "RFE/RL"]  # RFE/RL: headline 'Programs' + "programs"
    assert int(sp.query("outlet == 'RFE/RL' and form == 'programs'").n.iloc[0]) == 2
    assert writers("criticised") == ["France 24"] and writers("criticized") == ["DW"]
    assert writers("long-standing") == ["SCMP"] and writers("longstanding") == ["Moscow Times"]
    summary = wc.spelling_summary(sp).set_index(["outlet", "system"]).n
    assert summary[("DW", "American")] == 4  # criticized, defense, programs, toward


def test_strongman_is_the_narrators_and_usurper_is_quoted(seed_tables):
    hits = wc.loaded_terms(seed_tables["sentences"])
    strongman = hits[hits.term == "strongman"]
    assert sorted(strongman.outlet.unique()) == ["France 24", "Moscow Times", "RFE/RL", "SCMP"]
    assert set(strongman.voice) == {"narrator"}
    f24 = hits[(hits.outlet == "France 24") & hits.term.isin(["usurper", "illegitimate"])]
    assert sorted(zip(f24.term, f24.voice)) == [("illegitimate", "quoted"), ("usurper", "quoted")]


def test_loaded_language_rates_by_voice(seed_tables):
    rates = seed_tables["loaded_language"]
    row = rates.query("outlet == 'France 24' and voice == 'quoted' and category == 'delegitimizing'").iloc[0]
    assert row.n == 2  # "illegitimate Lukashenko.", "a usurper"
    assert row.per_1k_words == round(1000 * 2 / row.n_words, 3)
    # narrator + quoted words add up to all the outlet's words
    words = rates[rates.category == "all"].groupby("outlet").n_words.sum()
    total = seed_tables["sentences"].groupby("outlet").n_words.sum()
    assert words.sort_index().tolist() == total.sort_index().tolist()


def test_shared_copy_is_found_and_can_be_left_out(seed_tables):
    s = seed_tables["sentences"]
    shared = s[wc.mark_shared(s)]
    # SCMP and The Moscow Times run the same agency sentences word for word (after
    # normalisation: “ ” = " , – = —, long-standing = longstanding, long-time = longtime)
    assert shared.query("outlet == 'SCMP'").sentence_id.tolist() == [4, 5, 6, 7, 9, 10]
    assert shared.query("outlet == 'Moscow Times'").sentence_id.tolist() == [2, 3, 4, 5, 7, 8]
    assert set(shared.outlet) == {"SCMP", "Moscow Times"}
    n = lambda terms, outlet, term: int(terms.query("outlet == @outlet and term == @term").n.sum())
    with_all = wc.count_terms(s)
    own = wc.count_terms(s, exclude_shared=True)
    assert (n(with_all, "SCMP", "trickier"), n(own, "SCMP", "trickier")) == (2, 1)
    assert (n(with_all, "SCMP", "brotherly"), n(own, "SCMP", "brotherly")) == (1, 0)
    assert n(own, "RFE/RL", "brotherly") == 1  # RFE/RL's version of the quote differs
    d_own = wc.distinctive_terms(own)
    assert "brotherly" not in set(d_own.query("outlet == 'SCMP'").term)


def test_reference_outlet_option(seed_tables):
    d = wc.distinctive_terms(seed_tables["terms"], reference="DW")
    assert set(d.versus) == {"DW"} and "DW" not in set(d.outlet)
    row = d.query("outlet == 'RFE/RL' and term == 'lukashenko'")
    assert row.n.tolist() == [0] or row.empty  # RFE/RL never writes Lukashenko
    luk = d.query("outlet == 'SCMP' and term == 'lukashenko'").iloc[0]
    assert (luk.n, luk.n_rest) == (7, 6)
    with pytest.raises(ValueError, match="reference outlet 'Nowhere' is not in the corpus"):
        wc.distinctive_terms(seed_tables["terms"], reference="Nowhere")


def hand_z(y_i, n_i, y_j, n_j, a_w, a_0):
    """Monroe et al. (2008) eq. 16 and 20, written out independently of the module."""
    delta = (math.log((y_i + a_w) / (n_i + a_0 - y_i - a_w))
             - math.log((y_j + a_w) / (n_j + a_0 - y_j - a_w)))
    return delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))


def test_log_odds_against_the_formula_worked_by_hand():
    # Two outlets, four words. Corpus counts: apple 6, pear 4, fig 6, plum 4 (total 20).
    terms = pd.DataFrame({
        "outlet": ["A"] * 3 + ["B"] * 4,
        "term": ["apple", "pear", "fig", "apple", "pear", "fig", "plum"],
        "ngram": 1, "n": [5, 1, 2, 1, 3, 4, 4], "per_1k_words": 0.0, "display": "x"})
    d = wc.distinctive_terms(terms, prior_scale=10).set_index(["outlet", "term"]).z
    # A: n_i = 8, B: n_j = 12; a_0 = 10, a_w = 10 * corpus share
    assert d[("A", "apple")] == pytest.approx(hand_z(5, 8, 1, 12, 10 * 6 / 20, 10), abs=1e-6)
    assert d[("A", "pear")] == pytest.approx(hand_z(1, 8, 3, 12, 10 * 4 / 20, 10), abs=1e-6)
    assert d[("A", "fig")] == pytest.approx(hand_z(2, 8, 4, 12, 10 * 6 / 20, 10), abs=1e-6)
    assert d[("B", "plum")] == pytest.approx(hand_z(4, 12, 0, 8, 10 * 4 / 20, 10), abs=1e-6)
    # and the value itself, computed on paper: apple delta = ln((5+3)/(8+10-5-3))
    # - ln((1+3)/(12+10-1-3)) = ln(0.8) - ln(4/18) = 1.280934; variance 1/8 + 1/4
    assert d[("A", "apple")] == pytest.approx(1.280934 / math.sqrt(1 / 8 + 1 / 4), abs=1e-6)


def test_log_odds_on_the_seeds_against_the_formula(seed_tables):
    terms = seed_tables["terms"].query("ngram == 1")
    totals = terms.groupby("term").n.sum()
    n_all = totals.sum()
    d = seed_tables["distinctive_terms"].query("ngram == 1").set_index(["outlet", "term"])
    for outlet, term in (("RFE/RL", "lukashenka"), ("SCMP", "brutal"), ("DW", "eu")):
        y_i = int(terms.query("outlet == @outlet and term == @term").n.iloc[0])
        n_i = terms.query("outlet == @outlet").n.sum()
        y_j = totals[term] - y_i
        a_w = wc.PRIOR_SCALE * totals[term] / n_all
        expected = hand_z(y_i, n_i, y_j, n_all - n_i, a_w, wc.PRIOR_SCALE)
        assert d.loc[(outlet, term), "z"] == pytest.approx(expected, abs=1e-6)


def test_kwic_stays_in_the_sentence(seed_tables):
    k = wc.kwic(seed_tables["sentences"], "strongman")
    assert len(k) == 6  # SCMP 2 (one "Strongman"), Moscow Times 1, RFE/RL 1, France 24 2
    assert k.groupby("outlet").size().to_dict() == {"France 24": 2, "Moscow Times": 1,
                                                    "RFE/RL": 1, "SCMP": 2}
    first = k.iloc[0]
    assert (first.left, first.match) == ("", "Strongman")
    assert first.right.startswith(" Lukashenko has become increasingly isolated")
    u = wc.kwic(seed_tables["sentences"], "usurper").iloc[0]
    assert (u.outlet, u.voice) == ("France 24", "quoted")


def test_terms_and_bigrams(seed_tables):
    t = seed_tables["terms"]
    row = t.query("outlet == 'SCMP' and term == 'lukashenko'").iloc[0]
    assert (row.n, row.n_articles, row.display) == (7, 1, "Lukashenko")  # incl. "Lukashenko’s"
    assert int(t.query("outlet == 'RFE/RL' and term == 'union state'").n.iloc[0]) == 4
    assert "the" not in set(t.term) and "28" not in set(t.term)


def test_vocabulary_overlap_is_symmetric(seed_tables):
    o = wc.vocabulary_overlap(seed_tables["terms"]).set_index(["outlet_a", "outlet_b"]).jaccard
    assert o[("SCMP", "SCMP")] == 1.0
    assert o[("SCMP", "DW")] == o[("DW", "SCMP")]
    assert o[("SCMP", "Moscow Times")] > o[("SCMP", "France 24")]


def test_terms_per_article(seed_tables):
    per_article = wc.count_terms(seed_tables["sentences"], by="article")
    row = per_article.query("article_id == 'rferl' and term == 'lukashenka'").iloc[0]
    assert (row.outlet, row.n, row.n_articles) == ("RFE/RL", 9, 1)
    assert row.per_1k_words == round(1000 * 9 / 433, 3)  # 433 words in RFE/RL's analysis text
    with pytest.raises(ValueError, match="by must be"):
        wc.count_terms(seed_tables["sentences"], by="sentence")
