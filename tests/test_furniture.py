"""Page furniture found by the corpus itself (analysis/language/furniture.py) and the
generic furniture rules (data/cleaning_rules.yaml): hand-made articles whose furniture
lines are known by construction."""
from __future__ import annotations

from analysis.language import clean, furniture

SPEECH = frozenset({"said", "says", "told"})
RULES = clean.load_rules()


def _article(k: int) -> str:
    return "\n".join([
        ["Budget talks stall", "Taxes rise again", "Senate blinks", "House digs in",
         "Deal on the table"][k],
        f"Updated at {k + 1}:0{k} p.m. ET",
        "Get the Daily stories you care about delivered to your inbox.",
        ["Lawmakers met on Tuesday.", "Nobody came to the meeting.", "The talks went late.",
         "A vote is expected soon.", "Both sides claim victory."][k],
        "The senator said the deal was close.",  # recurs, but a verb of saying: text
        "Enlarge this image toggle caption " + ["Alex Wong/Getty", "Evan Vucci/AP", "Pat Kim/AP",
                                                 "Jo Li/AFP", "Ann Bo/Getty"][k % 5],
    ])


def test_lines_recurring_in_an_outlet_are_furniture_with_their_share():
    counts = furniture.FurnitureCounts(SPEECH)
    texts = [_article(k) for k in range(5)]
    for t in texts:
        counts.add("Daily", t)
    counts.add("Other", texts[0])  # one article elsewhere: no recurrence of its own
    found = counts.furniture()
    marks = found.mark_keys("Daily", furniture.line_keys(texts[2], SPEECH))
    # line 2: the time stamp (digits made 0) in 5 of 5; line 3: the sign-up prompt;
    # line 6: a short line whose first three words start a line in every article
    assert marks == ((2, "recurring-line", 1.0), (3, "recurring-line", 1.0),
                     (6, "recurring-start", 1.0))
    assert found.mark_keys("Other", furniture.line_keys(texts[0], SPEECH)) == ()
    cleaned = clean.clean_article(texts[2], outlet="Daily", title="", rules=[], furniture=marks)
    assert [(l["line_no"], l["role"], l["rule"], l["share"]) for l in cleaned.lines] == [
        (1, "body", "default-body", None), (2, "boilerplate", "recurring-line", 1.0),
        (3, "boilerplate", "recurring-line", 1.0), (4, "body", "default-body", None),
        (5, "body", "default-body", None), (6, "boilerplate", "recurring-start", 1.0)]


def test_too_few_articles_or_a_rare_line_are_not_furniture():
    counts = furniture.FurnitureCounts(SPEECH)
    for k in range(2):
        counts.add("Tiny", _article(k))
    for k in range(200):  # a line in 3 of 200 articles is under 2% of them
        counts.add("Big", f"Line {k} of a long story about many different things here.\n"
                          + ("Follow us on the web" if k < 3 else f"Unique words {k}"))
    found = counts.furniture()
    assert found.mark_keys("Tiny", furniture.line_keys(_article(0), SPEECH)) == ()
    assert found.mark_keys("Big", furniture.line_keys("x\nFollow us on the web", SPEECH)) == ()


def test_generic_rules_cut_galleries_credits_links_and_name_boxes():
    text = "\n".join([
        "He has criticized President Trump Donald John TrumpGOP senators balk at trial Warren goes local MORE on trade.",
        "Update at 2 p.m. ET: Boehner announced Friday that a lawsuit was filed.",
        "Windows are blown out. Hide Caption 2 of 22 Photos: Terror attacks in Brussels",
        "",
        "Warren speaks in Hanover, October 24, 2019. REUTERS/Brian Snyder",
        "",
        "Read the plan at https://example.org/plan and www.example.org now.",
        "MORE: Trump says things",
    ])
    cleaned = clean.clean_article(text, outlet="Any", title="", rules=RULES)
    assert cleaned.text.split("\n\n") == [
        "He has criticized President Trump on trade.",
        "Boehner announced Friday that a lawsuit was filed.",
        "Read the plan at and now.",
    ]
    rows = [(l["line_no"], l["role"], l["rule"]) for l in cleaned.lines if l["role"] != "blank"]
    assert rows == [(1, "headline", "headline"), (1, "boilerplate", "name-box"),
                    (2, "body", "default-body"), (2, "boilerplate", "timestamp"),
                    (3, "caption", "caption-photo-credit"), (5, "caption", "photo-credit"),
                    (7, "body", "default-body"), (7, "boilerplate", "link"), (7, "boilerplate", "link"),
                    (8, "boilerplate", "related-link")]
    cut = [l["text"] for l in cleaned.lines if l["rule"] == "name-box"]
    assert cut == [" Donald John TrumpGOP senators balk at trial Warren goes local MORE"]


