"""Shared copy: which sentences an article shares with other articles (wire copy) versus
what the outlet wrote itself, and which quotations several outlets carry.

- :func:`mark_shared` marks the sentences whose normalised text also occurs in an article
  of another outlet (exact matching).
- :func:`align_sentences` finds each sentence's most similar sentence in every other
  article (through the shingles of :mod:`analysis.measures.shingles`);
  :func:`reuse_sentences`, :func:`reuse_pairs`, :func:`outlet_reuse`, :func:`own_share`
  and :func:`own_text_by_outlet` make tables of it.
- :func:`shared_quotations` groups the quotations several outlets carry, each version with
  its :func:`word_diff` against the first.
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from typing import Iterator

import pandas as pd
from rapidfuzz.distance import Indel

from analysis.corpus.outlets import outlet_order
from analysis.measures.shingles import (MIN_WORDS_TO_MATCH, SHARED_WITH_EDITS, SHINGLE, ShinglePostings,
                                        normalize_sentences, sentence_fingerprint, sentence_shingles,
                                        sentence_words)
from analysis.measures.voices import direct_quotations


def mark_shared(sentences: pd.DataFrame) -> pd.Series:
    """True for each sentence whose normalised text also occurs in an article of another
    outlet: shared (wire) copy rather than the outlet's own words. Exact matching after
    :func:`analysis.measures.shingles.normalize_sentence`; headlines and subheads are
    compared too."""
    keys = pd.Series(normalize_sentences(sentences.text.tolist()), index=sentences.index,
                     name=sentences.text.name)
    outlets_per_key = pd.Series(sentences.outlet.values, index=keys.values).groupby(level=0).nunique()
    return keys.map(outlets_per_key).fillna(0).gt(1).set_axis(sentences.index)


def align_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """For every sentence, its most similar sentence in each other article (difflib's
    SequenceMatcher ratio on the normalised word sequences; candidates are the sentences
    sharing at least MIN_SHARED_SHINGLES of its three-word shingles, found through an
    inverted index that ignores shingles common to more than MAX_POSTING sentences, so
    the work grows with the overlap, not the corpus squared). Returns one row per
    (sentence, other article with a candidate): article_id, sentence_id, other_article,
    other_sentence, similarity. The shingles of each article are merged in
    :class:`analysis.measures.shingles.ShinglePostings`, as the corpus-wide tables merge
    those computed article by article."""
    texts = sentences.text.tolist()
    postings = ShinglePostings()
    aids, sids = sentences.article_id.tolist(), sentences.sentence_id.tolist()
    for start, stop in _article_runs(aids):
        postings.add(aids[start], sids[start:stop], [sentence_shingles(t) for t in texts[start:stop]])
    return postings.align(lambda positions: {p: texts[p] for p in positions})


def _article_runs(article_ids: list[str]) -> Iterator[tuple[int, int]]:
    """(start, stop) of each run of one article's rows in a sentence table."""
    start = 0
    for k in range(1, len(article_ids) + 1):
        if k == len(article_ids) or article_ids[k] != article_ids[start]:
            yield start, k
            start = k


def sentence_postings(sentences: pd.DataFrame) -> ShinglePostings:
    """The :class:`analysis.measures.shingles.ShinglePostings` of a sentence table
    (article_id, outlet, sentence_id, n_words, text), with what
    :meth:`analysis.measures.shingles.ShinglePostings.reuse` needs."""
    texts = sentences.text.tolist()
    postings = ShinglePostings()
    aids, sids = sentences.article_id.tolist(), sentences.sentence_id.tolist()
    outlets, words = sentences.outlet.tolist(), sentences.n_words.tolist()
    for start, stop in _article_runs(aids):
        found = [sentence_fingerprint(t) for t in texts[start:stop]]
        postings.add(aids[start], sids[start:stop], [f[0] for f in found], keys=[f[1] for f in found],
                     n_words=words[start:stop], outlet=outlets[start])
    return postings


def best_matches(alignment: pd.DataFrame) -> pd.DataFrame:
    """Each aligned sentence's best match (highest similarity, then first other article)."""
    return (alignment.sort_values(["similarity", "other_article"], ascending=[False, True], kind="stable")
            .drop_duplicates(["article_id", "sentence_id"]))


