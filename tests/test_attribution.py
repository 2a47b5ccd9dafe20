"""The fast cue finder gives exactly the matches of the cue pattern it replaces."""
from analysis.people import attribution, name_lists

RULES = attribution.rules_for(name_lists.load_name_lists())  # the bundled lists


def _spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


TEXT = ("According to aides, Smith said on Monday she had pointed   out the risk. "
        "Jones well-said nothing; Lee's unsaid words. He called for calm, SAID nobody, "
        "and Called on voters. \u212aelvin said-so. Warned: they warned\u2019 and "
        "spoke about\nit, then went on and on. Says")


def test_cue_matches_hand_checked():
    # worked out by hand: whole runs of word characters, apostrophes and hyphens only
    # ("well-said", "said-so", "warned’" are not cues), the longest phrase first
    # ("pointed   out", "called for"), a capital only on the first letter ("SAID" is no
    # cue), and the range's end cuts the last word ("Says" to "Say", also a cue, then "Sa")
    got = [m.group() for m in RULES.cue_matches(TEXT, 0, len(TEXT))]
    assert got == ["According to", "said", "pointed   out", "called for", "Called on",
                   "Warned", "spoke about", "went on", "Says"]
    assert [m.group() for m in RULES.cue_matches(TEXT, 0, len(TEXT) - 1)] == got[:-1] + ["Say"]
    assert [m.group() for m in RULES.cue_matches(TEXT, 0, len(TEXT) - 2)] == got[:-1]


def test_cue_matches_equal_the_pattern_on_every_window():
    pattern = RULES.cue_pattern()
    for lo in range(0, len(TEXT), 7):
        for hi in range(lo, len(TEXT) + 1, 11):
            assert _spans(RULES.cue_matches(TEXT, lo, hi)) == \
                _spans(pattern.finditer(TEXT, lo, hi)), (lo, hi)


def test_a_speaker_in_any_script():
    # worked out by hand: the phrase before the cue is the name, in Cyrillic or Greek
    # letters as in Latin ones (the token pattern reads any script's letters)
    for name in ("Лукашенко", "Τσίπρας", "Lukashenko"):
        text = f"{name} said"
        assert RULES.phrase_before(text, 0, len(name) + 1) == (0, len(name), -1)
