"""The checks of one article's values: dates read as ISO dates, text values cleaned, and
the warnings a text earns (markup, no punctuation, another script or language)."""
from __future__ import annotations

import re
import unicodedata

import pandas as pd


_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[T ]\d)")


def iso_date(value: object) -> tuple[str, str]:
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


def clean_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value).strip()


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
WORD = re.compile(r"[^\W_]+")
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
    words = WORD.findall(sample)
    if len(words) >= NO_PUNCTUATION_MIN_WORDS and not _SENTENCE_END.search(text):
        found.append(f"no sentence punctuation (. ! ?) in {len(WORD.findall(text))} words: each "
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


def value_problem(value: object, column: str, role: str) -> str:
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

