"""The tables of a corpus as CSV (``tables --out``), streamed article by article into a
staging folder and renamed into place when all are complete."""
from __future__ import annotations

import csv
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pandas as pd

from analysis.corpus import load as corpus
from analysis.corpus.fields import Problem
from analysis.corpus import paths
from analysis.measures import naming, shared_copy, shingles, voices, wordchoice
from analysis.pipeline.config import Config
from analysis.language import furniture
from analysis.pipeline.process import (
    ARTICLE_COLUMNS,
    COLUMNS,
    TABLE_NAMES,
    count_furniture,
    iter_processed,
    with_furniture,
)
from analysis.pipeline.stream import (
    ENTITY_COLUMNS,
    WordCounts,
    add_shingles,
    add_word_counts,
    article_warnings,
    corpus_tables,
    name_entities_in,
    word_choice_from_counts,
)
from analysis.pipeline.tables import sentiment_summaries

if TYPE_CHECKING:
    from analysis.pipeline.article_cache import ArticleCache


def write_tables(path: str | Path, out_dir: str | Path, *, jobs: int | None = None,
                 config: Config | None = None,
                 progress: Callable[[str], None] | None = print, every: int = 500,
                 store: "ArticleCache | None" = None, scheduler: str | None = None,
                 **corpus_options) -> dict:
    """Write articles.csv, lines.csv, sentences.csv (and problems.csv) for a corpus of any
    size, streaming article by article. Articles with errors are not processed but are
    listed in problems.csv and counted in the returned summary, never dropped silently.
    Every table is written into a staging folder beside ``out_dir`` and renamed into
    ``out_dir`` only when all are complete, so an interrupted run leaves no half-written
    table (the tables of an earlier run stay as they were).
    ``store``: the per-article results of a corpus's store (:meth:`analysis.pipeline.store.Store.
    articles`) are read from it, and those it lacks are added to it.
    Returns a summary dict (n_articles, n_errors, n_warnings, seconds)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    config = config or Config.for_corpus(path)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.resolve().parent))
    try:
        summary = _write_tables(path, stage, jobs=jobs, config=config,
                                progress=progress, every=every, store=store, scheduler=scheduler,
                                **corpus_options)
        for table in sorted(stage.iterdir()):
            os.replace(table, out / table.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return summary


def _write_tables(path: str | Path, out: Path, *, jobs: int | None, config: Config,
                  progress: Callable[[str], None] | None, every: int,
                  store: "ArticleCache | None" = None, scheduler: str | None = None,
                  **corpus_options) -> dict:
    """The work of :func:`write_tables`, writing into ``out`` directly."""
    jobs = jobs or os.cpu_count() or 1
    words = WordCounts()
    word_counts = wordchoice.WordChoiceCounts()
    postings = shingles.ShinglePostings()
    problems: list[Problem] = []
    start = time.perf_counter()
    handles = {name: (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
               for name in TABLE_NAMES}
    writers: dict[str, csv.DictWriter] = {}
    n = 0
    try:
        speech = config.name_lists.speech_verbs
        found = count_furniture(corpus.iter_articles(path, **corpus_options), speech)
        articles = (with_furniture(a, found.mark_keys(a["outlet"], furniture.line_keys(a["text"], speech)))
                    for a in corpus.iter_articles(path, problems=problems, **corpus_options))
        for result in iter_processed(articles, config, jobs=jobs, store=store,
                                     scheduler=scheduler):
            words.add(result)
            add_word_counts(word_counts, result)
            add_shingles(postings, result)
            problems.extend(article_warnings(result))
            for name in TABLE_NAMES:
                for row in result[name]:
                    if name not in writers:
                        fields = list(row.keys()) if name == "articles" else COLUMNS[name]
                        writers[name] = csv.DictWriter(handles[name], fieldnames=fields,
                                                       extrasaction="ignore", restval="")
                        writers[name].writeheader()
                    writers[name].writerow(row)
            n += 1
            if progress and n % every == 0:
                progress(f"  {n} articles ({time.perf_counter() - start:.0f} s)")
    finally:
        for name, handle in handles.items():
            if name not in writers:  # no rows: still write the header
                fields = COLUMNS.get(name, ARTICLE_COLUMNS + ["text"])
                csv.writer(handle).writerow(fields)
            handle.close()
    with (out / "problems.csv").open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["level", "file", "article_id", "problem"])
        for p in problems:
            w.writerow([p.level, p.file, p.article_id, p.problem])
    if n:
        _write_corpus_tables(out, words, word_counts, postings, config)
    return {"n_articles": n, "n_errors": sum(p.level == "error" for p in problems),
            "n_warnings": sum(p.level == "warning" for p in problems),
            "seconds": time.perf_counter() - start}


def read_csv_table(path: Path, **options) -> pd.DataFrame:
    """Read back a table this module wrote: ids, outlets and texts as text, never numbers."""
    text_columns = {"article_id", "outlet", "text", "quote", "entities", "entity", "quote_spans",
                    "other_article", "speaker", "speaker_entity", "speaker_canonical", "speaker_kind", "verb", "title", "kind",
                    "name_form", "name_origin", "given_form", "given_origin"}
    header = pd.read_csv(path, nrows=0).columns
    return pd.read_csv(path, keep_default_na=False,
                       dtype={c: str for c in header if c in text_columns}, **options)


CSV_CHUNK = 100_000  # rows of a table read back at a time


def _texts_at(path: Path, positions: list[int]) -> dict[int, str]:
    """The text of the sentences at ``positions`` (row numbers from 0, sorted) of a
    sentences.csv, read chunk by chunk."""
    wanted, found, offset = set(positions), {}, 0
    if not wanted:
        return found
    for chunk in read_csv_table(path, usecols=["text"], chunksize=CSV_CHUNK):
        for k, value in enumerate(chunk.text.tolist(), offset):
            if k in wanted:
                found[k] = value
        offset += len(chunk)
    return found


def _rename_in_file(path: Path, names: dict[str, str], column: str) -> None:
    """Rewrite one table with ``column`` mapped through ``names``, chunk by chunk."""
    def write(partial: Path) -> None:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            header = True
            for chunk in read_csv_table(path, chunksize=100_000):
                name_entities_in(chunk, names, column).to_csv(handle, index=False, header=header)
                header = False
            if header:  # an empty table: keep its header
                handle.write(path.read_text(encoding="utf-8"))

    paths.write_atomically(path, write)


def _write_corpus_tables(out: Path, words: "WordCounts", word_counts: wordchoice.WordChoiceCounts,
                         postings: shingles.ShinglePostings, config: Config) -> None:
    """The corpus-wide tables, from the per-article tables just written and the articles'
    merged word-choice counts (``word_counts``) and shingles (``postings``). First the people
    found in the text get their corpus-wide names in every table that holds an entity
    (:data:`ENTITY_COLUMNS`, rewritten in place, chunk by chunk)."""
    found = [c.groupby(["entity", "kind"]).size().rename("n").reset_index()
             for c in read_csv_table(out / "mentions.csv", usecols=["entity", "kind"], chunksize=100_000)]
    found = pd.concat(found).groupby(["entity", "kind"], sort=False).n.sum().reset_index() if found \
        else pd.DataFrame(columns=["entity", "kind", "n"])
    names = naming.detected_entity_names(found, config.registry,
                                         suffixes=config.name_lists.vocabulary.suffix)
    if names:
        for name, column in ENTITY_COLUMNS.items():
            _rename_in_file(out / f"{name}.csv", names, column)
    mention_counts = [c.groupby(["outlet", "entity", "kind", "name_form", "name_origin",
                                 "given_form", "given_origin"]).size().rename("n").reset_index()
                      for c in read_csv_table(out / "mentions.csv", chunksize=100_000)]
    counts = (pd.concat(mention_counts) if mention_counts else
              pd.DataFrame(columns=["outlet", "entity", "kind", "name_form", "name_origin",
                                    "given_form", "given_origin", "n"]))
    counts["n"] = counts.n.astype(int)
    for name, table in corpus_tables(counts, words, config).items():
        table.to_csv(out / f"{name}.csv", index=False)
    for name, table in word_choice_from_counts(word_counts, config).items():
        table.to_csv(out / f"{name}.csv", index=False)
    # shared copy without the whole sentence table's text: the texts of only the
    # sentences with a candidate are read back, reuse_sentences is written chunk by chunk
    path = out / "sentences.csv"
    reuse = postings.reuse(lambda positions: _texts_at(path, positions))
    quotes = read_csv_table(out / "quotes.csv", usecols=["outlet", "speaker_entity", "speaker_canonical", "n_words",
                                                "attribution"])
    articles = read_csv_table(out / "articles.csv", usecols=["article_id", "outlet", "n_words_clean"])
    shared = {"voices": voices.voices(quotes, articles), "reuse_pairs": reuse.pairs}
    for name, table in shared.items():
        table.to_csv(out / f"{name}.csv", index=False)
    with (out / "reuse_sentences.csv").open("w", encoding="utf-8", newline="") as handle:
        start = 0
        for k, chunk in enumerate(read_csv_table(path, usecols=["article_id", "outlet", "sentence_id", "n_words", "text"],
                                        chunksize=CSV_CHUNK)):
            best = reuse.best(start, start + len(chunk))
            shared_copy.reuse_sentences(chunk, None, best=best).to_csv(handle, index=False, header=k == 0)
            start += len(chunk)
        if not handle.tell():  # no sentence: the header
            shared_copy.reuse_sentences(read_csv_table(path), None, best=reuse.best(0, 0)).to_csv(handle, index=False)
    del quotes, articles
    scores = read_csv_table(out / "sentiment_sentences.csv")
    targets = read_csv_table(out / "sentiment_target_sentences.csv")
    for name, table in sentiment_summaries(scores, targets).items():
        table.to_csv(out / f"{name}.csv", index=False)

