"""extractors.statements.tables: tables typed by their header words, rows read by their typed cells."""

from __future__ import annotations

import pytest

from extractors.statements.context import DocumentContext
from extractors.statements.tables import ColumnRole, table_claims, table_roles
from firpath.domain import Claim, DeviceRef, FirmwareVersion, Relation, SourceKind, VersionRef

EXACT, MINIMUM = Relation.EXACT, Relation.MINIMUM
B, T, P, M = ColumnRole.BASE, ColumnRole.TARGET, ColumnRole.PATH, ColumnRole.MINIMUM


def fw(hex_digits: str) -> FirmwareVersion:
    return FirmwareVersion(hex_digits)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["From version", "To version", "Notes"], {B: 0, T: 1}),
        (["FROM", "TO"], {B: 0, T: 1}),
        (["Base Version", "Target Version"], {B: 0, T: 1}),
        (["Installed", "New"], {B: 0, T: 1}),
        (["Current FW", "Target FW"], {B: 0, T: 1}),
        (["Upgrade from", "Upgrade to"], {B: 0, T: 1}),
        (["Notes", "To", "From"], {T: 1, B: 2}),
        (["If you're on version...", "Upgrade to version...", "Notes"], {B: 0, T: 1}),
        (["Upgrade to version", "Minimum version supported to upgrade from"], {T: 0, M: 1}),
        (["Installed Version", "Supported Upgrade Versions"], {B: 0, T: 1}),
        (["Version", "Came from", "Upgrade path"], {T: 0, B: 1, P: 2}),
        (["Your current deployment", "Your operating system", "How to get it"], {B: 0, P: 2}),
        (["Aktuelle Firmware", "Ziel-Firmware"], {B: 0, T: 1}),
        # installed and target in other languages (de, fr, nl, es, it)
        (["Installierte Version", "Zielversion"], {B: 0, T: 1}),
        (["Version installée", "Version cible"], {B: 0, T: 1}),
        (["Huidige versie", "Doelversie"], {B: 0, T: 1}),
        (["Versión instalada", "Versión objetivo"], {B: 0, T: 1}),
        (["Versione installata", "Nuova versione"], {B: 0, T: 1}),
        # header words of my own that first typed nothing
        (["Installed FW", "Permitted upgrade"], {B: 0, T: 1}),
        (["New firmware", "Accepted bases"], {B: 1, T: 0}),  # a plural, and the word that accepts it
        (["Release", "Eligible base"], {B: 1, T: 0}),
        (["Firmware", "Pre-requisite FW"], {T: 0, B: 1}),
        (["Existing", "Replacement"], {B: 0, T: 1}),
        (["Starting version", "Ending version"], {B: 0, T: 1}),
        (["Baseline", "Next"], {B: 0, T: 1}),
        (["Meter FW now", "Load next"], {B: 0, T: 1}),
        (["Version", "CPL firmware version", "Date", "Notes"], {}),
        (["Components", "Harvester v1.5.x", "Harvester v1.6.x"], {}),
        (["From", "Notes"], {}),
        # a route column spells the whole path: no base column is needed beside it; "Model / HW" is both
        (["Maker", "Model / HW", "Route", "Remarks"], {ColumnRole.MANUFACTURER: 0, ColumnRole.MODEL: 1, ColumnRole.HARDWARE: 1, P: 2}),
        (["Route"], {}),  # nothing but a route: no table of a device's paths
        (["Model", "New firmware", "Must already have", "Comment"], {ColumnRole.MODEL: 0, T: 1, B: 2}),
        (["Firmware", "Requires", "Notes"], {T: 0, B: 1}),
        (["Hardware", "Target", "Install only over", "Comment"], {ColumnRole.HARDWARE: 0, T: 1, B: 2}),
        # a matrix: a label cell naming what the rows are, and a header of versions
        (["Installed", "02020000", "v2.3"], {B: 0}),
        (["Target \\ Installed", "02010000", "02020000"], {T: 0}),
        (["2.", "Meter", "4.1 to", "4.2"], {}),  # a numbered step the text layer cut into cells: no matrix
        ([], {}),
    ],
)
def test_table_roles(header: list[str | None], expected: dict[ColumnRole, int]) -> None:
    assert table_roles(header) == expected


BOLT = DocumentContext(manufacturer="Bolt Meters Ltd", model="Bolt G2", hardware_versions=("0001",), release="02020000")


def table_of(rows: list[list[str | None]], ctx: DocumentContext = BOLT, heading: str = "") -> list[Claim]:
    return table_claims(
        rows, ctx, file="inbox/bolt.pdf", sha256="abc", location="page 2, table 1", source_kind=SourceKind.RELEASE_NOTE,
        heading=heading,
    )


