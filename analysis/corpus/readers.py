"""The readers of each form of corpus: a folder of text files with a manifest, a table
(CSV, TSV, JSON Lines, Parquet) and a folder of JSON files; every problem collected
with the file it is in."""
from __future__ import annotations

import csv
import io
import json
import re
import warnings
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from analysis.corpus import paths
from analysis.corpus.fields import MANIFEST_NAME, DEFAULT_COLUMNS, TABLE_SUFFIXES, Problem, CorpusError
from analysis.corpus.decode import NotTextError, decode_bytes, normalize_newlines, line_endings_note
from analysis.corpus.checks import iso_date, clean_str, html_warning, text_warnings, value_problem


# --------------------------------------------------------------------------- forms
def detect_form(path: Path) -> str:
    """Return "manifest", "json_folder" or a table form ("csv", "tsv", "jsonl", "parquet")."""
    if path.is_dir():
        if (path / MANIFEST_NAME).is_file():
            return "manifest"
        if any(path.glob("*.json")):
            return "json_folder"
        raise CorpusError([Problem("error", str(path),
                                   f"folder has neither a manifest {MANIFEST_NAME} nor *.json files")])
    if path.is_file():
        form = TABLE_SUFFIXES.get(path.suffix.lower())
        if form is None:
            raise CorpusError([Problem("error", str(path),
                                       f"unknown corpus file type {path.suffix!r}; expected one of "
                                       + ", ".join(sorted(TABLE_SUFFIXES)))])
        return form
    raise CorpusError([Problem("error", str(path), "no such file or folder")])


def _pick(columns: list[str], wanted: str | None, role: str, required: bool,
          file: str) -> tuple[str | None, Problem | None]:
    """Choose the column for ``role``: the caller's name, else the first default present."""
    if wanted:
        if wanted in columns:
            return wanted, None
        return None, Problem("error", file, f"missing column {wanted!r} (given for {role}); "
                                            f"columns are: {', '.join(columns)}")
    for name in DEFAULT_COLUMNS[role]:
        if name in columns:
            return name, None
    if required:
        return None, Problem("error", file, f"missing column for {role}: none of "
                                            f"{', '.join(DEFAULT_COLUMNS[role])}; columns are: "
                                            f"{', '.join(columns)} (name it with the {role} column option)")
    return None, None


# --------------------------------------------------------------------------- reading
class Collector:
    """Collects problems and tracks ids to catch duplicates across the whole corpus."""

    def __init__(self, on_problem: Callable[[Problem], None] | None):
        self.problems: list[Problem] = []
        self.seen: dict[str, str] = {}
        self.on_problem = on_problem

    def add(self, level: str, file: str, problem: str, article_id: str = "") -> None:
        p = Problem(level, file, problem, article_id)
        self.problems.append(p)
        if self.on_problem:
            self.on_problem(p)

    def accept(self, article: dict, where: str) -> bool:
        """Final checks shared by every form; return True if the article is usable.
        Normalises the text's line endings and reports what the text carries."""
        aid = article["article_id"]
        ok = True
        if not aid:
            self.add("error", where, "empty article id")
            ok = False
        elif aid in self.seen:
            self.add("error", where, f"duplicate article id {aid!r} (first seen in {self.seen[aid]})", aid)
            ok = False
        else:
            self.seen[aid] = where
        if not article["outlet"]:
            self.add("error", where, "empty outlet", aid)
            ok = False
        if not article["text"].strip():
            self.add("error", where, "empty text", aid)
            ok = False
        date, warning = iso_date(article.get("published"))
        article["published"] = date
        if warning:
            self.add("warning", where, warning, aid)
        if not ok:
            return False
        endings = line_endings_note(article["text"])
        if endings:
            self.add("warning", where, endings, aid)
        article["text"] = normalize_newlines(article["text"])
        for field in ("title", "outlet"):
            markup = html_warning(article.get(field) or "", f"the {field}")
            if markup:
                self.add("warning", where, markup, aid)
        for warning in text_warnings(article["text"], language=article.get("language") or ""):
            self.add("warning", where, warning, aid)
        return True


def _outside(folder: Path, rel: str, what: str, rule: str = paths.OUTSIDE_RULE) -> str:
    """The error for a path written in a corpus that leads out of its folder ("" if none)."""
    reason = paths.outside_reason(folder, rel)
    if not reason:
        return ""
    return f"{what} {rel!r} {reason}: {rule}"


