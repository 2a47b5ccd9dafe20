"""The persistent store (analysis.pipeline.store): tables read back equal to tables built directly,
only changed or added articles processed, invalidation by content, damaged files rebuilt,
and notebooks that open on a warm store without processing an article."""
from __future__ import annotations

import json
import os
import shutil

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis.corpus import paths
from analysis.pipeline import article_cache, keys, parquet, process, store, tables
from analysis.pipeline.config import Config
from analysis.present.report import ReportError, execute_notebook

FIXTURE = paths.ROOT / "tests" / "fixtures" / "ukraine"
CORPORA = {"seed": paths.DATA, "ukraine": FIXTURE}


@pytest.fixture
def calls(monkeypatch):
    """The articles processed (by id), counted at analysis.pipeline.process.process_article."""
    seen: list[str] = []
    real = process.process_article

    def counting(article, config):
        seen.append(article["article_id"])
        return real(article, config)

    monkeypatch.setattr(process, "process_article", counting)
    return seen


@pytest.fixture
def corpus(tmp_path):
    """A copy of the ukraine fixture (3 articles, its own registry) that tests may edit."""
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURE, folder)
    return folder


def build(corpus, root, **options):
    """The tables through the store under ``root``, and the Store (its stats)."""
    where = store.Store.for_corpus(corpus, root)
    return tables.update_store(where, corpus, config=Config.for_corpus(corpus), **options), where


def assert_same_tables(got: dict, expected: dict) -> None:
    assert list(got) == list(expected)
    for name in expected:
        pd.testing.assert_frame_equal(got[name], expected[name], check_exact=True, obj=name)
    assert got["articles"].attrs["problems"] == expected["articles"].attrs["problems"]


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_store_tables_equal_tables_built_directly(name, tmp_path, calls):
    corpus = CORPORA[name]
    direct = tables.build_tables(corpus, store=False)
    n = len(direct["articles"])
    cold, where = build(corpus, tmp_path)
    assert where.stats == {"n_articles": n, "n_processed": n, "n_read": 0, "tables": "built"}
    warm, where = build(corpus, tmp_path)
    assert where.stats == {"n_articles": n, "n_processed": 0, "n_read": 0, "tables": "read"}
    # the corpus-wide tables derived again from the stored per-article results (JSON)
    shutil.rmtree(where.folder / "tables")
    again, where = build(corpus, tmp_path)
    assert where.stats["n_read"] == n and where.stats["n_processed"] == 0
    for got in (cold, warm, again):
        assert_same_tables(got, direct)
    assert len(calls) == 2 * n  # the direct build, then the cold store only


def test_warnings_come_back_with_the_tables(corpus, tmp_path):
    manifest = (corpus / "articles.csv").read_text(encoding="utf-8")
    (corpus / "articles.csv").write_text(manifest.replace("2024-11-06", "the sixth"), encoding="utf-8")
    (corpus / "furniture.txt").write_text("Advertisement\n", encoding="utf-8")
    with (corpus / "articles.csv").open("a", encoding="utf-8") as handle:
        handle.write("furniture,Wire Digest,furniture.txt,,,,en\n")
    direct = tables.build_tables(corpus, store=False)
    problems = direct["articles"].attrs["problems"]
    assert len(problems) == 2 and any("the sixth" in p for p in problems)
    assert any("no text left after cleaning" in p for p in problems)
    build(corpus, tmp_path)
    warm, where = build(corpus, tmp_path)
    assert where.stats["tables"] == "read"
    assert_same_tables(warm, direct)


def test_manifest_records_what_built_the_tables(corpus, tmp_path):
    built, where = build(corpus, tmp_path, title_column="title")
    manifest = json.loads(_manifest(where).read_text(encoding="utf-8"))
    assert manifest["corpus"] == str(corpus.resolve())
    assert manifest["corpus_options"] == {"title_column": "title"}
    assert manifest["n_articles"] == 3
    assert manifest["pipeline_version"] == keys.PIPELINE_VERSION
    assert manifest["suite_version"] == store.suite_version() == "0.1.0"
    assert manifest["config_digest"] == Config.for_corpus(corpus).digest()
    assert manifest["code_digest"] == store.code_digest() and len(store.code_digest()) == 16
    assert len(manifest["corpus_fingerprint"]) == 64
    assert set(manifest["tables"]) == set(built)
    assert manifest["tables"]["sentences"]["rows"] == len(built["sentences"])
    for entry in manifest["tables"].values():
        assert (where.folder / entry["file"]).stat().st_size == entry["bytes"]
    # one chunk file holds the three articles' results
    assert len(list((where.folder / "articles").glob("chunk-*.parquet"))) == 1


