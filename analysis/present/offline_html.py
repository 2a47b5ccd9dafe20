"""Notebooks as HTML pages that work offline and run no script.

* a notebook's title and description (:func:`notebook_title`, :func:`notebook_description`);
* its page (:func:`notebook_to_html`): code hidden, charts inline as base64 PNG, no
  external scripts or styles (see ``templates/offline_report``), links between notebooks
  pointing at their pages;
* the index page that links them, the summary first (:func:`render_index`);
* what no page shows: memory addresses and this machine's paths
  (:func:`forget_addresses`, :func:`hide_local_paths`, :func:`local_paths`).

Every text from a notebook or an article is escaped, and a Content-Security-Policy in
each page makes sure that no script runs and nothing is fetched from the network.

Importing this module does no I/O and changes no global settings.
"""

from __future__ import annotations

import copy
import html
import os
import re
from pathlib import Path
from typing import Mapping

from analysis.corpus import paths

__all__ = [
    "notebook_to_html",
    "notebook_title",
    "notebook_description",
    "render_index",
    "forget_addresses",
    "hide_local_paths",
    "local_paths",
    "TEMPLATE_DIR",
    "TEMPLATE_NAME",
]

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "offline_report"
INDEX_TITLE = "Media framing reports"
BASE_COMMAND = "python -m analysis report"

_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")


# --------------------------------------------------------------------------
# Notebook metadata helpers
# --------------------------------------------------------------------------

