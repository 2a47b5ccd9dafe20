"""People and organisations found without a registry (analysis/people/): hand-written
news paragraphs with the people worked out by hand, and one seed article read by hand."""
from __future__ import annotations

import time

from analysis.corpus import paths
from analysis.people import canonical, name_lists, names as people

LISTS = name_lists.load_name_lists()  # the bundled name lists


def found(text: str, *, headline: bool = False, kind: str | None = None):
    rows = people.find_people(text, people.sentences_of(text, headline=headline), lists=LISTS)
    for r in rows:
        assert text[r["start"]:r["end"]] == r["mention"]
        assert set(r) == set(people.PEOPLE_COLUMNS)
    return [(r["mention"], r["title"], r["canonical"], r["evidence"]) for r in rows
            if kind is None or r["kind"] == kind]


def test_surname_chaining_titles_and_possessive():
    text = ("Hillary Clinton spoke in Ohio on Monday. Clinton did not mention the polls. "
            "Mrs. Clinton's aides declined to comment.")
    assert found(text) == [
        ("Hillary Clinton", "", "Hillary Clinton", "given-name"),
        ("Clinton", "", "Hillary Clinton", "surname-of-earlier-full-mention"),
        ("Clinton", "Mrs.", "Hillary Clinton", "surname-of-earlier-full-mention"),
    ]
    rows = people.find_people(text, people.sentences_of(text), lists=LISTS)
    assert [r["possessive"] for r in rows] == [False, False, True]


def test_two_people_sharing_a_surname():
    # "Clinton" alone could be either: kept as written, evidence ambiguous-surname;
    # a gendered honorific decides by the given names' sex in the Census list.
    text = ("Bill Clinton and Hillary Clinton arrived in Iowa. Clinton spoke first. "
            "Mr. Clinton smiled while Mrs. Clinton read her notes.")
    assert found(text) == [
        ("Bill Clinton", "", "Bill Clinton", "given-name"),
        ("Hillary Clinton", "", "Hillary Clinton", "given-name"),
        ("Clinton", "", "Clinton", "ambiguous-surname"),
        ("Clinton", "Mr.", "Bill Clinton", "surname-and-honorific"),
        ("Clinton", "Mrs.", "Hillary Clinton", "surname-and-honorific"),
    ]


def test_apposition_description_and_titles():
    # "Trump's" has no evidence of its own here (no title, no full name): not counted
    text = ("Brad Parscale, Trump's campaign manager, said the rally was full. "
            "Sen. Lindsey Graham and Secretary of State Mike Pompeo disagreed. "
            "Russian President Vladimir Putin called. Senior adviser Jared Kushner, who "
            "stayed silent, left. Trump's lawyer Rudy Giuliani spoke.")
    assert found(text, kind="person") == [
        ("Brad Parscale", "", "Brad Parscale", "given-name"),
        ("Lindsey Graham", "Sen.", "Lindsey Graham", "title"),
        ("Mike Pompeo", "Secretary of State", "Mike Pompeo", "title"),
        ("Vladimir Putin", "President", "Vladimir Putin", "title"),
        ("Jared Kushner", "", "Jared Kushner", "given-name"),
        ("Rudy Giuliani", "", "Rudy Giuliani", "given-name"),
    ]


def test_apposition_alone_makes_a_person():
    # neither given name is in the Census list: the apposition decides
    text = "Tsikhanouskaya, the opposition leader, left. Zhvania, who is 40, stayed."
    assert found(text) == [
        ("Tsikhanouskaya", "", "Tsikhanouskaya", "apposition"),
        ("Zhvania", "", "Zhvania", "apposition"),
    ]


def test_sentence_openers_months_nationalities_are_not_people():
    text = ("But Monday brought no news. Russian officials met in May. American voters "
            "stayed home. According to Reuters, nothing changed. Moscow said no.")
    assert found(text) == [("Reuters", "", "Reuters", "organisation")]


def test_month_is_a_surname_only_with_the_person():
    text = "Theresa May met voters in May. Mrs. May left early. May said she was tired."
    assert found(text) == [
        ("Theresa May", "", "Theresa May", "given-name"),
        ("May", "Mrs.", "Theresa May", "surname-of-earlier-full-mention"),
        ("May", "", "Theresa May", "surname-of-earlier-full-mention"),
    ]


def test_organisations():
    text = ("The White House and the Department of Justice declined to comment, the "
            "Associated Press reported. The Kremlin and the Democratic National Committee "
            "said nothing to the New York Times.")
    assert found(text, kind="organisation") == [
        ("White House", "", "White House", "organisation"),
        ("Department of Justice", "", "Department of Justice", "organisation"),
        ("Associated Press", "", "Associated Press", "organisation"),
        ("Kremlin", "", "Kremlin", "organisation"),
        ("Democratic National Committee", "", "Democratic National Committee", "organisation"),
        ("New York Times", "", "New York Times", "organisation"),
    ]
    assert found(text, kind="person") == []


