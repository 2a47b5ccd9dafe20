"""Tables written part by part (analysis/pipeline/parts.py) read back as the one table pandas
would have made of all the rows at once."""
import pandas as pd
import pytest

from analysis.pipeline import parquet, parts

COLUMNS = ["n", "name", "empty_first", "spans", "flag"]
# Written two rows a part: the first part has whole numbers only, a column with no value
# and booleans; the second a missing number, a first value for "empty_first", an empty
# list and a missing boolean; the third a number again.
ROWS = [{"n": 1, "name": "Kyiv", "empty_first": None, "spans": [[0, 4]], "flag": True},
        {"n": 2, "name": None, "empty_first": None, "spans": [], "flag": False},
        {"n": None, "name": "Kiev", "empty_first": "late", "spans": [[1, 2], [5, 9]], "flag": None},
        {"n": 4, "name": "Minsk", "empty_first": None, "spans": [], "flag": True},
        {"n": 5, "name": "Lviv", "empty_first": None, "spans": [[3, 3]], "flag": False}]


def write(tmp_path, rows, **options):
    writer = parts.PartWriter(tmp_path, "t", COLUMNS, rows_per_part=2)
    for row in rows:
        writer.add([row])
    target = tmp_path / "t.parquet"
    seen = list(writer.assemble(target, **options))
    return parquet.read_parquet(target, writer.encoded), seen, writer


def test_parts_read_back_as_one_frame_of_all_rows(tmp_path):
    got, seen, writer = write(tmp_path, ROWS)
    expected = pd.DataFrame(ROWS, columns=COLUMNS)
    path = tmp_path / "whole.parquet"
    pd.testing.assert_frame_equal(got, parquet.read_parquet(path, parquet.write_parquet(expected, path)),
                                  check_exact=True)
    # by hand: a gap makes the numbers floats; the lists, the late text and the
    # missing boolean come back as they were
    assert got.n.dtype == "float64" and got.n.isna().tolist() == [False, False, True, False, False]
    assert got.empty_first.tolist() == [None, None, "late", None, None]
    assert got.spans.tolist() == [[[0, 4]], [], [[1, 2], [5, 9]], [], [[3, 3]]]
    assert got.flag.tolist() == [True, False, None, True, False]
    assert [len(s) for s in seen] == [2, 2, 1]  # each part shown once written
    assert writer.n_rows == 5 and not list(tmp_path.glob(".t.part-*"))  # the parts are gone


def test_a_transform_renames_part_by_part_and_keep_shows_columns(tmp_path):
    def rename(frame):
        return frame.assign(name=frame.name.replace({"Kiev": "Kyiv"}))

    got, seen, _ = write(tmp_path, ROWS, transform=rename, keep=["name"])
    assert got.name.tolist() == ["Kyiv", None, "Kyiv", "Minsk", "Lviv"]
    assert [s.columns.tolist() for s in seen] == [["name"]] * 3
    assert pd.concat(seen).name.tolist() == got.name.tolist()


def test_a_table_without_rows_keeps_its_columns(tmp_path):
    got, seen, _ = write(tmp_path, [])
    assert got.columns.tolist() == COLUMNS and got.empty and len(seen) == 1


def test_texts_at_reads_rows_across_row_groups(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "s.parquet"
    pq.write_table(pa.table({"text": [f"sentence {k}" for k in range(10)]}), path, row_group_size=3)
    assert pq.ParquetFile(path).num_row_groups == 4
    assert parts.texts_at(path, [9, 0, 4, 4, 5]) == {0: "sentence 0", 4: "sentence 4", 5: "sentence 5",
                                                     9: "sentence 9"}
    assert parts.texts_at(path, []) == {}


def test_parts_with_other_columns_are_an_error(tmp_path):
    writer = parts.PartWriter(tmp_path, "t", None, rows_per_part=1)
    writer.add([{"a": 1}])
    writer.add([{"b": 2}])
    with pytest.raises(ValueError, match="different columns"):
        list(writer.assemble(tmp_path / "t.parquet"))
