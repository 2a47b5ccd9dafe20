"""Who said it: the speaker of a direct quotation and the source of reported speech, read
from the words around them with rules and word lists (no parser model).

A **speaker** is a noun phrase of the narrator's text next to a reporting verb (a cue):

- before the cue: "Trump said", "Cruz spokesman Rick Tyler said", "a senior official
  told reporters", "Trump, the Republican nominee, said" (the apposition is passed over),
  "Clinton, who has said" (``who`` as written, the phrase before it as the speaker);
- after the cue when it follows a comma: "…, said Sen. John Smith";
- after "according to": "according to a campaign aide".

The phrase is read backwards from the cue over auxiliaries and adverbs ("has also
said"), then over words up to a boundary: punctuation, a conjunction or subordinator
("and", "that", "because"), or a preposition other than "of" (and "for", "to", "at"
after a person noun or an organisation word: "a spokesman for the campaign"); at most
``MAX_SPEAKER_WORDS`` words.

The speaker's **kind** and **canonical** name: the last person the people detector or the
registry found in the phrase that is not a possessive ("California Rep. Duncan Hunter's
chief of staff, Joe Kasper" -> Joe Kasper), else an organisation found there or a phrase
ending in an organisation word ("the Clinton campaign"); a pronoun (he, she) resolved to
the nearest fitting person; a description of a person not named ("a senior official",
"aides", "critics": its last word is a person noun or an ``ANONYMOUS_WORDS`` entry) is
``anonymous``, its canonical name the description without its article, in lower case;
any other phrase ("the poll", "the report") is ``other``. A pronoun that cannot be
resolved (they, we, or no earlier person) keeps its words and no canonical name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import people as people_mod

# Reporting verbs (cues), as written. Verbs of speech, writing and stance that news uses to
# attribute words or views to a source (the cues of PolNeAR's annotation guide, Newell et
# al. 2018, that are verbs). Forms that are mostly nouns in news ("state", "report",
# "reports", "plans", "calls", "support") are left out.
_LEMMAS = ("add acknowledge admit allege announce argue ask assert assure blame boast caution "
           "charge claim complain concede conclude confirm contend counter criticize criticise "
           "declare deny describe emphasize emphasise estimate explain hint indicate insist "
           "joke lament maintain note object observe point predict pledge praise "
           "promise propose question recall recommend reiterate remark remind reply respond "
           "reveal signal stress suggest testify tweet urge vow warn write say tell believe "
           "think expect hope worry accuse call show find support see want know seek decline "
           "agree endorse reject defend oppose slam express post fear feel refuse prefer "
           "mock dismiss criticize attack thank condemn demand").split()
_IRREGULAR = {"say": "said says saying say", "tell": "told tells telling tell",
              "write": "wrote written writes writing", "think": "thought thinks thinking think",
              "admit": "admitted admits admitting admit", "tweet": "tweeted tweets tweeting",
              "testify": "testified testifies testifying testify",
              "reply": "replied replies replying reply", "deny": "denied denies denying deny",
              "worry": "worried worries worrying", "point": "pointed",
              "question": "questioned questioning", "object": "objected",
              "counter": "countered", "signal": "signaled signalled", "charge": "charged",
              "claim": "claimed", "hope": "hoped hopes hoping", "note": "noted noting",
              "joke": "joked joking", "remark": "remarked", "estimate": "estimated",
              "blame": "blamed blames blaming", "praise": "praised praising",
              "call": "called calling", "show": "show shows showed shown showing",
              "find": "found finds finding", "support": "supported supporting",
              "see": "sees saw seeing", "want": "want wants wanted wanting",
              "know": "knows knew known", "seek": "seeks sought seeking",
              "slam": "slammed slams slamming", "post": "posted", "fear": "fear feared fearing",
              "feel": "feel feels felt feeling",
              "prefer": "prefer prefers preferred preferring", "attack": "attacked attacking",
              "mock": "mocked mocking", "report": "reported reporting"}
_EXTRA_CUES = ("according to", "pointed out", "points out", "went on", "made clear",
               "referring to", "talking about", "called for", "called on", "calls for",
               "reported", "notes", "claims", "stated")


def _forms(lemma: str) -> list[str]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma].split()
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith(("sh", "ch", "ss", "x")):
        return [lemma, lemma + "es", lemma + "ed", lemma + "ing"]
    if lemma.endswith("y"):
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    return [lemma, lemma + "s", lemma + "ed", lemma + "ing"]


CUES = frozenset(f for lemma in _LEMMAS for f in _forms(lemma)) | frozenset(_EXTRA_CUES)
# Cues that only people (or bodies speaking for them) do: a phrase before one of these is a
# speaker even when no word of it is a person noun ("abortion rights advocates said").
SPEECH_CUES = frozenset(f for lemma in "say tell add write note announce claim argue insist warn "
                        "explain tweet reply respond testify".split() for f in _forms(lemma)) \
    | {"according to", "stated"}


def _either_case(cue: str) -> str:
    """A cue in lower case, or with a capital first letter (opening a sentence)."""
    escaped = re.escape(cue).replace(r"\ ", r"\s+")
    return f"[{cue[0]}{cue[0].upper()}]{escaped[1:]}"


CUE_PATTERN = re.compile(r"(?<![\w'’-])(" + "|".join(_either_case(c) for c in
                                                      sorted(CUES, key=len, reverse=True))
                         + r")(?![\w'’-])")

MAX_SPEAKER_WORDS = 8
# An apposition between a speaker and its verb is read over at most this many tokens
# ("Paul Begala, a former political adviser to Mr. Clinton and a friend of the couple's,
# said").
APPOSITION_MAX_TOKENS = 24
# Words passed over between a speaker and its verb ("has also said", "later told").
SKIP_BACK = frozenset("has have had also previously repeatedly would will did does do not never "
                      "later then again often recently publicly privately reportedly once "
                      "already still even frequently first just now since is was were are been "
                      "be could might may should must can further similarly himself herself "
                      "themselves itself n't".split())
# Words that end a speaker's phrase read backwards.
BOUNDARY = frozenset("that and but or because while when after before as if though although so "
                     "than where what whether since until unless nor yet how why once whom "
                     "said says told tells".split())
PREPOSITIONS = frozenset("in on at during with from to by for about over under into onto "
                         "through across against among between without within like per "
                         "amid toward towards upon".split())
# Prepositions that may join a person noun or an organisation word to what follows ("a
# spokesman for the campaign", "a senior adviser to Cruz", "an analyst at Cook").
JOINING = frozenset({"for", "to", "at", "with", "from"})
RELATIVE = frozenset({"who", "which"})
# Words of time passed over before a speaker ("Putin on Thursday vowed", "Trump last week
# said") and verbs that end a phrase read backwards ("… gave X backing").
TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today "
                       "yesterday tonight earlier later week month year morning afternoon "
                       "evening night weekend january february march april may june july "
                       "august september october november december".split())
TIME_LEADS = frozenset({"on", "in", "last", "this", "early", "late", "next", "the", "that",
                        "during", "at"})
COMMON_VERBS = frozenset("is are was were has have had gave give gives made make makes took "
                         "take takes met meet meets signed sign won win got get gets".split())
# Things that are sources though not people ("the poll found", "the report said").
SOURCE_NOUNS = frozenset("poll polls survey surveys report reports study studies statement "
                         "statements document documents data records analysis figures ruling "
                         "filing lawsuit letter memo email emails website post tweet "
                         "campaign".split())
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it"})
# Words that stand for people not named when they open a speaker's phrase ("some in
# Russia", "many in the party", "others").
QUANTIFIERS = frozenset({"some", "many", "most", "several", "those", "others", "few", "all",
                         "both", "one"})
ARTICLES = frozenset({"a", "an", "the", "one", "two", "three", "several", "some", "many",
                      "other", "another", "most", "few", "both"})
# Descriptions of people not named that the person nouns of data/name_titles.csv (and
# their plurals in -s) do not hold.
ANONYMOUS_WORDS = frozenset("source sources insider insiders observer observers supporter "
                            "supporters voter voters people person someone spokespeople staff "
                            "democrats republicans conservatives liberals residents witnesses "
                            "investigators allies donors delegates".split())

_TOKEN = re.compile(r"[A-Za-z0-9À-ÖØ-öø-ɏ][\w.'’-]*|[^\w\s]")


# Abbreviated titles and the person nouns they stand for ("Sen. Ted Cruz" ... "the senator").
TITLE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor",
                       "gen": "general", "pres": "president", "sec": "secretary",
                       "lt": "lieutenant", "col": "colonel", "amb": "ambassador"}


def role_words(title: str) -> frozenset[str]:
    """The person nouns of a title, in lower case: "Sen." -> {"senator"}, "Secretary of
    State" -> {"secretary", "of", "state"}."""
    words = [w.casefold().rstrip(".") for w in title.split()]
    return frozenset(TITLE_ABBREVIATIONS.get(w, w) for w in words)


