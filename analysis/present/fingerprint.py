"""Each outlet's fingerprint: one row per outlet, one column per comparable figure, and the
long table behind the small-multiples figure of notebook 00.

- :func:`fingerprint`: naming convention, labels, house spelling, distinctive terms,
  loaded language, narrator tone, tone toward the main people, reading grade, own text,
  quoted voices, wire services, events and dates. :data:`FINGERPRINT_COLUMNS` says which
  table of the suite each column comes from and which analysis it belongs to.
- :func:`panels`: one row per (panel, outlet, series) for the small multiples.

Both are computed from the tidy tables of :func:`analysis.pipeline.tables.build_tables` and the
registry; nothing is read from disk. :mod:`analysis.present.pages` lays the fingerprint out for
reading; :mod:`analysis.present.findings` writes up the differences that clear a threshold.
"""
from __future__ import annotations

import pandas as pd

from analysis.measures import naming, shared_copy, spelling, terms, voices as voices_mod
from analysis.people import registry as registry_mod
from analysis.language import text
from analysis.corpus.outlets import article_date, outlet_order
from analysis.present.thresholds import DEFAULT, Thresholds
from analysis.present.wording import date_span, pct, plural, short_name, signed

# column: (row label in the display (analysis.present.pages.fingerprint_display), source table,
# analysis, what it is)
FINGERPRINT_COLUMNS = {
    "n_articles": ("articles", "articles", "corpus", "number of articles"),
    "n_words": ("words analysed", "articles", "corpus",
                "words of analysis text (headline, standfirst, subheads, body)"),
    "events": ("event covered", "articles", "corpus", "the event column, most articles first"),
    "dates": ("dates", "articles", "corpus", "publication dates, else the dates of the events covered"),
    "naming_convention": ("naming convention", "variants", "naming",
                          "the naming tradition most of its varying name choices follow"),
    "naming_share": ("naming convention: share", "variants", "naming",
                     "share of its varying name choices in that tradition"),
    "n_convention": ("naming convention: mentions in it", "variants", "naming",
                     "its varying name choices that follow that tradition"),
    "n_name_choices": ("naming convention: mentions", "variants", "naming",
                       "mentions of names the corpus writes in more than one form"),
    "name_forms": ("name forms", "variants", "naming", "the varying forms it writes, most used first"),
    "labels": ("labels of the main people", "labels", "naming",
               "the narrator's labels for the most mentioned people, most used first"),
    "house_spelling": ("house spelling", "spelling", "word choice",
                       "British or American spelling where a word has both"),
    "n_british": ("British spellings", "spelling", "word choice", "words in British spelling"),
    "n_american": ("American spellings", "spelling", "word choice", "words in American spelling"),
    "distinctive_terms": ("most distinctive words (z)", "distinctive_terms", "word choice",
                          "highest z of the weighted log-odds ratio, used at least twice"),
    "loaded_per_1k": ("loaded words per 1,000 (narrator)", "loaded_language", "word choice",
                      "loaded-language terms per 1,000 of the narrator's words"),
    "n_loaded": ("loaded words (narrator)", "loaded_language", "word choice",
                 "loaded-language terms in the narrator's words"),
    "tone": ("narrator tone, 95% interval", "sentiment_outlets", "sentiment",
             "mean VADER compound of the narrator's sentences (-1 … +1)"),
    "tone_low": ("narrator tone: 95% interval, low", "sentiment_outlets", "sentiment",
                 "bootstrap interval (empty below 5 sentences)"),
    "tone_high": ("narrator tone: 95% interval, high", "sentiment_outlets", "sentiment",
                  "bootstrap interval (empty below 5 sentences)"),
    "n_tone": ("narrator sentences", "sentiment_outlets", "sentiment",
               "sentences (or narrator parts) scored"),
    "tone_people": ("tone of sentences naming the main people", "sentiment_targets", "sentiment",
                    "mean compound of the sentences naming each, with n"),
    "reading_grade": ("reading grade (Flesch-Kincaid)", "readability", "readability",
                      "mean US school grade of its articles; higher = harder"),
    "share_own": ("own text (not shared)", "reuse_sentences", "sources",
                  "share of its words in sentences no other article carries"),
    "voices": ("quoted voices (quotations)", "voices", "sources", "speakers, most quoted words first"),
    "n_quotes": ("direct quotations", "quotes", "sources", "direct quotations"),
    "wire": ("wire services credited", "articles", "corpus", "agencies its articles credit"),
}
PANEL_COLUMNS = ["panel", "outlet", "series", "value", "ci_low", "ci_high", "n", "label"]


