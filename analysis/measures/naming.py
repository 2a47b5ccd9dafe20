"""Naming conventions: which form of each name an outlet writes, and which labels it puts
with a person.

Everything about the story lives in data files: the registry of entities and name forms
(``data/entities.yaml``) and the label word lists (``data/labels.yaml``). The functions
here work on any corpus and any registry.

- :func:`find_mentions` finds every mention of every registered entity in an analysis
  text: full names ("Alexander Lukashenko"), the surname or name alone, possessives.
- :func:`detected_mentions` adds the persons and organisations that
  :func:`analysis.people.names.find_people` finds with no registry, where no registry mention
  overlaps them (the registry keeps precedence: it knows transliterations and Cyrillic
  forms the text cannot show); :func:`detected_entity_names` gives them their
  corpus-wide names once every article is read (spellings of one person become one:
  Zelensky, Zelenskyy, Zelenskiy), and :func:`name_entities` applies those names.
- :func:`find_labels` finds the labels around person mentions: titles and descriptors
  before the name, appositions after it, and references without the name that a registry
  rule ties to the person.
- :func:`count_variants`, :func:`dominant_convention` and :func:`first_mentions` turn
  mentions into the tables the notebook draws.
- :func:`suggest_variants` proposes name forms the registry lacks: capitalised words used
  by different outlets that are near-identical after transliteration-aware normalisation,
  forms of one person and real spellings ranked above look-alikes.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.corpus import paths
from analysis.language import text
from analysis.corpus.load import outlet_order, outlet_rank

ENTITIES_FILENAME = "entities.yaml"
LABELS_FILE = paths.DATA / "labels.yaml"
KINDS = ("person", "place", "organisation")
POSSESSIVE = r"(?:['’]s(?!\w)|(?<=s)['’](?!\w))"


class RegistryError(ValueError):
    """A registry file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Form:
    entity: str
    part: str  # "name" (surname, or a place's name) or "given"
    form: str
    script: str
    origin: str
    note: str = ""


@dataclass
class Entity:
    id: str
    name: str
    kind: str
    names: list[Form]
    given: list[Form]
    references: list[re.Pattern] = field(default_factory=list)
    convention: bool = True  # False: its forms (abbreviations, full names) are no naming convention
    pronoun: str = ""  # he, she or they: for attributing "she said" (persons only)


@dataclass
class Registry:
    """Entities by id, with the compiled patterns that find their mentions."""

    entities: dict[str, Entity]
    source: str = ""

    def __post_init__(self) -> None:
        self.forms: dict[tuple[str, str], Form] = {}
        for e in self.entities.values():
            for f in e.names + e.given:
                self.forms[(f.part, f.form)] = f
        names = sorted({f.form for e in self.entities.values() for f in e.names}, key=len, reverse=True)
        givens = sorted({f.form for e in self.entities.values() for f in e.given}, key=len, reverse=True)
        self.name_entity = {f.form: e.id for e in self.entities.values() for f in e.names}
        self.given_entities: dict[str, set[str]] = {}
        for e in self.entities.values():
            for f in e.given:
                self.given_entities.setdefault(f.form, set()).add(e.id)
        if names:
            alt = lambda forms: "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
            given_part = rf"(?:(?P<given>{alt(givens)})\s+)?" if givens else ""
            self.pattern = re.compile(rf"(?<!\w){given_part}(?P<name>{alt(names)})"
                                      rf"(?P<poss>{POSSESSIVE})?(?![\w-])")
        else:
            self.pattern = None

    @property
    def variant_forms(self) -> set[str]:
        return {f.form for f in self.forms.values()}


def _read_yaml(path: Path):
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from None


