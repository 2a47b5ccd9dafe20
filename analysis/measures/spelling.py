"""House spelling: which of two spellings of a word (British or American; hyphenated or
closed) each outlet writes, from the spelling pairs of a data file
(``data/spelling_pairs.csv``, or a corpus folder's own: :func:`spelling_pairs_for_corpus`).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

import pandas as pd

from analysis.corpus import paths
from analysis.corpus.digests import content_digest
from analysis.language import text
from analysis.measures.terms import APOSTROPHES, LexiconError, article_runs

SPELLING_FILE = paths.DATA / "spelling_pairs.csv"


def load_spelling_pairs(path: str | Path | None = None) -> pd.DataFrame:
    """Pairs of spellings: form_a, form_b, system_a, system_b, note."""
    path = Path(path) if path else SPELLING_FILE
    try:
        pairs = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: not a UTF-8 CSV file of spelling pairs: {exc}") from None
    missing = {"form_a", "form_b", "system_a", "system_b"} - set(pairs.columns)
    if missing:
        raise LexiconError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    return pairs


def spelling_pairs_for_corpus(corpus: str | Path | None) -> pd.DataFrame:
    """The spelling pairs a corpus uses (:func:`analysis.corpus.paths.data_files`: its folder's
    ``spelling_pairs.csv`` replaces the bundled pairs, ``spelling_pairs.extra.csv`` adds
    pairs; a pair given again, by its two forms, takes the later row)."""
    frames = [load_spelling_pairs(f) for f in paths.data_files(corpus, SPELLING_FILE.name)]
    pairs = pd.concat(frames, ignore_index=True)
    return pairs.drop_duplicates(["form_a", "form_b"], keep="last").reset_index(drop=True)


def pairs_digest(pairs: pd.DataFrame) -> str:
    """The digest of the spelling pairs as loaded (every column of every row)."""
    return content_digest(pairs)


def spelling_forms(pairs: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Each form of the spelling pairs, case-folded -> (its system, "form_a / form_b")."""
    system = {}
    for a, b, sa, sb in zip(pairs.form_a, pairs.form_b, pairs.system_a, pairs.system_b):
        system[a.casefold()] = (sa, f"{a} / {b}")
        system[b.casefold()] = (sb, f"{a} / {b}")
    return system


def article_spelling(texts: Iterable[str], forms: dict[str, tuple[str, str]]) -> dict[str, int]:
    """The spelling forms (:func:`spelling_forms`) in one article's sentences: form -> n,
    in the order of first use. Words are matched whole and case-insensitively."""
    counts: Counter = Counter()
    for sentence in texts:
        for w in text.tokenize_words(sentence):
            key = w.casefold().translate(APOSTROPHES)
            if key in forms:
                counts[key] += 1
    return dict(counts)


def house_spelling(sentences: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Which spelling each outlet writes: one row per (outlet, form) found, with its
    pair, system (British or American; hyphenated or closed) and n. Words are matched
    whole and case-insensitively ("Programs" counts as programs)."""
    forms = spelling_forms(pairs)
    tally = SpellingCounts()
    for outlet, _aid, rows in article_runs(sentences, ["text"]):
        tally.add_spelling(outlet, article_spelling([r[0] for r in rows], forms))
    return tally.spelling(pairs)


def spelling_summary(spelling: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and system, the number of words written in that system's spelling."""
    if spelling.empty:
        return pd.DataFrame(columns=["outlet", "system", "n", "forms"])
    return (spelling.groupby(["outlet", "system"], sort=False)
            .agg(n=("n", "sum"), forms=("form", lambda f: ", ".join(f))).reset_index())


class SpellingCounts:
    """The spelling forms each outlet writes, merged from those of its articles
    (:func:`article_spelling`) added in corpus order: :meth:`spelling` gives the table of
    :func:`house_spelling` run on the corpus's sentence table;
    :class:`analysis.measures.wordchoice.WordChoiceCounts` holds these counts with the
    other word-choice counts."""

    def __init__(self):
        self.spelling_counts: dict[tuple[str, str], int] = {}
        self.outlets: dict[str, None] = {}  # in order of their first sentence

    def add_spelling(self, outlet: str, counts: dict[str, int]) -> None:
        self.outlets.setdefault(outlet)
        for form, n in counts.items():
            self.spelling_counts[(outlet, form)] = self.spelling_counts.get((outlet, form), 0) + n

    def spelling(self, pairs: pd.DataFrame) -> pd.DataFrame:
        forms = spelling_forms(pairs)
        rows = [{"outlet": o, "pair": forms[f][1], "form": f, "system": forms[f][0], "n": n}
                for (o, f), n in self.spelling_counts.items()]
        out = pd.DataFrame(rows, columns=["outlet", "pair", "form", "system", "n"])
        order = {o: i for i, o in enumerate(self.outlets)}
        return out.sort_values(["outlet", "pair", "form"], key=lambda c: c.map(order) if c.name == "outlet" else c,
                               kind="stable").reset_index(drop=True)


def spelling_systems(spelling: pd.DataFrame, *, share: float) -> pd.DataFrame:
    """Per outlet with British or American forms (rows of :func:`house_spelling`):
    n_british, n_american, the house ``system`` ("British" or "American" when at least
    ``share`` of those words follow it, else "mixed"), n_system, total and the forms of
    the system, most used first (all forms, in table order, when mixed)."""
    rows = []
    for outlet, g in spelling[spelling.system.isin(["British", "American"])].groupby("outlet", sort=False):
        counts = g.groupby("system").n.sum()
        british, american = int(counts.get("British", 0)), int(counts.get("American", 0))
        total = british + american
        system = ("British" if british / total >= share else
                  "American" if american / total >= share else "mixed")
        forms = ", ".join(g[g.system == system].sort_values("n", ascending=False, kind="stable").form
                          if system != "mixed" else g.form)
        rows.append({"outlet": outlet, "n_british": british, "n_american": american,
                     "system": system, "n_system": max(british, american), "total": total,
                     "forms": forms})
    return pd.DataFrame(rows, columns=["outlet", "n_british", "n_american", "system", "n_system",
                                       "total", "forms"])
