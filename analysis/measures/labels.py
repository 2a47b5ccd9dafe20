"""Labels: the words an outlet puts with a person. Titles and descriptors before the name,
appositions after it, and references without the name that a registry rule ties to the
person ("the Belarusian leader"). The label word lists live in a data file
(``data/labels.yaml``, or a corpus folder's own: :func:`label_rules_for_corpus`).

- :func:`find_labels` finds the labels around the person mentions of one article
  (:func:`analysis.measures.naming.find_mentions`,
  :func:`analysis.measures.naming.detected_mentions`).
- :func:`labels_side_by_side` and :func:`entity_labels` set them out outlet by outlet for
  reading; :func:`labelling` tells which label rows label a person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.corpus import paths
from analysis.corpus.digests import content_digest
from analysis.language import text
from analysis.measures.naming import outlets_of
from analysis.people import appositions, name_lists
from analysis.people.registry import Registry, RegistryError, find_references, read_yaml

LABELS_FILE = paths.DATA / "labels.yaml"
LABEL_COLUMNS = ["article_id", "outlet", "sentence_id", "entity", "label_type", "label",
                 "label_key", "mention", "voice", "start", "end"]


@dataclass
class LabelRules:
    label_words: set[str]
    stop_words: set[str]
    apposition_start: re.Pattern
    apposition_max_words: int  # an apposition longer than this is no label

    def digest(self) -> str:
        """The digest of the label word lists as loaded (every field)."""
        return content_digest(self)


# a key of labels.yaml that moved to another data file, and where
_MOVED = {"weekdays_and_months": "the weekday and month rows of name_titles_not_names.csv "
                                 "(name_titles_not_names.extra.csv adds to them)"}


def _refuse_moved(path: Path, raw: dict) -> None:
    for key, where in _MOVED.items():
        if key in raw:
            raise RegistryError(f"{path}: {key} is no longer read from the label words: it is "
                                f"{where}; remove the key")


def load_label_rules(path: str | Path | None = None) -> LabelRules:
    """Read the label word lists (default: ``data/labels.yaml``). Weekdays and months,
    never part of a label, are the name lists' (``NameLists.calendar_words``), read where
    labels are found."""
    path = Path(path) if path else LABELS_FILE
    raw = read_yaml(path)
    if isinstance(raw, dict):
        _refuse_moved(path, raw)
    for key in ("label_words", "stop_words"):
        bad = [w for w in raw.get(key) or [] if not isinstance(w, str)]
        if bad:  # YAML reads unquoted no/on/yes as booleans
            raise RegistryError(f"{path}: {key} has non-text entries {bad}: quote them")
    try:
        return LabelRules(
            {w.casefold() for w in raw["label_words"]}, {w.casefold() for w in raw["stop_words"]},
            re.compile(raw["apposition_starts"], re.IGNORECASE), int(raw["apposition_max_words"]))
    except (KeyError, TypeError, re.error) as exc:
        raise RegistryError(f"{path}: missing or bad field: {exc}") from None


def label_rules_for_corpus(corpus: str | Path | None) -> LabelRules:
    """The label word lists a corpus uses (:func:`analysis.corpus.paths.data_files`): its folder's
    ``labels.yaml`` replaces the bundled one; its ``labels.extra.yaml`` adds words to
    ``label_words`` and ``stop_words`` and, if it gives them,
    replaces ``apposition_starts`` and ``apposition_max_words``."""
    files = paths.data_files(corpus, LABELS_FILE.name)
    rules = load_label_rules(files[0])
    for extra in files[1:]:
        raw = read_yaml(extra) or {}
        if not isinstance(raw, dict):
            raise RegistryError(f"{extra}: expected a mapping of word lists (label_words, stop_words, ...)")
        _refuse_moved(extra, raw)
        for key in ("label_words", "stop_words"):
            words = raw.get(key) or []
            bad = [w for w in words if not isinstance(w, str)]
            if bad or not isinstance(words, list):
                raise RegistryError(f"{extra}: {key} must be a list of words in quotes, not {bad or words}")
        rules.label_words |= {w.casefold() for w in raw.get("label_words") or []}
        rules.stop_words |= {w.casefold() for w in raw.get("stop_words") or []}
        try:
            if "apposition_starts" in raw:
                rules.apposition_start = re.compile(raw["apposition_starts"], re.IGNORECASE)
            if "apposition_max_words" in raw:
                rules.apposition_max_words = int(raw["apposition_max_words"])
        except (TypeError, ValueError, re.error) as exc:
            raise RegistryError(f"{extra}: bad field: {exc}") from None
    return rules




def _label_before(segment: str, rules: LabelRules, calendar: frozenset[str], *,
                  truncated: bool = False):
    """The label directly before a name, from the text of its sentence up to the name:
    (label, offset of the label in ``segment``) or None; ``calendar``: the weekdays and
    months, lower case, which a label never holds. ``truncated``: the segment is
    only the end of that text, starting at a space; if the label may reach back beyond
    it, return _UNDECIDED."""
    tokens = list(text.TOKEN.finditer(segment))
    taken: list[re.Match] = []
    end = len(segment)
    for tok in reversed(tokens):
        if segment[tok.end():end].strip():  # something other than spaces in between
            break
        word = tok.group()
        key = word.casefold()
        if not word[0].isalnum() or "." in word:
            break  # a mark, or an abbreviation's full stop ("U.S. President": the label is "President")
        if key in rules.label_words:
            taken.append(tok)
        elif taken and word[0].isupper() and key not in rules.stop_words \
                and key not in calendar:
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


def _label_before_in(analysis_text: str, start: int, name: int, rules: LabelRules,
                     calendar: frozenset[str]) -> tuple[str, int] | None:
    """:func:`_label_before` of ``analysis_text[start:name]`` (the sentence up to a name),
    reading only the last LABEL_WINDOW characters when they settle it; the label's
    offset is into ``analysis_text``."""
    cut = name - LABEL_WINDOW
    if cut > start:
        # start the window at a space: its tokens are then those of the whole segment
        while cut < name and not analysis_text[cut].isspace():
            cut += 1
        found = _label_before(analysis_text[cut:name], rules, calendar, truncated=True)
        if found is not _UNDECIDED:
            return (found[0], cut + found[1]) if found else None
    found = _label_before(analysis_text[start:name], rules, calendar)
    return (found[0], start + found[1]) if found else None


def _apposition_after_in(analysis_text: str, end: int, sentence_end: int, rules: LabelRules,
                         lists: name_lists.NameLists) -> tuple[str, int] | None:
    """The apposition right after a name ending at ``end`` (:func:`analysis.people.appositions.after`)
    when it starts as ``rules.apposition_start`` says and has at most
    ``rules.apposition_max_words`` words: (its words, its offset into ``analysis_text``),
    or None."""
    app = appositions.after(analysis_text, end, sentence_end, lists)
    if app is None or app.words > rules.apposition_max_words \
            or not rules.apposition_start.match(analysis_text, app.start, app.end):
        return None
    words = analysis_text[app.start:app.end]
    if _is_clause(words, lists.vocabulary) or not _describes_a_person(words, rules, lists):
        return None
    return words, app.start


def _describes_a_person(words: str, rules: LabelRules, lists) -> bool:
    """An apposition that opens with an article describes a thing, not the person, when
    the head of its noun phrase (its last word before a preposition, a relative word, a
    participle or a mark) is a lower-case word that is no person noun or label word and a
    proper noun stands before it: "waiting for Trump, the controversial Dakota Access
    pipeline" describes the pipeline; "the Republican nominee", "the former reality
    star", "a retired Marine based in Ohio" describe people. Other openings ("who ...")
    are read as they are."""
    tokens = text.TOKEN.findall(words)
    v = lists.vocabulary
    if not tokens or tokens[0].casefold() not in v.article:
        return True
    phrase = []
    for t in tokens[1:]:
        low = t.casefold()
        if low in v.preposition or low in v.relative or low == "that" or not t[0].isalnum() \
                or (phrase and t.islower() and low.endswith(("ed", "ing"))):  # "a Marine based in"
            break
        phrase.append(t)
    if not phrase:
        return True
    head = phrase[-1]
    low = head.casefold()
    if head[0].isupper() or low in rules.label_words or low in lists.roles or low.rstrip("s") in lists.roles:
        return True
    # a thing named by a proper noun before its head ("the controversial Dakota Access
    # pipeline"), not a person ("the former reality star")
    return not any(w[0].isupper() for w in phrase[:-1])


def _is_clause(words: str, vocabulary) -> bool:
    """An apposition that opens like a noun phrase ("the ...", "a ...") but holds a form
    of "be", or a past form followed by "and", an article or a pronoun, before any
    relative word is a clause of its own ("Trump, the system is rotten, ..."; "Rand
    Paul, the body adjourned and let ..."), not a description of the person."""
    tokens = [t.casefold() for t in text.TOKEN.findall(words)]
    if not tokens or tokens[0] not in vocabulary.article:
        return False
    for k, t in enumerate(tokens[1:], start=1):
        if t in vocabulary.relative or t == "that":
            return False
        if t in vocabulary.be_form:
            return True
        following = tokens[k + 1] if k + 1 < len(tokens) else ""
        # "the body adjourned and let ...", "the company sued the state": a past form
        # followed by "and", an article or a pronoun is the clause's verb
        if k >= 2 and t.endswith("ed") and (following in ("and", "him", "her", "them", "it")
                                            or following in vocabulary.article):
            return True
    return False


def _modifier(analysis_text: str, mention: dict, rules: LabelRules, lists) -> bool:
    """A name used as a modifier of a person noun or an organisation noun in the next
    lower-case word, or of a person noun in the one after it when the first is no stop
    word ("a former Trump adviser", "a beleaguered Obama administration", "former Obama
    administration official"; the label words, the organisation nouns and the person nouns of
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

    if first in lists.organisation_nouns:
        return True  # "a beleaguered Obama administration": the label is the administration's
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
    :class:`analysis.people.name_lists.NameLists` (``Config.name_lists``), whose person nouns
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
            found = _label_before_in(analysis_text, sentence["start"], m["start"], rules,
                                     lists.calendar_words)
        if not found and m.get("title"):
            # a title or honorific analysis.people.names.find_people read before a name found in the
            # text ("Mrs.", "Sen.", "Secretary of State") that the label words do not end
            at = analysis_text.rfind(m["title"], max(sentence["start"], m["start"] - len(m["title"]) - 2),
                                     m["start"])
            found = (m["title"], at) if at >= 0 else None
        if found:
            label, offset = found
            add(m["sentence_id"], m["entity"], "before name", label, m["surface"], offset)
        if not m["possessive"]:
            app = _apposition_after_in(analysis_text, m["end"], sentence["end"], rules, lists)
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


def entity_labels(labels: pd.DataFrame, entity: str, *,
                  outlets: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The labels the chosen ``outlets`` (all when None) put with one entity, side by
    side as in :func:`labels_side_by_side`: one row per label, one column per outlet in
    the order given ("" where the outlet does not use it, "+ n quoted" for occurrences
    inside quotations). Empty when no outlet labels the entity."""
    outlets = outlets_of(labels, outlets)
    mine = labels[(labels.entity == entity) & labels.outlet.isin(outlets)]
    if mine.empty:
        return pd.DataFrame(columns=["label", *outlets])
    table = labels_side_by_side(mine, outlets).drop(columns="entity")
    return table.reindex(columns=["label", *outlets], fill_value="").reset_index(drop=True)


def labelling(labels: pd.DataFrame, *, max_words: int) -> pd.Series:
    """Which label rows label a person (for loaded-word findings): every label before the
    name and every reference, and appositions that are a noun phrase of at most
    ``max_words`` words ("a ferocious debater"), not a clause ("who was earlier criticized
    for ...", "the critics showed no signs of backing down"), which tells what happened
    rather than what the person is called."""
    words = labels.label.astype(str).str.split().str.len()
    clause = labels.label.astype(str).str.match(r"(?i)(?:who|whose|whom|which|that)\b")
    return (labels.label_type != "apposition") | (~clause & (words <= max_words))