def _parse_entities(raw, path: Path) -> dict[str, Entity]:
    if not isinstance(raw, list):
        raise RegistryError(f"{path}: expected a list of entities")
    out: dict[str, Entity] = {}
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not item.get("id"):
            raise RegistryError(f"{path}: entity {i}: expected a mapping with an id")
        eid = str(item["id"])
        where = f"{path}: entity {eid!r}"
        kind = item.get("kind", "")
        if kind not in KINDS:
            raise RegistryError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        forms = {}
        for part, key in (("name", "names"), ("given", "given")):
            forms[part] = []
            for j, f in enumerate(item.get(key) or [], start=1):
                if isinstance(f, str):
                    f = {"form": f}
                if not isinstance(f, dict) or not str(f.get("form", "")).strip():
                    raise RegistryError(f"{where}: {key} entry {j} has no form")
                forms[part].append(Form(eid, part, str(f["form"]).strip(), str(f.get("script", "")),
                                        str(f.get("origin", "unknown")), str(f.get("note", ""))))
        if not forms["name"]:
            raise RegistryError(f"{where}: no names")
        refs = []
        for pattern in item.get("references") or []:
            try:
                refs.append(re.compile(str(pattern), re.IGNORECASE))
            except re.error as exc:
                raise RegistryError(f"{where}: bad reference pattern {pattern!r}: {exc}") from None
        out[eid] = Entity(eid, str(item.get("name") or forms["name"][0].form), kind,
                          forms["name"], forms["given"], refs,
                          convention=bool(item.get("convention", True)),
                          pronoun=str(item.get("pronoun") or "").casefold())
    return out


def load_registry(path: str | Path | None = None) -> Registry:
    """Read a registry file (default: the bundled ``data/entities.yaml``).

    A file whose top level is a list replaces the bundled registry; a mapping
    ``{extends: bundled, entities: [...]}`` adds to it (its entities win by id)."""
    path = Path(path) if path else paths.DATA / ENTITIES_FILENAME
    raw = _read_yaml(path)
    if isinstance(raw, dict):
        if raw.get("extends") not in (None, "bundled"):
            raise RegistryError(f"{path}: extends must be 'bundled'")
        base = load_registry().entities if raw.get("extends") == "bundled" else {}
        base.update(_parse_entities(raw.get("entities") or [], path))
        return Registry(base, str(path))
    if raw is None:
        return Registry({}, str(path))
    return Registry(_parse_entities(raw, path), str(path))


def registry_for_corpus(corpus: str | Path | None) -> Registry:
    """The registry a corpus uses (:func:`analysis.corpus.paths.data_files`): its folder's
    ``entities.yaml`` replaces the bundled one (an empty list: no registry); the entities of
    its ``entities.extra.yaml`` (a list) are added, winning by id. (A corpus
    ``entities.yaml`` that is a mapping ``{extends: bundled, entities: [...]}`` extends the
    bundled registry too, as earlier versions read it.)"""
    files = paths.data_files(corpus, ENTITIES_FILENAME)
    registry = load_registry(files[0])
    for extra in files[1:]:
        raw = _read_yaml(extra)
        if isinstance(raw, dict):
            raw = raw.get("entities")
        entities = dict(registry.entities)
        entities.update(_parse_entities(raw or [], extra))
        registry = Registry(entities, str(extra))
    return registry


@dataclass
class LabelRules:
    label_words: set[str]
    stop_words: set[str]
    skip_capitalised: set[str]
    apposition_start: re.Pattern
    apposition_max_words: int


def load_label_rules(path: str | Path | None = None) -> LabelRules:
    """Read the label word lists (default: ``data/labels.yaml``)."""
    path = Path(path) if path else LABELS_FILE
    raw = _read_yaml(path)
    for key in ("label_words", "stop_words", "weekdays_and_months"):
        bad = [w for w in raw.get(key) or [] if not isinstance(w, str)]
        if bad:  # YAML reads unquoted no/on/yes as booleans
            raise RegistryError(f"{path}: {key} has non-text entries {bad}: quote them")
    try:
        return LabelRules(
            {w.casefold() for w in raw["label_words"]}, {w.casefold() for w in raw["stop_words"]},
            set(raw.get("weekdays_and_months") or []),
            re.compile(raw["apposition_starts"], re.IGNORECASE), int(raw["apposition_max_words"]))
    except (KeyError, TypeError, re.error) as exc:
        raise RegistryError(f"{path}: missing or bad field: {exc}") from None