def title_role(phrase: str) -> str:
    """The person noun of a description that stands for someone the article names: "the
    president", "the former senator" -> "president", "senator"; else ""."""
    words = phrase.casefold().split()
    if 2 <= len(words) <= 3 and words[0] == "the" and words[-1].isalpha():
        return words[-1]
    return ""


@dataclass
class Speaker:
    """A speaker as written (``words``, at ``start:end`` of the analysis text), with its
    registry id ("" when found without the registry), canonical name and kind."""

    words: str
    start: int
    end: int
    entity: str = ""
    canonical: str = ""
    kind: str = ""


def _tokens(text: str, lo: int, hi: int) -> list[re.Match]:
    return list(_TOKEN.finditer(text, lo, hi))


def _is_role(word: str, lists: people_mod.NameLists) -> bool:
    w = word.casefold().rstrip(".")
    return (w in lists.roles or w.rstrip("s") in lists.roles or w in ANONYMOUS_WORDS)


def _is_org_word(word: str, lists: people_mod.NameLists) -> bool:
    return word in lists.organisation_words or word.casefold() in ("campaign", "party", "committee",
                                                                   "administration", "government")


def phrase_before(text: str, lo: int, cue_start: int,
                  lists: people_mod.NameLists) -> tuple[int, int, int] | None:
    """The speaker's phrase before a cue at ``cue_start`` (reading no further back than
    ``lo``): (start, end, relative) offsets, ``relative`` the start of "who"/"which" when
    the phrase is a relative pronoun (then start:end is its antecedent), else -1."""
    toks = _tokens(text, lo, cue_start)
    i = len(toks) - 1
    while i >= 0 and (toks[i].group().casefold() in SKIP_BACK
                      or (toks[i].group().endswith("ly") and toks[i].group().islower()
                          and len(toks[i].group()) > 4)):
        i -= 1
    if i < 0:
        return None
    relative = -1
    if toks[i].group().casefold() in RELATIVE:
        relative = toks[i].start()
        i -= 1
        if i >= 0 and toks[i].group() == ",":
            i -= 1
    while i >= 0 and (toks[i].group().casefold() in TIME_WORDS or toks[i].group().isdigit()):
        i -= 1  # "Putin on Thursday vowed": the time phrase is passed over
        while i >= 0 and toks[i].group().casefold() in TIME_LEADS:
            i -= 1
    if i < 0:
        return None
    end_tok = i
    if toks[i].group() == ",":
        # an apposition between commas: "Trump, the Republican nominee, said" or "Hunter's
        # chief of staff, Joe Kasper, told": the phrase holds both parts
        if re.match(r"\w+ing\b", text[cue_start:cue_start + 20]):
            return None  # "…, saying": a participle, whose subject is the sentence's
        j = i - 1
        while j >= 0 and toks[j].group() not in ",;:()\"“”" and i - j <= APPOSITION_MAX_TOKENS:
            j -= 1
        if j < 0 or toks[j].group() != ",":
            return None
        end_tok = i - 1
        i = j - 1
    words = 0
    while i >= 0 and words < MAX_SPEAKER_WORDS:
        w = toks[i].group()
        low = w.casefold()
        if not (w[0].isalnum()):
            break
        if low in BOUNDARY or low in COMMON_VERBS or (low in CUES and words):
            break
        if low in PREPOSITIONS:
            before = toks[i - 1].group() if i > 0 else ""
            if not ((low in JOINING and (_is_role(before, lists) or _is_org_word(before, lists)))
                    or before.casefold() in QUANTIFIERS):  # "some in Russia"
                break
        if low in RELATIVE and words:
            break
        words += 1
        i -= 1
    if words == 0:
        return None
    return toks[i + 1].start(), toks[end_tok].end(), relative


