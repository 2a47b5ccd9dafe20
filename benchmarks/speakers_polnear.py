"""Benchmark: quotations and speakers against PolNeAR's hand annotations (prints figures; not a test).

    python benchmarks/speakers_polnear.py [--corpus DIR] [--limit N] [--seed S] [--jobs J]
                                          [--examples K] [--misses M]

Default corpus: ../shared/corpora/polnear (PolNeAR, Newell, Margolin & Ruths, LREC 2018;
the train split: 840 US election articles of 2015-16 from 7 outlets, every attribution
marked by hand as source, cue and content, brat standoff offsets into the text files).
The texts are read from there and from a temporary folder, never copied into this
repository. The suite runs as a user runs it: a JSON Lines table (article_id, outlet,
published, text = the text file as it is) is written into a temporary folder and
:func:`analysis.pipeline.export.write_tables` turns it into the tables, with the bundled rules and
registry (``Config.for_corpus(None)``); the benchmark reads the quotes.csv and
articles.csv it writes.

Definitions (each is a function below, tested in tests/test_benchmark_speakers.py). The
gold side (gold attribution, quoted stretch, direct quotation, reported speech, a source
that names a person, surname) is defined in ``benchmarks/polnear_gold.py``; here:

- **Found**: a quotation of the suite (a quotes.csv row; when quotes.csv has an
  ``attribution`` column, only rows with ``direct``) whose span, mapped back to the raw
  text, overlaps the gold quoted part by at least one character. The suite's offsets
  index its analysis text (cleaned: spaces collapsed, NFC, boilerplate lines dropped);
  they are mapped back by aligning the analysis text to the raw text paragraph by
  paragraph on their non-space characters (when a paragraph cannot be aligned, the
  quotation's own words, or its first and last 20 characters, are looked up in the raw
  text).
- **Speaker names that person**: the surname appears, as a whole word and ignoring case,
  in one of the found quotations' speaker fields: ``speaker`` (as written),
  ``speaker_canonical`` when the column exists, ``speaker_entity`` and the registry
  name of that entity.
- **Reported speech found with the right source**: a quotes.csv row with
  ``attribution`` = ``reported`` overlapping the gold content by at least one
  character, whose speaker fields contain the gold source's key word as a whole word
  (ignoring case): the surname when the source names a person, else the last word of
  the source's first piece without its possessive ("spokesman", "campaign", "he",
  "Times"), and for a source that is a relative pronoun ("who", "which"), the pronoun. Without an ``attribution`` column the suite produces no reported speech and
  the line says so (0 of n).
- **Reported speech with a verb of speech as cue**: the same figure for the gold
  attributions whose cue holds one of ``SPEECH_VERBS`` ("said", "told", "according to",
  …), reported speech in the narrow sense; PolNeAR marks attributions of belief, stance
  and action too ("Women back him").
- **Suite quotations matching no gold attribution** (a precision proxy): the suite's
  direct quotations that overlap the content of no gold attribution (direct or
  reported) by at least one character. PolNeAR marks every attribution, so these are
  mostly quotations nobody is said to have said (titles, slogans, scare quotes of three
  or more words), or annotation gaps.
"""
from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import pandas as pd

from analysis.corpus import paths
from analysis.measures import voices
from polnear_gold import (SPLIT, GoldArticle, capitalised_inside, overlaps, read_gold,
                          source_key, span_text)  # this script's folder

DEFAULT = paths.ROOT.parent / "shared" / "corpora" / "polnear"
ANCHOR_CHARS = 20  # non-space characters that anchor a quotation the alignment missed
TARGETS = {"found": 0.90, "speaker": 0.85, "reported": 0.60}  # issue 12's acceptance