def label_rules_for_corpus(corpus: str | Path | None) -> LabelRules:
    """The label word lists a corpus uses (:func:`analysis.corpus.paths.data_files`): its folder's
    ``labels.yaml`` replaces the bundled one; its ``labels.extra.yaml`` adds words to
    ``label_words``, ``stop_words`` and ``weekdays_and_months`` and, if it gives them,
    replaces ``apposition_starts`` and ``apposition_max_words``."""
    files = paths.data_files(corpus, LABELS_FILE.name)
    rules = load_label_rules(files[0])
    for extra in files[1:]:
        raw = _read_yaml(extra) or {}
        if not isinstance(raw, dict):
            raise RegistryError(f"{extra}: expected a mapping of word lists (label_words, stop_words, ...)")
        for key in ("label_words", "stop_words", "weekdays_and_months"):
            words = raw.get(key) or []
            bad = [w for w in words if not isinstance(w, str)]
            if bad or not isinstance(words, list):
                raise RegistryError(f"{extra}: {key} must be a list of words in quotes, not {bad or words}")
        rules.label_words |= {w.casefold() for w in raw.get("label_words") or []}
        rules.stop_words |= {w.casefold() for w in raw.get("stop_words") or []}
        rules.skip_capitalised |= set(raw.get("weekdays_and_months") or [])
        try:
            if "apposition_starts" in raw:
                rules.apposition_start = re.compile(raw["apposition_starts"], re.IGNORECASE)
            if "apposition_max_words" in raw:
                rules.apposition_max_words = int(raw["apposition_max_words"])
        except (TypeError, ValueError, re.error) as exc:
            raise RegistryError(f"{extra}: bad field: {exc}") from None
    return rules


# ----------------------------------------------------------------------------- mentions

MENTION_COLUMNS = ["article_id", "outlet", "sentence_id", "role", "entity", "kind", "start",
                   "end", "surface", "name_form", "name_origin", "given_form", "given_origin",
                   "possessive", "voice"]
LABEL_COLUMNS = ["article_id", "outlet", "sentence_id", "entity", "label_type", "label",
                 "label_key", "mention", "voice", "start", "end"]


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

# Suffixes written after a surname: the surname is the word before them.
NAME_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})
# The evidence of people.find_people for a one-word mention that is the first word of a
# full name ("Donald" after "Donald Trump"): a given name used alone, not a surname.
FIRST_WORD_EVIDENCE = "first-word-of-full-mention"


def _name_parts(mention: str, kind: str, evidence: str, canonical: str = "") -> tuple[str, str]:
    """(name_form, given_form) of a mention found without the registry, as written: a
    person's surname is the last word (before Jr., III...), the given name the first
    word of a full name when it is not an initial ("Michael T. Flynn": Flynn, Michael);
    a one-word mention is a surname ("Clinton") unless it is the first word of the
    article's full name (``canonical``; "Donald": given name only) or carries a suffix
    ("Donald Jr"). An organisation's form is its whole
    name."""
    words = mention.split()
    if kind != "person" or not words:
        return " ".join(words), ""
    suffixed = len(words) > 1 and words[-1] in NAME_SUFFIXES
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    if len(words) == 1:  # "Donald Jr": a given name with its suffix
        full = canonical.split()
        first_word = len(full) >= 2 and words[0] == full[0] and words[0] != full[-1]
        return ("", words[0]) if evidence == FIRST_WORD_EVIDENCE or suffixed or first_word \
            else (words[0], "")
    given = words[0] if len(words[0].rstrip(".")) > 1 else ""
    return words[-1], given


