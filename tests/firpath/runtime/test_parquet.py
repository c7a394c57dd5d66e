"""The Parquet table writer: string columns, deterministic bytes, names Parquet can hold."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from firpath.runtime.parquet import table_parquet_bytes, unique_names

pytestmark = pytest.mark.unit


def test_every_column_is_a_string_column_and_keeps_leading_zeros() -> None:
    data = table_parquet_bytes(["hardware", "firmware", "path"], [["0002", "01030001", "1101"], ["0010", "0A00", ""]])
    table = pq.read_table(io.BytesIO(data))
    assert table.schema.types == [pa.string()] * 3
    frame = pd.read_parquet(io.BytesIO(data))
    assert frame.to_dict("records") == [
        {"hardware": "0002", "firmware": "01030001", "path": "1101"},
        {"hardware": "0010", "firmware": "0A00", "path": ""},
    ]


def test_the_same_rows_give_the_same_bytes() -> None:
    rows = [["1101", "N/A"], ["1106", "1101; 1104"]]
    assert table_parquet_bytes(["id", "path"], rows) == table_parquet_bytes(["id", "path"], list(rows))


def test_no_rows_still_gives_the_columns() -> None:
    table = pq.read_table(io.BytesIO(table_parquet_bytes(["a", "b"], [])))
    assert (table.column_names, table.num_rows) == (["a", "b"], 0)


def test_short_rows_are_padded_with_empty_text() -> None:
    frame = pd.read_parquet(io.BytesIO(table_parquet_bytes(["a", "b"], [["x"]])))
    assert frame.to_dict("records") == [{"a": "x", "b": ""}]


def test_repeated_and_blank_names_are_made_unique_so_the_file_reads() -> None:
    assert unique_names(["Notes", "", "Notes", "Notes (2)", "Notes"]) == [
        "Notes", "column 2", "Notes (2)", "Notes (2) (2)", "Notes (3)",
    ]  # fmt: skip
    data = table_parquet_bytes(["Notes", "", "Notes"], [["a", "b", "c"]])
    assert pd.read_parquet(io.BytesIO(data)).to_dict("records") == [{"Notes": "a", "column 2": "b", "Notes (2)": "c"}]
