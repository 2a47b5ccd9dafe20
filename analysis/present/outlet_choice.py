"""The outlets a report shows, and in which colour: one outlet palette for every chart
of the suite (:func:`outlet_colors`), and one choice of outlets for every chart and table
of a notebook (:func:`select_outlets`, :class:`OutletChoice`), with the sentence that
says which outlets are left out and where every outlet can be found.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Sequence

import matplotlib.pyplot as plt
import pandas as pd

from analysis.corpus.outlets import outlet_order
from analysis.present.wording import plural as _plural

# Okabe & Ito (2008) colour-blind-safe qualitative palette, then Tableau 20 for
# corpora with more outlets; outlets past those share a neutral grey.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]
OVERFLOW_COLOR = "#999999"
# Every chart and table of a report shows at most MAX_OUTLETS outlets: the largest by
# articles, or those a notebook's OUTLETS parameter names (select_outlets). The others are
# grouped as "other outlets (n=...)" where their counts add up, or left out with a sentence
# saying how many; the tables exported beside each chart keep every outlet. Twelve is what
# a chart or a table with one column per outlet holds at 1,280 pixels and stays readable.
MAX_OUTLETS = 12
OTHER_OUTLETS = "other outlets"


def outlet_colors(order: list[str]) -> dict[str, str]:
    """The colour of each outlet, the same in every chart for the same corpus (give the
    shown outlets, :attr:`OutletChoice.shown`, so that each gets a colour of its own)."""
    extra = [plt.get_cmap("tab20")(i) for i in range(20)]
    palette = OKABE_ITO + [_hex(c) for c in extra]
    return {o: (palette[i] if i < len(palette) else OVERFLOW_COLOR) for i, o in enumerate(order)}


def _hex(rgba) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(round(c * 255)) for c in rgba[:3]))


# ----------------------------------------------------------------------------- which outlets

@dataclass(frozen=True)
class OutletChoice:
    """The outlets a report shows (from :func:`select_outlets`), one choice for every
    chart and table of a notebook: ``order`` is every outlet of the corpus in its order,
    ``n_articles`` their articles (aligned with ``order``), ``shown`` the outlets shown
    (in corpus order), ``named`` whether the notebook's parameters named them."""

    order: tuple[str, ...]
    n_articles: tuple[int, ...]
    shown: tuple[str, ...]
    named: bool = False
    limit: int = MAX_OUTLETS

    # (computed once per choice: charts ask for labels row by row)
    @cached_property
    def _shown(self) -> frozenset[str]:
        return frozenset(self.shown)

    @cached_property
    def left_out(self) -> tuple[str, ...]:
        return tuple(o for o in self.order if o not in self._shown)

    @cached_property
    def n_left_out_articles(self) -> int:
        left = set(self.left_out)
        return sum(n for o, n in zip(self.order, self.n_articles) if o in left)

    @cached_property
    def other(self) -> str:
        """The label of the left-out outlets grouped together: "other outlets (n=157)"
        (n counts outlets); "" when every outlet is shown."""
        return f"{OTHER_OUTLETS} (n={len(self.left_out):,})" if self.left_out else ""

    def articles(self, outlet: str) -> int:
        return dict(zip(self.order, self.n_articles)).get(outlet, 0)

    def how(self) -> str:
        """How the shown outlets were chosen, for a title: "12 of 169 outlets, those with
        most articles"; "" when every outlet is shown."""
        if not self.left_out:
            return ""
        why = "named in the parameters cell" if self.named else "those with most articles"
        return f"{len(self.shown)} of {len(self.order)} outlets, {why}"

    def note(self, *, grouped: bool | None = False, table: str | None = None) -> str:
        """The sentence saying what is left out (``grouped``: pooled as :attr:`other`; None:
        either, as each chart or table says) and how many, and where every outlet can be
        found (``table``: the name of the exported table, tables/NAME.csv); "" when every
        outlet is shown."""
        if not self.left_out:
            return ""
        what = (f"the other {_plural(len(self.left_out), 'outlet')} "
                f"({_plural(self.n_left_out_articles, 'article')})")
        done = {True: f'are grouped as "{self.other}"', False: "are left out",
                None: f'are grouped as "{self.other}" or left out, as each chart and table '
                      "says"}[grouped]
        keeps = (f"tables/{table}.csv keeps every outlet." if table else
                 "The exported tables (tables/*.csv) keep every outlet.")
        return f"Showing {self.how()}; {what} {done}. {keeps}"

    def label(self, outlet: str) -> str:
        """The outlet as shown: itself, or :attr:`other` when it is left out."""
        return outlet if outlet in self._shown else self.other

    def present(self, outlets: Iterable[str]) -> list[str]:
        """The shown outlets that occur in ``outlets`` (e.g. a table's outlet column), in
        the order shown."""
        there = set(outlets)
        return [o for o in self.shown if o in there]

    def keep(self, table: pd.DataFrame, *, column: str = "outlet") -> pd.DataFrame:
        """The rows of ``table`` about shown outlets (its row order kept)."""
        return table[table[column].isin(self.shown)]

    def group(self, table: pd.DataFrame, *, counts: Sequence[str], column: str = "outlet"
              ) -> pd.DataFrame:
        """``table`` with the left-out outlets pooled into one row per value of the other
        columns, labelled :attr:`other` and with the ``counts`` columns summed (counts
        only: a mean or a share of pooled outlets is not their sum). Shown outlets come
        first in the order shown, then the pooled row; within an outlet the table's order."""
        keys = [c for c in table.columns if c != column and c not in counts]
        rank = {o: i for i, o in enumerate(self.shown)}
        shown = self.keep(table, column=column)
        shown = shown.assign(_rank=shown[column].map(rank)).sort_values("_rank", kind="stable") \
            .drop(columns="_rank")
        rest = table[~table[column].isin(self.shown)]
        if rest.empty:
            return shown.reset_index(drop=True)
        pooled = (rest.groupby(keys, sort=False, dropna=False)[list(counts)].sum().reset_index()
                  if keys else rest[list(counts)].sum().to_frame().T)
        pooled.insert(0, column, self.other)
        return pd.concat([shown, pooled[table.columns]], ignore_index=True)


