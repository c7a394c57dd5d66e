"""Emails (.eml and Outlook .msg) to claims; attachments go on as documents of their own.

In a reply or forward chain the newest statement wins: a quoted older statement about the same
device and target is kept, marked superseded, so a reviewer can still see what changed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.mail.parse import ParsedEmail, parse_email
from extractors.statements import TextBlock, context_from_text, hardware_in, release_in, text_claims
from firpath.domain import Claim, Document, SourceKind
from firpath.domain.documents import Extraction
from firpath.domain.limits import DocumentLimits


def _supersede_quoted(claims_by_depth: list[tuple[int, Claim]]) -> list[Claim]:
    """A claim is superseded by a newer one about the same target and a device that may be the same
    (a newer table row naming "KX-200, HW 0001" speaks of what a quoted sentence naming no model did)."""
    return [
        replace(claim, superseded=any(d < depth and _same_target(other, claim) for d, other in claims_by_depth))
        for depth, claim in claims_by_depth
    ]


def _same_target(a: Claim, b: Claim) -> bool:
    if str(a.target.version or a.target.text) != str(b.target.version or b.target.text):
        return False
    pairs = ((a.device.manufacturer, b.device.manufacturer), (a.device.model, b.device.model), (a.device.hardware_version, b.device.hardware_version))
    return all(not x or not y or x.strip().lower() == y.strip().lower() for x, y in pairs)


def email_claims(document: Document, parsed: ParsedEmail) -> list[Claim]:
    """Claims of every segment of the conversation, read against the whole conversation's context:
    the subject, the sender and the signature name the device as much as the header lines do."""
    conversation = "\n".join([f"Subject: {parsed.subject}", *(s.text for s in parsed.segments)])
    ctx = context_from_text(conversation)
    if not ctx.release:
        ctx = replace(ctx, release=release_in(_subject_core(parsed.subject)))
    if not ctx.hardware_versions:  # "RE: base versions for the M-Pay HW 2"
        ctx = replace(ctx, hardware_versions=hardware_in(parsed.subject))
    signature = signature_of(parsed.segments[0].text) if parsed.segments else ""
    ctx = ctx.named(parsed.subject, signature, parsed.sender, document.name)
    claims_by_depth: list[tuple[int, Claim]] = []
    for segment in parsed.segments:
        found = text_claims(
            [TextBlock(segment.label, segment.text)],
            context_from_text(segment.text, ctx),
            file=document.name,
            sha256=document.sha256,
            source_kind=SourceKind.EMAIL,
        )
        claims_by_depth.extend((segment.depth, claim) for claim in found)
    return _supersede_quoted(claims_by_depth)


def signature_of(text: str) -> str:
    """The sign-off of a message ("Kind regards, / Jo Bloggs / Acme E470 team"), as mail-parser-reply
    finds it in any language it knows (the lines after the closing words, never the statement above
    them); "" when it finds none."""
    from mailparser_reply import EmailReplyParser
    from mailparser_reply.constants import MAIL_LANGUAGES

    replies = EmailReplyParser(languages=list(MAIL_LANGUAGES)).read(text).replies
    return "\n".join(r.signatures for r in replies[:1] if r.signatures).strip()[:300]


def extract_email(document: Document, limits: DocumentLimits | None = None) -> Extraction:
    parsed = parse_email(document.data, document.kind, limits)
    return Extraction(
        claims=tuple(email_claims(document, parsed)), attachments=parsed.attachments, notices=parsed.notices
    )


def _subject_core(subject: str) -> str:
    """A subject without its reply and forward prefixes (`RE: AW: Fwd:`)."""
    return re.sub(r"^(?:\s*(?:re|aw|wg|fw|fwd|tr|sv|vs|antw)\s*:\s*)+", "", subject, flags=re.I)
