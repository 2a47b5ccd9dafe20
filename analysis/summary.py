"""The comparison at a glance: each outlet's fingerprint, and the findings in words.

- :func:`fingerprint` is one table with a row per outlet and a column per comparable
  finding (naming convention, labels, house spelling, distinctive terms, loaded language,
  narrator tone, tone toward the main people, reading grade, own text, quoted voices,
  wire services, events and dates). :data:`FINGERPRINT_COLUMNS` says which table of the
  suite each column comes from and which notebook shows it.
- :func:`findings` writes short sentences for the differences between outlets that clear
  a documented threshold (the constants below), each with the figure behind it, the
  table it comes from and the notebook that shows it. Differences below a threshold are
  not written up. Nothing here knows the story: the same code writes the findings of any
  corpus, from the tables of :func:`analysis.tables.build_tables` and the registry.
- :func:`panels` is the long table behind the small-multiples figure of notebook 00.

Everything is computed from the tidy tables; nothing is read from disk but the
loaded-language lexicon (``data/loaded_language.csv``) when labels are checked for
loaded words.
"""
from __future__ import annotations

import re

import pandas as pd

from . import naming, sources, text, wordchoice
from .corpus import article_date, outlet_order

# ------------------------------------------------------------------ thresholds (documented)
# A person is one of the "main people" when it is among the MAIN_PEOPLE persons most
# mentioned, registered or found in the text (analysis/people.py, under its corpus-wide
# name), mentioned by at least two outlets when the corpus has two or more; the
# fingerprint lists labels and tone for them.
MAIN_PEOPLE = 3
# An event is the corpus's main event when more than this share of articles cover it;
# an outlet none of whose articles covers it "covers a different event".
MAIN_EVENT_SHARE = 0.5
# Without event names, an outlet whose articles all lie more than this many days from the
# corpus's median date may cover a different event.
DATE_GAP_DAYS = 7
# Naming: an outlet's convention counts when at least this share of at least
# MIN_NAME_CHOICES of its name choices follow it; a convention (or a form) is a finding
# when no more than half of the outlets that make the choice follow it.
CONVENTION_SHARE = 0.75
MIN_NAME_CHOICES = 3
# A name form is "written by" an outlet when at least this share of its mentions of that
# name use the form, and a form is a finding when the name has at least MIN_NAME_CHOICES
# mentions in the corpus.
FORM_SHARE = 0.8
# ... and each outlet writing the form uses it at least MIN_FORM_MENTIONS times; forms that
# differ only in the apostrophe's glyph (O'Rourke / O’Rourke) are one form; at most
# MAX_NAME_FORM_FINDINGS names are reported, the most mentioned first.
MIN_FORM_MENTIONS = 2
MAX_NAME_FORM_FINDINGS = 10
# Names found in the text (not registered) are read for such findings only among the
# NAME_FORM_TOP most mentioned names of the corpus.
NAME_FORM_TOP = 25
# Labels: an outlet that names a person at least this often and never puts a loaded word
# (data/loaded_language.csv) that other outlets use in a label with that person "does not".
MIN_MENTIONS_FOR_ABSENCE = 3
# ... and an apposition counts as a label when it is a noun phrase of at most this many
# words ("a ferocious debater"; a longer one, or a who/which clause, tells a story).
LABEL_MAX_WORDS = 5
# House spelling: an outlet follows a system when at least this share of its words that
# have a British and an American form use that system.
SPELLING_SHARE = 0.8
# Distinctive terms: |z| of the weighted log-odds ratio (Monroe et al. 2008) at or above
# 3.29, two-sided p < 0.001 for one test: stricter than 1.96 because every term is tested.
DISTINCTIVE_Z = 3.29
DISTINCTIVE_MIN_COUNT = 3
# Loaded language and reading grade: the outlet with the highest (or lowest) figure stands
# apart when it is at least LOADED_RATIO times (or at most 1 / LOADED_RATIO of) the next
# outlet's rate, among outlets with at least LOADED_MIN_COUNT loaded words; or at least
# READING_GRADE_GAP school grades beyond the next outlet's mean grade. Comparing the
# extreme with the next one, not with the median, keeps single articles of corpora with
# many outlets from filling the list.
LOADED_RATIO = 1.5
LOADED_MIN_COUNT = 5
READING_GRADE_GAP = 2.0
# Sentiment: a difference between two outlets (overall, or in the sentences naming a
# person) is a finding when their 95% bootstrap intervals do not overlap (a conservative
# test); at most MAX_TONE_PAIRS pairs per comparison, the widest gaps first.
MAX_TONE_PAIRS = 3
# Sources: an outlet whose own (unshared) text is below this share of its words is
# "mostly shared copy"; the spread of own text is a finding when the largest and the
# smallest share differ by at least OWN_SHARE_SPREAD.
OWN_SHARE_LOW = 0.5
OWN_SHARE_SPREAD = 0.25
# Quoted voices: persons (registered, or found in the text under a full name) with at
# least MIN_QUOTES quotations, quoted by some outlets and not by others, the most quoted
# first, at most MAX_SPEAKERS of them.
MIN_QUOTES = 2
MAX_SPEAKERS = 5
# Lists of outlets longer than this are given as a number ("the other 12 outlets").
MAX_LISTED = 5
# Findings that concern one outlet each (distinctive words, mostly shared copy): at most
# this many outlets, the strongest first, so that a corpus of many outlets stays readable.
MAX_OUTLET_FINDINGS = 5

# The notebook that shows each analysis (findings link to it).
NOTEBOOKS = {"corpus": "01-corpus", "naming": "02-naming", "word choice": "03-word-choice",
             "sentiment": "04-sentiment", "readability": "05-readability",
             "sources": "06-sources"}
ANALYSES = list(NOTEBOOKS)

