"""People and organisations found in the text, with no registry.

:func:`find_people` reads one article's analysis text and returns one row per mention of a
person or an organisation (``PEOPLE_COLUMNS``); :func:`canonical_people` then gives every
canonical name of a corpus its corpus-wide form. Pure rules and word lists, no model:

- **Runs.** A mention starts as a run of capitalised words in one sentence, joined by
  single spaces, holding initials ("Michael T. Flynn"), name particles ("von der") and
  the abbreviations of honorifics and titles ("Mr.", "Sen."). All-capital words are not
  names (datelines, "WEST PALM BEACH") unless the organisation list has them ("FBI").
- **Organisations** are decided first: a run that is on the organisation list ("White
  House", "Kremlin", "Reuters", "Associated Press"), that ends in an organisation word
  ("Democratic National Committee", "New York Times") or that has one followed by
  "of"/"for" and capitalised words ("Department of Justice").
- **Front of a run.** Function words and sentence openers ("But", "According"), then
  nationalities, places and group words ("Russian", "Belarus'", "Republican"), then
  titles and honorifics ("President", "Prime Minister", "Mrs.", "Secretary of State") are
  taken off the front; a title is kept in ``title``. What is left, up to a connector
  ("of", "and", a weekday), is the name.
- **Evidence that a name is a person's**, in this order (``evidence`` names the first
  that holds): ``title`` (a title or honorific directly before it), ``given-name`` (two
  or more words, the first a given name of ``data/given_names.csv``, not written in
  lower case elsewhere in the article when it opens the sentence: "Will", "Hope"),
  ``apposition`` (", Trump's campaign manager," or ", who ..." after it),
  ``description`` (a person noun directly before it: "campaign manager Brad Parscale"),
  ``initial`` ("James B. Comey"), ``speech-verb`` ("... said", "... told").
- **Within an article** a full name (two or more words) is one person, its canonical
  name the words without middle initials ("James B. Comey" -> "James Comey"). A
  one-word mention is the person whose full name ends in that word
  (``surname-of-earlier-full-mention``, or ``-later-`` when the full name comes after it,
  as in a headline), else the one whose full name starts with it (Korean order,
  "Kim" after "Kim Jong Un"; "Donald" after "Donald Trump":
  ``first-word-of-full-mention``). When two full names end in the word ("Bill Clinton",
  "Hillary Clinton"), a gendered honorific decides if the given names' sexes in the
  Census list differ ("Mrs. Clinton": ``surname-and-honorific``); otherwise the mention
  is kept with ``canonical`` as written and ``evidence`` ``ambiguous-surname``. A
  one-word name with no full name in the article is a person only with evidence of its
  own, in that mention or another one of the same word (``same-name-elsewhere``);
  a full name with no evidence counts when its last word has evidence elsewhere.
- **Headline-case lines** (headlines and any sentence whose words of four letters or
  more, stop words aside, are nearly all capitalised) are read conservatively: only names
  found in the rest of the article, an honorific with a name, and listed organisations.
  Months, weekdays, places and nationalities are never a person without a title or an
  honorific ("Mrs. May").

Word lists, each entry with its source: ``data/given_names.csv`` (US Census 1990 first
names, public domain), ``data/name_titles.csv`` (honorifics, titles, person nouns,
organisation words and names), ``data/name_titles_not_names.csv`` (weekdays, months,
nationalities, places, group words, sentence openers) and ``data/stopwords.txt``.
Every step reads each word a bounded number of times: time is linear in the text.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.corpus import paths

GIVEN_NAMES_FILE = "given_names.csv"
TITLES_FILE = "name_titles.csv"
NOT_NAMES_FILE = "name_titles_not_names.csv"
STOPWORDS_FILE = "stopwords.txt"

PEOPLE_COLUMNS = ["sentence_id", "start", "end", "mention", "title", "canonical", "kind",
                  "evidence", "possessive"]
KINDS = ("person", "organisation")

# A lower-case word that may stand inside a name between capitalised words.
PARTICLES = frozenset("de da di del della der den des du dos das van von ter bin ibn al el la le y".split())
# Inside a run, these join an organisation word to what follows ("Department of Justice",
# "Committee for ..."); in a person's run they end the name ("Emmanuel Macron of France").
CONNECTORS = frozenset({"of", "for"})
SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
# Verbs of speech directly after a name: evidence of a person (or of an organisation).
SPEECH_VERBS = frozenset("said says told tells added wrote tweeted asked argued insisted noted "
                         "explained claimed warned stated announced replied responded".split())
# An apposition is read over at most this many words after the comma.
APPOSITION_MAX_WORDS = 8
# Headline case: at most this share of a sentence's content words (four letters or more,
# not stop words) start in lower case, and it has at least HEADLINE_MIN_WORDS words.
HEADLINE_MAX_LOWER_SHARE = 0.1
HEADLINE_MIN_WORDS = 3
# Words before a month that make it a date, not a surname ("early May").
DATE_WORDS = frozenset({"early", "late", "mid", "last", "next", "since", "until"})
# At most this many capitalised words before a title qualify it ("Senate Majority Leader").
TITLE_QUALIFIERS = 2
HEADLINE_ROLES = frozenset({"headline", "subhead"})
_CLOSERS = frozenset("\"'”’»)]")
APPOSITION_OPENERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "who", "whose"})

# A one-word name goes to the most mentioned full name ending in it when that name has at
# least this share of the mentions of all full names ending in it.
DOMINANT_SHARE = 0.8

EVIDENCE_ORDER = ("title", "given-name", "apposition", "description", "initial", "speech-verb")

# Tokens: dotted abbreviations ("U.S.", "F.B.I."), words with inner hyphens and
# apostrophes and a possessive end ("Trump's", "Belarus’", "Jong-un"), numbers, and single
# punctuation marks. No nested quantifiers over the same characters: linear time.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]\w*(?:[-‑'’]\w+)*['’]?|\d[\w.,]*|[^\w\s]")


@dataclass(frozen=True)
class NameLists:
    """The word lists the detector reads (see :func:`load_name_lists`)."""

    given: dict[str, str]  # given name -> "F", "M" (the larger share in the Census) or ""
    honorifics: dict[str, str]  # honorific -> sex it implies ("F", "M" or "")
    titles: frozenset[tuple[str, ...]]  # capitalised titles, as word tuples
    roles: frozenset[str]  # person nouns, lower case
    organisation_words: frozenset[str]
    organisations: frozenset[tuple[str, ...]]
    portfolio: frozenset[str]
    not_names: frozenset[tuple[str, ...]]
    place_words: frozenset[str]  # last words of places and buildings ("Tower", "Square")
    stop_words: frozenset[str]  # lower case
    # single words of the lists with their kinds, for variant discovery: "organisation",
    # the categories of the not-names list ("nationality", "place", "month", ...) and
    # "given" for the given names that are none of these (Georgia is a place here)
    word_kinds: dict[str, frozenset[str]]

    def __post_init__(self):
        object.__setattr__(self, "_title_max", max((len(t) for t in self.titles), default=1))
        object.__setattr__(self, "_org_max", max((len(t) for t in self.organisations), default=1))
        object.__setattr__(self, "_org_first", frozenset(t[0] for t in self.organisations if t))
        object.__setattr__(self, "_not_max", max((len(t) for t in self.not_names), default=1))
        object.__setattr__(self, "not_name_words", frozenset(t[0] for t in self.not_names if len(t) == 1))


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(t.group() for t in _TOKEN.finditer(phrase) if t.group() != ".")


def load_name_lists(corpus: str | Path | None = None) -> NameLists:
    """The word lists a corpus's detector reads: the bundled files of ``data/`` unless the
    corpus folder replaces or extends them (:func:`analysis.corpus.paths.data_files`:
    ``given_names.csv`` replaces, ``given_names.extra.csv`` adds rows; the same for
    ``name_titles.csv``, ``name_titles_not_names.csv`` and ``stopwords.txt``)."""
    files = tuple(tuple(paths.data_files(corpus, name)) for name in
                  (GIVEN_NAMES_FILE, TITLES_FILE, NOT_NAMES_FILE, STOPWORDS_FILE))
    stamp = tuple(f.stat().st_mtime_ns for group in files for f in group)
    return _load_name_lists(files, stamp)


@lru_cache(maxsize=8)
def _load_name_lists(files: tuple[tuple[Path, ...], ...], _stamp: tuple) -> NameLists:
    given_files, title_files, not_files, stop_files = files
    rows = lambda group: [r for f in group for r in _read_csv(f)]  # noqa: E731
    given = {}
    for r in rows(given_files):
        f, m = float(r["share_female"] or 0), float(r["share_male"] or 0)
        given[r["given_name"]] = "F" if f > m else "M" if m > f else ""
    by_cat: dict[str, list[dict]] = defaultdict(list)
    for r in rows(title_files):
        by_cat[r["category"]].append(r)
    not_rows = rows(not_files)
    not_names = frozenset(_words(r["word"]) for r in not_rows if r["category"] != "place_word")
    place_words = frozenset(r["word"] for r in not_rows if r["category"] == "place_word")
    stop = frozenset(line.strip().casefold() for f in stop_files for line in
                     f.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))
    kinds: dict[str, set[str]] = {}
    for r in not_rows:
        if " " not in r["word"] and r["category"] != "place_word":
            kinds.setdefault(r["word"], set()).add(r["category"])
    for r in by_cat["organisation"]:
        if " " not in r["word"]:
            kinds.setdefault(r["word"], set()).add("organisation")
    for name in given:
        if name not in kinds:  # a listed place or nationality first: Georgia, Jordan
            kinds[name] = {"given"}
    return NameLists(
        given=given,
        honorifics={r["word"]: r["sex"] for r in by_cat["honorific"]},
        titles=frozenset(_words(r["word"]) for r in by_cat["title"]),
        roles=frozenset(r["word"].casefold() for r in by_cat["role"]),
        organisation_words=frozenset(r["word"] for r in by_cat["organisation_word"]),
        organisations=frozenset(_words(r["word"]) for r in by_cat["organisation"]),
        portfolio=frozenset(r["word"] for r in by_cat["portfolio"]),
        not_names=not_names, place_words=place_words, stop_words=stop,
        word_kinds={w: frozenset(k) for w, k in kinds.items()})


# ----------------------------------------------------------------------------- tokens

@dataclass(slots=True)
class _Tok:
    start: int
    end: int  # without the possessive
    text: str  # without the possessive
    possessive: bool
    dot: bool  # a full stop follows directly ("Mr.", "T.")


def _tokens(text: str, lo: int, hi: int) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text, lo, hi):
        w, s, e = m.group(), m.start(), m.end()
        poss = False
        if len(w) > 2 and w[-2] in "'’" and w[-1] == "s":
            w, e, poss = w[:-2], e - 2, True
        elif len(w) > 1 and w[-1] in "'’":
            w, e, poss = w[:-1], e - 1, True
        if w == "." and out and out[-1].dot and out[-1].end == s:
            continue  # the full stop of "Mr." or "T." stays with its word (its dot)
        out.append(_Tok(s, e, w, poss, e < hi and text[e] == "." and not poss))
    return out


def _capitalised(w: str) -> bool:
    """A word that can be part of a name: capital first letter, not all capitals (a single
    capital letter is an initial)."""
    return w[:1].isupper() and (len(w) == 1 or not w.isupper()) and w[:1].isalpha()


# ----------------------------------------------------------------------------- runs

def _runs(text: str, toks: list[_Tok], lists: NameLists) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalised runs in a sentence's tokens."""
    runs = []
    i, n = 0, len(toks)
    while i < n:
        if not (_capitalised(toks[i].text) or _org_at(toks, i, lists)):
            i += 1
            continue
        j = i + 1
        while j < n:
            prev, tok = toks[j - 1], toks[j]
            if prev.possessive:
                break
            gap = text[prev.end + (1 if prev.dot else 0):tok.start]
            if not gap or gap.strip(" \t"):
                break  # only spaces may stand between the words of a name
            if prev.dot and not (len(prev.text) == 1 or prev.text in lists.honorifics
                                 or (prev.text,) in lists.titles or prev.text in SUFFIXES):
                break  # a full stop after a word: the end of a sentence or abbreviation
            w = tok.text
            if _capitalised(w) or _org_at(toks, j, lists):
                j += 1
            elif (w in PARTICLES or w in CONNECTORS and (prev.text in lists.organisation_words
                                                         or (prev.text,) in lists.titles)) \
                    and j + 1 < n \
                    and _capitalised(toks[j + 1].text) \
                    and text[tok.end:toks[j + 1].start] == " " and not tok.possessive:
                j += 1
            else:
                break
        while j > i and not (_capitalised(toks[j - 1].text) or _org_at(toks, j - 1, lists)):
            j -= 1
        runs.append((i, j))
        i = j
    return runs


