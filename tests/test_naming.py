"""Naming on the seeds, with counts verified by reading the cleaned texts, and on an
invented corpus about another story (tests/fixtures/ukraine) with only its registry."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.measures import naming, variants as variants_mod
from analysis.people import registry as registry_mod
from analysis.pipeline.config import Config
from analysis.pipeline.tables import build_tables

FIXTURE = Path(__file__).parent / "fixtures" / "ukraine"

# Mentions per outlet in the analysis texts (headline, standfirst, subheads, body), counted
# by reading them; captions are not analysis text. E.g. SCMP's Lukashenko: headline,
# "Strongman Lukashenko", "strongman Alexander Lukashenko", "with Lukashenko", "isolated
# Lukashenko", "Putin and Lukashenko", "Lukashenko’s primary" = 7.
LUKASHENKO = {"SCMP": 7, "Moscow Times": 12, "RFE/RL": 9, "France 24": 12, "DW": 6}
PUTIN = {"SCMP": 6, "Moscow Times": 10, "RFE/RL": 5, "France 24": 11, "DW": 3}
TSIKHANOUSKAYA = {"RFE/RL": 1, "France 24": 2, "DW": 1}


def share(variants, outlet, entity, variant, part="name"):
    row = variants.query("outlet == @outlet and entity == @entity and part == @part "
                         "and variant == @variant")
    assert len(row) == 1, (outlet, entity, variant)
    return float(row.share.iloc[0])


def test_mention_counts_read_by_hand(seed_tables):
    m = seed_tables["mentions"]
    for entity, expected in (("lukashenko", LUKASHENKO), ("putin", PUTIN),
                             ("tsikhanouskaya", TSIKHANOUSKAYA)):
        assert m[m.entity == entity].groupby("outlet").size().to_dict() == expected, entity


def test_lukashenka_is_rferl_alone(seed_tables):
    v = seed_tables["variants"]
    assert share(v, "RFE/RL", "lukashenko", "Lukashenka") == 1.0
    for outlet in ("SCMP", "Moscow Times", "France 24", "DW"):
        assert share(v, outlet, "lukashenko", "Lukashenka") == 0.0
        assert share(v, outlet, "lukashenko", "Lukashenko") == 1.0


def test_rferl_alone_writes_alyaksandr(seed_tables):
    m = seed_tables["mentions"]
    writers = m[m.given_form == "Alyaksandr"].outlet.unique().tolist()
    assert writers == ["RFE/RL"]
    assert share(seed_tables["variants"], "RFE/RL", "lukashenko", "Alyaksandr", "given") == 1.0


def test_tsikhanouskaya_spellings_and_given_names(seed_tables):
    m = seed_tables["mentions"].query("entity == 'tsikhanouskaya'")
    assert sorted(m[m.name_form == "Tsikhanouskaya"].outlet.unique()) == ["DW", "RFE/RL"]
    assert m[m.name_form == "Tikhanovskaya"].outlet.unique().tolist() == ["France 24"]
    given = m[m.given_form != ""].set_index("outlet").given_form.to_dict()
    assert given == {"RFE/RL": "Svyatlana", "DW": "Sviatlana", "France 24": "Svetlana"}
    assert not {"SCMP", "Moscow Times"} & set(m.outlet)


def test_possessives_quotes_and_surface_forms(seed_tables):
    m = seed_tables["mentions"]
    row = lambda aid, surface: m[(m.article_id == aid) & (m.surface == surface)].iloc[0]
    assert len(m[(m.article_id == "scmp") & (m.surface == "Lukashenko’s")]) == 1
    assert row("scmp", "Lukashenko’s").possessive
    assert row("scmp", "Lukashenko’s").name_form == "Lukashenko"
    assert row("scmp", "Belarus’").entity == "belarus" and row("scmp", "Belarus’").possessive
    assert row("moscow-times", "Lukashenko's").possessive
    assert not row("moscow-times", "Putin").possessive
    quoted = seed_tables["mentions"].query("voice == 'quoted'")
    # "for Lukashenka to sign" inside Tsikhanouskaya's tweet; "illegitimate Lukashenko."
    assert sorted(quoted[quoted.entity == "lukashenko"].article_id) == ["dw", "france24", "rferl"]
    full = seed_tables["mentions"].query("article_id == 'rferl' and given_form != ''")
    assert full.surface.tolist() == ["Vladimir Putin", "Alyaksandr Lukashenka",
                                     "Svyatlana Tsikhanouskaya"]


def labels_of(labels, outlet, entity):
    return set(labels.query("outlet == @outlet and entity == @entity").label_key)


def test_labels_read_by_hand(seed_tables):
    lab = seed_tables["labels"]
    for outlet in ("SCMP", "Moscow Times", "RFE/RL", "France 24"):
        assert any("strongman" in k for k in labels_of(lab, outlet, "lukashenko")), outlet
    assert not any("strongman" in k for k in labels_of(lab, "DW", "lukashenko"))
    assert "authoritarian leader" in labels_of(lab, "RFE/RL", "lukashenko")
    assert "embattled belarus leader" in labels_of(lab, "France 24", "lukashenko")
    assert "embattled belarusian leader" in labels_of(lab, "DW", "lukashenko")
    assert labels_of(lab, "SCMP", "lukashenko") == {"strongman", "belarusian strongman",
                                                     "increasingly isolated"}
    assert labels_of(lab, "RFE/RL", "tsikhanouskaya") == {"exiled opposition leader"}
    assert labels_of(lab, "DW", "tsikhanouskaya") == {"opposition leader"}


def test_who_is_called_president_by_whom(seed_tables):
    lab = seed_tables["labels"]
    president = lab[lab.label_key.str.contains("president")]
    # every outlet calls Putin president in its own words; none calls Lukashenko so in
    # its analysis text (only captions do)
    assert sorted(president[president.entity == "putin"].outlet.unique()) == sorted(
        ["SCMP", "Moscow Times", "RFE/RL", "France 24", "DW"])
    assert president[president.entity == "lukashenko"].empty
    assert labels_of(lab, "France 24", "putin") >= {"president", "russian president", "russian leader"}


def test_appositions_references_and_voice(seed_tables):
    lab = seed_tables["labels"]
    app = lab[lab.label_type == "apposition"]
    assert sorted(map(tuple, app[["outlet", "entity", "label"]].values.tolist())) == [
        ("France 24", "tsikhanouskaya", "who claims she was the true winner in polls"),
        ("France 24", "tsikhanouskaya", "who has taken shelter in Lithuania"),
        ("Moscow Times", "lukashenko", "who has ruled for nearly 30 years"),
        ("Moscow Times", "putin", "in power for more than 20 years")]
    quoted = lab[lab.voice == "quoted"]
    assert quoted[["outlet", "entity", "label"]].values.tolist() == [
        ["France 24", "lukashenko", "illegitimate"]]
    refs = lab[(lab.label_type == "reference") & (lab.outlet == "France 24")]
    # "the Belarusian strongman" ×2, "The Belarusian leader"; "the Russian president" ×2, "the Russian leader"
    assert refs.groupby("entity").size().to_dict() == {"lukashenko": 3, "putin": 3}


def test_dominant_convention(seed_tables):
    registry = registry_mod.load_registry()
    conv = naming.dominant_convention(seed_tables["variants"], registry).set_index("outlet")
    assert conv.loc["RFE/RL", "convention"] == "Belarusian-derived"
    assert conv.loc["RFE/RL", "share"] == 1.0
    # Lukashenka ×9, Alyaksandr, Tsikhanouskaya, Svyatlana
    assert conv.loc["RFE/RL", "n_choices"] == 12
    for outlet in ("SCMP", "Moscow Times", "France 24"):
        assert conv.loc[outlet, "convention"] == "Russian-derived" and conv.loc[outlet, "share"] == 1.0
    # DW: Lukashenko ×6, Alexander (Russian-derived); Tsikhanouskaya, Sviatlana (Belarusian)
    assert conv.loc["DW", "convention"] == "Russian-derived"
    assert conv.loc["DW", "n_choices"] == 9 and conv.loc["DW", "share"] == round(7 / 9, 4)
    assert conv.n_convention.to_dict() == {"SCMP": 9, "Moscow Times": 13, "RFE/RL": 12,
                                           "France 24": 16, "DW": 7}
    assert conv.loc["RFE/RL", "summary"].startswith("RFE/RL: Belarusian-derived forms (12 of 12")


def test_first_mentions_as_keyword_in_context(seed_tables):
    kwic = naming.first_mentions(seed_tables["mentions"], seed_tables["sentences"])
    row = kwic.query("article_id == 'rferl' and entity == 'lukashenko'").iloc[0]
    assert (row.left, row.mention, row.right) == ("Putin, ", "Lukashenka", " Agree To 28 Union State 'Programs'")
    assert len(kwic.query("entity == 'tsikhanouskaya'")) == 3


@pytest.mark.parametrize("a,b", [("Lukashenko", "Lukashenka"), ("Tikhanovskaya", "Tsikhanouskaya"),
                                 ("Svetlana", "Sviatlana"), ("Sviatlana", "Svyatlana"),
                                 ("Zelenskyy", "Zelenskiy"), ("Лукашенко", "Lukashenka"),
                                 ("Kiev", "Kyiv")])
def test_normalize_name_brings_transliterations_together(a, b):
    assert variants_mod.normalize_name(a) == variants_mod.normalize_name(b)


def test_variant_discovery_with_an_empty_registry():
    config = Config.for_corpus("data")
    config.registry = registry_mod.Registry({})
    suggestions = build_tables("data", config=config)["variant_suggestions"]
    groups = suggestions.groupby("rank").variant.apply(set).to_dict()
    top3 = [groups[r] for r in (1, 2, 3)]
    assert {"Lukashenko", "Lukashenka"} in top3
    assert {"Tikhanovskaya", "Tsikhanouskaya"} in top3
    assert {"Svetlana", "Sviatlana", "Svyatlana"} in groups.values()
    assert not suggestions.registered.any()
    assert suggestions.set_index("variant").yaml["Lukashenka"] == \
        "- {form: Lukashenka, script: Latin, origin: unknown}"


def test_bundled_registry_leaves_nothing_to_suggest_on_the_seeds(seed_tables):
    assert seed_tables["variant_suggestions"].empty


def test_another_story_with_only_its_registry():
    tables = build_tables(FIXTURE)
    v = tables["variants"]
    assert share(v, "Daily Ledger", "zelenskyy", "Zelensky") == 1.0
    assert share(v, "Harbor Post", "zelenskyy", "Zelenskyy") == 1.0
    assert share(v, "Wire Digest", "zelenskyy", "Zelenskiy") == 1.0
    assert share(v, "Daily Ledger", "kyiv", "Kiev") == 1.0
    assert share(v, "Harbor Post", "kyiv", "Kiev") == 0.0
    m = tables["mentions"]
    assert m[m.entity == "zelenskyy"].groupby("outlet").size().to_dict() == {
        "Daily Ledger": 3, "Harbor Post": 4, "Wire Digest": 3}
    assert "lukashenko" not in set(m.entity)
    lab = tables["labels"]
    assert labels_of(lab, "Harbor Post", "zelenskyy") == {"president", "who took office in 2019",
                                                          "ukrainian leader"}
    assert labels_of(lab, "Wire Digest", "zelenskyy") == {"ukraine's president"}
    conv = naming.dominant_convention(v, registry_mod.registry_for_corpus(FIXTURE)).set_index(
        "outlet").convention.to_dict()
    assert conv["Daily Ledger"] == "Russian-derived"
    assert conv["Harbor Post"] == "Ukrainian-derived"


def test_registry_that_extends_the_bundled_one(tmp_path):
    (tmp_path / "entities.yaml").write_text(
        "extends: bundled\nentities:\n  - id: tusk\n    name: Donald Tusk\n    kind: person\n"
        "    names: [Tusk]\n", encoding="utf-8")
    registry = registry_mod.registry_for_corpus(tmp_path)
    assert {"tusk", "lukashenko"} <= set(registry.entities)


def test_bad_registry_names_file_and_entity(tmp_path):
    bad = tmp_path / "entities.yaml"
    bad.write_text("- id: x\n  kind: planet\n  names: [X]\n", encoding="utf-8")
    with pytest.raises(registry_mod.RegistryError, match=r"entities.yaml: entity 'x': kind must be one of"):
        registry_mod.load_registry(bad)
    bad.write_text("- id: y\n  kind: person\n", encoding="utf-8")
    with pytest.raises(registry_mod.RegistryError, match=r"entity 'y': no names"):
        registry_mod.load_registry(bad)


def test_a_corpus_folder_extends_the_registry_and_the_label_words(tmp_path):
    """entities.extra.yaml adds entities to the corpus's registry, which is empty without an
    entities.yaml of its own (the bundled registry is the bundled story's); labels.extra.yaml
    adds label words; an entities.yaml holding [] means no registry."""
    from analysis.people import registry as registry_mod
    from analysis.pipeline.config import Config

    bundled = set(registry_mod.load_registry().entities)
    (tmp_path / "entities.extra.yaml").write_text(
        "- id: okafor\n  name: Ngozi Okafor\n  kind: person\n  pronoun: she\n"
        "  names:\n    - {form: Okafor, script: Latin, origin: Igbo}\n", encoding="utf-8")
    (tmp_path / "labels.extra.yaml").write_text("label_words:\n  - 'provocateur'\n", encoding="utf-8")
    config = Config.for_corpus(tmp_path)
    assert set(config.registry.entities) == {"okafor"}
    assert "lukashenko" in bundled and "lukashenko" in Config.for_corpus(None).registry.entities
    assert "provocateur" in config.label_rules.label_words
    assert "president" in config.label_rules.label_words  # the bundled words stay
    (tmp_path / "entities.yaml").write_text("[]\n", encoding="utf-8")
    assert set(Config.for_corpus(tmp_path).registry.entities) == {"okafor"}
    (tmp_path / "labels.extra.yaml").write_text("label_words: provocateur\n", encoding="utf-8")
    with pytest.raises(registry_mod.RegistryError, match="labels.extra.yaml: label_words must be a list"):
        Config.for_corpus(tmp_path)


def test_forms_to_show_keeps_the_most_written_names_of_the_outlets_shown():
    import pandas as pd

    rows = [("A", "e1", "name", "X1", "o1", 10), ("B", "e1", "name", "X2", "o2", 5),
            ("A", "e1", "given", "G1", "o1", 2), ("B", "e2", "name", "Y1", "", 3),
            ("C", "e3", "name", "Z1", "", 50)]
    variants = pd.DataFrame(rows, columns=["outlet", "entity", "part", "variant", "origin", "n"])
    # among A and B: e1's surname 15 mentions (2 forms), e2's 3 (1 form), e1's given name 2:
    # three rows hold the first two; e3 is written by C alone, which is not shown
    forms = naming.forms_to_show(variants, ["A", "B"], max_rows=3)
    assert forms.values.tolist() == [["e1", "name", "X1", "o1"], ["e1", "name", "X2", "o2"],
                                     ["e2", "name", "Y1", ""]]
    assert naming.forms_to_show(variants, ["A", "B"], max_rows=4).values.tolist()[2] == ["e1", "given", "G1", "o1"]
    # (the surname before the given name); the first name is shown even when it has more
    # forms than max_rows
    assert len(naming.forms_to_show(variants, ["A", "B"], max_rows=1)) == 2

