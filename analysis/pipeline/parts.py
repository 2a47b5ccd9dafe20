"""Tables written part by part, so that no table of a corpus is ever held in memory whole.

A :class:`PartWriter` gathers one table's rows as articles arrive and writes them as a
Parquet part every ``ROWS_PER_PART`` rows (and a frame at a time for tables derived in
chunks). :meth:`PartWriter.assemble` then writes the table's one file from its parts, a
part at a time, optionally passing each through a function (the corpus-wide names of
the people found in the text are known only once every article is read) and showing
each to the caller (for corpus-wide counts).

The file is the one :func:`analysis.pipeline.parquet.write_parquet` would write for the whole
table built in memory, read back equal by :func:`analysis.pipeline.parquet.read_parquet`: the
parts' column types are unified as pandas would have inferred them for all rows at once
(a column of whole numbers with a gap anywhere is a float column; a column empty in one
part takes the type of the others), and values Parquet would not give back as they are
(lists, numbers mixed with text, a missing value written NaN) are stored as JSON text,
in every part, when any part needs it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd


ROWS_PER_PART = 20_000


def _plain(values: pd.Series) -> bool:
    """An object column Parquet stores as text: every value a string or None."""
    if pd.api.types.infer_dtype(values, skipna=False) in ("string", "empty"):
        return True
    return all(v is None or isinstance(v, str) for v in values)


def to_arrow(frame: pd.DataFrame):
    """``frame`` as an Arrow table (no index) and the columns encoded as JSON text."""
    import pyarrow as pa

    encoded = [c for c in frame.columns if frame[c].dtype == object and not _plain(frame[c])]
    if encoded:
        frame = frame.assign(**{c: [json.dumps(v, ensure_ascii=False) for v in frame[c]]
                                for c in encoded})
    return pa.Table.from_pandas(frame, preserve_index=False), encoded


def decode(frame: pd.DataFrame, encoded: Iterable[str]) -> pd.DataFrame:
    """The JSON text columns of ``frame`` (:func:`to_arrow`) decoded, in place."""
    for column in encoded:
        frame[column] = pd.Series([json.loads(v) for v in frame[column]], index=frame.index,
                                  dtype=object)
    return frame


class PartWriter:
    """The parts of one table (``name``) in ``folder``; ``columns``: the table's columns
    (None: those of the rows, in order of first appearance, as ``pd.DataFrame(rows)``)."""

    def __init__(self, folder: Path, name: str, columns: list[str] | None = None, *,
                 rows_per_part: int = ROWS_PER_PART):
        self.folder, self.name, self.columns = Path(folder), name, columns
        self.rows_per_part = rows_per_part
        self.rows: list[dict] = []
        self.parts: list[tuple[Path, list[str]]] = []  # (file, its JSON columns)
        self.n_rows = 0

    def add(self, rows: list[dict]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= self.rows_per_part:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            rows, self.rows = self.rows, []
            self.add_frame(pd.DataFrame(rows, columns=self.columns) if self.columns is not None
                           else pd.DataFrame(rows))

    def add_frame(self, frame: pd.DataFrame) -> None:
        """Write ``frame`` as the next part (no part for an empty frame)."""
        import pyarrow.parquet as pq

        if frame.empty:
            return
        table, encoded = to_arrow(frame)
        path = self.folder / f".{self.name}.part-{len(self.parts):05d}.parquet"
        pq.write_table(table, path, compression="zstd")
        self.parts.append((path, encoded))
        self.n_rows += len(frame)

    def assemble(self, target: Path, *, transform: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
                 empty: pd.DataFrame | None = None, keep: list[str] | None = None) -> Iterator[pd.DataFrame]:
        """Write the table to ``target`` (with page checksums; a staging folder's file: it
        is written in place) from its parts,
        yielding each part as a DataFrame (JSON columns decoded, after ``transform``) once
        it is written. ``empty``: the table when there is no row (default: the columns
        given, no row). ``keep``: the columns of the parts yielded (default: all). When the generator is exhausted, ``self.encoded`` holds the
        file's JSON columns; the parts are deleted."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.flush()
        if not self.parts:
            frame = empty if empty is not None else pd.DataFrame(columns=self.columns or [])
            self.encoded = _write_empty(frame, target)
            yield frame if keep is None else frame.reindex(columns=keep)
            return
        encoded = list(dict.fromkeys(c for _, cols in self.parts for c in cols))
        schemas = [pq.read_schema(path) for path, _ in self.parts]
        names = schemas[0].names
        if any(s.names != names for s in schemas):
            raise ValueError(f"the parts of table {self.name} have different columns")
        plain = [pa.schema([pa.field(f.name, pa.string()) if f.name in encoded else f.remove_metadata()
                            for f in s]) for s in schemas]
        schema = pa.unify_schemas(plain, promote_options="permissive")
        if all(s.equals(schemas[0]) for s in schemas):  # the same types: pandas' own too (Int64)
            schema = schema.with_metadata(schemas[0].metadata)

        self.encoded = encoded
        with pq.ParquetWriter(target, schema, compression="zstd", write_page_checksum=True) as out:
            for path, cols in self.parts:
                table = pq.read_table(path)
                frame = None
                if transform is not None:
                    frame = transform(decode(table.to_pandas(), cols))
                    table, cols = to_arrow(frame)
                for column in encoded:
                    if column not in cols:  # JSON in another part: here too
                        values = table.column(column).to_pylist()
                        table = table.set_column(table.schema.get_field_index(column), column,
                                                 pa.array([json.dumps(v, ensure_ascii=False) for v in values],
                                                          pa.string()))
                out.write_table(table.select(schema.names).cast(schema))
                if frame is None:
                    view = table.select(keep) if keep is not None else table
                    frame = decode(view.to_pandas(), [c for c in encoded if c in view.column_names])
                yield frame if keep is None else frame[keep]
                path.unlink()
        self.parts = []

    def discard(self) -> None:
        for path, _ in self.parts:
            path.unlink(missing_ok=True)
        self.parts, self.rows = [], []


def _write_empty(frame: pd.DataFrame, target: Path) -> list[str]:
    from analysis.pipeline.parquet import write_parquet

    return write_parquet(frame, target)


def assemble_all(writer: PartWriter, target: Path, **options) -> list[str]:
    """:meth:`PartWriter.assemble` run to the end, its parts not looked at; the file's
    JSON columns."""
    for _ in writer.assemble(target, **options):
        pass
    return writer.encoded


def texts_at(path: Path, positions: list[int], column: str = "text") -> dict[int, str]:
    """The values of ``column`` at rows ``positions`` (from 0) of a Parquet file, read a
    row group at a time."""
    import pyarrow.parquet as pq

    wanted = sorted(set(positions))
    found: dict[int, str] = {}
    if not wanted:
        return found
    source = pq.ParquetFile(path)
    start, k = 0, 0
    for group in range(source.num_row_groups):
        n = source.metadata.row_group(group).num_rows
        if k < len(wanted) and wanted[k] < start + n:
            values = source.read_row_group(group, columns=[column]).column(0)
            while k < len(wanted) and wanted[k] < start + n:
                found[wanted[k]] = values[wanted[k] - start].as_py()
                k += 1
        start += n
    return found
