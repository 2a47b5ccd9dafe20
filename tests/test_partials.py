"""The corpus-wide tables made from per-article partial results (merged counts) equal
those made from the whole sentence table, on the seed corpus and on a small hand-made one."""
from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest

from analysis.corpus import paths
from analysis.pipeline import export, process, tables
from analysis.pipeline.config import Config
from analysis.measures import terms as terms_mod

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
    config = Config.for_corpus(corpus)
    built = tables.build_tables(corpus, store=False, config=config)
    from_sentences = tables.word_choice_tables(built["sentences"], config=config)
    assert_equal_tables(built, from_sentences, WORD_CHOICE)
    for _ in ("cold", "warm"):
        stored = tables.build_tables(corpus, store=tmp_path / "stores", config=config)
        assert_equal_tables(stored, from_sentences, WORD_CHOICE)
    assert len(built["terms"]) and len(built["loaded_terms"]) and len(built["spelling"])


def test_word_choice_of_built_tables_equals_word_choice_tables(tmp_path):
    """Notebook 03's word_choice_of: the built tables (distinctive_terms against a
    reference computed again), and without shared copy the sentence table's count."""
    config = Config.for_corpus(paths.DATA)
    built = tables.build_tables(paths.DATA, store=tmp_path / "stores", config=config)
    for reference in (None, "DW"):
        for exclude in (False, True):
            expected = tables.word_choice_tables(built["sentences"], reference=reference,
                                                 exclude_shared=exclude, config=config)
            got = tables.word_choice_of(built, reference=reference, exclude_shared=exclude, config=config)
            assert_equal_tables(got, expected, WORD_CHOICE)
    assert tables.word_choice_of(built, config=config)["terms"] is built["terms"]  # read, not computed


def test_csv_corpus_tables_equal_those_of_the_sentence_table(corpus, tmp_path, monkeypatch):
    """The CSV path merges the articles' counts and shingles, reads back the text of only
    the sentences with a candidate and writes reuse_sentences chunk by chunk: the same
    files as the tables computed from the whole sentence table read back."""
    monkeypatch.setattr(export, "CSV_CHUNK", 7)  # several chunks even on these corpora
    config = Config.for_corpus(corpus)
    export.write_tables(corpus, tmp_path / "out", jobs=1, config=config, progress=None)
    read = lambda name: export.read_csv_table(tmp_path / "out" / f"{name}.csv")
    sentences = read("sentences")
    expected = tables.word_choice_tables(sentences, config=config)
    expected.update(tables.source_tables(sentences, read("quotes"), read("articles")))
    assert len(expected["reuse_sentences"]) == len(sentences)
    for name in (*WORD_CHOICE, "reuse_pairs", "reuse_sentences", "voices"):
        written = export.read_csv_table(tmp_path / "out" / f"{name}.csv")
        again = export.read_csv_table(_csv(expected[name], tmp_path / f"{name}.csv"))
        pd.testing.assert_frame_equal(written, again, check_exact=True, obj=name)


def _csv(frame: pd.DataFrame, path):
    frame.to_csv(path, index=False)
    return path


def test_term_counts_equal_a_plain_count_of_every_sentence(corpus):
    """The merged term counts against a count written out sentence by sentence."""
    config = Config.for_corpus(corpus)
    built = tables.build_tables(corpus, store=False, config=config)
    s = built["sentences"]
    n, users, forms = Counter(), {}, {}
    for outlet, aid, sentence in zip(s.outlet, s.article_id, s.text):
        for term, display, _ngram in terms_mod.sentence_terms(sentence, config.stopwords):
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
    config = Config.for_corpus(small)
    frame = tables.corpus.load_corpus(small)
    for article in frame.to_dict("records"):
        counts = process.process_article(article, config)["word_counts"]
        assert json.loads(json.dumps(counts)) == counts
        assert set(counts) == {"n_sentences", "n_words", "terms", "displays", "loaded",
                               "voice_words", "spelling"}


# ----------------------------------------------------------------------------- shared copy

