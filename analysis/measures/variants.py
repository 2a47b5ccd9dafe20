"""Variant discovery: name forms the registry lacks.

:func:`suggest_variants` proposes them: capitalised words (:func:`capitalised_words`) used
by different outlets that are near-identical after transliteration-aware normalisation
(:func:`normalize_name`), forms of one person and real spellings ranked above
look-alikes. :func:`first_letter` and :func:`written_score` compare two spellings as
written; :mod:`analysis.measures.naming` uses them too, to make the spellings of one
person found in the text one.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import numpy as np
import pandas as pd

from analysis.people.registry import Registry

_CAPITALISED_OR_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*(?:['’]s?)?")
_LATIN = str.maketrans({"ł": "l", "ŭ": "u", "ß": "ss", "ø": "o", "đ": "d", "ı": "i"})
_CYRILLIC = {"а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
             "є": "ie", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
             "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
             "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
             "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia"}
# Spellings that transliteration systems render differently, mapped to one key:
# kh/h, ts/c, y/i/j, ia/ya/e, ou/ov (Belarusian ў), final -a/-o (Belarusian akanye)...
_TRANSLIT_RULES = [
    (r"x", "ks"), (r"kh", "h"), (r"tz|ts|cz", "c"), (r"w", "v"), (r"j", "i"), (r"y", "i"),
    (r"ii", "i"), (r"ou(?=[^aeiou]|$)", "ov"), (r"ia", "e"), (r"ie", "i"), (r"o", "a"),
    (r"ci", "ti"), (r"(.)\1", r"\1"),
]
SUGGESTION_MIN_SCORE = 85.0  # rapidfuzz ratio (0-100) of the normalised spellings
SUGGESTION_MIN_LENGTH = 4
DEMONYM_ENDINGS = ("an", "ian", "ean", "ese", "ish", "ans", "ians")


def normalize_name(word: str) -> str:
    """A transliteration-aware key for comparing spellings: Lukashenko and Lukashenka,
    Tikhanovskaya and Tsikhanouskaya, Svetlana and Sviatlana get the same or close keys."""
    w = unicodedata.normalize("NFKD", word.casefold().translate(_LATIN))
    w = "".join(_CYRILLIC.get(ch, ch) for ch in w if not unicodedata.combining(ch))
    w = re.sub(r"[^a-z]", "", w)
    for pattern, repl in _TRANSLIT_RULES:
        w = re.sub(pattern, repl, w)
    return w


def first_letter(word: str) -> str:
    """The first letter of a word, case and accents aside: transliteration keeps it
    (Zelensky / Zelenskyy, Tikhanovskaya / Tsikhanouskaya), different names often differ
    in it (Evers / Javers)."""
    w = unicodedata.normalize("NFKD", word.casefold())
    return next((ch for ch in w if ch.isalpha()), "")


_POSSESSIVE_END = re.compile(r"['’]s?$")


def capitalised_words(sentences: list[dict]) -> tuple[Counter, set[str]]:
    """Capitalised words that look like names, with counts, and the set of lower-case
    words of the article (so that a capitalised common word, "Council" beside "council",
    can be set aside corpus-wide). Names are taken from sentences other than headlines
    (which capitalise every word), never a sentence's first word, with a possessive 's
    removed, and only if the article does not also use the word in lower case."""
    words, lower = Counter(), set()
    for s in sentences:
        if s["role"] == "headline":
            continue
        for i, m in enumerate(_CAPITALISED_OR_WORD.finditer(s["text"])):
            w = _POSSESSIVE_END.sub("", m.group())
            if not w[:1].isupper():
                if len(w) >= SUGGESTION_MIN_LENGTH:
                    lower.add(w)
            elif i > 0 and len(w) >= SUGGESTION_MIN_LENGTH and not w.isupper():
                words[w] += 1
    for w in list(words):
        if w.lower() in lower:
            del words[w]
    return words, lower


# Kinds of words, for variant discovery. A word's kinds come from the people found in the
# text and the registry (surname, given name, organisation, place) and from the word lists
# of analysis/people/names.py (given names; places; nationalities, groups, months, weekdays and
# sentence words, which are never a person's name).
NOT_A_NAME_KINDS = frozenset({"nationality", "group", "month", "weekday", "sentence_word"})


def _word_kinds(registry: Registry, names: pd.DataFrame | None,
                lists) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(kinds of each word, entities each word names) from the registry's forms, the
    mention table (``names``: entity, kind, name_form, given_form, as in
    :func:`analysis.measures.naming.find_mentions` /
    :func:`analysis.measures.naming.detected_mentions` or their counts) and the word lists."""
    kinds = {w: set(k) for w, k in lists.word_kinds.items()}
    entities: dict[str, set[str]] = {}

    def add(word, kind, entity):
        if word and " " not in word:
            kinds.setdefault(word, set()).add(kind)
            entities.setdefault(word, set()).add(entity)

    for e in registry.entities.values():
        for f in e.names:
            add(f.form, "surname" if e.kind == "person" else e.kind, e.id)
        for f in e.given:
            add(f.form, "given", e.id)
    if names is not None and not names.empty:
        used = names[["entity", "kind", "name_form", "given_form"]].drop_duplicates()
        for r in used.itertuples(index=False):
            add(r.name_form, "surname" if r.kind == "person" else r.kind, r.entity)
            if r.given_form:
                add(r.given_form, "given", r.entity)
    return kinds, entities


