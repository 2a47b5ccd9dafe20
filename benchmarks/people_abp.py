"""Check: the people of article-bias-prediction kept apart and brought together rightly
(prints figures; not a test).

    python benchmarks/people_abp.py --tables DIR

Reads the mentions.csv of a ``tables`` run on
../shared/corpora/article-bias-prediction/data/jsons (``--event-column topic``) and prints,
for the cases issue 26 names:

- the persons whose corpus-wide name ends in "Bush", with their mentions (George W. and
  George H. W. Bush must be two people);
- every mention written with a suffix ("Jr", "Sr", "II", "III") whose person's name has
  none (a "Jr" merged into another person);
- persons whose name holds two words run together ("TrumpGOP") or one word twice;
- persons written as a nickname of another's given name with the same surname, and the
  name they went to (Joe / Joseph Biden: one person);
- mentions whose entity is an id of the bundled registry (another story's people).

Exit status 1 when one of the must-not cases occurs.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis.people.candidates import GLUED
from analysis.people.name_lists import load_name_lists
from analysis.people.registry import load_registry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", required=True, help="the output folder of a tables run")
    args = parser.parse_args(argv)
    m = pd.read_csv(Path(args.tables) / "mentions.csv", keep_default_na=False,
                    usecols=["entity", "kind", "surface"])
    persons = m[m.kind == "person"]
    suffixes = {s.rstrip(".") for s in load_name_lists().vocabulary.suffix}
    bad = 0
    counts = persons.entity.value_counts()
    bushes = counts[[e.split()[-1] == "Bush" for e in counts.index]]
    print("persons named ... Bush:", dict(bushes.head(8)))
    if "George Bush" in counts.index and not {"George W. Bush", "George H. W. Bush"} & set(counts.index):
        bad += 1
    words = persons.surface.str.split()
    has_suffix = words.apply(lambda w: len(w) > 1 and w[-1].rstrip(".") in suffixes)
    merged = persons[has_suffix & ~persons.entity.apply(
        lambda e: e.split()[-1].rstrip(".") in suffixes if e.split() else False)]
    print(f"mentions with a suffix whose person has none: {len(merged)}",
          dict(merged.groupby(["surface", "entity"]).size().head(10)))
    bad += len(merged) > 0
    widgets = [e for e in counts.index if any(GLUED.match(w) for w in e.split())
               or len(set(e.split())) < len(e.split())]
    print(f"persons with words run together or one word twice: {len(widgets)}", widgets[:10])
    bad += len(widgets) > 0
    for written in ("Joseph Biden", "Bernard Sanders", "Joe Biden", "Bernie Sanders"):
        went = persons[persons.surface == written].entity.value_counts()
        print(f"{written!r} goes to: {dict(went.head(3))}")
    bundled = set(load_registry().entities)
    foreign = m[m.entity.isin(bundled)]
    print(f"mentions of the bundled registry's ids: {len(foreign)}", dict(foreign.entity.value_counts().head(5)))
    bad += len(foreign) > 0
    print("must-not cases:", "none" if not bad else bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
