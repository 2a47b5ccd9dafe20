"""Voices: who speaks in each outlet, how much, with which reporting verbs, and what the
outlets attribute to their sources, from the quotation table (quotes.csv: one row per
attribution, as :func:`analysis.people.quotations.find_quotations` finds them).
"""
from __future__ import annotations

import pandas as pd

from analysis.corpus.outlets import outlet_rank
from analysis.language import vocabulary


def direct_quotations(quotes: pd.DataFrame) -> pd.DataFrame:
    """The rows of quotes.csv that are direct quotations (all rows of a table written
    before reported speech had its ``attribution`` column)."""
    if "attribution" not in quotes:
        return quotes
    return quotes[quotes.attribution == "direct"]


def speech(quotes: pd.DataFrame) -> pd.DataFrame:
    """The rows of quotes.csv that report speech: direct quotations, and reported
    attributions whose cue is a verb of speech (cue_kind ``speech``; all reported rows of
    a table written before cue_kind existed). Attributions of thought, stance and action
    are left out."""
    if "cue_kind" not in quotes:
        return quotes
    return quotes[(quotes.attribution == "direct") | (quotes.cue_kind == "speech")]


# the kinds of a reported attribution (quotes.csv cue_kind): the cue kinds, and action
CUE_KINDS = [*vocabulary.CUE_KIND_NAMES, "action"]


def attributions_by_kind(quotes: pd.DataFrame) -> pd.DataFrame:
    """What each outlet attributes to its sources: one row per (outlet, kind) with n and
    share of the outlet's attributions; kind is ``direct`` (quotations) or the cue_kind
    of a reported attribution (speech, thought, stance, action)."""
    columns = ["outlet", "kind", "n", "share"]
    if quotes.empty or "cue_kind" not in quotes:
        return pd.DataFrame(columns=columns)
    kind = quotes.cue_kind.where(quotes.attribution == "reported", "direct").replace("", "speech")
    order = {k: i for i, k in enumerate(["direct", *CUE_KINDS])}
    out = (quotes.assign(kind=kind).groupby(["outlet", "kind"], sort=False).size().rename("n")
           .reset_index())
    out["share"] = (out.n / out.groupby("outlet").n.transform("sum")).round(4)
    outlets = outlet_rank(quotes.outlet)
    return (out.assign(_o=out.outlet.map(outlets), _k=out.kind.map(order))
            .sort_values(["_o", "_k"], kind="stable")[columns].reset_index(drop=True))


def speakers_by_kind(quotes: pd.DataFrame) -> pd.DataFrame:
    """Who speaks, by kind: one row per (outlet, attribution, speaker_kind) with n, the
    attributions of that kind, and share, of the outlet's attributions of that type;
    speaker_kind "unresolved" where the text does not say who. Direct quotations and
    reported speech (:func:`speech`) only."""
    columns = ["outlet", "attribution", "speaker_kind", "n", "share"]
    if quotes.empty or "attribution" not in quotes:
        return pd.DataFrame(columns=columns)
    quotes = speech(quotes)
    kind = quotes.speaker_kind.fillna("").astype(str).replace("", "unresolved")
    out = (quotes.assign(speaker_kind=kind).groupby(["outlet", "attribution", "speaker_kind"], sort=False)
           .size().rename("n").reset_index())
    out["share"] = (out.n / out.groupby(["outlet", "attribution"]).n.transform("sum")).round(4)
    return out[columns]


def voices(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Who speaks in each outlet: one row per (outlet, speaker) with n_quotes, n_words
    (quoted words) and share_of_words (of the outlet's analysis-text words). Speakers are
    counted by speaker_canonical where it is set: ``speaker_entity`` is the registry id for
    a registry speaker, the canonical name (speaker_canonical, already corpus-wide in the
    tables: the pipeline renames it with the mentions) for one found without the
    registry ("Jeff Weaver"), and "unresolved" for the rest."""
    quotes = direct_quotations(quotes)
    words = articles.groupby("outlet").n_words_clean.sum()
    columns = ["outlet", "speaker_entity", "n_quotes", "n_words", "share_of_words"]
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    canonical = (quotes.speaker_canonical.fillna("").astype(str) if "speaker_canonical" in quotes
                 else pd.Series("", index=quotes.index))  # quotes.csv of an older version
    registered = ~quotes.speaker_entity.isin(["", "unresolved"])
    key = quotes.speaker_entity.where(registered | (canonical == ""), canonical)
    out = (quotes.assign(speaker_entity=key).groupby(["outlet", "speaker_entity"], sort=False)
           .agg(n_quotes=("n_words", "size"), n_words=("n_words", "sum")).reset_index())
    out["share_of_words"] = (out.n_words / out.outlet.map(words)).round(4)
    return out.sort_values(["outlet", "n_words"], ascending=[True, False], kind="stable",
                           key=lambda c: c.map(outlet_rank(articles.outlet))
                           if c.name == "outlet" else c).reset_index(drop=True)


OTHER_SPEAKERS = "others"


def top_voices(voices_table: pd.DataFrame, outlets, *, max_speakers: int = 8) -> pd.DataFrame:
    """Quoted words per (outlet, speaker) among ``outlets`` (from :func:`voices`): the
    ``max_speakers`` speakers with the most quoted words in these outlets keep their
    entity, the rest are pooled as :data:`OTHER_SPEAKERS`; "unresolved" stays apart. One
    row per outlet of ``outlets`` (in that order) and speaker it quotes, with
    ``speaker_rank``: 0 for the most quoted speaker, then others, then unresolved (the
    order of a stacked bar)."""
    v = voices_table[voices_table.outlet.isin(list(outlets))]
    ranked = [s for s in v.groupby("speaker_entity").n_words.sum().sort_values(
        ascending=False, kind="stable").index if s != "unresolved"]
    keep = ranked[:max_speakers]
    speakers = keep + [OTHER_SPEAKERS, "unresolved"]
    pooled = v.assign(speaker_entity=[s if s in keep or s == "unresolved" else OTHER_SPEAKERS
                                      for s in v.speaker_entity])
    out = pooled.groupby(["outlet", "speaker_entity"], sort=False).n_words.sum().reset_index()
    out["speaker_rank"] = out.speaker_entity.map({s: i for i, s in enumerate(speakers)})
    order = outlet_rank(list(outlets))
    return out.sort_values(["outlet", "speaker_rank"], kind="stable",
                           key=lambda c: c.map(order) if c.name == "outlet" else c).reset_index(drop=True)


def quoted_share(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: quoted words (of direct quotations) and their share of the analysis
    text's words."""
    q = direct_quotations(quotes).groupby("article_id").n_words.sum()
    out = articles[["article_id", "outlet", "n_words_clean"]].copy()
    out["n_words_quoted"] = out.article_id.map(q).fillna(0).astype(int)
    out["share_quoted"] = (out.n_words_quoted / out.n_words_clean).round(4)
    return out


def reporting_verbs(quotes: pd.DataFrame) -> pd.DataFrame:
    """Reporting verbs of direct quotations per outlet: one row per (outlet, verb) with n."""
    quotes = direct_quotations(quotes)
    q = quotes[quotes.verb != ""]
    return q.groupby(["outlet", "verb"], sort=False).size().rename("n").reset_index()
