"""The documentation holds: the figures it quotes match what the code computes, README.md
fits a first read, and every link, command, file and name that README.md and docs/ show
exists."""
from __future__ import annotations

import re

from analysis.corpus import paths
from analysis.language.clean import words_by_role, words_by_role_wide


def test_data_readme_word_counts_match_the_tables(seed_tables):
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    quoted = {m[0]: (int(m[1]), int(m[2]))
              for m in re.findall(r"^\| ([a-z0-9-]+) \|.*\| (\d+) → (\d+) \|$", readme, re.M)}
    arts = seed_tables["articles"].set_index("article_id")
    assert quoted == {a: (arts.n_words_raw[a], arts.n_words_clean[a]) for a in arts.index}


def test_data_readme_removed_words_match_the_tables(seed_tables):
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (scmp|moscow-times|rferl|france24|dw) \| (\d+)[^|]*\| (\d+)[^|]*\| "
                      r"(\d+)[^|]*\| (\d+)[^|]*\|$", readme, re.M)
    assert len(rows) == 5
    wide = words_by_role_wide(words_by_role(seed_tables["lines"]))
    outlet = seed_tables["articles"].set_index("article_id").outlet
    for aid, caption, wire, boilerplate, duplicate in rows:
        got = wide.loc[outlet[aid]].reindex(["caption", "wire", "boilerplate", "duplicate"]).fillna(0)
        assert got.astype(int).tolist() == [int(caption), int(wire), int(boilerplate), int(duplicate)], aid


def test_every_table_column_is_documented(seed_tables):
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| ([a-z0-9_, ]+) \|", readme, re.M))
    names = {n.strip() for entry in documented for n in entry.split(",")}
    for table in ("lines", "sentences", "mentions", "labels", "variants", "variant_suggestions",
                  "terms", "distinctive_terms", "loaded_terms", "loaded_language", "spelling",
                  "sentiment_sentences", "sentiment_outlets", "sentiment_target_sentences",
                  "sentiment_targets", "sentiment_drivers", "readability", "quotes", "voices",
                  "reuse_pairs", "reuse_sentences"):
        assert set(seed_tables[table].columns) <= names, table
    from analysis.present import findings, fingerprint, pages
    from analysis.pipeline.config import Config

    config = Config.for_corpus(paths.DATA)
    for table in (fingerprint.fingerprint(seed_tables, config.registry),
                  pages.locate(findings.findings(seed_tables, config)),
                  fingerprint.panels(seed_tables, config.registry), findings.corpus_overview_with_caveats(seed_tables)):
        assert set(table.columns) <= names, list(table.columns)
    core = [c for c in seed_tables["articles"].columns
            if c not in ("outlet_name", "event_date", "date_evidence")]
    assert set(core) <= names


# --- README.md and docs/: links, commands, files and names (issue 25) -----------------

ROOT = paths.ROOT
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 250
FENCE = re.compile(r"^ {0,3}(```|~~~)\s*([\w-]*)[^\n]*\n(.*?)^ {0,3}\1[ \t]*$", re.M | re.S)
SHELL_BLOCKS = {"bash", "sh", "shell", "console"}
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"`([^`]+)`")
# Programs a shown command may run besides `python -m analysis` and `python SCRIPT.py`.
PROGRAMS = {"pytest", "pip", "jupyter", "dask", ".", "source", "cd", "rm"}
PYTHON_MODULES = {"venv", "pip", "pytest"}  # python -m MODULE, besides analysis
# Placeholders in a path or a command, not names of files.
PLACEHOLDER = re.compile(r"\b(NAME|NN|DIR|BUILD|VARIANT|HASH|PATH|N)\b|\*|\.\.\.|…")


def _prose(text: str) -> str:
    """The text without its fenced blocks (what a reader sees rendered as prose)."""
    return FENCE.sub("", text)


