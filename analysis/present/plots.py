"""Charts of the analyses, one per question. Each chart shows the outlets of one
:class:`analysis.present.outlet_choice.OutletChoice` in the suite's one outlet order and
palette; the summary's small multiples and the fingerprint tables are in
:mod:`analysis.present.summary_plots`.

Plotting never computes statistics: each function draws a table that an analysis
function made, and returns the matplotlib Figure.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.measures import voices as voices_mod
from analysis.language import text
from analysis.present.outlet_choice import OKABE_ITO, OutletChoice, choice_for, outlet_colors

ROLE_COLORS = {
    "headline": "#1b4f72", "standfirst": "#2874a6", "subhead": "#5dade2", "body": "#aed6f1",
    "caption": "#E69F00", "wire": "#009E73", "boilerplate": "#D55E00", "duplicate": "#CC79A7",
}


def _title(ax, title: str, subtitle: str) -> None:
    """A chart's title (the question it answers) with a grey subtitle (how to read it)."""
    ax.set_title(title, loc="left", pad=16)
    ax.text(0, 1.0, subtitle, transform=ax.transAxes, fontsize=8, color="#555555", va="bottom")


def _titled(title: str, choice: OutletChoice) -> str:
    """A chart title with the number of outlets it shows when some are left out."""
    how = choice.how()
    return f"{title} ({how})" if how else title


def _left_out_note(fig, choice: OutletChoice, *, y: float | None = None) -> None:
    """The sentence under a chart saying which outlets it leaves out (nothing when none),
    placed under everything already drawn (slanted outlet names, footnotes) so that it
    overlaps nothing; ``y`` (figure fraction) places it by hand."""
    note = choice.note()
    if not note:
        return
    note = note.replace("The exported tables (tables/*.csv) keep every outlet.",
                        "The table exported with the chart keeps every outlet.")
    if y is None:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        extents = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
        extents += [t.get_window_extent(renderer) for t in fig.texts if t.get_text()]
        lowest = min((b.y0 for b in extents if b is not None), default=0.0)
        y = lowest / fig.bbox.height - 0.01
    fig.text(0.01, y, note, fontsize=8, color="#555555", va="top")


def _nothing_to_draw(message: str) -> plt.Figure:
    """A small figure that says why a chart is empty (instead of empty axes)."""
    fig, ax = plt.subplots(figsize=(9, 1.5))
    ax.axis("off")
    ax.text(0, 0.5, message, fontsize=11)
    return fig


def _first_rows(table: pd.DataFrame, keys: list[str], values: list[str]) -> dict[tuple, tuple]:
    """The ``values`` of the first row of ``table`` with each combination of ``keys``, by
    that combination (a heatmap's cells, looked up rather than searched for)."""
    found: dict[tuple, tuple] = {}
    for key, row in zip(zip(*(table[k] for k in keys)), zip(*(table[v] for v in values))):
        found.setdefault(key, row)
    return found


ROTATE_ABOVE = 6  # a heatmap with more outlet columns than this slants their names


def _top_ticks(ax, shown: list[str]) -> None:
    """Outlet names over a heatmap's columns, slanted when there are many."""
    if len(shown) <= ROTATE_ABOVE:
        ax.set_xticks(range(len(shown)), shown)
    else:
        ax.set_xticks(range(len(shown)), shown, rotation=35, ha="left", rotation_mode="anchor")


def _n_label(outlet: str, n: int) -> str:
    return f"{outlet} ({n} article{'s' if n != 1 else ''})"


