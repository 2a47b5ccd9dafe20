"""Exploring by hand (analysis.present.explore): the defaults chosen from the seed corpus, the one
plain line and the default output a report shows, and the widgets a person at the
controls gets, whose changes change what is shown. Values read from data/raw/*.txt."""
from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pandas as pd
import pytest

from analysis.present import explore
from analysis.measures import labels, naming
from analysis.people import registry
from analysis.corpus import paths
from analysis.corpus.outlets import outlet_order
from analysis.measures import sentiment as se
from analysis.measures import terms, wordchoice as wc

SEED_OUTLETS = ["SCMP", "Moscow Times", "RFE/RL", "France 24", "DW"]  # data/articles.csv order
LUKASHENKO_LINE = ("Showing: person = Alexander Lukashenko (46 mentions), outlets = all 5. "
                   "Run this notebook in JupyterLab to choose with the controls.")


@pytest.fixture(scope="module")
def names():
    return {e.id: e.name for e in registry.load_registry().entities.values()}


@pytest.fixture
def interactive(monkeypatch):
    """A person at the controls: the variable that report, refresh and nbval set is gone."""
    monkeypatch.delenv(paths.STATIC_ENV, raising=False)


@pytest.fixture
def displayed(monkeypatch):
    """What the show functions display (tables, widgets), in order, instead of a kernel."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs: shown.extend(objs))
    return shown


def person_ids(tables) -> pd.Series:
    mentions = tables["mentions"]
    return mentions.entity[mentions.kind == "person"]


def naming_view(tables, names):
    """What notebook 02's "Explore by hand" shows for a person and outlets."""
    def show(person, outlets):
        name = names.get(person, person)
        explore.show_table(naming.entity_forms(tables["variants"], person, outlets=outlets),
                           title=f"Name forms of {name}:",
                           empty=f"{name} is not mentioned in the chosen outlets.")
    return show


def controls(box) -> list:
    return list(box.children[0].children)


# ----------------------------------------------------------------------------- static

def test_static_is_read_from_the_environment(monkeypatch):
    assert explore.is_static()  # conftest sets it, as report and refresh do
    monkeypatch.setenv(paths.STATIC_ENV, "0")
    assert not explore.is_static()
    monkeypatch.delenv(paths.STATIC_ENV)
    assert not explore.is_static()


def test_importing_the_module_does_not_import_ipywidgets():
    code = "import sys, analysis.present.explore; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_default_person_is_the_most_mentioned(seed_tables, names):
    # "Lukashenko" / "Lukashenka" is written 46 times in the analysis texts (40 in bodies,
    # 4 in headlines, 2 in standfirsts); the raw files have 54: the other 8 are in
    # captions and repeated caption lines, which are not analysis text. Putin: 35.
    text = " ".join(seed_tables["sentences"].text)
    assert len(re.findall(r"\bLukashenk[oa]\b", text)) == 46
    person = explore.choose_person(person_ids(seed_tables), names)
    assert person.options == (("Alexander Lukashenko (46 mentions)", "lukashenko"),
                              ("Vladimir Putin (35 mentions)", "putin"),
                              ("Sviatlana Tsikhanouskaya (4 mentions)", "tsikhanouskaya"),
                              ("Michelle Bachelet (1 mention)", "bachelet"))
    assert person.default == "lukashenko"
    assert explore.choose_person(person_ids(seed_tables), names, default="putin").default == "putin"


def test_a_report_shows_one_line_then_the_default_choice(seed_tables, names, capsys, displayed):
    explore.show_with_controls(naming_view(seed_tables, names),
                               person=explore.choose_person(person_ids(seed_tables), names),
                               outlets=explore.choose_outlets(SEED_OUTLETS))
    assert capsys.readouterr().out.splitlines() == [LUKASHENKO_LINE, "Name forms of Alexander Lukashenko:"]
    (table,) = displayed  # a plain table, no widget
    assert isinstance(table, pd.DataFrame) and table.columns.tolist()[3:] == SEED_OUTLETS
    # RFE/RL alone writes Lukashenka (9 times), the others Lukashenko
    assert table.iloc[1].tolist() == ["name", "Lukashenka", "Belarusian-derived", 0, 0, 9, 0, 0]


