"""The tidy tables of the foundation: articles, lines (the cleaning audit) and sentences.

Everything is computed article by article by :func:`process_article`, a pure function of
one article and the rules, so the work can run in parallel (``jobs``) and be kept in the
corpus's store (:mod:`analysis.pipeline.store`, keyed by a hash of the article, the data files and
the code). Both ways of writing the tables stream, never holding a whole table or the
corpus's text, however large the corpus: :func:`update_store` (the store the notebooks
read, and :func:`build_tables`) writes Parquet part by part (:func:`_stream_tables`),
:func:`write_tables` CSV row by row.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

import pandas as pd

from analysis.language import clean, text
from analysis.corpus import load as corpus, paths
from analysis.measures import naming, readability, sentiment, sources, wordchoice
from analysis.pipeline import parts
from analysis.people import names as people
from analysis.pipeline import store as _store
from analysis.pipeline.scheduler import executor

# The digest of the code that computes the tables, read now, when that code is loaded: a
# file edited later in a running kernel does not lend its digest to results of the code
# in memory.
_store.code_digest()

if TYPE_CHECKING:
    from analysis.pipeline.store import ArticleCache, Store

# Bump when process_article's output changes, so cached results are recomputed.
PIPELINE_VERSION = "18"

ARTICLE_COLUMNS = ["article_id", "outlet", "title", "published", "event", "language", "wire",
                   "n_lines", "n_words_raw", "n_words_clean", "n_sentences", "n_captions",
                   "source_file", "encoding"]
LINE_COLUMNS = ["article_id", "outlet", "line_no", "role", "rule", "n_words", "text"]
SENTENCE_COLUMNS = ["article_id", "outlet", "sentence_id", "paragraph_id", "role", "start",
                    "end", "n_words", "voice", "quote_spans", "text"]
MENTION_COLUMNS = naming.MENTION_COLUMNS
LABEL_COLUMNS = ["article_id", "outlet", *[c for c in naming.LABEL_COLUMNS
                                           if c not in ("article_id", "outlet")]]
# per-article tables, written row by row
TABLE_NAMES = ("articles", "lines", "sentences", "mentions", "labels", "sentiment_sentences",
               "sentiment_target_sentences", "readability", "quotes")
COLUMNS = {"lines": LINE_COLUMNS, "sentences": SENTENCE_COLUMNS, "mentions": MENTION_COLUMNS,
           "labels": LABEL_COLUMNS, "sentiment_sentences": sentiment.SCORE_COLUMNS,
           "sentiment_target_sentences": sentiment.TARGET_COLUMNS,
           "readability": readability.COLUMNS, "quotes": sources.QUOTE_COLUMNS}


# The word lists of the Config last used in this process, by content (Config.word_lists)
_WORD_LISTS: dict[tuple[str, str, str], "wordchoice.WordLists"] = {}


@dataclass
class Config:
    """Every data file the analyses read, as a corpus uses it: the cleaning rules, the
    naming registry, the label word lists and the people detector's name lists (read by
    the per-article work), and the loaded-language lexicon, stop words and spelling pairs
    (read by the corpus-wide tables). :meth:`for_corpus` reads each through
    :func:`analysis.corpus.paths.data_files`: the corpus folder's own file replaces the bundled
    one, its ``.extra`` file adds to it."""

    rules: list[clean.Rule]
    registry: naming.Registry
    label_rules: naming.LabelRules
    name_lists: people.NameLists
    lexicon: pd.DataFrame
    stopwords: frozenset[str]
    spelling_pairs: pd.DataFrame

    @classmethod
    def for_corpus(cls, path: str | Path | None, *, rules_file: str | Path | None = None) -> "Config":
        rules = clean.load_rules(rules_file) if rules_file else clean.rules_for_corpus(path)
        return cls(rules, naming.registry_for_corpus(path), naming.label_rules_for_corpus(path),
                   people.load_name_lists(path), wordchoice.lexicon_for_corpus(path),
                   wordchoice.stopwords_for_corpus(path), wordchoice.spelling_pairs_for_corpus(path))

    def digest(self) -> str:
        spec = [(r.id, r.scope, r.role, r.pattern.pattern, r.until.pattern if r.until else "",
                 r.until_end, r.condition) for r in self.rules]
        spec.append(sorted((f.entity, f.part, f.form, f.origin) for f in self.registry.forms.values()))
        spec.append(sorted((e.id, e.kind, [p.pattern for p in e.references], e.pronoun, e.convention)
                           for e in self.registry.entities.values()))
        import platform
        from importlib.metadata import version
        spec.append([version(name) for name in ("pysbd", "vaderSentiment", "textstat", "lemminflect")]
                    + [platform.python_version()])
        lr = self.label_rules
        spec.append([sorted(lr.label_words), sorted(lr.stop_words), sorted(lr.skip_capitalised),
                     lr.apposition_start.pattern, lr.apposition_max_words])
        nl = self.name_lists
        spec.append([sorted(nl.given.items()), sorted(nl.honorifics.items())]
                    + [sorted(map(str, getattr(nl, f))) for f in ("titles", "roles", "organisation_words",
                                                                  "organisations", "portfolio", "not_names",
                                                                  "place_words", "stop_words")])
        spec.append([wordchoice.lexicon_digest(self.lexicon), sorted(self.stopwords),
                     self.spelling_pairs.astype(str).values.tolist()])
        return hashlib.sha256(json.dumps(spec).encode()).hexdigest()[:16]

    def word_lists(self) -> wordchoice.WordLists:
        """The stop words, lexicon and spelling pairs made ready for counting
        (:class:`analysis.measures.wordchoice.WordLists`, about 0.15 s to build): kept on this
        object until one of them is replaced, and in the process by their content (a
        process pool unpickles a new Config with each chunk of articles)."""
        made = (id(self.stopwords), id(self.lexicon), id(self.spelling_pairs))
        cached = self.__dict__.get("_word_lists")
        if cached is None or cached[0] != made:
            content = (wordchoice.lexicon_digest(self.lexicon),
                       hashlib.sha256("\n".join(sorted(self.stopwords)).encode()).hexdigest(),
                       hashlib.sha256(json.dumps(self.spelling_pairs.astype(str).values.tolist()).encode()).hexdigest())
            if content not in _WORD_LISTS:
                _WORD_LISTS.clear()  # one set of word lists at a time
                _WORD_LISTS[content] = wordchoice.WordLists(self.stopwords, self.lexicon, self.spelling_pairs)
            cached = (made, _WORD_LISTS[content])
            self.__dict__["_word_lists"] = cached
        return cached[1]

    def __getstate__(self) -> dict:  # the word lists are rebuilt where they are used
        return {k: v for k, v in self.__dict__.items() if k != "_word_lists"}


STAGES = ("cleaning", "sentences", "mentions", "people", "labels", "sentiment", "readability",
          "quotations", "word lists", "word choice", "shared copy")


class _Laps:
    """Seconds of CPU per stage of :func:`process_article`, added to ``timings``."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings
        self.last = time.process_time() if timings is not None else 0.0

    def __call__(self, stage: str) -> None:
        if self.timings is not None:
            now = time.process_time()
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
            self.last = now


