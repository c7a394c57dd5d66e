"""Reply/forward chain splitting: body text in, (depth, label, text) segments out, newest first."""

from __future__ import annotations

import pytest

from extractors.mail.chain import split_chain

OUTLOOK_TWO_LEVELS = """\
Hi all,
Confirmed: 01030001 must only be applied to devices running 01020005.

Regards
Al

-----Original Message-----
From: Jo Bloggs <jo@example.com>
Sent: 04 March 2024 10:00
To: Al <al@example.com>
Subject: RE: firmware 01030001

Is 01030001 fine on 01020004?

________________________________
From: Al Smith
Sent: 03 March 2024 09:00
To: Jo Bloggs
Subject: firmware 01030001

Which base does 01030001 need?
"""

ON_WROTE_QUOTED = """\
Thanks, confirmed.

On Mon, 4 Mar 2024 at 10:00, Jo Bloggs <jo@example.com> wrote:
> Please apply 01030001 only on 01020005.
>
> On Sun, 3 Mar 2024, Al <al@example.com> wrote:
>> Which base does 01030001 need?
"""

ON_WROTE_WRAPPED = """\
Agreed.

On Mon, 4 Mar 2024 at 10:00, Jo Bloggs <
jo@example.com> wrote:

> 01030001 needs 01020005.
"""

GMAIL_FORWARD = """\
FYI, see below.

---------- Forwarded message ---------
From: Jo Bloggs <jo@example.com>
Date: Mon, 4 Mar 2024 at 10:00
Subject: Firmware 01030001
To: <al@example.com>


01030001 must only be applied to 01020005.
"""

APPLE_FORWARD_ONLY = """\
Begin forwarded message:

From: Jo Bloggs <jo@example.com>
Subject: Firmware 01030001
Date: 4 March 2024 at 10:00:00 GMT
To: Al <al@example.com>

01030001 must only be applied to 01020005.
"""

INLINE_REPLIES = """\
Answer one.
> Question one?
Answer two.
> Question two?
"""

ATTRIBUTION_WITHOUT_QUOTES = """\
Yes.

On 4 Mar 2024, at 10:00, Jo wrote:

01030001 needs 01020005.
"""

NOT_A_QUOTE = """\
01030001 may be applied to any firmware
>= 01020003 (and older than 01030001).
"""

FROM_WITHOUT_HEADER_BLOCK = """\
From: our test lab, 01030001 passed on 01020005.
Subject to your approval we will roll it out.
"""

BODY = "email body"
Q1 = "email body, quoted message 1"
Q2 = "email body, quoted message 2"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("One line.", [(0, BODY, "One line.")], id="plain"),
        pytest.param("  \n\n \t\n", [], id="whitespace only"),
        pytest.param(
            OUTLOOK_TWO_LEVELS,
            [
                (
                    0,
                    BODY,
                    "Hi all,\nConfirmed: 01030001 must only be applied to devices running 01020005."
                    "\n\nRegards\nAl",
                ),
                (
                    1,
                    f"{Q1} (From: Jo Bloggs <jo@example.com>, Sent: 04 March 2024 10:00)",
                    "Is 01030001 fine on 01020004?",
                ),
                (2, f"{Q2} (From: Al Smith, Sent: 03 March 2024 09:00)", "Which base does 01030001 need?"),
            ],
            id="outlook reply chain, two levels",
        ),
        pytest.param(
            ON_WROTE_QUOTED,
            [
                (0, BODY, "Thanks, confirmed."),
                (
                    1,
                    f"{Q1} (From: Jo Bloggs <jo@example.com>, Sent: Mon, 4 Mar 2024 at 10:00)",
                    "Please apply 01030001 only on 01020005.",
                ),
                (2, f"{Q2} (From: Al <al@example.com>, Sent: Sun, 3 Mar 2024)", "Which base does 01030001 need?"),
            ],
            id="on ... wrote with > quoting, nested",
        ),
        pytest.param(
            ON_WROTE_WRAPPED,
            [
                (0, BODY, "Agreed."),
                (
                    1,
                    f"{Q1} (From: Jo Bloggs <jo@example.com>, Sent: Mon, 4 Mar 2024 at 10:00)",
                    "01030001 needs 01020005.",
                ),
            ],
            id="on ... wrote wrapped over two lines",
        ),
        pytest.param(
            GMAIL_FORWARD,
            [
                (0, BODY, "FYI, see below."),
                (
                    1,
                    f"{Q1} (From: Jo Bloggs <jo@example.com>, Sent: Mon, 4 Mar 2024 at 10:00)",
                    "01030001 must only be applied to 01020005.",
                ),
            ],
            id="gmail forward",
        ),
        pytest.param(
            APPLE_FORWARD_ONLY,
            [
                (
                    1,
                    f"{Q1} (From: Jo Bloggs <jo@example.com>, Sent: 4 March 2024 at 10:00:00 GMT)",
                    "01030001 must only be applied to 01020005.",
                ),
            ],
            id="begin forwarded message, no text of its own",
        ),
        pytest.param(
            INLINE_REPLIES,
            [(0, BODY, "Answer one."), (0, BODY, "Answer two."), (1, Q1, "Question one?"), (1, Q1, "Question two?")],
            id="inline replies: newest text first",
        ),
        pytest.param(
            ATTRIBUTION_WITHOUT_QUOTES,
            [(0, BODY, "Yes."), (1, f"{Q1} (From: Jo, Sent: 4 Mar 2024, at 10:00)", "01030001 needs 01020005.")],
            id="on ... wrote without > quoting",
        ),
        pytest.param(
            NOT_A_QUOTE,
            [(0, BODY, "01030001 may be applied to any firmware\n>= 01020003 (and older than 01030001).")],
            id=">= is a minimum, not a quote",
        ),
        pytest.param(
            FROM_WITHOUT_HEADER_BLOCK,
            [(0, BODY, FROM_WITHOUT_HEADER_BLOCK.strip())],
            id="From: without Sent:/Date: is text",
        ),
        pytest.param(
            "Reply\r\n-----Original Message-----\r\nOlder\r\n",
            [(0, BODY, "Reply"), (1, Q1, "Older")],
            id="CRLF, separator without header block",
        ),
    ],
)
def test_split_chain(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert [(s.depth, s.label, s.text) for s in split_chain(text)] == expected


@pytest.mark.unit
def test_split_chain_uses_the_given_base_label() -> None:
    segments = split_chain("New\n> Old", base_label="body of notes.eml")
    assert [s.label for s in segments] == ["body of notes.eml", "body of notes.eml, quoted message 1"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("body", "signature"),
    [
        ("Dear all,\n\nThe G2 must first be upgraded to 1.1.\n\nKind regards,\nJo Bloggs\nBolt G2 team\n",
         "Kind regards,\nJo Bloggs\nBolt G2 team"),
        ("Hallo,\n\nFirmware 1.2 setzt 1.1 voraus.\n\nMit freundlichen Grüßen\nJo Bloggs\n", "Mit freundlichen Grüßen\nJo Bloggs"),
        ("Firmware 1.2 must be installed on 1.1 only.", ""),  # no sign-off: the statement is never taken for one
    ],
)
def test_the_signature_is_the_sign_off_not_the_statement_above_it(body: str, signature: str) -> None:
    from extractors.mail.extract import signature_of

    assert signature_of(body) == signature
