"""How well analysis/people/names.py finds people, measured on NewsWCL50 (Hamborg et al. 2019).

Not a test: run ``python benchmarks/people_newswcl50.py [CORPUS_DIR]`` (default
``../shared/corpora/newswcl50`` beside this checkout). It exits with a message when the
corpus is absent.

The text comes from ``NewsWCL50.conll`` (50 articles, 10 events x 5 US outlets): tokens
are joined with single spaces, without a space before punctuation and clitics ("Trump
's" -> "Trump's"); the token ``\\n`` is a paragraph break; the first line is the headline.
Gold: the coreference chains of the CoNLL file. Definitions:

- **Gold name mention**: a mention of an ``_ACTOR`` chain (one named person each:
  Trump, Kim Jong Un, Comey, Macron, ... 22 chains) that holds a capitalised word of
  the actor's name ("Trump", "Mr. Kim", "President Donald Trump", "Kim Jong-un"; not
  "the president", "North Korean leader"). Its name words are those tokens.
- **Mention recall**: the share of gold name mentions that a ``person`` row of
  :func:`find_people` overlaps at a name word.
- **Judged precision**: of the ``person`` rows that overlap some annotated chain (any
  code type), the share whose chain is an actor (``_ACTOR`` or ``_ACTOR-I``, the
  annotators' individual actors, which also hold other named people: Rex Tillerson,
  Michael J. Green). NewsWCL50 annotates only the actors of each story, so person rows
  outside every chain are unjudged and counted apart.
- **Canonical grouping**: over the found gold name mentions, B-cubed precision and
  recall (Bagga & Baldwin 1998) of the corpus-wide canonical name
  (:func:`canonical_people` over all 50 articles) against the gold actor (chains of one
  person merged: "Jong_Un" and "Kim"; "Moon_Jae" and "Moon"; "Jinping" and "Xi";
  "Republicans_Trump" and "Trump").
"""
from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from analysis.people import canonical, name_lists, names as people

LISTS = name_lists.load_name_lists()  # the bundled name lists

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "newswcl50"
CONLL = Path("Diverse_CDCR_datasets/NewsWCL50-prep/output_data/NewsWCL50.conll")
NO_SPACE_BEFORE = {"-", ",", ".", ":", ";", "!", "?", "'s", "’s", "'", "’", "n't", ")", "]", "%", "”"}
NO_SPACE_AFTER = {"-", "(", "[", "“", "$"}
# chains that name the same person (the annotators coded some actors twice)
SAME_PERSON = {"Jong Un": "Kim", "Moon Jae": "Moon", "Jinping": "Xi", "Mike Pompeo": "Pompeo"}


def read_conll(path: Path):
    """{doc: (text, [(start, end, token, [chain labels])])}"""
    docs: dict[str, list] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        docs[f[0]].append((f[3], f[4] if len(f) > 4 else "-"))
    out = {}
    for doc, toks in docs.items():
        parts, spans, pos, prev = [], [], 0, None
        for tok, chains in toks:
            if tok == "\\n":
                if parts and parts[-1] != "\n":
                    parts.append("\n")
                    pos += 1
                prev = "\n"
                spans.append((pos, pos, tok, chains))
                continue
            if prev not in (None, "\n") and tok not in NO_SPACE_BEFORE and prev not in NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            spans.append((pos, pos + len(tok), tok, chains))
            parts.append(tok)
            pos += len(tok)
            prev = tok
        out[doc] = ("".join(parts), spans)
    return out


def gold_mentions(spans):
    """Chains' mentions: (label, first token index, last token index)."""
    open_: dict[str, list[int]] = defaultdict(list)
    found = []
    for k, (_, _, _, chains) in enumerate(spans):
        if chains.strip() in ("", "-"):
            continue
        for part in chains.split("|"):
            part = part.strip()
            label = part.strip("()")
            if part.startswith("("):
                open_[label].append(k)
            if part.endswith(")"):
                start = open_[label].pop() if open_[label] else k
                found.append((label, start, k))
    return found


def actor_of(label: str) -> str:
    """'0_USA_Republicans_Trump_ACTOR' -> 'Trump'."""
    name = label.rsplit("_ACTOR", 1)[0].split("_", 1)[1]  # drop the event number
    parts = name.split("_")[1:]  # drop the country code
    parts = [p for p in parts if p not in ("Republicans", "Democrats", "GBR-Misc")]
    name = " ".join(parts)
    return SAME_PERSON.get(name, name.split()[-1] if name else name)


