"""extractors.statements.units: text as sentences, lists, headings and code."""

from __future__ import annotations

import pytest

from extractors.statements.units import BlockKind, blocks, sentences

# --- sentences -------------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lines wrapped inside a sentence are joined back
        (
            "This release shall only be applied to devices running firmware\n01020005 or 01020007. Devices on\n"
            "older firmware must be brought up to one of those releases first.",
            [
                "This release shall only be applied to devices running firmware 01020005 or 01020007.",
                "Devices on older firmware must be brought up to one of those releases first.",
            ],
        ),
        # a heading stands alone
        (
            "Installation requirements\nThis release requires 01020005 to be installed first.",
            ["Installation requirements", "This release requires 01020005 to be installed first."],
        ),
        # bullets are items of their own, their markers dropped
        (
            "Defects fixed\n- Fixed the tariff.\n\u2022 Fixed the alarm\n* Fixed the clock\nwhen it drifted.",
            ["Defects fixed", "Fixed the tariff.", "Fixed the alarm", "Fixed the clock when it drifted."],
        ),
        # a sentence wrapped before a version that ends with a dot is not cut at a "numbered heading"
        (
            "To install 02010000 the meter must first be on 01090000 or\n01090002. Older meters need a visit.",
            ["To install 02010000 the meter must first be on 01090000 or 01090002.", "Older meters need a visit."],
        ),
        # Key: value lines and upgrade path lines never join prose
        (
            "Model: AM-E200\nHardware Version: 0002\nUpgrade path: 01000005 -> 01010003\nDevices shipped before 2022 follow it.",
            ["Model: AM-E200", "Hardware Version: 0002", "Upgrade path: 01000005 -> 01010003",
             "Devices shipped before 2022 follow it."],
        ),
        # blank lines end paragraphs; whitespace is folded; sentences split after . ! ?
        (
            "Hello team\n\nNew paragraph.   Extra   spaces here! And (bracket) start? \"Quoted\" too.",
            ["Hello team", "New paragraph.", "Extra spaces here!", "And (bracket) start?", "\"Quoted\" too."],
        ),
        # a sentence ending with a release, the next opening with one (an HTML email's paragraphs are lines)
        (
            "Notes for the hub firmware 2.40.\n2.40 is the first release of the hub, 2.41 is the next.",
            ["Notes for the hub firmware 2.40.", "2.40 is the first release of the hub, 2.41 is the next."],
        ),
        # short lines opening with the same word, each naming a version: a list without bullets
        (
            "Routes to this release\nfrom 00200102: direct\nfrom 00200001: via 00200102\n00200001 units built before 2021 have the old relay.",
            ["Routes to this release", "from 00200102: direct", "from 00200001: via 00200102", "00200001 units built before 2021 have the old relay."],
        ),
        # a sentence opening with a CPL form after a word's full stop
        (
            "07010000 on the HW 2 boards is fine from 07000100, the only lower one. 07010004 needs 07010000.",
            ["07010000 on the HW 2 boards is fine from 07000100, the only lower one.", "07010004 needs 07010000."],
        ),
        (
            "The correct base for 00020005 is 00020000. 00020000 itself can be loaded from 00010003.",
            ["The correct base for 00020005 is 00020000.", "00020000 itself can be loaded from 00010003."],
        ),
        # a guidance sheet's labelled lines stand alone; a label whose value is a wrapped sentence does not
        (
            "Minimum for v5.0.0: v4.2.0 (04020000)\nMinimum for v4.2.x: v4.1.0 (04010000)\nv4.1.0 (04010000) baseline: v4.0.1 (04000100)",
            ["Minimum for v5.0.0: v4.2.0 (04020000)", "Minimum for v4.2.x: v4.1.0 (04010000)", "v4.1.0 (04010000) baseline: v4.0.1 (04000100)"],
        ),
        (
            "Base requirement: Before you load release 7.20.00, make sure the meter runs\nrelease 7.19.00 or 7.19.02.",
            ["Base requirement: Before you load release 7.20.00, make sure the meter runs release 7.19.00 or 7.19.02."],
        ),
        ("", []),
        ("\n  \n", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert list(sentences(text)) == expected


@pytest.mark.unit
def test_a_numbered_heading_after_a_sentence_stands_alone() -> None:
    text = "Firmware 01030001 shall only be applied to devices running 01020005.\n2. Historical upgrade path\n"
    assert list(sentences(text)) == [
        "Firmware 01030001 shall only be applied to devices running 01020005.",
        "2. Historical upgrade path",
    ]


@pytest.mark.unit
@pytest.mark.parametrize("label", ["Installed Release 2.4.0", "Current Version 2.4.0", "Hub-Pro 3 v2.4.0"])
def test_a_label_line_naming_a_release_after_a_long_sentence_heads_what_follows(label: str) -> None:
    """An email's lines are not wrapped to a width: the longest line ending in a full stop is a sentence
    of its own, and a title-case line naming a release after it is a heading, not its continuation."""
    text = f"Below is what the support team sent us about the hub firmware on Friday afternoon.\n{label}\nIt may go to:\n- 2.5.0\n- 2.6.0\n"
    found = list(blocks(text))
    assert [(b.kind, b.heading) for b in found][1:] == [(BlockKind.HEADING, label), (BlockKind.LIST, label)]


@pytest.mark.unit
def test_a_sentence_wrapped_after_a_full_stop_is_not_a_heading() -> None:
    text = "The note applies to every hub in the field. It says\nFirmware 2.4 must be installed first.\n"
    assert [b.kind for b in blocks(text)] == [BlockKind.PARAGRAPH]






@pytest.mark.unit
def test_a_list_keeps_the_sentence_that_introduced_it_even_across_a_blank_line() -> None:
    text = "For example, you upgrade from 9.0 to 10.1 in the following steps:\n\n  1. 9.0 to 9.1\n  2. 9.1 to 10.1\n\nDone."
    found = list(blocks(text))
    assert [(b.kind, b.lines, b.intro) for b in found] == [
        (BlockKind.LIST, ("9.0 to 9.1", "9.1 to 10.1"), "For example, you upgrade from 9.0 to 10.1 in the following steps:"),
        (BlockKind.PARAGRAPH, ("Done.",), ""),
    ]


@pytest.mark.unit
def test_markup_is_read_as_its_text() -> None:
    text = "> **Upgrade requirement:** To upgrade to version `4.53.00`, see [the guide](https://x/y-4-52.md)."
    assert list(sentences(text)) == ["Upgrade requirement: To upgrade to version 4.53.00, see the guide."]


@pytest.mark.unit
def test_a_fenced_code_block_is_kept_with_its_introduction() -> None:
    text = "Follow the next steps:\n```\nA -> 9.1.2 -> 21.5.0\n```\n"
    (code,) = [b for b in blocks(text) if b.kind is BlockKind.CODE]
    assert (code.lines, code.intro) == (("A -> 9.1.2 -> 21.5.0",), "Follow the next steps:")


@pytest.mark.unit
def test_a_version_ending_a_sentence_is_not_taken_for_an_abbreviation() -> None:
    assert list(sentences("Nothing upgrades directly to 8.x. You should first go to 5.7.")) == [
        "Nothing upgrades directly to 8.x.", "You should first go to 5.7."
    ]


# --- tables set in columns by spaces or tabs (a plain-text email) ------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # spaces: a header over rows, a chain in a cell
        (
            "Installed   Route to 7.4\n7.1         7.1 > 7.2 > 7.4\n7.2         7.2 > 7.4\n",
            ("Installed | Route to 7.4", "7.1 | 7.1 > 7.2 > 7.4", "7.2 | 7.2 > 7.4"),
        ),
        # tabs, three columns, an indented table
        (
            "  Model\tFrom\tTo\n  KX-9\t01.02\t01.05\n  KX-9\t01.03\t01.05",
            ("Model | From | To", "KX-9 | 01.02 | 01.05", "KX-9 | 01.03 | 01.05"),
        ),
    ],
)
def test_a_table_laid_out_in_columns_is_read_as_rows_of_cells(text: str, rows: tuple[str, ...]) -> None:
    (table,) = [b for b in blocks(text) if b.kind is BlockKind.TABLE]
    assert table.lines == rows


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Model:       KX-9\nFirmware:    01.05\nHardware:    2",  # a header's "Key:   value" lines
        "Release 01.05 fixes the clock.  It needs 01.03 first.\nRelease 01.06 fixes the tariff.  It needs 01.05.",  # two spaces after a sentence
        "Installed   Route to 7.4",  # one line is not a table
        "Regards   Ana\nSupport   Team",  # no version: a signature in columns
    ],
)
def test_lines_that_only_look_like_columns_are_not_a_table(text: str) -> None:
    assert [b for b in blocks(text) if b.kind is BlockKind.TABLE] == []
