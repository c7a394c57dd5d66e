"""Mapping claims to CPL entries: exactly, or unmapped with the reason; never a near miss."""

from __future__ import annotations

from typing import Any

import pytest

from firpath.domain import MappedClaim, Relation, UnmappedClaim, UpgradePath, VersionRef
from firpath.stages.mapping import CplIndex, bcd_hex_twins, map_claim, mapped_claims, name_token
from tests.builders import claim, cpl_entry, fw, index, small_cpl

pytestmark = pytest.mark.unit


def mapped_ok(result: MappedClaim | UnmappedClaim) -> MappedClaim:
    assert isinstance(result, MappedClaim), getattr(result, "reason", result)
    return result


def unmapped_reason(result: MappedClaim | UnmappedClaim) -> str:
    assert isinstance(result, UnmappedClaim), f"mapped to {result}"
    return result.reason


def ids(result: MappedClaim) -> tuple[str, tuple[str, ...]]:
    return result.target.entry_id, tuple(e.entry_id for e in result.bases)


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Acme Metering Ltd", "acmemetering"),
        ("ACME metering", "acmemetering"),
        ("Acme Metering Ltd.", "acmemetering"),
        ("Acme-Metering Limited", "acmemetering"),
        ("  acme   METERING  ", "acmemetering"),
        ("Circuit Devices plc", "circuitdevices"),
        ("AM-E200", "ame200"),
        ("AM E20", "ame20"),
    ],
)
def test_name_token(text: str, token: str) -> None:
    assert name_token(text) == token


# --- device: manufacturer and model ----------------------------------------------------------------


@pytest.mark.parametrize(
    "manufacturer",
    ["10A7", "10a7", "0x10A7", "Acme Metering Ltd", "ACME METERING", "acme-metering ltd.", "Acme Metering Limited", ""],
    ids=["id", "id-lower", "id-0x", "name", "name-upper", "name-punctuated", "name-limited", "omitted"],
)
@pytest.mark.parametrize("model", ["0101", "101", "0x0101", "AM-E200", "am e200", "AM_E200"])
def test_device_by_identifier_or_exact_name(cpl_index: CplIndex, manufacturer: str, model: str) -> None:
    result = mapped_ok(map_claim(claim(manufacturer=manufacturer, model=model), cpl_index))
    assert ids(result) == ("1106", ("1104",))


def test_manufacturer_omitted_and_model_unique_maps(cpl_index: CplIndex) -> None:
    result = map_claim(claim(manufacturer="", model="Bolt G2", hardware="", target="02010003", bases=["02010001"]), cpl_index)
    assert ids(mapped_ok(result)) == ("2202", ("2201",))


def test_a_model_of_two_manufacturers_without_a_manufacturer_is_unmapped_naming_both(cpl_index: CplIndex) -> None:
    reason = unmapped_reason(map_claim(claim(manufacturer="", model="Hub-1", target="01000000", bases=()), cpl_index))
    assert reason == (
        "model 'Hub-1' exists for several manufacturers (Acme Metering Ltd, Bolt Meters Ltd) "
        "and the document does not say which"
    )


@pytest.mark.parametrize(("manufacturer", "entry_id"), [("Acme Metering", "1301"), ("20B1", "2301")])
def test_a_model_of_two_manufacturers_maps_once_the_manufacturer_is_named(
    cpl_index: CplIndex, manufacturer: str, entry_id: str
) -> None:
    result = map_claim(
        claim(manufacturer=manufacturer, model="Hub-1", hardware="0001", target="01000000", bases=(), relation=Relation.NONE),
        cpl_index,
    )
    assert ids(mapped_ok(result)) == (entry_id, ())


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"manufacturer": "Zeta Power"}, "manufacturer 'Zeta Power' is not on the CPL (by identifier or exact name)"),
        ({"manufacturer": "9999"}, "manufacturer '9999' is not on the CPL (by identifier or exact name)"),
        ({"manufacturer": "Acme"}, "manufacturer 'Acme' is not on the CPL (by identifier or exact name)"),
        ({"manufacturer": "Acme Metering Ltd", "model": "AM-E20"},
         "model 'AM-E20' of manufacturer 'Acme Metering Ltd' is not on the CPL (by Model Identifier or exact name)"),
        ({"manufacturer": "", "model": "AM-E2000"},
         "model 'AM-E2000' is not on the CPL (by Model Identifier or exact name)"),
        ({"model": "0999"},
         "model '0999' of manufacturer '10A7' is not on the CPL (by Model Identifier or exact name)"),
        ({"model": "0203"},  # Bolt's model id, stated for Acme
         "model '0203' of manufacturer '10A7' is not on the CPL (by Model Identifier or exact name)"),
        ({"model": ""}, "the document does not name the device model"),
        ({"hardware": "0009"}, "hardware version '0009' of model '0101' is not on the CPL"),
        ({"target": "01990000"}, "firmware 01990000 of model '0101' hardware 0002 is not on the CPL"),
        ({"bases": ["01010003"]}, "base firmware 01010003 of 10A7/0101/HW 0002 is not on the CPL"),
        ({"bases": ["01020005", "01010003", "01010004"]},
         "base firmware 01010003, 01010004 of 10A7/0101/HW 0002 is not on the CPL"),
        ({"bases": ()}, "the statement names no base firmware version"),
        ({"relation": Relation.MINIMUM, "bases": ["01030000"]},
         "no CPL entry of 10A7/0101/HW 0002 has firmware at or above 01030000 and below the target 01030001"),
    ],
    ids=[
        "unknown-manufacturer", "unknown-manufacturer-id", "partial-manufacturer-name", "near-miss-model",
        "longer-model-name", "unknown-model-id", "other-makers-model-id", "no-model", "unknown-hardware",
        "unknown-target", "unknown-base", "some-bases-unknown", "no-bases", "minimum-above-all",
    ],
)  # fmt: skip
def test_unmapped_names_what_is_not_on_the_cpl(cpl_index: CplIndex, fields: dict[str, Any], reason: str) -> None:
    assert unmapped_reason(map_claim(claim(**fields), cpl_index)) == reason


