"""Every table of a corpus, built or read back: :func:`build_tables` and
:func:`update_store` (the store the notebooks read), and the tables derived from them on
request (word choice against another reference, without shared copy; voices and shared
copy; the sentiment summaries).

Everything is computed article by article by
:func:`analysis.pipeline.process.process_article`, a pure function of one article and the
configuration, so the work can run in parallel (``jobs``) and be kept in the corpus's
store (:mod:`analysis.pipeline.store`, keyed by :mod:`analysis.pipeline.keys`). Both ways of
writing the tables stream, never holding a whole table or the corpus's text, however
large the corpus: :func:`update_store` writes Parquet part by part
(:func:`analysis.pipeline.stream.stream_tables`), :func:`analysis.pipeline.export.write_tables`
CSV row by row.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping

import pandas as pd

from analysis.corpus import load as corpus
from analysis.corpus.fields import ARTICLE_FIELDS, CorpusError, Problem
from analysis.measures import loaded as loaded_mod, sentiment, shared_copy, spelling, terms as terms_mod, voices
from analysis.pipeline.config import WORD_LIST_FIELDS, Config
from analysis.pipeline.keys import build_fields, digest_text, store_description, store_key
from analysis.pipeline.process import iter_processed, with_furniture
from analysis.language import furniture
from analysis.pipeline.stream import stream_tables

if TYPE_CHECKING:
    from analysis.pipeline.store import Store


# build_tables uses every core from this many articles on (below, starting processes
# costs more than it saves)
PARALLEL_FROM = 200


def build_tables(path: str | Path, *, config: Config | None = None, jobs: int | None = None,
                 store: str | Path | bool | None = None, scheduler: str | None = None,
                 **corpus_options) -> dict[str, pd.DataFrame]:
    """All tables of a corpus as DataFrames, for notebooks and tests: the per-article
    tables of ``TABLE_NAMES`` plus the corpus-wide ``variants``, ``variant_suggestions``
    and word-choice tables (:func:`word_choice_tables`). Raises
    :class:`analysis.corpus.fields.CorpusError` if the corpus has errors.

    The tables are kept in the corpus's persistent store (:mod:`analysis.pipeline.store`): read
    back when nothing that made them has changed (no article is processed), else rebuilt
    with only the changed and added articles processed, saying so on stderr when there
    are many. ``store``: the root folder of the stores (default: the ``ANALYSIS_STORE``
    environment variable, else ``.cache/store/`` in the checkout); ``False`` (or
    ``ANALYSIS_STORE=off``) computes everything without a store. A store that cannot be
    written is reported on stderr and the tables are returned all the same. ``jobs``:
    processes for the per-article work (default: one below ``PARALLEL_FROM`` articles,
    every core from there on). ``scheduler``: where the per-article work runs
    (:func:`analysis.pipeline.scheduler.executor`; default: local processes)."""
    from analysis.pipeline import store as stores

    config = config or Config.for_corpus(path)
    where = None if store is False else stores.Store.for_corpus(path, None if store in (None, True) else store)
    if where is None:
        return build_without_store(path, config=config, jobs=jobs, scheduler=scheduler, **corpus_options)
    return update_store(where, path, config=config, jobs=jobs, scheduler=scheduler, **corpus_options)


@dataclass
class Scan:
    """A corpus read once without keeping its text (:func:`scan_corpus`): each article's
    record as :func:`analysis.corpus.load.load_corpus` gives it but the text, and its text's
    digest; the warnings found reading it (as text)."""
    path: Path
    options: dict
    records: list[dict]
    texts: list[str]
    problems: list[str]

    def articles(self) -> Iterator[dict]:
        """The articles again, records with their text, read one by one. Raises
        :class:`analysis.corpus.fields.CorpusError` if the corpus changed since the scan."""
        changed = CorpusError([Problem(
            "error", str(self.path), "the corpus changed while it was being read; run the command again")])
        n = 0
        for article in corpus.iter_articles(self.path, **self.options):
            if n == len(self.records) or article["article_id"] != self.records[n]["article_id"] \
                    or digest_text(article["text"]) != self.texts[n]:
                raise changed
            yield {**self.records[n], "text": article["text"]}
            n += 1
        if n != len(self.records):
            raise changed


def scan_corpus(path: str | Path, *, speech_words: frozenset[str] = frozenset(), **corpus_options) -> Scan:
    """Read a corpus article by article, keeping every field but the text (the text's
    digest instead), so that its articles' keys and fingerprint are known before any is
    processed, with no more than one article's text in memory. The records are those of
    :func:`analysis.corpus.load.load_corpus` (the same columns, in the same order, the same
    values). Raises :class:`analysis.corpus.fields.CorpusError` as it does."""
    problems: list[Problem] = []
    fields, texts, line_keys = [], [], []
    counts = furniture.FurnitureCounts(speech_words)
    for article in corpus.iter_articles(path, problems=problems, **corpus_options):
        texts.append(digest_text(article["text"]))
        fields.append({k: v for k, v in article.items() if k != "text"})
        line_keys.append(counts.add(article["outlet"], article["text"]))
    if any(p.level == "error" for p in problems):
        raise CorpusError(problems)
    if not fields:
        raise CorpusError([Problem("error", str(path), "no articles found")])
    frame = pd.DataFrame(fields)
    extra = [c for c in frame.columns if c not in ARTICLE_FIELDS]
    frame = frame[[c for c in ARTICLE_FIELDS if c != "text"] + extra]
    found = counts.furniture()
    records = [with_furniture(r, found.mark_keys(r["outlet"], keys))
               for r, keys in zip(frame.to_dict("records"), line_keys)]
    return Scan(Path(path), corpus_options, records, texts, [str(p) for p in problems])


def update_store(where: "Store", path: str | Path, *, config: Config, jobs: int | None = None,
                 scheduler: str | None = None, **corpus_options) -> Mapping[str, pd.DataFrame]:
    """The tables of ``build_tables`` through the store ``where``: read back when warm,
    else written into it from the per-article results (the stored ones read, the others
    processed and stored), table by table without holding any whole
    (:func:`stream_tables`), and read back from it. ``where.stats`` says how many
    articles were processed and read.

    Warm, the corpus is not even read: the digest of its files
    (:func:`analysis.corpus.load.source_digest`) equal to the one that built the tables, with
    the same code, data files and options, is enough. Otherwise the corpus is read and
    its articles compared one by one (a file touched but not changed in content still
    finds its tables)."""
    started = time.perf_counter()
    digest = config.digest()
    source = corpus.source_digest(path)
    where.stats = {"n_articles": 0, "n_processed": 0, "n_read": 0, "tables": "read"}
    if source is not None:
        fields = build_fields(path, digest, corpus_options, source)
        tables = where.read_tables(fields)
        if tables is not None:
            n = (where.read_manifest(fields) or {}).get("n_articles")
            where.stats["n_articles"] = n if isinstance(n, int) else len(tables["articles"])
            return tables
    scan = scan_corpus(path, speech_words=config.name_lists.speech_verbs, **corpus_options)
    keys = [store_key(a, digest, t) for a, t in zip(scan.records, scan.texts)]
    description = store_description(path, scan, keys, digest, corpus_options, source)
    where.stats["n_articles"] = len(keys)
    tables = where.read_tables({k: v for k, v in description.items() if k != "source_digest"})
    if tables is not None:
        if source is not None:  # the files changed but not the articles: say so for next time
            where.record_source_digest(description, source)
        return tables
    cache = where.articles()
    missing = sum(k not in cache.index for k in keys)
    if jobs is None:
        jobs = (os.cpu_count() or 1) if missing >= PARALLEL_FROM else 1
    from analysis.pipeline.store import PROGRESS_EVERY, PROGRESS_FROM

    say = where.progress if missing >= PROGRESS_FROM else None
    if say:
        say(f"store: processing {missing} of {len(keys)} articles "
            f"({len(keys) - missing} read from {where.folder}) ...")
    try:
        staging = where.staging()
    except OSError as exc:  # a read-only disk, a file where the folder should be
        where.failed(exc)
        return build_without_store(path, config=config, jobs=jobs, scheduler=scheduler, scan=scan)
    try:
        results = iter_processed(scan.articles(), config, jobs=jobs, store=cache, scheduler=scheduler)
        if say:
            results = _with_progress(results, say, started, every=PROGRESS_EVERY)
        entries = stream_tables(results, config, staging, problems=scan.problems,
                                 say=(lambda m: say(f"store: {m} ({time.perf_counter() - started:.0f} s)"))
                                 if say else None)
        where.install(staging, entries, description)
        cache.compact(keys)
    except OSError as exc:  # a full disk
        where.failed(exc)
        return build_without_store(path, config=config, jobs=jobs, scheduler=scheduler, scan=scan)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    where.stats.update(n_processed=cache.n_processed, n_read=cache.n_read, tables="built")
    if say:
        say(f"store: tables of {len(keys)} articles written in {time.perf_counter() - started:.0f} s")
    return where.read_tables(description)


def _with_progress(results: Iterator[dict], say: Callable[[str], None], started: float, *,
                   every: int) -> Iterator[dict]:
    for n, result in enumerate(results, 1):
        if n % every == 0:
            say(f"store:   {n} articles ({time.perf_counter() - started:.0f} s)")
        yield result
    say(f"store: corpus-wide tables ({time.perf_counter() - started:.0f} s) ...")


def build_without_store(path: str | Path, *, config: Config, jobs: int | None = None,
                  scheduler: str | None = None, scan: Scan | None = None,
                  **corpus_options) -> dict[str, pd.DataFrame]:
    """The tables of :func:`build_tables` without a store: written into a temporary
    folder (:func:`stream_tables`) and read back into memory."""
    from analysis.pipeline.store import read_table_set

    scan = scan or scan_corpus(path, speech_words=config.name_lists.speech_verbs, **corpus_options)
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(scan.records) >= PARALLEL_FROM else 1
    results = iter_processed(scan.articles(), config, jobs=jobs, scheduler=scheduler)
    with tempfile.TemporaryDirectory(prefix="analysis-tables-") as folder:
        entries = stream_tables(results, config, Path(folder), problems=scan.problems)
        stored = read_table_set(Path(folder), entries)
        return {name: stored[name] for name in stored}


def source_tables(sentences: pd.DataFrame, quotes: pd.DataFrame, articles: pd.DataFrame, *,
                  alignment: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Voices (who is quoted) and shared copy (sentence alignment across articles;
    ``alignment``: :func:`analysis.measures.shared_copy.align_sentences` of these sentences, when
    already made from the articles' shingles)."""
    if alignment is None:
        alignment = shared_copy.align_sentences(sentences)
    return {"voices": voices.voices(quotes, articles),
            "reuse_pairs": shared_copy.reuse_pairs(sentences, alignment),
            "reuse_sentences": shared_copy.reuse_sentences(sentences, alignment)}