def test_name_forms_of_one_person(seed_tables):
    forms = naming.entity_forms(seed_tables["variants"], "lukashenko", outlets=SEED_OUTLETS)
    assert forms.columns.tolist() == ["part", "form", "origin", *SEED_OUTLETS]
    rows = {(r[0], r[1]): list(r[3:]) for r in forms.itertuples(index=False)}
    assert list(rows) == [("name", "Lukashenko"), ("name", "Lukashenka"),
                          ("given", "Alexander"), ("given", "Alyaksandr")]
    assert rows[("name", "Lukashenko")] == [7, 12, 0, 12, 6]
    # SCMP: "Belarus’ Alexander Lukashenko" (headline) and "Belarusian strongman Alexander
    # Lukashenko"; RFE/RL: "Belarusian strongman Alyaksandr Lukashenka"
    assert rows[("given", "Alexander")] == [2, 1, 0, 1, 1]
    assert rows[("given", "Alyaksandr")] == [0, 0, 1, 0, 0]
    # two outlets, in the order chosen; a form neither uses is left out
    two = naming.entity_forms(seed_tables["variants"], "lukashenko", outlets=["DW", "SCMP"])
    assert two.columns.tolist()[3:] == ["DW", "SCMP"] and "Lukashenka" not in set(two.form)
    assert naming.entity_forms(seed_tables["variants"], "bachelet", outlets=["DW"]).empty


def test_labels_of_one_person(seed_tables):
    table = labels.entity_labels(seed_tables["labels"], "lukashenko", outlets=SEED_OUTLETS)
    cells = table.set_index("label")
    # "the Belarusian strongman" twice in France 24; "illegitimate Lukashenko" is quoted
    assert cells.loc["belarusian strongman"].tolist() == ["1", "1", "1", "2", ""]
    assert cells.loc["illegitimate", "France 24"] == "1 quoted"
    assert cells.loc["embattled belarusian leader"].tolist() == ["", "", "", "", "1"]
    dw_only = labels.entity_labels(seed_tables["labels"], "lukashenko", outlets=["DW"])
    assert dw_only.columns.tolist() == ["label", "DW"]
    assert dw_only.label.tolist() == ["embattled belarusian leader"]


def test_no_data_is_said_not_raised(seed_tables, names, capsys):
    # a registry id nobody mentions is still offered, and the view says so
    person = explore.choose_person(person_ids(seed_tables), names, default="zelenskyy")
    assert person.options[-1] == ("zelenskyy (no mentions)", "zelenskyy")
    explore.show_with_controls(naming_view(seed_tables, names), person=person,
                               outlets=explore.choose_outlets(SEED_OUTLETS, default=["DW"]))
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Showing: person = zelenskyy (no mentions), outlets = DW. ")
    assert out[-1] == "zelenskyy is not mentioned in the chosen outlets."


def test_a_corpus_without_persons_says_so(names, capsys):
    person = explore.choose_person(pd.Series([], dtype=str), names)
    assert person.options == () and person.default is None
    explore.show_with_controls(lambda person: print("called"), person=person)
    assert capsys.readouterr().out.splitlines() == [
        "Showing: person = none. " + explore.STATIC_HINT,
        "No person to choose from in this corpus."]


def test_outlets_keep_the_corpus_order_and_unknown_ones_are_refused(seed_tables):
    order = outlet_order(seed_tables["articles"].outlet)
    assert order == SEED_OUTLETS
    outlets = explore.choose_outlets(order, default=["DW", "SCMP"])
    assert outlets.default == ("SCMP", "DW")
    assert outlets.describe(outlets.default) == "SCMP, DW"
    assert outlets.describe(()) == "none"
    with pytest.raises(ValueError, match="RFERL.*SCMP, Moscow Times, RFE/RL, France 24, DW"):
        explore.choose_outlets(order, default=["RFERL"])


# ----------------------------------------------------------------------------- at the controls

def test_widgets_offer_the_outlets_and_persons_and_redraw_on_change(seed_tables, names,
                                                                     interactive, capsys):
    import ipywidgets as widgets

    calls = []
    box = explore.build_controls(lambda person, outlets: calls.append((person, outlets)),
                                 person=explore.choose_person(person_ids(seed_tables), names),
                                 outlets=explore.choose_outlets(SEED_OUTLETS))
    person, outlets = controls(box)
    assert isinstance(person, widgets.Dropdown) and isinstance(outlets, widgets.SelectMultiple)
    assert [label for label, _ in outlets.options] == SEED_OUTLETS
    assert [value for _, value in person.options] == ["lukashenko", "putin", "tsikhanouskaya",
                                                      "bachelet"]
    assert isinstance(box.children[1], widgets.Output)
    assert calls == [("lukashenko", tuple(SEED_OUTLETS))]  # shown at once, the default
    person.value = "putin"
    outlets.value = ("DW", "RFE/RL")  # given out of order: shown in the corpus's order
    assert calls[1:] == [("putin", tuple(SEED_OUTLETS)), ("putin", ("RFE/RL", "DW"))]