def plot_words_by_role(table: pd.DataFrame, *, outlets: OutletChoice | None = None) -> plt.Figure:
    """Stacked bars per outlet: the share of the words on its captured pages kept for
    analysis (blues) and removed by cleaning (captions, wire credits, boilerplate,
    duplicates), from :func:`clean.words_by_role` (whose ``share_words`` it draws)."""
    choice = choice_for(outlets, table.outlet)
    n_articles = table.groupby("outlet").n_articles.max()
    shares = table.pivot_table(index="outlet", columns="role", values="share_words",
                               aggfunc="sum", fill_value=0) * 100
    words = table.groupby("outlet").n_words.sum()
    shown = choice.present(table.outlet)
    shares = shares.reindex(shown)[::-1]
    roles = [r for r in ROLE_COLORS if r in shares.columns]
    kept_roles = ("headline", "standfirst", "subhead", "body")
    height = 1.4 + 0.42 * len(shown)
    fig, ax = plt.subplots(figsize=(9, height))
    left = pd.Series(0.0, index=shares.index)
    for role in roles:
        ax.barh(range(len(shares)), shares[role], left=left, color=ROLE_COLORS[role],
                label=role, edgecolor="white", linewidth=0.5)
        left += shares[role]
    removed = shares[[r for r in roles if r not in kept_roles]].sum(axis=1)
    for i, outlet in enumerate(shares.index):
        ax.text(101, i, f"{removed[outlet]:.0f}% removed of {int(words[outlet]):,} words",
                va="center", fontsize=8)
    ax.set_yticks(range(len(shares)), [_n_label(o, int(n_articles[o])) for o in shares.index])
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the words on the outlet's captured pages (%)")
    _title(ax, _titled("How much of each page is the article?", choice),
           "blues are kept for analysis; the other colours are removed by cleaning")
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.3, 1.0),
              title="role of the line", title_fontsize=8)
    _left_out_note(fig, choice)
    return fig


def plot_timeline(dates: pd.DataFrame, *, outlets: OutletChoice | None = None,
                  max_events: int = 8) -> plt.Figure:
    """Each article's publication date (filled circle) and the date of the event it covers
    (open diamond), one row per outlet, coloured by event when there are few events, from
    :func:`analysis.corpus.outlets.article_dates`."""
    choice = choice_for(outlets, dates.drop_duplicates("article_id").outlet)
    counts = dates.groupby("outlet").article_id.nunique()
    shown = choice.present(dates.outlet)
    data = dates[dates.outlet.isin(shown) & dates.date.notna()]
    events = list(dict.fromkeys(data.event))
    by_event = 0 < len(events) <= max_events
    event_colors = dict(zip(events, OKABE_ITO))
    outlet_color = outlet_colors(list(choice.shown))
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
    how = f"; {choice.how()}" if choice.how() else ""
    ax.set_title(f"When was each article published, and which event does it cover? "
                 f"({n_events} event{'s' if n_events != 1 else ''}{how})", loc="left")
    missing = dates[dates.date.isna()].article_id.nunique()
    if missing:
        fig.text(0.01, 0.005, f"{missing} article(s) have no known date and are not drawn.",
                 fontsize=8, color="#555555")
    fig.autofmt_xdate()
    _left_out_note(fig, choice)
    return fig