def reuse_sentences(sentences: pd.DataFrame, alignment: pd.DataFrame, *,
                    best: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each sentence's status: "shared verbatim" (identical after normalisation to a
    sentence of another article), "shared with edits" (similarity >= SHARED_WITH_EDITS)
    or "own", with its best match. One row per sentence. ``best``: the alignment's
    :func:`best_matches`, when already found (a table made in chunks of sentences)."""
    top = best_matches(alignment) if best is None else best
    out = sentences[["article_id", "outlet", "sentence_id", "n_words", "text"]].merge(
        top, on=["article_id", "sentence_id"], how="left")
    out["similarity"] = pd.to_numeric(out.similarity, errors="coerce").fillna(0.0)
    out["status"] = ["shared verbatim" if s >= 1.0 else "shared with edits" if s >= SHARED_WITH_EDITS
                     else "own" for s in out.similarity]
    shared = out.status != "own"
    out["best_match_article"] = out.other_article.where(shared, "").fillna("")
    out["best_match_sentence"] = out.other_sentence.where(shared).astype("Int64")
    return out[["article_id", "outlet", "sentence_id", "status", "best_match_article",
                "best_match_sentence", "similarity", "n_words", "text"]]


def reuse_pairs(sentences: pd.DataFrame, alignment: pd.DataFrame) -> pd.DataFrame:
    """Per ordered pair of articles (a, b) that share text: the share of a's words in
    sentences that b also carries (similarity >= SHARED_WITH_EDITS). Pairs that share
    nothing are left out (a corpus of n articles has n² pairs)."""
    columns = ["article_a", "outlet_a", "article_b", "outlet_b", "n_words_a", "n_words_shared",
               "share_shared"]
    words = sentences.set_index(["article_id", "sentence_id"]).n_words
    totals = sentences.groupby("article_id").n_words.sum()
    outlet = sentences.drop_duplicates("article_id").set_index("article_id").outlet
    shared = alignment[alignment.similarity >= SHARED_WITH_EDITS]
    if shared.empty:
        return pd.DataFrame(columns=columns)
    n = shared.assign(n=words.reindex(pd.MultiIndex.from_frame(shared[["article_id", "sentence_id"]])).to_numpy()) \
        .groupby(["article_id", "other_article"], sort=False).n.sum().reset_index()
    out = pd.DataFrame({"article_a": n.article_id, "outlet_a": n.article_id.map(outlet),
                        "article_b": n.other_article, "outlet_b": n.other_article.map(outlet),
                        "n_words_a": n.article_id.map(totals).astype(int),
                        "n_words_shared": n.n.astype(int)})
    out["share_shared"] = (out.n_words_shared / out.n_words_a).round(4)
    rank = {a: i for i, a in enumerate(dict.fromkeys(sentences.article_id))}
    return out.sort_values(["article_a", "article_b"], key=lambda c: c.map(rank),
                           kind="stable").reset_index(drop=True)[columns]


def outlet_reuse(pairs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Shared copy between outlets, from the article pairs of :func:`reuse_pairs`
    (pairs not listed share nothing) and ``articles`` (article_id, outlet, in corpus
    order): one row per ordered pair of outlets (a, b), b = a included, with n_articles_a
    and share_shared, the mean over a's articles of the largest share of the article's
    words in sentences one article of b (another article, when b = a) also carries. With
    one article per outlet this is the share of that article the other outlet's carries.
    Every pair of outlets is listed (0.0: nothing shared), the corpus order kept."""
    order = outlet_order(articles.outlet)
    n = articles.groupby("outlet").article_id.nunique()
    if len(pairs):
        best = pairs.groupby(["article_a", "outlet_a", "outlet_b"], sort=False).share_shared.max()
        total = best.groupby(level=["outlet_a", "outlet_b"]).sum()
    else:
        total = pd.Series(dtype=float)
    n, total = n.to_dict(), total.to_dict()  # (a look-up per pair of outlets)
    rows = [{"outlet_a": a, "outlet_b": b, "n_articles_a": int(n[a]),
             "share_shared": round(float(total.get((a, b), 0.0)) / int(n[a]), 4)}
            for a in order for b in order]
    return pd.DataFrame(rows, columns=["outlet_a", "outlet_b", "n_articles_a", "share_shared"])