# column: (row label in the display, source table, notebook, what it is)
FINGERPRINT_COLUMNS = {
    "n_articles": ("articles", "articles", "01-corpus", "number of articles"),
    "n_words": ("words analysed", "articles", "01-corpus",
                "words of analysis text (headline, standfirst, subheads, body)"),
    "events": ("event covered", "articles", "01-corpus", "the event column, most articles first"),
    "dates": ("dates", "articles", "01-corpus",
              "publication dates, else the dates of the events covered"),
    "naming_convention": ("naming convention", "variants", "02-naming",
                          "the naming tradition most of its varying name choices follow"),
    "naming_share": ("naming convention: share", "variants", "02-naming",
                     "share of its varying name choices in that tradition"),
    "n_convention": ("naming convention: mentions in it", "variants", "02-naming",
                     "its varying name choices that follow that tradition"),
    "n_name_choices": ("naming convention: mentions", "variants", "02-naming",
                       "mentions of names the corpus writes in more than one form"),
    "name_forms": ("name forms", "variants", "02-naming", "the varying forms it writes, most used first"),
    "labels": ("labels of the main people", "labels", "02-naming",
               "the narrator's labels for the most mentioned people, most used first"),
    "house_spelling": ("house spelling", "spelling", "03-word-choice",
                       "British or American spelling where a word has both"),
    "n_british": ("British spellings", "spelling", "03-word-choice", "words in British spelling"),
    "n_american": ("American spellings", "spelling", "03-word-choice", "words in American spelling"),
    "distinctive_terms": ("most distinctive words", "distinctive_terms", "03-word-choice",
                          "highest z of the weighted log-odds ratio, used at least twice"),
    "loaded_per_1k": ("loaded words per 1,000 (narrator)", "loaded_language", "03-word-choice",
                      "loaded-language terms per 1,000 of the narrator's words"),
    "n_loaded": ("loaded words (narrator)", "loaded_language", "03-word-choice",
                 "loaded-language terms in the narrator's words"),
    "tone": ("narrator tone", "sentiment_outlets", "04-sentiment",
             "mean VADER compound of the narrator's sentences (-1 … +1)"),
    "tone_low": ("narrator tone: 95% interval, low", "sentiment_outlets", "04-sentiment",
                 "bootstrap interval (empty below 5 sentences)"),
    "tone_high": ("narrator tone: 95% interval, high", "sentiment_outlets", "04-sentiment",
                  "bootstrap interval (empty below 5 sentences)"),
    "n_tone": ("narrator sentences", "sentiment_outlets", "04-sentiment",
               "sentences (or narrator parts) scored"),
    "tone_people": ("tone of sentences naming the main people", "sentiment_targets", "04-sentiment",
                    "mean compound of the sentences naming each, with n"),
    "reading_grade": ("reading grade (Flesch-Kincaid)", "readability", "05-readability",
                      "mean US school grade of its articles; higher = harder"),
    "share_own": ("own text", "reuse_sentences", "06-sources",
                  "share of its words in sentences no other article carries"),
    "voices": ("quoted voices", "voices", "06-sources", "speakers, most quoted words first"),
    "n_quotes": ("direct quotations", "quotes", "06-sources", "direct quotations"),
    "wire": ("wire services credited", "articles", "01-corpus", "agencies its articles credit"),
}
FINDING_COLUMNS = ["analysis", "finding", "figure", "value", "outlets", "threshold", "source",
                   "notebook"]
PANEL_COLUMNS = ["panel", "outlet", "series", "value", "ci_low", "ci_high", "n", "label"]


# ---------------------------------------------------------------------------- wording

def join_words(items: list[str], conjunction: str = "and") -> str:
    """"A", "A and B", "A, B and C"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _outlets_phrase(outlets: list[str], conjunction: str = "and", *, rest: bool = False) -> str:
    if len(outlets) > MAX_LISTED:
        return f"{'the other ' if rest else ''}{len(outlets)} outlets"
    return join_words(outlets, conjunction)


def format_date(value) -> str:
    """A date as "4 November 2021" (no locale, no ISO digits to confuse with timestamps)."""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B} {ts.year}"


def _date_span(values) -> str:
    dates = sorted({pd.Timestamp(v).normalize() for v in values if pd.notna(v)})
    if not dates:
        return ""
    if len(dates) == 1:
        return format_date(dates[0])
    return f"{format_date(dates[0])} – {format_date(dates[-1])}"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def _object_pronoun(entity) -> str:
    return {"he": "him", "she": "her", "they": "them"}.get(getattr(entity, "pronoun", ""), "")


# ---------------------------------------------------------------------------- inputs

def main_people(mentions: pd.DataFrame, registry: naming.Registry, *,
                n: int = MAIN_PEOPLE) -> list[str]:
    """The entities of the ``n`` persons mentioned most often (ties: fewer outlets last,
    then by entity), among persons mentioned by at least two outlets when the corpus has
    two or more: registry ids for registered persons, the corpus-wide name
    (:func:`analysis.naming.detected_entity_names`) for persons found in the text. A
    person found in the text counts under a full name (two words or more): a one-word
    name left as written is either ambiguous ("Clinton" where the corpus has Bill and
    Hillary Clinton) or never given in full, and may be several people."""
    persons = mentions[mentions.kind == "person"]
    if persons.empty:
        return []
    kinds = {e.id: e.kind for e in registry.entities.values()}
    persons = persons[persons.entity.map(kinds).fillna("person") == "person"]
    persons = persons[persons.entity.isin(list(kinds)) | persons.entity.str.contains(" ", regex=False)]
    if persons.empty:
        return []
    stats = persons.groupby("entity").agg(n=("outlet", "size"), n_outlets=("outlet", "nunique"))
    if mentions.outlet.nunique() > 1:
        stats = stats[stats.n_outlets >= 2]
    stats = stats.reset_index().sort_values(["n", "n_outlets", "entity"],
                                            ascending=[False, False, True], kind="stable")
    return list(stats.entity.head(n))


def _names(registry: naming.Registry) -> dict[str, str]:
    return {e.id: e.name for e in registry.entities.values()}


def _name(registry: naming.Registry, entity: str) -> str:
    """An entity's name for sentences: the registry's ``name``, else the entity itself
    (a person found in the text is keyed by its corpus-wide name, "Hillary Clinton")."""
    e = registry.entities.get(entity)
    return e.name if e is not None else entity


def _surname(registry: naming.Registry, entity: str) -> str:
    """A short name for tables: a person's last name as the registry spells it in
    ``name``, any other registered entity's full name; for an entity found in the text
    (keyed by its name) the last word of that name."""
    e = registry.entities.get(entity)
    if e is None:
        return entity.split()[-1] if entity.split() else entity
    return e.name.split()[-1] if e.kind == "person" and e.name.split() else e.name


# ---------------------------------------------------------------------------- fingerprint

def fingerprint(tables: dict[str, pd.DataFrame], registry: naming.Registry) -> pd.DataFrame:
    """One row per outlet (corpus order), one column per comparable finding; every column
    is listed in :data:`FINGERPRINT_COLUMNS` with the table it comes from. Text columns are
    "" and numeric ones NaN where an outlet has nothing to count."""
    articles = tables["articles"]
    order = outlet_order(articles.outlet)
    names = _names(registry)
    out = pd.DataFrame({"outlet": order}).set_index("outlet", drop=False)

    # corpus
    out["n_articles"] = articles.groupby("outlet").size().reindex(order).astype(int)
    out["n_words"] = articles.groupby("outlet").n_words_clean.sum().reindex(order).astype(int)
    events = _by_outlet(articles.assign(event=articles.event.fillna("").astype(str)))
    out["events"] = [", ".join(events(o).event.replace("", pd.NA).dropna()
                               .value_counts(sort=True).index) for o in order]
    dates = article_date(articles)
    dates_of = _by_outlet(pd.DataFrame({"outlet": articles.outlet, "date": dates}))
    out["dates"] = [_date_span(dates_of(o).date) for o in order]
    of_outlet = _by_outlet(articles)
    out["wire"] = [_wire(of_outlet(o)) for o in order]

    # naming
    convention = naming.dominant_convention(tables["variants"], registry, order=order).set_index("outlet")
    out["naming_convention"] = convention.convention.reindex(order).fillna("")
    out["naming_share"] = convention.share.reindex(order).astype(float)
    out["n_convention"] = convention.n_convention.reindex(order).astype(float)
    out["n_name_choices"] = convention.n_choices.reindex(order).astype(float)
    out["name_forms"] = convention.forms.reindex(order).fillna("")
    people = main_people(tables["mentions"], registry)
    narrator = _narrator_labels(tables["labels"])
    out["labels"] = [_labels_text(narrator.get(o, {}), people, registry) for o in order]

    # word choice
    systems = _spelling_systems(tables["spelling"]).set_index("outlet")
    for column in ("n_british", "n_american"):
        out[column] = systems[column].reindex(order, fill_value=0).astype(int)
    out["house_spelling"] = [_house_spelling(systems, o) for o in order]
    top = wordchoice.top_distinctive(tables["distinctive_terms"].query("ngram == 1"), n=3)
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
        "; ".join(f"{_surname(registry, r.entity)} {_signed(r.mean_compound)} (n {int(r.n)})"
                  for r in main_targets(o)
                  .assign(rank=lambda t: t.entity.map({p: i for i, p in enumerate(people)}))
                  .sort_values("rank").itertuples())
        for o in order]

    # readability
    grade = tables["readability"].groupby("outlet").flesch_kincaid_grade.mean()
    out["reading_grade"] = grade.reindex(order).astype(float)

    # sources
    out["share_own"] = _own_text(tables).share_own.reindex(order).astype(float)
    voices = _by_outlet(tables["voices"])
    out["voices"] = [", ".join(f"{names.get(r.speaker_entity, r.speaker_entity)} ({int(r.n_quotes)})"
                               for r in voices(o).itertuples()) for o in order]
    out["n_quotes"] = (sources.direct_quotations(tables["quotes"]).groupby("outlet").size()
                       .reindex(order).fillna(0).astype(int))

    columns = ["outlet", *FINGERPRINT_COLUMNS]
    return out.reset_index(drop=True)[columns]


def _by_outlet(table: pd.DataFrame):
    """A function giving the rows of ``table`` about one outlet (in the table's order; no
    rows for an outlet it lacks), the table split once rather than searched per outlet."""
    groups = {outlet: rows for outlet, rows in table.groupby("outlet", sort=False)}
    none = table.iloc[:0]
    return lambda outlet: groups.get(outlet, none)


def _own_text(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per outlet with words: n_words, n_words_own and share_own, summed over its articles
    (:func:`analysis.sources.own_share` is per article)."""
    own = sources.own_share(tables["reuse_sentences"]).groupby("outlet")[["n_words", "n_words_own"]].sum()
    own = own[own.n_words > 0]
    return own.assign(share_own=own.n_words_own / own.n_words)


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
                 registry: naming.Registry, *, per_person: int = 3) -> str:
    """The commonest labels of each of ``people`` in one outlet's narrator labels ``mine``
    (:func:`_narrator_labels`), most used first (ties by label_key)."""
    parts = []
    for person in people:
        counts = mine.get(person)
        if not counts:
            continue
        top = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))[:per_person]
        words = ", ".join(f"{label}" + (f" ×{n}" if n > 1 else "") for _key, (n, label) in top)
        parts.append(f"{_surname(registry, person)}: {words}")
    return "; ".join(parts)