def plot_variant_shares(variants: pd.DataFrame, forms: pd.DataFrame, *,
                        outlets: OutletChoice | None = None,
                        names: dict[str, str] | None = None) -> plt.Figure:
    """Heatmap of name forms by outlet, from :func:`naming.naming_choices` (or
    :func:`naming.count_variants`): one row per form of ``forms`` (from
    :func:`naming.forms_to_show`, in its order), one column per outlet; the colour is the
    share of that entity's mentions (surname, or given names written with it) in that
    outlet, with the count in the cell. An empty cell: the outlet does not name the
    entity. A sentence under the chart says how many names ``forms`` leaves out."""
    choice = choice_for(outlets, variants.outlet)
    names = names or {}
    shown = choice.present(variants.outlet)
    rows = list(forms[["entity", "part", "variant", "origin"]].itertuples(index=False, name=None))
    n_shown = len(dict.fromkeys((e, p) for e, p, _v, _o in rows))
    n_names = variants[["entity", "part"]].drop_duplicates().shape[0]
    if not rows:
        return _nothing_to_draw("No entity is named in more than one form in this corpus.")
    many = len(shown) > ROTATE_ABOVE  # narrower cells, so that the chart keeps to the page
    fig, ax = plt.subplots(figsize=(2.6 + (0.72 if many else 1.15) * len(shown), 1.3 + 0.36 * len(rows)))
    cmap = plt.get_cmap("Blues")
    cells = _first_rows(variants, ["entity", "part", "variant", "outlet"], ["share", "n"])
    for i, (entity, part, variant, origin) in enumerate(rows):
        for j, outlet in enumerate(shown):
            cell = cells.get((entity, part, variant, outlet))
            if cell is None:
                ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color="#f4f4f4"))
                continue
            share, n = float(cell[0]), int(cell[1])
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color=cmap(0.08 + 0.85 * share)))
            ax.text(j, i, f"{share:.0%} ({n})", ha="center", va="center", fontsize=7 if many else 8,
                    color="white" if share > 0.6 else "#222222")
    ax.set_xlim(-0.5, len(shown) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    _top_ticks(ax, shown)
    ax.set_yticks(range(len(rows)), [
        f"{names.get(e, e)}: {v}{' (given)' if p == 'given' else ''} · {o}" for e, p, v, o in rows])
    ax.tick_params(length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    # a line between entities
    for i in range(1, len(rows)):
        if rows[i][:2] != rows[i - 1][:2]:
            ax.axhline(i - 0.5, color="white", linewidth=3)
    ax.xaxis.tick_top()
    colors = outlet_colors(list(choice.shown))
    for tick, outlet in zip(ax.get_xticklabels(), shown):
        tick.set_color(colors[outlet])
        tick.set_fontweight("bold")
    ax.set_title(_titled("Which form of each name does each outlet write?", choice), loc="left",
                 pad=28 if len(shown) <= ROTATE_ABOVE else 80)
    fig.text(0.01, 0.005, "cell: share of the outlet's mentions of that entity (count); "
             "grey: the outlet does not name it", fontsize=8, color="#555555")
    notes = [choice.note()] if choice.note() else []
    if n_shown < n_names:
        notes.append(f"Showing the {n_shown} names the shown outlets mention most, of "
                     f"{n_names} written in more than one form; the exported table has them all.")
    if notes:
        fig.text(0.01, -0.01, "\n".join(notes), fontsize=8, color="#555555", va="top")
    return fig


def plot_distinctive_terms(top: pd.DataFrame, words: pd.Series, *,
                           outlets: OutletChoice | None = None, z_line: float = 1.96,
                           title: str = "Which words set each outlet apart?") -> plt.Figure:
    """One panel per outlet: its most distinctive terms by z (from
    :func:`analysis.measures.terms.top_distinctive`), with the raw counts beside each bar and a line at
    |z| = ``z_line``. ``words`` is the number of words per outlet the counts rest on."""
    choice = choice_for(outlets, top.drop_duplicates("outlet").outlet)
    shown = choice.present(top.outlet)
    if not shown:
        return _nothing_to_draw("No term is used often enough to compare.")
    colors = outlet_colors(list(choice.shown))
    ncols = min(3, len(shown))
    nrows = -(-len(shown) // ncols)
    per_panel = max(len(top[top.outlet == o]) for o in shown)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.6 + (0.3 * per_panel + 0.9) * nrows),
                             squeeze=False)
    zmax = max(top.z.max(), z_line) * 1.45
    for ax, outlet in zip(axes.flat, shown):
        rows = top[top.outlet == outlet].iloc[::-1]
        ax.barh(range(len(rows)), rows.z, color=colors[outlet], height=0.65)
        ax.set_yticks(range(len(rows)), rows.display)
        for i, r in enumerate(rows.itertuples()):
            ax.text(max(r.z, 0) + zmax * 0.02, i, f"{r.n} vs {r.n_rest}", va="center", fontsize=7.5,
                    color="#444444")
        ax.axvline(z_line, color="#888888", linestyle="--", linewidth=1)
        ax.set_xlim(min(0, top.z.min()), zmax)
        ax.set_title(f"{outlet} ({int(words.get(outlet, 0)):,} words)", fontsize=10, loc="left",
                     color=colors[outlet])
        ax.tick_params(axis="y", labelsize=8.5)
        ax.set_xlabel("z (weighted log-odds)", fontsize=8)
    for ax in list(axes.flat)[len(shown):]:
        ax.axis("off")
    fig.suptitle(_titled(title, choice), x=0.01, ha="left", fontweight="bold", fontsize=12)
    versus = top.versus.iloc[0] if "versus" in top.columns and len(top) else "all other outlets"
    fig.text(0.01, 0.0, f"bars: z against {versus}; labels: count in the outlet vs in "
             f"{versus}; dashed line: z = {z_line} (95%)", fontsize=8, color="#555555")
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    _left_out_note(fig, choice)
    return fig


def plot_loaded_language(rates: pd.DataFrame, *, outlets: OutletChoice | None = None) -> plt.Figure:
    """Loaded-language terms per 1,000 words, the narrator's words beside the quoted ones,
    per outlet (from :func:`analysis.measures.loaded.loaded_language`, category "all")."""
    r = rates[rates.category == "all"]
    choice = choice_for(outlets, r.drop_duplicates("outlet").outlet)
    shown = choice.present(r.outlet)
    colors = outlet_colors(list(choice.shown))
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.55 * len(shown)))
    for i, outlet in enumerate(shown[::-1]):
        for dy, voice, alpha in ((0.18, "narrator", 1.0), (-0.18, "quoted", 0.45)):
            row = r[(r.outlet == outlet) & (r.voice == voice)]
            if row.empty:
                continue
            value = float(row.per_1k_words.iloc[0]) if row.n_words.iloc[0] else 0.0
            ax.barh(i + dy, value, height=0.34, color=colors[outlet], alpha=alpha)
            ax.text(value, i + dy, f" {int(row.n.iloc[0])} in {int(row.n_words.iloc[0]):,} {voice} words",
                    va="center", fontsize=7.5, color="#444444")
    ax.set_yticks(range(len(shown)), shown[::-1])
    ax.set_xlabel("loaded-language terms per 1,000 words")
    drawn = r[r.outlet.isin(shown)].per_1k_words
    top = drawn.max() if drawn.notna().any() else 0
    ax.set_xlim(0, top * 1.5 if top > 0 else 1)  # (no loaded word at all: an empty axis, no warning)
    _title(ax, _titled("How much loaded language does each outlet use, itself and in quotations?",
                       choice),
           "upper bar (solid): the narrator's words; lower bar (pale): words inside quotations")
    _left_out_note(fig, choice)
    return fig


