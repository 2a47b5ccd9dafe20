"""Shingles: how the sentences articles share are found. A sentence's normalised words
(:func:`normalize_sentence`) give its three-word shingles, hashed alike in every process
(:func:`sentence_shingles`), and a key for its verbatim copies (:func:`sentence_key`);
:class:`ShinglePostings` merges those of every article into an inverted index whose
candidates difflib compares, and :class:`Reuse` holds what it found. The shared-copy
tables are made from them in :mod:`analysis.measures.shared_copy`.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import numpy as np

# A sentence is shared when its best match in another article reaches this similarity
# (difflib ratio of the normalised word sequences); 1.0 is verbatim.
SHARED_WITH_EDITS = 0.8
MIN_WORDS_TO_MATCH = 4
SHINGLE = 3
# A shingle found in more sentences than this is boilerplate phrasing, not evidence of reuse.
MAX_POSTING = 200
# ShinglePostings drops the shingles of verbatim copies each time this many were added
COMPACT_EVERY = 8_000_000
# Candidates must share at least this share of a sentence's shingles (a sentence shared
# with small edits keeps most of them).
MIN_SHARED_SHINGLES = 0.3


def normalize_sentence(sentence: str) -> str:
    """Sentence text for exact matching of shared copy: case-folded, every character that
    is not a letter, digit or space removed (so quotes, dashes and hyphens do not count:
    "long-standing" = "longstanding"), spaces collapsed."""
    s = re.sub(r"[^\w\s]|_", "", sentence.casefold())
    return re.sub(r"\s+", " ", s).strip()


# Joins sentences for the one-pass form of normalize_sentence: a character that is
# whitespace to ``re`` (so normalising keeps it) and that no cleaned text holds (texts that
# do are normalised one by one)
_JOIN = "\x1e"


def normalize_sentences(texts: list[str]) -> list[str]:
    """:func:`normalize_sentence` of each text, in one pass of each regular expression
    over the texts joined (case folding maps character by character; the separator is
    whitespace the collapse leaves alone), for a whole sentence table at once."""
    if any(_JOIN in t for t in texts):
        return [normalize_sentence(t) for t in texts]
    joined = re.sub(r"[^\w\s]|_", "", _JOIN.join(texts).casefold())
    joined = re.sub(r"[^\S\x1e]{2,}|[^\S \x1e]", " ", joined)  # (a lone space stays)
    return [t.strip() for t in joined.split(_JOIN)]


def sentence_words(sentence: str) -> list[str]:
    """A sentence's words, normalised (:func:`normalize_sentence`)."""
    return normalize_sentence(sentence).split()


def _shingle_hash(shingle: str) -> int:
    """A 64-bit hash of a shingle that is the same in every process and on every machine
    (Python's ``hash`` of text changes with each interpreter), so that shingles hashed by
    the per-article workers meet in one index."""
    import hashlib

    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little", signed=True)


def _shingles(words: list[str]) -> list[int]:
    if len(words) < MIN_WORDS_TO_MATCH:
        return []
    return sorted({_shingle_hash(" ".join(words[k:k + SHINGLE]))
                   for k in range(max(1, len(words) - SHINGLE + 1))})


def sentence_key(sentence: str) -> int:
    """A 64-bit hash of a sentence's normalised words (the same in every process): two
    sentences with the same key are verbatim copies (similarity 1.0)."""
    return _shingle_hash("\x1f".join(sentence_words(sentence)))


def sentence_fingerprint(sentence: str) -> tuple[list[int], int]:
    """:func:`sentence_shingles` and :func:`sentence_key` of a sentence (the key 0 for a
    sentence without shingles, which is never matched), its words normalised once."""
    words = sentence_words(sentence)
    shingles = _shingles(words)
    return shingles, _shingle_hash("\x1f".join(words)) if shingles else 0


