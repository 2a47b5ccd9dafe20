"""One article's tables: :func:`process_article`, a pure function of one article and the
configuration, and :func:`iter_processed`, which runs it over a corpus in processes,
reading and filling the store's per-article results."""
from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Iterable, Iterator

from analysis.corpus.fields import ARTICLE_FIELDS
from analysis.language import clean, furniture, text
from analysis.measures import labels as labels_mod, naming, readability, sentiment, shingles as shingles_mod, variants, wordchoice
from analysis.people import quotations as quotations_mod
from analysis.people import names as people
from analysis.pipeline.config import Config
from analysis.pipeline.keys import store_key
from analysis.pipeline.scheduler import executor

if TYPE_CHECKING:
    from analysis.pipeline.article_cache import ArticleCache


ARTICLE_COLUMNS = ["article_id", "outlet", "title", "published", "event", "language", "wire",
                   "n_lines", "n_words_raw", "n_words_clean", "n_sentences", "n_captions",
                   "source_file", "encoding"]
LINE_COLUMNS = ["article_id", "outlet", "line_no", "role", "rule", "n_words", "share", "text"]
# The field of an article that carries its recurring lines (furniture.Furniture.mark_keys),
# set by the corpus readers of the pipeline; it keys the store and is no column.
FURNITURE_FIELD = "_furniture"
SENTENCE_COLUMNS = ["article_id", "outlet", "sentence_id", "paragraph_id", "role", "start",
                    "end", "n_words", "voice", "quote_spans", "text"]
MENTION_COLUMNS = naming.MENTION_COLUMNS
LABEL_COLUMNS = ["article_id", "outlet", *[c for c in labels_mod.LABEL_COLUMNS
                                           if c not in ("article_id", "outlet")]]
# per-article tables, written row by row
TABLE_NAMES = ("articles", "lines", "sentences", "mentions", "labels", "sentiment_sentences",
               "sentiment_target_sentences", "readability", "quotes")
COLUMNS = {"lines": LINE_COLUMNS, "sentences": SENTENCE_COLUMNS, "mentions": MENTION_COLUMNS,
           "labels": LABEL_COLUMNS, "sentiment_sentences": sentiment.SCORE_COLUMNS,
           "sentiment_target_sentences": sentiment.TARGET_COLUMNS,
           "readability": readability.COLUMNS, "quotes": quotations_mod.QUOTE_COLUMNS}
STAGES = ("cleaning", "sentences", "mentions", "people", "labels", "sentiment", "readability",
          "quotations", "word lists", "word choice", "shared copy")


def count_furniture(articles: Iterable[dict], speech_words: frozenset[str]) -> furniture.Furniture:
    """The recurring lines of each outlet over ``articles`` (one pass)."""
    counts = furniture.FurnitureCounts(speech_words)
    for article in articles:
        counts.add(article["outlet"], article["text"])
    return counts.furniture()


def with_furniture(article: dict, marks: tuple) -> dict:
    """``article`` (or its record) with its recurring lines (``marks``, from
    :meth:`analysis.language.furniture.Furniture.mark_keys`) under :data:`FURNITURE_FIELD`,
    when it has any."""
    return {**article, FURNITURE_FIELD: [list(m) for m in marks]} if marks else article


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
    sentence, under ``shingles``, :func:`analysis.measures.shingles.sentence_shingles`), and under
    ``notes`` what was
    unusual about it (a huge paragraph, a sentence without punctuation cut into parts),
    which become warnings in problems.csv. ``timings``: CPU seconds per stage
    (:data:`STAGES`) are added to it, for the benchmarks."""
    lap = _Laps(timings)
    cleaned = clean.clean_article(article["text"], outlet=article["outlet"],
                                  title=article.get("title", ""), rules=config.rules,
                                  furniture=tuple(tuple(m) for m in article.get(FURNITURE_FIELD) or ()))
    lap("cleaning")
    notes: list[str] = []
    sentences = text.split_sentences(cleaned.paragraphs, language=article.get("language") or "en",
                                     notes=notes)
    aid, outlet = article["article_id"], article["outlet"]
    row = {k: article.get(k, "") for k in ARTICLE_COLUMNS if k in article}
    extra = {k: v for k, v in article.items() if k not in ARTICLE_FIELDS and k != FURNITURE_FIELD}
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
              "rule": l["rule"], "n_words": text.count_words(l["text"]),
              "share": l.get("share"), "text": l["text"]}
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
    everyone = sorted(found + naming.detected_mentions(
        cleaned.text, sentences, people_rows, found, suffixes=config.name_lists.vocabulary.suffix,
        quotes=quotes), key=lambda m: m["start"])
    labels = labels_mod.find_labels(cleaned.text, sentences, everyone, config.registry,
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
                  quotations_mod.find_quotations(cleaned.text, sentences, found, config.registry,
                                          quotes=quotes, people=people_rows, lists=config.name_lists)]
    lap("quotations")
    words = dict(zip(("capitalised", "lowercase"), _word_lists(sentences)))
    lap("word lists")
    word_counts = wordchoice.count_article(sents, config.word_lists())
    lap("word choice")
    found = [shingles_mod.sentence_fingerprint(s["text"]) for s in sents]
    shingles, sentence_keys = [f[0] for f in found], [f[1] for f in found]
    lap("shared copy")
    return {"articles": [row], "lines": lines, "sentences": sents, "mentions": mentions,
            "labels": [{"article_id": aid, "outlet": outlet, **l} for l in labels],
            "sentiment_sentences": scores, "sentiment_target_sentences": targets,
            "readability": [reading], "quotes": quotations, **words,
            "word_counts": word_counts, "shingles": shingles, "sentence_keys": sentence_keys,
            "notes": notes}


def _word_lists(sentences: list[dict]) -> tuple[dict, list]:
    caps, lower = variants.capitalised_words(sentences)
    return dict(caps), sorted(lower)


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
    per-article results (``store``, an :class:`analysis.pipeline.article_cache.ArticleCache`: looked up
    here, so that only the articles it lacks go to the processes, and written in chunks)
    (``store`` None: every article processed). ``scheduler``:
    where the work runs (:func:`analysis.pipeline.scheduler.executor`)."""
    worker = _Worker(config)
    yield from _iter_with_store(articles, worker, store, jobs=jobs, batch=batch, scheduler=scheduler)


# waves of articles sent to the pool before the first wave's results are taken
WAVES_AHEAD = 2


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

