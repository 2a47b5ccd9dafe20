"""Quotations, speakers and shared copy on the seeds, checked against a reading of the texts."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.measures import shared_copy, voices as voices_mod

# Direct quotations per article, counted by hand (scare quotes such as “union state”,
# "interference," and 'Programs' are not quotations):
#   SCMP 1 (Putin); Moscow Times 4 (Putin ×2, "The unprecedented…", "whether we will sign
#   or not."); RFE/RL 3; France 24 13 (incl. "illegitimate Lukashenko." and the subhead
#   'Don't sell country'); DW 3.
QUOTES_PER_ARTICLE = {"scmp": 1, "moscow-times": 4, "rferl": 3, "france24": 13, "dw": 3}


def direct(seed_tables):
    q = seed_tables["quotes"]
    return q[q.attribution == "direct"]


def quotes_starting(seed_tables, words):
    q = direct(seed_tables)
    return q[q.quote.str.startswith(words)]


def test_quotations_per_article(seed_tables):
    assert direct(seed_tables).groupby("article_id").size().to_dict() == QUOTES_PER_ARTICLE
    assert not direct(seed_tables).quote.str.contains("union state", case=False).any()


def test_putin_quotation_in_four_outlets(seed_tables):
    q = quotes_starting(seed_tables, "We will together resist any attempts to interfere")
    assert sorted(q.outlet) == ["DW", "Moscow Times", "RFE/RL", "SCMP"]
    assert set(q.speaker_entity) == {"putin"}
    # RFE/RL attributes it to "the Russian president", a description the registry ties to Putin
    assert q.set_index("outlet").speaker["RFE/RL"] == "the Russian president"
    assert set(q.verb) == {"said"}


def test_tsikhanouskaya_tweet_and_statement(seed_tables):
    q = quotes_starting(seed_tables, "In 2020 our people denied authorization for")
    assert q[["outlet", "speaker", "speaker_entity", "verb"]].values.tolist() == [
        ["RFE/RL", "she", "tsikhanouskaya", "tweeted"],
        ["DW", "opposition leader Sviatlana Tsikhanouskaya", "tsikhanouskaya", "tweeted"]]
    # "…," Tikhanovskaya, who has taken shelter in Lithuania, said: a relative clause in
    # apposition is left out of the speaker as written (a name in it is not the speaker)
    regret = quotes_starting(seed_tables, "I really regret you decided to hold dialogue with a usurper")
    assert regret[["outlet", "speaker", "speaker_entity"]].values.tolist() == [
        ["France 24", "Tikhanovskaya", "tsikhanouskaya"]]


def test_lukashenko_on_external_pressure(seed_tables):
    q = quotes_starting(seed_tables, "The unprecedented external pressure")
    assert q[["outlet", "speaker_entity", "verb"]].values.tolist() == [
        ["Moscow Times", "lukashenko", "saying"], ["RFE/RL", "lukashenko", "said"]]


def test_pronoun_needs_a_clear_antecedent(seed_tables):
    q = direct(seed_tables)
    added = q[q.verb == "added"].iloc[0]  # DW: "...," he added. after "..." Putin said.
    assert (added.outlet, added.speaker, added.speaker_entity) == ("DW", "he", "putin")
    # France 24's subhead 'Don't sell country' says nobody; in the body, "…protesters called
    # on Lukashenko not to 'sell the country'": a description of people not named
    unresolved = q[q.speaker_entity == "unresolved"].quote.tolist()
    assert unresolved == ["Don't sell country"]
    sell = q[q.quote == "sell the country"].iloc[0]
    assert (sell.speaker, sell.speaker_canonical, sell.speaker_kind) == ("protesters", "protesters", "anonymous")


def test_voices_and_verbs(seed_tables):
    v = seed_tables["voices"].set_index(["outlet", "speaker_entity"])
    assert v.loc[("France 24", "tsikhanouskaya"), "n_quotes"] == 2
    assert ("SCMP", "tsikhanouskaya") not in v.index and ("Moscow Times", "tsikhanouskaya") not in v.index
    verbs = voices_mod.reporting_verbs(seed_tables["quotes"]).set_index(["outlet", "verb"]).n
    assert verbs[("RFE/RL", "tweeted")] == 1 and verbs[("France 24", "condemned")] == 1


def test_shared_copy(seed_tables):
    own = shared_copy.own_share(seed_tables["reuse_sentences"]).set_index("article_id").share_own
    pairs = seed_tables["reuse_pairs"].set_index(["article_a", "article_b"]).share_shared
    # SCMP: headline and the two summary bullets (51 of 248 words) are its own; the 7 body
    # sentences all appear in The Moscow Times (6 verbatim, 1 with "were" added)
    assert pairs[("scmp", "moscow-times")] == pytest.approx(197 / 248, abs=1e-4)
    assert own["scmp"] == pytest.approx(51 / 248, abs=1e-4)
    # France 24 covers another event: nothing of it is shared
    assert own["france24"] == 1.0
    assert not any(pairs.get((a, b), 0) for a, b in pairs.index if "france24" in (a, b))
    assert "france24" not in set(seed_tables["reuse_pairs"].article_a)  # pairs sharing nothing are left out
    assert 0.4 < own["moscow-times"] < 0.6  # agency core shared, migrants and relations its own
    r = seed_tables["reuse_sentences"]
    mt_own = r[(r.article_id == "moscow-times") & (r.status == "own")].text.tolist()
    assert any(t.startswith("Thousands of migrants") for t in mt_own)
    assert any("have had a volatile relationship" in t for t in mt_own)


def test_edits_are_found_and_shown_word_by_word(seed_tables):
    r = seed_tables["reuse_sentences"].set_index(["article_id", "sentence_id"])
    edited = r.loc[("scmp", 8)]  # "The agreements were signed on Thursday focus mainly ..."
    assert edited.status == "shared with edits" and edited.best_match_article == "moscow-times"
    assert r.loc[("scmp", 9)].status == "shared verbatim"  # long-standing = longstanding
    assert shared_copy.word_diff("like long-standing plans", "like longstanding plans") == \
        "like [-long-standing-] {+longstanding+} plans"
    assert shared_copy.word_diff("Russia will of course continue to provide",
                             "Russia will continue to provide") == \
        "Russia will [-of course-] continue to provide"


def test_a_quotation_split_by_its_attribution():
    from analysis.people import registry
    from analysis.pipeline.config import Config
    from analysis.pipeline.process import process_article

    config = Config.for_corpus(None)
    config.registry = registry.load_registry(__import__("pathlib").Path(__file__).parent
                                           / "fixtures" / "ukraine" / "entities.yaml")
    article = {"article_id": "x", "outlet": "X", "title": "Headline", "language": "en",
               "text": "Headline\n\nZelenskyy spoke on Tuesday.\n\n"
                       "“We will rebuild every city,” he said. “And we will do it this winter.”"}
    quotes = process_article(article, config)["quotes"]
    assert [(q["quote"], q["speaker_entity"], q["verb"]) for q in quotes if q["attribution"] == "direct"] == [
        ("We will rebuild every city,", "zelenskyy", "said"),
        ("And we will do it this winter.", "zelenskyy", "said")]


def test_speakers_found_without_the_registry():
    """Persons and organisations of analysis.people.names become speakers when the registry does
    not name them; registry speakers keep their entity and name."""
    from analysis.people import registry
    from analysis.pipeline.config import Config
    from analysis.pipeline.process import process_article

    config = Config.for_corpus(None)
    config.registry = registry.load_registry(__import__("pathlib").Path(__file__).parent
                                           / "fixtures" / "ukraine" / "entities.yaml")
    article = {"article_id": "x", "outlet": "X", "title": "Headline", "language": "en",
               "text": "Headline\n\n"
                       "“We will rebuild every city,” Zelenskyy said.\n\n"
                       "“The talks are over,” said campaign manager Jeff Weaver.\n\n"
                       "“We have no comment on the matter,” the White House said.\n\n"
                       "Mrs. Jane Holloway met reporters on Monday. "
                       "“It was a long week,” she said."}
    quotes = process_article(article, config)["quotes"]
    got = [(q["speaker"], q["speaker_entity"], q["speaker_canonical"], q["speaker_kind"])
           for q in quotes if q["attribution"] == "direct"]
    # "Mrs. Jane Holloway met reporters on Monday" credits her with an action
    assert [(q["speaker"], q["speaker_canonical"], q["verb"], q["cue_kind"], q["quote"])
            for q in quotes if q["attribution"] == "reported"] == [
        ("Jane Holloway", "Jane Holloway", "met", "action", "reporters on Monday")]
    assert got[0][:2] == ("Zelenskyy", "zelenskyy") and got[0][3] == "person"
    assert got[0][2] == config.registry.entities["zelenskyy"].name
    assert got[1:] == [("campaign manager Jeff Weaver", "", "Jeff Weaver", "person"),
                       ("the White House", "", "White House", "organisation"),
                       ("she", "", "Jane Holloway", "person")]


def test_voices_count_detected_speakers_by_canonical_name():
    import pandas as pd

    quotes = pd.DataFrame({"outlet": ["A", "A", "A", "A"], "quote": ["a", "b", "c", "d"],
                           "n_words": [1, 2, 3, 4],
                           "speaker_entity": ["putin", "", "", "unresolved"],
                           "speaker_canonical": ["Vladimir Putin", "Jeff Weaver", "Jeff Weaver", ""]})
    articles = pd.DataFrame({"outlet": ["A"], "n_words_clean": [100]})
    v = voices_mod.voices(quotes, articles)
    assert v[["speaker_entity", "n_quotes", "n_words"]].values.tolist() == [
        ["Jeff Weaver", 2, 5], ["unresolved", 1, 4], ["putin", 1, 1]]


def _attributions(text):
    from analysis.pipeline.config import Config
    from analysis.pipeline.process import process_article

    config = Config.for_corpus(None)
    article = {"article_id": "x", "outlet": "X", "title": "Headline", "language": "en",
               "text": "Headline\n\n" + text}
    return process_article(article, config)["quotes"]


def _speech(rows):
    """Attributions other than of action."""
    return [r for r in rows if r["cue_kind"] != "action"]


def test_reported_speech_and_its_sources():
    """Reported speech: the words after "said (that)", the sentence before ", he said"
    and around "according to"; speakers named, described or referred to by a pronoun."""
    rows = _attributions(
        "Senator Maria Lopez said on Tuesday that the bill would pass by June.\n\n"
        "The vote will be close, a senior official told reporters.\n\n"
        "According to the campaign, turnout was higher than expected.\n\n"
        "Lopez met voters in Reno. She warned that the budget was too small.")
    got = [(r["attribution"], r["speaker"], r["speaker_canonical"], r["speaker_kind"], r["verb"],
            r["cue_kind"], r["quote"]) for r in rows]
    assert got == [
        ("reported", "Senator Maria Lopez", "Maria Lopez", "person", "said", "speech",
         "the bill would pass by June"),
        ("reported", "a senior official", "senior official", "anonymous", "told", "speech",
         "The vote will be close"),
        ("reported", "the campaign", "campaign", "organisation", "according to", "speech",
         "turnout was higher than expected"),
        # an attribution of action: "met" is no verb of speech
        ("reported", "Lopez", "Maria Lopez", "person", "met", "action", "voters in Reno"),
        ("reported", "She", "Maria Lopez", "person", "warned", "speech", "the budget was too small")]


def test_speaker_of_a_quotation_in_its_own_paragraph_and_after_an_apposition():
    rows = [r for r in _attributions(
        "“We are not done,” California Rep. Dan Hale’s chief of staff, Joe Kasper, told Politico.\n\n"
        "Governor Ann Reyes spoke after the vote. She said:\n\n"
        "“This is a good day for the state.”") if r["attribution"] == "direct"]
    assert [(r["speaker_canonical"], r["speaker_kind"]) for r in rows] == [
        ("Joe Kasper", "person"), ("Ann Reyes", "person")]


def test_a_dominant_full_name_takes_its_surname_across_the_corpus():
    from analysis.language.vocabulary import load_vocabulary
    from analysis.people import canonical

    rows = ([{"canonical": "Donald Trump", "kind": "person"}] * 9
            + [{"canonical": "Melania Trump", "kind": "person"}]
            + [{"canonical": "Trump", "kind": "person"}]
            + [{"canonical": "Bill Clinton", "kind": "person"}] * 3
            + [{"canonical": "Hillary Clinton", "kind": "person"}] * 5
            + [{"canonical": "Clinton", "kind": "person"}])
    mapping = canonical.canonical_people(rows, suffixes=load_vocabulary().suffix)
    assert mapping["Trump"] == "Donald Trump"  # 9 of 10 full mentions: at least 0.8
    assert mapping["Clinton"] == "Clinton"  # 5 of 8: no one dominates


def test_speakers_by_kind():
    import pandas as pd

    quotes = pd.DataFrame({"outlet": ["A"] * 5, "attribution": ["direct"] * 3 + ["reported"] * 2,
                           "speaker_kind": ["person", "person", "", "anonymous", "person"]})
    got = voices_mod.speakers_by_kind(quotes)
    assert got.values.tolist() == [["A", "direct", "person", 2, 0.6667],
                                   ["A", "direct", "unresolved", 1, 0.3333],
                                   ["A", "reported", "anonymous", 1, 0.5],
                                   ["A", "reported", "person", 1, 0.5]]


def test_the_president_is_the_person_the_article_titled_president():
    rows = _attributions(
        "President Barack Obama met Sen. Ted Cruz on Monday. “We will talk again,” the president said.\n\n"
        "“Not yet, not this week,” the senator said. “We need more time,” the governor said.")
    assert [(r["speaker"], r["speaker_canonical"], r["speaker_kind"]) for r in _speech(rows)] == [
        ("the president", "Barack Obama", "person"), ("the senator", "Ted Cruz", "person"),
        ("the governor", "governor", "anonymous")]  # no governor is named


def test_some_in_a_place_are_people_not_named(seed_tables):
    """Moscow Times: "… joked before signing that some in Russia had asked “whether we will
    sign or not.”": the speaker is "some in Russia", people not named, not the country."""
    q = quotes_starting(seed_tables, "whether we will sign or not")
    assert q[["speaker", "speaker_canonical", "speaker_kind"]].values.tolist() == [
        ["some in Russia", "some in russia", "anonymous"]]