def sentence_shingles(sentence: str) -> list[int]:
    """The distinct SHINGLE-word shingles of a sentence's normalised words
    (:func:`normalize_sentence`), hashed (:func:`_shingle_hash`) and
    sorted; none for a sentence of fewer than MIN_WORDS_TO_MATCH words. Computed article
    by article (:func:`analysis.pipeline.process.process_article`); :class:`ShinglePostings`
    merges them."""
    return _shingles(sentence_words(sentence))


class ShinglePostings:
    """The shingles of every sentence of a corpus, merged from those of its articles
    (:func:`sentence_shingles`) added in corpus order: numeric arrays (a shingle's hash
    and its sentence, each sentence's article and number of shingles), not text.
    :meth:`align` gives :func:`analysis.measures.shared_copy.align_sentences`'s table,
    reading the words of only the sentences that have a candidate in another article."""

    def __init__(self):
        self.article_ids: list[str] = []
        self._article: dict[str, int] = {}  # article id -> its position in article_ids
        self._runs: list[int] = []  # the article of each run of sentences added
        self._sentence_ids: list = []  # per run: numpy arrays
        self._hashes: list = []
        self._counts: list = []
        self._keys: list = []  # per run: each sentence's sentence_key (None: not given)
        self._n_words: list = []  # per run: each sentence's words (None: not given)
        self.outlets: dict[int, str] = {}  # article position -> outlet
        self._stored: list | None = None  # per run, after a _compact: shingles kept per sentence
        self._pending = 0  # shingles added since the last _compact
        self.compacted = False

    def add(self, article_id: str, sentence_ids: list[int], shingles: list[list[int]], *,
            keys: list[int] | None = None, n_words: list[int] | None = None,
            outlet: str | None = None) -> None:
        """Add one article's sentences (their ids and shingles, in order; for
        :meth:`reuse`, also their :func:`sentence_key`, words and the article's outlet)."""
        self._runs.append(self._article.setdefault(article_id, len(self._article)))
        if self._runs[-1] == len(self.article_ids):
            self.article_ids.append(article_id)
        import numpy as np

        self._keys.append(None if keys is None else np.asarray(keys, dtype=np.int64).reshape(-1))
        self._n_words.append(None if n_words is None else np.asarray(n_words, dtype=np.int64).reshape(-1))
        if outlet is not None:
            self.outlets.setdefault(self._runs[-1], outlet)

        # numeric arrays, 8 bytes a value (a list of Python ints would take 40)
        self._sentence_ids.append(np.asarray(sentence_ids, dtype=np.int64))
        self._counts.append(np.fromiter(map(len, shingles), dtype=np.int64, count=len(shingles)))
        self._hashes.append(np.fromiter((h for s in shingles for h in s), dtype=np.int64,
                                        count=int(self._counts[-1].sum())))
        self._pending += len(self._hashes[-1])
        if keys is not None and self._pending > COMPACT_EVERY:
            self._compact()

    def _compact(self) -> None:
        """Drop the shingles of the sentences that are verbatim copies of an earlier one
        (the same key): :meth:`reuse` reads only each class's first sentence's. The
        shingles of a corpus of copies then take the room of its distinct sentences."""
        import numpy as np

        self._pending = 0
        if any(k is None for k in self._keys):
            return
        z = np.zeros(0, np.int64)
        lengths = [len(c) for c in self._counts]
        counts = np.concatenate([z, *self._counts])
        kept = np.concatenate([z, *self._stored_counts()])
        keys = np.concatenate([z, *self._keys])
        has = np.flatnonzero(counts > 0)
        _, first = np.unique(keys[has], return_index=True)
        first_copy = np.zeros(len(counts), bool)
        first_copy[has[first]] = True
        new = np.where(first_copy, kept, 0)
        if (new == kept).all():
            return
        hashes = np.concatenate([z, *self._hashes])
        hashes = hashes[np.repeat(first_copy, kept)]
        run_of = np.repeat(np.arange(len(lengths)), lengths)
        per_run = np.bincount(run_of, weights=new, minlength=len(lengths)).astype(np.int64)
        self._hashes = np.split(hashes, np.cumsum(per_run)[:-1])
        self._stored = np.split(new, np.cumsum(lengths)[:-1])
        self.compacted = True

    def _stored_counts(self) -> list:
        """Per run: each sentence's shingles kept in ``_hashes`` (all, until a
        :meth:`_compact` drops a copy's)."""
        if self._stored is None:
            return list(self._counts)
        return self._stored + list(self._counts[len(self._stored):])

    def candidates(self):
        """The pairs (i, j) of sentences (their position in corpus order) in different
        articles where j shares at least MIN_SHARED_SHINGLES of i's shingles, counting
        only the shingles found in at most MAX_POSTING sentences; sorted by i, then j.
        Also each sentence's article (position) and sentence id."""
        import numpy as np

        if self.compacted:
            raise ValueError("the shingles of verbatim copies were dropped (ShinglePostings.reuse reads them)")
        counts = np.concatenate([np.zeros(0, np.int64), *self._counts])
        article = np.repeat(np.asarray(self._runs, dtype=np.int64), [len(a) for a in self._counts])
        sentence_ids = np.concatenate([np.zeros(0, np.int64), *self._sentence_ids])
        hashes = np.concatenate([np.zeros(0, np.int64), *self._hashes])
        owner = np.repeat(np.arange(len(counts)), counts)
        n = max(len(counts), 1)
        order = np.argsort(hashes, kind="stable")
        hashes, owner = hashes[order], owner[order]
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if len(hashes) else np.zeros(0, int)
        sizes = np.diff(np.r_[starts, len(hashes)])
        keys = [np.zeros(0, np.int64)]
        for size in np.unique(sizes[(sizes >= 2) & (sizes <= MAX_POSTING)]):
            first, second = np.triu_indices(size, 1)
            group_starts = starts[sizes == size]
            step = max(1, 4_000_000 // len(first))  # postings per block: bounded memory
            for b in range(0, len(group_starts), step):
                members = owner[group_starts[b:b + step, None] + np.arange(size)]
                lo, hi = members[:, first].ravel(), members[:, second].ravel()
                other = article[lo] != article[hi]
                keys.append(np.minimum(lo, hi)[other] * n + np.maximum(lo, hi)[other])
        pairs, shared = np.unique(np.concatenate(keys), return_counts=True)
        lo, hi = pairs // n, pairs % n
        need = np.maximum(1, (MIN_SHARED_SHINGLES * counts).astype(np.int64))
        forward, backward = shared >= need[lo], shared >= need[hi]
        i = np.concatenate([lo[forward], hi[backward]])
        j = np.concatenate([hi[forward], lo[backward]])
        order = np.lexsort((j, i))
        return i[order], j[order], article, sentence_ids

    def align(self, texts_of) -> pd.DataFrame:
        """:func:`analysis.measures.shared_copy.align_sentences`'s table.
        ``texts_of(positions)``: the texts of the sentences at those positions (in the
        order they were added, from 0), as a dict position -> text; only the sentences
        with a candidate are asked for."""
        i, j, article, sentence_ids = self.candidates()
        words = {k: sentence_words(t) for k, t in texts_of(sorted(set(i.tolist()) | set(j.tolist()))).items()}
        import numpy as np

        first, second = i.tolist(), j.tolist()
        ratios = [1.0] * len(first)
        # ratio(a, b) pair by pair, the pairs taken by b: difflib indexes its second
        # sequence, which is kept while b stays the same
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        current = None
        for k in np.argsort(j, kind="stable").tolist():
            a, b = first[k], second[k]
            if words[a] != words[b]:
                if b != current:
                    matcher.set_seq2(words[b])
                    current = b
                matcher.set_seq1(words[a])
                ratios[k] = matcher.ratio()
        best: dict[tuple[int, int], tuple[float, int]] = {}
        for a, b, ratio in zip(first, second, ratios):  # in sentence order: ties go to the first
            key = (a, int(article[b]))
            if key not in best or ratio > best[key][0]:
                best[key] = (ratio, b)
        ids = self.article_ids
        rows = [{"article_id": ids[article[a]], "sentence_id": int(sentence_ids[a]),
                 "other_article": ids[other], "other_sentence": int(sentence_ids[b]),
                 "similarity": round(r, 4)}
                for (a, other), (r, b) in best.items()]
        return pd.DataFrame(rows, columns=["article_id", "sentence_id", "other_article",
                                           "other_sentence", "similarity"])


    def reuse(self, texts_of) -> "Reuse":
        """The shared-copy tables without the alignment table (one row per sentence and
        other article, which grows with the square of the copies of a text: an article
        carried by 24 outlets has 23 rows per sentence): :class:`Reuse`, equal to
        :func:`analysis.measures.shared_copy.reuse_pairs` and
        :func:`analysis.measures.shared_copy.best_matches` of :meth:`align`'s table. Needs
        the sentences' keys, words and outlets (:meth:`add`).

        Verbatim copies (the same :func:`sentence_key`) are one class: candidates and
        difflib ratios are found between classes, with what decides them counted in
        sentences as :meth:`candidates` counts them (a shingle found in more than
        MAX_POSTING sentences is left out; a class pairs with itself across articles),
        so the work grows with the distinct sentences, not with their copies."""
        import numpy as np

        if any(k is None for k in self._keys) or any(n is None for n in self._n_words):
            raise ValueError("ShinglePostings.reuse needs each sentence's key and words (add(keys=, n_words=))")
        z = np.zeros(0, np.int64)
        counts = np.concatenate([z, *self._counts])
        article = np.repeat(np.asarray(self._runs, dtype=np.int64), [len(a) for a in self._counts])
        hashes = np.concatenate([z, *self._hashes])
        keys = np.concatenate([z, *self._keys])
        n_words = np.concatenate([z, *self._n_words])
        n = len(counts)
        # classes of verbatim copies among the sentences with shingles
        members = np.flatnonzero(counts > 0)
        _, first, cls_of = np.unique(keys[members], return_index=True, return_inverse=True)
        cls_of = cls_of.reshape(-1)
        n_cls = len(first)
        cls = np.full(n, -1, np.int64)
        cls[members] = cls_of
        rep = members[first]  # each class's first sentence
        size = np.bincount(cls_of, minlength=n_cls)
        rep_counts = counts[rep]
        offsets = np.r_[0, np.cumsum(np.concatenate([z, *self._stored_counts()]))]
        within = np.arange(int(rep_counts.sum())) - np.repeat(np.cumsum(rep_counts) - rep_counts, rep_counts)
        rep_hash = hashes[np.repeat(offsets[rep], rep_counts) + within]
        owner = np.repeat(np.arange(n_cls), rep_counts)
        order = np.argsort(rep_hash, kind="stable")
        rep_hash, owner = rep_hash[order], owner[order]
        starts = np.flatnonzero(np.r_[True, rep_hash[1:] != rep_hash[:-1]]) if len(rep_hash) else z
        n_classes = np.diff(np.r_[starts, len(rep_hash)])
        n_sentences = np.add.reduceat(size[owner], starts) if len(starts) else z
        kept = (n_sentences >= 2) & (n_sentences <= MAX_POSTING)
        own_shared = np.bincount(owner[np.repeat(kept, n_classes)], minlength=n_cls)
        pair_keys = [z]
        use = kept & (n_classes >= 2)
        for k in np.unique(n_classes[use]):
            one, two = np.triu_indices(k, 1)
            group_starts = starts[use & (n_classes == k)]
            step = max(1, 4_000_000 // len(one))
            for b in range(0, len(group_starts), step):
                m = owner[group_starts[b:b + step, None] + np.arange(k)]
                lo, hi = m[:, one].ravel(), m[:, two].ravel()
                pair_keys.append(np.minimum(lo, hi) * n_cls + np.maximum(lo, hi))
        pairs, shared = np.unique(np.concatenate(pair_keys), return_counts=True)
        lo, hi = pairs // max(n_cls, 1), pairs % max(n_cls, 1)
        need = np.maximum(1, (MIN_SHARED_SHINGLES * rep_counts).astype(np.int64))
        forward, backward = shared >= need[lo], shared >= need[hi]
        itself = np.flatnonzero((size >= 2) & (own_shared >= need))
        src = np.concatenate([lo[forward], hi[backward], itself])
        dst = np.concatenate([hi[forward], lo[backward], itself])
        # difflib's ratio of each ordered pair of classes (a verbatim copy: 1.0)
        wanted = sorted(set(rep[src].tolist()) | set(rep[dst].tolist()))
        words = {k: sentence_words(t) for k, t in texts_of(wanted).items()}
        ratio = np.ones(len(src))
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        current = None
        for k in np.lexsort((src, dst)).tolist():
            a, b = int(rep[src[k]]), int(rep[dst[k]])
            if src[k] != dst[k] and words[a] != words[b]:
                if b != current:
                    matcher.set_seq2(words[b])
                    current = b
                matcher.set_seq1(words[a])
                ratio[k] = matcher.ratio()
        return Reuse(self, cls, size, src, dst, ratio, article, n_words,
                     np.concatenate([z, *self._sentence_ids]).astype(np.int64))


@dataclass
class Reuse:
    """What :meth:`ShinglePostings.reuse` found: each sentence's class of verbatim copies
    (``cls``, -1 for a sentence without shingles) and the candidate class pairs
    (``src`` -> ``dst``) with their difflib ratio; :attr:`pairs` is
    :func:`analysis.measures.shared_copy.reuse_pairs`' table, :meth:`best`
    :func:`analysis.measures.shared_copy.best_matches`' rows."""
    postings: "ShinglePostings"
    cls: "np.ndarray"
    size: "np.ndarray"
    src: "np.ndarray"
    dst: "np.ndarray"
    ratio: "np.ndarray"
    article: "np.ndarray"
    n_words: "np.ndarray"
    sentence_ids: "np.ndarray"

    def __post_init__(self):
        import numpy as np

        order = np.argsort(self.cls, kind="stable")  # each class's sentences, in corpus order
        self._members = order[np.searchsorted(self.cls[order], 0):]
        self._cls_start = np.searchsorted(self.cls[self._members], np.arange(len(self.size) + 1))
        by = np.argsort(self.src, kind="stable")
        self._cand = by
        self._cand_start = np.searchsorted(self.src[by], np.arange(len(self.size) + 1))
        ids = self.postings.article_ids
        text_rank = np.empty(len(ids), np.int64)
        text_rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(len(ids))
        self._text_rank = text_rank
        self._best = self._find_best()

    def members(self, c: int):
        return self._members[self._cls_start[c]:self._cls_start[c + 1]]

    def _candidates(self, c: int):
        """Class ``c``'s candidate sentences with their ratio, each once per class pair."""
        import numpy as np

        ks = self._cand[self._cand_start[c]:self._cand_start[c + 1]]
        if not len(ks):
            return np.zeros(0, np.int64), np.zeros(0)
        parts = [self.members(int(self.dst[k])) for k in ks.tolist()]
        return np.concatenate(parts), np.repeat(self.ratio[ks], [len(p) for p in parts])

    def _find_best(self):
        """Per sentence: the other article and sentence of its best match and the
        similarity (-1 where it has none): the highest rounded similarity, then the
        first other article in text order; in that article the highest ratio, then the
        first sentence."""
        import numpy as np

        n = len(self.cls)
        other = np.full(n, -1, np.int64)
        similarity = np.zeros(n)
        for c in np.unique(self.src).tolist():
            cand, r = self._candidates(c)
            rounded = np.round(r, 4)
            # rounded similarity (high first), the other article's id (text order), ratio
            # (high first), position (first)
            order = np.lexsort((cand, -r, self._text_rank[self.article[cand]], -rounded))
            cand, rounded, arts = cand[order], rounded[order], self.article[cand[order]]
            for a in self.members(c).tolist():
                mine = arts != self.article[a]
                if mine.any():
                    k = int(np.argmax(mine))
                    other[a], similarity[a] = cand[k], rounded[k]
        return other, similarity

    def best(self, start: int = 0, stop: int | None = None) -> pd.DataFrame:
        """:func:`analysis.measures.shared_copy.best_matches` of the alignment, for the
        sentences at positions ``start`` to ``stop`` (in corpus order)."""
        import numpy as np

        other, similarity = self._best
        stop = len(other) if stop is None else stop
        at = start + np.flatnonzero(other[start:stop] >= 0)
        ids = np.asarray(self.postings.article_ids, dtype=object)
        b = other[at]
        return pd.DataFrame({"article_id": ids[self.article[at]], "sentence_id": self.sentence_ids[at],
                             "other_article": ids[self.article[b]], "other_sentence": self.sentence_ids[b],
                             "similarity": similarity[at]})

    @property
    def pairs(self) -> pd.DataFrame:
        """:func:`analysis.measures.shared_copy.reuse_pairs`' table: per ordered pair of
        articles (a, b), the words of a's sentences whose best match in b has a similarity
        of at least SHARED_WITH_EDITS."""
        import numpy as np

        columns = ["article_a", "outlet_a", "article_b", "outlet_b", "n_words_a", "n_words_shared",
                   "share_shared"]
        # the articles each class's sentences are shared with (their matches reaching
        # SHARED_WITH_EDITS), then the words of those sentences by article, summed over
        # the classes shared with the same articles
        strong = np.round(self.ratio, 4) >= SHARED_WITH_EDITS
        targets: dict[int, set] = {}
        for c, d in zip(self.src[strong].tolist(), self.dst[strong].tolist()):
            targets.setdefault(c, set()).update(self.article[self.members(d)].tolist())
        signature: dict[tuple, int] = {}
        sig_of = np.full(len(self.size), -1, np.int64)
        for c, arts in targets.items():
            sig_of[c] = signature.setdefault(tuple(sorted(arts)), len(signature))
        at = np.flatnonzero(self.cls >= 0)
        at = at[sig_of[self.cls[at]] >= 0]
        n_art = max(len(self.postings.article_ids), 1)
        key = sig_of[self.cls[at]] * n_art + self.article[at]
        uniq, inverse = np.unique(key, return_inverse=True)
        weight = np.bincount(inverse.reshape(-1), weights=self.n_words[at], minlength=len(uniq))
        sigs = [np.asarray(arts, dtype=np.int64) for arts in signature]
        firsts, seconds, weights = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0)]
        for k, w in zip(uniq.tolist(), weight.tolist()):  # the words of article a shared with each x
            x = sigs[k // n_art]
            firsts.append(np.full(len(x), k % n_art, np.int64))
            seconds.append(x)
            weights.append(np.full(len(x), w))
        a, x, w = np.concatenate(firsts), np.concatenate(seconds), np.concatenate(weights)
        other = a != x
        pair, inverse = np.unique(a[other] * n_art + x[other], return_inverse=True)
        if not len(pair):
            return pd.DataFrame(columns=columns)
        words = np.bincount(inverse.reshape(-1), weights=w[other], minlength=len(pair)).astype(np.int64)
        a, x = pair // n_art, pair % n_art
        totals = np.bincount(self.article, weights=self.n_words, minlength=n_art).astype(np.int64)
        ids = np.asarray(self.postings.article_ids, dtype=object)
        outlets = np.asarray([self.postings.outlets.get(k) for k in range(len(ids))], dtype=object)
        out = pd.DataFrame({"article_a": ids[a], "outlet_a": outlets[a], "article_b": ids[x],
                            "outlet_b": outlets[x], "n_words_a": totals[a], "n_words_shared": words})
        out["share_shared"] = (out.n_words_shared / out.n_words_a).round(4)
        return out[columns]