def process_article(article: dict, config: Config, *,
                    timings: dict[str, float] | None = None) -> dict[str, list]:
    """Clean, split and read the names of one article; return its rows for each table
    (and its capitalised words, for variant discovery; its word-choice counts, under
    ``word_counts``, :func:`analysis.measures.wordchoice.count_article`; the shingles of each
    sentence, under ``shingles``, :func:`analysis.measures.sources.sentence_shingles`), and under
    ``notes`` what was
    unusual about it (a huge paragraph, a sentence without punctuation cut into parts),
    which become warnings in problems.csv. ``timings``: CPU seconds per stage
    (:data:`STAGES`) are added to it, for the benchmarks."""
    lap = _Laps(timings)
    cleaned = clean.clean_article(article["text"], outlet=article["outlet"],
                                  title=article.get("title", ""), rules=config.rules)
    lap("cleaning")
    notes: list[str] = []
    sentences = text.split_sentences(cleaned.paragraphs, language=article.get("language") or "en",
                                     notes=notes)
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
    extra = {k: v for k, v in extra.items() if k not in ARTICLE_COLUMNS}  # computed fields win
    row = {**{k: row.get(k, "") for k in ARTICLE_COLUMNS}, **extra, "text": cleaned.text}
    lines = [{"article_id": aid, "outlet": outlet, "line_no": l["line_no"], "role": l["role"],
              "rule": l["rule"], "n_words": text.count_words(l["text"]), "text": l["text"]}
             for l in cleaned.lines if l["role"] != clean.BLANK]
    quotes = text.find_quotes(cleaned.text)
    for s, (voice, spans) in zip(sentences, text.sentence_voices(sentences, quotes)):
        s["voice"], s["quote_spans"] = voice, spans
    sents = [{"article_id": aid, "outlet": outlet, **{k: s[k] for k in SENTENCE_COLUMNS[2:]}}
             for s in sentences]
    lap("sentences")
    found = naming.find_mentions(cleaned.text, sentences, config.registry, quotes=quotes)
    lap("mentions")
    people_rows = people.find_people(cleaned.text, sentences, lists=config.name_lists)
    lap("people")
    # the people found in the text where no registry mention is: their entity is the
    # article's canonical name until the corpus-wide step (detected_entity_names)
    everyone = sorted(found + naming.detected_mentions(cleaned.text, sentences, people_rows, found,
                                                       quotes=quotes), key=lambda m: m["start"])
    labels = naming.find_labels(cleaned.text, sentences, everyone, config.registry,
                                config.label_rules, lists=config.name_lists, quotes=quotes)
    mentions = [{"article_id": aid, "outlet": outlet, **{k: m[k] for k in MENTION_COLUMNS[2:]}}
                for m in everyone]
    lap("labels")
    # the sentence table's ``entities`` lists registered entities only; the sentences
    # naming a person are read for every person, registered or found in the text
    registered = config.registry.entities
    scores = sentiment.sentence_score_rows(sents, [m for m in mentions if m["entity"] in registered])
    targets = sentiment.target_rows(sents, mentions)
    lap("sentiment")
    reading = {"article_id": aid, "outlet": outlet, **readability.score_readability(cleaned.text)}
    lap("readability")
    quotations = [{"article_id": aid, "outlet": outlet, **q} for q in
                  sources.find_quotations(cleaned.text, sentences, found, config.registry,
                                          quotes=quotes, people=people_rows, lists=config.name_lists)]
    lap("quotations")
    words = dict(zip(("capitalised", "lowercase"), _word_lists(sentences)))
    lap("word lists")
    word_counts = wordchoice.count_article(sents, config.word_lists())
    lap("word choice")
    found = [sources.sentence_fingerprint(s["text"]) for s in sents]
    shingles, sentence_keys = [f[0] for f in found], [f[1] for f in found]
    lap("shared copy")
    return {"articles": [row], "lines": lines, "sentences": sents, "mentions": mentions,
            "labels": [{"article_id": aid, "outlet": outlet, **l} for l in labels],
            "sentiment_sentences": scores, "sentiment_target_sentences": targets,
            "readability": [reading], "quotes": quotations, **words,
            "word_counts": word_counts, "shingles": shingles, "sentence_keys": sentence_keys,
            "notes": notes}