def _org_at(toks: list[_Tok], i: int, lists: NameLists) -> int:
    """Length of the listed organisation starting at token i (longest), or 0."""
    if toks[i].text not in lists._org_first:
        return 0
    for k in range(min(lists._org_max, len(toks) - i), 0, -1):
        if tuple(t.text for t in toks[i:i + k]) in lists.organisations:
            if all(not t.possessive for t in toks[i:i + k - 1]):
                return k
    return 0


def _match_at(toks: list[_Tok], i: int, j: int, table: frozenset, longest: int) -> int:
    for k in range(min(longest, j - i), 0, -1):
        if tuple(t.text for t in toks[i:i + k]) in table and \
                all(not t.possessive for t in toks[i:i + k - 1]):
            return k
    return 0


@dataclass
class _Cand:
    """A candidate mention before the article-level decisions."""

    sentence_id: int
    toks: list[_Tok]
    title: str
    honorific_sex: str
    kind: str
    evidence: list[str]
    headline: bool = False
    before: str = ""  # the word directly before the mention (before its title)
    after: str = ""  # the word directly after it
    description: str = ""  # a person noun directly before it ("lady", "counsel")

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.toks)

    @property
    def key(self) -> tuple[str, ...]:
        """The name without middle initials: one person within an article."""
        w = self.words
        return tuple(x for k, x in enumerate(w) if not (0 < k < len(w) - 1 and len(x) == 1))


