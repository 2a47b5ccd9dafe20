"""Benchmark corpus: N articles drawn with replacement from a corpus, with a fixed seed.

    python benchmarks/resample.py N [--source CORPUS] [--seed 13] [--out DIR]

Default source: ../shared/corpora/article-bias-prediction/data/jsons (4,235 articles; read
it with ``--event-column topic``). Every drawn article is its source record as it is (its
outlet, topic, title, date and text untouched, every other key kept) with a new id
``r0000001``, ``r0000002``, ... in the source's id key (``ID`` for article-bias-prediction)
and the source id in ``resampled_from``. The articles are written as one JSON Lines file,
``DIR/resampled-N-seedS.jsonl``: one file, not 100,000, so that reading the corpus costs
the same per article at any size. The source's own data files (a ``cleaning_rules.yaml``,
``entities.extra.yaml``, ... beside its articles) are copied beside it, so the suite reads
the copy as it reads the source. The same source, N and seed give the same file, byte for
byte.

The source is a folder of JSON files (read in the order of their names, as
``analysis.corpus.load`` reads them) or a JSON Lines file; the records are read as they are
stored, not through the loader, so nothing the loader derives is written back.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from analysis.corpus import paths
from analysis.corpus.fields import DEFAULT_COLUMNS, TABLE_SUFFIXES

DEFAULT_SOURCE = paths.ROOT.parent / "shared" / "corpora" / "article-bias-prediction" / "data" / "jsons"
DEFAULT_OUT = Path(tempfile.gettempdir()) / "analysis-benchmark-corpora"
SEED = 13  # the number (#13): any fixed seed would do
ID_FORMAT = "r{:07d}"  # r0000001 ... r9999999
FROM_KEY = "resampled_from"  # the source id of each drawn article


def read_records(source: str | Path) -> list[dict]:
    """The source's articles as stored: one dict per JSON file of a folder (files in name
    order) or per line of a JSON Lines file. A record without an id gets its file's name
    (as the loader does) under ``id`` (see :func:`id_key`)."""
    source = Path(source)
    if source.is_dir():
        records = []
        for path in sorted(source.glob("*.json")):
            record = json.loads(path.read_bytes())
            if not isinstance(record, dict):
                raise ValueError(f"{path}: not one JSON object (one article)")
            if not any(k in record for k in DEFAULT_COLUMNS["id"]):
                record = {"id": path.stem, **record}
            records.append(record)
    elif TABLE_SUFFIXES.get(source.suffix.lower()) == "jsonl":
        with source.open("rb") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        if any(not isinstance(r, dict) for r in records):
            raise ValueError(f"{source}: a line that is not a JSON object")
    else:
        raise ValueError(f"{source}: expected a folder of JSON files or a JSON Lines file")
    if not records:
        raise ValueError(f"{source}: no articles")
    return records


def id_key(record: dict) -> str:
    """The key holding a record's id: the first of the loader's id names it has, else
    ``id`` (then :func:`read_records` filled it from the file name)."""
    return next((k for k in DEFAULT_COLUMNS["id"] if k in record), "id")


def draw(n_source: int, n: int, *, seed: int = SEED) -> list[int]:
    """The positions of ``n`` articles drawn with replacement from ``n_source``, in
    drawing order: ``int(random() * n_source)`` of ``random.Random(seed)``, whose seeding
    and ``random()`` sequence Python keeps the same across versions (its ``randrange``
    may change); the bias of scaling a 53-bit fraction is below ``n_source / 2**53``."""
    rng = random.Random(seed)
    return [int(rng.random() * n_source) for _ in range(n)]


def resample_corpus(source: str | Path = DEFAULT_SOURCE, out_dir: str | Path = DEFAULT_OUT, *,
                    n: int, seed: int = SEED) -> Path:
    """Write ``n`` articles drawn with replacement from ``source`` (see the module's
    docstring) into ``out_dir``; return the path of the JSON Lines file."""
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    if n > 9_999_999:
        raise ValueError(f"n must be at most 9,999,999 (ids {ID_FORMAT.format(1)}...), not {n:,}")
    records = read_records(source)
    out = Path(out_dir) / f"resampled-{n}-seed{seed}.jsonl"
    rows = []
    for i, position in enumerate(draw(len(records), n, seed=seed), start=1):
        record = records[position]
        key = id_key(record)
        rows.append({**record, key: ID_FORMAT.format(i), FROM_KEY: record[key]})
    write_jsonl(rows, out)
    copy_data_files(source, out.parent)
    return out


def head_corpus(source: str | Path, out_dir: str | Path, *, n: int) -> Path:
    """The first ``n`` articles of ``source``, ids kept, as a JSON Lines file in ``out_dir``
    (for a quick benchmark run on part of a corpus); return its path."""
    out = Path(out_dir) / f"first-{n}.jsonl"
    write_jsonl(read_records(source)[:n], out)
    copy_data_files(source, out.parent)
    return out


def write_jsonl(records: list[dict], out: Path) -> None:
    """One JSON object per line (UTF-8, keys in their order), written under a temporary
    name and renamed, so an interrupted run leaves no half-written corpus."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    with partial.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(partial, out)


def copy_data_files(source: str | Path, out_dir: Path) -> list[Path]:
    """Copy the data files a corpus brings (a file named as one of the bundled data files
    in ``data/``, or as its ``.extra`` file: see :func:`analysis.corpus.paths.data_files`) from
    the source's folder into ``out_dir``; return the copies."""
    folder = Path(source) if Path(source).is_dir() else Path(source).parent
    if folder.resolve() == Path(out_dir).resolve():
        return []
    names = {p.name for p in paths.DATA.iterdir() if p.is_file()}
    names |= {paths.extra_name(name) for name in names}
    copies = []
    for name in sorted(names):
        if (folder / name).is_file():
            copies.append(Path(shutil.copyfile(folder / name, Path(out_dir) / name)))
    return copies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="articles to draw")
    parser.add_argument("--source", default=str(DEFAULT_SOURCE),
                        help="a folder of JSON files or a JSON Lines file (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED, help="default: %(default)s")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        path = resample_corpus(args.source, args.out, n=args.n, seed=args.seed)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
