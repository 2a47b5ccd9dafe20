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

The word lists are the corpus's (:class:`analysis.language.vocabulary.Vocabulary` and
:class:`analysis.people.name_lists.NameLists`): :func:`rules_for` gives the
:class:`SpeakerRules` made from them, whose methods read the text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import lemminflect

from analysis.language.text import TOKEN, TOKEN_WITH_STOP
from analysis.language.vocabulary import verb_forms
from analysis.people import appositions
from analysis.people.name_lists import NameLists

MAX_SPEAKER_WORDS = 8
# The opening comma of an apposition between a speaker and its verb is looked for this
# many tokens back (its words and marks); the one apposition reader then decides
# (analysis.people.appositions: at most MAX_WORDS words, closing at the comma before the
# verb)
_APPOSITION_TOKENS = 3 * appositions.MAX_WORDS

# a speaker's tokens: the rules' tokens with a full stop written right after a word kept
# on it ("Sen.", "Jr.", "said."; analysis.language.text.TOKEN_WITH_STOP)
_TOKEN = TOKEN_WITH_STOP
# a maximal run of word characters, apostrophes and hyphens (SpeakerRules.cue_matches)
_RUN = re.compile(r"(?<![\w'’-])[\w'’-]+")
_WORD_CHAR = re.compile(r"[\w'’-]")
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\"“”‘’(—–]|\n)\s*$")
_WORD_AFTER = TOKEN  # the words after a subject
_POSSESSIVE_PRONOUN = re.compile(r"\b(?:[Hh]is|[Hh]er|[Tt]heir)\b")


def _either_case(cue: str) -> str:
    """A cue in lower case, or with a capital first letter (opening a sentence)."""
    escaped = re.escape(cue).replace(r"\ ", r"\s+")
    return f"[{cue[0]}{cue[0].upper()}]{escaped[1:]}"


def is_title_case(words: str) -> bool:
    """Whether a stretch of text is written in Title Case, as many headlines are: at
    least three words of four letters or more, 70% of them capitalised."""
    long = [w for w in re.findall(r"[^\W\d_]{4,}", words)]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) >= 0.7 * len(long)


def _is_adverb(word: str) -> bool:
    """An adverb in -ly, passed over between a subject and its verb ("falsely")."""
    return word.endswith("ly") and word.islower() and len(word) > 4


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


def _before_parenthesis(toks: list[re.Match], close: int) -> int:
    """The index of the "(" that opens the parenthesis closed at ``close`` (at most 8
    tokens back), or -1."""
    for k in range(close - 1, max(-1, close - 9), -1):
        if toks[k].group() == "(":
            return k
    return -1


def possessive_pronouns(text: str, lo: int, hi: int) -> list[re.Match]:
    """His, her and their in ``text[lo:hi]``."""
    return list(_POSSESSIVE_PRONOUN.finditer(text, lo, hi))


