"""Load and validate a corpus of articles, whatever form it comes in.

Three forms are read (see README "Analysing your own articles"):

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

Problems are collected as :class:`Problem` rows naming the file and what is wrong.
Errors (missing file, duplicate id, missing column, empty text, undecodable bytes) stop
:func:`load_corpus`; warnings (a text decoded from another encoding, a date that could
not be read) are reported and the article is kept.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

MANIFEST_NAME = "articles.csv"

ARTICLE_FIELDS = [
    "article_id", "outlet", "title", "published", "event", "language",
    "source_file", "encoding", "text",
]

# Column names tried, in order, when the caller does not name a column. The first two
# lists cover news-please (maintext, source_domain, date_publish) and
# article-bias-prediction (content_original, source, ID, topic).
DEFAULT_COLUMNS = {
    "id": ["article_id", "id", "ID", "_id"],
    "outlet": ["outlet", "source", "source_domain", "publisher", "media"],
    "title": ["title", "headline"],
    "text": ["text", "content_original", "maintext", "body", "content"],
    "date": ["published", "date", "date_publish", "publish_date", "published_at"],
    "event": ["event", "story", "topic"],
    "language": ["language", "lang"],
}

TABLE_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
                  ".parquet": "parquet", ".pq": "parquet"}


@dataclass(frozen=True)
class Problem:
    """One finding of validation: ``level`` is "error" or "warning"."""

    level: str
    file: str
    problem: str
    article_id: str = ""

    def __str__(self) -> str:
        who = f" [{self.article_id}]" if self.article_id else ""
        return f"{self.level.upper()}: {self.file}{who}: {self.problem}"


class CorpusError(ValueError):
    """Raised when a corpus has errors; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        lines = "\n".join(f"  {p}" for p in errors)
        super().__init__(f"the corpus has {len(errors)} error(s):\n{lines}")


# --------------------------------------------------------------------------- decoding

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with byte-order mark"),
    (b"\xff\xfe", "utf-16", "UTF-16 (little-endian, with byte-order mark)"),
    (b"\xfe\xff", "utf-16", "UTF-16 (big-endian, with byte-order mark)"),
]


# charset-normalizer's "chaos" (0 = clean text, 1 = noise); above this a decoding is refused.
MAX_CHAOS = 0.3
# Tie-break among equally clean decodings: Western European first, then Cyrillic.
PREFERRED_ENCODINGS = ["cp1252", "latin_1", "cp1251", "koi8_r", "iso8859_15", "cp1250", "iso8859_2"]


