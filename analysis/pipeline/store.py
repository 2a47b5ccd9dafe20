"""A persistent store of a corpus's tables, so that a notebook opens in seconds.

One folder per corpus (by default ``.cache/store/NAME-HASH/`` in the checkout, HASH from
the corpus's resolved path; :data:`STORE_ENV` or a ``store`` argument names another
root folder) holds:

- ``articles/chunk-*.parquet``: the per-article results of
  :func:`analysis.pipeline.process.process_article`, several hundred articles per file, each row an
  article's key (:func:`analysis.pipeline.keys.store_key`: its record as loaded, the data files'
  digest :meth:`analysis.pipeline.config.Config.digest`, ``PIPELINE_VERSION`` and the digest of
  the code that computes the tables, :func:`code_digest`) and its result as JSON. A
  changed or added article has a new key: it alone is processed, the others are read
  back. Results of articles no longer in the corpus are dropped when they outnumber the
  live ones.
- ``tables/BUILD/NAME.parquet``: every table :func:`analysis.pipeline.tables.build_tables`
  returns, written from the per-article results part by part
  (:func:`analysis.pipeline.stream.stream_tables`) into a staging folder that becomes
  ``tables/BUILD`` when every table is whole (:meth:`Store.staging`, :meth:`Store.install`).
- ``manifests/VARIANT.json``: what built a set of tables (corpus path and column
  options, the corpus fingerprint, a digest of the articles' content as loaded, the
  data-file digest, the code digest, ``PIPELINE_VERSION``, the suite's version), and
  each table's file, size, SHA-256 and ``attrs`` (the articles' problems). VARIANT is a
  digest of the fields that choose a set of tables for the same corpus
  (:data:`VARIANT_FIELDS`: the column options, the data files, the code): the tables of
  up to :data:`MAX_VARIANTS` option variants stay side by side, so that going back to
  other options reads their tables again, and tables a notebook has open are not
  deleted when the corpus is analysed with other options. Installing tables removes the
  variants of other code and the table folders no manifest names.

Invalidation is by content, never by date: the tables are read back only when the
fingerprint, data-file and code digests and versions all match the manifest and every
table file is whole (size and SHA-256). Every file is written under a temporary name and
renamed (:func:`analysis.corpus.paths.write_atomically`), the manifest last: a run killed
half-way leaves the previous store readable, or no manifest at all. A file that cannot
be read (truncated, corrupted) is reported on stderr and rebuilt, never read as tables.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from collections.abc import Mapping
from typing import Callable

import pandas as pd

from analysis.corpus import paths
from analysis.pipeline.parquet import digest, file_digest, say, write_parquet, read_parquet
from analysis.pipeline.article_cache import CORPUS_FILE, ArticleCache


# The root folder of every corpus's store (each corpus gets a folder in it); "off"
# turns the store off (build_tables then computes everything, as before the store).
STORE_ENV = "ANALYSIS_STORE"
DEFAULT_ROOT = paths.ROOT / ".cache" / "store"
OFF = ("off", "0", "no", "false")
FORMAT = 2  # bump when the layout of the store changes
MANIFESTS = "manifests"  # one manifest per variant of the tables (VARIANT.json)
# the manifest's fields that choose a variant (one set of tables per variant); the
# first five are the code's: a variant of other code is out of date
CODE_FIELDS = ("format", "suite_version", "pipeline_version", "code_digest", "corpus")
VARIANT_FIELDS = (*CODE_FIELDS, "corpus_options", "config_digest")
MAX_VARIANTS = 4  # the variants kept (the most recently built)
DERIVED = "derived"  # tables computed from the store's tables (derived_tables)
STORE_ATTR = "store"  # the sentences table's attrs: the store it was read from
PROGRESS_FROM = 100  # say on stderr what is happening when this many articles are processed
PROGRESS_EVERY = 500


class StoreError(RuntimeError):
    """A store file that cannot be used (the message names it)."""


def suite_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("framing-analysis")
    except PackageNotFoundError:  # pragma: no cover - the checkout is always installed
        return "unknown"


# What does not change a table (it draws, words or runs notebooks): the presentation layer
# and the command line. Editing them keeps the stores; editing any other module of
# analysis/ rebuilds them.
PRESENTATION = ("present", "__main__.py")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code that computes the tables (every module of ``analysis/`` outside
    :data:`PRESENTATION`), as this process first read it: a store built by other code is
    not read back, even when ``PIPELINE_VERSION`` was not bumped."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for module in sorted(package.rglob("*.py")):
        name = module.relative_to(package).as_posix()
        hidden = any(part.startswith(".") for part in name.split("/"))  # .ipynb_checkpoints/
        if name.split("/")[0] not in PRESENTATION and not hidden:
            h.update(name.encode() + b"\0" + module.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def store_root(root: str | Path | None = None) -> Path | None:
    """The root folder of the stores: ``root`` if given, else :data:`STORE_ENV`, else
    :data:`DEFAULT_ROOT`; None when the store is turned off (``off``)."""
    given = str(root) if root is not None else os.environ.get(STORE_ENV, "")
    if given.strip().lower() in OFF:
        return None
    return Path(given).expanduser() if given.strip() else DEFAULT_ROOT


def store_folder(corpus: str | Path, root: str | Path | None = None) -> Path | None:
    """The folder of ``corpus``'s store under :func:`store_root`: its name and a hash of
    its resolved path (two corpora with one name never share a store)."""
    base = store_root(root)
    if base is None:
        return None
    resolved = Path(corpus).expanduser().resolve()
    tag = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in resolved.name)[:40] or "corpus"
    return base / f"{name}-{tag}"


def writable(root: Path | None) -> bool:
    """Whether a store can be written under ``root`` (True when the store is off)."""
    if root is None:
        return True
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=root):
            return True
    except OSError:
        return False


def prune(root: Path) -> list[Path]:
    """Delete the stores under ``root`` whose corpus no longer exists (e.g. a corpus in
    a temporary folder); return them."""
    gone = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        try:
            corpus = (folder / CORPUS_FILE).read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if corpus and not Path(corpus).exists():
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder)
    return gone


# ----------------------------------------------------------------------------- the store
@dataclass
class Store:
    """The store of one corpus in ``folder`` (see the module's docstring)."""

    folder: Path
    corpus: Path | None = None  # resolved
    progress: Callable[[str], None] | None = say
    stats: dict = field(default_factory=dict)

    @classmethod
    def for_corpus(cls, corpus: str | Path, root: str | Path | None = None, **kwargs) -> "Store | None":
        folder = store_folder(corpus, root)
        return None if folder is None else cls(folder, Path(corpus).expanduser().resolve(), **kwargs)

    def manifest_path(self, fields: dict) -> Path:
        """The manifest of the variant of tables that ``fields`` choose
        (:data:`VARIANT_FIELDS`)."""
        variant = digest(json.dumps({k: fields.get(k) for k in VARIANT_FIELDS}, sort_keys=True))[:16]
        return self.folder / MANIFESTS / f"{variant}.json"

    def manifests(self) -> list[Path]:
        """The manifests of every variant stored, the most recently written first."""
        found = (self.folder / MANIFESTS).glob("*.json") if (self.folder / MANIFESTS).is_dir() else []
        return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)

    def articles(self) -> ArticleCache:
        return ArticleCache(self.folder / "articles", corpus=self.corpus)

    def read_manifest(self, fields: dict) -> dict | None:
        """The manifest of the variant ``fields`` choose, or None when there is none or
        it cannot be read."""
        return _read_manifest(self.manifest_path(fields))

    def record_source_digest(self, fields: dict, source: str) -> None:
        """Put the digest of the corpus's files into the manifest (tables found equal
        article by article after the files changed), so the next run reads them without
        loading the corpus. A manifest that cannot be rewritten stays as it is."""
        manifest = self.read_manifest(fields)
        if manifest is None:
            return
        manifest["source_digest"] = source
        try:
            _write_manifest(self.manifest_path(fields), manifest)
        except OSError:
            pass

    def read_tables(self, expected: dict) -> dict[str, pd.DataFrame] | None:
        """The stored tables when the manifest matches ``expected`` (fingerprint, data-file
        digest, versions, options) and every table file is whole; else None. The
        sentences table says in its ``attrs`` where this store is (:func:`derived_tables`)."""
        manifest = self.read_manifest(expected)
        if manifest is None or any(manifest.get(k) != v for k, v in expected.items()):
            return None

        def mark(name: str, table: pd.DataFrame) -> None:
            if name == "sentences":
                self.mark({name: table})

        return read_table_set(self.folder, manifest["tables"], on_read=mark)

    def staging(self) -> Path:
        """A new folder in which a build writes its tables (:meth:`install` makes them the
        store's; one left by a killed run is removed by a later one)."""
        root = self.folder / "tables"
        root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".partial-{os.getpid()}-", dir=root))

    def install(self, staging: Path, entries: dict, description: dict) -> None:
        """Make the tables written into ``staging`` (:meth:`staging`; ``entries``: their
        manifest entries, files relative to ``staging``) the store's: the folder becomes
        ``tables/BUILD``, then the variant's manifest is written (the moment the new
        tables become the store's), then go: the manifests of other code and those past
        the :data:`MAX_VARIANTS` most recent, the table folders no manifest left names,
        and the tables derived from them."""
        build = digest(json.dumps(description, sort_keys=True))[:16]
        root = self.folder / "tables"
        target = root / build
        if target.exists():  # an earlier or concurrent run wrote the same tables
            shutil.rmtree(target)
        os.replace(staging, target)
        entries = {name: {**entry, "file": (target / entry["file"]).relative_to(self.folder).as_posix()}
                   for name, entry in entries.items()}
        manifest = {**description, "build": build, "tables": entries}
        _write_manifest(self.manifest_path(description), manifest)
        prune(self.folder.parent)
        named = {build}  # the table folders the manifests kept name
        for n, path in enumerate(self.manifests()):
            other = _read_manifest(path)
            if other is None or n >= MAX_VARIANTS or any(other.get(k) != description[k] for k in CODE_FIELDS):
                path.unlink(missing_ok=True)
                continue
            named.add(other.get("build"))
        for old in root.iterdir():  # earlier builds
            if old.name not in named and old.is_dir() and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
        (self.folder / "manifest.json").unlink(missing_ok=True)  # a store of FORMAT 1
        shutil.rmtree(self.folder / DERIVED, ignore_errors=True)
        # what killed runs left
        for folder in (root, self.folder, self.folder / "articles", self.folder / MANIFESTS):
            _remove_abandoned(folder)

    def mark(self, tables: dict[str, pd.DataFrame]) -> None:
        """Say in the sentences table's ``attrs`` that it comes from this store."""
        if "sentences" in tables:
            tables["sentences"].attrs[STORE_ATTR] = str(self.folder)

    def failed(self, exc: Exception) -> None:
        """Say that the store could not be written (the tables are returned all the same)."""
        say(f"store: cannot write into {self.folder} ({exc}); the tables were computed without it")

    def clear(self) -> None:
        """Delete this corpus's store."""
        shutil.rmtree(self.folder, ignore_errors=True)


