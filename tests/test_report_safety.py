"""Safe reports (issue 11, item 6): no script carried by the articles runs in any page.

One real ``python -m analysis report`` (a subprocess, as a user runs it) renders a small
corpus whose texts, titles, outlet names, events and registry names (persons, speakers)
carry markup (and one outlet a "$...$" that matplotlib must not read as mathtext): a
``<script>`` that would set the page title to PWNED, an ``<img
onerror=...>`` that would mark ``<body data-pwned="1">``, a ``javascript:`` link and
plain tags. Every page (index.html and one per notebook) is then opened in headless
Chromium, which prints the DOM after scripts ran; the test reads that DOM and finds the
title unchanged, no ``data-pwned``, no script and no event handler or ``javascript:``
link from the data, while the page source holds the payload escaped (the data reached the
page, as text). A control page holding the payload raw proves the check can see a script
that ran.

The report runs are shared with tests/test_reproducible.py (:func:`report_runs`: two
runs of the same corpus, about 2 minutes in all). Skipped, with the reason, where
Chromium is not installed (``apt-get install -y chromium``, as .ci/run does).
"""
from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

SCRIPT = "<script>document.title='PWNED'</script>"
IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
LINK = '<a href="javascript:alert(1)">click</a>'
PAYLOADS = (SCRIPT, IMG, LINK)
SCRIPT_ESCAPED = "&lt;script&gt;document.title="
MATH = r"$\bad{$"  # not mathtext for matplotlib: a chart label shows it as written
OUTLETS = (f"Daily {SCRIPT} Ledger", f"Harbor {IMG} Post", f"Wire {LINK} {MATH} Digest")
CHROMIUM = shutil.which("chromium")
NO_CHROMIUM = "Chromium is not installed (Debian: apt-get install -y chromium, as .ci/run does)"
REPORT_TIMEOUT = 900  # seconds for one report run (about 50 s on 2 cores)


# --------------------------------------------------------------------------
# The corpus and the report runs (shared with tests/test_reproducible.py)
# --------------------------------------------------------------------------

def _article(j: int) -> str:
    return (f"Title {SCRIPT} of story {j}\n\n"
            f"President Volodymyr Zelenskyy met the mayors {SCRIPT} in Kyiv on Tuesday. "
            f"The plan {IMG} was praised.\n\n"
            f"\"We will not leave any city {SCRIPT} alone this winter,\" said Olena Petrenko, "
            f"the <b>mayor</b> {IMG}.\n\n"
            f"\"Heating is <i>vital</i> {LINK},\" Zelenskyy said. Critics called the plan "
            f"{LINK} a disgrace and a catastrophe.\n\n"
            f"The Ukrainian leader's office published the plan {IMG} in the evening. "
            f"Kiev officials welcomed it.\n")


REGISTRY = [
    {"id": "zelenskyy", "name": f"Volodymyr {SCRIPT} Zelenskyy", "kind": "person", "pronoun": "he",
     "names": [{"form": "Zelenskyy", "script": "Latin", "origin": f"Ukrainian-derived {IMG}"},
               {"form": "Zelensky", "script": "Latin", "origin": "Russian-derived"}],
     "given": [{"form": "Volodymyr", "script": "Latin", "origin": "Ukrainian-derived"}],
     "references": ["the Ukrainian (?:leader|president)"]},
    {"id": "petrenko", "name": f"Olena {LINK} Petrenko", "kind": "person", "pronoun": "she",
     "names": [{"form": "Petrenko", "script": "Latin", "origin": "Ukrainian-derived"}],
     "given": [{"form": "Olena", "script": "Latin", "origin": "Ukrainian-derived"}]},
    {"id": "kyiv", "name": f"Kyiv {IMG}", "kind": "place",
     "names": [{"form": "Kyiv", "script": "Latin", "origin": "Ukrainian-derived"},
               {"form": "Kiev", "script": "Latin", "origin": "Russian-derived"}]},
]


