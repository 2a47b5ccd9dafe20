"""Charts. One outlet order and one outlet palette for every chart of the suite.

Plotting never computes statistics: each function draws a table that an analysis
function made, and returns the matplotlib Figure.
"""
from __future__ import annotations

from typing import Iterable

import matplotlib.pyplot as plt
import pandas as pd

# Okabe & Ito (2008) colour-blind-safe qualitative palette, then Tableau 20 for
# corpora with more outlets; outlets past those share a neutral grey.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]
OVERFLOW_COLOR = "#999999"
ROLE_COLORS = {
    "headline": "#1b4f72", "standfirst": "#2874a6", "subhead": "#5dade2", "body": "#aed6f1",
    "caption": "#E69F00", "wire": "#009E73", "boilerplate": "#D55E00", "duplicate": "#CC79A7",
}
MAX_OUTLETS = 25  # charts with one row per outlet show at most this many (the largest)


def outlet_order(outlets: Iterable[str]) -> list[str]:
    """Outlets in the order they first appear in the corpus (the manifest order)."""
    return list(dict.fromkeys(outlets))


def outlet_colors(order: list[str]) -> dict[str, str]:
    """The colour of each outlet, the same in every chart for the same corpus."""
    extra = [plt.get_cmap("tab20")(i) for i in range(20)]
    palette = OKABE_ITO + [_hex(c) for c in extra]
    return {o: (palette[i] if i < len(palette) else OVERFLOW_COLOR) for i, o in enumerate(order)}


def _hex(rgba) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(round(c * 255)) for c in rgba[:3]))


def _top_outlets(order: list[str], counts: pd.Series, limit: int) -> list[str]:
    if len(order) <= limit:
        return order
    keep = set(counts.sort_values(ascending=False, kind="stable").index[:limit])
    return [o for o in order if o in keep]


def _n_label(outlet: str, n: int) -> str:
    return f"{outlet} ({n} article{'s' if n != 1 else ''})"


def plot_words_by_role(table: pd.DataFrame, *, order: list[str] | None = None,
                       max_outlets: int = MAX_OUTLETS) -> plt.Figure:
    """Stacked bars per outlet: words kept for analysis (blues) and removed by cleaning
    (captions, wire credits, boilerplate, duplicates), from :func:`clean.words_by_role`."""
    order = order or outlet_order(table.outlet)
    n_articles = table.groupby("outlet").n_articles.max()
    words = table.pivot_table(index="outlet", columns="role", values="n_words",
                              aggfunc="sum", fill_value=0)
    shown = _top_outlets(order, words.sum(axis=1), max_outlets)
    words = words.reindex(shown)[::-1]
    roles = [r for r in ROLE_COLORS if r in words.columns]
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.45 * len(shown)))
    left = pd.Series(0, index=words.index, dtype=float)
    for role in roles:
        ax.barh(range(len(words)), words[role], left=left, color=ROLE_COLORS[role],
                label=role, edgecolor="white", linewidth=0.5)
        left += words[role]
    removed_roles = [r for r in roles if r not in ("headline", "standfirst", "subhead", "body")]
    removed = words[removed_roles].sum(axis=1) if removed_roles else left * 0
    for i, outlet in enumerate(words.index):
        ax.text(left[outlet], i, f"  {removed[outlet] / left[outlet]:.0%} removed",
                va="center", fontsize=9)
    ax.set_yticks(range(len(words)), [_n_label(o, int(n_articles[o])) for o in words.index])
    ax.set_xlabel("words on the captured page")
    ax.set_xlim(0, left.max() * 1.25)
    more = f" (the {len(shown)} largest of {len(order)} outlets)" if len(shown) < len(order) else ""
    ax.set_title(f"How much of each page is the article?{more}", loc="left", pad=16)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              title="role of the line", title_fontsize=8)
    ax.text(0, 1.0, "blues are kept for analysis; the other colours are removed by cleaning",
            transform=ax.transAxes, fontsize=8, color="#555555", va="bottom")
    return fig


def plot_timeline(dates: pd.DataFrame, *, order: list[str] | None = None,
                  max_outlets: int = MAX_OUTLETS, max_events: int = 8) -> plt.Figure:
    """Each article's publication date (filled circle) and the date of the event it covers
    (open diamond), one row per outlet, coloured by event when there are few events, from
    :func:`corpus.article_dates`."""
    order = order or outlet_order(dates.outlet)
    counts = dates.groupby("outlet").article_id.nunique()
    shown = _top_outlets(order, counts, max_outlets)
    data = dates[dates.outlet.isin(shown) & dates.date.notna()]
    events = list(dict.fromkeys(data.event))
    by_event = 0 < len(events) <= max_events
    event_colors = dict(zip(events, OKABE_ITO))
    outlet_color = outlet_colors(order)
    y = {o: i for i, o in enumerate(shown[::-1])}
    fig, ax = plt.subplots(figsize=(9, 1.6 + 0.45 * len(shown)))
    # published dates sit a little above the outlet's line, event dates a little below,
    # so that both stay visible when they fall on the same day
    for kind, marker, face, dy in (("event", "D", "none", -0.12), ("published", "o", None, 0.12)):
        part = data[data.kind == kind]
        for event, grp in part.groupby("event", sort=False):
            colors = [event_colors[event] if by_event else outlet_color[o] for o in grp.outlet]
            ax.scatter(grp.date, [y[o] + dy for o in grp.outlet], marker=marker, s=60,
                       facecolors=face if face else colors, edgecolors=colors, linewidths=1.5,
                       zorder=3)
    ax.set_yticks(list(y.values()), [_n_label(o, int(counts[o])) for o in y])
    ax.set_ylim(-0.7, len(shown) - 0.3)
    ax.set_xlabel("date")
    ax.grid(axis="x", color="#dddddd", zorder=0)
    handles = [plt.Line2D([], [], marker="o", ls="", color="#444444", label="published"),
               plt.Line2D([], [], marker="D", ls="", mfc="none", color="#444444",
                          label="date of the event covered")]
    if by_event:
        handles += [plt.Line2D([], [], marker="s", ls="", color=c, label=e)
                    for e, c in event_colors.items()]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left",
              bbox_to_anchor=(1.01, 1.0))
    n_events = dates.event.replace("", pd.NA).dropna().nunique()
    ax.set_title(f"When was each article published, and which event does it cover? "
                 f"({n_events} event{'s' if n_events != 1 else ''})", loc="left")
    missing = dates[dates.date.isna()].article_id.nunique()
    if missing:
        fig.text(0.01, 0.005, f"{missing} article(s) have no known date and are not drawn.",
                 fontsize=8, color="#555555")
    fig.autofmt_xdate()
    return fig