def phrase_after(text: str, cue_end: int, hi: int) -> tuple[int, int] | None:
    """The speaker's phrase after a cue ("…, said Sen. John Smith, a Democrat"): up to a
    comma, a sentence end or MAX_SPEAKER_WORDS words."""
    toks = _tokens(text, cue_end, hi)
    out = []
    for t in toks:
        w = t.group()
        if not w[0].isalnum() or w.casefold() in BOUNDARY or (w.casefold() in PREPOSITIONS
                                                                 and w.casefold() != "of"):
            if w in (".",) and out and len(out[-1].group()) <= 3 and out[-1].group()[0].isupper():
                continue
            break
        out.append(t)
        if len(out) >= MAX_SPEAKER_WORDS:
            break
    if not out:
        return None
    end = out[-1].end()
    if text[end - 1] == "." and len(out[-1].group()) > 3:  # a sentence's full stop, not "Jr."
        end -= 1
    return out[0].start(), end


def for_cue(speaker: Speaker, cue: str) -> Speaker:
    """A phrase before a verb of saying (``SPEECH_CUES``) that is neither a person, an
    organisation nor a document is people not named ("abortion rights advocates said"):
    kind ``anonymous`` rather than ``other``."""
    words = speaker.words.split()
    if speaker.kind == "other" and cue.casefold() in SPEECH_CUES and words \
            and words[-1].casefold().strip(".,") not in SOURCE_NOUNS:
        speaker.kind = "anonymous"
    return speaker


