"""The per-article results of a corpus's store (``articles/chunk-*.parquet``), looked up
by an article's key (:func:`analysis.pipeline.keys.store_key`)."""
from __future__ import annotations

import json
from pathlib import Path

from analysis.corpus import paths
from analysis.pipeline.parquet import digest, say


CHUNK_SIZE = 500  # articles per per-article chunk file
CHUNKS_KEPT = 4  # chunks kept decoded in memory while articles are read back
CORPUS_FILE = "corpus.txt"  # the corpus's resolved path, written with the first results


class ArticleCache:
    """Per-article results in Parquet chunk files (``key``, ``result`` as JSON), looked
    up by key. Chunks are read whole and kept while they are used in a row (articles
    come back in the order they were stored)."""

    def __init__(self, folder: Path, *, corpus: Path | None = None):
        self.folder = Path(folder)
        self.corpus = corpus
        self._index: dict[str, Path] | None = None
        self._chunks_read: dict[Path, dict[str, str]] = {}  # the last few chunks read
        self.pending: list[tuple[str, bytes]] = []  # (key, the result as UTF-8 JSON)
        self.writable = True
        self.n_processed = 0
        self.n_read = 0

    def _chunks(self) -> list[Path]:
        return sorted(self.folder.glob("chunk-*.parquet")) if self.folder.is_dir() else []

    @property
    def index(self) -> dict[str, Path]:
        """Key -> chunk file of every stored result (a chunk that cannot be read is
        reported and deleted: its articles are processed again)."""
        if self._index is None:
            import pyarrow.parquet as pq

            self._index = {}
            for chunk in self._chunks():
                try:
                    keys = pq.read_table(chunk, columns=["key"],
                                         page_checksum_verification=True).column("key").to_pylist()
                except Exception as exc:  # truncated, corrupted, not Parquet
                    self._drop(chunk, exc)
                    continue
                self._index.update(dict.fromkeys(keys, chunk))
        return self._index

    def _drop(self, chunk: Path, exc: Exception) -> None:
        say(f"store: {chunk} cannot be read ({type(exc).__name__}); its articles are processed again")
        try:
            chunk.unlink(missing_ok=True)
        except OSError:  # a read-only store: the chunk is only left unread
            pass
        self._chunks_read.pop(chunk, None)
        if self._index is not None:
            self._index = {k: c for k, c in self._index.items() if c != chunk}

    def get(self, key: str) -> dict | None:
        """The stored result of ``key``, or None (also when its chunk proves unreadable)."""
        stored = self._stored(key)
        if stored is None:
            return None
        try:
            result = json.loads(stored)
        except ValueError as exc:
            self._drop(self.index[key], exc)
            return None
        self.n_read += 1
        return result

    def _stored(self, key: str, chunk: Path | None = None) -> str | None:
        """The stored JSON text of ``key``'s result (in ``chunk``, by default the one the
        index names), or None."""
        chunk = chunk or self.index.get(key)
        if chunk is None:
            return None
        if chunk not in self._chunks_read:
            import pyarrow.parquet as pq

            if not chunk.is_file():  # deleted since it was listed (or dropped as unreadable)
                return None
            try:
                table = pq.read_table(chunk, page_checksum_verification=True)
            except Exception as exc:
                self._drop(chunk, exc)
                return None
            if len(self._chunks_read) >= CHUNKS_KEPT:
                del self._chunks_read[next(iter(self._chunks_read))]
            self._chunks_read[chunk] = dict(zip(table.column("key").to_pylist(),
                                                table.column("result").to_pylist()))
        else:
            self._chunks_read[chunk] = self._chunks_read.pop(chunk)  # the most recently used last
        stored = self._chunks_read[chunk].get(key)
        if stored is None:
            self._drop(chunk, KeyError(key))
        return stored

    def put(self, key: str, result: dict) -> None:
        """Keep a newly computed result; written with others as one chunk (:meth:`flush`).
        It is kept as UTF-8 JSON meanwhile, a quarter of the memory of the result itself."""
        self.pending.append((key, json.dumps(result, ensure_ascii=False).encode("utf-8")))
        self.n_processed += 1
        if len(self.pending) >= CHUNK_SIZE:
            self.flush()

    def flush(self) -> None:
        """Write the pending results as one chunk file, named by their keys."""
        if not self.pending:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        keys = [k for k, _ in self.pending]
        table = pa.table({"key": keys, "result": pa.array([r for _, r in self.pending], type=pa.string())})
        self.pending = []
        if not self.writable:
            return
        chunk = self.folder / f"chunk-{digest(chr(10).join(keys))[:20]}.parquet"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            named = self.folder.parent / CORPUS_FILE
            if self.corpus is not None and not named.is_file():  # for prune()
                paths.write_atomically(named, lambda p: p.write_text(str(self.corpus), encoding="utf-8"))
            paths.write_atomically(chunk, lambda partial: pq.write_table(
                table, partial, compression="zstd", write_page_checksum=True))
        except OSError as exc:  # a read-only or full disk: go on without storing
            self.writable = False
            say(f"store: cannot write {chunk} ({exc}); the articles are processed without the store")
            return
        self.index.update(dict.fromkeys(keys, chunk))

    def compact(self, live: list[str]) -> None:
        """Drop the results of keys not in ``live`` when they outnumber the live ones
        (articles changed or removed since): the live results are rewritten into new
        chunks and the old chunks deleted."""
        self.flush()
        wanted = set(live)
        if not self.writable or len(self.index) <= 2 * len(wanted):
            return
        where = self.index
        old = set(where.values())
        self._index = {}  # every chunk is old (flushed above); the new ones are added
        for key in dict.fromkeys(live):  # read from the old chunks, written to new ones
            stored = self._stored(key, where[key]) if key in where else None
            if stored is not None:
                self.pending.append((key, stored.encode("utf-8")))
                if len(self.pending) >= CHUNK_SIZE:
                    self.flush()
        self.flush()
        self._chunks_read = {}
        if not self.writable:
            return  # the live results could not all be rewritten: the old chunks stay
        kept = set(self.index.values())
        for chunk in old - kept:
            chunk.unlink(missing_ok=True)