# Reported speech in the narrow sense: attributions whose cue holds one of these verbs of
# saying (any form) or "according to". PolNeAR also marks attributions of belief, stance and
# action ("Women back him", "Romney went after Trump"); this line shows the suite on speech.
SPEECH_VERBS = ("said", "told", "according to", "say", "says", "saying", "tell", "tells",
                "telling", "added", "adding", "adds", "wrote", "writes", "written", "noted",
                "notes", "noting", "announced", "announces", "asked", "asks", "explained",
                "claimed", "claims", "argued", "argues", "insisted", "warned", "tweeted",
                "stated", "declared", "replied", "responded", "acknowledged", "admitted",
                "reported")
# the suite's cue kinds (quotes.csv cue_kind), from the narrowest claim to the broadest;
# "-" a row without one
CUE_KIND_ORDER = [*voices.CUE_KINDS, "-"]
SPEECH_CUE = re.compile(r"\b(?:" + "|".join(SPEECH_VERBS) + r")\b", re.IGNORECASE)


# ----------------------------------------------------------------------------- suite side

def _squeeze(text: str) -> tuple[list[int], str]:
    """The offsets and the string of a text's characters other than spaces and combining
    marks, each reduced to its base letter ("â" and "a" + U+0302 are both "a"), so that
    the suite's collapsed spaces and NFC normalisation do not stop the alignment."""
    positions, chars = [], []
    for i, c in enumerate(text):
        if c < "\x80":
            if not c.isspace():
                positions.append(i)
                chars.append(c)
        elif not c.isspace() and not unicodedata.combining(c):
            positions.append(i)
            chars.append(unicodedata.normalize("NFD", c)[0])
    return positions, "".join(chars)


class Alignment:
    """Maps offsets of the suite's analysis text to offsets of the raw text: paragraphs
    of the analysis text are looked up in the raw text on their non-space characters
    (cleaning collapses spaces, turns no-break spaces into spaces, normalises to NFC and
    drops lines)."""

    def __init__(self, analysis: str, raw: str):
        self.a_pos, a_str = _squeeze(analysis)
        self.r_pos, self.r_str = _squeeze(raw)
        self.map = [-1] * len(self.a_pos)
        cursor, offset = 0, 0
        for paragraph in analysis.split("\n\n"):
            k0 = bisect.bisect_left(self.a_pos, offset)
            k1 = bisect.bisect_left(self.a_pos, offset + len(paragraph))
            piece = a_str[k0:k1]
            j = self.r_str.find(piece, cursor) if piece else -1
            if j < 0 and piece:
                j = self.r_str.find(piece)
            if j >= 0:
                self.map[k0:k1] = self.r_pos[j:j + len(piece)]
                cursor = j + len(piece)
            offset += len(paragraph) + 2

    def span(self, start: int, end: int, words: str = "") -> tuple[int, int] | None:
        """The raw span of analysis_text[start:end]; if it cannot be aligned, the first
        place of ``words`` (compared as the paragraphs are) in the raw text, or from the
        first place of its first ``ANCHOR_CHARS`` characters to the next of its last
        ones."""
        k0 = bisect.bisect_left(self.a_pos, start)
        k1 = bisect.bisect_left(self.a_pos, end) - 1
        if k0 <= k1 and self.map[k0] >= 0 and self.map[k1] >= 0:
            return self.map[k0], self.map[k1] + 1
        piece = _squeeze(words)[1]
        if not piece:
            return None
        j = self.r_str.find(piece)
        if j >= 0:
            return self.r_pos[j], self.r_pos[j + len(piece) - 1] + 1
        # characters the cleaning changed inside: the first and last words alone
        head, tail = piece[:ANCHOR_CHARS], piece[-ANCHOR_CHARS:]
        j = self.r_str.find(head)
        k = self.r_str.find(tail, j + len(head)) if j >= 0 else -1
        if j < 0 or k < 0 or k - j > 2 * len(piece):
            return None
        return self.r_pos[j], self.r_pos[k + len(tail) - 1] + 1