@pytest.mark.unit
def test_table_claims_one_claim_a_row() -> None:
    rows = [
        ["From version", "To version", "Notes"],
        ["02010001", "02010003", "Direct"],
        ["02010003, 02010004", "02010005", ""],  # several bases in one cell
        ["", "", ""],  # a blank row
        [None, None, None],
        ["short"],  # a row without the To column
        ["02010005 / 0x02010006", "02020000 (2.2.0)", None],
    ]
    claims = table_of(rows)
    assert [
        (c.target.text, tuple((b.text, b.version) for b in c.bases), c.relation, c.evidence.location, c.evidence.text)
        for c in claims
    ] == [
        ("02010003", (("02010001", fw("02010001")),), EXACT, "page 2, table 1 row 1",
         "From version: 02010001 | To version: 02010003 | Notes: Direct"),
        ("02010005", (("02010003", fw("02010003")), ("02010004", fw("02010004"))), EXACT, "page 2, table 1 row 2",
         "From version: 02010003, 02010004 | To version: 02010005 | Notes: "),
        ("02020000", (("02010005", fw("02010005")), ("0x02010006", fw("02010006"))), EXACT, "page 2, table 1 row 6",
         "From version: 02010005 / 0x02010006 | To version: 02020000 (2.2.0) | Notes: "),
    ]
    assert {c.device for c in claims} == {DeviceRef("Bolt Meters Ltd", "Bolt G2", "0001")}
    assert {(c.evidence.file, c.evidence.sha256, c.source_kind) for c in claims} == {
        ("inbox/bolt.pdf", "abc", SourceKind.RELEASE_NOTE)
    }


@pytest.mark.unit
def test_table_claims_one_claim_per_hardware_version_and_row() -> None:
    ctx = DocumentContext("10A7", "0101", ("0001", "0002"), "ESME", "01030001", {"1.2.5": fw("01020005")})
    claims = table_of([["FROM", "TO"], ["1.2.5", "01030001"]], ctx)
    assert [(c.device.hardware_version, c.target.version, tuple(b.version for b in c.bases)) for c in claims] == [
        ("0001", fw("01030001"), (fw("01020005"),)),
        ("0002", fw("01030001"), (fw("01020005"),)),
    ]


@pytest.mark.unit
def test_a_table_row_naming_a_model_and_hardware_overrides_the_context() -> None:
    (claim,) = table_of([["From", "To", "Applies to"], ["01020005", "01030001", "model 0202 hardware 0009"]])
    assert claim.device == DeviceRef("Bolt Meters Ltd", "0202", "0009")


@pytest.mark.unit
@pytest.mark.parametrize("rows", [[], [["Version", "Date"], ["01020005", "2023-05"]]])
def test_a_table_that_is_not_of_paths_gives_nothing(rows: list[list[str | None]]) -> None:
    assert table_of(rows) == []


@pytest.mark.unit
@pytest.mark.parametrize(
    ("heading", "rows"),
    [
        ("Table 4: supported rollback paths", [["Source Release", "Target Release"], ["02010003", "02000001"]]),
        ("", [["Downgrade from", "Downgrade to"], ["02010003", "02000001"]]),
    ],
)
def test_a_table_of_ways_back_down_states_no_upgrade_path(heading: str, rows: list[list[str | None]]) -> None:
    assert table_of(rows, heading=heading) == []
    assert table_of([["Source Release", "Target Release"], ["02000001", "02010003"]]) != []  # the same, upwards


@pytest.mark.unit
@pytest.mark.parametrize("row", [["", "02010003"], ["02010001", ""]])
def test_a_row_with_a_blank_base_or_target_states_nothing(row: list[str]) -> None:
    assert table_of([["From", "To"], row]) == []


@pytest.mark.unit
@pytest.mark.parametrize(
    "cell", ["N/A", "n/a", "None", "-", "None (factory)", "n/a - initial release", "none - factory fitted", "factory", "Launch build"]
)
def test_a_not_applicable_from_cell_means_no_base_required(cell: str) -> None:
    (claim,) = table_of([["From", "To"], [cell, "02010001"]])
    assert (claim.relation, claim.bases) == (Relation.NONE, ())


@pytest.mark.unit
@pytest.mark.parametrize("cell", ["n/a - use 02000004 first", "none, see 02000004"])
def test_a_not_applicable_cell_that_names_a_version_is_no_n_a_answer(cell: str) -> None:
    assert all(c.relation is not Relation.NONE for c in table_of([["From", "To"], [cell, "02010001"]]))




def summary(claims: list[Claim]) -> set[tuple[str, tuple[str, ...], Relation]]:
    return {(c.target.text, tuple(b.text for b in c.bases), c.relation) for c in claims}