def write_hostile_corpus(folder: Path) -> Path:
    """3 outlets x 2 articles whose every text field carries markup, with a registry whose
    display names carry it too."""
    folder.mkdir(parents=True)
    rows = []
    for i, outlet in enumerate(OUTLETS):
        for j in range(2):
            aid = f"a{i}{j}"
            (folder / f"{aid}.txt").write_text(_article(j), encoding="utf-8")
            rows.append({"article_id": aid, "outlet": outlet, "file": f"{aid}.txt",
                         "title": f"Zelenskyy {SCRIPT} {IMG} {LINK} meets mayors {j}",
                         "published": f"2024-11-0{5 + j}", "event": f"Mayors' meeting {SCRIPT}",
                         "language": "en"})
    with open(folder / "articles.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (folder / "entities.yaml").write_text(yaml.safe_dump(REGISTRY, sort_keys=False), encoding="utf-8")
    return folder


def corpus_state(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (and "dir" for every folder), by relative path."""
    state = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        state[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def run_report(cwd: Path, corpus: str, out: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANALYSIS_")}
    done = subprocess.run([sys.executable, "-m", "analysis", "report", "--corpus", corpus,
                           "--out", out], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=REPORT_TIMEOUT)
    if done.returncode != 0:
        pytest.fail(f"report failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


_RUNS: dict = {}


def report_runs(tmp_path_factory) -> dict:
    """Two ``report`` runs of the hostile corpus, typed as a user would from its parent
    folder (``--corpus corpus --out site``): the first moved to ``run1/``, the second
    left in ``site/``. Computed once per test session, shared by both test modules."""
    if not _RUNS:
        base = tmp_path_factory.mktemp("report-runs")
        corpus = write_hostile_corpus(base / "corpus")
        before = corpus_state(corpus)
        first = run_report(base, "corpus", "site")
        os.replace(base / "site", base / "run1")
        second = run_report(base, "corpus", "site")
        _RUNS.update(base=base, corpus=corpus, before=before, after=corpus_state(corpus),
                     run1=base / "run1", run2=base / "site", stdout=first.stdout + second.stdout,
                     stderr=first.stderr + second.stderr, parent=sorted(p.name for p in base.iterdir()))
    return _RUNS


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    return report_runs(tmp_path_factory)


# --------------------------------------------------------------------------
# Reading a page's DOM after Chromium ran it
# --------------------------------------------------------------------------

class _Elements(HTMLParser):
    """Every element of a page: (tag, attributes, text directly inside), and the title."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, list[str]]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        texts: list[str] = []
        self.elements.append((tag, {k.lower(): (v or "") for k, v in attrs}, texts))
        if tag not in ("img", "br", "hr", "meta", "link", "input", "source", "col", "wbr"):
            self._open.append(texts)

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            self._open[-1].append(data)

    def text_of(self, tag: str) -> list[str]:
        return ["".join(t) for name, _a, t in self.elements if name == tag]


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM of ``page`` after its scripts ran, as headless Chromium prints it."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=2000",
         "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout.lower(), f"Chromium printed no DOM for {page.name}: {done.stderr[-2000:]}"
    return done.stdout


def injected(dom: str) -> list[str]:
    """What a script, handler or link from the data did or left active in a DOM."""
    parsed = _Elements()
    parsed.feed(dom)
    found = []
    titles = parsed.text_of("title")
    if any("PWNED" in t for t in titles):
        found.append(f"the title was changed: {titles}")
    for tag, attrs, texts in parsed.elements:
        if "data-pwned" in attrs:
            found.append(f"<{tag} data-pwned>: an onerror handler ran")
        handlers = sorted(a for a in attrs if a.startswith("on"))
        if handlers:
            found.append(f"<{tag}> has event handler(s) {handlers}")
        if tag == "script" and ("PWNED" in "".join(texts) or attrs.get("src")):
            found.append(f"<script> element from the data: {''.join(texts)[:80]!r}")
        if any(attrs.get(a, "").strip().lower().startswith("javascript:")
               for a in ("href", "src", "action", "formaction", "xlink:href")):
            found.append(f"<{tag}> with an active javascript: link")
        if tag == "img" and attrs.get("src") == "x":
            found.append("<img src=x> from the data")
    return found


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------

@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_the_check_sees_a_script_that_ran(tmp_path):
    """Control: the same payload, not escaped, runs in Chromium and is found."""
    page = tmp_path / "control.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>control</title></head><body>"
                    f"<p>{SCRIPT} {IMG} {LINK}</p></body></html>", encoding="utf-8")
    found = injected(dump_dom(page, tmp_path / "profile"))
    assert any("title was changed" in f for f in found), found
    assert any("data-pwned" in f for f in found), found
    assert any("javascript:" in f for f in found), found


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_no_script_from_the_data_runs_in_any_page(runs, tmp_path):
    pages = sorted(runs["run2"].glob("*.html"))
    assert [p.name for p in pages if p.name == "index.html"] == ["index.html"]
    assert len(pages) >= 8, [p.name for p in pages]  # index.html and one page per notebook
    problems = {}
    for page in pages:
        found = injected(dump_dom(page, tmp_path / "profile"))
        if found:
            problems[page.name] = found
    assert problems == {}


def test_the_data_reaches_every_page_escaped(runs):
    for page in sorted(runs["run2"].glob("*.html")):
        source = page.read_text(encoding="utf-8")
        assert SCRIPT_ESCAPED in source, f"{page.name} shows no article-derived text"
        for payload in PAYLOADS:
            assert payload not in source, f"{page.name} holds {payload!r} unescaped"
        assert "<script" not in source.lower(), f"{page.name} holds a script element"
        assert 'http-equiv="Content-Security-Policy"' in source, page.name
    assert MATH in (runs["run2"] / "index.html").read_text(encoding="utf-8")


def test_figures_hold_no_script(runs):
    """The SVG figures (which a reader may open on their own) carry outlet names and labels:
    no script element, no event handler and no javascript: link."""
    svgs = sorted((runs["run2"] / "figures").glob("*.svg"))
    assert svgs
    for svg in svgs:
        for element in ET.parse(svg).iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag not in ("script", "foreignObject"), f"{svg.name}: <{tag}>"
            for name, value in element.attrib.items():
                name = name.rsplit("}", 1)[-1]
                assert not name.lower().startswith("on"), f"{svg.name}: <{tag} {name}>"
                assert not value.strip().lower().startswith("javascript:"), f"{svg.name}: {value}"