def _is_org_run(toks: list[_Tok], i: int, j: int, lists: NameLists) -> int:
    """End index of an organisation occupying toks[i:j] from its start (0 if none)."""
    k = _org_at(toks, i, lists)
    if k == j - i:
        return j
    words = [t.text for t in toks[i:j]]
    if words[-1] in lists.organisation_words and not any(w in CONNECTORS for w in words):
        return j
    for m in range(i, j - 1):
        if toks[m].text in lists.organisation_words and toks[m + 1].text in CONNECTORS:
            return j  # "Department of Justice", "University of Chicago"
    # an organisation word followed by a title and a name ("Senate Majority Leader ...")
    return i + k if k else 0


def _classify_run(text: str, toks: list[_Tok], i: int, j: int, first_word: int,
                  lists: NameLists, lower_words: set[str], sid: int) -> list[_Cand]:
    """The organisation and person candidates of the run toks[i:j]; ``first_word`` is the
    index of the sentence's first word."""
    out: list[_Cand] = []
    # 1. function words and sentence openers at the front
    run_start = i
    while i < j and toks[i].text.casefold() in lists.stop_words and \
            (run_start == first_word or toks[i].text not in lists.given):
        i += 1  # "But", "The"; "Will" only at the start of a sentence
    sentence_initial = run_start == first_word
    after_openers = i
    if i >= j:
        return out
    # 2. organisations
    org_end = _is_org_run(toks, i, j, lists)
    if org_end:
        out.append(_Cand(sid, toks[i:org_end], "", "", "organisation", ["organisation"]))
        i = org_end
        if toks[org_end - 1].possessive:
            return out
    # 3. nationalities, places, group words; organisation words used as modifiers
    while i < j:
        k = _match_at(toks, i, j, lists.not_names, lists._not_max)
        if k and i + k < j:
            i += k
        else:
            break
    # 4. titles and honorifics, with the words that qualify a title ("House Speaker",
    # "London Mayor"): up to TITLE_QUALIFIERS capitalised words that are no given names
    title_from, sex = i, ""
    for q in range(i + 1, min(i + 1 + TITLE_QUALIFIERS, j - 1)):
        if toks[q - 1].text in lists.given or toks[q - 1].possessive:
            break
        if _match_at(toks, q, j, lists.titles, lists._title_max):
            i = q
            break
    while i < j:
        w = toks[i].text
        if w in lists.honorifics and (toks[i].dot or i + 1 < j):
            sex = lists.honorifics[w] or sex
            i += 1
            continue
        k = _match_at(toks, i, j, lists.titles, lists._title_max)
        if k and (i + k < j):
            i += k
            # "Secretary of State Mike Pompeo": the portfolio belongs to the title
            while i + 1 < j and toks[i].text in CONNECTORS and toks[i + 1].text in lists.portfolio:
                i += 2
                while i < j - 1 and (toks[i].text in lists.portfolio or toks[i].text == "and"):
                    i += 1
            continue
        break
    title = text[toks[title_from].start:toks[i - 1].end + (1 if toks[i - 1].dot else 0)] \
        if i > title_from else ""
    if i >= j:
        return out
    # 5. the name: up to a connector or a weekday
    e = i
    while e < j and toks[e].text not in CONNECTORS and toks[e].text != "and" and \
            not (e > i and (toks[e].text,) in lists.not_names and toks[e].text not in lists.given
                 and not _month_after_given(toks, e, lists)):
        e += 1
        if toks[e - 1].possessive:
            break
    while e > i and not _capitalised(toks[e - 1].text):
        e -= 1
    if e <= i:
        return out
    name = toks[i:e]
    words = [t.text for t in name]
    if not title and (all(w.casefold() in lists.stop_words for w in words) or len(words) > 1
                      and (tuple(words) in lists.not_names
                           or all((w,) in lists.not_names for w in words))):
        return out  # "New York"; a single month or place is decided with the article
    if words[-1] in lists.place_words:
        return out  # "Trump Tower", "Red Square"
    if any(w in lists.organisation_words for w in words[1:]) and not title:
        return out  # a place or an organisation we could not read
    evidence = []
    if title:
        evidence.append("title")
    first = words[0]
    if len(words) >= 2 and first in lists.given and (first,) not in lists.not_names \
            and first.casefold() not in lists.stop_words \
            and not (sentence_initial and i == after_openers and first.casefold() in lower_words):
        evidence.append("given-name")
    if _apposition_after(text, toks, e - 1, lists):
        evidence.append("apposition")
    if _description_before(text, toks, i if not title else title_from, lists):
        evidence.append("description")
    if len(words) >= 3 and any(len(w) == 1 for w in words[1:-1]):
        evidence.append("initial")
    if e < len(toks) and toks[e].text in SPEECH_VERBS and not name[-1].possessive:
        evidence.append("speech-verb")
    if len(words) == 1 and (first,) in lists.not_names:
        evidence = [x for x in evidence if x == "title"]  # "Moscow said": a place speaks
    b = title_from - 1
    described = _description_before(text, toks, i if not title else title_from, lists)
    out.append(_Cand(sid, name, title, sex, "person", evidence,
                     before=toks[b].text if b >= 0 else "",
                     after=toks[e].text if e < len(toks) else "",
                     description=toks[b].text if described and b >= 0 else ""))
    return out


