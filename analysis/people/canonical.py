"""One name per person across a corpus: the canonical names that articles found
independently (:func:`analysis.people.names.find_people`), made one corpus-wide form."""
from __future__ import annotations

import re
from collections import Counter, defaultdict


# A one-word name goes to the most mentioned full name ending in it when that name has at
# least this share of the mentions of all full names ending in it.
DOMINANT_SHARE = 0.8


def _norm(name: str) -> str:
    return re.sub(r"[\s\-‑]+", " ", name).casefold().strip()


def canonical_people(rows, *, suffixes: frozenset[str]) -> dict[str, str]:
    """The corpus-wide name of every canonical name in ``rows`` (dicts or a DataFrame with
    ``canonical`` and ``kind``, e.g. every article's :func:`analysis.people.names.find_people` rows).

    The rule: names that differ only in case, hyphens or spaces ("Kim Jong Un", "Kim
    Jong-un") are one, written in their most frequent form (ties: the first in sorted
    order). A one-word person name (an article that never gives the full name) maps to
    the full name of the corpus whose last word it is when exactly one full name ends in
    it; when none does, to the one full name that starts with it, if exactly one does
    ("Kim" -> "Kim Jong Un"). Two different full names ending in the word ("Bill
    Clinton", "Hillary Clinton") leave it as written, unless one of them has at least
    DOMINANT_SHARE of the mentions of them all ("Donald Trump" against "Melania
    Trump"). Organisations are only merged by
    case and spacing. One canonical name is one person across the corpus."""
    if hasattr(rows, "to_dict"):
        rows = rows.to_dict("records")
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in rows:
        counts[(r["kind"], _norm(r["canonical"]))][r["canonical"]] += 1
    form = {}
    for (kind, key), c in counts.items():
        best = sorted(c.items(), key=lambda x: (-x[1], x[0]))[0][0]
        for written in c:
            form[(kind, written)] = best
    full = sorted({best for (kind, _), best in form.items() if kind == "person" and len(best.split()) >= 2})
    weight = Counter()  # mentions of each full name, to let a dominant one take its surname
    for (kind, key), c in counts.items():
        if kind == "person":
            weight[form[(kind, next(iter(c)))]] += sum(c.values())
    by_last, by_first = defaultdict(set), defaultdict(set)
    for name in full:
        words = name.split()
        if words[-1].rstrip(".") not in suffixes:
            by_last[words[-1]].add(name)
        by_first[words[0]].add(name)
    out = {}
    for (kind, written), best in sorted(form.items()):
        if kind == "person" and len(best.split()) == 1:
            holders = sorted(by_last.get(best, ()), key=lambda n: (-weight[n], n))
            if len(holders) == 1:
                best = holders[0]
            elif holders and weight[holders[0]] >= DOMINANT_SHARE * sum(weight[n] for n in holders):
                best = holders[0]  # "Trump" -> "Donald Trump", not "Melania Trump"
            elif not by_last.get(best) and len(by_first.get(best, ())) == 1:
                best = next(iter(by_first[best]))
        out[written] = best
    return out

