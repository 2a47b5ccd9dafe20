"""People and organisations found in the text, with no registry.

:func:`find_people` reads one article's analysis text and returns one row per mention of a
person or an organisation (``PEOPLE_COLUMNS``);
:func:`analysis.people.canonical.canonical_people` then gives every canonical name of a
corpus its corpus-wide form. Pure rules and word lists, no model. The runs, organisations,
titles and evidence of one sentence are read in :mod:`analysis.people.candidates`; the
decisions within an article ("Within an article", "Headline-case lines") are made here;
the word lists are loaded by :mod:`analysis.people.name_lists`:

- **Runs.** A mention starts as a run of capitalised words in one sentence, joined by
  single spaces, holding initials ("Michael T. Flynn"), name particles ("von der") and
  the abbreviations of honorifics and titles ("Mr.", "Sen."). All-capital words are not
  names (datelines, "WEST PALM BEACH") unless the organisation list has them ("FBI").
- **Organisations** are decided first: a run that is on the organisation list ("White
  House", "Kremlin", "Reuters", "Associated Press"), that ends in an organisation word
  ("Democratic National Committee", "New York Times") or that has one followed by
  "of"/"for" and capitalised words ("Department of Justice").
- **Front of a run.** Function words and sentence openers ("But", "According"), then
  nationalities, places and group words ("Russian", "Belarus'", "Republican"), then
  titles and honorifics ("President", "Prime Minister", "Mrs.", "Secretary of State") are
  taken off the front; a title is kept in ``title``. What is left, up to a connector
  ("of", "and", a weekday), is the name.
- **Evidence that a name is a person's**, in this order (``evidence`` names the first
  that holds): ``title`` (a title or honorific directly before it), ``given-name`` (two
  or more words, the first a given name of ``data/given_names.csv``, not written in
  lower case elsewhere in the article when it opens the sentence: "Will", "Hope"),
  ``apposition`` (", Trump's campaign manager," or ", who ..." after it),
  ``description`` (a person noun directly before it: "campaign manager Brad Parscale"),
  ``initial`` ("James B. Comey"), ``speech-verb`` ("... said", "... told").
- **Within an article** a full name (two or more words) is one person, its canonical
  name the words without middle initials ("James B. Comey" -> "James Comey"). A
  one-word mention is the person whose full name ends in that word
  (``surname-of-earlier-full-mention``, or ``-later-`` when the full name comes after it,
  as in a headline), else the one whose full name starts with it (Korean order,
  "Kim" after "Kim Jong Un"; "Donald" after "Donald Trump":
  ``first-word-of-full-mention``). When two full names end in the word ("Bill Clinton",
  "Hillary Clinton"), a gendered honorific decides if the given names' sexes in the
  Census list differ ("Mrs. Clinton": ``surname-and-honorific``); otherwise the mention
  is kept with ``canonical`` as written and ``evidence`` ``ambiguous-surname``. A
  one-word name with no full name in the article is a person only with evidence of its
  own, in that mention or another one of the same word (``same-name-elsewhere``);
  a full name with no evidence counts when its last word has evidence elsewhere.
- **Headline-case lines** (headlines and any sentence whose words of four letters or
  more, stop words aside, are nearly all capitalised) are read conservatively: only names
  found in the rest of the article, an honorific with a name, and listed organisations.
  Months, weekdays, places and nationalities are never a person without a title or an
  honorific ("Mrs. May").

Word lists, each entry with its source: ``data/given_names.csv`` (US Census 1990 first
names, public domain), ``data/name_titles.csv`` (honorifics, titles, person nouns,
organisation words and names), ``data/name_titles_not_names.csv`` (weekdays, months,
nationalities, places, group words, sentence openers) and ``data/stopwords.txt``.
Every step reads each word a bounded number of times: time is linear in the text.
"""
from __future__ import annotations

from collections import defaultdict

from analysis.people.name_lists import NameLists
from analysis.people.candidates import tokens, capitalised, runs, org_at, Cand, classify_run, headline_case
from analysis.people.canonical import short_forms


PEOPLE_COLUMNS = ["sentence_id", "start", "end", "mention", "title", "canonical", "kind",
                  "evidence", "possessive"]
KINDS = ("person", "organisation")
EVIDENCE_ORDER = ("title", "given-name", "apposition", "description", "initial", "speech-verb")