class SpeakerRules:
    """The speaker finder's rules read with one corpus's word lists (``lists`` and its
    ``lists.vocabulary``): the cues and their kinds, made from the vocabulary's lemmas with
    all their forms, and the readers of a speaker's phrase. Made once per set of lists
    (:func:`rules_for`)."""

    def __init__(self, lists: NameLists):
        self.lists, self.v = lists, lists.vocabulary
        v = self.v
        # weekdays and months (of the not-names list) with the vocabulary's time words
        self.time_words = v.time_word | lists.calendar_words
        self.adjective_endings = tuple(sorted(v.adjective_ending))
        # the kind of each cue as written ("backed" -> stance); a lemma listed under two
        # kinds keeps the first
        self.cue_kind: dict[str, str] = {}
        self.forms_base: dict[str, str] = {}  # each cue form's base form ("said" -> "say")
        for lemma, kind in v.cue.items():
            for form in self._forms(lemma):
                self.cue_kind.setdefault(form, kind)
                self.forms_base[form] = lemma
        for cue, kind in v.extra_cue.items():
            self.cue_kind.setdefault(cue, kind)
        self.cue_set = frozenset(self.cue_kind)
        # the base and -s forms of noun-like lemmas, which need a subject before them
        self.noun_like_forms = frozenset(f for lemma in v.noun_like_cue for f in self._forms(lemma)[:2])
        self.noun_like_base = frozenset(self._forms(lemma)[0] for lemma in v.noun_like_cue)
        # Cues that only people (or bodies speaking for them) do: a phrase before one of
        # these is a speaker even when no word of it is a person noun ("abortion rights
        # advocates said").
        self.speech_cues = frozenset(f for lemma, value in v.speech_lemma.items()
                                     if value != "after-name" for f in self._forms(lemma))
        # The cue pattern's matches found word by word: a maximal run of word characters,
        # apostrophes and hyphens is a cue when it is one (the pattern's lookarounds make it
        # match whole runs only), or opens the longest cue of several words that follows
        # it; a set lookup instead of a regular expression of 900 alternatives tried at
        # every position (the same matches, checked on every sentence of
        # article-bias-prediction and by tests/test_attribution.py)
        self.cue_words = frozenset(c for c in self.cue_set if " " not in c)
        self.cue_phrases: dict[str, list[re.Pattern]] = {}
        for cue in sorted((c for c in self.cue_set if " " in c), key=len, reverse=True):
            self.cue_phrases.setdefault(cue.split()[0], []).append(
                re.compile(_either_case(cue) + r"(?![\w'’-])"))
        # the cues of the last text asked about, found once in the whole of it: (text,
        # starts, matches); the speaker search asks about many stretches of one article
        self._last_text: tuple = (None, [], [])

    def _forms(self, lemma: str) -> list[str]:
        """The forms of a cue lemma (:func:`analysis.language.vocabulary.verb_forms`)
        but those that are seldom cues (the vocabulary's ``not_cue``)."""
        return [f for f in verb_forms(lemma) if f not in self.v.not_cue]

    def cue_pattern(self) -> re.Pattern:
        """The cues as one regular expression, whole words only, in lower case or with a
        capital first letter: what :meth:`cue_matches` finds, the slow way (for tests)."""
        return re.compile(r"(?<![\w'’-])(" + "|".join(
            _either_case(c) for c in sorted(self.cue_set, key=len, reverse=True)) + r")(?![\w'’-])")

    def cue_matches(self, text: str, lo: int, hi: int):
        """``cue_pattern().finditer(text, lo, hi)``, faster: the matches of the whole text,
        found once per text, that lie inside ``lo:hi``. Where a match of the whole text, or
        a run of word characters, crosses ``lo`` or ``hi``, the stretch alone is read
        (:meth:`_scan`): cut there, a word or a phrase can match otherwise ("Says" cut to
        "Say", "pointed out" cut to "pointed"). Elsewhere the matches are the same: the
        pattern's lookbehind reads the text before ``lo`` either way, and a match inside
        the stretch needs nothing after it but what the stretch has."""
        if self._last_text[0] is not text:
            found = list(self._scan(text, 0, len(text)))
            self._last_text = (text, [m.start() for m in found], found)
        _text, starts, found = self._last_text
        i = bisect_left(starts, lo)
        if (i > 0 and found[i - 1].end() > lo) or \
                (0 < hi < len(text) and _WORD_CHAR.match(text, hi - 1) and _WORD_CHAR.match(text, hi)):
            return self._scan(text, lo, hi)
        j = bisect_left(starts, hi, i)
        if j > i and found[j - 1].end() > hi:
            return self._scan(text, lo, hi)
        return iter(found[i:j])

    def _scan(self, text: str, lo: int, hi: int):
        """``cue_pattern().finditer(text, lo, hi)``, word by word."""
        resume = lo
        for run in _RUN.finditer(text, lo, hi):
            start = run.start()
            if start < resume:
                continue
            word = run.group()
            key = word[0].lower() + word[1:]
            if word[0] not in (key[0], key[0].upper()):
                continue
            found = None
            for phrase in self.cue_phrases.get(key, ()):
                found = phrase.match(text, start, hi)
                if found:
                    break
            if found is None and key in self.cue_words:
                found = run
            if found is not None:
                resume = found.end()
                yield found

    def cues(self, text: str, lo: int, hi: int):
        """The cues (:meth:`cue_pattern` matches) in ``text[lo:hi]`` that are verbs here: a cue
        written with a capital only where a sentence or quotation opens ("Post" inside a
        sentence is a name), and the base or -s form of a noun-like lemma (the vocabulary's ``noun_like_cue``) only after a
        subject: a pronoun, a capitalised word, a plural or an auxiliary ("Republicans back",
        "would support"; not "the campaign's support", "for support")."""
        title_case = None
        for m in self.cue_matches(text, lo, hi):
            word = m.group()
            before = text[max(lo, m.start() - 40):m.start()]
            if word[0].isupper() and m.start() > lo and not _SENTENCE_OPENING.search(before):
                if title_case is None:
                    title_case = is_title_case(text[lo:hi])
                if not title_case:  # a headline in Title Case ("Clinton Says No To Fox News")
                    continue
            low = word.casefold()
            if low in self.noun_like_forms:
                if not self._after_subject(text, lo, m.start(), third_person=low not in self.noun_like_base):
                    continue
            elif " " not in low and not self._verb_here(text, lo, m.start(), low):
                continue
            yield m

    def _not_a_subject(self, word: str) -> bool:
        """Whether a word before a verb form makes it a noun or an adjective instead: an
        article, a determiner, a preposition or a possessive ("the disputed", "his backing",
        "of encouraging", "Obama's support")."""
        low = word.casefold()
        return (low in self.v.article or low in self.v.determiner or low in self.v.preposition or low == "of"
                or bool(re.search(r"\w['’]s?$", word)))

    def _verb_here(self, text: str, lo: int, at: int, word: str) -> bool:
        """Whether a past or -ing form at ``at`` is a verb of its own subject: not after an
        article, determiner, possessive or preposition ("the disputed election", "his
        backing", "accused him of encouraging"), and not a passive ("was accused": the
        subject is not the source)."""
        if word == self.forms_base.get(word, word):
            return True
        toks = [t.group() for t in _TOKEN.finditer(text, max(lo, at - 60), at)]
        while toks and _is_adverb(toks[-1]):
            toks.pop()
        if not toks:
            return True
        if toks[-1].casefold() in self.v.be_form and not word.endswith("ing"):
            return False
        return not self._not_a_subject(toks[-1])

    def _after_subject(self, text: str, lo: int, at: int, *, third_person: bool = False) -> bool:
        toks = _tokens(text, max(lo, at - 80), at)
        i = self._skip_back(toks, len(toks) - 1)
        if any(t.group().casefold() in self.v.skip_back for t in toks[i + 1:]):
            return True  # an auxiliary: "would support"
        if i < 0:
            return False
        w = toks[i].group()
        low = w.casefold()
        if low in self.v.subject_pronoun:
            return True
        if low in ("there", "here") or not w[0].isalpha() or self._not_a_subject(w) or w.endswith(("'", "’")):
            return False
        if w[0].isupper():
            return True
        if third_person:
            # "the government hopes", "the report states": after a noun the -s form is a verb;
            # after an adjective it is a noun ("televised comments", "political attacks")
            return not low.endswith(self.adjective_endings)
        return low.endswith("s") and not low.endswith("ss") and low not in self.v.not_plural

    def role_words(self, title: str) -> frozenset[str]:
        """The person nouns of a title, in lower case: "Sen." -> {"senator"}, "Secretary of
        State" -> {"secretary", "of", "state"}."""
        words = [w.casefold().rstrip(".") for w in title.split()]
        return frozenset(self.lists.abbreviations.get(w, w) for w in words)

    def is_role(self, word: str) -> bool:
        w = word.casefold().rstrip(".")
        return (w in self.lists.roles or w.rstrip("s") in self.lists.roles or w in self.v.anonymous_word)

    def _is_org_word(self, word: str) -> bool:
        return word in self.lists.organisation_words or word.casefold() in self.lists.organisation_nouns

    def _skip_back(self, toks: list[re.Match], i: int) -> int:
        """The index of the last token at or before ``i`` that is not an auxiliary or an
        adverb in -ly ("has also said", "falsely suggesting")."""
        while i >= 0 and (toks[i].group().casefold() in self.v.skip_back or _is_adverb(toks[i].group())):
            i -= 1
        return i

    def _apposition_to(self, text: str, opening: re.Match, closing: re.Match) -> bool:
        """Whether the apposition the apposition reader finds at the comma ``opening``
        closes at the comma ``closing`` ("Trump, the Republican nominee, said")."""
        app = appositions.after(text, opening.start(), closing.end(), self.lists)
        return app is not None and not text[app.end:closing.start()].strip()

    def ends_coordinated(self, text: str, lo: int, cue_start: int) -> str:
        """How the words before a cue end when its subject is further back: "," (a participle:
        "…, falsely suggesting"), "and" / "but" (a second verb: "stood beside him and
        described"), else ""."""
        toks = _tokens(text, lo, cue_start)
        i = self._skip_back(toks, len(toks) - 1)
        if i < 0:
            return ""
        w = toks[i].group().casefold()
        return w if w in (",", "and", "but") else ""

    def phrase_before(self, text: str, lo: int, cue_start: int) -> tuple[int, int, int] | None:
        """The speaker's phrase before a cue at ``cue_start`` (reading no further back than
        ``lo``): (start, end, relative) offsets, ``relative`` the start of "who"/"which" when
        the phrase is a relative pronoun (then start:end is its antecedent), else -1."""
        toks = _tokens(text, lo, cue_start)
        i = self._skip_back(toks, len(toks) - 1)
        if i >= 1 and toks[i].group() == "to" and toks[i - 1].group().isalpha() \
                and toks[i - 1].group().islower() and toks[i - 1].group() not in self.v.preposition:
            # "he continued to express", "Trump has refused to say": the subject of the verb
            # that governs the infinitive
            i = self._skip_back(toks, i - 2)
        if i < 0:
            return None
        relative = -1
        if toks[i].group().casefold() in self.v.relative:
            relative = toks[i].start()
            i -= 1
            if i >= 0 and toks[i].group() == ",":
                i -= 1
        while i >= 0 and (toks[i].group().casefold() in self.time_words or toks[i].group().isdigit()):
            i -= 1  # "Putin on Thursday vowed": the time phrase is passed over
            while i >= 0 and toks[i].group().casefold() in self.v.time_lead:
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
            while j >= 0 and toks[j].group() not in ",;:(\"“”" and i - j <= _APPOSITION_TOKENS:
                j = j - 1 if toks[j].group() != ")" else _before_parenthesis(toks, j) - 1
            if j < 0 and i - 1 >= 0 and toks[i - 1].group() == ")":
                j = i  # "Sen. Jack Reed (D-R.I.), said": no apposition, a stray comma
            elif j < 0 or toks[j].group() != "," or not self._apposition_to(text, toks[j], toks[i]):
                return None
            end_tok = i - 1
            if j + 1 < i and toks[j + 1].group().casefold() in self.v.relative:
                end_tok = j - 1  # "McCaskill, who has endorsed Clinton, said": McCaskill
            i = j - 1
        words = 0
        while i >= 0 and words < MAX_SPEAKER_WORDS:
            w = toks[i].group()
            low = w.casefold()
            if w == ")" and _before_parenthesis(toks, i) > 0:
                i = _before_parenthesis(toks, i) - 1  # "Sen. Rob Portman (R-Ohio)"
                continue
            if not (w[0].isalnum()):
                break
            if low in self.v.boundary or low in self.v.common_verb or (low in self.cue_set and words):
                break
            if low in self.v.preposition:
                before = toks[i - 1].group() if i > 0 else ""
                if not ((low in self.v.joining and (self.is_role(before) or self._is_org_word(before)))
                        or before.casefold() in self.v.quantifier  # "some in Russia"
                        or (low == "by" and before.casefold() in self.v.source_noun)):  # "a survey by Gallup"
                    break
            if low in self.v.relative and words:
                break
            words += 1
            i -= 1
        if words == 0:
            return None
        return toks[i + 1].start(), toks[end_tok].end(), relative

    def at_clause_start(self, text: str, lo: int, position: int) -> bool:
        """Whether a name at ``position`` can be the subject of its clause: not after a
        preposition, an article or a possessive ("of Trump", "the Clinton campaign")."""
        toks = _tokens(text, max(lo, position - 60), position)
        if not toks:
            return True
        w = toks[-1].group()
        return not (self._not_a_subject(w) or w.casefold() == "than" or w.endswith(("'", "’")))

    def action_verb(self, text: str, end: int, hi: int) -> re.Match | None:
        """The finite verb right after a subject ending at ``end`` (auxiliaries and adverbs in
        -ly passed over): a word in lower case that lemminflect's lexicon knows as a verb,
        in its -s form or past ("backs", "went", "won"), not a cue and not a form of
        the vocabulary's ``not_action``. Its subject is credited with an action ("Romney went after Trump"),
        which PolNeAR marks as an attribution beside speech, thought and stance."""
        perfect = False  # after has, have or had a past participle is finite too
        for m in _WORD_AFTER.finditer(text, end, min(hi, end + 80)):
            w = m.group()
            if w.casefold() in self.v.be_form:
                return None  # a passive ("has been isolated"): the subject did not act
            if w.casefold() in self.v.skip_back or _is_adverb(w):
                perfect = perfect or w.casefold() in ("has", "have", "had")
                continue
            if not w.isalpha() or not w.islower() or w in self.cue_set:
                return None
            lemmas = lemminflect.getAllLemmas(w, upos="VERB").get("VERB", ())
            if not lemmas or any(lemma in self.v.not_action for lemma in lemmas):
                return None
            inflections = lemminflect.getAllInflections(lemmas[0], upos="VERB")
            if any(w in inflections.get(tag, ()) for tag in ("VBZ", "VBD") + (("VBN",) if perfect else ())):
                return m
            return None
        return None

    def nominal_cue(self, text: str, end: int, hi: int) -> re.Match | None:
        """A noun of the vocabulary's ``nominal_cue`` list right after a possessor ending at ``end``, or after one
        word between ("his repeated claims")."""
        words = list(_WORD_AFTER.finditer(text, end, min(hi, end + 40)))[:2]
        for k, m in enumerate(words):
            if m.group() in self.v.nominal_cue:
                return m
            if k == 0 and not (m.group().isalpha() and m.group().islower()):
                return None
        return None

    def phrase_after(self, text: str, cue_end: int, hi: int) -> tuple[int, int] | None:
        """The speaker's phrase after a cue ("…, said Sen. John Smith, a Democrat"): up to a
        comma, a sentence end or MAX_SPEAKER_WORDS words."""
        toks = _tokens(text, cue_end, hi)
        out = []
        for t in toks:
            w = t.group()
            if not w[0].isalnum() or w.casefold() in self.v.boundary or (w.casefold() in self.v.preposition
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

    def for_cue(self, speaker: Speaker, cue: str) -> Speaker:
        """A phrase of kind ``other`` before a cue, read again knowing the cue:

        - a proper name the people detector did not take for a person or an organisation
          ("The Hill reported", "KING-TV reported", "Israel must acknowledge") is an
          ``organisation`` (a number alone is none: "85,000 confirmed"), unless it ends in
          the last word of a place, building or thing (``NameLists.place_words``: "the
          Shanghai Composite Index added", "the Affordable Care Act says"): it stays ``other``;
        - before a verb of saying (:attr:`speech_cues`), a phrase that is not a document is people
          not named ("abortion rights advocates said"), and before any verb of speech or
          thought a plural ("the GOP contenders agree"): kind ``anonymous``."""
        words = speaker.words.split()
        if speaker.kind != "other" or not words:
            return speaker
        head = words[-1].casefold().strip(".,")
        if head in self.v.source_noun or words[-1].strip(".,") in self.lists.place_words:
            return speaker  # a document; a place, building or thing ("Composite Index", "Care Act")
        low = cue.casefold()
        body = words[1:] if words[0].casefold() in self.v.article else words
        if body and all(w[0].isupper() or not w[0].isalpha() for w in body) \
                and any(w[0].isupper() for w in body) \
                and not all(w.casefold() in self.v.pronoun for w in body):
            speaker.kind, speaker.canonical = "organisation", " ".join(body)
        elif low in self.speech_cues or (self.cue_kind.get(low) in ("speech", "thought") and head.endswith("s")
                                    and not head.endswith("ss")):
            speaker.kind = "anonymous"
        return speaker

    def describe(self, text: str, start: int, end: int, candidates: list[tuple], resolve) -> Speaker:
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
        if len(tokens) == 1 and low in self.v.pronoun:
            if low in ("he", "she"):
                entity, canonical, kind = resolve(low, start)
                return Speaker(words, start, end, entity, canonical, kind)
            return Speaker(words, start, end)
        body = tokens if tokens[0].casefold() in self.v.quantifier and len(tokens) > 1 else \
            [t for t in tokens if t.casefold() not in self.v.article] or tokens
        description = " ".join(body)
        if self._is_org_word(last) or any(c[4] == "organisation" for c in candidates):
            return Speaker(words, start, end, "", description, "organisation")
        if (any(self.is_role(t) for t in tokens) or tokens[0].casefold() in self.v.quantifier) \
                and low not in self.v.source_noun:
            # "a senior official", "a spokesman for the buyer", "an official familiar with …"
            return Speaker(words, start, end, "", description.casefold(), "anonymous")
        return Speaker(words, start, end, "", description.casefold(), "other")


# the rules of the lists last asked for: (lists, rules); a process handles one
# configuration at a time
_RULES: list[tuple[NameLists, SpeakerRules]] = []


def rules_for(lists: NameLists) -> SpeakerRules:
    """The :class:`SpeakerRules` of a corpus's word lists, made once for those lists (the
    same object, or lists of the same content: a process pool unpickles a new copy with
    each chunk of articles)."""
    for known, rules in _RULES:
        if known is lists:
            return rules
    for known, rules in _RULES:
        if known == lists:
            _RULES.insert(0, (lists, rules))
            del _RULES[4:]
            return rules
    rules = SpeakerRules(lists)
    _RULES.insert(0, (lists, rules))
    del _RULES[4:]
    return rules