@pytest.mark.parametrize("model", ["AM-E20", "AM-E2", "AM-F200", "AM-E200X", "E200", "AM-E200 Plus"])
def test_never_a_near_miss_on_the_model_name(model: str) -> None:
    cpl = [cpl_entry("1", "01000000"), cpl_entry("2", "01000001"), cpl_entry("3", "01000002", model_id="0102", model_name="AM-G100")]
    result = map_claim(claim(manufacturer="", model=model, target="01000001", bases=["01000000"]), CplIndex.of(cpl))
    assert "is not on the CPL (by Model Identifier or exact name)" in unmapped_reason(result)


def test_the_shorter_model_maps_to_itself_not_to_the_longer_one() -> None:
    cpl = [
        cpl_entry("1", "01000000", model_id="0101", model_name="AM-E200"),
        cpl_entry("2", "01000001", model_id="0101", model_name="AM-E200"),
        cpl_entry("3", "01000000", model_id="0100", model_name="AM-E20"),
        cpl_entry("4", "01000001", model_id="0100", model_name="AM-E20"),
    ]
    result = map_claim(claim(manufacturer="Acme Metering", model="AM-E20", target="01000001", bases=["01000000"]), CplIndex.of(cpl))
    assert ids(mapped_ok(result)) == ("4", ("3",))


# --- the same firmware number on two hardware versions ------------------------------------------------


@pytest.mark.parametrize(
    ("hardware", "expected"),
    [("0002", ("1106", ("1104",))), ("2", ("1106", ("1104",))), ("0001", ("1112", ("1111",))), ("0x1", ("1112", ("1111",)))],
)
def test_stated_hardware_picks_the_entry(cpl_index: CplIndex, hardware: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert ids(mapped_ok(map_claim(claim(hardware=hardware), cpl_index))) == expected


def test_without_hardware_a_firmware_on_two_hardware_versions_is_unmapped(cpl_index: CplIndex) -> None:
    reason = unmapped_reason(map_claim(claim(hardware=""), cpl_index))
    assert reason == (
        "firmware 01030001 of model '0101' is listed for hardware versions 0001, 0002 and the document does not say which"
    )


def test_without_hardware_a_firmware_on_one_hardware_version_maps(cpl_index: CplIndex) -> None:
    result = map_claim(claim(hardware="", target="01020007", bases=["01020005"]), cpl_index)
    assert ids(mapped_ok(result)) == ("1105", ("1104",))  # the base is taken from the target's hardware


@pytest.mark.parametrize("twice", ["target", "base"])
def test_a_firmware_listed_twice_for_one_device_is_not_guessed(twice: str) -> None:
    cpl = [cpl_entry("X1", "01020005"), cpl_entry("X2", "01030001")]
    duplicate = cpl_entry("X9", "01030001" if twice == "target" else "01020005")
    result = map_claim(claim(), CplIndex.of([*cpl, duplicate]))
    assert isinstance(result, UnmappedClaim), f"guessed {result.target.entry_id} <- {[e.entry_id for e in result.bases]}"


# --- relations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [
        ("01000005", ("1101", "1103", "1104", "1105")),  # every sibling from the minimum up to the target
        ("01020005", ("1104", "1105")),
        ("01020006", ("1105",)),  # the minimum need not itself be on the CPL
        ("01020007", ("1105",)),
    ],
)
def test_minimum_expands_to_every_sibling_in_min_to_target(cpl_index: CplIndex, minimum: str, expected: tuple[str, ...]) -> None:
    result = mapped_ok(map_claim(claim(relation=Relation.MINIMUM, bases=[minimum]), cpl_index))
    assert ids(result) == ("1106", expected)
    assert result.path == UpgradePath(expected)


def test_minimum_never_crosses_hardware_versions(cpl_index: CplIndex) -> None:
    result = mapped_ok(map_claim(claim(hardware="0001", relation=Relation.MINIMUM, bases=["01000000"]), cpl_index))
    assert ids(result) == ("1112", ("1111",))