def score(docs, rows_by_doc: dict, mapping: dict):
    """Gold name mentions found, judged person rows, (gold actor, predicted canonical) pairs
    and missed mentions over all articles (definitions in the module docstring)."""
    n_gold = n_found = 0
    judged = Counter()
    pairs = []  # (gold actor, predicted canonical) of found gold name mentions
    misses = Counter()
    for doc, (text, spans) in docs.items():
        persons = [r for r in rows_by_doc[doc] if r["kind"] == "person"]
        mentions = gold_mentions(spans)
        for label, a, b in mentions:
            if not label.endswith("_ACTOR"):
                continue
            actor = actor_of(label)
            name_words = set(label.rsplit("_ACTOR", 1)[0].split("_")[2:]) | set(actor.split())
            name_toks = [spans[k] for k in range(a, b + 1)
                         if spans[k][2][:1].isupper() and
                         any(w in spans[k][2] for w in name_words)]
            if not name_toks:
                continue
            n_gold += 1
            hit = next((r for r in persons for s, e, _, _ in name_toks
                        if r["start"] < e and s < r["end"]), None)
            if hit:
                n_found += 1
                pairs.append((actor, mapping.get(hit["canonical"], hit["canonical"])))
            else:
                misses[" ".join(spans[k][2] for k in range(a, b + 1))] += 1
        # judged precision
        chain_at = []
        for label, a, b in mentions:
            chain_at.append((spans[a][0], spans[b][1], label))
        for r in persons:
            over = [lab for s, e, lab in chain_at if r["start"] < e and s < r["end"]]
            if not over:
                judged["unjudged"] += 1
            elif any(lab.endswith("_ACTOR") or lab.endswith("_ACTOR-I") for lab in over):
                judged["actor"] += 1
            else:
                judged["other:" + over[0].rsplit("_", 1)[-1]] += 1
    return n_gold, n_found, judged, pairs, misses


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT
    path = root / CONLL
    if not path.exists():
        print(f"NewsWCL50 not found at {path}: nothing measured (give the corpus folder as "
              f"the first argument).")
        return 1
    docs = read_conll(path)
    t0 = time.perf_counter()
    rows_by_doc, n_chars = {}, 0
    for doc, (text, _) in docs.items():
        rows_by_doc[doc] = people.find_people(text, people.sentences_of(text, headline=True), lists=LISTS)
        n_chars += len(text)
    seconds = time.perf_counter() - t0
    mapping = canonical.canonical_people([r for rows in rows_by_doc.values() for r in rows],
                                         suffixes=LISTS.vocabulary.suffix)

    n_gold, n_found, judged, pairs, misses = score(docs, rows_by_doc, mapping)
    wrong = sum(v for k, v in judged.items() if k.startswith("other:"))
    n_person = sum(judged.values())
    n_org = sum(r["kind"] == "organisation" for rows in rows_by_doc.values() for r in rows)

    # B-cubed over found gold name mentions
    by_gold, by_pred = Counter(g for g, _ in pairs), Counter(p for _, p in pairs)
    both = Counter(pairs)
    b3_p = sum(both[(g, p)] / by_pred[p] for g, p in pairs) / len(pairs) if pairs else 0
    b3_r = sum(both[(g, p)] / by_gold[g] for g, p in pairs) / len(pairs) if pairs else 0

    print(f"NewsWCL50: {len(docs)} articles, {n_chars:,} characters; find_people "
          f"{seconds:.2f} s ({seconds / max(n_chars, 1) * 1e6:.1f} us/char)")
    print(f"mention recall (gold actor mentions holding a capitalised name word): "
          f"{n_found}/{n_gold} = {n_found / max(n_gold, 1):.1%}")
    print(f"judged precision (person rows on an annotated chain that is an actor): "
          f"{judged['actor']}/{judged['actor'] + wrong} = "
          f"{judged['actor'] / max(judged['actor'] + wrong, 1):.1%}; "
          f"wrong by chain type: {dict(sorted((k[6:], v) for k, v in judged.items() if k.startswith('other:')))}")
    print(f"person rows: {n_person} ({judged['unjudged']} outside every annotated chain, unjudged); "
          f"organisation rows: {n_org}")
    print(f"canonical grouping over found gold mentions (B-cubed): precision {b3_p:.1%}, "
          f"recall {b3_r:.1%}")
    per_actor = defaultdict(Counter)
    for g, p in pairs:
        per_actor[g][p] += 1
    for g in sorted(per_actor, key=lambda g: -sum(per_actor[g].values()))[:8]:
        print(f"  {g}: {dict(per_actor[g].most_common(4))}")
    print("most frequent missed gold mentions:", dict(misses.most_common(12)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
