"""Sources and shared copy: who is quoted, with which reporting verb, and which sentences
an article shares with other articles (wire copy) versus what the outlet wrote itself.

Quotations are the direct quotations of :func:`analysis.language.text.find_quotes` (scare quotes of
one or two words are not quotations). Each is attributed by rules in the spirit of
textacy's direct-quotation rules (no parser model can be downloaded here):

1. after the quotation, in its sentence: a reporting verb within a few words, with the
   speaker between the quotation and the verb ("…," Putin said; "…," the Russian
   president said; "…," she tweeted) or right after it ("…," said Putin);
2. otherwise, before the quotation in its sentence: the last reporting verb, with the
   speaker the first person named (or described, or referred to by a pronoun) before
   that verb ("Lukashenko on Thursday thanked Putin for his support, saying: …");
3. otherwise, the second part of a quotation split by its attribution ("…," she said.
   "…") takes the speaker of the first part.

A speaker is a registered person's name, a description the registry ties to a person
("the Russian president"), a person or organisation that :func:`analysis.people.names.find_people`
finds where no registry mention is ("Jeff Weaver", "the White House"; passed as
``people``), or a pronoun (he, she) resolved to the first person with that pronoun in the
nearest earlier sentence naming one (a person found without the registry has he or she
from a gendered honorific or the Census sex of its given name, else none). Where the
candidates hold a person, an organisation is not taken ("…," RNC spokesman Sean Spicer
said). Anything else stays "unresolved". ``speaker`` is as written, ``speaker_entity`` the
registry id ("" for a speaker found without the registry, "unresolved"),
``speaker_canonical`` the registry name or the article's canonical name, ``speaker_kind``
person or organisation.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
import re
from bisect import bisect_left, bisect_right
from itertools import islice
from typing import TYPE_CHECKING, Iterator
from collections import defaultdict

import pandas as pd
from rapidfuzz.distance import Indel

from analysis.people import attribution, names as people_mod
from analysis.measures import naming, wordchoice
from analysis.language import text
from analysis.corpus.load import outlet_order, outlet_rank

if TYPE_CHECKING:
    import numpy as np

_PRONOUN = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)
_NONSPACE = re.compile(r"\S+")
AFTER_WINDOW_WORDS = 12  # how far after a quotation its attribution may be
SPLIT_QUOTE_MAX_WORDS = 8  # at most this many words between the parts of a split quotation
# "the president" is looked for among the last this many titled persons before it.
TITLED_LOOKBACK = 50

QUOTE_COLUMNS = ["article_id", "outlet", "sentence_id", "quote", "n_words", "speaker",
                 "speaker_entity", "speaker_canonical", "speaker_kind", "attribution", "verb",
                 "cue_kind", "start", "end"]
# A document speaker that stands for its issuer, and the verbs that issue one
_STATEMENT = re.compile(r"\bstatements?\b", re.IGNORECASE)
_ISSUED = re.compile(r"\b(?:issued|released|put out|sent out|posted|said in)(?=\s+(?:a|an|the|its|his|her|their)"
                     r"(?:\s+\w+)?\s+statement\b)")
ISSUER_WINDOW = 600
# Pronouns that may be the subject of an attribution of action
ACTION_PRONOUNS = frozenset({"he", "she", "they"})
# a sentence opening with a name and a colon: up to six capitalised words ("Poll:",
# "Marco Rubio:", "CNN President On Trump:"), after an optional "EXCLUSIVE –"
_COLON_LEAD = re.compile(r"\s*(?:[A-Z]{3,}\s+[–—-]\s+)?((?:[A-Z][\w.'’-]*\s+(?:[a-z]{2,3}\s+)?){0,5}"
                         r"[A-Z][\w.'’-]*):\s+(\S)")
_RELATIVE = re.compile(r"(?<=\w )(?:who|which)\b")
# A sentence is shared when its best match in another article reaches this similarity
# (difflib ratio of the normalised word sequences); 1.0 is verbatim.
SHARED_WITH_EDITS = 0.8
MIN_WORDS_TO_MATCH = 4
SHINGLE = 3
# A shingle found in more sentences than this is boilerplate phrasing, not evidence of reuse.
MAX_POSTING = 200
# ShinglePostings drops the shingles of verbatim copies each time this many were added
COMPACT_EVERY = 8_000_000
# Candidates must share at least this share of a sentence's shingles (a sentence shared
# with small edits keeps most of them).
MIN_SHARED_SHINGLES = 0.3


# ----------------------------------------------------------------------------- quotations

class _Speakers:
    """The candidate speakers of one article (person mentions, references, pronouns, and
    the persons and organisations found without a registry), indexed by position so that
    each quotation reads only its own stretch of text: a long article then costs time in
    proportion to its length, not quotations x mentions.

    A candidate is (position, surface, entity, canonical, kind): entity the registry id
    ("" for a person or organisation found without the registry), canonical the registry
    name or the article's canonical name, kind person or organisation."""

    def __init__(self, analysis_text: str, mentions: list[dict],
                 references: list[tuple[int, int, str, str]], registry: naming.Registry,
                 people: list[dict] | None = None, *, lists: people_mod.NameLists):
        self.text, self.registry = analysis_text, registry
        persons = [m for m in mentions if m["kind"] == "person"]
        self.named = sorted((m["start"], m["surface"], m["entity"],
                             registry.entities[m["entity"]].name, "person", bool(m["possessive"]))
                            for m in persons)
        self.refs = sorted((a, surface, entity, registry.entities[entity].name,
                            registry.entities[entity].kind or "person", False)
                           for a, _b, surface, entity in references)
        # persons and organisations found without the registry: candidates where no
        # registry mention or reference covers them
        taken = sorted([(m["start"], m["end"]) for m in mentions]
                       + [(a, b) for a, b, _s, _e in references])
        taken_starts = [t[0] for t in taken]
        detected = []
        for r in people or ():
            # registry spans starting before this one ends and ending after it starts
            k = bisect_left(taken_starts, r["end"])
            if not any(b > r["start"] for _a, b in taken[max(0, k - 8):k]):
                detected.append(r)
        self.named = sorted(self.named + [(r["start"], r["mention"], "", r["canonical"], r["kind"],
                                           bool(r["possessive"])) for r in detected])
        self.named_starts = [c[0] for c in self.named]
        self.ref_starts = [c[0] for c in self.refs]
        # For pronouns: the persons with each pronoun, by position, with the index of the
        # first of the same sentence. Sentence ids grow with position in find_mentions'
        # rows; if they do not, pronouns are resolved by reading every mention, as before.
        # A detected person takes he or she from a gendered honorific before it or from
        # the Census sex of its canonical name's first word; with neither, no pronoun.
        lists = lists if detected else None
        history = [{"start": m["start"], "sentence_id": m["sentence_id"],
                    "pronoun": registry.entities[m["entity"]].pronoun,
                    "candidate": (m["entity"], registry.entities[m["entity"]].name, "person")}
                   for m in persons]
        for r in detected:
            if r["kind"] != "person":
                continue
            words = r["canonical"].split()
            sex = lists.honorifics.get(r["title"].rstrip("."), "") or \
                (lists.given.get(words[0], "") if len(words) > 1 else "")
            history.append({"start": r["start"], "sentence_id": r["sentence_id"],
                            "pronoun": {"F": "she", "M": "he"}.get(sex, ""),
                            "candidate": ("", r["canonical"], "person")})
        self.persons = history
        # persons by the title written before them ("President", "Sen."), for "the
        # president said": (start, role words in lower case, entity, canonical)
        self.with_title = sorted((r["start"], attribution.role_words(r["title"]), "", r["canonical"])
                                 for r in detected if r["kind"] == "person" and r.get("title"))
        ordered = sorted(history, key=lambda m: m["start"])
        ids = [m["sentence_id"] for m in ordered]
        self.by_pronoun: dict[str, tuple[list[int], list[int], list[tuple]]] | None = {}
        if any(x > y for x, y in zip(ids, ids[1:])):
            self.by_pronoun = None
            return
        last_sentence: dict[str, int] = {}
        for m in ordered:
            pronoun = m["pronoun"]
            starts, firsts, entities = self.by_pronoun.setdefault(pronoun, ([], [], []))
            same = last_sentence.get(pronoun) == m["sentence_id"]
            firsts.append(firsts[-1] if same else len(starts))
            starts.append(m["start"])
            entities.append(m["candidate"])
            last_sentence[pronoun] = m["sentence_id"]

    def before(self, segment_start: int, segment_end: int) -> list[tuple]:
        """Candidate speakers in analysis_text[segment_start:segment_end], in order:
        (position, surface, entity or "", canonical or "", kind or "", possessive)."""
        found = self.named[bisect_left(self.named_starts, segment_start):
                           bisect_left(self.named_starts, segment_end)]
        found += self.refs[bisect_left(self.ref_starts, segment_start):
                           bisect_left(self.ref_starts, segment_end)]
        for p in _PRONOUN.finditer(self.text, segment_start, segment_end):
            found.append((p.start(), p.group(), *self.resolve(p.group(), p.start()), False))
        return sorted(found)

    def titled(self, role: str, position: int) -> tuple[str, str] | None:
        """The person last named before ``position`` with a title of this role
        ("president", "senator"), as (entity, canonical), or None."""
        k = bisect_left(self.with_title, (position,)) - 1
        for j in range(k, max(-1, k - TITLED_LOOKBACK), -1):  # bounded: linear time
            _start, roles, entity, canonical = self.with_title[j]
            if role in roles:
                return entity, canonical
        return None

    def resolve(self, pronoun: str, position: int) -> tuple[str, str, str]:
        """The first person with this pronoun in the nearest earlier sentence that names
        one: (entity or "", canonical, kind), or ("", "", "")."""
        if self.by_pronoun is None:
            return _resolve_pronoun(pronoun, position, self.persons)
        starts, firsts, entities = self.by_pronoun.get(pronoun.casefold(), ([], [], []))
        i = bisect_left(starts, position) - 1
        return entities[firsts[i]] if i >= 0 else ("", "", "")


