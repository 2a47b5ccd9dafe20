"""The configuration digests itself (analysis/pipeline/config.py): every field's data file
is in the digest, through the module that owns it, and the digest is the same in every
process."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pandas as pd
import pytest

from analysis.corpus import paths
from analysis.corpus.digests import canonical, content_digest
from analysis.pipeline.config import Config


@pytest.fixture(scope="module")
def config() -> Config:
    return Config.for_corpus(paths.DATA)


def changed(value):
    """``value`` with one entry less: the last rule, the last row, one word, one entity."""
    if isinstance(value, pd.DataFrame):
        return value.iloc[:-1]
    if isinstance(value, list):
        return value[:-1]
    if isinstance(value, (set, frozenset)):
        return type(value)(sorted(value)[1:])
    if dataclasses.is_dataclass(value):  # its first field that holds entries
        for f in dataclasses.fields(value):
            inner = getattr(value, f.name)
            if isinstance(inner, (dict, set, frozenset, list)) and inner:
                smaller = dict(list(inner.items())[1:]) if isinstance(inner, dict) else changed(inner)
                return dataclasses.replace(value, **{f.name: smaller})
    raise AssertionError(f"no way to change a {type(value).__name__}")


def test_every_field_of_the_configuration_is_in_its_digest(config):
    names = [f.name for f in dataclasses.fields(Config)]
    assert names == ["rules", "registry", "label_rules", "name_lists", "lexicon", "stopwords",
                     "spelling_pairs"]
    assert list(config.digests()) == [*names, "libraries"]
    for name in names:
        other = dataclasses.replace(config, **{name: changed(getattr(config, name))})
        assert other.digests()[name] != config.digests()[name], name
        assert other.digest() != config.digest(), name
        # only that field's digest moved
        assert {k for k, v in other.digests().items() if v != config.digests()[k]} == {name}


def test_a_field_without_a_digest_is_an_error_not_a_stale_store(config):
    @dataclasses.dataclass
    class Grown(Config):
        place_names: frozenset = frozenset({"Kyiv"})  # added without metadata=_digested_by(...)

    grown = Grown(*[getattr(config, f.name) for f in dataclasses.fields(Config)])
    with pytest.raises(TypeError, match="Config.place_names has no digest"):
        grown.digest()


def test_where_a_registry_was_read_from_is_not_its_content(config):
    moved = dataclasses.replace(config.registry, source="/somewhere/else/entities.yaml")
    assert moved.digest() == config.registry.digest()


def test_the_digest_is_the_same_in_every_process():
    # sets of words are sorted before hashing: another hash seed gives the same digest
    code = ("from analysis.pipeline.config import Config; from analysis.corpus import paths; "
            "print(Config.for_corpus(paths.DATA).digest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
               for seed in ("1", "2")}
    assert len(digests) == 1 and len(digests.pop()) == 16


def test_canonical_forms_worked_out_by_hand():
    assert canonical({"b": {3, 1, 2}, "a": ("x", None)}) == [["a", ["x", None]], ["b", [1, 2, 3]]]
    assert canonical(pd.DataFrame({"british": ["colour"], "n": [2]})) == \
        {"columns": ["british", "n"], "rows": [["colour", "2"]]}
    assert content_digest(frozenset({"a", "b"})) == content_digest({"b", "a"})
    with pytest.raises(TypeError, match="no canonical form for a object"):
        canonical(object())
