"""English wording for the summary and the charts: lists of words and outlets, dates,
counts, shares and signed scores as a reader sees them, and the names of registered or
found entities.

Pure functions of their arguments; no finding thresholds and no tables (see
:mod:`analysis.present.findings` for what is written up and :mod:`analysis.present.fingerprint` for the
figures).
"""
from __future__ import annotations

import pandas as pd

# Lists of outlets longer than this are given as a number ("the other 12 outlets").
MAX_LISTED = 5


def join_words(items: list[str], conjunction: str = "and") -> str:
    """"A", "A and B", "A, B and C"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def outlets_phrase(outlets: list[str], conjunction: str = "and", *, rest: bool = False) -> str:
    """The outlets joined (:func:`join_words`), or "12 outlets" ("the other 12 outlets"
    with ``rest``) when there are more than :data:`MAX_LISTED`."""
    if len(outlets) > MAX_LISTED:
        return f"{'the other ' if rest else ''}{len(outlets)} outlets"
    return join_words(outlets, conjunction)


def format_date(value) -> str:
    """A date as "4 November 2021" (no locale, no ISO digits to confuse with timestamps)."""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B} {ts.year}"


def date_span(values) -> str:
    """The first and the last of ``values`` ("14 September 2020 – 4 November 2021"), one
    date when they are all the same day, "" when none is known."""
    dates = sorted({pd.Timestamp(v).normalize() for v in values if pd.notna(v)})
    if not dates:
        return ""
    if len(dates) == 1:
        return format_date(dates[0])
    return f"{format_date(dates[0])} – {format_date(dates[-1])}"


def times(n: int) -> str:
    """"once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def pct(share: float) -> str:
    """0.25 as "25%"."""
    return f"{100 * share:.0f}%"


def signed(value: float) -> str:
    """A score with its sign and a true minus sign: "+0.12", "−0.30"."""
    return f"{value:+.2f}".replace("-", "−")


def plural(n, word: str) -> str:
    """"1 article", "5 articles", "4,235 articles"."""
    n = int(n)
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def object_pronoun(entity) -> str:
    """"him", "her" or "them" for a registry entity with a pronoun; "" otherwise."""
    return {"he": "him", "she": "her", "they": "them"}.get(getattr(entity, "pronoun", ""), "")


def entity_name(registry, entity: str) -> str:
    """An entity's name for sentences: the registry's ``name``, else the entity itself
    (a person found in the text is keyed by its corpus-wide name, "Hillary Clinton")."""
    e = registry.entities.get(entity)
    return e.name if e is not None else entity


def short_name(registry, entity: str) -> str:
    """A short name for tables: a person's last name as the registry spells it in
    ``name``, any other registered entity's full name; for an entity found in the text
    (keyed by its name) the last word of that name."""
    e = registry.entities.get(entity)
    if e is None:
        return entity.split()[-1] if entity.split() else entity
    return e.name.split()[-1] if e.kind == "person" and e.name.split() else e.name


def describe_overview(row) -> str:
    """One line from a corpus overview row (:func:`analysis.present.findings.corpus_overview`):
    "5 articles from 5 outlets, 2 events, 14 September 2020 – 4 November 2021"."""
    parts = [f"{plural(row['n_articles'], 'article')} from {plural(row['n_outlets'], 'outlet')}"]
    if int(row["n_events"]):
        parts.append(plural(row["n_events"], "event"))
    if row["dates"]:
        parts.append(str(row["dates"]))
    if int(row["n_undated"]):
        parts.append(f"{int(row['n_undated'])} undated")
    return ", ".join(parts)
