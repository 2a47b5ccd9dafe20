"""Build the bundled loaded-language lexicon, data/loaded_language.csv, from the published
word lists in ../shared/lexicons (see data/README.md, "The loaded-language lexicon").

    python data/build_loaded_language.py [--lexicons ../shared/lexicons] [--check]

Standard library only; the output is the same on every run. The package never runs this
script (../shared is not there on a user's machine or in CI's second run): the CSV files it
writes are what the suite reads. ``--check`` rebuilds in memory and exits 1 if the files in
data/ differ from what the lists give; tests/test_wordchoice.py runs it so where
../shared/lexicons is present.

What it does, in order:

1. Reads the lists: the MPQA subjectivity clues (Wilson, Wiebe & Hoffmann 2005; strongly
   subjective entries only), the bias lexicon of Recasens, Danescu-Niculescu-Mizil &
   Jurafsky (2013), and the lists those authors gathered: hedges (Hyland 2005), factive and
   assertive verbs (Hooper 1975), implicative verbs (Karttunen 1971) and report verbs.
2. Leaves out the entries listed in EXCLUDED below, each with its reason (the rule is in
   the docstring of EXCLUDED), and takes from Hooper's and Karttunen's lists the verbs only.
3. Gives every entry its word forms: the MPQA clues marked ``stemmed1=y`` and every verb of
   the other lists get their inflections (abuse -> abuses, abused, abusing; noun -> plural),
   from the regular rules of English spelling plus the irregular verbs in IRREGULAR, and
   every form its British spelling (criticized -> criticised, favorite -> favourite).
   Implicative verbs are counted only in the construction that makes them implicative
   ("managed to", "failed to"), and so are a few verbs whose other uses dominate in news
   (CONSTRUCTIONS).
4. Puts each word form in one category, the first in PRECEDENCE that has it; its source
   column names every list that has the entry (the deciding one first).
5. Writes data/loaded_language.csv (term, forms, category, bias_type, source) and
   data/loaded_language_excluded.csv (word, list, reason): what was left out and why.
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_LEXICONS = HERE.parent.parent / "shared" / "lexicons"
OUT = HERE / "loaded_language.csv"
OUT_EXCLUDED = HERE / "loaded_language_excluded.csv"

MPQA = "bias_related_lexicons/subjectivity_clues_hltemnlp05/subjclueslen1-HLTEMNLP05.tff"
BIAS = "bias-lexicon/bias-lexicon_og.txt"
LISTS = {  # list name -> file
    "hedge": "bias_related_lexicons/hedges_hyland2005.txt",
    "factive": "bias_related_lexicons/factives_hooper1975.txt",
    "assertive": "bias_related_lexicons/assertives_hooper1975.txt",
    "implicative": "bias_related_lexicons/implicatives_karttunen1971.txt",
    "report_verb": "bias_related_lexicons/report_verbs.txt",
}
CITATION = {
    "strong_subjective": "MPQA subjectivity clues, strongsubj (Wilson, Wiebe & Hoffmann 2005)",
    "bias_lemma": "bias lexicon (Recasens, Danescu-Niculescu-Mizil & Jurafsky 2013)",
    "hedge": "hedges (Hyland 2005)",
    "factive": "factive verbs (Hooper 1975)",
    "assertive": "assertive verbs (Hooper 1975)",
    "implicative": "implicative verbs (Karttunen 1971)",
    "report_verb": "report verbs (Recasens, Danescu-Niculescu-Mizil & Jurafsky 2013)",
}
FRAMING, EPISTEMOLOGICAL = "framing", "epistemological"
# A word that several lists have goes to the first of these categories that has it: the
# epistemological devices first (a verb of saying that is also a hedge, "claimed", is
# counted as the hedge; a report verb that MPQA marks as subjective, "accused",
# "criticized", "slammed", as a report verb: how the outlet reports what someone said or
# did), then the MPQA polarity classes and the bias lemmas (the outlet's own evaluation).
PRECEDENCE = [
    ("factive", EPISTEMOLOGICAL), ("implicative", EPISTEMOLOGICAL), ("hedge", EPISTEMOLOGICAL),
    ("assertive", EPISTEMOLOGICAL), ("report_verb", EPISTEMOLOGICAL),
    ("strong_subjective_negative", FRAMING), ("strong_subjective_positive", FRAMING),
    ("strong_subjective_both", FRAMING), ("bias_lemma", FRAMING),
]
# The order of the categories in the file (and in the rates table): framing first.
CATEGORY_ORDER = ["strong_subjective_negative", "strong_subjective_positive",
                  "strong_subjective_both", "bias_lemma", "hedge", "assertive", "factive",
                  "implicative", "report_verb"]
BIAS_TYPE = dict(PRECEDENCE)

# ----------------------------------------------------------------------------- exclusions

EXCLUDED: dict[str, dict[str, str]] = {}
"""list -> {word: reason}. The rule: an entry is left out when, in news text, it does not
do what its list says it does, for one of these reasons (the reason column of
loaded_language_excluded.csv):