def plot_overlap(overlap: pd.DataFrame, *, outlets: OutletChoice | None = None) -> plt.Figure:
    """Heatmap of vocabulary overlap (Jaccard) between outlets, from
    :func:`wordchoice.vocabulary_overlap`."""
    choice = choice_for(outlets, overlap.drop_duplicates("outlet_a").outlet_a)
    shown = choice.present(overlap.outlet_a)
    m = overlap.pivot(index="outlet_a", columns="outlet_b", values="jaccard").reindex(index=shown, columns=shown)
    fig, ax = plt.subplots(figsize=(3 + 0.9 * len(shown), 1.4 + 0.7 * len(shown)))
    ax.imshow(m.to_numpy(float), cmap="Blues", vmin=0, vmax=1)
    for i in range(len(shown)):
        for j in range(len(shown)):
            v = m.iat[i, j]
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8,
                    color="white" if v > 0.6 else "#222222")
    sizes = overlap[overlap.outlet_a == overlap.outlet_b].set_index("outlet_a").n_shared
    labels = [f"{o} ({int(sizes.get(o, 0)):,} words)" for o in shown]
    ax.set_xticks(range(len(shown)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(shown)), labels)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    _title(ax, _titled("How much vocabulary do two outlets share?", choice),
           "Jaccard index of the sets of distinct words (how many in brackets), stop words left out")
    _left_out_note(fig, choice)
    return fig


VOICE_STYLE = {text.NARRATOR: ("o", 1.0, "the narrator"), text.QUOTED: ("s", 0.5, "quotations"),
               "all": ("D", 0.8, "both")}


