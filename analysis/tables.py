"""The tidy tables of the foundation: articles, lines (the cleaning audit) and sentences.

Everything is computed article by article by :func:`process_article`, a pure function of
one article and the rules, so the work can run in parallel (``jobs``) and be cached
(``cache_dir``: one JSON file per article, keyed by a hash of the article, the rules and
this module's version). :func:`write_tables` streams: it never holds more than a batch of
articles in memory, however large the corpus.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from . import clean, corpus, text

# Bump when process_article's output changes, so cached results are recomputed.
PIPELINE_VERSION = "2"

ARTICLE_COLUMNS = ["article_id", "outlet", "title", "published", "event", "language", "wire",
                   "n_lines", "n_words_raw", "n_words_clean", "n_sentences", "n_captions",
                   "source_file", "encoding"]
LINE_COLUMNS = ["article_id", "outlet", "line_no", "role", "rule", "n_words", "text"]
SENTENCE_COLUMNS = ["article_id", "outlet", "sentence_id", "paragraph_id", "role", "start",
                    "end", "n_words", "text"]
TABLE_NAMES = ("articles", "lines", "sentences")


def process_article(article: dict, rules: list[clean.Rule]) -> dict[str, list[dict]]:
    """Clean and split one article; return its rows for each table."""
    cleaned = clean.clean_article(article["text"], outlet=article["outlet"],
                                  title=article.get("title", ""), rules=rules)
    sentences = text.split_sentences(cleaned.paragraphs, language=article.get("language") or "en")
    aid, outlet = article["article_id"], article["outlet"]
    row = {k: article.get(k, "") for k in ARTICLE_COLUMNS if k in article}
    extra = {k: v for k, v in article.items() if k not in corpus.ARTICLE_FIELDS}
    row.update(
        wire="; ".join(cleaned.wire),
        n_lines=sum(1 for l in cleaned.lines if l["role"] != clean.BLANK and l["line_no"] > 0),
        n_words_raw=sum(text.count_words(l["text"]) for l in cleaned.lines),
        n_words_clean=text.count_words(cleaned.text),
        n_sentences=len(sentences), n_captions=len(cleaned.captions),
        source_file=article.get("source_file", ""), encoding=article.get("encoding", ""),
    )
    row = {**{k: row.get(k, "") for k in ARTICLE_COLUMNS}, **extra, "text": cleaned.text}
    lines = [{"article_id": aid, "outlet": outlet, "line_no": l["line_no"], "role": l["role"],
              "rule": l["rule"], "n_words": text.count_words(l["text"]), "text": l["text"]}
             for l in cleaned.lines if l["role"] != clean.BLANK]
    sents = [{"article_id": aid, "outlet": outlet, **s} for s in sentences]
    return {"articles": [row], "lines": lines, "sentences": sents}


def _rules_digest(rules: list[clean.Rule]) -> str:
    spec = [(r.id, r.scope, r.role, r.pattern.pattern, r.until.pattern if r.until else "",
             r.until_end, r.condition) for r in rules]
    return hashlib.sha256(json.dumps(spec).encode()).hexdigest()[:16]


def _cache_key(article: dict, rules_digest: str) -> str:
    h = hashlib.sha256()
    h.update(PIPELINE_VERSION.encode())
    h.update(rules_digest.encode())
    h.update(json.dumps(article, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


class _Worker:
    """Picklable callable for the process pool; reads and writes the cache itself."""

    def __init__(self, rules: list[clean.Rule], cache_dir: Path | None):
        self.rules = rules
        self.cache_dir = cache_dir
        self.digest = _rules_digest(rules)

    def __call__(self, article: dict) -> dict[str, list[dict]]:
        if self.cache_dir is None:
            return process_article(article, self.rules)
        key = _cache_key(article, self.digest)
        path = self.cache_dir / key[:2] / f"{key}.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
        result = process_article(article, self.rules)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return result


def iter_processed(articles: Iterable[dict], rules: list[clean.Rule], *, jobs: int = 1,
                   cache_dir: str | Path | None = None, batch: int = 64) -> Iterator[dict]:
    """Process articles in order, in ``jobs`` processes, reading and filling the cache."""
    worker = _Worker(rules, Path(cache_dir) if cache_dir else None)
    if jobs <= 1:
        yield from map(worker, articles)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: list = []
        for article in articles:
            pending.append(article)
            if len(pending) >= batch * jobs:
                yield from pool.map(worker, pending, chunksize=batch)
                pending = []
        if pending:
            yield from pool.map(worker, pending, chunksize=max(1, len(pending) // jobs))


def build_tables(path: str | Path, *, rules: list[clean.Rule] | None = None,
                 **corpus_options) -> dict[str, pd.DataFrame]:
    """All foundation tables of a (small) corpus as DataFrames, for notebooks and tests.
    Raises :class:`analysis.corpus.CorpusError` if the corpus has errors."""
    rules = rules if rules is not None else clean.rules_for_corpus(path)
    frame = corpus.load_corpus(path, **corpus_options)
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}
    for result in iter_processed(frame.to_dict("records"), rules):
        for name in TABLE_NAMES:
            rows[name].extend(result[name])
    tables = {
        "articles": pd.DataFrame(rows["articles"]),
        "lines": pd.DataFrame(rows["lines"], columns=LINE_COLUMNS),
        "sentences": pd.DataFrame(rows["sentences"], columns=SENTENCE_COLUMNS),
    }
    tables["articles"].attrs["problems"] = frame.attrs.get("problems", [])
    return tables


def write_tables(path: str | Path, out_dir: str | Path, *, jobs: int | None = None,
                 cache_dir: str | Path | None = None, rules: list[clean.Rule] | None = None,
                 progress: Callable[[str], None] = print, every: int = 500,
                 **corpus_options) -> dict:
    """Write articles.csv, lines.csv, sentences.csv (and problems.csv) for a corpus of any
    size, streaming article by article. Articles with errors are not processed but are
    listed in problems.csv and counted in the returned summary, never dropped silently.
    Returns a summary dict (n_articles, n_errors, n_warnings, seconds)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rules = rules if rules is not None else clean.rules_for_corpus(path)
    jobs = jobs or os.cpu_count() or 1
    problems: list[corpus.Problem] = []
    start = time.perf_counter()
    handles = {name: (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
               for name in TABLE_NAMES}
    writers: dict[str, csv.DictWriter] = {}
    n = 0
    try:
        articles = corpus.iter_articles(path, problems=problems, **corpus_options)
        for result in iter_processed(articles, rules, jobs=jobs, cache_dir=cache_dir):
            for name in TABLE_NAMES:
                for row in result[name]:
                    if name not in writers:
                        fields = list(row.keys()) if name == "articles" else \
                            (LINE_COLUMNS if name == "lines" else SENTENCE_COLUMNS)
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
                fields = {"articles": ARTICLE_COLUMNS + ["text"], "lines": LINE_COLUMNS,
                          "sentences": SENTENCE_COLUMNS}[name]
                csv.writer(handle).writerow(fields)
            handle.close()
    with (out / "problems.csv").open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["level", "file", "article_id", "problem"])
        for p in problems:
            w.writerow([p.level, p.file, p.article_id, p.problem])
    return {"n_articles": n, "n_errors": sum(p.level == "error" for p in problems),
            "n_warnings": sum(p.level == "warning" for p in problems),
            "seconds": time.perf_counter() - start}