def decode_bytes(data: bytes) -> tuple[str, str, str]:
    """Decode article bytes; return ``(text, encoding, note)``.

    UTF-8 is tried first; a byte-order mark selects UTF-8-with-BOM or UTF-16; anything
    else is identified by charset-normalizer (which tells cp1251 from latin-1 by the
    language the decoded text makes sense in). ``note`` is empty for plain UTF-8 and
    otherwise says what was detected, so the caller can report it.
    Raises ``UnicodeDecodeError`` when no encoding gives a plausible text.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return data.decode(codec), codec, f"decoded as {label}"
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as exc:
        first_error = exc
    from charset_normalizer import from_bytes  # imported here: only needed for odd files

    # Single-byte code pages often decode the same bytes equally cleanly (latin-1 French
    # reads as "ŕ" in cp1250), so among the cleanest candidates prefer the more coherent
    # and then the more common code page for news text.
    candidates = [m for m in from_bytes(data) if m.chaos <= MAX_CHAOS]
    if not candidates:
        raise first_error

    def rank(match):
        pref = PREFERRED_ENCODINGS.index(match.encoding) if match.encoding in PREFERRED_ENCODINGS \
            else len(PREFERRED_ENCODINGS)
        return (round(match.chaos, 2), -round(match.coherence, 2), pref)

    best = min(candidates, key=rank)
    encoding = best.encoding
    return data.decode(encoding), encoding, f"not UTF-8: decoded as {encoding} (detected)"


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[T ]\d)")


def _iso_date(value: object) -> tuple[str, str]:
    """Return (ISO date or "", warning or "")."""
    if value is None:
        return "", ""
    text = str(value).strip()
    if not text or text.lower() in {"nan", "none", "null", "nat"}:
        return "", ""
    if not _FULL_DATE.match(text):
        return "", f"date {text!r} is not a full ISO date (YYYY-MM-DD); left empty"
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError):
        return "", f"date {text!r} is not a date; left empty"
    if pd.isna(stamp):
        return "", ""
    return stamp.date().isoformat(), ""


def _clean_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value).strip()


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


class _Collector:
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
        """Final checks shared by every form; return True if the article is usable."""
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
        date, warning = _iso_date(article.get("published"))
        article["published"] = date
        if warning:
            self.add("warning", where, warning, aid)
        return ok


def _iter_manifest(folder: Path, col: _Collector) -> Iterator[dict]:
    manifest = folder / MANIFEST_NAME
    try:
        raw = manifest.read_bytes()
        text, _enc, note = decode_bytes(raw)
    except UnicodeDecodeError as exc:
        col.add("error", str(manifest), f"undecodable bytes ({exc.reason} at byte {exc.start})")
        return
    if note:
        col.add("warning", str(manifest), note)
    reader = csv.DictReader(_normalize_newlines(text).splitlines())
    rows = list(reader)
    columns = list(reader.fieldnames or [])
    missing = [c for c in ("article_id", "outlet", "file") if c not in columns]
    if missing:
        col.add("error", str(manifest), f"missing column(s) {', '.join(missing)}; "
                                        f"columns are: {', '.join(columns) or '(none)'}")
        return
    if not rows:
        col.add("error", str(manifest), "manifest lists no articles")
        return
    for line_no, row in enumerate(rows, start=2):
        aid = _clean_str(row.get("article_id"))
        rel = _clean_str(row.get("file"))
        where = f"{manifest.name} line {line_no}"
        if not rel:
            col.add("error", where, "empty file column", aid)
            continue
        path = folder / rel
        if not path.is_file():
            col.add("error", str(path), f"file named in {manifest.name} line {line_no} does not exist", aid)
            continue
        try:
            body, encoding, note = decode_bytes(path.read_bytes())
        except UnicodeDecodeError as exc:
            col.add("error", str(path), f"undecodable bytes: not UTF-8 and no other encoding fits "
                                        f"({exc.reason} at byte {exc.start})", aid)
            continue
        if note:
            col.add("warning", str(path), note, aid)
        article = {k: _clean_str(v) for k, v in row.items() if k and k != "file"}
        article.update(
            article_id=aid, outlet=_clean_str(row.get("outlet")),
            title=_clean_str(row.get("title")), published=_clean_str(row.get("published")),
            event=_clean_str(row.get("event")), language=_clean_str(row.get("language")),
            source_file=rel, encoding=encoding, text=_normalize_newlines(body),
        )
        if col.accept(article, str(path)):
            yield article


def _record_to_article(record: dict, cols: dict[str, str | None], where: str,
                       fallback_id: str) -> dict:
    def get(role: str) -> str:
        name = cols.get(role)
        return _clean_str(record.get(name)) if name else ""

    text = record.get(cols["text"]) if cols.get("text") else None
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return {
        "article_id": get("id") or fallback_id, "outlet": get("outlet"), "title": get("title"),
        "published": get("date"), "event": get("event"), "language": get("language"),
        "source_file": where, "encoding": "utf-8", "text": _normalize_newlines(text),
    }


def _resolve_columns(columns: list[str], options: dict, file: str, col: _Collector,
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


def _iter_table(path: Path, form: str, options: dict, col: _Collector,
                chunksize: int = 2000) -> Iterator[dict]:
    if form in {"csv", "tsv"}:
        sep = "\t" if form == "tsv" else ","
        try:
            chunks = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False,
                                 chunksize=chunksize, encoding="utf-8")
            batches = (chunk.to_dict("records") for chunk in chunks)
            first = next(batches, [])
        except UnicodeDecodeError as exc:
            col.add("error", str(path), f"undecodable bytes: the table is not UTF-8 ({exc.reason})")
            return
        except pd.errors.ParserError as exc:
            col.add("error", str(path), f"not a readable {form.upper()} table: {exc}")
            return
        columns = list(first[0].keys()) if first else list(
            pd.read_csv(path, sep=sep, nrows=0, dtype=str).columns)
        batches = _chain([first], batches)
    elif form == "jsonl":
        batches, columns = _jsonl_batches(path, col, chunksize)
        if batches is None:
            return
    else:  # parquet
        import pyarrow.parquet as pq

        try:
            handle = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises several types for broken files
            col.add("error", str(path), f"not a readable Parquet file: {exc}")
            return
        columns = handle.schema_arrow.names
        batches = (b.to_pylist() for b in handle.iter_batches(batch_size=chunksize))
    cols = _resolve_columns(columns, options, str(path), col, id_required=False)
    if cols is None:
        return
    row_no = 0
    seen_any = False
    for batch in batches:
        for record in batch:
            row_no += 1
            seen_any = True
            where = f"{path.name} row {row_no}"
            article = _record_to_article(record, cols, where, fallback_id=f"row{row_no}")
            if col.accept(article, where):
                yield article
    if not seen_any:
        col.add("error", str(path), "the table has no rows (no articles)")


def _chain(*iterables):
    for it in iterables:
        yield from it


def _jsonl_batches(path: Path, col: _Collector, chunksize: int):
    def records():
        with path.open("rb") as handle:
            for line_no, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    col.add("error", f"{path.name} line {line_no}", f"not a JSON object: {exc}")
                    continue
                if isinstance(record, dict):
                    yield record
                else:
                    col.add("error", f"{path.name} line {line_no}",
                            f"not a JSON object (one article per line): found {type(record).__name__}")

    it = records()
    first = next(it, None)
    if first is None:
        col.add("error", str(path), "no articles in the file")
        return None, []
    columns = list(first.keys())

    def batches():
        batch = [first]
        for rec in it:
            batch.append(rec)
            if len(batch) >= chunksize:
                yield batch
                batch = []
        if batch:
            yield batch

    return batches(), columns


def _iter_json_folder(folder: Path, options: dict, col: _Collector) -> Iterator[dict]:
    files = sorted(folder.glob("*.json"))
    cols: dict[str, str | None] | None = None
    for path in files:
        try:
            text, _enc, note = decode_bytes(path.read_bytes())
            record = json.loads(text)
        except UnicodeDecodeError as exc:
            col.add("error", str(path), f"undecodable bytes ({exc.reason} at byte {exc.start})")
            continue
        except json.JSONDecodeError as exc:
            col.add("error", str(path), f"not valid JSON: {exc}")
            continue
        if not isinstance(record, dict):
            col.add("error", str(path), "expected one JSON object (one article) per file")
            continue
        if note:
            col.add("warning", str(path), note)
        file_cols = _resolve_columns(list(record.keys()), options, str(path), col, id_required=False)
        if file_cols is None:
            continue
        if cols is None:
            cols = file_cols
        article = _record_to_article(record, file_cols, path.name, fallback_id=path.stem)
        if col.accept(article, str(path)):
            yield article


# --------------------------------------------------------------------------- public API

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
    col = _Collector(on_problem)
    if problems is not None:
        col.problems = problems
    try:
        form = detect_form(path)
    except CorpusError as exc:
        for p in exc.problems:
            col.add(p.level, p.file, p.problem)
        return
    if form == "manifest":
        yield from _iter_manifest(path, col)
    elif form == "json_folder":
        yield from _iter_json_folder(path, options, col)
    else:
        yield from _iter_table(path, form, options, col)


def check_corpus(path: str | Path, **options) -> tuple[int, list[Problem]]:
    """Validate a corpus; return (number of usable articles, every problem found)."""
    problems: list[Problem] = []
    n = sum(1 for _ in iter_articles(path, problems=problems, **options))
    return n, problems


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


def article_dates(articles: pd.DataFrame) -> pd.DataFrame:
    """Dates per article for a timeline: one row per (article, kind) where kind is
    "published" (the publication date) or "event" (the date of the event covered, from a
    manifest's ``event_date`` column), whichever are known. An article with neither is
    kept with an empty date, so it is never silently missing from the timeline."""
    rows = []
    for a in articles.itertuples(index=False):
        found = False
        for kind, column in (("published", "published"), ("event", "event_date")):
            value = getattr(a, column, "") or ""
            if value:
                rows.append({"article_id": a.article_id, "outlet": a.outlet, "kind": kind,
                             "date": value, "event": a.event})
                found = True
        if not found:
            rows.append({"article_id": a.article_id, "outlet": a.outlet, "kind": "unknown",
                         "date": "", "event": a.event})
    out = pd.DataFrame(rows, columns=["article_id", "outlet", "kind", "date", "event"])
    out["date"] = pd.to_datetime(out.date.replace("", None), errors="coerce")
    return out
