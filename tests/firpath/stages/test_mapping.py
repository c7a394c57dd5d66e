"""Mapping claims to CPL entries: exactly, or unmapped with the reason; never a near miss."""

from __future__ import annotations

from typing import Any

import pytest

from firpath.domain import MappedClaim, Relation, UnmappedClaim, UpgradePath, VersionRef
from firpath.stages.mapping import CplIndex, MappingResult, bcd_hex_twins, map_claim, mapped_claims, name_token
from tests.builders import claim, cpl_entry, fw, index, small_cpl

pytestmark = pytest.mark.unit


def mapped_ok(result: MappingResult) -> MappedClaim:
    """The one entry a claim maps to (most claims name one release of one device)."""
    assert isinstance(result, tuple), getattr(result, "reason", result)
    assert len(result) == 1, f"mapped to {[m.target.entry_id for m in result]}"
    return result[0]


def unmapped_reason(result: MappingResult) -> str:
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
    found = claim(manufacturer="", model="Hub-1", hardware="0001", target="01000000", bases=(), relation=Relation.NONE)
    assert unmapped_reason(map_claim(found, cpl_index)) == (
        "the statement fits Acme Metering Ltd Hub-1 (HW 0001), Bolt Meters Ltd Hub-1 (HW 0001) equally and the "
        "document does not say which"
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
        ({"manufacturer": "Zeta Power"}, "manufacturer 'Zeta Power' is not on the CPL (by identifier or name)"),
        ({"manufacturer": "9999"}, "manufacturer '9999' is not on the CPL (by identifier or name)"),
        ({"manufacturer": "Acme Metering Ltd", "model": "AM-E20"},
         "model 'AM-E20' of manufacturer 'Acme Metering Ltd' is not on the CPL (by Model Identifier or name)"),
        ({"manufacturer": "", "model": "AM-E2000"}, "model 'AM-E2000' is not on the CPL (by Model Identifier or name)"),
        ({"model": "0999"}, "model '0999' of manufacturer '10A7' is not on the CPL (by Model Identifier or name)"),
        ({"model": "0203"}, "model '0203' is not one of manufacturer '10A7''s on the CPL"),  # Bolt's model id
        ({"manufacturer": "", "model": ""}, "the document does not name the device model"),
        ({"hardware": "0009"}, "hardware version '0009' of model '0101' is not on the CPL"),
        ({"target": "01990000"}, "target firmware 01990000: 01990000 is not listed for Acme Metering Ltd AM-E200 (HW 0002)"),
        ({"bases": ["01010003"]}, "base firmware 01010003: 01010003 is not listed for Acme Metering Ltd AM-E200 (HW 0002)"),
        ({"bases": ["01020005", "01010003"]},
         "base firmware 01010003: 01010003 is not listed for Acme Metering Ltd AM-E200 (HW 0002)"),
        ({"bases": ()}, "the statement names no base firmware version"),
        ({"relation": Relation.MINIMUM, "bases": ["01030000"]},
         "no CPL entry of Acme Metering Ltd AM-E200 (HW 0002) has firmware at or above 01030000 and below the target 01030001"),
    ],
    ids=[
        "unknown-manufacturer", "unknown-manufacturer-id", "near-miss-model", "longer-model-name", "unknown-model-id",
        "other-makers-model-id", "no-device", "unknown-hardware", "unknown-target", "unknown-base", "some-bases-unknown",
        "no-bases", "minimum-above-all",
    ],
)  # fmt: skip
def test_unmapped_names_what_is_not_on_the_cpl(cpl_index: CplIndex, fields: dict[str, Any], reason: str) -> None:
    assert unmapped_reason(map_claim(claim(**fields), cpl_index)) == reason


@pytest.mark.parametrize("model", ["AM-E200 (model 0x0101)", "AM-E200 (Model ID 0101)", "AM-E200 (ESME)", "0x0101 (AM-E200)",
                                   "AM-E200 ESME, model 0x0101, hardware 0002", "Electricity meter AM-E200, hardware state 0002.",
                                   "AM-E200 three-phase electricity meter (ESME)"])