def _word_lists(sentences: list[dict]) -> tuple[dict, list]:
    caps, lower = naming.capitalised_words(sentences)
    return dict(caps), sorted(lower)


def _cache_key(article: dict, rules_digest: str, text_digest: str | None = None) -> str:
    """A digest of ``PIPELINE_VERSION``, ``rules_digest`` and the article's record: its
    fields but the text as JSON, and its text's digest (:func:`_text_digest`; given as
    ``text_digest`` when the text is not in ``article``)."""
    h = hashlib.sha256()
    h.update(PIPELINE_VERSION.encode())
    h.update(rules_digest.encode())
    h.update(json.dumps({k: v for k, v in article.items() if k != "text"}, sort_keys=True,
                        ensure_ascii=False, default=str).encode())
    h.update(b"\0")
    h.update((text_digest or _text_digest(article["text"])).encode())
    return h.hexdigest()


def _text_digest(text: str) -> str:
    return hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()


class _Worker:
    """Picklable callable for the process pool: one article's tables."""

    def __init__(self, config: Config):
        self.config = config
        self.digest = config.digest()

    def __call__(self, article: dict) -> dict[str, list]:
        return process_article(article, self.config)


def iter_processed(articles: Iterable[dict], config: Config, *, jobs: int = 1, batch: int = 64,
                   store: "ArticleCache | None" = None, scheduler: str | None = None) -> Iterator[dict]:
    """Process articles in order, in ``jobs`` processes, reading and filling the store's
    per-article results (``store``, an :class:`analysis.pipeline.store.ArticleCache`: looked up
    here, so that only the articles it lacks go to the processes, and written in chunks)
    (``store`` None: every article processed). ``scheduler``:
    where the work runs (:func:`analysis.pipeline.scheduler.executor`)."""
    worker = _Worker(config)
    yield from _iter_with_store(articles, worker, store, jobs=jobs, batch=batch, scheduler=scheduler)


# waves of articles sent to the pool before the first wave's results are taken
WAVES_AHEAD = 2


def store_key(article: dict, config_digest: str, text_digest: str | None = None) -> str:
    """An article's key in the store: :func:`_cache_key` of its record, the data files'
    digest and the digest of the code that computes the tables
    (:func:`analysis.pipeline.store.code_digest`)."""
    from analysis.pipeline.store import code_digest

    return _cache_key(article, f"{config_digest}:{code_digest()}", text_digest)


