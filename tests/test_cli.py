"""The command line end to end: tables and report, on the seeds and on other corpora."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from analysis.corpus import paths
from analysis.language import vocabulary

SHARED = paths.ROOT.parent / "shared" / "corpora" / "article-bias-prediction"
FIXTURE = paths.ROOT / "tests" / "fixtures" / "ukraine"


@pytest.fixture(autouse=True)
def _store_in_tmp(tmp_path_factory, monkeypatch):
    """The commands (run as subprocesses, which inherit the environment) keep their
    stores in a temporary folder, not in the checkout's .cache/."""
    from analysis.pipeline import store

    monkeypatch.setenv(store.STORE_ENV, str(tmp_path_factory.mktemp("stores")))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True,
                          text=True, cwd=paths.ROOT)


def test_tables_on_the_seeds(tmp_path):
    result = run("tables", "--out", str(tmp_path), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "5 articles in" in result.stdout
    articles = pd.read_csv(tmp_path / "articles.csv", keep_default_na=False)
    for column in ("article_id", "outlet", "title", "published", "event", "wire",
                   "n_words_raw", "n_words_clean", "text"):
        assert column in articles.columns
    assert articles.set_index("article_id").wire["dw"] == "AFP; Reuters"
    lines = pd.read_csv(tmp_path / "lines.csv", keep_default_na=False)
    assert list(lines.columns) == ["article_id", "outlet", "line_no", "role", "rule", "n_words", "share", "text"]
    # one audit row per non-blank raw line: grep -c '[^[:space:]]' data/raw/*.txt
    assert lines.groupby("article_id").size().to_dict() == {
        "scmp": 17, "moscow-times": 26, "rferl": 25, "france24": 37, "dw": 26}
    sentences = pd.read_csv(tmp_path / "sentences.csv", keep_default_na=False)
    assert len(sentences) == 92
    with open(tmp_path / "problems.csv", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["level", "file", "article_id", "problem"]]


def test_tables_writes_the_store_that_notebooks_read(tmp_path, monkeypatch):
    from analysis.pipeline import process, store, tables

    root = tmp_path / "stores"
    result = run("tables", "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"),
                 "--store", str(root), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    folder = store.store_folder(FIXTURE, root)
    assert f"Store: {folder} (built in" in result.stdout
    assert "3 article(s) processed, 3 read)" in result.stdout  # processed once, for CSV and store
    assert len(list((folder / "manifests").glob("*.json"))) == 1
    calls = []
    monkeypatch.setattr(process, "process_article", lambda *a: calls.append(a))
    store.code_digest.cache_clear()  # the code as the command just read it
    stored = tables.build_tables(FIXTURE, store=root)
    assert calls == []
    assert len(stored["sentences"]) == len(pd.read_csv(tmp_path / "out" / "sentences.csv"))
    # a second run reads every article back from the store
    again = run("tables", "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"),
                "--store", str(root), "--jobs", "1")
    assert "(read in" in again.stdout and "0 article(s) processed, 0 read)" in again.stdout
    # --no-store: CSV only
    other = tmp_path / "other"
    result = run("tables", "--corpus", str(FIXTURE), "--out", str(tmp_path / "out2"),
                 "--store", str(other), "--no-store")
    assert result.returncode == 0 and "Store:" not in result.stdout and not other.exists()


def test_tables_no_csv_writes_the_store_only(tmp_path):
    root = tmp_path / "stores"
    result = run("tables", "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"),
                 "--store", str(root), "--no-csv", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "(built in" in result.stdout and "3 articles, 3 processed, 0 read)" in result.stdout
    assert not (tmp_path / "out").exists()
    again = run("tables", "--corpus", str(FIXTURE), "--store", str(root), "--no-csv")
    assert "(read in" in again.stdout and "3 articles, 0 processed, 0 read)" in again.stdout
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "articles.csv").write_text("article_id,outlet,file\na,X,missing.txt\n", encoding="utf-8")
    failed = run("tables", "--corpus", str(broken), "--store", str(root), "--no-csv")
    assert failed.returncode == 1 and "Store: not written" in failed.stderr
    assert "missing.txt" in failed.stderr


