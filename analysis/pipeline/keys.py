"""What keys a corpus's store, made in one place: an article's key (its record, the
configuration's digest, the code's digest and ``PIPELINE_VERSION``) and what a store's
manifest records about what built its tables. The store (:mod:`analysis.pipeline.store`)
names its files from these fields."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.pipeline import store as _store

if TYPE_CHECKING:
    from analysis.pipeline.tables import Scan

# The digest of the code that computes the tables, read now, when that code is loaded: a
# file edited later in a running kernel does not lend its digest to results of the code
# in memory.
_store.code_digest()


# Bump when process_article's output changes, so cached results are recomputed.
PIPELINE_VERSION = "19"


def cache_key(article: dict, rules_digest: str, text_digest: str | None = None) -> str:
    """A digest of ``PIPELINE_VERSION``, ``rules_digest`` and the article's record: its
    fields but the text as JSON, and its text's digest (:func:`digest_text`; given as
    ``text_digest`` when the text is not in ``article``)."""
    h = hashlib.sha256()
    h.update(PIPELINE_VERSION.encode())
    h.update(rules_digest.encode())
    h.update(json.dumps({k: v for k, v in article.items() if k != "text"}, sort_keys=True,
                        ensure_ascii=False, default=str).encode())
    h.update(b"\0")
    h.update((text_digest or digest_text(article["text"])).encode())
    return h.hexdigest()


def digest_text(text: str) -> str:
    return hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()


def store_key(article: dict, config_digest: str, text_digest: str | None = None) -> str:
    """An article's key in the store: :func:`cache_key` of its record, the data files'
    digest and the digest of the code that computes the tables
    (:func:`analysis.pipeline.store.code_digest`)."""
    from analysis.pipeline.store import code_digest

    return cache_key(article, f"{config_digest}:{code_digest()}", text_digest)


def build_fields(path: str | Path, config_digest: str, corpus_options: dict,
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
    loading them), the data files' digest (:meth:`analysis.pipeline.config.Config.digest`), the digest of the
    code that computes the tables (:func:`analysis.pipeline.store.code_digest`), the pipeline and
    suite versions, and the digest of the corpus's files (``source``)."""
    fingerprint = hashlib.sha256()
    for record, text_digest in zip(scan.records, scan.texts):
        fingerprint.update(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str).encode())
        fingerprint.update(text_digest.encode())
        fingerprint.update(b"\0")
    fingerprint.update(json.dumps(scan.problems).encode())
    return {**build_fields(path, config_digest, corpus_options, source),
            "n_articles": len(scan.records), "corpus_fingerprint": fingerprint.hexdigest(),
            "articles_digest": hashlib.sha256("\n".join(keys).encode()).hexdigest()}

