"""The summary of notebook 00: small multiples, one panel per analysis
(:func:`plot_summary`), and the fingerprint as tables for reading
(:func:`style_fingerprints`), the outlets in the suite's one order and palette.

Plotting never computes statistics: each function draws a table that an analysis
function made.
"""
from __future__ import annotations

import html
import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from analysis.present.outlet_choice import OVERFLOW_COLOR, OutletChoice, choice_for, outlet_colors

# naming traditions in greys, so that no tradition is mistaken for an outlet's colour
TRADITION_COLORS = ["#3d3d3d", "#b3b3b3", "#7a7a7a", "#dadada", "#5c5c5c", "#999999", "#c8c8c8"]
# each panel's title (what it asks) and subtitle (how to read it); a "tone naming ..."
# panel is titled after the person it names (_draw_panel)
PANEL_TITLES = {"naming": ("Naming: which tradition?", "share of the names written in more than one form"),
                "loaded language": ("Word choice: loaded words", "per 1,000 of the narrator's words"),
                "narrator tone": ("Sentiment: the narrator's tone", "mean VADER compound, 95% interval"),
                "reading grade": ("Readability: school grade", "Flesch-Kincaid grade (higher = harder)"),
                "own text": ("Sources: the outlet's own text", "share of words no other article carries")}


def plot_summary(panels: pd.DataFrame, *, outlets: OutletChoice | None = None,
                 note: str = "") -> plt.Figure:
    """Small multiples, one panel per analysis, one row per outlet in the same order and
    colour everywhere (from :func:`analysis.present.fingerprint.panels`): naming traditions as stacked shares,
    loaded language, narrator tone and the tone of sentences naming the most mentioned
    person with 95% intervals, reading grade and own text. ``note`` is printed under the
    title (e.g. that each outlet is one article)."""
    choice = choice_for(outlets, panels.drop_duplicates("outlet").outlet)
    shown = list(choice.shown)
    colors = outlet_colors(shown)
    y = {o: i for i, o in enumerate(shown[::-1])}
    wanted = _summary_panels(panels)
    fig, axes = plt.subplots(2, 3, figsize=(13, 1.9 + 2 * (0.75 + 0.3 * len(shown))), sharey=True)
    for ax, panel in zip(axes.flat, wanted):
        data = panels[(panels.panel == panel) & panels.outlet.isin(shown)]
        _draw_panel(ax, panel, data, shown=shown, y=y, colors=colors)
    for ax in list(axes.flat)[len(wanted):]:
        ax.axis("off")
    for ax in axes[:, 0]:
        ax.set_yticks(range(len(shown)), shown[::-1], fontsize=8)
        ax.set_ylim(-0.6, len(shown) - 0.4)
    fig.suptitle("How do the outlets compare? One panel per analysis", x=0.01, ha="left",
                 fontweight="bold")
    more = f"; {choice.how()}" if choice.how() else ""
    fig.text(0.01, 0.935, textwrap.fill((note + " " if note else "") + "Outlets in the same order and "
             f"colour as in every report{more}. Grey figures beside a panel: what each value rests on.",
             170), fontsize=8, color="#555555", va="top")
    fig.tight_layout(rect=(0, 0, 0.97, 0.93), h_pad=3.0, w_pad=2.5)
    return fig


def _summary_panels(panels: pd.DataFrame) -> list[str]:
    """The panels drawn, in their order: at most six. The naming panel only where the
    corpus has name forms of known traditions to compare (a registry of its own)."""
    names = [p for p in dict.fromkeys(panels.panel)]
    wanted = ["naming"] if "naming" in names else []
    wanted += ["loaded language", "narrator tone",
              *[p for p in names if p.startswith("tone naming")], "reading grade", "own text"]
    return wanted[:6]


def _draw_panel(ax, panel: str, data: pd.DataFrame, *, shown: list[str], y: dict[str, int],
                colors: dict[str, str]) -> None:
    """One panel of :func:`plot_summary`: its title, then its rows (``data``) as the panel's
    kind of chart, each outlet at its row ``y``."""
    title, subtitle = PANEL_TITLES.get(panel, (f"Sentiment: {panel.replace('tone naming ', 'sentences naming ')}",
                                               "mean VADER compound, 95% interval"))
    ax.set_title(title, loc="left", fontsize=10, pad=14)
    ax.text(0, 1.0, subtitle, transform=ax.transAxes, fontsize=7.5, color="#555555", va="bottom")
    if data.empty:
        ax.text(0.5, 0.5, "nothing to show", transform=ax.transAxes, ha="center", color="#777777")
    elif panel == "naming":
        _draw_traditions(ax, data, shown=shown, y=y)
    elif panel == "narrator tone" or panel.startswith("tone naming"):
        _draw_tone(ax, data, y=y, colors=colors)
    else:
        _draw_bars(ax, panel, data, y=y, colors=colors)
    ax.tick_params(axis="x", labelsize=8)


def _draw_traditions(ax, data: pd.DataFrame, *, shown: list[str], y: dict[str, int]) -> None:
    """The naming panel: each outlet's shares of the naming traditions, stacked, in greys."""
    traditions = sorted(set(data.series))
    tcolor = {t: TRADITION_COLORS[i % len(TRADITION_COLORS)] for i, t in enumerate(traditions)}
    left = dict.fromkeys(shown, 0.0)
    for r in data.itertuples():
        ax.barh(y[r.outlet], r.value, left=left[r.outlet], color=tcolor[r.series], height=0.6,
                label=r.series)
        left[r.outlet] += r.value
    for outlet, n in data.groupby("outlet").n.first().items():
        ax.text(1.02, y[outlet], f"n {n}", va="center", fontsize=7, color="#444444",
                transform=ax.get_yaxis_transform())
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), fontsize=7, frameon=False, loc="upper center",
              bbox_to_anchor=(0.5, -0.12), ncol=min(3, len(unique)))
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{v:.0%}"))


