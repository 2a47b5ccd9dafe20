"""benchmarks/speakers_polnear.py and benchmarks/polnear_gold.py: the reading of brat
annotations, the rules (direct or reported, a source that names a person, the surname
match) on tiny hand-written examples, one run of the real pipeline on a two-article
corpus in PolNeAR's layout with the figures worked out by hand, and one run on five real
PolNeAR articles (skipped when ../shared/corpora/polnear is not beside this checkout)."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.corpus import paths
from analysis.people import quotations
from script_loader import load_script


pg = load_script(paths.ROOT / "benchmarks" / "polnear_gold.py")  # brat annotations, the source rules
bs = load_script(paths.ROOT / "benchmarks" / "speakers_polnear.py")  # the suite's run, matching, figures


# ----------------------------------------------------------------------------- brat

TEXT = 'Title\n\n"We will win this," Smith said, "and soon."\n\nJones said it was over.\n'
# offsets: "We will win this," (with its marks) 7-26, Smith 27-32, said 33-37,
# "and soon." 39-50, Jones 52-57, said 58-62, it 63-65, was over 66-74
ANN = "\n".join([
    "T1\tContent 7 26;39 50\t\"We will win this,\" \"and soon.\"",
    "T2\tSource 27 32\tSmith",
    "T3\tCue 33 37\tsaid",
    "T4\tAttribution 33 37\tsaid",
    "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
    "T5\tSource 52 57\tJones",
    "T6\tCue 58 62\tsaid",
    "T7\tContent 63 74\tit was over",
    "T8\tAttribution 58 62\tsaid",
    "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
    "T9\tContent 63 65\tit",
    "T10\tContent2 66 74\twas over",
    "E3\tAttribution-no-source:T8 Content:T9 Content2:T10",
    "E4\tAttribution-no-source:T8",  # no content: left out
    "a continuation line of a span text that held a line break",
    "#1\tAnnotatorNotes T1\ta note",
    "E5\tDiscard:T9 Content:T9",  # not an attribution
])


def test_parse_ann_reads_discontinuous_spans_and_leaves_out_what_is_no_attribution():
    gold = pg.parse_ann(ANN)
    assert [g.id for g in gold] == ["E1", "E2", "E3"]
    e1, e2, e3 = gold
    assert e1.content == [(7, 26), (39, 50)]
    assert pg.span_text(TEXT, e1.content) == '"We will win this," "and soon."'
    assert pg.span_text(TEXT, e1.source) == "Smith" and pg.span_text(TEXT, e1.cue) == "said"
    assert (e2.kind, pg.span_text(TEXT, e2.source)) == ("Attribution", "Jones")
    # Content2 is content too; an attribution without source has no source span
    assert e3.kind == "Attribution-no-source" and e3.content == [(63, 65), (66, 74)] and e3.source == []


def test_direct_quotation_needs_three_words_inside_one_quoted_stretch():
    gold = pg.annotate(TEXT, pg.parse_ann(ANN))
    e1, e2, e3 = gold
    # both parts of the split quotation are direct; the quoted part has no marks
    assert e1.direct and pg.span_text(TEXT, e1.quoted) == "We will win this,"
    assert pg.count_words(TEXT, [(40, 49)]) == 2  # "and soon." alone is two words
    assert not e2.direct and not e3.direct
    text = ('He called it “fake news” and a “total witch hunt” and said “he’s done,” '
            'adding "it is over\nand the next line is no quotation')
    spans = pg.quoted_stretches(text)
    assert [text[a:b] for a, b in spans] == ["fake news", "total witch hunt", "he’s done,",
                                             "it is over"]
    whole = [(0, len(text))]
    direct = pg.annotate(text, [pg.Gold("E1", "Attribution", whole)])[0]
    # "fake news" (2) and "he's done" (2: "he's" is one word) are scare quotes: they do
    # not add up; "total witch hunt" (3) and the quote left open to the end of its line
    # (3) make the content direct
    assert [text[a:b] for a, b in direct.quoted] == ["total witch hunt", "it is over"]
    two = pg.annotate(text, [pg.Gold("E2", "Attribution", [(0, 25)])])[0]
    assert not two.direct
    # two apostrophes are one double quotation mark (the New York Times articles)
    nyt = "''It's over,'' Mr. Bush said. He ''will not quit,'' and ''never'' will."
    assert [nyt[a:b] for a, b in pg.quoted_stretches(nyt)] == ["It's over,", "will not quit,", "never"]


@pytest.mark.parametrize("source, name, surname", [
    ("Smith", "Smith", "Smith"),
    ("Hope Hicks, Trump's spokeswoman", "Hope Hicks", "Hicks"),
    ("Trump’s spokeswoman, Hope Hicks,", "Hope Hicks", "Hicks"),
    ("Sen. Bernie Sanders (I-Vt.)", "Sen. Bernie Sanders", "Sanders"),
    ("Secretary of State Hillary Clinton", "Secretary of State Hillary Clinton", "Clinton"),
    ("Patricia Moran of Cheyenne", "Patricia Moran", "Moran"),
    ("Donald J. Trump Jr.", "Donald J. Trump", "Trump"),
    ("Mrs. Clinton", "Mrs. Clinton", "Clinton"),
    ("Trump's", "Trump's", "Trump"),
    ("Cruz, who has proposed repealing it,", "Cruz", "Cruz"),
    ("a senior adviser to Cruz", "", ""),
    ("Trump's campaign", "", ""),
    ("the Clinton campaign", "", ""),
    ("The New York Times", "", ""),
    ("CNN", "", ""),
    ("the President", "", ""),
    ("Republicans", "", ""),
    ("He", "", ""),
    ("which", "", ""),
])
def test_person_name_rule(source, name, surname):
    assert pg.person_name(source) == name
    assert (pg.surname(name) if name else "") == surname


def test_a_one_word_source_must_be_capitalised_inside_a_sentence_of_the_article():
    text = 'Critics said it failed. Barney Frank agreed. "No," Reid said. Harry M. Reid left.'
    inside = pg.capitalised_inside(text)
    assert {"Frank", "Reid"} <= inside and "Critics" not in inside
    assert pg.person_name("Critics", inside_words=inside) == ""
    assert pg.person_name("Frank", inside_words=inside) == "Frank"
    assert pg.person_name("Barney Frank", inside_words=set()) == "Barney Frank"  # two words


def test_source_key_is_the_surname_the_head_word_or_a_relative_pronoun():
    assert pg.source_key("Trump campaign spokeswoman Hope Hicks") == "Hicks"
    assert pg.source_key("a senior adviser to Cruz") == "adviser"
    assert pg.source_key("Trump's campaign") == "campaign"
    # "Clinton, who said …": PolNeAR marks "who" as the source; the suite writes "who"
    assert pg.source_key("who") == "who" and pg.source_key("which") == "which"


def test_surname_match_is_a_whole_word_ignoring_case_in_any_speaker_field():
    registry = SimpleNamespace(entities={"clinton": SimpleNamespace(name="Hillary Rodham Clinton")})
    assert bs.names_word("Trump", ["Donald Trump's"])
    assert bs.names_word("Trump", ["Trump’s campaign"])
    assert bs.names_word("clinton", ["Mrs. Clinton"])
    assert not bs.names_word("Clinton", ["Clintonite"])
    assert not bs.names_word("", ["anything"])
    row = {"speaker": "she", "speaker_entity": "clinton"}
    assert bs.speaker_names(row, registry) == ["she", "clinton", "Hillary Rodham Clinton"]
    row = {"speaker": "he", "speaker_canonical": "Donald Trump", "speaker_entity": "unresolved"}
    assert bs.speaker_names(row) == ["he", "Donald Trump"]
    assert bs.names_word(pg.surname("Trump's"), bs.speaker_names(row))


def test_alignment_maps_the_cleaned_text_back_to_the_raw_text():
    raw = "Title\n\nAdvertisement\n\nShe\u00a0said  \u201cwe  win.\u201d\n\nA\u0302h.\n"
    analysis = "Title\n\nShe said \u201cwe win.\u201d\n\n\u00c2h."
    align = bs.Alignment(analysis, raw)
    start = analysis.index("\u201c")
    a, b = align.span(start, start + len("\u201cwe win.\u201d"))
    assert raw[a:b] == "\u201cwe  win.\u201d"
    a, b = align.span(analysis.index("\u00c2"), len(analysis))
    assert raw[a:b] == "A\u0302h."


def _article(name: str, text: str, attributions: list[tuple]) -> "pg.GoldArticle":
    """A gold article from (kind, source words or None, content words) triples, each words
    string found in the text."""
    lines = []
    for i, (kind, source, content) in enumerate(attributions, 1):
        c = text.index(content)
        lines.append(f"T{i}0\tContent {c} {c + len(content)}\t{content}")
        event = f"E{i}\t{kind}:T{i}9 Content:T{i}0"
        if source:
            s = text.index(source)
            lines.append(f"T{i}1\tSource {s} {s + len(source)}\t{source}")
            event += f" Source:T{i}1"
        lines.append(event)
    return pg.GoldArticle(name, "x", text, f"{name}_a.ann", pg.annotate(text, pg.parse_ann("\n".join(lines))))


def test_evaluate_reads_canonical_speakers_and_reported_speech_when_the_suite_writes_them():
    text = ('"We will build it now," he said.\n\n'
            '"They are all wrong here," Mrs. Clinton said.\n\n'
            'Trump said the plan would work.\n\n'
            'Clinton said the plan would fail.')
    article = _article("a", text, [
        ("Attribution", "he", "We will build it now"),                # direct, pronoun: no person
        ("Attribution", "Mrs. Clinton", "They are all wrong here"),   # direct, person
        ("Attribution", "Trump", "the plan would work"),              # reported
        ("Attribution", "Clinton", "the plan would fail"),            # reported
    ])

    def row(phrase, speaker, canonical, attribution, *, quote=True):
        start = text.index(phrase) - quote
        return {"article_id": "a", "quote": phrase, "start": start,
                "end": start + len(phrase) + 2 * quote, "speaker": speaker,
                "speaker_canonical": canonical, "speaker_entity": "unresolved",
                "attribution": attribution}

    quotes = pd.DataFrame([
        row("We will build it now", "he", "Donald Trump", "direct"),
        row("They are all wrong here", "Mrs. Clinton", "Hillary Clinton", "direct"),
        row("the plan would work", "Trump", "Donald Trump", "reported", quote=False),
        row("the plan would fail", "Trump", "Donald Trump", "reported", quote=False),  # wrong source
    ])
    r = bs.evaluate([article], quotes, {"a": text})
    assert (r["gold"], r["direct"], r["person"], r["found"], r["speaker"]) == (4, 2, 1, 1, 1)
    assert (r["reported"], r["reported_with_source"], r["reported_right"]) == (2, 2, 1)
    assert r["reported_produced"] and (r["suite_quotes"], r["suite_unmatched"]) == (2, 0)
    # the same rows in an older quotes.csv: no canonical speaker, no reported speech;
    # the reported rows are then read as quotations (they overlap gold content)
    old = quotes.drop(columns=["speaker_canonical", "attribution"])
    old.loc[1, "speaker"] = ""
    r = bs.evaluate([article], old, {"a": text})
    assert (r["found"], r["speaker"], r["reported_right"], r["reported_produced"]) == (1, 0, 0, False)
    assert (r["suite_quotes"], r["suite_unmatched"]) == (4, 0)
    lines = bs.figure_lines(r)
    assert "speaker names that person (surname): 0 of 1 (0.0%) (target >= 85%)" in lines
    assert lines[6].startswith("reported speech found with the right source: "
                               "not produced by the suite: 0 of 2 (0.0%)")


# ----------------------------------------------------------------------------- end to end

# name: (text, attributions as (kind, source words or None, content parts))
ARTICLES = {
    "outleta_2016-01-01_talks": (
        "Talks end without a deal\n\n"
        '"We will not give up our position," Putin said on Monday.\n\n'
        '"It was a waste of time," a diplomat said.\n\n'
        "Putin said the talks, which began in May, would continue next week.\n",
        [("Attribution", "Putin", ['"We will not give up our position,"']),
         ("Attribution", "a diplomat", ['"It was a waste of time,"']),
         ("Attribution", "Putin", ["the talks", "would continue next week"])]),
    "outletb_2016-01-02_rally": (
        "Rally in the rain\n\n"
        '"We are winning this race," Putin told the crowd.\n\n'
        'The banner read "Peace now for all of us" in red letters.\n\n'
        "It is expected that the vote will pass.\n",
        [("Attribution", "Putin", ["We are winning this race,"]),
         ("Attribution-no-source", None, ["the vote will pass"])]),
}


def _write_polnear(root, articles) -> None:
    """A corpus in PolNeAR's layout: data/train/text/NAME.txt and
    data/train/attributions/NAME_ANNOTATOR.ann, plus an empty second annotator's file
    that must be ignored. A source is the occurrence of its words nearest the content."""
    text_dir = root / "data" / "train" / "text"
    ann_dir = root / "data" / "train" / "attributions"
    text_dir.mkdir(parents=True)
    ann_dir.mkdir(parents=True)
    for name, (text, attributions) in articles.items():
        (text_dir / f"{name}.txt").write_text(text, encoding="utf-8")
        lines = []
        for i, (kind, source, parts) in enumerate(attributions, 1):
            starts = [text.index(p) for p in parts]
            spans = ";".join(f"{a} {a + len(p)}" for a, p in zip(starts, parts))
            lines.append(f"T{i}1\tContent {spans}\t{' '.join(parts)}")
            event = f"E{i}\t{kind}:T{i}0 Content:T{i}1"
            if source:
                found = [j for j in range(len(text)) if text.startswith(source, j)]
                s = min(found, key=lambda j: abs(j - starts[0]))
                lines.append(f"T{i}2\tSource {s} {s + len(source)}\t{source}")
                event += f" Source:T{i}2"
            lines.append(event)
        (ann_dir / f"{name}_aaaa.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (ann_dir / f"{name}_zzzz.ann").write_text("", encoding="utf-8")  # second annotator


def test_end_to_end_on_a_two_article_corpus(tmp_path, capsys):
    """Worked by hand. Gold: 5 attributions; direct: Putin's "We will not give up our
    position", the diplomat's "It was a waste of time", Putin's "We are winning this
    race" (3); of which a person's: Putin's two. The suite finds both and names Putin
    (registered today; a registry-free detector finds him too): 2 of 2, 2 of 2. Reported:
    "the talks ... would continue next week" (discontinuous, source Putin) and "the vote
    will pass" (no source): 2, one with a source. The suite's quotations: the three
    direct ones and the banner's "Peace now for all of us", which no one is said to say:
    1 of 4 matches no gold attribution."""
    _write_polnear(tmp_path, ARTICLES)
    ann = (tmp_path / "data/train/attributions/outleta_2016-01-01_talks_aaaa.ann").read_text()
    assert "Content 140 149;171 195" in ann  # the discontinuous content
    assert bs.main(["--corpus", str(tmp_path), "--jobs", "1", "--examples", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "articles: 2" in out
    assert "gold attributions: 5" in out
    assert "direct quotations: 3" in out
    assert "direct quotations whose source names a person: 2" in out
    assert "found by the suite: 2 of 2 (100.0%) (target >= 90%)" in out
    assert "speaker names that person (surname): 2 of 2 (100.0%) (target >= 85%)" in out
    reported = [l for l in out if l.startswith("reported speech found with the right source: ")]
    if "attribution" in quotations.QUOTE_COLUMNS:  # the suite writes reported speech
        assert reported[0].startswith("reported speech found with the right source: 1 of 1 (100.0%)")
    else:
        assert reported[0].startswith("reported speech found with the right source: "
                                      "not produced by the suite: 0 of 1 (0.0%)")
    assert reported[0].endswith("(target >= 60%; 2 reported attributions, 1 with a source)")
    assert "suite quotations matching no gold attribution: 1 of 4 (25.0%)" in out
    assert any(l.startswith("time: ") for l in out)
    assert "'a diplomat'" in "\n".join(out)  # an example of a source naming no person


POLNEAR = bs.DEFAULT


@pytest.mark.skipif(not (POLNEAR / "data" / "train" / "text").is_dir(),
                    reason=f"{POLNEAR} is not beside this checkout (the shared corpora are absent)")
def test_runs_on_five_real_polnear_articles(capsys):
    assert bs.main(["--limit", "5", "--jobs", "1", "--examples", "1"]) == 0
    out = capsys.readouterr().out
    for prefix in ("articles: 5", "gold attributions: ", "direct quotations: ",
                   "direct quotations whose source names a person: ", "found by the suite: ",
                   "speaker names that person (surname): ",
                   "reported speech found with the right source: ",
                   "suite quotations matching no gold attribution: ", "time: "):
        assert "\n" + prefix in "\n" + out, prefix
