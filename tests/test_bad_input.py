"""What bad input gets: every case builds a small corpus in tmp_path, runs the real command
line (``check`` and ``tables --jobs 1``) and states what must happen. Either a clear error
naming the file, line or column, with a non-zero exit; or the article is kept and a warning
says what was unusual (in check's printout and in tables' problems.csv). In every case: no
traceback reaches the user, and no article is dropped silently (each one is in articles.csv
or named in problems.csv).

The texts are written here (never copied from ../shared). docs/your-corpus.md ("What bad
input gets") lists the outcomes.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import paths

NAME = "Лукашенко"
ENGLISH = ("Belarusian leader Alexander Lukashenko said on Thursday that the union state with "
           "Russia would deepen. Critics in Minsk called the decree a step towards the loss of "
           "sovereignty, and the opposition said it had not been consulted. The European Union "
           "said it was watching closely.")
ENGLISH_WITH_NAME = f"Minsk signs decree\n\nThe statement was signed by {NAME} on Thursday.\n\n{ENGLISH}"
RUSSIAN = ("Лукашенко подписал декрет\n\nПрезидент Белоруссии Александр Лукашенко подписал декрет "
           "о союзном государстве. Оппозиция в Минске назвала этот шаг угрозой независимости.")
FRENCH = ("Le président biélorusse signe un décret\n\nLe président biélorusse a déclaré à la presse "
          "que la réunion était très importante pour le pays. Les opposants réunis à Vilnius ont "
          "dénoncé une élection truquée et réclamé de nouveaux scrutins sous contrôle "
          "international. Selon eux, le régime refuse toute forme de dialogue depuis des mois.")
GERMAN = ("Lukaschenko unterschreibt Dekret\n\nDer belarussische Machthaber hat am Donnerstag ein "
          "Dekret über den Unionsstaat mit Russland unterzeichnet. Die Opposition in Minsk sprach "
          "von einem Schritt zum Verlust der Souveränität. Die Europäische Union beobachte die "
          "Lage sehr genau, sagte eine Sprecherin in Brüssel. Kritiker fürchten weitere "
          "Festnahmen und eine noch engere Bindung an Moskau.")


# --------------------------------------------------------------------------- helpers

@dataclass
class Outcome:
    check: subprocess.CompletedProcess
    tables: subprocess.CompletedProcess
    articles: pd.DataFrame   # tables' articles.csv
    problems: pd.DataFrame   # tables' problems.csv
    out: Path

    def article(self, article_id: str) -> pd.Series:
        return self.articles.set_index("article_id").loc[article_id]

    def rows(self, level: str, text: str) -> pd.DataFrame:
        p = self.problems
        return p[(p.level == level) & p.problem.str.contains(text, regex=False)]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_DEBUG"}
    result = subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True,
                            text=True, cwd=paths.ROOT, env=env, timeout=600)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def run_both(corpus: Path, ids: list[str], *options: str, out: Path | None = None) -> Outcome:
    """Run ``check`` and ``tables`` on a corpus; assert no traceback and that each of ``ids``
    is in articles.csv or named in problems.csv."""
    out = out or corpus.parent / f"{corpus.name}-tables"
    check = run_cli("check", "--corpus", str(corpus), *options)
    tables = run_cli("tables", "--corpus", str(corpus), "--out", str(out), "--jobs", "1", *options)
    read = dict(dtype=str, keep_default_na=False)
    articles = pd.read_csv(out / "articles.csv", **read) if (out / "articles.csv").is_file() \
        else pd.DataFrame(columns=["article_id", "text"])
    problems = pd.read_csv(out / "problems.csv", **read) if (out / "problems.csv").is_file() \
        else pd.DataFrame(columns=["level", "file", "article_id", "problem"])
    for aid in ids:
        named = aid in set(articles.article_id) or aid in set(problems.article_id) \
            or problems.file.str.contains(aid, regex=False).any()
        assert named, f"article {aid} dropped silently"
    return Outcome(check, tables, articles, problems, out)


def manifest_corpus(folder: Path, files: dict[str, bytes | str], rows: list[dict]) -> Path:
    """A manifest corpus: the text files (bytes as given, str as UTF-8) and articles.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return folder