def run_suite(articles: list[GoldArticle], workdir: Path, *, jobs: int = 2) -> tuple[pd.DataFrame, dict[str, str]]:
    """Run ``write_tables`` on the articles as a JSON Lines corpus in ``workdir``; return
    its quotes table and each article's analysis text."""
    from analysis.pipeline.config import Config
    from analysis.pipeline.export import write_tables

    corpus = workdir / "polnear.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for a in articles:
            handle.write(json.dumps({"article_id": a.name, "outlet": a.outlet,
                                     "published": _date(a.name), "text": a.text},
                                    ensure_ascii=False) + "\n")
    out = workdir / "tables"
    summary = write_tables(corpus, out, jobs=jobs, progress=None, config=Config.for_corpus(None))
    if summary["n_errors"]:
        raise SystemExit(f"error: the suite refused {summary['n_errors']} articles (see {out}/problems.csv)")
    quotes = pd.read_csv(out / "quotes.csv", dtype=str, keep_default_na=False)
    texts = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False,
                        usecols=["article_id", "text"])
    return quotes, dict(zip(texts.article_id, texts.text))


def _date(name: str) -> str:
    m = re.search(r"_(\d{4}-\d{2}-\d{2})_", name)
    return m.group(1) if m else ""


# ----------------------------------------------------------------------------- matching

SPEAKER_FIELDS = ("speaker", "speaker_canonical", "speaker_entity")


def speaker_names(row: dict, registry=None) -> list[str]:
    """What the suite says about a quotation's speaker: the speaker as written, the
    canonical speaker and the entity where those columns exist, and the registry name of
    the entity."""
    names = [str(row.get(f) or "") for f in SPEAKER_FIELDS]
    entity = str(row.get("speaker_entity") or "")
    if registry is not None and entity in registry.entities:
        names.append(registry.entities[entity].name)
    return [n for n in names if n and n != "unresolved"]


def names_word(word: str, names: list[str]) -> bool:
    """Whether ``word`` is a whole word of one of ``names``, ignoring case."""
    if not word:
        return False
    pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)
    return any(pattern.search(n) for n in names)