def test_headline_case_line_is_read_conservatively():
    # the headline's capitalised words are names only when the article has them
    text = ("Putin Vows to Back Lukashenko Against Western Interference\n"
            "Russian President Vladimir Putin on Thursday backed Belarus' Alexander "
            "Lukashenko. Lukashenko thanked him.")
    assert found(text, headline=True) == [
        ("Putin", "", "Vladimir Putin", "headline-known-name"),
        ("Lukashenko", "", "Alexander Lukashenko", "headline-known-name"),
        ("Vladimir Putin", "President", "Vladimir Putin", "title"),
        ("Alexander Lukashenko", "", "Alexander Lukashenko", "given-name"),
        ("Lukashenko", "", "Alexander Lukashenko", "surname-of-earlier-full-mention"),
    ]


def test_korean_name_order_and_middle_initial():
    text = ("Kim Jong Un met Moon Jae-in, the South Korean president. Mr. Kim smiled. "
            "James B. Comey testified. Comey left.")
    assert found(text) == [
        ("Kim Jong Un", "", "Kim Jong Un", "given-name"),
        ("Moon Jae-in", "", "Moon Jae-in", "given-name"),  # Moon: a Census given name
        ("Kim", "Mr.", "Kim Jong Un", "first-word-of-full-mention"),
        ("James B. Comey", "", "James B. Comey", "given-name"),
        ("Comey", "", "James B. Comey", "surname-of-earlier-full-mention"),
    ]


def test_initials_and_suffixes_keep_people_apart():
    # two Bushes in one article: "Bush" alone could be either; "George Bush" could be too
    text = ("George H.W. Bush met George W. Bush in Texas. George Bush smiled. Bush spoke.")
    assert found(text) == [
        ("George H.W. Bush", "", "George H. W. Bush", "given-name"),
        ("George W. Bush", "", "George W. Bush", "given-name"),
        ("George Bush", "", "George Bush", "given-name"),
        ("Bush", "", "Bush", "ambiguous-surname"),
    ]
    # one Bush with an initial: the name without it and the surname are his
    text = "President George W. Bush spoke. Later George Bush left, and Bush slept."
    assert [r[2] for r in found(text)] == ["George W. Bush"] * 3
    # a father and a son: "Trump Jr." is the son, "Trump" the father
    text = ("Donald Trump Jr. said his father, Donald Trump, was right. Trump Jr. added "
            "more. Trump said nothing.")
    assert found(text) == [
        ("Donald Trump Jr", "", "Donald Trump Jr", "given-name"),
        ("Donald Trump", "", "Donald Trump", "given-name"),
        ("Trump Jr", "", "Donald Trump Jr", "speech-verb"),
        ("Trump", "", "Donald Trump", "surname-of-earlier-full-mention"),
    ]


def test_run_together_page_text_is_no_person():
    # The Hill's pop-up name box, flattened into the sentence: "TrumpGOP" is two words
    # run together, and a run with one word twice is no one's name
    text = "He has criticized President Trump Donald John TrumpGOP senators balk. Ted Cruz said so."
    assert [r[2] for r in found(text)] == ["Ted Cruz"]
    # an acronym with full stops ("C.D.C.") is no initials of a name
    assert [r[2] for r in found("The C.D.C. And Dr Redfield said so.")] == ["Redfield"]
    # a market index is a thing, whatever verb follows it
    assert found("The Shanghai Composite Index added 0.5 percent on Monday.") == []
    # capitals inside a surname after a short prefix are names
    assert [r[2] for r in found("Ron DeSantis and Mitch McConnell said so.")] == [
        "Ron DeSantis", "Mitch McConnell"]


def test_canonical_people_across_a_corpus():
    rows = [
        {"canonical": "Hillary Clinton", "kind": "person"},
        {"canonical": "Clinton", "kind": "person"},
        {"canonical": "Kim Jong Un", "kind": "person"},
        {"canonical": "Kim Jong-un", "kind": "person"},
        {"canonical": "Kim Jong Un", "kind": "person"},
        {"canonical": "Kim", "kind": "person"},
        {"canonical": "Putin", "kind": "person"},
        {"canonical": "Reuters", "kind": "organisation"},
    ]
    assert canonical.canonical_people(rows, suffixes=LISTS.vocabulary.suffix) == {
        "Clinton": "Hillary Clinton", "Hillary Clinton": "Hillary Clinton",
        "Kim": "Kim Jong Un", "Kim Jong Un": "Kim Jong Un", "Kim Jong-un": "Kim Jong Un",
        "Putin": "Putin", "Reuters": "Reuters"}
    # initials, suffixes and nicknames across the corpus: a name without the initials of
    # exactly one fuller name is it, in the form written most; two fuller names keep it
    # apart; a nickname of the given name with the same surname is the same person
    more = [{"canonical": n, "kind": "person"} for n, k in [
        ("George W. Bush", 5), ("George H. W. Bush", 2), ("George Bush", 1),
        ("Donald Trump", 9), ("Donald J. Trump", 1), ("Donald Trump Jr", 3), ("Trump Jr", 1),
        ("Joe Biden", 4), ("Joseph Biden", 1), ("Bernard Sanders", 1), ("Bernie Sanders", 3),
        ("Jill Biden", 2)] for _ in range(k)]
    got = canonical.canonical_people(more, suffixes=LISTS.vocabulary.suffix)
    assert got["George Bush"] == "George Bush" and got["George H. W. Bush"] == "George H. W. Bush"
    assert got["Donald J. Trump"] == "Donald Trump" and got["Trump Jr"] == "Donald Trump Jr"
    assert got["Donald Trump Jr"] == "Donald Trump Jr"
    assert got["Joseph Biden"] == "Joe Biden" and got["Bernard Sanders"] == "Bernie Sanders"
    assert got["Jill Biden"] == "Jill Biden"
    # a second Clinton anywhere in the corpus: "Clinton" stays as written
    rows.append({"canonical": "Bill Clinton", "kind": "person"})
    assert canonical.canonical_people(rows, suffixes=LISTS.vocabulary.suffix)["Clinton"] == "Clinton"


