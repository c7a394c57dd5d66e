"""firpath.stages.ingest: a document's kind by its content, the inbox walk, attachments as documents."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from firpath.demo.builders import ReleaseNote, Sheet, csv_bytes, eml, outlook_msg, release_note_pdf, workbook
from firpath.domain import Document, DocumentKind
from firpath.stages.ingest import attachment_document, inbox_files, read_document, sniff_kind

NOTE = ReleaseNote(
    title="CD-PPM1 firmware 00020000",
    header=(("Manufacturer", "Circuit Devices plc (3C05)"), ("Model", "CD-PPM1")),
    sections=(("Applicability", ("Supported upgrade-from versions: 00010000 and 00010100.",)),),
)
PDF = release_note_pdf(NOTE)
EML = eml(sender="jo@bolt.example", to="fir@secas.example", subject="Bolt G2 path", text="02010005 needs 02010003.")
MSG = outlook_msg(sender_name="Jo Bloggs", sender_email="jo@bolt.example", subject="Bolt G2 path", body="02010005 needs 02010003.")
XLSX = workbook([Sheet("Paths", [["Model", "Target", "Base"], ["EM-1", "01030001", "01020005"]])])
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zip_of(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        # PDF, whatever the name says
        ("notes.pdf", PDF, DocumentKind.PDF),
        ("MAP paths.xlsx", PDF, DocumentKind.PDF),
        ("scan", b"\r\n  %PDF-1.4\n...", DocumentKind.PDF),
        # emails by their headers, whatever the name says
        ("mail.eml", EML, DocumentKind.EML),
        ("release notes.pdf", EML, DocumentKind.EML),
        ("forwarded.txt", b"Received: from mx\r\nFrom: a@b\r\nSubject: x\r\n\r\nbody", DocumentKind.EML),
        # Outlook .msg: an OLE container with MAPI property streams
        ("mail.msg", MSG, DocumentKind.MSG),
        ("mail.dat", MSG, DocumentKind.MSG),
        # another OLE file (legacy .xls) is not a .msg unless it is named one
        ("old.xls", OLE_MAGIC + b"\x00" * 600, DocumentKind.UNSUPPORTED),
        ("old.msg", OLE_MAGIC + b"\x00" * 600, DocumentKind.MSG),
        # zip containers: only a workbook is read
        ("paths.xlsx", XLSX, DocumentKind.XLSX),
        ("paths.csv", XLSX, DocumentKind.XLSX),
        ("notes.docx", DOCX, DocumentKind.UNSUPPORTED),
        ("notes.xlsx", DOCX, DocumentKind.UNSUPPORTED),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", DocumentKind.UNSUPPORTED),
        # delimited text, by its shape or by its name
        ("paths.dat", csv_bytes([["Model", "Target", "Base"], ["EM-1", "01030001", "01020005"]], delimiter=";"), DocumentKind.CSV),
        ("paths", b"Model\tTarget\tBase\nEM-1\t01030001\t01020005\n", DocumentKind.CSV),
        ("paths", b"Model,Target,Base\nEM-1,01030001,01020005\n", DocumentKind.CSV),
        ("paths.csv", b"just one line", DocumentKind.CSV),
        ("readme.txt", b"hello", DocumentKind.CSV),
        ("paths.csv", "Model,Target\n".encode("utf-16"), DocumentKind.CSV),  # UTF-16 with its BOM
        ("one line", b"a;b;c\n", DocumentKind.UNSUPPORTED),
        ("two columns", b"a,b\n1,2\n", DocumentKind.UNSUPPORTED),
        ("ragged", b"a;b;c\n1;2\n", DocumentKind.UNSUPPORTED),
        # everything else
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, DocumentKind.UNSUPPORTED),
        ("blob.bin", b"\x00\x01\x02\x03", DocumentKind.UNSUPPORTED),
        ("notes", b"Subject: only one header line\n\nbody", DocumentKind.UNSUPPORTED),
        ("empty", b"", DocumentKind.UNSUPPORTED),
    ],
)
def test_sniff_kind(name: str, data: bytes, expected: DocumentKind) -> None:
    assert sniff_kind(name, data) == expected


# --- the inbox walk -----------------------------------------------------------------------------------


def write(root: Path, relative: str, data: bytes = b"x") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.mark.unit
def test_inbox_files_in_a_stable_order_without_desktop_clutter(tmp_path: Path) -> None:
    for relative in [
        "z.pdf",
        "Acme/notes.pdf",
        "Acme/2024/March/mail.eml",
        "a.csv",
        ".DS_Store",
        "Acme/.DS_Store",
        "Bolt/Thumbs.db",
        "Bolt/desktop.ini",
        "Bolt/.hidden notes.pdf",
        "Bolt/paths.xlsx",
    ]:
        write(tmp_path, relative)
    (tmp_path / "empty folder").mkdir()
    found = [p.relative_to(tmp_path).as_posix() for p in inbox_files(tmp_path)]
    assert found == [
        "Acme/2024/March/mail.eml",
        "Acme/notes.pdf",
        "Bolt/.hidden notes.pdf",
        "Bolt/paths.xlsx",
        "a.csv",
        "z.pdf",
    ]
    assert found == [p.relative_to(tmp_path).as_posix() for p in inbox_files(tmp_path)]  # repeatable


@pytest.mark.unit
def test_an_empty_inbox_has_no_files(tmp_path: Path) -> None:
    assert list(inbox_files(tmp_path)) == []


@pytest.mark.unit
def test_read_document_names_it_by_its_inbox_path(tmp_path: Path) -> None:
    write(tmp_path, "Acme/MAP paths.xlsx", PDF)
    document = read_document(tmp_path, tmp_path / "Acme" / "MAP paths.xlsx")
    assert document == Document(name="Acme/MAP paths.xlsx", data=PDF, kind=DocumentKind.PDF, sha256=Document.sha256_of(PDF))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("attachment_name", "display"),
    [
        ("notes.pdf", "Acme/mail.eml > notes.pdf"),
        ("C:\\Users\\jo\\Desktop\\notes.pdf", "Acme/mail.eml > notes.pdf"),  # never a path
        ("../../notes.pdf", "Acme/mail.eml > notes.pdf"),
        ("", "Acme/mail.eml > attachment"),
    ],
)
def test_an_attachment_is_a_document_of_its_own(attachment_name: str, display: str) -> None:
    parent = Document(name="Acme/mail.eml", data=EML, kind=DocumentKind.EML, sha256=Document.sha256_of(EML))
    document = attachment_document(parent, attachment_name, PDF)
    assert document == Document(
        name=display, data=PDF, kind=DocumentKind.PDF, sha256=Document.sha256_of(PDF), parent_sha256=parent.sha256
    )


# --- what ingest does not take in ------------------------------------------------------------------


@pytest.mark.unit
def test_a_file_over_the_size_limit_is_hashed_whole_but_not_taken_in(tmp_path: Path) -> None:
    from firpath.domain.documents import QuarantinedDocument
    from firpath.domain.limits import DocumentLimits
    from firpath.stages.ingest import received_document

    big = PDF + b"\n%" + b"x" * 3_000_000
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "huge.pdf").write_bytes(big)
    received = received_document(tmp_path, tmp_path / "notes" / "huge.pdf", DocumentLimits(document_mb=2))
    assert received == QuarantinedDocument(
        "notes/huge.pdf", Document.sha256_of(big), "pdf",
        "file is 2.9 MB, over the 2 MB limit for one document (FIRPATH_MAX_DOCUMENT_MB); it was not opened",
    )  # fmt: skip
    small = received_document(tmp_path, tmp_path / "notes" / "huge.pdf", DocumentLimits(document_mb=3))
    assert isinstance(small, Document) and small.data == big


@pytest.mark.unit
def test_a_file_that_cannot_be_read_is_reported_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from firpath.domain.documents import QuarantinedDocument
    from firpath.domain.limits import DocumentLimits
    from firpath.stages.ingest import received_document

    locked = tmp_path / "locked.pdf"
    locked.write_bytes(PDF)
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert received_document(tmp_path, locked, DocumentLimits()) == QuarantinedDocument(
        "locked.pdf", "", "unsupported", "could not read the file: Permission denied"
    )


# --- hostile inputs: sniffing stays cheap, attachment names stay names -------------------------------

from firpath.domain.limits import DocumentLimits  # noqa: E402
from firpath.stages.ingest import attachment_name  # noqa: E402
from tests.hostile_builders import map_csv, zip_of_many_parts  # noqa: E402

MAP_ROWS = [("MAP firmware paths",), ("Mfr", "Model ID", "HW Ver", "Current FW", "Target FW"), ("10A7", "0101", "0002", "01020005", "01030001")]


@pytest.mark.unit
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_utf16_text_is_judged_as_the_text_it_is(encoding: str, delimiter: str) -> None:
    data = map_csv(MAP_ROWS, delimiter=delimiter, encoding=encoding)
    assert sniff_kind("export", data) == DocumentKind.CSV
    assert sniff_kind("mail", "From: a@b\r\nSubject: x\r\n\r\nbody".encode(encoding)) == DocumentKind.EML


@pytest.mark.unit
def test_a_table_under_a_title_line_is_delimited_text_whatever_its_name() -> None:
    assert sniff_kind("export", map_csv(MAP_ROWS, delimiter=";")) == DocumentKind.CSV


@pytest.mark.unit
def test_a_zip_declaring_too_many_parts_is_sniffed_without_listing_them(monkeypatch: pytest.MonkeyPatch) -> None:
    many = zip_of_many_parts(200)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the zip directory was listed")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    assert sniff_kind("paths.xlsx", many, DocumentLimits(zip_entries=50)) == DocumentKind.XLSX
    assert sniff_kind("notes.docx", DOCX[:-14] + (9999).to_bytes(2, "little") * 2 + DOCX[-10:], DocumentLimits(zip_entries=50)) == DocumentKind.UNSUPPORTED


@pytest.mark.unit
@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + bytes(40) + b"PK\x05\x06" + bytes(18), b"PK\x03\x04" + b"\xff" * 100, b"PK\x03\x04" + bytes(30) + b"PK\x01\x02" + b"\xff" * 60],
    ids=["empty-zip", "garbage", "broken-directory"],
)
def test_a_broken_zip_is_unsupported_not_an_error(data: bytes) -> None:
    assert sniff_kind("paths.xlsx", data) == DocumentKind.UNSUPPORTED


@pytest.mark.unit
@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("/etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("C:\\Users\\jo\\AppData\\evil.csv", "evil.csv"),
        ("\\\\server\\share\\paths.xlsx", "paths.xlsx"),
        ("..", "attachment"),
        ("../", "attachment"),
        ("...", "attachment"),
        ("", "attachment"),
        ("paths\r\nX-Injected: 1.csv", "paths X-Injected: 1.csv"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # the right-to-left override that shows "exe.pdf"
        ("Zähler-Übersicht.csv", "Zähler-Übersicht.csv"),
        ("=HYPERLINK(1).csv", "=HYPERLINK(1).csv"),  # shown as it is: every output neutralises a leading "="
        ("x" * 500 + ".xlsx", "x" * 112 + "....xlsx"),
    ],
)
def test_an_attachment_name_is_only_ever_a_name(given: str, shown: str) -> None:
    assert attachment_name(given) == shown
    assert len(attachment_name(given)) <= 120


@pytest.mark.unit
def test_an_attachment_named_like_a_path_is_named_after_its_email_and_read_by_its_content() -> None:
    parent = Document(name="Acme/mail.eml", data=EML, kind=DocumentKind.EML, sha256=Document.sha256_of(EML))
    document = attachment_document(parent, "../../../../etc/passwd", XLSX)
    assert (document.name, document.kind) == ("Acme/mail.eml > passwd", DocumentKind.XLSX)