def _iter_with_store(articles: Iterable[dict], worker: "_Worker", store: "ArticleCache | None", *,
                     jobs: int, batch: int, scheduler: str | None = None,
                     ahead: int = WAVES_AHEAD) -> Iterator[dict]:
    """:func:`iter_processed` with the store's per-article results: the stored ones read
    back, the others processed (in a pool when ``jobs`` > 1) and added to the store
    (without a store, ``store`` None, every article is processed).

    The articles go to the pool in waves of ``batch`` per process; ``ahead`` waves are
    sent before the results of the first are taken, so that the processes keep working
    while this one stores and merges results (and only that many waves are held)."""
    pool = executor(jobs, scheduler)
    try:
        waves: deque = deque()

        def send(group: list[dict]) -> tuple[list[str], list, Iterator[dict]]:
            if store is None:
                keys, found = [""] * len(group), [None] * len(group)
            else:
                keys = [store_key(a, worker.digest) for a in group]
                found = [store.get(k) for k in keys]
            todo = [a for a, r in zip(group, found) if r is None]
            if pool is not None and len(todo) > 1:
                size = max(1, min(batch, len(todo) // (2 * jobs)))
                return keys, found, iter(pool.map(worker, todo, chunksize=size))
            return keys, found, map(worker, todo)

        def take(keys: list[str], found: list, done: Iterator[dict]) -> Iterator[dict]:
            for key, result in zip(keys, found):
                if result is None:
                    result = next(done)
                    if store is not None:
                        store.put(key, result)
                yield result

        pending: list[dict] = []
        for article in articles:
            pending.append(article)
            if len(pending) >= batch * max(jobs, 1):
                waves.append(send(pending))
                pending = []
                if len(waves) > ahead:
                    yield from take(*waves.popleft())
        if pending:
            waves.append(send(pending))
        while waves:
            yield from take(*waves.popleft())
        if store is not None:
            store.flush()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


# build_tables uses every core from this many articles on (below, starting processes
# costs more than it saves)
PARALLEL_FROM = 200


def build_tables(path: str | Path, *, config: Config | None = None, jobs: int | None = None,
                 store: str | Path | bool | None = None, scheduler: str | None = None,
                 **corpus_options) -> dict[str, pd.DataFrame]:
    """All tables of a corpus as DataFrames, for notebooks and tests: the per-article
    tables of ``TABLE_NAMES`` plus the corpus-wide ``variants``, ``variant_suggestions``
    and word-choice tables (:func:`word_choice_tables`). Raises
    :class:`analysis.corpus.load.CorpusError` if the corpus has errors.

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
        return _build_tables(path, config=config, jobs=jobs, scheduler=scheduler, **corpus_options)
    return update_store(where, path, config=config, jobs=jobs, scheduler=scheduler, **corpus_options)


def _build_fields(path: str | Path, config_digest: str, corpus_options: dict,
                  source: str | None) -> dict:
    """The fields of a store's manifest that say what built its tables, without loading
    the corpus: formats and versions, the code and data files' digests, the corpus, its
    column options and the digest of its files (:func:`analysis.corpus.load.source_digest`)."""
    from analysis.pipeline import store as stores

    return {"format": stores.FORMAT, "suite_version": stores.suite_version(),
            "pipeline_version": PIPELINE_VERSION, "code_digest": stores.code_digest(),
            "corpus": str(Path(path).resolve()),
            "corpus_options": {k: str(v) for k, v in sorted(corpus_options.items())},
            "config_digest": config_digest, "source_digest": source}


def store_description(path: str | Path, scan: "Scan", keys: list[str], config_digest: str,
                      corpus_options: dict, source: str | None = None) -> dict:
    """What the store's manifest records about what built its tables (and what must
    match for them to be read back): the corpus, its column options, the corpus
    fingerprint (a digest of the articles' content as loaded, and of the warnings found
    loading them), the data files' digest (:meth:`Config.digest`), the digest of the
    code that computes the tables (:func:`analysis.pipeline.store.code_digest`), the pipeline and
    suite versions, and the digest of the corpus's files (``source``)."""
    fingerprint = hashlib.sha256()
    for record, text_digest in zip(scan.records, scan.texts):
        fingerprint.update(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str).encode())
        fingerprint.update(text_digest.encode())
        fingerprint.update(b"\0")
    fingerprint.update(json.dumps(scan.problems).encode())
    return {**_build_fields(path, config_digest, corpus_options, source),
            "n_articles": len(scan.records), "corpus_fingerprint": fingerprint.hexdigest(),
            "articles_digest": hashlib.sha256("\n".join(keys).encode()).hexdigest()}


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
        :class:`analysis.corpus.load.CorpusError` if the corpus changed since the scan."""
        changed = corpus.CorpusError([corpus.Problem(
            "error", str(self.path), "the corpus changed while it was being read; run the command again")])
        n = 0
        for article in corpus.iter_articles(self.path, **self.options):
            if n == len(self.records) or article["article_id"] != self.records[n]["article_id"] \
                    or _text_digest(article["text"]) != self.texts[n]:
                raise changed
            yield {**self.records[n], "text": article["text"]}
            n += 1
        if n != len(self.records):
            raise changed


def scan_corpus(path: str | Path, **corpus_options) -> Scan:
    """Read a corpus article by article, keeping every field but the text (the text's
    digest instead), so that its articles' keys and fingerprint are known before any is
    processed, with no more than one article's text in memory. The records are those of
    :func:`analysis.corpus.load.load_corpus` (the same columns, in the same order, the same
    values). Raises :class:`analysis.corpus.load.CorpusError` as it does."""
    problems: list[corpus.Problem] = []
    fields, texts = [], []
    for article in corpus.iter_articles(path, problems=problems, **corpus_options):
        texts.append(_text_digest(article["text"]))
        fields.append({k: v for k, v in article.items() if k != "text"})
    if any(p.level == "error" for p in problems):
        raise corpus.CorpusError(problems)
    if not fields:
        raise corpus.CorpusError([corpus.Problem("error", str(path), "no articles found")])
    frame = pd.DataFrame(fields)
    extra = [c for c in frame.columns if c not in corpus.ARTICLE_FIELDS]
    frame = frame[[c for c in corpus.ARTICLE_FIELDS if c != "text"] + extra]
    return Scan(Path(path), corpus_options, frame.to_dict("records"), texts, [str(p) for p in problems])


def update_store(where: "Store", path: str | Path, *, config: Config, jobs: int | None = None,
                 scheduler: str | None = None, **corpus_options) -> Mapping[str, pd.DataFrame]:
    """The tables of ``build_tables`` through the store ``where``: read back when warm,
    else written into it from the per-article results (the stored ones read, the others
    processed and stored), table by table without holding any whole
    (:func:`_stream_tables`), and read back from it. ``where.stats`` says how many
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
        fields = _build_fields(path, digest, corpus_options, source)
        tables = where.read_tables(fields)
        if tables is not None:
            n = (where.read_manifest(fields) or {}).get("n_articles")
            where.stats["n_articles"] = n if isinstance(n, int) else len(tables["articles"])
            return tables
    scan = scan_corpus(path, **corpus_options)
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
        return _build_tables(path, config=config, jobs=jobs, scheduler=scheduler, scan=scan)
    try:
        results = iter_processed(scan.articles(), config, jobs=jobs, store=cache, scheduler=scheduler)
        if say:
            results = _with_progress(results, say, started, every=PROGRESS_EVERY)
        entries = _stream_tables(results, config, staging, problems=scan.problems,
                                 say=(lambda m: say(f"store: {m} ({time.perf_counter() - started:.0f} s)"))
                                 if say else None)
        where.install(staging, entries, description)
        cache.compact(keys)
    except OSError as exc:  # a full disk
        where.failed(exc)
        return _build_tables(path, config=config, jobs=jobs, scheduler=scheduler, scan=scan)
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


