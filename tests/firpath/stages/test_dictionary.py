"""firpath.stages.dictionary: the CPL's names as terms a document may use."""

from __future__ import annotations

import pytest

from firpath.stages.dictionary import CplDictionary, names_agree
from tests.builders import cpl_entry

pytestmark = pytest.mark.unit

CPL = [
    cpl_entry("1", "01000000", manufacturer_id="10A7", model_id="1A3F", manufacturer_name="Acme Metering Ltd", model_name="E470 SMETS2 Credit"),
    cpl_entry("2", "01000000", manufacturer_id="10A7", model_id="1A40", manufacturer_name="Acme Metering Ltd", model_name="Hub-Pro 2"),
    cpl_entry("5", "01000000", manufacturer_id="10A7", model_id="1A41", manufacturer_name="Acme Metering Ltd",
              model_name="Hub-Pro 3 Dual Band"),
    cpl_entry("6", "01000000", manufacturer_id="10A7", model_id="1A42", manufacturer_name="Acme Metering Ltd",
              model_name="Acme Prepay Keypad"),
    cpl_entry("3", "01000000", manufacturer_id="20B1", model_id="0203", manufacturer_name="Bolt Meters Ltd", model_name="G4 Ultrasonic"),
    cpl_entry("7", "01000000", manufacturer_id="20B1", model_id="0204", manufacturer_name="Bolt Meters Ltd", model_name="BM-Relay 2"),
    cpl_entry("4", "01000000", manufacturer_id="30C2", model_id="0101", manufacturer_name="Circuit Devices plc", model_name="G4 Ultrasonic"),
    cpl_entry("8", "01000000", manufacturer_id="40D3", model_id="0301", manufacturer_name="Castle Instruments", model_name="CI-Sentinel"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "makers", "models"),
    [
        ("Acme E470 - Firmware 4.21 Release Notes", {"10A7"}, {("10A7", "1A3F")}),
        ("notes/acme-metering/hub-pro-2.pdf", {"10A7"}, {("10A7", "1A40")}),
        ("Model ID 0x1A3F", set(), {("10A7", "1A3F")}),
        ("From: Jo <jo@acme-metering.co.uk>", {"10A7"}, set()),
        ("G4 Ultrasonic notes", set(), set()),  # G4 Ultrasonic is two makers' model: no evidence alone
        ("Bolt G4 Ultrasonic notes", {"20B1"}, {("20B1", "0203")}),  # ... but the maker named with it decides
        ("Acme dual band support", {"10A7"}, set()),  # plain lower-case words name no product ("Dual Band" is one)
        ("Smart electricity meter credit firmware", set(), set()),  # generic words name nothing
        # a term naming one model wins over a term the maker's models share ("Hub" is generic; "Pro" too)
        ("Acme Hub-Pro 2 bulletin", {"10A7"}, {("10A7", "1A40")}),
        ("Hub-Pro 3", set(), {("10A7", "1A41")}),  # the beginning of "Hub-Pro 3 Dual Band"
        ("Re: Relay 2 - quick one", set(), {("20B1", "0204")}),  # "BM-Relay 2" without its maker's initials
        ("Fwd: Sentinel fleet - what to send first", set(), {("40D3", "0301")}),  # "CI-Sentinel" without them
        ("Acme Metering E470", {"10A7"}, {("10A7", "1A3F")}),  # "Acme" in a model's name names the maker
        # a shared model name with its maker counts beside a stray term of another maker's model
        ("Bolt G4 Ultrasonic with the Keypad", {"20B1"}, {("20B1", "0203"), ("10A7", "1A42")}),
    ],
)
def test_find(text: str, makers: set[str], models: set[tuple[str, str]]) -> None:
    found = CplDictionary.of(CPL).find(text)
    assert (set(found.manufacturers), set(found.models)) == (makers, models)


# one maker's whole name is the first word of a second maker's name; a third sells a build named after both
REPACKAGED = [
    cpl_entry("1", "01000000", manufacturer_id="K001", model_id="0001", manufacturer_name="Kestrel", model_name="Kestrel Hub"),
    cpl_entry("2", "01000000", manufacturer_id="K002", model_id="0002", manufacturer_name="Kestrel (resold by Orbis)",
              model_name="Kestrel Hub"),
    cpl_entry("3", "01000000", manufacturer_id="0B15", model_id="0003", manufacturer_name="Orbis Packaging",
              model_name="Kestrel Hub (Orbis build)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "makers"),
    [
        ("Release notes: Kestrel Kestrel Hub", {"K001"}),  # the whole name "Kestrel" is K001's alone
        ("Kestrel (resold by Orbis) Kestrel Hub", {"K002"}),  # "Kestrel" and "Orbis" only inside K002's whole name
        ("Kestrel (resold by Orbis) and Kestrel", {"K001", "K002"}),  # K001 named apart too
        ("a note on the Hub from Orbis", {"0B15"}),
    ],
)
def test_a_makers_whole_name_names_it_even_where_it_is_another_makers_first_word(text: str, makers: set[str]) -> None:
    assert set(CplDictionary.of(REPACKAGED).find(text).manufacturers) == makers


SUFFIXED = [
    cpl_entry("1", "01000000", manufacturer_id="AAAA", model_id="0001", manufacturer_name="Brackenfield Ltd", model_name="Hub-Pro"),
    cpl_entry("2", "01000000", manufacturer_id="AAAA", model_id="0002", manufacturer_name="Brackenfield Ltd", model_name="Hub-Pro 3"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "models"),
    [
        ("Hub-Pro 3 release notes", {"0002"}),  # the Hub-Pro is named only inside the Hub-Pro 3's name
        ("Hub-Pro release notes", {"0001"}),
        ("Hub-Pro and Hub-Pro 3 bulletin", {"0001", "0002"}),  # named apart, both are
    ],
)
def test_a_model_named_only_inside_a_longer_models_name_is_not_named(text: str, models: set[str]) -> None:
    assert {model for _, model in CplDictionary.of(SUFFIXED).find(text).models} == models


@pytest.mark.parametrize(
    ("named", "names", "agree"),
    [
        ("Ceph", ["Proxmox", "Proxmox VE"], False),
        ("Proxmox VE", ["Proxmox Server Solutions", "Proxmox VE"], True),
        ("FOS", ["Broadcom", "Brocade Fabric OS"], True),  # an acronym of consecutive words
        ("ICFM", ["IBM", "IBM Counter Fraud Management (ICFM)"], True),
        ("Kubernetes", ["SUSE", "Rancher"], False),
        ("Communications Hub", ["Acme", "E470 SMETS2 Credit"], True),  # generic words name nothing
        ("", ["anything"], True),
    ],
)
def test_names_agree(named: str, names: list[str], agree: bool) -> None:
    assert names_agree(named, names) is agree