def own_share(reuse: pd.DataFrame) -> pd.DataFrame:
    """Per article: words in its own sentences and their share of its words."""
    g = reuse.assign(own=reuse.n_words.where(reuse.status == "own", 0)).groupby(
        ["article_id", "outlet"], sort=False)
    out = g.agg(n_words=("n_words", "sum"), n_words_own=("own", "sum")).reset_index()
    out["share_own"] = (out.n_words_own / out.n_words).round(4)
    return out


def own_text_by_outlet(reuse: pd.DataFrame) -> pd.DataFrame:
    """Per outlet with words (the index): n_words, n_words_own and share_own, summed over
    its articles (:func:`own_share` is per article)."""
    own = own_share(reuse).groupby("outlet")[["n_words", "n_words_own"]].sum()
    own = own[own.n_words > 0]
    return own.assign(share_own=own.n_words_own / own.n_words)


def word_diff(a: str, b: str) -> str:
    """Word-by-word difference of two sentences: [-removed-] and {+added+} (a to b)."""
    wa, wb = a.split(), b.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(wa[i1:i2])
        if op in ("replace", "delete"):
            out.append("[-" + " ".join(wa[i1:i2]) + "-]")
        if op in ("replace", "insert"):
            out.append("{+" + " ".join(wb[j1:j2]) + "+}")
    return " ".join(out)


def shared_quotations(quotes: pd.DataFrame, *, min_outlets: int = 2) -> pd.DataFrame:
    """Quotations that several outlets carry: quotations are grouped when their normalised
    words are at least SHARED_WITH_EDITS similar; one row per quotation of each group
    carried by at least ``min_outlets`` outlets, with group (largest first), outlet,
    speaker_entity, quote and diff (word by word against the group's first version)."""
    columns = ["group", "outlet", "article_id", "speaker_entity", "quote", "diff"]
    quotes = direct_quotations(quotes)
    q = quotes[quotes.n_words >= MIN_WORDS_TO_MATCH].reset_index(drop=True)
    words = [sentence_words(t) for t in q.quote]
    groups: list[list[int]] = []
    # a quotation joins the first group whose first version it matches; only groups whose
    # first version shares a three-word shingle with it are compared (two word sequences
    # 0.8 alike share one), so the work grows with the overlap, not the quotations squared
    heads: dict[int, list[int]] = defaultdict(list)  # shingle -> groups whose first version has it
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for i, w in enumerate(words):
        sh = {hash(tuple(w[k:k + SHINGLE])) for k in range(max(1, len(w) - SHINGLE + 1))}
        candidates = sorted({g for k in sh for g in heads.get(k, ())})
        indexed = False  # difflib keeps its index of the second sequence between calls
        for g in candidates:
            head = words[groups[g][0]]
            # upper bounds of ratio, cheapest first: a pair that fails one cannot match.
            # 2 * min / (sum of lengths); then 2 * the longest common subsequence / (sum of
            # lengths) (rapidfuzz's Indel distance is the sum less twice that length), at
            # least difflib's matched words, whose blocks are a common subsequence
            total = len(head) + len(w)
            if total and 2.0 * min(len(head), len(w)) / total < SHARED_WITH_EDITS:
                continue
            if total and (total - Indel.distance(head, w)) / total < SHARED_WITH_EDITS:
                continue
            if not indexed:
                matcher.set_seq2(w)
                indexed = True
            matcher.set_seq1(head)
            if matcher.ratio() >= SHARED_WITH_EDITS:
                groups[g].append(i)
                break
        else:
            for k in sh:
                heads[k].append(len(groups))
            groups.append([i])
    outlet, article, speaker, quote = (q[c].tolist() for c in ("outlet", "article_id", "speaker_entity", "quote"))
    n_outlets = {g[0]: len({outlet[i] for i in g}) for g in groups}
    groups = [g for g in groups if n_outlets[g[0]] >= min_outlets]
    groups.sort(key=lambda g: (-n_outlets[g[0]], g[0]))
    rows = []
    for n, g in enumerate(groups, start=1):
        first = quote[g[0]]
        for i in g:
            rows.append({"group": n, "outlet": outlet[i], "article_id": article[i],
                         "speaker_entity": speaker[i], "quote": quote[i],
                         "diff": word_diff(first, quote[i]) if i != g[0] else quote[i]})
    return pd.DataFrame(rows, columns=columns)
