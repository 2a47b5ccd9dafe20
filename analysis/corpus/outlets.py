"""The outlets of a corpus in their one order (first appearance), and each article's date."""
from __future__ import annotations

from typing import Iterable

import pandas as pd


def outlet_order(outlets: Iterable[str]) -> list[str]:
    """The outlets in the order they first appear in the corpus (its manifest's order, or
    its table's): the one order of every table and chart."""
    return list(dict.fromkeys(outlets))


def outlet_rank(outlets: Iterable[str]) -> dict[str, int]:
    """Each outlet's place in :func:`outlet_order`, for sorting."""
    return {o: i for i, o in enumerate(outlet_order(outlets))}


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

