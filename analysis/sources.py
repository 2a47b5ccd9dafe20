"""Sources and shared copy: who is quoted, with which reporting verb, and which sentences
an article shares with other articles (wire copy) versus what the outlet wrote itself.

Quotations are the direct quotations of :func:`analysis.text.find_quotes` (scare quotes of
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
("the Russian president"), a person or organisation that :func:`analysis.people.find_people`
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
import re
from bisect import bisect_left, bisect_right
from itertools import islice
from collections import Counter, defaultdict

import pandas as pd

from . import naming, people as people_mod, text, wordchoice

REPORTING_VERBS = (
    "said", "says", "say", "saying", "told", "tells", "added", "adding", "tweeted", "wrote",
    "writes", "claimed", "claims", "stated", "declared", "vowed", "warned", "insisted",
    "argued", "noted", "stressed", "thanked", "praised", "condemned", "described", "called",
    "asked", "joked", "announced", "replied", "urged", "promised", "accused", "reiterated",
    "hoped", "explained", "admitted", "suggested", "recalled", "complained", "demanded",
)
_VERB = re.compile(r"\b(" + "|".join(REPORTING_VERBS) + r")\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)
_NONSPACE = re.compile(r"\S+")
AFTER_WINDOW_WORDS = 12  # how far after a quotation its attribution may be
SPLIT_QUOTE_MAX_WORDS = 8  # at most this many words between the parts of a split quotation

QUOTE_COLUMNS = ["article_id", "outlet", "sentence_id", "quote", "n_words", "speaker",
                 "speaker_entity", "speaker_canonical", "speaker_kind", "verb", "start", "end"]
# A sentence is shared when its best match in another article reaches this similarity
# (difflib ratio of the normalised word sequences); 1.0 is verbatim.
SHARED_WITH_EDITS = 0.8
MIN_WORDS_TO_MATCH = 4
SHINGLE = 3
# A shingle found in more sentences than this is boilerplate phrasing, not evidence of reuse.
MAX_POSTING = 200
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
                 people: list[dict] | None = None):
        self.text, self.registry = analysis_text, registry
        persons = [m for m in mentions if m["kind"] == "person"]
        self.named = sorted((m["start"], m["surface"], m["entity"],
                             registry.entities[m["entity"]].name, "person") for m in persons)
        self.refs = sorted((a, surface, entity, registry.entities[entity].name,
                            registry.entities[entity].kind or "person")
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
        self.named = sorted(self.named + [(r["start"], r["mention"], "", r["canonical"], r["kind"])
                                          for r in detected])
        self.named_starts = [c[0] for c in self.named]
        self.ref_starts = [c[0] for c in self.refs]
        # For pronouns: the persons with each pronoun, by position, with the index of the
        # first of the same sentence. Sentence ids grow with position in find_mentions'
        # rows; if they do not, pronouns are resolved by reading every mention, as before.
        # A detected person takes he or she from a gendered honorific before it or from
        # the Census sex of its canonical name's first word; with neither, no pronoun.
        lists = people_mod.load_name_lists() if detected else None
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

    def before(self, segment_start: int, segment_end: int) -> list[tuple[int, str, str, str, str]]:
        """Candidate speakers in analysis_text[segment_start:segment_end], in order:
        (position, surface, entity or "", canonical or "", kind or "")."""
        found = self.named[bisect_left(self.named_starts, segment_start):
                           bisect_left(self.named_starts, segment_end)]
        found += self.refs[bisect_left(self.ref_starts, segment_start):
                           bisect_left(self.ref_starts, segment_end)]
        for p in _PRONOUN.finditer(self.text, segment_start, segment_end):
            found.append((p.start(), p.group(), *self.resolve(p.group(), p.start())))
        return sorted(found)

    def resolve(self, pronoun: str, position: int) -> tuple[str, str, str]:
        """The first person with this pronoun in the nearest earlier sentence that names
        one: (entity or "", canonical, kind), or ("", "", "")."""
        if self.by_pronoun is None:
            return _resolve_pronoun(pronoun, position, self.persons)
        starts, firsts, entities = self.by_pronoun.get(pronoun.casefold(), ([], [], []))
        i = bisect_left(starts, position) - 1
        return entities[firsts[i]] if i >= 0 else ("", "", "")


class _Verbs:
    """The reporting verbs of each sentence (read once per sentence, not once per
    quotation): ``last_before(sentence, position)`` is the last one from the sentence's
    start that ends by ``position``, as ``_VERB.finditer(text, start, position)`` finds."""

    def __init__(self, analysis_text: str, index: "naming._Sentences"):
        self.text, self.index = analysis_text, index
        self.found: dict[int, tuple[list[int], list[re.Match]]] = {}

    def last_before(self, sentence: dict, position: int) -> re.Match | None:
        start = sentence["start"]
        if start not in self.found:
            # up to the next sentence's start, past which no quotation of this one begins
            i = bisect_left(self.index.starts, start + 1)
            stop = self.index.starts[i] if i < len(self.index.starts) else len(self.text)
            matches = list(_VERB.finditer(self.text, start, stop))
            self.found[start] = ([m.end() for m in matches], matches)
        ends, matches = self.found[start]
        i = bisect_right(ends, position) - 1
        return matches[i] if i >= 0 else None


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


def _first_speaker(cands: list[tuple]) -> tuple:
    """The first candidate that is not an organisation, else the first: "…," Republican
    National Committee spokesman Sean Spicer told …: Spicer."""
    return next((c for c in cands if c[4] != "organisation"), cands[0])


def find_quotations(analysis_text: str, sentences: list[dict], mentions: list[dict],
                    registry: naming.Registry, *, quotes: list[dict] | None = None,
                    people: list[dict] | None = None) -> list[dict]:
    """The direct quotations of one article with speaker and reporting verb (see the
    module docstring). Returns dicts with ``QUOTE_COLUMNS`` other than article_id and
    outlet; ``speaker`` is the words naming the speaker, ``speaker_entity`` the registry
    id, "" (a speaker among ``people``, the rows of :func:`analysis.people.find_people`)
    or "unresolved"; ``speaker_canonical`` and ``speaker_kind`` as the module docstring
    says. Without ``people`` only registry persons are speakers."""
    quotes = text.find_quotes(analysis_text) if quotes is None else quotes
    index = naming._Sentences(sentences)
    speakers = _Speakers(analysis_text, mentions, naming.find_references(analysis_text, registry),
                         registry, people)
    verbs_in = _Verbs(analysis_text, index)
    rows = []
    for q in quotes:
        if q["kind"] != "quote":
            continue
        sentence = index.at(q["start"])
        if sentence is None:
            continue
        s_start, s_end = sentence["start"], max(sentence["end"], q["end"])
        speaker, entity, canonical, kind, verb = "", "", "", "", ""
        # 1. after the quotation (kept only if it names a speaker)
        words_after = list(islice(_NONSPACE.finditer(analysis_text, q["end"], s_end),
                                  AFTER_WINDOW_WORDS))
        limit = words_after[-1].end() if words_after else q["end"]
        v = _VERB.search(analysis_text, q["end"], limit)
        if v and not re.search(r"[\"“”]", analysis_text[q["end"] + 1:v.start()]):
            verb = v.group().casefold()
            cands = speakers.before(q["end"], v.start())
            if not cands:  # "said Putin"
                cands = speakers.before(v.end(), min(v.end() + 40, s_end))[:1]
            if cands:
                _pos, speaker, entity, canonical, kind = _first_speaker(cands)
            else:
                verb = ""
        # 2. before the quotation
        if not verb:
            v = verbs_in.last_before(sentence, q["start"])
            if v:
                verb = v.group().casefold()
                cands = speakers.before(s_start, v.start())
                if cands:
                    _pos, speaker, entity, canonical, kind = _first_speaker(cands)
        # 3. a quotation split by its attribution ("…," she said. "…"): the second part
        # takes the speaker of the first when only a short attribution stands between
        if not verb and rows:
            previous = rows[-1]
            between = analysis_text[previous["end"]:q["start"]]
            if "\n" not in between and text.count_words(between) <= SPLIT_QUOTE_MAX_WORDS \
                    and previous["verb"]:
                speaker, verb = previous["speaker"], previous["verb"]
                entity = "" if previous["speaker_entity"] == "unresolved" else previous["speaker_entity"]
                canonical, kind = previous["speaker_canonical"], previous["speaker_kind"]
        rows.append({"sentence_id": sentence["sentence_id"], "quote": q["text"],
                     "n_words": text.count_words(q["text"]), "speaker": speaker,
                     "speaker_entity": entity or ("" if canonical else "unresolved"),
                     "speaker_canonical": canonical, "speaker_kind": kind if canonical else "",
                     "verb": verb,
                     "start": q["start"], "end": q["end"]})
    return rows


def voices(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Who speaks in each outlet: one row per (outlet, speaker) with n_quotes, n_words
    (quoted words) and share_of_words (of the outlet's analysis-text words). Speakers are
    counted by speaker_canonical where it is set: ``speaker_entity`` is the registry id for
    a registry speaker, the canonical name (speaker_canonical) for one found without the
    registry ("Jeff Weaver"), and "unresolved" for the rest."""
    words = articles.groupby("outlet").n_words_clean.sum()
    columns = ["outlet", "speaker_entity", "n_quotes", "n_words", "share_of_words"]
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    canonical = (quotes.speaker_canonical.fillna("").astype(str) if "speaker_canonical" in quotes
                 else pd.Series("", index=quotes.index))  # quotes.csv of an older version
    registered = ~quotes.speaker_entity.isin(["", "unresolved"])
    key = quotes.speaker_entity.where(registered | (canonical == ""), canonical)
    out = (quotes.assign(speaker_entity=key).groupby(["outlet", "speaker_entity"], sort=False)
           .agg(n_quotes=("quote", "size"), n_words=("n_words", "sum")).reset_index())
    out["share_of_words"] = (out.n_words / out.outlet.map(words)).round(4)
    return out.sort_values(["outlet", "n_words"], ascending=[True, False], kind="stable",
                           key=lambda c: c.map({o: i for i, o in enumerate(dict.fromkeys(articles.outlet))})
                           if c.name == "outlet" else c).reset_index(drop=True)