def reference_alignment(sentences: pd.DataFrame) -> pd.DataFrame:
    """align_sentences as it was written before the shingles were made article by
    article: one inverted index of Python sets over the whole table (the oracle)."""
    import difflib
    from collections import defaultdict

    from analysis.measures import shingles as shingles_mod

    words = [shingles_mod.sentence_words(t) for t in sentences.text]
    ids = list(zip(sentences.article_id, sentences.sentence_id))
    shingles = [{hash(tuple(w[k:k + shingles_mod.SHINGLE])) for k in range(max(1, len(w) - shingles_mod.SHINGLE + 1))}
                if len(w) >= shingles_mod.MIN_WORDS_TO_MATCH else set() for w in words]
    index = defaultdict(list)
    for i, sh in enumerate(shingles):
        for k in sh:
            index[k].append(i)
    best = {}
    for i, sh in enumerate(shingles):
        if not sh:
            continue
        shared = Counter()
        for k in sh:
            if len(index[k]) <= shingles_mod.MAX_POSTING:
                shared.update(index[k])
        need = max(1, int(shingles_mod.MIN_SHARED_SHINGLES * len(sh)))
        for j, n in sorted(shared.items()):
            if n < need or ids[j][0] == ids[i][0]:
                continue
            ratio = 1.0 if words[i] == words[j] else difflib.SequenceMatcher(
                None, words[i], words[j], autojunk=False).ratio()
            if (i, ids[j][0]) not in best or ratio > best[(i, ids[j][0])][0]:
                best[(i, ids[j][0])] = (ratio, j)
    rows = [{"article_id": ids[i][0], "sentence_id": ids[i][1], "other_article": other,
             "other_sentence": ids[j][1], "similarity": round(r, 4)} for (i, other), (r, j) in best.items()]
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "other_article", "other_sentence",
                                       "similarity"])


BASE = "the mayors of the largest cities met the president in kyiv on tuesday to agree a heating plan"


def edited_sentences() -> pd.DataFrame:
    """Sentences with verbatim copies, small and large edits, two equally good matches in
    one article (the first wins), a sentence too short to match, and one article whose
    sentences are not contiguous in the table."""
    rows = [("a", 1, BASE), ("a", 2, "Short one here."),
            ("b", 1, BASE.replace("tuesday", "monday")), ("b", 2, BASE.replace("tuesday", "monday")),
            ("c", 1, BASE.upper() + "!"), ("c", 2, " ".join(BASE.split()[:9]) + " and left"),
            ("d", 1, "Nothing alike in this sentence at all, none."),
            ("a", 3, " ".join(BASE.split()[5:])), ("e", 1, " ".join(reversed(BASE.split())))]
    return pd.DataFrame([{"article_id": a, "outlet": a.upper(), "sentence_id": i, "n_words": len(t.split()),
                          "text": t} for a, i, t in rows])


@pytest.mark.parametrize("max_posting", [None, 2, 4])
def test_alignment_from_shingle_postings_equals_the_whole_table_index(max_posting, monkeypatch):
    from analysis.measures import shared_copy, shingles as shingles_mod

    if max_posting:  # shingles in more sentences than this are left out
        monkeypatch.setattr(shingles_mod, "MAX_POSTING", max_posting)
    s = edited_sentences()
    got = shared_copy.align_sentences(s)
    pd.testing.assert_frame_equal(got, reference_alignment(s), check_exact=True)
    assert len(got) > 5 if max_posting is None else len(got) < 20


def test_seed_alignment_from_article_shingles_equals_the_whole_table_index():
    """build_tables merges the shingles process_article made (ShinglePostings); the
    oracle indexes the whole sentence table: the same alignment, the same reuse tables."""
    from analysis.measures import shared_copy

    built = tables.build_tables(paths.DATA, store=False)
    s = built["sentences"]
    expected = reference_alignment(s)
    assert len(expected) > 10
    pd.testing.assert_frame_equal(shared_copy.align_sentences(s), expected, check_exact=True)
    again = tables.source_tables(s, built["quotes"], built["articles"], alignment=expected)
    for name in ("reuse_pairs", "reuse_sentences", "voices"):
        pd.testing.assert_frame_equal(built[name], again[name], check_exact=True, obj=name)


def test_shingle_hashes_are_the_same_in_every_process():
    """Workers hash shingles in other processes (or machines): the hash must not be
    Python's salted hash of text."""
    import subprocess
    import sys

    code = "from analysis.measures import shingles; print(shingles.sentence_shingles('The mayors met the president in Kyiv.'))"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and len(json.loads(runs.pop())) == 5


