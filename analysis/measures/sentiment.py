"""Sentiment with VADER (Hutto & Gilbert 2014), sentence by sentence, voice by voice.

VADER was built for social media; its compound score drifts with text length, so it is
applied to sentences, never to whole articles. A sentence that mixes the narrator's words
and a quotation is scored in two parts (the narrator's part and the quoted part), because
the quotation's tone is the speaker's, not the outlet's. Every number comes with its n,
and outlet means with a seeded bootstrap interval.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.language import fastlib, text
from analysis.corpus.outlets import outlet_order, outlet_rank

POSITIVE_THRESHOLD = 0.05   # VADER README: compound >= 0.05 is positive
NEGATIVE_THRESHOLD = -0.05  # VADER README: compound <= -0.05 is negative
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20211104   # fixed, so reports are reproducible
MIN_N_FOR_INTERVAL = 5      # below this many sentences no interval is drawn
BOOTSTRAP_BLOCK = 5_000_000  # values drawn at a time (memory), never changes the interval
# Three-way labels of the human mean ratings (-4 .. +4): |rating| below this is neutral.
HUMAN_NEUTRAL_BAND = 0.5

SCORE_COLUMNS = ["article_id", "outlet", "sentence_id", "part", "voice", "compound", "pos",
                 "neu", "neg", "label", "entities", "text"]


@lru_cache(maxsize=1)
def analyzer():
    """The VADER analyzer (built once; loading its lexicon takes a moment): vaderSentiment's
    ``SentimentIntensityAnalyzer`` through :func:`analysis.language.fastlib.sentiment_analyzer`,
    whose scores are VADER's own, sooner on long sentences."""
    return fastlib.sentiment_analyzer()


def label(compound: float) -> str:
    """VADER's documented three-way label of a compound score."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def score_text(sentence: str) -> dict:
    """VADER's polarity scores (compound, pos, neu, neg) of one sentence or part."""
    return analyzer().polarity_scores(sentence)


@lru_cache(maxsize=4096)
def _score_cached(sentence: str) -> dict:
    """:func:`score_text`, remembered: a sentence naming three people is scored once, not
    three times (VADER's time per sentence grows faster than its length)."""
    return score_text(sentence)


def sentence_parts(sentence: str, quote_spans: str) -> list[tuple[str, str, str]]:
    """The parts of a sentence to score: (part, voice, text). A sentence without a
    quotation is one part ("sentence", "narrator"); a sentence that is all quotation is
    one part ("sentence", "quoted"); a mixed one is two: the narrator's words (part and
    voice "narrator") and the quoted words (part and voice "quoted")."""
    if not text.parse_spans(quote_spans):
        return [("sentence", text.NARRATOR, sentence)]
    narrator, quoted = text.split_voice(sentence, quote_spans)
    if text.count_words(narrator) == 0:
        return [("sentence", text.QUOTED, sentence)]
    return [(text.NARRATOR, text.NARRATOR, narrator), (text.QUOTED, text.QUOTED, quoted)]


