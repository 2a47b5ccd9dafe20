"""Loading every corpus form, and clear errors for bad input."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import paths
from analysis.corpus.fields import CorpusError
from analysis.corpus.load import check_corpus, load_corpus
from analysis.corpus.decode import decode_bytes

SHARED_JSONS = paths.ROOT.parent / "shared" / "corpora" / "article-bias-prediction" / "data" / "jsons"
RUSSIAN = "Президент Белоруссии Александр Лукашенко подписал декрет о союзном государстве."
FRENCH = "Le président biélorusse a déclaré à la presse que la réunion était très importante."


def write_manifest(folder: Path, rows: list[dict]) -> None:
    pd.DataFrame(rows).to_csv(folder / "articles.csv", index=False)


def test_bundled_manifest_corpus():
    df = load_corpus(paths.DATA)
    assert df.article_id.tolist() == ["scmp", "moscow-times", "rferl", "france24", "dw"]
    assert df.outlet.tolist() == ["SCMP", "Moscow Times", "RFE/RL", "France 24", "DW"]
    assert df.published.tolist() == ["", "", "", "", "2021-11-04"]
    assert df.set_index("article_id").event_date["france24"] == "2020-09-14"
    assert (df.encoding == "utf-8").all()
    # the raw text is read exactly as stored
    raw = (paths.DATA / "raw" / "004_80f3fbe379ada0c3.txt").read_text(encoding="utf-8")
    assert df.set_index("article_id").text["dw"] == raw


@pytest.fixture
def bad_folder(tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n\nA body sentence.", encoding="utf-8")
    (tmp_path / "russian.txt").write_bytes(("Заголовок\n\n" + RUSSIAN).encode("cp1251"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "dup.txt").write_text("Another headline\n\nMore text.", encoding="utf-8")
    write_manifest(tmp_path, [
        {"article_id": "a1", "outlet": "X", "file": "good.txt"},
        {"article_id": "a2", "outlet": "Y", "file": "russian.txt"},
        {"article_id": "a3", "outlet": "Y", "file": "empty.txt"},
        {"article_id": "a4", "outlet": "Z", "file": "missing.txt"},
        {"article_id": "a1", "outlet": "Z", "file": "dup.txt"},
    ])
    return tmp_path


def test_check_reports_each_problem_by_file(bad_folder):
    n, problems = check_corpus(bad_folder)
    assert n == 2  # good.txt and the decoded cp1251 file
    found = {(p.level, Path(p.file).name, p.problem.split(" (")[0].split(":")[0]) for p in problems}
    assert ("warning", "russian.txt", "not UTF-8") in found
    assert ("error", "empty.txt", "empty text") in found
    assert ("error", "missing.txt", "file named in articles.csv line 5 does not exist") in found
    dup = [p for p in problems if p.problem.startswith("duplicate article id 'a1'")]
    assert len(dup) == 1 and Path(dup[0].file).name == "dup.txt" and "good.txt" in dup[0].problem
    assert sum(p.level == "error" for p in problems) == 3


def test_load_corpus_raises_with_every_error(bad_folder):
    with pytest.raises(CorpusError) as info:
        load_corpus(bad_folder)
    message = str(info.value)
    assert "3 error(s)" in message
    for name in ("empty.txt", "missing.txt", "dup.txt"):
        assert name in message


def test_check_command_exit_code_and_report(bad_folder):
    result = subprocess.run([sys.executable, "-m", "analysis", "check", "--corpus", str(bad_folder)],
                            capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 1
    out = result.stdout
    # warnings: the cp1251 decoding, and the Cyrillic script of russian.txt
    assert "2 article(s) readable; 3 error(s), 2 warning(s)" in out
    for name in ("russian.txt", "empty.txt", "missing.txt", "dup.txt"):
        assert name in out
    assert "decoded as cp1251" in out
    assert "most letters are not Latin script (0% Latin; mostly Cyrillic)" in out
    ok = subprocess.run([sys.executable, "-m", "analysis", "check"], capture_output=True,
                        text=True, cwd=paths.ROOT)
    assert ok.returncode == 0 and "5 article(s) readable; 0 error(s), 0 warning(s)" in ok.stdout


@pytest.mark.parametrize("encode,encoding,note", [
    (lambda s: s.encode("cp1251"), "cp1251", "not UTF-8: decoded as cp1251 (detected)"),
    (lambda s: s.encode("utf-16"), "utf-16", "decoded as UTF-16 (little-endian, with byte-order mark)"),
    (lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), "utf-8-sig", "decoded as UTF-8 with byte-order mark"),
    (lambda s: s.encode("utf-8"), "utf-8", ""),
])
def test_encodings_are_detected_and_reported(encode, encoding, note):
    text, enc, got_note = decode_bytes(encode(RUSSIAN))
    assert (text, enc, got_note) == (RUSSIAN, encoding, note)


def test_latin1_french_is_not_mangled_into_central_european():
    text, enc, note = decode_bytes(FRENCH.encode("latin-1"))
    assert text == FRENCH and enc == "cp1252" and note


def test_undecodable_bytes_are_an_error(tmp_path):
    (tmp_path / "noise.txt").write_bytes(bytes(range(128, 256)) * 4)
    write_manifest(tmp_path, [{"article_id": "n", "outlet": "X", "file": "noise.txt"}])
    n, problems = check_corpus(tmp_path)
    assert n == 0
    assert [(p.level, Path(p.file).name) for p in problems] == [("error", "noise.txt")]
    assert problems[0].problem.startswith("undecodable bytes")


def test_manifest_missing_columns(tmp_path):
    (tmp_path / "articles.csv").write_text("id,source\n1,X\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"articles.csv: missing column\(s\) article_id, outlet, file"):
        load_corpus(tmp_path)


def test_table_forms_with_column_options(tmp_path):
    df = pd.DataFrame({"doc": ["d1", "d2"], "paper": ["A", "B"], "headline": ["H1", "H2"],
                       "body": ["One sentence. Two.", "Three."], "when": ["2021-11-04T10:00", ""]})
    df.to_csv(tmp_path / "t.csv", index=False)
    df.to_json(tmp_path / "t.jsonl", orient="records", lines=True, force_ascii=False)
    df.to_parquet(tmp_path / "t.parquet")
    opts = dict(id_column="doc", outlet_column="paper", title_column="headline",
                text_column="body", date_column="when")
    for name in ("t.csv", "t.jsonl", "t.parquet"):
        got = load_corpus(tmp_path / name, **opts)
        assert got.article_id.tolist() == ["d1", "d2"], name
        assert got.outlet.tolist() == ["A", "B"]
        assert got.title.tolist() == ["H1", "H2"]
        assert got.published.tolist() == ["2021-11-04", ""]
        assert got.text.tolist() == ["One sentence. Two.", "Three."]


def test_table_missing_column_and_empty_text(tmp_path):
    pd.DataFrame({"outlet": ["A", "B"], "text": ["fine", "  "]}).to_csv(tmp_path / "t.csv", index=False)
    n, problems = check_corpus(tmp_path / "t.csv")
    assert n == 1
    assert [(p.file, p.problem) for p in problems] == [("t.csv row 2", "empty text")]
    with pytest.raises(CorpusError, match=r"t.csv: missing column 'content' \(given for text\)"):
        load_corpus(tmp_path / "t.csv", text_column="content")


def test_json_folder_in_article_bias_form(tmp_path):
    for i, (src, text) in enumerate([("CNN", "Body one."), ("Fox News", "Body two.")]):
        (tmp_path / f"id{i}.json").write_text(json.dumps({
            "ID": f"id{i}", "source": src, "title": f"T{i}", "date": "2020-01-0" + str(i + 1),
            "topic": "elections", "content_original": text, "content": "tok en ized"}),
            encoding="utf-8")
    got = load_corpus(tmp_path, event_column="topic")
    assert got[["article_id", "outlet", "title", "published", "event", "text"]].values.tolist() == [
        ["id0", "CNN", "T0", "2020-01-01", "elections", "Body one."],
        ["id1", "Fox News", "T1", "2020-01-02", "elections", "Body two."]]


def test_json_folder_in_news_please_form(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({
        "source_domain": "example.org", "title": "T", "maintext": "Text.",
        "date_publish": "2021-11-04 08:00:00", "language": "en"}), encoding="utf-8")
    got = load_corpus(tmp_path)
    assert got[["article_id", "outlet", "published", "language", "text"]].values.tolist() == [
        ["a", "example.org", "2021-11-04", "en", "Text."]]


@pytest.mark.skipif(not SHARED_JSONS.is_dir(), reason="../shared/corpora not present")
def test_real_article_bias_files(tmp_path):
    names = ["00eP4XD3VdMmHITE.json", "024ze53wqkRctqkP.json", "03EdIv9VezIrsWhp.json"]
    for name in names:
        shutil.copy(SHARED_JSONS / name, tmp_path / name)  # a temporary copy, never committed
    got = load_corpus(tmp_path, event_column="topic")
    assert got.article_id.tolist() == [n[:-5] for n in names]
    first = got.iloc[0]
    assert (first.outlet, first.published, first.event) == ("Vox", "2018-09-12", "supreme_court")
    assert first.title == "Why Susan Collins claims she’s being bribed over her Kavanaugh vote"
    assert first.text.startswith("Is Maine Republican Sen. Susan Collins being bribed")


def test_missing_corpus_path(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nowhere")


def test_partial_dates_and_bad_jsonl_lines_are_reported(tmp_path):
    pd.DataFrame({"outlet": ["A", "B"], "text": ["One.", "Two."], "date": ["2021", "2021-11-04"]}) \
        .to_csv(tmp_path / "t.csv", index=False)
    n, problems = check_corpus(tmp_path / "t.csv")
    assert n == 2
    assert [(p.level, p.file) for p in problems] == [("warning", "t.csv row 1")]
    assert "not a full ISO date" in problems[0].problem
    (tmp_path / "t.jsonl").write_text('{"outlet": "A", "text": "Fine."}\n[1, 2]\n', encoding="utf-8")
    n, problems = check_corpus(tmp_path / "t.jsonl")
    assert n == 1 and [(p.level, p.file) for p in problems] == [("error", "t.jsonl line 2")]


def test_empty_tables_and_manifests_are_errors(tmp_path):
    (tmp_path / "empty.csv").write_text("outlet,text\n", encoding="utf-8")
    n, problems = check_corpus(tmp_path / "empty.csv")
    assert n == 0 and [p.problem for p in problems] == ["the table has no rows (no articles)"]
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "articles.csv").write_text("article_id,outlet,file\n", encoding="utf-8")
    n, problems = check_corpus(folder)
    assert [p.problem for p in problems] == ["manifest lists no articles"]