def select_outlets(outlets: Iterable[str], *, named: Sequence[str] | str | None = None,
                   limit: int = MAX_OUTLETS) -> OutletChoice:
    """The outlets to show, from ``outlets`` (the outlet of each article, in corpus order,
    e.g. ``articles.outlet``): those ``named`` (a notebook's ``OUTLETS`` parameter; an
    error names any that is not in the corpus, or too many), else every outlet when there
    are at most ``limit``, else the ``limit`` outlets with most articles (ties: the one
    first in the corpus). Shown in corpus order."""
    per_article = [str(o) for o in outlets]
    order = outlet_order(per_article)
    counts = pd.Series(per_article, dtype=object).value_counts()
    n_articles = tuple(int(counts.get(o, 0)) for o in order)
    if named is not None:
        wanted = [named] if isinstance(named, str) else list(named)
        unknown = [o for o in wanted if o not in set(order)]
        if unknown:
            listed = ", ".join(repr(o) for o in order[:limit * 2])
            more = f" and {len(order) - limit * 2} more" if len(order) > limit * 2 else ""
            raise ValueError(f"OUTLETS names {_plural(len(unknown), 'outlet')} not in this corpus: "
                             f"{', '.join(repr(o) for o in unknown)}; the corpus has {listed}{more}")
        if len(set(wanted)) > limit:
            raise ValueError(f"OUTLETS names {len(set(wanted))} outlets; a chart shows at most "
                             f"{limit} (analysis.present.outlet_choice.MAX_OUTLETS)")
        shown = tuple(o for o in order if o in set(wanted))
        return OutletChoice(tuple(order), n_articles, shown, named=True, limit=limit)
    if len(order) <= limit:
        return OutletChoice(tuple(order), n_articles, tuple(order), limit=limit)
    ranked = sorted(range(len(order)), key=lambda i: (-n_articles[i], i))[:limit]
    shown = tuple(order[i] for i in sorted(ranked))
    return OutletChoice(tuple(order), n_articles, shown, limit=limit)


def choice_for(outlets: "OutletChoice | None", table_outlets: Iterable[str]) -> OutletChoice:
    """The choice a chart draws: the one given, or one made from the chart's own table
    (each row counted as an article) when a chart is drawn outside a notebook."""
    return outlets if outlets is not None else select_outlets(table_outlets)