def test_a_model_named_with_its_identifier_or_a_remark_in_brackets(model: str) -> None:
    cpl = [cpl_entry("1", "01000000"), cpl_entry("2", "01000001"), cpl_entry("3", "01000002", model_id="0102", model_name="AM-G100")]
    result = map_claim(claim(manufacturer="", model=model, target="01000001", bases=["01000000"]), CplIndex.of(cpl))
    assert ids(mapped_ok(result)) == ("2", ("1",))


@pytest.mark.parametrize("model", ["AM-E20", "AM-E2", "AM-F200", "AM-E200X", "E200", "AM-E200 Plus", "AM-E200 (model 0x0102)"])
def test_never_a_near_miss_on_the_model_name(model: str) -> None:
    cpl = [cpl_entry("1", "01000000"), cpl_entry("2", "01000001"), cpl_entry("3", "01000002", model_id="0102", model_name="AM-G100")]
    result = map_claim(claim(manufacturer="", model=model, target="01000001", bases=["01000000"]), CplIndex.of(cpl))
    assert "is not on the CPL (by Model Identifier or name)" in unmapped_reason(result)


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


def test_without_hardware_a_firmware_on_two_hardware_versions_maps_on_both(cpl_index: CplIndex) -> None:
    """A document that names no hardware version is about every one of the model that lists its versions."""
    result = map_claim(claim(hardware=""), cpl_index)
    assert isinstance(result, tuple)
    assert [(m.target.entry_id, tuple(b.entry_id for b in m.bases)) for m in result] == [("1112", ("1111",)), ("1106", ("1104",))]


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
    ("fields", "expected"),
    [
        ({"target": VersionRef("1.3.1", None)}, ("1106", ("1104",))),  # major.minor.0.patch: 01030001
        ({"bases": [VersionRef("1.2.5", None)]}, ("1106", ("1104",))),  # 01020005
        ({"relation": Relation.MINIMUM, "bases": [VersionRef("v1.2", None)]}, ("1106", ("1103", "1104", "1105"))),
    ],
)  # fmt: skip
def test_a_written_version_maps_by_its_one_reading_among_the_devices_versions(
    cpl_index: CplIndex, fields: dict[str, Any], expected: tuple[str, tuple[str, ...]]
) -> None:
    assert ids(mapped_ok(map_claim(claim(**fields), cpl_index))) == expected


def test_two_readings_listed_are_not_chosen_between() -> None:
    cpl = [cpl_entry("A", "0102000A"), cpl_entry("B", "01020010"), cpl_entry("C", "01030000")]
    result = map_claim(claim(target="01030000", bases=[VersionRef("1.2.0.10", None)]), CplIndex.of(cpl))
    assert "hex and BCD readings both listed" in unmapped_reason(result)


def test_an_unstated_target_naming_no_version_of_the_device_is_unmapped(cpl_index: CplIndex) -> None:
    assert unmapped_reason(map_claim(claim(target=VersionRef("", None, ""), bases=["09090909"]), cpl_index)) == "target firmware: not stated"


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
        "target firmware 04030010: 04030010 is not listed for Dynamo Comms Ltd DH-1 (HW 0001) (the CPL lists 0403000A "
        "for it, which a BCD/hex mix-up would explain; not converted)"
    )


def test_bcd_hex_hint_on_a_base(cpl_index: CplIndex) -> None:
    cpl = [*small_cpl(), cpl_entry("4405", "04040000", manufacturer_id="4D11", model_id="0C01", hardware="0001",
                                   manufacturer_name="Dynamo Comms Ltd", model_name="DH-1")]  # fmt: skip
    result = map_claim(
        claim(manufacturer="4D11", model="0C01", hardware="0001", target="04040000", bases=["04030010"]), index(cpl)
    )
    assert unmapped_reason(result) == (
        "base firmware 04030010: 04030010 is not listed for Dynamo Comms Ltd DH-1 (HW 0001) (the CPL lists 0403000A "
        "for it, which a BCD/hex mix-up would explain; not converted)"
    )


