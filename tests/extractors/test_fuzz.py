"""Property: nothing a sender can send makes a reader raise anything but its own error.

Random bytes, random text, and random damage to genuine documents go into every extractor (each
must return an Extraction or raise UnreadableDocument with a reason), into the version parsers and
the kind sniffer (which never raise), and into the CPL/FIR readers (RegisterError only). Example
counts are moderate: the suite runs on shared CI; under CI=true the examples are derandomized
(tests/conftest.py).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from extractors import extract
from extractors.mail.chain import split_chain
from extractors.registers import RegisterError, cpl_from_bytes, fir_from_bytes
from extractors.tables import TableError, read_grids
from firpath.demo.builders import ReleaseNote, outlook_msg, release_note_pdf
from firpath.domain import Document, DocumentKind, UpgradePath
from firpath.domain.documents import Extraction, UnreadableDocument
from firpath.domain.limits import DocumentLimits
from firpath.domain.versions import normalise_hex_id, parse_firmware_version
from firpath.domain.versions import version_mentions as version_tokens
from firpath.stages.ingest import attachment_name, sniff_kind
from tests.hostile_builders import MAP_HEADER, MAP_ROW, STATEMENT, email, forwarded, map_csv, xlsx

pytestmark = pytest.mark.unit

FUZZ = settings(max_examples=int(os.environ.get("FIRPATH_FUZZ_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SMALL = DocumentLimits(sheet_rows=2_000, expanded_mb=20, document_mb=20)  # keeps a lucky bomb cheap
KINDS = list(DocumentKind)


def read(kind: DocumentKind, data: bytes, name: str = "inbox/fuzz") -> Extraction | str:
    """The extraction, or the quarantine reason; anything else raised fails the property."""
    try:
        result = extract(Document(name, data, kind, Document.sha256_of(data)), SMALL)
    except UnreadableDocument as exc:
        assert str(exc).strip(), "a quarantine needs a reason a person can read"
        return str(exc)
    assert isinstance(result, Extraction)
    return result


@st.composite
def damaged(draw: st.DrawFn, seed: bytes) -> bytes:
    """`seed` with a few random edits: bytes overwritten, a span cut out or repeated, bytes
    inserted, or the file truncated."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["overwrite", "cut", "repeat", "insert", "truncate"]))
        if edit == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=8))
            data[at : at + len(chunk)] = chunk
        elif edit == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(1, 4))
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        else:
            del data[at:]
    return bytes(data)


# --- seeds: one genuine document of each kind ------------------------------------------------------

PDF_SEED = release_note_pdf(
    ReleaseNote(
        title="AM-E200 firmware 01030001",
        header=(("Manufacturer", "Acme Metering Ltd (10A7)"), ("Model", "AM-E200 (0101)"), ("Hardware version", "0002")),
        sections=(("Applicability", ("This release shall only be applied to devices running firmware 01020005.",)),),
    )
)
EML_SEED = raw = (
    b"From: =?utf-8?q?J=C3=BCrgen?= <jg@acme.example>\r\nSubject: RE: paths\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: multipart/alternative; boundary="a"\r\n\r\n'
    b"--a\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n" + STATEMENT.encode()
    + b"\r\n\r\n> On Mon, Jo wrote:\r\n> Which base?\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>"
    + STATEMENT.encode() + b"</p><blockquote>old</blockquote>\r\n--a--\r\n--b\r\nContent-Type: text/csv\r\n"
    b"Content-Disposition: attachment; filename=\"../paths.csv\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    b"TWZyLE1vZGVsIElELEhXIFZlcixDdXJyZW50IEZXLFRhcmdldCBGVwoxMEE3LDAxMDEsMDAwMiwwMTAyMDAwNSwwMTAzMDAwMQo=\r\n"
    b"--b\r\nContent-Type: message/rfc822\r\n\r\n" + email(subject="older") + b"\r\n--b--\r\n"
)  # fmt: skip
MSG_SEED = outlook_msg(sender_name="Jo Bloggs", sender_email="jo@acme.example", subject="AM-E200 path", body=STATEMENT)
XLSX_SEED = xlsx({"Cover": [["MAP"]], "Paths": [["Device", "", "", "Firmware", ""], MAP_HEADER, MAP_ROW, ["10A7", "0101", "0002", "=D3", "01030002"]]},
                 merges={"Paths": ["A1:C1", "D1:E1"]})  # fmt: skip
