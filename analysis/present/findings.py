"""The findings in words: the differences between outlets that clear a threshold, and
what a reader must know before reading them.

Each kind of finding is a :class:`Rule` (its analysis, its name and its threshold in
words, written once from the fields of :class:`analysis.present.thresholds.Thresholds`)
and a small detect-and-word function that finds the differences in the tables and writes
a sentence for each. :func:`findings` runs them all; :func:`rules_table` lists the rules
as notebook 00 shows them; the finding's ``threshold`` column is the same text. Differences
below a threshold are not written up. Nothing here knows the story: the same code writes the
findings of any corpus, from :func:`analysis.pipeline.tables.build_tables` and its Config."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pandas as pd

from analysis.measures import labels as labels_mod, loaded as loaded_mod, naming, sentiment, shared_copy, spelling
from analysis.language import text
from analysis.corpus.outlets import article_date, outlet_order, outlet_rank
from analysis.present.thresholds import DEFAULT, Thresholds
from analysis.present.wording import (MAX_LISTED, date_span, entity_name, format_date, join_words, object_pronoun,
                      outlets_phrase, pct, signed, times)

if TYPE_CHECKING:
    from analysis.people.registry import Registry
    from analysis.pipeline.config import Config

FINDING_COLUMNS = ["analysis", "finding", "figure", "value", "outlets", "threshold", "source"]
ANALYSES = ["corpus", "naming", "word choice", "sentiment", "readability", "sources"]


@dataclass(frozen=True)
class Rule:
    """One kind of finding: the analysis it belongs to, its name and its threshold in
    words (a function of the thresholds, so that the words follow the numbers)."""

    analysis: str
    name: str
    words: Callable[[Thresholds], str]


@dataclass(frozen=True)
class Evidence:
    """What the detect-and-word functions read: the tables, the registry, the lexicon,
    the outlets in corpus order and the thresholds."""

    tables: dict[str, pd.DataFrame]
    registry: Registry
    lexicon: pd.DataFrame
    order: list[str]
    thresholds: Thresholds

    def finding(self, rule: Rule, finding: str, figure: str, value: float, outlets: list[str],
                source: str) -> dict:
        """One row of :func:`findings` for ``rule``: its threshold is the rule's words."""
        return {"analysis": rule.analysis, "finding": finding, "figure": figure, "value": value,
                "outlets": "; ".join(outlets), "threshold": rule.words(self.thresholds), "source": source}

    def main_people(self) -> list[str]:
        return naming.main_people(self.tables["mentions"], self.registry, n=self.thresholds.main_people)


# ---------------------------------------------------------------------------- the rules

DIFFERENT_EVENT = Rule(
    "corpus", "a different event",
    lambda t: f"the corpus's main event is covered by more than {pct(t.main_event_share)} of articles "
              "and none of the outlet's articles covers it")
SEVERAL_EVENTS = Rule(
    "corpus", "several events",
    lambda t: f"no event is covered by more than {pct(t.main_event_share)} of articles")
DIFFERENT_DATES = Rule(
    "corpus", "a different time",
    lambda t: f"without event names: all of the outlet's articles lie more than {t.date_gap_days} "
              "days from the median date")
CONVENTION = Rule(
    "naming", "a naming convention few outlets follow",
    lambda t: f"at least {pct(t.convention_share)} of at least {t.min_name_choices} varying name "
              "choices in one tradition, a tradition no more than half of the outlets follow")
NAME_FORM = Rule(
    "naming", "a name form few outlets write",
    lambda t: f"a name with at least {t.min_name_choices} mentions; the form is at least "
              f"{pct(t.form_share)} and {t.min_form_mentions} of each user's mentions, used by no more "
              "than half of the outlets naming it (apostrophe glyphs alike); registered names and the "
              f"{t.name_form_top} most mentioned found in the text; the {t.max_name_form_findings} most "
              "mentioned names")
LOADED_LABEL = Rule(
    "naming", "a loaded label some outlets never use",
    lambda t: "a framing word of the loaded-language lexicon in the narrator's labels (before the name, or an "
              f"apposition of at most {t.label_max_words} words that is no clause) of one of the "
              f"{t.main_people} most mentioned people, never used by outlets that name the person at "
              f"least {t.min_mentions_for_absence} times; the {t.max_outlet_findings} most used per person")
