from extractors.pdf.extract import extract_pdf

__all__ = ["extract_pdf"]
