"""The candidate mentions of people and organisations in one sentence, before the
article's decisions (:mod:`analysis.people.names`): tokens, runs of capitalised words,
and each run read as an organisation or a person with its title and its evidence."""
from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.language.text import TOKEN
from analysis.people import appositions
from analysis.people.name_lists import NameLists


# Headline case: at most this share of a sentence's content words (four letters or more,
# not stop words) start in lower case, and it has at least HEADLINE_MIN_WORDS words.
HEADLINE_MAX_LOWER_SHARE = 0.1
HEADLINE_MIN_WORDS = 3
# At most this many capitalised words before a title qualify it ("Senate Majority Leader").
TITLE_QUALIFIERS = 2
HEADLINE_ROLES = frozenset({"headline", "subhead"})
# A person's description in apposition has at most this many words: a longer one is
# mostly a clause ("Tulsa, the president held his first campaign rally since March")
# whose person noun says nothing of the name before it.
APPOSITION_MAX_WORDS = 8
_CLOSERS = frozenset("\"'”’»)]")


# ----------------------------------------------------------------------------- tokens
@dataclass(slots=True)
class Tok:
    start: int
    end: int  # without the possessive
    text: str  # without the possessive
    possessive: bool
    dot: bool  # a full stop follows directly ("Mr.", "T.")


def tokens(text: str, lo: int, hi: int) -> list[Tok]:
    out = []
    for m in TOKEN.finditer(text, lo, hi):
        w, s, e = m.group(), m.start(), m.end()
        poss = False
        if len(w) > 2 and w[-2] in "'’" and w[-1] == "s":
            w, e, poss = w[:-2], e - 2, True
        elif len(w) > 1 and w[-1] in "'’":
            w, e, poss = w[:-1], e - 1, True
        if w == "." and out and out[-1].dot and out[-1].end == s:
            continue  # the full stop of "Mr." or "T." stays with its word (its dot)
        out.append(Tok(s, e, w, poss, e < hi and text[e] == "." and not poss))
    return out


# Initials written together: "H.W.", "J.D." (each letter with its full stop).
INITIALS = re.compile(r"(?:[^\W\d_]\.){1,2}")  # "C.D.C.", "F.B.I.": an acronym, not initials


# Two words run together, as page widgets print them ("TrumpGOP", "SchumerOvernight"):
# a capital inside a word after four or more lower-case letters. Surnames with a capital
# inside have a short prefix (McConnell, DeSantis, MacArthur, LaHood).
GLUED = re.compile(r"[^\W\d_][^\W\d_A-Z]{3,}[A-Z]")


def capitalised(w: str) -> bool:
    """A word that can be part of a name: capital first letter, not all capitals (a single
    capital letter is an initial, and so are initials written together: "H.W.")."""
    return w[:1].isupper() and (len(w) == 1 or not w.isupper() or bool(INITIALS.fullmatch(w))) \
        and w[:1].isalpha()


def is_initial(w: str) -> bool:
    """One capital letter ("W"), or initials written together ("H.W.")."""
    return (len(w) == 1 and w.isupper()) or bool(INITIALS.fullmatch(w))


def name_key(words) -> tuple[str, ...]:
    """A name as the rules compare it: each initial written as its letter and a full stop
    ("George H.W. Bush", "George H. W. Bush" -> George, H., W., Bush). Initials and
    suffixes are part of the name: George W. Bush is not George H. W. Bush."""
    out: list[str] = []
    for w in words:
        if is_initial(w):
            out.extend(f"{letter}." for letter in w.replace(".", ""))
        else:
            out.append(w)
    return tuple(out)


# ----------------------------------------------------------------------------- runs
def runs(text: str, toks: list[Tok], lists: NameLists) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalised runs in a sentence's tokens."""
    runs = []
    i, n = 0, len(toks)
    v = lists.vocabulary
    while i < n:
        if not (capitalised(toks[i].text) or org_at(toks, i, lists)):
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
                                 or (prev.text,) in lists.titles or prev.text in v.suffix):
                break  # a full stop after a word: the end of a sentence or abbreviation
            w = tok.text
            if capitalised(w) or org_at(toks, j, lists):
                j += 1
            elif (w in v.particle or w in v.connector and (prev.text in lists.organisation_words
                                                           or (prev.text,) in lists.titles)) \
                    and j + 1 < n \
                    and capitalised(toks[j + 1].text) \
                    and text[tok.end:toks[j + 1].start] == " " and not tok.possessive:
                j += 1
            else:
                break
        while j > i and not (capitalised(toks[j - 1].text) or org_at(toks, j - 1, lists)):
            j -= 1
        runs.append((i, j))
        i = j
    return runs