def _month_after_given(toks: list[_Tok], e: int, lists: NameLists) -> bool:
    """'Theresa May': a month right after a given name is a surname."""
    return e > 0 and toks[e - 1].text in lists.given and toks[e].text[:1].isupper()


def _apposition_after(text: str, toks: list[_Tok], last: int, lists: NameLists) -> bool:
    """', Trump's campaign manager,' or ', who ...' directly after the name."""
    k = last + 1
    if k >= len(toks) or toks[k].text != "," or toks[last].possessive:
        return False
    words, closed = [], False
    for t in toks[k + 1:k + 2 + APPOSITION_MAX_WORDS]:
        if not t.text[:1].isalnum():
            closed = t.text in {",", ".", ";", ")", "—", "–", "-"}
            break
        words.append(t)
        if t.dot:
            closed = True
            break
    else:
        closed = k + 1 + len(words) >= len(toks)
    if not words:
        return False
    first = words[0].text.casefold()
    if first in ("who", "whose"):
        return True
    if not closed:
        return False  # "Washington, the president said": a clause, not an apposition
    if not (first in APPOSITION_OPENERS or words[0].possessive or first in lists.roles
            or _capitalised(words[0].text)):
        return False
    return any(w.text.casefold() in lists.roles for w in words) and \
        not any(w.text in SPEECH_VERBS for w in words)