def score_sentences(sentences: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """VADER scores of every sentence (or part of a sentence, see :func:`sentence_parts`):
    one row per part with ``SCORE_COLUMNS``; ``entities`` lists the registered
    entities the sentence mentions (";"-separated)."""
    mention_rows = [] if mentions is None else mentions[["article_id", "sentence_id", "entity"]].to_dict("records")
    rows = sentence_score_rows(sentences[["article_id", "outlet", "sentence_id", "text", "quote_spans"]]
                               .to_dict("records"), mention_rows)
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def sentence_score_rows(sentences: list[dict], mentions: list[dict]) -> list[dict]:
    """:func:`score_sentences` of sentence and mention rows (dicts), as rows: the
    per-article work builds no DataFrame."""
    entities: dict[tuple, dict] = {}
    for m in mentions:
        entities.setdefault((m["article_id"], m["sentence_id"]), {})[m["entity"]] = None
    rows = []
    for s in sentences:
        named = entities.get((s["article_id"], s["sentence_id"]))
        for part, voice, part_text in sentence_parts(s["text"], s["quote_spans"]):
            sc = _score_cached(part_text)
            rows.append({"article_id": s["article_id"], "outlet": s["outlet"],
                         "sentence_id": s["sentence_id"], "part": part, "voice": voice,
                         "compound": sc["compound"], "pos": sc["pos"], "neu": sc["neu"],
                         "neg": sc["neg"], "label": label(sc["compound"]),
                         "entities": ";".join(named) if named else "", "text": part_text})
    return rows


def bootstrap_interval(values: np.ndarray, *, resamples: int = BOOTSTRAP_RESAMPLES,
                       seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """95% percentile bootstrap interval of the mean (Efron & Tibshirani 1993), from a
    seeded generator; (nan, nan) when there are fewer than MIN_N_FOR_INTERVAL values."""
    values = np.asarray(values, dtype=float)
    if len(values) < MIN_N_FOR_INTERVAL:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    # resamples drawn in blocks of at most about BOOTSTRAP_BLOCK values (an even number of
    # rows, so the generator's stream, and the interval, are those of one draw): a huge
    # outlet's 2,000 x n matrix would not fit in memory
    n = len(values)
    block = max(2, BOOTSTRAP_BLOCK // n // 2 * 2)
    means = np.concatenate([values[rng.integers(0, n, size=(min(block, resamples - done), n))].mean(axis=1)
                            for done in range(0, resamples, block)])
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def _summary(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per group of ``frame`` by ``keys`` (in the order the groups first appear)
    with the summary columns of its compound scores and labels."""
    codes = frame.groupby(keys, sort=False).ngroup().to_numpy()  # -1: a key that is missing
    n_groups = int(codes.max()) + 1 if len(codes) else 0
    rows_of = np.argsort(codes, kind="stable")  # each group's rows, in table order
    starts = np.searchsorted(codes[rows_of], np.arange(n_groups + 1))
    compound = frame.compound.to_numpy(float)
    labels = frame.label.to_numpy()
    firsts = rows_of[starts[:-1]]  # each group's first row: its key values
    key_values = list(zip(*(frame[k].to_numpy()[firsts].tolist() for k in keys)))
    rows = []
    for code in range(n_groups):
        members = rows_of[starts[code]:starts[code + 1]]
        values = compound[members]
        low, high = bootstrap_interval(values)
        n = len(values)
        kinds = labels[members]
        rows.append({**dict(zip(keys, key_values[code])), "n": n,
                     "mean_compound": round(float(values.mean()), 4),
                     "ci_low": round(low, 4), "ci_high": round(high, 4),
                     "share_negative": round(float((kinds == "negative").sum() / n), 4),
                     "share_neutral": round(float((kinds == "neutral").sum() / n), 4),
                     "share_positive": round(float((kinds == "positive").sum() / n), 4),
                     "note": "" if n >= MIN_N_FOR_INTERVAL else
                     f"n = {n}: too few sentences for an interval"})
    return pd.DataFrame(rows)


SUMMARY_COLUMNS = ["outlet", "voice", "n", "mean_compound", "ci_low", "ci_high", "share_negative",
                   "share_neutral", "share_positive", "note"]


def summarize_outlets(scores: pd.DataFrame, *, order: list[str] | None = None) -> pd.DataFrame:
    """Per outlet and voice ("narrator", "quoted", and "all" for both): n (sentences or
    parts), mean compound, its 95% bootstrap interval (seeded), the shares of negative,
    neutral and positive parts, and a note where n is too small for an interval."""
    if scores.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    # "all" (both voices) grouped by outlet alone: no second copy of the scores
    both = _summary(scores, ["outlet"])
    both.insert(1, "voice", "all")
    table = pd.concat([_summary(scores, ["outlet", "voice"]), both], ignore_index=True)
    rank = outlet_rank(order or scores.outlet)
    voices = {text.NARRATOR: 0, text.QUOTED: 1, "all": 2}
    return table.sort_values(["outlet", "voice"], key=lambda c: c.map(rank if c.name == "outlet" else voices),
                             kind="stable").reset_index(drop=True)


TARGET_COLUMNS = ["article_id", "outlet", "sentence_id", "entity", "compound", "label"]


def target_sentences(sentences: pd.DataFrame, mentions: pd.DataFrame, *,
                     kinds: tuple[str, ...] = ("person",)) -> pd.DataFrame:
    """Each sentence that mentions a registered entity of ``kinds`` (in any form the
    registry knows), scored whole, once per entity: one row per (sentence, entity)."""
    if mentions.empty:
        return pd.DataFrame(columns=TARGET_COLUMNS)
    rows = target_rows(sentences[["article_id", "outlet", "sentence_id", "text"]].to_dict("records"),
                       mentions[["article_id", "sentence_id", "entity", "kind"]].to_dict("records"),
                       kinds=kinds)
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def target_rows(sentences: list[dict], mentions: list[dict], *,
                kinds: tuple[str, ...] = ("person",)) -> list[dict]:
    """:func:`target_sentences` of sentence and mention rows (dicts), as rows: sentences
    in their order, each sentence's entities in the order they are first mentioned."""
    entities: dict[tuple, dict] = {}
    for m in mentions:
        if m["kind"] in kinds:
            entities.setdefault((m["article_id"], m["sentence_id"]), {})[m["entity"]] = None
    rows = []
    for s in sentences:
        for entity in entities.get((s["article_id"], s["sentence_id"]), ()):
            compound = _score_cached(s["text"])["compound"]
            rows.append({"article_id": s["article_id"], "outlet": s["outlet"],
                         "sentence_id": s["sentence_id"], "entity": entity,
                         "compound": compound, "label": label(compound)})
    return rows


def score_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Tone of the sentences mentioning each entity, per outlet, from
    :func:`target_sentences`. This is the tone of sentences mentioning X, not a measure of
    the attitude toward X. One row per (outlet, entity) with the summary columns."""
    columns = ["outlet", "entity", "n", "mean_compound", "ci_low", "ci_high", "share_negative",
               "share_neutral", "share_positive", "note"]
    if targets.empty:
        return pd.DataFrame(columns=columns)
    table = _summary(targets, ["outlet", "entity"])
    rank = outlet_rank(targets.outlet)
    return table[columns].sort_values(["entity", "outlet"], key=lambda c: c.map(rank) if c.name == "outlet" else c,
                                      kind="stable").reset_index(drop=True)


def _in_outlets(table: pd.DataFrame, entity: str, outlets) -> pd.DataFrame:
    """The rows of ``table`` for ``entity`` in ``outlets`` (all when None), in the order of
    ``outlets`` (else the table's), then the table's own order."""
    rows = table[table.entity == entity]
    rank = outlet_rank(outlets if outlets is not None else table.outlet)
    rows = rows[rows.outlet.isin(rank)]
    return rows.sort_values("outlet", key=lambda c: c.map(rank), kind="stable")


def entity_sentences(targets: pd.DataFrame, sentences: pd.DataFrame, entity: str, *,
                     outlets: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The sentences mentioning one entity, for reading them beside their scores: the
    rows of :func:`target_sentences` for ``entity`` in ``outlets`` (all when None), with
    the sentence's text. One row per sentence: outlet, article_id, sentence_id, compound
    (VADER, -1 negative .. +1 positive, of the whole sentence), label and text; in the
    order of ``outlets``, then article and sentence. Empty when the entity is not
    mentioned there."""
    columns = ["outlet", "article_id", "sentence_id", "compound", "label", "text"]
    rows = _in_outlets(targets, entity, outlets)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.merge(sentences[["article_id", "sentence_id", "text"]],
                      on=["article_id", "sentence_id"], how="left", sort=False)
    return rows[columns].reset_index(drop=True)


def entity_tone(summary: pd.DataFrame, entity: str, *,
                outlets: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The tone of the sentences mentioning one entity, per outlet: its rows of
    :func:`score_targets` (n, mean compound with its 95% bootstrap interval, shares, note)
    for ``outlets`` (all when None), in their order; the entity column left out. Outlets
    that do not mention it have no row."""
    columns = [c for c in summary.columns if c != "entity"]
    return _in_outlets(summary, entity, outlets)[columns].reset_index(drop=True)


def drivers(scores: pd.DataFrame, *, top: int | None = None) -> pd.DataFrame:
    """The VADER lexicon words present in each outlet's scored text: one row per (outlet,
    voice, word) with n, valence (VADER's lexicon value, -4 .. +4) and total = n x
    valence; sorted by outlet and |total|. These words pushed the scores (VADER also
    weighs negation, intensifiers and punctuation, which this table does not show)."""
    counts = driver_counts(scores)
    return drivers_table(counts, outlet_order(scores.outlet), top=top)


def driver_counts(scores: pd.DataFrame, counts: dict | None = None) -> dict[tuple[str, str, str], int]:
    """The VADER lexicon words of ``scores``' texts counted per (outlet, voice, word),
    added to ``counts`` (the counts of the rows before, for a table read in parts)."""
    lexicon = analyzer().lexicon
    counts = {} if counts is None else counts
    for outlet, voice, part in zip(scores.outlet, scores.voice, scores.text):
        for w in text.tokenize_words(part):
            key = w.casefold()
            if key in lexicon:
                counts[(outlet, voice, key)] = counts.get((outlet, voice, key), 0) + 1
    return counts


def drivers_table(counts: dict[tuple[str, str, str], int], outlets: list[str], *,
                  top: int | None = None) -> pd.DataFrame:
    """:func:`drivers` from :func:`driver_counts` and the outlets in order of their first
    sentence."""
    lexicon = analyzer().lexicon
    rows = [{"outlet": o, "voice": v, "word": w, "n": n, "valence": lexicon[w],
             "total": round(n * lexicon[w], 3)} for (o, v, w), n in counts.items()]
    out = pd.DataFrame(rows, columns=["outlet", "voice", "word", "n", "valence", "total"])
    if out.empty:
        return out
    out["_abs"] = out.total.abs()
    rank = {o: i for i, o in enumerate(outlets)}
    out = out.sort_values(["outlet", "_abs", "word"], ascending=[True, False, True],
                          key=lambda c: c.map(rank) if c.name == "outlet" else c, kind="stable")
    out = out.drop(columns="_abs")
    if top:
        out = out.groupby("outlet", sort=False).head(top)
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------- external check

def human_label(rating: float) -> str:
    if rating >= HUMAN_NEUTRAL_BAND:
        return "positive"
    if rating <= -HUMAN_NEUTRAL_BAND:
        return "negative"
    return "neutral"


def agreement(gold: pd.DataFrame) -> dict:
    """How far VADER agrees with people on ``gold`` (id, rating, text): Pearson and
    Spearman correlation of compound with the mean rating, the share of identical
    three-way labels, and Cohen's kappa of the labels (humans: |rating| < 0.5 neutral;
    VADER: its documented ±0.05 thresholds)."""
    compound = np.array([score_text(t)["compound"] for t in gold.text])
    rating = gold.rating.to_numpy(float)
    vader = np.array([label(c) for c in compound])
    human = np.array([human_label(r) for r in rating])
    observed = float((vader == human).mean())
    labels = ["negative", "neutral", "positive"]
    expected = sum(float((vader == l).mean()) * float((human == l).mean()) for l in labels)
    return {"n": int(len(gold)),
            "pearson_r": round(float(np.corrcoef(compound, rating)[0, 1]), 4),
            "spearman_rho": round(float(pd.Series(compound).rank().corr(pd.Series(rating).rank())), 4),
            "label_agreement": round(observed, 4),
            "cohen_kappa": round((observed - expected) / (1 - expected), 4)}


def separated_pairs(table: pd.DataFrame, order: list[str], *, limit: int) -> list[tuple]:
    """Pairs of outlets of ``table`` (rows of :func:`summarize_outlets` for one voice,
    or of :func:`score_targets` for one entity) whose 95% intervals do not overlap, the
    widest gap first (ties in ``order``), at most ``limit``: (lower outlet, higher
    outlet, the lower's row, the higher's row)."""
    t = table.dropna(subset=["ci_low", "ci_high"]).set_index("outlet")
    pairs = []
    outlets = [o for o in order if o in t.index]
    mean, ci_low, ci_high = (t[c].to_dict() for c in ("mean_compound", "ci_low", "ci_high"))
    for i, a in enumerate(outlets):
        for b in outlets[i + 1:]:
            low, high = (a, b) if mean[a] < mean[b] else (b, a)
            gap = ci_low[high] - ci_high[low]
            if gap > 0:
                pairs.append((round(float(gap), 6), low, high))
    rank = outlet_rank(order)
    pairs.sort(key=lambda p: (-p[0], rank[p[1]], rank[p[2]]))
    return [(low, high, t.loc[low], t.loc[high]) for _gap, low, high in pairs[:limit]]


def most_scored(targets: pd.DataFrame, outlets, *, n: int = 15) -> list[str]:
    """The ``n`` entities of ``targets`` (:func:`score_targets`) with the most sentences
    scored in ``outlets``, most first (ties by entity)."""
    drawn = targets[targets.outlet.isin(list(outlets))]
    return list(drawn.groupby("entity").n.sum().sort_values(ascending=False, kind="stable").index[:n])