@pytest.mark.unit
def test_a_path_cell_spells_the_route_from_the_rows_base() -> None:
    rows = [["From version", "To version", "Upgrade path"], ["8.9", "2025.1", "8.9 > 9.9 > 2025.1 (one intermediate step)"]]
    assert summary(table_of(rows)) == {("9.9", ("8.9",), EXACT), ("2025.1", ("9.9",), EXACT)}


@pytest.mark.unit
def test_a_path_cell_in_prose_from_the_rows_base() -> None:
    rows = [["Your current deployment", "How to get 5.4.3"], ["You are running 5.4.1", "Upgrade to 5.4.2, and then upgrade to 5.4.3."]]
    assert summary(table_of(rows)) == {("5.4.2", ("5.4.1",), EXACT), ("5.4.3", ("5.4.2",), EXACT)}
    rows = [["Your current deployment", "How to get 5.4.3"], ["You are running 5.2.0 or 5.2.1", "Upgrade to 5.4.0, then to 5.4.3."]]
    assert summary(table_of(rows)) == {("5.4.0", ("5.2.0", "5.2.1"), EXACT), ("5.4.3", ("5.4.0",), EXACT)}  # both bases


@pytest.mark.unit
def test_a_minimum_column_and_an_or_later_cell() -> None:
    rows = [["Upgrade to version", "Minimum version supported to upgrade from"], ["1.0.7.8", "1.0.7.6"]]
    assert summary(table_of(rows)) == {("1.0.7.8", ("1.0.7.6",), MINIMUM)}
    rows = [["If you're on version...", "Upgrade to version..."], ["4.26.0 (or later)", "5.x (any version in the series)"], ["5.14.0", "You're up to date!"]]
    assert summary(table_of(rows)) == {("5.x", ("4.26.0",), MINIMUM)}


@pytest.mark.unit
def test_a_table_without_a_header_has_each_row_read_as_a_statement() -> None:
    rows = [["From 4.19.01 or 4.19.06", "Directly upgrade from 4.19.01/4.19.06 \u2192 4.50.00"]]
    assert summary(table_of(rows)) == {("4.50.00", ("4.19.01", "4.19.06"), EXACT)}


@pytest.mark.unit
def test_a_row_naming_its_device_in_columns() -> None:
    rows = [["Manufacturer", "Model", "HW", "Installed", "Upgrade to"], ["Acme", "E470", "2", "1.2.0", "1.3.0"]]
    (claim,) = table_of(rows, DocumentContext(naming=("sheet.xlsx",)))
    assert claim.device == DeviceRef("Acme", "E470", "0002", ("sheet.xlsx",))


@pytest.mark.unit
def test_a_matrix_of_targets_by_column_gives_a_requirement_for_each_yes() -> None:
    rows = [
        ["Installed version", "To 02010005", "To 02020000"],
        ["02010003", "Supported", "Not supported"],
        ["02010004", "Not supported", "Not supported"],
        ["02010005", "\u2013", "\u2713"],
    ]
    assert summary(table_of(rows)) == {("02010005", ("02010003",), EXACT), ("02020000", ("02010005",), EXACT)}


@pytest.mark.unit
def test_a_table_row_in_the_text_layer_is_no_section_release() -> None:
    from extractors.statements.claims import section_release

    assert section_release("2.7.0.19 \u2013 Supported") == ""
    assert section_release("Base firmware: 4.5.3.8+") == ""  # a requirement set out like a heading
    assert section_release("Firmware 4.17 for M-View") == "4.17"


@pytest.mark.unit
def test_rows_under_a_device_written_once_are_that_devices_and_say_so() -> None:
    rows = [
        ["Manufacturer", "Model", "Current FW", "Target FW"],
        ["Bolt Meters Ltd", "Bolt G2", "02010001", "02010003"],
        ["", "", "02010003", "02010005"],
        ["Acme Metering", "AM-E200", "01020005", "01030001"],
    ]
    claims = table_of(rows, DocumentContext())
    assert [(c.device.manufacturer, c.device.model, c.target.text) for c in claims] == [
        ("Bolt Meters Ltd", "Bolt G2", "02010003"), ("Bolt Meters Ltd", "Bolt G2", "02010005"), ("Acme Metering", "AM-E200", "01030001"),
    ]  # fmt: skip
    assert "Bolt G2 (as above)" in claims[1].evidence.text


