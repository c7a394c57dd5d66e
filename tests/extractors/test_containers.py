"""Zip containers judged before they are unpacked: bombs by declared size, by part count, and
parts that lie about their size."""

from __future__ import annotations

import io
import zipfile

import pytest

from extractors.containers import ContainerError, ContainerRefused, check_zip, declared_parts, size_text
from firpath.domain.limits import DocumentLimits
from tests.hostile_builders import MAP_HEADER, MAP_ROW, forge_declared_size, space_bomb, xlsx, zip_of_many_parts

pytestmark = pytest.mark.unit

SHEET = "xl/worksheets/sheet1.xml"


def workbook() -> bytes:
    return xlsx({"Paths": [MAP_HEADER, MAP_ROW]})


def test_a_workbook_lists_its_parts_and_their_declared_size() -> None:
    summary = check_zip(workbook(), DocumentLimits())
    assert SHEET in summary.names and "xl/workbook.xml" in summary.names
    with zipfile.ZipFile(io.BytesIO(workbook())) as archive:
        assert summary.expanded_bytes == sum(info.file_size for info in archive.infolist())
    assert declared_parts(workbook()) == len(summary.names)


def test_parts_declaring_gigabytes_are_refused_by_their_declared_size() -> None:
    forged = forge_declared_size(workbook(), SHEET, 4_000_000_000)
    with pytest.raises(ContainerRefused, match=r"zip bomb refused: its parts declare 3,8\d\d MB when unpacked \(\d+\.\d KB packed\), over the 500 MB limit; nothing was unpacked \(raise FIRPATH_MAX_EXPANDED_MB"):
        check_zip(forged, DocumentLimits())


def test_a_real_deflate_bomb_is_refused_unread() -> None:
    bomb = space_bomb(20 << 20)  # 20 MB of XML whitespace in about 25 KB
    assert len(bomb) < 100_000
    with pytest.raises(ContainerRefused, match=r"declare 20 MB when unpacked .* over the 5 MB limit"):
        check_zip(bomb, DocumentLimits(expanded_mb=5))


def test_the_expanded_limit_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = space_bomb(3 << 20)
    assert check_zip(bomb, DocumentLimits()).expanded_bytes > 3 << 20
    monkeypatch.setenv("FIRPATH_MAX_EXPANDED_MB", "2")
    with pytest.raises(ContainerRefused, match="over the 2 MB limit"):
        check_zip(bomb, DocumentLimits())


def test_a_part_that_understates_its_size_unpacks_no_further_than_it_declares() -> None:
    """What makes the declared sizes enough: zipfile stops at a part's declared size and fails its
    checksum, so a part that lies costs no more than it declares."""
    liar = forge_declared_size(space_bomb(20 << 20), SHEET, 1_000)
    assert check_zip(liar, DocumentLimits()).expanded_bytes < 1 << 20
    read = bytearray()
    with zipfile.ZipFile(io.BytesIO(liar)) as archive, archive.open(SHEET) as part:
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
            while chunk := part.read(4096):
                read += chunk
    assert len(read) <= 1_000


def test_a_zip_declaring_more_parts_than_the_limit_is_refused_before_they_are_listed() -> None:
    many = zip_of_many_parts(200)
    assert declared_parts(many) == 209
    with pytest.raises(ContainerRefused, match=r"it declares 209 parts, more than the 50 firpath lists .*FIRPATH_MAX_ZIP_ENTRIES"):
        check_zip(many, DocumentLimits(zip_entries=50))


def test_an_end_record_that_understates_the_part_count_is_caught_when_they_are_listed() -> None:
    many = bytearray(zip_of_many_parts(60))
    end = many.rfind(b"PK\x05\x06")
    many[end + 8 : end + 12] = (5).to_bytes(2, "little") * 2  # "5 parts", in both count fields
    with pytest.raises(ContainerError):  # zipfile itself notices, or the listed count is over the limit
        check_zip(bytes(many), DocumentLimits(zip_entries=50))


def test_encrypted_parts_are_named() -> None:
    data = bytearray(workbook())
    start = data.find(b"PK\x01\x02")
    data[start + 8] |= 0x1  # the central directory's "encrypted" flag of the first part
    with pytest.raises(ContainerError, match="encrypted"):
        check_zip(bytes(data), DocumentLimits())


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04", workbook()[:300], b"not a zip"], ids=["empty", "magic-only", "truncated", "text"])
def test_what_is_not_a_zip_is_a_container_error(data: bytes) -> None:
    with pytest.raises(ContainerError) as raised:
        check_zip(data, DocumentLimits())
    assert not isinstance(raised.value, ContainerRefused)


@pytest.mark.parametrize(("size", "text"), [(512, "0.5 KB"), (2_500_000, "2.4 MB"), (40 << 20, "40 MB"), (4_000_000_000, "3,815 MB")])
def test_sizes_read_as_a_person_reads_them(size: int, text: str) -> None:
    assert size_text(size) == text
