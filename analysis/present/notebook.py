"""The set-up every notebook shares: where its corpus is, and deterministic display."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from analysis.corpus import paths

PANDAS_OPTIONS = {
    "display.max_rows": 40,
    "display.max_columns": 30,
    "display.width": 120,
    "display.max_colwidth": 90,
    "display.precision": 3,
}


def corpus_from_parameters(corpus: str, options: dict | None = None) -> tuple[str, dict]:
    """The corpus a notebook should read: its ``parameters`` cell value, unless
    ``python -m analysis report --corpus ...`` set the environment variables
    ``ANALYSIS_CORPUS`` / ``ANALYSIS_CORPUS_OPTIONS`` (JSON) for the kernel."""
    corpus = os.environ.get(paths.CORPUS_ENV) or corpus
    options = dict(options or {})
    raw = os.environ.get(paths.CORPUS_OPTIONS_ENV)
    if raw:
        options.update(json.loads(raw))
    return corpus, options


@dataclass
class Opened:
    """What a notebook's set-up cell opens (:func:`open_corpus`)."""
    corpus: str  # the corpus read (its path)
    options: dict  # its column options
    config: Any  # analysis.pipeline.config.Config: the corpus's registry, rules and word lists
    tables: Mapping  # every table of analysis.pipeline.tables.build_tables, read from the store
    order: list  # the outlets in the corpus's order (analysis.corpus.outlets.outlet_order)
    label: str  # the corpus's name for outputs (corpus_label)

    @property
    def names(self) -> dict[str, str]:
        """Each registered entity's name, by id."""
        return {e.id: e.name for e in self.config.registry.entities.values()}


def open_corpus(corpus: str, options: dict | None = None) -> Opened:
    """A notebook's set-up in one call: deterministic display (:func:`setup`), the corpus
    of the parameters cell or of ``report`` (:func:`corpus_from_parameters`), its
    configuration and its tables (built into the store when it is cold)."""
    from analysis.corpus.outlets import outlet_order
    from analysis.pipeline.config import Config
    from analysis.pipeline.tables import build_tables

    setup()
    corpus, options = corpus_from_parameters(corpus, options)
    config = Config.for_corpus(corpus)
    tables = build_tables(corpus, config=config, **options)
    return Opened(corpus, options, config, tables, outlet_order(tables["articles"].outlet),
                  corpus_label(corpus))


def corpus_label(corpus: str) -> str:
    """A machine-independent name for a corpus path (no absolute path in outputs): the
    bundled corpus by name; the corpus of ``report --corpus PATH`` as the user typed
    PATH; any other corpus by its folder or file name."""
    path = Path(corpus).resolve()
    if path == paths.DATA.resolve():
        return "bundled seed corpus (data/)"
    given, read = os.environ.get(paths.CORPUS_LABEL_ENV), os.environ.get(paths.CORPUS_ENV)
    if given and read and Path(read).resolve() == path:
        return given
    return path.name


def setup() -> None:
    """Deterministic notebook output: pandas display options, matplotlib defaults (article
    text in labels is shown literally: no mathtext) and PNG figures without a
    Software/date stamp. Call once, in the set-up cell."""
    import matplotlib as mpl
    import pandas as pd

    for key, value in PANDAS_OPTIONS.items():
        pd.set_option(key, value)
    mpl.rcParams.update({
        "figure.figsize": (9, 4.5),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "framing",
        # labels come from the articles (outlets, names, terms): "$" is a dollar sign, never
        # the start of mathtext, which would garble "$1.5bn and $2bn" and stop a report at a
        # name like "$\\x$"
        "text.parse_math": False,
    })
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        if get_ipython() is not None:
            set_matplotlib_formats("png", bbox_inches="tight", metadata={"Software": None})
    except ImportError:  # outside IPython nothing needs configuring
        pass


# Figure files carry no date, no software version and no random id (with setup()'s
# svg.hashsalt): two reports of one corpus are byte-identical.
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


def show(fig, table, name: str) -> None:
    """Show a chart in the notebook and, when ``python -m analysis report`` runs it (the
    ANALYSIS_EXPORT_DIR environment variable is set), also save it as
    ``figures/NAME.png`` and ``figures/NAME.svg`` with the table that drew it as
    ``tables/NAME.csv`` under that folder, so a chart can be reused and checked. Each
    file is written under a temporary name and renamed."""
    import matplotlib.pyplot as plt

    folder = os.environ.get(paths.EXPORT_ENV)
    if folder:
        figures, tables = Path(folder) / "figures", Path(folder) / "tables"
        figures.mkdir(parents=True, exist_ok=True)
        tables.mkdir(parents=True, exist_ok=True)
        paths.write_atomically(figures / f"{name}.png", lambda p: fig.savefig(
            p, format="png", bbox_inches="tight", metadata=PNG_METADATA))
        paths.write_atomically(figures / f"{name}.svg", lambda p: fig.savefig(
            p, format="svg", bbox_inches="tight", metadata=SVG_METADATA))
        paths.write_atomically(tables / f"{name}.csv", lambda p: table.to_csv(p, index=False))
    plt.show()