def test_seed_article_dw(seed_tables):
    # DW's article read by hand: "Russian President Vladimir Putin", "Belarusian leader
    # Alexander Lukashenko", Putin twice more, Lukashenko five times more (four before,
    # one after), "opposition
    # leader Sviatlana Tsikhanouskaya"; the headline ("Russia, Belarus agree on deeper
    # integration") names nobody; "Belarus'" (a place's possessive) is no person.
    text = seed_tables["articles"].set_index("article_id").text["dw"]
    s = seed_tables["sentences"]
    rows = people.find_people(text, s[s.article_id == "dw"].to_dict("records"), lists=LISTS)
    persons = [(r["mention"], r["canonical"]) for r in rows if r["kind"] == "person"]
    assert persons == [("Vladimir Putin", "Vladimir Putin"),
                       ("Alexander Lukashenko", "Alexander Lukashenko"),
                       ("Putin", "Vladimir Putin"), ("Putin", "Vladimir Putin"),
                       *[("Lukashenko", "Alexander Lukashenko")] * 4,
                       ("Sviatlana Tsikhanouskaya", "Sviatlana Tsikhanouskaya"),
                       ("Lukashenko", "Alexander Lukashenko")]
    assert {r["canonical"] for r in rows if r["kind"] == "organisation"} == {"EU", "Soviet Union"}


def test_a_huge_paragraph_stays_linear():
    unit = "Hillary Clinton met Sen. Lindsey Graham in Washington and Clinton said no. "
    small, big = unit * 300, unit * 3000
    timings = [float("inf"), float("inf")]
    # CPU time, the best of three, the small and the big text in turn: the machine is shared
    # and noisy, and a change in its load then falls on both
    for _ in range(3):
        for i, text in enumerate((small, big)):
            sentences = [{"start": 0, "end": len(text), "sentence_id": 1, "role": "body"}]
            t0 = time.process_time()
            rows = people.find_people(text, sentences, lists=LISTS)
            timings[i] = min(timings[i], time.process_time() - t0)
            assert len(rows) == 3 * text.count("Hillary")
    # ten times the text: about ten times the time (quadratic work would be a hundred)
    assert timings[1] < 25 * max(timings[0], 1e-3)


def test_a_corpus_folder_extends_or_replaces_the_name_lists(tmp_path):
    """paths.data_files: given_names.extra.csv adds names to the bundled list; a corpus's own
    stopwords.txt replaces the bundled one."""
    text = "Zelimkhan Bakayev met the delegation in Grozny."
    sents = people.sentences_of(text)
    assert people.find_people(text, sents, lists=name_lists.load_name_lists(tmp_path)) == []
    header = next(line for line in (paths.DATA / "given_names.csv").read_text(encoding="utf-8").splitlines()
                  if not line.startswith("#"))
    columns = header.split(",")
    row = {c: "" for c in columns} | {"given_name": "Zelimkhan", "share_male": "1.0", "share_female": "0"}
    (tmp_path / "given_names.extra.csv").write_text(
        header + "\n" + ",".join(row[c] for c in columns) + "\n", encoding="utf-8")
    lists = name_lists.load_name_lists(tmp_path)
    found = people.find_people(text, sents, lists=lists)
    assert [(r["mention"], r["evidence"]) for r in found] == [("Zelimkhan Bakayev", "given-name")]
    assert lists.given["Zelimkhan"] == "M" and lists.given["Mary"] == "F"  # the bundled ones stay
    (tmp_path / "stopwords.txt").write_text("the\n", encoding="utf-8")
    assert name_lists.load_name_lists(tmp_path).stop_words == frozenset({"the"})
    # the kinds variant discovery reads come from the corpus's lists too: Grozny is a place
    # once the corpus's not-names list says so; Georgia is a place, not the given name
    assert "Grozny" not in lists.word_kinds and lists.word_kinds["Georgia"] == {"place"}
    assert lists.word_kinds["Zelimkhan"] == {"given"} and lists.word_kinds["Georgian"] == {"nationality"}
    (tmp_path / "name_titles_not_names.extra.csv").write_text(
        "word,category,source\nGrozny,place,test\n", encoding="utf-8")
    assert name_lists.load_name_lists(tmp_path).word_kinds["Grozny"] == {"place"}
