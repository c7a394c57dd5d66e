"""Requirement statements in prose, lists and tables: what release notes, emails and sheets say
about base versions. Shared by the PDF, email and spreadsheet extractors.

- `context`: what a document is about (its header, title, release, display-version pairings);
- `units`: its text as paragraphs, lists, headings and code;
- `reading`: one statement taken apart by its parts (target, steps, bases, bounds, negation);
- `tables`: tables whose columns are typed by their header words or their content;
- `claims`: statements and rows to claims with their evidence.
"""

from extractors.statements.claims import TextBlock, claims_for, is_cross_device, sentence_context, text_claims, without_contradicted_steps
from extractors.statements.context import (
    DocumentContext,
    context_from_pairs,
    context_from_text,
    device_type_of,
    display_aliases,
    excludes,
    hardware_in,
    header_block_lines,
    header_block_pairs,
    key_value_pairs,
    release_in,
    release_names,
    title_of,
    version_table_aliases,
)
from extractors.statements.reading import Reading, StatedRequirement, read_statement
from extractors.statements.tables import ColumnRole, cell_versions, table_claims, table_roles
from extractors.statements.units import blocks, sentences

__all__ = [
    "ColumnRole", "DocumentContext", "Reading", "StatedRequirement", "TextBlock", "blocks", "cell_versions", "claims_for", "context_from_pairs",
    "context_from_text", "device_type_of", "display_aliases", "excludes", "hardware_in", "header_block_lines", "header_block_pairs", "is_cross_device",
    "key_value_pairs", "read_statement", "release_in", "release_names", "sentence_context", "sentences", "table_claims", "table_roles",
    "text_claims", "title_of", "version_table_aliases", "without_contradicted_steps",
]  # fmt: skip