def _description_before(text: str, toks: list[_Tok], first: int, lists: NameLists) -> bool:
    """A person noun directly before the name ("campaign manager Brad Parscale",
    "Trump's lawyer, Michael Cohen")."""
    k = first - 1
    if k >= 0 and toks[k].text == "," and k >= 1:
        k -= 1
    return k >= 0 and toks[k].text.islower() and toks[k].text in lists.roles


def _headline_case(toks: list[_Tok], lists: NameLists, role: str = "") -> bool:
    """A headline-case line: a headline or subhead, or a sentence without sentence-ending
    punctuation, whose content words are (nearly) all capitalised."""
    last = next((t for t in reversed(toks) if t.text not in _CLOSERS), None)
    ended = last is not None and (last.text in {".", "!", "?"} or last.dot)
    if ended and role not in HEADLINE_ROLES:
        return False
    words = [t.text for t in toks if t.text[:1].isalpha()]
    if len(words) < HEADLINE_MIN_WORDS:
        return False
    content = [w for w in words if len(w) >= 4 and w.casefold() not in lists.stop_words]
    if not content:
        return False
    lower = sum(1 for w in content if w[:1].islower())
    return lower <= HEADLINE_MAX_LOWER_SHARE * len(content)


# ----------------------------------------------------------------------------- article