def test_no_hint_without_a_twin(cpl_index: CplIndex) -> None:
    result = map_claim(claim(manufacturer="4D11", model="0C01", hardware="0001", target="04050000", bases=["04020001"]), cpl_index)
    assert unmapped_reason(result) == "target firmware 04050000: 04050000 is not listed for Dynamo Comms Ltd DH-1 (HW 0001)"


# --- many claims ------------------------------------------------------------------------------------


def test_mapped_claims_splits_and_keeps_order(cpl_index: CplIndex) -> None:
    claims = [claim(), claim(model="AM-E20"), claim(hardware="0001"), claim(manufacturer="Zeta")]
    mapped, unmapped, needs_reading = mapped_claims(claims, cpl_index)
    assert needs_reading == []
    assert [m.claim for m in mapped] == [claims[0], claims[2]]
    assert [u.claim for u in unmapped] == [claims[1], claims[3]]


# --- the CPL as a dictionary: devices by what the document names, versions by the device's register --------

OTHER_SCHEME = [
    cpl_entry(f"M{i}", v, manufacturer_id="0E1A", model_id="0001", hardware="0001", manufacturer_name="Elastic",
              model_name="Elasticsearch", device_type="ESME")
    for i, v in enumerate(["6.8.0", "7.16.3", "7.17.0", "7.17.9", "8.0.0", "8.1.2"])
] + [
    cpl_entry(f"K{i}", v, manufacturer_id="0C0F", model_id="0002", hardware="0001", manufacturer_name="Apache",
              model_name="Kafka", device_type="ESME")
    for i, v in enumerate(["3.3.0", "3.9.1", "4.0.0"])
]  # fmt: skip


def named(context: tuple[str, ...], **fields: Any) -> Any:
    from dataclasses import replace

    found = claim(manufacturer="", model="", hardware="", **fields)
    return replace(found, device=replace(found.device, context=context))


def test_a_manufacturer_named_by_the_words_of_its_name_maps() -> None:
    cpl = [cpl_entry("1", "01000000", manufacturer_name="Calder & Finch Controls Ltd"), cpl_entry("2", "01000001", manufacturer_name="Calder & Finch Controls Ltd")]
    assert ids(mapped_ok(map_claim(claim(manufacturer="Calder & Finch", target="01000001", bases=["01000000"]), CplIndex.of(cpl)))) == ("2", ("1",))


def test_short_forms_of_a_manufacturer_name_map(cpl_index: CplIndex) -> None:
    assert ids(mapped_ok(map_claim(claim(manufacturer="Acme"), cpl_index))) == ("1106", ("1104",))


def test_the_device_is_found_by_the_names_in_the_title_and_the_versions_it_lists() -> None:
    found = named(("notes/es-8.0.pdf", "Elasticsearch 8.0 release notes"), target="8.0.0", bases=["7.17"])
    result = map_claim(found, CplIndex.of(OTHER_SCHEME))
    assert isinstance(result, tuple) and [(m.target.entry_id, [b.entry_id for b in m.bases]) for m in result] == [
        ("M4", ["M2", "M3"])  # "7.17" is the 7.17 line: 7.17.0 and 7.17.9
    ]


def test_a_target_and_later_maps_to_every_release_from_it() -> None:
    found = named(("Elasticsearch upgrade guide",), target=VersionRef("8.0", None, and_later=True), bases=["7.17.9"])
    result = map_claim(found, CplIndex.of(OTHER_SCHEME))
    assert isinstance(result, tuple) and {m.target.entry_id for m in result} == {"M4", "M5"}


