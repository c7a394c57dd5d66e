"""MAP spreadsheets (XLSX or CSV) to claims."""

from extractors.spreadsheet.extract import MAP_SPREADSHEET, extract_spreadsheet

__all__ = ["MAP_SPREADSHEET", "extract_spreadsheet"]