def _spelling_systems(spelling: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: n_british, n_american, their forms and the house system (or "")."""
    rows = []
    for outlet, g in spelling[spelling.system.isin(["British", "American"])].groupby("outlet", sort=False):
        counts = g.groupby("system").n.sum()
        british, american = int(counts.get("British", 0)), int(counts.get("American", 0))
        total = british + american
        system = ("British" if british / total >= SPELLING_SHARE else
                  "American" if american / total >= SPELLING_SHARE else "mixed")
        forms = ", ".join(g[g.system == system].sort_values("n", ascending=False, kind="stable").form
                          if system != "mixed" else g.form)
        rows.append({"outlet": outlet, "n_british": british, "n_american": american,
                     "system": system, "n_system": max(british, american), "total": total,
                     "forms": forms})
    return pd.DataFrame(rows, columns=["outlet", "n_british", "n_american", "system", "n_system",
                                       "total", "forms"])


def _house_spelling(systems: pd.DataFrame, outlet: str) -> str:
    """The house spelling cell of one outlet, from :func:`_spelling_systems` by outlet."""
    if outlet not in systems.index:
        return ""
    r = systems.loc[outlet]
    if r.system == "mixed":
        return f"mixed ({r.n_british} British, {r.n_american} American)"
    return f"{r.system} ({r.n_system} of {r.total}: {r.forms})"


def fingerprint_display(table: pd.DataFrame) -> pd.DataFrame:
    """The fingerprint for reading: one row per finding, one column per outlet (values as
    text), and a last column "from" naming the table and notebook it comes from."""
    rows = {}

    def put(label, values, column):
        _label, source, notebook, _what = FINGERPRINT_COLUMNS[column]
        rows[label] = [*values, f"{source} · {notebook}"]

    t = table
    put("articles", [str(int(v)) for v in t.n_articles], "n_articles")
    put("words analysed", [f"{int(v):,}" for v in t.n_words], "n_words")
    put("event covered", t.events, "events")
    put("dates", t.dates, "dates")
    put("wire services credited", t.wire, "wire")
    put("naming convention", [
        "" if not c else f"{c} ({k:.0f} of {n:.0f})"
        for c, k, n in zip(t.naming_convention, t.n_convention, t.n_name_choices)], "naming_convention")
    put("name forms", t.name_forms, "name_forms")
    put("labels of the main people", t.labels, "labels")
    put("house spelling", t.house_spelling, "house_spelling")
    put("most distinctive words (z)", t.distinctive_terms, "distinctive_terms")
    put("loaded words per 1,000 (narrator)", [
        "" if pd.isna(r) else f"{r:.1f} ({int(n)} words)" for r, n in zip(t.loaded_per_1k, t.n_loaded)],
        "loaded_per_1k")
    put("narrator tone, 95% interval", [_tone_text(m, lo, hi, n) for m, lo, hi, n in
                                        zip(t.tone, t.tone_low, t.tone_high, t.n_tone)], "tone")
    put("tone of sentences naming the main people", t.tone_people, "tone_people")
    put("reading grade (Flesch-Kincaid)", ["" if pd.isna(g) else f"{g:.1f}" for g in t.reading_grade],
        "reading_grade")
    put("own text (not shared)", ["" if pd.isna(s) else _pct(s) for s in t.share_own], "share_own")
    put("quoted voices (quotations)", t.voices, "voices")
    return pd.DataFrame.from_dict(rows, orient="index", columns=[*t.outlet, "from"]).rename_axis("finding")


def _tone_text(mean, low, high, n) -> str:
    if pd.isna(mean):
        return ""
    interval = f" [{_signed(low)}, {_signed(high)}]" if pd.notna(low) else " (too few for an interval)"
    return f"{_signed(mean)}{interval}, n {int(n)}"


def corpus_overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row: articles, outlets, events, articles per outlet (most), first and last date."""
    articles = tables["articles"]
    dates = article_date(articles).dropna()
    events = articles.event.fillna("").astype(str)
    per_outlet = articles.groupby("outlet").size()
    return pd.DataFrame([{
        "n_articles": len(articles), "n_outlets": articles.outlet.nunique(),
        "n_events": events[events != ""].nunique(),
        "max_articles_per_outlet": int(per_outlet.max()) if len(per_outlet) else 0,
        "first_date": format_date(dates.min()) if len(dates) else "",
        "last_date": format_date(dates.max()) if len(dates) else "",
        "dates": _date_span(dates),
        "n_undated": int(article_date(articles).isna().sum()),
    }])


def describe_overview(row) -> str:
    """One line from a :func:`corpus_overview` row: "5 articles from 5 outlets, 2 events,
    14 September 2020 – 4 November 2021"."""
    def plural(n, word):
        n = int(n)
        return f"{n} {word}{'' if n == 1 else 's'}"

    parts = [f"{plural(row['n_articles'], 'article')} from {plural(row['n_outlets'], 'outlet')}"]
    if int(row["n_events"]):
        parts.append(plural(row["n_events"], "event"))
    if row["dates"]:
        parts.append(str(row["dates"]))
    if int(row["n_undated"]):
        parts.append(f"{int(row['n_undated'])} undated")
    return ", ".join(parts)


def corpus_overview_with_caveats(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """:func:`corpus_overview` with a ``caveats`` column (the sentences of :func:`caveats`,
    one per line): what ``report`` puts at the top of index.html."""
    return corpus_overview(tables).assign(caveats="\n".join(caveats(tables)))


def caveats(tables: dict[str, pd.DataFrame]) -> list[str]:
    """What a reader must know before reading the findings (one sentence each)."""
    overview = corpus_overview(tables).iloc[0]
    notes = []
    single = int((tables["articles"].groupby("outlet").size() == 1).sum())
    if overview.n_outlets and overview.max_articles_per_outlet == 1:
        notes.append("Each outlet is represented by a single article: every difference below "
                     "describes one article, not an outlet's habits.")
    elif single:
        notes.append(f"{single} of {overview.n_outlets} outlets are represented by a single article: "
                     "their differences describe articles, not habits.")
    if overview.n_outlets < 2:
        notes.append("The corpus has a single outlet: there is nothing to compare it with.")
    problems = tables["articles"].attrs.get("problems", [])
    if problems:
        notes.append(f"{len(problems)} problem(s) were found while reading the corpus; see "
                     "notebook 01 and problems.csv.")
    return notes


# ---------------------------------------------------------------------------- findings

def findings(tables: dict[str, pd.DataFrame], registry: naming.Registry, *,
             lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """The differences between outlets that clear the thresholds of this module, as
    sentences: one row each with the analysis, the sentence, the figure behind it, a
    numeric value, the outlets concerned, the threshold it cleared, the source table and
    the notebook that shows it. Ordered by analysis (corpus, naming, word choice,
    sentiment, readability, sources)."""
    articles = tables["articles"]
    order = outlet_order(articles.outlet)
    rows: list[dict] = []
    if len(order) >= 2:
        rows += _event_findings(articles, order)
        rows += _naming_findings(tables["variants"], registry, order)
        rows += _label_findings(tables, registry, order, lexicon)
        rows += _spelling_findings(tables["spelling"], order)
        rows += _distinctive_findings(tables["distinctive_terms"], order)
        rows += _loaded_findings(tables["loaded_language"], order)
        rows += _tone_findings(tables, registry, order)
        rows += _reading_findings(tables["readability"], order)
        rows += _speaker_findings(tables, registry, order)
        rows += _own_text_findings(tables, order)
    out = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    out["notebook"] = out.analysis.map(NOTEBOOKS)
    rank = {a: i for i, a in enumerate(ANALYSES)}
    return out.sort_values("analysis", key=lambda c: c.map(rank), kind="stable").reset_index(drop=True)


def _finding(analysis: str, finding: str, figure: str, value: float, outlets: list[str],
             threshold: str, source: str) -> dict:
    return {"analysis": analysis, "finding": finding, "figure": figure, "value": value,
            "outlets": "; ".join(outlets), "threshold": threshold, "source": source,
            "notebook": NOTEBOOKS[analysis]}


def _event_findings(articles: pd.DataFrame, order: list[str]) -> list[dict]:
    events = articles.event.fillna("").astype(str).str.strip()
    dates = article_date(articles)
    named = events[events != ""]
    rows = []
    if len(named):
        counts = named.value_counts(sort=True)
        main, n_main = counts.index[0], int(counts.iloc[0])
        if n_main / len(articles) > MAIN_EVENT_SHARE:
            main_dates = _date_span(dates[events == main])
            for outlet in order:
                mine = events[articles.outlet == outlet]
                if (mine == main).any() or (mine == "").all():
                    continue
                other = ", ".join(dict.fromkeys(mine[mine != ""]))
                when = _date_span(dates[(articles.outlet == outlet) & (events != main)])
                rows.append(_finding(
                    "corpus",
                    f"{outlet} covers a different event" + (f" ({when})" if when else "")
                    + f": “{other}”; {n_main} of {len(articles)} articles cover “{main}”"
                    + (f" ({main_dates})" if main_dates else "") + ".",
                    f"{n_main} of {len(articles)} articles on the main event; {outlet}: 0 of {int(mine.size)}",
                    n_main / len(articles), [outlet],
                    f"main event covered by more than {_pct(MAIN_EVENT_SHARE)} of articles", "articles"))
            return rows
        if named.nunique() > 1:
            rows.append(_finding(
                "corpus",
                f"The articles cover {named.nunique()} different events (the largest, {main}, "
                f"{n_main} of {len(articles)} articles): differences between outlets mix "
                "differences between events.",
                f"{named.nunique()} events; largest {n_main} of {len(articles)}", named.nunique(), [],
                f"no event covered by more than {_pct(MAIN_EVENT_SHARE)} of articles", "articles"))
        return rows
    known = dates.dropna()
    if len(known) < 2:
        return rows
    median = known.sort_values().iloc[(len(known) - 1) // 2]
    for outlet in order:
        mine = dates[articles.outlet == outlet].dropna()
        if mine.empty:
            continue
        gap = (mine - median).abs().dt.days
        if (gap > DATE_GAP_DAYS).all():
            rows.append(_finding(
                "corpus",
                f"{outlet}'s articles date from {_date_span(mine)}, {int(gap.min())} days or more "
                f"from the corpus's median date ({format_date(median)}): they may cover a different event.",
                f"{int(gap.min())} days from the median date", float(gap.min()), [outlet],
                f"more than {DATE_GAP_DAYS} days from the median date", "articles"))
    return rows


_APOSTROPHES = "[’‘ʼ`´]"


def _naming_findings(variants: pd.DataFrame, registry: naming.Registry, order: list[str]) -> list[dict]:
    rows = []
    conventions = naming.dominant_convention(variants, registry, order=order)
    clear = conventions[(conventions.share >= CONVENTION_SHARE)
                        & (conventions.n_choices >= MIN_NAME_CHOICES)
                        & ~conventions.convention.str.startswith("mixed")]
    if clear.convention.nunique() >= 2:
        majority = clear.convention.value_counts().index[0]
        for convention, group in clear.groupby("convention", sort=False):
            if convention == majority or len(group) > len(clear) / 2:
                continue
            who = list(group.outlet)
            others = clear[clear.convention != convention]
            detail = "; ".join((f"{r.outlet} " if len(group) > 1 else "") + f"{r.n_convention} of {r.n_choices}"
                               for r in group.itertuples())
            forms = ", ".join(dict.fromkeys(f.strip() for fs in group.forms for f in fs.split(",")))
            rows.append(_finding(
                "naming",
                f"{_outlets_phrase(who)} alone {'writes' if len(who) == 1 else 'write'} {convention} "
                f"name forms ({detail} name choices: {forms}); "
                f"{_outlets_phrase(list(others.outlet), rest=True)} mostly "
                f"{'writes' if len(others) == 1 else 'write'} "
                f"{join_words(list(dict.fromkeys(others.convention)), 'or')} forms.",
                detail + " name choices", float(group.share.min()), who,
                f"at least {_pct(CONVENTION_SHARE)} of at least {MIN_NAME_CHOICES} name choices; "
                "followed by no more than half of the outlets", "variants"))
    # one name, written in a form only a minority of the outlets naming it use
    choices = naming.naming_choices(variants, registry)
    choices = choices[(choices.part == "name") & (choices.n > 0)]
    choices = (choices.assign(variant=choices.variant.str.replace(_APOSTROPHES, "'", regex=True))
               .groupby(["entity", "outlet", "variant"], sort=False).n.sum().reset_index())
    # registered entities, and the most mentioned of those found in the text (a rarely
    # named person's "variants" are as often two people with alike names), most mentioned first
    mentioned = (variants[variants.part == "name"].groupby("entity").n.sum()
                 .sort_values(ascending=False, kind="stable").index)
    top, present = set(mentioned[:NAME_FORM_TOP]), set(choices.entity)
    eligible = [e for e in mentioned if e in present and (e in registry.entities or e in top)]
    choices = choices.set_index("entity").loc[eligible].reset_index()
    form_rows: list[dict] = []
    threshold = (f"a name with at least {MIN_NAME_CHOICES} mentions; a form used for at least "
                 f"{_pct(FORM_SHARE)} and {MIN_FORM_MENTIONS} of an outlet's mentions by no more than "
                 "half of the outlets naming it")
    for entity, group in choices.groupby("entity", sort=False):
        if group.n.sum() < MIN_NAME_CHOICES:
            continue
        naming_outlets = [o for o in order if o in set(group.outlet)]
        totals = group.groupby("outlet").n.sum()
        minority = []  # (form, its users, "n of total" per user, lowest share)
        for form, fg in group.groupby("variant", sort=False):
            users = [o for o in naming_outlets if o in set(fg.outlet)]
            if len(users) > len(naming_outlets) / 2 or len(users) == len(naming_outlets):
                continue
            used = fg.groupby("outlet").n.sum()
            shares = used / totals.reindex(used.index)
            if (shares < FORM_SHARE).any() or (used < MIN_FORM_MENTIONS).any():
                continue
            detail = "; ".join((f"{o} " if len(users) > 1 else "") + f"{int(used[o])} of {int(totals[o])}"
                               for o in users)
            minority.append((form, users, detail, float(shares.min())))
        if len(minority) == 1:
            form, users, detail, share = minority[0]
            others = group[~group.outlet.isin(users)]
            other_forms = others.groupby("variant", sort=False).n.sum().sort_values(ascending=False, kind="stable")
            rest = [o for o in naming_outlets if o not in users]
            form_rows.append(_finding(
                "naming",
                f"Only {_outlets_phrase(users, 'and')} {'writes' if len(users) == 1 else 'write'} "
                f"{form} ({detail} mentions); {_outlets_phrase(rest, rest=True)} "
                f"{'writes' if len(rest) == 1 else 'write'} "
                + join_words([f"{v} ({int(n)})" for v, n in other_forms.items()], "or") + ".",
                detail + " mentions", share, users, threshold, "variants"))
        elif minority:
            # several outlets each with a form of their own: one sentence for the name
            parts = [f"{form} by {_outlets_phrase(users)} ({detail} mentions)" for form, users, detail, _s in minority]
            users = [o for o in naming_outlets if any(o in m[1] for m in minority)]
            form_rows.append(_finding(
                "naming",
                f"The outlets write {_name(registry, entity)}'s name in {len(minority)} forms "
                f"that few others share: " + join_words(parts) + ".",
                "; ".join(f"{form}: {detail}" for form, _u, detail, _s in minority) + " mentions",
                min(m[3] for m in minority), users, threshold, "variants"))
    if len(form_rows) > MAX_NAME_FORM_FINDINGS:
        more = len(form_rows) - MAX_NAME_FORM_FINDINGS
        form_rows = form_rows[:MAX_NAME_FORM_FINDINGS] + [_finding(
            "naming", f"{more} less mentioned names are written in forms few outlets share; "
            "variants.csv lists every form.", f"{more} names", float(more), [], threshold, "variants")]
    return rows + form_rows


def _label_findings(tables: dict[str, pd.DataFrame], registry: naming.Registry, order: list[str],
                    lexicon: pd.DataFrame | None) -> list[dict]:
    """Loaded words (data/loaded_language.csv) in the narrator's labels of the main people:
    which outlets use them, and which outlets name the person often and never do. Labels
    are read as :func:`labelling` says (no clause after the name)."""
    labels = tables["labels"]
    labels = labels[(labels.voice == text.NARRATOR) & labelling(labels)]
    mentions = tables["mentions"]
    if labels.empty:
        return []
    lexicon = wordchoice.load_lexicon() if lexicon is None else lexicon
    pattern, form_of = wordchoice.lexicon_pattern(lexicon)
    rows = []
    for person in main_people(mentions, registry):
        mine = labels[labels.entity == person]
        hits = []
        for r in mine.itertuples():
            for m in pattern.finditer(r.label):
                term, category = form_of[re.sub(r"\s+", " ", m.group().casefold())]
                hits.append({"outlet": r.outlet, "term": term, "category": category, "label": r.label})
        if not hits:
            continue
        hits = pd.DataFrame(hits)
        n_mentions = mentions[mentions.entity == person].groupby("outlet").size()
        name = _name(registry, person)
        for term, th in hits.groupby("term", sort=False):
            users = [o for o in order if o in set(th.outlet)]
            absent = [o for o in order if o not in users and n_mentions.get(o, 0) >= MIN_MENTIONS_FOR_ABSENCE]
            if not absent:
                continue
            forms = ", ".join(f"“{l}”" for l in list(dict.fromkeys(th.label))[:MAX_LISTED])
            pronoun = _object_pronoun(registry.entities.get(person)) or name
            counts = [int(n_mentions[o]) for o in absent]
            if len(absent) <= MAX_LISTED:
                silent = f"{join_words(absent)}, naming {pronoun} {join_words([str(n) for n in counts])} times,"
            else:
                silent = (f"{len(absent)} other outlets, naming {pronoun} {min(counts)} to {max(counts)} "
                          "times each,")
            rows.append(_finding(
                "naming",
                f"{_outlets_phrase(users)} {'labels' if len(users) == 1 else 'label'} {name} "
                f"with “{term}” ({forms}: {_times(len(th))}); {silent} never "
                + ("does." if len(absent) == 1 else "do."),
                f"{len(th)} label{'s' if len(th) != 1 else ''} in {len(users)} outlet{'s' if len(users) != 1 else ''}; "
                f"none in {len(absent)}", len(th),
                users + absent,
                f"a loaded word ({th.category.iloc[0]}) in the narrator's labels; absent from outlets "
                f"naming the person at least {MIN_MENTIONS_FOR_ABSENCE} times", "labels") | {"person": person})
    # the most used loaded labels first, at most MAX_OUTLET_FINDINGS per person
    rows = [r for _p, group in pd.DataFrame(rows, columns=[*FINDING_COLUMNS, "person"]).groupby(
        "person", sort=False) for r in group.sort_values("value", ascending=False, kind="stable")
        .head(MAX_OUTLET_FINDINGS).drop(columns="person").to_dict("records")] if rows else []
    return rows


def labelling(labels: pd.DataFrame) -> pd.Series:
    """Which label rows label a person, for loaded-word findings: every label before the
    name and every reference, and appositions that are a noun phrase of at most
    LABEL_MAX_WORDS words ("a ferocious debater"), not a clause ("who was earlier
    criticized for ...", "the critics showed no signs of backing down"), which tells what
    happened rather than what the person is called."""
    words = labels.label.astype(str).str.split().str.len()
    clause = labels.label.astype(str).str.match(r"(?i)(?:who|whose|whom|which|that)\b")
    return (labels.label_type != "apposition") | (~clause & (words <= LABEL_MAX_WORDS))


def _spelling_findings(spelling: pd.DataFrame, order: list[str]) -> list[dict]:
    systems = _spelling_systems(spelling)
    systems = systems[systems.system.isin(["British", "American"])]
    if systems.system.nunique() < 2:
        return []
    rank = {o: i for i, o in enumerate(order)}
    systems = systems.sort_values("outlet", key=lambda c: c.map(rank), kind="stable")
    parts, figures = [], []
    for system in ("British", "American"):
        group = systems[systems.system == system]
        forms = ", ".join(dict.fromkeys(f.strip() for fs in group.forms for f in fs.split(",")))
        if len(group) <= MAX_LISTED:
            detail = "; ".join(f"{r.outlet} {r.n_system} of {r.total}" for r in group.itertuples())
        else:
            detail = f"{int(group.n_system.sum()):,} of {int(group.total.sum()):,} words"
            forms = ", ".join(forms.split(", ")[:MAX_LISTED]) + ", …"
        parts.append(f"{_outlets_phrase(list(group.outlet))} {system} ({detail}: {forms})")
        figures.append(detail)
    return [_finding(
        "word choice",
        f"House spelling differs: {parts[0]}; {parts[1]}.",
        " | ".join(figures), float(len(systems)), list(systems.outlet),
        f"at least {_pct(SPELLING_SHARE)} of an outlet's British/American word forms in one system",
        "spelling")]


def _distinctive_findings(distinctive: pd.DataFrame, order: list[str]) -> list[dict]:
    d = distinctive[(distinctive.ngram == 1) & (distinctive.z >= DISTINCTIVE_Z)
                    & (distinctive.n >= DISTINCTIVE_MIN_COUNT)]
    d = d[d.term.str.count(r"[^\W\d_]") >= 2]  # not "S" of "U.S."
    rows = []
    best = d.groupby("outlet").z.max().sort_values(ascending=False, kind="stable")
    strongest = set(best.index[:MAX_OUTLET_FINDINGS])
    for outlet in [o for o in order if o in strongest]:
        top = d[d.outlet == outlet].head(3)
        versus = top.versus.iloc[0]
        terms = "; ".join(f"“{r.display}” (z {r.z:.1f}: {int(r.n)} uses, {int(r.n_rest)} in {versus})"
                          for r in top.itertuples())
        rows.append(_finding(
            "word choice", f"Words that set {outlet} apart: {terms}.",
            f"z {top.z.iloc[0]:.1f}", float(top.z.iloc[0]), [outlet],
            f"z ≥ {DISTINCTIVE_Z} (weighted log-odds, Monroe et al. 2008), used at least "
            f"{DISTINCTIVE_MIN_COUNT} times", "distinctive_terms"))
    return rows


def _standouts(values: pd.Series, *, ratio: float | None = None, gap: float | None = None) -> list[tuple]:
    """The highest and the lowest outlet when it stands apart from the next one: at least
    ``ratio`` times its value (or 1/ratio of it), or ``gap`` beyond it. Returns
    (outlet, value, the next outlet, its value, "highest" or "lowest") for each."""
    values = values.dropna().sort_values(kind="stable")
    out = []
    if len(values) < 2:
        return out
    for end, outlet, value, nxt in (("highest", values.index[-1], values.iloc[-1], values.index[-2]),
                                    ("lowest", values.index[0], values.iloc[0], values.index[1])):
        other = float(values[nxt])
        high, low = (value, other) if end == "highest" else (other, value)
        apart = (ratio is not None and low > 0 and high >= ratio * low) or \
                (ratio is not None and low == 0 < high) or (gap is not None and high - low >= gap)
        if apart:
            out.append((outlet, float(value), nxt, other, end))
    return out


def _loaded_findings(loaded: pd.DataFrame, order: list[str]) -> list[dict]:
    narrator = loaded[(loaded.voice == text.NARRATOR) & (loaded.category == "all")].set_index("outlet")
    counted = narrator[narrator.n >= LOADED_MIN_COUNT]
    rows = []
    for outlet, value, nxt, other, end in _standouts(counted.per_1k_words, ratio=LOADED_RATIO):
        rows.append(_finding(
            "word choice",
            f"{outlet}'s narrator uses the {'most' if end == 'highest' else 'least'} loaded language: "
            f"{value:.1f} loaded words per 1,000 ({int(narrator.n[outlet])} words), against "
            f"{other:.1f} for the {'next' if len(counted) > 2 else 'other'} outlet, {nxt}.",
            f"{value:.1f} vs {other:.1f} per 1,000 words", value, [outlet, nxt],
            f"at least {LOADED_RATIO}× (or at most 1/{LOADED_RATIO} of) the next outlet's rate; "
            f"outlets with at least {LOADED_MIN_COUNT} loaded words", "loaded_language"))
    return rows


def _interval_pairs(table: pd.DataFrame, order: list[str]) -> list[tuple]:
    """Pairs of outlets whose 95% intervals do not overlap, widest gap first."""
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
    rank = {o: i for i, o in enumerate(order)}
    pairs.sort(key=lambda p: (-p[0], rank[p[1]], rank[p[2]]))
    return [(low, high, t.loc[low], t.loc[high]) for _gap, low, high in pairs[:MAX_TONE_PAIRS]]


def _tone_findings(tables: dict[str, pd.DataFrame], registry: naming.Registry, order: list[str]) -> list[dict]:
    rows = []
    threshold = "95% bootstrap intervals that do not overlap"

    def ci(r) -> str:
        return f"{_signed(r.mean_compound)} [{_signed(r.ci_low)}, {_signed(r.ci_high)}], n {int(r.n)}"

    tone = tables["sentiment_outlets"]
    for low, high, lo, hi in _interval_pairs(tone[tone.voice == text.NARRATOR], order):
        rows.append(_finding(
            "sentiment",
            f"{low}'s narrator sentences read more negative than {high}'s: mean VADER compound "
            f"{ci(lo)} against {ci(hi)}.",
            f"{_signed(lo.mean_compound)} vs {_signed(hi.mean_compound)}",
            float(hi.mean_compound - lo.mean_compound), [low, high], threshold, "sentiment_outlets"))
    targets = tables["sentiment_targets"]
    for person in main_people(tables["mentions"], registry):
        name = _name(registry, person)
        for low, high, lo, hi in _interval_pairs(targets[targets.entity == person], order):
            rows.append(_finding(
                "sentiment",
                f"{low}'s sentences naming {name} read more negative than {high}'s: "
                f"{ci(lo)} against {ci(hi)}.",
                f"{_signed(lo.mean_compound)} vs {_signed(hi.mean_compound)}",
                float(hi.mean_compound - lo.mean_compound), [low, high], threshold, "sentiment_targets"))
    return rows


def _reading_findings(readability: pd.DataFrame, order: list[str]) -> list[dict]:
    grade = readability.groupby("outlet").flesch_kincaid_grade.mean().reindex(order)
    rows = []
    for outlet, value, nxt, other, end in _standouts(grade, gap=READING_GRADE_GAP):
        rows.append(_finding(
            "readability",
            f"{outlet}'s text is the {'hardest' if end == 'highest' else 'easiest'} to read: "
            f"Flesch-Kincaid grade {value:.1f}, against {other:.1f} for the "
            f"{'next' if grade.notna().sum() > 2 else 'other'} outlet, {nxt}.",
            f"grade {value:.1f} vs {other:.1f}", value, [outlet, nxt],
            f"at least {READING_GRADE_GAP:g} school grades beyond the next outlet", "readability"))
    return rows


def _speaker_findings(tables: dict[str, pd.DataFrame], registry: naming.Registry,
                      order: list[str]) -> list[dict]:
    voices = tables["voices"]
    voices = voices[voices.speaker_entity.isin(list(registry.entities) + _found_speakers(tables["quotes"], registry))]
    mentions = tables["mentions"]
    rows = []
    ranked = voices.groupby("speaker_entity").n_quotes.sum().sort_values(ascending=False, kind="stable")
    for speaker in ranked.index:
        v = voices[voices.speaker_entity == speaker].set_index("outlet")
        quoting = [o for o in order if o in v.index]
        silent = [o for o in order if o not in v.index]
        if not silent or ranked[speaker] < MIN_QUOTES:
            continue
        if len(rows) >= MAX_SPEAKERS:
            break
        entity = registry.entities.get(speaker)
        counts = [f"{o} ({int(v.n_quotes[o])}"
                  + ("" if i else f" quotation{'s' if v.n_quotes[o] != 1 else ''}") + ")"
                  for i, o in enumerate(quoting)]
        named = set(mentions[mentions.entity == speaker].outlet)
        sentence = (f"{_name(registry, speaker)} is quoted by "
                    + (join_words(counts) if len(counts) <= MAX_LISTED else f"{len(counts)} outlets")
                    + f", not by {_outlets_phrase(silent, 'or', rest=True)}")
        if not named & set(silent):
            pronoun = _object_pronoun(entity) or "this speaker"
            sentence += f", which {'does' if len(silent) == 1 else 'do'} not name {pronoun} at all"
        rows.append(_finding(
            "sources", sentence + ".",
            f"{int(ranked[speaker])} quotations in {len(quoting)} of {len(order)} outlets",
            float(ranked[speaker]), quoting,
            f"a person with at least {MIN_QUOTES} quotations, quoted by some outlets "
            f"and not by others (the {MAX_SPEAKERS} most quoted)", "voices"))
    return rows


def _found_speakers(quotes: pd.DataFrame, registry: naming.Registry) -> list[str]:
    """The persons found in the text (no registry entity) who speak in ``quotes``, by
    their corpus-wide name, as :func:`main_people` counts them: full names only."""
    if quotes.empty or "speaker_kind" not in quotes.columns:
        return []
    found = quotes[(quotes.speaker_kind == "person") & ~quotes.speaker_entity.isin(list(registry.entities))]
    names = found.speaker_canonical.fillna("").astype(str)
    return sorted(set(names[names.str.contains(" ", regex=False)]))


def _own_text_findings(tables: dict[str, pd.DataFrame], order: list[str]) -> list[dict]:
    own = _own_text(tables)
    own = own.reindex([o for o in order if o in own.index])
    if len(own) < 2:
        return []
    share = own.share_own
    rows = []
    pairs = tables["reuse_pairs"]
    lowest = share[share < OWN_SHARE_LOW].sort_values(kind="stable").index[:MAX_OUTLET_FINDINGS]
    for outlet in [o for o in share.index if o in set(lowest)]:
        mine = pairs[pairs.outlet_a == outlet].sort_values("share_shared", ascending=False, kind="stable")
        partner = (f"; {_pct(mine.share_shared.iloc[0])} of its words are also in {mine.outlet_b.iloc[0]}'s"
                   f" article" if len(mine) else "")
        rows.append(_finding(
            "sources",
            f"Most of {outlet}'s text is shared copy: only {_pct(share[outlet])} of its "
            f"{int(own.n_words[outlet]):,} words are in sentences no other article carries{partner}.",
            f"{int(own.n_words_own[outlet])} of {int(own.n_words[outlet])} words own",
            float(share[outlet]), [outlet], f"own text below {_pct(OWN_SHARE_LOW)} of an outlet's words",
            "reuse_sentences"))
    low, high = share.idxmin(), share.idxmax()
    if share[high] - share[low] >= OWN_SHARE_SPREAD:
        listing = ", ".join(f"{o} {_pct(share[o])}" for o in share.sort_values(kind="stable").index) \
            if len(share) <= MAX_LISTED * 2 else f"{low} {_pct(share[low])} … {high} {_pct(share[high])}"
        rows.append(_finding(
            "sources",
            f"The share of own text (sentences no other article in the corpus carries) ranges from "
            f"{_pct(share[low])} of {low}'s words to {_pct(share[high])} of {high}'s ({listing}).",
            f"{_pct(share[low])} – {_pct(share[high])}", float(share[high] - share[low]),
            list(share.index), f"a spread of at least {_pct(OWN_SHARE_SPREAD)}", "reuse_sentences"))
    return rows


# ---------------------------------------------------------------------------- small multiples

def panels(tables: dict[str, pd.DataFrame], registry: naming.Registry, *,
           fingerprint_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The long table behind the small-multiples figure: one row per (panel, outlet,
    series) with value, ci_low / ci_high where there is an interval, n (what the value
    rests on) and a label. Panels: naming (share of varying name choices per tradition),
    loaded language (narrator, per 1,000 words), narrator tone, tone of the sentences
    naming the most mentioned person, reading grade and own text. ``fingerprint_table``:
    the :func:`fingerprint` of these tables when the caller has it already."""
    fp = fingerprint(tables, registry) if fingerprint_table is None else fingerprint_table
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
                         "label": f"{int(r.n_articles)} article{'s' if r.n_articles != 1 else ''}"})
        if pd.notna(r.share_own):
            rows.append({"panel": "own text", "outlet": r.outlet, "series": "own",
                         "value": r.share_own, "n": int(r.n_words), "label": _pct(r.share_own)})
    people = main_people(tables["mentions"], registry, n=1)
    if people:
        targets = tables["sentiment_targets"]
        for r in targets[targets.entity == people[0]].itertuples():
            rows.append({"panel": f"tone naming {_surname(registry, people[0])}", "outlet": r.outlet,
                         "series": people[0], "value": r.mean_compound, "ci_low": r.ci_low,
                         "ci_high": r.ci_high, "n": int(r.n), "label": f"n {int(r.n)}"})
    out = pd.DataFrame(rows, columns=PANEL_COLUMNS)
    for column in ("value", "ci_low", "ci_high"):
        out[column] = out[column].astype(float).round(4)
    return out


def thresholds() -> pd.DataFrame:
    """What makes a difference a finding: one row per kind of finding with its rule, built
    from this module's constants (so the table cannot drift from the code)."""
    rows = [
        ("corpus", "a different event",
         f"the corpus's main event is covered by more than {_pct(MAIN_EVENT_SHARE)} of articles and "
         "none of the outlet's articles covers it; without event names, all of the outlet's "
         f"articles lie more than {DATE_GAP_DAYS} days from the median date"),
        ("naming", "a naming convention few outlets follow",
         f"at least {_pct(CONVENTION_SHARE)} of at least {MIN_NAME_CHOICES} varying name choices in "
         "one tradition, a tradition no more than half of the outlets follow"),
        ("naming", "a name form few outlets write",
         f"a name with at least {MIN_NAME_CHOICES} mentions; the form is at least {_pct(FORM_SHARE)} "
         f"and {MIN_FORM_MENTIONS} of each user's mentions, used by no more than half of the outlets "
         f"naming it (apostrophe glyphs alike); registered names and the {NAME_FORM_TOP} most "
         f"mentioned found in the text; the {MAX_NAME_FORM_FINDINGS} most mentioned names"),
        ("naming", "a loaded label some outlets never use",
         "a word of data/loaded_language.csv in the narrator's labels (before the name, or an "
         f"apposition of at most {LABEL_MAX_WORDS} words that is no clause) of one of the "
         f"{MAIN_PEOPLE} most mentioned people, never used by outlets that name the person at least "
         f"{MIN_MENTIONS_FOR_ABSENCE} times; the {MAX_OUTLET_FINDINGS} most used per person"),
        ("word choice", "British versus American spelling",
         f"at least {_pct(SPELLING_SHARE)} of an outlet's British/American forms in one system, "
         "with outlets on both sides"),
        ("word choice", "distinctive words",
         f"z ≥ {DISTINCTIVE_Z} (weighted log-odds, Monroe et al. 2008), at least "
         f"{DISTINCTIVE_MIN_COUNT} uses, at least two letters; at most three per outlet, for the "
         f"{MAX_OUTLET_FINDINGS} outlets with the highest z"),
        ("word choice", "more or less loaded language",
         f"the highest (lowest) narrator's loaded words per 1,000, at least {LOADED_RATIO}× (at most "
         f"1/{LOADED_RATIO} of) the next outlet's; outlets with at least {LOADED_MIN_COUNT} loaded words"),
        ("sentiment", "a more negative tone",
         "95% bootstrap intervals that do not overlap (narrator sentences; sentences naming each of "
         f"the main people); at most {MAX_TONE_PAIRS} pairs each, widest gap first"),
        ("readability", "harder or easier to read",
         f"the highest (lowest) mean Flesch-Kincaid grade, at least {READING_GRADE_GAP:g} grades beyond "
         "the next outlet's"),
        ("sources", "who is quoted by whom",
         f"a person (registered, or found in the text under a full name) with at least {MIN_QUOTES} "
         "quotations whom some outlets quote and "
         f"others do not; the {MAX_SPEAKERS} most quoted"),
        ("sources", "mostly shared copy", f"own text below {_pct(OWN_SHARE_LOW)} of an outlet's words; "
         f"the {MAX_OUTLET_FINDINGS} lowest"),
        ("sources", "spread of own text",
         f"largest and smallest share of own text at least {_pct(OWN_SHARE_SPREAD)} apart"),
    ]
    return pd.DataFrame(rows, columns=["analysis", "finding", "rule"])
