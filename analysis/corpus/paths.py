"""Where things live. Every other module takes its default paths from here."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RULES_FILE = DATA / "cleaning_rules.yaml"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
# Environment variables through which `python -m analysis report` points the notebooks
# at another corpus (see analysis.present.notebook.corpus_from_parameters).
CORPUS_ENV = "ANALYSIS_CORPUS"
CORPUS_OPTIONS_ENV = "ANALYSIS_CORPUS_OPTIONS"
# ... and the corpus path as the user typed it, which pages show (never the resolved path).
CORPUS_LABEL_ENV = "ANALYSIS_CORPUS_LABEL"
# ... and the folder into which the notebooks save each chart with its table.
EXPORT_ENV = "ANALYSIS_EXPORT_DIR"
# Set ("1") when a notebook runs without a person at the controls: by `report`, by
# `refresh` and under nbval. Interactive controls then show their default choice as
# static output (analysis.present.explore), so stored outputs and HTML pages hold no widgets.
STATIC_ENV = "ANALYSIS_STATIC"


class CorpusPathError(ValueError):
    """A path a corpus names, or a data file it brings, that leads out of its folder. The
    message names the file, the path as written and the rule broken."""


OUTSIDE_RULE = "paths in a corpus must be relative and stay inside its folder"


def outside_reason(folder: str | Path, relative: str | Path) -> str:
    """Why ``relative`` (a path as written in a corpus, relative to ``folder``) leads out
    of ``folder``: "" when it stays inside. Refused are absolute paths, ``..`` that climbs
    above the folder, and symbolic links (of the file or of a folder on the way) whose
    target lies outside; a link that stays inside is fine."""
    written = str(relative)
    if Path(written).is_absolute() or Path(written).drive or written.startswith(("/", "\\")):
        return "is an absolute path"
    depth = 0
    for part in Path(written).parts:
        depth += -1 if part == ".." else (0 if part in ("", ".") else 1)
        if depth < 0:
            return "climbs out of the corpus folder with '..'"
    base = Path(folder).resolve()
    try:
        target = (Path(folder) / written).resolve()
    except RuntimeError:  # Python < 3.13 raises this for a symbolic link loop
        return "is a symbolic link that loops"
    except OSError as exc:  # e.g. a name too long
        return f"cannot be resolved ({exc.strerror or exc})"
    if not target.is_relative_to(base):
        return "is a symbolic link (or lies under one) leading out of the corpus folder"
    return ""


def write_atomically(path: str | Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temporary_path)`` (a name beside ``path``, unique to this process),
    then rename the result to ``path``: a reader never finds half a file under the final
    name, even when the run is interrupted."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def corpus_file(corpus: str | Path | None, name: str) -> Path | None:
    """A data file a corpus brings along (e.g. its own cleaning rules or registry): NAME in
    the corpus folder, or beside the corpus table; None when there is none.

    Raises :class:`CorpusPathError` when that file is a symbolic link leading out of the
    folder: a corpus reads nothing outside its folder."""
    if corpus is None:
        return None
    folder = Path(corpus)
    if not folder.is_dir():
        folder = folder.parent
    own = folder / name
    if not (own.is_file() or own.is_symlink()):
        return None
    reason = outside_reason(folder, name)
    if reason:
        raise CorpusPathError(f"{own}: {name} {reason}: a corpus's data files must lie inside "
                              f"its folder ({OUTSIDE_RULE}); copy the file into the folder")
    return own if own.is_file() else None


def is_bundled(corpus: str | Path | None) -> bool:
    """Whether ``corpus`` is the bundled corpus (None, the ``data`` folder or its manifest)."""
    if corpus is None:
        return True
    folder = Path(corpus).resolve()
    return folder == DATA.resolve() or folder.parent == DATA.resolve() and folder.is_file()


def extra_name(name: str) -> str:
    """The name of the file that extends the data file NAME: ``.extra`` before its suffix
    (loaded_language.csv -> loaded_language.extra.csv, entities.yaml ->
    entities.extra.yaml, stopwords.txt -> stopwords.extra.txt)."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.extra.{suffix}" if dot else f"{name}.extra"


def data_files(corpus: str | Path | None, name: str) -> list[Path]:
    """The files a corpus reads for the data file NAME, in order: the corpus folder's own
    NAME when it has one (it replaces the bundled file), else the bundled ``data/NAME``;
    then the corpus folder's :func:`extra_name` file when it has one, whose entries are
    added to the first (and win where both have the same entry). The one rule for every
    data file: registry, label words, lexicon, stop words, spelling pairs, cleaning rules
    and the name lists of the people detector."""
    own = corpus_file(corpus, name)
    files = [own or DATA / name]
    extra = corpus_file(corpus, extra_name(name))
    if extra is not None:
        files.append(extra)
    return files