def quoted_share(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: quoted words and their share of the analysis text's words."""
    q = quotes.groupby("article_id").n_words.sum()
    out = articles[["article_id", "outlet", "n_words_clean"]].copy()
    out["n_words_quoted"] = out.article_id.map(q).fillna(0).astype(int)
    out["share_quoted"] = (out.n_words_quoted / out.n_words_clean).round(4)
    return out


def reporting_verbs(quotes: pd.DataFrame) -> pd.DataFrame:
    """Reporting verbs per outlet: one row per (outlet, verb) with n."""
    q = quotes[quotes.verb != ""]
    return q.groupby(["outlet", "verb"], sort=False).size().rename("n").reset_index()


# ----------------------------------------------------------------------------- shared copy

def _words(sentence: str) -> list[str]:
    return wordchoice.normalize_sentence(sentence).split()


def align_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """For every sentence, its most similar sentence in each other article (difflib's
    SequenceMatcher ratio on the normalised word sequences; candidates are the sentences
    sharing at least MIN_SHARED_SHINGLES of its three-word shingles, found through an
    inverted index that ignores shingles common to more than MAX_POSTING sentences, so
    the work grows with the overlap, not the corpus squared). Returns one row per (sentence, other article with a candidate): article_id,
    sentence_id, other_article, other_sentence, similarity."""
    words = [_words(t) for t in sentences.text]
    ids = list(zip(sentences.article_id, sentences.sentence_id))
    shingles = [{hash(tuple(w[k:k + SHINGLE])) for k in range(max(1, len(w) - SHINGLE + 1))}
                if len(w) >= MIN_WORDS_TO_MATCH else set() for w in words]
    index: dict[int, list[int]] = defaultdict(list)
    for i, sh in enumerate(shingles):
        for k in sh:
            index[k].append(i)
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for i, sh in enumerate(shingles):
        if not sh:
            continue
        shared = Counter()
        for k in sh:
            posting = index[k]
            if len(posting) <= MAX_POSTING:  # "according to the": common to many, says nothing
                shared.update(posting)
        need = max(1, int(MIN_SHARED_SHINGLES * len(sh)))
        for j, n in sorted(shared.items()):  # in sentence order: ties go to the first
            if n < need or ids[j][0] == ids[i][0]:
                continue
            ratio = 1.0 if words[i] == words[j] else difflib.SequenceMatcher(
                None, words[i], words[j], autojunk=False).ratio()
            key = (i, ids[j][0])
            if key not in best or ratio > best[key][0]:
                best[key] = (ratio, j)
    rows = [{"article_id": ids[i][0], "sentence_id": ids[i][1], "other_article": other,
             "other_sentence": ids[j][1], "similarity": round(r, 4)}
            for (i, other), (r, j) in best.items()]
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "other_article",
                                       "other_sentence", "similarity"])


