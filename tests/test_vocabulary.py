"""The closed English word lists are one data file (data/vocabulary.csv) that a corpus
folder replaces or extends, read through the configuration; weekdays and months, title
abbreviations and name suffixes are one list each."""
from __future__ import annotations

import pytest

from analysis.language import vocabulary
from analysis.measures import labels
from analysis.people import attribution, name_lists, names, quotations
from analysis.people.registry import Registry, RegistryError
from analysis.pipeline.config import Config

HEADER = "word,list,value,source\n"


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_the_bundled_vocabulary_as_written_in_the_file():
    v = vocabulary.load_vocabulary()
    assert v.cue["say"] == "speech" and v.cue["believe"] == "thought" and v.cue["slam"] == "stance"
    assert v.cue["question"] == "speech"  # listed under speech and stance: the first kind
    assert v.extra_cue["according to"] == "speech" and v.extra_cue["called for"] == "stance"
    assert v.suffix == {"Jr", "Sr", "II", "III", "IV"}  # matched as written
    assert name_lists.load_name_lists().organisation_nouns == {
        "campaign", "party", "committee", "administration", "government"}  # of name_titles.csv
    assert vocabulary.verb_forms("say") == ("say", "says", "said", "saying")
    assert vocabulary.verb_forms("tell", ("VBZ", "VBD")) == ("tells", "told")


def test_one_list_each_of_calendar_words_title_abbreviations_and_speech_verbs():
    lists = name_lists.load_name_lists()
    rules = attribution.rules_for(lists)
    # weekdays and months come from name_titles_not_names.csv, for the speaker rules and
    # the label rules alike (12 months, 12 abbreviations with Sept beside Sep, 7 weekdays)
    assert len(lists.calendar_words) == 31 and {"thursday", "may", "sept"} <= lists.calendar_words
    assert lists.calendar_words <= rules.time_words
    # ... and a label before a name never reaches over them
    text = "On Thursday President John Smith spoke."
    assert labels._label_before_in(text, 0, text.index("John"), labels.load_label_rules(),
                                   lists.calendar_words) == ("President", 12)
    # title abbreviations are name_titles.csv's stands_for column
    assert lists.abbreviations == {"sen": "senator", "rep": "representative", "gov": "governor",
                                   "gen": "general", "col": "colonel", "lt": "lieutenant"}
    assert rules.role_words("Lt. Gov.") == {"lieutenant", "governor"}
    # the verbs of saying after a name: the past forms of the speech lemmas, and the -s
    # forms of those marked s-form (say, tell) only: "Southern states", "The Globe writes"
    assert {"said", "says", "told", "tells", "asked", "testified"} <= lists.speech_verbs
    assert not {"saying", "say", "states", "claims", "writes"} & lists.speech_verbs
    assert len(lists.speech_verbs) == 19  # 17 past forms (said ... testified) + says, tells


def _speakers(text, corpus):
    lists = name_lists.load_name_lists(corpus)
    sents = names.sentences_of(text)
    people = names.find_people(text, sents, lists=lists)
    rows = quotations.find_quotations(text, sents, [], Registry({}), people=people, lists=lists)
    return [(r["speaker"], r["verb"], r["cue_kind"], text[r["start"]:r["end"]]) for r in rows]


def test_a_corpus_folder_extends_the_vocabulary(tmp_path):
    text = "John Smith opined that taxes were too high."
    # "opine" is no cue of the bundled list: a finite verb after a person is an action
    assert _speakers(text, None) == [("John Smith", "opined", "action", "that taxes were too high")]
    _write(tmp_path, "vocabulary.extra.csv", HEADER + "opine,cue,thought,this test\n")
    assert _speakers(text, tmp_path) == [("John Smith", "opined", "thought", "taxes were too high")]
    # a row of the extra file gives a listed word another kind ("question": speech first)
    _write(tmp_path, "vocabulary.extra.csv", HEADER + "opine,cue,thought,this test\n"
           "question,cue,stance,this test\n")
    assert vocabulary.load_vocabulary(tmp_path).cue["question"] == "stance"
    # the configuration's digest moves with it, in the name lists' field only (against a
    # corpus folder without it: the bundled corpus has a registry, other corpora none)
    plain = tmp_path / "plain"
    plain.mkdir()
    bundled, own = Config.for_corpus(plain).digests(), Config.for_corpus(tmp_path).digests()
    assert [k for k in bundled if bundled[k] != own[k]] == ["name_lists"]