def _find_rows(text: str, sentences: list[dict], lists: NameLists) -> list[dict]:
    sents = sorted(sentences, key=lambda s: s["start"])
    toks_of = [_tokens(text, s["start"], s["end"]) for s in sents]
    lower_words = {t.text.casefold() for toks in toks_of for t in toks if t.text[:1].islower()}
    body: list[_Cand] = []
    headline_sents = []
    for s, toks in zip(sents, toks_of):
        if _headline_case(toks, lists, s.get("role", "")):
            headline_sents.append((s, toks))
            continue
        first_word = next((k for k, t in enumerate(toks) if t.text[:1].isalnum()), 0)
        for i, j in _runs(text, toks, lists):
            body.extend(_classify_run(text, toks, i, j, first_word, lists, lower_words,
                                      s["sentence_id"]))
    people = _decide(body, lists)
    people.extend(_headline_mentions(text, headline_sents, people, lists))
    people.sort(key=lambda r: r["start"])
    return people


def _decide(cands: list[_Cand], lists: NameLists) -> list[dict]:
    """The article-level rules: full names, surnames, evidence shared between mentions."""
    rows: list[dict] = []
    persons = [c for c in cands if c.kind == "person"]
    full = [c for c in persons if len(c.key) >= 2]
    single = [c for c in persons if len(c.key) == 1]
    # one-word names with evidence of their own, and full names with it
    single_ev = {c.key[0] for c in single if c.evidence}
    full_ev = {c.key for c in full if c.evidence}
    accepted_full = []
    for c in full:
        if c.evidence:
            accepted_full.append((c, c.evidence[0]))
        elif c.key in full_ev:
            accepted_full.append((c, "same-name-elsewhere"))
        elif c.key[-1] in single_ev:
            accepted_full.append((c, "surname-with-evidence-elsewhere"))
    first_full: dict[tuple, _Cand] = {}
    for c, _ in accepted_full:
        first_full.setdefault(c.key, c)
    by_last: dict[str, list[tuple]] = defaultdict(list)
    by_first: dict[str, list[tuple]] = defaultdict(list)
    for key in first_full:
        if key[-1] not in SUFFIXES:
            by_last[key[-1]].append(key)
        by_first[key[0]].append(key)
    for c, ev in accepted_full:
        rows.append(_row(c, " ".join(c.key), ev))
    # the titles and descriptions each full name is written with; a one-word name written
    # with another capitalised title is another person ("first lady Melania Trump" and
    # "President Trump"), and the same word without a title is then ambiguous
    titled: dict[tuple, set[str]] = defaultdict(set)
    for c, _ in accepted_full:
        for t in (c.title, c.description):
            if t and t not in lists.honorifics and t.rstrip(".") not in lists.honorifics:
                titled[c.key].add(t)
    titled = {k: v for k, v in titled.items() if v}
    other_person = {c.key[0] for c in single if c.title and not c.honorific_sex
                    and len(by_last.get(c.key[0], [])) == 1
                    and c.title not in titled.get(by_last[c.key[0]][0], {c.title})}
    for c in single:
        w = c.key[0]
        key, ev = _resolve_single(w, c, by_last, by_first, first_full, lists, titled, other_person)
        if key is None and ev is None:
            if c.evidence:
                key, ev = (w,), c.evidence[0]
            elif w in single_ev and (w,) not in lists.not_names:
                key, ev = (w,), "same-name-elsewhere"
            else:
                continue
        if ev == "ambiguous-surname":
            key = (w,)
        if key is not None and not c.title and (w,) in lists.not_names and ev.startswith("first-word"):
            continue
        rows.append(_row(c, " ".join(key), ev))
    for c in cands:
        if c.kind == "organisation":
            rows.append(_row(c, " ".join(c.words), c.evidence[0]))
    return rows