def _build_tables(path: str | Path, *, config: Config, jobs: int | None = None,
                  scheduler: str | None = None, scan: Scan | None = None,
                  **corpus_options) -> dict[str, pd.DataFrame]:
    """The tables of :func:`build_tables` without a store: written into a temporary
    folder (:func:`_stream_tables`) and read back into memory."""
    from analysis.pipeline.store import read_table_set

    scan = scan or scan_corpus(path, **corpus_options)
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(scan.records) >= PARALLEL_FROM else 1
    results = iter_processed(scan.articles(), config, jobs=jobs, scheduler=scheduler)
    with tempfile.TemporaryDirectory(prefix="analysis-tables-") as folder:
        entries = _stream_tables(results, config, Path(folder), problems=scan.problems)
        stored = read_table_set(Path(folder), entries)
        return {name: stored[name] for name in stored}


def _stream_tables(results: Iterable[dict], config: Config, folder: Path, *,
                   problems: list[str], say: Callable[[str], None] | None = None) -> dict[str, dict]:
    """Write every table of :func:`build_tables` into ``folder`` (NAME.parquet, as
    :func:`analysis.pipeline.store.write_table_set` would) from the per-article results, in
    corpus order, without holding any table whole: the per-article rows go to Parquet
    parts as they arrive (:class:`analysis.pipeline.parts.PartWriter`) while the corpus-wide
    counts are merged (word choice, capitalised words, shingles, the people found in
    the text); then each table's file is written from its parts, the people renamed to
    their corpus-wide names (:data:`ENTITY_COLUMNS`), and the corpus-wide tables derived
    from the merged counts and from the columns they need, read a part at a time.
    ``problems``: the corpus's warnings (as text), kept in the articles table's attrs
    with each article's own (:func:`_article_warnings`). ``say``: told the step of the
    corpus-wide work as each begins (progress). Returns the manifest entries of
    :func:`analysis.pipeline.store.write_table_set` (files relative to ``folder``)."""
    from analysis.pipeline.store import table_entry, write_parquet

    writers = {name: parts.PartWriter(folder, name, None if name == "articles" else COLUMNS[name])
               for name in TABLE_NAMES}
    words = _WordCounts()
    hits = parts.PartWriter(folder, "loaded_terms", wordchoice.LOADED_TERM_COLUMNS)
    word_counts = wordchoice.WordChoiceCounts(hits=hits.add)
    postings = sources.ShinglePostings()
    people: dict[tuple[str, str], int] = {}  # (entity, kind) -> mentions, before renaming
    found: list[corpus.Problem] = []
    step = say or (lambda message: None)
    try:
        for result in results:
            for name in TABLE_NAMES:
                writers[name].add(result[name])
            for m in result["mentions"]:
                people[(m["entity"], m["kind"])] = people.get((m["entity"], m["kind"]), 0) + 1
            words.add(result)
            _add_word_counts(word_counts, result)
            _add_shingles(postings, result)
            found.extend(_article_warnings(result))
        counts = pd.DataFrame([(e, k, n) for (e, k), n in people.items()], columns=["entity", "kind", "n"])
        names = naming.detected_entity_names(counts, config.registry)
        out: dict[str, None] = {}  # the tables written, in order
        encoded: dict[str, list[str]] = {}
        collected: dict[str, list[pd.DataFrame]] = {}
        # what the corpus-wide tables read of each per-article table, a part at a time
        keep = {"articles": ["outlet", "n_words_clean"],
                "mentions": ["outlet", "entity", "kind", "name_form", "name_origin",
                             "given_form", "given_origin"],
                "sentiment_target_sentences": ["outlet", "entity", "compound", "label"],
                "quotes": ["outlet", "speaker_entity", "speaker_canonical", "n_words", "attribution"]}
        drivers: dict = {}
        outlets: dict[str, None] = {}
        step("writing the per-article tables")
        for name in TABLE_NAMES:
            column = ENTITY_COLUMNS.get(name)
            rename = (lambda t, c=column: _name_entities(t, names, c)) if column and names else None
            wanted = keep.get(name, ["outlet", "voice", "compound", "label", "text"]
                              if name == "sentiment_sentences" else [])
            pieces = writers[name].assemble(folder / f"{name}.parquet", transform=rename, keep=wanted,
                                            empty=None if name != "articles" else pd.DataFrame())
            seen = []
            for piece in pieces:
                if name == "mentions":  # the variants need counts, not every mention
                    piece = piece.groupby(wanted, sort=False, dropna=False).size().rename("n").reset_index()
                elif name == "sentiment_sentences":
                    drivers = sentiment.driver_counts(piece, drivers)
                    outlets.update(dict.fromkeys(piece.outlet))
                    piece = piece.drop(columns="text")
                if wanted:
                    seen.append(piece)
            encoded[name] = writers[name].encoded
            if wanted:
                collected[name] = seen
            out[name] = None

        def whole(name: str) -> pd.DataFrame:
            frames = [f for f in collected.pop(name) if len(f)]
            return pd.concat(frames, ignore_index=True) if frames else \
                pd.DataFrame(columns=keep.get(name) or ["outlet", "voice", "compound", "label"])

        def put(tables: dict[str, pd.DataFrame | None]) -> None:
            """Write the corpus-wide tables as soon as they are made (None: in parts)."""
            for name, table in tables.items():
                if table is not None:
                    encoded[name] = write_parquet(table, folder / f"{name}.parquet")
                out[name] = None

        step("names, variants and word choice")
        mentions = whole("mentions")
        mentions["n"] = mentions.n.astype(int) if len(mentions) else pd.Series(dtype=int)
        put(_corpus_tables(mentions, words, config))
        del mentions
        put(_word_choice_from_counts(word_counts, config))  # loaded_terms: None, in parts
        encoded["loaded_terms"] = parts.assemble_all(hits, folder / "loaded_terms.parquet")
        step("sentiment summaries")
        scores = whole("sentiment_sentences")
        put({"sentiment_outlets": sentiment.summarize_outlets(scores)})
        del scores
        put({"sentiment_targets": sentiment.score_targets(whole("sentiment_target_sentences")),
             "sentiment_drivers": sentiment.drivers_table(drivers, list(outlets))})
        step("shared copy")
        sentences_file = folder / "sentences.parquet"
        shared = postings.reuse(lambda positions: parts.texts_at(sentences_file, positions))
        del postings
        put({"voices": sources.voices(whole("quotes"), whole("articles")), "reuse_pairs": shared.pairs})
        step("shared copy per sentence")
        reuse = parts.PartWriter(folder, "reuse_sentences")
        import pyarrow.parquet as pq

        start = 0
        for batch in pq.ParquetFile(sentences_file).iter_batches(
                batch_size=parts.ROWS_PER_PART, columns=["article_id", "outlet", "sentence_id", "n_words", "text"]):
            reuse.add_frame(sources.reuse_sentences(batch.to_pandas(), None,
                                                    best=shared.best(start, start + batch.num_rows)))
            start += batch.num_rows
        empty = sources.reuse_sentences(pd.DataFrame(columns=["article_id", "outlet", "sentence_id",
                                                              "n_words", "text"]), None, best=shared.best(0, 0))
        encoded["reuse_sentences"] = parts.assemble_all(reuse, folder / "reuse_sentences.parquet", empty=empty)
        out["reuse_sentences"] = None
    finally:
        for writer in [*writers.values(), hits]:
            writer.discard()
    attrs = {"articles": {"problems": problems + [str(p) for p in found]}}
    return {name: table_entry(folder / f"{name}.parquet", folder, encoded[name],
                              table_rows(folder / f"{name}.parquet"), attrs.get(name, {}))
            for name in out}