SPELLING = Rule(
    "word choice", "British versus American spelling",
    lambda t: f"at least {pct(t.spelling_share)} of an outlet's British/American forms in one system, "
              "with outlets on both sides")
DISTINCTIVE = Rule(
    "word choice", "distinctive words",
    lambda t: f"z ≥ {t.distinctive_z} (weighted log-odds, Monroe et al. 2008), at least "
              f"{t.distinctive_min_count} uses, at least two letters; at most {t.distinctive_per_outlet} per outlet, for the "
              f"{t.max_outlet_findings} outlets with the highest z")
LOADED = Rule(
    "word choice", "more or less loaded language",
    lambda t: f"the highest (lowest) narrator's loaded words per 1,000, at least {t.loaded_ratio}× (at "
              f"most 1/{t.loaded_ratio} of) the next outlet's; outlets with at least "
              f"{t.loaded_min_count} loaded words")
TONE = Rule(
    "sentiment", "a more negative tone",
    lambda t: "95% bootstrap intervals that do not overlap (narrator sentences; sentences naming each "
              f"of the main people); at most {t.max_tone_pairs} pairs each, widest gap first")
READING = Rule(
    "readability", "harder or easier to read",
    lambda t: f"the highest (lowest) mean Flesch-Kincaid grade, at least {t.reading_grade_gap:g} grades "
              "beyond the next outlet's")
SPEAKERS = Rule(
    "sources", "who is quoted by whom",
    lambda t: f"a person (registered, or found in the text under a full name) with at least "
              f"{t.min_quotes} quotations whom some outlets quote and others do not; the "
              f"{t.max_speakers} most quoted")
SHARED_COPY = Rule(
    "sources", "mostly shared copy",
    lambda t: f"own text below {pct(t.own_share_low)} of an outlet's words; the {t.max_outlet_findings} lowest")
OWN_SPREAD = Rule(
    "sources", "spread of own text",
    lambda t: f"largest and smallest share of own text at least {pct(t.own_share_spread)} apart")

RULES = (DIFFERENT_EVENT, SEVERAL_EVENTS, DIFFERENT_DATES, CONVENTION, NAME_FORM, LOADED_LABEL,
         SPELLING, DISTINCTIVE, LOADED, TONE, READING, SPEAKERS, SHARED_COPY, OWN_SPREAD)


def rules_table(thresholds: Thresholds = DEFAULT) -> pd.DataFrame:
    """What makes a difference a finding: one row per :class:`Rule` with its analysis, its
    name and its rule in words (the text each finding of it carries as ``threshold``)."""
    return pd.DataFrame([(r.analysis, r.name, r.words(thresholds)) for r in RULES],
                        columns=["analysis", "finding", "rule"])


# ---------------------------------------------------------------------------- findings

def findings(tables: dict[str, pd.DataFrame], config: "Config", *,
             thresholds: Thresholds = DEFAULT) -> pd.DataFrame:
    """The differences between outlets that clear ``thresholds``, as sentences: one row
    each with the analysis, the sentence, the figure behind it, a numeric value, the
    outlets concerned, the rule it cleared (:func:`rules_table`) and the source table.
    Ordered by analysis (:data:`ANALYSES`). ``config``: the corpus's registry and
    loaded-language lexicon."""
    order = outlet_order(tables["articles"].outlet)
    evidence = Evidence(tables, config.registry, config.lexicon, order, thresholds)
    rows: list[dict] = []
    if len(order) >= 2:
        for detect in DETECTORS:
            rows += detect(evidence)
    out = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    rank = {a: i for i, a in enumerate(ANALYSES)}
    return out.sort_values("analysis", key=lambda c: c.map(rank), kind="stable").reset_index(drop=True)