def one_article(tmp_path: Path, content: bytes | str, **row) -> Path:
    """A corpus of one article ``a1`` of outlet X in a.txt, plus a plain UTF-8 control ``ok``."""
    return manifest_corpus(tmp_path / "corpus", {"a.txt": content, "ok.txt": ENGLISH_WITH_NAME},
                           [{"article_id": "a1", "outlet": "X", "file": "a.txt", **row},
                            {"article_id": "ok", "outlet": "Y", "file": "ok.txt"}])


def assert_error(o: Outcome, file: str, message: str, *, check_exit: int = 1) -> None:
    """Both commands exit non-zero; check prints the error and problems.csv lists it, each
    naming ``file`` (a file name, or "articles.csv line N")."""
    assert o.check.returncode == check_exit, o.check.stdout + o.check.stderr
    assert o.tables.returncode == 1, o.tables.stdout + o.tables.stderr
    printed = [line for line in o.check.stdout.splitlines() if line.strip().startswith("ERROR:")]
    assert any(file in line and message in line for line in printed), o.check.stdout
    rows = o.rows("error", message)
    assert rows.file.str.contains(file, regex=False).any(), o.problems.to_string()


def assert_warning(o: Outcome, aid: str, message: str, *, in_check: bool = True) -> None:
    """The article is kept (in articles.csv), both commands succeed, and a warning about it
    says ``message`` (in check's printout unless ``in_check`` is False, and in problems.csv)."""
    assert o.check.returncode == 0, o.check.stdout + o.check.stderr
    assert o.tables.returncode == 0, o.tables.stdout + o.tables.stderr
    assert aid in set(o.articles.article_id)
    if in_check:
        assert any(message in line and line.strip().startswith("WARNING:")
                   for line in o.check.stdout.splitlines()), o.check.stdout
    rows = o.rows("warning", message)
    assert aid in set(rows.article_id), o.problems.to_string()


def no_warning(o: Outcome, aid: str) -> None:
    assert aid in set(o.articles.article_id)
    assert not (o.problems.article_id == aid).any(), o.problems.to_string()


# --------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("codec,named", [("cp1251", "cp1251"), ("koi8-r", "koi8_r")])
def test_cyrillic_code_pages_are_decoded_and_named(tmp_path, codec, named):
    o = run_both(one_article(tmp_path, RUSSIAN.encode(codec)), ["a1", "ok"])
    assert_warning(o, "a1", f"not UTF-8: decoded as {named} (detected)")
    assert_warning(o, "a1", "most letters are not Latin script (0% Latin; mostly Cyrillic)")
    got = o.article("a1")
    assert got.encoding == named
    assert "Президент Белоруссии Александр Лукашенко подписал декрет" in got.text


def test_latin1_french_is_decoded_as_western_european(tmp_path):
    o = run_both(one_article(tmp_path, FRENCH.encode("latin-1"), language="fr"), ["a1", "ok"])
    assert_warning(o, "a1", "not UTF-8: decoded as cp1252 (detected)")
    # the language column says French: tables warns that the English resources do not fit
    assert_warning(o, "a1", "language 'fr'", in_check=False)
    assert "Le président biélorusse a déclaré à la presse" in o.article("a1").text


@pytest.mark.parametrize("data,note", [
    (b"\xff\xfe" + ENGLISH_WITH_NAME.encode("utf-16-le"), "UTF-16 (little-endian, with byte-order mark)"),
    (b"\xfe\xff" + ENGLISH_WITH_NAME.encode("utf-16-be"), "UTF-16 (big-endian, with byte-order mark)"),
    (ENGLISH_WITH_NAME.encode("utf-16-le"), "UTF-16-LE without byte-order mark (detected)"),
    (ENGLISH_WITH_NAME.encode("utf-16-be"), "UTF-16-BE without byte-order mark (detected)"),
], ids=["le-bom", "be-bom", "le", "be"])
def test_utf16_with_and_without_bom(tmp_path, data, note):
    o = run_both(one_article(tmp_path, data), ["a1", "ok"])
    assert_warning(o, "a1", note)
    text = o.article("a1").text
    assert f"The statement was signed by {NAME} on Thursday." in text
    assert text == o.article("ok").text  # the same article, whatever its encoding


def test_utf16_cyrillic_without_bom(tmp_path):
    # no NUL bytes at all: told from a code page by its high bytes (0x04 for Cyrillic)
    o = run_both(one_article(tmp_path, RUSSIAN.encode("utf-16-le")), ["a1", "ok"])
    assert_warning(o, "a1", "decoded as UTF-16-LE without byte-order mark")
    assert "Александр Лукашенко" in o.article("a1").text