def _resolve_single(w, c, by_last, by_first, first_full, lists, titled, other_person):
    """(key, evidence) of a one-word mention, or (None, None) when no full name fits."""
    if (w,) in lists.not_names and not c.title and not c.toks[-1].possessive and \
            (c.before.casefold() in lists.stop_words or c.before.casefold() in DATE_WORDS
             or c.after[:1].isdigit() or not by_last.get(w)):
        return (None, None) if not c.evidence else ((w,), c.evidence[0])  # "in May", "May 5"
    options = by_last.get(w, [])
    if len(options) == 1 and c.title and c.title not in titled.get(options[0], {c.title}) \
            and not c.honorific_sex:
        return (w,), c.evidence[0]  # "President Trump" is not "first lady Melania Trump"
    if len(options) == 1 and not c.title and w in other_person:
        return (w,), "ambiguous-surname"
    if len(options) == 1:
        key = options[0]
        later = first_full[key].start > c.start
        return key, "surname-of-later-full-mention" if later else "surname-of-earlier-full-mention"
    if len(options) > 1:
        if c.honorific_sex:
            fit = [k for k in options if lists.given.get(k[0]) == c.honorific_sex]
            if len(fit) == 1:
                return fit[0], "surname-and-honorific"
        return (w,), "ambiguous-surname"
    options = by_first.get(w, [])
    if len(options) == 1:
        return options[0], "first-word-of-full-mention"
    return None, None


def _row(c: _Cand, canonical: str, evidence: str) -> dict:
    return {"sentence_id": c.sentence_id, "start": c.start, "end": c.end,
            "mention": None, "title": c.title, "canonical": canonical, "kind": c.kind,
            "evidence": evidence, "possessive": c.toks[-1].possessive, "_toks": c.toks}


def _headline_mentions(text: str, sents, people: list[dict], lists: NameLists) -> list[dict]:
    """Names in headline-case sentences: only those the rest of the article has (as full
    names, surnames or first words), honorifics with a name, and listed organisations."""
    canon = {}
    for r in people:
        if r["kind"] != "person" or r["evidence"] == "ambiguous-surname":
            continue
        words = tuple(r["canonical"].split())
        canon.setdefault(words, r["canonical"])
    lasts = defaultdict(set)
    firsts = defaultdict(set)
    for words, name in canon.items():
        if len(words) >= 2:
            if words[-1] not in SUFFIXES:
                lasts[words[-1]].add(name)
            firsts[words[0]].add(name)
    singles = {words[0]: name for words, name in canon.items() if len(words) == 1}
    longest = max((len(w) for w in canon), default=1)
    out = []
    for s, toks in sents:
        i, n = 0, len(toks)
        while i < n:
            k = _org_at(toks, i, lists)
            if k:
                out.append(_row(_Cand(s["sentence_id"], toks[i:i + k], "", "", "organisation",
                                      []), " ".join(t.text for t in toks[i:i + k]), "organisation"))
                i += k
                continue
            hon = toks[i].text in lists.honorifics and i + 1 < n and _capitalised(toks[i + 1].text)
            start = i + 1 if hon else i
            found = None
            for k in range(min(longest, n - start), 0, -1):
                words = tuple(t.text for t in toks[start:start + k])
                if any(t.possessive for t in toks[start:start + k - 1]):
                    continue
                if k >= 2 and words in canon:
                    found = (k, canon[words], "headline-known-name")
                    break
                if k == 1:
                    w = words[0]
                    if len(lasts.get(w, ())) == 1:
                        found = (1, next(iter(lasts[w])), "headline-known-name")
                    elif len(lasts.get(w, ())) > 1:
                        found = (1, w, "ambiguous-surname")
                    elif w in singles:
                        found = (1, singles[w], "headline-known-name")
                    elif len(firsts.get(w, ())) == 1 and (w,) not in lists.not_names:
                        found = (1, next(iter(firsts[w])), "headline-known-name")
                    elif hon and _capitalised(w):
                        found = (1, w, "title")
            if found:
                k, name, ev = found
                title = text[toks[i].start:toks[i].end + (1 if toks[i].dot else 0)] if hon else ""
                c = _Cand(s["sentence_id"], toks[start:start + k], title, "", "person", [])
                out.append(_row(c, name, ev))
                i = start + k
            else:
                i += 1
    return out


