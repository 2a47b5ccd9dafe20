"""Reproducible, private and read-only reports (issue 11, item 7).

Uses the two ``python -m analysis report --corpus corpus --out site`` runs of
tests/test_report_safety.py (one hostile corpus, typed as a relative path from its parent
folder; about 2 minutes, shared): every file of the two outputs is byte-identical (there is
no build stamp), no page or table shows where the corpus or the checkout lives, and the
corpus is unchanged. The interrupted-run cases need no report run.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.present import notebook, offline_html, report
from analysis.corpus import paths
from test_report_safety import report_runs


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    return report_runs(tmp_path_factory)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_runs_are_byte_identical(runs):
    first, second = _files(runs["run1"]), _files(runs["run2"])
    assert sorted(first) == sorted(second)
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert {"html", "csv", "png", "svg"} <= kinds, kinds
    assert len([n for n in first if n.startswith("tables/")]) >= 10
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_no_staging_folder_is_left(runs):
    assert runs["parent"] == ["corpus", "run1", "site"]


def test_no_page_or_table_shows_a_local_path(runs):
    """The corpus was given as "corpus": pages show that, never /tmp/.../corpus, nor the
    checkout's folder (e.g. in a library warning naming analysis/plots.py)."""
    local = {str(runs["base"]), str(runs["base"].resolve()), str(paths.ROOT),
             str(paths.ROOT.resolve())}
    for name, data in _files(runs["run2"]).items():
        if name.endswith(".png"):
            continue
        text = data.decode("utf-8")
        for path in local:
            assert path not in text, f"{name} shows {path}"
    index = (runs["run2"] / "index.html").read_text(encoding="utf-8")
    assert "Corpus: <code>corpus</code>" in index
    assert "python -m analysis report --corpus corpus --out site" in index
    assert "corpus: 6 articles" in (runs["run2"] / "00-summary.html").read_text(encoding="utf-8")


def test_png_and_svg_carry_no_date_or_software(runs):
    for png in (runs["run2"] / "figures").glob("*.png"):
        data = png.read_bytes()
        assert b"Software" not in data and b"tIME" not in data, png.name
    for svg in (runs["run2"] / "figures").glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "<dc:date>" not in text and "Matplotlib v" not in text, svg.name


def test_the_corpus_is_read_only(runs):
    """Every file of the corpus has the same sha256 after two full reports, and no file
    or folder appeared in it."""
    assert runs["after"] == runs["before"]
    assert sorted(runs["before"]) == ["a00.txt", "a01.txt", "a10.txt", "a11.txt", "a20.txt",
                                      "a21.txt", "articles.csv", "entities.yaml"]


# --------------------------------------------------------------------------
# Private paths, without a kernel
# --------------------------------------------------------------------------

def test_hide_local_paths_rewrites_every_output():
    from nbformat import v4

    root = str(paths.ROOT)
    nb = v4.new_notebook()
    nb.cells = [v4.new_code_cell("x", outputs=[
        v4.new_output("stream", name="stderr", text=f"{root}/analysis/plots.py:267: UserWarning\n"),
        v4.new_output("execute_result", data={"text/plain": f"'/srv/c/corpus/a.txt' {root}",
                                              "text/html": "<td>/srv/c/corpus</td><td>/srv/c/corpus2</td>"}),
        v4.new_output("error", ename="E", evalue=f"{root}/x", traceback=[f"File {root}/y.py"]),
    ])]
    offline_html.hide_local_paths(nb, offline_html.local_paths("/srv/c/corpus", "my corpus"))
    out = nb.cells[0].outputs
    assert out[0].text == "analysis/plots.py:267: UserWarning\n"
    assert out[1].data["text/plain"] == "'my corpus/a.txt' ."
    assert out[1].data["text/html"] == "<td>my corpus</td><td>/srv/c/corpus2</td>"
    assert out[2].evalue == "x" and out[2].traceback == ["File y.py"]


def test_corpus_label_is_the_path_as_given(monkeypatch, tmp_path):
    corpus = tmp_path / "my corpus"
    corpus.mkdir()
    monkeypatch.setenv(paths.CORPUS_ENV, str(corpus))
    monkeypatch.setenv(paths.CORPUS_LABEL_ENV, "../my corpus")
    assert notebook.corpus_label(str(corpus)) == "../my corpus"
    assert notebook.corpus_label(str(tmp_path)) == tmp_path.name  # not the corpus of the run
    assert notebook.corpus_label(str(paths.DATA)) == "bundled seed corpus (data/)"
    monkeypatch.delenv(paths.CORPUS_LABEL_ENV)
    assert notebook.corpus_label(str(corpus)) == "my corpus"


# --------------------------------------------------------------------------
# Interrupted runs: nothing half-written under a final name
# --------------------------------------------------------------------------

def test_an_interrupted_swap_keeps_the_old_folder(tmp_path, monkeypatch):
    old, new = tmp_path / "out" / "tables", tmp_path / "stage" / "tables"
    old.mkdir(parents=True)
    new.mkdir(parents=True)
    (old / "a.csv").write_text("old")
    (new / "a.csv").write_text("new")
    aside = tmp_path / "stage" / "old-tables"
    real = os.replace
    calls = []

    def interrupted(src, dst):
        calls.append((Path(src), Path(dst)))
        if len(calls) == 2:  # the new folder's rename
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(report.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        report._move_into_place(new, old, aside)
    monkeypatch.setattr(report.os, "replace", real)
    assert (old / "a.csv").read_text() == "old"
    report._move_into_place(new, old, aside)
    assert (old / "a.csv").read_text() == "new" and (aside / "a.csv").read_text() == "old"


def test_an_interrupted_export_leaves_no_file(tmp_path, monkeypatch):
    import pandas as pd

    class Interrupting(pd.DataFrame):
        def to_csv(self, path, **kwargs):
            Path(path).write_text("half a ta")
            raise KeyboardInterrupt

    monkeypatch.setenv(paths.EXPORT_ENV, str(tmp_path))
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "t.csv").write_text("before")
    with pytest.raises(KeyboardInterrupt):
        notebook.export_table(Interrupting({"a": [1]}), "t")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["t.csv"]
    assert (tmp_path / "tables" / "t.csv").read_text() == "before"
    notebook.export_table(pd.DataFrame({"a": [1]}), "t")
    assert (tmp_path / "tables" / "t.csv").read_text() == "a\n1\n"