@pytest.mark.unit
@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # headers in a language no word list knows: the older version of every row is the base
        ([["Ausgangsstand", "Zielstand", "Hinweis"], ["02010003", "02010005", "direkt"], ["02010001", "02010003", ""]],
         {("02010005", ("02010003",), EXACT), ("02010003", ("02010001",), EXACT)}),
        # no header at all, the newer column first
        ([["02010005", "02010003"], ["02020000", "02010005"]], {("02010005", ("02010003",), EXACT), ("02020000", ("02010005",), EXACT)}),
        # versions of something else, or an order that is not the same in every row: nothing
        ([["Firmware", "Bootloader"], ["02010005", "01000003"], ["02020000", "01000004"]], set()),
        ([["Old/new", "x"], ["02010005", "02010003"], ["02010001", "02010003"]], set()),
    ],
)
def test_columns_typed_by_their_content_where_no_header_says(rows: list[list[str]], expected: set[object]) -> None:
    assert summary(table_of(rows)) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # an export without a header, a note under it and a row still without its next version: the rows
        # that name two versions type the columns; the hardware column is not taken for a model identifier
        ([["Bolt", "Bolt G2", "0001", "2.0.0.0", "2.1.0.0", ""], ["Bolt", "Bolt G2", "0001", "2.1.0.0", "2.1.0.1", "delta"],
          ["Bolt", "Bolt G2", "0003", "1.0.0.1", "1.1.0.0", ""], ["Bolt", "Bolt G2", "0003", "1.2.0.0", "", "pilot only"],
          ["# exported from the asset system; 4th column = installed, 5th = next"]],
         {("2.1.0.0", ("2.0.0.0",), "0001"), ("2.1.0.1", ("2.1.0.0",), "0001"), ("1.1.0.0", ("1.0.0.1",), "0003")}),
        # each version beside its CPL form: the CPL forms are the base and the target
        ([["Bolt G2", "0001", "R3.5", "03050001", "R3.6", "03060002"], ["Bolt G2", "0001", "R3.6", "03060002", "R3.7", "03070000"]],
         {("03060002", ("03050001",), "0001"), ("03070000", ("03060002",), "0001")}),
        # a target beside its CPL form, and a base: three version columns, two of them one release
        ([["Bolt G2", "0001", "3.3.0.0", "03030000", "3.2.0.5"], ["Bolt G2", "0001", "3.2.0.5", "03020005", "3.1.0.2"]],
         {("03030000", ("3.2.0.5",), "0001"), ("03020005", ("3.1.0.2",), "0001")}),
        # a title above a header of other things: a count of meters is no version typed as a number
        ([["Bolt - installed firmware by model (snapshot)"], ["Manufacturer", "Model", "Firmware", "Meters"],
          ["Bolt", "Bolt G2", "01.02.00.0A", "12480"], ["Bolt", "Bolt G2", "01.03.00.05", "40211"]], set()),
        # a column of initials after the versions is no maker's name
        ([["Bolt G2", "0001", "1.2.0.0", "1.1.0.9", "EG"], ["Bolt G2", "0001", "1.3.0.0", "1.2.0.0", "TH"]],
         {("1.2.0.0", ("1.1.0.9",), "0001"), ("1.3.0.0", ("1.2.0.0",), "0001")}),
        # one row of two versions is no evidence of what the columns are
        ([["Bolt G2", "0001", "03050001", "03060002"], ["Note: 03060002 fixes the rollover seen on 03050001"]], set()),
    ],
)
def test_headerless_rows_typed_by_the_rows_that_name_two_versions(rows: list[list[str | None]], expected: set[object]) -> None:
    claims = [c for c in table_of(rows) if c.relation is EXACT]
    assert {(c.target.text, tuple(b.text for b in c.bases), c.device.hardware_version) for c in claims} == expected
    assert {c.device.model for c in claims} <= {"Bolt G2"}


@pytest.mark.unit
def test_a_path_cell_read_in_part_is_listed_too() -> None:
    rows = [["Current", "Target", "Upgrade path"], ["3.3", "3.13.1", "3.3 -> 3.7 (one hop; images 3.5 and 3.7 both needed)"]]
    claims = table_of(rows)
    assert [(c.target.text, [b.text for b in c.bases]) for c in claims if c.relation is Relation.EXACT] == [("3.7", ["3.3"])]
    (listed,) = [c for c in claims if c.relation is Relation.UNREAD]
    assert listed.note == "read in part: 3.5 named but in no requirement read from it"


@pytest.mark.unit
def test_a_route_column_and_a_model_column_naming_the_hardware_too() -> None:
    rows = [["Maker", "Model / HW", "Route"], ["Bolt", "Bolt G2 / 0003", "02000000 > 02010000 > 02020000"]]
    claims = table_of(rows)
    assert summary(claims) == {("02010000", ("02000000",), EXACT), ("02020000", ("02010000",), EXACT)}
    assert {(c.device.model, c.device.hardware_version) for c in claims} == {("Bolt G2", "0003")}