def test_tables_without_out_writes_the_store_only(tmp_path):
    root = tmp_path / "stores"
    result = run("tables", "--corpus", str(FIXTURE), "--store", str(root), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "Writing tables" not in result.stdout  # no CSV
    assert "(built in" in result.stdout and "3 articles, 3 processed, 0 read)" in result.stdout
    nothing = run("tables", "--corpus", str(FIXTURE), "--no-store")
    assert nothing.returncode == 2 and nothing.stderr.startswith("error: with --no-store")
    assert "give --out DIR" in nothing.stderr


def test_tables_with_errors_writes_no_store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Headline\n\nA body sentence.\n", encoding="utf-8")
    (corpus / "articles.csv").write_text("article_id,outlet,file\na,X,a.txt\nb,Y,missing.txt\n",
                                         encoding="utf-8")
    result = run("tables", "--corpus", str(corpus), "--out", str(tmp_path / "out"),
                 "--store", str(tmp_path / "stores"))
    assert result.returncode == 1
    assert "Store: not written (a corpus with errors has no store" in result.stdout
    assert not list((tmp_path / "stores").glob("*/manifests/*.json"))


@pytest.fixture
def abp_sample(tmp_path):
    """Two same-day groups of the article-bias-prediction corpus, copied to a temporary
    folder for the test (never into the repository)."""
    index = pd.read_csv(SHARED / "SUBSET_INDEX.csv")
    sample = index[index.group_id.isin([0, 1])]
    folder = tmp_path / "abp"
    folder.mkdir()
    for rel in sample.file:
        shutil.copy(SHARED / rel, folder)
    return folder, sample


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpora not present")
def test_tables_on_a_json_folder_corpus(abp_sample, tmp_path):
    folder, sample = abp_sample
    out = tmp_path / "out"
    result = run("tables", "--corpus", str(folder), "--out", str(out), "--event-column", "topic")
    assert result.returncode == 0, result.stderr
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert sorted(articles.article_id) == sorted(sample.ID)
    assert sorted(articles.outlet) == sorted(sample.source)
    assert set(articles.event) == set(sample.topic)
    # each article's analysis text starts with its title (kept apart in the JSON)
    for row in articles.itertuples():
        assert row.text.startswith(row.title)
        assert row.n_sentences > 0


def test_report_escapes_article_text_and_runs_on_another_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("<script>alert('x')</script> wins\n\nBody <b>bold</b> claim.",
                                  encoding="utf-8")
    (corpus / "b.txt").write_text("Second headline\n\nAnother body sentence. And one more.",
                                  encoding="utf-8")
    pd.DataFrame([
        {"article_id": "a", "outlet": "Outlet <A>", "file": "a.txt",
         "title": "<script>alert('x')</script> wins", "published": "2024-01-02", "event": "E"},
        {"article_id": "b", "outlet": "Outlet B", "file": "b.txt", "title": "Second headline",
         "published": "2024-01-03", "event": "E"},
    ]).to_csv(corpus / "articles.csv", index=False)
    out = tmp_path / "reports"
    result = run("report", "--corpus", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "[1/" in result.stdout  # progress per notebook
    page = (out / "01-corpus.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
    assert "Outlet &lt;A&gt;" in page
    # a: headline + one body sentence; b: headline + two body sentences
    assert "2 articles from 2 outlets, 5 sentences" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="01-corpus.html"' in index and 'href="02-naming.html"' in index
    assert "--corpus" in index
    # every chart is saved as PNG and SVG with the table that drew it, named alike
    pngs = sorted(p.stem for p in (out / "figures").glob("*.png"))
    assert "01-cleaning-by-role" in pngs and "00-summary" in pngs and len(pngs) >= 15
    assert pngs == sorted(p.stem for p in (out / "figures").glob("*.svg"))
    assert set(pngs) <= {p.stem for p in (out / "tables").glob("*.csv")}
    drawn = pd.read_csv(out / "tables" / "01-cleaning-by-role.csv")
    assert set(drawn.outlet) == {"Outlet <A>", "Outlet B"}
    naming_page = (out / "02-naming.html").read_text(encoding="utf-8")
    assert "0 mentions of 0 people, organisations and places" in naming_page
    assert "No entity is named in more than one form" not in naming_page  # a chart, as PNG


def test_report_on_another_story_with_its_own_registry(tmp_path):
    out = tmp_path / "reports"
    result = run("report", "--corpus", str(FIXTURE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "02-naming.html").read_text(encoding="utf-8")
    # Zelensky* 3 + 4 + 3, Kiev/Kyiv/KYIV 3 + 1 + 2, Ukraine's 2
    assert "3 articles from 3 outlets; 18 mentions of 3 people, organisations and places" in page
    for form in ("Zelenskyy", "Zelenskiy", "Zelensky", "Kyiv", "Kiev", "Ukrainian-derived"):
        assert form in page
    assert "Lukashenko" not in page and "Lukashenka" not in page
    index = (out / "index.html").read_text(encoding="utf-8")
    # the summary comes first: findings, then the reports
    assert index.index('id="summary"') < index.index('<ol class="findings">') < index.index('id="reports"')
    assert "3 articles from 3 outlets, 1 event, 5 November 2024 – 6 November 2024" in index
    assert "Only Daily Ledger writes Kiev (3 of 3 mentions)" in index
    assert 'href="02-naming.html"' in index and ".ipynb" not in index
    assert "Lukashenk" not in index


def test_an_article_that_is_only_page_furniture_is_reported(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Advertisement\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Headline here\n\nA body sentence. Another one.\n", encoding="utf-8")
    (corpus / "articles.csv").write_text("article_id,outlet,file\na,X,a.txt\nb,Y,b.txt\n",
                                         encoding="utf-8")
    out = tmp_path / "out"
    result = run("tables", "--corpus", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "0 error(s), 1 warning(s)" in result.stdout
    problems = pd.read_csv(out / "problems.csv", keep_default_na=False)
    assert problems[["level", "article_id"]].values.tolist() == [["warning", "a"]]
    assert problems.problem.iloc[0].startswith("no text left after cleaning")
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert articles.article_id.tolist() == ["a", "b"]  # kept, not dropped


def test_a_corpus_with_no_text_left_writes_every_table(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Advertisement\n", encoding="utf-8")
    (corpus / "articles.csv").write_text("article_id,outlet,file\na,X,a.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("tables", "--corpus", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    for name in ("problems", "terms", "sentiment_outlets", "reuse_sentences", "readability"):
        assert (out / f"{name}.csv").is_file(), name
    reading = pd.read_csv(out / "readability.csv")
    assert reading.flesch_reading_ease.isna().all()  # no text: no figure, not textstat's 0.0


def test_numeric_looking_ids_and_outlets_stay_text(tmp_path):
    table = tmp_path / "t.csv"
    pd.DataFrame({"id": ["001", "002"], "outlet": ["7", "8"],
                  "text": ["A shared sentence about the same meeting today.",
                           "A shared sentence about the same meeting today."]}).to_csv(table, index=False)
    out = tmp_path / "out"
    result = run("tables", "--corpus", str(table), "--out", str(out), "--id-column", "id")
    assert result.returncode == 0, result.stderr
    pairs = pd.read_csv(out / "reuse_pairs.csv", dtype=str)
    assert pairs[["article_a", "article_b"]].values.tolist() == [["001", "002"], ["002", "001"]]
    voices_header = (out / "voices.csv").read_text(encoding="utf-8").splitlines()[0]
    assert voices_header == "outlet,speaker_entity,n_quotes,n_words,share_of_words"


@pytest.fixture(scope="module")
def abp_report(tmp_path_factory):
    """The whole report on three same-day groups of the article-bias-prediction corpus
    (7 May 2013: elections, taxes, violence in America; 12 articles from 8 outlets), read
    from a temporary copy, with no code change."""
    index = pd.read_csv(SHARED / "SUBSET_INDEX.csv")
    sample = index[index.date == "2013-05-07"]
    base = tmp_path_factory.mktemp("abp-report")
    folder = base / "corpus"
    folder.mkdir()
    for rel in sample.file:
        shutil.copy(SHARED / rel, folder)
    out = base / "reports"
    result = run("report", "--corpus", str(folder), "--event-column", "topic", "--out", str(out))
    return result, out, sample


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpora not present")
def test_report_summary_on_a_second_corpus(abp_report):
    result, out, sample = abp_report
    assert result.returncode == 0, result.stderr
    assert sample.group_id.nunique() == 3 and len(sample) == 12 and sample.source.nunique() == 8
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index('id="summary"') < index.index('<ol class="findings">') < index.index('id="reports"')
    assert "12 articles from 8 outlets, 3 events, 7 May 2013" in index
    assert "--event-column topic" in index
    # 4 of 8 outlets have one article only (the other four have two)
    assert "4 of 8 outlets are represented by a single article" in index
    found = pd.read_csv(out / "tables" / "00-findings.csv", keep_default_na=False)
    assert len(found) >= 3
    assert found.finding.iloc[0].startswith("The articles cover 3 different events (the largest, "
                                            "violence_in_america, 5 of 12 articles)")
    assert set(found.notebook) <= {p.stem for p in paths.NOTEBOOKS.glob("*.ipynb")}
    for notebook in set(found.notebook):
        assert (out / f"{notebook}.html").is_file()
    fingerprint = pd.read_csv(out / "tables" / "00-fingerprint.csv", keep_default_na=False)
    assert sorted(fingerprint.outlet) == sorted(set(sample.source))
    assert fingerprint.set_index("outlet").n_articles.to_dict() == sample.source.value_counts().to_dict()
    # nothing about the seed story, although the bundled registry knows Lukashenko
    for text in (index, (out / "00-summary.html").read_text(encoding="utf-8"), " ".join(found.finding)):
        assert "Lukashenk" not in text and "Belarus" not in text
    # every figure has the table that drew it beside it
    figures = {p.stem for p in (out / "figures").glob("*.png")}
    assert "00-summary" in figures
    assert figures <= {p.stem for p in (out / "tables").glob("*.csv")}


def test_an_interrupted_tables_run_leaves_the_earlier_tables_whole(tmp_path, monkeypatch):
    """Tables are written beside the output folder and renamed into it only when all are
    complete: a run stopped half-way (here after the per-article tables, while the
    corpus-wide ones are computed) leaves every table of the earlier run byte for byte."""
    from analysis.pipeline import export

    out = tmp_path / "out"
    export.write_tables(FIXTURE, out, jobs=1, progress=None)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {"articles.csv", "sentences.csv", "variants.csv", "voices.csv"} <= set(before)

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "_write_corpus_tables", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.write_tables(paths.DATA, out, jobs=1, progress=None)  # another corpus
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_counts_of_processes_and_kernels_must_be_whole_numbers_of_at_least_one():
    for command, option, value in (("tables", "--jobs", "0"), ("report", "--kernels", "-2"),
                                   ("report", "--kernels", "two")):
        result = run(command, option, value)
        assert result.returncode == 2
        assert (f"error: argument {option}: expected a whole number of at least 1, got {value!r}"
                in result.stderr)


def test_a_bad_vocabulary_stops_tables_with_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    (corpus / "vocabulary.extra.csv").write_text("word,list,value,source\nsay,cues,speech,x\n",
                                                 encoding="utf-8")
    result = run("tables", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 2
    assert result.stderr == (f"error: {corpus / 'vocabulary.extra.csv'}: data row 1 ('say'): unknown "
                             f"list 'cues'; the lists are {', '.join(vocabulary.LIST_NAMES)}\n")
    assert not (tmp_path / "out").exists()