def plot_sentiment_means(summary: pd.DataFrame, *, outlets: OutletChoice | None = None,
                         voices: tuple[str, ...] = text.VOICES) -> plt.Figure:
    """Mean compound per outlet with its 95% bootstrap interval, the narrator beside the
    quotations (from :func:`sentiment.summarize_outlets`). A hollow marker without a line:
    too few sentences for an interval."""
    text.check_voices(voices)
    choice = choice_for(outlets, summary.drop_duplicates("outlet").outlet)
    shown = choice.present(summary.outlet)
    colors = outlet_colors(list(choice.shown))
    fig, ax = plt.subplots(figsize=(9, 1.3 + 0.6 * len(shown)))
    offsets = dict(zip(voices, [0.17, -0.17, 0.0][:len(voices)]))
    for i, outlet in enumerate(shown[::-1]):
        for voice in voices:
            row = summary[(summary.outlet == outlet) & (summary.voice == voice)]
            if row.empty:
                continue
            r = row.iloc[0]
            marker, alpha, _label = VOICE_STYLE[voice]
            y = i + offsets[voice]
            has_ci = pd.notna(r.ci_low)
            if has_ci:
                ax.plot([r.ci_low, r.ci_high], [y, y], color=colors[outlet], alpha=alpha, linewidth=2)
            ax.scatter([r.mean_compound], [y], marker=marker, s=50, zorder=3,
                       color=colors[outlet] if has_ci else "white", edgecolors=colors[outlet],
                       alpha=1.0 if voice == "narrator" else 0.7)
            ax.text(1.01, y, f"{voice}: n = {int(r.n)}" + ("" if has_ci else " (too few for an interval)"),
                    transform=ax.get_yaxis_transform(), ha="left", va="center", fontsize=7.5,
                    color="#444444")
    ax.axvline(0, color="#999999", linewidth=1)
    ax.axvspan(-0.05, 0.05, color="#eeeeee", zorder=0)
    ax.set_yticks(range(len(shown)), shown[::-1])
    ax.set_xlim(-1, 1)
    ax.set_xlabel("mean VADER compound of sentences (-1 negative … +1 positive), with 95% bootstrap interval")
    _title(ax, _titled("How positive or negative is each outlet's own voice, and the voices it "
                       "quotes?", choice),
           "circle: the narrator's sentences; square: quotations; grey band: VADER's neutral "
           "range (±0.05)")
    _left_out_note(fig, choice)
    return fig


def plot_sentence_strip(scores: pd.DataFrame, *, outlets: OutletChoice | None = None,
                        seed: int = 0) -> plt.Figure:
    """Every scored sentence (or part) as a dot at its compound, one row per outlet,
    jittered vertically with a seeded generator; squares are quotations."""
    import numpy as np

    choice = choice_for(outlets, scores.drop_duplicates("article_id").outlet)
    counts = scores.groupby("outlet").size()
    shown = choice.present(scores.outlet)
    colors = outlet_colors(list(choice.shown))
    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=(9, 1.3 + 0.55 * len(shown)))
    for i, outlet in enumerate(shown[::-1]):
        part = scores[scores.outlet == outlet]
        for voice, marker in ((text.NARRATOR, "o"), (text.QUOTED, "s")):
            v = part[part.voice == voice]
            ax.scatter(v.compound, i + rng.uniform(-0.22, 0.22, len(v)), marker=marker, s=18,
                       color=colors[outlet], alpha=0.65 if voice == text.NARRATOR else 0.35,
                       edgecolors="none")
    ax.axvline(0, color="#999999", linewidth=1)
    ax.set_yticks(range(len(shown)), [f"{o} ({int(counts[o])})" for o in shown[::-1]])
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("VADER compound of each sentence or quoted part")
    _title(ax, _titled("How spread out is the tone of each outlet's sentences?", choice),
           "one dot per sentence (or per part of a sentence that mixes narration and quotation); "
           "squares: quoted parts; (n) sentences and parts")
    _left_out_note(fig, choice)
    return fig