def test_a_target_and_later_entered_from_an_older_major_stops_at_its_major() -> None:
    """"When upgrading to 8.0 and later, you must first upgrade to 7.17": 9.0 has its own way in."""
    register = OTHER_SCHEME + [cpl_entry("M6", "9.0.0", manufacturer_id="0E1A", model_id="0001", hardware="0001",
                                         manufacturer_name="Elastic", model_name="Elasticsearch", device_type="ESME")]  # fmt: skip
    crossing = named(("Elasticsearch upgrade guide",), target=VersionRef("8.0", None, and_later=True), bases=["7.17.9"])
    result = map_claim(crossing, CplIndex.of(register))
    assert isinstance(result, tuple) and {m.target.entry_id for m in result} == {"M4", "M5"}
    within = named(("Elasticsearch upgrade guide",), target=VersionRef("8.1.2", None, and_later=True), bases=["8.0.0"])
    result = map_claim(within, CplIndex.of(register))
    assert isinstance(result, tuple) and {m.target.entry_id for m in result} == {"M5", "M6"}  # not a crossing


def test_a_range_of_targets_maps_to_every_release_from_its_first_to_its_last() -> None:
    """"Releases 7.16.3 - 8.0.0 need at least 6.8.0": each release of the range, and none after it."""
    found = named(("Elasticsearch upgrade guide",), target=VersionRef("7.16.3", None, through=VersionRef("8.0", None)),
                  bases=["6.8.0"], relation=Relation.MINIMUM)  # fmt: skip
    result = map_claim(found, CplIndex.of(OTHER_SCHEME))
    assert isinstance(result, tuple) and {m.target.entry_id for m in result} == {"M1", "M2", "M3", "M4"}


def test_latest_as_a_target_is_the_newest_release_of_the_device_on_the_cpl() -> None:
    """"7.17.9 -> latest": the newest CPL entry of the device (its reviewer sees the word in the evidence)."""
    found = named(("Elasticsearch upgrade guide",), target="latest", bases=["7.17.9"])
    assert ids(mapped_ok(map_claim(found, CplIndex.of(OTHER_SCHEME)))) == ("M5", ("M3",))
    nothing_older = named(("Elasticsearch upgrade guide",), target="Latest", bases=["8.1.2"])
    assert "only base is the target itself" in unmapped_reason(map_claim(nothing_older, CplIndex.of(OTHER_SCHEME)))


def test_a_range_of_bases() -> None:
    found = named(("Kafka 4.0.0",), target="4.0.0", bases=["3.3.x", "3.9.x"], relation=Relation.RANGE)
    assert ids(mapped_ok(map_claim(found, CplIndex.of(OTHER_SCHEME)))) == ("K2", ("K0", "K1"))


def test_up_to_a_base_is_every_release_from_the_first_to_it() -> None:
    """"7.16.3 or earlier must first go to 7.17.0": 7.17.0 goes on 6.8.0 and 7.16.3, not on 7.17.x."""
    found = named(("Elasticsearch upgrade guide",), target="7.17.0", bases=["7.16.3"], relation=Relation.UP_TO)
    assert ids(mapped_ok(map_claim(found, CplIndex.of(OTHER_SCHEME)))) == ("M2", ("M0", "M1"))


def test_a_version_named_with_another_products_name_is_no_base() -> None:
    base = VersionRef("3.3.0", None, named_with="Kafka")
    found = named(("Elasticsearch 8.0.0",), target="8.0.0", bases=[base])
    assert "is named as 'Kafka', not as Elastic Elasticsearch (HW 0001)" in unmapped_reason(map_claim(found, CplIndex.of(OTHER_SCHEME)))


BULLETIN = [
    cpl_entry(f"{model}{i}", v, manufacturer_id="3C01", model_id=model_id, hardware="0001",
              manufacturer_name="Calder Smart Energy Ltd", model_name=name, device_type="GSME")
    for model, model_id, name, versions in (("G4-", "3A04", "G4 Ultrasonic", ["040E0008", "040F0009"]),
                                            ("G5-", "3A05", "G5 Ultrasonic Plus", ["040E0008", "040F0009", "04110005"]))
    for i, v in enumerate(versions)
]  # fmt: skip