def test_people_not_named_before_a_verb_of_saying_are_anonymous_in_quotations_too():
    rows = _attributions("“We will keep fighting this law,” abortion rights advocates said.\n\n"
                         "Abortion rights advocates said the ruling made the fight harder.")
    assert [(r["attribution"], r["speaker"], r["speaker_kind"]) for r in rows] == [
        ("direct", "abortion rights advocates", "anonymous"),
        ("reported", "Abortion rights advocates", "anonymous")]


def test_attributions_by_kind_and_speech():
    import pandas as pd

    quotes = pd.DataFrame({
        "outlet": ["B", "A", "A", "A", "B", "A"],
        "attribution": ["direct", "reported", "reported", "direct", "reported", "reported"],
        "cue_kind": ["speech", "speech", "action", "", "thought", "speech"],
        "speaker_kind": ["person", "anonymous", "person", "", "person", "person"]})
    got = voices_mod.attributions_by_kind(quotes)
    # outlets in order of first appearance, kinds in the order direct, speech, thought, …
    assert got.values.tolist() == [["B", "direct", 1, 0.5], ["B", "thought", 1, 0.5],
                                   ["A", "direct", 1, 0.25], ["A", "speech", 2, 0.5],
                                   ["A", "action", 1, 0.25]]
    # who speaks counts direct quotations and reported speech, not thought or action
    assert voices_mod.speech(quotes).index.tolist() == [0, 1, 3, 5]
    kinds = voices_mod.speakers_by_kind(quotes)
    assert kinds.values.tolist() == [["B", "direct", "person", 1, 1.0],
                                     ["A", "reported", "anonymous", 1, 0.5],
                                     ["A", "direct", "unresolved", 1, 1.0],
                                     ["A", "reported", "person", 1, 0.5]]