def read_inside(folder: Path, name: str, what: str, col: Collector) -> tuple[str, str] | None:
    """:func:`read_bytes` of ``folder / name``, or None with an error when the name leads
    out of the folder (a link to a file elsewhere: nothing outside the corpus is read)."""
    outside = _outside(folder, name, what)
    if outside:
        col.add("error", str(folder / name), outside)
        return None
    return read_bytes(folder / name, col)


def read_bytes(path: Path, col: Collector, aid: str = "") -> tuple[str, str] | None:
    """Read and decode one file (opened read-only); report the problem and return None
    when it is not text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        col.add("error", str(path), f"cannot be read: {exc.strerror or exc}", aid)
        return None
    try:
        text, encoding, note = decode_bytes(data)
    except NotTextError as exc:
        col.add("error", str(path), str(exc), aid)
        return None
    except UnicodeDecodeError as exc:
        col.add("error", str(path), f"undecodable bytes: not UTF-8 and no other encoding fits "
                                    f"({exc.reason} at byte {exc.start})", aid)
        return None
    if note:
        col.add("warning", str(path), note, aid)
    return text, encoding


def _manifest_rows(text: str, name: str, col: Collector) -> tuple[list[str], list[tuple[int, dict]]]:
    """Parse a manifest strictly: the header, then (line number, row) for every row. A quote
    left open, or a row with more fields than the header, is an error naming its line."""
    reader = csv.reader(io.StringIO(text), strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, dict]] = []
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if header is None:
                header = [h.strip() for h in record]
                continue
            if not any(f.strip() for f in record):
                continue
            if len(record) > len(header):
                col.add("error", f"{name} line {line}",
                        f"{len(record)} fields but the header has {len(header)}: a value that "
                        "holds a comma must be in double quotes", clean_str(record[0]))
                continue
            rows.append((line, dict(zip(header, record))))
    except csv.Error as exc:
        n_lines = text.count("\n") + (not text.endswith("\n"))
        if "unexpected end of data" in str(exc):
            problem = (f"a quoted field opened on line {start} is never closed, so lines "
                       f"{start}-{n_lines} are not read: close the quote (a quote inside a "
                       "field is written twice)")
        else:
            problem = (f"not a readable CSV row ({exc}); lines {start}-{n_lines} are not read: "
                       "a field in quotes must end with the quote (a quote inside a field is "
                       "written twice)")
        col.add("error", f"{name} line {start}", problem)
    return header or [], rows


def iter_manifest(folder: Path, col: Collector) -> Iterator[dict]:
    manifest = folder / MANIFEST_NAME
    read = read_inside(folder, MANIFEST_NAME, "the manifest", col)
    if read is None:
        return
    columns, rows = _manifest_rows(normalize_newlines(read[0]), manifest.name, col)
    missing = [c for c in ("article_id", "outlet", "file") if c not in columns]
    if missing:
        col.add("error", str(manifest), f"missing column(s) {', '.join(missing)}; "
                                        f"columns are: {', '.join(columns) or '(none)'}")
        return
    if not rows:
        if not any(p.level == "error" and p.file.startswith(f"{manifest.name} line")
                   for p in col.problems):
            col.add("error", str(manifest), "manifest lists no articles")
        return
    for line_no, row in rows:
        aid = clean_str(row.get("article_id"))
        rel = clean_str(row.get("file"))
        where = f"{manifest.name} line {line_no}"
        if not rel:
            col.add("error", where, "empty file column", aid)
            continue
        outside = _outside(folder, rel, "file", f"paths in {MANIFEST_NAME} must be relative "
                                                "and stay inside the folder")
        if outside:
            col.add("error", where, outside, aid)
            continue
        path = folder / rel
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except OSError as exc:  # e.g. a name too long
            col.add("error", where, f"file {rel!r} cannot be opened: {exc.strerror or exc}", aid)
            continue
        if is_dir:
            col.add("error", str(path), f"named in {manifest.name} line {line_no} is a folder, "
                                        "not a text file", aid)
            continue
        if not is_file:
            col.add("error", str(path), f"file named in {manifest.name} line {line_no} does not exist", aid)
            continue
        read = read_bytes(path, col, aid)
        if read is None:
            continue
        body, encoding = read
        article = {k: clean_str(v) for k, v in row.items() if k and k != "file"}
        article.update(
            article_id=aid, outlet=clean_str(row.get("outlet")),
            title=clean_str(row.get("title")), published=clean_str(row.get("published")),
            event=clean_str(row.get("event")), language=clean_str(row.get("language")),
            source_file=rel, encoding=encoding, text=body,
        )
        if col.accept(article, str(path)):
            yield article


def _record_to_article(record: dict, cols: dict[str, str | None], where: str,
                       fallback_id: str) -> tuple[dict, list[str]]:
    """The article of one table row or JSON object, and why any of its cells cannot be read."""
    bad = [value_problem(record.get(name), name, role) for role, name in cols.items() if name]

    def get(role: str) -> str:
        name = cols.get(role)
        return clean_str(record.get(name)) if name else ""

    text = record.get(cols["text"]) if cols.get("text") else None
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    article = {
        "article_id": get("id") or fallback_id, "outlet": get("outlet"), "title": get("title"),
        "published": get("date"), "event": get("event"), "language": get("language"),
        "source_file": where, "encoding": "utf-8", "text": text,
    }
    return article, [b for b in bad if b]


def _resolve_columns(columns: list[str], options: dict, file: str, col: Collector,
                     id_required: bool) -> dict[str, str | None] | None:
    chosen: dict[str, str | None] = {}
    failed = False
    for role, required in (("text", True), ("outlet", True), ("id", id_required),
                           ("title", False), ("date", False), ("event", False),
                           ("language", False)):
        name, problem = _pick(columns, options.get(f"{role}_column"), role, required, file)
        if problem:
            col.add(problem.level, problem.file, problem.problem)
            failed = True
        chosen[role] = name
    return None if failed else chosen


def _parquet_types_ok(schema, cols: dict[str, str | None], path: Path, col: Collector) -> bool:
    """Check the Parquet column types: the text column must hold strings; no chosen column
    may hold lists, structs, maps or binary data; other non-string columns (numbers, dates)
    are read as text, with a warning for outlet, title, event and language."""
    import pyarrow as pa
    import pyarrow.types as pat

    def stringish(t) -> bool:
        if pat.is_dictionary(t):
            return stringish(t.value_type)
        return pat.is_string(t) or pat.is_large_string(t) or pat.is_null(t)

    ok = True
    for role, name in cols.items():
        if not name:
            continue
        t = schema.field(name).type
        if pat.is_nested(t) or pat.is_binary(t) or pat.is_large_binary(t) or t == pa.binary():
            col.add("error", str(path), f"column {name!r} ({role}) has type {t}: expected text "
                                        "(a string column)")
            ok = False
        elif role == "text" and not stringish(t):
            col.add("error", str(path), f"column {name!r} (text) has type {t}, not string: the "
                                        "text of an article must be text")
            ok = False
        elif role in ("outlet", "title", "event", "language") and not stringish(t):
            col.add("warning", str(path), f"column {name!r} ({role}) has type {t}: its values are "
                                          "read as text")
    return ok


def iter_table(path: Path, form: str, options: dict, col: Collector,
                chunksize: int = 2000) -> Iterator[dict]:
    name = path.name
    schema = None
    if form in {"csv", "tsv"}:
        sep = "\t" if form == "tsv" else ","
        try:
            columns = list(pd.read_csv(path, sep=sep, nrows=0, dtype=str).columns)
            chunks = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, index_col=False,
                                 chunksize=chunksize, encoding="utf-8")
        except UnicodeDecodeError as exc:
            col.add("error", str(path), f"undecodable bytes: the table is not UTF-8 ({exc.reason})")
            return
        except pd.errors.EmptyDataError:
            col.add("error", str(path), f"the {form.upper()} file is empty (no header, no rows)")
            return
        except (pd.errors.ParserError, ValueError) as exc:
            col.add("error", str(path), f"not a readable {form.upper()} table: {exc}")
            return
        labelled = ((f"{name} row {i}", r) for i, r in enumerate(_csv_rows(chunks), start=1))
    elif form == "jsonl":
        labelled, columns = _jsonl_records(path, col)
        if labelled is None:
            return
    else:  # parquet
        import pyarrow.parquet as pq

        try:
            handle = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises several types for broken files
            col.add("error", str(path), f"not a readable Parquet file: {exc}")
            return
        schema = handle.schema_arrow
        columns = schema.names
        labelled = ((f"{name} row {i}", r) for i, r in enumerate(
            (r for b in handle.iter_batches(batch_size=chunksize) for r in b.to_pylist()), start=1))
    cols = _resolve_columns(columns, options, str(path), col, id_required=False)
    if cols is None:
        return
    if schema is not None and not _parquet_types_ok(schema, cols, path, col):
        col.add("error", str(path), f"none of its {handle.metadata.num_rows} row(s) is read: "
                                    "give the right column with a column option, or fix its type")
        return
    row_no = 0
    for where, record in _guard(labelled, path, col):
        row_no += 1
        article, bad = _record_to_article(record, cols, where, fallback_id=f"row{row_no}")
        for problem in bad:
            col.add("error", where, problem, article["article_id"])
        if col.accept(article, where) and not bad:
            yield article
    if not row_no and not any(p.level == "error" and p.file == str(path) for p in col.problems):
        col.add("error", str(path), "the table has no rows (no articles)")


def _csv_rows(chunks) -> Iterator[dict]:
    """The rows of pandas' chunked reader. Its warning that a row has more fields than the
    header (with ``index_col=False`` it would drop the extra values) becomes an error."""
    it = iter(chunks)
    while True:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            chunk = next(it, None)
        if chunk is None:
            return
        yield from chunk.to_dict("records")


def _guard(labelled: Iterator, path: Path, col: Collector) -> Iterator:
    """Pass rows on; a row the reader cannot parse (later in a file whose start was fine)
    ends the file with an error naming it, instead of a traceback."""
    n = 0
    while True:
        try:
            item = next(labelled)
        except StopIteration:
            return
        except pd.errors.ParserWarning:
            col.add("error", str(path), f"not readable after row {n}: a row has more fields than "
                                        "the header (a value holding the separator must be in "
                                        "double quotes); the rest of the file is not read")
            return
        except (UnicodeDecodeError, ValueError, OSError) as exc:  # pandas and pyarrow parse errors
            reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc).strip()
            eof = re.search(r"EOF inside string starting at row (\d+)", reason)
            if eof:  # pandas counts lines from 0
                reason += (f" (line {int(eof.group(1)) + 1} of the file: a quoted field is never "
                           "closed)")
            col.add("error", str(path), f"not readable after row {n}: {reason}; the rest of "
                                        "the file is not read")
            return
        n += 1
        yield item


def _jsonl_records(path: Path, col: Collector):
    """(label, record) for every object of a JSON Lines file, and the first object's keys;
    a line that is not a JSON object is an error naming its line."""
    def records():
        with path.open("rb") as handle:  # read-only
            for line_no, raw in enumerate(handle, start=1):
                if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                if not raw.strip():
                    continue
                where = f"{path.name} line {line_no}"
                try:
                    record = json.loads(raw.decode("utf-8").strip())
                except UnicodeDecodeError as exc:
                    col.add("error", where, f"not UTF-8 ({exc.reason} at byte {exc.start} of the "
                                            "line): JSON Lines must be UTF-8")
                    continue
                except json.JSONDecodeError as exc:
                    col.add("error", where, f"not a JSON object: {exc.msg} at column {exc.colno}")
                    continue
                if isinstance(record, dict):
                    yield where, record
                else:
                    col.add("error", where, f"not a JSON object (one article per line): found "
                                            f"{_json_kind(record)}")

    it = records()
    first = next(it, None)
    if first is None:
        col.add("error", str(path), "no articles in the file")
        return None, []
    return _chain([first], it), list(first[1].keys())


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    return {str: "a string", bool: "a boolean", int: "a number", float: "a number",
            type(None): "null"}.get(type(value), type(value).__name__)


def _chain(*iterables):
    for it in iterables:
        yield from it


def iter_json_folder(folder: Path, options: dict, col: Collector) -> Iterator[dict]:
    files = sorted(folder.glob("*.json"))
    for path in files:
        read = read_inside(folder, path.name, "file", col)
        if read is None:
            continue
        try:
            record = json.loads(read[0])
        except json.JSONDecodeError as exc:
            col.add("error", str(path), f"not valid JSON: {exc}")
            continue
        if not isinstance(record, dict):
            hint = (": to give many articles in one file, write JSON Lines (.jsonl, one object "
                    "per line)" if isinstance(record, list) else "")
            col.add("error", str(path), f"expected one JSON object (one article) per file, found "
                                        f"{_json_kind(record)}{hint}")
            continue
        file_cols = _resolve_columns(list(record.keys()), options, str(path), col, id_required=False)
        if file_cols is None:
            continue
        article, bad = _record_to_article(record, file_cols, path.name, fallback_id=path.stem)
        for problem in bad:
            col.add("error", str(path), problem, article["article_id"])
        if col.accept(article, str(path)) and not bad:
            yield article


def check_data_files(folder: Path, col: Collector) -> None:
    """The data files a corpus brings (its own ``cleaning_rules.yaml``, ``entities.yaml``, any
    ``*.yaml``/``*.yml``) must lie inside its folder: a symbolic link out is an error."""
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        outside = _outside(folder, path.name, "data file")
        if outside:
            col.add("error", str(path), outside)