def test_changing_the_person_changes_the_table(seed_tables, names, interactive, capsys, displayed):
    box = explore.build_controls(naming_view(seed_tables, names),
                                 person=explore.choose_person(person_ids(seed_tables), names),
                                 outlets=explore.choose_outlets(SEED_OUTLETS))
    person, outlets = controls(box)
    assert "Name forms of Alexander Lukashenko:" in capsys.readouterr().out
    assert set(displayed[-1].form) == {"Lukashenko", "Lukashenka", "Alexander", "Alyaksandr"}
    person.value = "tsikhanouskaya"
    assert "Name forms of Sviatlana Tsikhanouskaya:" in capsys.readouterr().out
    # France 24 writes "Svetlana Tikhanovskaya", RFE/RL "Svyatlana Tsikhanouskaya",
    # DW "Sviatlana Tsikhanouskaya"
    assert displayed[-1].form.tolist() == ["Tikhanovskaya", "Tsikhanouskaya", "Svetlana",
                                           "Sviatlana", "Svyatlana"]
    outlets.value = ("RFE/RL",)
    assert displayed[-1].form.tolist() == ["Tsikhanouskaya", "Svyatlana"]
    assert displayed[-1].columns.tolist() == ["part", "form", "origin", "RFE/RL"]
    n_tables = len(displayed)
    outlets.value = ("SCMP",)
    assert len(displayed) == n_tables
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Sviatlana Tsikhanouskaya is not mentioned in the chosen outlets.")


def test_in_jupyterlab_the_controls_are_displayed_not_the_static_line(interactive, capsys,
                                                                      displayed):
    import ipywidgets as widgets

    explore.show_with_controls(lambda outlets: print(f"{len(outlets)} outlets"),
                               outlets=explore.choose_outlets(SEED_OUTLETS))
    assert len(displayed) == 1 and isinstance(displayed[0], widgets.VBox)
    out = capsys.readouterr().out
    assert "Showing:" not in out and "5 outlets" in out


# ----------------------------------------------------------------------------- word choice

def test_the_default_term_is_the_most_distinctive_and_reads_in_context(seed_tables, capsys):
    top = terms.top_distinctive(seed_tables["distinctive_terms"].query("ngram == 1"), n=10)
    ranked = terms.rank_distinctive_terms(top)
    # RFE/RL writes "Lukashenka" 9 times, no other outlet ever: z = 3.08, the highest
    assert ranked[:3] == ["lukashenka", "eu", "like"]
    term = explore.type_term(ranked)
    assert term.default == "lukashenka"

    sentences = seed_tables["sentences"]

    def show(term, outlets):
        explore.show_table(wc.kwic(sentences[sentences.outlet.isin(outlets)], term),
                           empty=f'"{term}" does not occur in the chosen outlets.')

    explore.show_with_controls(show, term=term, outlets=explore.choose_outlets(SEED_OUTLETS))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ('Showing: term = "lukashenka", outlets = all 5. '
                      "Run this notebook in JupyterLab to choose with the controls.")
    lines = wc.kwic(sentences, "lukashenka")
    assert len(lines) == 9 and set(lines.outlet) == {"RFE/RL"}
    # “In 2020 our people denied authorization for Lukashenka ...,” she tweeted.
    assert lines.voice.tolist() == ["narrator"] * 8 + ["quoted"]


def test_the_term_box_redraws_and_a_blank_or_absent_term_is_said(seed_tables, interactive, capsys):
    import ipywidgets as widgets

    sentences = seed_tables["sentences"]
    seen = []
    box = explore.build_controls(
        lambda term, outlets: seen.append(len(wc.kwic(sentences[sentences.outlet.isin(outlets)], term))),
        term=explore.type_term(["lukashenka"]), outlets=explore.choose_outlets(SEED_OUTLETS))
    term, outlets = controls(box)
    assert isinstance(term, widgets.Combobox) and term.value == "lukashenka"
    # "Strongman Lukashenko", "Belarusian strongman ..." (SCMP, Moscow Times, RFE/RL) and
    # "the Belarusian strongman" twice in France 24
    term.value = "  strongman "
    outlets.value = ("France 24",)
    assert seen == [9, 6, 2]
    capsys.readouterr()
    term.value = "   "
    assert capsys.readouterr().out.strip().endswith("Type a term to see it.")
    assert seen == [9, 6, 2]  # the show function is not called with a blank term


