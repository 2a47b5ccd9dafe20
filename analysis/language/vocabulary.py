"""The closed English word lists of the rules, in one place: those the people detector
(:mod:`analysis.people.candidates`, :mod:`analysis.people.names`), the speaker finder
(:mod:`analysis.people.attribution`, :mod:`analysis.people.quotations`) and the voice
tables read. The open lists (given names, titles, organisation words, nationalities and
places, stop words, the lexicon) are data files in ``data/`` that a corpus folder may
replace or extend; these are not yet (docs/limits.md).

Each list's comment says what it is for; the reporting verbs name their published
sources, the rest are English function words and news usage written by hand."""
from __future__ import annotations

# Reporting verbs (cues), as written: verbs that attribute words, thoughts or a stance to a
# source, the kinds of attribution PolNeAR's annotation guide marks (Newell et al. 2018).
# Every verb of the report verbs of Recasens, Danescu-Niculescu-Mizil & Jurafsky (2013)
# and the assertive and factive verbs of Hooper (1975) (both in
# ../shared/lexicons/bias_related_lexicons) but seem, appear, figure, grant, intimate and
# the emotive factives bother, care, amuse and suffice, with verbs of stance news uses for
# the same purpose ("backed", "blasted"). Each lemma has a kind: speech (words), thought (belief,
# knowledge, wish) or stance (for or against someone or something).
CUE_KINDS = {
    "speech": "accuse acknowledge add admit advise alert allege announce answer apologize argue "
              "ask assert assure beg boast caution charge cite claim clarify comment complain "
              "concede confirm contend counter declare demand deny describe disclose dispute "
              "emphasize emphasise explain hint indicate inform insist instruct joke lament "
              "maintain mention note object observe pledge point predict promise propose "
              "question quote recall recommend reiterate remark remind repeat reply "
              "request respond restate reveal say signal stress suggest swear "
              "tell testify threaten tweet urge vow warn write post email imply "
              "reaffirm underscore underline show demonstrate illustrate express command "
              "compare confront congratulate contradict convey debate discuss extol extoll "
              "forbid forecast foretell guarantee insert interpret interview invite issue "
              "justify negotiate offer order persuade pray present protest prove "
              "provoke raise rally read rebut refer refute relate sing speculate spread "
              "stipulate teach uncover voice affirm certify divulge verify prophesy",
    "thought": "believe think expect hope worry fear feel know realize realise see view "
               "consider suppose imagine guess suspect doubt wonder understand remember "
               "forget learn discover find notice want wish prefer decide conclude estimate "
               "reckon regret assume determine discount disregard encourage gather hear "
               "mean reflect surmise hypothesize postulate theorize calculate deduce presume "
               "perceive resent",
    "stance": "support oppose back endorse praise criticize criticise blast slam attack "
              "condemn denounce decry defend reject dismiss welcome mock thank blame favor "
              "favour applaud hail challenge question seek decline refuse agree disagree "
              "call",
}
# Lemmas written the same as a frequent noun ("support", "plans", "calls"): their base and
# -s forms are cues only after a subject (a name, pronoun or plural) or an auxiliary
# ("would support"), never after an article, possessive or preposition ("the campaign's
# support", "for support").
NOUN_LIKE = frozenset("answer charge claim comment counter demand hint joke note object "
                      "pledge point promise question quote recall request reply signal "
                      "stress tweet vow post email fear hope view doubt guess wish "
                      "estimate regret support back attack blast slam favor favour challenge "
                      "call thank blame praise alert command debate forecast issue offer "
                      "order present protest rally read voice spread interview guarantee "
                      "insert mean discount".split())
# Of "report" and "state" only the past and -ing forms ("reports" and "states" are mostly
# nouns); of "speak" and "talk" the forms with what is spoken about.
EXTRA_CUES = ("according to", "pointed out", "points out", "went on", "made clear",
               "made it clear", "referring to", "called for", "called on", "calls for",
               "reported", "reporting", "stated", "stating", "spoke about", "spoke of",
               "speaks about", "speaking about", "talked about", "talks about", "talking about",
               "spoke out")
# forms that are seldom attributions ("their countries have seen disputes")
NOT_CUES = frozenset({"seen"})
SUBJECT_PRONOUNS = frozenset("i we they you he she it who which that".split())
ADJECTIVE_ENDINGS = ("ed", "al", "ive", "ful", "ous", "ic", "ing", "ary", "ible", "able", "less")
DETERMINERS = frozenset("his her their its our my your this that these those such no "
                         "every each any high new own first last".split())
NOT_PLURAL = frozenset("his its this thus as was is has does us plus always perhaps whereas "
                        "news series politics analysis".split())
BE_FORMS = frozenset("is are was were be been being 's ’s".split())
# Words passed over between a speaker and its verb ("has also said", "later told").
SKIP_BACK = frozenset("has have had also previously repeatedly would will did does do not never "
                      "later then again often recently publicly privately reportedly once "
                      "already still even frequently first just now since is was were are been "
                      "be could might may should must can further similarly himself herself "
                      "themselves itself n't don't doesn't didn't won't wouldn't can't couldn't "
                      "isn't wasn't hasn't haven't hadn't shouldn't".split()
                      + "don’t doesn’t didn’t won’t wouldn’t can’t couldn’t isn’t wasn’t hasn’t "
                        "haven’t hadn’t shouldn’t".split())
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
                         "both", "one", "another"})
ARTICLES = frozenset({"a", "an", "the", "one", "two", "three", "several", "some", "many",
                      "other", "another", "most", "few", "both"})
# Descriptions of people not named that the person nouns of data/name_titles.csv (and
# their plurals in -s) do not hold.
ANONYMOUS_WORDS = frozenset("source sources insider insiders observer observers supporter "
                            "supporters voter voters people person someone spokespeople staff "
                            "democrats republicans conservatives liberals residents witnesses "
                            "investigators allies donors delegates".split())
# Abbreviated titles and the person nouns they stand for ("Sen. Ted Cruz" ... "the senator").
TITLE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor",
                       "gen": "general", "pres": "president", "sec": "secretary",
                       "lt": "lieutenant", "col": "colonel", "amb": "ambassador"}
# Verbs whose subject is not an agent's attribution: be, have, do, seem and their kin
# ("Trump remains popular")
NOT_ACTIONS = frozenset("be have do seem remain appear become look need live mean continue "
                        "begin start try keep stay".split())

# A lower-case word that may stand inside a name between capitalised words.
PARTICLES = frozenset("de da di del della der den des du dos das van von ter bin ibn al el la le y".split())
# Inside a run, these join an organisation word to what follows ("Department of Justice",
# "Committee for ..."); in a person's run they end the name ("Emmanuel Macron of France").
CONNECTORS = frozenset({"of", "for"})
SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
# Verbs of speech directly after a name: evidence of a person (or of an organisation).
SPEECH_VERBS = frozenset("said says told tells added wrote tweeted asked argued insisted noted "
                         "explained claimed warned stated announced replied responded".split())
# Words before a month that make it a date, not a surname ("early May").
DATE_WORDS = frozenset({"early", "late", "mid", "last", "next", "since", "until"})
APPOSITION_OPENERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "who", "whose"})
