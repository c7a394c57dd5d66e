"""The one Parquet table writer: every column a string column, the same bytes for the same rows.

Why Parquet at all: `pd.read_csv` guesses types, and turns hardware `0002` into 2, firmware
`01030001` into 1030001 and a path `1101` into 1101.0. A Parquet file carries its column types, so
`pd.read_parquet` gives back exactly the text written. Every cell here is an identifier, a version
or text, so every column is declared `string`; the cells are the same (formula-neutralised) text as
the CSV beside the file. Parquet needs unique, non-empty column names, so a repeated or blank header
is renamed (`Notes`, `Notes (2)`; `column 3`); the CSV keeps the header as it was.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence


def unique_names(header: Sequence[str]) -> list[str]:
    """The header with blank names replaced by `column N` and repeats suffixed ` (2)`, ` (3)`..."""
    names: list[str] = []
    taken: set[str] = set()
    for position, name in enumerate(header, start=1):
        base = name if name.strip() else f"column {position}"
        candidate, count = base, 1
        while candidate in taken:
            count += 1
            candidate = f"{base} ({count})"
        taken.add(candidate)
        names.append(candidate)
    return names


def table_parquet_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The rows as one Parquet file of string columns (zstd-compressed; no pandas index or metadata:
    nothing but the table, so the same rows always give the same bytes)."""
    import pyarrow as pa  # imported here: only writing a review or publish folder needs it
    import pyarrow.parquet as pq

    columns: list[list[str]] = [[] for _ in header]
    for row in rows:
        for i, column in enumerate(columns):
            column.append(str(row[i]) if i < len(row) else "")
    schema = pa.schema([pa.field(name, pa.string(), nullable=False) for name in unique_names(header)])
    table = pa.Table.from_arrays([pa.array(c, pa.string()) for c in columns], schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()
