"""Load and validate a corpus of articles, whatever form it comes in.

Three forms are read (see docs/your-corpus.md, "The forms of a corpus"):

(a) a folder with a manifest ``articles.csv`` (one row per article: ``article_id``,
    ``outlet``, ``file`` relative to the folder, optional ``title``, ``published``, ``event``,
    ``language`` and any other columns) and the text files it names;
(b) one table of articles: CSV, TSV, JSON Lines or Parquet, one row per article, with the
    text in a column;
(c) a folder of JSON files, one article each (news-please output, or the
    article-bias-prediction ``data/jsons`` form with ``source`` and ``content_original``).

Every article becomes a dict with the keys of ``ARTICLE_FIELDS`` (plus the manifest's extra
columns). Articles are yielded one at a time by :func:`iter_articles`, so a corpus of any
size can be processed without holding it in memory; :func:`load_corpus` collects them into
a DataFrame for small corpora and notebooks.

Problems are collected as :class:`Problem` rows naming the file (and line or row) and what
is wrong. Errors (missing file, a path leading out of the corpus folder, duplicate id,
missing column, a broken manifest row, empty text, binary or undecodable bytes, a cell that
holds a list or an object) stop :func:`load_corpus`; warnings (a text decoded from another
encoding, mixed line endings, a date that could not be read, HTML markup, no sentence
punctuation, mostly non-Latin letters, words mixing Latin and Cyrillic, a text that does
not look English) are reported and the article is kept. Files are only ever read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from analysis.corpus.fields import ARTICLE_FIELDS, Problem, CorpusError
from analysis.corpus.readers import detect_form, Collector, iter_manifest, iter_table, iter_json_folder, check_data_files


def iter_articles(path: str | Path, *, text_column: str | None = None,
                  outlet_column: str | None = None, title_column: str | None = None,
                  date_column: str | None = None, id_column: str | None = None,
                  event_column: str | None = None, language_column: str | None = None,
                  on_problem: Callable[[Problem], None] | None = None,
                  problems: list[Problem] | None = None) -> Iterator[dict]:
    """Yield the usable articles of a corpus one by one, in a stable order.

    Articles with errors are not yielded; each such problem is passed to ``on_problem``
    and appended to ``problems`` (when given), so nothing is dropped silently.
    Column options name the columns (or JSON keys) of tables and JSON folders; unnamed
    ones are looked for under the names in ``DEFAULT_COLUMNS``.
    """
    path = Path(path)
    options = {"text_column": text_column, "outlet_column": outlet_column,
               "title_column": title_column, "date_column": date_column,
               "id_column": id_column, "event_column": event_column,
               "language_column": language_column}
    col = Collector(on_problem)
    if problems is not None:
        col.problems = problems
    try:
        form = detect_form(path)
    except CorpusError as exc:
        for p in exc.problems:
            col.add(p.level, p.file, p.problem)
        return
    check_data_files(path if path.is_dir() else path.parent, col)
    if form == "manifest":
        yield from iter_manifest(path, col)
    elif form == "json_folder":
        yield from iter_json_folder(path, options, col)
    else:
        yield from iter_table(path, form, options, col)


def check_corpus(path: str | Path, **options) -> tuple[int, list[Problem]]:
    """Validate a corpus; return (number of usable articles, every problem found)."""
    problems: list[Problem] = []
    n = sum(1 for _ in iter_articles(path, problems=problems, **options))
    return n, problems


SOURCE_BLOCK = 1 << 20


def source_digest(path: str | Path) -> str | None:
    """A digest of the bytes and relative names of every file of a corpus: for a table,
    the file and the YAML data files beside it; for a folder, every file under it
    (nothing outside it is read).
    The store compares it first: when it is what built the stored tables, they are read
    without loading the corpus. None (the corpus must then be loaded and compared
    article by article) when a file cannot be read or the folder holds a symbolic link,
    whose target may lie anywhere."""
    import hashlib
    import os

    root = Path(path)
    digest = hashlib.sha256()
    try:
        if root.is_symlink():
            return None
        if root.is_file():  # a table, and the data files its folder brings (check_data_files)
            files, base = [root], root.parent
            for extra in sorted([*base.glob("*.yaml"), *base.glob("*.yml")]):
                if extra.is_symlink():
                    return None
                files.append(extra)
        elif root.is_dir():
            files, base = [], root
            for folder, subfolders, names in os.walk(root, followlinks=False):
                subfolders.sort()
                for name in sorted(subfolders + names):
                    if os.path.islink(os.path.join(folder, name)):
                        return None
                files.extend(Path(folder) / name for name in sorted(names))
        else:
            return None
        for file in files:
            name = file.relative_to(base).as_posix().encode("utf-8", "surrogateescape")
            with file.open("rb") as handle:
                # each file's name and size before its bytes: no two corpora give one stream
                digest.update(b"%d:%s:%d:" % (len(name), name, os.fstat(handle.fileno()).st_size))
                while block := handle.read(SOURCE_BLOCK):
                    digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def load_corpus(path: str | Path, **options) -> pd.DataFrame:
    """Read a corpus into a DataFrame, one row per article (columns: ``ARTICLE_FIELDS``
    first, then any extra manifest columns). Raises :class:`CorpusError` listing every
    error found; warnings are kept in ``df.attrs["problems"]``.
    """
    problems: list[Problem] = []
    articles = list(iter_articles(path, problems=problems, **options))
    if any(p.level == "error" for p in problems):
        raise CorpusError(problems)
    df = pd.DataFrame(articles)
    if df.empty:
        raise CorpusError([Problem("error", str(path), "no articles found")])
    extra = [c for c in df.columns if c not in ARTICLE_FIELDS]
    df = df[ARTICLE_FIELDS[:-1] + extra + ["text"]]
    df.attrs["problems"] = [str(p) for p in problems]
    return df


def format_problems(n_articles: int, problems: list[Problem]) -> str:
    """The validation report printed by ``python -m analysis check``."""
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    lines = [f"{n_articles} article(s) readable; {len(errors)} error(s), {len(warnings)} warning(s)"]
    lines += [f"  {p}" for p in errors + warnings]
    return "\n".join(lines)