def test_warm_store_processes_no_article(corpus, tmp_path, calls):
    tables.build_tables(corpus, store=tmp_path)
    assert sorted(calls) == ["harbor-1", "ledger-1", "wire-1"]
    calls.clear()
    tables.build_tables(corpus, store=tmp_path)
    assert calls == []


def test_a_changed_article_is_processed_alone(corpus, tmp_path, calls):
    tables.build_tables(corpus, store=tmp_path)
    calls.clear()
    with (corpus / "harbor.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nThe mayor of Kyiv said nothing more.\n")
    changed = tables.build_tables(corpus, store=tmp_path)
    assert calls == ["harbor-1"]
    assert_same_tables(changed, tables.build_tables(corpus, store=False))
    assert "The mayor of Kyiv said nothing more." in set(changed["sentences"].text)


def test_an_added_article_is_processed_alone(corpus, tmp_path, calls):
    tables.build_tables(corpus, store=tmp_path)
    calls.clear()
    (corpus / "extra.txt").write_text("Kyiv talks resume\n\nZelenskyy met envoys in Kyiv on Monday.\n",
                                      encoding="utf-8")
    manifest = pd.read_csv(corpus / "articles.csv", dtype=str, keep_default_na=False)
    row = manifest.iloc[0].to_dict() | {"article_id": "extra", "file": "extra.txt",
                                         "title": "Kyiv talks resume"}
    pd.concat([manifest, pd.DataFrame([row])]).to_csv(corpus / "articles.csv", index=False)
    added = tables.build_tables(corpus, store=tmp_path)
    assert calls == ["extra"]
    assert len(added["articles"]) == 4
    assert_same_tables(added, tables.build_tables(corpus, store=False))


@pytest.mark.parametrize("data_file, text", [
    ("entities.yaml", "- id: odesa\n  name: Odesa\n  kind: place\n  names:\n"
                      "    - {form: Odesa, script: Latin, origin: Ukrainian-derived}\n"),
    ("stopwords.extra.txt", "envoys\n"),
])
def test_a_changed_data_file_invalidates_every_article(corpus, tmp_path, calls, data_file, text):
    tables.build_tables(corpus, store=tmp_path)
    calls.clear()
    with (corpus / data_file).open("a", encoding="utf-8") as handle:
        handle.write(text)
    after = tables.build_tables(corpus, store=tmp_path)
    assert sorted(calls) == ["harbor-1", "ledger-1", "wire-1"]
    assert_same_tables(after, tables.build_tables(corpus, store=False))


def test_other_code_invalidates_every_article(corpus, tmp_path, calls, monkeypatch):
    """A store built by other code (an edited analysis module) is not read back."""
    tables.build_tables(corpus, store=tmp_path)
    calls.clear()
    monkeypatch.setattr(store, "code_digest", lambda: "edited")
    tables.build_tables(corpus, store=tmp_path)
    assert sorted(calls) == ["harbor-1", "ledger-1", "wire-1"]


def test_results_of_changed_articles_are_dropped_when_they_outnumber_the_rest(corpus, tmp_path, calls):
    _, where = build(corpus, tmp_path)
    for n in range(3):  # every article changed three times: 9 stale results, 3 live
        for name in ("harbor.txt", "ledger.txt", "wire.txt"):
            with (corpus / name).open("a", encoding="utf-8") as handle:
                handle.write(f"\nOne more line, number {n}.\n")
        got, where = build(corpus, tmp_path)
    cache = where.articles()
    assert len(cache.index) <= 2 * 3
    calls.clear()
    assert_same_tables(build(corpus, tmp_path)[0], got)
    shutil.rmtree(where.folder / "tables")
    assert_same_tables(build(corpus, tmp_path)[0], got)
    assert calls == []


def test_other_column_options_rebuild_the_tables(corpus, tmp_path, calls):
    tables.build_tables(corpus, store=tmp_path)
    calls.clear()
    _, where = build(corpus, tmp_path, title_column="title")
    assert where.stats["tables"] == "built"  # the articles read back, the tables derived again