def sentiment_summaries(scores: pd.DataFrame, targets: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The corpus-level sentiment tables from the per-sentence ones."""
    return {"sentiment_outlets": sentiment.summarize_outlets(scores),
            "sentiment_targets": sentiment.score_targets(targets),
            "sentiment_drivers": sentiment.drivers(scores)}


def word_choice_tables(sentences: pd.DataFrame, *, exclude_shared: bool = False,
                       reference: str | None = None,
                       config: Config) -> dict[str, pd.DataFrame]:
    """The word-choice tables of a sentence table: terms, distinctive_terms (words and
    two-word phrases), loaded_terms (every lexicon word found), loaded_language (their
    rates) and spelling, with the stop words, lexicon and spelling pairs of ``config``
    (a corpus's :meth:`Config.for_corpus`; ``Config.for_corpus(None)``: the bundled
    files). For a sentence table read from a store they are kept in it
    (:func:`analysis.pipeline.store.derived_tables`)."""
    from analysis.pipeline.store import derived_tables

    def compute() -> dict[str, pd.DataFrame]:
        terms = terms_mod.count_terms(sentences, exclude_shared=exclude_shared,
                                       stopwords=config.stopwords)
        loaded = loaded_mod.loaded_terms(sentences, config.lexicon)
        return {"terms": terms,
                "distinctive_terms": terms_mod.distinctive_terms(
                    terms, reference=reference, ngram=None,
                    style_words=terms_mod.style_words_of(config.name_lists)),
                "loaded_terms": loaded,
                "loaded_language": loaded_mod.loaded_language(sentences, config.lexicon, terms=loaded),
                "spelling": spelling.house_spelling(sentences, config.spelling_pairs)}

    # a sentence table read from a corpus's store keeps these tables there (notebooks
    # ask for them again, with other options)
    spec = {"exclude_shared": exclude_shared, "reference": reference,
            "data": list(config.digests(WORD_LIST_FIELDS + ("name_lists",)).values())}
    return derived_tables(sentences, "word_choice", spec, compute)


WORD_CHOICE_TABLES = ("terms", "distinctive_terms", "loaded_terms", "loaded_language", "spelling")


def word_choice_of(tables: Mapping[str, pd.DataFrame], *, exclude_shared: bool = False,
                   reference: str | None = None, config: Config) -> dict[str, pd.DataFrame]:
    """:func:`word_choice_tables` for the tables of :func:`build_tables`: the tables it
    built, with distinctive_terms computed again against ``reference``. Without shared
    copy only the term counts change (the lexicon and spelling tables of
    :func:`word_choice_tables` read every sentence either way): they are counted from
    the sentence table once and kept in the store."""
    out = {name: tables[name] for name in WORD_CHOICE_TABLES}
    if exclude_shared:
        out["terms"] = own_terms(tables["sentences"], config=config)
    if exclude_shared or reference is not None:
        out["distinctive_terms"] = terms_mod.distinctive_terms(
            out["terms"], reference=reference, ngram=None,
            style_words=terms_mod.style_words_of(config.name_lists))
    return out


def own_terms(sentences: pd.DataFrame, *, config: Config) -> pd.DataFrame:
    """:func:`analysis.measures.terms.count_terms` of the sentences no other outlet carries
    (``exclude_shared``), with the stop words of ``config``; for a sentence table read
    from a store, kept in it (:func:`analysis.pipeline.store.derived_tables`)."""
    from analysis.pipeline.store import derived_tables

    return derived_tables(sentences, "own_terms", {"stopwords": config.digests(("stopwords",))["stopwords"]}, lambda: {
        "terms": terms_mod.count_terms(sentences, exclude_shared=True, stopwords=config.stopwords)})["terms"]

