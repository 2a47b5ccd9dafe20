"""Every table of a corpus written as Parquet from the per-article results, in corpus
order, without holding any table whole; the corpus-wide merges (word choice,
capitalised words, shingles, the people found in the text) and the tables derived from
them."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from analysis.corpus.fields import Problem
from analysis.measures import loaded, naming, sentiment, shared_copy, shingles, terms as terms_mod, variants, voices, wordchoice
from analysis.pipeline import parts
from analysis.pipeline.config import Config
from analysis.pipeline.process import COLUMNS, TABLE_NAMES


# What the corpus-wide tables read of each per-article table, a part at a time (the
# tables not named here are written and not read again).
KEEP = {"articles": ["outlet", "n_words_clean"],
        "mentions": ["outlet", "entity", "kind", "name_form", "name_origin", "given_form",
                     "given_origin"],
        "sentiment_sentences": ["outlet", "voice", "compound", "label", "text"],
        "sentiment_target_sentences": ["outlet", "entity", "compound", "label"],
        "quotes": ["outlet", "speaker_entity", "speaker_canonical", "n_words", "attribution"]}
# ... and what the shared copy per sentence reads of the sentences
REUSE_COLUMNS = ["article_id", "outlet", "sentence_id", "n_words", "text"]


class _Merged:
    """The per-article results as they arrive: their rows sent to the Parquet parts of
    each table, and the corpus-wide counts merged (word choice, capitalised words,
    shingles, the people found in the text, the articles' warnings)."""

    def __init__(self, folder: Path):
        self.writers = {name: parts.PartWriter(folder, name, None if name == "articles" else COLUMNS[name])
                        for name in TABLE_NAMES}
        self.words = WordCounts()
        self.hits = parts.PartWriter(folder, "loaded_terms", loaded.LOADED_TERM_COLUMNS)
        self.word_counts = wordchoice.WordChoiceCounts(hits=self.hits.add)
        self.postings: shingles.ShinglePostings | None = shingles.ShinglePostings()
        self.people: dict[tuple[str, str], int] = {}  # (entity, kind) -> mentions, before renaming
        self.found: list[Problem] = []

    def add(self, result: dict) -> None:
        for name in TABLE_NAMES:
            self.writers[name].add(result[name])
        for m in result["mentions"]:
            self.people[(m["entity"], m["kind"])] = self.people.get((m["entity"], m["kind"]), 0) + 1
        self.words.add(result)
        add_word_counts(self.word_counts, result)
        add_shingles(self.postings, result)
        self.found.extend(article_warnings(result))

    def entity_names(self, config: Config) -> dict[str, str]:
        """The corpus-wide names of the people found in the text
        (:func:`analysis.measures.naming.detected_entity_names`)."""
        counts = pd.DataFrame([(e, k, n) for (e, k), n in self.people.items()],
                              columns=["entity", "kind", "n"])
        return naming.detected_entity_names(counts, config.registry,
                                            suffixes=config.name_lists.vocabulary.suffix)

    def discard(self) -> None:
        for writer in [*self.writers.values(), self.hits]:
            writer.discard()


class _Written:
    """The tables written into ``folder``, in order, with the JSON columns of each, and
    the columns of :data:`KEEP` collected from the per-article tables."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.out: dict[str, None] = {}
        self.encoded: dict[str, list[str]] = {}
        self.collected: dict[str, list[pd.DataFrame]] = {}
        self.drivers: dict = {}
        self.outlets: dict[str, None] = {}

    def whole(self, name: str) -> pd.DataFrame:
        """The columns kept of one per-article table, as one frame (read once)."""
        frames = [f for f in self.collected.pop(name) if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else \
            pd.DataFrame(columns=KEEP.get(name) if name != "sentiment_sentences"
                         else ["outlet", "voice", "compound", "label"])

    def put(self, tables: dict[str, pd.DataFrame | None]) -> None:
        """Write the corpus-wide tables as soon as they are made (None: in parts)."""
        from analysis.pipeline.parquet import write_parquet

        for name, table in tables.items():
            if table is not None:
                self.encoded[name] = write_parquet(table, self.folder / f"{name}.parquet")
            self.out[name] = None

    def per_article(self, merged: _Merged, names: dict[str, str]) -> None:
        """Each per-article table's file from its parts, the people renamed to their
        corpus-wide names (:data:`ENTITY_COLUMNS`), keeping the columns of :data:`KEEP`
        (mentions as counts; the sentence scores' drivers counted on the way)."""
        for name in TABLE_NAMES:
            column = ENTITY_COLUMNS.get(name)
            rename = (lambda t, c=column: name_entities_in(t, names, c)) if column and names else None
            wanted = KEEP.get(name, [])
            pieces = merged.writers[name].assemble(self.folder / f"{name}.parquet", transform=rename,
                                                   keep=wanted,
                                                   empty=None if name != "articles" else pd.DataFrame())
            seen = []
            for piece in pieces:
                if name == "mentions":  # the variants need counts, not every mention
                    piece = piece.groupby(wanted, sort=False, dropna=False).size().rename("n").reset_index()
                elif name == "sentiment_sentences":
                    self.drivers = sentiment.driver_counts(piece, self.drivers)
                    self.outlets.update(dict.fromkeys(piece.outlet))
                    piece = piece.drop(columns="text")
                if wanted:
                    seen.append(piece)
            self.encoded[name] = merged.writers[name].encoded
            if wanted:
                self.collected[name] = seen
            self.out[name] = None


def _names_and_word_choice(merged: _Merged, written: _Written, config: Config) -> None:
    mentions = written.whole("mentions")
    mentions["n"] = mentions.n.astype(int) if len(mentions) else pd.Series(dtype=int)
    written.put(corpus_tables(mentions, merged.words, config))
    del mentions
    written.put(word_choice_from_counts(merged.word_counts, config))  # loaded_terms: None, in parts
    written.encoded["loaded_terms"] = parts.assemble_all(merged.hits, written.folder / "loaded_terms.parquet")


def _sentiment_summaries(written: _Written) -> None:
    scores = written.whole("sentiment_sentences")
    written.put({"sentiment_outlets": sentiment.summarize_outlets(scores)})
    del scores
    written.put({"sentiment_targets": sentiment.score_targets(written.whole("sentiment_target_sentences")),
                 "sentiment_drivers": sentiment.drivers_table(written.drivers, list(written.outlets))})


def _shared_copy(merged: _Merged, written: _Written):
    """Voices and the pairs of shared copy; the postings are let go once read."""
    sentences_file = written.folder / "sentences.parquet"
    shared = merged.postings.reuse(lambda positions: parts.texts_at(sentences_file, positions))
    merged.postings = None
    written.put({"voices": voices.voices(written.whole("quotes"), written.whole("articles")),
                 "reuse_pairs": shared.pairs})
    return shared


def _reuse_sentences(written: _Written, shared) -> None:
    import pyarrow.parquet as pq

    reuse = parts.PartWriter(written.folder, "reuse_sentences")
    start = 0
    for batch in pq.ParquetFile(written.folder / "sentences.parquet").iter_batches(
            batch_size=parts.ROWS_PER_PART, columns=REUSE_COLUMNS):
        reuse.add_frame(shared_copy.reuse_sentences(batch.to_pandas(), None,
                                                best=shared.best(start, start + batch.num_rows)))
        start += batch.num_rows
    empty = shared_copy.reuse_sentences(pd.DataFrame(columns=REUSE_COLUMNS), None, best=shared.best(0, 0))
    written.encoded["reuse_sentences"] = parts.assemble_all(reuse, written.folder / "reuse_sentences.parquet",
                                                           empty=empty)
    written.out["reuse_sentences"] = None


def stream_tables(results: Iterable[dict], config: Config, folder: Path, *,
                  problems: list[str], say: Callable[[str], None] | None = None) -> dict[str, dict]:
    """Write every table of :func:`analysis.pipeline.tables.build_tables` into ``folder``
    (NAME.parquet, as :func:`analysis.pipeline.store.write_table_set` would) from the
    per-article results, in corpus order, without holding any table whole: the
    per-article rows go to Parquet parts as they arrive
    (:class:`analysis.pipeline.parts.PartWriter`) while the corpus-wide counts are merged
    (word choice, capitalised words, shingles, the people found in the text); then each
    table's file is written from its parts, the people renamed to their corpus-wide names
    (:data:`ENTITY_COLUMNS`), and the corpus-wide tables derived from the merged counts
    and from the columns they need (:data:`KEEP`), read a part at a time.
    ``problems``: the corpus's warnings (as text), kept in the articles table's attrs
    with each article's own (:func:`article_warnings`). ``say``: told the step of the
    corpus-wide work as each begins (progress). Returns the manifest entries of
    :func:`analysis.pipeline.store.write_table_set` (files relative to ``folder``)."""
    from analysis.pipeline.store import table_entry

    merged, written = _Merged(folder), _Written(folder)
    step = say or (lambda message: None)
    try:
        for result in results:
            merged.add(result)
        names = merged.entity_names(config)
        step("writing the per-article tables")
        written.per_article(merged, names)
        step("names, variants and word choice")
        _names_and_word_choice(merged, written, config)
        step("sentiment summaries")
        _sentiment_summaries(written)
        step("shared copy")
        shared = _shared_copy(merged, written)
        step("shared copy per sentence")
        _reuse_sentences(written, shared)
    finally:
        merged.discard()
    attrs = {"articles": {"problems": problems + [str(p) for p in merged.found]}}
    return {name: table_entry(folder / f"{name}.parquet", folder, written.encoded[name],
                              table_rows(folder / f"{name}.parquet"), attrs.get(name, {}))
            for name in written.out}


def table_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


# The columns that hold an entity, per table: people found in the text get their
# corpus-wide name (naming.detected_entity_names) once every article is read, since
# articles are processed independently (in parallel, and cached).
ENTITY_COLUMNS = {"mentions": "entity", "labels": "entity", "sentiment_target_sentences": "entity",
                  "quotes": "speaker_canonical"}


def name_entities_in(table: pd.DataFrame, names: dict[str, str], column: str) -> pd.DataFrame:
    """:func:`analysis.measures.naming.name_entities` of one table; in quotes only the speakers found
    without the registry (speaker_entity "") are renamed."""
    if column != "speaker_canonical" or table.empty:
        return naming.name_entities(table, names, column)
    found = table.speaker_entity.fillna("").astype(str) == ""
    renamed = naming.name_entities(table[found], names, column)
    out = table.copy()
    out.loc[found, column] = renamed[column]
    return out


def article_warnings(result: dict) -> list[Problem]:
    """Warnings for an article whose analysis text is empty after cleaning (kept in every
    table, with no sentences, so that it is not missing silently), that is not in English
    (our sentiment, readability and stop-word resources are English), or that
    :func:`analysis.pipeline.process.process_article` noted as unusual (a huge paragraph given to the sentence
    splitter in pieces, a sentence without punctuation cut into parts)."""
    row = result["articles"][0]
    found = []
    if not row["n_words_clean"]:
        found.append(Problem("warning", row.get("source_file", ""),
                                    "no text left after cleaning: every line was boilerplate, a caption, "
                                    "a duplicate or a wire credit (see lines.csv)", row["article_id"]))
    language = str(row.get("language") or "").casefold()
    if language and not language.startswith("en"):
        found.append(Problem("warning", row.get("source_file", ""),
                                    f"language {language!r}: the sentiment (VADER), readability "
                                    "(textstat) and stop-word lists are English-only; read those "
                                    "figures with care", row["article_id"]))
    for note in result.get("notes", []):
        found.append(Problem("warning", row.get("source_file", ""), note, row["article_id"]))
    return found


class WordCounts:
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


def corpus_tables(mentions: pd.DataFrame, words: WordCounts, config: Config) -> dict[str, pd.DataFrame]:
    return {"variants": naming.count_variants(mentions),
            "variant_suggestions": variants.suggest_variants(words.frame(), config.registry,
                                                           lists=config.name_lists,
                                                           lowercase=words.lowercase,
                                                           names=mentions)}


def add_word_counts(counts: wordchoice.WordChoiceCounts, result: dict) -> None:
    article = result["articles"][0]
    counts.add(article["outlet"], article["article_id"], result["word_counts"])


def add_shingles(postings: shingles.ShinglePostings, result: dict) -> None:
    article = result["articles"][0]
    postings.add(article["article_id"], [s["sentence_id"] for s in result["sentences"]], result["shingles"],
                 keys=result["sentence_keys"], n_words=[s["n_words"] for s in result["sentences"]],
                 outlet=article["outlet"])


def word_choice_from_counts(counts: wordchoice.WordChoiceCounts, config: Config) -> dict[str, pd.DataFrame]:
    """The word-choice tables of :func:`analysis.pipeline.tables.word_choice_tables` (all sentences, the pooled
    outlets as reference) from the articles' merged counts: no text is read again."""
    terms = counts.terms.frame()
    return {"terms": terms,
            "distinctive_terms": terms_mod.distinctive_terms(
                terms, ngram=None, style_words=terms_mod.style_words_of(config.name_lists)),
            # None: written part by part where the counts sent their hits (WordChoiceCounts(hits=))
            "loaded_terms": counts.loaded_terms() if counts.hits is None else None,
            "loaded_language": counts.loaded_language(config.lexicon),
            "spelling": counts.spelling(config.spelling_pairs)}