def test_variants_of_options_stay_side_by_side(corpus, tmp_path, calls, monkeypatch):
    """Tables of other options are kept beside the first ones (up to MAX_VARIANTS):
    tables open from the first stay readable, and going back reads them again; tables
    of other code are removed when new ones are installed."""
    first, where = build(corpus, tmp_path)
    quotes = first["quotes"]  # read now; the rest of `first` is read lazily
    _, where = build(corpus, tmp_path, title_column="title")
    assert where.stats["tables"] == "built" and len(where.manifests()) == 2
    pd.testing.assert_frame_equal(first["sentences"], build(corpus, tmp_path)[0]["sentences"])
    calls.clear()
    again, where = build(corpus, tmp_path)
    assert where.stats["tables"] == "read" and calls == []
    pd.testing.assert_frame_equal(again["quotes"], quotes)
    assert len(list((where.folder / "tables").iterdir())) == 2

    monkeypatch.setattr(store, "MAX_VARIANTS", 1)  # the most recent variant only
    _, where = build(corpus, tmp_path, title_column="title")
    assert where.stats["tables"] == "read"  # reading installs nothing: both stay
    (corpus / "wire.txt").write_text((corpus / "wire.txt").read_text(encoding="utf-8") + "\nOne more.\n",
                                     encoding="utf-8")
    _, where = build(corpus, tmp_path, title_column="title")
    assert where.stats["tables"] == "built"
    (kept,) = where.manifests()
    assert json.loads(kept.read_text(encoding="utf-8"))["corpus_options"] == {"title_column": "title"}
    assert len(list((where.folder / "tables").iterdir())) == 1
    monkeypatch.setattr(store, "MAX_VARIANTS", 4)
    monkeypatch.setattr(store, "code_digest", lambda: "edited")
    _, where = build(corpus, tmp_path)
    (kept,) = where.manifests()  # the variant of the code before is gone
    assert json.loads(kept.read_text(encoding="utf-8"))["code_digest"] == "edited"


def _manifest(where: store.Store):
    """The store's one manifest (one variant of tables)."""
    (manifest,) = (where.folder / "manifests").glob("*.json")
    return manifest


