"""The configuration: every data file the analyses read, as a corpus uses it, and its digest."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.language import clean
from analysis.measures import labels, loaded, spelling, terms, wordchoice
from analysis.people import registry as registry_mod
from analysis.people import name_lists

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
    registry: registry_mod.Registry
    label_rules: labels.LabelRules
    name_lists: name_lists.NameLists
    lexicon: pd.DataFrame
    stopwords: frozenset[str]
    spelling_pairs: pd.DataFrame

    @classmethod
    def for_corpus(cls, path: str | Path | None, *, rules_file: str | Path | None = None) -> "Config":
        rules = clean.load_rules(rules_file) if rules_file else clean.rules_for_corpus(path)
        return cls(rules, registry_mod.registry_for_corpus(path), labels.label_rules_for_corpus(path),
                   name_lists.load_name_lists(path), loaded.lexicon_for_corpus(path),
                   terms.stopwords_for_corpus(path), spelling.spelling_pairs_for_corpus(path))

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
        spec.append([loaded.lexicon_digest(self.lexicon), sorted(self.stopwords),
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
            content = (loaded.lexicon_digest(self.lexicon),
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

