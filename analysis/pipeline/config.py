"""The configuration: every data file the analyses read, as a corpus uses it, and its
digest, which keys the store (:func:`analysis.pipeline.keys.store_key`).

The configuration digests itself: each field names, in its metadata, the function of the
module that owns its data file and gives that file's digest as loaded; :meth:`Config.digest`
combines them with the versions of the libraries whose results are in the tables. A field
added without a digest is an error the first time a digest is asked for
(tests/test_config.py), never a store that silently keeps stale tables."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from analysis.corpus.digests import content_digest
from analysis.language import clean, fastlib
from analysis.measures import labels, loaded, spelling, terms, wordchoice
from analysis.people import name_lists
from analysis.people import registry as registry_mod

# The word lists of the Config last used in this process, by content (Config.word_lists)
_WORD_LISTS: dict[tuple[str, str, str], "wordchoice.WordLists"] = {}
# The fields the word-choice counts read (Config.word_lists and the derived word-choice
# tables of analysis.pipeline.tables key on their digests)
WORD_LIST_FIELDS = ("lexicon", "stopwords", "spelling_pairs")


def _digested_by(digest) -> dict:
    """A field's metadata: the function that gives the digest of its value."""
    return {"digest": digest}


@dataclass
class Config:
    """Every data file the analyses read, as a corpus uses it: the cleaning rules, the
    naming registry, the label word lists and the people detector's name lists with the
    closed English vocabulary of the rules (``name_lists.vocabulary``; read by the
    per-article work), and the loaded-language lexicon, stop words and spelling pairs
    (read by the corpus-wide tables). :meth:`for_corpus` reads each through
    :func:`analysis.corpus.paths.data_files`: the corpus folder's own file replaces the bundled
    one, its ``.extra`` file adds to it."""

    rules: list[clean.Rule] = field(metadata=_digested_by(clean.rules_digest))
    registry: registry_mod.Registry = field(metadata=_digested_by(registry_mod.Registry.digest))
    label_rules: labels.LabelRules = field(metadata=_digested_by(labels.LabelRules.digest))
    name_lists: name_lists.NameLists = field(metadata=_digested_by(name_lists.NameLists.digest))
    lexicon: pd.DataFrame = field(metadata=_digested_by(loaded.lexicon_digest))
    stopwords: frozenset[str] = field(metadata=_digested_by(terms.stopwords_digest))
    spelling_pairs: pd.DataFrame = field(metadata=_digested_by(spelling.pairs_digest))

    @classmethod
    def for_corpus(cls, path: str | Path | None, *, rules_file: str | Path | None = None) -> "Config":
        rules = clean.load_rules(rules_file) if rules_file else clean.rules_for_corpus(path)
        return cls(rules, registry_mod.registry_for_corpus(path), labels.label_rules_for_corpus(path),
                   name_lists.load_name_lists(path), loaded.lexicon_for_corpus(path),
                   terms.stopwords_for_corpus(path), spelling.spelling_pairs_for_corpus(path))

    def digests(self, names: tuple[str, ...] | None = None) -> dict[str, str]:
        """The digest of each field (of the fields ``names`` only, when given), given by the
        module that owns its data file, and of the libraries
        (:func:`analysis.language.fastlib.library_versions`; only when every field is asked
        for). Raises TypeError for a field whose metadata names no digest."""
        out = {}
        for f in fields(self):
            if names is not None and f.name not in names:
                continue
            digest = f.metadata.get("digest")
            if digest is None:
                raise TypeError(f"Config.{f.name} has no digest: give the field "
                                "metadata=_digested_by(FUNCTION), FUNCTION from the module that "
                                "owns its data file")
            out[f.name] = digest(getattr(self, f.name))
        if names is None:
            out["libraries"] = content_digest(fastlib.library_versions())
        return out

    def digest(self) -> str:
        """One digest of every data file as loaded and of the libraries (:meth:`digests`)."""
        return content_digest(self.digests())

    def word_lists(self) -> wordchoice.WordLists:
        """The stop words, lexicon and spelling pairs made ready for counting
        (:class:`analysis.measures.wordchoice.WordLists`, about 0.15 s to build): kept on this
        object until one of them is replaced, and in the process by their content (a
        process pool unpickles a new Config with each chunk of articles)."""
        made = (id(self.stopwords), id(self.lexicon), id(self.spelling_pairs))
        cached = self.__dict__.get("_word_lists")
        if cached is None or cached[0] != made:
            content = tuple(self.digests(WORD_LIST_FIELDS).values())
            if content not in _WORD_LISTS:
                _WORD_LISTS.clear()  # one set of word lists at a time
                _WORD_LISTS[content] = wordchoice.WordLists(self.stopwords, self.lexicon, self.spelling_pairs)
            cached = (made, _WORD_LISTS[content])
            self.__dict__["_word_lists"] = cached
        return cached[1]

    def __getstate__(self) -> dict:  # the word lists are rebuilt where they are used
        return {k: v for k, v in self.__dict__.items() if k != "_word_lists"}