def _read_manifest(path: Path) -> dict | None:
    """A manifest, or None when there is none, it cannot be read or is of another FORMAT."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        say(f"store: {path} cannot be read ({exc}); the tables are rebuilt")
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("format") == FORMAT else None


def _write_manifest(path: Path, manifest: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    paths.write_atomically(path, lambda partial: partial.write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"))


# ----------------------------------------------------------------------------- sets of tables
def write_table_set(target: Path, tables: dict[str, pd.DataFrame], *, relative_to: Path) -> dict:
    """Write ``tables`` as ``target/NAME.parquet``: into a staging folder beside
    ``target``, renamed to ``target`` when all are written. Return each table's entry for
    a manifest (file relative to ``relative_to``, rows, bytes, SHA-256, JSON columns,
    ``attrs``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".partial-{os.getpid()}-", dir=target.parent))
    try:
        encoded = {name: write_parquet(table, staging / f"{name}.parquet")
                   for name, table in tables.items()}
        if target.exists():  # an earlier or concurrent run wrote the same tables
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {name: table_entry(target / f"{name}.parquet", relative_to, encoded[name], len(table), table.attrs)
            for name, table in tables.items()}


def table_entry(path: Path, relative_to: Path, json_columns: list[str], rows: int, attrs: dict) -> dict:
    """A table file's entry in a manifest: its file (relative to ``relative_to``), JSON
    columns, rows, bytes, SHA-256 and ``attrs`` (but where it was read from)."""
    return {"file": path.relative_to(relative_to).as_posix(), "json_columns": json_columns,
            "rows": rows, "bytes": path.stat().st_size, "sha256": file_digest(path),
            "attrs": {k: v for k, v in attrs.items() if k != STORE_ATTR}}