def org_at(toks: list[Tok], i: int, lists: NameLists) -> int:
    """Length of the listed organisation starting at token i (longest), or 0."""
    if toks[i].text not in lists.org_first:
        return 0
    for k in range(min(lists.org_max, len(toks) - i), 0, -1):
        if tuple(t.text for t in toks[i:i + k]) in lists.organisations:
            if all(not t.possessive for t in toks[i:i + k - 1]):
                return k
    return 0


def match_at(toks: list[Tok], i: int, j: int, table: frozenset, longest: int) -> int:
    for k in range(min(longest, j - i), 0, -1):
        if tuple(t.text for t in toks[i:i + k]) in table and \
                all(not t.possessive for t in toks[i:i + k - 1]):
            return k
    return 0


@dataclass
class Cand:
    """A candidate mention before the article-level decisions."""

    sentence_id: int
    toks: list[Tok]
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
        """The name with its initials written alike (:func:`name_key`)."""
        return name_key(self.words)


def _is_org_run(toks: list[Tok], i: int, j: int, lists: NameLists) -> int:
    """End index of an organisation occupying toks[i:j] from its start (0 if none)."""
    k = org_at(toks, i, lists)
    if k == j - i:
        return j
    words = [t.text for t in toks[i:j]]
    if words[-1] in lists.organisation_words and not any(w in lists.vocabulary.connector for w in words):
        return j
    for m in range(i, j - 1):
        if toks[m].text in lists.organisation_words and toks[m + 1].text in lists.vocabulary.connector:
            return j  # "Department of Justice", "University of Chicago"
    # an organisation word followed by a title and a name ("Senate Majority Leader ...")
    return i + k if k else 0


def classify_run(text: str, toks: list[Tok], i: int, j: int, first_word: int,
                  lists: NameLists, lower_words: set[str], sid: int) -> list[Cand]:
    """The organisation and person candidates of the run toks[i:j]; ``first_word`` is the
    index of the sentence's first word."""
    out: list[Cand] = []
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
        out.append(Cand(sid, toks[i:org_end], "", "", "organisation", ["organisation"]))
        i = org_end
        if toks[org_end - 1].possessive:
            return out
    # 3. nationalities, places, group words; organisation words used as modifiers
    while i < j:
        k = match_at(toks, i, j, lists.not_names, lists.not_max)
        if k and i + k < j:
            i += k
        else:
            break
    # 4. titles and honorifics
    title_from = i
    i, sex = _after_titles(toks, i, j, lists)
    title = text[toks[title_from].start:toks[i - 1].end + (1 if toks[i - 1].dot else 0)] \
        if i > title_from else ""
    if i >= j:
        return out
    # 5. the name: up to a connector or a weekday
    e = _name_end(toks, i, j, lists)
    if e <= i or not _may_be_person([t.text for t in toks[i:e]], title, lists):
        return out
    opens = sentence_initial and i == after_openers
    evidence = _person_evidence(text, toks, i, e, title_from if title else i, title, opens,
                                lists, lower_words)
    b = title_from - 1
    described = _description_before(text, toks, i if not title else title_from, lists)
    out.append(Cand(sid, toks[i:e], title, sex, "person", evidence,
                     before=toks[b].text if b >= 0 else "",
                     after=toks[e].text if e < len(toks) else "",
                     description=toks[b].text if described and b >= 0 else ""))
    return out


def _after_titles(toks: list[Tok], i: int, j: int, lists: NameLists) -> tuple[int, str]:
    """Where the titles and honorifics at toks[i] end, with the words that qualify a title
    ("House Speaker", "London Mayor": up to TITLE_QUALIFIERS capitalised words that are no
    given names), and the sex an honorific implies ("" if none)."""
    sex = ""
    for q in range(i + 1, min(i + 1 + TITLE_QUALIFIERS, j - 1)):
        if toks[q - 1].text in lists.given or toks[q - 1].possessive:
            break
        if match_at(toks, q, j, lists.titles, lists.title_max):
            i = q
            break
    while i < j:
        w = toks[i].text
        if w in lists.honorifics and (toks[i].dot or i + 1 < j):
            sex = lists.honorifics[w] or sex
            i += 1
            continue
        k = match_at(toks, i, j, lists.titles, lists.title_max)
        if k and (i + k < j):
            i += k
            # "Secretary of State Mike Pompeo": the portfolio belongs to the title
            while i + 1 < j and toks[i].text in lists.vocabulary.connector \
                    and toks[i + 1].text in lists.portfolio:
                i += 2
                while i < j - 1 and (toks[i].text in lists.portfolio or toks[i].text == "and"):
                    i += 1
            continue
        break
    return i, sex