def _resolve_pronoun(pronoun: str, position: int, history: list[dict]) -> tuple[str, str, str]:
    """The first person with this pronoun in the nearest earlier sentence that names one."""
    pronoun = pronoun.casefold()
    by_sentence: dict[int, list[dict]] = defaultdict(list)
    for m in history:
        if m["start"] < position:
            by_sentence[m["sentence_id"]].append(m)
    for sid in sorted(by_sentence, reverse=True):
        for m in sorted(by_sentence[sid], key=lambda m: m["start"]):
            if m["pronoun"] == pronoun:
                return m["candidate"]
    return ("", "", "")


def _pick(cands: list[tuple], *, last: bool) -> tuple | None:
    """The speaker among the names of a phrase: the last (or first) person that is not a
    possessive ("Duncan Hunter's chief of staff, Joe Kasper": Kasper), else the first
    organisation, else the first candidate."""
    persons = [c for c in cands if c[4] == "person" and not c[5]]
    if persons:
        return persons[-1] if last else persons[0]
    return next((c for c in cands if c[4] == "organisation"), cands[0] if cands else None)


def find_quotations(analysis_text: str, sentences: list[dict], mentions: list[dict],
                    registry: naming.Registry, *, quotes: list[dict] | None = None,
                    people: list[dict] | None = None, reported: bool = True,
                    actions: bool = True, lists: people_mod.NameLists) -> list[dict]:
    """The direct quotations of one article, and (``reported``) its reported speech, each
    with its speaker and reporting verb (see the module docstring). Returns dicts with
    ``QUOTE_COLUMNS`` other than article_id and outlet, in text order; ``speaker`` is the
    words naming the speaker, ``speaker_entity`` the registry id, "" (a speaker found
    without the registry) or "unresolved"; ``speaker_canonical`` and ``speaker_kind`` as
    the module docstring says; ``attribution`` direct or reported. Without ``people`` only
    registry persons are named speakers."""
    quotes = text.find_quotes(analysis_text) if quotes is None else quotes
    index = text.SentenceIndex(sentences)
    speakers = _Speakers(analysis_text, mentions, naming.find_references(analysis_text, registry),
                         registry, people, lists=lists)
    direct = [q for q in quotes if q["kind"] == "quote" and index.at(q["start"]) is not None]
    direct_starts = [q["start"] for q in direct]
    inside = text.SpanIndex(quotes)  # inside a direct quotation (not a scare quote)
    used_cues: set[int] = set()

    def speaker_of(lo: int, hi: int, *, last: bool = True) -> attribution.Speaker:
        cands = speakers.before(lo, hi)
        pick = _pick(cands, last=last)
        sp = attribution.describe(analysis_text, lo, hi, [pick] if pick else [], lists,
                                  speakers.resolve)
        role = attribution.title_role(sp.words) if sp.kind == "anonymous" else ""
        titled = speakers.titled(role, lo) if role else None
        if titled:  # "the president said", after "President Barack Obama" in the article
            sp.entity, sp.canonical, sp.kind = titled[0], titled[1], "person"
        return sp

    def before_cue(lo: int, cue: re.Match) -> attribution.Speaker | None:
        found = attribution.phrase_before(analysis_text, lo, cue.start(), lists)
        if found is None:
            # "Trump thanked the crowd, saying …" (a participle) and "Obama stood beside
            # him and described …" (a second verb): the speaker is the subject, the first
            # person named in the sentence before the cue, or a pronoun opening it
            end = attribution.ends_coordinated(analysis_text, lo, cue.start())
            if (end == "," and re.match(r"\w+ing\b", cue.group())) or end in ("and", "but"):
                # names inside a quotation are not the subject ("“…Hillary…,” Jealous
                # said, suggesting")
                pick = _pick([c for c in speakers.before(lo, cue.start()) if c[0] not in inside],
                             last=False)
                if pick is not None and pick[3]:
                    return attribution.Speaker(pick[1], pick[0], pick[0] + len(pick[1]), pick[2],
                                               pick[3], pick[4])
                m = re.match(r"\s*(?:[A-Z][\w’']*\s+){0,3}?(He|She|They|We|I)\s", analysis_text[lo:cue.start()])
                if m:
                    return speaker_of(lo + m.start(1), lo + m.end(1))
            return None
        a, b, relative = found
        sp = attribution.for_cue(speaker_of(a, b), cue.group())
        if relative >= 0:  # "Clinton, who said": who as written, Clinton as the speaker
            word = re.match(r"\w+", analysis_text[relative:relative + 6]).group()
            sp.words, sp.start, sp.end = word, relative, relative + len(word)
        return sp

    def after_cue(cue: re.Match, hi: int) -> attribution.Speaker | None:
        found = attribution.phrase_after(analysis_text, cue.end(), hi)
        return attribution.for_cue(speaker_of(*found, last=False), cue.group()) if found else None

    def row(sentence_id: int, start: int, end: int, sp: attribution.Speaker | None, verb: str,
            kind: str, words: str | None = None, cue_kind: str | None = None) -> dict:
        sp = sp or attribution.Speaker("", start, start)
        words = analysis_text[start:end] if words is None else words
        return {"sentence_id": sentence_id, "quote": words, "n_words": text.count_words(words),
                "speaker": sp.words, "speaker_entity": sp.entity or ("" if sp.canonical else "unresolved"),
                "speaker_canonical": sp.canonical, "speaker_kind": sp.kind if sp.canonical else "",
                "attribution": kind, "verb": verb,
                "cue_kind": attribution.CUE_KIND.get(verb, "") if cue_kind is None else cue_kind,
                "start": start, "end": end}

    rows: list[dict] = []
    pending: list[dict] = []  # direct rows with no attribution in their sentence
    for q in direct:
        sentence = index.at(q["start"])
        last_sentence = index.at(max(q["start"], q["end"] - 1)) or sentence
        s_start, s_end = sentence["start"], max(last_sentence["end"], q["end"])
        sp, verb = None, ""
        # 1. after the quotation: "…," Putin said / "…," said Putin / "…," according to X
        words_after = list(islice(_NONSPACE.finditer(analysis_text, q["end"], s_end),
                                  AFTER_WINDOW_WORDS))
        limit = words_after[-1].end() if words_after else q["end"]
        v = next(attribution.cues(analysis_text, q["end"], limit), None)
        if v and not re.search(r"[\"“”]", analysis_text[q["end"] + 1:v.start()]):
            between = analysis_text[q["end"]:v.start()]
            if v.group().casefold().startswith("according") or not re.search(r"\w", between):
                sp = after_cue(v, s_end)
            else:
                sp = before_cue(q["end"], v)
            if sp is not None:
                verb = v.group().casefold()
                used_cues.add(v.start())
        # 2. before the quotation, in its sentence: Lukashenko thanked Putin, saying: "…"
        if sp is None:
            cues = [c for c in attribution.cues(analysis_text, s_start, q["start"])
                    if c.start() not in inside]
            for v in reversed(cues):
                sp = (after_cue(v, q["start"]) if v.group().casefold().startswith("according")
                      else before_cue(s_start, v))
                if sp is not None:
                    verb = v.group().casefold()
                    used_cues.add(v.start())
                    break
        # 3. a quotation split by its attribution ("…," she said. "…"): the second part
        # takes the speaker of the first when only a short attribution stands between
        if sp is None and rows and rows[-1]["attribution"] == "direct":
            previous = rows[-1]
            between = analysis_text[previous["end"]:q["start"]]
            if "\n" not in between and text.count_words(between) <= SPLIT_QUOTE_MAX_WORDS \
                    and previous["verb"]:
                rows.append({**row(sentence["sentence_id"], q["start"], q["end"], None, "", "direct",
                                   q["text"]),
                             **{k: previous[k] for k in ("speaker", "speaker_entity", "speaker_canonical",
                                                         "speaker_kind", "verb", "cue_kind")}})
                continue
        rows.append(row(sentence["sentence_id"], q["start"], q["end"], sp, verb, "direct", q["text"]))
        if sp is None:
            pending.append(rows[-1])
    if reported:
        direct_verbs: dict[int, set[str]] = {}
        for r in rows:
            direct_verbs.setdefault(r["sentence_id"], set()).add(r["verb"])
        for s in sentences:
            first = len(rows)  # the rows of this sentence's attributions start here
            for v in attribution.cues(analysis_text, s["start"], s["end"]):
                if v.start() in inside:
                    continue
                s_view = s
                if v.start() in used_cues:
                    # the cue of a direct quotation: reported speech too when its own words
                    # come first ("Baker said the probe is continuing, adding: “…”")
                    k = bisect_right(direct_starts, v.end())
                    nxt = direct_starts[k] if k < len(direct_starts) else s["end"]
                    if nxt >= s["end"] or text.count_words(analysis_text[v.end():nxt]) < 4:
                        continue
                    s_view = {**s, "end": nxt}
                found = _reported(analysis_text, s_view, v, before_cue, after_cue)
                if found and _plausible(found[2]):
                    a, b, sp = found
                    rows.append(row(s["sentence_id"], a, b, sp, v.group().casefold(), "reported"))
            if actions:
                taken = direct_verbs.get(s["sentence_id"], set()) | {r["verb"] for r in rows[first:]}
                rows.extend(_actions(analysis_text, s, speakers, inside, speaker_of, before_cue, row, taken))
            rows.extend(_nominal(analysis_text, s, speakers, inside, speaker_of, row))
            m = _COLON_LEAD.match(analysis_text, s["start"], s["end"])
            if m and m.start(2) not in inside:
                # "Dr. Ben Carson: Clinton ‘Not Fit To Serve’" (a headline's source and words)
                sp = attribution.for_cue(speaker_of(m.start(1), m.end(1)), ":")
                found = _rest(analysis_text, m.start(2), s["end"])
                if found and _plausible(sp):
                    rows.append(row(s["sentence_id"], *found, sp, ":", "reported", cue_kind="speech"))
        rows.sort(key=lambda r: (r["start"], r["attribution"]))
    # 4. a quotation with no attribution of its own: the subject of its sentence when the
    # narrator names someone before it ("Brown has a “firm grasp of the issues”"); else the
    # speaker of the attribution just before it in the same or the previous paragraph (a
    # quotation that goes on after "Sanders said:" or in a paragraph of its own)
    attributed = [r for r in rows if r["speaker"]]
    starts = [r["start"] for r in attributed]
    for r in pending:
        sentence = index.at(r["start"])
        pick = _pick(speakers.before(sentence["start"], r["start"]), last=False)
        if pick is not None and pick[3]:
            r.update(speaker=pick[1], speaker_entity=pick[2] or "", speaker_canonical=pick[3],
                     speaker_kind=pick[4])
            continue
        if sentence["role"] in ("headline", "subhead", "standfirst"):
            continue  # a headline's quotation goes on from nothing before it
        lo = max(0, r["start"] - 20)  # a bounded look back: linear time on long articles
        colon = lo + len(analysis_text[lo:r["start"]].rstrip())
        if analysis_text[colon - 1:colon] == ":":  # "Sanders said:" closing the paragraph before
            lead = index.at(colon - 1)
            cues = list(attribution.cues(analysis_text, lead["start"], colon))
            sp = before_cue(lead["start"], cues[-1]) if cues else None
            if sp is not None and sp.canonical:
                r.update(speaker=sp.words, speaker_entity=sp.entity, speaker_canonical=sp.canonical,
                         speaker_kind=sp.kind, verb=cues[-1].group().casefold(),
                         cue_kind=attribution.CUE_KIND.get(cues[-1].group().casefold(), ""))
                continue
        k = bisect_left(starts, r["start"]) - 1
        if k >= 0 and attributed[k]["speaker_canonical"]:
            prev = attributed[k]
            if analysis_text.count("\n\n", prev["end"], r["start"]) <= 1:
                r.update({c: prev[c] for c in ("speaker", "speaker_entity", "speaker_canonical",
                                               "speaker_kind")})
    # 5. a statement's words are its issuer's: "the statement said" after "Terry's family
    # issued a statement" or "the senators said in a joint statement" (within
    # ISSUER_WINDOW characters before) takes that issuer as speaker
    for r in rows:
        if r["speaker_kind"] != "other" or not _STATEMENT.search(r["speaker"]):
            continue
        lo = max(0, r["start"] - ISSUER_WINDOW)
        issued = list(_ISSUED.finditer(analysis_text, lo, r["start"]))
        for v in reversed(issued):
            if v.start() in inside:
                continue
            sentence = index.at(v.start())
            sp = before_cue(sentence["start"] if sentence else lo, v) if sentence else None
            if sp is not None and sp.canonical and sp.kind in ("person", "organisation", "anonymous"):
                r.update(speaker_entity=sp.entity or "", speaker_canonical=sp.canonical,
                         speaker_kind=sp.kind)
                break
    return rows