def test_minimum_without_a_base_is_unmapped(cpl_index: CplIndex) -> None:
    result = map_claim(claim(relation=Relation.MINIMUM, bases=()), cpl_index)
    assert isinstance(result, UnmappedClaim)


@pytest.mark.parametrize("bases", [(), ("01020005",)])
def test_none_relation_is_the_empty_path(cpl_index: CplIndex, bases: tuple[str, ...]) -> None:
    result = mapped_ok(map_claim(claim(relation=Relation.NONE, bases=bases), cpl_index))
    assert result.bases == ()
    assert str(result.path) == "N/A"


def test_exact_bases_are_ordered_oldest_first_without_repeats(cpl_index: CplIndex) -> None:
    result = mapped_ok(map_claim(claim(bases=["01020007", "0x01020005", "01.02.00.07"]), cpl_index))
    assert ids(result) == ("1106", ("1104", "1105"))


# --- versions that cannot be tied to the CPL ----------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"target": VersionRef("1.3.1", None, "display version never paired with a CPL version")},
         "target firmware '1.3.1': display version never paired with a CPL version"),
        ({"bases": [VersionRef("1.2.5", None, "display version never paired with a CPL version")]},
         "base firmware '1.2.5': display version never paired with a CPL version"),
        ({"relation": Relation.MINIMUM, "bases": [VersionRef("v1.2", None, "display version")]},
         "minimum base firmware 'v1.2': display version"),
        ({"target": VersionRef("", None, "")}, "target firmware: not stated"),
    ],
)  # fmt: skip
def test_an_unresolved_version_is_unmapped_with_its_note(cpl_index: CplIndex, fields: dict[str, Any], reason: str) -> None:
    assert unmapped_reason(map_claim(claim(**fields), cpl_index)) == reason


def test_a_display_version_the_document_paired_maps(cpl_index: CplIndex) -> None:
    target = VersionRef("1.3.1", fw("01030001"), "display version 1.3.1 = 01030001 in this document")
    assert ids(mapped_ok(map_claim(claim(target=target), cpl_index))) == ("1106", ("1104",))


# --- BCD / hex -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "twins"),
    [
        ("04030010", {"0403000A", "04030016"}),
        ("0403000A", {"04030010"}),
        ("00000010", {"0000000A", "00000016"}),
        ("01020005", set()),  # digits below 10 read the same either way
        ("0000000A", {"00000010"}),
        ("00000009", set()),
        ("000000FF", set()),
        ("00001010", {"00000A10", "00001610", "0000100A", "00001016", "00000A0A", "00000A16", "0000160A", "00001616"}),
    ],
)
def test_bcd_hex_twins_table(version: str, twins: set[str]) -> None:
    assert {str(t) for t in bcd_hex_twins(fw(version))} == twins


def test_bcd_hex_hint_when_the_cpl_has_the_twin_and_the_claim_stays_unmapped(cpl_index: CplIndex) -> None:
    result = map_claim(
        claim(manufacturer="Dynamo Comms Ltd", model="DH-1", hardware="0001", target="04030010", bases=["04020001"]),
        cpl_index,
    )
    assert unmapped_reason(result) == (
        "firmware 04030010 of model 'DH-1' hardware 0001 is not on the CPL (the CPL lists 0403000A for it, "
        "which a BCD/hex mix-up would explain; not converted)"
    )


def test_bcd_hex_hint_on_a_base(cpl_index: CplIndex) -> None:
    cpl = [*small_cpl(), cpl_entry("4405", "04040000", manufacturer_id="4D11", model_id="0C01", hardware="0001",
                                   manufacturer_name="Dynamo Comms Ltd", model_name="DH-1")]  # fmt: skip
    result = map_claim(
        claim(manufacturer="4D11", model="0C01", hardware="0001", target="04040000", bases=["04030010"]), index(cpl)
    )
    assert unmapped_reason(result) == (
        "base firmware 04030010 (the CPL lists 0403000A for it, which a BCD/hex mix-up would explain; not converted) "
        "of 4D11/0C01/HW 0001 is not on the CPL"
    )


def test_no_hint_without_a_twin(cpl_index: CplIndex) -> None:
    result = map_claim(claim(manufacturer="4D11", model="0C01", hardware="0001", target="04050000", bases=["04020001"]), cpl_index)
    assert unmapped_reason(result) == "firmware 04050000 of model '0C01' hardware 0001 is not on the CPL"


# --- many claims ------------------------------------------------------------------------------------


def test_mapped_claims_splits_and_keeps_order(cpl_index: CplIndex) -> None:
    claims = [claim(), claim(model="AM-E20"), claim(hardware="0001"), claim(manufacturer="Zeta")]
    mapped, unmapped = mapped_claims(claims, cpl_index)
    assert [m.claim for m in mapped] == [claims[0], claims[2]]
    assert [u.claim for u in unmapped] == [claims[1], claims[3]]