@pytest.mark.unit
@pytest.mark.parametrize(("cell", "model", "hardware"), [("Bolt G2 HW0003", "Bolt G2", "0003"), ("Bolt G2 (hardware 3)", "Bolt G2", "0003"),
                                                         ("Bolt G2", "Bolt G2", "0001")])  # fmt: skip  # the context's
def test_a_product_cell_that_names_its_hardware_after_the_model(cell: str, model: str, hardware: str) -> None:
    claims = table_of([["Product", "Release", "Upgrade only from"], [cell, "02010000", "02000000"]])
    assert {(c.device.model, c.device.hardware_version) for c in claims} == {(model, hardware)}


@pytest.mark.unit
def test_a_matrix_whose_label_column_only_says_version_reads_from_older_to_newer() -> None:
    rows = [["CPL firmware version", "02020009", "02030011"], ["2.1 (build 5)", "Y", "N"], ["2.2 (build 9)", "-", "Y"]]
    assert summary(table_of(rows)) == {("02020009", ("2.1",), EXACT), ("02030011", ("2.2",), EXACT)}
    targets_down = [["Firmware", "02010005", "02020009"], ["02030011", "-", "Y"], ["02020009", "Y", "-"]]
    assert summary(table_of(targets_down)) == {("02030011", ("02020009",), EXACT), ("02020009", ("02010005",), EXACT)}


@pytest.mark.unit
def test_a_row_that_is_a_rollback_or_not_validated_states_no_path() -> None:
    rows = [["Model", "Current FW", "Target FW", "Validated", "Comments"], ["G2", "02040000", "02030000", "", "Rollback only on request"],
            ["G2", "02000001", "02020000", "No", "Not supported - use the steps above"], ["G2", "02010000", "02020000", "Yes", ""]]  # fmt: skip
    assert summary(table_of(rows)) == {("02020000", ("02010000",), EXACT)}


@pytest.mark.unit
def test_a_refusing_verdict_cell_may_say_the_way_round_itself() -> None:
    rows = [["from", "to", "ok?"], ["02000010", "02010000", "NO - load 02000020 first"], ["02000020", "02010000", "YES"]]
    assert summary(table_of(rows)) == {("02000020", ("02000010",), EXACT), ("02010000", ("02000020",), EXACT)}


@pytest.mark.unit
def test_versions_typed_as_numbers_in_version_columns_are_read() -> None:
    """A workbook stores 01030000 as the number 1030000: in a column typed as versions it is one (the
    mapping reads it against the register's versions, leading zeros lost)."""
    rows = [["Model", "HW", "Current FW", "Target FW"], ["Bolt G2", "1", "2010000", "2020000"]]
    assert summary(table_of(rows)) == {("2020000", ("2010000",), EXACT)}


@pytest.mark.unit
def test_a_remark_states_the_base_a_blank_from_cell_does_not() -> None:
    rows = [["From version", "To version", "Condition"], ["", "02020000", "Requires 02010000 or later"]]
    assert summary(table_of(rows)) == {("02020000", ("02010000",), MINIMUM)}
    rows = [["From version", "To version", "Condition"], ["", "02020000", "Shipped in May"]]
    assert summary(table_of(rows)) == set()


@pytest.mark.unit
def test_a_table_without_a_header_typed_by_content_names_its_devices() -> None:
    """No header row: two columns of versions (the older the base), the columns of names the maker and
    the model, a column of short numbers the hardware; versions typed as numbers count."""
    rows = [["Bolt", "Bolt G2", "3", "2010000", "2020000"], ["Bolt", "Bolt G2", "3", "2020000", "2030001"]]
    claims = table_of(rows)
    assert summary(claims) == {("2020000", ("2010000",), EXACT), ("2030001", ("2020000",), EXACT)}
    assert {(c.device.manufacturer, c.device.model, c.device.hardware_version) for c in claims} == {("Bolt", "Bolt G2", "0003")}


@pytest.mark.unit
def test_a_matrix_with_a_header_of_bare_versions_and_one_the_other_way_round() -> None:
    """Rows of installed versions against a header of targets ("Installed | 02020000 | 02030000", a
    band above naming them), and the same matrix the other way round (rows of targets, the corner
    cell naming the rows first: "Target \\ Installed")."""
    rows = [
        ["", "Target release", ""],
        ["Installed", "02020000", "02030000"],
        ["02010000", "Y", "N"],
        ["02020000", "-", "Yes"],
    ]
    assert summary(table_of(rows)) == {("02020000", ("02010000",), EXACT), ("02030000", ("02020000",), EXACT)}
    rows = [
        ["Target \\ Installed", "02010000", "02020000"],
        ["02020000", "\u2713", ""],
        ["02030000", "\u2717", "\u2713"],
    ]
    assert summary(table_of(rows)) == {("02020000", ("02010000",), EXACT), ("02030000", ("02020000",), EXACT)}