def _finish(text: str, rows: list[dict]) -> list[dict]:
    for r in rows:
        r.pop("_toks", None)
        r["mention"] = text[r["start"]:r["end"]]
    return rows


def find_people(text: str, sentences: list[dict], *, lists: NameLists) -> list[dict]:
    """Every mention of a person or an organisation in one article's analysis text.

    ``sentences`` are the article's sentence rows as :func:`analysis.language.text.split_sentences`
    builds them (start, end, sentence_id, role). Returns dicts with ``PEOPLE_COLUMNS``,
    in text order: ``mention`` as written without title or possessive, ``title`` the
    title or honorific written directly before it ("Mrs.", "Prime Minister"),
    ``canonical`` the article's name for the person or organisation (see the module
    docstring for the rules), ``kind`` person or organisation, ``evidence`` the rule that
    decided, ``possessive`` whether "'s" follows. ``lists``: the corpus's word lists
    (:func:`load_name_lists`, as ``Config.name_lists`` holds them)."""
    rows = _finish(text, _find_rows(text, sentences, lists))
    return [{k: r[k] for k in PEOPLE_COLUMNS} for r in rows]


# ----------------------------------------------------------------------------- corpus

def _norm(name: str) -> str:
    return re.sub(r"[\s\-‑]+", " ", name).casefold().strip()


def canonical_people(rows) -> dict[str, str]:
    """The corpus-wide name of every canonical name in ``rows`` (dicts or a DataFrame with
    ``canonical`` and ``kind``, e.g. every article's :func:`find_people` rows).

    The rule: names that differ only in case, hyphens or spaces ("Kim Jong Un", "Kim
    Jong-un") are one, written in their most frequent form (ties: the first in sorted
    order). A one-word person name (an article that never gives the full name) maps to
    the full name of the corpus whose last word it is when exactly one full name ends in
    it; when none does, to the one full name that starts with it, if exactly one does
    ("Kim" -> "Kim Jong Un"). Two different full names ending in the word ("Bill
    Clinton", "Hillary Clinton") leave it as written, unless one of them has at least
    DOMINANT_SHARE of the mentions of them all ("Donald Trump" against "Melania
    Trump"). Organisations are only merged by
    case and spacing. One canonical name is one person across the corpus."""
    if hasattr(rows, "to_dict"):
        rows = rows.to_dict("records")
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in rows:
        counts[(r["kind"], _norm(r["canonical"]))][r["canonical"]] += 1
    form = {}
    for (kind, key), c in counts.items():
        best = sorted(c.items(), key=lambda x: (-x[1], x[0]))[0][0]
        for written in c:
            form[(kind, written)] = best
    full = sorted({best for (kind, _), best in form.items() if kind == "person" and len(best.split()) >= 2})
    weight = Counter()  # mentions of each full name, to let a dominant one take its surname
    for (kind, key), c in counts.items():
        if kind == "person":
            weight[form[(kind, next(iter(c)))]] += sum(c.values())
    by_last, by_first = defaultdict(set), defaultdict(set)
    for name in full:
        words = name.split()
        if words[-1].rstrip(".") not in SUFFIXES:
            by_last[words[-1]].add(name)
        by_first[words[0]].add(name)
    out = {}
    for (kind, written), best in sorted(form.items()):
        if kind == "person" and len(best.split()) == 1:
            holders = sorted(by_last.get(best, ()), key=lambda n: (-weight[n], n))
            if len(holders) == 1:
                best = holders[0]
            elif holders and weight[holders[0]] >= DOMINANT_SHARE * sum(weight[n] for n in holders):
                best = holders[0]  # "Trump" -> "Donald Trump", not "Melania Trump"
            elif not by_last.get(best) and len(by_first.get(best, ())) == 1:
                best = next(iter(by_first[best]))
        out[written] = best
    return out


def sentences_of(text: str, *, headline: bool = False) -> list[dict]:
    """Sentence rows for a plain text in which every line is a paragraph (the first the
    headline when ``headline``), as :func:`analysis.language.text.split_sentences` builds them for
    a cleaned article: for tests, benchmarks and texts that did not go through cleaning."""
    from analysis.language.text import split_sentences

    paragraphs, offset = [], 0
    for k, line in enumerate(text.split("\n")):
        if line.strip():
            paragraphs.append({"text": line, "start": offset,
                               "role": "headline" if headline and k == 0 else "body"})
        offset += len(line) + 1
    return split_sentences(paragraphs)
