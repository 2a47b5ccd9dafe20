"""Render the analysis notebooks to self-contained, offline HTML reports.

This is the implementation behind ``python -m analysis report``:

* the corpus's store is brought up to date first, in this process, with a progress
  line per 500 articles (:func:`prepare_store`), so that no kernel processes articles;
* every ``*.ipynb`` in a folder is executed with nbclient, an in-memory copy each, the
  source files are never written; :data:`REPORT_JOBS` kernels run at once, the
  notebooks started in name order;
* each executed notebook becomes ``<stem>.html`` (:mod:`analysis.present.offline_html`:
  code hidden, charts inline as base64 PNG, no external scripts/styles);
* an ``index.html`` links to all pages.

Pages are first rendered into a temporary directory next to the output
directory and only moved into place once every notebook has succeeded, with
``index.html`` written last, so a failed run never leaves an index pointing at
half-written pages.

Importing this module does no I/O and changes no global settings.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Callable, Mapping

import nbformat

from analysis.corpus import paths
from analysis.pipeline import store
from analysis.present.offline_html import (BASE_COMMAND, SUMMARY_NOTEBOOK, forget_addresses,
                                           hide_local_paths, local_paths, notebook_description,
                                           notebook_title, notebook_to_html, render_index)

__all__ = [
    "ReportError",
    "execute_notebook",
    "render_reports",
    "refresh_notebooks",
]

KERNEL_NAME = "python3"
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


class ReportError(RuntimeError):
    """A notebook could not be executed or rendered."""


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


def _notebooks_in(notebook_dir: Path) -> list[Path]:
    """The notebooks of ``notebook_dir``, in name order (a ReportError if there are none)."""
    if not notebook_dir.is_dir():
        raise ReportError(f"notebook directory not found: {notebook_dir}")
    notebooks = sorted(
        (p for p in notebook_dir.glob("*.ipynb") if p.is_file()),
        key=lambda p: p.name,
    )
    if not notebooks:
        raise ReportError(f"no notebooks (*.ipynb) found in {notebook_dir}")
    return notebooks


def _publish(entries: list[dict], staging: Path, out_dir: Path) -> None:
    """Everything succeeded: move the pages of ``entries`` from ``staging`` into
    ``out_dir`` (each file by one rename), then figures/ and tables/ (each folder swapped
    whole), index.html last."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        os.replace(staging / entry["href"], out_dir / entry["href"])
    for kind in ("figures", "tables"):
        _move_into_place(staging / "export" / kind, out_dir / kind, staging / f"old-{kind}")
    os.replace(staging / "index.html", out_dir / "index.html")


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
    notebooks = _notebooks_in(Path(notebook_dir))
    out_dir = Path(out_dir)

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
        _publish(entries, staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir / "index.html"
