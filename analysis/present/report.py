"""Render the analysis notebooks to self-contained, offline HTML reports.

This is the implementation behind ``python -m analysis report``:

* the corpus's store is brought up to date first, in this process, with a progress
  line per 500 articles (:func:`prepare_store`), so that no kernel processes articles;
* every ``*.ipynb`` in a folder is executed with nbclient, an in-memory copy each, the
  source files are never written; :data:`REPORT_JOBS` kernels run at once, the
  notebooks started in name order;
* each executed notebook becomes ``<stem>.html`` (code hidden, charts inline
  as base64 PNG, no external scripts/styles: see ``templates/offline_report``);
* an ``index.html`` links to all pages.

Pages are first rendered into a temporary directory next to the output
directory and only moved into place once every notebook has succeeded, with
``index.html`` written last, so a failed run never leaves an index pointing at
half-written pages.

Importing this module does no I/O and changes no global settings.
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Callable, Mapping

import nbformat

from analysis.corpus import paths
from analysis.pipeline import store

__all__ = [
    "ReportError",
    "execute_notebook",
    "notebook_to_html",
    "notebook_title",
    "notebook_description",
    "render_reports",
    "render_index",
    "refresh_notebooks",
    "hide_local_paths",
    "local_paths",
    "TEMPLATE_DIR",
    "TEMPLATE_NAME",
]

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "offline_report"
KERNEL_NAME = "python3"
INDEX_TITLE = "Media framing reports"
BASE_COMMAND = "python -m analysis report"
# Seconds a notebook cell may run: generous, since without a store (or when it cannot be
# built first) the first cell of each notebook processes the whole corpus (about 10
# minutes for 4,000 articles on 2 cores); a cell that takes longer is stopped and named
# (`report --timeout` changes it).
CELL_TIMEOUT = 3600
# Notebooks executed at once (each in its own kernel, holding the tables it reads): two
# use two cores; more would add memory faster than they save time on most machines.
REPORT_JOBS = 2

ENV_CORPUS = paths.CORPUS_ENV
ENV_CORPUS_OPTIONS = paths.CORPUS_OPTIONS_ENV

_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")


class ReportError(RuntimeError):
    """A notebook could not be executed or rendered."""


# --------------------------------------------------------------------------
# Notebook metadata helpers
# --------------------------------------------------------------------------

def _markdown_cells(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def notebook_title(nb, default: str) -> str:
    """Text of the notebook's first markdown heading, else ``default``."""
    for source in _markdown_cells(nb):
        for line in source.splitlines():
            m = _HEADING_RE.match(line)
            if m and m.group(1).strip():
                return m.group(1).strip()
    return default


def notebook_description(nb) -> str:
    """First sentence (or line) of the first markdown text after the heading.

    Looks at the first markdown cell, skipping a leading heading line; if that
    cell holds only the heading, the next markdown cell is used.  Returns ""
    if there is no such text.
    """
    for source in _markdown_cells(nb):
        lines = source.splitlines()
        text_lines = []
        for line in lines:
            if not text_lines and (not line.strip() or _HEADING_RE.match(line)):
                continue  # leading blank / heading lines
            if text_lines and not line.strip():
                break  # end of the first paragraph
            text_lines.append(line)
        if text_lines:
            first_line = text_lines[0].strip()
            paragraph = " ".join(l.strip() for l in text_lines)
            sentence = _SENTENCE_END_RE.split(paragraph, maxsplit=1)[0]
            # A sentence spanning several source lines is fine; but fall back
            # to the first line if no sentence end is found at all.
            if sentence == paragraph and not paragraph.rstrip().endswith((".", "!", "?")):
                return first_line
            return sentence.strip()
    return ""


# --------------------------------------------------------------------------
# Execution
# --------------------------------------------------------------------------

def _kernel_env(env: Mapping[str, str | None] | None) -> dict[str, str]:
    """os.environ overlaid with ``env`` (a value of None removes a variable)."""
    merged = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = str(value)
    return merged


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return ""