def test_the_section_heading_decides_between_models_the_document_names_further_out() -> None:
    # both models list 040E0008 and 040F0009: the G5 section's statement is the G5's, though the folder names the G4
    found = named(("G5 Ultrasonic Plus", "Calder firmware bulletin", "Calder/G4/bulletin.pdf"), target="040F0009",
                  bases=["040E0008"])  # fmt: skip
    assert ids(mapped_ok(map_claim(found, CplIndex.of(BULLETIN)))) == ("G5-1", ("G5-0",))


def test_a_statement_no_device_of_the_nearest_naming_fits_is_read_against_the_next() -> None:
    only_g4 = [e for e in BULLETIN if e.model_id == "3A04"] + [
        cpl_entry("G5-9", "05000001", manufacturer_id="3C01", model_id="3A05", hardware="0001",
                  manufacturer_name="Calder Smart Energy Ltd", model_name="G5 Ultrasonic Plus")
    ]  # fmt: skip
    found = named(("G5 Ultrasonic Plus", "Calder/G4/bulletin.pdf"), target="040F0009", bases=["040E0008"])
    assert ids(mapped_ok(map_claim(found, CplIndex.of(only_g4)))) == ("G4-1", ("G4-0",))


def test_a_model_named_inside_a_longer_models_name_is_tried_when_the_longer_one_does_not_fit() -> None:
    """"Release notes: Vale Hub-Pro 3" names the Hub-Pro 3, but 2.1 and 2.4 are only the Hub-Pro's."""
    register = [
        cpl_entry(f"P{i}", v, manufacturer_id="0A0A", model_id=model, hardware="0001", manufacturer_name="Vale Devices",
                  model_name=name, device_type="CHF")
        for i, (model, name, v) in enumerate([("0001", "Hub-Pro", "2.1"), ("0001", "Hub-Pro", "2.4"),
                                               ("0002", "Hub-Pro 3", "3.0"), ("0002", "Hub-Pro 3", "3.2")])
    ]  # fmt: skip
    assert ids(mapped_ok(map_claim(named(("Release notes: Vale Hub-Pro 3",), target="2.4", bases=["2.1"]), CplIndex.of(register)))) == (
        "P1", ("P0",))  # fmt: skip
    assert ids(mapped_ok(map_claim(named(("Release notes: Vale Hub-Pro 3",), target="3.2", bases=["3.0"]), CplIndex.of(register)))) == (
        "P3", ("P2",))  # fmt: skip


def test_two_models_one_naming_names_equally_stay_unmapped() -> None:
    found = named(("Calder G4 Ultrasonic and G5 Ultrasonic Plus bulletin",), target="040F0009", bases=["040E0008"])
    assert "fits" in unmapped_reason(map_claim(found, CplIndex.of(BULLETIN)))


def test_a_minimum_the_cpl_does_not_list_starts_at_its_one_octet_form(cpl_index: CplIndex) -> None:
    # 1.2.0.6 is 01020006, not on the CPL: the minimum still starts there, so 1106's bases are 01020007 alone
    assert ids(mapped_ok(map_claim(claim(bases=["1.2.0.6"], relation=Relation.MINIMUM), cpl_index))) == ("1106", ("1105",))
    assert "not listed" in unmapped_reason(map_claim(claim(bases=["1.2.0.10"], relation=Relation.MINIMUM), cpl_index))


def test_a_base_that_is_the_target_itself_is_never_a_path(cpl_index: CplIndex) -> None:
    assert "its only base is the target itself" in unmapped_reason(map_claim(claim(bases=["01030001"]), cpl_index))
    mapped = mapped_ok(map_claim(claim(bases=["01030001", "01020005"]), cpl_index))
    assert mapped.target.entry_id not in {b.entry_id for b in mapped.bases}


