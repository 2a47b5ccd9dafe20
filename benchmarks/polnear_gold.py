"""The gold side of the PolNeAR speakers benchmark (``benchmarks/speakers_polnear.py``):
PolNeAR's brat annotations read, and the rules that decide from the raw text whether a
gold attribution is a direct quotation and whether its source names a person. Each
definition is a function below, tested in tests/test_benchmark_speakers.py.

- **Gold attribution**: an ``E`` line of the article's annotation file whose type starts
  with ``Attribution`` (``Attribution``, ``Attribution-no-source``) and that has a
  content span. Spans may be discontinuous (``T3 Content 10 20;25 40``): a span is the
  list of its parts; ``Content2`` counts as content. When an article was annotated by
  several people, the first annotation file by sorted name is used (the others are
  ignored).
- **Quoted stretch**: text between double quotation marks (straight ``"``, curly
  “ ”, or two apostrophes ``''``, as the New York Times articles write them) paired
  within a line of the raw text (paragraphs are lines, most separated by blank lines;
  the suite reads each line as a paragraph too); a mark left open runs to the end of
  its line. Single quotes are not read (US news uses them only inside double
  quotes and in headlines).
- **Direct quotation (gold)**: a gold attribution whose content shares at least
  ``MIN_QUOTED_WORDS`` (3) words with one quoted stretch (a word as the suite counts
  them: letters and digits joined by inner hyphens or apostrophes, "That's" and
  "long-standing" are one word each). Its *quoted part* is the list of those
  intersections of the content with a quoted stretch that hold 3 words or more; several
  scare quotes of one or two words do not add up. So a paraphrase that quotes a phrase of three
  or more words ("said the movement appeals to the “bad angels of human nature”") is
  direct, and a two-word scare quote inside a paraphrase is not (the suite treats quotes
  of at most two words the same way).
- **Reported speech (gold)**: every other gold attribution. Only those with a source
  span can be found "with the right source".
- **Source names a person** (:func:`person_name`): parentheses are dropped ("(R-SC)")
  and the source is cut at commas, colons, semicolons and dashes (appositions: "Hope
  Hicks, Trump's spokeswoman"); each piece is read up to its first preposition or
  relative pronoun (of, from, at, in, for, with, to, on, by, about, who, which, that,
  ...; "of" after a title stays: "Secretary of State Hillary Clinton"), so "Patricia
  Moran of Cheyenne" is Moran and "a senior adviser to Cruz" names nobody. The first
  piece whose last word (after "Jr.", "Sr.", "III" and a possessive "'s" are removed)
  is a name word names a person, and that piece is the name. A name word starts with a
  capital, has a lower-case letter (so not "CNN", "AP"), and is not a pronoun, an
  organisation or media word ("Times", "News", "Campaign", "Party"), a title alone
  ("President"), a group ("Republicans"), a place or a common word that opens sentences
  ("Officials", "Critics"): the lists are ``NOT_NAMES`` below. A piece of one word must
  also be written capitalised inside a sentence somewhere in the article (after a word,
  comma, semicolon, a quotation closed after , ; ! ? or an initial: "Barney Frank", "…,”
  Frank said", "Harry M. Reid"), so a sentence-initial "Critics" is no name.
  ``benchmarks/speakers_polnear.py`` prints how many gold items the rule keeps and ``--examples``
  random sources of each class (fixed seed) so a reader can check it.
- **Surname**: the last word of the name (possessive and "Jr." removed): "Mrs. Clinton"
  -> Clinton, "Trump's" -> Trump, "Donald J. Trump Jr." -> Trump.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SPLIT = "train"
MIN_QUOTED_WORDS = 3  # words of the content inside quotation marks for a direct quotation

_OPEN, _CLOSE = '"“', '"”'
_WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:[-'’]\w+)*")  # "long-standing", "That's", "200,000"
_NAME_TOKEN = re.compile(r"[^\W\d_][\w.'’-]*")
_PIECE_BREAK = re.compile(r"[,;:—–]|\s-\s")
# a word inside a sentence: after a word, a comma or semicolon, a closing quote after
# , ; ! ? ("…,” Cruz said") or an initial ("Harry M. Reid"), and a space
_INSIDE = re.compile(r"(?:(?<=[\w,;])|(?<=[,;!?][\"”'’])|(?<=\b[A-Z]\.))[^\S\n]+(\w[\w'’-]*)")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")

# a piece of a source is read up to the first of these ("Patricia Moran of Cheyenne",
# "a senior adviser to Cruz", "Clinton in an interview")
CUT_WORDS = {"of", "from", "at", "in", "for", "with", "to", "on", "by", "about", "who",
             "whose", "which", "that", "during", "after", "before", "via", "through"}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
PRONOUNS = {"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she",
            "her", "they", "them", "their", "it", "its", "who", "whom", "one", "himself",
            "herself", "themselves", "itself", "someone", "somebody", "everyone", "everybody",
            "nobody", "anyone", "anybody", "others", "other", "many", "some", "most", "few",
            "both", "all", "each", "this", "that", "these", "those"}
ORGANISATION_WORDS = {
    # media
    "times", "post", "news", "journal", "tribune", "herald", "magazine", "press", "network",
    "media", "daily", "weekly", "review", "report", "reports", "today", "hill", "politico",
    "breitbart", "reuters", "bloomberg", "axios", "buzzfeed", "salon", "slate", "vox",
    "atlantic", "economist", "guardian", "telegraph", "examiner", "beacon", "caller",
    "blaze", "mail", "globe", "observer", "star", "sun", "standard", "chronicle",
    "register", "gazette", "inquirer", "bulletin", "radio", "television", "channel", "fox",
    "twitter", "facebook", "google", "youtube", "instagram", "wikileaks", "drudge",
    # polls
    "poll", "polls", "survey", "gallup", "quinnipiac", "rasmussen", "marist", "monmouth",
    "ipsos", "pew", "emerson", "suffolk", "siena", "morning", "consult",
    # bodies
    "campaign", "party", "committee", "caucus", "house", "senate", "congress",
    "administration", "department", "agency", "bureau", "office", "service", "court",
    "council", "commission", "association", "institute", "university", "college",
    "school", "center", "centre", "foundation", "fund", "group", "inc", "corp", "company",
    "club", "union", "coalition", "alliance", "organization", "organisation", "federation",
    "project", "action", "initiative", "forum", "cabinet", "pentagon", "kremlin",
    "vatican", "police", "army", "navy", "military", "convention", "conference", "trust",
    "leadership", "majority", "minority", "government", "ministry", "board", "staff",
    "team", "family", "state", "states", "nations", "republic", "parenthood", "watch",
    "clinic", "church", "league", "society", "council", "authority", "commission",
    "secretariat", "pac", "superpac", "lab", "labs", "research", "studies", "study",
    "analysis", "department", "agencies", "officials", "court", "courts", "circuit",
    "bank", "treasury", "capitol", "hq", "headquarters", "headquarter",
}
TITLE_WORDS = {"president", "senator", "sen", "governor", "gov", "secretary", "speaker",
               "chairman", "chairwoman", "chair", "director", "judge", "justice", "mayor",
               "pope", "queen", "prince", "minister", "leader", "candidate",
               "nominee", "congressman", "congresswoman", "representative", "rep", "mr",
               "mrs", "ms", "dr", "general", "gen", "attorney", "spokesman",
               "spokeswoman", "spokesperson", "ambassador", "commissioner", "sheriff",
               "chief", "vice", "first", "lady", "former", "presidential", "democrat",
               "republican", "independent", "libertarian"}
GROUP_WORDS = {"republicans", "democrats", "americans", "conservatives", "liberals",
               "progressives", "evangelicals", "christians", "muslims", "jews", "catholics",
               "hispanics", "latinos", "latinas", "mexicans", "europeans", "israelis",
               "palestinians", "russians", "iranians", "syrians", "chinese", "british",
               "germans", "french", "africans", "asians", "blacks", "whites", "millennials",
               "independents", "libertarians", "socialists", "feminists", "berniecrats",
               "trumpsters", "gop", "dems", "supporters", "voters", "delegates", "donors",
               "trumpers", "clintonites"}
PLACE_WORDS = {"america", "united", "russia", "china", "mexico", "iran", "israel", "syria",
               "iraq", "cuba", "japan", "canada", "ukraine", "turkey", "pakistan", "arabia",
               "britain", "england", "france", "germany", "europe", "washington", "moscow",
               "beijing", "tehran", "jerusalem", "london", "paris", "brussels", "iowa",
               "york", "california", "texas", "florida", "ohio", "virginia", "carolina",
               "hampshire", "nevada", "nation", "country", "world", "korea", "libya", "afghanistan", "egypt", "vegas",
               "hollywood", "wall", "street", "silicon", "valley", "city"}
# common words that open sentences and may be a source ("Officials said", "Critics say")
COMMON_OPENERS = {"officials", "critics", "sources", "experts", "analysts", "aides",
                  "advisers", "advisors", "people", "observers", "residents", "protesters",
                  "activists", "lawmakers", "leaders", "members", "workers", "women", "men",
                  "americans", "polls", "data", "records", "documents", "emails", "studies",
                  "reports", "research", "surveys", "numbers", "figures", "insiders",
                  "investigators", "prosecutors", "police", "authorities", "witnesses",
                  "democrats", "republicans", "conservatives", "liberals", "opponents",
                  "allies", "friends", "fans", "rivals", "pundits", "commentators",
                  "journalists", "reporters", "historians", "economists", "scientists",
                  "strategists", "operatives", "staffers", "organizers", "polling",
                  "everyone", "nobody", "none", "several", "there", "here", "what",
                  "which", "why", "how", "when", "where", "if", "as", "but", "and", "so",
                  "yet", "still", "then", "now", "also", "even", "only", "just", "perhaps",
                  "maybe", "indeed", "instead", "meanwhile", "however", "the", "a", "an",
                  "according"}
NOT_NAMES = (PRONOUNS | ORGANISATION_WORDS | TITLE_WORDS | GROUP_WORDS | PLACE_WORDS
             | COMMON_OPENERS)


Spans = list  # list[tuple[int, int]]: the parts of a (possibly discontinuous) span


@dataclass
class Gold:
    """One gold attribution of an article."""

    id: str
    kind: str  # "Attribution" or "Attribution-no-source"
    content: Spans
    source: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)
    source_text: str = ""
    quoted: Spans = field(default_factory=list)  # the content's quoted part
    direct: bool = False
    person: str = ""  # the words of the source that name a person, or ""
    surname: str = ""


@dataclass
class GoldArticle:
    name: str
    outlet: str
    text: str
    annotation_file: str
    attributions: list[Gold]


def parse_ann(ann: str) -> list[Gold]:
    """The attributions of a brat standoff annotation (``T`` and ``E`` lines; other lines,
    and the continuation lines of a span text that holds a line break, are ignored).
    Attributions without a content span are left out."""
    spans: dict[str, Spans] = {}
    events: list[tuple[str, str, list[tuple[str, str]]]] = []
    for line in ann.splitlines():
        t = re.match(r"(T\d+)\t\S+ (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)", line)
        if t:
            spans[t.group(1)] = [tuple(int(x) for x in part.split())
                                 for part in t.group(2).split(";")]
            continue
        e = re.match(r"(E\d+)\t(\S+)", line)
        if e:
            args = [a.split(":", 1) for a in line.split("\t", 1)[1].split() if ":" in a]
            events.append((e.group(1), args[0][0] if args else "", args[1:]))
    found = []
    for eid, kind, args in events:
        if not kind.startswith("Attribution"):
            continue
        roles: dict[str, Spans] = {"Content": [], "Source": [], "Cue": []}
        for role, tid in args:
            base = role.rstrip("0123456789")
            if base in roles and tid in spans:
                roles[base].extend(spans[tid])
        if roles["Content"]:
            found.append(Gold(eid, kind, sorted(roles["Content"]), sorted(roles["Source"]),
                              sorted(roles["Cue"])))
    return found


def span_text(text: str, spans: Spans) -> str:
    """The words of a possibly discontinuous span, its parts joined by a space."""
    return " ".join(text[a:b].strip() for a, b in spans)


def quoted_stretches(text: str) -> Spans:
    """The stretches between double quotation marks (without the marks), paired within
    each line (a paragraph of the text files, which the suite also reads line by line);
    a mark left open runs to the end of its line. Two apostrophes are one double
    quotation mark (the New York Times articles write ''…'')."""
    out = []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    ends = [m.start() for m in re.finditer("\n", text)] + [len(text)]
    for start, end in zip(starts, ends):
        open_at = None
        i = start
        while i < end:
            width = 2 if text.startswith("''", i) and not (
                i > start and text[i - 1].isalnum() and i + 2 < end and text[i + 2].isalnum()) else 1
            mark = width == 2 or text[i] in (_OPEN if open_at is None else _CLOSE)
            if mark and open_at is None:
                open_at = i + width
            elif mark:
                out.append((open_at, i))
                open_at = None
            i += width
        if open_at is not None:
            out.append((open_at, end))
    return [(a, b) for a, b in out if b > a]


def intersect(a: Spans, b: Spans) -> Spans:
    """The parts where two span lists overlap."""
    out = []
    for x0, x1 in a:
        for y0, y1 in b:
            lo, hi = max(x0, y0), min(x1, y1)
            if lo < hi:
                out.append((lo, hi))
    return sorted(out)


def overlaps(a: Spans, b: Spans) -> bool:
    return bool(intersect(a, b))


def count_words(text: str, spans: Spans) -> int:
    return sum(len(_WORD.findall(text[a:b])) for a, b in spans)


def strip_possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _is_name_word(word: str) -> bool:
    word = word.rstrip(".")
    return (len(word) > 1 and word[0].isupper() and any(c.islower() for c in word)
            and word.casefold() not in NOT_NAMES)


def _pieces(source: str) -> list[list[str]]:
    """The source cut into pieces (parentheses dropped; commas, colons, semicolons and
    dashes cut), each a list of the words before its first preposition or relative
    pronoun ("of" after a title stays: "Secretary of State Hillary Clinton") once the
    prepositions opening it are passed ("In each state" -> each, "about half of voters"
    -> half), without trailing name suffixes."""
    source = re.sub(r"\([^)]*\)?", " ", source)
    out = []
    for piece in _PIECE_BREAK.split(source):
        words = _NAME_TOKEN.findall(piece)
        while words and words[0].casefold() in CUT_WORDS - {"who", "whose", "which", "that"}:
            words = words[1:]  # "In each state, about half of voters": each, half
        for i, w in enumerate(words):
            if w.casefold() in CUT_WORDS and not (
                    i and w.casefold() == "of" and words[i - 1].rstrip(".").casefold() in TITLE_WORDS):
                words = words[:i]
                break
        while words and strip_possessive(words[-1]).rstrip(".").casefold() in NAME_SUFFIXES:
            words.pop()
        if words:
            out.append(words)
    return out


def person_name(source: str, *, inside_words: set[str] | None = None) -> str:
    """The words of an annotated source that name a person ("" if none): the first piece
    whose last word is a name word (see the module docstring). ``inside_words``: the
    words the article writes capitalised inside a sentence (:func:`capitalised_inside`);
    when given, a piece of one word names a person only if it is one of them."""
    for words in _pieces(source):
        last = strip_possessive(words[-1]).rstrip(".")
        if _is_name_word(last) and (len(words) > 1 or inside_words is None or last in inside_words):
            return " ".join(words)
    return ""


def surname(name: str) -> str:
    """The last word of a name, without possessive, suffix or final full stop."""
    pieces = _pieces(name)
    return strip_possessive(pieces[0][-1]).rstrip(".") if pieces else ""


def source_key(source: str, *, inside_words: set[str] | None = None) -> str:
    """The word a speaker must contain to be the right source: the surname when the
    source names a person, else the last word of its first piece without possessive."""
    name = person_name(source, inside_words=inside_words)
    if name:
        return surname(name)
    pieces = _pieces(source)
    if pieces:
        return strip_possessive(pieces[0][-1]).rstrip(".")
    # a relative pronoun standing as the source ("…, who said …"): the pronoun as written;
    # a number ("About 4 in 10"): its last word
    words = re.findall(r"\w+", source)
    if words and words[0].casefold() in ("who", "whose", "which", "that", "whom"):
        return words[0]
    return words[-1] if words else ""


def capitalised_inside(text: str) -> set[str]:
    """The capitalised words an article writes inside a sentence (after a word, a comma,
    a semicolon, a closing quote after , ; ! ? or an initial, and a space: "Barney
    Frank", "said Trump", "…,” Cruz said", "Harry M. Reid"), without possessive: a
    one-word source ("Frank") must be one of them to name a person, so that a
    sentence-initial "Officials" or "Critics" does not."""
    return {strip_possessive(m.group(1)) for m in _INSIDE.finditer(text) if m.group(1)[0].isupper()}


def annotate(text: str, attributions: list[Gold]) -> list[Gold]:
    """Fill in each attribution's source text, quoted part, direct flag, person name and
    surname from the article's raw text."""
    stretches = quoted_stretches(text)
    inside = capitalised_inside(text)
    for g in attributions:
        g.source_text = span_text(text, g.source)
        g.quoted = [p for p in intersect(g.content, stretches)
                    if count_words(text, [p]) >= MIN_QUOTED_WORDS]
        g.direct = bool(g.quoted)
        g.person = person_name(g.source_text, inside_words=inside) if g.source else ""
        g.surname = surname(g.person) if g.person else ""
    return attributions


def read_gold(corpus: Path, *, limit: int | None = None, seed: int = 0) -> tuple[list[GoldArticle], int]:
    """The articles of the corpus (``limit``: a random sample of that many, drawn with
    ``seed``), each with the first annotation file by sorted name; and how many articles
    had more than one annotation file."""
    root = corpus / "data" / SPLIT
    texts = sorted((root / "text").glob("*.txt"))
    anns: dict[str, list[Path]] = {}
    for f in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(f.stem.rsplit("_", 1)[0], []).append(f)
    outlets = _outlets(corpus)
    texts = [t for t in texts if t.stem in anns]
    if limit is not None and limit < len(texts):
        texts = sorted(random.Random(seed).sample(texts, limit))
    articles = []
    for t in texts:
        raw = t.read_text(encoding="utf-8")
        ann = anns[t.stem][0]
        gold = annotate(raw, parse_ann(ann.read_text(encoding="utf-8")))
        articles.append(GoldArticle(t.stem, outlets.get(t.stem, t.stem.split("_")[0]), raw,
                                    ann.name, gold))
    return articles, sum(len(anns[t.stem]) > 1 for t in texts)


def _outlets(corpus: Path) -> dict[str, str]:
    meta = corpus / "data" / "metadata.tsv"
    if not meta.is_file():
        return {}
    frame = pd.read_csv(meta, sep="\t", dtype=str, keep_default_na=False)
    return dict(zip(frame["filename"], frame["publisher"]))
