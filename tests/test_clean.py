"""Cleaning on the seed articles: every line's role, worked out by reading the raw files.

Line numbers are those of data/raw/*.txt (1-based, as `cat -n` shows them).
"""
from __future__ import annotations

import pytest

from analysis.language.clean import RulesError, clean_article, load_rules

# Every non-blank line that is NOT body, by article, as read by hand.
EXPECTED_ROLES = {
    "scmp": {1: "boilerplate", 3: "headline", 5: "standfirst", 6: "standfirst",
             8: "boilerplate", 9: "boilerplate", 10: "boilerplate", 11: "caption",
             19: "caption", 20: "duplicate", 26: "boilerplate"},
    "moscow-times": {1: "boilerplate", 3: "headline", 5: "caption",
                     **{n: "boilerplate" for n in (39, 41, 43, 45, 46, 47, 49)}},
    "rferl": {1: "boilerplate", 3: "boilerplate", 5: "headline", 8: "caption",
              9: "duplicate", 43: "wire", 44: "boilerplate", 46: "boilerplate",
              48: "boilerplate"},
    "france24": {1: "boilerplate", 3: "headline", 5: "standfirst", 7: "duplicate",
                 8: "caption", 9: "boilerplate", 25: "subhead", 47: "subhead", 61: "wire",
                 63: "boilerplate", 65: "boilerplate", 67: "boilerplate", 68: "boilerplate",
                 70: "boilerplate"},
    "dw": {1: "boilerplate", 2: "boilerplate", 3: "boilerplate", 5: "headline",
           7: "boilerplate", 9: "standfirst", 11: "caption", 12: "caption", 18: "subhead",
           24: "subhead", 32: "subhead", 42: "caption", 43: "caption", 47: "wire"},
}

# Page furniture that must not survive into any analysis text (issue 2, point 4).
REMOVED = [
    "Advertisement", "Reading Time:2 minutes", "Why you can trust SCMP",
    "Support The Moscow Times!", "we have a small favor to ask", "foreign agent",
    "paiment methods", "Not ready to support today?", "Remind me later.", "Read more",
    "Accessibility links", "Breaking News", "16x9 Image", "RFE/RL's Belarus Service",
    "bulwark against pervasive Russian propaganda", "Skip to main content", "Advertising",
    "Daily newsletter", "Take international news everywhere with you!",
    "Download the France 24 app", "Share :", "Page not found",
    "The content you requested does not exist", "Skip to content", "Skip to main menu",
    "Skip to more DW sites",
    # captions and credits
    "Photo: AP", "Photo: Sputnik via Reuters", "Mikhail Metzel / TASS", "Image:",
    "© Andrei Stasevich Belta, AFP", "(file photo)", "visits a hospital in the western city",
    "Protesters hold a banner", "With reporting by AFP", "jc/nm", "(AFP)",
]


def test_every_line_has_the_role_read_by_hand(seed_tables):
    lines = seed_tables["lines"]
    assert set(lines.article_id) == set(EXPECTED_ROLES)
    for aid, expected in EXPECTED_ROLES.items():
        got = lines[lines.article_id == aid].set_index("line_no").role.to_dict()
        wanted = {n: expected.get(n, "body") for n in got}
        assert got == wanted, aid
        # the audit covers every non-blank raw line, no more and no fewer
        raw = seed_tables["articles"].set_index("article_id").loc[aid]
        assert len(got) == raw.n_lines


@pytest.mark.parametrize("needle", REMOVED)
def test_furniture_and_captions_are_not_in_any_analysis_text(seed_tables, needle):
    for text in seed_tables["articles"].text:
        assert needle not in text


