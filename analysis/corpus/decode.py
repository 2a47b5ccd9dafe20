"""Bytes to text: byte-order marks, UTF-8 and UTF-16, a code page detected when neither
fits, files that are not text refused, line endings made one."""
from __future__ import annotations

import re
import unicodedata

from analysis.corpus.checks import TEXT_SAMPLE, WORD


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
    words = [w for w in WORD.findall(text[:TEXT_SAMPLE]) if not w.isascii()]
    letters = [ch for w in words for ch in w if ch.isalpha()]
    if not letters:
        return 0.0
    marked = sum(len(unicodedata.normalize("NFD", ch)) > 1 for ch in letters)
    return marked / len(letters)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_endings_note(text: str) -> str:
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