def test_generic_rules_for_credits_slideshows_videos_and_sign_up_prompts():
    text = "\n".join([
        "Sarah Silbiger/Getty Images",
        "He told Reuters.",  # a sentence ending in an agency's name is text
        "Hide caption Security forces detain supporters.",
        "JUST WATCHED Cut military spending Replay More Videos ... MUST WATCH Cut spending 03:31",
        "Only Sen. Bernie Sanders Bernie Sanders2020 Democrats push for action MORE (I-Vt.) said no.",
        "The vote is Monday. Sign up for our Updates newsletter to follow it. He left.",
        "It needs to sign up younger people.",
    ])
    cleaned = clean.clean_article(text, outlet="Any", title="", rules=RULES)
    assert [(l["role"], l["rule"]) for l in cleaned.lines] == [
        ("caption", "photo-credit-line"), ("headline", "headline"), ("caption", "slideshow"),
        ("boilerplate", "video-widget"), ("body", "default-body"), ("boilerplate", "name-box"),
        ("body", "default-body"), ("boilerplate", "sign-up"), ("body", "default-body")]
    assert cleaned.text.split("\n\n") == [
        "He told Reuters.", "Only Sen. Bernie Sanders (I-Vt.) said no.",
        "The vote is Monday. He left.", "It needs to sign up younger people."]


def test_generic_rules_for_summary_boxes_players_and_credit_lines():
    text = "\n".join([
        "Story highlights New lawmakers are on Capitol Hill",
        "Balance Of Power At Stake In High Court Case Listen · 7:48 7:48",
        "Joni Ernst YouTube",
        "Fox News' Justin Fishel and The Associated Press contributed to this report.",
        "He said they would watch the video on YouTube.",
        "Bolton spoke. (RELATED: Joy Behar Slams Bolton, Says Romney Is The Only Patriot) He left.",
        "This is a developing story.",
        "Written by Madison J. Gray",
        "\u201d",
        "By the time he arrived, the polls had closed.",
        "archived recording 2 (donald trump) Don't buy paint, don't buy roses.",
        "The vote failed. (ALSO ON POLITICO: Trump slams the vote) It was close.",
    ])
    cleaned = clean.clean_article(text, outlet="Any", title="A title", rules=RULES)
    assert [(l["role"], l["rule"]) for l in cleaned.lines] == [
        ("headline", "title-field"), ("subhead", "subhead"), ("boilerplate", "story-highlights"),
        ("body", "default-body"), ("boilerplate", "audio-player"), ("boilerplate", "video-label"),
        ("boilerplate", "contributed"), ("body", "default-body"), ("body", "default-body"),
        ("boilerplate", "related-inline"), ("boilerplate", "developing-story"),
        ("boilerplate", "byline"), ("boilerplate", "lone-mark"), ("body", "default-body"),
        ("body", "default-body"), ("boilerplate", "transcript-label"),
        ("body", "default-body"), ("boilerplate", "related-inline")]
    assert cleaned.text.split("\n\n")[-2:] == ["Don't buy paint, don't buy roses.", "The vote failed. It was close."]
    assert "Bolton spoke. He left." in cleaned.text.split("\n\n")


def test_an_inline_rule_must_cut_not_claim(tmp_path):
    import pytest
    bad = tmp_path / "rules.yaml"
    bad.write_text("- id: x\n  scope: all\n  role: body\n  inline: true\n  pattern: 'a'\n", encoding="utf-8")
    with pytest.raises(clean.RulesError, match=r"rules.yaml: rule 'x': an inline rule cuts text"):
        clean.load_rules(bad)
    bad.write_text("- id: y\n  scope: all\n  role: boilerplate\n  inline: true\n  pattern: 'a'\n"
                   "  keep: '\\2'\n", encoding="utf-8")
    with pytest.raises(clean.RulesError, match=r"names a group the pattern does not have"):
        clean.load_rules(bad)