def test_utf8_with_bom(tmp_path):
    o = run_both(one_article(tmp_path, b"\xef\xbb\xbf" + ENGLISH_WITH_NAME.encode("utf-8")),
                 ["a1", "ok"])
    assert_warning(o, "a1", "decoded as UTF-8 with byte-order mark")
    got = o.article("a1")
    assert got.encoding == "utf-8-sig" and got.text.startswith("Minsk signs decree")


def test_mixed_line_endings(tmp_path):
    raw = "Headline here\r\n\r\nFirst paragraph.\rSecond paragraph.\nThird paragraph.\n"
    o = run_both(one_article(tmp_path, raw), ["a1", "ok"])
    assert_warning(o, "a1", "mixed line endings (2 \\r\\n, 1 \\r, 2 \\n): each is read as a line break")
    lines = pd.read_csv(o.out / "lines.csv", dtype=str, keep_default_na=False)
    assert lines[lines.article_id == "a1"].text.tolist() == [
        "Headline here", "First paragraph.", "Second paragraph.", "Third paragraph."]


def test_truncated_utf8(tmp_path):
    data = f"Headline\n\nThe statement was signed by {NAME}".encode("utf-8")[:-1]  # half a "о"
    o = run_both(one_article(tmp_path, data), ["a1", "ok"])
    assert_warning(o, "a1", "decoded as UTF-8; the last character is cut off "
                            "(1 byte(s) at the end of the file left out)")
    assert o.article("a1").text.endswith("signed by Лукашенк")


# --------------------------------------------------------------------------- not text

@pytest.mark.parametrize("content,message", [
    (b"", "empty text"),
    (b"  \n\t\r\n \xc2\xa0\n", "empty text"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3, "not a text file: its first bytes are those of a PNG image"),
    (b"GIF89a" + bytes(range(200)), "not a text file: its first bytes are those of a GIF image"),
    (b"Headline\x00\x00\x01\x02\x00 body \x00\xff\x00" * 40, "not a text file: it holds"),
], ids=["empty", "whitespace", "png", "gif", "nul-bytes"])
def test_files_without_text_are_errors(tmp_path, content, message):
    o = run_both(one_article(tmp_path, content), ["a1", "ok"])
    assert_error(o, "a.txt", message)
    assert set(o.articles.article_id) == {"ok"}


# --------------------------------------------------------------------------- what texts carry

def test_html_markup_in_text_is_kept_as_text(tmp_path):
    raw = "<h1>Minsk signs decree</h1>\n\n<p>The decree was signed on <b>Thursday</b>.</p>\n"
    o = run_both(one_article(tmp_path, raw), ["a1", "ok"])
    assert_warning(o, "a1", "the text carries HTML markup ('<h1>', '</h1>', '<p>'): kept as "
                            "plain text, never interpreted")
    assert "<p>The decree was signed on <b>Thursday</b>.</p>" in o.article("a1").text


def test_scripts_and_event_handlers_in_text_title_and_outlet(tmp_path):
    evil_outlet = '<img src=x onerror="alert(1)">Evil News'
    evil_title = "Decree <script>document.title='pwned'</script> signed"
    raw = ("Minsk signs decree\n\nThe decree <script>alert('x')</script> was signed.\n\n"
           '<a href="javascript:alert(2)" onclick="steal()">Read more</a>\n')
    folder = manifest_corpus(tmp_path / "corpus", {"a.txt": raw},
                             [{"article_id": "a1", "outlet": evil_outlet, "file": "a.txt",
                               "title": evil_title}])
    o = run_both(folder, ["a1"])
    assert_warning(o, "a1", "the text carries HTML markup ('<script>', '</script>', "
                            "'<a href=\"javascript:alert(2)\" onclick...'); including "
                            "script code (<script>, event-handler attributes (on...=), "
                            "javascript: links): kept as plain text")
    assert_warning(o, "a1", "the title carries HTML markup ('<script>', '</script>'); "
                            "including script code (<script>)")
    assert_warning(o, "a1", "the outlet carries HTML markup ('<img src=x onerror=\"alert(1)\">'); "
                            "including script code (event-handler attributes (on...=))")
    got = o.article("a1")
    assert (got.outlet, got.title) == (evil_outlet, evil_title)  # kept exactly, as text
    assert "<script>alert('x')</script>" in got.text


