"""The candidate speakers of one article, for the attribution rules of
:mod:`analysis.people.quotations`: the persons and organisations it names (with and
without the registry), the registry's references, pronouns resolved to a person, persons
by the title or description the article gave them; and :func:`pick_speaker`, the speaker
among the names of a phrase."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict

from analysis.people import appositions, attribution, name_lists
from analysis.people.registry import Registry

_PRONOUN = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)
# "the president" is looked for among the last this many titled persons before it.
TITLED_LOOKBACK = 50
DESCRIPTION = re.compile(r"(?:the|a|an)\s+[a-z]", re.IGNORECASE)  # "the Senate minority leader"


def description_key(words: str) -> str:
    """A description as compared: lower case, without a leading article or the marks
    around it, spaces single ("The Senate Minority Leader," -> "senate minority leader")."""
    key = " ".join(words.casefold().strip(" ,.;:()\"'“”‘’").split())
    return re.sub(r"^(?:the|a|an)\s+", "", key)


class Speakers:
    """The candidate speakers of one article (person mentions, references, pronouns, and
    the persons and organisations found without a registry), indexed by position so that
    each quotation reads only its own stretch of text: a long article then costs time in
    proportion to its length, not quotations x mentions.

    A candidate is (position, surface, entity, canonical, kind): entity the registry id
    ("" for a person or organisation found without the registry), canonical the registry
    name or the article's canonical name, kind person or organisation."""

    def __init__(self, analysis_text: str, mentions: list[dict],
                 references: list[tuple[int, int, str, str]], registry: Registry,
                 people: list[dict] | None = None, *, lists: name_lists.NameLists):
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
        rules = attribution.rules_for(lists)
        lists = lists if detected else None
        # a name that modifies a person noun ("Cruz spokesman Rick Tyler") is not the
        # person a pronoun goes back to
        history = [{"start": m["start"], "sentence_id": m["sentence_id"],
                    "pronoun": registry.entities[m["entity"]].pronoun,
                    "candidate": (m["entity"], registry.entities[m["entity"]].name, "person")}
                   for m in persons if not modifies_role(analysis_text, m["end"], rules)]
        for r in detected:
            if r["kind"] != "person" or modifies_role(analysis_text, r["end"], rules):
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
        self.with_title = sorted((r["start"], rules.role_words(r["title"]), "", r["canonical"])
                                 for r in detected if r["kind"] == "person" and r.get("title"))
        # persons by the description an apposition or a title gave them ("Sam Lau, the
        # communications director ..."; "Senate Minority Leader Chuck Schumer"), for
        # "the communications director said": (start, description key, canonical)
        self.described = []
        for r in detected:
            if r["kind"] != "person":
                continue
            app = appositions.after(analysis_text, r["end"], min(len(analysis_text), r["end"] + 400), lists)
            for words in (r.get("title") or "", analysis_text[app.start:app.end] if app else ""):
                if len(description_key(words).split()) >= 2:
                    self.described.append((r["start"], description_key(words), r["canonical"]))
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

    def by_description(self, words: str, position: int) -> str:
        """The canonical name of the person last introduced before ``position`` with the
        description ``words`` (the words at its start, two or more: "the communications
        director" for "the communications director for the Iowa Democratic Party"; "the
        Senate minority leader" for the title "Minority Leader"), or ""."""
        key = description_key(words)
        if len(key.split()) < 2:
            return ""
        for start, described, canonical in reversed(self.described):
            if start < position and (described == key or described.startswith(key + " ")
                                     or key.endswith(" " + described)):
                return canonical
        return ""

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


def pick_speaker(cands: list[tuple], *, last: bool) -> tuple | None:
    """The speaker among the names of a phrase: the last (or first) person that is not a
    possessive ("Duncan Hunter's chief of staff, Joe Kasper": Kasper), else the first
    organisation, else the first candidate."""
    persons = [c for c in cands if c[4] == "person" and not c[5]]
    if persons:
        return persons[-1] if last else persons[0]
    return next((c for c in cands if c[4] == "organisation"), cands[0] if cands else None)


def modifies_role(text: str, end: int, rules: attribution.SpeakerRules) -> bool:
    """Whether a name ending at ``end`` modifies the person noun after it ("Clinton
    spokesman", "Cruz campaign manager", "Clinton economic advisers", "Clinton
    Communications Director"): the noun comes first, or after one capitalised word, one
    organisation noun or one adjective. Then the name is not the person."""
    words = re.findall(r"[A-Za-z]+", text[end:end + 50].split(",")[0])[:2]
    if not words or text[end:end + 1] not in (" ", "\u00a0"):
        return False
    if rules.is_role(words[0]):
        return True
    first = words[0]
    return len(words) == 2 and rules.is_role(words[1]) and (
        first[0].isupper() or first.casefold() in rules.lists.organisation_nouns
        or first.casefold().endswith(rules.adjective_endings))