def execute_notebook(path, *, env: Mapping[str, str | None] | None = None,
                     timeout: int = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """Execute the notebook at ``path`` and return the executed copy.

    The file on disk is not modified.  The kernel ("python3") runs with the
    notebook's folder as working directory and with ``os.environ`` overlaid
    by ``env`` (a value of None removes that variable from the kernel's
    environment); ``os.environ`` of this process is left untouched.

    Raises ReportError naming the notebook, the failing cell (1-based index
    and first source line) and the exception.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # unreadable / invalid JSON
        raise ReportError(f"{path.name}: cannot read notebook: {exc}") from exc

    state: dict = {}

    def on_cell_start(cell, cell_index, **_):
        state["cell"] = cell
        state["index"] = cell_index

    def on_cell_error(cell, cell_index, execute_reply, **_):
        state.setdefault("error_index", cell_index)

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(path.parent.resolve())}},
        on_cell_start=on_cell_start,
        on_cell_error=on_cell_error,
    )

    def where() -> str:
        index = state.get("error_index", state.get("index"))
        if index is None:
            return f"{path.name}"
        source = nb.cells[index].source
        return f"{path.name}, cell {index + 1} ({_first_line(source)!r})"

    try:
        client.execute(env=_kernel_env(env))
    except CellExecutionError as exc:
        raise ReportError(
            f"notebook {where()} failed: {exc.ename}: {exc.evalue}"
        ) from exc
    except CellTimeoutError as exc:
        raise ReportError(
            f"notebook {where()} timed out after {timeout} s (a larger corpus may need "
            "--timeout SECONDS)"
        ) from exc
    except DeadKernelError as exc:
        raise ReportError(f"notebook {where()}: kernel died: {exc}") from exc
    except ReportError:
        raise
    except Exception as exc:
        raise ReportError(
            f"notebook {where()}: {type(exc).__name__}: {exc}"
        ) from exc
    return nb


def refresh_notebooks(notebooks: list[Path], *, progress: Callable[[str], object] = print,
                      timeout: int = CELL_TIMEOUT) -> None:
    """Re-execute notebooks on the bundled corpus, as ``report`` and nbval run them
    (static controls, no corpus override, no chart export), and save each with its
    outputs in place: the stored outputs nbval compares against."""
    from analysis.pipeline.scheduler import SCHEDULER_ENV

    # the tables come from a store of this refresh only (built by the first notebook):
    # a message about an older store on stderr would be saved in the outputs; the
    # notebooks run on their own processes, as nbval runs them, not on a cluster the shell names
    scratch = tempfile.mkdtemp(prefix="refresh-store-")
    env = {ENV_CORPUS: None, paths.CORPUS_LABEL_ENV: None, ENV_CORPUS_OPTIONS: None,
           paths.EXPORT_ENV: None, paths.STATIC_ENV: "1", store.STORE_ENV: scratch, SCHEDULER_ENV: None}
    try:
        for i, path in enumerate(notebooks, 1):
            progress(f"[{i}/{len(notebooks)}] {path.name} ...")
            executed = execute_notebook(path, env=env, timeout=timeout)
            for cell in executed.cells:  # timings would make every refresh a change
                cell.metadata.pop("execution", None)
            forget_addresses(executed)
            # a temporary name, then renamed: an interrupted refresh never leaves half a notebook
            paths.write_atomically(path, lambda partial: nbformat.write(executed, partial))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

def _output_texts(output):
    """(container, key) of every text an output holds, to be rewritten in place."""
    if output.get("output_type") == "stream":
        yield output, "text"
    elif output.get("output_type") == "error":
        for i in range(len(output.get("traceback", []))):
            yield output["traceback"], i
        yield output, "evalue"
    for mime, value in (output.get("data") or {}).items():
        if isinstance(value, str) and (mime.startswith("text/") or mime.endswith(("+json", "/json"))):
            yield output["data"], mime


_ADDRESS_RE = re.compile(r"(<[\w.]+ (?:object )?at )0x[0-9a-fA-F]+>")


def forget_addresses(nb) -> None:
    """Rewrite the memory address in an object's default repr ("<pandas.io.formats.style.
    Styler at 0x7f70...>", the plain-text twin of a styled table) as ``0x...``, in every
    output of ``nb`` (in place): it changes with every run, and a refresh that changes
    nothing should leave the notebook as it was (nbval ignores it: tests/sanitize.cfg)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for container, key in list(_output_texts(output)):
                container[key] = _ADDRESS_RE.sub(r"\g<1>0x...>", container[key])


def hide_local_paths(nb, replacements: Mapping[str, str]) -> None:
    """Rewrite, in every output of ``nb`` (in place), each absolute path that is a key of
    ``replacements`` as its value, so that a page never shows where this machine keeps the
    checkout or the corpus (a library warning naming
    ``/home/me/framing/analysis/plots.py:267`` shows ``analysis/plots.py:267``). A path
    matches only whole (``/a/b`` not in ``/a/bc``); longer paths are replaced first, so
    that a corpus inside the checkout keeps its own label."""
    pairs = {k: v for k, v in replacements.items() if k}
    if not pairs:
        return
    pattern = re.compile("|".join(re.escape(k) + ("" if k.endswith(("/", os.sep)) else r"(?![\w.-])")
                                  for k in sorted(pairs, key=len, reverse=True)))
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for container, key in list(_output_texts(output)):
                container[key] = pattern.sub(lambda m: pairs[m.group(0)], container[key])


def local_paths(corpus_path: str | None = None, corpus: str | None = None) -> dict[str, str]:
    """The absolute paths a page must not show, each with what it shows instead: the
    checkout as a relative path (``ROOT/analysis/x.py`` as ``analysis/x.py``) and the
    corpus read from ``corpus_path`` as the user gave it (``corpus``)."""
    out: dict[str, str] = {}
    for form in {str(paths.ROOT), str(paths.ROOT.resolve())}:
        out[form + os.sep] = ""
        out[form] = "."
    if corpus_path is not None and corpus is not None:
        for form in {str(corpus_path), str(Path(corpus_path).resolve())}:
            out[form] = str(corpus)
    return out


def notebook_to_html(nb, *, title: str) -> str:
    """Render an (executed) notebook to a self-contained offline HTML page.

    Code input and prompts are hidden, images stay inline (base64) and output
    text is escaped exactly as nbconvert does.  ``nb`` is not modified.
    """
    from markupsafe import Markup
    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    # Widget state would only be useful with the CDN-hosted widget renderer.
    nb.metadata.pop("widgets", None)

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _resources = exporter.from_notebook_node(
        nb, resources={"content_security_policy": Markup(_CSP_META)})
    body = body.replace("</head>", f"{_PAGE_CSS}\n</head>", 1)
    body = _TABLE_HEADING_RE.sub(
        lambda m: m.group(1) + m.group(2).replace("_", "_<wbr>") + m.group(3), body)
    return _NOTEBOOK_LINK_RE.sub(r'href="\1.html\2"', body)


# A column heading may wrap between any two characters (column names such as
# flesch_reading_ease have no space to wrap at), after an underscore first (<wbr>), so
# that a table of many narrow columns fits the page instead of running out of it; a table
# that fits is laid out as before.
_PAGE_CSS = "<style>.jp-RenderedHTMLCommon thead th { overflow-wrap: anywhere; }</style>"
_TABLE_HEADING_RE = re.compile(r"(<th\b[^>]*>)([^<]*)(</th>)")


# Pages hold no script; this policy (a <meta> in each page's head) makes sure none runs,
# whatever a text might smuggle past the escaping, and that nothing is fetched from the
# network: styles inline, images inline (data:) or beside the page (figures/).
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src 'self' file: data:; "
                           "style-src 'unsafe-inline'; font-src 'self' file: data:; "
                           "base-uri 'none'; form-action 'none'")
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