def test_a_document_naming_nothing_on_the_cpl_is_unmapped() -> None:
    found = named(("notes.pdf", "Release notes"), target="8.0.0", bases=["7.17.9"])
    assert "names no manufacturer or model on the CPL" in unmapped_reason(map_claim(found, CplIndex.of(OTHER_SCHEME)))


def test_an_unread_statement_naming_a_version_of_its_device_is_listed_for_reading(cpl_index: CplIndex) -> None:
    from dataclasses import replace

    from firpath.domain import NeedsReading

    unread = replace(claim(), relation=Relation.UNREAD, note="its versions and cues do not make one path")
    result = map_claim(unread, cpl_index)
    assert isinstance(result, NeedsReading) and result.why == "its versions and cues do not make one path"
    elsewhere = replace(claim(target="09990000", bases=["09980000"]), relation=Relation.UNREAD, note="x")
    assert isinstance(map_claim(elsewhere, cpl_index), UnmappedClaim)


def test_a_requirement_whose_release_the_document_never_names_is_listed_for_reading(cpl_index: CplIndex) -> None:
    from firpath.domain import NeedsReading

    unnamed = claim(target=VersionRef("", None, "the document does not say which firmware release this is for"))
    result = map_claim(unnamed, cpl_index)
    assert isinstance(result, NeedsReading) and "does not say which firmware release" in result.why
    about_nothing = claim(target=VersionRef("", None, "not said"), bases=["09090909"])
    assert isinstance(map_claim(about_nothing, cpl_index), UnmappedClaim)  # no version of the device: not ours to read



def test_a_model_the_statement_itself_names_comes_before_the_documents_naming() -> None:
    """A bulletin whose title names a model family ("Aurora") states a rule for one of its models in
    the sentence ("... on the Aurora 3PH"); the same releases exist on each: the sentence decides."""
    from dataclasses import replace

    from firpath.domain import DeviceRef

    cpl = [
        cpl_entry("1", "06000000", model_id="1001", model_name="Aurora 1PH"),
        cpl_entry("2", "05040000", model_id="1001", model_name="Aurora 1PH"),
        cpl_entry("3", "06000000", model_id="1003", model_name="Aurora 3PH"),
        cpl_entry("4", "05040000", model_id="1003", model_name="Aurora 3PH"),
    ]
    stated = claim(target="06000000", bases=["05040000"], text="On the Aurora 3PH, 06000000 needs 05040000.")
    stated = replace(stated, device=DeviceRef("", "", "0002", ("Aurora bulletin",)))
    (found,) = map_claim(stated, CplIndex.of(cpl))
    assert (found.target.entry_id, [b.entry_id for b in found.bases]) == ("3", ["4"])


def test_a_model_named_without_its_makers_word_as_a_sheet_writes_it() -> None:
    cpl = [cpl_entry("1", "01000000", model_id="0520", model_name="Acme KeyPad P2"),
           cpl_entry("2", "01000001", model_id="0520", model_name="Acme KeyPad P2")]  # fmt: skip
    (found,) = map_claim(claim(manufacturer="Acme", model="KeyPad P2", target="01000001", bases=["01000000"]), CplIndex.of(cpl))
    assert (found.target.entry_id, [b.entry_id for b in found.bases]) == ("2", ["1"])


def test_a_model_named_with_the_kind_of_device_it_is() -> None:
    """"AM-P40 PPMID" in a header for the CPL's "AM-P40": the kind is no part of the name (but "AM-E200
    Plus" is still no AM-E200: a near miss is never taken)."""
    cpl = [cpl_entry("1", "01000000", model_id="0520", model_name="AM-P40"), cpl_entry("2", "01000001", model_id="0520", model_name="AM-P40")]
    (found,) = map_claim(claim(manufacturer="", model="AM-P40 PPMID", target="01000001", bases=["01000000"]), CplIndex.of(cpl))
    assert found.target.entry_id == "2"