# ----------------------------------------------------------------------------- article
def _find_rows(text: str, sentences: list[dict], lists: NameLists) -> list[dict]:
    sents = sorted(sentences, key=lambda s: s["start"])
    toks_of = [tokens(text, s["start"], s["end"]) for s in sents]
    lower_words = {t.text.casefold() for toks in toks_of for t in toks if t.text[:1].islower()}
    body: list[Cand] = []
    headline_sents = []
    for s, toks in zip(sents, toks_of):
        if headline_case(toks, lists, s.get("role", "")):
            headline_sents.append((s, toks))
            continue
        first_word = next((k for k, t in enumerate(toks) if t.text[:1].isalnum()), 0)
        for i, j in runs(text, toks, lists):
            body.extend(classify_run(text, toks, i, j, first_word, lists, lower_words,
                                      s["sentence_id"]))
    people = _decide(body, lists)
    people.extend(_headline_mentions(text, headline_sents, people, lists))
    people.sort(key=lambda r: r["start"])
    return people


def _decide(cands: list[Cand], lists: NameLists) -> list[dict]:
    """The article-level rules: full names, surnames, evidence shared between mentions."""
    rows: list[dict] = []
    persons = [c for c in cands if c.kind == "person"]
    full = [c for c in persons if len(c.key) >= 2]
    single = [c for c in persons if len(c.key) == 1]
    # one-word names with evidence of their own, and full names with it
    single_ev = {c.key[0] for c in single if c.evidence}
    full_ev = {c.key for c in full if c.evidence}
    accepted_full = []
    for c in full:
        if c.evidence:
            accepted_full.append((c, c.evidence[0]))
        elif c.key in full_ev:
            accepted_full.append((c, "same-name-elsewhere"))
        elif c.key[-1] in single_ev:
            accepted_full.append((c, "surname-with-evidence-elsewhere"))
    alias = short_forms(sorted({c.key for c, _ in accepted_full}), suffixes=lists.vocabulary.suffix)
    first_full: dict[tuple, Cand] = {}
    for c, _ in accepted_full:
        if c.key not in alias:
            first_full.setdefault(c.key, c)
    by_last: dict[str, list[tuple]] = defaultdict(list)
    by_first: dict[str, list[tuple]] = defaultdict(list)
    for key in first_full:
        if key[-1] not in lists.vocabulary.suffix:
            by_last[key[-1]].append(key)
        by_first[key[0]].append(key)
    for c, ev in accepted_full:
        rows.append(_row(c, " ".join(alias.get(c.key, c.key)), ev))
    # the titles and descriptions each full name is written with; a one-word name written
    # with another capitalised title is another person ("first lady Melania Trump" and
    # "President Trump"), and the same word without a title is then ambiguous
    titled: dict[tuple, set[str]] = defaultdict(set)
    for c, _ in accepted_full:
        for t in (c.title, c.description):
            if t and t not in lists.honorifics and t.rstrip(".") not in lists.honorifics:
                titled[c.key].add(t)
    titled = {k: v for k, v in titled.items() if v}
    other_person = {c.key[0] for c in single if c.title and not c.honorific_sex
                    and len(by_last.get(c.key[0], [])) == 1
                    and c.title not in titled.get(by_last[c.key[0]][0], {c.title})}
    for c in single:
        w = c.key[0]
        key, ev = _resolve_single(w, c, by_last, by_first, first_full, lists, titled, other_person)
        if key is None and ev is None:
            if c.evidence:
                key, ev = (w,), c.evidence[0]
            elif w in single_ev and (w,) not in lists.not_names:
                key, ev = (w,), "same-name-elsewhere"
            else:
                continue
        if ev == "ambiguous-surname":
            key = (w,)
        if key is not None and not c.title and (w,) in lists.not_names and ev.startswith("first-word"):
            continue
        rows.append(_row(c, " ".join(key), ev))
    for c in cands:
        if c.kind == "organisation":
            rows.append(_row(c, " ".join(c.words), c.evidence[0]))
    return rows


def _resolve_single(w, c, by_last, by_first, first_full, lists, titled, other_person):
    """(key, evidence) of a one-word mention, or (None, None) when no full name fits."""
    if (w,) in lists.not_names and not c.title and not c.toks[-1].possessive and \
            (c.before.casefold() in lists.stop_words or c.before.casefold() in lists.vocabulary.date_word
             or c.after[:1].isdigit() or not by_last.get(w)):
        return (None, None) if not c.evidence else ((w,), c.evidence[0])  # "in May", "May 5"
    options = by_last.get(w, [])
    if len(options) == 1 and c.title and c.title not in titled.get(options[0], {c.title}) \
            and not c.honorific_sex:
        return (w,), c.evidence[0]  # "President Trump" is not "first lady Melania Trump"
    if len(options) == 1 and not c.title and w in other_person:
        return (w,), "ambiguous-surname"
    if len(options) == 1:
        key = options[0]
        later = first_full[key].start > c.start
        return key, "surname-of-later-full-mention" if later else "surname-of-earlier-full-mention"
    if len(options) > 1:
        if c.honorific_sex:
            fit = [k for k in options if lists.given.get(k[0]) == c.honorific_sex]
            if len(fit) == 1:
                return fit[0], "surname-and-honorific"
        return (w,), "ambiguous-surname"
    options = by_first.get(w, [])
    if len(options) == 1:
        return options[0], "first-word-of-full-mention"
    return None, None


