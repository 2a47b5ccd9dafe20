"""The one reader of an apposition: the words set off by a comma or a dash right after a
name ("Trump, the Republican nominee, said"; "Lukashenko — who has ruled since 1994 —").
The people detector (:mod:`analysis.people.candidates`: a person noun in it is evidence of
a person), the speaker finder (:mod:`analysis.people.attribution`: the apposition between
a speaker and its verb is passed over) and the label reader
(:mod:`analysis.measures.labels`: it is a label of the person) read it here and decide
what it must hold.

An apposition opens with a comma or a dash and closes at the next comma, dash, semicolon,
closing parenthesis, question or exclamation mark or full stop (quotation marks and
colons are read over: 'the "king of debt"', "at around 8:30"), but not at the full stop
of an abbreviation: an initial ("George W. Bush"), an honorific ("Mr."), an abbreviated
title ("Sen."), a name suffix ("Jr."), a month ("Jan.") or another abbreviation of the
vocabulary ("St.", "Inc."), as the corpus's lists give them, nor at a full stop with a
letter or a comma right after it ("R-N.Y.", "Austin, Tex., said"), nor at a hyphen between
two words ("a dual U.S.-Russia citizen"). A parenthesis inside it is read over ("a Democrat
(D-R.I.)"). It holds at most :data:`MAX_WORDS` words (those inside a parenthesis too) and
four times as many tokens; one that does not close within them is none (a clause of the
sentence, not an apposition). The end of the text closes it (a headline without its full
stop)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.language.text import TOKEN
from analysis.people.name_lists import NameLists

# The most words an apposition holds: "Debbie Walsh, director of the Center for American
# Women and Politics at the Eagleton Institute of Politics at Rutgers University, said"
# has 19 (PolNeAR); a rule may want fewer (a label: apposition_max_words of labels.yaml).
MAX_WORDS = 24
_OPEN = re.compile(r"\s*(?:,|--|—|–)\s*")
# the marks that close it (a lone "-" is a dash: TOKEN keeps a word's hyphens in the word)
_CLOSE = frozenset({",", ";", ")", "—", "–", "-", ".", "?", "!"})


@dataclass(frozen=True)
class Apposition:
    """An apposition's words at ``start:end`` of the text (without the marks around
    them) and its number of words."""

    start: int
    end: int
    words: int


def _abbreviation(word: str, lists: NameLists) -> bool:
    """Whether a full stop after ``word`` marks an abbreviation, not an end."""
    low = word.casefold()
    return (len(word) == 1 and word.isupper()) or word in lists.honorifics \
        or low in lists.abbreviations or word in lists.vocabulary.suffix \
        or low in lists.calendar_words or low in lists.vocabulary.abbreviation


def after(text: str, pos: int, hi: int, lists: NameLists) -> Apposition | None:
    """The apposition that opens at ``pos`` (right after a name) and closes before ``hi``
    (the end of its sentence), or None: no comma or dash at ``pos``, no words, or no
    close within :data:`MAX_WORDS` words."""
    opened = _OPEN.match(text, pos, hi)
    if opened is None:
        return None
    start = end = opened.end()
    words, depth, previous = 0, 0, ""
    for n, t in enumerate(TOKEN.finditer(text, start, hi)):
        if n >= 4 * MAX_WORDS:
            return None  # marks without end: a bounded read whatever the sentence
        w = t.group()
        if w == "(":
            depth += 1
        elif w == ")" and depth:
            depth -= 1
        elif not depth and w in _CLOSE:
            after_it = text[t.end():t.end() + 1]
            if (w == "." and t.start() == end and (_abbreviation(previous, lists)
                                                   or after_it.isalnum() or after_it == ",")) \
                    or (w == "-" and t.start() == end and after_it.strip()):
                end = t.end()  # an abbreviation's full stop; a hyphen ("U.S.-Russia")
                continue
            return Apposition(start, end, words) if words else None
        elif w[0].isalnum():
            words += 1
            if words > MAX_WORDS:
                return None
        end, previous = t.end(), w
    return Apposition(start, end, words) if words and not depth else None
