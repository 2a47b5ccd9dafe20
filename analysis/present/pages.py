"""Which page shows what: the notebook of each analysis, and the fingerprint laid out for
reading with the table and notebook each row comes from.

The analyses name their analysis ("naming", "sentiment", ...); this module knows the
notebook file that shows each (a test checks that every notebook named here exists). The
summary notebook itself, and the tables it exports for the index, are named in
:mod:`analysis.present.offline_html` (``SUMMARY_NOTEBOOK``) and
:mod:`analysis.present.report` (``SUMMARY_EXPORTS``).
"""
from __future__ import annotations

import pandas as pd

from analysis.present.findings import ANALYSES
from analysis.present.fingerprint import FINGERPRINT_COLUMNS
from analysis.present.wording import pct, signed

# The notebook that shows each analysis, in the order of :data:`analysis.present.findings.ANALYSES`.
NOTEBOOKS = dict(zip(ANALYSES, ["01-corpus", "02-naming", "03-word-choice", "04-sentiment",
                                "05-readability", "06-sources"], strict=True))


def notebook_of(analysis: str) -> str:
    """The notebook ("02-naming") that shows ``analysis`` ("naming")."""
    try:
        return NOTEBOOKS[analysis]
    except KeyError:
        raise ValueError(f"no notebook shows the analysis {analysis!r}; "
                         f"analysis.present.pages.NOTEBOOKS has {', '.join(NOTEBOOKS)}") from None


def locate(findings: pd.DataFrame) -> pd.DataFrame:
    """``findings`` (:func:`analysis.present.findings.findings`) with a last column ``notebook``:
    the notebook that shows each finding's analysis, where the report links it."""
    return findings.assign(notebook=findings.analysis.map(notebook_of))


def fingerprint_display(table: pd.DataFrame) -> pd.DataFrame:
    """The fingerprint (:func:`analysis.present.fingerprint.fingerprint`) for reading: one row per
    finding, one column per outlet (values as text), and a last column "from" naming the
    table and notebook it comes from."""
    rows = {}

    def put(values, column):
        label, source, analysis, _what = FINGERPRINT_COLUMNS[column]
        rows[label] = [*values, f"{source} · {notebook_of(analysis)}"]

    t = table
    put([str(int(v)) for v in t.n_articles], "n_articles")
    put([f"{int(v):,}" for v in t.n_words], "n_words")
    put(t.events, "events")
    put(t.dates, "dates")
    put(t.wire, "wire")
    put([
        "" if not c else f"{c} ({k:.0f} of {n:.0f})"
        for c, k, n in zip(t.naming_convention, t.n_convention, t.n_name_choices)], "naming_convention")
    put(t.name_forms, "name_forms")
    put(t.labels, "labels")
    put(t.house_spelling, "house_spelling")
    put(t.distinctive_terms, "distinctive_terms")
    put([
        "" if pd.isna(r) else f"{r:.1f} ({int(n)} words)" for r, n in zip(t.loaded_per_1k, t.n_loaded)],
        "loaded_per_1k")
    put([_tone_text(m, lo, hi, n) for m, lo, hi, n in zip(t.tone, t.tone_low, t.tone_high, t.n_tone)],
        "tone")
    put(t.tone_people, "tone_people")
    put(["" if pd.isna(g) else f"{g:.1f}" for g in t.reading_grade], "reading_grade")
    put(["" if pd.isna(s) else pct(s) for s in t.share_own], "share_own")
    put(t.voices, "voices")
    return pd.DataFrame.from_dict(rows, orient="index", columns=[*t.outlet, "from"]).rename_axis("finding")


def _tone_text(mean, low, high, n) -> str:
    if pd.isna(mean):
        return ""
    interval = f" [{signed(low)}, {signed(high)}]" if pd.notna(low) else " (too few for an interval)"
    return f"{signed(mean)}{interval}, n {int(n)}"