@pytest.mark.unit
def test_a_row_a_verdict_column_refuses_states_only_the_way_round_its_comment_gives() -> None:
    rows = [
        ["From", "To", "Allowed", "Comment"],
        ["02000000", "02020000", "N", "via 02010000"],
        ["02010000", "02020000", "Y", ""],
        ["01090000", "02020000", "No", "contact support"],
    ]
    assert summary(table_of(rows)) == {
        ("02010000", ("02000000",), EXACT), ("02020000", ("02010000",), EXACT)
    }


@pytest.mark.unit
def test_a_column_of_releases_to_install_first_puts_a_step_between_base_and_target() -> None:
    rows = [["Firmware installed", "Must first install", "Then install"], ["02000000", "02010000", "02020000"], ["02010000", "-", "02020000"]]
    assert summary(table_of(rows)) == {("02010000", ("02000000",), EXACT), ("02020000", ("02010000",), EXACT)}


@pytest.mark.unit
@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["Minimum installed firmware", "02010000"], {("02020000", ("02010000",), MINIMUM)}),
        (["Required installed firmware", "02010000"], {("02020000", ("02010000",), EXACT)}),
        (["Applicable installed versions", "02000000 to 02010000 inclusive"], {("02020000", ("02000000", "02010000"), Relation.RANGE)}),
    ],
)
def test_a_label_and_its_value_in_a_two_cell_row_read_as_one_statement(row: list[str], expected: set) -> None:
    """A release note's key/value table ("Minimum installed firmware | 02010000"): the label says what
    the value is; the note's release is the target."""
    assert summary(table_of([row])) == expected


@pytest.mark.unit
def test_headerless_rows_a_makers_name_beside_a_model_identifier() -> None:
    rows = [["Bolt", "1A3F", "02010003", "02010005"], ["Bolt", "1A3F", "02010005", "02020000"]]
    claims = table_of(rows)
    assert {(c.device.manufacturer, c.device.model) for c in claims} == {("Bolt", "1A3F")}
    assert summary(claims) == {("02010005", ("02010003",), EXACT), ("02020000", ("02010005",), EXACT)}


@pytest.mark.unit
def test_an_arrow_column_answering_n_a_for_the_first_release() -> None:
    rows = [["v1.3.0 (00010300)", "<- v1.2.0 (00010200)"], ["v1.3.2 (00010302)", "<- v1.3.0 (00010300)"],
            ["v1.2.0 (00010200)", "<- n/a, first CPL version"]]  # fmt: skip
    claims = table_of(rows)
    assert summary(claims) == {("v1.3.0", ("v1.2.0",), EXACT), ("v1.3.2", ("v1.3.0",), EXACT), ("v1.2.0", (), Relation.NONE)}


@pytest.mark.unit
def test_a_row_whose_cell_refuses_the_move_states_no_path() -> None:
    rows = [["device", "from_fw", "to_fw", "hop_type"], ["Bolt G2", "02010003", "02010005", "direct"], ["Bolt G2", "02010001", "02010005", "NOT SUPPORTED"]]
    assert summary(table_of(rows)) == {("02010005", ("02010003",), EXACT)}


@pytest.mark.unit
@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # "Upgrade route from" names where a release is installed from, not a route to read
        ([["Device", "Version label", "CPL FW", "Upgrade route from"], ["Bolt G2", "v2.0.0", "02000000", "v1.4.0"],
          ["Bolt G2", "v1.4.0", "01040000", "v1.2.0"]],
         {("02000000", ("01040000",), EXACT), ("01040000", ("v1.2.0",), EXACT)}),
        # a second target column giving the CPL form: each row pairs the two forms
        ([["Model", "Target FW", "Target image (CPL)", "Must be on"], ["Bolt G2", "3.3.0.0", "03030000", "3.2.0.5 or later"],
          ["Bolt G2", "3.2.0.5", "03020005", "3.1.0.2"]],
         {("03030000", ("03020005",), MINIMUM), ("03020005", ("3.1.0.2",), EXACT)}),
        # a release known by its name: the CPL form beside it is the target
        ([["Model", "Target FW", "Target image (CPL)", "Must be on"], ["Bolt G2", "Fulmar", "0B250000", "Egret (0B240002)"]],
         {("0B250000", ("0B240002",), EXACT)}),
        # a question column says whether there is a prerequisite at all; the version column says which
        ([["FW (B&K)", "FW (CPL)", "Prerequisite?", "Prerequisite version"], ["4.0.0.2", "04000002", "No", ""],
          ["4.0.0.9", "04000009", "Yes", "4.0.0.2"], ["4.2.0.0", "04020000", "Yes", "4.0.0.9 or 4.0.0.2"],
          ["4.1.0.15", "0401000F", "n/k", ""]],  # not known: no answer
         {("04000002", (), Relation.NONE), ("04000009", ("04000002",), EXACT), ("04020000", ("04000009", "04000002"), EXACT)}),
        # the estate's current version beside the prerequisite: the prerequisite is the base
        ([["Model", "Current FW", "Target FW", "Pre-req FW"], ["Bolt G2", "03.02.00.05", "03.03.00.01", "03.02.00.05 / 03.02.00.07"]],
         {("03030001", ("03020005", "03020007"), EXACT)}),
        # numbered columns of the same kind: every one a base
        ([["Target", "Allowed from (1)", "Allowed from (2)", "Allowed from (3)"], ["1.3.0.0", "1.2.0.0", "1.2.0.7", ""]],
         {("1.3.0.0", ("1.2.0.0", "1.2.0.7"), EXACT)}),
    ],
)
def test_header_words_that_first_typed_the_wrong_column(rows: list[list[str | None]], expected: set[object]) -> None:
    def form(ref: VersionRef) -> str:  # the CPL form where the table pairs one with the version as written
        return ref.version.text if ref.version else ref.text

    claims = [c for c in table_of(rows) if c.relation is not Relation.UNREAD]
    assert {(form(c.target), tuple(form(b) for b in c.bases), c.relation) for c in claims} == expected


