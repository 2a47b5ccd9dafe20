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

Problems are collected as :class:`Problem` rows naming the file (and line or row) and what
is wrong. Errors (missing file, a path leading out of the corpus folder, duplicate id,
missing column, a broken manifest row, empty text, binary or undecodable bytes, a cell that
holds a list or an object) stop :func:`load_corpus`; warnings (a text decoded from another
encoding, mixed line endings, a date that could not be read, HTML markup, no sentence
punctuation, mostly non-Latin letters, words mixing Latin and Cyrillic, a text that does
not look English) are reported and the article is kept. Files are only ever read.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from analysis.corpus import paths

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

# Files that are certainly not text, by their first bytes (magic numbers).
_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx, .xlsx, .odt or .epub file)"),
    (b"\x1f\x8b", "a gzip archive"), (b"PAR1", "a Parquet file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
]

# charset-normalizer's "chaos" (0 = clean text, 1 = noise); above this a decoding is refused.
MAX_CHAOS = 0.3
# Tie-break among equally clean decodings: Western European first, then Cyrillic.
PREFERRED_ENCODINGS = ["cp1252", "latin_1", "cp1251", "koi8_r", "iso8859_15", "cp1250", "iso8859_2"]
# A decoding in which more than this share of the letters carry diacritics loses to an
# equally clean one that has fewer (see _diacritic_share).
MAX_DIACRITIC_SHARE = 0.5
# UTF-16 without a byte-order mark: in text of one or two scripts the high byte of every
# two-byte unit takes a handful of values (0x00 for ASCII, 0x04 for Cyrillic), while the low
# byte varies. The four commonest high bytes must cover this share of units, and this much
# more than the four commonest low bytes do.
UTF16_HIGH_BYTE_SHARE = 0.9
UTF16_MARGIN = 0.2
# Control characters (other than tab, line feed, carriage return, form feed, vertical tab)
# above this share of the characters mean the bytes are not text.
MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class NotTextError(ValueError):
    """Bytes that are not text at all: an image, an archive, binary data with NUL bytes."""


