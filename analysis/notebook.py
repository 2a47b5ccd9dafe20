"""The set-up every notebook shares: where its corpus is, and deterministic display."""
from __future__ import annotations

import json
import os
from pathlib import Path

from . import paths

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


def corpus_label(corpus: str) -> str:
    """A short, machine-independent name for a corpus path (no absolute paths in outputs)."""
    path = Path(corpus).resolve()
    if path == paths.DATA.resolve():
        return "bundled seed corpus (data/)"
    return path.name


def setup() -> None:
    """Deterministic notebook output: pandas display options, matplotlib defaults and PNG
    figures without a Software/date stamp. Call once, in the set-up cell."""
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
    })
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        if get_ipython() is not None:
            set_matplotlib_formats("png", bbox_inches="tight", metadata={"Software": None})
    except ImportError:  # outside IPython nothing needs configuring
        pass


def show(fig, table, name: str) -> None:
    """Show a chart in the notebook and, when ``python -m analysis report`` runs it (the
    ANALYSIS_EXPORT_DIR environment variable is set), also save it as
    ``figures/NAME.png`` and ``figures/NAME.svg`` with the table that drew it as
    ``tables/NAME.csv`` under that folder, so a chart can be reused and checked."""
    import matplotlib.pyplot as plt

    folder = os.environ.get(paths.EXPORT_ENV)
    if folder:
        figures, tables = Path(folder) / "figures", Path(folder) / "tables"
        figures.mkdir(parents=True, exist_ok=True)
        tables.mkdir(parents=True, exist_ok=True)
        fig.savefig(figures / f"{name}.png", bbox_inches="tight", metadata={"Software": None})
        fig.savefig(figures / f"{name}.svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
        table.to_csv(tables / f"{name}.csv", index=False)
    plt.show()
