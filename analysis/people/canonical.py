"""One name per person across a corpus: the canonical names that articles found
independently (:func:`analysis.people.names.find_people`), made one corpus-wide form."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from analysis.people.candidates import is_initial


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
    weight = Counter()  # mentions of each name, to let a dominant one take its surname
    for (kind, key), c in counts.items():
        if kind == "person":
            weight[form[(kind, next(iter(c)))]] += sum(c.values())
    full_names = sorted({best for (kind, _), best in form.items() if kind == "person" and len(best.split()) >= 2})
    fold = full_forms(full_names, weight, suffixes=suffixes)
    for k, best in form.items():
        if k[0] == "person":
            form[k] = fold.get(best, best)
    for name, to in fold.items():
        weight[to] += weight.pop(name, 0)
    full = sorted({fold.get(n, n) for n in full_names})
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



def short_forms(keys, *, suffixes: frozenset[str]) -> dict[tuple, tuple]:
    """Full names (word tuples) that are short forms of exactly one fuller name among
    ``keys``: a name without the middle initials of one fuller name ("George Bush" ->
    "George W. Bush"), a surname with its suffix ("Trump Jr" -> "Donald Trump Jr").
    Where two fuller names fit ("George W. Bush", "George H. W. Bush"), the short form
    is left out: it stays as written."""
    out = {}
    for key in keys:
        if any(is_initial(w) for w in key[1:]):
            continue
        if len(key) == 2 and key[-1].rstrip(".") in suffixes:
            fits = [k for k in keys if len(k) > 2 and k[-2:] == key]
        else:
            fits = [k for k in keys if len(k) > len(key) and is_initial(k[1])
                    and (k[0],) + tuple(w for w in k[1:] if not is_initial(w)) == key]
        if len(fits) == 1:
            out[key] = fits[0]
    return out


def full_forms(names: list[str], weight: Counter, *, suffixes: frozenset[str]) -> dict[str, str]:
    """The corpus-wide fold of persons' full names: each short form of exactly one fuller
    name (:func:`short_forms`), and each name whose given name is a nickname of another's
    with the rest the same (Joe / Joseph Biden, Bernie / Bernard Sanders; the published
    list of the ``nicknames`` package), is one person with it, written in the form with
    the most mentions (ties: the first in sorted order). Initials and suffixes keep people
    apart: George W. Bush is not George H. W. Bush, Donald Trump Jr is not Donald Trump."""
    keys = [tuple(n.split()) for n in names]
    parent = {k: k for k in keys}

    def root(k):
        while parent[k] != k:
            k = parent[k]
        return k

    def join(a, b):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for short, full in short_forms(keys, suffixes=suffixes).items():
        join(short, full)
    by_rest = defaultdict(list)
    for k in keys:
        by_rest[k[1:]].append(k)
    for group in by_rest.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if nickname_of(a[0], b[0]):
                    join(a, b)
    members = defaultdict(list)
    for k in keys:
        members[root(k)].append(" ".join(k))
    out = {}
    for group in members.values():
        if len(group) > 1:
            best = sorted(group, key=lambda n: (-weight[n], n))[0]
            out.update({n: best for n in group if n != best})
    return out


@lru_cache(maxsize=1)
def _nicknamer():
    from nicknames import NickNamer
    return NickNamer()


def nickname_of(a: str, b: str) -> bool:
    """Whether one given name is a listed nickname of the other (Joe, Joseph)."""
    a, b = a.casefold(), b.casefold()
    if a == b:
        return False
    n = _nicknamer()
    return b in n.nicknames_of(a) or a in n.nicknames_of(b)