def event_findings(e: Evidence) -> list[dict]:
    t, articles = e.thresholds, e.tables["articles"]
    events = articles.event.fillna("").astype(str).str.strip()
    dates = article_date(articles)
    named = events[events != ""]
    rows = []
    if len(named):
        counts = named.value_counts(sort=True)
        main, n_main = counts.index[0], int(counts.iloc[0])
        if n_main / len(articles) > t.main_event_share:
            main_dates = date_span(dates[events == main])
            for outlet in e.order:
                mine = events[articles.outlet == outlet]
                if (mine == main).any() or (mine == "").all():
                    continue
                other = ", ".join(dict.fromkeys(mine[mine != ""]))
                when = date_span(dates[(articles.outlet == outlet) & (events != main)])
                rows.append(e.finding(
                    DIFFERENT_EVENT,
                    f"{outlet} covers a different event" + (f" ({when})" if when else "")
                    + f": “{other}”; {n_main} of {len(articles)} articles cover “{main}”"
                    + (f" ({main_dates})" if main_dates else "") + ".",
                    f"{n_main} of {len(articles)} articles on the main event; {outlet}: 0 of {int(mine.size)}",
                    n_main / len(articles), [outlet], "articles"))
            return rows
        if named.nunique() > 1:
            rows.append(e.finding(
                SEVERAL_EVENTS,
                f"The articles cover {named.nunique()} different events (the largest, {main}, "
                f"{n_main} of {len(articles)} articles): differences between outlets mix "
                "differences between events.",
                f"{named.nunique()} events; largest {n_main} of {len(articles)}", named.nunique(), [],
                "articles"))
        return rows
    known = dates.dropna()
    if len(known) < 2:
        return rows
    median = known.sort_values().iloc[(len(known) - 1) // 2]
    for outlet in e.order:
        mine = dates[articles.outlet == outlet].dropna()
        if mine.empty:
            continue
        gap = (mine - median).abs().dt.days
        if (gap > t.date_gap_days).all():
            rows.append(e.finding(
                DIFFERENT_DATES,
                f"{outlet}'s articles date from {date_span(mine)}, {int(gap.min())} days or more "
                f"from the corpus's median date ({format_date(median)}): they may cover a different event.",
                f"{int(gap.min())} days from the median date", float(gap.min()), [outlet], "articles"))
    return rows


_APOSTROPHES = "[’‘ʼ`´]"


def convention_findings(e: Evidence) -> list[dict]:
    t, variants = e.thresholds, e.tables["variants"]
    rows = []
    conventions = naming.dominant_convention(variants, e.registry, order=e.order)
    clear = conventions[(conventions.share >= t.convention_share)
                        & (conventions.n_choices >= t.min_name_choices)
                        & ~conventions.convention.str.startswith("mixed")]
    if clear.convention.nunique() < 2:
        return rows
    majority = clear.convention.value_counts().index[0]
    for convention, group in clear.groupby("convention", sort=False):
        if convention == majority or len(group) > len(clear) / 2:
            continue
        who = list(group.outlet)
        others = clear[clear.convention != convention]
        detail = "; ".join((f"{r.outlet} " if len(group) > 1 else "") + f"{r.n_convention} of {r.n_choices}"
                           for r in group.itertuples())
        forms = ", ".join(dict.fromkeys(f.strip() for fs in group.forms for f in fs.split(",")))
        rows.append(e.finding(
            CONVENTION,
            f"{outlets_phrase(who)} alone {'writes' if len(who) == 1 else 'write'} {convention} "
            f"name forms ({detail} name choices: {forms}); "
            f"{outlets_phrase(list(others.outlet), rest=True)} mostly "
            f"{'writes' if len(others) == 1 else 'write'} "
            f"{join_words(list(dict.fromkeys(others.convention)), 'or')} forms.",
            detail + " name choices", float(group.share.min()), who, "variants"))
    return rows


def name_form_findings(e: Evidence) -> list[dict]:
    """One name written in a form only a minority of the outlets naming it use."""
    t, variants, registry = e.thresholds, e.tables["variants"], e.registry
    choices = naming.naming_choices(variants, registry)
    choices = choices[(choices.part == "name") & (choices.n > 0)]
    choices = (choices.assign(variant=choices.variant.str.replace(_APOSTROPHES, "'", regex=True))
               .groupby(["entity", "outlet", "variant"], sort=False).n.sum().reset_index())
    # registered entities, and the most mentioned of those found in the text (a rarely
    # named person's "variants" are as often two people with alike names), most mentioned first
    mentioned = (variants[variants.part == "name"].groupby("entity").n.sum()
                 .sort_values(ascending=False, kind="stable").index)
    top, present = set(mentioned[:t.name_form_top]), set(choices.entity)
    eligible = [x for x in mentioned if x in present and (x in registry.entities or x in top)]
    choices = choices.set_index("entity").loc[eligible].reset_index()
    rows: list[dict] = []
    for entity, group in choices.groupby("entity", sort=False):
        if group.n.sum() < t.min_name_choices:
            continue
        naming_outlets = [o for o in e.order if o in set(group.outlet)]
        totals = group.groupby("outlet").n.sum()
        minority = []  # (form, its users, "n of total" per user, lowest share)
        for form, fg in group.groupby("variant", sort=False):
            users = [o for o in naming_outlets if o in set(fg.outlet)]
            if len(users) > len(naming_outlets) / 2 or len(users) == len(naming_outlets):
                continue
            used = fg.groupby("outlet").n.sum()
            shares = used / totals.reindex(used.index)
            if (shares < t.form_share).any() or (used < t.min_form_mentions).any():
                continue
            detail = "; ".join((f"{o} " if len(users) > 1 else "") + f"{int(used[o])} of {int(totals[o])}"
                               for o in users)
            minority.append((form, users, detail, float(shares.min())))
        if len(minority) == 1:
            form, users, detail, share = minority[0]
            others = group[~group.outlet.isin(users)]
            other_forms = others.groupby("variant", sort=False).n.sum().sort_values(ascending=False, kind="stable")
            rest = [o for o in naming_outlets if o not in users]
            rows.append(e.finding(
                NAME_FORM,
                f"Only {outlets_phrase(users, 'and')} {'writes' if len(users) == 1 else 'write'} "
                f"{form} ({detail} mentions); {outlets_phrase(rest, rest=True)} "
                f"{'writes' if len(rest) == 1 else 'write'} "
                + join_words([f"{v} ({int(n)})" for v, n in other_forms.items()], "or") + ".",
                detail + " mentions", share, users, "variants"))
        elif minority:
            # several outlets each with a form of their own: one sentence for the name
            parts = [f"{form} by {outlets_phrase(users)} ({detail} mentions)" for form, users, detail, _s in minority]
            users = [o for o in naming_outlets if any(o in m[1] for m in minority)]
            rows.append(e.finding(
                NAME_FORM,
                f"The outlets write {entity_name(registry, entity)}'s name in {len(minority)} forms "
                f"that few others share: " + join_words(parts) + ".",
                "; ".join(f"{form}: {detail}" for form, _u, detail, _s in minority) + " mentions",
                min(m[3] for m in minority), users, "variants"))
    if len(rows) > t.max_name_form_findings:
        more = len(rows) - t.max_name_form_findings
        rows = rows[:t.max_name_form_findings] + [e.finding(
            NAME_FORM, f"{more} less mentioned names are written in forms few outlets share; "
            "variants.csv lists every form.", f"{more} names", float(more), [], "variants")]
    return rows


def loaded_label_findings(e: Evidence) -> list[dict]:
    """Loaded words (the lexicon) in the narrator's labels of the main people: which
    outlets use them, and which outlets name the person often and never do. Labels are
    read as :func:`analysis.measures.labels.labelling` says (no clause after the name)."""
    t, labels, mentions, registry = e.thresholds, e.tables["labels"], e.tables["mentions"], e.registry
    labels = labels[(labels.voice == text.NARRATOR) & labels_mod.labelling(labels, max_words=t.label_max_words)]
    if labels.empty:
        return []
    # the framing words (subjective and one-sided terms), not the epistemological ones:
    # "the likely nominee" hedges, it does not label
    pattern, form_of = loaded_mod.lexicon_pattern(e.lexicon[e.lexicon.bias_type == loaded_mod.FRAMING])
    rows = []
    for person in e.main_people():
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
        name = entity_name(registry, person)
        for term, th in hits.groupby("term", sort=False):
            users = [o for o in e.order if o in set(th.outlet)]
            absent = [o for o in e.order if o not in users and n_mentions.get(o, 0) >= t.min_mentions_for_absence]
            if not absent:
                continue
            forms = ", ".join(f"“{l}”" for l in list(dict.fromkeys(th.label))[:MAX_LISTED])
            pronoun = object_pronoun(registry.entities.get(person)) or name
            counts = [int(n_mentions[o]) for o in absent]
            if len(absent) <= MAX_LISTED:
                silent = f"{join_words(absent)}, naming {pronoun} {join_words([str(n) for n in counts])} times,"
            else:
                silent = (f"{len(absent)} other outlets, naming {pronoun} {min(counts)} to {max(counts)} "
                          "times each,")
            rows.append(e.finding(
                LOADED_LABEL,
                f"{outlets_phrase(users)} {'labels' if len(users) == 1 else 'label'} {name} "
                f"with “{term}” ({forms}: {times(len(th))}); {silent} never "
                + ("does." if len(absent) == 1 else "do."),
                f"{len(th)} label{'s' if len(th) != 1 else ''} in {len(users)} outlet{'s' if len(users) != 1 else ''}; "
                f"none in {len(absent)}", len(th), users + absent, "labels") | {"person": person})
    # the most used loaded labels first, at most max_outlet_findings per person
    rows = [r for _p, group in pd.DataFrame(rows, columns=[*FINDING_COLUMNS, "person"]).groupby(
        "person", sort=False) for r in group.sort_values("value", ascending=False, kind="stable")
        .head(t.max_outlet_findings).drop(columns="person").to_dict("records")] if rows else []
    return rows


def spelling_findings(e: Evidence) -> list[dict]:
    systems = spelling.spelling_systems(e.tables["spelling"], share=e.thresholds.spelling_share)
    systems = systems[systems.system.isin(["British", "American"])]
    if systems.system.nunique() < 2:
        return []
    systems = systems.sort_values("outlet", key=lambda c: c.map(outlet_rank(e.order)), kind="stable")
    parts, figures = [], []
    for system in ("British", "American"):
        group = systems[systems.system == system]
        forms = ", ".join(dict.fromkeys(f.strip() for fs in group.forms for f in fs.split(",")))
        if len(group) <= MAX_LISTED:
            detail = "; ".join(f"{r.outlet} {r.n_system} of {r.total}" for r in group.itertuples())
        else:
            detail = f"{int(group.n_system.sum()):,} of {int(group.total.sum()):,} words"
            forms = ", ".join(forms.split(", ")[:MAX_LISTED]) + ", …"
        parts.append(f"{outlets_phrase(list(group.outlet))} {system} ({detail}: {forms})")
        figures.append(detail)
    return [e.finding(SPELLING, f"House spelling differs: {parts[0]}; {parts[1]}.",
                      " | ".join(figures), float(len(systems)), list(systems.outlet), "spelling")]


def distinctive_findings(e: Evidence) -> list[dict]:
    t, distinctive = e.thresholds, e.tables["distinctive_terms"]
    d = distinctive[(distinctive.ngram == 1) & (distinctive.z >= t.distinctive_z)
                    & (distinctive.n >= t.distinctive_min_count)]
    # not "S" of "U.S."; content terms only, not the outlet's own name or house style
    d = d[(d.term.str.count(r"[^\W\d_]") >= 2) & (d.kind == "content" if "kind" in d.columns else True)]
    rows = []
    best = d.groupby("outlet").z.max().sort_values(ascending=False, kind="stable")
    strongest = set(best.index[:t.max_outlet_findings])
    for outlet in [o for o in e.order if o in strongest]:
        top = d[d.outlet == outlet].head(t.distinctive_per_outlet)
        versus = top.versus.iloc[0]
        terms = "; ".join(f"“{r.display}” (z {r.z:.1f}: {int(r.n)} uses, {int(r.n_rest)} in {versus})"
                          for r in top.itertuples())
        rows.append(e.finding(DISTINCTIVE, f"Words that set {outlet} apart: {terms}.",
                              f"z {top.z.iloc[0]:.1f}", float(top.z.iloc[0]), [outlet], "distinctive_terms"))
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


def _standout_findings(e: Evidence, rule: Rule, values: pd.Series, source: str, *,
                       claim: Callable[[str], str], measure: Callable[[str, float], str],
                       figure: Callable[[float, float], str], ratio: float | None = None,
                       gap: float | None = None) -> list[dict]:
    """A finding for the highest and the lowest outlet of ``values`` that stands apart
    from the next one (:func:`_standouts`): "OUTLET's CLAIM: MEASURE, against X for the
    next outlet, NEXT." ``claim`` words the end ("highest" or "lowest")."""
    rest = "next" if values.notna().sum() > 2 else "other"
    return [e.finding(rule, f"{outlet}'s {claim(end)}: {measure(outlet, value)}, against {other:.1f} for the "
                            f"{rest} outlet, {nxt}.",
                      figure(value, other), value, [outlet, nxt], source)
            for outlet, value, nxt, other, end in _standouts(values, ratio=ratio, gap=gap)]


def loaded_findings(e: Evidence) -> list[dict]:
    t, loaded = e.thresholds, e.tables["loaded_language"]
    narrator = loaded[(loaded.voice == text.NARRATOR) & (loaded.category == "all")].set_index("outlet")
    counted = narrator[narrator.n >= t.loaded_min_count]
    return _standout_findings(
        e, LOADED, counted.per_1k_words, "loaded_language", ratio=t.loaded_ratio,
        claim=lambda end: f"narrator uses the {'most' if end == 'highest' else 'least'} loaded language",
        measure=lambda outlet, value: f"{value:.1f} loaded words per 1,000 ({int(counted.n[outlet])} words)",
        figure=lambda value, other: f"{value:.1f} vs {other:.1f} per 1,000 words")


def tone_findings(e: Evidence) -> list[dict]:
    limit = e.thresholds.max_tone_pairs
    rows = []

    def ci(r) -> str:
        return f"{signed(r.mean_compound)} [{signed(r.ci_low)}, {signed(r.ci_high)}], n {int(r.n)}"

    def pairs(table: pd.DataFrame, subject: str, measure: str, source: str) -> None:
        for low, high, lo, hi in sentiment.separated_pairs(table, e.order, limit=limit):
            rows.append(e.finding(
                TONE, f"{low}'s {subject} read more negative than {high}'s: {measure}{ci(lo)} against {ci(hi)}.",
                f"{signed(lo.mean_compound)} vs {signed(hi.mean_compound)}",
                float(hi.mean_compound - lo.mean_compound), [low, high], source))

    tone = e.tables["sentiment_outlets"]
    pairs(tone[tone.voice == text.NARRATOR], "narrator sentences", "mean VADER compound ", "sentiment_outlets")
    targets = e.tables["sentiment_targets"]
    for person in e.main_people():
        pairs(targets[targets.entity == person], f"sentences naming {entity_name(e.registry, person)}", "",
              "sentiment_targets")
    return rows


def reading_findings(e: Evidence) -> list[dict]:
    grade = e.tables["readability"].groupby("outlet").flesch_kincaid_grade.mean().reindex(e.order)
    return _standout_findings(
        e, READING, grade, "readability", gap=e.thresholds.reading_grade_gap,
        claim=lambda end: f"text is the {'hardest' if end == 'highest' else 'easiest'} to read",
        measure=lambda _outlet, value: f"Flesch-Kincaid grade {value:.1f}",
        figure=lambda value, other: f"grade {value:.1f} vs {other:.1f}")


def speaker_findings(e: Evidence) -> list[dict]:
    t, registry = e.thresholds, e.registry
    voices = e.tables["voices"]
    voices = voices[voices.speaker_entity.isin(list(registry.entities) + _found_speakers(e.tables["quotes"], registry))]
    mentions = e.tables["mentions"]
    rows = []
    ranked = voices.groupby("speaker_entity").n_quotes.sum().sort_values(ascending=False, kind="stable")
    for speaker in ranked.index:
        v = voices[voices.speaker_entity == speaker].set_index("outlet")
        quoting = [o for o in e.order if o in v.index]
        silent = [o for o in e.order if o not in v.index]
        if not silent or ranked[speaker] < t.min_quotes:
            continue
        if len(rows) >= t.max_speakers:
            break
        counts = [f"{o} ({int(v.n_quotes[o])}"
                  + ("" if i else f" quotation{'s' if v.n_quotes[o] != 1 else ''}") + ")"
                  for i, o in enumerate(quoting)]
        named = set(mentions[mentions.entity == speaker].outlet)
        sentence = (f"{entity_name(registry, speaker)} is quoted by "
                    + (join_words(counts) if len(counts) <= MAX_LISTED else f"{len(counts)} outlets")
                    + f", not by {outlets_phrase(silent, 'or', rest=True)}")
        if not named & set(silent):
            pronoun = object_pronoun(registry.entities.get(speaker)) or "this speaker"
            sentence += f", which {'does' if len(silent) == 1 else 'do'} not name {pronoun} at all"
        rows.append(e.finding(
            SPEAKERS, sentence + ".",
            f"{int(ranked[speaker])} quotations in {len(quoting)} of {len(e.order)} outlets",
            float(ranked[speaker]), quoting, "voices"))
    return rows


def _found_speakers(quotes: pd.DataFrame, registry: Registry) -> list[str]:
    """The persons found in the text (no registry entity) who speak in ``quotes``, by
    their corpus-wide name, as :func:`analysis.measures.naming.main_people` counts them: full
    names only."""
    if quotes.empty or "speaker_kind" not in quotes.columns:
        return []
    found = quotes[(quotes.speaker_kind == "person") & ~quotes.speaker_entity.isin(list(registry.entities))]
    names = found.speaker_canonical.fillna("").astype(str)
    return sorted(set(names[names.str.contains(" ", regex=False)]))


def own_text_findings(e: Evidence) -> list[dict]:
    t = e.thresholds
    own = shared_copy.own_text_by_outlet(e.tables["reuse_sentences"])
    own = own.reindex([o for o in e.order if o in own.index])
    if len(own) < 2:
        return []
    share = own.share_own
    rows = []
    pairs = e.tables["reuse_pairs"]
    lowest = share[share < t.own_share_low].sort_values(kind="stable").index[:t.max_outlet_findings]
    for outlet in [o for o in share.index if o in set(lowest)]:
        mine = pairs[pairs.outlet_a == outlet].sort_values("share_shared", ascending=False, kind="stable")
        partner = (f"; {pct(mine.share_shared.iloc[0])} of its words are also in {mine.outlet_b.iloc[0]}'s"
                   f" article" if len(mine) else "")
        rows.append(e.finding(
            SHARED_COPY,
            f"Most of {outlet}'s text is shared copy: only {pct(share[outlet])} of its "
            f"{int(own.n_words[outlet]):,} words are in sentences no other article carries{partner}.",
            f"{int(own.n_words_own[outlet])} of {int(own.n_words[outlet])} words own",
            float(share[outlet]), [outlet], "reuse_sentences"))
    low, high = share.idxmin(), share.idxmax()
    if share[high] - share[low] >= t.own_share_spread:
        listing = ", ".join(f"{o} {pct(share[o])}" for o in share.sort_values(kind="stable").index) \
            if len(share) <= MAX_LISTED * 2 else f"{low} {pct(share[low])} … {high} {pct(share[high])}"
        rows.append(e.finding(
            OWN_SPREAD,
            f"The share of own text (sentences no other article in the corpus carries) ranges from "
            f"{pct(share[low])} of {low}'s words to {pct(share[high])} of {high}'s ({listing}).",
            f"{pct(share[low])} – {pct(share[high])}", float(share[high] - share[low]),
            list(share.index), "reuse_sentences"))
    return rows


# in the order findings are listed within an analysis
DETECTORS = (event_findings, convention_findings, name_form_findings, loaded_label_findings,
             spelling_findings, distinctive_findings, loaded_findings, tone_findings,
             reading_findings, speaker_findings, own_text_findings)


# ---------------------------------------------------------------------------- before the findings

def corpus_overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row: articles, outlets, events, articles per outlet (most), first and last date."""
    articles = tables["articles"]
    every_date = article_date(articles)
    dates = every_date.dropna()
    events = articles.event.fillna("").astype(str)
    per_outlet = articles.groupby("outlet").size()
    return pd.DataFrame([{
        "n_articles": len(articles), "n_outlets": articles.outlet.nunique(),
        "n_events": events[events != ""].nunique(),
        "max_articles_per_outlet": int(per_outlet.max()) if len(per_outlet) else 0,
        "first_date": format_date(dates.min()) if len(dates) else "",
        "last_date": format_date(dates.max()) if len(dates) else "",
        "dates": date_span(dates),
        "n_undated": int(every_date.isna().sum()),
    }])


def corpus_overview_with_caveats(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """:func:`corpus_overview` with a ``caveats`` column (the sentences of :func:`caveats`,
    one per line): what ``report`` puts at the top of index.html."""
    overview = corpus_overview(tables)
    return overview.assign(caveats="\n".join(caveats(tables, overview=overview)))


def caveats(tables: dict[str, pd.DataFrame], *, overview: pd.DataFrame | None = None) -> list[str]:
    """What a reader must know before reading the findings (one sentence each).
    ``overview``: the :func:`corpus_overview` of these tables, when the caller has it."""
    overview = (corpus_overview(tables) if overview is None else overview).iloc[0]
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
                     "the corpus notebook and problems.csv.")
    return notes
