"""Sentences and words, with counts verified by reading the seed articles."""
from __future__ import annotations

import pytest

from analysis.language import text
from analysis.language.text import count_words, split_paragraph, tokenize_words

# Sentences per article, counted by hand from the cleaned text: headline and each
# standfirst bullet or subhead is one sentence; a quotation that holds two sentences
# stays one sentence with its attribution (pysbd does not split inside quotation marks).
#   SCMP: headline 1 + 2 bullets + body 1,1,1,1,2,1 = 10
#   DW:   headline 1 + standfirst 2 + 3 subheads + body 1,1,1,1,1,1,1,2,1,1,1,1 = 19
EXPECTED_SENTENCES = {"scmp": 10, "dw": 19, "rferl": 18, "moscow-times": 17, "france24": 28}


def test_sentence_counts_per_article(seed_tables):
    counts = seed_tables["sentences"].groupby("article_id").size().to_dict()
    assert counts == EXPECTED_SENTENCES


def test_sentence_rows_point_into_the_analysis_text(seed_tables):
    texts = seed_tables["articles"].set_index("article_id").text
    for row in seed_tables["sentences"].itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text


def test_dw_sentences_read_by_hand(seed_tables):
    dw = seed_tables["sentences"].query("article_id == 'dw'").set_index("sentence_id")
    assert dw.loc[1, ["role", "text"]].tolist() == ["headline", "Russia, Belarus agree on deeper integration"]
    assert dw.loc[3, "text"] == "The measures come after the EU tightened sanctions on Belarus earlier this year."
    assert dw.loc[3, "role"] == "standfirst"
    assert dw.loc[6, ["role", "text"]].tolist() == ["subhead", "What were the latest talks about?"]
    assert dw.loc[14, "text"] == ("The EU clamped down on Lukashenko after he launched a ruthless "
                                  "crackdown on opponents to his almost 30-year regime.")
    assert dw.loc[15, "text"].startswith("His government has jailed thousands")
    assert dw.loc[14, "paragraph_id"] == dw.loc[15, "paragraph_id"] == 13


def test_scmp_quote_with_attribution_is_one_sentence(seed_tables):
    scmp = seed_tables["sentences"].query("article_id == 'scmp'").set_index("sentence_id")
    assert scmp.loc[6, "text"].startswith("“We will together resist")
    assert scmp.loc[6, "text"].endswith("where he was marking a national holiday.")
    assert scmp.loc[6, "n_words"] == 51


@pytest.mark.parametrize("text,expected", [
    ("The U.S. Senate met on Dec. 3 with Sen. John Smith. It voted.",
     ["The U.S. Senate met on Dec. 3 with Sen. John Smith.", "It voted."]),
    ("J. R. R. Tolkien wrote it. Then he left.", ["J. R. R. Tolkien wrote it.", "Then he left."]),
    ("Mr. Putin arrived at 5 p.m. on Monday. Talks began.",
     ["Mr. Putin arrived at 5 p.m. on Monday.", "Talks began."]),
    ('He said: "Go. Now." Then he left.', ['He said: "Go. Now."', "Then he left."]),
    ("", []),
])
def test_split_paragraph(text, expected):
    assert [text[a:b] for a, b in split_paragraph(text)] == expected


def test_words_are_unicode_aware():
    assert tokenize_words("long-standing plans, Lukashenko's and Lukashenko’s backer") == [
        "long-standing", "plans", "Lukashenko's", "and", "Lukashenko’s", "backer"]
    assert tokenize_words("Łukašenka, Лукашэнка and Cichanoŭskaja") == [
        "Łukašenka", "Лукашэнка", "and", "Cichanoŭskaja"]
    assert tokenize_words("a $1.5 billion loan; nearly 7,000 people -- in 2020.") == [
        "a", "1.5", "billion", "loan", "nearly", "7,000", "people", "in", "2020"]
    assert count_words("Belarus' influence as a transport hub") == 6


def test_word_counts_before_and_after_cleaning(seed_tables):
    arts = seed_tables["articles"].set_index("article_id")
    # DW's raw file has 493 words; cleaning removes skip links, date line, captions, credit
    assert (arts.n_words_raw > arts.n_words_clean).all()
    assert arts.loc["dw", "n_words_clean"] == seed_tables["sentences"].query(
        "article_id == 'dw'").n_words.sum()


def test_sentence_voice_narrator_quoted_or_mixed():
    t = 'He left. "We will not leave the city," she said. "We stay."'
    quotes = text.find_quotes(t)
    # the sentences: "He left." 0:8, '"We will ... city," she said.' 9:48, '"We stay."' 49:59
    voices = [text.sentence_voice(a, b, quotes) for a, b in ((0, 8), (9, 48), (49, 59))]
    assert voices == [("narrator", ""), ("mixed", "1:28"), ("quoted", "1:9")]
    # one rule for a position: in the article (SpanIndex) and in the sentence (its spans)
    index = text.SpanIndex(quotes)
    assert [index.voice(p) for p in (3, 10, 37, 43)] == ["narrator", "quoted", "quoted", "narrator"]
    # "She" at 0 and "said" at 34 of the second sentence; its quotation is 1:28
    assert [text.voice_in_sentence(p, "1:28") for p in (0, 1, 27, 28, 34)] == [
        "narrator", "quoted", "quoted", "narrator", "narrator"]


def test_a_voice_from_another_vocabulary_is_an_error():
    text.check_voices(["narrator", "quoted", "mixed", "all"])
    with pytest.raises(ValueError, match="unknown voice 'quote'.*'narrator', 'quoted', 'mixed'"):
        text.check_voices(["narrator", "quote"])


def test_two_apostrophes_are_a_double_quotation_mark():
    # the New York Times' archive text writes a double quotation mark as two apostrophes
    t = "''Politics has never been gentlemanly,'' said Mr. Hedge. He 'wants' it.\n\n''It goes on"
    quotes = text.find_quotes(t)
    assert [(q["kind"], q["text"]) for q in quotes] == [
        ("quote", "Politics has never been gentlemanly,"), ("scare", "wants"), ("quote", "It goes on")]
    assert t[quotes[0]["start"]:quotes[0]["end"]] == "''Politics has never been gentlemanly,''"
    assert quotes[2]["end"] == len(t)
    # two apostrophes inside a word are an escaped apostrophe (SQL and CSV dumps)
    assert text.find_quotes("Trump''s aide said it was fine and that''s all.") == []
