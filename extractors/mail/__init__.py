"""Emails (.eml and Outlook .msg): text segments newest message first, attachments, and claims."""

from extractors.mail.extract import extract_email
from extractors.mail.parse import MessageSegment, ParsedEmail, parse_email

__all__ = ["MessageSegment", "ParsedEmail", "extract_email", "parse_email"]
