"""Where things live. Every other module takes its default paths from here."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
RULES_FILE = DATA / "cleaning_rules.yaml"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"

# Environment variables through which `python -m analysis report` points the notebooks
# at another corpus (see analysis.notebook.corpus_from_parameters).
CORPUS_ENV = "ANALYSIS_CORPUS"
CORPUS_OPTIONS_ENV = "ANALYSIS_CORPUS_OPTIONS"
# ... and the folder into which the notebooks save each chart with its table.
EXPORT_ENV = "ANALYSIS_EXPORT_DIR"
# Set ("1") when a notebook runs without a person at the controls: by `report`, by
# `refresh` and under nbval. Interactive controls then show their default choice as
# static output (analysis.explore), so stored outputs and HTML pages hold no widgets.
STATIC_ENV = "ANALYSIS_STATIC"
# A folder where the notebooks of one `report` run share the tables of their corpus
# (analysis.tables.build_tables), so that the corpus is processed once per report.
TABLES_CACHE_ENV = "ANALYSIS_TABLES_CACHE"


def corpus_file(corpus: str | Path | None, name: str) -> Path | None:
    """A data file a corpus brings along (e.g. its own cleaning rules or registry): NAME in
    the corpus folder, or beside the corpus table; None when there is none."""
    if corpus is None:
        return None
    folder = Path(corpus)
    own = folder / name if folder.is_dir() else folder.parent / name
    return own if own.is_file() else None
