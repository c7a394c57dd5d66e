"""HTML bodies to text: one line per block, table rows with " | ", quotes as "> "."""

from __future__ import annotations

import pytest

from extractors.mail._html import html_to_text


@pytest.mark.unit
@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param("<p>One</p><p>Two</p>", "One\nTwo", id="paragraphs"),
        pytest.param("<div>A<br>B<br><br>C</div>", "A\nB\n\nC", id="line breaks"),
        pytest.param("<p>Firmware&nbsp;<b>01030001</b>\n   needs <i>01020005</i>.</p>",
                     "Firmware 01030001 needs 01020005.", id="inline markup and whitespace"),
        pytest.param(
            "<table><tr><th>Model</th><th>Target</th><th>Base</th></tr>"
            "<tr><td><p>EM-1</p></td><td>01030001</td><td>01020005</td></tr></table>",
            "Model | Target | Base\nEM-1 | 01030001 | 01020005",
            id="table rows",
        ),
        pytest.param(
            "<head><title>T</title><style>p {color: red}</style></head>"
            "<body><script>alert(1)</script><!--[if mso]>hidden<![endif]--><p>Shown</p></body>",
            "Shown",
            id="script, style, head and comments dropped",
        ),
        pytest.param(
            "<p>Reply</p><div>On Mon, Jo wrote:</div><blockquote><p>Old</p><blockquote>Older</blockquote></blockquote>",
            "Reply\nOn Mon, Jo wrote:\n> Old\n> > Older",
            id="blockquote becomes > quoting",
        ),
        pytest.param("<ul><li>one</li><li>two</li></ul>", "- one\n- two", id="list items keep a bullet"),
        pytest.param("<ol start='3'><li>one</li><li>two</li></ol>", "3. one\n4. two", id="ordered items keep their number"),
        pytest.param("<pre>a  b\n  c</pre>", "a  b\n  c", id="pre keeps its layout"),
        pytest.param(b'<meta charset="iso-8859-1"><p>Z\xe4hler</p>', "Zähler", id="bytes with declared charset"),
    ],
)
def test_html_to_text(html: str | bytes, expected: str) -> None:
    assert html_to_text(html) == expected