def _name_end(toks: list[Tok], i: int, j: int, lists: NameLists) -> int:
    """The end of the name that starts at toks[i]: up to a connector, "and", a weekday or
    a month (but "Theresa May"), or a possessive; trailing lower-case words dropped."""
    e = i
    while e < j and toks[e].text not in lists.vocabulary.connector and toks[e].text != "and" and \
            not (e > i and (toks[e].text,) in lists.not_names and toks[e].text not in lists.given
                 and not _month_after_given(toks, e, lists)):
        e += 1
        if toks[e - 1].possessive:
            break
    while e > i and not capitalised(toks[e - 1].text):
        e -= 1
    return e


def _may_be_person(words: list[str], title: str, lists: NameLists) -> bool:
    """False for names that are no person's whatever the evidence: "New York" (a single
    month or place is decided with the article), "Trump Tower", a place or organisation
    we could not read."""
    if not title and (all(w.casefold() in lists.stop_words for w in words) or len(words) > 1
                      and (tuple(words) in lists.not_names
                           or all((w,) in lists.not_names for w in words))):
        return False
    if words[-1] in lists.place_words:
        return False
    if all(is_initial(w) for w in words):
        return False  # initials alone: "N.C.", "D.C."
    if any(GLUED.match(w) for w in words) or len(set(words)) < len(words):
        return False  # run-together page text ("Donald John TrumpGOP"), a word twice
    return not (any(w in lists.organisation_words for w in words[1:]) and not title)


def _person_evidence(text: str, toks: list[Tok], i: int, e: int, before: int, title: str,
                     opens: bool, lists: NameLists, lower_words: set[str]) -> list[str]:
    """The evidence that toks[i:e] names a person, in :data:`analysis.people.names.EVIDENCE_ORDER`; ``before``:
    where a description would end (the title's start when there is one); ``opens``: the
    name opens its sentence."""
    words = [t.text for t in toks[i:e]]
    evidence = []
    if title:
        evidence.append("title")
    first = words[0]
    if len(words) >= 2 and first in lists.given and (first,) not in lists.not_names \
            and first.casefold() not in lists.stop_words \
            and not (opens and first.casefold() in lower_words):
        evidence.append("given-name")
    if _apposition_after(text, toks, e - 1, toks[-1].end if toks else 0, lists):
        evidence.append("apposition")
    if _description_before(text, toks, before, lists):
        evidence.append("description")
    if len(words) >= 3 and any(len(w) == 1 for w in words[1:-1]):
        evidence.append("initial")
    if e < len(toks) and toks[e].text in lists.speech_verbs and not toks[e - 1].possessive:
        evidence.append("speech-verb")
    if len(words) == 1 and (first,) in lists.not_names:
        evidence = [x for x in evidence if x == "title"]  # "Moscow said": a place speaks
    return evidence


def _month_after_given(toks: list[Tok], e: int, lists: NameLists) -> bool:
    """'Theresa May': a month right after a given name is a surname."""
    return e > 0 and toks[e - 1].text in lists.given and toks[e].text[:1].isupper()


def _apposition_after(text: str, toks: list[Tok], last: int, hi: int, lists: NameLists) -> bool:
    """', Trump's campaign manager,' or ', who ...' directly after the name
    (:func:`analysis.people.appositions.after`, up to ``hi``, the end of the sentence's
    tokens): one that opens with "who" or "whose", or one of at most
    ``APPOSITION_MAX_WORDS`` words that opens with an article, a possessive, a person noun
    or a capitalised word and holds a person noun and no verb of saying, or a longer one
    whose person noun among its first words takes a relative clause ("a Democratic
    pollster who is working with ...")."""
    if toks[last].possessive:
        return False
    app = appositions.after(text, toks[last].end, hi, lists)
    if app is None:
        return False
    words = [t for t in toks[last + 1:] if app.start <= t.start < app.end]  # its tokens
    first = words[0].text.casefold()
    if first in ("who", "whose"):
        return True
    if not (first in lists.vocabulary.apposition_opener or words[0].possessive
            or first in lists.roles or capitalised(words[0].text)):
        return False
    if app.words > APPOSITION_MAX_WORDS:
        # a long one only when a person noun among its first words takes a relative
        # clause ("a Democratic pollster who is working with ..."); else mostly a clause
        return any(w.text.casefold() in lists.roles and nxt.text.casefold() in lists.vocabulary.relative
                   for w, nxt in zip(words[:4], words[1:5]))
    return any(w.text.casefold() in lists.roles for w in words) and \
        not any(w.text in lists.speech_verbs for w in words)


def _description_before(text: str, toks: list[Tok], first: int, lists: NameLists) -> bool:
    """A person noun directly before the name ("campaign manager Brad Parscale",
    "Trump's lawyer, Michael Cohen")."""
    k = first - 1
    if k >= 0 and toks[k].text == "," and k >= 1:
        k -= 1
    return k >= 0 and toks[k].text.islower() and toks[k].text in lists.roles


def headline_case(toks: list[Tok], lists: NameLists, role: str = "") -> bool:
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

