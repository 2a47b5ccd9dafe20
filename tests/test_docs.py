"""The figures the documentation quotes match what the code computes."""
from __future__ import annotations

import re

from analysis.corpus import paths
from analysis.language.clean import words_by_role, words_by_role_wide


def test_data_readme_word_counts_match_the_tables(seed_tables):
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    quoted = {m[0]: (int(m[1]), int(m[2]))
              for m in re.findall(r"^\| ([a-z0-9-]+) \|.*\| (\d+) → (\d+) \|$", readme, re.M)}
    arts = seed_tables["articles"].set_index("article_id")
    assert quoted == {a: (arts.n_words_raw[a], arts.n_words_clean[a]) for a in arts.index}


def test_data_readme_removed_words_match_the_tables(seed_tables):
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (scmp|moscow-times|rferl|france24|dw) \| (\d+)[^|]*\| (\d+)[^|]*\| "
                      r"(\d+)[^|]*\| (\d+)[^|]*\|$", readme, re.M)
    assert len(rows) == 5
    wide = words_by_role_wide(words_by_role(seed_tables["lines"]))
    outlet = seed_tables["articles"].set_index("article_id").outlet
    for aid, caption, wire, boilerplate, duplicate in rows:
        got = wide.loc[outlet[aid]].reindex(["caption", "wire", "boilerplate", "duplicate"]).fillna(0)
        assert got.astype(int).tolist() == [int(caption), int(wire), int(boilerplate), int(duplicate)], aid


def test_every_table_column_is_documented(seed_tables):
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| ([a-z0-9_, ]+) \|", readme, re.M))
    names = {n.strip() for entry in documented for n in entry.split(",")}
    for table in ("lines", "sentences", "mentions", "labels", "variants", "variant_suggestions",
                  "terms", "distinctive_terms", "loaded_terms", "loaded_language", "spelling",
                  "sentiment_sentences", "sentiment_outlets", "sentiment_target_sentences",
                  "sentiment_targets", "sentiment_drivers", "readability", "quotes", "voices",
                  "reuse_pairs", "reuse_sentences"):
        assert set(seed_tables[table].columns) <= names, table
    from analysis.present import findings, fingerprint, pages
    from analysis.pipeline.tables import Config

    config = Config.for_corpus(paths.DATA)
    for table in (fingerprint.fingerprint(seed_tables, config.registry),
                  pages.locate(findings.findings(seed_tables, config)),
                  fingerprint.panels(seed_tables, config.registry), findings.corpus_overview_with_caveats(seed_tables)):
        assert set(table.columns) <= names, list(table.columns)
    core = [c for c in seed_tables["articles"].columns
            if c not in ("outlet_name", "event_date", "date_evidence")]
    assert set(core) <= names
