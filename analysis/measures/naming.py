"""Naming conventions: which form of each name an outlet writes.

Everything about the story lives in data files: the registry of entities and name forms
(``data/entities.yaml``, read by :mod:`analysis.people.registry`). The functions here work
on any corpus and any registry.

- :func:`find_mentions` finds every mention of every registered entity in an analysis
  text: full names ("Alexander Lukashenko"), the surname or name alone, possessives.
- :func:`detected_mentions` adds the persons and organisations that
  :func:`analysis.people.names.find_people` finds with no registry, where no registry mention
  overlaps them (the registry keeps precedence: it knows transliterations and Cyrillic
  forms the text cannot show); :func:`detected_entity_names` gives them their
  corpus-wide names once every article is read (spellings of one person become one:
  Zelensky, Zelenskyy, Zelenskiy), and :func:`name_entities` applies those names.
- :func:`count_variants`, :func:`dominant_convention` and :func:`first_mentions` turn
  mentions into the tables the notebook draws; :func:`entity_forms`,
  :func:`main_people` and :func:`forms_to_show` choose what it shows.

The labels put with a person are found by :mod:`analysis.measures.labels`; name forms the
registry lacks are proposed by :mod:`analysis.measures.variants`.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

import pandas as pd

from analysis.corpus.outlets import outlet_order, outlet_rank
from analysis.language import text
from analysis.measures.variants import first_letter, normalize_name, written_score
from analysis.people.registry import Registry

# ----------------------------------------------------------------------------- mentions

MENTION_COLUMNS = ["article_id", "outlet", "sentence_id", "role", "entity", "kind", "start",
                   "end", "surface", "name_form", "name_origin", "given_form", "given_origin",
                   "possessive", "voice"]


def find_mentions(analysis_text: str, sentences: list[dict], registry: Registry, *,
                  quotes: list[dict] | None = None) -> list[dict]:
    """Every mention of a registered entity in one article's analysis text, in order.

    ``sentences`` are the article's sentence rows (with start, end, sentence_id, role);
    ``quotes`` the spans from :func:`analysis.language.text.find_quotes` (computed if omitted).
    Returns dicts with the ``MENTION_COLUMNS`` other than article_id and outlet."""
    if registry.pattern is None:
        return []
    quotes = text.find_quotes(analysis_text) if quotes is None else quotes
    inside = text.SpanIndex(quotes)
    index = text.SentenceIndex(sentences)
    rows = []
    for m in registry.pattern.finditer(analysis_text):
        name = re.sub(r"\s+", " ", m.group("name"))
        entity = registry.name_entity[name]
        given = m.groupdict().get("given")
        start = m.start()
        if given and entity not in registry.given_entities.get(given, set()):
            given, start = None, m.start("name")  # another entity's given name: not part of it
        name_f = registry.forms[("name", name)]
        given_f = registry.forms.get(("given", given)) if given else None
        sentence = index.at(start) or {"sentence_id": 0, "role": ""}
        rows.append({
            "sentence_id": sentence["sentence_id"], "role": sentence["role"], "entity": entity,
            "kind": registry.entities[entity].kind, "start": start, "end": m.end(),
            "surface": analysis_text[start:m.end()], "name_form": name, "name_origin": name_f.origin,
            "given_form": given or "", "given_origin": given_f.origin if given_f else "",
            "possessive": bool(m.group("poss")),
            "voice": inside.voice(start),
        })
    return rows


# ----------------------------------------------------------------------------- people found in the text

# The evidence of analysis.people.names.find_people for a one-word mention that is the first word of a
# full name ("Donald" after "Donald Trump"): a given name used alone, not a surname.
FIRST_WORD_EVIDENCE = "first-word-of-full-mention"


def _name_parts(mention: str, kind: str, evidence: str, canonical: str = "", *,
                suffixes: frozenset[str]) -> tuple[str, str]:
    """(name_form, given_form) of a mention found without the registry, as written: a
    person's surname is the last word (before Jr., III...), the given name the first
    word of a full name when it is not an initial ("Michael T. Flynn": Flynn, Michael);
    a one-word mention is a surname ("Clinton") unless it is the first word of the
    article's full name (``canonical``; "Donald": given name only) or carries a suffix
    ("Donald Jr"; ``suffixes``: the vocabulary's, written without a full stop). An
    organisation's form is its whole name."""
    words = mention.split()
    if kind != "person" or not words:
        return " ".join(words), ""
    suffixed = len(words) > 1 and words[-1].rstrip(".") in suffixes
    while len(words) > 1 and words[-1].rstrip(".") in suffixes:
        words = words[:-1]
    if len(words) == 1:  # "Donald Jr": a given name with its suffix
        full = canonical.split()
        first_word = len(full) >= 2 and words[0] == full[0] and words[0] != full[-1]
        return ("", words[0]) if evidence == FIRST_WORD_EVIDENCE or suffixed or first_word \
            else (words[0], "")
    given = words[0] if len(words[0].rstrip(".")) > 1 else ""
    return words[-1], given


def detected_mentions(analysis_text: str, sentences: list[dict], people_rows: list[dict],
                      registry_mentions: list[dict], *, suffixes: frozenset[str],
                      quotes: list[dict] | None = None) -> list[dict]:
    """Mention rows (``MENTION_COLUMNS`` other than article_id and outlet) for the persons
    and organisations :func:`analysis.people.names.find_people` found (``people_rows``), where
    no registry mention overlaps them: the registry keeps precedence, since it knows what
    the text cannot show (transliterations, Cyrillic forms, Lukashenka = Lukashenko).

    ``entity`` is the article's canonical name ("Volodymyr Zelensky"); the corpus-wide
    name is given later by :func:`detected_entity_names`. ``name_form`` and
    ``given_form`` are the surname and given name as written (see :func:`_name_parts`;
    the title, "Mrs." or "President", is not part of the form: it is a label of
    :func:`analysis.measures.labels.find_labels`, counted there; rows carry it under ``title``, which is not a
    mention column). ``name_origin`` and ``given_origin`` are "": a form found in the
    text has no known naming tradition."""
    quotes = text.find_quotes(analysis_text) if quotes is None else quotes
    inside = text.SpanIndex(quotes)
    index = text.SentenceIndex(sentences)
    taken = sorted((m["start"], m["end"]) for m in registry_mentions)
    starts = [s for s, _e in taken]
    rows = []
    for p in people_rows:
        if any(ch.isdigit() for ch in p["mention"]):
            continue  # a hashtag or handle ("Warren2020"), no name
        # registry mentions do not overlap one another: only the last one starting
        # before this mention ends can overlap it
        i = bisect.bisect_left(starts, p["end"])
        if i and taken[i - 1][1] > p["start"]:
            continue
        name, given = _name_parts(p["mention"], p["kind"], p["evidence"], p["canonical"],
                                  suffixes=suffixes)
        if p["kind"] == "person" and len(name.rstrip(".")) == 1:
            continue  # a name cut after an initial ("Wang Y."): no surname to count
        sentence = index.at(p["start"]) or {"sentence_id": p["sentence_id"], "role": ""}
        rows.append({
            "sentence_id": p["sentence_id"], "role": sentence["role"], "entity": p["canonical"],
            "kind": p["kind"], "start": p["start"], "end": p["end"], "surface": p["mention"], "name_form": name, "name_origin": "",
            "given_form": given, "given_origin": "", "possessive": bool(p["possessive"]),
            "voice": inside.voice(p["start"]), "title": p["title"]})
    return rows


def _surname_key(word: str) -> str:
    """The key under which surnames are one (see :func:`detected_entity_names`)."""
    return f"{first_letter(word)}:{normalize_name(word)}"


# Given names whose transliteration keys have at least this many letters are one when
# they differ only in vowels; shorter ones must have the same key (Tim / Tom are two).
GIVEN_VOWELS_MIN_LENGTH = 6
# Surnames with the same transliteration key are one only when the forms as written
# (case, accents and punctuation aside) score at least this with rapidfuzz's ratio:
# Zelensky / Zelenskiy 94, Tikhanovskaya / Tsikhanouskaya 89, Lukashenko / Lukashenka 90;
# Block / Black 80 are two names.
SAME_SURNAME_WRITTEN_SCORE = 85.0


def _given_key(word: str) -> str:
    """The first letter and the transliteration key, without its vowels when it has at
    least GIVEN_VOWELS_MIN_LENGTH letters: given names that differ only in vowels
    (Volodymyr / Vladimir, Alyaksandr / Alexander, Sviatlana / Svetlana) share it;
    Ivanka / Ivana, Bill / Hillary, Ariel / Raul, Tim / Tom do not."""
    key = normalize_name(word)
    if len(key) >= GIVEN_VOWELS_MIN_LENGTH:
        key = re.sub(r"[aeiou]", "", key)
    return f"{first_letter(word)}:{key}"


def detected_entity_names(mentions: pd.DataFrame, registry: Registry | None = None, *,
                          suffixes: frozenset[str]) -> dict[str, str]:
    """The corpus-wide name of every entity found in the text (mentions whose ``entity``
    is no registry id; ``mentions`` has ``entity`` and ``kind``, and ``n`` if rows are
    counts), as a mapping from the article's canonical name to the corpus's.

    Two steps, both documented rules:
    1. :func:`analysis.people.canonical.canonical_people`: names that differ in case, hyphens or
       spaces are one; a name without the middle initials of exactly one fuller name, a
       surname with a suffix, and a nickname of a given name with the same rest (Joe /
       Joseph Biden) are one with it; a one-word person name goes to the one full name
       ending in it (else starting with it).
    2. Spellings of one person: persons' full names whose surnames have the same first
       letter and transliteration key (:func:`analysis.measures.variants.normalize_name`:
       Zelensky, Zelenskyy, Zelenskiy; not Evers / Javers) and, as written, score at least
       ``SAME_SURNAME_WRITTEN_SCORE`` (not Block / Black), and whose given names have the
       same :func:`_given_key` (Volodymyr / Vladimir; not Ivanka / Ivana Trump, Ariel /
       Raul Castro, Tim / Tom Miller), and whose middle initials and suffixes are the
       same (George W. / George H. W. Bush, Donald Trump / Donald Trump Jr are two) are
       one, named by the full name with
       the most mentions (ties: the first in sorted order); a one-word person name with
       the surname key of exactly one such person, and as written within
       ``SAME_SURNAME_WRITTEN_SCORE`` of that surname, is that person.
    Registry entities are left out (their ids are their names). ``suffixes``: the
    vocabulary's name suffixes ("Jr"), passed over to find a surname."""
    from analysis.people import canonical
    from analysis.people.candidates import is_initial

    m = mentions[~mentions.entity.isin(set(registry.entities) if registry is not None else set())]
    if m.empty:
        return {}
    weight = m["n"] if "n" in m.columns else pd.Series(1, index=m.index)
    counted = (pd.DataFrame({"canonical": m.entity.astype(str), "kind": m.kind.astype(str), "n": weight})
               .groupby(["canonical", "kind"], sort=True).n.sum())
    rows = [{"canonical": c, "kind": k} for (c, k), n in counted.items() for _ in range(int(n))]
    step1 = canonical.canonical_people(rows, suffixes=suffixes)
    n_of: Counter = Counter()
    kind_of: dict[str, str] = {}
    for (c, k), n in counted.items():
        n_of[step1.get(c, c)] += int(n)
        kind_of.setdefault(step1.get(c, c), k)
    persons = sorted(name for name, k in kind_of.items() if k == "person")
    full = [name for name in persons if len(name.split()) >= 2]
    by_surname: dict[str, list[str]] = {}
    surname_of = {}
    for name in full:
        words = [w for w in name.split() if w.rstrip(".") not in suffixes]
        surname_of[name] = words[-1]
        by_surname.setdefault(_surname_key(words[-1]), []).append(name)
    merged: dict[str, str] = {}
    person_of_surname: dict[str, set[str]] = {}
    for key, names in by_surname.items():
        # surnames as written: single linkage at SAME_SURNAME_WRITTEN_SCORE
        spellings: list[list[str]] = []
        for name in names:
            home = next((sp for sp in spellings if any(
                written_score(surname_of[name], surname_of[o]) >= SAME_SURNAME_WRITTEN_SCORE
                for o in sp)), None)
            if home is None:
                spellings.append([name])
            else:
                home.append(name)
        groups: dict[tuple[int, str], list[str]] = {}
        for k, spelling in enumerate(spellings):
            for name in spelling:
                words = name.split()
                apart = tuple(w for w in words[1:] if is_initial(w) or w.rstrip(".") in suffixes)
                groups.setdefault((k, _given_key(words[0]), apart), []).append(name)
        for g in groups.values():
            best = sorted(g, key=lambda x: (-n_of[x], x))[0]
            for name in g:
                merged[name] = best
            person_of_surname.setdefault(key, set()).add(best)
    for name in persons:
        if len(name.split()) == 1:
            owners = {o for o in person_of_surname.get(_surname_key(name), set())
                      if written_score(name, surname_of[o]) >= SAME_SURNAME_WRITTEN_SCORE}
            if len(owners) == 1:
                merged[name] = next(iter(owners))
    return {c: merged.get(step1.get(c, c), step1.get(c, c)) for c, _k in counted.index}


def name_entities(table: pd.DataFrame, names: dict[str, str], column: str = "entity") -> pd.DataFrame:
    """``table`` with ``column`` mapped through :func:`detected_entity_names` (values not
    in ``names``, such as registry ids, unchanged). In a mention table (with name_form
    and given_form), a one-word mention that turns out to be the first word of its
    person's corpus-wide full name ("Chelsea" of Chelsea Clinton, in an article that
    never gives the full name) is a given name used alone: its form moves to
    ``given_form``; a person whose name some article ends in a hyphenated part ("Kim
    Jong-un") has that part as written as its name form ("Jong Un" or "Jong-un")."""
    if table.empty or not names or column not in table.columns:
        return table
    values = table[column]
    renamed = values.map(names).where(values.isin(list(names)), values)
    out = table.assign(**{column: renamed})
    if {"name_form", "given_form", "surface"} <= set(out.columns):
        words = renamed.astype(str).str.split()
        given_alone = (renamed != values) & (out.given_form == "") & (words.str.len() >= 2) \
            & (out.name_form == words.str[0]) & (out.name_form != words.str[-1]) & (out.kind == "person")
        if given_alone.any():
            out.loc[given_alone, "given_form"] = out.loc[given_alone, "name_form"]
            out.loc[given_alone, "name_form"] = ""
        # a person whose last name part the corpus also writes hyphenated ("Kim Jong Un",
        # "Kim Jong-un"): that part as written is the form ("Jong Un", "Jong-un"), not
        # its last word
        hyphenated = {}  # corpus name -> its last part as some article writes it hyphenated
        for written, name in sorted(names.items()):
            if len(written.split()) >= 2 and "-" in written.split()[-1]:
                hyphenated.setdefault(name, written.split()[-1])
        for i in out.index[renamed.isin(list(hyphenated)) & (out.kind == "person")]:
            part = hyphenated[renamed[i]]
            written = out.at[i, "surface"].split()
            for k in (2, 1):
                if len(written) > k and _plain_name(" ".join(written[-k:])) == _plain_name(part):
                    out.at[i, "name_form"] = " ".join(written[-k:])
                    break
    return out


def _plain_name(form: str) -> str:
    return re.sub(r"[\s\-‑]+", "", form).casefold()


# ----------------------------------------------------------------------------- tables

def count_variants(mentions: pd.DataFrame, *, part: str | None = None) -> pd.DataFrame:
    """Name forms per outlet: one row per (outlet, entity, part, variant) with n and
    share = n / the entity's mentions of that part in that outlet. ``part`` "name" counts
    surnames (persons) and names (places, organisations); "given" counts given names
    written with a surname. ``mentions`` has one row per mention, or an ``n`` column
    counting identical rows. For each outlet that mentions an entity there is a row for
    every variant any outlet of the corpus uses, with n = 0 where this one does not."""
    frames = []
    for p, col, origin in (("name", "name_form", "name_origin"), ("given", "given_form", "given_origin")):
        if part not in (None, p) or mentions.empty:
            continue
        m = mentions[mentions[col] != ""]
        if m.empty:
            continue
        keys = ["outlet", "entity", col, origin]
        counts = (m.groupby(keys).n.sum() if "n" in m.columns else m.groupby(keys).size())
        counts = counts.rename("n").reset_index()
        counts = counts.rename(columns={col: "variant", origin: "origin"})
        used = counts[["entity", "variant", "origin"]].drop_duplicates()
        pairs = counts[["outlet", "entity"]].drop_duplicates()
        grid = pairs.merge(used, on="entity")
        full = grid.merge(counts, on=["outlet", "entity", "variant", "origin"], how="left")
        full["n"] = full.n.fillna(0).astype(int)
        full["part"] = p
        frames.append(full)
    columns = ["outlet", "entity", "part", "variant", "origin", "n", "share"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    total = out.groupby(["outlet", "entity", "part"]).n.transform("sum")
    out["share"] = (out.n / total).round(4)
    order = outlet_rank(mentions.outlet)
    out["_o"] = out.outlet.map(order)
    out = out.sort_values(["entity", "part", "_o", "n", "variant"],
                          ascending=[True, False, True, False, True], kind="stable")
    return out[columns].reset_index(drop=True)


def naming_choices(variants: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """The rows of :func:`count_variants` where the corpus shows a choice: every (entity,
    part) written in at least two forms across the corpus, leaving out entities the
    registry marks ``convention: false`` (abbreviation / full name)."""
    used = variants[variants.n > 0]
    if registry is not None:
        skip = {e.id for e in registry.entities.values() if not e.convention}
        used = used[~used.entity.isin(skip)]
    varying = used.groupby(["entity", "part"]).variant.nunique()
    keep = set(varying[varying >= 2].index)
    mask = pd.Series([(e, p) in keep for e, p in zip(variants.entity, variants.part)],
                     index=variants.index, dtype=bool)
    return variants[mask].reset_index(drop=True)


def dominant_convention(variants: pd.DataFrame, registry: Registry | None = None, *,
                        order: list[str] | None = None) -> pd.DataFrame:
    """Per outlet, the naming tradition (origin) of most of its name choices. Only
    choices that vary in the corpus count: an (entity, part) for which outlets use at
    least two different forms, leaving out entities the registry marks
    ``convention: false`` (abbreviations and full names such as EU / European Union). One
    row per outlet: convention, n_convention (mentions in it), n_choices (mentions
    counted), share, forms (the forms it wrote, most used first), and a one-line summary.
    Forms found in the text without the registry have no known tradition (origin "") and
    are left out: they are name choices (:func:`naming_choices`) but no convention."""
    columns = ["outlet", "convention", "n_convention", "n_choices", "share", "forms", "summary"]
    if variants.empty:
        return pd.DataFrame(columns=columns)
    v = naming_choices(variants, registry)
    v = v[(v.n > 0) & (v.origin != "")]
    rows = []
    for outlet in order or outlet_order(variants.outlet):
        mine = v[v.outlet == outlet]
        if mine.empty:
            continue
        by_origin = mine.groupby("origin").n.sum().sort_values(ascending=False, kind="stable")
        total = int(by_origin.sum())
        convention, n = by_origin.index[0], int(by_origin.iloc[0])
        if len(by_origin) > 1 and by_origin.iloc[1] == by_origin.iloc[0]:
            convention = "mixed: " + " / ".join(by_origin.index[by_origin == by_origin.iloc[0]])
        forms = ", ".join(mine.sort_values("n", ascending=False, kind="stable").variant)
        rows.append({"outlet": outlet, "convention": convention, "n_convention": n, "n_choices": total,
                     "share": round(n / total, 4), "forms": forms,
                     "summary": f"{outlet}: {convention} forms ({n} of {total} name choices: {forms})"})
    return pd.DataFrame(rows, columns=columns)


def first_mentions(mentions: pd.DataFrame, sentences: pd.DataFrame, *, width: int = 60,
                   kind: str = "person") -> pd.DataFrame:
    """The first mention of each entity of ``kind`` in each article, as keyword in
    context: left and right context within its sentence (at most ``width`` characters)."""
    columns = ["outlet", "article_id", "entity", "left", "mention", "right"]
    m = mentions[mentions.kind == kind].sort_values(["article_id", "start"])
    first = m.drop_duplicates(["article_id", "entity"])
    if first.empty:
        return pd.DataFrame(columns=columns)
    sentence = dict(zip(zip(sentences.article_id, sentences.sentence_id),
                        zip(sentences.start, sentences.text)))  # (one look-up per mention)
    rows = []
    for r in first.itertuples():
        start, text = sentence[(r.article_id, r.sentence_id)]
        left = text[:r.start - start]
        right = text[r.end - start:]
        rows.append({"outlet": r.outlet, "article_id": r.article_id, "entity": r.entity,
                     "left": ("…" + left[-width:]) if len(left) > width else left,
                     "mention": r.surface,
                     "right": (right[:width] + "…") if len(right) > width else right})
    out = pd.DataFrame(rows, columns=columns)
    order = outlet_rank(mentions.outlet)
    return out.sort_values(["entity", "outlet"], key=lambda c: c.map(order) if c.name == "outlet" else c,
                           kind="stable").reset_index(drop=True)


def outlets_of(table: pd.DataFrame, outlets) -> list[str]:
    """The outlets given, or when None all of the table's in corpus order."""
    return list(outlets) if outlets is not None else outlet_order(table.outlet)


def entity_forms(variants: pd.DataFrame, entity: str, *,
                 outlets: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The forms of one entity's name each outlet writes, for reading one entity at a
    time: one row per form the chosen ``outlets`` (all when None) use (part, form,
    origin, from :func:`count_variants`), one column per outlet in the order given with
    its number of mentions in that form (0: not this form, or not mentioned at all).
    Rows: names before given names, then the most used form first. Empty when none of
    the outlets mentions the entity."""
    outlets = outlets_of(variants, outlets)
    columns = ["part", "form", "origin", *outlets]
    v = variants[(variants.entity == entity) & variants.outlet.isin(outlets) & (variants.n > 0)]
    if v.empty:
        return pd.DataFrame(columns=columns)
    wide = (v.pivot_table(index=["part", "variant", "origin"], columns="outlet", values="n",
                          aggfunc="sum", fill_value=0)
            .reindex(columns=outlets, fill_value=0).astype(int).reset_index()
            .rename(columns={"variant": "form"}))
    wide.columns.name = None
    wide["_part"] = (wide.part != "name").astype(int)
    wide["_total"] = wide[outlets].sum(axis=1)
    wide = wide.sort_values(["_part", "_total", "form"], ascending=[True, False, True], kind="stable")
    return wide[columns].reset_index(drop=True)


def main_people(mentions: pd.DataFrame, registry: Registry, *, n: int) -> list[str]:
    """The entities of the ``n`` persons mentioned most often (ties: fewer outlets last,
    then by entity), among persons mentioned by at least two outlets when the corpus has
    two or more: registry ids for registered persons, the corpus-wide name
    (:func:`detected_entity_names`) for persons found in the text. A person found in the
    text counts under a full name (two words or more): a one-word name left as written is
    either ambiguous ("Clinton" where the corpus has Bill and Hillary Clinton) or never
    given in full, and may be several people."""
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


def forms_to_show(variants: pd.DataFrame, outlets, *, max_rows: int = 40) -> pd.DataFrame:
    """The name forms a chart of ``outlets`` shows (from :func:`naming_choices` or
    :func:`count_variants` rows): the names (entity, part) these outlets write most often,
    whole names only, until ``max_rows`` forms (at least one name); the names by entity,
    the surname before given names, each name's forms most used first over all outlets.
    Columns entity, part, variant, origin."""
    mine = variants[variants.outlet.isin(list(outlets)) & (variants.n > 0)]
    ranked = mine.groupby(["entity", "part"], sort=False).n.sum().sort_values(ascending=False,
                                                                              kind="stable")
    keys, n_rows = [], 0
    forms_of = mine.groupby(["entity", "part"], sort=False).variant.nunique().to_dict()
    for key in ranked.index:
        n_forms = forms_of[key]
        if keys and n_rows + n_forms > max_rows:
            break
        keys.append(key)
        n_rows += n_forms
    rows = []
    for entity, part in sorted(keys, key=lambda k: (k[0], k[1] != "name")):
        sub = variants[(variants.entity == entity) & (variants.part == part)]
        for variant in sub.groupby("variant").n.sum().sort_values(ascending=False, kind="stable").index:
            rows.append((entity, part, variant, sub[sub.variant == variant].origin.iloc[0]))
    return pd.DataFrame(rows, columns=["entity", "part", "variant", "origin"])