def reuse_sentences(sentences: pd.DataFrame, alignment: pd.DataFrame) -> pd.DataFrame:
    """Each sentence's status: "shared verbatim" (identical after normalisation to a
    sentence of another article), "shared with edits" (similarity >= SHARED_WITH_EDITS)
    or "own", with its best match. One row per sentence."""
    top = (alignment.sort_values(["similarity", "other_article"], ascending=[False, True], kind="stable")
           .drop_duplicates(["article_id", "sentence_id"]))
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


def own_share(reuse: pd.DataFrame) -> pd.DataFrame:
    """Per article: words in its own sentences and their share of its words."""
    g = reuse.assign(own=reuse.n_words.where(reuse.status == "own", 0)).groupby(
        ["article_id", "outlet"], sort=False)
    out = g.agg(n_words=("n_words", "sum"), n_words_own=("own", "sum")).reset_index()
    out["share_own"] = (out.n_words_own / out.n_words).round(4)
    return out


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
    q = quotes[quotes.n_words >= MIN_WORDS_TO_MATCH].reset_index(drop=True)
    words = [_words(t) for t in q.quote]
    groups: list[list[int]] = []
    # a quotation joins the first group whose first version it matches; only groups whose
    # first version shares a three-word shingle with it are compared (two word sequences
    # 0.8 alike share one), so the work grows with the overlap, not the quotations squared
    heads: dict[int, list[int]] = defaultdict(list)  # shingle -> groups whose first version has it
    for i, w in enumerate(words):
        sh = {hash(tuple(w[k:k + SHINGLE])) for k in range(max(1, len(w) - SHINGLE + 1))}
        candidates = sorted({g for k in sh for g in heads.get(k, ())})
        for g in candidates:
            if difflib.SequenceMatcher(None, words[groups[g][0]], w, autojunk=False).ratio() >= SHARED_WITH_EDITS:
                groups[g].append(i)
                break
        else:
            for k in sh:
                heads[k].append(len(groups))
            groups.append([i])
    groups = [g for g in groups if q.loc[g, "outlet"].nunique() >= min_outlets]
    groups.sort(key=lambda g: (-q.loc[g, "outlet"].nunique(), g[0]))
    rows = []
    for n, g in enumerate(groups, start=1):
        first = q.loc[g[0], "quote"]
        for i in g:
            r = q.loc[i]
            rows.append({"group": n, "outlet": r.outlet, "article_id": r.article_id,
                         "speaker_entity": r.speaker_entity, "quote": r.quote,
                         "diff": word_diff(first, r.quote) if i != g[0] else r.quote})
    return pd.DataFrame(rows, columns=columns)