CSV_SEED = map_csv([("MAP paths",), MAP_HEADER, MAP_ROW, ("Bäcker", "Zähler", "3", "n/a", "01030001")], delimiter=";", encoding="cp1252")
SEEDS = {
    DocumentKind.PDF: PDF_SEED,
    DocumentKind.EML: EML_SEED,
    DocumentKind.MSG: MSG_SEED,
    DocumentKind.XLSX: XLSX_SEED,
    DocumentKind.CSV: CSV_SEED,
    DocumentKind.UNSUPPORTED: PDF_SEED,
}


def test_the_seeds_are_genuine() -> None:
    """A damaged seed is only worth fuzzing if the seed itself reads."""
    for kind in (DocumentKind.PDF, DocumentKind.EML, DocumentKind.XLSX, DocumentKind.CSV):
        result = read(kind, SEEDS[kind])
        assert isinstance(result, Extraction) and result.claims, kind
    assert isinstance(read(DocumentKind.MSG, MSG_SEED), Extraction)


# --- every extractor --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=[k.value for k in KINDS])
@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_into_every_extractor(kind: DocumentKind, data: bytes) -> None:
    read(kind, data)


@pytest.mark.parametrize("kind", KINDS, ids=[k.value for k in KINDS])
@FUZZ
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_text_into_every_extractor(kind: DocumentKind, text: str, encoding: str) -> None:
    read(kind, text.encode(encoding, errors="replace"))


@pytest.mark.parametrize("kind", KINDS, ids=[k.value for k in KINDS])
@FUZZ
@given(data=st.data())
def test_damaged_genuine_documents_into_every_extractor(kind: DocumentKind, data: st.DataObject) -> None:
    read(kind, data.draw(damaged(SEEDS[kind])))


@FUZZ
@given(text=st.text(max_size=3000), headers=st.lists(st.sampled_from(["From: a@b", "Subject: x", "Content-Type: multipart/mixed", "Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "MIME-Version: 1.0"]), min_size=1, max_size=6))
def test_random_bodies_under_email_headers(text: str, headers: list[str]) -> None:
    read(DocumentKind.EML, ("\r\n".join(headers) + "\r\n\r\n" + text).encode("utf-8", errors="surrogatepass"))


def _stored_workbook(seed: bytes, part: str, damage: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one XML part damaged and every part stored uncompressed (so the damage
    reaches the XML parser instead of failing a checksum)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, damage(content) if info.filename == part else content)
    return out.getvalue()


@FUZZ
@given(data=st.data(), part=st.sampled_from(["xl/worksheets/sheet2.xml", "xl/workbook.xml", "xl/sharedStrings.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"]))
def test_damaged_workbook_xml_into_the_spreadsheet_extractor(data: st.DataObject, part: str) -> None:
    with zipfile.ZipFile(io.BytesIO(XLSX_SEED)) as archive:
        if part not in archive.namelist():
            part = "xl/worksheets/sheet2.xml"
    read(DocumentKind.XLSX, _stored_workbook(XLSX_SEED, part, lambda xml: data.draw(damaged(xml))))


cells = st.one_of(st.text(max_size=20), st.sampled_from(["=1+1", "=HYPERLINK(\"x\",\"01020005\")", "01020005", "n/a", ">= 01020005", "", " "]))


@FUZZ
@given(rows=st.lists(st.lists(cells, max_size=7), max_size=12), header_at=st.integers(0, 12), as_xlsx=st.booleans())
def test_random_grids_under_a_map_header(rows: list[list[str]], header_at: int, as_xlsx: bool) -> None:
    rows.insert(min(header_at, len(rows)), list(MAP_HEADER))
    if as_xlsx:
        clean = [[c.replace("\x00", "") for c in row] for row in rows]
        try:
            data = xlsx({"Paths": clean})
        except IllegalCharacterError:  # control characters a workbook cannot hold: not an input anyone can send
            return
    else:
        data = map_csv(rows)
    result = read(DocumentKind.XLSX if as_xlsx else DocumentKind.CSV, data)
    if isinstance(result, Extraction):
        assert all(claim.evidence.location for claim in result.claims)


# --- version parsers, the sniffer, names --------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_version_parsers_take_any_text(text: str) -> None:
    version = parse_firmware_version(text)
    assert version is None or len(version.text) == 8
    assert isinstance(normalise_hex_id(text), str)
    for token in version_tokens(text):
        assert text[token.start : token.end] == token.text
    parsed = UpgradePath.parse(text)
    assert parsed is None or all(entry for entry in parsed.entry_ids)


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=300), data=st.binary(max_size=4096))
def test_the_sniffer_and_attachment_names_take_anything(name: str, data: bytes) -> None:
    assert sniff_kind(name, data) in set(DocumentKind)
    shown = attachment_name(name)
    assert shown and "/" not in shown and "\\" not in shown and len(shown) <= 120
    assert not any(ord(ch) < 32 for ch in shown)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_sniffer_takes_damaged_documents(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from([PDF_SEED, EML_SEED, MSG_SEED, XLSX_SEED, CSV_SEED, forwarded(2)]))
    assert sniff_kind("inbox/x", data.draw(damaged(seed))) in set(DocumentKind)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=3000))