def export_table(table, name: str) -> None:
    """Save a table with no chart as ``tables/NAME.csv`` when ``report`` runs the notebook
    (as :func:`show` does for a chart's table); nothing otherwise."""
    folder = os.environ.get(paths.EXPORT_ENV)
    if folder:
        tables = Path(folder) / "tables"
        tables.mkdir(parents=True, exist_ok=True)
        paths.write_atomically(tables / f"{name}.csv", lambda p: table.to_csv(p, index=False))


def findings_html(findings, *, notes: list[str] = (), titles: dict[str, str] | None = None,
                  suffix: str = ".ipynb") -> str:
    """The findings (:func:`analysis.present.findings.findings` with the notebook of each, from
    :func:`analysis.present.pages.locate`) as an HTML list: each sentence,
    the figure behind it and a link to the notebook that shows it (``NN-name.ipynb`` in
    JupyterLab; ``report`` pages link to ``NN-name.html``). ``notes`` come first, as the
    caveats a reader needs. Every piece of text is escaped: it comes from article text."""
    import html

    esc = html.escape
    parts = [f'<p class="caveat"><em>{esc(n)}</em></p>' for n in notes]
    if len(findings) == 0:
        parts.append("<p>No difference between the outlets clears the thresholds of "
                     "<code>analysis/present/thresholds.py</code>: the fingerprint below lists every figure.</p>")
        return "\n".join(parts)
    parts.append('<ol class="findings">')
    for r in findings.itertuples(index=False):
        title = (titles or {}).get(r.notebook, r.notebook).split(":")[0]  # "02 · Naming"
        parts.append(f'<li>{esc(r.finding)} <span class="figure" style="color:#666">'
                     f'[{esc(r.figure)}; table {esc(r.source)}; '
                     f'<a href="{esc(r.notebook + suffix)}">{esc(title)}</a>]</span></li>')
    parts.append("</ol>")
    return "\n".join(parts)


# ----------------------------------------------------------------------------- outlets shown

def choose_outlets(outlets, named=None):
    """The outlets every chart and table of a notebook shows (:func:`analysis.present.outlet_choice.
    select_outlets` on ``outlets``, the outlet of each article; ``named``: the notebook's
    ``OUTLETS`` parameter), saying once which when some are left out."""
    from analysis.present.outlet_choice import select_outlets

    choice = select_outlets(outlets, named=named)
    if choice.left_out:
        print(choice.note(grouped=None))
    return choice


def outlet_rows(table, outlets, *, counts=None, column: str = "outlet", name: str | None = None):
    """The rows of ``table`` a notebook shows, for the outlets of ``outlets`` (an
    :class:`analysis.present.outlet_choice.OutletChoice`): with ``counts`` (column names), the left-out
    outlets pooled into "other outlets (n=...)" with those columns summed; without, the
    left-out outlets dropped. Prints the sentence that says so when some are left out.
    ``name``: the whole table is exported as tables/NAME.csv (:func:`export_table`) and the
    sentence names it."""
    if name:
        export_table(table, name)
    note = outlets.note(grouped=counts is not None, table=name)
    if note:
        print(note)
    if counts is not None:
        return outlets.group(table, counts=list(counts), column=column)
    return outlets.keep(table, column=column)


def outlet_columns(table, outlets, *, index, value: str = "n", column: str = "outlet",
                   name: str | None = None):
    """A long table of counts (one row per outlet and ``index`` values, counts in
    ``value``) for reading across: one row per ``index`` value, one column per shown outlet
    in their order, the left-out outlets pooled into a last "other outlets (n=...)"
    column, integer counts (0: none). Prints the sentence saying what is pooled; ``name``:
    the whole long table is exported as tables/NAME.csv."""
    import pandas as pd

    if name:
        export_table(table, name)
    note = outlets.note(grouped=True, table=name)
    if note:
        print(note)
    keys = [index] if isinstance(index, str) else list(index)
    pooled = outlets.group(table[[*keys, column, value]], counts=[value], column=column)
    wide = pooled.pivot_table(index=index, columns=column, values=value, aggfunc="sum",
                              fill_value=0)
    columns = [o for o in outlets.shown if o in wide.columns]
    if outlets.other and outlets.other in wide.columns:
        columns.append(outlets.other)
    return wide.reindex(columns=columns).astype(int) if len(wide) else pd.DataFrame(columns=columns)


def pooled(table, outlets, *, column: str = "outlet"):
    """``table`` with each left-out outlet of ``outlets`` renamed "other outlets (n=...)",
    for counting rows per outlet (e.g. ``groupby("outlet", sort=False).size()``): the rows
    of the shown outlets first, in the order shown, then the others (each part in the
    table's order). Prints the sentence saying so when some are left out."""
    note = outlets.note(grouped=True)
    if not note:
        return table
    print(note)
    labels = {o: outlets.label(o) for o in table[column].unique()}
    labelled = table.assign(**{column: table[column].map(labels)})
    rank = {o: i for i, o in enumerate(outlets.shown)} | {outlets.other: len(outlets.shown)}
    return labelled.iloc[labelled[column].map(rank).to_numpy().argsort(kind="stable")]