def plot_target_heatmap(targets: pd.DataFrame, entities: list[str], *,
                        outlets: OutletChoice | None = None,
                        names: dict[str, str] | None = None) -> plt.Figure:
    """Outlet × person: mean compound of the sentences mentioning the person (from
    :func:`sentiment.score_targets`), with n in each cell, one row per entity of
    ``entities`` (:func:`sentiment.most_scored`)."""
    names = names or {}
    if targets.empty:
        return _nothing_to_draw("No registered person is mentioned in this corpus.")
    choice = choice_for(outlets, targets.drop_duplicates("outlet").outlet)
    shown = choice.present(targets.outlet)
    many = len(shown) > ROTATE_ABOVE  # narrower cells, so that the chart keeps to the page
    fig, ax = plt.subplots(figsize=(2.8 + (0.8 if many else 1.1) * len(shown), 1.4 + 0.5 * len(entities)))
    cmap = plt.get_cmap("RdBu")
    cells = _first_rows(targets, ["entity", "outlet"], ["mean_compound", "n"])
    for i, entity in enumerate(entities):
        for j, outlet in enumerate(shown):
            cell = cells.get((entity, outlet))
            if cell is None:
                ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color="#f4f4f4"))
                continue
            mean, n = cell
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color=cmap(0.5 + mean / 2)))
            ax.text(j, i, f"{mean:+.2f}\n(n = {int(n)})", ha="center", va="center",
                    fontsize=7 if many else 7.5,
                    color="white" if abs(mean) > 0.55 else "#222222")
    ax.set_xlim(-0.5, len(shown) - 0.5)
    ax.set_ylim(len(entities) - 0.5, -0.5)
    ax.xaxis.tick_top()
    _top_ticks(ax, shown)
    ax.set_yticks(range(len(entities)), [names.get(e, e) for e in entities])
    ax.tick_params(length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(_titled("Tone of the sentences mentioning each person", choice), loc="left",
                 pad=30 if len(shown) <= ROTATE_ABOVE else 80)
    fig.text(0.01, 0.005, "mean VADER compound of the sentences that mention the person (red: negative, "
             "blue: positive); grey: not mentioned. Not a measure of the outlet's attitude.",
             fontsize=7.5, color="#555555")
    _left_out_note(fig, choice)
    return fig


def plot_readability(table: pd.DataFrame, means: pd.DataFrame, guide: pd.DataFrame, *,
                     outlets: OutletChoice | None = None) -> plt.Figure:
    """Small multiples, one per measure: each article as a dot (``table``, rows of
    :func:`readability.score_readability`), the outlet mean as a bar mark (``means``,
    from :func:`readability.summarize_readability`)."""
    mean_of = _first_rows(means, ["outlet", "measure"], ["mean"])
    choice = choice_for(outlets, table.outlet)
    counts = table.groupby("outlet").size()
    shown = choice.present(table.outlet)
    colors = outlet_colors(list(choice.shown))
    measures = list(guide.measure)
    ncols = 3
    nrows = -(-len(measures) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(12, 0.6 + nrows * (0.9 + 0.32 * len(shown))),
                             squeeze=False)
    for ax, measure in zip(axes.flat, measures):
        for i, outlet in enumerate(shown[::-1]):
            values = table.loc[table.outlet == outlet, measure]
            ax.scatter(values, [i] * len(values), color=colors[outlet], s=22, alpha=0.7)
            if (outlet, measure) in mean_of:
                ax.scatter([mean_of[outlet, measure][0]], [i], marker="|", s=250, color=colors[outlet])
        ax.set_yticks(range(len(shown)), [f"{o} ({int(counts[o])})" for o in shown[::-1]], fontsize=8)
        ax.set_title(measure.replace("_", " "), fontsize=10, loc="left")
        direction = guide.set_index("measure").direction[measure]
        ax.set_xlabel(direction if len(direction) <= 45 else direction[:44] + "…", fontsize=7.5)
        ax.tick_params(axis="x", labelsize=8)
    for ax in list(axes.flat)[len(measures):]:
        ax.axis("off")
    fig.suptitle(_titled("How hard is each outlet's text to read?", choice), x=0.01, ha="left",
                 fontweight="bold")
    fig.text(0.01, 0.0, "dots: articles; bar mark: the outlet's mean; (n) articles. Grade-level "
             "measures estimate the US school grade needed to understand the text.",
             fontsize=8, color="#555555")
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    _left_out_note(fig, choice)
    return fig


def plot_sentence_lengths(sentences: pd.DataFrame, *, outlets: OutletChoice | None = None
                          ) -> plt.Figure:
    """Distribution of sentence length (words) per outlet, as box plots."""
    choice = choice_for(outlets, sentences.drop_duplicates("article_id").outlet)
    counts = sentences.groupby("outlet").size()
    shown = choice.present(sentences.outlet)
    colors = outlet_colors(list(choice.shown))
    fig, ax = plt.subplots(figsize=(9, 1.3 + 0.5 * len(shown)))
    data = [sentences.loc[sentences.outlet == o, "n_words"].to_numpy() for o in shown[::-1]]
    box = ax.boxplot(data, vert=False, patch_artist=True, widths=0.55,
                     medianprops={"color": "black"}, flierprops={"markersize": 3})
    for patch, outlet in zip(box["boxes"], shown[::-1]):
        patch.set_facecolor(colors[outlet])
        patch.set_alpha(0.6)
    ax.set_yticks(range(1, len(shown) + 1), [f"{o} ({int(counts[o])})" for o in shown[::-1]])
    ax.set_xlabel("words per sentence")
    _title(ax, _titled("How long are each outlet's sentences?", choice),
           "box: middle half of the sentences, line: median, whiskers: 1.5 × the box; (n) sentences")
    _left_out_note(fig, choice)
    return fig


def plot_voices(top: pd.DataFrame, *, outlets: OutletChoice | None = None,
                names: dict[str, str] | None = None) -> plt.Figure:
    """Stacked bars: quoted words per speaker in each outlet (from
    :func:`analysis.measures.voices.top_voices`: the most quoted speakers, the rest pooled as "others"),
    speakers in the order of the table."""
    names = names or {}
    if top.empty:
        return _nothing_to_draw("No direct quotation was found in the outlets shown.")
    choice = choice_for(outlets, top.drop_duplicates("outlet").outlet)
    shown = choice.present(top.outlet)
    table = top.pivot_table(index="outlet", columns="speaker_entity", values="n_words", aggfunc="sum",
                            fill_value=0).reindex(shown[::-1]).fillna(0)
    speakers = list(top.sort_values("speaker_rank", kind="stable").speaker_entity.drop_duplicates())
    palette = plt.get_cmap("tab10")
    pooled = (voices_mod.OTHER_SPEAKERS, "unresolved")
    colors = {s: palette(i) for i, s in enumerate(s for s in speakers if s not in pooled)}
    colors.update({voices_mod.OTHER_SPEAKERS: "#bbbbbb", "unresolved": "#e5e5e5"})
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.5 * len(shown)))
    left = pd.Series(0.0, index=table.index)
    for s in speakers:
        ax.barh(range(len(table)), table[s], left=left, color=colors[s], label=names.get(s, s),
                edgecolor="white", linewidth=0.5)
        left += table[s]
    ax.set_yticks(range(len(table)), table.index)
    for i, outlet in enumerate(table.index):
        ax.text(left[outlet], i, f"  {int(left[outlet])} quoted words", va="center", fontsize=8)
    ax.set_xlim(0, left.max() * 1.3 if left.max() else 1)
    ax.set_xlabel("quoted words")
    _title(ax, _titled("Who speaks in each outlet?", choice),
           "words inside direct quotations, by the speaker they are attributed to")
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="speaker",
              title_fontsize=8)
    _left_out_note(fig, choice)
    return fig