def fingerprint(tables: dict[str, pd.DataFrame], registry: registry_mod.Registry, *,
                thresholds: Thresholds = DEFAULT) -> pd.DataFrame:
    """One row per outlet (corpus order), one column per comparable finding; every column
    is listed in :data:`FINGERPRINT_COLUMNS` with the table it comes from. Text columns are
    "" and numeric ones NaN where an outlet has nothing to count. ``thresholds``: how many
    main people, and the share that makes a house spelling."""
    articles = tables["articles"]
    order = outlet_order(articles.outlet)
    names = {e.id: e.name for e in registry.entities.values()}
    out = pd.DataFrame({"outlet": order}).set_index("outlet", drop=False)

    # corpus
    out["n_articles"] = articles.groupby("outlet").size().reindex(order).astype(int)
    out["n_words"] = articles.groupby("outlet").n_words_clean.sum().reindex(order).astype(int)
    events = _by_outlet(articles.assign(event=articles.event.fillna("").astype(str)))
    out["events"] = [", ".join(events(o).event.replace("", pd.NA).dropna()
                               .value_counts(sort=True).index) for o in order]
    dates = article_date(articles)
    dates_of = _by_outlet(pd.DataFrame({"outlet": articles.outlet, "date": dates}))
    out["dates"] = [date_span(dates_of(o).date) for o in order]
    of_outlet = _by_outlet(articles)
    out["wire"] = [_wire(of_outlet(o)) for o in order]

    # naming
    convention = naming.dominant_convention(tables["variants"], registry, order=order).set_index("outlet")
    out["naming_convention"] = convention.convention.reindex(order).fillna("")
    out["naming_share"] = convention.share.reindex(order).astype(float)
    out["n_convention"] = convention.n_convention.reindex(order).astype(float)
    out["n_name_choices"] = convention.n_choices.reindex(order).astype(float)
    out["name_forms"] = convention.forms.reindex(order).fillna("")
    people = naming.main_people(tables["mentions"], registry, n=thresholds.main_people)
    narrator = _narrator_labels(tables["labels"])
    out["labels"] = [_labels_text(narrator.get(o, {}), people, registry) for o in order]

    # word choice
    systems = spelling.spelling_systems(tables["spelling"], share=thresholds.spelling_share).set_index("outlet")
    for column in ("n_british", "n_american"):
        out[column] = systems[column].reindex(order, fill_value=0).astype(int)
    out["house_spelling"] = [_house_spelling(systems, o) for o in order]
    top = terms.top_distinctive(tables["distinctive_terms"].query("ngram == 1"), n=3)
    top_of = _by_outlet(top)
    out["distinctive_terms"] = [", ".join(f"{r.display} ({r.z:.1f})"
                                          for r in top_of(o).itertuples()) for o in order]
    loaded = tables["loaded_language"]
    loaded = loaded[(loaded.voice == text.NARRATOR) & (loaded.category == "all")].set_index("outlet")
    out["loaded_per_1k"] = loaded.per_1k_words.reindex(order).astype(float)
    out["n_loaded"] = loaded.n.reindex(order).astype(float)

    # sentiment
    tone = tables["sentiment_outlets"]
    tone = tone[tone.voice == text.NARRATOR].set_index("outlet")
    out["tone"] = tone.mean_compound.reindex(order).astype(float)
    out["tone_low"] = tone.ci_low.reindex(order).astype(float)
    out["tone_high"] = tone.ci_high.reindex(order).astype(float)
    out["n_tone"] = tone.n.reindex(order).astype(float)
    targets = tables["sentiment_targets"]
    main_targets = _by_outlet(targets[targets.entity.isin(people)])
    out["tone_people"] = [
        "; ".join(f"{short_name(registry, r.entity)} {signed(r.mean_compound)} (n {int(r.n)})"
                  for r in main_targets(o)
                  .assign(rank=lambda t: t.entity.map({p: i for i, p in enumerate(people)}))
                  .sort_values("rank").itertuples())
        for o in order]

    # readability
    grade = tables["readability"].groupby("outlet").flesch_kincaid_grade.mean()
    out["reading_grade"] = grade.reindex(order).astype(float)

    # sources
    out["share_own"] = shared_copy.own_text_by_outlet(tables["reuse_sentences"]).share_own.reindex(order).astype(float)
    voices = _by_outlet(tables["voices"])
    out["voices"] = [", ".join(f"{names.get(r.speaker_entity, r.speaker_entity)} ({int(r.n_quotes)})"
                               for r in voices(o).itertuples()) for o in order]
    out["n_quotes"] = (voices_mod.direct_quotations(tables["quotes"]).groupby("outlet").size()
                       .reindex(order).fillna(0).astype(int))

    columns = ["outlet", *FINGERPRINT_COLUMNS]
    return out.reset_index(drop=True)[columns]


def _by_outlet(table: pd.DataFrame):
    """A function giving the rows of ``table`` about one outlet (in the table's order; no
    rows for an outlet it lacks), the table split once rather than searched per outlet."""
    groups = {outlet: rows for outlet, rows in table.groupby("outlet", sort=False)}
    none = table.iloc[:0]
    return lambda outlet: groups.get(outlet, none)


def _wire(articles: pd.DataFrame) -> str:
    found = [w.strip() for value in articles.wire.fillna("") for w in str(value).split(";") if w.strip()]
    return ", ".join(dict.fromkeys(found))


