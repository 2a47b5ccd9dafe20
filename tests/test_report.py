"""Tests for analysis.present.report (HTML report rendering of the notebooks).

Kernel executions are slow (~2 s each), so they are shared through
module-scoped fixtures: one successful run over two notebooks and two
failing runs.  Everything else is tested without a kernel.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from analysis.present import offline_html, report
from analysis.present.offline_html import (
    notebook_description,
    notebook_title,
    notebook_to_html,
    render_index,
)
from analysis.present.report import ReportError, render_reports

XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
EXTERNAL_PATTERNS = ['src="http', "src='http", 'href="http', "href='http",
                     "https://cdn", "unpkg", "jsdelivr", "cdnjs", "mathjax",
                     "require.js", "requirejs"]


def _external_refs(page: str) -> list[str]:
    low = page.lower()
    return [p for p in EXTERNAL_PATTERNS if p in low]


def _write(path: Path, cells) -> Path:
    nb = v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _main_notebook(path: Path) -> Path:
    return _write(path, [
        v4.new_markdown_cell("# Outlet framing\n\nWhat this shows. More detail here."),
        v4.new_code_cell('CORPUS = "default"\nCORPUS_OPTIONS = {}',
                         metadata={"tags": ["parameters"]}),
        v4.new_code_cell(
            "import json, os\n"
            "CORPUS = os.environ.get('ANALYSIS_CORPUS', CORPUS)\n"
            "CORPUS_OPTIONS = json.loads(os.environ.get('ANALYSIS_CORPUS_OPTIONS', '{}'))\n"
            "print(CORPUS)\n"
            "print('options', sorted(CORPUS_OPTIONS.items()))\n"
            "print('cwd', os.getcwd())"
        ),
        v4.new_code_cell(
            "import matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots(figsize=(2, 2))\n"
            "ax.plot([1, 2, 3], [3, 1, 2])\n"
            "plt.show()"
        ),
        v4.new_code_cell(
            "import pandas as pd\n"
            f"pd.DataFrame({{'headline': [{XSS!r}, 'plain']}})"
        ),
    ])


def _plain_notebook(path: Path) -> Path:
    # No heading: the title falls back to the file stem; the description
    # has no sentence end, so the first line is used.
    return _write(path, [
        v4.new_markdown_cell("Counts of <named> actors\nsecond line of text"),
        v4.new_code_cell("print('plain-notebook-ran')"),
    ])


def _failing_notebook(path: Path) -> Path:
    return _write(path, [
        v4.new_markdown_cell("# Broken\n\nThis one fails."),
        v4.new_code_cell("x = 1"),
        v4.new_code_cell("1/0  # boom\nprint('unreachable')"),
        v4.new_code_cell("print('after')"),
    ])


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------
# Successful run (2 kernel executions, shared)
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    base = tmp_path_factory.mktemp("ok")
    nb_dir = base / "notebooks"
    nb_dir.mkdir()
    main = _main_notebook(nb_dir / "10_framing.ipynb")
    plain = _plain_notebook(nb_dir / "02_plain.ipynb")
    sources_before = {p.name: p.read_bytes() for p in (main, plain)}
    corpus = base / "my corpus"
    corpus.mkdir()
    env_before = {k: os.environ.get(k) for k in ("ANALYSIS_CORPUS", "ANALYSIS_CORPUS_OPTIONS")}

    messages: list[str] = []
    out_dir = base / "site" / "reports"
    index = render_reports(nb_dir, out_dir, corpus=str(corpus),
                           corpus_options={"min_words": 50}, progress=messages.append,
                           timeout=120)
    return {
        "base": base, "nb_dir": nb_dir, "out_dir": out_dir, "index": index,
        "corpus": corpus, "messages": messages, "sources_before": sources_before,
        "env_before": env_before,
        "page": (out_dir / "10_framing.html").read_text(encoding="utf-8"),
        "plain_page": (out_dir / "02_plain.html").read_text(encoding="utf-8"),
        "index_html": index.read_text(encoding="utf-8"),
    }


def test_output_files(rendered):
    out_dir = rendered["out_dir"]
    assert rendered["index"] == out_dir / "index.html"
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "02_plain.html", "10_framing.html", "index.html"]
    # the temporary staging directory is gone
    assert sorted(p.name for p in out_dir.parent.iterdir()) == ["reports"]


def test_progress_in_name_order(rendered):
    msgs = rendered["messages"]
    # the fixture's corpus option is one the loader does not know: no store, the
    # notebooks (which do not read one) run one at a time
    assert msgs[0] == ("store: not built (TypeError: iter_articles() got an unexpected keyword "
                       "argument 'min_words'); each notebook builds its tables")
    assert msgs[1] == "[1/2] 02_plain.ipynb ..."
    assert re.fullmatch(r"\[1/2\] 02_plain\.ipynb done in \d+\.\ds", msgs[2])
    assert msgs[3] == "[2/2] 10_framing.ipynb ..."
    assert re.fullmatch(r"\[2/2\] 10_framing\.ipynb done in \d+\.\ds", msgs[4])
    assert len(msgs) == 5


def test_notebooks_run_two_at_once_on_a_ready_store(tmp_path, monkeypatch):
    import threading

    from analysis.pipeline import store

    monkeypatch.setenv(store.STORE_ENV, str(tmp_path / "stores"))
    lock, running, most = threading.Lock(), [0], [0]
    third_started = threading.Event()

    def fake_execute(path, *, env, timeout):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        if path.name.startswith("03"):
            third_started.set()
        elif path.name.startswith("01"):  # the first ends only once the third has begun
            third_started.wait(timeout=30)
        with lock:
            running[0] -= 1
        return nbformat.read(path, as_version=4)

    monkeypatch.setattr(report, "execute_notebook", fake_execute)
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    for name in ("01_a", "02_b", "03_c"):
        _plain_notebook(nb_dir / f"{name}.ipynb")
    messages: list[str] = []
    index = render_reports(nb_dir, tmp_path / "out", progress=messages.append, jobs=2)
    # the bundled corpus's store built first, here: its five articles processed
    assert re.fullmatch(r"store: 5 articles \(5 processed, 0 read\) in \d+\.\ds", messages[0])
    assert most[0] == 2
    steps = [m.split(" done in ")[0] + (" done" if " done in " in m else "") for m in messages[1:]]
    assert sorted(steps) == ["[1/3] 01_a.ipynb ...", "[1/3] 01_a.ipynb done", "[2/3] 02_b.ipynb ...",
                             "[2/3] 02_b.ipynb done", "[3/3] 03_c.ipynb ...", "[3/3] 03_c.ipynb done"]
    assert [m for m in steps if m.endswith("...")] == sorted(m for m in steps if m.endswith("..."))
    # 03 waited for a free kernel, which 02 gave; 01 ran on beside both
    assert (steps.index("[2/3] 02_b.ipynb done") < steps.index("[3/3] 03_c.ipynb ...")
            < steps.index("[1/3] 01_a.ipynb done"))
    page = index.read_text(encoding="utf-8")
    assert page.index("01_a.html") < page.index("02_b.html") < page.index("03_c.html")
    # warm, nothing is processed; with the store off the notebooks run one at a time
    messages.clear()
    render_reports(nb_dir, tmp_path / "out", progress=messages.append, jobs=2)
    assert re.fullmatch(r"store: 5 articles \(0 processed, 0 read\) in \d+\.\ds", messages[0])
    monkeypatch.setenv(store.STORE_ENV, "off")
    most[0] = 0
    third_started.set()  # (one at a time, the first cannot wait for the third)
    messages.clear()
    render_reports(nb_dir, tmp_path / "out", progress=messages.append, jobs=2)
    assert most[0] == 1
    assert not any(m.startswith("store:") for m in messages)


def test_sources_not_modified_and_environ_restored(rendered):
    for name, data in rendered["sources_before"].items():
        assert (rendered["nb_dir"] / name).read_bytes() == data
    assert sorted(p.name for p in rendered["nb_dir"].iterdir()) == [
        "02_plain.ipynb", "10_framing.ipynb"]
    for key, value in rendered["env_before"].items():
        assert os.environ.get(key) == value


def test_index_lists_pages_with_descriptions(rendered):
    idx = rendered["index_html"]
    assert "<title>Media framing reports</title>" in idx
    assert '<a href="10_framing.html">Outlet framing</a>' in idx
    assert "What this shows." in idx
    assert "More detail here" not in idx
    assert '<a href="02_plain.html">02_plain</a>' in idx
    assert "Counts of &lt;named&gt; actors" in idx
    assert "second line" not in idx
    # page order follows file names
    assert idx.index("02_plain.html") < idx.index("10_framing.html")
    # corpus and generation command are shown, no timestamp-ish content
    assert str(rendered["corpus"]) in idx
    assert "python -m analysis report --corpus" in idx
    assert "min_words" in idx
    assert not re.search(r"\d{4}-\d\d-\d\d", idx)
    assert _external_refs(idx) == []
    assert "<script" not in idx.lower() and "<link" not in idx.lower()


def test_page_title_and_back_link(rendered):
    assert "<title>Outlet framing</title>" in rendered["page"]
    assert "<title>02_plain</title>" in rendered["plain_page"]
    for page in (rendered["page"], rendered["plain_page"]):
        assert '<a href="index.html">' in page
        assert "All reports" in page


def test_page_has_inline_png_chart(rendered):
    assert re.search(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=\s]{200,}',
                     rendered["page"])


def test_page_escapes_untrusted_text(rendered):
    page = rendered["page"]
    assert XSS_ESCAPED in page
    assert XSS not in page


def test_pages_are_offline(rendered):
    for page in (rendered["page"], rendered["plain_page"]):
        assert _external_refs(page) == []
        assert not re.search(r"<script[^>]*\ssrc=", page, re.I)
        assert not re.search(r"<link[^>]*\shref=", page, re.I)
        assert "@import" not in page


def test_code_input_hidden_and_no_prompts(rendered):
    page = rendered["page"]
    assert "print(CORPUS)" not in page
    assert "plt.subplots" not in page
    assert "ANALYSIS_CORPUS" not in page
    assert not re.search(r"(In|Out)\s*\[\s*\d*\s*\]:", page)
    assert "plain-notebook-ran" in rendered["plain_page"]
    assert "print(&#39;plain-notebook-ran&#39;)" not in rendered["plain_page"]
    assert "print('plain-notebook-ran')" not in rendered["plain_page"]


def test_env_override_and_cwd_reach_kernel(rendered):
    page = rendered["page"]
    assert str(rendered["corpus"].resolve()) in page
    # (nbconvert re-serialises the page with BeautifulSoup: quotes unescaped)
    assert "options [('min_words', 50)]" in page
    assert f"cwd {rendered['nb_dir'].resolve()}" in page
    assert "default" not in re.sub(r"<head>.*?</head>|<style.*?</style>", "", page, flags=re.S)


# --------------------------------------------------------------------------
# Failing runs (1 + 2 kernel executions)
# --------------------------------------------------------------------------

def test_failure_in_fresh_out_dir(tmp_path):
    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    _failing_notebook(nb_dir / "05_broken.ipynb")
    out_dir = tmp_path / "out"
    messages: list[str] = []
    with pytest.raises(ReportError) as info:
        render_reports(nb_dir, out_dir, progress=messages.append, timeout=120)
    msg = str(info.value)
    assert isinstance(info.value, RuntimeError)
    assert "05_broken.ipynb" in msg
    assert "cell 3" in msg
    assert "1/0  # boom" in msg
    assert "ZeroDivisionError" in msg
    assert "division by zero" in msg
    assert not (out_dir / "index.html").exists()
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nbs"]  # no staging left
    assert [m for m in messages if not m.startswith("store: ")] == ["[1/1] 05_broken.ipynb ..."]


def test_failure_keeps_previous_output(rendered, tmp_path):
    # previous, complete output
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    for name, data in _snapshot(rendered["out_dir"]).items():
        (out_dir / name).write_bytes(data)
    for kind in ("figures", "tables"):  # a previous report's exports stay too
        (out_dir / kind).mkdir()
        (out_dir / kind / f"old.{kind}").write_text("previous run")
    before = _snapshot(out_dir)

    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    _plain_notebook(nb_dir / "02_plain.ipynb")  # succeeds, but must not be published
    _failing_notebook(nb_dir / "03_broken.ipynb")
    with pytest.raises(ReportError, match=r"03_broken\.ipynb.*cell 3.*ZeroDivisionError"):
        render_reports(nb_dir, out_dir, progress=lambda _m: None, timeout=120)
    assert _snapshot(out_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nbs", "reports"]


# --------------------------------------------------------------------------
# No kernel needed
# --------------------------------------------------------------------------

def test_no_notebooks_raises(tmp_path):
    (tmp_path / "readme.md").write_text("nothing here")
    with pytest.raises(ReportError, match="no notebooks"):
        render_reports(tmp_path, tmp_path / "out", progress=lambda _m: None)
    assert not (tmp_path / "out").exists()


def test_title_and_description_helpers():
    nb = v4.new_notebook()
    nb.cells = [v4.new_code_cell("x = 1"),
                v4.new_markdown_cell("## Sources quoted ##\n\nWho gets a voice? Counts.")]
    assert notebook_title(nb, "fallback") == "Sources quoted"
    assert notebook_description(nb) == "Who gets a voice?"

    nb.cells = [v4.new_markdown_cell("# Only a heading"),
                v4.new_markdown_cell("Next cell text.\nMore")]
    assert notebook_description(nb) == "Next cell text."

    nb.cells = [v4.new_code_cell("x = 1")]
    assert notebook_title(nb, "fallback") == "fallback"
    assert notebook_description(nb) == ""


def test_notebook_to_html_without_kernel():
    nb = v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.cells = [
        v4.new_markdown_cell("# T\n\nInline math $x^2$."),
        v4.new_code_cell("secret_source_code()", execution_count=1, outputs=[
            v4.new_output("stream", name="stdout", text=XSS + "\n"),
            v4.new_output("execute_result", execution_count=1,
                          data={"text/plain": "'<b>'"}),
        ]),
    ]
    page = notebook_to_html(nb, title="A <title> & more")
    assert "<title>A &lt;title&gt; &amp; more</title>" in page
    assert "secret_source_code" not in page
    assert XSS_ESCAPED in page and XSS not in page
    assert "&#39;&lt;b&gt;&#39;" in page or "'&lt;b&gt;'" in page
    assert _external_refs(page) == []
    assert "widget-state" not in page
    assert "widgets" in nb.metadata  # the input notebook is untouched
    assert nb.metadata.get("title") is None


def test_refresh_runs_without_the_shells_cluster_or_corpus(tmp_path, monkeypatch):
    seen = {}

    def fake_execute(path, *, env, timeout):
        seen.update(env)
        return nbformat.read(path, as_version=4)

    monkeypatch.setattr(report, "execute_notebook", fake_execute)
    monkeypatch.setenv("ANALYSIS_SCHEDULER", "tcp://elsewhere:8786")
    path = tmp_path / "n.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("1")]), path)
    report.refresh_notebooks([path], progress=lambda _m: None)
    # None removes the variable from the kernel's environment (_kernel_env)
    assert seen["ANALYSIS_SCHEDULER"] is None and seen["ANALYSIS_CORPUS"] is None
    assert seen["ANALYSIS_STATIC"] == "1"


def test_refresh_forgets_memory_addresses():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("table.style")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={
        "text/plain": "<pandas.io.formats.style.Styler at 0x7f2f60ee5650>",
        "text/html": "<p>0x7f2f is a hex number in the text</p>"})]
    nb.cells = [cell]
    offline_html.forget_addresses(nb)
    data = nb.cells[0].outputs[0]["data"]
    assert data["text/plain"] == "<pandas.io.formats.style.Styler at 0x...>"
    assert data["text/html"] == "<p>0x7f2f is a hex number in the text</p>"  # not an object's repr


def test_render_index_escapes():
    page = render_index(
        [{"href": "a&b.html", "title": "<T>", "description": '"quoted" <x>'}],
        corpus=None, command="python -m analysis report")
    assert '<a href="a&amp;b.html">&lt;T&gt;</a>' in page
    assert "&quot;quoted&quot; &lt;x&gt;" in page
    assert "bundled data/" in page
    assert "python -m analysis report" in page
    assert render_index([], corpus="c") == render_index([], corpus="c")


def test_kernel_env_overlay(monkeypatch):
    monkeypatch.setenv("ANALYSIS_CORPUS", "/from/parent")
    env = report._kernel_env({"ANALYSIS_CORPUS": None, "ANALYSIS_CORPUS_OPTIONS": "{}"})
    assert "ANALYSIS_CORPUS" not in env
    assert env["ANALYSIS_CORPUS_OPTIONS"] == "{}"
    assert env["PATH"] == os.environ["PATH"]
    assert os.environ["ANALYSIS_CORPUS"] == "/from/parent"


def test_template_is_packaged_next_to_module():
    tdir = Path(offline_html.__file__).parent / "templates" / offline_html.TEMPLATE_NAME
    assert (tdir / "index.html.j2").is_file()
    conf = json.loads((tdir / "conf.json").read_text())
    assert conf["base_template"] == "lab"


def test_index_leads_with_an_escaped_summary(tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    import pandas as pd

    pd.DataFrame([{"analysis": "naming", "finding": f"Only {XSS} writes X.", "figure": "3 of 3 <b>",
                   "value": 1.0, "outlets": XSS, "threshold": "t", "source": "variants",
                   "notebook": "02-naming"}]).to_csv(tables / "00-findings.csv", index=False)
    pd.DataFrame([{"n_articles": 2, "n_outlets": 2, "n_events": 1, "max_articles_per_outlet": 1,
                   "first_date": "1 May 2024", "last_date": "2 May 2024",
                   "dates": "1 May 2024 – 2 May 2024", "n_undated": 0,
                   "caveats": "Each outlet is represented by a single article: every difference "
                              "below describes one article, not an outlet's habits."}]
                 ).to_csv(tables / "00-corpus.csv", index=False)
    pd.DataFrame([{"finding": "naming convention", XSS: "<i>Russian</i>", "B": "x",
                   "from": "variants · 02-naming"}]).to_csv(tables / "00-fingerprint-display.csv", index=False)
    summary = report.read_summary(tmp_path)
    page = render_index([{"href": "00-summary.html", "title": "00 · Summary: at a glance", "description": ""},
                         {"href": "02-naming.html", "title": "02 · Naming: names", "description": ""}],
                        summary=summary)
    assert XSS not in page and "<i>Russian</i>" not in page and "3 of 3 <b>" not in page
    assert f"Only {XSS_ESCAPED} writes X." in page and "&lt;i&gt;Russian&lt;/i&gt;" in page
    assert page.index("single article") < page.index("Only &lt;script") < page.index('id="reports"')
    assert '<a href="02-naming.html">02 · Naming</a>' in page
    assert "2 articles from 2 outlets, 1 event, 1 May 2024 – 2 May 2024" in page
    assert "<img" not in page  # no figure was exported
    assert report.read_summary(tmp_path / "nothing", ran=False) is None
    (tables / "00-corpus.csv").unlink()  # notebook 00 ran, an export renamed: an error
    with pytest.raises(ReportError, match=r"00-summary ran but did not export tables/00-corpus.csv"):
        report.read_summary(tmp_path)


def test_notebooks_of_one_report_share_the_corpus_tables(tmp_path, monkeypatch):
    """The first notebook builds the corpus's store, the next ones read it."""
    from analysis.corpus import paths
    from analysis.pipeline import store, tables

    monkeypatch.setenv(store.STORE_ENV, str(tmp_path / "stores"))
    first = tables.build_tables(paths.DATA)
    assert len(list((tmp_path / "stores").glob("data-*/manifests/*.json"))) == 1

    def not_again(*_a, **_k):
        raise AssertionError("the corpus was processed a second time")

    monkeypatch.setattr(tables, "stream_tables", not_again)
    second = tables.build_tables(paths.DATA)
    assert second.keys() == first.keys()
    assert second["sentences"].equals(first["sentences"])
    assert second["articles"].attrs["problems"] == first["articles"].attrs["problems"]
    # other column options are another build: computed, not read
    with pytest.raises(AssertionError, match="second time"):
        tables.build_tables(paths.DATA, title_column="title")
    monkeypatch.setenv(store.STORE_ENV, "off")
    with pytest.raises(AssertionError, match="second time"):  # no store: never shared
        tables.build_tables(paths.DATA)