def _table_file(where: store.Store, name: str):
    manifest = json.loads(_manifest(where).read_text(encoding="utf-8"))
    return where.folder / manifest["tables"][name]["file"]


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete"])
def test_a_damaged_table_file_is_rebuilt_never_read(corpus, tmp_path, calls, capsys, damage):
    expected, where = build(corpus, tmp_path)
    calls.clear()
    target = _table_file(where, "sentences")
    data = target.read_bytes()
    if damage == "truncate":
        target.write_bytes(data[: len(data) // 2])
    elif damage == "flip":  # same size, one byte changed in the middle
        middle = len(data) // 2
        target.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    else:
        target.unlink()
    got, where = build(corpus, tmp_path)
    assert "the tables are rebuilt" in capsys.readouterr().err
    assert where.stats["tables"] == "built" and calls == []  # from the stored articles
    assert_same_tables(got, expected)
    _, where = build(corpus, tmp_path)
    assert where.stats["tables"] == "read"


def test_a_damaged_article_chunk_is_processed_again(corpus, tmp_path, calls, capsys):
    expected, where = build(corpus, tmp_path)
    (chunk,) = (where.folder / "articles").glob("chunk-*.parquet")
    chunk.write_bytes(chunk.read_bytes()[:100])
    _manifest(where).write_text("{not json", encoding="utf-8")
    calls.clear()
    got, where = build(corpus, tmp_path)
    err = capsys.readouterr().err
    assert f"{_manifest(where).name} cannot be read" in err and "cannot be read (" in err
    assert sorted(calls) == ["harbor-1", "ledger-1", "wire-1"]
    assert_same_tables(got, expected)


def test_an_interrupted_write_leaves_no_half_store(corpus, tmp_path, monkeypatch):
    expected, where = build(corpus, tmp_path)
    before = _manifest(where).read_bytes()
    written = []
    real = parquet.write_parquet

    def interrupted(frame, path):
        if len(written) == 5:
            raise KeyboardInterrupt
        written.append(path.name)
        return real(frame, path)

    monkeypatch.setattr(parquet, "write_parquet", interrupted)  # read when a part is written
    monkeypatch.setattr(store, "write_parquet", interrupted)
    (corpus / "wire.txt").write_text((corpus / "wire.txt").read_text(encoding="utf-8") + "\nA new line.\n",
                                     encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build(corpus, tmp_path)
    # the manifest still names the earlier tables, whole; no staging folder is left
    assert _manifest(where).read_bytes() == before
    assert [p.name for p in (where.folder / "tables").iterdir() if p.name.startswith(".")] == []
    monkeypatch.undo()
    got, where = build(corpus, tmp_path)
    assert where.stats["tables"] == "built" and where.stats["n_processed"] == 0  # wire was stored
    assert_same_tables(got, tables.build_tables(corpus, store=False))


@pytest.mark.parametrize("options", [{}, {"exclude_shared": True, "reference": "Daily Ledger"}])
def test_word_choice_tables_of_stored_sentences_are_kept_in_the_store(corpus, tmp_path, monkeypatch,
                                                                       options):
    """Notebook 03 asks for the word-choice tables again, with other options: computed
    once per store, read back after, equal to those computed directly."""
    from analysis.measures import terms

    counted = []
    real = terms.count_terms
    monkeypatch.setattr(terms, "count_terms", lambda *a, **k: counted.append(1) or real(*a, **k))
    config = Config.for_corpus(corpus)
    built, where = build(corpus, tmp_path)
    sentences = built["sentences"]
    assert sentences.attrs["store"] == str(where.folder)
    plain = sentences.copy()
    plain.attrs = {}
    direct = tables.word_choice_tables(plain, config=config, **options)
    counted.clear()
    first = tables.word_choice_tables(sentences, config=config, **options)
    assert counted == [1]
    again = tables.word_choice_tables(build(corpus, tmp_path)[0]["sentences"], config=config, **options)
    assert counted == [1]  # read back from the store
    for name in direct:
        pd.testing.assert_frame_equal(first[name], direct[name], check_exact=True, obj=name)
        pd.testing.assert_frame_equal(again[name], direct[name], check_exact=True, obj=name)
    # other sentences, another lexicon: computed
    tables.word_choice_tables(sentences.iloc[:5], config=config, **options)
    other = Config.for_corpus(corpus)
    other.stopwords = other.stopwords | {"mayors"}
    tables.word_choice_tables(sentences, config=other, **options)
    assert counted == [1, 1, 1]
    # the tables derived from a store go when its tables are rebuilt
    assert len(list((where.folder / "derived").glob("*.json"))) == 3
    with (corpus / "wire.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA last line.\n")
    build(corpus, tmp_path)
    assert not (where.folder / "derived").exists()


def test_columns_parquet_would_change_are_stored_as_json(tmp_path):
    frame = pd.DataFrame({"text": ["a", "b", "c"], "spans": [[1, 2], [], [3]],
                          "mixed": ["x", 1, None], "gaps": ["x", np.nan, "z"],
                          "n": [1, 2, 3], "share": [0.5, np.nan, 1.0],
                          "best": pd.array([1, None, 3], dtype="Int64")})
    frame.attrs["problems"] = ["kept apart"]
    encoded = parquet.write_parquet(frame, tmp_path / "t.parquet")
    assert encoded == ["spans", "mixed", "gaps"]
    back = parquet.read_parquet(tmp_path / "t.parquet", encoded)
    pd.testing.assert_frame_equal(back.drop(columns=["gaps"]), frame.drop(columns=["gaps"]),
                                  check_exact=True)
    assert back.gaps[0] == "x" and np.isnan(back.gaps[1])
    empty = pd.DataFrame(columns=["a", "b"])
    assert parquet.write_parquet(empty, tmp_path / "e.parquet") == []
    pd.testing.assert_frame_equal(parquet.read_parquet(tmp_path / "e.parquet"), empty)


def test_store_location(tmp_path, monkeypatch):
    monkeypatch.delenv(store.STORE_ENV, raising=False)
    default = store.store_folder(paths.DATA)
    assert default.parent == paths.ROOT / ".cache" / "store" and default.name.startswith("data-")
    monkeypatch.chdir(paths.ROOT)
    assert store.store_folder("data") == store.store_folder("./data/../data") == default
    assert store.store_folder(FIXTURE) != default
    monkeypatch.setenv(store.STORE_ENV, str(tmp_path))
    assert store.store_folder(paths.DATA) == tmp_path / default.name
    assert store.store_folder(paths.DATA, tmp_path / "given") == tmp_path / "given" / default.name
    monkeypatch.setenv(store.STORE_ENV, "off")
    assert store.store_folder(paths.DATA) is None


def test_stores_of_corpora_that_are_gone_are_pruned(corpus, tmp_path):
    gone = tmp_path / "gone"
    shutil.copytree(FIXTURE, gone)
    _, old = build(gone, tmp_path / "stores")
    shutil.rmtree(gone)
    _, where = build(corpus, tmp_path / "stores")
    assert not old.folder.exists() and where.folder.exists()


def test_what_killed_runs_left_is_removed(corpus, tmp_path):
    import subprocess

    _, where = build(corpus, tmp_path)
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = [where.folder / "tables" / f".partial-{dead.pid}-abc",
            where.folder / "articles" / f".chunk-0123.parquet.{dead.pid}.partial"]
    left[0].mkdir()
    (left[0] / "sentences.parquet").write_bytes(b"half")
    left[1].write_bytes(b"half")
    alive = where.folder / "articles" / f".chunk-4567.parquet.{os.getpid()}.partial"
    alive.write_bytes(b"being written")
    with (corpus / "wire.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA last line.\n")
    build(corpus, tmp_path)
    assert not any(p.exists() for p in left) and alive.exists()


def test_an_unwritable_store_still_gives_the_tables(corpus, tmp_path, capsys):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the store's folder would be", encoding="utf-8")
    got = tables.build_tables(corpus, store=blocked)
    assert "cannot write" in capsys.readouterr().err
    assert_same_tables(got, tables.build_tables(corpus, store=False))
    assert not store.writable(blocked / "below")


def _guarded(notebook, folder):
    """A copy of ``notebook`` whose first cell makes processing an article fail."""
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(
        "import analysis.pipeline.tables\n"
        "def _refuse(article, config):\n"
        "    raise RuntimeError('an article was processed: ' + article['article_id'])\n"
        "analysis.pipeline.process.process_article = _refuse"))
    path = folder / notebook.name
    nbformat.write(nb, path)
    return path


def test_a_notebook_on_a_warm_store_processes_no_article(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = _guarded(paths.NOTEBOOKS / "05-readability.ipynb", folder)
    env = {store.STORE_ENV: str(tmp_path / "stores"), paths.CORPUS_ENV: str(FIXTURE),
           paths.STATIC_ENV: "1", paths.EXPORT_ENV: None}
    with pytest.raises(ReportError, match="an article was processed"):  # cold: the guard works
        execute_notebook(notebook, env=env, timeout=120)
    store.code_digest.cache_clear()  # the code as it is now, as the kernel will read it
    tables.build_tables(FIXTURE, store=tmp_path / "stores")
    executed = execute_notebook(notebook, env=env, timeout=120)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", [])
                      if o.get("name") == "stdout")
    assert "3 articles from 3 outlets" in printed


def test_warm_store_reads_tables_without_loading_the_corpus(corpus, tmp_path, monkeypatch):
    from analysis.corpus import load as corpus_mod

    cold, where = build(corpus, tmp_path)
    assert json.loads(_manifest(where).read_text())["source_digest"] == corpus_mod.source_digest(corpus)
    cold_quotes = cold["quotes"]
    read: list[str] = []
    real_read = parquet.read_parquet
    monkeypatch.setattr(store, "read_parquet", lambda path, *a: read.append(path.stem) or real_read(path, *a))

    def no_loading(*args, **kwargs):
        raise AssertionError("the corpus was loaded")

    monkeypatch.setattr(tables, "scan_corpus", no_loading)
    warm, where = build(corpus, tmp_path)
    assert where.stats == {"n_articles": 3, "n_processed": 0, "n_read": 0, "tables": "read"}
    assert isinstance(warm, store.StoredTables) and read == []  # nothing read yet
    pd.testing.assert_frame_equal(warm["quotes"], cold_quotes)
    assert read == ["quotes"]  # only the table asked for
    assert warm["sentences"].attrs[store.STORE_ATTR] == str(where.folder)
    # a file added to the folder changes the digest: the corpus is loaded, its articles
    # found unchanged (no rebuild), and the new digest recorded for the next run
    (corpus / "notes.md").write_text("not an article\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="the corpus was loaded"):
        build(corpus, tmp_path)
    monkeypatch.undo()
    again, where = build(corpus, tmp_path)
    assert where.stats["tables"] == "read" and where.stats["n_processed"] == 0
    assert json.loads(_manifest(where).read_text())["source_digest"] == corpus_mod.source_digest(corpus)


def test_source_digest_reads_names_and_bytes_and_no_links(tmp_path):
    from analysis.corpus.load import source_digest

    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.json").write_bytes(b'{"text": "x"}')
    first = source_digest(folder)
    assert source_digest(folder) == first and len(first) == 64
    (folder / "a.json").write_bytes(b'{"text": "y"}')  # same size, other bytes
    assert source_digest(folder) != first
    (folder / "a.json").write_bytes(b'{"text": "x"}')
    assert source_digest(folder) == first
    (folder / "a.json").rename(folder / "b.json")  # same bytes, other name
    assert source_digest(folder) != first
    table = folder / "b.json"  # a table: the file and the YAML files beside it, no other
    alone = source_digest(table)
    (folder / "notes.txt").write_text("x")
    assert source_digest(table) == alone and source_digest(folder) != first
    (folder / "entities.yaml").write_text("[]")
    assert source_digest(table) not in (alone, None)
    (folder / "labels.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert source_digest(table) is None
    (folder / "labels.yaml").unlink()
    (folder / "link.json").symlink_to(tmp_path / "elsewhere.json")
    assert source_digest(folder) is None  # a link's target may lie outside the corpus
    assert source_digest(tmp_path / "missing") is None


def test_the_scan_keeps_no_text_and_a_corpus_changed_meanwhile_is_an_error(corpus):
    """The first pass keeps each article's fields and its text's SHA-256, not the text;
    the second reads the articles again and stops with an error naming the corpus if one
    changed in between (harbor.txt edited after the scan)."""
    import hashlib

    scan = tables.scan_corpus(corpus)
    assert [r["article_id"] for r in scan.records] == ["ledger-1", "harbor-1", "wire-1"]
    assert all("text" not in r for r in scan.records)
    assert [a["text"] for a in scan.articles()] == [a["text"] for a in tables.corpus.iter_articles(corpus)]
    assert scan.texts[1] == hashlib.sha256(next(
        a for a in scan.articles() if a["article_id"] == "harbor-1")["text"].encode()).hexdigest()
    with (corpus / "harbor.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA line added after the scan.\n")
    with pytest.raises(tables.corpus.CorpusError, match="changed while it was being read"):
        list(scan.articles())


def test_article_cache_keeps_results_as_json_and_compacts_to_the_live_keys(tmp_path, monkeypatch):
    """Six results in chunks of two; compacting to two live keys leaves one chunk holding
    exactly those two, read back equal (a non-ASCII text included); with as many live keys
    as half the stored ones, nothing is rewritten."""
    monkeypatch.setattr(article_cache, "CHUNK_SIZE", 2)
    cache = article_cache.ArticleCache(tmp_path / "articles")
    results = {k: {"id": k, "text": f"Лукашэнка {k}", "n": [i, i + 1]} for i, k in enumerate("abcdef")}
    for key, result in results.items():
        cache.put(key, result)
    assert cache.pending == [] and cache.n_processed == 6
    assert len(list((tmp_path / "articles").glob("chunk-*.parquet"))) == 3

    cache.compact(["a", "b", "c"])  # 6 stored <= 2 * 3 live: left as it is
    assert len(list((tmp_path / "articles").glob("chunk-*.parquet"))) == 3

    cache.compact(["e", "b"])
    chunks = list((tmp_path / "articles").glob("chunk-*.parquet"))
    assert len(chunks) == 1
    reopened = article_cache.ArticleCache(tmp_path / "articles")
    assert sorted(reopened.index) == ["b", "e"]
    assert reopened.get("e") == results["e"] and reopened.get("b") == results["b"]
    assert reopened.get("a") is None
    assert reopened.n_read == 2 and cache.n_read == 0