def _row(c: Cand, canonical: str, evidence: str) -> dict:
    return {"sentence_id": c.sentence_id, "start": c.start, "end": c.end,
            "mention": None, "title": c.title, "canonical": canonical, "kind": c.kind,
            "evidence": evidence, "possessive": c.toks[-1].possessive, "_toks": c.toks}


def _headline_mentions(text: str, sents, people: list[dict], lists: NameLists) -> list[dict]:
    """Names in headline-case sentences: only those the rest of the article has (as full
    names, surnames or first words), honorifics with a name, and listed organisations."""
    canon = {}
    for r in people:
        if r["kind"] != "person" or r["evidence"] == "ambiguous-surname":
            continue
        words = tuple(r["canonical"].split())
        canon.setdefault(words, r["canonical"])
    lasts = defaultdict(set)
    firsts = defaultdict(set)
    for words, name in canon.items():
        if len(words) >= 2:
            if words[-1] not in lists.vocabulary.suffix:
                lasts[words[-1]].add(name)
            firsts[words[0]].add(name)
    singles = {words[0]: name for words, name in canon.items() if len(words) == 1}
    longest = max((len(w) for w in canon), default=1)
    out = []
    for s, toks in sents:
        i, n = 0, len(toks)
        while i < n:
            k = org_at(toks, i, lists)
            if k:
                out.append(_row(Cand(s["sentence_id"], toks[i:i + k], "", "", "organisation",
                                      []), " ".join(t.text for t in toks[i:i + k]), "organisation"))
                i += k
                continue
            hon = toks[i].text in lists.honorifics and i + 1 < n and capitalised(toks[i + 1].text)
            start = i + 1 if hon else i
            found = None
            for k in range(min(longest, n - start), 0, -1):
                words = tuple(t.text for t in toks[start:start + k])
                if any(t.possessive for t in toks[start:start + k - 1]):
                    continue
                if k >= 2 and words in canon:
                    found = (k, canon[words], "headline-known-name")
                    break
                if k == 1:
                    w = words[0]
                    if len(lasts.get(w, ())) == 1:
                        found = (1, next(iter(lasts[w])), "headline-known-name")
                    elif len(lasts.get(w, ())) > 1:
                        found = (1, w, "ambiguous-surname")
                    elif w in singles:
                        found = (1, singles[w], "headline-known-name")
                    elif len(firsts.get(w, ())) == 1 and (w,) not in lists.not_names:
                        found = (1, next(iter(firsts[w])), "headline-known-name")
                    elif hon and capitalised(w):
                        found = (1, w, "title")
            if found:
                k, name, ev = found
                title = text[toks[i].start:toks[i].end + (1 if toks[i].dot else 0)] if hon else ""
                c = Cand(s["sentence_id"], toks[start:start + k], title, "", "person", [])
                out.append(_row(c, name, ev))
                i = start + k
            else:
                i += 1
    return out


def _finish(text: str, rows: list[dict]) -> list[dict]:
    for r in rows:
        r.pop("_toks", None)
        r["mention"] = text[r["start"]:r["end"]]
    return rows


def find_people(text: str, sentences: list[dict], *, lists: NameLists) -> list[dict]:
    """Every mention of a person or an organisation in one article's analysis text.

    ``sentences`` are the article's sentence rows as :func:`analysis.language.text.split_sentences`
    builds them (start, end, sentence_id, role). Returns dicts with ``PEOPLE_COLUMNS``,
    in text order: ``mention`` as written without title or possessive, ``title`` the
    title or honorific written directly before it ("Mrs.", "Prime Minister"),
    ``canonical`` the article's name for the person or organisation (see the module
    docstring for the rules), ``kind`` person or organisation, ``evidence`` the rule that
    decided, ``possessive`` whether "'s" follows. ``lists``: the corpus's word lists
    (:func:`analysis.people.name_lists.load_name_lists`, as ``Config.name_lists`` holds them)."""
    rows = _finish(text, _find_rows(text, sentences, lists))
    return [{k: r[k] for k in PEOPLE_COLUMNS} for r in rows]


def sentences_of(text: str, *, headline: bool = False) -> list[dict]:
    """Sentence rows for a plain text in which every line is a paragraph (the first the
    headline when ``headline``), as :func:`analysis.language.text.split_sentences` builds them for
    a cleaned article: for tests, benchmarks and texts that did not go through cleaning."""
    from analysis.language.text import split_sentences

    paragraphs, offset = [], 0
    for k, line in enumerate(text.split("\n")):
        if line.strip():
            paragraphs.append({"text": line, "start": offset,
                               "role": "headline" if headline and k == 0 else "body"})
        offset += len(line) + 1
    return split_sentences(paragraphs)