def test_real_paragraphs_stay(seed_tables):
    texts = seed_tables["articles"].set_index("article_id").text
    assert texts["moscow-times"].endswith(
        "The two have sought to present a united front against the West, but their countries "
        "have also seen a series of political and economic disputes.")
    assert texts["france24"].endswith(
        "The United Nations rights chief Michelle Bachelet said Monday that allegations of "
        "torture and ill-treatment of detainees \"should be documented and investigated, with a "
        "view to bringing the perpetrators to justice.\"")
    assert texts["rferl"].endswith("“In 2020 our people denied authorization for Lukashenka to "
                                   "sign anything on their behalf,” she tweeted.")
    # analysis text starts with the headline, then the standfirst without its bullet
    assert texts["scmp"].startswith(
        "Vladimir Putin vows to back Belarus’ Alexander Lukashenko as they sign union state "
        "decree\n\nThe agreements focus mainly on areas like taxation")
    assert "Why is Belarus moving closer to Russia?" in texts["dw"]  # subhead kept


def test_scmp_caption_printed_twice_counts_once():
    rules = load_rules()
    raw = open_raw("000_e801d3112d415fe0.txt")
    cleaned = clean_article(raw, outlet="SCMP", rules=rules)
    hospital = [c for c in cleaned.captions if "visits a hospital" in c]
    assert hospital == ["Belarusian President Alexander Lukashenko visits a hospital in the "
                        "western city of Lida in October. Photo: AP"]
    assert len(cleaned.captions) == 2


def test_wire_credits_become_metadata(seed_tables):
    wire = seed_tables["articles"].set_index("article_id").wire.to_dict()
    assert wire == {"scmp": "", "moscow-times": "", "rferl": "AFP", "france24": "AFP",
                    "dw": "AFP; Reuters"}


def test_rules_decide_by_rule_id(seed_tables):
    lines = seed_tables["lines"].set_index(["article_id", "line_no"]).rule
    assert lines[("moscow-times", 39)] == "donation-appeal"
    assert lines[("moscow-times", 49)] == "donation-appeal"
    assert lines[("rferl", 48)] == "rferl-service-blurb"
    assert lines[("dw", 11)] == "caption-alt-text"
    assert lines[("dw", 14)] == "default-body"


def test_outlet_scoped_rule_applies_only_to_its_outlet():
    rules = load_rules()
    text = "Headline here\n\nWhy you can trust SCMP\n\nBody sentence one."
    scmp = clean_article(text, outlet="SCMP", rules=rules)
    other = clean_article(text, outlet="Other", rules=rules)
    assert "Why you can trust SCMP" not in scmp.text
    assert [l["role"] for l in other.lines if l["text"] == "Why you can trust SCMP"] == ["subhead"]


def test_title_kept_apart_from_text_becomes_the_headline():
    rules = load_rules()
    cleaned = clean_article("First paragraph of the body.\n\nSecond one.", outlet="X",
                            title="A separate title", rules=rules)
    assert cleaned.text == "A separate title\n\nFirst paragraph of the body.\n\nSecond one."
    assert [(l["line_no"], l["role"], l["rule"]) for l in cleaned.lines if l["line_no"] == 0] == [
        (0, "headline", "title-field")]
    assert [p["role"] for p in cleaned.paragraphs] == ["headline", "body", "body"]


def test_a_page_saved_on_one_long_line_is_body_not_headline():
    rules = load_rules()
    short = "Mayors agree winter plan"
    long = " ".join(["The council met on Tuesday and agreed a plan for winter heating."] * 6)  # 389 chars
    cleaned = clean_article(f"{short}\n\n{long}", outlet="X", rules=rules)
    assert [(l["role"], l["rule"]) for l in cleaned.lines if l["text"]] == [
        ("headline", "headline"), ("body", "default-body")]
    cleaned = clean_article(long, outlet="X", rules=rules)  # no title, one line over 300 characters
    assert [(l["role"], l["rule"]) for l in cleaned.lines if l["text"]] == [("body", "default-body")]