def detected_mentions(analysis_text: str, sentences: list[dict], people_rows: list[dict],
                      registry_mentions: list[dict], *,
                      quotes: list[dict] | None = None) -> list[dict]:
    """Mention rows (``MENTION_COLUMNS`` other than article_id and outlet) for the persons
    and organisations :func:`analysis.people.names.find_people` found (``people_rows``), where
    no registry mention overlaps them: the registry keeps precedence, since it knows what
    the text cannot show (transliterations, Cyrillic forms, Lukashenka = Lukashenko).

    ``entity`` is the article's canonical name ("Volodymyr Zelensky"); the corpus-wide
    name is given later by :func:`detected_entity_names`. ``name_form`` and
    ``given_form`` are the surname and given name as written (see :func:`_name_parts`;
    the title, "Mrs." or "President", is not part of the form: it is a label of
    :func:`find_labels`, counted there; rows carry it under ``title``, which is not a
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
        name, given = _name_parts(p["mention"], p["kind"], p["evidence"], p["canonical"])
        if p["kind"] == "person" and len(name.rstrip(".")) == 1:
            continue  # a name cut after an initial ("Wang Y."): no surname to count
        sentence = index.at(p["start"]) or {"sentence_id": p["sentence_id"], "role": ""}
        rows.append({
            "sentence_id": p["sentence_id"], "role": sentence["role"], "entity": p["canonical"],
            "kind": p["kind"], "start": p["start"], "end": p["end"], "surface": p["mention"], "name_form": name, "name_origin": "",
            "given_form": given, "given_origin": "", "possessive": bool(p["possessive"]),
            "voice": inside.voice(p["start"]), "title": p["title"]})
    return rows


def _first_letter(word: str) -> str:
    """The first letter of a word, case and accents aside: transliteration keeps it
    (Zelensky / Zelenskyy, Tikhanovskaya / Tsikhanouskaya), different names often differ
    in it (Evers / Javers)."""
    w = unicodedata.normalize("NFKD", word.casefold())
    return next((ch for ch in w if ch.isalpha()), "")


def _surname_key(word: str) -> str:
    """The key under which surnames are one (see :func:`detected_entity_names`)."""
    return f"{_first_letter(word)}:{normalize_name(word)}"


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
    return f"{_first_letter(word)}:{key}"


def detected_entity_names(mentions: pd.DataFrame, registry: Registry | None = None) -> dict[str, str]:
    """The corpus-wide name of every entity found in the text (mentions whose ``entity``
    is no registry id; ``mentions`` has ``entity`` and ``kind``, and ``n`` if rows are
    counts), as a mapping from the article's canonical name to the corpus's.

    Two steps, both documented rules:
    1. :func:`analysis.people.names.canonical_people`: names that differ in case, hyphens or
       spaces are one; a one-word person name goes to the one full name ending in it
       (else starting with it).
    2. Spellings of one person: persons' full names whose surnames have the same first
       letter and transliteration key (:func:`normalize_name`: Zelensky, Zelenskyy,
       Zelenskiy; not Evers / Javers) and, as written, score at least
       ``SAME_SURNAME_WRITTEN_SCORE`` (not Block / Black), and whose given names have the
       same :func:`_given_key` (Volodymyr / Vladimir; not Ivanka / Ivana Trump, Ariel /
       Raul Castro, Tim / Tom Miller) are one, named by the full name with
       the most mentions (ties: the first in sorted order); a one-word person name with
       the surname key of exactly one such person, and as written within
       ``SAME_SURNAME_WRITTEN_SCORE`` of that surname, is that person.
    Registry entities are left out (their ids are their names)."""
    from analysis.people import names as people_mod

    known = set(registry.entities) if registry is not None else set()
    m = mentions[~mentions.entity.isin(known)]
    if m.empty:
        return {}
    weight = m["n"] if "n" in m.columns else pd.Series(1, index=m.index)
    counted = (pd.DataFrame({"canonical": m.entity.astype(str), "kind": m.kind.astype(str), "n": weight})
               .groupby(["canonical", "kind"], sort=True).n.sum())
    rows = [{"canonical": c, "kind": k} for (c, k), n in counted.items() for _ in range(int(n))]
    step1 = people_mod.canonical_people(rows)
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
        words = [w for w in name.split() if w not in NAME_SUFFIXES]
        surname_of[name] = words[-1]
        by_surname.setdefault(_surname_key(words[-1]), []).append(name)
    merged: dict[str, str] = {}
    person_of_surname: dict[str, set[str]] = {}
    for key, names in by_surname.items():
        # surnames as written: single linkage at SAME_SURNAME_WRITTEN_SCORE
        spellings: list[list[str]] = []
        for name in names:
            home = next((sp for sp in spellings if any(
                _written_score(surname_of[name], surname_of[o]) >= SAME_SURNAME_WRITTEN_SCORE
                for o in sp)), None)
            if home is None:
                spellings.append([name])
            else:
                home.append(name)
        groups: dict[tuple[int, str], list[str]] = {}
        for k, spelling in enumerate(spellings):
            for name in spelling:
                groups.setdefault((k, _given_key(name.split()[0])), []).append(name)
        for g in groups.values():
            best = sorted(g, key=lambda x: (-n_of[x], x))[0]
            for name in g:
                merged[name] = best
            person_of_surname.setdefault(key, set()).add(best)
    for name in persons:
        if len(name.split()) == 1:
            owners = {o for o in person_of_surname.get(_surname_key(name), set())
                      if _written_score(name, surname_of[o]) >= SAME_SURNAME_WRITTEN_SCORE}
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


# ----------------------------------------------------------------------------- labels

def find_references(analysis_text: str, registry: Registry) -> list[tuple[int, int, str, str]]:
    """Descriptions the registry ties to an entity ("the Russian president"): (start, end,
    surface, entity) for every match of every entity's ``references`` patterns."""
    return [(r.start(), r.end(), r.group(), entity.id)
            for entity in registry.entities.values() for pattern in entity.references
            for r in pattern.finditer(analysis_text)]