@pytest.mark.unit
def test_an_image_column_is_the_targets_other_form_never_the_bases() -> None:
    rows = [["Target", "Image", "Supported from", "Route"], ["v4.3.2", "00040302", "v4.3.1", "direct"],
            ["v4.3.1", "00040301", "v4.1.0", "via v4.2.0"]]  # fmt: skip
    forms = {(c.target.text, c.target.version and c.target.version.text, tuple((b.text, b.version and b.version.text) for b in c.bases)) for c in table_of(rows)}
    assert forms == {("v4.3.2", "00040302", (("v4.3.1", "00040301"),)), ("v4.2.0", None, (("v4.1.0", None),)),
                     ("v4.3.1", "00040301", (("v4.2.0", None),))}  # fmt: skip


@pytest.mark.unit
@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # releases known by their names, each beside its CPL form: the names of the other columns read as those forms
        ([["Release", "Firmware version", "Upgrade from"], ["Fir", "09010003", "Elder, Damson"], ["Elder", "09000000", "Damson"],
          ["Damson", "08000105", "Cedar or Birch"], ["Cedar", "08000001", "Birch"], ["Birch", "07010004", "Ash"],
          ["Ash", "07000002", "- (initial release)"]],
         {("09010003", ("09000000", "08000105"), EXACT), ("09000000", ("08000105",), EXACT), ("08000105", ("08000001", "07010004"), EXACT),
          ("08000001", ("07010004",), EXACT), ("07010004", ("07000002",), EXACT), ("07000002", (), Relation.NONE)}),
        # "Install over" names the base; "A to B" in it is every release from A to B
        ([["Product", "HW", "New version", "Install over", "Remarks"], ["Bolt G2", "0001", "05030000", "05010000 to 05020100", "full image"],
          ["Bolt G2", "0002", "05030000", "05020100", "full image"]],
         {("05030000", ("05010000", "05020100"), Relation.RANGE), ("05030000", ("05020100",), EXACT)}),
        # a verdict column naming the release it is about, and an action saying the way round
        ([["Installed firmware", "Eligible for 05040000", "Action"], ["05030004", "Yes", "Install directly"],
          ["05020100", "No", "Install 05030000 first, then 05040000"]],
         {("05040000", ("05030004",), EXACT), ("05030000", ("05020100",), EXACT), ("05040000", ("05030000",), EXACT)}),
    ],
)
def test_tables_of_release_summaries(rows: list[list[str | None]], expected: set[object]) -> None:
    def form(ref: VersionRef) -> str:
        return ref.version.text if ref.version else ref.text

    claims = [c for c in table_of(rows) if c.relation is not Relation.UNREAD]
    assert {(form(c.target), tuple(form(b) for b in c.bases), c.relation) for c in claims} == expected


@pytest.mark.unit
def test_a_route_given_one_stop_a_row() -> None:
    rows = [["Path", "Seq", "Firmware (dotted)", "Firmware (hex)", "HW", "Remark"],
            ["P-01", "1", "2.4.0.1", "02040001", "0003", "start of path"], ["P-01", "2", "2.4.0.12", "0204000C", "0003", ""],
            ["P-01", "3", "2.5.0.0", "02050000", "0003", ""], ["P-02", "1", "2.4.0.12", "0204000C", "0003", ""],
            ["", "2", "2.6.0.0", "02060000", "0003", "current target"]]  # fmt: skip
    claims = table_of(rows)
    forms = {(c.target.version.text, tuple(b.version.text for b in c.bases)) for c in claims if c.target.version and all(b.version for b in c.bases)}
    assert forms == {("0204000C", ("02040001",)), ("02050000", ("0204000C",)), ("02060000", ("0204000C",))}
    assert any(c.evidence.text.startswith("Path: P-01 | Seq: 2 | Firmware (dotted): 2.4.0.12 | Firmware (hex): 0204000C") for c in claims)