# Two forms with the same transliteration key are spellings of one name only if the
# forms as written (case, accents and punctuation aside) also score at least this with
# rapidfuzz's ratio: Kiev / Kyiv 75, Lukashenko / Lukashenka 90; Moore / Maria share a
# key (o/a, ia/e, double letters) but score 40.
SAME_KEY_MIN_WRITTEN_SCORE = 70.0
# Evidence that two similar forms are one name, strongest first (see suggest_variants).
SAME_ENTITY, SAME_KEY, SAME_KIND, UNLIKE = 3, 2, 1, 0
EVIDENCE_WORDS = {SAME_ENTITY: "forms of one entity", SAME_KEY: "same transliteration key",
                  SAME_KIND: "similar names of one kind", UNLIKE: "look-alikes"}


def _pair_evidence(a: str, b: str, keys: dict[str, str], kinds: dict[str, set[str]],
                   entities: dict[str, set[str]]) -> int:
    """How strongly two similar capitalised words look like spellings of one name (the
    levels SAME_ENTITY ... UNLIKE; see :func:`suggest_variants`)."""
    ka, kb = kinds.get(a, set()), kinds.get(b, set())
    ea, eb = entities.get(a, set()), entities.get(b, set())
    if ea & eb:
        return SAME_ENTITY
    if ka & NOT_A_NAME_KINDS or kb & NOT_A_NAME_KINDS:
        return UNLIKE  # Korean, Georgian, March: never a person's name
    if ka and kb and not ka & kb:
        return UNLIKE  # a given name and a place (George / Georgia), a surname and a given name
    if ea and eb:
        return SAME_KIND  # forms of different people and entities: Terry / Terri
    if keys[a] == keys[b] and first_letter(a) == first_letter(b) \
            and written_score(a, b) >= SAME_KEY_MIN_WRITTEN_SCORE:
        return SAME_KEY
    return SAME_KIND


def written_score(a: str, b: str) -> float:
    """rapidfuzz ratio of two forms as written, case, accents and punctuation aside."""
    from rapidfuzz import fuzz

    def plain(w):
        w = unicodedata.normalize("NFKD", w.casefold())
        return "".join(ch for ch in w if ch.isalpha() and not unicodedata.combining(ch))

    return fuzz.ratio(plain(a), plain(b))