def test_paragraph_offsets_index_the_analysis_text(seed_tables):
    rules = load_rules()
    cleaned = clean_article(open_raw("004_80f3fbe379ada0c3.txt"), outlet="DW", rules=rules)
    for p in cleaned.paragraphs:
        assert cleaned.text[p["start"]:p["end"]] == p["text"]


def test_bad_rules_file_names_the_file_and_rule(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("- id: x\n  scope: all\n  role: banner\n  pattern: 'a'\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules.yaml: rule 'x': unknown role 'banner'"):
        load_rules(bad)
    bad.write_text("- id: y\n  scope: all\n  role: body\n  pattern: '('\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"rule 'y': bad regular expression"):
        load_rules(bad)


def open_raw(name: str) -> str:
    from analysis.corpus import paths

    return (paths.DATA / "raw" / name).read_text(encoding="utf-8")


def test_title_matching_ignores_quote_style():
    rules = load_rules()
    cleaned = clean_article("Putin backs Lukashenko’s ‘union state’\n\nBody sentence here.", outlet="X",
                            title="Putin backs Lukashenko's 'union state'", rules=rules)
    assert [l["line_no"] for l in cleaned.lines] == [1, 2, 3]  # no line 0 added
    assert cleaned.text.count("Putin backs") == 1


def test_title_with_a_line_break_is_one_paragraph():
    # found by tests/test_properties.py: the break made "\n" inside the headline paragraph
    cleaned = clean_article("Body text of the article.", outlet="X", title="Two\nlines",
                            rules=load_rules())
    assert cleaned.paragraphs[0]["text"] == "Two lines"
    assert cleaned.text == "Two lines\n\nBody text of the article."


def test_standfirst_bullet_alone_makes_no_empty_paragraph():
    # found by tests/test_properties.py: "•" alone left an empty paragraph ("\n\n\n\n");
    # DW's rule makes the line under the headline a standfirst, whose bullet is dropped
    cleaned = clean_article("Headline here\n•\nBody text.", outlet="DW", rules=load_rules())
    assert [l["role"] for l in cleaned.lines][:2] == ["headline", "standfirst"]
    assert cleaned.text == "Headline here\n\nBody text."
    assert "\n\n\n" not in cleaned.text


def test_a_corpus_folder_extends_the_cleaning_rules(tmp_path):
    """cleaning_rules.extra.yaml: its rules come after the bundled ones; one with a bundled
    rule's id takes its place."""
    from analysis.language.clean import rules_for_corpus

    bundled = [r.id for r in load_rules()]
    (tmp_path / "cleaning_rules.extra.yaml").write_text(
        "- id: advert\n  scope: all\n  role: boilerplate\n  pattern: '^This story was promoted\\.$'\n"
        "- id: donate\n  scope: all\n  role: boilerplate\n  pattern: '^Please donate now'\n",
        encoding="utf-8")
    rules = rules_for_corpus(tmp_path)
    assert [r.id for r in rules] == bundled + ["donate"]
    text = ("Title\n\nPlease donate now, dear readers.\n\nThis story was promoted.\n\n"
            "Advertisement\n\nBody text here.")
    roles = {l["text"]: l["rule"] for l in clean_article(text, outlet="X", rules=rules).lines}
    assert roles["Please donate now, dear readers."] == "donate"
    assert roles["This story was promoted."] == "advert"
    assert roles["Advertisement"] != "advert"  # the bundled advert rule was replaced
    assert roles["Body text here."] == "default-body"


def test_no_title_given_as_none_is_no_title():
    # a loader may pass None where an article has no title: read as no title (the text
    # alone, no line 0 added), not a crash
    text = "Storm hits coast\n\nThe storm reached the coast on Monday."
    none, empty = (clean_article(text, outlet="x", title=t, rules=[]) for t in (None, ""))
    assert none.text == empty.text == "Storm hits coast\n\nThe storm reached the coast on Monday."
    assert [l["line_no"] for l in none.lines] == [1, 2, 3]