def _markdown_cells(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def notebook_title(nb, default: str) -> str:
    """Text of the notebook's first markdown heading, else ``default``."""
    for source in _markdown_cells(nb):
        for line in source.splitlines():
            m = _HEADING_RE.match(line)
            if m and m.group(1).strip():
                return m.group(1).strip()
    return default


def notebook_description(nb) -> str:
    """First sentence (or line) of the first markdown text after the heading.

    Looks at the first markdown cell, skipping a leading heading line; if that
    cell holds only the heading, the next markdown cell is used.  Returns ""
    if there is no such text.
    """
    for source in _markdown_cells(nb):
        lines = source.splitlines()
        text_lines = []
        for line in lines:
            if not text_lines and (not line.strip() or _HEADING_RE.match(line)):
                continue  # leading blank / heading lines
            if text_lines and not line.strip():
                break  # end of the first paragraph
            text_lines.append(line)
        if text_lines:
            first_line = text_lines[0].strip()
            paragraph = " ".join(l.strip() for l in text_lines)
            sentence = _SENTENCE_END_RE.split(paragraph, maxsplit=1)[0]
            # A sentence spanning several source lines is fine; but fall back
            # to the first line if no sentence end is found at all.
            if sentence == paragraph and not paragraph.rstrip().endswith((".", "!", "?")):
                return first_line
            return sentence.strip()
    return ""


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

def _output_texts(output):
    """(container, key) of every text an output holds, to be rewritten in place."""
    if output.get("output_type") == "stream":
        yield output, "text"
    elif output.get("output_type") == "error":
        for i in range(len(output.get("traceback", []))):
            yield output["traceback"], i
        yield output, "evalue"
    for mime, value in (output.get("data") or {}).items():
        if isinstance(value, str) and (mime.startswith("text/") or mime.endswith(("+json", "/json"))):
            yield output["data"], mime


_ADDRESS_RE = re.compile(r"(<[\w.]+ (?:object )?at )0x[0-9a-fA-F]+>")


def forget_addresses(nb) -> None:
    """Rewrite the memory address in an object's default repr ("<pandas.io.formats.style.
    Styler at 0x7f70...>", the plain-text twin of a styled table) as ``0x...``, in every
    output of ``nb`` (in place): it changes with every run, and a refresh that changes
    nothing should leave the notebook as it was (nbval ignores it: tests/sanitize.cfg)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for container, key in list(_output_texts(output)):
                container[key] = _ADDRESS_RE.sub(r"\g<1>0x...>", container[key])


def hide_local_paths(nb, replacements: Mapping[str, str]) -> None:
    """Rewrite, in every output of ``nb`` (in place), each absolute path that is a key of
    ``replacements`` as its value, so that a page never shows where this machine keeps the
    checkout or the corpus (a library warning naming
    ``/home/me/framing/analysis/present/plots.py:267`` shows ``analysis/present/plots.py:267``). A path
    matches only whole (``/a/b`` not in ``/a/bc``); longer paths are replaced first, so
    that a corpus inside the checkout keeps its own label."""
    pairs = {k: v for k, v in replacements.items() if k}
    if not pairs:
        return
    pattern = re.compile("|".join(re.escape(k) + ("" if k.endswith(("/", os.sep)) else r"(?![\w.-])")
                                  for k in sorted(pairs, key=len, reverse=True)))
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for container, key in list(_output_texts(output)):
                container[key] = pattern.sub(lambda m: pairs[m.group(0)], container[key])


def local_paths(corpus_path: str | None = None, corpus: str | None = None) -> dict[str, str]:
    """The absolute paths a page must not show, each with what it shows instead: the
    checkout as a relative path (``ROOT/analysis/x.py`` as ``analysis/x.py``) and the
    corpus read from ``corpus_path`` as the user gave it (``corpus``)."""
    out: dict[str, str] = {}
    for form in {str(paths.ROOT), str(paths.ROOT.resolve())}:
        out[form + os.sep] = ""
        out[form] = "."
    if corpus_path is not None and corpus is not None:
        for form in {str(corpus_path), str(Path(corpus_path).resolve())}:
            out[form] = str(corpus)
    return out


def notebook_to_html(nb, *, title: str) -> str:
    """Render an (executed) notebook to a self-contained offline HTML page.

    Code input and prompts are hidden, images stay inline (base64) and output
    text is escaped exactly as nbconvert does.  ``nb`` is not modified.
    """
    from markupsafe import Markup
    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    # Widget state would only be useful with the CDN-hosted widget renderer.
    nb.metadata.pop("widgets", None)

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _resources = exporter.from_notebook_node(
        nb, resources={"content_security_policy": Markup(_CSP_META)})
    body = body.replace("</head>", f"{_PAGE_CSS}\n</head>", 1)
    body = _TABLE_HEADING_RE.sub(
        lambda m: m.group(1) + m.group(2).replace("_", "_<wbr>") + m.group(3), body)
    return _NOTEBOOK_LINK_RE.sub(r'href="\1.html\2"', body)


# A column heading may wrap between any two characters (column names such as
# flesch_reading_ease have no space to wrap at), after an underscore first (<wbr>), so
# that a table of many narrow columns fits the page instead of running out of it; a table
# that fits is laid out as before.
_PAGE_CSS = "<style>.jp-RenderedHTMLCommon thead th { overflow-wrap: anywhere; }</style>"
_TABLE_HEADING_RE = re.compile(r"(<th\b[^>]*>)([^<]*)(</th>)")


# Pages hold no script; this policy (a <meta> in each page's head) makes sure none runs,
# whatever a text might smuggle past the escaping, and that nothing is fetched from the
# network: styles inline, images inline (data:) or beside the page (figures/).
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src 'self' file: data:; "
                           "style-src 'unsafe-inline'; font-src 'self' file: data:; "
                           "base-uri 'none'; form-action 'none'")
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


# A link from one notebook to another (``href="02-naming.ipynb#..."``) points at its page.
_NOTEBOOK_LINK_RE = re.compile(r'href="([\w.-]+)\.ipynb(#[^"]*)?"')


_INDEX_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       max-width: 72rem; margin: 2.5rem auto; padding: 0 1rem; line-height: 1.5;
       color: #1d1d1d; background: #fff; }
h1 { font-size: 1.7rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
p.meta { color: #555; margin: 0.2rem 0; }
p.caveat { background: #fff6e0; border-left: 4px solid #E69F00; padding: 0.4rem 0.8rem; }
code { background: #f3f3f3; padding: 0.1rem 0.3rem; border-radius: 3px; }
ol.findings li { margin: 0 0 0.6rem 0; }
ol.findings .figure { font-size: 0.85em; }
a { color: #1a5fb4; }
img.summary { max-width: 100%; height: auto; border: 1px solid #eee; }
table.fingerprint { border-collapse: collapse; font-size: 0.8rem; margin-top: 0.5rem; }
table.fingerprint th, table.fingerprint td { border-bottom: 1px solid #e5e5e5; padding: 0.25rem 0.5rem;
       text-align: left; vertical-align: top; }
ul.reports { list-style: none; padding: 0; margin-top: 1rem; }
ul.reports li { margin: 0 0 1rem 0; }
ul.reports a { font-weight: 600; text-decoration: none; }
ul.reports a:hover { text-decoration: underline; }
ul.reports .desc { display: block; color: #444; }
footer { margin-top: 2.5rem; border-top: 1px solid #ddd; padding-top: 0.5rem; }
""".strip()


# --------------------------------------------------------------------------
# The index page
# --------------------------------------------------------------------------

SUMMARY_NOTEBOOK = "00-summary"
MAX_INDEX_OUTLETS = 8  # the fingerprint table is shown on the index up to this many outlets


def _summary_html(summary: dict, titles: dict[str, str]) -> list[str]:
    from analysis.present import notebook

    esc = html.escape
    found = summary["findings"]
    overview = summary["overview"].iloc[0] if len(summary["overview"]) else None
    notes = [n for n in (overview.get("caveats", "") if overview is not None else "").split("\n") if n]
    out = ['<h2 id="summary">Summary</h2>',
           notebook.findings_html(found, notes=notes, titles=titles, suffix=".html")]
    if summary.get("figure"):
        out.append('<p><a href="figures/00-summary.png"><img class="summary" src="figures/00-summary.png" '
                   'alt="Small multiples: one panel per analysis, one row per outlet"></a></p>')
    table = summary["fingerprint"]
    outlets = [c for c in table.columns if c not in ("finding", "from")]
    if 0 < len(outlets) <= MAX_INDEX_OUTLETS:  # pandas escapes every cell and heading
        out += ["<details><summary>The fingerprint of each outlet (every figure side by side)</summary>",
                table.set_index("finding").rename_axis(None).to_html(classes="fingerprint", border=0),
                "</details>"]
    link = titles.get(SUMMARY_NOTEBOOK)
    if link:
        out.append(f'<p>Thresholds, the fingerprint and the panels: <a href="{SUMMARY_NOTEBOOK}.html">'
                   f"{esc(link)}</a>.</p>")
    return out


def render_index(entries: list[dict], *, corpus: str | None = None,
                 command: str = BASE_COMMAND, versions: dict[str, str] | None = None,
                 summary: dict | None = None) -> str:
    """HTML for index.html; ``entries`` are dicts with href, title, description.
    ``summary`` (from :func:`analysis.present.report.read_summary`) puts the findings, the small-multiples figure
    and the fingerprint first. Every text is escaped."""
    esc = html.escape
    versions_text = ", ".join(f"{k} {v}" for k, v in (versions or {}).items())
    items = []
    for e in entries:
        desc = e.get("description") or ""
        desc_html = f'\n    <span class="desc">{esc(desc)}</span>' if desc else ""
        items.append(
            f'  <li><a href="{esc(e["href"])}">{esc(e["title"])}</a>{desc_html}</li>'
        )
    corpus_text = str(corpus) if corpus is not None else "bundled data/"
    meta = [f'<p class="meta">Corpus: <code>{esc(corpus_text)}</code></p>']
    body: list[str] = []
    if summary is not None:
        o = summary["overview"].iloc[0] if len(summary["overview"]) else None
        if o is not None:
            from analysis.present.wording import describe_overview

            meta.append(f'<p class="meta">{esc(describe_overview(o))}</p>')
        titles = {Path(e["href"]).stem: e["title"] for e in entries}
        body = _summary_html(summary, titles)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        _CSP_META,
        f"<title>{esc(INDEX_TITLE)}</title>",
        f"<style>\n{_INDEX_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(INDEX_TITLE)}</h1>",
        *meta,
        *body,
        '<h2 id="reports">Reports</h2>' if body else "",
        '<ul class="reports">',
        *items,
        "</ul>",
        "<footer>",
        f'<p class="meta">Rebuilt with: <code>{esc(command)}</code></p>',
        *([f'<p class="meta">Package versions: {esc(versions_text)}</p>'] if versions_text else []),
        "</footer>",
        "</body>",
        "</html>",
        "",
    ])
