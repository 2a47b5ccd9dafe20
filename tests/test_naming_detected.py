"""Naming for the people found in the text (analysis/people/), with no registry: their
mentions, forms per outlet, labels and quotations, their corpus-wide names, and variant
discovery that ranks real spellings above look-alikes. Expected values are read off the
fixture texts by hand (tests/fixtures/ukraine)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.present import findings, fingerprint
from analysis.measures import labels as labels_mod, naming, variants as variants_mod
from analysis.people import registry as registry_mod
from analysis.people import name_lists, names as people
from analysis.pipeline.config import Config
from analysis.pipeline.tables import build_tables
from analysis.pipeline.export import write_tables
from analysis.present.thresholds import Thresholds

LISTS = name_lists.load_name_lists()  # the bundled name lists
SUFFIXES = LISTS.vocabulary.suffix

FIXTURE = Path(__file__).parent / "fixtures" / "ukraine"
ZELENSKYY = "Volodymyr Zelenskyy"  # the spelling with the most mentions (4, Harbor Post)


def _copy_without_registry(tmp_path: Path, registry: str | None) -> Path:
    folder = tmp_path / "ukraine"
    folder.mkdir()
    for f in FIXTURE.iterdir():
        if f.name != "entities.yaml":
            shutil.copy(f, folder / f.name)
    if registry is not None:
        (folder / "entities.yaml").write_text(registry, encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=["empty registry", "no registry file"])
def ukraine(request, tmp_path_factory):
    """The ukraine fixture without its entities.yaml: with an empty registry (``[]``), and
    with no file at all (the bundled registry then applies: it knows Kyiv and Ukraine,
    not Zelensky)."""
    folder = _copy_without_registry(tmp_path_factory.mktemp(request.param.replace(" ", "-")),
                                    "[]\n" if request.param == "empty registry" else None)
    config = Config.for_corpus(folder)
    assert "zelenskyy" not in config.registry.entities
    if request.param == "empty registry":
        assert not config.registry.entities
    return build_tables(folder, config=config), config


def test_zelensky_forms_per_outlet_without_a_registry(ukraine):
    tables, _config = ukraine
    # Daily Ledger: headline "Zelensky", "Ukrainian President Volodymyr Zelensky",
    # "Zelensky said"; Harbor Post: headline, "President Volodymyr Zelenskyy",
    # "Zelenskyy, who took office", "Zelenskyy said"; Wire Digest: headline "Ukraine's
    # Zelenskiy", "President Volodymyr Zelenskiy", "Zelenskiy told". One person across
    # the three spellings (same given name, same transliteration key), named by the
    # spelling with the most mentions.
    forms = naming.entity_forms(tables["variants"], ZELENSKYY)
    assert forms.to_dict("records") == [
        {"part": "name", "form": "Zelenskyy", "origin": "", "Daily Ledger": 0, "Harbor Post": 4, "Wire Digest": 0},
        {"part": "name", "form": "Zelenskiy", "origin": "", "Daily Ledger": 0, "Harbor Post": 0, "Wire Digest": 3},
        {"part": "name", "form": "Zelensky", "origin": "", "Daily Ledger": 3, "Harbor Post": 0, "Wire Digest": 0},
        {"part": "given", "form": "Volodymyr", "origin": "", "Daily Ledger": 1, "Harbor Post": 1, "Wire Digest": 1}]
    m = tables["mentions"]
    person = m[m.kind == "person"]
    assert set(person.entity) == {ZELENSKYY}
    assert person.groupby("outlet").size().to_dict() == {"Daily Ledger": 3, "Harbor Post": 4, "Wire Digest": 3}
    assert sorted(person[person.given_form != ""].surface) == [
        "Volodymyr Zelenskiy", "Volodymyr Zelensky", "Volodymyr Zelenskyy"]


def test_zelensky_labels_without_a_registry(ukraine):
    tables, _config = ukraine
    lab = tables["labels"]
    got = sorted(map(tuple, lab[lab.entity == ZELENSKYY][["outlet", "label_type", "label"]].values.tolist()))
    # the registry's reference "the Ukrainian leader" cannot be read without it
    assert got == [("Daily Ledger", "before name", "Ukrainian President"),
                   ("Harbor Post", "apposition", "who took office in 2019"),
                   ("Harbor Post", "before name", "President"),
                   ("Wire Digest", "before name", "Ukraine's President")]


def test_zelensky_quotations_without_a_registry(ukraine):
    tables, _config = ukraine
    q = tables["quotes"]
    # the two direct quotations of the fixture, both his: "Zelensky said ... "emergency
    # funds ..."" (Daily Ledger) and ""We will not leave ...," Zelenskyy said" (Harbor
    # Post); under one corpus-wide name whatever the outlet's spelling
    direct = [("Daily Ledger", "emergency funds to every region that asks for them.", "Zelensky"),
              ("Harbor Post", "We will not leave any city alone this winter,", "Zelenskyy")]
    for outlet, quote, speaker in direct:
        row = q[(q.outlet == outlet) & (q.quote == quote)]
        assert len(row) == 1, (outlet, quote)
        assert row.speaker.item() == speaker  # as written
        assert row.speaker_canonical.item() == ZELENSKYY
        assert row.speaker_kind.item() == "person"
    # and they are the only direct quotations of the fixture (Wire Digest has none)
    if "attribution" in q.columns:
        direct_rows = q[q.attribution == "direct"]
        assert sorted(zip(direct_rows.outlet, direct_rows.quote)) == [(o, t) for o, t, _s in direct]
        # reported speech: "Zelensky said the government would send ..." (Daily Ledger),
        # "Zelenskiy told the mayors in Kyiv that ..." (Wire Digest), under his one name
        reported = q[(q.attribution == "reported") & (q.speaker_kind == "person")]
        said = set(zip(reported.outlet, reported.verb, reported.speaker_canonical))
        assert {("Daily Ledger", "said", ZELENSKYY), ("Wire Digest", "told", ZELENSKYY)} <= said
    assert not q.speaker_canonical.isin(["Volodymyr Zelensky", "Volodymyr Zelenskiy"]).any()
    voices = tables["voices"]
    assert set(voices[voices.speaker_entity == ZELENSKYY].outlet) >= {"Daily Ledger", "Harbor Post"}


def test_summary_speaks_of_the_people_found(ukraine):
    tables, config = ukraine
    assert naming.main_people(tables["mentions"], config.registry, n=3) == [ZELENSKYY]
    found = findings.findings(tables, config)
    assert ("The outlets write Volodymyr Zelenskyy's name in 3 forms that few others share: Zelensky by "
            "Daily Ledger (3 of 3 mentions), Zelenskyy by Harbor Post (4 of 4 mentions) and Zelenskiy by "
            "Wire Digest (3 of 3 mentions).") in set(found.finding)
    fp = fingerprint.fingerprint(tables, config.registry).set_index("outlet")
    assert fp.labels.to_dict() == {"Daily Ledger": "Zelenskyy: Ukrainian President",
                                   "Harbor Post": "Zelenskyy: President, who took office in 2019",
                                   "Wire Digest": "Zelenskyy: Ukraine's President"}
    # no tradition is known for forms found in the text: no naming convention from them
    # (without a registry file, the bundled one knows Kiev and Kyiv)
    expected = ({"Daily Ledger": "", "Harbor Post": "", "Wire Digest": ""} if not config.registry.entities
                else {"Daily Ledger": "Russian-derived", "Harbor Post": "Ukrainian-derived",
                      "Wire Digest": "Ukrainian-derived"})
    assert fp.naming_convention.to_dict() == expected


def test_written_tables_carry_the_corpus_wide_names(tmp_path):
    folder = _copy_without_registry(tmp_path, "[]\n")
    out = tmp_path / "out"
    write_tables(folder, out, jobs=1, progress=None)
    mentions = pd.read_csv(out / "mentions.csv", keep_default_na=False)
    assert set(mentions[mentions.kind == "person"].entity) == {ZELENSKYY}
    variants = pd.read_csv(out / "variants.csv", keep_default_na=False)
    zel = variants[(variants.entity == ZELENSKYY) & (variants.part == "name") & (variants.n > 0)]
    assert sorted(zip(zel.outlet, zel.variant, zel.n)) == [
        ("Daily Ledger", "Zelensky", 3), ("Harbor Post", "Zelenskyy", 4), ("Wire Digest", "Zelenskiy", 3)]
    labels = pd.read_csv(out / "labels.csv", keep_default_na=False)
    assert set(labels.entity) == {ZELENSKYY}
    quotes = pd.read_csv(out / "quotes.csv", keep_default_na=False)
    assert "Volodymyr Zelensky" not in set(quotes.speaker_canonical)
    assert ZELENSKYY in set(quotes.speaker_canonical)


def test_registry_keeps_precedence_where_it_overlaps(seed_tables):
    m = seed_tables["mentions"]
    registered = m[m.entity.isin(["lukashenko", "putin", "tsikhanouskaya"])]
    found = m[~m.entity.isin(list(Config.for_corpus("data").registry.entities))]
    # no mention found in the text overlaps a registry mention of the same article
    for aid, group in found.groupby("article_id"):
        spans = registered[registered.article_id == aid][["start", "end"]].values.tolist()
        for r in group.itertuples():
            assert not any(s < r.end and e > r.start for s, e in spans), (aid, r.surface)
    # "Alyaksandr Lukashenka" stays the registry's, with its origins
    rferl = registered[(registered.article_id == "rferl") & (registered.given_form == "Alyaksandr")]
    assert rferl.name_origin.tolist() == ["Belarusian-derived"]


def _mentions(rows):
    return pd.DataFrame(rows, columns=["entity", "kind", "n"])


def test_corpus_wide_names_merge_spellings_not_namesakes():
    names = naming.detected_entity_names(_mentions([
        ("Volodymyr Zelensky", "person", 3), ("Volodymyr Zelenskyy", "person", 4),
        ("Vladimir Zelensky", "person", 1),  # given-name keys valadimir / vladimir: vldmr
        ("Ivanka Trump", "person", 3), ("Ivana Trump", "person", 1),  # vnk / vn: two people
        ("Zelenskiy", "person", 2),  # one word, the surname key of exactly one person
        ("Bill Clinton", "person", 5), ("Hillary Clinton", "person", 9),
        ("Clinton", "person", 4),  # two people end in it: left as written
        ("Kim Jong Un", "person", 2), ("Kim Jong-un", "person", 3),  # case and hyphens
        ("Raul Castro", "person", 2), ("Ariel Castro", "person", 1),  # r:rl / a:rl
        ("Tony Evers", "person", 3), ("Javers", "person", 1),  # same key evers, not one name
        ("Chelsea Clinton", "person", 2), ("Chelsea", "person", 2),
        ("Tim Miller", "person", 2), ("Tom Miller", "person", 1),  # short given names: keys tim / tam
        ("Joshua Block", "person", 2), ("Joshua Black", "person", 2),  # key black, as written 80
        ("White House", "organisation", 6)]), suffixes=SUFFIXES)
    assert names["Volodymyr Zelensky"] == names["Vladimir Zelensky"] == names["Zelenskiy"] == ZELENSKYY
    assert names["Bill Clinton"] == "Bill Clinton" and names["Hillary Clinton"] == "Hillary Clinton"
    assert names["Clinton"] == "Clinton"
    assert names["Ivanka Trump"] == "Ivanka Trump" and names["Ivana Trump"] == "Ivana Trump"
    assert names["Kim Jong Un"] == names["Kim Jong-un"] == "Kim Jong-un"
    assert names["White House"] == "White House"
    assert names["Ariel Castro"] == "Ariel Castro" and names["Javers"] == "Javers"
    assert names["Chelsea"] == "Chelsea Clinton"
    assert names["Tom Miller"] == "Tom Miller" and names["Joshua Black"] == "Joshua Black"
    # the spelling rule keeps initials and suffixes apart (the two Bushes, a father and son)
    kin = naming.detected_entity_names(_mentions([
        ("George W. Bush", "person", 5), ("George H. W. Bush", "person", 2),
        ("Donald Trump", "person", 9), ("Donald Trump Jr", "person", 3)]), suffixes=SUFFIXES)
    assert kin == {"George W. Bush": "George W. Bush", "George H. W. Bush": "George H. W. Bush",
                   "Donald Trump": "Donald Trump", "Donald Trump Jr": "Donald Trump Jr"}
    # a one-word name goes to the one person with its surname key only if it is
    # written like that surname: Zelenskiy is Zelensky's, Black is not Block's
    alone = naming.detected_entity_names(_mentions([("Joshua Block", "person", 2), ("Black", "person", 1),
                                                    ("Volodymyr Zelensky", "person", 2), ("Zelenskiy", "person", 1)]),
                                           suffixes=SUFFIXES)
    assert alone["Black"] == "Black" and alone["Zelenskiy"] == "Volodymyr Zelensky"
    # "Chelsea" alone is her given name, once it is known to be Chelsea Clinton's
    mentions = pd.DataFrame([("Chelsea", "person", "Chelsea", "Chelsea", ""),
                             ("Zelenskiy", "person", "Zelenskiy", "Zelenskiy", ""),
                             ("Kim Jong Un", "person", "Kim Jong Un", "Un", "Kim"),
                             ("Kim Jong-un", "person", "Kim Jong-un", "Jong-un", "Kim")],
                            columns=["entity", "kind", "surface", "name_form", "given_form"])
    named = naming.name_entities(mentions, names)
    assert named[["entity", "name_form", "given_form"]].values.tolist() == [
        ["Chelsea Clinton", "", "Chelsea"], [ZELENSKYY, "Zelenskiy", ""],
        ["Kim Jong-un", "Jong Un", "Kim"], ["Kim Jong-un", "Jong-un", "Kim"]]
    registry = registry_mod.Registry({"putin": registry_mod.Entity("putin", "Vladimir Putin", "person",
                                                       [registry_mod.Form("putin", "name", "Putin", "", "")], [])})
    assert "putin" not in naming.detected_entity_names(_mentions([("putin", "person", 4)]), registry,
                                                      suffixes=SUFFIXES)


# Capitalised words per outlet as in the 350-article sample of article-bias-prediction
# (look-alikes, outlets counted there) and real spelling variants, each pair checked by
# hand: the look-alikes are different words or different people.
LOOK_ALIKES = [("George", 33, "Georgia", 13), ("Korean", 6, "Karen", 3), ("Russia", 17, "Russell", 4),
               ("Moore", 5, "Maria", 4), ("Maine", 10, "Marine", 3)]
REAL = [("Zelensky", 3, "Zelenskyy", 2), ("Raul", 2, "Raúl", 2), ("O'Rourke", 4, "O’Rourke", 4),
        ("Tikhanovskaya", 2, "Tsikhanouskaya", 2)]


def _word_counts(pairs) -> pd.DataFrame:
    rows = []
    for a, n_a, b, n_b in pairs:
        # a in outlets 0..n_a-1, b in the last n_b of 40 outlets: disjoint, so each
        # outlet writes one form only
        rows += [(f"outlet {k}", a, 1) for k in range(n_a)]
        rows += [(f"outlet {39 - k}", b, 1) for k in range(n_b)]
    return pd.DataFrame(rows, columns=["outlet", "word", "n"])


def test_real_variants_outrank_look_alikes():
    names = pd.DataFrame([
        (ZELENSKYY, "person", "Zelensky", "Volodymyr"), (ZELENSKYY, "person", "Zelenskyy", "Volodymyr"),
        ("Beto O'Rourke", "person", "O'Rourke", "Beto"), ("Beto O'Rourke", "person", "O’Rourke", "Beto"),
        ("Roy Moore", "person", "Moore", "Roy"), ("Kamala Harris", "person", "Harris", "Kamala")],
        columns=["entity", "kind", "name_form", "given_form"])
    s = variants_mod.suggest_variants(_word_counts(LOOK_ALIKES + REAL), registry_mod.Registry({}), names=names,
                                 lists=LISTS)
    rank = s.set_index("variant")["rank"]
    worst_real = max(rank[a] for a, _n, _b, _m in REAL)
    best_look_alike = min(rank[a] for a, _n, _b, _m in LOOK_ALIKES)
    assert worst_real < best_look_alike, s[["rank", "variant", "n_outlets"]]
    # forms of one person found in the text first, named after that person
    assert set(s[s["rank"] <= 2].variant) == {"Zelensky", "Zelenskyy", "O'Rourke", "O’Rourke"}
    assert s.set_index("variant").entity["Zelensky"] == ZELENSKYY
    assert rank["Tikhanovskaya"] == rank["Tsikhanouskaya"] and rank["Raul"] == rank["Raúl"]
    # two given names of two different people found in the text (Terry McAuliffe, Terri
    # Lynn Land) are no variant of one name, though they share a transliteration key
    people_names = pd.concat([names, pd.DataFrame(
        [("Terry McAuliffe", "person", "McAuliffe", "Terry"), ("Terri Land", "person", "Land", "Terri")],
        columns=names.columns)])
    s = variants_mod.suggest_variants(_word_counts(LOOK_ALIKES + REAL + [("Terry", 5, "Terri", 3)]),
                                registry_mod.Registry({}), names=people_names, lists=LISTS)
    rank = s.set_index("variant")["rank"]
    assert rank["Terry"] > max(rank[a] for a, _n, _b, _m in REAL)
    # without the people found, the transliteration keys still put the real ones first
    plain = variants_mod.suggest_variants(_word_counts(LOOK_ALIKES + REAL), registry_mod.Registry({}), lists=LISTS)
    rank = plain.set_index("variant")["rank"]
    assert max(rank[a] for a, _n, _b, _m in REAL) < min(rank[a] for a, _n, _b, _m in LOOK_ALIKES)


def test_labels_of_people_found_in_the_text():
    text = ("Hillary Clinton arrived in Ohio on Monday with President Barack Obama.\n"
            "Mrs. Clinton spoke to voters for an hour.\n"
            "Sen. Elizabeth Warren joined her, and a former Obama adviser watched.\n"
            "The former Obama administration official left.")
    sentences = people.sentences_of(text)
    mentions = naming.detected_mentions(text, sentences, people.find_people(text, sentences, lists=LISTS), [],
                                        suffixes=SUFFIXES)
    assert [(m["entity"], m["surface"], m["name_form"], m["given_form"]) for m in mentions] == [
        ("Hillary Clinton", "Hillary Clinton", "Clinton", "Hillary"),
        ("Barack Obama", "Barack Obama", "Obama", "Barack"),
        ("Hillary Clinton", "Clinton", "Clinton", ""),
        ("Elizabeth Warren", "Elizabeth Warren", "Warren", "Elizabeth"),
        ("Barack Obama", "Obama", "Obama", ""), ("Barack Obama", "Obama", "Obama", "")]
    labels = labels_mod.find_labels(text, sentences, mentions, registry_mod.Registry({}), labels_mod.load_label_rules(),
                                lists=name_lists.load_name_lists())
    # the honorifics the label words do not hold are kept (the signal); "former" belongs
    # to the adviser and the official, not to Obama
    assert [(l["entity"], l["label"]) for l in labels] == [
        ("Barack Obama", "President"), ("Hillary Clinton", "Mrs."), ("Elizabeth Warren", "Sen.")]


def test_a_label_must_describe_the_person():
    """Hand-written: "beleaguered" describes the Obama administration, not Obama; "the
    system is rotten" after a name is a clause, not a description; "the former reality
    star" and "a lawyer who is in jail" are descriptions."""
    text = ("Critics of a beleaguered Obama administration met Barack Obama on Monday.\n"
            "Donald Trump, the system is rotten, said nothing new.\n"
            "Donald Trump, the former reality star, spoke.\n"
            "Alexei Navalny, a lawyer who is in jail, wrote.\n"
            "Unable to overcome the maneuvers of Sen. Rand Paul, the body adjourned and let three provisions expire.\n"
            "Tim Miller, a retired Marine based in Ohio, served.\n"
            "One big project will be waiting for Donald Trump, the controversial Dakota Access pipeline.")
    sentences = people.sentences_of(text)
    mentions = naming.detected_mentions(text, sentences, people.find_people(text, sentences, lists=LISTS), [],
                                        suffixes=SUFFIXES)
    labels = labels_mod.find_labels(text, sentences, mentions, registry_mod.Registry({}),
                                    labels_mod.load_label_rules(), lists=LISTS)
    assert [(l["entity"], l["label"]) for l in labels] == [
        ("Donald Trump", "the former reality star"), ("Alexei Navalny", "a lawyer who is in jail"),
        ("Rand Paul", "Sen."), ("Tim Miller", "a retired Marine based in Ohio"),
        ("Dakota Access", "controversial")]  # (a pipeline read as a person: a limit of the detector)


