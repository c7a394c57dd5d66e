"""How a failing row is named to people in GX's results and Data Docs: by where it was read, with
links to the proposals it affects, never by a claim id hash.

GX names a failing row by the values of its `unexpected_index_column_names`. So each frame gets a
`proposal` column of links to the review app's proposal pages (`<FIRPATH_REVIEW_URL>/proposal/<entry
id>`), and the index columns are: claims `file`, `location`, `proposal`; edges `edge_id` ("target <-
base"), `proposal`; proposals `proposal`.

Data Docs put those cell values into the page as HTML, unescaped (`build_count_and_index_table` in
great_expectations/render/util.py; `tests/expectations/test_expectations_data_docs.py` pins it): a
file name from an email such as `<script>...` would run in the reader's browser. So every text cell
handed to GX is HTML-escaped here, and the links are the only markup. Escaping is one-to-one, so
what the suites check (equality, nulls, emptiness, the OCR location pattern) is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

import pandas as pd
from pydantic_settings import BaseSettings, SettingsConfigDict

PROPOSAL_COLUMN = "proposal"
NO_PROPOSAL = "none"  # a claim that reached no CPL entry


class ReviewLinks(BaseSettings):
    """Where reviewers reach the review app (`firpath review serve`): its default address unless
    FIRPATH_REVIEW_URL says otherwise (another host or port, or an HTTPS proxy in front of it)."""

    model_config = SettingsConfigDict(env_prefix="FIRPATH_")

    review_url: str = "http://127.0.0.1:8050"

    def proposal_url(self, entry_id: str) -> str:
        return f"{self.review_url.rstrip('/')}/proposal/{quote(entry_id, safe='')}"

    def proposal_links(self, entry_ids: Iterable[str]) -> str:
        """HTML: a link per entry, joined by ", "; `none` for no entry."""
        links = [f'<a href="{escape(self.proposal_url(e))}">{escape(e)}</a>' for e in entry_ids]
        return ", ".join(links) or NO_PROPOSAL


@dataclass(frozen=True)
class NamedFrame:
    """A suite's frame as GX sees it (text escaped, a `proposal` column added) and how to read its
    failing rows back: their names and the CPL entries they flag."""

    frame: pd.DataFrame
    index_columns: tuple[str, ...]  # GX's unexpected_index_column_names
    rows_named_by: str  # what a row's name is made of, for people ("file, location")
    rows: Mapping[tuple[str, ...], tuple[str, tuple[str, ...]]]  # index cells -> (name, entry ids)

    def failing(self, index_rows: Iterable[Mapping[str, Any]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The names and the flagged CPL entries of GX's failing rows (its `unexpected_index_list`),
        once each, in frame order. Rows with the same cells carry the same entries (the entries are
        part of the cells), so reading them back by cells flags exactly what the failing rows flag."""
        names: dict[str, None] = {}
        entries: dict[str, None] = {}
        for row in index_rows:
            cells = tuple(str(row[column]) for column in self.index_columns)
            name, entry_ids = self.rows[cells]
            names[name] = None
            entries.update(dict.fromkeys(entry_ids))
        return tuple(names), tuple(entries)


def named_frame(
    frame: pd.DataFrame,
    key_column: str,
    entry_ids: Mapping[str, Sequence[str]],
    name_columns: Sequence[str],
    links: ReviewLinks,
) -> NamedFrame:
    """`frame` ready for GX: `entry_ids` maps a row's key to the CPL entries it flags; a row is named
    by its `name_columns` joined with ", " (by its key when there are none)."""
    keys = [str(k) for k in frame[key_column]]
    # whole columns as lists: a cell read with `.iloc` costs microseconds, times every cell of a big run
    name_cells = list(zip(*(frame[c].tolist() for c in name_columns))) if name_columns else [()] * len(keys)
    raw_names = [", ".join(str(cell) for cell in cells) or key for cells, key in zip(name_cells, keys)]
    gx_frame = _escaped(frame)
    gx_frame[PROPOSAL_COLUMN] = pd.Series(
        [links.proposal_links(entry_ids.get(k, ())) for k in keys], dtype="str", index=frame.index
    )
    index_columns = (*name_columns, PROPOSAL_COLUMN)
    rows: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
    index_cells = zip(*(gx_frame[c].tolist() for c in index_columns))
    for key, raw_name, cells in zip(keys, raw_names, index_cells):
        rows.setdefault(tuple(str(cell) for cell in cells), (raw_name, tuple(entry_ids.get(key, ()))))
    label = ", ".join(name_columns) or key_column
    return NamedFrame(gx_frame, index_columns, label, rows)


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell HTML-escaped (missing values stay missing)."""
    escaped = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_string_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            escaped[column] = frame[column].map(lambda v: escape(v, quote=True) if isinstance(v, str) else v)
    return escaped