def describe(text: str, start: int, end: int, candidates: list[tuple],
             lists: people_mod.NameLists, resolve) -> Speaker:
    """The speaker of the phrase ``text[start:end]``: ``candidates`` are the detected and
    registered names in it, as (position, surface, entity, canonical, kind, possessive);
    ``resolve(pronoun, position)`` gives (entity, canonical, kind) for he/she."""
    words = text[start:end]
    persons = [c for c in candidates if c[4] == "person" and not c[5]]
    if persons:
        c = persons[-1]
        return Speaker(words, start, end, c[2], c[3], "person")
    orgs = [c for c in candidates if c[4] == "organisation" and not c[5]]
    if orgs:
        c = orgs[-1]
        return Speaker(words, start, end, c[2], c[3], "organisation")
    tokens = [t.group() for t in _tokens(text, start, end)]
    if not tokens:
        return Speaker(words, start, end)
    last = tokens[-1]
    low = last.casefold()
    if len(tokens) == 1 and low in PRONOUNS:
        if low in ("he", "she"):
            entity, canonical, kind = resolve(low, start)
            return Speaker(words, start, end, entity, canonical, kind)
        return Speaker(words, start, end)
    body = tokens if tokens[0].casefold() in QUANTIFIERS and len(tokens) > 1 else \
        [t for t in tokens if t.casefold() not in ARTICLES] or tokens
    description = " ".join(body)
    if _is_org_word(last, lists) or any(c[4] == "organisation" for c in candidates):
        return Speaker(words, start, end, "", description, "organisation")
    if (any(_is_role(t, lists) for t in tokens) or tokens[0].casefold() in QUANTIFIERS) \
            and low not in SOURCE_NOUNS:
        # "a senior official", "a spokesman for the buyer", "an official familiar with …"
        return Speaker(words, start, end, "", description.casefold(), "anonymous")
    return Speaker(words, start, end, "", description.casefold(), "other")