def test_no_sentence_punctuation(tmp_path):
    words = " ".join(["the council met again and talked about the union state"] * 8)  # 80 words
    o = run_both(one_article(tmp_path, f"Headline without a stop\n\n{words}\n\nand {words}\n"),
                 ["a1", "ok"])
    assert_warning(o, "a1", "no sentence punctuation (. ! ?) in 165 words: each paragraph is "
                            "read as one sentence, so sentences may be very long")
    assert o.article("a1").n_sentences == "3"  # headline and two paragraphs


def test_french_with_language_column(tmp_path):
    o = run_both(one_article(tmp_path, FRENCH, language="fr"), ["a1", "ok"])
    assert_warning(o, "a1", "language 'fr': the sentiment (VADER), readability (textstat) and "
                            "stop-word lists are English-only", in_check=False)
    assert not o.rows("warning", "does not look English").size  # the column already says it
    assert o.article("a1").language == "fr"


def test_german_without_language_column(tmp_path):
    o = run_both(one_article(tmp_path, GERMAN), ["a1", "ok"])
    assert_warning(o, "a1", "the text does not look English (only 6% of its words are common "
                            "English words such as 'the', 'of', 'and')")
    assert "Die Opposition in Minsk sprach" in o.article("a1").text


def test_mixed_script_text(tmp_path):
    raw = ("Лукашенко и Путин\n\nЛукашенко встретился с Путиным в Сочи. 卢卡申科与普京在索契会面并讨论联盟国家。"
           " Lukashenko met Putin in Sochi.\n")
    o = run_both(one_article(tmp_path, raw), ["a1", "ok"])
    assert_warning(o, "a1", "most letters are not Latin script (27% Latin; mostly Cyrillic, Cjk)")
    assert "卢卡申科与普京在索契会面" in o.article("a1").text


def test_words_mixing_latin_and_cyrillic_letters(tmp_path):
    lookalike = "Lukаshenko"  # the second letter "а" is Cyrillic
    o = run_both(one_article(tmp_path, f"Headline\n\n{lookalike} signed the decree. {ENGLISH}"),
                 ["a1", "ok"])
    assert_warning(o, "a1", f"1 word(s) mix Latin and Cyrillic letters ('{lookalike}'): "
                            "look-alike letters stop a name from being recognised")


def test_cyrillic_name_in_english_text_is_kept_and_counted(tmp_path):
    raw = f"Lukashenko in Minsk\n\nThe Belarusian leader {NAME} met officials in Minsk on Friday.\n"
    o = run_both(one_article(tmp_path, raw), ["a1", "ok"])
    assert o.check.returncode == 0 and o.tables.returncode == 0
    no_warning(o, "a1")
    got = o.article("a1")
    assert NAME in got.text
    assert got.n_words_clean == "13"  # 3 in the headline + 10 in the body, counted by hand
    mentions = pd.read_csv(o.out / "mentions.csv", dtype=str, keep_default_na=False)
    assert NAME in set(mentions[mentions.article_id == "a1"].name_form)


# --------------------------------------------------------------------------- manifest errors

def test_manifest_missing_column(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "articles.csv").write_text("article_id,outlet,path\na1,X,a.txt\n", encoding="utf-8")
    o = run_both(folder, [])
    assert_error(o, "articles.csv", "missing column(s) file; columns are: article_id, outlet, path")


def test_manifest_unclosed_quote_names_its_line(tmp_path):
    folder = manifest_corpus(tmp_path / "corpus", {"a.txt": ENGLISH, "b.txt": ENGLISH,
                                                   "c.txt": ENGLISH}, [])
    (folder / "articles.csv").write_text(
        'article_id,outlet,file,title\n'
        'a1,X,a.txt,Fine title\n'
        'a2,Y,b.txt,"Title with an open quote\n'
        'a3,Z,c.txt,Another title\n', encoding="utf-8")
    o = run_both(folder, ["a1", "articles.csv line 3"])
    assert_error(o, "articles.csv line 3", "a quoted field opened on line 3 is never closed, "
                                           "so lines 3-4 are not read")
    assert o.articles.article_id.tolist() == ["a1"]  # the rows before it are read


