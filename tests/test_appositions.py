"""One apposition reader for the labels, the people detector and the speaker finder:
where an apposition opens and closes and how long it may be, worked out by hand."""
from __future__ import annotations

import pytest

from analysis.measures import labels
from analysis.people import appositions, attribution, name_lists, names

LISTS = name_lists.load_name_lists()  # the bundled lists
RULES = attribution.rules_for(LISTS)


@pytest.mark.parametrize("after, words, n", [
    # not closed by the full stop of an initial, an honorific or a suffix
    (", an appointee of President George W. Bush, ruled.", "an appointee of President George W. Bush", 7),
    (", who served under Mr. Obama. He left.", "who served under Mr. Obama", 5),
    (", Sen. Smith Jr. of Ohio, said", "Sen. Smith Jr. of Ohio", 5),
    (", the U.S. envoy, said.", "the U.S. envoy", 3),  # a dotted abbreviation is one word
    (', the "king of debt", said', 'the "king of debt"', 4),  # quotation marks read over
    (" — who has ruled since 1994 — said", "who has ruled since 1994", 5),  # dashes
    (", who took office in 2019, promised", "who took office in 2019", 5),  # not "2019,"
    (", a Democrat (who won in 2016), said", "a Democrat (who won in 2016)", 6),  # parenthesis
    (", who has taken shelter in Lithuania", "who has taken shelter in Lithuania", 6),  # text end
    (", R-N.Y., noted", "R-N.Y.", 2),  # a full stop with a letter after it
    (", Tex., described", "Tex.", 1),  # ... or a comma
    (", a dual U.S.-Russia citizen, told", "a dual U.S.-Russia citizen", 5),  # a hyphen, no dash
    (", the ally - and foe - of", "the ally", 2),  # a spaced hyphen is a dash
])
def test_where_an_apposition_closes(after, words, n):
    app = appositions.after(after, 0, len(after), LISTS)
    assert (after[app.start:app.end], app.words) == (words, n)


def test_twenty_four_words_at_most_and_a_comma_or_dash_to_open():
    most = ", " + " ".join(["word"] * 24) + ", said"
    assert appositions.after(most, 0, len(most), LISTS).words == 24
    more = ", " + " ".join(["word"] * 25) + ", said"
    assert appositions.after(more, 0, len(more), LISTS) is None
    assert appositions.after(" said, he", 0, 9, LISTS) is None  # no comma right after the name
    assert appositions.after(", , said", 0, 8, LISTS) is None  # no words


def test_the_three_rules_read_the_same_apposition():
    text = "Paul Begala, a former political adviser to Mr. Clinton and a friend of the couple's, said"
    # the speaker finder passes over it (14 words) to the speaker's name
    assert RULES.phrase_before(text, 0, text.rindex("said")) == (0, 83, -1)
    longer = text.replace("couple's", "couple's and of many others in the party")  # 20 words
    assert RULES.phrase_before(longer, 0, longer.rindex("said")) == (0, 115, -1)
    longest = text.replace("couple's", "couple's and of many others in the party who worked "
                                       "with them in Arkansas")  # 26 words: a clause
    assert RULES.phrase_before(longest, 0, longest.rindex("said")) is None
    # the label reader takes it as a label: it starts with "a" and has at most 16 words
    # (apposition_max_words of labels.yaml), the 20 words of the longer one are too many
    rules = labels.load_label_rules()
    assert labels._apposition_after_in(text, 11, len(text), rules, LISTS) == (
        "a former political adviser to Mr. Clinton and a friend of the couple's", 13)
    assert labels._apposition_after_in(longer, 11, len(longer), rules, LISTS) is None

    def evidence(sentence):
        return [(p["mention"], p["evidence"]) for p in
                names.find_people(sentence, names.sentences_of(sentence), lists=LISTS)]

    # the people detector: a person noun (spokesman) in an apposition of at most 8 words
    # is evidence of a person, after a comma or a dash; a longer one only when its person
    # noun takes a relative clause ("a Democratic pollster who is working with ...")
    assert evidence("Yesterday Zorko Ostrowski, a spokesman for the campaign, spoke.") == \
        [("Zorko Ostrowski", "apposition")]
    assert evidence("Yesterday Zorko Ostrowski — a spokesman for the campaign — spoke.") == \
        [("Zorko Ostrowski", "apposition")]
    assert evidence("Yesterday Zorko Ostrowski, a spokesman for the campaign of the party in the "
                    "south of the country for many years now, spoke.") == []
    assert evidence("Yesterday Zorko Ostrowski, a spokesman who worked for the campaign of the party "
                    "in the south, spoke.") == [("Zorko Ostrowski", "apposition")]
    assert evidence("In Zorko Ostrowski, the president held his first campaign rally since March.") == []
