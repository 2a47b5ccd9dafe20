"""Page furniture found by the corpus itself: lines that recur across an outlet's articles.

A site prints the same lines around many of its articles: sign-up prompts, "Story
continued below", bylines, "Updated at 5:07 p.m. ET", "Enlarge this image toggle caption
…" with a photographer's name. No rule is written for any one outlet: a line is furniture
of an outlet when it recurs across that outlet's articles and looks like furniture.

The design (documented in docs/method.md, "Page furniture"):

- **A line's signature** is the line with its case folded, every run of digits written
  0 and its spaces collapsed ("Updated at 5:07 p.m. ET" and "Updated at 11:32 p.m. ET"
  are one). Its **start** is the signature's first :data:`START_WORDS` words.
- **Recurrence counts within an outlet only.** A line shared by two outlets (wire copy)
  is never furniture for being shared; it must recur within one outlet.
- **A whole line** is furniture of an outlet when at least :data:`MIN_ARTICLES` of its
  articles, and at least :data:`MIN_SHARE` of them, carry it, and it looks like furniture:
  at most :data:`MAX_LINE_WORDS` words, no quotation mark, no verb of saying.
- **A line's start** is furniture when at least :data:`MIN_ARTICLES` articles and
  :data:`MIN_START_SHARE` of the outlet's articles have a short line (at most
  :data:`MAX_START_LINE_WORDS` words, more than the start) beginning with it, again
  without quotation marks or verbs of saying: "Enlarge this image toggle caption
  <photographer>", "Update at 0:0 a.m. ET. <title>", not "The White House contends …".
- An outlet with fewer than :data:`MIN_ARTICLES` articles has no recurring furniture:
  its articles are cleaned by the rules alone.

:class:`FurnitureCounts` counts signatures over a corpus (one pass, a few bytes per
line); :meth:`FurnitureCounts.furniture` gives the :class:`Furniture`, whose
:meth:`Furniture.mark_keys` says which lines of an article are furniture, with the share of
the outlet's articles that carry them. :func:`analysis.language.clean.clean_article`
takes those marks.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass

MIN_ARTICLES = 3
MIN_SHARE = 0.02
MIN_START_SHARE = 0.05
MAX_LINE_WORDS = 40
START_WORDS = 5
MAX_START_LINE_WORDS = 15
QUOTE_MARKS = frozenset('"“”«»„‟')
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
LINE_RULE = "recurring-line"
START_RULE = "recurring-start"


def signature(line: str) -> str:
    """The line as recurrence compares it: NFC, case folded, digits as 0, spaces collapsed."""
    line = unicodedata.normalize("NFC", line)
    return _SPACES.sub(" ", _DIGITS.sub("0", line.casefold())).strip()


def _hash(kind: str, sig: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{kind}\0{sig}".encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little", signed=True)


def line_keys(text: str, speech_words: frozenset[str]) -> array:
    """For each line of ``text`` (split at "\\n", as the cleaning numbers them from 1), two
    64-bit keys: its whole-line key and its start key, 0 where the line cannot be furniture
    of that kind (see the module's design)."""
    out = array("q")
    for line in text.split("\n"):
        sig = signature(line)
        words = sig.split()
        whole = start = 0
        if words and not (QUOTE_MARKS & set(line)) and not any(w.strip(".,:;") in speech_words for w in words):
            if len(words) <= MAX_LINE_WORDS:
                whole = _hash("line", sig)
            if START_WORDS < len(words) <= MAX_START_LINE_WORDS:
                start = _hash("start", " ".join(words[:START_WORDS]))
        out.append(whole)
        out.append(start)
    return out


class FurnitureCounts:
    """Articles per outlet, and per outlet every candidate key of every article (each key
    once per article, 8 bytes each; counted when :meth:`furniture` is asked for), whole
    lines and starts apart."""

    def __init__(self, speech_words: frozenset[str]):
        self.speech_words = speech_words
        self.n_articles: dict[str, int] = defaultdict(int)
        self.lines: dict[str, array] = defaultdict(lambda: array("q"))
        self.starts: dict[str, array] = defaultdict(lambda: array("q"))

    def add(self, outlet: str, text: str) -> array:
        """Count one article; return its :func:`line_keys` (for :meth:`Furniture.mark_keys`)."""
        keys = line_keys(text, self.speech_words)
        self.n_articles[outlet] += 1
        self.lines[outlet].extend(sorted({k for k in keys[0::2] if k}))
        self.starts[outlet].extend(sorted({k for k in keys[1::2] if k}))
        return keys

    def furniture(self) -> "Furniture":
        return Furniture(_recurring(self.lines, self.n_articles, MIN_SHARE),
                         _recurring(self.starts, self.n_articles, MIN_START_SHARE))


def _recurring(keys: dict[str, array], n_articles: dict[str, int], share: float) -> dict[str, dict[int, float]]:
    """Per outlet, the keys carried by at least MIN_ARTICLES and ``share`` of its articles,
    with the share that carries each."""
    import numpy as np

    out: dict[str, dict[int, float]] = {}
    for outlet, found in sorted(keys.items()):
        n = n_articles[outlet]
        if n < MIN_ARTICLES or not found:
            continue
        values, counts = np.unique(np.frombuffer(found, dtype=np.int64), return_counts=True)
        kept = counts >= max(MIN_ARTICLES, share * n)
        if kept.any():
            out[outlet] = {int(k): float(c) / n for k, c in zip(values[kept], counts[kept])}
    return out


@dataclass(frozen=True)
class Furniture:
    """The recurring whole lines and line starts of each outlet, with the share of its
    articles carrying each."""

    lines: dict[str, dict[int, float]]
    starts: dict[str, dict[int, float]]

    def mark_keys(self, outlet: str, keys: array) -> tuple[tuple[int, str, float], ...]:
        """(line_no, rule, share) of every furniture line, from the article's :func:`line_keys`."""
        lines, starts = self.lines.get(outlet, {}), self.starts.get(outlet, {})
        out = []
        for i in range(0, len(keys), 2):
            whole, start = keys[i], keys[i + 1]
            if whole in lines:
                out.append((i // 2 + 1, LINE_RULE, round(lines[whole], 4)))
            elif start in starts:
                out.append((i // 2 + 1, START_RULE, round(starts[start], 4)))
        return tuple(out)