def _actions(analysis_text: str, sentence: dict, speakers: _Speakers, inside: text.SpanIndex,
             speaker_of, before_cue, row, taken: set[str]) -> list[dict]:
    """Attributions of action in a sentence (cue_kind ``action``): a person or
    organisation that can be the subject of its clause, or he, she or they, followed by a
    finite verb (:func:`attribution.action_verb`) that no attribution of the sentence
    took; what is attributed is the rest of the sentence ("Romney went after Trump")."""
    out = []

    def add(v: re.Match | None, speaker) -> None:
        # speaker: () -> the Speaker, read only for a verb that makes an attribution
        if v is None or v.group() in taken or v.start() in inside:
            return
        found = _rest(analysis_text, v.end(), sentence["end"])
        sp = speaker() if found else None
        if sp is not None and _plausible(sp):
            taken.add(v.group())
            out.append(row(sentence["sentence_id"], *found, sp, v.group(), "reported", cue_kind="action"))

    # "the candidate who launched his campaign": a relative pronoun as written, its
    # antecedent as the source
    for m in _RELATIVE.finditer(analysis_text, sentence["start"], sentence["end"]):
        v = attribution.action_verb(analysis_text, m.end(), sentence["end"])
        add(v, lambda v=v: before_cue(sentence["start"], v))
    for c in speakers.before(sentence["start"], sentence["end"]):
        if c[5] or (c[4] not in ("person", "organisation") and c[1].casefold() not in ACTION_PRONOUNS):
            continue
        if not attribution.at_clause_start(analysis_text, sentence["start"], c[0]):
            continue
        end = c[0] + len(c[1])
        add(attribution.action_verb(analysis_text, end, sentence["end"]),
            lambda c=c, end=end: speaker_of(c[0], end))
    return out


def _rest(analysis_text: str, start: int, end: int) -> tuple[int, int] | None:
    """The rest of a sentence after a verb, without the punctuation around it, when it
    holds two words or more."""
    rest = analysis_text[start:end]
    a = start + len(rest) - len(rest.lstrip(" ,.;:"))
    piece = rest.strip(" ,.;:")
    return (a, a + len(piece)) if text.count_words(piece) >= 2 else None