def test_word_lists_are_built_once_per_process_by_content():
    """A process pool unpickles a new Config with each chunk of articles: the word lists
    it counts with are found by content, not built again; replacing a list rebuilds them."""
    import pickle

    config = Config.for_corpus(paths.DATA)
    lists = config.word_lists()
    copy = pickle.loads(pickle.dumps(config))
    assert "_word_lists" not in copy.__dict__ and copy.word_lists() is lists
    copy.stopwords = copy.stopwords | {"mayors"}
    assert copy.word_lists() is not lists and "mayors" in copy.word_lists().stopwords


def copied_sentences() -> pd.DataFrame:
    """edited_sentences with copies: f is a verbatim copy of a, g of b (whose two
    sentences are already the same), h carries a's first sentence twice and c's second
    once, and i repeats h, so that verbatim classes span many articles and one article."""
    s = edited_sentences()
    copies = []
    for new, old in (("f", "a"), ("g", "b")):
        copies.append(s[s.article_id == old].assign(article_id=new, outlet=new.upper()))
    for name in ("h", "i"):
        rows = [s.iloc[0], s.iloc[0], s.iloc[5]]
        copies.append(pd.DataFrame(rows).assign(article_id=name, outlet="H", sentence_id=[1, 2, 3]))
    return pd.concat([s, *copies], ignore_index=True)


@pytest.mark.parametrize("max_posting", [None, 2, 4, 6, 9])
@pytest.mark.parametrize("compact_every", [None, 1, 30])
def test_reuse_by_verbatim_classes_equals_the_alignment(max_posting, compact_every, monkeypatch):
    """ShinglePostings.reuse (candidates between classes of verbatim copies) gives the
    reuse tables the sentence-by-sentence alignment gives, whatever MAX_POSTING leaves out
    and however often the shingles of copies are dropped as articles are added."""
    from analysis.measures import shared_copy, shingles as shingles_mod

    if max_posting:
        monkeypatch.setattr(shingles_mod, "MAX_POSTING", max_posting)
    if compact_every:
        monkeypatch.setattr(shingles_mod, "COMPACT_EVERY", compact_every)
    s = copied_sentences()
    texts = s.text.tolist()
    postings = shared_copy.sentence_postings(s)
    assert postings.compacted == (compact_every is not None)
    reuse = postings.reuse(lambda positions: {p: texts[p] for p in positions})
    alignment = shared_copy.align_sentences(s)
    pd.testing.assert_frame_equal(reuse.pairs, shared_copy.reuse_pairs(s, alignment), check_exact=True)
    pd.testing.assert_frame_equal(shared_copy.reuse_sentences(s, alignment, best=reuse.best()),
                                  shared_copy.reuse_sentences(s, alignment), check_exact=True)
    assert len(reuse.pairs) > 10 if max_posting is None else True


def test_reuse_of_two_identical_articles_by_hand():
    """x and y carry the same two sentences (5 and 6 words), z a sentence too short to
    match: x and y share all of their 11 words with each other; each sentence's best
    match is its copy, verbatim; z shares nothing."""
    from analysis.measures import shared_copy

    one, two = "The council met on Monday.", "It agreed a plan for heating."
    s = pd.DataFrame([("x", "X", 1, 5, one), ("x", "X", 2, 6, two), ("y", "Y", 1, 5, one),
                      ("y", "Y", 2, 6, two), ("z", "Z", 1, 3, "Short one here.")],
                     columns=["article_id", "outlet", "sentence_id", "n_words", "text"])
    texts = s.text.tolist()
    reuse = shared_copy.sentence_postings(s).reuse(lambda positions: {p: texts[p] for p in positions})
    assert reuse.pairs.values.tolist() == [["x", "X", "y", "Y", 11, 11, 1.0], ["y", "Y", "x", "X", 11, 11, 1.0]]
    got = shared_copy.reuse_sentences(s, None, best=reuse.best())
    assert got.status.tolist() == ["shared verbatim"] * 4 + ["own"]
    assert got.best_match_article.tolist() == ["y", "y", "x", "x", ""]
    assert got.best_match_sentence.tolist()[:4] == [1, 2, 1, 2]