def test_a_report_with_an_unwritable_store_keeps_one_in_its_staging_folder(tmp_path, monkeypatch):
    from analysis.pipeline import store

    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(store.STORE_ENV, str(blocked))
    seen = {}

    def fake_execute(path, *, env, timeout):
        seen["store"] = env.get(store.STORE_ENV)
        return nbformat.read(path, as_version=4)

    monkeypatch.setattr(report, "execute_notebook", fake_execute)
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    _plain_notebook(nb_dir / "01_plain.ipynb")
    render_reports(nb_dir, tmp_path / "out", progress=lambda _m: None)
    assert seen["store"].endswith("store") and ".out.partial-" in seen["store"]
    render_reports(nb_dir, tmp_path / "out", progress=lambda _m: None, store_dir=tmp_path / "mine")
    assert seen["store"] == str((tmp_path / "mine").resolve())
    # a relative ANALYSIS_STORE means the same folder to the kernels (run in the notebooks' folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(store.STORE_ENV, "relative")
    render_reports(nb_dir, tmp_path / "out", progress=lambda _m: None)
    assert seen["store"] == str(tmp_path / "relative")
    monkeypatch.setenv(store.STORE_ENV, "off")
    render_reports(nb_dir, tmp_path / "out", progress=lambda _m: None)
    assert seen["store"] is None  # not overridden: the kernels inherit "off"