def table_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


# The columns that hold an entity, per table: people found in the text get their
# corpus-wide name (naming.detected_entity_names) once every article is read, since
# articles are processed independently (in parallel, and cached).
ENTITY_COLUMNS = {"mentions": "entity", "labels": "entity", "sentiment_target_sentences": "entity",
                  "quotes": "speaker_canonical"}


def _name_entities(table: pd.DataFrame, names: dict[str, str], column: str) -> pd.DataFrame:
    """:func:`naming.name_entities` of one table; in quotes only the speakers found
    without the registry (speaker_entity "") are renamed."""
    if column != "speaker_canonical" or table.empty:
        return naming.name_entities(table, names, column)
    found = table.speaker_entity.fillna("").astype(str) == ""
    renamed = naming.name_entities(table[found], names, column)
    out = table.copy()
    out.loc[found, column] = renamed[column]
    return out


def _article_warnings(result: dict) -> list[corpus.Problem]:
    """Warnings for an article whose analysis text is empty after cleaning (kept in every
    table, with no sentences, so that it is not missing silently), that is not in English
    (our sentiment, readability and stop-word resources are English), or that
    :func:`process_article` noted as unusual (a huge paragraph given to the sentence
    splitter in pieces, a sentence without punctuation cut into parts)."""
    row = result["articles"][0]
    found = []
    if not row["n_words_clean"]:
        found.append(corpus.Problem("warning", row.get("source_file", ""),
                                    "no text left after cleaning: every line was boilerplate, a caption, "
                                    "a duplicate or a wire credit (see lines.csv)", row["article_id"]))
    language = str(row.get("language") or "").casefold()
    if language and not language.startswith("en"):
        found.append(corpus.Problem("warning", row.get("source_file", ""),
                                    f"language {language!r}: the sentiment (VADER), readability "
                                    "(textstat) and stop-word lists are English-only; read those "
                                    "figures with care", row["article_id"]))
    for note in result.get("notes", []):
        found.append(corpus.Problem("warning", row.get("source_file", ""), note, row["article_id"]))
    return found