class StoredTables(Mapping):
    """The tables of a table set, each read from its Parquet file when first asked for:
    a notebook that uses three tables reads three (a corpus of thousands of articles has
    tables of a million rows it may not need). ``on_read(name, table)`` is called on each
    table read."""

    def __init__(self, base: Path, entries: dict,
                 on_read: Callable[[str, pd.DataFrame], None] | None = None):
        self._base, self._entries, self._on_read = base, entries, on_read
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._read:
            entry = self._entries[name]
            path = self._base / entry["file"]
            try:
                table = read_parquet(path, entry.get("json_columns", []))
            except Exception as exc:  # removed or damaged since it was checked
                raise StoreError(f"{path} cannot be read ({exc}); run the command again, or "
                                 f"delete {self._base} to rebuild the store") from None
            table.attrs.update(entry.get("attrs", {}))
            if self._on_read is not None:
                self._on_read(name, table)
            self._read[name] = table
        return self._read[name]

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"StoredTables({self._base}, {list(self._entries)})"


def read_table_set(base: Path, entries: dict,
                   on_read: Callable[[str, pd.DataFrame], None] | None = None) -> StoredTables | None:
    """The tables of :func:`write_table_set`'s ``entries`` (files relative to ``base``),
    each read when first used (:class:`StoredTables`), or None (said on stderr) when one
    is missing or not whole (its size and SHA-256 are checked now, for every table)."""
    for name, entry in entries.items():
        path = base / entry["file"]
        try:
            if path.stat().st_size != entry["bytes"] or file_digest(path) != entry["sha256"]:
                raise StoreError("size or SHA-256 differs from the manifest")
        except Exception as exc:
            say(f"store: {path} cannot be used ({exc}); the tables are rebuilt")
            return None
    return StoredTables(base, entries, on_read)