def test_a_statement_speaks_for_its_issuer():
    rows = [r for r in _attributions(
        "The White House released a statement on Friday.\n\n"
        "“We are pleased with the outcome of the vote,” the statement said.\n\n"
        "“The hearing is postponed until further notice,” a statement said.")
        if r["attribution"] == "direct"]
    # both follow the White House's release within 600 characters: both are its words
    assert [(r["speaker"], r["speaker_canonical"], r["speaker_kind"]) for r in rows] == [
        ("the statement", "White House", "organisation"),
        ("a statement", "White House", "organisation")]
    alone = [r for r in _attributions("“The hearing is postponed,” the statement said.")
             if r["attribution"] == "direct"]
    assert [(r["speaker_canonical"], r["speaker_kind"]) for r in alone] == [("statement", "other")]


def test_shared_quotations_groups_versions_by_words_across_outlets():
    # worked by hand: rows 0, 1 and 3 are one quotation (row 1 differs in one word of 8:
    # ratio 2 * 7 / 16 = 0.875 >= 0.8), carried by outlets A and B; rows 2 and 5 are
    # another, carried by C and B; row 4 shares words with the first but is half its
    # length (2 * 4 / 12 = 0.67, its own group, one outlet: left out); row 6 is reported
    # speech and row 7 too short to match
    first = "We will never surrender our freedom to anyone"
    economy = "The economy grew faster than expected this year"
    rows = [("A", "a1", "x", first, "direct"),
            ("B", "b1", "x", "We will never surrender our freedom to anybody", "direct"),
            ("C", "c1", "y", economy, "direct"),
            ("A", "a2", "x", first, "direct"),
            ("C", "c2", "x", "We will never surrender", "direct"),
            ("B", "b2", "unresolved", economy, "direct"),
            ("D", "d1", "x", first, "reported"),
            ("D", "d2", "x", "Never", "direct")]
    quotes = pd.DataFrame(rows, columns=["outlet", "article_id", "speaker_entity", "quote", "attribution"])
    quotes["n_words"] = quotes.quote.str.split().str.len()
    out = shared_copy.shared_quotations(quotes)
    assert out.group.tolist() == [1, 1, 1, 2, 2]
    assert out.article_id.tolist() == ["a1", "b1", "a2", "c1", "b2"]
    assert out["diff"].tolist() == [first, "We will never surrender our freedom to [-anyone-] {+anybody+}",
                                    "We will never surrender our freedom to anyone", economy, economy]
    assert shared_copy.shared_quotations(quotes, min_outlets=3).empty


