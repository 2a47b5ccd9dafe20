"""Pages that read well at any size: the one choice of outlets every chart and table of a
report shows (analysis.present.outlet_choice.select_outlets), the grouping of the others, and charts drawn
for many outlets. Expected values are worked out by hand in the comments."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.present import notebook, outlet_choice, plots, summary_plots
from analysis.measures import sentiment, shared_copy, voices as voices_mod  # noqa: E402

# the outlet of each article, in corpus order: A 1, B 2, C 3, D 2, E 1 articles
PER_ARTICLE = ["A", "B", "C", "B", "C", "D", "C", "D", "E"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ----------------------------------------------------------------------------- choosing

def test_the_largest_by_articles_ties_to_the_first_in_the_corpus():
    # C has 3; B and D tie at 2 and both fit; A and E (1 each) are left out
    choice = outlet_choice.select_outlets(PER_ARTICLE, limit=3)
    assert choice.shown == ("B", "C", "D")  # corpus order, not size order
    assert choice.left_out == ("A", "E")
    assert choice.n_left_out_articles == 2
    assert choice.other == "other outlets (n=2)"
    assert choice.how() == "3 of 5 outlets, those with most articles"
    # a tie at the limit: B and D have 2 articles each, only one place is left after C;
    # B comes first in the corpus
    assert outlet_choice.select_outlets(PER_ARTICLE, limit=2).shown == ("B", "C")
    # all equal: the first in the corpus
    assert outlet_choice.select_outlets(["P", "Q", "R", "S"], limit=2).shown == ("P", "Q")


def test_every_outlet_is_shown_when_they_fit():
    choice = outlet_choice.select_outlets(PER_ARTICLE, limit=5)
    assert choice.shown == ("A", "B", "C", "D", "E")
    assert choice.left_out == ()
    assert choice.other == "" and choice.how() == "" and choice.note() == ""
    assert choice.n_articles == (1, 2, 3, 2, 1)


def test_the_seed_corpus_shows_its_five_outlets_in_its_order(seed_tables):
    choice = outlet_choice.select_outlets(seed_tables["articles"].outlet)
    assert choice.shown == ("SCMP", "Moscow Times", "RFE/RL", "France 24", "DW")
    assert choice.note() == ""


def test_outlets_named_in_the_parameters():
    choice = outlet_choice.select_outlets(PER_ARTICLE, named=["E", "A"], limit=3)
    assert choice.shown == ("A", "E") and choice.named
    assert choice.left_out == ("B", "C", "D")
    assert choice.n_left_out_articles == 7
    assert choice.how() == "2 of 5 outlets, named in the parameters cell"
    # one outlet given as a string is one outlet, not five letters
    assert outlet_choice.select_outlets(["Reuters", "AP"], named="AP").shown == ("AP",)


def test_outlets_that_do_not_exist_are_named_in_the_error():
    with pytest.raises(ValueError) as err:
        outlet_choice.select_outlets(PER_ARTICLE, named=["A", "Nowhere Times", "Daily Nothing"])
    message = str(err.value)
    assert "'Nowhere Times'" in message and "'Daily Nothing'" in message
    assert "2 outlets not in this corpus" in message
    assert "'A', 'B', 'C', 'D', 'E'" in message  # what the corpus has instead


def test_naming_more_outlets_than_a_chart_holds_is_an_error():
    with pytest.raises(ValueError, match="names 4 outlets; a chart shows at most 3"):
        outlet_choice.select_outlets(PER_ARTICLE, named=["A", "B", "C", "D"], limit=3)


def test_the_sentence_says_what_is_left_out_and_how_many():
    choice = outlet_choice.select_outlets(PER_ARTICLE, limit=3)
    assert choice.note() == ("Showing 3 of 5 outlets, those with most articles; the other 2 "
                             "outlets (2 articles) are left out. The exported tables "
                             "(tables/*.csv) keep every outlet.")
    assert choice.note(table="06-voices").endswith("; the other 2 outlets (2 articles) are "
                                                   "left out. tables/06-voices.csv keeps every outlet.")
    assert 'are grouped as "other outlets (n=2)"' in choice.note(grouped=True)
    assert "or left out, as each chart and table says" in choice.note(grouped=None)


# ----------------------------------------------------------------------------- grouping

VERBS = pd.DataFrame({"outlet": ["A", "B", "B", "C", "D", "E", "E"],
                      "verb": ["said", "said", "told", "said", "said", "told", "said"],
                      "n": [1, 2, 1, 3, 4, 5, 1]})


def test_grouping_sums_the_counts_of_the_outlets_left_out():
    choice = outlet_choice.select_outlets(PER_ARTICLE, limit=3)  # B, C, D shown; A and E pooled
    out = choice.group(VERBS, counts=["n"])
    # other outlets: said = A 1 + E 1 = 2, told = E 5; verbs in the order the rest has them
    assert out.values.tolist() == [["B", "said", 2], ["B", "told", 1], ["C", "said", 3],
                                   ["D", "said", 4], ["other outlets (n=2)", "said", 2],
                                   ["other outlets (n=2)", "told", 5]]
    assert out.n.sum() == VERBS.n.sum()  # nothing lost
    assert choice.keep(VERBS).outlet.tolist() == ["B", "B", "C", "D"]
    # everything shown: the table as it was
    everyone = outlet_choice.select_outlets(PER_ARTICLE)
    assert everyone.group(VERBS, counts=["n"]).values.tolist() == VERBS.values.tolist()


def test_a_wide_table_has_one_column_per_shown_outlet_and_one_for_the_rest(capsys):
    choice = outlet_choice.select_outlets(PER_ARTICLE, limit=3)
    wide = notebook.outlet_columns(VERBS, choice, index="verb")
    assert list(wide.columns) == ["B", "C", "D", "other outlets (n=2)"]
    assert wide.loc["said"].tolist() == [2, 3, 4, 2]
    assert wide.loc["told"].tolist() == [1, 0, 0, 5]
    assert 'are grouped as "other outlets (n=2)"' in capsys.readouterr().out


def test_rows_and_pooled_labels_print_their_sentence(capsys):
    choice = outlet_choice.select_outlets(PER_ARTICLE, limit=3)
    assert notebook.outlet_rows(VERBS, choice).outlet.tolist() == ["B", "B", "C", "D"]
    assert "are left out" in capsys.readouterr().out
    labelled = notebook.pooled(VERBS, choice)
    # the shown outlets first, in their order, then the pooled rows (A's, then E's)
    assert labelled.outlet.tolist() == ["B", "B", "C", "D", "other outlets (n=2)",
                                        "other outlets (n=2)", "other outlets (n=2)"]
    assert labelled.n.tolist() == [2, 1, 3, 4, 1, 5, 1]
    assert "grouped" in capsys.readouterr().out
    everyone = outlet_choice.select_outlets(PER_ARTICLE)
    assert notebook.pooled(VERBS, everyone) is VERBS
    notebook.outlet_rows(VERBS, everyone)
    assert capsys.readouterr().out == ""  # the seed's pages print nothing more


def test_shared_copy_between_outlets():
    # A has articles a1, a2; B has b1. a1 carries 50% of its words in b1's sentences,
    # a2 20%; a1 shares 10% with a2 (its own outlet); b1 shares 60% with a1, 30% with a2
    articles = pd.DataFrame({"article_id": ["a1", "b1", "a2"], "outlet": ["A", "B", "A"]})
    pairs = pd.DataFrame({
        "article_a": ["a1", "a2", "a1", "b1", "b1"], "outlet_a": ["A", "A", "A", "B", "B"],
        "article_b": ["b1", "b1", "a2", "a1", "a2"], "outlet_b": ["B", "B", "A", "A", "A"],
        "share_shared": [0.5, 0.2, 0.1, 0.6, 0.3]})
    out = shared_copy.outlet_reuse(pairs, articles).set_index(["outlet_a", "outlet_b"]).share_shared
    assert out[("A", "B")] == pytest.approx((0.5 + 0.2) / 2)  # mean over a1, a2
    assert out[("A", "A")] == pytest.approx((0.1 + 0.0) / 2)  # a2 shares nothing with a1
    assert out[("B", "A")] == pytest.approx(0.6)  # b1's best article of A, not the sum
    assert out[("B", "B")] == 0.0
    empty = shared_copy.outlet_reuse(pairs.iloc[0:0], articles)
    assert len(empty) == 4 and (empty.share_shared == 0).all()


# ----------------------------------------------------------------------------- charts

N_SYNTHETIC = 40


def synthetic_outlets() -> list[str]:
    # outlet k has k + 1 articles (1 to 40): the 12 largest are outlets 28 to 39
    return [f"Outlet {k:02d}" for k in range(N_SYNTHETIC) for _ in range(k + 1)]


def drawn_outlets(fig) -> set[str]:
    """Every outlet named on a tick label of any axes of ``fig``."""
    names = set()
    for ax in fig.axes:
        for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
            for word in label.get_text().split("\n"):
                if word.startswith("Outlet "):
                    names.add(word[:9])
        if ax.get_title(loc="left").startswith("Outlet "):
            names.add(ax.get_title(loc="left")[:9])
    return names


def test_charts_of_40_outlets_show_at_most_the_limit():
    per_article = synthetic_outlets()
    choice = outlet_choice.select_outlets(per_article)
    largest = {f"Outlet {k:02d}" for k in range(N_SYNTHETIC - outlet_choice.MAX_OUTLETS, N_SYNTHETIC)}
    assert set(choice.shown) == largest
    outlets = [f"Outlet {k:02d}" for k in range(N_SYNTHETIC)]
    summary = pd.DataFrame([{"outlet": o, "voice": v, "n": 10, "mean_compound": 0.1, "ci_low": 0.0,
                             "ci_high": 0.2} for o in outlets for v in ("narrator", "quoted", "all")])
    voices = pd.DataFrame([{"outlet": o, "speaker_entity": s, "n_quotes": 1, "n_words": 5 + i}
                           for i, o in enumerate(outlets) for s in ("x", "y", "unresolved")])
    targets = pd.DataFrame([{"outlet": o, "entity": e, "n": 3, "mean_compound": -0.2}
                            for o in outlets for e in ("p1", "p2")])
    overlap = pd.DataFrame([{"outlet_a": a, "outlet_b": b, "n_shared": 5, "jaccard": 0.3}
                            for a in outlets for b in outlets])
    articles = pd.DataFrame({"article_id": [f"art{i}" for i in range(len(per_article))],
                             "outlet": per_article})
    pairs = pd.DataFrame({"article_a": ["art0"], "outlet_a": ["Outlet 00"], "article_b": ["art1"],
                          "outlet_b": ["Outlet 01"], "share_shared": [0.4]})
    figures = {
        "sentiment": plots.plot_sentiment_means(summary, outlets=choice),
        "voices": plots.plot_voices(voices_mod.top_voices(voices, choice.shown), outlets=choice),
        "targets": plots.plot_target_heatmap(targets, sentiment.most_scored(targets, choice.shown), outlets=choice),
        "overlap": plots.plot_overlap(overlap, outlets=choice),
        "reuse": plots.plot_reuse(shared_copy.outlet_reuse(pairs, articles), outlets=choice),
    }
    for name, fig in figures.items():
        shown = drawn_outlets(fig)
        assert shown and shown <= largest, name
        assert len(shown) <= outlet_choice.MAX_OUTLETS, name
        texts = [t.get_text() for ax in fig.axes for t in [ax.title, *ax.texts]] + \
                [t.get_text() for t in fig.texts]
        assert any("12 of 40 outlets, those with most articles" in t for t in texts), name
        assert any("the other 28 outlets (406 articles) are left out" in t for t in texts), name


def test_a_chart_drawn_without_a_choice_still_keeps_to_the_limit():
    outlets = [f"Outlet {k:02d}" for k in range(N_SYNTHETIC)]
    summary = pd.DataFrame([{"outlet": o, "voice": v, "n": 10, "mean_compound": 0.1, "ci_low": 0.0,
                             "ci_high": 0.2} for o in outlets for v in ("narrator", "quoted", "all")])
    fig = plots.plot_sentiment_means(summary)
    assert len(drawn_outlets(fig)) == outlet_choice.MAX_OUTLETS


def test_the_fingerprint_has_a_column_per_shown_outlet_and_says_what_is_left_out():
    choice = outlet_choice.select_outlets(PER_ARTICLE, limit=3)
    display = pd.DataFrame({o: ["1"] for o in "ABCDE"} | {"from": ["articles"]},
                           index=pd.Index(["articles"], name="finding"))
    tables = summary_plots.style_fingerprints(display, outlets=choice, per_table=2)
    assert len(tables) == 2  # B, C side by side, then D
    first, second = (t.to_html() for t in tables)
    assert ">B<" in first and ">C<" in first and ">D<" in second
    assert not any(f">{o}<" in first + second for o in "AE")
    assert "the other 2 outlets (2 articles) are left out" in first
    assert "tables/00-fingerprint-display.csv keeps every outlet" in first
    assert "left out" not in second


# ----------------------------------------------------------------------------- notebooks

def test_every_notebook_makes_one_choice_of_outlets_and_every_chart_uses_it():
    import re

    import nbformat

    from analysis.corpus import paths

    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert "OUTLETS = None" in nb.cells[1].source, path.name  # the parameters cell
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert code.count("notebook.choose_outlets(") == 1, path.name
        charts = re.findall(r"plots\.(?:plot|style)_\w+\((?:[^()]|\([^()]*\))*\)", code)
        assert charts, path.name
        for call in charts:
            assert "outlets=shown" in call, (path.name, call)


def test_pages_let_a_wide_table_wrap_its_headings():
    import nbformat.v4 as v4

    from analysis.present import offline_html

    table = pd.DataFrame({"flesch_reading_ease": [61.2], "outlet": ["A & B"]})
    nb = v4.new_notebook(cells=[v4.new_code_cell("t", outputs=[v4.new_output(
        "display_data", data={"text/html": table.to_html(), "text/plain": str(table)})])])
    page = offline_html.notebook_to_html(nb, title="t")
    assert "flesch_<wbr>reading_<wbr>ease" in page  # wraps after an underscore first
    assert "thead th { overflow-wrap: anywhere; }" in page  # and anywhere when it must
    assert "A &amp; B" in page  # cells untouched, still escaped