def suggest_variants(word_counts: pd.DataFrame, registry: Registry, *, lists,
                     lowercase: set[str] | frozenset = frozenset(),
                     names: pd.DataFrame | None = None,
                     min_score: float = SUGGESTION_MIN_SCORE, limit: int = 50) -> pd.DataFrame:
    """Likely name variants missing from the registry: the forms of one name written
    differently by different outlets (Zelensky / Zelenskyy, Tikhanovskaya /
    Tsikhanouskaya), real spellings first, look-alikes last.

    ``word_counts`` has one row per (outlet, word, n) of capitalised words; words also
    written in lower case anywhere in the corpus (``lowercase``) are common words, not
    names, and are left out. ``names``: the mentions (or their counts: entity, kind,
    name_form, given_form) of registry entities and of the people found in the text,
    with corpus-wide entity names (:func:`analysis.measures.naming.detected_entity_names`).
    ``lists``: the corpus's :class:`analysis.people.name_lists.NameLists` (``Config.name_lists``),
    whose ``word_kinds`` say which words are places, given names or never a name.

    Candidates: two words that different outlets use, neither a prefix of the other
    unless their normalised spellings are identical (Russia / Russian are two words,
    Zelensky / Zelenskyy one) nor its adjective (Ukraine / Ukrainian), lengths within 2, whose
    normalised spellings (:func:`normalize_name`, which folds the edits transliteration
    systems make: y/i, ii/y, kh/h, ts/c, double letters, final -a/-o, ie/ye, ou/ov)
    score at least ``min_score`` with rapidfuzz's ratio. They are grouped by complete
    linkage (every pair in a group is similar). Each pair gets an evidence level, and a
    group the weakest level of its pairs:

    - 3, forms of one entity: both words are forms (surname or given name) of one
      registry entity or of one person found in the text (whose spellings
      :func:`analysis.measures.naming.detected_entity_names` brought together by given
      name and surname key);
    - 2, same transliteration key: the normalised spellings are identical (only
      transliteration-typical edits, case, accents or apostrophes differ: Raul / Raúl),
      not both forms of known but different entities, the first letters are the same and the forms as written score at least ``SAME_KEY_MIN_WRITTEN_SCORE`` (not
      Moore / Maria);
    - 1, similar names of one kind: the words are not known to be of different kinds
      (or both name known entities, but different ones: Terry / Terri, two people);
    - 0, look-alikes: one is a nationality, group, month, weekday or sentence word (of
      the people word lists), or the two are known names of different kinds only (a
      given name and a place: George / Georgia; Korean / Karen).

    A word's kinds (surname, given name, organisation, place, ...) come from the
    registry, ``names`` and the word lists of :mod:`analysis.people.names`. Groups with no
    unregistered form are dropped. Ranking: evidence level, then how established the
    least-used form is (its number of outlets), then ``exclusive`` (the share of the
    outlets using any form that use only one of them: a house choice rather than two
    different names), then outlets and mentions. One row per form: rank, suggested
    entity (a registered one or the person found in the text, if any form names one),
    variant, n, outlets, registered, score, and a YAML line to paste under the entity's
    names."""
    columns = ["rank", "entity", "exclusive", "variant", "n", "n_outlets", "outlets", "registered",
               "score", "key", "yaml"]
    if word_counts.empty:
        return pd.DataFrame(columns=columns)
    word_counts = word_counts[~word_counts.word.str.lower().isin(lowercase)]
    if word_counts.empty:
        return pd.DataFrame(columns=columns)
    per_word = word_counts.groupby("word").agg(n=("n", "sum"), outlets=("outlet", lambda s: sorted(set(s))))
    words = list(per_word.index)
    keys = {w: normalize_name(w) for w in words}
    known = registry.variant_forms
    outlets_of = {w: set(per_word.outlets[w]) for w in words}
    kinds, entities = _word_kinds(registry, names, lists)
    pairs = _similar_pairs(words, keys, outlets_of, per_word, registry, known, min_score=min_score)
    evidence = {(a, b): _pair_evidence(a, b, keys, kinds, entities) for _s, _n, a, b in pairs}
    groups, best = _group_forms(pairs, keys, evidence, min_score=min_score)
    ranked = _rank_groups(groups, keys, kinds, entities, outlets_of, per_word, known)
    rows = _suggestion_rows(ranked[:limit], registry, entities, per_word, known, best, keys)
    return pd.DataFrame(rows, columns=columns)


def _similar_pairs(words: list[str], keys: dict[str, str], outlets_of: dict[str, set[str]],
                   per_word: pd.DataFrame, registry: Registry, known: set[str], *,
                   min_score: float) -> list[tuple[int, int, str, str]]:
    """The candidate pairs of :func:`suggest_variants` (its docstring says which), as
    (score, n of both words, shorter word, longer word)."""
    from rapidfuzz import fuzz, process

    # Compare only words whose keys start alike (transliteration keeps first letters
    # stable), all pairs of a block at once in rapidfuzz's C++ (process.cdist).
    blocks: dict[str, list[str]] = {}
    for w in words:
        if keys[w]:
            blocks.setdefault(keys[w][:2], []).append(w)
    pairs = []
    for block in blocks.values():
        if len(block) < 2:
            continue
        scores = process.cdist([keys[w] for w in block], [keys[w] for w in block],
                               scorer=fuzz.ratio, score_cutoff=min_score, dtype=np.uint8,
                               workers=1)
        for i, j in zip(*scores.nonzero()):
            if i >= j:
                continue
            a, b = sorted((block[i], block[j]), key=len)
            if len(b) - len(a) > 2 or b.startswith(a) and keys[a] != keys[b]:
                continue  # Russia / Russian; but Zelensky / Zelenskyy share their key
            if b.startswith(a[:-1]) and b.endswith(DEMONYM_ENDINGS):
                continue  # Ukraine / Ukrainian: a place and its adjective
            if not (outlets_of[a] ^ outlets_of[b]):
                continue  # no outlet chooses one form over the other
            if a in known and b in known and registry.name_entity.get(a) == registry.name_entity.get(b):
                continue
            pairs.append((int(scores[i, j]), int(per_word.n[a] + per_word.n[b]), a, b))
    return pairs