_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*(?:['’]s?)?|[^\w\s]")


def _label_before(segment: str, rules: LabelRules, *, truncated: bool = False):
    """The label directly before a name, from the text of its sentence up to the name:
    (label, offset of the label in ``segment``) or None. ``truncated``: the segment is
    only the end of that text, starting at a space; if the label may reach back beyond
    it, return _UNDECIDED."""
    tokens = list(_TOKEN.finditer(segment))
    taken: list[re.Match] = []
    end = len(segment)
    for tok in reversed(tokens):
        if segment[tok.end():end].strip():  # something other than spaces in between
            break
        word = tok.group()
        key = word.casefold()
        if not word[0].isalnum():
            break
        if key in rules.label_words:
            taken.append(tok)
        elif taken and word[0].isupper() and key not in rules.stop_words \
                and word not in rules.skip_capitalised:
            taken.append(tok)
        else:
            break
        end = tok.start()
    else:
        if truncated:
            return _UNDECIDED
    while taken and taken[-1].group().casefold() not in rules.label_words \
            and not taken[-1].group()[0].isupper():
        taken.pop()
    if not taken or taken[0].group().casefold() not in rules.label_words:
        return None  # the word next to the name must be a label word
    first = taken[-1]
    return segment[first.start():taken[0].end()], first.start()


# Labels are read in this many characters before and after a name; the whole sentence is
# read only when a label may reach further, so a long sentence costs no more per name.
LABEL_WINDOW = 400
_UNDECIDED = object()  # a window too short to decide: read the whole sentence


def _label_before_in(analysis_text: str, start: int, name: int,
                     rules: LabelRules) -> tuple[str, int] | None:
    """:func:`_label_before` of ``analysis_text[start:name]`` (the sentence up to a name),
    reading only the last LABEL_WINDOW characters when they settle it; the label's
    offset is into ``analysis_text``."""
    cut = name - LABEL_WINDOW
    if cut > start:
        # start the window at a space: its tokens are then those of the whole segment
        while cut < name and not analysis_text[cut].isspace():
            cut += 1
        found = _label_before(analysis_text[cut:name], rules, truncated=True)
        if found is not _UNDECIDED:
            return (found[0], cut + found[1]) if found else None
    found = _label_before(analysis_text[start:name], rules)
    return (found[0], start + found[1]) if found else None


def _apposition_after_in(analysis_text: str, end: int, sentence_end: int,
                         rules: LabelRules) -> tuple[str, int] | None:
    """:func:`_apposition_after` of ``analysis_text[end:sentence_end]`` (the sentence after
    a name) with the apposition's offset into ``analysis_text``, reading only the first
    LABEL_WINDOW characters when they settle it."""
    stop = min(sentence_end, end + LABEL_WINDOW)
    segment = analysis_text[end:stop]
    app = _apposition_after(segment, rules, truncated=stop < sentence_end)
    if app is _UNDECIDED:
        segment = analysis_text[end:sentence_end]
        app = _apposition_after(segment, rules)
    return (app, end + segment.index(app)) if app else None


# An apposition ends at a comma, dash, semicolon or full stop; not at the full stop of an
# initial or of an honorific or title abbreviation ("an appointee of President George W.
# Bush", "who served under Mr. Obama").
_APPOSITION_END = re.compile(
    r"\s*(?:,|--|—|–|;|(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)"
    r"(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bLt)(?<!\bCol)(?<!\bGov)\.(?=\s|$|[\"”’]))")


def _apposition_after(segment: str, rules: LabelRules, *, truncated: bool = False):
    """The apposition at the start of ``segment`` (the sentence after a name), or None.
    ``truncated``: the segment is only the beginning of that text; if that does not
    settle the answer, return _UNDECIDED."""
    m = re.match(r"\s*(?:,|--|—|–)\s*", segment)
    if truncated and (m is None and not segment.strip() or m and len(segment) - m.end() < 100):
        return _UNDECIDED
    if not m:
        return None
    rest = segment[m.end():]
    if not rules.apposition_start.match(rest):
        return None
    stop = _APPOSITION_END.search(rest)
    if truncated and (not stop or stop.end() >= len(rest)):
        # the apposition runs to the end of the window or beyond: it holds at least the
        # window's words but its last
        return None if text.count_words(rest) > rules.apposition_max_words + 1 else _UNDECIDED
    if not stop:
        return None
    app = rest[:stop.start()].strip()
    n = text.count_words(app)
    return app if 0 < n <= rules.apposition_max_words else None


def _modifier(analysis_text: str, mention: dict, rules: LabelRules, lists) -> bool:
    """A name used as a modifier of a person noun in the next lower-case word, or the one
    after it when the first is no stop word ("a former Trump adviser", "former Obama
    administration official"; the label words and the person nouns of
    :mod:`analysis.people.names`, ``lists``): the words before it label that other person, not
    this one."""
    if mention["possessive"]:
        return False
    after = re.match(r" ([a-z]+)(?: ([a-z]+))?\b", analysis_text[mention["end"]:mention["end"] + 60])
    if not after:
        return False
    first, second = after.groups()

    def person_noun(w):
        return w in rules.label_words or w in lists.roles

    # the second word only after a noun ("administration official"), not after a
    # function word ("Lukashenko against foreign ...")
    return person_noun(first) or bool(second) and first not in lists.stop_words and person_noun(second)


def find_labels(analysis_text: str, sentences: list[dict], mentions: list[dict],
                registry: Registry, rules: LabelRules, *, lists,
                quotes: list[dict] | None = None) -> list[dict]:
    """Labels put with persons in one article: ``before name`` (titles and descriptors
    directly before a person's name; for a person found in the text, the title or
    honorific :func:`analysis.people.names.find_people` read before it when the label words
    find none: "Mrs.", "Sen."; none when the name modifies a label word after it, "former
    Trump adviser"), ``apposition`` (a clause after the name set off by a
    comma or dash) and ``reference`` (the person named by a description a registry rule
    ties to them, such as "the Belarusian leader"). Each row says whether the words are
    the narrator's or inside a quotation (voice). ``lists``: the corpus's
    :class:`analysis.people.names.NameLists` (``Config.name_lists``), whose person nouns
    decide when a name modifies a label word."""
    quotes = text.find_quotes(analysis_text) if quotes is None else quotes
    inside = text.SpanIndex(quotes)
    index = text.SentenceIndex(sentences)
    rows = []

    def add(sentence_id, entity, label_type, label, mention, start):
        rows.append({"sentence_id": sentence_id, "entity": entity, "label_type": label_type,
                     "label": label, "label_key": re.sub(r"\s+", " ", label.casefold()),
                     "mention": mention, "voice": inside.voice(start),
                     "start": start, "end": start + len(label)})

    for m in mentions:
        if m["kind"] != "person":
            continue
        sentence = index.at(m["start"])
        if sentence is None:
            continue
        if _modifier(analysis_text, m, rules, lists):
            found = None  # "former Trump adviser Roger Stone": the label is the adviser's
        else:
            found = _label_before_in(analysis_text, sentence["start"], m["start"], rules)
        if not found and m.get("title"):
            # a title or honorific people.find_people read before a name found in the
            # text ("Mrs.", "Sen.", "Secretary of State") that the label words do not end
            at = analysis_text.rfind(m["title"], max(sentence["start"], m["start"] - len(m["title"]) - 2),
                                     m["start"])
            found = (m["title"], at) if at >= 0 else None
        if found:
            label, offset = found
            add(m["sentence_id"], m["entity"], "before name", label, m["surface"], offset)
        if not m["possessive"]:
            app = _apposition_after_in(analysis_text, m["end"], sentence["end"], rules)
            if app:
                app, offset = app
                add(m["sentence_id"], m["entity"], "apposition", app, m["surface"], offset)
    person_starts = {m["start"] for m in mentions if m["kind"] == "person"}
    for start, end, surface, entity in find_references(analysis_text, registry):
        sentence = index.at(start)
        if sentence is None or end + 1 in person_starts:
            continue  # "the opposition leader Sviatlana ...": a label before the name
        label = re.sub(r"^the\s+", "", surface, flags=re.IGNORECASE)
        add(sentence["sentence_id"], entity, "reference", label, surface,
            start + len(surface) - len(label))
    rows.sort(key=lambda r: (r["start"], r["label_type"]))
    return rows


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


# ----------------------------------------------------------------------------- discovery

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
# of analysis/people.py (given names; places; nationalities, groups, months, weekdays and
# sentence words, which are never a person's name).
NOT_A_NAME_KINDS = frozenset({"nationality", "group", "month", "weekday", "sentence_word"})


def _word_kinds(registry: Registry, names: pd.DataFrame | None,
                lists) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(kinds of each word, entities each word names) from the registry's forms, the
    mention table (``names``: entity, kind, name_form, given_form, as in
    :func:`find_mentions` / :func:`detected_mentions` or their counts) and the word lists."""
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
    if keys[a] == keys[b] and _first_letter(a) == _first_letter(b) \
            and _written_score(a, b) >= SAME_KEY_MIN_WRITTEN_SCORE:
        return SAME_KEY
    return SAME_KIND


def _written_score(a: str, b: str) -> float:
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
    with corpus-wide entity names (:func:`detected_entity_names`). ``lists``: the corpus's
    :class:`analysis.people.names.NameLists` (``Config.name_lists``), whose ``word_kinds`` say
    which words are places, given names or never a name.

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
      :func:`detected_entity_names` brought together by given name and surname key);
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
    from rapidfuzz import fuzz, process

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
    # Group forms by complete linkage: two groups merge only if every form of one is
    # similar to every form of the other, so chains (House ~ Hause ~ Hamas) cannot form.
    # Stronger evidence merges first, so a real variant is not taken by a look-alike.
    group_of: dict[str, list[str]] = {}
    best: dict[str, float] = {}
    evidence = {(a, b): _pair_evidence(a, b, keys, kinds, entities) for _s, _n, a, b in pairs}
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
    rows = []
    for rank, (_level, _established, exclusive, _n_out, _total, members) in enumerate(ranked[:limit], start=1):
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
    return pd.DataFrame(rows, columns=columns)


def labels_side_by_side(labels: pd.DataFrame, outlets: list[str]) -> pd.DataFrame:
    """The labels each outlet puts with each person, for reading: one row per (entity,
    label), one column per outlet with the count, "+ n quoted" when some occurrences are
    inside quotations, "" when the outlet never uses it. Rows: entities in order, then
    labels used by more outlets first."""
    if labels.empty:
        return pd.DataFrame(columns=["entity", "label", *outlets])
    counts = labels.groupby(["entity", "label_key", "outlet", "voice"]).size().unstack("voice", fill_value=0)
    for voice in text.VOICES:
        if voice not in counts.columns:
            counts[voice] = 0

    def cell(row) -> str:
        own, quoted = int(row[text.NARRATOR]), int(row[text.QUOTED])
        if own and quoted:
            return f"{own} + {quoted} quoted"
        return f"{quoted} quoted" if quoted else str(own)

    cells = counts.apply(cell, axis=1).unstack("outlet", fill_value="")
    cells = cells.reindex(columns=[o for o in outlets if o in cells.columns] +
                          [o for o in cells.columns if o not in outlets], fill_value="")
    spread = (cells != "").sum(axis=1).rename("n_outlets")
    out = cells.join(spread).reset_index().rename(columns={"label_key": "label"})
    out = out.sort_values(["entity", "n_outlets", "label"], ascending=[True, False, True], kind="stable")
    return out.drop(columns="n_outlets").reset_index(drop=True)


def _outlets_of(table: pd.DataFrame, outlets) -> list[str]:
    return list(outlets) if outlets is not None else outlet_order(table.outlet)


def entity_forms(variants: pd.DataFrame, entity: str, *,
                 outlets: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The forms of one entity's name each outlet writes, for reading one entity at a
    time: one row per form the chosen ``outlets`` (all when None) use (part, form,
    origin, from :func:`count_variants`), one column per outlet in the order given with
    its number of mentions in that form (0: not this form, or not mentioned at all).
    Rows: names before given names, then the most used form first. Empty when none of
    the outlets mentions the entity."""
    outlets = _outlets_of(variants, outlets)
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


def entity_labels(labels: pd.DataFrame, entity: str, *,
                  outlets: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The labels the chosen ``outlets`` (all when None) put with one entity, side by
    side as in :func:`labels_side_by_side`: one row per label, one column per outlet in
    the order given ("" where the outlet does not use it, "+ n quoted" for occurrences
    inside quotations). Empty when no outlet labels the entity."""
    outlets = _outlets_of(labels, outlets)
    mine = labels[(labels.entity == entity) & labels.outlet.isin(outlets)]
    if mine.empty:
        return pd.DataFrame(columns=["label", *outlets])
    table = labels_side_by_side(mine, outlets).drop(columns="entity")
    return table.reindex(columns=["label", *outlets], fill_value="").reset_index(drop=True)


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


def labelling(labels: pd.DataFrame, *, max_words: int) -> pd.Series:
    """Which label rows label a person (for loaded-word findings): every label before the
    name and every reference, and appositions that are a noun phrase of at most
    ``max_words`` words ("a ferocious debater"), not a clause ("who was earlier criticized
    for ...", "the critics showed no signs of backing down"), which tells what happened
    rather than what the person is called."""
    words = labels.label.astype(str).str.split().str.len()
    clause = labels.label.astype(str).str.match(r"(?i)(?:who|whose|whom|which|that)\b")
    return (labels.label_type != "apposition") | (~clause & (words <= max_words))


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