def test_speaker_findings_name_people_found_in_the_text():
    registry = registry_mod.Registry({})
    quotes = pd.DataFrame({"outlet": ["A", "A", "B"], "quote": ["q1", "q2", "q3"],
                           "speaker_entity": ["", "", ""], "speaker_kind": ["person"] * 3,
                           "speaker_canonical": ["Jane Roe", "Jane Roe", "Roe"]})
    voices = pd.DataFrame({"outlet": ["A", "B"], "speaker_entity": ["Jane Roe", "Roe"],
                           "n_quotes": [2, 1], "n_words": [10, 4], "share_of_words": [0.1, 0.1]})
    mentions = pd.DataFrame({"outlet": ["A", "B"], "entity": ["Jane Roe", "Roe"]})
    rows = findings.speaker_findings(findings.Evidence(
        {"voices": voices, "quotes": quotes, "mentions": mentions}, registry, pd.DataFrame(), ["A", "B"],
        Thresholds()))
    # "Roe" alone (one word: perhaps several people) is not a speaker finding
    assert [r["finding"] for r in rows] == [
        "Jane Roe is quoted by A (2 quotations), not by B, which does not name this speaker at all."]


def test_loaded_words_count_in_labels_not_in_clauses():
    labels = pd.DataFrame({
        "label_type": ["before name", "apposition", "apposition", "apposition", "reference"],
        "label": ["embattled Belarusian leader", "a ferocious debater",
                  "who was earlier criticized for his silence",
                  "the critics showed no signs of backing down", "the Belarusian strongman"]})
    assert labels_mod.labelling(labels, max_words=5).tolist() == [True, True, False, False, True]
    # "a ferocious debater" is three words
    assert labels_mod.labelling(labels, max_words=2).tolist() == [True, False, False, False, True]


@pytest.mark.parametrize("after,apposition", [
    (", an appointee of President George W. Bush, ruled on Friday.", "an appointee of President George W. Bush"),
    (", who served under Mr. Obama. He left.", "who served under Mr. Obama"),
    (", the U.S. envoy, said.", "the U.S. envoy"),
    (", who has taken shelter in Lithuania. She", "who has taken shelter in Lithuania")])
def test_an_apposition_runs_past_initials_and_honorifics(after, apposition):
    assert labels_mod._apposition_after_in(after, 0, len(after), labels_mod.load_label_rules(), LISTS) \
        == (apposition, 2)