def _nominal(analysis_text: str, sentence: dict, speakers: _Speakers, inside: text.SpanIndex,
             speaker_of, row) -> list[dict]:
    """Attributions written as a noun after a possessor ("Trump's claim that …", "his
    promise to build a wall", "Sanders's attacks on her"): the possessor is the source,
    what follows the noun up to the end of the clause is attributed, and the cue_kind is
    the noun's (:data:`attribution.NOMINAL_CUES`)."""
    lo, hi = sentence["start"], sentence["end"]
    owners = [(c[0], c[0] + len(c[1])) for c in speakers.before(lo, hi)
              if c[5] and c[4] in ("person", "organisation")]
    owners += [(m.start(), m.end()) for m in attribution.possessive_pronouns(analysis_text, lo, hi)]
    out = []
    for a, b in sorted(owners):
        end = b + (len(analysis_text[b:b + 3]) - len(analysis_text[b:b + 3].lstrip("'’s"))
                   if analysis_text[b:b + 1] in "'’" else 0)
        noun = attribution.nominal_cue(analysis_text, end, hi)
        if noun is None or noun.start() in inside:
            continue
        clause = re.search(r"[;:—–]|,\s(?:and|but|which|who)\b|$", analysis_text[noun.end():hi])
        found = _rest(analysis_text, noun.end(), noun.end() + clause.start())
        if not found:
            continue
        owner = speaker_of(a, b)
        if analysis_text[a:b].casefold() in ("his", "her", "their"):
            entity, canonical, kind = speakers.resolve({"his": "he", "her": "she"}.get(
                analysis_text[a:b].casefold(), "they"), a)
            owner = attribution.Speaker(analysis_text[a:b], a, b, entity, canonical, kind)
        out.append(row(sentence["sentence_id"], *found, owner, noun.group(), "reported",
                       cue_kind=attribution.NOMINAL_CUES[noun.group()]))
    return out


def _plausible(sp: attribution.Speaker) -> bool:
    """A source of reported speech: a person, organisation or description of a person, a
    pronoun, or a document, poll or statement ("the poll found"); not any phrase before a
    verb ("the package of new measures")."""
    words = sp.words.split()
    if not words:
        return False
    if sp.kind in ("person", "organisation", "anonymous") or sp.words.casefold() in attribution.PRONOUNS:
        return True
    return words[-1].casefold().strip(".,") in attribution.SOURCE_NOUNS


def _reported(analysis_text: str, sentence: dict, cue: re.Match, before_cue, after_cue):
    """Reported speech at a cue outside quotation marks: (start, end, speaker) of what is
    attributed, or None. "X said (that) …": what follows the cue; "…, X said." and "…,
    said X.": what precedes the comma; "according to X, …" / "…, according to X": the rest
    of the sentence."""
    s_start, s_end = sentence["start"], sentence["end"]

    def span(a: int, b: int, *, min_words: int = 2) -> tuple[int, int] | None:
        piece = analysis_text[a:b]
        lead = len(piece) - len(piece.lstrip(" ,:;\"“”'‘’"))
        piece = piece.strip(" ,:;\"“”'‘’")
        piece = piece[:-1] if piece.endswith((".", "!", "?")) else piece
        m = re.match(r"(?:(?:that|to reporters|in a statement|on \w+day)\b[ ,]*)+", piece)
        skip = m.end() if m else 0
        a = a + lead + skip
        b = a + len(piece) - skip
        return (a, b) if text.count_words(analysis_text[a:b]) >= min_words else None

    word_before = re.search(r"(\S)\s*$", analysis_text[s_start:cue.start()])
    comma_before = bool(word_before) and word_before.group(1) == ","
    if cue.group().casefold().startswith("according"):
        sp = after_cue(cue, s_end)
        if sp is None:
            return None
        head = span(s_start, cue.start())
        found = head or span(sp.end, s_end)
        return (*found, sp) if found else None
    sp = before_cue(s_start, cue)
    if comma_before and (sp is None or sp.kind not in ("person", "organisation")):
        # "…, said Sen. John Smith." (not "Smith, a senator, said …")
        sp = after_cue(cue, s_end)
        found = span(s_start, cue.start()) if sp else None
        return (*found, sp) if found else None
    if sp is None:
        return None
    tail = analysis_text[cue.end():s_end]
    comma = analysis_text.rfind(",", s_start, sp.start)
    if text.count_words(tail) <= 4 and comma > s_start \
            and not analysis_text[comma + 1:sp.start].strip():  # "…, he said on Monday."
        found = span(s_start, comma, min_words=1)  # "Sorry, Sanders said."
    else:
        found = span(cue.end(), s_end)
    return (*found, sp) if found else None


def direct_quotations(quotes: pd.DataFrame) -> pd.DataFrame:
    """The rows of quotes.csv that are direct quotations (all rows of a table written
    before reported speech had its ``attribution`` column)."""
    if "attribution" not in quotes:
        return quotes
    return quotes[quotes.attribution == "direct"]


def speech(quotes: pd.DataFrame) -> pd.DataFrame:
    """The rows of quotes.csv that report speech: direct quotations, and reported
    attributions whose cue is a verb of speech (cue_kind ``speech``; all reported rows of
    a table written before cue_kind existed). Attributions of thought, stance and action
    are left out."""
    if "cue_kind" not in quotes:
        return quotes
    return quotes[(quotes.attribution == "direct") | (quotes.cue_kind == "speech")]


# the kinds of a reported attribution (quotes.csv cue_kind): the cue kinds, and action
CUE_KINDS = [*attribution.CUE_KINDS, "action"]


def attributions_by_kind(quotes: pd.DataFrame) -> pd.DataFrame:
    """What each outlet attributes to its sources: one row per (outlet, kind) with n and
    share of the outlet's attributions; kind is ``direct`` (quotations) or the cue_kind
    of a reported attribution (speech, thought, stance, action)."""
    columns = ["outlet", "kind", "n", "share"]
    if quotes.empty or "cue_kind" not in quotes:
        return pd.DataFrame(columns=columns)
    kind = quotes.cue_kind.where(quotes.attribution == "reported", "direct").replace("", "speech")
    order = {k: i for i, k in enumerate(["direct", *CUE_KINDS])}
    out = (quotes.assign(kind=kind).groupby(["outlet", "kind"], sort=False).size().rename("n")
           .reset_index())
    out["share"] = (out.n / out.groupby("outlet").n.transform("sum")).round(4)
    outlets = outlet_rank(quotes.outlet)
    return (out.assign(_o=out.outlet.map(outlets), _k=out.kind.map(order))
            .sort_values(["_o", "_k"], kind="stable")[columns].reset_index(drop=True))


def speakers_by_kind(quotes: pd.DataFrame) -> pd.DataFrame:
    """Who speaks, by kind: one row per (outlet, attribution, speaker_kind) with n, the
    attributions of that kind, and share, of the outlet's attributions of that type;
    speaker_kind "unresolved" where the text does not say who. Direct quotations and
    reported speech (:func:`speech`) only."""
    columns = ["outlet", "attribution", "speaker_kind", "n", "share"]
    if quotes.empty or "attribution" not in quotes:
        return pd.DataFrame(columns=columns)
    quotes = speech(quotes)
    kind = quotes.speaker_kind.fillna("").astype(str).replace("", "unresolved")
    out = (quotes.assign(speaker_kind=kind).groupby(["outlet", "attribution", "speaker_kind"], sort=False)
           .size().rename("n").reset_index())
    out["share"] = (out.n / out.groupby(["outlet", "attribution"]).n.transform("sum")).round(4)
    return out[columns]