def _group_forms(pairs: list[tuple[int, int, str, str]], keys: dict[str, str],
                 evidence: dict[tuple[str, str], int], *, min_score: float):
    """The groups of similar forms (lists of words) and each word's best score in its
    group."""
    from rapidfuzz import fuzz

    # Group forms by complete linkage: two groups merge only if every form of one is
    # similar to every form of the other, so chains (House ~ Hause ~ Hamas) cannot form.
    # Stronger evidence merges first, so a real variant is not taken by a look-alike.
    group_of: dict[str, list[str]] = {}
    best: dict[str, float] = {}
    for score, _n, a, b in sorted(pairs, key=lambda p: (-evidence[p[2], p[3]], -p[0], -p[1], p[2], p[3])):
        ga, gb = group_of.get(a, [a]), group_of.get(b, [b])
        if ga is gb:
            continue
        if all(fuzz.ratio(keys[x], keys[y]) >= min_score for x in ga for y in gb):
            merged = ga + gb
            for w in merged:
                group_of[w] = merged
            best[a] = max(best.get(a, 0), score)
            best[b] = max(best.get(b, 0), score)
    groups = {id(g): g for g in group_of.values()}.values()
    return groups, best


def _rank_groups(groups, keys: dict[str, str], kinds: dict[str, set[str]],
                 entities: dict[str, set[str]], outlets_of: dict[str, set[str]],
                 per_word: pd.DataFrame, known: set[str]) -> list[tuple]:
    """The groups with an unregistered form, ranked as :func:`suggest_variants` says:
    (level, established, exclusive, n_outlets, n, members most used first) each."""
    ranked = []
    for members in groups:
        if all(m in known for m in members):
            continue
        level = min(_pair_evidence(x, y, keys, kinds, entities)
                    for i, x in enumerate(members) for y in members[i + 1:])
        using = [outlets_of[m] for m in members]
        outlets = set().union(*using)
        # outlets that write exactly one of the forms: a house choice, not chance
        exclusive = sum(1 for o in outlets if sum(o in u for u in using) == 1) / len(outlets)
        total = int(sum(per_word.n[m] for m in members))
        # the least-used form's number of outlets: a typo used once ranks below two
        # established spellings
        established = min(len(u) for u in using)
        ranked.append((level, established, round(exclusive, 2), len(outlets), total,
                       sorted(members, key=lambda m: (-per_word.n[m], m))))
    ranked.sort(key=lambda g: (-g[0], -g[1], -g[2], -g[3], -g[4], g[5][0]))
    return ranked


def _suggestion_rows(ranked: list[tuple], registry: Registry, entities: dict[str, set[str]],
                     per_word: pd.DataFrame, known: set[str], best: dict[str, float],
                     keys: dict[str, str]) -> list[dict]:
    """The rows of :func:`suggest_variants`, one per form of each ranked group."""
    rows = []
    for rank, (_level, _established, exclusive, _n_out, _total, members) in enumerate(ranked, start=1):
        entity = next((registry.name_entity[m] for m in members if m in registry.name_entity), None)
        if entity is None:
            shared = set.intersection(*(entities.get(m, set()) for m in members))
            entity = sorted(shared)[0] if shared else members[0].casefold()
        for m in members:
            rows.append({"rank": rank, "entity": entity, "exclusive": exclusive,
                         "variant": m, "n": int(per_word.n[m]),
                         "n_outlets": len(per_word.outlets[m]), "outlets": "; ".join(per_word.outlets[m]),
                         "registered": m in known, "score": round(best[m], 1), "key": keys[m],
                         "yaml": f"- {{form: {m}, script: {'Cyrillic' if re.search('[А-яЁёІіЎў]', m) else 'Latin'}, origin: unknown}}"})
    return rows