def test_reference_choice_pooled_or_one_outlet(interactive):
    reference = explore.choose_reference(SEED_OUTLETS)
    assert [label for label, _ in reference.options] == [explore.POOLED, *SEED_OUTLETS]
    assert reference.default is None and reference.describe(None) == "all other outlets pooled"
    assert explore.choose_reference(SEED_OUTLETS, default="DW").describe("DW") == "DW"
    with pytest.raises(ValueError, match="'Reuters' is not one of the choices"):
        explore.choose_reference(SEED_OUTLETS, default="Reuters")
    calls = []
    box = explore.build_controls(lambda reference: calls.append(reference), reference=reference)
    (dropdown,) = controls(box)
    assert dropdown.index == 0 and dropdown.label == explore.POOLED  # selected, not blank
    dropdown.value = "DW"
    dropdown.index = 0
    assert calls == [None, "DW", None]


def test_distinctive_terms_against_a_chosen_reference(seed_tables):
    # against DW alone, RFE/RL's "lukashenka" (9 vs 0) still leads; DW has no panel
    against_dw = terms.top_distinctive(terms.distinctive_terms(seed_tables["terms"], reference="DW"))
    assert "DW" not in set(against_dw.outlet) and set(against_dw.versus) == {"DW"}
    first = against_dw[against_dw.outlet == "RFE/RL"].iloc[0]
    assert (first.term, first.n, first.n_rest) == ("lukashenka", 9, 0)


# ----------------------------------------------------------------------------- sentiment, sources

def test_sentences_mentioning_a_person_with_their_scores(seed_tables):
    rows = se.entity_sentences(seed_tables["sentiment_target_sentences"], seed_tables["sentences"],
                               "tsikhanouskaya", outlets=SEED_OUTLETS)
    assert list(zip(rows.outlet, rows.sentence_id, rows.label)) == [
        ("RFE/RL", 17, "negative"), ("France 24", 15, "positive"),
        ("France 24", 16, "negative"), ("DW", 17, "negative")]
    assert rows.text.iloc[0].startswith("Exiled opposition leader Svyatlana Tsikhanouskaya said")
    assert rows.text.iloc[2].startswith("\"I really regret you decided to hold dialogue with a usurper")
    assert rows.compound.tolist() == pytest.approx([-0.2960, 0.5719, -0.4754, -0.4404], abs=1e-4)
    tone = se.entity_tone(seed_tables["sentiment_targets"], "tsikhanouskaya", outlets=["DW", "France 24"])
    assert tone.outlet.tolist() == ["DW", "France 24"] and tone.n.tolist() == [1, 2]
    assert tone.mean_compound.iloc[1] == pytest.approx((0.5719 - 0.4754) / 2, abs=1e-4)
    assert "entity" not in tone.columns
    assert se.entity_sentences(seed_tables["sentiment_target_sentences"], seed_tables["sentences"],
                               "tsikhanouskaya", outlets=["SCMP"]).empty


def test_speakers_ranked_by_quotations(seed_tables, names):
    # the counts follow the speaker rules of analysis/people/quotations.py (reported speech counts
    # too); what is checked here is the ranking and the labels the drop-down shows
    quotes = seed_tables["quotes"]
    speaker = explore.choose_person(quotes.speaker_entity, names, unit="quotations",
                                    label="speaker")
    counts = quotes.speaker_entity.value_counts()
    expected = sorted(((int(n), names.get(s, s), s) for s, n in counts.items()),
                      key=lambda r: (-r[0], r[1], r[2]))
    assert [value for _label, value in speaker.options] == [s for _n, _name, s in expected]
    assert [label for label, _ in speaker.options] == [
        f"{name} ({n} quotation{'s' if n != 1 else ''})" for n, name, _s in expected]
    first = speaker.options[0][0]
    assert names[speaker.default] in first  # the most quoted is the default
    assert explore.describe_choice({"speaker": speaker}).startswith(f"Showing: speaker = {first}. ")


# ----------------------------------------------------------------------------- stored notebooks

@pytest.mark.parametrize("name", ["02-naming", "03-word-choice", "04-sentiment", "06-sources"])
def test_stored_notebooks_hold_the_static_choice_and_no_widget(name):
    nb = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert "OUTLETS = None" in nb.cells[1].source and "parameters" in nb.cells[1].metadata.tags
    assert "widgets" not in nb.metadata
    mimes = {m for c in nb.cells if c.cell_type == "code" for o in c.outputs for m in o.get("data", {})}
    assert not any("widget" in m for m in mimes)
    explore_cells = [c for c in nb.cells if "explore.show_with_controls(" in c.source]
    assert explore_cells
    for cell in explore_cells:
        first = cell.outputs[0]
        assert first.output_type == "stream" and first.text.startswith("Showing: ")
        assert explore.STATIC_HINT in first.text.splitlines()[0]


def test_an_unknown_kind_of_control_is_refused():
    with pytest.raises(ValueError, match="unknown control kind 'slider'"):
        explore.Control("year", "slider", (), None)