def _rows_by_kind(quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The suite's direct quotations and its reported speech (None: not produced)."""
    if "attribution" not in quotes.columns:
        return quotes, None
    kind = quotes["attribution"].str.casefold()
    return quotes[kind == "direct"], quotes[kind == "reported"]


def evaluate(articles: list[GoldArticle], quotes: pd.DataFrame, texts: dict[str, str],
             *, registry=None) -> dict:
    """The figures (counts) and the per-item outcomes for a run of the suite."""
    direct_rows, reported_rows = _rows_by_kind(quotes)
    by_article = {aid: g.to_dict("records") for aid, g in direct_rows.groupby("article_id")}
    reported_by = ({aid: g.to_dict("records") for aid, g in reported_rows.groupby("article_id")}
                   if reported_rows is not None else {})
    r = {"articles": len(articles), "gold": 0, "direct": 0, "person": 0, "found": 0,
         "speaker": 0, "reported": 0, "reported_with_source": 0, "reported_right": 0,
         "reported_produced": reported_rows is not None, "suite_quotes": 0,
         "suite_unmatched": 0, "suite_unmapped": 0, "items": [], "right_by_kind": {},
         "rows_by_kind": {}}
    for a in articles:
        align = Alignment(texts.get(a.name, ""), a.text)
        rows = _mapped(by_article.get(a.name, []), align, r)
        reported = _mapped(reported_by.get(a.name, []), align, None)
        contents = [p for g in a.attributions for p in g.content]
        r["suite_quotes"] += len(rows)
        for row in reported:
            kind = row.get("cue_kind", "") or "-"
            n, hit = r["rows_by_kind"].get(kind, (0, 0))
            r["rows_by_kind"][kind] = (n + 1, hit + bool(row["raw"] and overlaps([row["raw"]], contents)))
        r["suite_unmatched"] += sum(1 for row in rows if not row["raw"] or not overlaps([row["raw"]], contents))
        inside = capitalised_inside(a.text)
        for g in a.attributions:
            r["gold"] += 1
            if not g.direct:
                r["reported"] += 1
                if g.source:
                    r["reported_with_source"] += 1
                    key = source_key(g.source_text, inside_words=inside)
                    hits = [row for row in reported if row["raw"] and overlaps([row["raw"]], g.content)]
                    kinds = [row.get("cue_kind", "") or "-" for row in hits
                             if names_word(key, speaker_names(row, registry))]
                    right = bool(kinds)
                    r["reported_right"] += right
                    if right:  # the first kind in CUE_KIND_ORDER among the right rows
                        kind = min(kinds, key=lambda k: CUE_KIND_ORDER.index(k) if k in CUE_KIND_ORDER else 9)
                        r["right_by_kind"][kind] = r["right_by_kind"].get(kind, 0) + 1
                    if SPEECH_CUE.search(span_text(a.text, g.cue)):
                        r["speech"] = r.get("speech", 0) + 1
                        r["speech_right"] = r.get("speech_right", 0) + right
                    if not right:
                        r.setdefault("reported_misses", []).append(
                            {"article": a.name, "source": g.source_text, "key": key,
                             "cue": span_text(a.text, g.cue),
                             "content": span_text(a.text, g.content)[:70],
                             "suite": [(row.get("speaker", ""), row.get("speaker_canonical", ""),
                                        row.get("verb", "")) for row in hits]})
                continue
            r["direct"] += 1
            if not g.person:
                continue
            r["person"] += 1
            hits = [row for row in rows if row["raw"] and overlaps([row["raw"]], g.quoted)]
            match = any(names_word(g.surname, speaker_names(row, registry)) for row in hits)
            r["found"] += bool(hits)
            r["speaker"] += match
            r["items"].append({"article": a.name, "source": g.source_text, "surname": g.surname,
                               "quote": span_text(a.text, g.quoted)[:80], "found": bool(hits),
                               "match": match,
                               "suite": [{f: row.get(f, "") for f in (*SPEAKER_FIELDS, "verb")}
                                         for row in hits]})
    return r


def _mapped(rows: list[dict], align: Alignment, counts: dict | None) -> list[dict]:
    out = []
    for row in rows:
        raw = align.span(int(row["start"]), int(row["end"]), str(row.get("quote", "")))
        if raw is None and counts is not None:
            counts["suite_unmapped"] += 1
        out.append({**row, "raw": raw})
    return out


# ----------------------------------------------------------------------------- report

def share(x: int, n: int) -> str:
    """"x of n (p%)", p rounded down to 0.1 so that 2,624 of 2,625 is not 100.0%."""
    return f"{x} of {n} ({math.floor(1000 * x / n) / 10:.1f}%)" if n else f"{x} of 0 (-)"


def figure_lines(r: dict) -> list[str]:
    """The figure lines the benchmark prints (tests read them)."""
    lines = [
        f"articles: {r['articles']}",
        f"gold attributions: {r['gold']}",
        f"direct quotations: {r['direct']}",
        f"direct quotations whose source names a person: {r['person']}",
        f"found by the suite: {share(r['found'], r['person'])} (target >= {TARGETS['found']:.0%})",
        f"speaker names that person (surname): {share(r['speaker'], r['person'])} "
        f"(target >= {TARGETS['speaker']:.0%})",
    ]
    reported = share(r["reported_right"], r["reported_with_source"])
    if not r["reported_produced"]:
        reported = f"not produced by the suite: {reported}"
    lines += [
        f"reported speech found with the right source: {reported} (target >= {TARGETS['reported']:.0%}; "
        f"{r['reported']} reported attributions, {r['reported_with_source']} with a source)",
        f"  of them with a verb of speech as cue ({', '.join(SPEECH_VERBS[:4])}, …): "
        f"{share(r.get('speech_right', 0), r.get('speech', 0))}",
        "  found by the suite's attributions of "
        + ", ".join(f"{k}: {r['right_by_kind'].get(k, 0)}" for k in CUE_KIND_ORDER
                    if r["right_by_kind"].get(k)),
        "suite reported attributions overlapping a gold attribution, by cue kind: "
        + ", ".join(f"{k} {share(hit, n)}" for k, (n, hit) in
                    sorted(r["rows_by_kind"].items(), key=lambda kv: CUE_KIND_ORDER.index(kv[0])
                           if kv[0] in CUE_KIND_ORDER else 9)),
        f"suite quotations matching no gold attribution: {share(r['suite_unmatched'], r['suite_quotes'])}"
        + (f" ({r['suite_unmapped']} not aligned to the raw text)" if r["suite_unmapped"] else ""),
    ]
    return lines


def print_examples(articles: list[GoldArticle], k: int, rng: random.Random) -> None:
    """``k`` random sources of direct quotations the person rule keeps and ``k`` it does
    not, so a reader can check the rule."""
    kept = sorted({g.source_text for a in articles for g in a.attributions if g.direct and g.person})
    other = sorted({g.source_text for a in articles for g in a.attributions
                    if g.direct and g.source and not g.person})
    for label, pool in (("name a person", kept), ("name no person", other)):
        print(f"sources of direct quotations that {label} ({len(pool)} distinct; {min(k, len(pool))} at random):")
        for s in rng.sample(pool, min(k, len(pool))):
            print(f"  {s!r}")


def print_misses(r: dict, k: int, rng: random.Random) -> None:
    misses = [i for i in r["items"] if not i["match"]]
    print(f"speaker misses ({len(misses)}; {min(k, len(misses))} at random):")
    for i in rng.sample(misses, min(k, len(misses))):
        suite = "; ".join(f"speaker={s['speaker']!r} entity={s['speaker_entity']!r} verb={s['verb']!r}"
                          for s in i["suite"]) or "not found"
        print(f"  {i['article']}: gold {i['source']!r} ({i['surname']}) | {suite} | {i['quote']!r}")


def print_reported_misses(r: dict, k: int, rng: random.Random) -> None:
    misses = r.get("reported_misses", [])
    print(f"reported-speech misses ({len(misses)}; {min(k, len(misses))} at random):")
    for i in rng.sample(misses, min(k, len(misses))):
        suite = "; ".join(f"{s!r}/{c!r} ({v})" for s, c, v in i["suite"]) or "not found"
        print(f"  gold {i['source']!r} [{i['key']}] cue {i['cue']!r} | {suite} | {i['content']!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT), help="PolNeAR folder (holding data/train)")
    parser.add_argument("--limit", type=int, default=None, help="a random sample of N articles (default: all)")
    parser.add_argument("--seed", type=int, default=0, help="for the sample and the examples")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--examples", type=int, default=10, help="sources printed per class")
    parser.add_argument("--misses", type=int, default=0, help="speaker misses printed at random")
    parser.add_argument("--reported-misses", type=int, default=0,
                        help="reported-speech misses printed at random")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "data" / SPLIT / "text").is_dir():
        print(f"error: {corpus}/data/{SPLIT}/text not found (the shared corpora are not beside this checkout)",
              file=sys.stderr)
        return 2
    start = time.perf_counter()
    articles, several = read_gold(corpus, limit=args.limit, seed=args.seed)
    rng = random.Random(args.seed)
    print(f"corpus: {corpus} ({SPLIT}); {several} of {len(articles)} articles have several "
          "annotation files: the first by sorted name is used")
    print_examples(articles, args.examples, rng)
    with tempfile.TemporaryDirectory() as work:
        suite_start = time.perf_counter()
        quotes, texts = run_suite(articles, Path(work), jobs=args.jobs)
        suite_seconds = time.perf_counter() - suite_start
    from analysis.people.registry import registry_for_corpus
    result = evaluate(articles, quotes, texts, registry=registry_for_corpus(None))
    if args.misses:
        print_misses(result, args.misses, rng)
    if args.reported_misses:
        print_reported_misses(result, args.reported_misses, rng)
    for line in figure_lines(result):
        print(line)
    print(f"time: {time.perf_counter() - start:.1f} s (the suite's tables: {suite_seconds:.1f} s, jobs={args.jobs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