def test_manifest_row_with_too_many_fields(tmp_path):
    folder = manifest_corpus(tmp_path / "corpus", {"a.txt": ENGLISH, "b.txt": ENGLISH}, [])
    (folder / "articles.csv").write_text(
        "article_id,outlet,file,title\na1,X,a.txt,Fine\na2,Y,b.txt,Minsk, Belarus\n",
        encoding="utf-8")
    o = run_both(folder, ["a1", "a2"])
    assert_error(o, "articles.csv line 3", "5 fields but the header has 4: a value that holds "
                                           "a comma must be in double quotes")


def test_manifest_in_cp1251_with_a_short_cyrillic_title(tmp_path):
    folder = manifest_corpus(tmp_path / "corpus", {"a.txt": ENGLISH}, [])
    (folder / "articles.csv").write_bytes(
        "article_id,outlet,file,title\na1,X,a.txt,Заголовок\n".encode("cp1251"))
    o = run_both(folder, ["a1"])
    assert o.check.returncode == 0 and o.tables.returncode == 0
    assert f"WARNING: {folder / 'articles.csv'}: not UTF-8: decoded as cp1251 (detected)" in o.check.stdout
    assert o.article("a1").title == "Заголовок"  # not "Çàăîëîâîê" (cp1258)


def test_manifest_duplicate_id(tmp_path):
    folder = manifest_corpus(tmp_path / "corpus", {"a.txt": ENGLISH, "b.txt": GERMAN},
                             [{"article_id": "a1", "outlet": "X", "file": "a.txt"},
                              {"article_id": "a1", "outlet": "Y", "file": "b.txt"}])
    o = run_both(folder, ["a1"])
    assert_error(o, "b.txt", "duplicate article id 'a1' (first seen in")
    assert o.articles.article_id.tolist() == ["a1"] and o.article("a1").outlet == "X"


@pytest.mark.parametrize("date,message", [
    ("2021-13-45", "date '2021-13-45' is not a date; left empty"),
    ("last Thursday", "date 'last Thursday' is not a full ISO date (YYYY-MM-DD); left empty"),
])
def test_manifest_bad_date_is_left_empty(tmp_path, date, message):
    o = run_both(one_article(tmp_path, ENGLISH, published=date), ["a1", "ok"])
    assert_warning(o, "a1", message)
    assert o.article("a1").published == ""


def test_manifest_empty_outlet(tmp_path):
    folder = manifest_corpus(tmp_path / "corpus", {"a.txt": ENGLISH, "b.txt": ENGLISH},
                             [{"article_id": "a1", "outlet": "X", "file": "a.txt"},
                              {"article_id": "a2", "outlet": "  ", "file": "b.txt"}])
    o = run_both(folder, ["a1", "a2"])
    assert_error(o, "b.txt", "empty outlet")


def test_manifest_file_that_is_a_folder(tmp_path):
    folder = one_article(tmp_path, ENGLISH)
    (folder / "sub").mkdir()
    rows = (folder / "articles.csv").read_text(encoding="utf-8") + "a2,Z,sub\n"
    (folder / "articles.csv").write_text(rows, encoding="utf-8")
    o = run_both(folder, ["a1", "ok", "a2"])
    assert_error(o, "sub", "named in articles.csv line 4 is a folder, not a text file")


# --------------------------------------------------------------------------- paths stay inside

def _secret(tmp_path: Path) -> Path:
    """A file outside the corpus that must never be read."""
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text("SECRET-TOKEN never to be read. It sits outside the corpus.", encoding="utf-8")
    return secret


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "inner-dotdot", "etc-passwd",
                                  "symlink-file", "symlink-folder"])
def test_paths_leading_out_of_the_corpus_are_errors(tmp_path, kind):
    secret = _secret(tmp_path)
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    written, reason = {
        "absolute": (str(secret), "is an absolute path"),
        "dotdot": ("../outside/secret.txt", "climbs out of the corpus folder with '..'"),
        "inner-dotdot": ("sub/../../outside/secret.txt", "climbs out of the corpus folder with '..'"),
        "etc-passwd": ("../../../../../../../../etc/passwd", "climbs out of the corpus folder with '..'"),
        "symlink-file": ("link.txt", "is a symbolic link (or lies under one) leading out of the corpus folder"),
        "symlink-folder": ("sub/linked/secret.txt", "is a symbolic link (or lies under one) leading out of the corpus folder"),
    }[kind]
    (folder / "link.txt").symlink_to(secret)
    (folder / "sub" / "linked").symlink_to(secret.parent, target_is_directory=True)
    manifest_corpus(folder, {"ok.txt": ENGLISH},
                    [{"article_id": "ok", "outlet": "X", "file": "ok.txt"},
                     {"article_id": "bad", "outlet": "Y", "file": written}])
    o = run_both(folder, ["ok", "bad"])
    assert_error(o, "articles.csv line 3", f"file {written!r} {reason}: paths in articles.csv "
                                           "must be relative and stay inside the folder")
    assert o.articles.article_id.tolist() == ["ok"]
    for name in os.listdir(o.out):  # nothing of the outside file reached any table
        assert "SECRET-TOKEN" not in (o.out / name).read_text(encoding="utf-8"), name
        assert "root:" not in (o.out / name).read_text(encoding="utf-8"), name


