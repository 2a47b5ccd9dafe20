"""The benchmark corpus of benchmarks/resample.py, on a corpus of four articles written here."""
from __future__ import annotations

import json

import pytest

from analysis.corpus import paths
from analysis.corpus.load import load_corpus
from script_loader import load_script


resample = load_script(paths.ROOT / "benchmarks" / "resample.py", "benchmarks_resample")

# four articles in the article-bias-prediction form (ID, source, topic, content_original)
SOURCE = [
    {"ID": "aaa", "source": "Vox", "topic": "courts", "title": "One",
     "content_original": "The court met on Monday. It ruled."},
    {"ID": "bbb", "source": "Fox News", "topic": "taxes", "title": "Two",
     "content_original": "Taxes rose again. Critics said so."},
    {"ID": "ccc", "source": "NPR", "topic": "courts", "title": "Three",
     "content_original": "A judge spoke.\nThe hearing ended."},
    {"ID": "ddd", "source": "Vox", "topic": "energy", "title": "Four",
     "content_original": "Oil prices fell. Drivers noticed."},
]
# the files are named in the reverse order of the ids (aaa in z.json, ..., ddd in w.json)
# and read in the order of their names: positions 0 to 3 are ddd, ccc, bbb, aaa
BY_NAME = ["ddd", "ccc", "bbb", "aaa"]
# random.Random(13).random() gives 0.2590, 0.6853, 0.6841, 0.8493, 0.1857, 0.2306; times
# four articles, rounded down: positions 1, 2, 2, 3, 0, 0
DRAWN = ["ccc", "bbb", "bbb", "aaa", "ddd", "ddd"]


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "jsons"
    folder.mkdir()
    for record, name in zip(SOURCE, "zyxw"):
        (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


def read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_same_seed_same_corpus(source, tmp_path):
    first = resample.resample_corpus(source, tmp_path / "one", n=6)
    second = resample.resample_corpus(source, tmp_path / "two", n=6, seed=13)
    other = resample.resample_corpus(source, tmp_path / "three", n=6, seed=14)
    assert first.name == "resampled-6-seed13.jsonl"
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_draws_with_replacement_new_ids_records_kept(source, tmp_path):
    path = resample.resample_corpus(source, tmp_path / "out", n=6)
    rows = read_lines(path)
    assert [r["resampled_from"] for r in rows] == DRAWN
    assert [r["ID"] for r in rows] == ["r0000001", "r0000002", "r0000003", "r0000004",
                                       "r0000005", "r0000006"]
    originals = {r["ID"]: r for r in SOURCE}
    for row in rows:  # every other key exactly as in its source: outlet, topic, title, text
        assert {k: v for k, v in row.items() if k not in ("ID", "resampled_from")} == \
            {k: v for k, v in originals[row["resampled_from"]].items() if k != "ID"}


def test_the_suite_reads_the_corpus(source, tmp_path):
    path = resample.resample_corpus(source, tmp_path / "out", n=6)
    df = load_corpus(path, event_column="topic")
    assert len(df) == 6
    assert df.article_id.tolist() == [f"r000000{i}" for i in range(1, 7)]
    # DRAWN: ccc, bbb, bbb, aaa, ddd, ddd
    assert df.outlet.tolist() == ["NPR", "Fox News", "Fox News", "Vox", "Vox", "Vox"]
    assert df.event.tolist() == ["courts", "taxes", "taxes", "courts", "energy", "energy"]
    assert df.text.tolist()[0] == "A judge spoke.\nThe hearing ended."


def test_pinned_draws():
    assert resample.draw(4, 6, seed=13) == [1, 2, 2, 3, 0, 0]
    assert [BY_NAME[i] for i in resample.draw(4, 6)] == DRAWN


def test_jsonl_source_ids_from_file_names_and_data_files(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    for name, outlet in (("first", "A"), ("second", "B")):  # no id key: the file's name is the id
        (folder / f"{name}.json").write_text(json.dumps({"outlet": outlet, "text": "Hello there."}),
                                             encoding="utf-8")
    (folder / "stopwords.extra.txt").write_text("hello\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a data file\n", encoding="utf-8")
    head = resample.head_corpus(folder, tmp_path / "out", n=2)
    assert [r["id"] for r in read_lines(head)] == ["first", "second"]
    assert sorted(p.name for p in head.parent.iterdir()) == ["first-2.jsonl", "stopwords.extra.txt"]
    # a JSON Lines source: random.Random(13) gives positions 0, 1, 1 of two articles
    path = resample.resample_corpus(head, tmp_path / "again", n=3)
    rows = read_lines(path)
    assert [(r["id"], r["resampled_from"], r["outlet"]) for r in rows] == [
        ("r0000001", "first", "A"), ("r0000002", "second", "B"), ("r0000003", "second", "B")]
    assert len(load_corpus(path)) == 3


def test_bad_requests(source, tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        resample.resample_corpus(source, tmp_path, n=0)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no articles"):
        resample.resample_corpus(tmp_path / "empty", tmp_path, n=3)
    assert not list(tmp_path.glob("*.jsonl"))