def test_chain_splitting_takes_any_text(text: str) -> None:
    for segment in split_chain(text):
        assert segment.text.strip() and segment.depth >= 0


# --- the CPL and FIR readers: RegisterError only ----------------------------------------------------

CPL_SEED = map_csv([("CPL Entry ID", "Manufacturer ID", "Model ID", "HW Version", "Firmware Version"), ("1101", "10A7", "0101", "0002", "01000005"), ("1102", "10A7", "0101", "0002", "01010003")])
FIR_SEED = map_csv([("CPL Entry ID", "Firmware Upgrade Path"), ("1101", "N/A"), ("1102", "1101")])


def register_read(reader: Callable[[str, bytes], object], name: str, data: bytes) -> None:
    try:
        reader(name, data)
    except RegisterError as exc:
        assert str(exc).startswith(name + ":")


@pytest.mark.parametrize("reader", [cpl_from_bytes, fir_from_bytes], ids=["cpl", "fir"])
@FUZZ
@given(data=st.one_of(st.binary(max_size=4096), st.text(max_size=2000).map(lambda t: t.encode("utf-8", errors="surrogatepass"))))
def test_random_bytes_into_the_register_readers(reader: Callable[[str, bytes], object], data: bytes) -> None:
    register_read(reader, "export.csv", data)


@pytest.mark.parametrize("reader", [cpl_from_bytes, fir_from_bytes], ids=["cpl", "fir"])
@FUZZ
@given(data=st.data(), as_xlsx=st.booleans())
def test_damaged_exports_into_the_register_readers(reader: Callable[[str, bytes], object], data: st.DataObject, as_xlsx: bool) -> None:
    seed = CPL_SEED if reader is cpl_from_bytes else FIR_SEED
    if as_xlsx:
        rows = read_grids("seed.csv", seed)["seed.csv"]
        seed = _stored_workbook(xlsx({"Export": rows}), "xl/worksheets/sheet1.xml", lambda xml: data.draw(damaged(xml)))
    else:
        seed = data.draw(damaged(seed))
    register_read(reader, "export.xlsx" if as_xlsx else "export.csv", seed)


@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_into_the_table_reader(data: bytes) -> None:
    try:
        read_grids("t.csv", data, SMALL)
    except TableError:
        pass
