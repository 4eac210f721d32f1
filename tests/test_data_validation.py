"""Every table loads; every malformed variant of every table fails with one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from yibao.data.store import DataValidationError, load_table, validate_all
from yibao.data.tables import TABLES, Table
from yibao.validate import main as validate_main

from .conftest import read_rows, write_rows


def test_every_table_is_valid_and_non_empty():
    report = validate_all()
    assert report == {table.file: [] for table in TABLES.values()}
    for name in TABLES:
        assert len(load_table(name)) > 0, name


def test_validate_command_reports_ok(capsys):
    assert validate_main([]) == 0
    assert "FAIL" not in capsys.readouterr().out


def test_loaders_return_typed_copies():
    frame = load_table("region_params")
    assert frame["valid_from"].dtype.kind == "M"
    assert frame["value"].dtype == "float64"
    assert str(frame["age_min"].dtype) == "Int64"
    frame.loc[:, "region"] = "changed"
    assert (load_table("region_params")["region"] != "changed").all()


def _first(table: Table, predicate) -> str | None:
    return next((c.name for c in table.columns if predicate(c)), None)


def _break(rows: list[list[str]], column: str, value: str, row: int = 1) -> tuple[int, str, str]:
    index = rows[0].index(column)
    rows[row][index] = value
    return row + 1, column, value  # line number in the file


# Each mutation: (picks a column, changes the rows) -> (line, field, bad value, fragment of the message)
def _missing_column(table: Table, rows):
    column = table.columns[1].name
    index = rows[0].index(column)
    for row in rows:
        del row[index]
    return 1, column, None, "required column is missing"


def _unknown_column(table: Table, rows):
    rows[0].append("surprise")
    for row in rows[1:]:
        row.append("x")
    return 1, "surprise", None, "unknown column"


def _bad_enum(table: Table, rows):
    column = _first(table, lambda c: c.kind == "enum" and c.required)
    return (*_break(rows, column, "not_a_choice"), "is not one of")


def _bad_date(table: Table, rows):
    column = _first(table, lambda c: c.kind == "date" and c.required)
    return (*_break(rows, column, "2024-02-30"), "not a real calendar date")


def _not_iso_date(table: Table, rows):
    column = _first(table, lambda c: c.kind == "date" and c.required)
    return (*_break(rows, column, "01/02/2024"), "not an ISO date")


def _not_month_start(table: Table, rows):
    column = _first(table, lambda c: c.kind == "month_start")
    return (*_break(rows, column, "07-15"), "is not the first of a month (MM-01)")


def _not_a_month(table: Table, rows):
    column = _first(table, lambda c: c.kind == "month_start")
    return (*_break(rows, column, "13-01"), "is not a real month")


def _duplicate_key(table: Table, rows):
    for column in table.key:
        index = rows[0].index(column)
        rows[2][index] = rows[1][index]
    return 3, table.key[0], None, "duplicate"


def _dangling_source(table: Table, rows):
    column = _first(table, lambda c: c.kind == "ref_list")
    return (*_break(rows, column, "no-such-source"), "is not an id in sources.csv")


def _empty_zh(table: Table, rows):
    column = _first(table, lambda c: c.name.endswith("_zh") and c.required)
    return (*_break(rows, column, ""), "is empty but required")


def _empty_en(table: Table, rows):
    column = _first(table, lambda c: c.name.endswith("_en") and c.required)
    return (*_break(rows, column, ""), "is empty")


def _whitespace(table: Table, rows):
    column = _first(table, lambda c: c.kind == "text" and c.required)
    index = rows[0].index(column)
    value = " " + rows[1][index]
    return (*_break(rows, column, value), "whitespace")


def _bad_number(table: Table, rows):
    column = _first(table, lambda c: c.kind in ("number", "int"))
    return (*_break(rows, column, "12%"), "number")


def _bad_list(table: Table, rows):
    column = _first(table, lambda c: c.kind in ("ref_list", "enum_list", "list") and c.required)
    index = rows[0].index(column)
    value = rows[1][index] + "| x"
    return (*_break(rows, column, value), "spaces around")


def _field_count(table: Table, rows):
    rows[2].append("extra")
    return 3, None, None, "fields, the header has"


def _bad_slug(table: Table, rows):
    return (*_break(rows, "id", "Bad Id"), "is not a lowercase id")


MUTATIONS = {
    f.__name__.strip("_"): f
    for f in (
        _missing_column,
        _unknown_column,
        _bad_enum,
        _bad_date,
        _not_iso_date,
        _not_month_start,
        _not_a_month,
        _duplicate_key,
        _dangling_source,
        _empty_zh,
        _empty_en,
        _whitespace,
        _bad_number,
        _bad_list,
        _field_count,
        _bad_slug,
    )
}

APPLICABLE = {
    "bad_enum": lambda t: _first(t, lambda c: c.kind == "enum" and c.required),
    "bad_date": lambda t: _first(t, lambda c: c.kind == "date" and c.required),
    "not_iso_date": lambda t: _first(t, lambda c: c.kind == "date" and c.required),
    "not_month_start": lambda t: _first(t, lambda c: c.kind == "month_start"),
    "not_a_month": lambda t: _first(t, lambda c: c.kind == "month_start"),
    "dangling_source": lambda t: _first(t, lambda c: c.kind == "ref_list"),
    "empty_zh": lambda t: _first(t, lambda c: c.name.endswith("_zh") and c.required),
    "empty_en": lambda t: _first(t, lambda c: c.name.endswith("_en") and c.required),
    "bad_number": lambda t: _first(t, lambda c: c.kind in ("number", "int")),
    "bad_list": lambda t: _first(t, lambda c: c.kind in ("ref_list", "enum_list", "list") and c.required),
}

CASES = [
    pytest.param(table, mutation, id=f"{table.name}-{mutation}")
    for table in TABLES.values()
    for mutation in MUTATIONS
    if mutation not in APPLICABLE or APPLICABLE[mutation](table)
]


@pytest.mark.parametrize(("table", "mutation"), CASES)
def test_malformed_table_fails_with_file_line_field_value(data_copy: Path, table: Table, mutation: str):
    path = data_copy / table.file
    rows = read_rows(path)
    line, field, value, fragment = MUTATIONS[mutation](table, rows)
    write_rows(path, rows)
    with pytest.raises(DataValidationError) as caught:
        load_table(table.name, data_copy)
    message = str(caught.value)
    assert message.startswith(f"{table.file}, line {line}"), message
    if field:
        assert f"field '{field}'" in message, message
    if value:
        assert repr(value) in message, message
    assert fragment in message, message
    assert "Traceback" not in message


@pytest.mark.parametrize("table", TABLES.values(), ids=lambda t: t.name)
def test_byte_order_mark_is_rejected(data_copy: Path, table: Table):
    path = data_copy / table.file
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(DataValidationError, match=rf"^{table.file}, line 1: .*byte-order mark"):
        load_table(table.name, data_copy)


@pytest.mark.parametrize("table", TABLES.values(), ids=lambda t: t.name)
def test_invalid_utf8_names_the_line(data_copy: Path, table: Table):
    path = data_copy / table.file
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2] + b"\xff\xfe"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(DataValidationError, match=rf"^{table.file}, line 3: not valid UTF-8"):
        load_table(table.name, data_copy)


@pytest.mark.parametrize("table", TABLES.values(), ids=lambda t: t.name)
def test_gbk_encoded_file_is_rejected(data_copy: Path, table: Table):
    path = data_copy / table.file
    text = path.read_text(encoding="utf-8")
    try:
        encoded = text.encode("gbk")
    except UnicodeEncodeError:
        encoded = text.encode("gb18030")
    if encoded == text.encode("utf-8"):
        pytest.skip("table has no non-ASCII text")
    path.write_bytes(encoded)
    with pytest.raises(DataValidationError, match=rf"^{table.file}, line \d+: not valid UTF-8"):
        load_table(table.name, data_copy)


def test_mismatched_list_lengths_are_rejected(data_copy: Path):
    path = data_copy / "channels.csv"
    rows = read_rows(path)
    index = rows[0].index("steps_en")
    rows[1][index] = rows[1][index] + "|one more step"
    write_rows(path, rows)
    with pytest.raises(DataValidationError, match=r"channels.csv, line 2, field 'steps_en': has \d+ items but steps_zh has"):
        load_table("channels", data_copy)


def test_overlapping_periods_are_rejected(data_copy: Path):
    path = data_copy / "region_params.csv"
    rows = read_rows(path)
    header = rows[0]
    first = rows[1][:]
    first[header.index("id")] = first[header.index("id")] + "-copy"
    rows.append(first)
    write_rows(path, rows)
    with pytest.raises(DataValidationError, match=rf"line {len(rows)}, field 'valid_from': period overlaps line 2"):
        load_table("region_params", data_copy)


def test_valid_to_before_valid_from_is_rejected(data_copy: Path):
    path = data_copy / "region_params.csv"
    rows = read_rows(path)
    header = rows[0]
    start = rows[1][header.index("valid_from")]
    rows[1][header.index("valid_to")] = start
    write_rows(path, rows)
    with pytest.raises(DataValidationError, match=f"line 2, field 'valid_to': {start} is not after valid_from"):
        load_table("region_params", data_copy)


def test_missing_file_and_empty_file(data_copy: Path):
    (data_copy / "channels.csv").unlink()
    with pytest.raises(DataValidationError, match="channels.csv: file not found"):
        load_table("channels", data_copy)
    (data_copy / "seed_claims.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataValidationError, match="seed_claims.csv, line 1: file is empty"):
        load_table("seed_claims", data_copy)


def test_broken_dependency_is_reported_from_its_own_file(data_copy: Path):
    path = data_copy / "sources.csv"
    rows = read_rows(path)
    rows[1][rows[0].index("kind")] = "blog"
    write_rows(path, rows)
    with pytest.raises(DataValidationError, match=r"^sources.csv, line 2, field 'kind': 'blog'"):
        load_table("channels", data_copy)


def test_unknown_table_name():
    with pytest.raises(ValueError, match="unknown table 'nope'; valid: sources"):
        load_table("nope")


def test_every_row_is_sourced_and_dated():
    sources = set(load_table("sources")["id"])
    for name, table in TABLES.items():
        frame = load_table(name)
        for column in (c.name for c in table.columns if c.kind == "ref_list"):
            assert frame[column].map(len).gt(0).all(), (name, column)
            assert set().union(*frame[column]) <= sources
        if "valid_from" in frame:
            assert frame["valid_from"].notna().all(), name
    cited = load_table("sources")
    findable = cited["kind"].eq("seed") | (cited["url"] + cited["doc_number"]).str.len().gt(0)
    assert findable.all(), list(cited.loc[~findable, "id"])
    assert cited["publisher"].str.len().gt(0).all()


def test_seed_sources_are_cited_by_site_and_date_not_by_file_name():
    seeds = load_table("sources").query("kind == 'seed'")
    assert len(seeds) == 3
    for column in ("title", "publisher", "published", "url", "doc_number"):
        assert not seeds[column].str.contains(r"\.txt|_[0-9a-f]{8}", regex=True).any(), column
    assert seeds.set_index("id").loc["seed-000", ["publisher", "published"]].tolist() == ["河马保", "2023-03-14"]