def test_symlinks_that_stay_inside_are_fine(tmp_path):
    folder = manifest_corpus(tmp_path / "corpus", {"texts/a.txt": ENGLISH}, [
        {"article_id": "a1", "outlet": "X", "file": "link.txt"},
        {"article_id": "a2", "outlet": "Y", "file": "sub/../texts/a.txt"}])
    (folder / "link.txt").symlink_to(folder / "texts" / "a.txt")
    (folder / "sub").mkdir()
    o = run_both(folder, ["a1", "a2"])
    assert o.check.returncode == 0 and o.tables.returncode == 0
    assert o.articles.article_id.tolist() == ["a1", "a2"]
    assert (o.problems.level != "error").all()


@pytest.mark.parametrize("name", ["entities.yaml", "cleaning_rules.yaml"])
def test_corpus_data_file_linked_from_outside_is_refused(tmp_path, name):
    outside = tmp_path / "outside" / name
    outside.parent.mkdir()
    outside.write_text("[]\n", encoding="utf-8")
    folder = manifest_corpus(tmp_path / "corpus", {"a.txt": ENGLISH},
                             [{"article_id": "a1", "outlet": "X", "file": "a.txt"}])
    (folder / name).symlink_to(outside)
    check = run_cli("check", "--corpus", str(folder))
    assert check.returncode == 1
    assert (f"ERROR: {folder / name}: data file '{name}' is a symbolic link (or lies under one) "
            "leading out of the corpus folder") in check.stdout
    tables = run_cli("tables", "--corpus", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert tables.returncode == 2
    errors = tables.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"error: {folder / name}: {name} is a symbolic "
                                                     "link (or lies under one) leading out of the corpus folder")


@pytest.mark.parametrize("name,where", [("entities.yaml", "entities"), ("cleaning_rules.yaml", "rules")])
def test_yaml_python_tags_run_nothing(tmp_path, name, where):
    marker = tmp_path / "pwned"
    folder = manifest_corpus(tmp_path / "corpus", {"a.txt": ENGLISH},
                             [{"article_id": "a1", "outlet": "X", "file": "a.txt"}])
    (folder / name).write_text(f'- !!python/object/apply:os.system ["touch {marker}"]\n',
                               encoding="utf-8")
    tables = run_cli("tables", "--corpus", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert tables.returncode == 2
    assert tables.stderr.startswith(f"error: {folder / name}: not valid YAML: could not determine "
                                    "a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'")
    assert not marker.exists()


# --------------------------------------------------------------------------- tables and JSON

def test_malformed_json_lines_name_the_line(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "j1", "outlet": "A", "text": "Fine text."}\n'
                    '{"id": "j2", "outlet": "B", "text": "No closing brace."\n'
                    '\n'
                    '{"id": "j3", "outlet": "C", "text": "Also fine."}\n', encoding="utf-8")
    o = run_both(path, ["j1", "j3", "t.jsonl line 2"])
    assert_error(o, "t.jsonl line 2", "not a JSON object: Expecting ',' delimiter at column 56")
    assert o.articles.article_id.tolist() == ["j1", "j3"]


def test_json_lines_line_that_is_a_list_or_holds_a_list(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "j1", "outlet": "A", "text": "Fine text."}\n'
                    '[{"id": "j2", "outlet": "B", "text": "In a list."}]\n'
                    '{"id": "j3", "outlet": ["C", "D"], "text": "Two outlets."}\n', encoding="utf-8")
    o = run_both(path, ["j1", "j3", "t.jsonl line 2"])
    assert_error(o, "t.jsonl line 2", "not a JSON object (one article per line): found a list of 1 item(s)")
    assert_error(o, "t.jsonl line 3", "column 'outlet' (outlet) holds a list, not text")
    assert o.articles.article_id.tolist() == ["j1"]


