"""Quotations and who said them: the direct quotations of one article, its reported speech
and its attributions of thought, stance and action, each with its speaker and cue.

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

import re
from bisect import bisect_left, bisect_right
from itertools import islice

from analysis.language import text
from analysis.people import appositions, attribution, name_lists
from analysis.people.registry import Registry, find_references
from analysis.people.speakers import DESCRIPTION, Speakers, modifies_role, pick_speaker

_NONSPACE = re.compile(r"\S+")
AFTER_WINDOW_WORDS = 12  # how far after a quotation its attribution may be
SPLIT_QUOTE_MAX_WORDS = 8  # at most this many words between the parts of a split quotation
MAX_APPOSITIONS = 4  # a speaker's name, then at most this many appositions before its verb

QUOTE_COLUMNS = ["article_id", "outlet", "sentence_id", "quote", "n_words", "speaker",
                 "speaker_entity", "speaker_canonical", "speaker_kind", "attribution", "verb",
                 "cue_kind", "start", "end"]
# A document speaker that stands for its issuer, and the verbs that issue one
_STATEMENT = re.compile(r"\bstatements?\b", re.IGNORECASE)
_ISSUED = re.compile(r"\b(?:issued|released|put out|sent out|posted|said in)(?=\s+(?:a|an|the|its|his|her|their)"
                     r"(?:\s+\w+)?\s+statement\b)")
ISSUER_WINDOW = 600
# an embedded post: its words, then " — Name (@handle) Month D, YYYY" closing the paragraph
_POST = re.compile(r"(?m)^(?P<text>[^\n]{2,600}?)\s+[—–-]\s+(?P<author>[^()@\n—–]{2,60}?)\s+\(\s*@\s*\w{1,30}\s*\)"
                   r"\s+[A-Z][a-z]{2,8}\.? \d{1,2}\s*,\s*\d{4}$")
# Pronouns that may be the subject of an attribution of action
ACTION_PRONOUNS = frozenset({"he", "she", "they"})
# a sentence opening with a name and a colon: up to six capitalised words ("Poll:",
# "Marco Rubio:", "CNN President On Trump:"), after an optional "EXCLUSIVE –"
_COLON_LEAD = re.compile(r"\s*(?:[A-Z]{3,}\s+[–—-]\s+)?((?:[A-Z][\w.'’-]*\s+(?:[a-z]{2,3}\s+)?){0,5}"
                         r"[A-Z][\w.'’-]*):\s+(\S)")
_RELATIVE = re.compile(r"(?<=\w )(?:who|which)\b")
class _Attributions:
    """The attributions of one article as :func:`find_quotations` finds them: the article's
    text, sentences, direct quotations and candidate speakers, the rows found so far, and
    one method per kind of attribution (the numbered rules of the module docstring)."""

    def __init__(self, analysis_text: str, sentences: list[dict], mentions: list[dict],
                 registry: Registry, quotes: list[dict] | None, people: list[dict] | None,
                 lists: name_lists.NameLists):
        self.analysis_text, self.lists = analysis_text, lists
        self.rules = attribution.rules_for(lists)
        quotes = text.find_quotes(analysis_text) if quotes is None else quotes
        self.index = text.SentenceIndex(sentences)
        self.speakers = Speakers(analysis_text, mentions, find_references(analysis_text, registry),
                                  registry, people, lists=lists)
        self.direct = [q for q in quotes if q["kind"] == "quote" and self.index.at(q["start"]) is not None]
        self.direct_starts = [q["start"] for q in self.direct]
        self.inside = text.SpanIndex(quotes)  # inside a direct quotation (not a scare quote)
        self.used_cues: set[int] = set()
        self.rows: list[dict] = []
        self.pending: list[dict] = []  # direct rows with no attribution in their sentence

    def speaker_of(self, lo: int, hi: int, *, last: bool = True) -> attribution.Speaker:
        speakers = self.speakers
        cands = speakers.before(lo, hi)
        pick = pick_speaker(cands, last=last)
        sp = self.rules.describe(self.analysis_text, lo, hi, [pick] if pick else [],
                                  speakers.resolve)
        role = attribution.title_role(sp.words) if sp.kind == "anonymous" else ""
        titled = speakers.titled(role, lo) if role else None
        if titled:  # "the president said", after "President Barack Obama" in the article
            sp.entity, sp.canonical, sp.kind = titled[0], titled[1], "person"
        elif not sp.entity and DESCRIPTION.match(sp.words):
            described = speakers.by_description(sp.words, lo)
            if described:  # "the Senate minority leader said", after "Senate Minority Leader Chuck Schumer"
                sp.canonical, sp.kind = described, "person"
        return sp

    def apposed_speaker(self, lo: int, cue_start: int) -> attribution.Speaker | None:
        """The person whose name opens a chain of appositions that runs up to the comma
        before the cue ("J.J. Goldberg, editor at large of The Forward, an influential
        newspaper, wrote"; "Harry Bond, 30, of Raleigh, N.C., who was polled, said"), or None."""
        text_ = self.analysis_text
        head = text_[lo:cue_start].rstrip()
        if not head.endswith(","):
            return None
        comma = lo + len(head) - 1
        for c in self.speakers.before(lo, comma):
            if c[4] != "person" or c[5] or not c[3] or c[0] in self.inside:
                continue
            pos = c[0] + len(c[1])
            for _ in range(MAX_APPOSITIONS):
                app = appositions.after(text_, pos, comma + 1, self.lists)
                if app is None:
                    break
                pos = app.end
                if not text_[pos:comma + 1].strip(" ,"):
                    end = c[0] + len(c[1])
                    phrase = self.rules.phrase_before(text_, lo, end)  # with its title
                    start = phrase[0] if phrase and phrase[1] == end and phrase[2] < 0 else c[0]
                    return self.speaker_of(start, end)
        return None

    def before_cue(self, lo: int, cue: re.Match) -> attribution.Speaker | None:
        analysis_text = self.analysis_text
        if not re.match(r"\w+ing\b", cue.group()):
            apposed = self.apposed_speaker(lo, cue.start())
            if apposed is not None:
                return self.rules.for_cue(apposed, cue.group())
        found = self.rules.phrase_before(analysis_text, lo, cue.start())
        if found is None:
            # "Trump thanked the crowd, saying …" (a participle) and "Obama stood beside
            # him and described …" (a second verb): the speaker is the subject, the first
            # person named in the sentence before the cue, or a pronoun opening it
            end = self.rules.ends_coordinated(analysis_text, lo, cue.start())
            if (end == "," and re.match(r"\w+ing\b", cue.group())) or end in ("and", "but"):
                # names inside a quotation are not the subject ("“…Hillary…,” Jealous
                # said, suggesting")
                cands = [c for c in self.speakers.before(lo, cue.start()) if c[0] not in self.inside]
                if end in ("and", "but"):
                    # "When asked whom she supported, Ms. Sherry smiled and said": the
                    # subject is in the clause of the verbs, after the last comma
                    comma = analysis_text.rfind(", ", lo, cue.start())
                    cands = [c for c in cands if c[0] > comma] or cands
                pick = pick_speaker(cands, last=False)
                if pick is not None and pick[3]:
                    return attribution.Speaker(pick[1], pick[0], pick[0] + len(pick[1]), pick[2],
                                               pick[3], pick[4])
                m = re.match(r"\s*(?:[A-Z][\w’']*\s+){0,3}?(He|She|They|We|I)\s", analysis_text[lo:cue.start()])
                if m:
                    return self.speaker_of(lo + m.start(1), lo + m.end(1))
            return None
        a, b, relative = found
        sp = self.rules.for_cue(self.speaker_of(a, b), cue.group())
        if relative >= 0:  # "Clinton, who said": who as written, Clinton as the speaker
            word = re.match(r"\w+", analysis_text[relative:relative + 6]).group()
            sp.words, sp.start, sp.end = word, relative, relative + len(word)
        elif sp.words.casefold() in ("he", "she"):
            self.pronoun_of_reporter(lo, sp)
        return sp

    def pronoun_of_reporter(self, lo: int, sp: attribution.Speaker) -> None:
        """"Lapp said she thinks …", "Benjamin said he believes …": a pronoun right after
        a reporting verb (and "that") is that verb's subject, when it is a person."""
        text_ = self.analysis_text
        outer = [c for c in self.rules.cues(text_, lo, sp.start)
                 if text_[c.end():sp.start].strip(" ,").casefold() in ("", "that")]
        if outer:
            subject = self.before_cue(lo, outer[-1])
            if subject is not None and subject.kind == "person" and subject.canonical \
                    and subject.words.casefold() not in ("he", "she"):
                sp.entity, sp.canonical = subject.entity, subject.canonical

    def after_cue(self, cue: re.Match, hi: int) -> attribution.Speaker | None:
        found = self.rules.phrase_after(self.analysis_text, cue.end(), hi)
        return self.rules.for_cue(self.speaker_of(*found, last=False), cue.group()) if found else None

    def row(self, sentence_id: int, start: int, end: int, sp: attribution.Speaker | None, verb: str,
            kind: str, words: str | None = None, cue_kind: str | None = None) -> dict:
        sp = sp or attribution.Speaker("", start, start)
        words = self.analysis_text[start:end] if words is None else words
        return {"sentence_id": sentence_id, "quote": words, "n_words": text.count_words(words),
                "speaker": sp.words, "speaker_entity": sp.entity or ("" if sp.canonical else "unresolved"),
                "speaker_canonical": sp.canonical, "speaker_kind": sp.kind if sp.canonical else "",
                "attribution": kind, "verb": verb,
                "cue_kind": self.rules.cue_kind.get(verb, "") if cue_kind is None else cue_kind,
                "start": start, "end": end}

    def add_direct(self, q: dict) -> None:
        """Rules 1 to 3 for one direct quotation; a quotation none of them attributes
        waits in ``pending`` for rule 4."""
        analysis_text, rows, index = self.analysis_text, self.rows, self.index
        sentence = index.at(q["start"])
        last_sentence = index.at(max(q["start"], q["end"] - 1)) or sentence
        s_start, s_end = sentence["start"], max(last_sentence["end"], q["end"])
        sp, verb = None, ""
        # 1. after the quotation: "…," Putin said / "…," said Putin / "…," according to X
        words_after = list(islice(_NONSPACE.finditer(analysis_text, q["end"], s_end),
                                  AFTER_WINDOW_WORDS))
        limit = words_after[-1].end() if words_after else q["end"]
        v = next(self.rules.cues(analysis_text, q["end"], limit), None)
        if v and not re.search(r"[\"“”]", analysis_text[q["end"] + 1:v.start()]):
            between = analysis_text[q["end"]:v.start()]
            if v.group().casefold().startswith("according") or not re.search(r"\w", between):
                sp = self.after_cue(v, s_end)
            else:
                sp = self.before_cue(q["end"], v)
            if sp is not None:
                verb = v.group().casefold()
                self.used_cues.add(v.start())
        # 2. before the quotation, in its sentence: Lukashenko thanked Putin, saying: "…"
        if sp is None:
            cues = [c for c in self.rules.cues(analysis_text, s_start, q["start"])
                    if c.start() not in self.inside]
            for v in reversed(cues):
                sp = (self.after_cue(v, q["start"]) if v.group().casefold().startswith("according")
                      else self.before_cue(s_start, v))
                if sp is not None:
                    verb = v.group().casefold()
                    self.used_cues.add(v.start())
                    break
        # 3. a quotation split by its attribution ("…," she said. "…"): the second part
        # takes the speaker of the first when only a short attribution stands between
        if sp is None and rows and rows[-1]["attribution"] == "direct":
            previous = rows[-1]
            between = analysis_text[previous["end"]:q["start"]]
            if "\n" not in between and text.count_words(between) <= SPLIT_QUOTE_MAX_WORDS \
                    and previous["verb"]:
                rows.append({**self.row(sentence["sentence_id"], q["start"], q["end"], None, "", "direct",
                                        q["text"]),
                             **{k: previous[k] for k in ("speaker", "speaker_entity", "speaker_canonical",
                                                         "speaker_kind", "verb", "cue_kind")}})
                return
        rows.append(self.row(sentence["sentence_id"], q["start"], q["end"], sp, verb, "direct", q["text"]))
        if sp is None:
            self.pending.append(rows[-1])

    def add_reported(self, sentences: list[dict], *, actions: bool) -> None:
        """Reported speech, sentence by sentence: at each cue outside quotation marks
        (:func:`_reported`), attributions of action (``actions``: :func:`_actions`) and of
        a noun (:func:`_nominal`), and a headline's "Name: words"; then every row in text
        order."""
        analysis_text, rows, inside = self.analysis_text, self.rows, self.inside
        direct_verbs: dict[int, set[str]] = {}
        for r in rows:
            direct_verbs.setdefault(r["sentence_id"], set()).add(r["verb"])
        for s in sentences:
            first = len(rows)  # the rows of this sentence's attributions start here
            for v in self.rules.cues(analysis_text, s["start"], s["end"]):
                if v.start() in inside:
                    continue
                s_view = s
                if v.start() in self.used_cues:
                    # the cue of a direct quotation: reported speech too when its own words
                    # come first ("Baker said the probe is continuing, adding: “…”")
                    k = bisect_right(self.direct_starts, v.end())
                    nxt = self.direct_starts[k] if k < len(self.direct_starts) else s["end"]
                    if nxt >= s["end"] or text.count_words(analysis_text[v.end():nxt]) < 4:
                        continue
                    s_view = {**s, "end": nxt}
                found = _reported(analysis_text, s_view, v, self.before_cue, self.after_cue)
                if found and _plausible(found[2], self.rules):
                    a, b, sp = found
                    rows.append(self.row(s["sentence_id"], a, b, sp, v.group().casefold(), "reported"))
            if actions:
                taken = direct_verbs.get(s["sentence_id"], set()) | {r["verb"] for r in rows[first:]}
                rows.extend(_actions(analysis_text, s, self.rules, self.speakers, inside, self.speaker_of,
                                     self.before_cue, self.row, taken))
            rows.extend(_nominal(analysis_text, s, self.rules, self.speakers, inside, self.speaker_of,
                                 self.row))
            m = _COLON_LEAD.match(analysis_text, s["start"], s["end"])
            if m and m.start(2) not in inside:
                # "Dr. Ben Carson: Clinton ‘Not Fit To Serve’" (a headline's source and words)
                sp = self.rules.for_cue(self.speaker_of(m.start(1), m.end(1)), ":")
                found = _rest(analysis_text, m.start(2), s["end"])
                if found and _plausible(sp, self.rules):
                    rows.append(self.row(s["sentence_id"], *found, sp, ":", "reported", cue_kind="speech"))
        rows.sort(key=lambda r: (r["start"], r["attribution"]))

    def attribute_pending(self) -> None:
        """4. a quotation with no attribution of its own: the subject of its sentence when
        the narrator names someone before it ("Brown has a “firm grasp of the issues”");
        else the speaker of the attribution just before it in the same or the previous
        paragraph (a quotation that goes on after "Sanders said:" or in a paragraph of its
        own)."""
        analysis_text, index = self.analysis_text, self.index
        attributed = [r for r in self.rows if r["speaker"]]
        starts = [r["start"] for r in attributed]
        for r in self.pending:
            sentence = index.at(r["start"])
            cands = self.speakers.before(sentence["start"], r["start"])
            pick = pick_speaker([c for c in cands if c[5] or not modifies_role(self.analysis_text, c[0] + len(c[1]), self.rules)]
                                or cands, last=False)
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
                cues = list(self.rules.cues(analysis_text, lead["start"], colon))
                sp = self.before_cue(lead["start"], cues[-1]) if cues else None
                if sp is not None and sp.canonical:
                    r.update(speaker=sp.words, speaker_entity=sp.entity, speaker_canonical=sp.canonical,
                             speaker_kind=sp.kind, verb=cues[-1].group().casefold(),
                             cue_kind=self.rules.cue_kind.get(cues[-1].group().casefold(), ""))
                    continue
                # no cue ("Cruz continued:", "Cruz called them on it:"): the subject, a
                # person opening the sentence the colon ends
                subject = [c for c in self.speakers.before(lead["start"], colon)
                           if c[4] == "person" and c[3] and not c[5]
                           and self.rules.at_clause_start(analysis_text, lead["start"], c[0])]
                if not cues and subject:
                    c = subject[0]
                    r.update(speaker=c[1], speaker_entity=c[2] or "", speaker_canonical=c[3],
                             speaker_kind=c[4])
                    continue
            k = bisect_left(starts, r["start"]) - 1
            if k >= 0 and attributed[k]["speaker_canonical"]:
                prev = attributed[k]
                if analysis_text.count("\n\n", prev["end"], r["start"]) <= 1:
                    r.update({c: prev[c] for c in ("speaker", "speaker_entity", "speaker_canonical",
                                                   "speaker_kind")})

    def add_posts(self) -> None:
        """6. an embedded social-media post, a paragraph signed "… — Name (@handle) August
        16, 2018", is its author's direct quotation (verb "posted"; the person or
        organisation the author's name holds, else the name as written, kind other),
        unless a quotation of the article already covers it."""
        for m in _POST.finditer(self.analysis_text):
            start, end = m.span("text")
            sentence = self.index.at(start)
            if sentence is None or any(r["start"] < end and r["end"] > start and r["attribution"] == "direct"
                                       for r in self.rows):
                continue
            author = m.group("author").strip()
            named = pick_speaker(self.speakers.before(*m.span("author")), last=True)
            who = (author, "", named[3], named[4]) if named and named[3] else (author, "", author, "other")
            self.rows.append({**self.row(sentence["sentence_id"], start, end, None, "posted", "direct",
                                         cue_kind="speech"),
                              **dict(zip(("speaker", "speaker_entity", "speaker_canonical", "speaker_kind"), who))})
        self.rows.sort(key=lambda r: r["start"])

    def attribute_statements(self) -> None:
        """5. a statement's words are its issuer's: "the statement said" after "Terry's
        family issued a statement" or "the senators said in a joint statement" (within
        ISSUER_WINDOW characters before) takes that issuer as speaker."""
        for r in self.rows:
            if r["speaker_kind"] != "other" or not _STATEMENT.search(r["speaker"]):
                continue
            lo = max(0, r["start"] - ISSUER_WINDOW)
            issued = list(_ISSUED.finditer(self.analysis_text, lo, r["start"]))
            for v in reversed(issued):
                if v.start() in self.inside:
                    continue
                sentence = self.index.at(v.start())
                sp = self.before_cue(sentence["start"] if sentence else lo, v) if sentence else None
                if sp is not None and sp.canonical and sp.kind in ("person", "organisation", "anonymous"):
                    r.update(speaker_entity=sp.entity or "", speaker_canonical=sp.canonical,
                             speaker_kind=sp.kind)
                    break


def find_quotations(analysis_text: str, sentences: list[dict], mentions: list[dict],
                    registry: Registry, *, quotes: list[dict] | None = None,
                    people: list[dict] | None = None, reported: bool = True,
                    actions: bool = True, lists: name_lists.NameLists) -> list[dict]:
    """The direct quotations of one article, and (``reported``) its reported speech, each
    with its speaker and reporting verb (see the module docstring). Returns dicts with
    ``QUOTE_COLUMNS`` other than article_id and outlet, in text order; ``speaker`` is the
    words naming the speaker, ``speaker_entity`` the registry id, "" (a speaker found
    without the registry) or "unresolved"; ``speaker_canonical`` and ``speaker_kind`` as
    the module docstring says; ``attribution`` direct or reported. Without ``people`` only
    registry persons are named speakers."""
    found = _Attributions(analysis_text, sentences, mentions, registry, quotes, people, lists)
    for q in found.direct:
        found.add_direct(q)
    if reported:
        found.add_reported(sentences, actions=actions)
    found.attribute_pending()
    found.attribute_statements()
    found.add_posts()
    return found.rows


def _actions(analysis_text: str, sentence: dict, rules: attribution.SpeakerRules, speakers: Speakers,
             inside: text.SpanIndex, speaker_of, before_cue, row, taken: set[str]) -> list[dict]:
    """Attributions of action in a sentence (cue_kind ``action``): a person or
    organisation that can be the subject of its clause, or he, she or they, followed by a
    finite verb (:meth:`attribution.SpeakerRules.action_verb`) that no attribution of the sentence
    took; what is attributed is the rest of the sentence ("Romney went after Trump")."""
    out = []

    def add(v: re.Match | None, speaker) -> None:
        # speaker: () -> the Speaker, read only for a verb that makes an attribution
        if v is None or v.group() in taken or v.start() in inside:
            return
        found = _rest(analysis_text, v.end(), sentence["end"])
        sp = speaker() if found else None
        if sp is not None and _plausible(sp, rules):
            taken.add(v.group())
            out.append(row(sentence["sentence_id"], *found, sp, v.group(), "reported", cue_kind="action"))

    # "the candidate who launched his campaign": a relative pronoun as written, its
    # antecedent as the source
    for m in _RELATIVE.finditer(analysis_text, sentence["start"], sentence["end"]):
        v = rules.action_verb(analysis_text, m.end(), sentence["end"])
        add(v, lambda v=v: before_cue(sentence["start"], v))
    for c in speakers.before(sentence["start"], sentence["end"]):
        if c[5] or (c[4] not in ("person", "organisation") and c[1].casefold() not in ACTION_PRONOUNS):
            continue
        if not rules.at_clause_start(analysis_text, sentence["start"], c[0]):
            continue
        end = c[0] + len(c[1])
        add(rules.action_verb(analysis_text, end, sentence["end"]),
            lambda c=c, end=end: speaker_of(c[0], end))
    return out


def _rest(analysis_text: str, start: int, end: int) -> tuple[int, int] | None:
    """The rest of a sentence after a verb, without the punctuation around it, when it
    holds two words or more."""
    rest = analysis_text[start:end]
    a = start + len(rest) - len(rest.lstrip(" ,.;:"))
    piece = rest.strip(" ,.;:")
    return (a, a + len(piece)) if text.count_words(piece) >= 2 else None


def _nominal(analysis_text: str, sentence: dict, rules: attribution.SpeakerRules, speakers: Speakers,
             inside: text.SpanIndex, speaker_of, row) -> list[dict]:
    """Attributions written as a noun after a possessor ("Trump's claim that …", "his
    promise to build a wall", "Sanders's attacks on her"): the possessor is the source,
    what follows the noun up to the end of the clause is attributed, and the cue_kind is
    the noun's (the vocabulary's ``nominal_cue`` list)."""
    lo, hi = sentence["start"], sentence["end"]
    owners = [(c[0], c[0] + len(c[1])) for c in speakers.before(lo, hi)
              if c[5] and c[4] in ("person", "organisation")]
    owners += [(m.start(), m.end()) for m in attribution.possessive_pronouns(analysis_text, lo, hi)]
    out = []
    for a, b in sorted(owners):
        end = b + (len(analysis_text[b:b + 3]) - len(analysis_text[b:b + 3].lstrip("'’s"))
                   if analysis_text[b:b + 1] in "'’" else 0)
        noun = rules.nominal_cue(analysis_text, end, hi)
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
                       cue_kind=rules.v.nominal_cue[noun.group()]))
    return out


def _plausible(sp: attribution.Speaker, rules: attribution.SpeakerRules) -> bool:
    """A source of reported speech: a person, organisation or description of a person, a
    pronoun, or a document, poll or statement ("the poll found"); not any phrase before a
    verb ("the package of new measures")."""
    words = sp.words.split()
    if not words:
        return False
    if sp.kind in ("person", "organisation", "anonymous") or sp.words.casefold() in rules.v.pronoun:
        return True
    return words[-1].casefold().strip(".,") in rules.v.source_noun


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