def voices(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Who speaks in each outlet: one row per (outlet, speaker) with n_quotes, n_words
    (quoted words) and share_of_words (of the outlet's analysis-text words). Speakers are
    counted by speaker_canonical where it is set: ``speaker_entity`` is the registry id for
    a registry speaker, the canonical name (speaker_canonical, already corpus-wide in the
    tables: analysis.pipeline.tables renames it with the mentions) for one found without the
    registry ("Jeff Weaver"), and "unresolved" for the rest."""
    quotes = direct_quotations(quotes)
    words = articles.groupby("outlet").n_words_clean.sum()
    columns = ["outlet", "speaker_entity", "n_quotes", "n_words", "share_of_words"]
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    canonical = (quotes.speaker_canonical.fillna("").astype(str) if "speaker_canonical" in quotes
                 else pd.Series("", index=quotes.index))  # quotes.csv of an older version
    registered = ~quotes.speaker_entity.isin(["", "unresolved"])
    key = quotes.speaker_entity.where(registered | (canonical == ""), canonical)
    out = (quotes.assign(speaker_entity=key).groupby(["outlet", "speaker_entity"], sort=False)
           .agg(n_quotes=("n_words", "size"), n_words=("n_words", "sum")).reset_index())
    out["share_of_words"] = (out.n_words / out.outlet.map(words)).round(4)
    return out.sort_values(["outlet", "n_words"], ascending=[True, False], kind="stable",
                           key=lambda c: c.map(outlet_rank(articles.outlet))
                           if c.name == "outlet" else c).reset_index(drop=True)


OTHER_SPEAKERS = "others"


def top_voices(voices_table: pd.DataFrame, outlets, *, max_speakers: int = 8) -> pd.DataFrame:
    """Quoted words per (outlet, speaker) among ``outlets`` (from :func:`voices`): the
    ``max_speakers`` speakers with the most quoted words in these outlets keep their
    entity, the rest are pooled as :data:`OTHER_SPEAKERS`; "unresolved" stays apart. One
    row per outlet of ``outlets`` (in that order) and speaker it quotes, with
    ``speaker_rank``: 0 for the most quoted speaker, then others, then unresolved (the
    order of a stacked bar)."""
    v = voices_table[voices_table.outlet.isin(list(outlets))]
    ranked = [s for s in v.groupby("speaker_entity").n_words.sum().sort_values(
        ascending=False, kind="stable").index if s != "unresolved"]
    keep = ranked[:max_speakers]
    speakers = keep + [OTHER_SPEAKERS, "unresolved"]
    pooled = v.assign(speaker_entity=[s if s in keep or s == "unresolved" else OTHER_SPEAKERS
                                      for s in v.speaker_entity])
    out = pooled.groupby(["outlet", "speaker_entity"], sort=False).n_words.sum().reset_index()
    out["speaker_rank"] = out.speaker_entity.map({s: i for i, s in enumerate(speakers)})
    order = outlet_rank(list(outlets))
    return out.sort_values(["outlet", "speaker_rank"], kind="stable",
                           key=lambda c: c.map(order) if c.name == "outlet" else c).reset_index(drop=True)


def quoted_share(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: quoted words (of direct quotations) and their share of the analysis
    text's words."""
    q = direct_quotations(quotes).groupby("article_id").n_words.sum()
    out = articles[["article_id", "outlet", "n_words_clean"]].copy()
    out["n_words_quoted"] = out.article_id.map(q).fillna(0).astype(int)
    out["share_quoted"] = (out.n_words_quoted / out.n_words_clean).round(4)
    return out


def reporting_verbs(quotes: pd.DataFrame) -> pd.DataFrame:
    """Reporting verbs of direct quotations per outlet: one row per (outlet, verb) with n."""
    quotes = direct_quotations(quotes)
    q = quotes[quotes.verb != ""]
    return q.groupby(["outlet", "verb"], sort=False).size().rename("n").reset_index()


# ----------------------------------------------------------------------------- shared copy

def _words(sentence: str) -> list[str]:
    return wordchoice.normalize_sentence(sentence).split()


def _shingle_hash(shingle: str) -> int:
    """A 64-bit hash of a shingle that is the same in every process and on every machine
    (Python's ``hash`` of text changes with each interpreter), so that shingles hashed by
    the per-article workers meet in one index."""
    import hashlib

    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little", signed=True)


def _shingles(words: list[str]) -> list[int]:
    if len(words) < MIN_WORDS_TO_MATCH:
        return []
    return sorted({_shingle_hash(" ".join(words[k:k + SHINGLE]))
                   for k in range(max(1, len(words) - SHINGLE + 1))})


def sentence_key(sentence: str) -> int:
    """A 64-bit hash of a sentence's normalised words (the same in every process): two
    sentences with the same key are verbatim copies (similarity 1.0)."""
    return _shingle_hash("\x1f".join(_words(sentence)))


def sentence_fingerprint(sentence: str) -> tuple[list[int], int]:
    """:func:`sentence_shingles` and :func:`sentence_key` of a sentence (the key 0 for a
    sentence without shingles, which is never matched), its words normalised once."""
    words = _words(sentence)
    shingles = _shingles(words)
    return shingles, _shingle_hash("\x1f".join(words)) if shingles else 0


def sentence_shingles(sentence: str) -> list[int]:
    """The distinct SHINGLE-word shingles of a sentence's normalised words
    (:func:`analysis.measures.wordchoice.normalize_sentence`), hashed (:func:`_shingle_hash`) and
    sorted; none for a sentence of fewer than MIN_WORDS_TO_MATCH words. Computed article
    by article (:func:`analysis.pipeline.tables.process_article`); :class:`ShinglePostings`
    merges them."""
    return _shingles(_words(sentence))


class ShinglePostings:
    """The shingles of every sentence of a corpus, merged from those of its articles
    (:func:`sentence_shingles`) added in corpus order: numeric arrays (a shingle's hash
    and its sentence, each sentence's article and number of shingles), not text.
    :meth:`align` gives :func:`align_sentences`'s table, reading the words of only the
    sentences that have a candidate in another article."""

    def __init__(self):
        self.article_ids: list[str] = []
        self._article: dict[str, int] = {}  # article id -> its position in article_ids
        self._runs: list[int] = []  # the article of each run of sentences added
        self._sentence_ids: list = []  # per run: numpy arrays
        self._hashes: list = []
        self._counts: list = []
        self._keys: list = []  # per run: each sentence's sentence_key (None: not given)
        self._n_words: list = []  # per run: each sentence's words (None: not given)
        self.outlets: dict[int, str] = {}  # article position -> outlet
        self._stored: list | None = None  # per run, after a _compact: shingles kept per sentence
        self._pending = 0  # shingles added since the last _compact
        self.compacted = False

    def add(self, article_id: str, sentence_ids: list[int], shingles: list[list[int]], *,
            keys: list[int] | None = None, n_words: list[int] | None = None,
            outlet: str | None = None) -> None:
        """Add one article's sentences (their ids and shingles, in order; for
        :meth:`reuse`, also their :func:`sentence_key`, words and the article's outlet)."""
        self._runs.append(self._article.setdefault(article_id, len(self._article)))
        if self._runs[-1] == len(self.article_ids):
            self.article_ids.append(article_id)
        import numpy as np

        self._keys.append(None if keys is None else np.asarray(keys, dtype=np.int64).reshape(-1))
        self._n_words.append(None if n_words is None else np.asarray(n_words, dtype=np.int64).reshape(-1))
        if outlet is not None:
            self.outlets.setdefault(self._runs[-1], outlet)

        # numeric arrays, 8 bytes a value (a list of Python ints would take 40)
        self._sentence_ids.append(np.asarray(sentence_ids, dtype=np.int64))
        self._counts.append(np.fromiter(map(len, shingles), dtype=np.int64, count=len(shingles)))
        self._hashes.append(np.fromiter((h for s in shingles for h in s), dtype=np.int64,
                                        count=int(self._counts[-1].sum())))
        self._pending += len(self._hashes[-1])
        if keys is not None and self._pending > COMPACT_EVERY:
            self._compact()

    def _compact(self) -> None:
        """Drop the shingles of the sentences that are verbatim copies of an earlier one
        (the same key): :meth:`reuse` reads only each class's first sentence's. The
        shingles of a corpus of copies then take the room of its distinct sentences."""
        import numpy as np

        self._pending = 0
        if any(k is None for k in self._keys):
            return
        z = np.zeros(0, np.int64)
        lengths = [len(c) for c in self._counts]
        counts = np.concatenate([z, *self._counts])
        kept = np.concatenate([z, *self._stored_counts()])
        keys = np.concatenate([z, *self._keys])
        has = np.flatnonzero(counts > 0)
        _, first = np.unique(keys[has], return_index=True)
        first_copy = np.zeros(len(counts), bool)
        first_copy[has[first]] = True
        new = np.where(first_copy, kept, 0)
        if (new == kept).all():
            return
        hashes = np.concatenate([z, *self._hashes])
        hashes = hashes[np.repeat(first_copy, kept)]
        run_of = np.repeat(np.arange(len(lengths)), lengths)
        per_run = np.bincount(run_of, weights=new, minlength=len(lengths)).astype(np.int64)
        self._hashes = np.split(hashes, np.cumsum(per_run)[:-1])
        self._stored = np.split(new, np.cumsum(lengths)[:-1])
        self.compacted = True

    def _stored_counts(self) -> list:
        """Per run: each sentence's shingles kept in ``_hashes`` (all, until a
        :meth:`_compact` drops a copy's)."""
        if self._stored is None:
            return list(self._counts)
        return self._stored + list(self._counts[len(self._stored):])

    def candidates(self):
        """The pairs (i, j) of sentences (their position in corpus order) in different
        articles where j shares at least MIN_SHARED_SHINGLES of i's shingles, counting
        only the shingles found in at most MAX_POSTING sentences; sorted by i, then j.
        Also each sentence's article (position) and sentence id."""
        import numpy as np

        if self.compacted:
            raise ValueError("the shingles of verbatim copies were dropped (ShinglePostings.reuse reads them)")
        counts = np.concatenate([np.zeros(0, np.int64), *self._counts])
        article = np.repeat(np.asarray(self._runs, dtype=np.int64), [len(a) for a in self._counts])
        sentence_ids = np.concatenate([np.zeros(0, np.int64), *self._sentence_ids])
        hashes = np.concatenate([np.zeros(0, np.int64), *self._hashes])
        owner = np.repeat(np.arange(len(counts)), counts)
        n = max(len(counts), 1)
        order = np.argsort(hashes, kind="stable")
        hashes, owner = hashes[order], owner[order]
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if len(hashes) else np.zeros(0, int)
        sizes = np.diff(np.r_[starts, len(hashes)])
        keys = [np.zeros(0, np.int64)]
        for size in np.unique(sizes[(sizes >= 2) & (sizes <= MAX_POSTING)]):
            first, second = np.triu_indices(size, 1)
            group_starts = starts[sizes == size]
            step = max(1, 4_000_000 // len(first))  # postings per block: bounded memory
            for b in range(0, len(group_starts), step):
                members = owner[group_starts[b:b + step, None] + np.arange(size)]
                lo, hi = members[:, first].ravel(), members[:, second].ravel()
                other = article[lo] != article[hi]
                keys.append(np.minimum(lo, hi)[other] * n + np.maximum(lo, hi)[other])
        pairs, shared = np.unique(np.concatenate(keys), return_counts=True)
        lo, hi = pairs // n, pairs % n
        need = np.maximum(1, (MIN_SHARED_SHINGLES * counts).astype(np.int64))
        forward, backward = shared >= need[lo], shared >= need[hi]
        i = np.concatenate([lo[forward], hi[backward]])
        j = np.concatenate([hi[forward], lo[backward]])
        order = np.lexsort((j, i))
        return i[order], j[order], article, sentence_ids

    def align(self, texts_of) -> pd.DataFrame:
        """:func:`align_sentences`'s table. ``texts_of(positions)``: the texts of the
        sentences at those positions (in the order they were added, from 0), as a dict
        position -> text; only the sentences with a candidate are asked for."""
        i, j, article, sentence_ids = self.candidates()
        words = {k: _words(t) for k, t in texts_of(sorted(set(i.tolist()) | set(j.tolist()))).items()}
        import numpy as np

        first, second = i.tolist(), j.tolist()
        ratios = [1.0] * len(first)
        # ratio(a, b) pair by pair, the pairs taken by b: difflib indexes its second
        # sequence, which is kept while b stays the same
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        current = None
        for k in np.argsort(j, kind="stable").tolist():
            a, b = first[k], second[k]
            if words[a] != words[b]:
                if b != current:
                    matcher.set_seq2(words[b])
                    current = b
                matcher.set_seq1(words[a])
                ratios[k] = matcher.ratio()
        best: dict[tuple[int, int], tuple[float, int]] = {}
        for a, b, ratio in zip(first, second, ratios):  # in sentence order: ties go to the first
            key = (a, int(article[b]))
            if key not in best or ratio > best[key][0]:
                best[key] = (ratio, b)
        ids = self.article_ids
        rows = [{"article_id": ids[article[a]], "sentence_id": int(sentence_ids[a]),
                 "other_article": ids[other], "other_sentence": int(sentence_ids[b]),
                 "similarity": round(r, 4)}
                for (a, other), (r, b) in best.items()]
        return pd.DataFrame(rows, columns=["article_id", "sentence_id", "other_article",
                                           "other_sentence", "similarity"])


    def reuse(self, texts_of) -> "Reuse":
        """The shared-copy tables without the alignment table (one row per sentence and
        other article, which grows with the square of the copies of a text: an article
        carried by 24 outlets has 23 rows per sentence): :class:`Reuse`, equal to
        :func:`reuse_pairs` and :func:`best_matches` of :meth:`align`'s table. Needs the
        sentences' keys, words and outlets (:meth:`add`).

        Verbatim copies (the same :func:`sentence_key`) are one class: candidates and
        difflib ratios are found between classes, with what decides them counted in
        sentences as :meth:`candidates` counts them (a shingle found in more than
        MAX_POSTING sentences is left out; a class pairs with itself across articles),
        so the work grows with the distinct sentences, not with their copies."""
        import numpy as np

        if any(k is None for k in self._keys) or any(n is None for n in self._n_words):
            raise ValueError("ShinglePostings.reuse needs each sentence's key and words (add(keys=, n_words=))")
        z = np.zeros(0, np.int64)
        counts = np.concatenate([z, *self._counts])
        article = np.repeat(np.asarray(self._runs, dtype=np.int64), [len(a) for a in self._counts])
        hashes = np.concatenate([z, *self._hashes])
        keys = np.concatenate([z, *self._keys])
        n_words = np.concatenate([z, *self._n_words])
        n = len(counts)
        # classes of verbatim copies among the sentences with shingles
        members = np.flatnonzero(counts > 0)
        _, first, cls_of = np.unique(keys[members], return_index=True, return_inverse=True)
        cls_of = cls_of.reshape(-1)
        n_cls = len(first)
        cls = np.full(n, -1, np.int64)
        cls[members] = cls_of
        rep = members[first]  # each class's first sentence
        size = np.bincount(cls_of, minlength=n_cls)
        rep_counts = counts[rep]
        offsets = np.r_[0, np.cumsum(np.concatenate([z, *self._stored_counts()]))]
        within = np.arange(int(rep_counts.sum())) - np.repeat(np.cumsum(rep_counts) - rep_counts, rep_counts)
        rep_hash = hashes[np.repeat(offsets[rep], rep_counts) + within]
        owner = np.repeat(np.arange(n_cls), rep_counts)
        order = np.argsort(rep_hash, kind="stable")
        rep_hash, owner = rep_hash[order], owner[order]
        starts = np.flatnonzero(np.r_[True, rep_hash[1:] != rep_hash[:-1]]) if len(rep_hash) else z
        n_classes = np.diff(np.r_[starts, len(rep_hash)])
        n_sentences = np.add.reduceat(size[owner], starts) if len(starts) else z
        kept = (n_sentences >= 2) & (n_sentences <= MAX_POSTING)
        own_shared = np.bincount(owner[np.repeat(kept, n_classes)], minlength=n_cls)
        pair_keys = [z]
        use = kept & (n_classes >= 2)
        for k in np.unique(n_classes[use]):
            one, two = np.triu_indices(k, 1)
            group_starts = starts[use & (n_classes == k)]
            step = max(1, 4_000_000 // len(one))
            for b in range(0, len(group_starts), step):
                m = owner[group_starts[b:b + step, None] + np.arange(k)]
                lo, hi = m[:, one].ravel(), m[:, two].ravel()
                pair_keys.append(np.minimum(lo, hi) * n_cls + np.maximum(lo, hi))
        pairs, shared = np.unique(np.concatenate(pair_keys), return_counts=True)
        lo, hi = pairs // max(n_cls, 1), pairs % max(n_cls, 1)
        need = np.maximum(1, (MIN_SHARED_SHINGLES * rep_counts).astype(np.int64))
        forward, backward = shared >= need[lo], shared >= need[hi]
        itself = np.flatnonzero((size >= 2) & (own_shared >= need))
        src = np.concatenate([lo[forward], hi[backward], itself])
        dst = np.concatenate([hi[forward], lo[backward], itself])
        # difflib's ratio of each ordered pair of classes (a verbatim copy: 1.0)
        wanted = sorted(set(rep[src].tolist()) | set(rep[dst].tolist()))
        words = {k: _words(t) for k, t in texts_of(wanted).items()}
        ratio = np.ones(len(src))
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        current = None
        for k in np.lexsort((src, dst)).tolist():
            a, b = int(rep[src[k]]), int(rep[dst[k]])
            if src[k] != dst[k] and words[a] != words[b]:
                if b != current:
                    matcher.set_seq2(words[b])
                    current = b
                matcher.set_seq1(words[a])
                ratio[k] = matcher.ratio()
        return Reuse(self, cls, size, src, dst, ratio, article, n_words,
                     np.concatenate([z, *self._sentence_ids]).astype(np.int64))


@dataclass
class Reuse:
    """What :meth:`ShinglePostings.reuse` found: each sentence's class of verbatim copies
    (``cls``, -1 for a sentence without shingles) and the candidate class pairs
    (``src`` -> ``dst``) with their difflib ratio; :attr:`pairs` is
    :func:`reuse_pairs`' table, :meth:`best` :func:`best_matches`' rows."""
    postings: "ShinglePostings"
    cls: "np.ndarray"
    size: "np.ndarray"
    src: "np.ndarray"
    dst: "np.ndarray"
    ratio: "np.ndarray"
    article: "np.ndarray"
    n_words: "np.ndarray"
    sentence_ids: "np.ndarray"

    def __post_init__(self):
        import numpy as np

        order = np.argsort(self.cls, kind="stable")  # each class's sentences, in corpus order
        self._members = order[np.searchsorted(self.cls[order], 0):]
        self._cls_start = np.searchsorted(self.cls[self._members], np.arange(len(self.size) + 1))
        by = np.argsort(self.src, kind="stable")
        self._cand = by
        self._cand_start = np.searchsorted(self.src[by], np.arange(len(self.size) + 1))
        ids = self.postings.article_ids
        text_rank = np.empty(len(ids), np.int64)
        text_rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(len(ids))
        self._text_rank = text_rank
        self._best = self._find_best()

    def members(self, c: int):
        return self._members[self._cls_start[c]:self._cls_start[c + 1]]

    def _candidates(self, c: int):
        """Class ``c``'s candidate sentences with their ratio, each once per class pair."""
        import numpy as np

        ks = self._cand[self._cand_start[c]:self._cand_start[c + 1]]
        if not len(ks):
            return np.zeros(0, np.int64), np.zeros(0)
        parts = [self.members(int(self.dst[k])) for k in ks.tolist()]
        return np.concatenate(parts), np.repeat(self.ratio[ks], [len(p) for p in parts])

    def _find_best(self):
        """Per sentence: the other article and sentence of its best match and the
        similarity (-1 where it has none): the highest rounded similarity, then the
        first other article in text order; in that article the highest ratio, then the
        first sentence."""
        import numpy as np

        n = len(self.cls)
        other = np.full(n, -1, np.int64)
        similarity = np.zeros(n)
        for c in np.unique(self.src).tolist():
            cand, r = self._candidates(c)
            rounded = np.round(r, 4)
            # rounded similarity (high first), the other article's id (text order), ratio
            # (high first), position (first)
            order = np.lexsort((cand, -r, self._text_rank[self.article[cand]], -rounded))
            cand, rounded, arts = cand[order], rounded[order], self.article[cand[order]]
            for a in self.members(c).tolist():
                mine = arts != self.article[a]
                if mine.any():
                    k = int(np.argmax(mine))
                    other[a], similarity[a] = cand[k], rounded[k]
        return other, similarity

    def best(self, start: int = 0, stop: int | None = None) -> pd.DataFrame:
        """:func:`best_matches` of the alignment, for the sentences at positions
        ``start`` to ``stop`` (in corpus order)."""
        import numpy as np

        other, similarity = self._best
        stop = len(other) if stop is None else stop
        at = start + np.flatnonzero(other[start:stop] >= 0)
        ids = np.asarray(self.postings.article_ids, dtype=object)
        b = other[at]
        return pd.DataFrame({"article_id": ids[self.article[at]], "sentence_id": self.sentence_ids[at],
                             "other_article": ids[self.article[b]], "other_sentence": self.sentence_ids[b],
                             "similarity": similarity[at]})

    @property
    def pairs(self) -> pd.DataFrame:
        """:func:`reuse_pairs`' table: per ordered pair of articles (a, b), the words of
        a's sentences whose best match in b has a similarity of at least SHARED_WITH_EDITS."""
        import numpy as np

        columns = ["article_a", "outlet_a", "article_b", "outlet_b", "n_words_a", "n_words_shared",
                   "share_shared"]
        # the articles each class's sentences are shared with (their matches reaching
        # SHARED_WITH_EDITS), then the words of those sentences by article, summed over
        # the classes shared with the same articles
        strong = np.round(self.ratio, 4) >= SHARED_WITH_EDITS
        targets: dict[int, set] = {}
        for c, d in zip(self.src[strong].tolist(), self.dst[strong].tolist()):
            targets.setdefault(c, set()).update(self.article[self.members(d)].tolist())
        signature: dict[tuple, int] = {}
        sig_of = np.full(len(self.size), -1, np.int64)
        for c, arts in targets.items():
            sig_of[c] = signature.setdefault(tuple(sorted(arts)), len(signature))
        at = np.flatnonzero(self.cls >= 0)
        at = at[sig_of[self.cls[at]] >= 0]
        n_art = max(len(self.postings.article_ids), 1)
        key = sig_of[self.cls[at]] * n_art + self.article[at]
        uniq, inverse = np.unique(key, return_inverse=True)
        weight = np.bincount(inverse.reshape(-1), weights=self.n_words[at], minlength=len(uniq))
        sigs = [np.asarray(arts, dtype=np.int64) for arts in signature]
        firsts, seconds, weights = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0)]
        for k, w in zip(uniq.tolist(), weight.tolist()):  # the words of article a shared with each x
            x = sigs[k // n_art]
            firsts.append(np.full(len(x), k % n_art, np.int64))
            seconds.append(x)
            weights.append(np.full(len(x), w))
        a, x, w = np.concatenate(firsts), np.concatenate(seconds), np.concatenate(weights)
        other = a != x
        pair, inverse = np.unique(a[other] * n_art + x[other], return_inverse=True)
        if not len(pair):
            return pd.DataFrame(columns=columns)
        words = np.bincount(inverse.reshape(-1), weights=w[other], minlength=len(pair)).astype(np.int64)
        a, x = pair // n_art, pair % n_art
        totals = np.bincount(self.article, weights=self.n_words, minlength=n_art).astype(np.int64)
        ids = np.asarray(self.postings.article_ids, dtype=object)
        outlets = np.asarray([self.postings.outlets.get(k) for k in range(len(ids))], dtype=object)
        out = pd.DataFrame({"article_a": ids[a], "outlet_a": outlets[a], "article_b": ids[x],
                            "outlet_b": outlets[x], "n_words_a": totals[a], "n_words_shared": words})
        out["share_shared"] = (out.n_words_shared / out.n_words_a).round(4)
        return out[columns]


def align_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """For every sentence, its most similar sentence in each other article (difflib's
    SequenceMatcher ratio on the normalised word sequences; candidates are the sentences
    sharing at least MIN_SHARED_SHINGLES of its three-word shingles, found through an
    inverted index that ignores shingles common to more than MAX_POSTING sentences, so
    the work grows with the overlap, not the corpus squared). Returns one row per
    (sentence, other article with a candidate): article_id, sentence_id, other_article,
    other_sentence, similarity. The shingles of each article are merged in
    :class:`ShinglePostings`, as the corpus-wide tables merge those computed article by
    article."""
    texts = sentences.text.tolist()
    postings = ShinglePostings()
    aids, sids = sentences.article_id.tolist(), sentences.sentence_id.tolist()
    for start, stop in _article_runs(aids):
        postings.add(aids[start], sids[start:stop], [sentence_shingles(t) for t in texts[start:stop]])
    return postings.align(lambda positions: {p: texts[p] for p in positions})


def _article_runs(article_ids: list[str]) -> Iterator[tuple[int, int]]:
    """(start, stop) of each run of one article's rows in a sentence table."""
    start = 0
    for k in range(1, len(article_ids) + 1):
        if k == len(article_ids) or article_ids[k] != article_ids[start]:
            yield start, k
            start = k


def sentence_postings(sentences: pd.DataFrame) -> ShinglePostings:
    """The :class:`ShinglePostings` of a sentence table (article_id, outlet, sentence_id,
    n_words, text), with what :meth:`ShinglePostings.reuse` needs."""
    texts = sentences.text.tolist()
    postings = ShinglePostings()
    aids, sids = sentences.article_id.tolist(), sentences.sentence_id.tolist()
    outlets, words = sentences.outlet.tolist(), sentences.n_words.tolist()
    for start, stop in _article_runs(aids):
        found = [sentence_fingerprint(t) for t in texts[start:stop]]
        postings.add(aids[start], sids[start:stop], [f[0] for f in found], keys=[f[1] for f in found],
                     n_words=words[start:stop], outlet=outlets[start])
    return postings


def best_matches(alignment: pd.DataFrame) -> pd.DataFrame:
    """Each aligned sentence's best match (highest similarity, then first other article)."""
    return (alignment.sort_values(["similarity", "other_article"], ascending=[False, True], kind="stable")
            .drop_duplicates(["article_id", "sentence_id"]))


def reuse_sentences(sentences: pd.DataFrame, alignment: pd.DataFrame, *,
                    best: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each sentence's status: "shared verbatim" (identical after normalisation to a
    sentence of another article), "shared with edits" (similarity >= SHARED_WITH_EDITS)
    or "own", with its best match. One row per sentence. ``best``: the alignment's
    :func:`best_matches`, when already found (a table made in chunks of sentences)."""
    top = best_matches(alignment) if best is None else best
    out = sentences[["article_id", "outlet", "sentence_id", "n_words", "text"]].merge(
        top, on=["article_id", "sentence_id"], how="left")
    out["similarity"] = pd.to_numeric(out.similarity, errors="coerce").fillna(0.0)
    out["status"] = ["shared verbatim" if s >= 1.0 else "shared with edits" if s >= SHARED_WITH_EDITS
                     else "own" for s in out.similarity]
    shared = out.status != "own"
    out["best_match_article"] = out.other_article.where(shared, "").fillna("")
    out["best_match_sentence"] = out.other_sentence.where(shared).astype("Int64")
    return out[["article_id", "outlet", "sentence_id", "status", "best_match_article",
                "best_match_sentence", "similarity", "n_words", "text"]]


def reuse_pairs(sentences: pd.DataFrame, alignment: pd.DataFrame) -> pd.DataFrame:
    """Per ordered pair of articles (a, b) that share text: the share of a's words in
    sentences that b also carries (similarity >= SHARED_WITH_EDITS). Pairs that share
    nothing are left out (a corpus of n articles has n² pairs)."""
    columns = ["article_a", "outlet_a", "article_b", "outlet_b", "n_words_a", "n_words_shared",
               "share_shared"]
    words = sentences.set_index(["article_id", "sentence_id"]).n_words
    totals = sentences.groupby("article_id").n_words.sum()
    outlet = sentences.drop_duplicates("article_id").set_index("article_id").outlet
    shared = alignment[alignment.similarity >= SHARED_WITH_EDITS]
    if shared.empty:
        return pd.DataFrame(columns=columns)
    n = shared.assign(n=words.reindex(pd.MultiIndex.from_frame(shared[["article_id", "sentence_id"]])).to_numpy()) \
        .groupby(["article_id", "other_article"], sort=False).n.sum().reset_index()
    out = pd.DataFrame({"article_a": n.article_id, "outlet_a": n.article_id.map(outlet),
                        "article_b": n.other_article, "outlet_b": n.other_article.map(outlet),
                        "n_words_a": n.article_id.map(totals).astype(int),
                        "n_words_shared": n.n.astype(int)})
    out["share_shared"] = (out.n_words_shared / out.n_words_a).round(4)
    rank = {a: i for i, a in enumerate(dict.fromkeys(sentences.article_id))}
    return out.sort_values(["article_a", "article_b"], key=lambda c: c.map(rank),
                           kind="stable").reset_index(drop=True)[columns]


def outlet_reuse(pairs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Shared copy between outlets, from the article pairs of :func:`reuse_pairs`
    (pairs not listed share nothing) and ``articles`` (article_id, outlet, in corpus
    order): one row per ordered pair of outlets (a, b), b = a included, with n_articles_a
    and share_shared, the mean over a's articles of the largest share of the article's
    words in sentences one article of b (another article, when b = a) also carries. With
    one article per outlet this is the share of that article the other outlet's carries.
    Every pair of outlets is listed (0.0: nothing shared), the corpus order kept."""
    order = outlet_order(articles.outlet)
    n = articles.groupby("outlet").article_id.nunique()
    if len(pairs):
        best = pairs.groupby(["article_a", "outlet_a", "outlet_b"], sort=False).share_shared.max()
        total = best.groupby(level=["outlet_a", "outlet_b"]).sum()
    else:
        total = pd.Series(dtype=float)
    n, total = n.to_dict(), total.to_dict()  # (a look-up per pair of outlets)
    rows = [{"outlet_a": a, "outlet_b": b, "n_articles_a": int(n[a]),
             "share_shared": round(float(total.get((a, b), 0.0)) / int(n[a]), 4)}
            for a in order for b in order]
    return pd.DataFrame(rows, columns=["outlet_a", "outlet_b", "n_articles_a", "share_shared"])


def own_share(reuse: pd.DataFrame) -> pd.DataFrame:
    """Per article: words in its own sentences and their share of its words."""
    g = reuse.assign(own=reuse.n_words.where(reuse.status == "own", 0)).groupby(
        ["article_id", "outlet"], sort=False)
    out = g.agg(n_words=("n_words", "sum"), n_words_own=("own", "sum")).reset_index()
    out["share_own"] = (out.n_words_own / out.n_words).round(4)
    return out


def own_text_by_outlet(reuse: pd.DataFrame) -> pd.DataFrame:
    """Per outlet with words (the index): n_words, n_words_own and share_own, summed over
    its articles (:func:`own_share` is per article)."""
    own = own_share(reuse).groupby("outlet")[["n_words", "n_words_own"]].sum()
    own = own[own.n_words > 0]
    return own.assign(share_own=own.n_words_own / own.n_words)


def word_diff(a: str, b: str) -> str:
    """Word-by-word difference of two sentences: [-removed-] and {+added+} (a to b)."""
    wa, wb = a.split(), b.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(wa[i1:i2])
        if op in ("replace", "delete"):
            out.append("[-" + " ".join(wa[i1:i2]) + "-]")
        if op in ("replace", "insert"):
            out.append("{+" + " ".join(wb[j1:j2]) + "+}")
    return " ".join(out)


def shared_quotations(quotes: pd.DataFrame, *, min_outlets: int = 2) -> pd.DataFrame:
    """Quotations that several outlets carry: quotations are grouped when their normalised
    words are at least SHARED_WITH_EDITS similar; one row per quotation of each group
    carried by at least ``min_outlets`` outlets, with group (largest first), outlet,
    speaker_entity, quote and diff (word by word against the group's first version)."""
    columns = ["group", "outlet", "article_id", "speaker_entity", "quote", "diff"]
    quotes = direct_quotations(quotes)
    q = quotes[quotes.n_words >= MIN_WORDS_TO_MATCH].reset_index(drop=True)
    words = [_words(t) for t in q.quote]
    groups: list[list[int]] = []
    # a quotation joins the first group whose first version it matches; only groups whose
    # first version shares a three-word shingle with it are compared (two word sequences
    # 0.8 alike share one), so the work grows with the overlap, not the quotations squared
    heads: dict[int, list[int]] = defaultdict(list)  # shingle -> groups whose first version has it
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for i, w in enumerate(words):
        sh = {hash(tuple(w[k:k + SHINGLE])) for k in range(max(1, len(w) - SHINGLE + 1))}
        candidates = sorted({g for k in sh for g in heads.get(k, ())})
        indexed = False  # difflib keeps its index of the second sequence between calls
        for g in candidates:
            head = words[groups[g][0]]
            # upper bounds of ratio, cheapest first: a pair that fails one cannot match.
            # 2 * min / (sum of lengths); then 2 * the longest common subsequence / (sum of
            # lengths) (rapidfuzz's Indel distance is the sum less twice that length), at
            # least difflib's matched words, whose blocks are a common subsequence
            total = len(head) + len(w)
            if total and 2.0 * min(len(head), len(w)) / total < SHARED_WITH_EDITS:
                continue
            if total and (total - Indel.distance(head, w)) / total < SHARED_WITH_EDITS:
                continue
            if not indexed:
                matcher.set_seq2(w)
                indexed = True
            matcher.set_seq1(head)
            if matcher.ratio() >= SHARED_WITH_EDITS:
                groups[g].append(i)
                break
        else:
            for k in sh:
                heads[k].append(len(groups))
            groups.append([i])
    outlet, article, speaker, quote = (q[c].tolist() for c in ("outlet", "article_id", "speaker_entity", "quote"))
    n_outlets = {g[0]: len({outlet[i] for i in g}) for g in groups}
    groups = [g for g in groups if n_outlets[g[0]] >= min_outlets]
    groups.sort(key=lambda g: (-n_outlets[g[0]], g[0]))
    rows = []
    for n, g in enumerate(groups, start=1):
        first = quote[g[0]]
        for i in g:
            rows.append({"group": n, "outlet": outlet[i], "article_id": article[i],
                         "speaker_entity": speaker[i], "quote": quote[i],
                         "diff": word_diff(first, quote[i]) if i != g[0] else quote[i]})
    return pd.DataFrame(rows, columns=columns)