def plot_reuse(shared: pd.DataFrame, *, outlets: OutletChoice | None = None) -> plt.Figure:
    """Heatmap of shared copy between outlets (from :func:`analysis.measures.shared_copy.outlet_reuse`): row outlet a,
    column outlet b, the mean share of a's articles' words in sentences an article of b
    also carries. The diagonal ("—" for an outlet of one article) compares an outlet's
    articles with each other."""
    choice = choice_for(outlets, shared.drop_duplicates("outlet_a").outlet_a)
    shown = choice.present(shared.outlet_a)
    m = (shared.pivot(index="outlet_a", columns="outlet_b", values="share_shared")
         .reindex(index=shown, columns=shown).fillna(0.0))
    n = shared.drop_duplicates("outlet_a").set_index("outlet_a").n_articles_a
    single = bool((n == 1).all())
    many = len(shown) > ROTATE_ABOVE  # smaller cells, so that the chart keeps to the page
    fig, ax = plt.subplots(figsize=(3.2 + (0.7 if many else 0.95) * len(shown),
                                    1.6 + (0.5 if many else 0.7) * len(shown)))
    values = m.to_numpy(float)
    ax.imshow(values, cmap="Oranges", vmin=0, vmax=1, aspect="auto" if many else "equal")
    for i, outlet in enumerate(shown):
        for j in range(len(shown)):
            cell = "—" if i == j and n[outlet] == 1 else f"{values[i, j]:.0%}"
            ax.text(j, i, cell, ha="center", va="center", fontsize=8,
                    color="white" if values[i, j] > 0.6 else "#222222")
    names = shown if single else [f"{o} ({int(n[o])})" for o in shown]
    ax.set_xticks(range(len(shown)), names, rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(shown)), names, fontsize=8)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    if single:
        title = "How much of each article (row) appears in another (column)?"
        subtitle = ("share of the row article's words in sentences the column article also carries "
                    "(verbatim or with small edits)")
    else:
        title = "How much of each outlet's articles (row) appears in another outlet's (column)?"
        subtitle = ("mean over the row outlet's articles (n) of the share of an article's words in "
                    "sentences one article of the column outlet also carries (verbatim or small edits)")
    _title(ax, _titled(title, choice), subtitle)
    _left_out_note(fig, choice)
    return fig
