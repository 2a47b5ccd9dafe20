"""The summary: the fingerprint per outlet, the findings in words, the small-multiples
table. Values are read off the seed articles by hand (data/raw/*.txt, analysis text only:
captions and page furniture do not count) and checked against the tables they come from."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.present import findings, fingerprint, pages, wording
from analysis.measures import naming, shared_copy
from analysis.people import registry as registry_mod
from analysis.corpus import paths
from analysis.pipeline.config import Config
from analysis.pipeline.tables import build_tables
from analysis.present.thresholds import Thresholds

FIXTURE = paths.ROOT / "tests" / "fixtures" / "ukraine"


@pytest.fixture(scope="module")
def config():
    return Config.for_corpus(paths.DATA)


@pytest.fixture(scope="module")
def registry(config):
    return config.registry


@pytest.fixture(scope="module")
def fp(seed_tables, registry):
    return fingerprint.fingerprint(seed_tables, registry).set_index("outlet")


@pytest.fixture(scope="module")
def found(seed_tables, config):
    return pages.locate(findings.findings(seed_tables, config))


def _one(found: pd.DataFrame, text: str) -> pd.Series:
    rows = found[found.finding.str.contains(text, regex=False)]
    assert len(rows) == 1, (text, list(found.finding))
    return rows.iloc[0]


# ---------------------------------------------------------------------------- fingerprint

def test_fingerprint_has_a_row_per_outlet_and_every_documented_column(fp):
    assert list(fp.index) == ["SCMP", "Moscow Times", "RFE/RL", "France 24", "DW"]
    assert list(fp.columns) == list(fingerprint.FINGERPRINT_COLUMNS)
    assert fp.n_articles.tolist() == [1, 1, 1, 1, 1]


def test_fingerprint_naming_convention(fp):
    # RFE/RL's analysis text: Lukashenka 9 times (headline + 8 body lines; the 2 more in the
    # raw file are a caption and its repeat), Alyaksandr 1, Tsikhanouskaya 1, Svyatlana 1
    assert fp.naming_convention["RFE/RL"] == "Belarusian-derived"
    assert fp.n_name_choices["RFE/RL"] == 12 and fp.naming_share["RFE/RL"] == 1.0
    assert fp.n_convention["RFE/RL"] == 12
    # DW: Lukashenko 6 + Alexander 1 Russian-derived; Tsikhanouskaya + Sviatlana Belarusian
    assert fp.naming_convention["DW"] == "Russian-derived"
    assert fp.n_name_choices["DW"] == 9 and fp.naming_share["DW"] == pytest.approx(7 / 9, abs=1e-4)
    assert fp.n_convention["DW"] == 7
    assert fp.name_forms["DW"] == "Lukashenko, Alexander, Tsikhanouskaya, Sviatlana"
    for outlet in ("SCMP", "Moscow Times", "France 24"):
        assert fp.naming_convention[outlet] == "Russian-derived"


def test_fingerprint_labels_of_the_main_people(fp, seed_tables, registry):
    assert naming.main_people(seed_tables["mentions"], registry, n=Thresholds().main_people) == [
        "lukashenko", "putin", "tsikhanouskaya"]
    assert fp.labels["SCMP"] == ("Lukashenko: Belarusian strongman, increasingly isolated, Strongman; "
                                 "Putin: Russian President")
    assert fp.labels["DW"] == ("Lukashenko: embattled Belarusian leader; Putin: Russian President; "
                               "Tsikhanouskaya: opposition leader")


def test_fingerprint_house_spelling(fp):
    # SCMP "28 programmes"; RFE/RL 'Programs' (headline), "programs", neighbors,
    # recognized, toward; France 24 criticised, towards; DW programs, toward, criticized,
    # defense
    assert fp.house_spelling["SCMP"] == "British (1 of 1: programmes)"
    assert fp.house_spelling["France 24"] == "British (2 of 2: criticised, towards)"
    assert fp.house_spelling["RFE/RL"] == "American (5 of 5: programs, neighbors, recognized, toward)"
    assert (fp.n_british.tolist(), fp.n_american.tolist()) == ([1, 1, 0, 2, 0], [0, 0, 5, 0, 4])


def test_fingerprint_events_dates_and_wire(fp):
    assert fp.events["France 24"] == "Lukashenko visits Putin in Sochi"
    assert fp.dates["France 24"] == "14 September 2020"
    assert fp.events["DW"] == "Union State decree signed at a video meeting"
    assert fp.dates["DW"] == "4 November 2021"
    assert fp.wire.tolist() == ["", "", "AFP", "AFP", "AFP, Reuters"]


def test_fingerprint_figures_match_the_tables_behind_them(fp, seed_tables):
    t = seed_tables
    own = shared_copy.own_share(t["reuse_sentences"]).set_index("outlet")
    tone = t["sentiment_outlets"].query("voice == 'narrator'").set_index("outlet")
    loaded = t["loaded_language"].query("voice == 'narrator' and category == 'all'").set_index("outlet")
    grade = t["readability"].set_index("outlet").flesch_kincaid_grade
    for outlet in fp.index:
        assert fp.share_own[outlet] == pytest.approx(own.n_words_own[outlet] / own.n_words[outlet])
        assert fp.tone[outlet] == tone.mean_compound[outlet]
        assert fp.tone_low[outlet] == tone.ci_low[outlet]
        assert fp.loaded_per_1k[outlet] == loaded.per_1k_words[outlet]
        assert fp.reading_grade[outlet] == grade[outlet]
        assert fp.n_words[outlet] == t["articles"].set_index("outlet").n_words_clean[outlet]
    # SCMP: 51 of its 248 words are in its three own sentences (headline, two standfirst bullets)
    assert fp.share_own["SCMP"] == pytest.approx(51 / 248)
    assert fp.share_own["France 24"] == 1.0


def test_fingerprint_quoted_voices(fp):
    # RFE/RL quotes Putin, Lukashenka ("he said") and Tsikhanouskaya ("she tweeted") once each
    assert fp.voices["RFE/RL"] == "Vladimir Putin (1), Alexander Lukashenko (1), Sviatlana Tsikhanouskaya (1)"
    assert fp.voices["SCMP"] == "Vladimir Putin (1)"
    assert fp.n_quotes.tolist() == [1, 4, 3, 13, 3]


def test_fingerprint_display_reads_outlets_as_columns_with_their_sources(fp):
    display = pages.fingerprint_display(fp.reset_index())
    assert list(display.columns) == ["SCMP", "Moscow Times", "RFE/RL", "France 24", "DW", "from"]
    assert display.loc["naming convention", "RFE/RL"] == "Belarusian-derived (12 of 12)"
    assert display.loc["naming convention", "DW"] == "Russian-derived (7 of 9)"
    assert display.loc["own text (not shared)", "SCMP"] == "21%"
    assert display.loc["house spelling", "DW"] == "American (4 of 4: criticized, defense, programs, toward)"
    assert display.loc["naming convention", "from"] == "variants · 02-naming"
    assert display.loc["own text (not shared)", "from"] == "reuse_sentences · 06-sources"


# ---------------------------------------------------------------------------- findings

def test_findings_on_the_seeds(found):
    assert list(found.columns) == [*findings.FINDING_COLUMNS, "notebook"]
    event = _one(found, "covers a different event")
    assert event.finding == ("France 24 covers a different event (14 September 2020): “Lukashenko visits "
                             "Putin in Sochi”; 4 of 5 articles cover “Union State decree signed at a video "
                             "meeting” (4 November 2021).")
    assert (event.analysis, event.source, event.notebook, event.outlets) == (
        "corpus", "articles", "01-corpus", "France 24")
    forms = _one(found, "alone writes Belarusian-derived")
    assert forms.finding.startswith("RFE/RL alone writes Belarusian-derived name forms (12 of 12 name choices")
    assert forms.figure == "12 of 12 name choices" and forms.notebook == "02-naming"
    assert _one(found, "writes Lukashenka").finding == (
        "Only RFE/RL writes Lukashenka (9 of 9 mentions); SCMP, Moscow Times, France 24 and DW write "
        "Lukashenko (37).")  # 7 + 12 + 12 + 6
    # "Strongman" (SCMP's headline) and "Belarusian strongman" in SCMP, Moscow Times, RFE/RL
    # and France 24 (twice): a word of the corpus's own lexicon (data/loaded_language.extra.csv)
    assert _one(found, "with “strongman”").finding == (
        "SCMP, Moscow Times, RFE/RL and France 24 label Alexander Lukashenko with “strongman” "
        "(“Strongman”, “Belarusian strongman”: 6 times); DW, naming him 6 times, never does.")
    spelling = _one(found, "House spelling")
    assert "SCMP, Moscow Times and France 24 British" in spelling.finding
    assert "RFE/RL and DW American (RFE/RL 5 of 5; DW 4 of 4" in spelling.finding
    # the exiled opposition leader: RFE/RL ("she tweeted"), France 24 (2) and DW quote her
    quoted = _one(found, "Sviatlana Tsikhanouskaya is quoted")
    assert quoted.finding == ("Sviatlana Tsikhanouskaya is quoted by RFE/RL (1 quotation), France 24 (2) "
                              "and DW (1), not by SCMP or Moscow Times, which do not name her at all.")
    assert quoted.source == "voices" and quoted.outlets == "RFE/RL; France 24; DW"
    own = _one(found, "share of own text")
    assert own.finding.endswith("(SCMP 21%, Moscow Times 48%, RFE/RL 85%, DW 85%, France 24 100%).")
    assert _one(found, "Most of SCMP's text is shared copy").figure == "51 of 248 words own"


def test_each_finding_figure_matches_its_table(found, seed_tables, registry):
    variants = seed_tables["variants"]
    rferl = naming.naming_choices(variants, registry).query("outlet == 'RFE/RL' and n > 0")
    assert rferl.n.sum() == 12 and set(rferl.origin) == {"Belarusian-derived"}
    assert variants.query("outlet == 'RFE/RL' and variant == 'Lukashenka'").n.item() == 9
    voices = seed_tables["voices"].query("speaker_entity == 'tsikhanouskaya'")
    assert voices.set_index("outlet").n_quotes.to_dict() == {"RFE/RL": 1, "France 24": 2, "DW": 1}
    grade = seed_tables["readability"].set_index("outlet").flesch_kincaid_grade
    hardest = _one(found, "hardest to read")
    assert hardest.finding == (f"SCMP's text is the hardest to read: Flesch-Kincaid grade {grade['SCMP']:.1f}, "
                               f"against {grade['Moscow Times']:.1f} for the next outlet, Moscow Times.")
    assert hardest.value == pytest.approx(grade["SCMP"])
    for row in found.itertuples():
        assert row.source in seed_tables, row.source
        assert row.notebook == pages.NOTEBOOKS[row.analysis]
        assert (paths.NOTEBOOKS / f"{row.notebook}.ipynb").is_file()


def test_findings_are_ordered_by_analysis_and_name_no_unknown_outlet(found):
    ranks = found.analysis.map({a: i for i, a in enumerate(findings.ANALYSES)})
    assert ranks.is_monotonic_increasing
    outlets = {"SCMP", "Moscow Times", "RFE/RL", "France 24", "DW"}
    for value in found.outlets:
        assert set(filter(None, value.split("; "))) <= outlets


def test_a_difference_below_its_threshold_is_not_written_up(seed_tables, config):
    # SCMP's grade 20.6 stands 5.1 grades beyond Moscow Times's 15.5 (textstat's default syllables)
    assert len(findings.findings(seed_tables, config).query("analysis == 'readability'")) == 1
    assert findings.findings(seed_tables, config, thresholds=Thresholds(reading_grade_gap=6.0)).query(
        "analysis == 'readability'").empty
    # RFE/RL's 12 of 12 Belarusian-derived choices clear 75%; a 100% bar is still cleared,
    # but requiring 13 choices is not
    assert findings.findings(seed_tables, config, thresholds=Thresholds(convention_share=1.0)).finding.str.contains(
        "RFE/RL alone writes").any()
    assert not findings.findings(seed_tables, config, thresholds=Thresholds(min_name_choices=13)).finding.str.contains(
        "alone writes").any()


def test_thresholds_table_states_the_thresholds():
    rules = findings.rules_table()
    assert set(rules.analysis) == set(findings.ANALYSES) == set(pages.NOTEBOOKS)
    assert "at least 2 grades" in rules.set_index("finding").rule["harder or easier to read"]
    rules = findings.rules_table(Thresholds(reading_grade_gap=3.0)).set_index("finding").rule
    assert "at least 3 grades" in rules["harder or easier to read"]
    with pytest.raises(Exception):  # frozen: a threshold is changed by passing another Thresholds
        Thresholds().reading_grade_gap = 3.0


def test_each_finding_carries_the_words_of_its_rule(found):
    # the rule is worded once: the finding's threshold is the rules table's text
    rules = findings.rules_table()
    for row in found.itertuples():
        assert row.threshold in set(rules[rules.analysis == row.analysis].rule), row.finding
    assert _one(found, "hardest to read").threshold == (
        "the highest (lowest) mean Flesch-Kincaid grade, at least 2 grades beyond the next outlet's")
    with pytest.raises(ValueError, match="no notebook shows the analysis 'tone'"):
        pages.notebook_of("tone")


def test_label_findings_read_the_lexicon_of_the_config(seed_tables, config):
    import dataclasses

    from analysis.measures import loaded as loaded_mod

    # the bundled lexicon alone (without the seed corpus's extension) has no "strongman"
    bundled = dataclasses.replace(config, lexicon=loaded_mod.load_lexicon())
    assert not findings.findings(seed_tables, bundled).finding.str.contains("strongman").any()
    # a label finding is about framing words: as an epistemological entry, "strongman" is none
    lexicon = config.lexicon.copy()
    lexicon.loc[lexicon.term == "strongman", "bias_type"] = "epistemological"
    hedged = dataclasses.replace(config, lexicon=lexicon)
    assert not findings.findings(seed_tables, hedged).finding.str.contains("strongman").any()
    assert findings.findings(seed_tables, hedged).finding.str.contains("“embattled”").any()


def test_every_notebook_named_for_an_analysis_exists():
    assert list(pages.NOTEBOOKS) == findings.ANALYSES
    for notebook in pages.NOTEBOOKS.values():
        assert (paths.NOTEBOOKS / f"{notebook}.ipynb").is_file(), notebook


def test_findings_on_another_story_know_nothing_of_the_seeds():
    config = Config.for_corpus(FIXTURE)
    tables = build_tables(FIXTURE, config=config)
    found = findings.findings(tables, config)
    text = " ".join(found.finding)
    assert "Lukashenk" not in text and "Belarus" not in text
    # Daily Ledger: Kiev in the headline and twice in the body; the others Kyiv / KYIV
    assert "Only Daily Ledger writes Kiev (3 of 3 mentions); Harbor Post and Wire Digest write Kyiv (2) or KYIV (1)." in text
    assert ("The outlets write Volodymyr Zelenskyy's name in 3 forms that few others share: Zelensky by "
            "Daily Ledger (3 of 3 mentions), Zelenskyy by Harbor Post (4 of 4 mentions) and Zelenskiy by "
            "Wire Digest (3 of 3 mentions).") in text


def test_a_single_outlet_has_nothing_to_compare(seed_tables, config):
    one = {name: (t[t.outlet == "DW"] if "outlet" in t.columns else t) for name, t in seed_tables.items()}
    assert findings.findings(one, config).empty
    assert "single outlet" in " ".join(findings.caveats(one))


def test_caveat_for_one_article_per_outlet(seed_tables):
    assert findings.caveats(seed_tables)[0].startswith("Each outlet is represented by a single article")
    overview = findings.corpus_overview_with_caveats(seed_tables).iloc[0]
    assert wording.describe_overview(overview) == (
        "5 articles from 5 outlets, 2 events, 14 September 2020 – 4 November 2021")


# ---------------------------------------------------------------------------- small multiples

def test_panels_match_the_fingerprint(seed_tables, registry, fp):
    panels = fingerprint.panels(seed_tables, registry)
    assert list(panels.columns) == fingerprint.PANEL_COLUMNS
    assert list(dict.fromkeys(panels.panel)) == [
        "naming", "loaded language", "narrator tone", "reading grade", "own text", "tone naming Lukashenko"]
    by = panels[panels.panel != "naming"].set_index(["panel", "outlet"]).sort_index()
    for outlet in fp.index:
        assert by.value["own text", outlet] == pytest.approx(fp.share_own[outlet], abs=1e-4)
        assert by.value["reading grade", outlet] == pytest.approx(fp.reading_grade[outlet], abs=1e-4)
        assert by.value["narrator tone", outlet] == pytest.approx(fp.tone[outlet], abs=1e-4)
        assert by.value["loaded language", outlet] == pytest.approx(fp.loaded_per_1k[outlet], abs=1e-4)
    dw = panels.query("panel == 'naming' and outlet == 'DW'").set_index("series")
    assert dw.label.to_dict() == {"Belarusian-derived": "2 of 9", "Russian-derived": "7 of 9"}
    targets = seed_tables["sentiment_targets"].query("entity == 'lukashenko'").set_index("outlet")
    assert by.value["tone naming Lukashenko", "DW"] == targets.mean_compound["DW"]


def test_no_naming_panel_without_name_forms_of_known_traditions(tmp_path):
    """A corpus without a registry of its own has no traditions to compare (the bundled
    registry is the bundled story's): the summary figure leaves the naming panel out
    instead of measuring Kiev and Moscow of another story."""
    import shutil
    from analysis.present import summary_plots

    for f in FIXTURE.iterdir():
        if f.name != "entities.yaml":
            shutil.copy(f, tmp_path / f.name)
    config = Config.for_corpus(tmp_path)
    assert config.registry.entities == {}
    panels = fingerprint.panels(build_tables(tmp_path, config=config), config.registry)
    assert "naming" not in set(panels.panel)
    assert summary_plots._summary_panels(panels)[0] == "loaded language"
    own = Config.for_corpus(FIXTURE)
    with_registry = fingerprint.panels(build_tables(FIXTURE, config=own), own.registry)
    assert summary_plots._summary_panels(with_registry)[0] == "naming"


def test_name_forms_differing_only_in_the_apostrophe_or_written_once_are_no_finding():
    def naming_findings(rows):
        variants = pd.DataFrame([{"outlet": o, "entity": "Beto O'Rourke", "part": "name", "variant": v,
                                  "origin": "", "n": n, "share": 0.0} for o, v, n in rows])
        e = findings.Evidence({"variants": variants}, registry_mod.Registry({}), pd.DataFrame(), ["A", "B", "C"],
                              Thresholds())
        return findings.convention_findings(e) + findings.name_form_findings(e)

    assert naming_findings([("A", "O'Rourke", 5), ("B", "O’Rourke", 4), ("C", "O'Rourke", 3)]) == []
    assert naming_findings([("A", "ORourke", 1), ("B", "O'Rourke", 4), ("C", "O'Rourke", 3)]) == []
    assert [f["finding"] for f in naming_findings([("A", "ORourke", 2), ("B", "O'Rourke", 4),
                                                   ("C", "O'Rourke", 3)])] == [
        "Only A writes ORourke (2 of 2 mentions); B and C write O'Rourke (7)."]


def test_wording():
    assert [wording.join_words(w) for w in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "", "A", "A and B", "A, B and C"]
    assert wording.outlets_phrase(list("ABCDEF"), rest=True) == "the other 6 outlets"
    assert wording.outlets_phrase(list("ABC"), "or") == "A, B or C"
    assert wording.date_span(["2021-11-04", "2020-09-14", None]) == "14 September 2020 – 4 November 2021"
    assert wording.date_span(["2021-11-04 10:00", "2021-11-04 18:00"]) == "4 November 2021"
    assert (wording.signed(-0.304), wording.signed(0.1), wording.pct(0.205)) == ("−0.30", "+0.10", "20%")
    assert (wording.times(1), wording.times(2), wording.times(7)) == ("once", "twice", "7 times")
    assert (wording.plural(1, "article"), wording.plural(0, "outlet")) == ("1 article", "0 outlets")



def test_word_findings_read_content_terms_only():
    """An outlet's own name and its house style are no finding about its word choice."""
    d = pd.DataFrame({"outlet": ["CNN"] * 3, "versus": "all other outlets", "term": ["cnn", "mr", "isis"],
                      "ngram": 1, "n": [900, 800, 188], "n_rest": [100, 90, 496], "per_1k_words": 1.0,
                      "delta": 1.0, "variance": 0.01, "z": [49.2, 30.0, 14.1],
                      "display": ["CNN", "Mr", "ISIS"], "kind": ["own name", "house style", "content"]})
    e = findings.Evidence({"distinctive_terms": d}, registry_mod.Registry({}), pd.DataFrame(), ["CNN", "B"],
                          Thresholds())
    rows = findings.distinctive_findings(e)
    assert [r["finding"] for r in rows] == [
        "Words that set CNN apart: “ISIS” (z 14.1: 188 uses, 496 in all other outlets)."]