def _decode_allowing_cut(data: bytes, codec: str) -> tuple[str, str]:
    """Decode strictly, except that a character cut off at the very end (a truncated
    download) is left out; return (text, note saying so or "")."""
    try:
        return data.decode(codec), ""
    except UnicodeDecodeError as exc:
        if exc.reason not in ("unexpected end of data", "truncated data"):
            raise
        cut = len(data) - exc.start
        return data[:exc.start].decode(codec), (f"; the last character is cut off ({cut} byte(s) at "
                                                f"the end of the file left out)")


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 without a byte-order mark."""
    from collections import Counter

    n = len(data) - len(data) % 2
    if n < 8:
        return None

    def top4(sample: bytes) -> float:
        return sum(c for _, c in Counter(sample).most_common(4)) / len(sample)

    for codec, high, low in (("utf-16-le", data[1:n:2], data[0:n:2]),
                             ("utf-16-be", data[0:n:2], data[1:n:2])):
        share = top4(high)
        if share >= UTF16_HIGH_BYTE_SHARE and share >= top4(low) + UTF16_MARGIN:
            return codec
    return None


def _decode_utf16_without_bom(data: bytes) -> tuple[str | None, str | None, str | None]:
    """(text, encoding, note) when the bytes look like UTF-16 without a byte-order mark,
    else (None, None, None)."""
    codec = _utf16_without_bom(data)
    if not codec:
        return None, None, None
    text, cut = _decode_allowing_cut(data, codec)
    return text, codec, f"not UTF-8: decoded as {codec.upper()} without byte-order mark (detected){cut}"


def _refuse_signature(data: bytes) -> None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise NotTextError(f"not a text file: its first bytes are those of {kind}")


def _refuse_control_characters(text: str) -> None:
    n_control = len(_CONTROL.findall(text))
    if n_control and n_control > MAX_CONTROL_SHARE * len(text):
        raise NotTextError(f"not a text file: {n_control} of its {len(text)} characters are "
                           "control characters or NUL bytes (binary data)")


def decode_bytes(data: bytes) -> tuple[str, str, str]:
    """Decode article bytes; return ``(text, encoding, note)``.

    A byte-order mark selects UTF-8-with-BOM or UTF-16; UTF-8 is tried next; then UTF-16
    without a byte-order mark (recognised by its high bytes, see ``UTF16_HIGH_BYTE_SHARE``);
    anything else is identified by charset-normalizer (which tells cp1251 from latin-1 by
    the language the decoded text makes sense in). A character cut off at the very end
    (a truncated file) is left out. ``note`` is empty for plain, whole UTF-8 and otherwise
    says what was detected, so the caller can report it.
    Raises :class:`NotTextError` for bytes that are not text (an image, an archive, NUL
    bytes, control characters) and ``UnicodeDecodeError`` when no encoding gives a
    plausible text.
    """
    _refuse_signature(data)
    text = encoding = note = first_error = None
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text, cut = _decode_allowing_cut(data, codec)
            encoding, note = codec, f"decoded as {label}{cut}"
            break
    if text is None and b"\x00" in data:  # NUL bytes: UTF-16 (ASCII letters) or binary
        text, encoding, note = _decode_utf16_without_bom(data)
        if text is None:
            raise NotTextError(f"not a text file: it holds {data.count(0)} NUL byte(s) (binary "
                               "data, or UTF-16 that could not be recognised)")
    if text is None:
        try:
            text, cut = _decode_allowing_cut(data, "utf-8")
            encoding, note = "utf-8", (f"decoded as UTF-8{cut}" if cut else "")
        except UnicodeDecodeError as exc:
            first_error = exc
    if text is None:  # UTF-16 of non-Latin text has no NUL bytes (Cyrillic: 0x04 high bytes)
        text, encoding, note = _decode_utf16_without_bom(data)
    if text is None:
        text, encoding = _detect_code_page(data, first_error)
        note = f"not UTF-8: decoded as {encoding} (detected)"
    _refuse_control_characters(text)
    return text, encoding, note


def _detect_code_page(data: bytes, first_error: UnicodeDecodeError) -> tuple[str, str]:
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
        return (round(match.chaos, 2), _diacritic_share(str(match)) > MAX_DIACRITIC_SHARE,
                -round(match.coherence, 2), pref)

    best = min(candidates, key=rank)
    try:
        return data.decode(best.encoding), best.encoding
    except UnicodeDecodeError:
        raise first_error from None


def _diacritic_share(text: str) -> float:
    """Share of the letters that carry a diacritic, in the words that have a non-ASCII
    letter. Cyrillic read in a Latin code page turns nearly every letter of such a word into
    an accented one ("Заголовок" in cp1258 is "Çàăîëîâîê"); in French or German words only
    one or two letters are ("président", "Straße")."""
    words = [w for w in _WORD.findall(text[:TEXT_SAMPLE]) if not w.isascii()]
    letters = [ch for w in words for ch in w if ch.isalpha()]
    if not letters:
        return 0.0
    marked = sum(len(unicodedata.normalize("NFD", ch)) > 1 for ch in letters)
    return marked / len(letters)


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_endings_note(text: str) -> str:
    """A note when one text mixes line endings (\\r\\n, \\r alone, \\n alone)."""
    if "\r" not in text:
        return ""
    crlf = text.count("\r\n")
    kinds = {"\\r\\n": crlf, "\\r": text.count("\r") - crlf, "\\n": text.count("\n") - crlf}
    found = {k: v for k, v in kinds.items() if v}
    if len(found) < 2:
        return ""
    return ("mixed line endings (" + ", ".join(f"{v} {k}" for k, v in found.items())
            + "): each is read as a line break")


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


# --------------------------------------------------------------------------- text warnings

# What an article's text, title or outlet carries that a reader should know about. Each is a
# warning: the article is kept and processed as it is.
NO_PUNCTUATION_MIN_WORDS = 50  # a text this long with no . ! ? gives one sentence per paragraph
SCRIPT_MIN_LETTERS = 20        # fewer letters say nothing about the script
MIN_LATIN_SHARE = 0.5          # below this share of Latin letters, the text is not English
ENGLISH_MIN_WORDS = 50         # fewer words say nothing about the language
# Share of the words that are among the commonest English words (below): English news runs
# at 20-40 %, French or German at 1-5 %.
MIN_ENGLISH_SHARE = 0.1
TEXT_SAMPLE = 200_000          # characters examined for the script and the language
ENGLISH_COMMON = frozenset(
    "the of and to a in is that for on was with he it as by said at from his has have be are "
    "an not this were had who which will its but they".split())

_HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6});")
_ACTIVE_TAGS = {"script", "iframe", "object", "embed", "style", "link", "meta", "form", "svg"}
_EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_JS_URL = re.compile(r"javascript\s*:", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…。！？؟।]")
_WORD = re.compile(r"[^\W_]+")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-zªºÀ-ÖØ-öø-ɏḀ-ỿ]")
_LATIN_CYRILLIC_WORD = re.compile(
    r"\b(?=[^\W\d_]*[A-Za-z])(?=[^\W\d_]*[\u0400-\u04FF])[^\W\d_]+")


def html_warning(value: str, field: str) -> str:
    """A warning when ``value`` carries HTML tags or entities ("" otherwise). Markup is kept
    as plain text: nothing in this suite interprets it."""
    tags = [m.group(0) for m in _HTML_TAG.finditer(value)]
    entities = _HTML_ENTITY.findall(value)
    if not tags and not entities:
        return ""
    examples = list(dict.fromkeys(t if len(t) <= 40 else t[:37] + "..." for t in tags))[:3]
    examples += list(dict.fromkeys(entities))[:2]
    active = sorted({f"<{m.group(1).lower()}>" for m in _HTML_TAG.finditer(value)
                     if m.group(1).lower() in _ACTIVE_TAGS})
    if any(_EVENT_ATTRIBUTE.search(t) for t in tags):
        active.append("event-handler attributes (on...=)")
    if any(_JS_URL.search(t) for t in tags):
        active.append("javascript: links")
    what = f"; including script code ({', '.join(active)})" if active else ""
    return (f"{field} carries HTML markup ({', '.join(repr(e) for e in examples)}){what}: kept as "
            "plain text, never interpreted; strip the markup before loading if it is page code")


def _scripts(letters: str) -> str:
    counts: dict[str, int] = {}
    for ch in letters[:5000]:
        script = unicodedata.name(ch, "UNKNOWN").split(" ")[0].title()
        counts[script] = counts.get(script, 0) + 1
    return ", ".join(k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3])


def text_warnings(text: str, *, language: str = "") -> list[str]:
    """Warnings about an article's text: HTML markup, no sentence punctuation, mostly
    non-Latin letters, words mixing Latin and Cyrillic letters, and (when no language is
    given) a text that does not look English. Only the first ``TEXT_SAMPLE`` characters
    are examined for script and language."""
    found = []
    markup = html_warning(text, "the text")
    if markup:
        found.append(markup)
    sample = text[:TEXT_SAMPLE]
    words = _WORD.findall(sample)
    if len(words) >= NO_PUNCTUATION_MIN_WORDS and not _SENTENCE_END.search(text):
        found.append(f"no sentence punctuation (. ! ?) in {len(_WORD.findall(text))} words: each "
                     "paragraph is read as one sentence, so sentences may be very long")
    letters = _LETTER.findall(sample)
    n_latin = len(_LATIN_LETTER.findall(sample))
    latin_share = n_latin / len(letters) if letters else 1.0
    if len(letters) >= SCRIPT_MIN_LETTERS and latin_share < MIN_LATIN_SHARE:
        other = "".join(ch for ch in letters if not _LATIN_LETTER.match(ch))
        found.append(f"most letters are not Latin script ({latin_share:.0%} Latin; mostly "
                     f"{_scripts(other)}): the word lists, sentiment (VADER) and readability "
                     "(textstat) are English-only; read those figures with care")
    mixed = list(dict.fromkeys(_LATIN_CYRILLIC_WORD.findall(sample)))
    if mixed:
        found.append(f"{len(mixed)} word(s) mix Latin and Cyrillic letters ("
                     + ", ".join(repr(w) for w in mixed[:3])
                     + "): look-alike letters stop a name from being recognised; check the source")
    if not language and latin_share >= MIN_LATIN_SHARE and len(words) >= ENGLISH_MIN_WORDS:
        share = sum(w.casefold() in ENGLISH_COMMON for w in words) / len(words)
        if share < MIN_ENGLISH_SHARE:
            found.append(f"the text does not look English (only {share:.0%} of its words are "
                         "common English words such as 'the', 'of', 'and'): the word lists, "
                         "sentiment (VADER) and readability (textstat) are English-only; give "
                         "its language in a language column")
    return found


# --------------------------------------------------------------------------- reading

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
        date, warning = _iso_date(article.get("published"))
        article["published"] = date
        if warning:
            self.add("warning", where, warning, aid)
        if not ok:
            return False
        endings = _line_endings_note(article["text"])
        if endings:
            self.add("warning", where, endings, aid)
        article["text"] = _normalize_newlines(article["text"])
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


def _read_inside(folder: Path, name: str, what: str, col: _Collector) -> tuple[str, str] | None:
    """:func:`_read_bytes` of ``folder / name``, or None with an error when the name leads
    out of the folder (a link to a file elsewhere: nothing outside the corpus is read)."""
    outside = _outside(folder, name, what)
    if outside:
        col.add("error", str(folder / name), outside)
        return None
    return _read_bytes(folder / name, col)


def _read_bytes(path: Path, col: _Collector, aid: str = "") -> tuple[str, str] | None:
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


def _manifest_rows(text: str, name: str, col: _Collector) -> tuple[list[str], list[tuple[int, dict]]]:
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
                        "holds a comma must be in double quotes", _clean_str(record[0]))
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


def _iter_manifest(folder: Path, col: _Collector) -> Iterator[dict]:
    manifest = folder / MANIFEST_NAME
    read = _read_inside(folder, MANIFEST_NAME, "the manifest", col)
    if read is None:
        return
    columns, rows = _manifest_rows(_normalize_newlines(read[0]), manifest.name, col)
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
        aid = _clean_str(row.get("article_id"))
        rel = _clean_str(row.get("file"))
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
        read = _read_bytes(path, col, aid)
        if read is None:
            continue
        body, encoding = read
        article = {k: _clean_str(v) for k, v in row.items() if k and k != "file"}
        article.update(
            article_id=aid, outlet=_clean_str(row.get("outlet")),
            title=_clean_str(row.get("title")), published=_clean_str(row.get("published")),
            event=_clean_str(row.get("event")), language=_clean_str(row.get("language")),
            source_file=rel, encoding=encoding, text=body,
        )
        if col.accept(article, str(path)):
            yield article


def _value_problem(value: object, column: str, role: str) -> str:
    """Why a cell cannot be read as text ("" if it can). Numbers are read as text, except in
    the text column, where a number is an error."""
    if isinstance(value, dict):
        kind = "an object (mapping)"
    elif isinstance(value, (list, tuple, set)):
        kind = "a list"
    elif isinstance(value, (bytes, bytearray)):
        kind = "binary data"
    elif role == "text" and isinstance(value, (bool, int, float)) and not (
            isinstance(value, float) and pd.isna(value)):
        kind = f"a number ({value!r})"
    else:
        return ""
    return f"column {column!r} ({role}) holds {kind}, not text"


def _record_to_article(record: dict, cols: dict[str, str | None], where: str,
                       fallback_id: str) -> tuple[dict, list[str]]:
    """The article of one table row or JSON object, and why any of its cells cannot be read."""
    bad = [_value_problem(record.get(name), name, role) for role, name in cols.items() if name]

    def get(role: str) -> str:
        name = cols.get(role)
        return _clean_str(record.get(name)) if name else ""

    text = record.get(cols["text"]) if cols.get("text") else None
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    article = {
        "article_id": get("id") or fallback_id, "outlet": get("outlet"), "title": get("title"),
        "published": get("date"), "event": get("event"), "language": get("language"),
        "source_file": where, "encoding": "utf-8", "text": text,
    }
    return article, [b for b in bad if b]


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


def _parquet_types_ok(schema, cols: dict[str, str | None], path: Path, col: _Collector) -> bool:
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


def _iter_table(path: Path, form: str, options: dict, col: _Collector,
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


def _guard(labelled: Iterator, path: Path, col: _Collector) -> Iterator:
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


def _jsonl_records(path: Path, col: _Collector):
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


def _iter_json_folder(folder: Path, options: dict, col: _Collector) -> Iterator[dict]:
    files = sorted(folder.glob("*.json"))
    for path in files:
        read = _read_inside(folder, path.name, "file", col)
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


def _check_data_files(folder: Path, col: _Collector) -> None:
    """The data files a corpus brings (its own ``cleaning_rules.yaml``, ``entities.yaml``, any
    ``*.yaml``/``*.yml``) must lie inside its folder: a symbolic link out is an error."""
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        outside = _outside(folder, path.name, "data file")
        if outside:
            col.add("error", str(path), outside)


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
    _check_data_files(path if path.is_dir() else path.parent, col)
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
        if root.is_file():  # a table, and the data files its folder brings (_check_data_files)
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


def outlet_order(outlets: Iterable[str]) -> list[str]:
    """The outlets in the order they first appear in the corpus (its manifest's order, or
    its table's): the one order of every table and chart."""
    return list(dict.fromkeys(outlets))


def outlet_rank(outlets: Iterable[str]) -> dict[str, int]:
    """Each outlet's place in :func:`outlet_order`, for sorting."""
    return {o: i for i, o in enumerate(outlet_order(outlets))}


def format_problems(n_articles: int, problems: list[Problem]) -> str:
    """The validation report printed by ``python -m analysis check``."""
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    lines = [f"{n_articles} article(s) readable; {len(errors)} error(s), {len(warnings)} warning(s)"]
    lines += [f"  {p}" for p in errors + warnings]
    return "\n".join(lines)


def article_date(articles: pd.DataFrame) -> pd.Series:
    """One date per article: its publication date, else the date of the event it covers
    (a manifest's ``event_date``), else NaT (:func:`article_dates` gives both, for a
    timeline)."""
    published = pd.to_datetime(articles.get("published", pd.Series("", index=articles.index))
                               .replace("", None), errors="coerce")
    event = pd.to_datetime(articles.get("event_date", pd.Series("", index=articles.index))
                           .replace("", None), errors="coerce")
    return published.fillna(event)


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