# ----------------------------------------------------------------------------- derived tables
def frame_digest(frame: pd.DataFrame) -> str:
    """A digest of a table's content: columns, dtypes and every value (row by row)."""
    h = hashlib.sha256(json.dumps([list(map(str, frame.columns)),
                                   list(map(str, frame.dtypes))]).encode())
    h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return h.hexdigest()


def derived_tables(sentences: pd.DataFrame, kind: str, spec: object,
                   compute: Callable[[], dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Tables computed from a sentence table that came from a store (its ``attrs`` say
    which), kept in that store under a key of the sentences' content
    (:func:`frame_digest`), ``kind``, ``spec`` (the options and data files' digest, as
    JSON) and the code digest: ``compute()`` runs once, later calls read the result back.
    Without a store, ``compute()``. The store's derived tables go when its tables are
    rebuilt."""
    folder = sentences.attrs.get(STORE_ATTR)
    if not folder or not Path(folder).is_dir():
        return compute()
    try:
        content = frame_digest(sentences)
    except TypeError:  # values pandas cannot hash (lists): not cached
        return compute()
    key = digest(json.dumps([FORMAT, kind, spec, content, code_digest()], sort_keys=True, default=str))
    entry = Path(folder) / DERIVED / f"{kind}-{key[:24]}"
    manifest = entry.with_name(entry.name + ".json")
    if manifest.is_file():
        try:
            tables = read_table_set(entry.parent, json.loads(manifest.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            tables = None
        if tables is not None:
            return tables
    tables = compute()
    try:
        entries = write_table_set(entry, tables, relative_to=entry.parent)
        paths.write_atomically(manifest, lambda partial: partial.write_text(
            json.dumps(entries, indent=1, ensure_ascii=False), encoding="utf-8"))
    except Exception as exc:  # a full or read-only disk: the tables all the same
        say(f"store: cannot write {entry} ({exc})")
    return tables


def _abandoned(partial: Path) -> bool:
    """A staging folder or partial file (``.partial-PID-...`` or ``.NAME.PID.partial``)
    left by a run that was killed: the process that wrote it is gone. Its files were
    never renamed into place, so nothing ever reads them."""
    name = partial.name
    if name.startswith(".partial-"):
        pid = name[len(".partial-"):].split("-")[0]
    elif name.startswith(".") and name.endswith(".partial"):
        pid = name[: -len(".partial")].rsplit(".", 1)[-1]
    else:
        return False
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # someone else's process: alive
        return False
    return False


def _remove_abandoned(folder: Path) -> None:
    for partial in folder.glob(".*partial*") if folder.is_dir() else []:
        if _abandoned(partial):
            if partial.is_dir():
                shutil.rmtree(partial, ignore_errors=True)
            else:
                partial.unlink(missing_ok=True)

