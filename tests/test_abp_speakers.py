"""Who speaks in article-bias-prediction, a story the registry knows nothing of.

data/abp_speakers.csv is written by ``python benchmarks/speakers_abp.py --write``: the
unresolved direct quotations (rank 0) and the 20 most quoted speakers. The first test reads
it and checks each speaker against a list verified by hand; the second recomputes it where
../shared/corpora/article-bias-prediction is beside the checkout (a whole run of the suite
on 4,235 articles: several minutes on two cores)."""
from __future__ import annotations


import pandas as pd
import pytest

from analysis.corpus import paths
from script_loader import load_script

ab = load_script(paths.ROOT / "benchmarks" / "speakers_abp.py")

# Real people and organisations, verified by hand: for each name, quotations attributed to
# it in quotes.csv were read against their sentences (at least two per name, chosen at
# random), and the person is the one the name denotes in US news of 2012-2020.
VERIFIED = {
    # people
    "Donald Trump", "Barack Obama", "Hillary Clinton", "Bernie Sanders", "Joe Biden",
    "Mitch McConnell", "Ted Cruz", "Nancy Pelosi", "Mitt Romney", "Paul Ryan", "Marco Rubio",
    "John McCain", "John Boehner", "Mike Pence", "Elizabeth Warren", "James Comey",
    "Lindsey Graham", "Anthony Fauci", "Michael Cohen", "Brett Kavanaugh", "Chuck Schumer",
    "Sarah Sanders", "Nikki Haley", "Rudy Giuliani", "Adam Schiff", "Rand Paul",
    "Cory Booker", "Pete Buttigieg", "Eric Holder", "Jeff Sessions", "Mike Pompeo",
    "Jay Carney", "Josh Earnest",
    # organisations
    "White House", "Senate",
}


def test_the_stored_top_speakers_are_real_people_or_organisations():
    stored = pd.read_csv(ab.STORED, keep_default_na=False)
    assert list(stored.columns) == ab.COLUMNS
    unresolved = stored[stored["rank"] == 0].iloc[0]
    assert unresolved.speaker == "unresolved" and unresolved.share_of_quotes <= 0.25
    top = stored[stored["rank"].between(1, ab.TOP)]
    assert len(top) == ab.TOP
    assert not set(top.speaker) - VERIFIED, set(top.speaker) - VERIFIED
    assert top.n_quotes.is_monotonic_decreasing


@pytest.mark.skipif(not ab.DEFAULT.is_dir(),
                    reason=f"{ab.DEFAULT} is not beside this checkout (the shared corpora are absent)")
def test_the_stored_top_speakers_are_what_the_suite_computes(tmp_path):
    ab.run_suite(ab.DEFAULT, tmp_path, jobs=2)
    got = ab.top_speakers(*ab.read_tables(tmp_path))
    stored = pd.read_csv(ab.STORED, keep_default_na=False)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), stored, check_dtype=False)