def test_a_corpus_folder_replaces_the_vocabulary(tmp_path):
    _write(tmp_path, "vocabulary.csv", HEADER + "Jnr,suffix,,this test\nsay,cue,speech,this test\n")
    v = vocabulary.load_vocabulary(tmp_path)
    assert v.suffix == {"Jnr"} and v.cue == {"say": "speech"} and v.pronoun == frozenset()
    rules = attribution.rules_for(name_lists.load_name_lists(tmp_path))
    # the extra cues ("according to") went with the bundled file: "say" and its forms remain
    assert sorted(rules.cue_set) == ["said", "say", "saying", "says"]


def test_a_title_abbreviation_and_a_weekday_added_by_a_corpus(tmp_path):
    _write(tmp_path, "name_titles.extra.csv",
           "word,category,sex,source,stands_for\nSupt,title,,this test,superintendent\n")
    _write(tmp_path, "name_titles_not_names.extra.csv", "word,category,source\nThurs,weekday,this test\n")
    lists = name_lists.load_name_lists(tmp_path)
    assert attribution.rules_for(lists).role_words("Supt.") == {"superintendent"}
    assert "thurs" in attribution.rules_for(lists).time_words
    text = "On Thurs President John Smith spoke."
    rules = labels.label_rules_for_corpus(tmp_path)
    assert labels._label_before_in(text, 0, text.index("John"), rules, lists.calendar_words) == \
        ("President", 9)
    bundled = name_lists.load_name_lists().calendar_words  # without the corpus's weekday
    assert labels._label_before_in(text, 0, text.index("John"), rules, bundled) == ("Thurs President", 3)


@pytest.mark.parametrize("row, message", [
    ("say,cues,speech,x", "unknown list 'cues'"),
    ("say,cue,,x", "list 'cue' needs a value of speech, thought, stance, not ''"),
    ("say,speech_lemma,speech,x",
     "list 'speech_lemma' takes a value of '' or 's-form' or 'after-name', not 'speech'"),
    (",pronoun,,x", "empty word in list 'pronoun'"),
])
def test_a_bad_vocabulary_row_is_named(tmp_path, row, message):
    _write(tmp_path, "vocabulary.extra.csv", HEADER + "he,pronoun,,x\n" + row + "\n")
    with pytest.raises(vocabulary.VocabularyError) as err:
        vocabulary.load_vocabulary(tmp_path)
    assert str(err.value).startswith(f"{tmp_path / 'vocabulary.extra.csv'}: data row 2")
    assert message in str(err.value)


def test_a_vocabulary_that_is_not_utf8_is_named(tmp_path):
    (tmp_path / "vocabulary.extra.csv").write_bytes(HEADER.encode() + "caf\xe9,pronoun,,x\n".encode("latin-1"))
    with pytest.raises(vocabulary.VocabularyError, match="vocabulary.extra.csv: cannot be read as a UTF-8"):
        vocabulary.load_vocabulary(tmp_path)


def test_weekdays_and_months_in_the_label_words_are_refused(tmp_path):
    _write(tmp_path, "labels.extra.yaml", "weekdays_and_months: [Thurs]\n")
    with pytest.raises(RegistryError, match="labels.extra.yaml: weekdays_and_months .*"
                                            "name_titles_not_names.csv"):
        labels.label_rules_for_corpus(tmp_path)