def _blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block."""
    return [(m[2].lower(), m[3]) for m in FENCE.finditer(text)]


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: its rendered text lower-cased, every character
    that is not a letter, digit, space, hyphen or underscore dropped, spaces made hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"<[^>]+>|[`*]", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every anchor of a Markdown file's headings, with GitHub's -1, -2 for repeats."""
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", _prose(text), re.M):
        slug = github_anchor(heading)
        found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return found


def link_problems(path, text: str) -> list[str]:
    """Every relative link (or image) of a Markdown file that leads nowhere: a missing
    file, or an #anchor that is no heading of its file."""
    problems = []
    for target in LINK.findall(CODE_SPAN.sub("", _prose(text))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        file, _, anchor = target.partition("#")
        where = (path.parent / file).resolve()
        if file and not where.exists():
            problems.append(f"{path.name}: {target}: no such file")
        elif anchor and not (file and where.suffix != ".md"):
            headings = anchors(where.read_text(encoding="utf-8") if file else text)
            if anchor not in headings:
                problems.append(f"{path.name}: {target}: no such heading")
    return problems


def shown_commands(text: str) -> list[str]:
    """Every command a Markdown file shows: each command of its shell blocks (continued
    lines joined, comments dropped, split at && ; and pipes), and each code span of its
    prose that starts with python or pytest."""
    commands = []
    for language, body in _blocks(text):
        if language not in SHELL_BLOCKS:
            continue
        body = re.sub(r"\\\n\s*", " ", body)
        for line in body.splitlines():
            line = re.sub(r"(^|\s)#.*$", "", line).strip()
            commands += [c.strip() for c in re.split(r"&&|\|\||;|\s\|\s", line) if c.strip()]
    for span in CODE_SPAN.findall(_prose(text)):
        span = " ".join(span.split())
        if re.match(r"(python3?|pytest)( |$)", span):
            commands.append(span)
    return commands


def analysis_usage() -> dict[str, set[str]]:
    """Each subcommand of ``python -m analysis`` and its options, from its own --help."""
    import contextlib
    import io

    from analysis.__main__ import main

    def usage(argv: list[str]) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                main(argv)
            except SystemExit:
                pass
        return out.getvalue()

    top = usage(["--help"])
    subcommands = re.search(r"\{([\w,-]+)\}", top)[1].split(",")
    return {sub: set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", usage([sub, "--help"]).split("\n\n")[0]))
            for sub in subcommands}


def command_problem(command: str, usage: dict[str, set[str]]) -> str | None:
    """Why a shown command does not exist, or None: an unknown program, an unknown
    subcommand of ``python -m analysis`` or an option it does not have, a script that is
    not there."""
    words = [w for w in command.split() if not re.match(r"^[A-Z_][A-Z0-9_]*=", w)]
    if not words:
        return None
    program, rest = words[0], words[1:]
    if program not in ("python", "python3"):
        return None if program in PROGRAMS else f"unknown program {program!r}"
    if rest[:1] == ["-m"] and len(rest) > 1:
        module, rest = rest[1], rest[2:]
        if module in PYTHON_MODULES:
            return None
        if module != "analysis":
            return f"unknown module {module!r}"
        if not rest or rest[0] not in usage:
            return f"unknown subcommand {rest[0] if rest else '(none)'!r} of python -m analysis"
        unknown = sorted(set(re.findall(r"(?<![\w-])(--[A-Za-z][\w-]*)", " ".join(rest[1:]))) - usage[rest[0]])
        return f"python -m analysis {rest[0]} has no option {', '.join(unknown)}" if unknown else None
    if rest and rest[0].endswith(".py") and not PLACEHOLDER.search(rest[0]):
        return None if (ROOT / rest[0]).is_file() else f"no script {rest[0]}"
    return f"unknown python command {' '.join(rest[:2])!r}"


def test_readme_fits_a_first_read():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move a section to docs/"


def test_every_docs_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = {(ROOT / t.partition("#")[0]).resolve() for t in LINK.findall(readme)}
    assert [p.name for p in DOCS[1:] if p.resolve() not in linked] == []


def test_every_link_in_readme_and_docs_resolves():
    problems = [p for path in DOCS for p in link_problems(path, path.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)


def test_every_command_in_readme_and_docs_exists():
    usage = analysis_usage()
    problems = [f"{path.name}: {command}: {why}" for path in DOCS
                for command in shown_commands(path.read_text(encoding="utf-8"))
                if (why := command_problem(command, usage))]
    assert not problems, "\n".join(problems)


def test_the_checks_find_a_broken_link_and_an_unknown_command():
    page = ROOT / "docs" / "page.md"
    text = ("# Top\n\n[ok](#top) [gone](missing.md) [no heading](../README.md#no-such-heading)\n\n"
            "```bash\npython -m analysis tabels\npython -m analysis tables --outt DIR\n"
            "python benchmarks/no_such_script.py\nmake all\npytest\n```\n")
    assert len(link_problems(page, text)) == 2
    usage = analysis_usage()
    assert [command_problem(c, usage) is None for c in shown_commands(text)] == [False] * 4 + [True]


def test_github_anchors():
    assert github_anchor("Sentiment: VADER against people") == "sentiment-vader-against-people"
    assert github_anchor("What `report` writes, and why") == "what-report-writes-and-why"
    assert anchors("# A\n## A\n```\n# not a heading\n```\n") == {"a", "a-1"}


def test_files_and_names_the_docs_mention_exist():
    """Every path in a code span (analysis/..., benchmarks/..., data/...) is a file or
    folder of the checkout, and every dotted name analysis.x.y is importable."""
    import importlib

    problems = []
    for path in DOCS:
        for span in CODE_SPAN.findall(_prose(path.read_text(encoding="utf-8"))):
            if re.fullmatch(r"(analysis|benchmarks|tests|data|notebooks|docs)/[\w./-]*", span):
                if not PLACEHOLDER.search(span) and not (ROOT / span).exists():
                    problems.append(f"{path.name}: no {span}")
            elif re.fullmatch(r"analysis(\.\w+)+", span):
                parts = span.split(".")
                for i in range(len(parts), 0, -1):
                    try:
                        obj = importlib.import_module(".".join(parts[:i]))
                    except ImportError:
                        continue
                    try:
                        for name in parts[i:]:
                            obj = getattr(obj, name)
                    except AttributeError:
                        problems.append(f"{path.name}: no {span}")
                    break
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_the_layout_lists_every_module():
    """docs/layout.md's table of layers names every module of each subpackage, and no other."""
    text = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `analysis/(\w+)/` \|[^|]*\| ([^|]+) \|$", text, re.M)
    assert {layer for layer, _ in rows} == {p.parent.name for p in (ROOT / "analysis").glob("*/__init__.py")}
    problems = []
    for layer, cell in rows:
        folder = ROOT / "analysis" / layer
        actual = {p.name for p in folder.glob("*.py") if p.name != "__init__.py"}
        actual |= {p.name + "/" for p in folder.iterdir() if p.is_dir() and p.name != "__pycache__"}
        listed = set(re.findall(r"`([^`]+)`", cell))
        problems += [f"analysis/{layer}/: {name} is not listed" for name in sorted(actual - listed)]
        problems += [f"analysis/{layer}/: no {name}" for name in sorted(listed - actual)]
    assert not problems, "\n".join(problems)


def test_every_dependency_says_why():
    """Every package of requirements.txt has its reason in docs/dependencies.md."""
    wanted = {re.split(r"[=<>~!\[ ]", line)[0].lower()
              for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith(("#", "-"))}
    table = (ROOT / "docs" / "dependencies.md").read_text(encoding="utf-8")
    named = {name.strip().lower() for cell in re.findall(r"^\| ([^|]+) \|", table, re.M)
             for name in cell.split(",")}
    assert wanted - named == set()