# A link from one notebook to another (``href="02-naming.ipynb#..."``) points at its page.
_NOTEBOOK_LINK_RE = re.compile(r'href="([\w.-]+)\.ipynb(#[^"]*)?"')


_INDEX_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       max-width: 72rem; margin: 2.5rem auto; padding: 0 1rem; line-height: 1.5;
       color: #1d1d1d; background: #fff; }
h1 { font-size: 1.7rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
p.meta { color: #555; margin: 0.2rem 0; }
p.caveat { background: #fff6e0; border-left: 4px solid #E69F00; padding: 0.4rem 0.8rem; }
code { background: #f3f3f3; padding: 0.1rem 0.3rem; border-radius: 3px; }
ol.findings li { margin: 0 0 0.6rem 0; }
ol.findings .figure { font-size: 0.85em; }
a { color: #1a5fb4; }
img.summary { max-width: 100%; height: auto; border: 1px solid #eee; }
table.fingerprint { border-collapse: collapse; font-size: 0.8rem; margin-top: 0.5rem; }
table.fingerprint th, table.fingerprint td { border-bottom: 1px solid #e5e5e5; padding: 0.25rem 0.5rem;
       text-align: left; vertical-align: top; }
ul.reports { list-style: none; padding: 0; margin-top: 1rem; }
ul.reports li { margin: 0 0 1rem 0; }
ul.reports a { font-weight: 600; text-decoration: none; }
ul.reports a:hover { text-decoration: underline; }
ul.reports .desc { display: block; color: #444; }
footer { margin-top: 2.5rem; border-top: 1px solid #ddd; padding-top: 0.5rem; }
""".strip()


def _command_line(corpus: str | None, corpus_options: dict | None) -> str:
    import shlex

    parts = [BASE_COMMAND]
    if corpus is not None:
        parts.append(f"--corpus {shlex.quote(str(corpus))}")
    if corpus_options:
        parts.append(
            f"--corpus-options {shlex.quote(json.dumps(corpus_options, sort_keys=True))}"
        )
    return " ".join(parts)


# Libraries whose versions can change a report's numbers; listed on the index page.
REPORTED_PACKAGES = ("pandas", "matplotlib", "pysbd", "charset-normalizer", "textstat",
                     "vaderSentiment", "nbconvert")


def package_versions(names=REPORTED_PACKAGES) -> dict[str, str]:
    """Installed versions of ``names`` ("not installed" where missing)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


SUMMARY_NOTEBOOK = "00-summary"
MAX_INDEX_OUTLETS = 8  # the fingerprint table is shown on the index up to this many outlets


# the tables notebook 00 exports for the index (tables/NAME.csv), by what they hold
SUMMARY_EXPORTS = {"findings": "00-findings", "overview": "00-corpus", "fingerprint": "00-fingerprint-display"}


def read_summary(export_dir: Path, *, ran: bool = True) -> dict | None:
    """What notebook 00 exported for the index (:data:`SUMMARY_EXPORTS` in tables/, and
    figures/00-summary.png). ``ran``: whether the notebook ran in this report; if it did,
    a missing table is an error (a renamed export would otherwise drop the summary from
    the index silently); if not, None."""
    import pandas as pd

    if not ran:
        return None
    tables = Path(export_dir) / "tables"
    missing = [f"tables/{n}.csv" for n in SUMMARY_EXPORTS.values() if not (tables / f"{n}.csv").is_file()]
    if missing:
        raise ReportError(f"notebook {SUMMARY_NOTEBOOK} ran but did not export {', '.join(missing)}, "
                          "which the index shows (analysis.present.report.SUMMARY_EXPORTS)")
    read = {k: pd.read_csv(tables / f"{v}.csv", dtype=str, keep_default_na=False) for k, v in SUMMARY_EXPORTS.items()}
    read["figure"] = (Path(export_dir) / "figures" / "00-summary.png").is_file()
    return read


def _summary_html(summary: dict, titles: dict[str, str]) -> list[str]:
    from analysis.present import notebook

    esc = html.escape
    found = summary["findings"]
    overview = summary["overview"].iloc[0] if len(summary["overview"]) else None
    notes = [n for n in (overview.get("caveats", "") if overview is not None else "").split("\n") if n]
    out = ['<h2 id="summary">Summary</h2>',
           notebook.findings_html(found, notes=notes, titles=titles, suffix=".html")]
    if summary.get("figure"):
        out.append('<p><a href="figures/00-summary.png"><img class="summary" src="figures/00-summary.png" '
                   'alt="Small multiples: one panel per analysis, one row per outlet"></a></p>')
    table = summary["fingerprint"]
    outlets = [c for c in table.columns if c not in ("finding", "from")]
    if 0 < len(outlets) <= MAX_INDEX_OUTLETS:  # pandas escapes every cell and heading
        out += ["<details><summary>The fingerprint of each outlet (every figure side by side)</summary>",
                table.set_index("finding").rename_axis(None).to_html(classes="fingerprint", border=0),
                "</details>"]
    link = titles.get(SUMMARY_NOTEBOOK)
    if link:
        out.append(f'<p>Thresholds, the fingerprint and the panels: <a href="{SUMMARY_NOTEBOOK}.html">'
                   f"{esc(link)}</a>.</p>")
    return out


def render_index(entries: list[dict], *, corpus: str | None = None,
                 command: str = BASE_COMMAND, versions: dict[str, str] | None = None,
                 summary: dict | None = None) -> str:
    """HTML for index.html; ``entries`` are dicts with href, title, description.
    ``summary`` (from :func:`read_summary`) puts the findings, the small-multiples figure
    and the fingerprint first. Every text is escaped."""
    esc = html.escape
    versions_text = ", ".join(f"{k} {v}" for k, v in (versions or {}).items())
    items = []
    for e in entries:
        desc = e.get("description") or ""
        desc_html = f'\n    <span class="desc">{esc(desc)}</span>' if desc else ""
        items.append(
            f'  <li><a href="{esc(e["href"])}">{esc(e["title"])}</a>{desc_html}</li>'
        )
    corpus_text = str(corpus) if corpus is not None else "bundled data/"
    meta = [f'<p class="meta">Corpus: <code>{esc(corpus_text)}</code></p>']
    body: list[str] = []
    if summary is not None:
        o = summary["overview"].iloc[0] if len(summary["overview"]) else None
        if o is not None:
            from analysis.present.wording import describe_overview

            meta.append(f'<p class="meta">{esc(describe_overview(o))}</p>')
        titles = {Path(e["href"]).stem: e["title"] for e in entries}
        body = _summary_html(summary, titles)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        _CSP_META,
        f"<title>{esc(INDEX_TITLE)}</title>",
        f"<style>\n{_INDEX_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(INDEX_TITLE)}</h1>",
        *meta,
        *body,
        '<h2 id="reports">Reports</h2>' if body else "",
        '<ul class="reports">',
        *items,
        "</ul>",
        "<footer>",
        f'<p class="meta">Rebuilt with: <code>{esc(command)}</code></p>',
        *([f'<p class="meta">Package versions: {esc(versions_text)}</p>'] if versions_text else []),
        "</footer>",
        "</body>",
        "</html>",
        "",
    ])


def _execute_all(notebooks: list[Path], env: dict, timeout: int, hidden: dict[str, str],
                 staging: Path, progress: Callable[[str], object], jobs: int) -> list[dict]:
    """Execute ``notebooks``, ``jobs`` at a time, started in name order, each rendered into
    ``staging`` as it finishes; their index entries in name order. The first failure
    stops the run: the notebooks not started are not, the running ones are waited for,
    and its ReportError is raised."""
    n = len(notebooks)
    entries: dict[int, dict] = {}

    def run(path: Path) -> tuple[nbformat.NotebookNode, float]:
        started = time.monotonic()
        return execute_notebook(path, env=env, timeout=timeout), time.monotonic() - started

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        queue = list(enumerate(notebooks, 1))
        running: dict = {}
        try:
            while queue or running:
                while queue and len(running) < max(1, jobs):
                    i, path = queue.pop(0)
                    progress(f"[{i}/{n}] {path.name} ...")
                    running[pool.submit(run, path)] = (i, path)
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: running[f][0]):
                    i, path = running.pop(future)
                    executed, seconds = future.result()
                    hide_local_paths(executed, hidden)
                    title = notebook_title(executed, path.stem)
                    try:
                        page = notebook_to_html(executed, title=title)
                    except Exception as exc:
                        raise ReportError(f"notebook {path.name}: rendering failed: {exc}") from exc
                    href = f"{path.stem}.html"
                    (staging / href).write_text(page, encoding="utf-8")
                    entries[i] = {"href": href, "title": title,
                                  "description": notebook_description(executed)}
                    progress(f"[{i}/{n}] {path.name} done in {seconds:.1f}s")
        except BaseException:
            queue.clear()
            raise
    return [entries[i] for i in sorted(entries)]


def _move_into_place(source: Path, target: Path, aside: Path) -> None:
    """Replace the folder ``target`` by ``source`` (both on one file system) with two
    renames: the old folder is moved to ``aside`` (deleted later by the caller), the new
    one takes its name. ``target`` is never half old and half new, and is missing only
    between the two renames; if the second fails, the old folder is put back."""
    had_old = target.exists()
    if had_old:
        os.replace(target, aside)
    try:
        if source.is_dir():
            os.replace(source, target)
    except BaseException:
        if had_old and not target.exists():
            os.replace(aside, target)
        raise


def prepare_store(corpus: str | Path, corpus_options: dict | None, root: str | Path,
                  progress: Callable[[str], object] = print) -> bool:
    """Bring the store of ``corpus`` under ``root`` up to date, as the notebooks'
    ``build_tables(corpus, config=Config.for_corpus(corpus), **corpus_options)`` would
    (read back when warm; else the changed articles processed, with a line of progress per
    500 articles), so the notebooks only read it. Returns whether the store is ready. A
    corpus whose tables cannot be built (errors in it, a bad rules file) is left to the
    notebooks, which report what is wrong; this says so and returns False."""
    from analysis.pipeline import tables

    started = time.monotonic()
    where = store.Store.for_corpus(corpus, root, progress=progress)
    try:
        tables.update_store(where, corpus, config=tables.Config.for_corpus(corpus),
                            **(corpus_options or {}))
    except Exception as exc:  # the notebooks show the problem, in context
        first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
        progress(f"store: not built ({type(exc).__name__}: {first}); each notebook builds "
                 "its tables")
        return False
    stats = where.stats
    progress(f"store: {stats['n_articles']} articles ({stats['n_processed']} processed, "
             f"{stats['n_read']} read) in {time.monotonic() - started:.1f}s")
    return True


def render_reports(notebook_dir: Path, out_dir: Path, *, corpus: str | None = None,
                   corpus_options: dict | None = None,
                   progress: Callable[[str], object] = print,
                   timeout: int = CELL_TIMEOUT, command: str | None = None,
                   store_dir: str | Path | None = None, jobs: int | None = None) -> Path:
    """Execute every notebook in ``notebook_dir`` and write HTML reports.

    Returns the path of the written ``out_dir/index.html``.  ``corpus`` is the corpus
    as the user gave it (None: the bundled one): the kernels read it as an absolute path
    (they run in ``notebook_dir``), the pages show it as given, and no page shows the
    absolute path of the corpus or of the checkout (:func:`hide_local_paths`).
    ``command`` is the generation command shown on the index page (default: built from
    ``corpus`` / ``corpus_options``). ``store_dir``: where the notebooks keep the
    corpus's store (default: ``ANALYSIS_STORE``, else ``.cache/store/``), brought up to
    date before the notebooks run (:func:`prepare_store`). ``jobs``: notebooks executed
    at once (default :data:`REPORT_JOBS`, at most the number of cores); each page is
    rendered here as its notebook finishes.

    Pages are written into a staging folder beside ``out_dir`` and moved into place
    only when every notebook has succeeded, index.html last; ``figures/`` and
    ``tables/`` are swapped in whole (:func:`_move_into_place`). On any failure a
    ReportError is raised and ``out_dir`` is left exactly as it was.
    """
    notebook_dir = Path(notebook_dir)
    out_dir = Path(out_dir)
    if not notebook_dir.is_dir():
        raise ReportError(f"notebook directory not found: {notebook_dir}")
    notebooks = sorted(
        (p for p in notebook_dir.glob("*.ipynb") if p.is_file()),
        key=lambda p: p.name,
    )
    if not notebooks:
        raise ReportError(f"no notebooks (*.ipynb) found in {notebook_dir}")

    corpus_path = str(Path(corpus).expanduser().resolve()) if corpus is not None else None
    env: dict[str, str | None] = {
        ENV_CORPUS: corpus_path,
        paths.CORPUS_LABEL_ENV: str(corpus) if corpus is not None else None,
        ENV_CORPUS_OPTIONS: json.dumps(corpus_options) if corpus_options is not None else None,
        paths.STATIC_ENV: "1",  # controls show their default choice as static output
    }
    if command is None:
        command = _command_line(corpus, corpus_options)
    hidden = local_paths(corpus_path, corpus)

    out_parent = out_dir.resolve().parent
    out_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_parent))
    # notebooks save each chart and the table that drew it here (analysis.present.notebook.show)
    env[paths.EXPORT_ENV] = str((staging / "export").resolve())
    # the notebooks read the corpus's tables from its store (analysis.pipeline.store), brought up
    # to date here first (the kernels run in notebook_dir: the folder is given resolved);
    # a store that cannot be written (a read-only checkout) is replaced by one in the
    # staging folder for this run
    root = store.store_root(store_dir)
    if root is not None:
        env[store.STORE_ENV] = str((root if store.writable(root) else staging / "store").resolve())
    hidden[env[paths.EXPORT_ENV]] = "."  # (a random name: it would differ on every run)
    try:
        ready = root is not None and prepare_store(corpus_path or paths.DATA, corpus_options,
                                                   env[store.STORE_ENV], progress)
        # without a ready store each kernel would build the tables: one at a time then
        jobs = (jobs or min(REPORT_JOBS, os.cpu_count() or 1)) if ready else 1
        entries = _execute_all(notebooks, env, timeout, hidden, staging, progress, jobs)

        (staging / "index.html").write_text(
            render_index(entries, corpus=corpus, command=command, versions=package_versions(),
                         summary=read_summary(staging / "export",
                                              ran=any(p.stem == SUMMARY_NOTEBOOK for p in notebooks))),
            encoding="utf-8"
        )

        # Everything succeeded: move pages into place (each file by one rename), then
        # figures/ and tables/ (each folder swapped whole), index.html last.
        out_dir.mkdir(parents=True, exist_ok=True)
        for entry in entries:
            os.replace(staging / entry["href"], out_dir / entry["href"])
        for kind in ("figures", "tables"):
            _move_into_place(staging / "export" / kind, out_dir / kind, staging / f"old-{kind}")
        os.replace(staging / "index.html", out_dir / "index.html")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir / "index.html"