def _draw_tone(ax, data: pd.DataFrame, *, y: dict[str, int], colors: dict[str, str]) -> None:
    """A tone panel: each outlet's mean compound with its 95% interval (a hollow marker
    without a line: no interval)."""
    ax.axvspan(-0.05, 0.05, color="#eeeeee", zorder=0)
    ax.axvline(0, color="#999999", linewidth=1)
    for r in data.itertuples():
        has_ci = pd.notna(r.ci_low)
        if has_ci:
            ax.plot([r.ci_low, r.ci_high], [y[r.outlet]] * 2, color=colors[r.outlet], linewidth=2)
        ax.scatter([r.value], [y[r.outlet]], s=40, zorder=3, edgecolors=colors[r.outlet],
                   color=colors[r.outlet] if has_ci else "white")
        ax.text(1.02, y[r.outlet], r.label, va="center", fontsize=7, color="#444444",
                transform=ax.get_yaxis_transform())
    ax.set_xlim(-1, 1)


def _draw_bars(ax, panel: str, data: pd.DataFrame, *, y: dict[str, int],
               colors: dict[str, str]) -> None:
    """A panel of one bar per outlet (loaded language, reading grade, own text as a share)."""
    for r in data.itertuples():
        ax.barh(y[r.outlet], r.value, color=colors[r.outlet], height=0.6)
        ax.text(1.02, y[r.outlet], r.label, va="center", fontsize=7, color="#444444",
                transform=ax.get_yaxis_transform())
    if panel == "own text":
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{v:.0%}"))


FINGERPRINT_OUTLETS = 6  # outlets side by side in one fingerprint table; more: another table
MAX_CELL_CHARS = 400  # a fingerprint cell longer than this is cut for reading (the CSV has it whole)


def _shorten(text: str, limit: int = MAX_CELL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def style_fingerprint(display: pd.DataFrame, *, outlets: OutletChoice | None = None,
                      uuid: str = "fingerprint", caption: str = ""):
    """The fingerprint (from :func:`analysis.present.pages.fingerprint_display`: one row per finding, one
    column per outlet, then "from") as one pandas Styler for reading, with a column for
    each shown outlet of ``outlets`` present: each outlet's column headed in its palette
    colour, long cells wrapped (and cut at MAX_CELL_CHARS), the source column in grey,
    ``caption`` above. The Styler has a fixed id (``uuid``) so that a notebook's stored
    output does not change between runs."""
    choice = choice_for(outlets, [c for c in display.columns if c != "from"])
    outlets = choice.present(display.columns)
    display = display[[*outlets, "from"]].map(lambda v: _shorten(str(v)))
    colors = outlet_colors(list(choice.shown))
    # article text and outlet names are untrusted: escape every cell and heading
    styler = (display.style.set_uuid(uuid).format(escape="html")
              .format_index(escape="html", axis=0).format_index(escape="html", axis=1))
    styles = [{"selector": "td", "props": "vertical-align: top; text-align: left; max-width: 16rem; "
                                          "white-space: normal; font-size: 0.85em; "
                                          "overflow-wrap: anywhere;"},
              {"selector": "th.row_heading", "props": "text-align: left; white-space: nowrap; "
                                                      "font-size: 0.85em;"}]
    for i, outlet in enumerate(outlets):
        styles.append({"selector": f"th.col_heading.col{i}",
                       "props": f"border-bottom: 4px solid {colors.get(outlet, OVERFLOW_COLOR)}; "
                                "text-align: left;"})
    styler = styler.set_table_styles(styles)
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler.map(lambda _v: "color: #777777; font-size: 0.75em;", subset=["from"])


def style_fingerprints(display: pd.DataFrame, *, outlets: OutletChoice | None = None,
                       per_table: int = FINGERPRINT_OUTLETS) -> list:
    """The fingerprint of the shown outlets as Stylers of :func:`style_fingerprint`, at
    most ``per_table`` outlets side by side in each (a page is not wider than that), the
    first captioned with what is left out or cut."""
    choice = choice_for(outlets, [c for c in display.columns if c != "from"])
    present = choice.present(display.columns)
    cut = bool((display[present].map(lambda v: len(str(v))) > MAX_CELL_CHARS).any().any())
    caption = choice.note(table="00-fingerprint-display")
    if cut and caption:
        caption = caption.replace(" keeps every outlet.", " keeps every outlet and every cell "
                                  f"whole. Cells longer than {MAX_CELL_CHARS} characters are cut (…).")
    elif cut:
        caption = (f"Cells longer than {MAX_CELL_CHARS} characters are cut (…); "
                   "tables/00-fingerprint-display.csv has them whole.")
    parts = [present[i:i + per_table] for i in range(0, len(present), per_table)] or [[]]
    return [style_fingerprint(display[[*part, "from"]], outlets=choice,
                              uuid="fingerprint" if k == 0 else f"fingerprint{k}",
                              caption=caption if k == 0 else "")
            for k, part in enumerate(parts)]
