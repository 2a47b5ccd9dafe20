"""The store's files at the lowest level: tables as Parquet (columns Parquet would not give
back as they are stored as JSON text), content digests, and the one way the store speaks
(on stderr)."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Iterable

import pandas as pd

from analysis.corpus import paths


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- tables in Parquet

def _json_columns(frame: pd.DataFrame) -> list[str]:
    """The object columns Parquet would not give back as they are: anything but text
    with no missing value (lists, numbers mixed with text, None or NaN). These are
    stored as JSON text and decoded on reading."""
    out = []
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object:
            continue
        if pd.api.types.infer_dtype(values, skipna=False) not in ("string", "empty"):
            out.append(column)
    return out


def write_parquet(frame: pd.DataFrame, path: Path) -> list[str]:
    """Write ``frame`` to ``path`` (atomically, with page checksums); return the columns
    stored as JSON (:func:`_json_columns`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    encoded = _json_columns(frame)
    if encoded:
        frame = frame.copy()
        for column in encoded:
            frame[column] = [json.dumps(v, ensure_ascii=False) for v in frame[column]]
    table = pa.Table.from_pandas(frame)
    paths.write_atomically(path, lambda partial: pq.write_table(
        table, partial, compression="zstd", write_page_checksum=True))
    return encoded


def read_parquet(path: Path, json_columns: Iterable[str] = ()) -> pd.DataFrame:
    """A table written by :func:`write_parquet`, checksums verified."""
    import pyarrow.parquet as pq

    frame = pq.read_table(path, page_checksum_verification=True).to_pandas()
    for column in json_columns:
        frame[column] = pd.Series([json.loads(v) for v in frame[column]], index=frame.index,
                                  dtype=object)
    return frame