- ``frequent``: a function-like word so frequent in news that it would dominate its
  category while rarely carrying the device (would, could, may, about, just, like, will);
- ``sense``: its most frequent sense in news is not the listed one (trump, court, charge,
  state, report, suspect as a noun, appeared on television, health care);
- ``topic``: it names what a story is about (a place, people, religion, institution, act
  or event: abortion, war, corruption, sanctions, protest, support) rather than how it is
  told; counting it would count the topic, which is what this lexicon replaces;
- ``neutral``: a verb of saying that news style uses as the unmarked attribution (say,
  tell, add, ask, report, write): counting it would count quotations, not devices;
- ``not a verb``: Hooper's and Karttunen's lists hold some adjectives and nouns that are
  factive, assertive or implicative only in a construction we cannot see ("it is odd
  that", "have the misfortune to"); the adjectives stay with MPQA where it has them;
- ``name``: a common given name or surname, which case-insensitive matching would count
  (Frank, Brooks, Grace, Joy; Josh Earnest);
- ``misspelt``, ``artefact``: an entry that cannot occur in edited text ("disasterous"), a
  lemmatiser's artefact ("indium" for India) or an entry that is not a word ("anti-").

MPQA clues of neutral prior polarity (``neutral polarity``: know, think, fact, thus,
immediately) are cognition verbs, discourse connectives and intensifiers, not evaluations;
the epistemic ones are counted through Hooper's and Hyland's lists.

How the entries were found: the lexicon was matched against the 840 PolNeAR articles
(US political news, Newell et al. 2018) and the 80 most frequent entries of each category
were reviewed, with every single-word form of at least 50 occurrences per million words
(Zipf 4.7 or more in wordfreq 3.1.1, a general frequency list that includes news); then
against 400 articles drawn at random from article-bias-prediction (Baly et al. 2020),
which showed more topic words of other stories (virus, collusion, consent, harassment,
pardon), left out too; then 400 other articles of article-bias-prediction, whose 40 most
frequent entries per category were all kept. All 654 bias lemmas were reviewed: most
name the topics of the Wikipedia articles they were learned from (abortion, america,
army), so the kept ones are listed in BIAS_KEEP instead.
"""


def _exclude(list_name: str, reason: str, words: str) -> None:
    for w in words.split(","):
        w = w.strip()
        if w:
            EXCLUDED.setdefault(list_name, {})[w] = reason


# Any list ("*"): words whose most frequent sense in news is not the listed one
_exclude("*", "sense", "charge, state, report, figure, grant, intimate, command, discount, "
         "point, rule, issue, order, present, maintain")
_exclude("*", "topic", "support, protest, debate, rally, endorse")
_exclude("*", "sense", "feel, agree, propose")
_exclude("assertive", "sense", "appear")  # "appeared on television"; the hedge counts "appear to"
# ... and single forms of words that are kept otherwise: {form: reason}
FORMS_EXCLUDED = {"suspect": "sense", "suspects": "sense",  # the suspect(s)
                  "supposed": "sense",  # "is supposed to"
                  "attempt to": "sense", "attempts to": "sense"}  # the noun: "any attempts to"

# MPQA strongsubj (by word1; every POS entry of the word)
_exclude("strong_subjective", "frequent",
         "will, just, like, want, right, best, better, great, long, little, sure, please, "
         "might, mean, kind, yes, pretty, well, really, need, must, even, especially, "
         "actually, certainly, indeed, quite, rather, thus, therefore, moreover, "
         "furthermore, besides, though, finally, lastly, likewise, nevertheless, anyway, "
         "anyhow, anyways, consequently, immediately, exactly, entirely, absolutely, "
         "altogether, considerably, greatly, deeply, extensively, oh, hm, hmm, mm, aha, "
         "yeah, yep, okay, wow, perhaps, maybe, presumably, seemingly, truly, plenty")
_exclude("strong_subjective", "sense",
         "vice, supreme, super, hedge, burn, losing, impose, moving, worth, highlight, "
         "haven, moderate, surge, poised, favor, agree, ally, ultimately, exceed, "
         "understood, winner, winners, fortune, greet, consent, complaint, object, "
         "dissent, upheld, recommendation, recommendations, novel, spur, plead, privilege, "
         "deepen, deepening, cheap, pleading, surging, complaints, "
         "trump, court, star, stars, master, fell, fit, content, cross, kid, fun, "
         "lean, smart, air, shadow, toast, rally, sanction, right, stranger, stir, "
         "spoon-feed, darling, dear, glow, sparkle, shimmer, tint, mum, baby, adolescents, "
         "humor, wonder, thank, welcome, understand, regard, view, views, fact, facts")
_exclude("strong_subjective", "topic",
         "support, supporter, opposition, opponent, protest, corruption, terrorism, "
         "alliance, alliances, fortress, activist, genocide, massacre, prosecute, "
         "impeach, sabotage, debate, battleground, poverty, inequality, abuse, endorse, "
         "endorsement, advocate, advocacy, liberty, virus, collusion, harassment, pardon, "
         "faith")
_exclude("strong_subjective", "frequent", "despite, kick")
_exclude("strong_subjective", "name",  # a given name or surname, matched in any case
         "frank, brook, brooks, earnest, noble, joy, grace, rusty, sage, merry")

# Recasens et al.'s bias lemmas: the kept ones, each with its part of speech (for its
# word forms). The other lemmas are left out, as "topic" (names of places, peoples,
# religions, institutions, acts and events, and common nouns: abortion, america, army,
# bank, book, ...), "frequent" (make, take, say, come, use, way, ...), "artefact" or
# "misspelt"; lemmas in another kept list count there.
BIAS_KEEP = {
    "allegedly": "adv", "apologetic": "adj", "cult": "noun", "debunk": "verb",
    "dictator": "noun", "extremist": "noun", "far-right": "adj", "left-wing": "adj",
    "right-wing": "adj", "leftist": "noun", "legend": "noun", "famous": "adj",
    "literally": "adv", "martyr": "noun", "mercenary": "noun", "notoriety": "noun",
    "pbuh": "adv", "pro-life": "adj", "purported": "adj", "regime": "noun",
    "scandal": "noun", "strongly": "adv", "supremacist": "noun", "terrorist": "noun",
    "tormentor": "noun", "unborn": "adj", "undocumented": "adj", "homosexual": "noun",
    "controversial": "adj", "controversy": "noun", "legitimate": "adj",
}
BIAS_ARTEFACT = {"croatium", "indium", "russium", "s", "st", "mr", "kke", "wwius", "pat"}
BIAS_MISSPELT = {"chauvenistic", "disasterous"}
BIAS_FREQUENT = {
    "accept", "account", "act", "action", "addition", "advance", "aim", "allow", "appear",
    "apply", "area", "article", "attempt", "attribute", "away", "base", "bear", "begin",
    "bring", "buy", "call", "case", "change", "close", "come", "common", "concept",
    "condition", "consider", "content", "control", "cost", "create", "current", "currently",
    "day", "deal", "define", "design", "despite", "detail", "development", "different",
    "document", "drop", "early", "effect", "effort", "end", "ensure", "establish", "event",
    "example", "exist", "experience", "fact", "far", "feature", "find", "finding", "focus",
    "follow", "form", "formation", "former", "function", "future", "general", "goal", "good",
    "great", "hand", "happen", "hear", "help", "hold", "idea", "identify", "image",
    "important", "improve", "include", "increase", "individual", "instance", "instead",
    "involve", "issue", "keep", "label", "lack", "large", "later", "launch", "lead", "left",
    "life", "light", "little", "live", "long", "lose", "main", "make", "man", "match",
    "mean", "means", "meet", "member", "name", "need", "new", "note", "number", "occur",
    "old", "open", "order", "original", "part", "pass", "person", "personal", "place", "plan",
    "point", "positive", "possibility", "post", "present", "print", "problem", "process",
    "profile", "provide", "quality", "question", "range", "rate", "reach", "reason",
    "recently", "record", "regard", "regardless", "relation", "relationship", "release",
    "remove", "result", "return", "right", "root", "run", "same", "saw", "second", "see",
    "seem", "sell", "separate", "serve", "show", "sign", "similarly", "sit", "small",
    "specific", "speed", "standard", "start", "status", "style", "subject", "take", "term",
    "text", "thing", "thought", "thousand", "time", "title", "today", "total", "true", "try",
    "usually", "use", "value", "variety", "various", "very", "view", "way", "widely", "word",
    "work", "year", "young", "historically", "traditionally", "instead", "tiny", "vast",
    "persistent", "successful", "essential", "powerful", "popular", "natural", "modern",
    "traditional", "independent", "historic", "historical", "early", "similarly",
}


def _bias_reason(lemma: str) -> str:
    if lemma in BIAS_ARTEFACT:
        return "artefact"
    if lemma in BIAS_MISSPELT:
        return "misspelt"
    if lemma in BIAS_FREQUENT:
        return "frequent"
    return "topic"


# Hedges (Hyland 2005)
_exclude("hedge", "frequent", "about, around, could, couldn't, would, should, ought, rather, "
         "quite, fairly, often, mainly, mostly, largely, generally, usually, frequently, "
         "sometimes, typically, typical, relatively")
_exclude("hedge", "sense", "may, feel, felt, feels")

# Verbs of Hooper, Karttunen and the report verbs
_exclude("factive", "frequent", "know, see, learn, find out")
_exclude("factive", "sense", "care, bother, note, amuse, suffice")
_exclude("assertive", "neutral", "say, report, write, state, answer, reply, mention, explain, "
         "remark")
_exclude("assertive", "sense", "charge, grant, intimate, maintain, figure, calculate, decide, "
         "agree")
_exclude("implicative", "frequent", "get, can, keep, allow, cause, fit, force, prevent")
_exclude("report_verb", "neutral",
         "say, tell, told, add, ask, answer, reply, respond, report, state, write, spoke, "
         "comment, announce, explain, mention, remark, describe, read, quote, refer, "
         "inform, interview, relate, discuss, express, voice, note, cite, confirm, "
         "conclude, request, restate, repeat, remind, clarify, advise, alert, counter, "
         "disclose, convey")
_exclude("report_verb", "sense",  # not a verb of saying in most of its uses in news
         "issue, present, raise, offer, order, rule, point, see, show, find, hear, learn, "
         "gather, mean, compare, insert, reflect, determine, decide, teach, sing, pray, "
         "spread, negotiate, illustrate, instruct, interpret, invite, prompt, provoke, "
         "question, signal, stipulate, wish, wonder, worry, fear, demonstrate, prove, "
         "forecast, uncover, confront, discount, equate")

# Hooper's and Karttunen's lists: the verbs (and verb phrases) only
NOT_A_VERB = {
    "assertive": "afraid, certain, sure, clear, obvious, evident",
    "factive": "odd, strange, interesting, relevant, sorry, exciting",
    "implicative": "careful, misfortune, sense, able",
}
for _list, _words in NOT_A_VERB.items():
    _exclude(_list, "not a verb", _words)

# Counted only in these constructions: {list: {lemma: suffix}} (the verb's forms + suffix)
CONSTRUCTIONS = {
    "implicative": {v: "to" for v in (
        "manage", "remember", "bother", "dare", "venture", "condescend", "happen", "deign",
        "forget", "fail", "neglect", "decline", "choose", "hesitate", "attempt", "care")}
    | {"succeed": "in", "refrain": "from"},
    "hedge": {"appear": "to", "tend": "to"},
}
PLAIN_IMPLICATIVES = {"avoid", "preclude"}

# ----------------------------------------------------------------------------- word forms

IRREGULAR = {  # base -> (past, past participle), "/" between variants
    "abide": ("abided/abode", "abided/abode"), "backbite": ("backbit", "backbitten"),
    "bear": ("bore", "borne/born"), "beseech": ("besought/beseeched", "besought/beseeched"),
    "browbeat": ("browbeat", "browbeaten"), "burn": ("burned/burnt", "burned/burnt"),
    "choose": ("chose", "chosen"), "dream": ("dreamed/dreamt", "dreamed/dreamt"),
    "feel": ("felt", "felt"), "find": ("found", "found"), "forbid": ("forbade", "forbidden"),
    "foretell": ("foretold", "foretold"), "forget": ("forgot", "forgotten"),
    "forgive": ("forgave", "forgiven"), "forsake": ("forsook", "forsaken"),
    "forswear": ("forswore", "forsworn"), "get": ("got", "got/gotten"),
    "hear": ("heard", "heard"), "keep": ("kept", "kept"), "know": ("knew", "known"),
    "learn": ("learned/learnt", "learned/learnt"), "make": ("made", "made"),
    "mean": ("meant", "meant"), "mislead": ("misled", "misled"),
    "misread": ("misread", "misread"), "outdo": ("outdid", "outdone"),
    "outshine": ("outshone", "outshone"), "overcome": ("overcame", "overcome"),
    "overdo": ("overdid", "overdone"), "read": ("read", "read"), "rid": ("rid", "rid"),
    "say": ("said", "said"), "see": ("saw", "seen"), "seek": ("sought", "sought"),
    "show": ("showed", "shown/showed"), "sing": ("sang", "sung"), "speak": ("spoke", "spoken"),
    "spellbind": ("spellbound", "spellbound"), "spoil": ("spoiled/spoilt", "spoiled/spoilt"),
    "spoon-feed": ("spoon-fed", "spoon-fed"), "spread": ("spread", "spread"),
    "stink": ("stank", "stunk"), "swear": ("swore", "sworn"), "teach": ("taught", "taught"),
    "tell": ("told", "told"), "think": ("thought", "thought"),
    "understand": ("understood", "understood"), "write": ("wrote", "written"),
    "lie": ("lied", "lied"), "smite": ("smote", "smitten"), "mistake": ("mistook", "mistaken"),
    "strike": ("struck", "struck/stricken"), "undergo": ("underwent", "undergone"),
}
# Participles and adjectives that MPQA files as verbs to be inflected: counted as written.
AS_WRITTEN = {"smitten", "mistaken", "spellbound", "rapt", "triumphant", "stigma"}
# Verbs of more than one syllable that double their last consonant (stress on the last
# syllable): admit -> admitted. Others of the shape do not (visit -> visited).
DOUBLING = {
    "abhor", "admit", "befit", "commit", "compel", "concur", "confer", "control", "defer",
    "deter", "emit", "equip", "excel", "expel", "extol", "impel", "incur", "infer", "occur",
    "omit", "outwit", "patrol", "permit", "prefer", "propel", "rebut", "recur", "refer",
    "regret", "repel", "submit", "transfer", "acquit", "abet", "allot", "forget",
}
# ... and those that double it in British spelling only
DOUBLING_BRITISH = {"kidnap", "worship"}
VOWELS = set("aeiou")


def _syllables(word: str) -> int:
    groups, prev = 0, False
    for c in word:
        v = c in VOWELS or c == "y"
        groups += v and not prev
        prev = v
    return max(groups, 1)


def _doubles(verb: str) -> bool:
    """Whether the verb doubles its last consonant before -ed and -ing."""
    if len(verb) < 3 or verb[-1] in VOWELS or verb[-1] in "wxy" or verb[-2] not in VOWELS \
            or verb[-3] in VOWELS:
        return False
    last = verb.split("-")[-1]
    return _syllables(last) == 1 or last in DOUBLING


def verb_forms(verb: str) -> list[str]:
    """A verb's forms: base, -s, past, past participle, -ing (regular spelling rules plus
    IRREGULAR; a final -l after one vowel both ways: travelled / traveled)."""
    if " " in verb:  # a phrase: inflect its first word ("point out", "make sense")
        head, rest = verb.split(" ", 1)
        return [f"{f} {rest}" for f in verb_forms(head)]
    if verb in AS_WRITTEN:
        return [verb]
    forms = [verb]
    if verb.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.append(verb + "es")
    elif verb.endswith("y") and verb[-2] not in VOWELS:
        forms.append(verb[:-1] + "ies")
    else:
        forms.append(verb + "s")
    stems = [verb]
    if _doubles(verb):
        stems = [verb + verb[-1]]
    elif verb in DOUBLING_BRITISH:
        stems = [verb, verb + verb[-1]]  # kidnapped / kidnaped
    elif verb.endswith("ic"):
        stems = [verb + "k"]  # panicked
    elif verb.endswith("l") and len(verb) > 3 and verb[-2] in VOWELS and verb[-3] not in VOWELS \
            and _syllables(verb) > 1:
        stems = [verb, verb + "l"]  # British and American
    if verb in IRREGULAR:
        for part in IRREGULAR[verb]:
            forms += part.split("/")
    else:
        for stem in stems:
            if verb.endswith("e"):
                forms.append(verb + "d")
            elif verb.endswith("y") and verb[-2] not in VOWELS:
                forms.append(verb[:-1] + "ied")
            else:
                forms.append(stem + "ed")
    for stem in stems:
        if verb.endswith("ie"):
            forms.append(verb[:-2] + "ying")
        elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and verb != "be":
            forms.append(verb[:-1] + "ing")
        else:
            forms.append(stem + "ing")
    return list(dict.fromkeys(forms))


PLURAL_F = {"thief": "thieves", "knife": "knives", "life": "lives", "wife": "wives",
            "half": "halves", "wolf": "wolves", "leaf": "leaves"}


def noun_forms(noun: str) -> list[str]:
    """A noun and its plural."""
    if noun in PLURAL_F:
        return [noun, PLURAL_F[noun]]
    if noun.endswith("man") and not noun.endswith(("human", "german", "shaman")):
        return [noun, noun[:-3] + "men"]
    if noun.endswith("sis"):
        return [noun, noun[:-3] + "ses"]
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return [noun, noun + "es"]
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in VOWELS:
        return [noun, noun[:-1] + "ies"]
    return [noun, noun + "s"]


# British spellings of the lists' American forms (the seed outlets write criticised,
# favourite, sceptical): -ize/-ization -> -ise/-isation, -or -> -our in these stems (not
# before -ous, -ary, -ific: humorous, honorary, honorific), and a few single words.
OUR_STEMS = ("honor", "favor", "humor", "valor", "rancor", "clamor", "candor", "splendor",
             "ardor", "vigor", "glamor", "savior", "behavior", "neighbor", "labor", "endeavor")
NOT_IZE = ("seiz", "siz", "priz", "capsiz")
BRITISH_WORDS = {"skeptic": "sceptic", "offense": "offence", "defense": "defence",
                 "judgment": "judgement"}


def british(form: str) -> str:
    """The British spelling of a form (the form itself when it has none)."""
    words = []
    for w in form.split(" "):
        m = re.search(r"iz(e|es|ed|ing|ation|ations|er|ers)$", w)
        if m and len(w) > 5 and not w.startswith(NOT_IZE):
            w = w[:m.start()] + "is" + w[m.start() + 2:]
        for stem in OUR_STEMS:
            i = w.find(stem)
            if i >= 0 and not w[i + len(stem):].startswith(("ous", "ary", "ari", "ific")):
                w = w[:i] + stem[:-2] + "our" + w[i + len(stem):]
                break
        for us, gb in BRITISH_WORDS.items():
            if w.startswith(us):
                w = gb + w[len(us):]
        words.append(w)
    return " ".join(words)


def with_british(forms: list[str]) -> list[str]:
    """Each form followed by its British spelling, if it has another."""
    return list(dict.fromkeys(f for form in forms for f in (form, british(form))))


ADJECTIVE_ENDINGS = ("ly", "ous", "ful", "ic", "al", "ive", "able", "ible", "ing", "ed", "ish",
                     "ent", "ant", "est", "less", "some", "ary", "ile", "ite")


def forms_for(word: str, pos: str, stemmed: bool) -> list[str]:
    """The forms an MPQA clue matches: as written, or with the inflections of its part of
    speech when it is stemmed (anypos: as a noun and a verb, unless the word is shaped like
    an adjective or adverb)."""
    if not stemmed:
        return [word]
    if pos == "verb":
        return verb_forms(word)
    if pos == "noun":
        return noun_forms(word)
    if pos == "anypos":
        if word.endswith(ADJECTIVE_ENDINGS) or (word.endswith("y") and not word.endswith("ity")):
            return [word]
        return list(dict.fromkeys(noun_forms(word) + verb_forms(word)))
    return [word]


# ----------------------------------------------------------------------------- reading


def read_list(root: Path, name: str) -> list[str]:
    """The entries of a one-word-a-line list (``#`` comments; CR LF or LF)."""
    text = (root / name).read_text(encoding="utf-8")
    return [l.strip() for l in text.splitlines() if l.strip() and not l.strip().startswith("#")]


def read_mpqa(root: Path) -> list[dict]:
    rows = []
    for line in (root / MPQA).read_text(encoding="utf-8").splitlines():
        d = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        if d:
            d["polarity"] = d.get("priorpolarity", d.get("polarity", ""))
            rows.append(d)
    return rows


# ----------------------------------------------------------------------------- building

def build(root: Path) -> tuple[list[dict], list[dict]]:
    """(lexicon rows, excluded rows) from the lists under ``root``."""
    candidates: list[dict] = []   # term, forms, category, list, note
    excluded: list[dict] = []

    def skip(word: str, list_name: str, reason: str) -> None:
        excluded.append({"word": word, "list": CITATION[list_name], "reason": reason})

    # MPQA strong subjective clues, grouped by word
    by_word: dict[str, list[dict]] = {}
    for d in read_mpqa(root):
        if d["type"] == "strongsubj":
            by_word.setdefault(d["word1"], []).append(d)
    # a topic word is left out in all its forms ("massacre": also the entry "massacres")
    excluded_mpqa: dict[str, str] = {}
    for word, reason in {**EXCLUDED["*"], **EXCLUDED["strong_subjective"]}.items():
        excluded_mpqa.setdefault(word, reason)
        if reason == "topic":
            for form in [*noun_forms(word), *verb_forms(word)]:
                excluded_mpqa.setdefault(form, reason)
    for word, entries in sorted(by_word.items()):
        polarities = {d["polarity"] for d in entries} - {"neutral"}
        if not polarities:
            skip(word, "strong_subjective", "neutral polarity")
            continue
        reason = excluded_mpqa.get(word)
        if reason:
            skip(word, "strong_subjective", reason)
            continue
        polarity = "both" if len(polarities) > 1 or "both" in polarities else polarities.pop()
        forms: list[str] = []
        for d in entries:
            forms += forms_for(word, d["pos1"], d["stemmed1"] in ("y", "1"))
        pos = "/".join(sorted({d["pos1"] for d in entries}))
        candidates.append({"term": word, "forms": list(dict.fromkeys(forms)),
                           "category": f"strong_subjective_{polarity}", "list": "strong_subjective",
                           "detail": f"{pos}, {polarity}"})

    # hedges, factives, assertives, implicatives, report verbs
    hedge_lemmas = _hedge_lemmas(read_list(root, LISTS["hedge"]))
    for list_name in ("hedge", "factive", "assertive", "implicative", "report_verb"):
        words = hedge_lemmas if list_name == "hedge" else \
            {w: "verb" for w in read_list(root, LISTS[list_name])}
        for word, kind in words.items():
            reason = EXCLUDED.get(list_name, {}).get(word) or EXCLUDED["*"].get(word)
            if reason:
                skip(word, list_name, reason)
                continue
            if word in CONSTRUCTIONS.get(list_name, {}):
                tail = CONSTRUCTIONS[list_name][word]
                forms = [f"{f} {tail}" for f in verb_forms(word)]
                term = f"{word} {tail}"
            elif list_name == "implicative" and word not in PLAIN_IMPLICATIVES:
                skip(word, list_name, "not a verb with an infinitive")
                continue
            else:
                forms = verb_forms(word) if kind == "verb" else [word]
                term = word
            candidates.append({"term": term, "forms": forms, "category": list_name,
                               "list": list_name, "detail": ""})

    # Recasens et al.'s bias lemmas: the kept ones, and those that another kept list has
    # (which count there, with the bias lexicon named among their sources)
    kept = {c["term"].split(" ")[0] for c in candidates}
    also_bias: set[str] = set()
    for lemma in read_list(root, BIAS):
        if lemma in BIAS_KEEP:
            pos = BIAS_KEEP[lemma]
            forms = verb_forms(lemma) if pos == "verb" else noun_forms(lemma) if pos == "noun" else [lemma]
            candidates.append({"term": lemma, "forms": forms, "category": "bias_lemma",
                               "list": "bias_lemma", "detail": ""})
        elif lemma in kept:
            also_bias.add(lemma)
        else:
            skip(lemma, "bias_lemma", _bias_reason(lemma))

    for c in candidates:
        c["forms"] = with_british(c["forms"])

    # one category per form: the first in PRECEDENCE
    rank = {c: i for i, (c, _b) in enumerate(PRECEDENCE)}
    candidates.sort(key=lambda c: (rank[c["category"]], c["term"]))
    first: dict[str, dict] = {}  # a term in several lists: all its forms to the first
    for c in candidates:
        if c["term"] in first:
            first[c["term"]]["forms"] = list(dict.fromkeys(first[c["term"]]["forms"] + c["forms"]))
        else:
            first[c["term"]] = c
    owner: dict[str, int] = {}
    for i, c in enumerate(candidates):
        for form in c["forms"]:
            if form in FORMS_EXCLUDED:
                continue
            if not (form[0].isalnum() and form[-1].isalnum()):  # "anti-": not a word
                excluded.append({"word": form, "list": CITATION[c["list"]], "reason": "artefact"})
                continue
            owner.setdefault(form, i)
    lists_of: dict[str, list[str]] = {}
    for c in candidates:
        lists_of.setdefault(c["term"].split(" ")[0], []).append(
            CITATION[c["list"]] + (f": {c['detail']}" if c["detail"] else ""))
    for lemma in also_bias:
        lists_of[lemma].append(CITATION["bias_lemma"])
    rows = []
    for i, c in enumerate(candidates):
        forms = [f for f in c["forms"] if owner.get(f) == i]
        if not forms:
            continue
        key = c["term"].split(" ")[0]
        mine = CITATION[c["list"]] + (f": {c['detail']}" if c["detail"] else "")
        others = [s for s in dict.fromkeys(lists_of[key]) if s != mine]
        rows.append({"term": c["term"], "forms": "|".join(forms), "category": c["category"],
                     "bias_type": BIAS_TYPE[c["category"]],
                     "source": "; ".join([mine] + others)})
    for form, reason in FORMS_EXCLUDED.items():
        excluded.append({"word": form, "list": "any list (this form only)", "reason": reason})
    excluded.sort(key=lambda e: (e["list"], e["word"]))
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    rows.sort(key=lambda r: (order[r["category"]], r["term"]))
    return rows, excluded


def _hedge_lemmas(entries: list[str]) -> dict[str, str]:
    """Hyland's hedges as lemmas: his verbs come in some of their forms (seems, appeared,
    suggests); each verb is counted in all of them. -> {lemma or phrase: "verb" | "word"}."""
    verbs = {"appear", "assume", "claim", "doubt", "estimate", "feel", "guess", "indicate",
             "postulate", "seem", "suggest", "suppose", "suspect", "argue", "tend"}
    out: dict[str, str] = {}
    for e in entries:
        lemma = next((v for v in verbs if e in verb_forms(v) or e in (f"{f} to" for f in verb_forms(v))), None)
        if lemma:
            out.setdefault(lemma, "verb")
        else:
            out.setdefault(e, "word")
    return out


def render(rows: list[dict], fields: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lexicons", type=Path, default=DEFAULT_LEXICONS,
                        help="the folder of the published lists (default: ../shared/lexicons)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the files in data/ differ from a fresh build")
    args = parser.parse_args(argv)
    if not (args.lexicons / MPQA).is_file():
        print(f"error: {args.lexicons / MPQA} not found (give --lexicons)", file=sys.stderr)
        return 2
    rows, excluded = build(args.lexicons)
    outputs = {OUT: render(rows, ["term", "forms", "category", "bias_type", "source"]),
               OUT_EXCLUDED: render(excluded, ["word", "list", "reason"])}
    if args.check:
        stale = [p.name for p, text in outputs.items()
                 if not p.is_file() or p.read_text(encoding="utf-8") != text]
        print("up to date" if not stale else f"differ from a fresh build: {', '.join(stale)}")
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["category"]] = counts.get(r["category"], 0) + 1
    print(f"{OUT.name}: {len(rows)} entries, "
          f"{sum(len(r['forms'].split('|')) for r in rows)} forms; "
          + ", ".join(f"{c} {n}" for c, n in counts.items()))
    print(f"{OUT_EXCLUDED.name}: {len(excluded)} entries left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