def test_json_folder_file_that_is_a_list(tmp_path):
    folder = tmp_path / "jsons"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps({"source": "A", "content_original": "Fine."}),
                                      encoding="utf-8")
    (folder / "many.json").write_text(json.dumps([{"source": "B", "content_original": "One."},
                                                  {"source": "C", "content_original": "Two."}]),
                                      encoding="utf-8")
    o = run_both(folder, ["good", "many.json"])
    assert_error(o, "many.json", "expected one JSON object (one article) per file, found a list "
                                 "of 2 item(s): to give many articles in one file, write JSON Lines")
    assert o.articles.article_id.tolist() == ["good"]


@pytest.mark.parametrize("column,values,message", [
    ("text", [1, 2], "column 'text' (text) has type int64, not string: the text of an article must be text"),
    ("outlet", [["A"], ["B", "C"]], "column 'outlet' (outlet) has type list<element: string>: expected text"),
    ("outlet", [{"name": "A"}, {"name": "B"}], "column 'outlet' (outlet) has type struct<name: string>: expected text"),
], ids=["int-text", "list-outlet", "struct-outlet"])
def test_parquet_with_wrong_column_types(tmp_path, column, values, message):
    frame = pd.DataFrame({"id": ["p1", "p2"], "outlet": ["A", "B"], "text": ["One.", "Two."]})
    frame[column] = values
    frame.to_parquet(tmp_path / "t.parquet")
    o = run_both(tmp_path / "t.parquet", ["t.parquet"])
    assert_error(o, "t.parquet", message)
    assert_error(o, "t.parquet", "none of its 2 row(s) is read")
    assert o.articles.empty


def test_parquet_numbers_in_outlet_are_read_as_text(tmp_path):
    pd.DataFrame({"id": [1, 2], "outlet": [7, 8], "text": ["One.", "Two."]}).to_parquet(tmp_path / "t.parquet")
    o = run_both(tmp_path / "t.parquet", ["1", "2"])
    assert o.check.returncode == 0 and o.tables.returncode == 0
    assert "column 'outlet' (outlet) has type int64: its values are read as text" in o.check.stdout
    assert o.articles[["article_id", "outlet"]].values.tolist() == [["1", "7"], ["2", "8"]]


def test_csv_table_with_an_empty_text_cell(tmp_path):
    pd.DataFrame({"id": ["c1", "c2"], "outlet": ["A", "B"], "text": ["Fine text.", ""]}) \
        .to_csv(tmp_path / "t.csv", index=False)
    o = run_both(tmp_path / "t.csv", ["c1", "c2"])
    assert_error(o, "t.csv row 2", "empty text")
    assert o.articles.article_id.tolist() == ["c1"]


def test_csv_table_with_an_unclosed_quote(tmp_path):
    (tmp_path / "t.csv").write_text('id,outlet,text\nc1,A,Fine text.\nc2,B,"Open quote\nc3,C,More.\n',
                                    encoding="utf-8")
    o = run_both(tmp_path / "t.csv", ["t.csv"])
    # pandas reads a chunk at a time: the chunk with the open quote is not read at all
    assert_error(o, "t.csv", "not readable after row 0: Error tokenizing data. C error: EOF inside "
                             "string starting at row 2 (line 3 of the file: a quoted field is never "
                             "closed); the rest of the file is not read")


def test_tsv_table_row_with_more_fields_than_the_header(tmp_path):
    # pandas would take the first column as an index and shift every value by one column
    (tmp_path / "t.tsv").write_text("id\toutlet\ttext\nc1\tA\tOne.\tTwo.\nc2\tB\tThree.\n",
                                    encoding="utf-8")
    o = run_both(tmp_path / "t.tsv", ["t.tsv"])
    assert_error(o, "t.tsv", "not readable after row 0: a row has more fields than the header "
                             "(a value holding the separator must be in double quotes)")
    assert o.articles.empty


def test_corpus_path_that_does_not_exist(tmp_path):
    o = run_both(tmp_path / "nowhere", [])
    assert_error(o, "nowhere", "no such file or folder")


def test_folder_with_neither_manifest_nor_json(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(ENGLISH, encoding="utf-8")
    o = run_both(folder, [])
    assert_error(o, "texts", "folder has neither a manifest articles.csv nor *.json files")