@pytest.mark.unit
def test_a_column_of_remarks_naming_versions_is_read_as_remarks_not_as_bases() -> None:
    rows = [["PPMID firmware overview"], ["Model / HW", "Firmware", "Date on CPL", "Analyst notes"],
            ["Bolt P / 0001", "0x00010002", "2022-11", "Bolt say: straight from 0x00010001 only"],
            ["Bolt P / 0001", "0x00020000", "2024-01", "needs 0x00010002 installed"],
            ["Bolt P / 0001", "0x00020001", "2024-09", "fixes keypad lock from 0x00020000"]]  # fmt: skip
    assert summary(table_of(rows)) == {("0x00010002", ("0x00010001",), EXACT), ("0x00020000", ("0x00010002",), EXACT)}


@pytest.mark.unit
def test_minimum_and_maximum_base_columns() -> None:
    rows = [["model", "hw", "release", "gbcs_fw", "min_fw_installed", "max_fw_installed"],
            ["Bolt G2", "0001", "v4.2.0", "04020000", "04010000", "04010000"], ["Bolt G2", "0001", "v5.0.0", "05000000", "04020000", "04020200"]]  # fmt: skip
    def form(ref: VersionRef) -> str:
        return ref.version.text if ref.version else ref.text

    assert {(form(c.target), tuple(form(b) for b in c.bases), c.relation) for c in table_of(rows)} == {
        ("04020000", ("04010000",), EXACT), ("05000000", ("04020000", "04020200"), Relation.RANGE)}


@pytest.mark.unit
def test_a_route_in_numbered_step_columns() -> None:
    rows = [["Device", "HW", "Start FW", "Step 1", "Step 2", "Step 3", "End FW"],
            ["Bolt G2", "0001", "01.01.00.04", "01.02.00.00", "01.03.00.00", "01.03.01.02", "01.03.01.02"],
            ["Bolt G2", "0001", "2.5.0.0", "2.6.0.3", "2.7.0.0", "", "2.7.0.0"]]  # fmt: skip
    assert summary(table_of(rows)) == {
        ("01.02.00.00", ("01.01.00.04",), EXACT), ("01.03.00.00", ("01.02.00.00",), EXACT), ("01.03.01.02", ("01.03.00.00",), EXACT),
        ("2.6.0.3", ("2.5.0.0",), EXACT), ("2.7.0.0", ("2.6.0.3",), EXACT)}


@pytest.mark.unit
def test_a_trackers_comment_column_states_the_base_and_a_type_column_holds_models() -> None:
    rows = [["Ticket", "Manufacturer", "Type", "HW", "FW", "State", "Comment"],
            ["NG-1", "Bolt", "Bolt G2", "0001", "0x00060000", "Blocked", "hubs still on 0x00040020 need 0x00050000 first"],
            ["NG-2", "Bolt", "Bolt G2", "0001", "0x00060000", "Rolling out", "wave 2 of 4, 38% done"]]  # fmt: skip
    claims = table_of(rows)
    assert summary(claims) >= {("0x00050000", ("0x00040020",), EXACT)}
    assert {c.device.model for c in claims} == {"Bolt G2"}


@pytest.mark.unit
def test_a_version_column_no_header_word_types_beside_a_target_is_its_base_where_older_in_every_row() -> None:
    rows = [["Modello", "HW", "Firmware di arrivo", "Firmware xyz", "Note"], ["Bolt G2", "0002", "05020100", "05020000", "patch"],
            ["Bolt G2", "0002", "05030000", "05020000 oppure 05020100", ""]]  # fmt: skip
    assert summary(table_of(rows)) == {("05020100", ("05020000",), EXACT), ("05030000", ("05020000", "05020100"), EXACT)}


@pytest.mark.unit
def test_a_row_the_columns_typed_by_content_do_not_read_is_listed() -> None:
    rows = [["Bolt G2", "0001", "02010003", "02010005"], ["Bolt G2", "0001", "02010005", "02020000"],
            ["Bolt G2", "0001", "", "", "02020000 replaces 02010005 on site"]]  # fmt: skip
    claims = table_of(rows)
    (listed,) = [c for c in claims if c.relation is Relation.UNREAD]
    assert [b.text for b in listed.bases] == ["02020000", "02010005"] and "typed by what they hold" in listed.note