def test_top_voices_pools_the_smaller_speakers():
    voices = pd.DataFrame({"outlet": ["A", "A", "A", "B", "B", "C"],
                           "speaker_entity": ["x", "y", "unresolved", "x", "z", "w"],
                           "n_words": [10, 3, 2, 5, 4, 50]})
    # among A and B, x has 15 quoted words, z 4, y 3: with one speaker kept, y and z are "others";
    # C is not shown, so w (50 words) neither counts in the ranking nor appears
    top = voices_mod.top_voices(voices, ["B", "A"], max_speakers=1)
    assert top[["outlet", "speaker_entity", "n_words", "speaker_rank"]].values.tolist() == [
        ["B", "x", 5, 0], ["B", "others", 4, 1],
        ["A", "x", 10, 0], ["A", "others", 3, 1], ["A", "unresolved", 2, 2]]
    assert voices_mod.top_voices(voices, ["C"], max_speakers=1).speaker_entity.tolist() == ["w"]



def test_speakers_resolved_by_the_article():
    """Hand-written: a description goes to the person the article introduced with it (an
    apposition, a title); a name that modifies a person noun is not the subject; a
    paragraph ending in "Name continued:" gives its quotation to that person; the subject
    of coordinated verbs is read in their clause; a name followed by a chain of
    appositions is the speaker of the verb after them."""
    rows = _attributions(
        "Sam Lau, the communications director for the Iowa Democratic Party, spoke on Monday.\n\n"
        "\u201cThere are no paper ballots,\u201d the communications director for the Iowa Democratic Party said.\n\n"
        "Senate Minority Leader Chuck Schumer attacked the bill. \u201cIt is a disgrace,\u201d the Senate minority leader said.\n\n"
        "Clinton campaign manager Robby Mook has a \u201cfirm grasp of the numbers.\u201d\n\n"
        "Ted Cruz continued:\n\n\u201cYou look at the questions.\u201d\n\n"
        "When asked whom she supported, Ms. Sherry smiled and said, \u201cI am waiting for Bloomberg.\u201d\n\n"
        "\u201cWe need people who bring people together,\u201d Harry Bond, 30, of Raleigh, N.C., who was "
        "among those polled, said.\n\n"
        "Geoff Garin, a Democratic pollster who is working with Priorities USA, a pro-Clinton super PAC, "
        "said the primaries have reinforced perceptions.\n\n"
        "Hillary Clinton spoke on Monday. Alixandria Lapp, executive director of the House Majority PAC, "
        "said she thinks Republicans \u201care going to be dragged down by the anger.\u201d")
    direct = [(r["quote"][:22], r["speaker_canonical"], r["speaker_kind"]) for r in rows
              if r["attribution"] == "direct"]
    assert direct == [("There are no paper bal", "Sam Lau", "person"),
                      ("It is a disgrace,", "Chuck Schumer", "person"),
                      ("firm grasp of the numb", "Robby Mook", "person"),
                      ("You look at the questi", "Ted Cruz", "person"),
                      ("I am waiting for Bloom", "Sherry", "person"),
                      ("We need people who bri", "Harry Bond", "person"),
                      ("are going to be dragge", "Alixandria Lapp", "person")]  # "said she thinks"
    # a name, then a chain of appositions, then the verb: the name is the speaker
    reported = [(r["speaker_canonical"], r["quote"]) for r in rows if r["attribution"] == "reported"
                and r["cue_kind"] == "speech"]
    assert ("Geoff Garin", "the primaries have reinforced perceptions") in reported


