"""The corpus-wide tables made from per-article partial results (merged counts) equal
those made from the whole sentence table, on the seed corpus and on a small hand-made one."""
from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest

from analysis import paths, tables, wordchoice

WORD_CHOICE = ("terms", "distinctive_terms", "loaded_terms", "loaded_language", "spelling")

ARTICLES = """article_id,outlet,file,title,published,event,language
b-1,Beta Times,b1.txt,Mayors meet on heating,2024-11-05,heating,en
a-1,Alpha Post,a1.txt,TRUMP backs the heating plan,2024-11-05,heating,en
a-2,Alpha Post,a2.txt,Heating programme agreed,2024-11-06,heating,en
"""
TEXTS = {
    "b1.txt": "Mayors meet on heating\n\nThe mayors met the president in Kyiv on Tuesday to agree "
              "a heating programme for the winter.\n\n\"This is a brutal crackdown,\" one mayor said.\n",
    # "TRUMP" and "Trump" once each: the display form is the one used first
    "a1.txt": "TRUMP backs the heating plan\n\nThe mayors met the president in Kyiv on Tuesday to agree "
              "a heating programme for the winter.\n\nTrump called it a brutal plan and praised the "
              "program.\n",
    "a2.txt": "Heating programme agreed\n\nThe heating program was agreed by the mayors, who "
              "criticised the delay.\n",
}


@pytest.fixture
def small(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "articles.csv").write_text(ARTICLES, encoding="utf-8")
    for name, content in TEXTS.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(params=["seed", "small"])
def corpus(request, small):
    return paths.DATA if request.param == "seed" else small


def assert_equal_tables(got: dict, expected: dict, names) -> None:
    for name in names:
        pd.testing.assert_frame_equal(got[name], expected[name], check_exact=True, obj=name)


def test_word_choice_tables_from_article_counts_equal_those_of_the_sentence_table(corpus, tmp_path):
    """build_tables merges each article's counts (process_article's word_counts); the
    public functions read the sentence table: the same tables, without a store, through
    a cold store (counts as JSON) and a warm one."""
    config = tables.Config.for_corpus(corpus)
    built = tables.build_tables(corpus, store=False, config=config)
    from_sentences = tables.word_choice_tables(built["sentences"], config=config)
    assert_equal_tables(built, from_sentences, WORD_CHOICE)
    for _ in ("cold", "warm"):
        stored = tables.build_tables(corpus, store=tmp_path / "stores", config=config)
        assert_equal_tables(stored, from_sentences, WORD_CHOICE)
    assert len(built["terms"]) and len(built["loaded_terms"]) and len(built["spelling"])


def test_csv_word_choice_tables_equal_those_of_the_sentence_table(corpus, tmp_path):
    config = tables.Config.for_corpus(corpus)
    tables.write_tables(corpus, tmp_path / "out", jobs=1, config=config, progress=None)
    sentences = tables._read(tmp_path / "out" / "sentences.csv")
    expected = tables.word_choice_tables(sentences, config=config)
    for name in WORD_CHOICE:
        written = tables._read(tmp_path / "out" / f"{name}.csv")
        again = tables._read(_csv(expected[name], tmp_path / f"{name}.csv"))
        pd.testing.assert_frame_equal(written, again, check_exact=True, obj=name)


def _csv(frame: pd.DataFrame, path):
    frame.to_csv(path, index=False)
    return path


def test_term_counts_equal_a_plain_count_of_every_sentence(corpus):
    """The merged term counts against a count written out sentence by sentence."""
    config = tables.Config.for_corpus(corpus)
    built = tables.build_tables(corpus, store=False, config=config)
    s = built["sentences"]
    n, users, forms = Counter(), {}, {}
    for outlet, aid, sentence in zip(s.outlet, s.article_id, s.text):
        for term, display, _ngram in wordchoice.sentence_terms(sentence, config.stopwords):
            n[(outlet, term)] += 1
            users.setdefault((outlet, term), set()).add(aid)
            forms.setdefault(term, Counter())[display] += 1
    words = s.groupby("outlet").n_words.sum()
    got = built["terms"]
    assert dict(zip(zip(got.outlet, got.term), got.n)) == dict(n)
    assert dict(zip(zip(got.outlet, got.term), got.n_articles)) == {k: len(v) for k, v in users.items()}
    assert got.per_1k_words.tolist() == [round(1000 * k / words[o], 3) for o, k in zip(got.outlet, got.n)]
    for term, display in zip(got.term, got.display):
        written, k = forms[term].most_common(1)[0]  # Counter: ties go to the form met first
        assert display == (written if written != term and k > forms[term][term] else term)


def test_hand_counted_partials(small):
    """Values read from the texts: the display form used first wins a tie; counts of
    articles; a loaded word in a quotation and in the narrator's words; spelling forms."""
    built = tables.build_tables(small, store=False)
    terms = built["terms"].set_index(["outlet", "term"])
    assert terms.loc[("Alpha Post", "trump"), ["n", "display"]].tolist() == [2, "TRUMP"]
    assert terms.loc[("Alpha Post", "heating"), ["n", "n_articles"]].tolist() == [4, 2]
    assert terms.loc[("Beta Times", "heating programme"), ["n", "n_articles"]].tolist() == [1, 1]
    brutal = built["loaded_terms"].query("form == 'brutal'")
    assert list(zip(brutal.outlet, brutal.voice)) == [("Beta Times", "quoted"), ("Alpha Post", "narrator")]
    spelling = built["spelling"].set_index(["outlet", "form"]).n
    assert spelling.to_dict() == {("Beta Times", "programme"): 1, ("Alpha Post", "programme"): 2,
                                  ("Alpha Post", "criticised"): 1, ("Alpha Post", "program"): 2}
    assert list(dict.fromkeys(built["terms"].outlet)) == ["Beta Times", "Alpha Post"]  # corpus order


def test_article_counts_survive_json(small):
    """The partial counts go through the store as JSON: nothing in them changes."""
    config = tables.Config.for_corpus(small)
    frame = tables.corpus.load_corpus(small)
    for article in frame.to_dict("records"):
        counts = tables.process_article(article, config)["word_counts"]
        assert json.loads(json.dumps(counts)) == counts
        assert set(counts) == {"n_sentences", "n_words", "terms", "displays", "loaded",
                               "voice_words", "spelling"}