class _WordCounts:
    """Capitalised words per outlet, summed over articles (for variant discovery)."""

    def __init__(self):
        self.counts: dict[tuple[str, str], int] = {}
        self.lowercase: set[str] = set()

    def add(self, result: dict) -> None:
        outlet = result["articles"][0]["outlet"]
        self.lowercase.update(result["lowercase"])
        for word, n in result["capitalised"].items():
            self.counts[(outlet, word)] = self.counts.get((outlet, word), 0) + n

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([(o, w, n) for (o, w), n in self.counts.items()],
                            columns=["outlet", "word", "n"])


def _corpus_tables(mentions: pd.DataFrame, words: _WordCounts, config: Config) -> dict[str, pd.DataFrame]:
    return {"variants": naming.count_variants(mentions),
            "variant_suggestions": naming.suggest_variants(words.frame(), config.registry,
                                                           lists=config.name_lists,
                                                           lowercase=words.lowercase,
                                                           names=mentions)}


def source_tables(sentences: pd.DataFrame, quotes: pd.DataFrame, articles: pd.DataFrame, *,
                  alignment: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Voices (who is quoted) and shared copy (sentence alignment across articles;
    ``alignment``: :func:`analysis.measures.sources.align_sentences` of these sentences, when
    already made from the articles' shingles)."""
    if alignment is None:
        alignment = sources.align_sentences(sentences)
    return {"voices": sources.voices(quotes, articles),
            "reuse_pairs": sources.reuse_pairs(sentences, alignment),
            "reuse_sentences": sources.reuse_sentences(sentences, alignment)}


def sentiment_summaries(scores: pd.DataFrame, targets: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The corpus-level sentiment tables from the per-sentence ones."""
    return {"sentiment_outlets": sentiment.summarize_outlets(scores),
            "sentiment_targets": sentiment.score_targets(targets),
            "sentiment_drivers": sentiment.drivers(scores)}


def _add_word_counts(counts: wordchoice.WordChoiceCounts, result: dict) -> None:
    article = result["articles"][0]
    counts.add(article["outlet"], article["article_id"], result["word_counts"])


def _add_shingles(postings: sources.ShinglePostings, result: dict) -> None:
    article = result["articles"][0]
    postings.add(article["article_id"], [s["sentence_id"] for s in result["sentences"]], result["shingles"],
                 keys=result["sentence_keys"], n_words=[s["n_words"] for s in result["sentences"]],
                 outlet=article["outlet"])


def _word_choice_from_counts(counts: wordchoice.WordChoiceCounts, config: Config) -> dict[str, pd.DataFrame]:
    """The word-choice tables of :func:`word_choice_tables` (all sentences, the pooled
    outlets as reference) from the articles' merged counts: no text is read again."""
    terms = counts.terms.frame()
    return {"terms": terms,
            "distinctive_terms": wordchoice.distinctive_terms(terms, ngram=None),
            # None: written part by part where the counts sent their hits (WordChoiceCounts(hits=))
            "loaded_terms": counts.loaded_terms() if counts.hits is None else None,
            "loaded_language": counts.loaded_language(config.lexicon),
            "spelling": counts.spelling(config.spelling_pairs)}


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
        terms = wordchoice.count_terms(sentences, exclude_shared=exclude_shared,
                                       stopwords=config.stopwords)
        loaded = wordchoice.loaded_terms(sentences, config.lexicon)
        return {"terms": terms,
                "distinctive_terms": wordchoice.distinctive_terms(terms, reference=reference, ngram=None),
                "loaded_terms": loaded,
                "loaded_language": wordchoice.loaded_language(sentences, config.lexicon, terms=loaded),
                "spelling": wordchoice.house_spelling(sentences, config.spelling_pairs)}

    # a sentence table read from a corpus's store keeps these tables there (notebooks
    # ask for them again, with other options)
    spec = {"exclude_shared": exclude_shared, "reference": reference,
            "data": [wordchoice.lexicon_digest(config.lexicon), sorted(config.stopwords),
                     config.spelling_pairs.astype(str).values.tolist()]}
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
        out["distinctive_terms"] = wordchoice.distinctive_terms(out["terms"], reference=reference, ngram=None)
    return out


def own_terms(sentences: pd.DataFrame, *, config: Config) -> pd.DataFrame:
    """:func:`analysis.measures.wordchoice.count_terms` of the sentences no other outlet carries
    (``exclude_shared``), with the stop words of ``config``; for a sentence table read
    from a store, kept in it (:func:`analysis.pipeline.store.derived_tables`)."""
    from analysis.pipeline.store import derived_tables

    return derived_tables(sentences, "own_terms", {"stopwords": sorted(config.stopwords)}, lambda: {
        "terms": wordchoice.count_terms(sentences, exclude_shared=True, stopwords=config.stopwords)})["terms"]


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
    words = _WordCounts()
    word_counts = wordchoice.WordChoiceCounts()
    postings = sources.ShinglePostings()
    problems: list[corpus.Problem] = []
    start = time.perf_counter()
    handles = {name: (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
               for name in TABLE_NAMES}
    writers: dict[str, csv.DictWriter] = {}
    n = 0
    try:
        articles = corpus.iter_articles(path, problems=problems, **corpus_options)
        for result in iter_processed(articles, config, jobs=jobs, store=store,
                                     scheduler=scheduler):
            words.add(result)
            _add_word_counts(word_counts, result)
            _add_shingles(postings, result)
            problems.extend(_article_warnings(result))
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


def _read(path: Path, **options) -> pd.DataFrame:
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
    for chunk in _read(path, usecols=["text"], chunksize=CSV_CHUNK):
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
            for chunk in _read(path, chunksize=100_000):
                _name_entities(chunk, names, column).to_csv(handle, index=False, header=header)
                header = False
            if header:  # an empty table: keep its header
                handle.write(path.read_text(encoding="utf-8"))

    paths.write_atomically(path, write)


def _write_corpus_tables(out: Path, words: "_WordCounts", word_counts: wordchoice.WordChoiceCounts,
                         postings: sources.ShinglePostings, config: Config) -> None:
    """The corpus-wide tables, from the per-article tables just written and the articles'
    merged word-choice counts (``word_counts``) and shingles (``postings``). First the people
    found in the text get their corpus-wide names in every table that holds an entity
    (:data:`ENTITY_COLUMNS`, rewritten in place, chunk by chunk)."""
    found = [c.groupby(["entity", "kind"]).size().rename("n").reset_index()
             for c in _read(out / "mentions.csv", usecols=["entity", "kind"], chunksize=100_000)]
    found = pd.concat(found).groupby(["entity", "kind"], sort=False).n.sum().reset_index() if found \
        else pd.DataFrame(columns=["entity", "kind", "n"])
    names = naming.detected_entity_names(found, config.registry)
    if names:
        for name, column in ENTITY_COLUMNS.items():
            _rename_in_file(out / f"{name}.csv", names, column)
    mention_counts = [c.groupby(["outlet", "entity", "kind", "name_form", "name_origin",
                                 "given_form", "given_origin"]).size().rename("n").reset_index()
                      for c in _read(out / "mentions.csv", chunksize=100_000)]
    counts = (pd.concat(mention_counts) if mention_counts else
              pd.DataFrame(columns=["outlet", "entity", "kind", "name_form", "name_origin",
                                    "given_form", "given_origin", "n"]))
    counts["n"] = counts.n.astype(int)
    for name, table in _corpus_tables(counts, words, config).items():
        table.to_csv(out / f"{name}.csv", index=False)
    for name, table in _word_choice_from_counts(word_counts, config).items():
        table.to_csv(out / f"{name}.csv", index=False)
    # shared copy without the whole sentence table's text: the texts of only the
    # sentences with a candidate are read back, reuse_sentences is written chunk by chunk
    path = out / "sentences.csv"
    reuse = postings.reuse(lambda positions: _texts_at(path, positions))
    quotes = _read(out / "quotes.csv", usecols=["outlet", "speaker_entity", "speaker_canonical", "n_words",
                                                "attribution"])
    articles = _read(out / "articles.csv", usecols=["article_id", "outlet", "n_words_clean"])
    shared = {"voices": sources.voices(quotes, articles), "reuse_pairs": reuse.pairs}
    for name, table in shared.items():
        table.to_csv(out / f"{name}.csv", index=False)
    with (out / "reuse_sentences.csv").open("w", encoding="utf-8", newline="") as handle:
        start = 0
        for k, chunk in enumerate(_read(path, usecols=["article_id", "outlet", "sentence_id", "n_words", "text"],
                                        chunksize=CSV_CHUNK)):
            best = reuse.best(start, start + len(chunk))
            sources.reuse_sentences(chunk, None, best=best).to_csv(handle, index=False, header=k == 0)
            start += len(chunk)
        if not handle.tell():  # no sentence: the header
            sources.reuse_sentences(_read(path), None, best=reuse.best(0, 0)).to_csv(handle, index=False)
    del quotes, articles
    scores = _read(out / "sentiment_sentences.csv")
    targets = _read(out / "sentiment_target_sentences.csv")
    for name, table in sentiment_summaries(scores, targets).items():
        table.to_csv(out / f"{name}.csv", index=False)