def test_an_embedded_post_is_its_authors_quotation():
    """Hand-written: a paragraph signed "— Name (@handle) Month D, YYYY" (an embedded
    post) is a direct quotation of its author, its link removed by the cleaning."""
    rows = _attributions(
        "Pledge $20.20 to this campaign: pic.twitter.com/ZkdI3u57yY \u2014 Ady Barkan (@AdyBarkan) August 16, 2018\n\n"
        "President Trump just took executive action. \u2014 The White House (@WhiteHouse) May 28, 2020")
    posts = [(r["quote"], r["speaker"], r["speaker_canonical"], r["speaker_kind"], r["verb"])
             for r in rows if r["verb"] == "posted"]
    assert posts == [("Pledge $20.20 to this campaign:", "Ady Barkan", "Ady Barkan", "other", "posted"),
                     ("President Trump just took executive action.", "The White House", "White House",
                      "organisation", "posted")]


def test_things_that_cannot_speak_are_no_person_speakers():
    """Hand-written: a market index "added 0.5 percent"; its name ends in a thing word of
    name_titles_not_names.csv, so it is neither a person nor an organisation speaker."""
    rows = _attributions("The Shanghai Composite Index added 0.5 percent on Monday. "
                         "The Dow Jones Industrial Average fell 1 percent. Apple said sales would rise.")
    assert [(r["speaker_canonical"], r["speaker_kind"]) for r in rows
            if r["speaker_kind"] in ("person", "organisation")] == [("Apple", "organisation")]