def _narrator_labels(labels: pd.DataFrame) -> dict[str, dict[str, dict[str, list]]]:
    """The narrator's labels per outlet and person, counted by label_key (case-folded):
    outlet -> entity -> label_key -> [n, the label as the outlet first wrote it]."""
    found: dict[str, dict[str, dict[str, list]]] = {}
    narrator = labels[labels.voice == text.NARRATOR]
    for outlet, entity, key, label in zip(narrator.outlet, narrator.entity, narrator.label_key,
                                          narrator.label):
        counts = found.setdefault(outlet, {}).setdefault(entity, {})
        if key in counts:
            counts[key][0] += 1
        else:
            counts[key] = [1, label]
    return found


def _labels_text(mine: dict[str, dict[str, list]], people: list[str],
                 registry: registry_mod.Registry, *, per_person: int = 3) -> str:
    """The commonest labels of each of ``people`` in one outlet's narrator labels ``mine``
    (:func:`_narrator_labels`), most used first (ties by label_key)."""
    parts = []
    for person in people:
        counts = mine.get(person)
        if not counts:
            continue
        top = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))[:per_person]
        words = ", ".join(f"{label}" + (f" ×{n}" if n > 1 else "") for _key, (n, label) in top)
        parts.append(f"{short_name(registry, person)}: {words}")
    return "; ".join(parts)


def _house_spelling(systems: pd.DataFrame, outlet: str) -> str:
    """The house spelling cell of one outlet, from :func:`analysis.measures.spelling.
    spelling_systems` indexed by outlet."""
    if outlet not in systems.index:
        return ""
    r = systems.loc[outlet]
    if r.system == "mixed":
        return f"mixed ({r.n_british} British, {r.n_american} American)"
    return f"{r.system} ({r.n_system} of {r.total}: {r.forms})"


def panels(tables: dict[str, pd.DataFrame], registry: registry_mod.Registry, *,
           fingerprint_table: pd.DataFrame | None = None,
           thresholds: Thresholds = DEFAULT) -> pd.DataFrame:
    """The long table behind the small-multiples figure: one row per (panel, outlet,
    series) with value, ci_low / ci_high where there is an interval, n (what the value
    rests on) and a label. Panels: naming (share of varying name choices per tradition),
    loaded language (narrator, per 1,000 words), narrator tone, tone of the sentences
    naming the most mentioned person, reading grade and own text. ``fingerprint_table``:
    the :func:`fingerprint` of these tables when the caller has it already."""
    fp = fingerprint(tables, registry, thresholds=thresholds) if fingerprint_table is None else fingerprint_table
    rows = []
    choices = naming.naming_choices(tables["variants"], registry)
    choices = choices[(choices.n > 0) & (choices.origin != "")]  # forms with a known tradition
    for outlet in fp.outlet:
        mine = choices[choices.outlet == outlet]
        total = mine.n.sum()
        for origin, n in mine.groupby("origin", sort=True).n.sum().items():
            rows.append({"panel": "naming", "outlet": outlet, "series": origin,
                         "value": n / total, "n": int(total), "label": f"{int(n)} of {int(total)}"})
    for r in fp.itertuples():
        if pd.notna(r.loaded_per_1k):
            rows.append({"panel": "loaded language", "outlet": r.outlet, "series": "narrator",
                         "value": r.loaded_per_1k, "n": int(r.n_loaded), "label": f"{int(r.n_loaded)} words"})
        if pd.notna(r.tone):
            rows.append({"panel": "narrator tone", "outlet": r.outlet, "series": "narrator",
                         "value": r.tone, "ci_low": r.tone_low, "ci_high": r.tone_high,
                         "n": int(r.n_tone), "label": f"n {int(r.n_tone)}"})
        if pd.notna(r.reading_grade):
            rows.append({"panel": "reading grade", "outlet": r.outlet, "series": "Flesch-Kincaid",
                         "value": r.reading_grade, "n": int(r.n_articles),
                         "label": plural(r.n_articles, "article")})
        if pd.notna(r.share_own):
            rows.append({"panel": "own text", "outlet": r.outlet, "series": "own",
                         "value": r.share_own, "n": int(r.n_words), "label": pct(r.share_own)})
    people = naming.main_people(tables["mentions"], registry, n=1)
    if people:
        targets = tables["sentiment_targets"]
        for r in targets[targets.entity == people[0]].itertuples():
            rows.append({"panel": f"tone naming {short_name(registry, people[0])}", "outlet": r.outlet,
                         "series": people[0], "value": r.mean_compound, "ci_low": r.ci_low,
                         "ci_high": r.ci_high, "n": int(r.n), "label": f"n {int(r.n)}"})
    out = pd.DataFrame(rows, columns=PANEL_COLUMNS)
    for column in ("value", "ci_low", "ci_high"):
        out[column] = out[column].astype(float).round(4)
    return out
