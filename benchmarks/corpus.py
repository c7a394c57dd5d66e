"""A large, realistic synthetic corpus for benchmarking firpath, written with the demo's own builders.

    python -m benchmarks.corpus --out DIR [--pdfs 2000] [--pages-per-pdf 10] [--emails 200]
                                [--spreadsheets 50] [--cpl-entries 5000] [--seed 1] [--workers N]

writes

    DIR/inbox/release-notes/<maker>/<model>/*.pdf  release notes of `pages_per_pdf` pages each
    DIR/inbox/emails/*.eml, *.msg                  emails; some attach release notes, MAP lists (CSV,
                                                   XLSX) or a forwarded email
    DIR/inbox/MAP/*.xlsx, *.csv                    MAP spreadsheets (cover sheets, title rows)
    DIR/cpl_export.csv                             the CPL, laid out as the demo's CPL_HEADER
    DIR/fir_export.csv                             the FIR (FIR_HEADER), about 20% of paths filled
    DIR/expected.json                              CPL Entry ID -> sorted base Entry IDs ([] for N/A)
                                                   for every entry whose path the corpus states

The CPL has about 40 manufacturers, each with models of several device types, 1-3 hardware versions
per model (sharing firmware numbers, as real ones do) and a chain of increasing firmware versions per
device. Every entry has one true upgrade path; every document states paths from that truth only, so
the corpus never contradicts itself and a correct run maps its statements to exactly expected.json.
What is meant to stay out of expected.json: decoy sentences (GBCS and hardware versions, orderings
between different devices, defects fixed on older firmware), the quoted older statement of a reply
that corrects it (superseded), and MAP rows for devices that are not on the CPL (unmapped).

A release note has the header table on page 1, realistic filler on every page (release history,
defects fixed, installation, security, compatibility...), and its requirement on one page, first,
middle or last, in one of the phrasings `extractors.statements.PHRASINGS` reads; some add an
`Upgrade path: A -> B -> C` line, a From/To table (on the last page, where the builder puts
tables), or write their bases as display versions that the same note pairs with their CPL form.

Deterministic for a seed: the same arguments give byte-identical files. PDFs are rendered by
`firpath.demo.builders.release_note_pdf` in a process pool.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import sys
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fpdf import FPDF

from firpath.demo import builders
from firpath.demo.builders import (
    MailAttachment,
    ReleaseNote,
    Sheet,
    csv_bytes,
    eml,
    release_note_pdf,
    workbook,
)
from firpath.demo.scenario import CPL_HEADER, FIR_HEADER
from firpath.stages.mapping import name_token

DEFAULTS = {"pdfs": 2000, "pages_per_pdf": 10, "emails": 200, "spreadsheets": 50, "cpl_entries": 5000, "seed": 1}

# --- the CPL -------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Version:
    """A firmware release: display `M.m.p`, CPL form `MMmm00pp` (as the demo pairs 1.3.1 with 01030001)."""

    major: int
    minor: int
    patch: int

    @property
    def hex(self) -> str:
        return f"{self.major:02X}{self.minor:02X}00{self.patch:02X}"

    @property
    def display(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    @property
    def dotted(self) -> str:
        return ".".join(self.hex[i : i + 2] for i in range(0, 8, 2))


@dataclass(frozen=True)
class DeviceType:
    code: str
    singular: str  # as device_type_of() recognises it
    plural: str
    letter: str  # in model names
    weight: int


DEVICE_TYPES = (
    DeviceType("ESME", "electricity meter", "electricity meters", "E", 30),
    DeviceType("GSME", "gas meter", "gas meters", "G", 25),
    DeviceType("CHF", "communications hub", "communications hubs", "H", 15),
    DeviceType("PPMID", "prepayment interface", "prepayment interfaces", "P", 10),
    DeviceType("IHD", "in-home display", "in-home displays", "D", 20),
)


@dataclass(eq=False)
class Manufacturer:
    name: str
    mid: str
    stem: str
    domain: str


@dataclass(eq=False)
class Model:
    manufacturer: Manufacturer
    name: str
    mid: str
    dtype: DeviceType


@dataclass(eq=False)
class Device:
    model: Model
    hw: str
    entries: list[Entry] = field(default_factory=list)  # oldest firmware first


@dataclass(eq=False)
class Entry:
    entry_id: str
    device: Device
    version: Version
    index: int  # position in device.entries

    @property
    def hex(self) -> str:
        return self.version.hex


@dataclass
class Cpl:
    manufacturers: list[Manufacturer]
    devices: list[Device]
    entries: list[Entry]
    truth: dict[str, tuple[Entry, ...]]  # entry id -> its true base entries, oldest first; () = N/A

    def bases(self, entry: Entry) -> tuple[Entry, ...]:
        return self.truth[entry.entry_id]

    def minimum_of(self, entry: Entry) -> Entry | None:
        """The base a minimum statement names, when the bases are every entry from it up to the target."""
        bases = self.truth[entry.entry_id]
        if bases and list(bases) == entry.device.entries[entry.index - len(bases) : entry.index]:
            return bases[0]
        return None

    def targets(self) -> list[Entry]:
        """Entries with an earlier firmware on their device: the ones a release note can be about."""
        return [e for e in self.entries if e.index > 0]


_MAKER_STEMS = (
    "Acme", "Bolt", "Circuit", "Dynamo", "Ember", "Fathom", "Gridwise", "Halcyon", "Ionic", "Juniper",
    "Kestrel", "Lattice", "Meridian", "Northwind", "Orbital", "Pennant", "Quarry", "Redwood", "Sable",
    "Tallis", "Umber", "Vantage", "Wexford", "Yarrow", "Zephyr", "Albion", "Brightwater", "Cobalt",
    "Dunmore", "Elmstead", "Foxglove", "Granite", "Harbour", "Islay", "Kelvin", "Larkspur", "Marlow",
    "Nimbus", "Oakridge", "Pembury", "Quill", "Rowan", "Severn", "Thistle",
)  # fmt: skip
_MAKER_WORDS = ("Metering", "Meters", "Devices", "Comms", "Energy Systems", "Instruments", "Controls",
                "Smart Technologies", "Electronics", "Networks")  # fmt: skip
_LEGAL = ("Ltd", "Ltd", "Ltd", "plc", "Limited", "GmbH")


def build_cpl(n_entries: int, seed: int) -> Cpl:
    """`n_entries` CPL entries across up to 40 manufacturers, with every entry's true upgrade path."""
    if n_entries < 2:
        raise ValueError("the CPL needs at least 2 entries (a device with an earlier firmware)")
    rng = random.Random(f"{seed}:cpl")
    n_makers = max(1, min(40, n_entries // 12))
    manufacturers = []
    for stem, mid in zip(rng.sample(_MAKER_STEMS, n_makers), rng.sample(range(0x1000, 0xF000), n_makers)):
        word = rng.choice(_MAKER_WORDS)
        domain = f"{stem.lower()}-{word.split()[0].lower()}.example"
        manufacturers.append(Manufacturer(f"{stem} {word} {rng.choice(_LEGAL)}", f"{mid:04X}", stem, domain))
    used_model_ids: set[int] = set()
    used_model_names: set[str] = set()
    devices: list[Device] = []
    for maker, budget in zip(manufacturers, _split(n_entries, [rng.uniform(0.4, 1.6) for _ in manufacturers], 2)):
        lengths: list[int] = []  # firmware versions per device
        while budget > 0:
            length = min(budget, rng.randint(3, 12))
            if budget - length == 1:
                length += 1  # never leave a device with a single entry behind
            lengths.append(length)
            budget -= length
        while lengths:
            n_hw = min(len(lengths), rng.choices((1, 2, 3), (5, 3, 2))[0])
            hw_lengths, lengths = lengths[:n_hw], lengths[n_hw:]
            model = _new_model(rng, maker, used_model_ids, used_model_names)
            # each hardware version carries a window of the model's releases; windows overlap, so the
            # same firmware number is on the CPL under several hardware versions
            offsets = [0]
            for previous in hw_lengths[:-1]:
                offsets.append(offsets[-1] + rng.randint(1, max(1, previous - 1)))
            releases = _release_chain(rng, max(o + n for o, n in zip(offsets, hw_lengths)))
            first_hw = rng.choice((1, 1, 1, 2, 3))
            for k, (offset, length) in enumerate(zip(offsets, hw_lengths)):
                device = Device(model, f"{first_hw + k:04X}")
                device.entries = [Entry("", device, v, i) for i, v in enumerate(releases[offset : offset + length])]
                devices.append(device)
    entries = [e for d in devices for e in d.entries]
    for entry, number in zip(entries, rng.sample(range(100000, 1000000), len(entries))):
        entry.entry_id = f"C{number}"
    truth = {e.entry_id: _true_bases(rng, e) for e in entries}
    return Cpl(manufacturers, devices, entries, truth)


def _split(total: int, weights: Sequence[float], minimum: int) -> list[int]:
    rest = total - minimum * len(weights)
    shares = [w * rest / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])[: rest - sum(counts)]:
        counts[i] += 1
    return [minimum + c for c in counts]


def _new_model(rng: random.Random, maker: Manufacturer, used_ids: set[int], used_names: set[str]) -> Model:
    dtype = rng.choices(DEVICE_TYPES, [t.weight for t in DEVICE_TYPES])[0]
    initials = "".join(word[0] for word in maker.name.split()[:2]).upper()
    while True:
        name = f"{initials}-{dtype.letter}{rng.randrange(100, 1000, 10)}{rng.choice(('', '', '', 'S', 'X', 'L'))}"
        if name_token(name) not in used_names:
            used_names.add(name_token(name))
            break
    while True:  # unique across makers too, so an email may name a model by its ID alone
        mid = rng.randrange(0x0100, 0xFFFF)
        if mid not in used_ids:
            used_ids.add(mid)
            break
    return Model(maker, name, f"{mid:04X}", dtype)


def _release_chain(rng: random.Random, n: int) -> list[Version]:
    major, minor, patch = rng.randint(1, 6), rng.randint(0, 9), rng.randint(0, 9)
    chain = [Version(major, minor, patch)]
    for _ in range(n - 1):
        r = rng.random()
        if r < 0.6:
            patch += rng.randint(1, 6)
        elif r < 0.9 or major >= 0x17:  # the CPL form of a major >= 0x19 could read as a date
            minor, patch = minor + 1, rng.randint(0, 3)
        else:
            major, minor, patch = major + 1, 0, rng.randint(0, 2)
        chain.append(Version(major, minor, patch))
    return chain


def _true_bases(rng: random.Random, entry: Entry) -> tuple[Entry, ...]:
    """Usually the previous release; sometimes the last few (a minimum); sometimes an intermediate one."""
    i, chain = entry.index, entry.device.entries
    if i == 0:
        return ()
    if i >= 2 and rng.random() < 0.08:
        return (chain[i - 2],)
    k = min(i, rng.choices((1, 2, 3, 4), (60, 22, 12, 6))[0])
    return tuple(chain[i - k : i])


# --- what the corpus states -----------------------------------------------------------------------


class Statements:
    """Target entry id -> base entry ids, for every path some document states (checked consistent)."""

    def __init__(self) -> None:
        self.paths: dict[str, tuple[str, ...]] = {}

    def add(self, target: Entry, bases: Sequence[Entry]) -> None:
        ids = tuple(sorted(e.entry_id for e in bases))
        previous = self.paths.setdefault(target.entry_id, ids)
        if previous != ids:
            raise AssertionError(f"corpus contradicts itself on {target.entry_id}: {previous} vs {ids}")

    def expected(self) -> dict[str, list[str]]:
        return {entry_id: list(self.paths[entry_id]) for entry_id in sorted(self.paths)}


def _spelling(rng: random.Random) -> Callable[[Version], str]:
    """How one statement writes CPL versions: mostly 8 hex digits, sometimes dotted octets or 0x."""
    r = rng.random()
    if r < 0.76:
        return lambda v: v.hex
    if r < 0.88:
        return lambda v: v.dotted
    return lambda v: "0x" + v.hex


def _or_list(items: Sequence[str], word: str = "or") -> str:
    if len(items) <= 2:
        return f" {word} ".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _and_list(items: Sequence[str]) -> str:
    return _or_list(items, "and")


# --- filler text ------------------------------------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
_PROBLEMS = (
    "lose the active tariff after a power cut", "report a stale credit balance on the display",
    "raise a spurious tamper alert after activation", "drop the first half-hourly profile period after midnight",
    "fail to apply a scheduled tariff change at the switching time", "time out while the event log was read",
    "show the wrong local time after the clocks changed", "reject a valid top-up after a debt rate change",
    "stop sending alerts once the alert buffer was full", "report the supply as armed when it was enabled",
    "restart when the HAN was busy for more than a minute", "lose its join to the HAN after a hub reboot",
    "miscount the emergency credit after a friendly credit period", "log the same event twice",
    "fail to wake from low-power mode when the button was pressed", "report a zero reading for one interval",
)  # fmt: skip
_IMPROVEMENTS = (
    "added support for the revised debt recovery rates", "improved the accuracy of the consumption profile",
    "introduced the supply interruption alert", "reduced the time taken to apply a tariff change",
    "added the new load limit configuration", "improved radio link recovery after an outage",
    "corrected the handling of emergency credit", "updated the display messages for prepayment mode",
    "extended the event log to 500 entries", "added support for the latest certificate rollover",
    "fixed the display defect", "introduced the new standing charge handling",
    "improved battery life by reducing radio wake-ups", "added the low-credit warning threshold",
)  # fmt: skip
_COMPONENTS = ("tariff engine", "event log", "HAN interface", "display driver", "alert manager",
               "prepayment module", "load limiter", "clock", "profile data store", "radio stack")  # fmt: skip
_CONDITIONS = ("the supply is disabled remotely", "two top-ups arrive within a minute", "the HAN channel changes",
               "the device restarts during a tariff switch", "the alert buffer is full",
               "the display is left on for more than an hour", "a certificate update is pending")  # fmt: skip
_PARAMS = ("alert retry interval", "HAN keep-alive period", "display timeout", "profile capture period",
           "load limit restoration delay")  # fmt: skip
_LABS = ("manufacturer's test laboratory", "independent test house", "DCC test environment",
         "end-to-end test facility")  # fmt: skip
_GLOSSARY = (
    "CPL: Central Products List.", "DCC: Data Communications Company.", "GBCS: Great Britain Companion Specification.",
    "HAN: Home Area Network.", "OTA: over-the-air firmware distribution.", "SMETS2: second-generation smart meter specification.",
    "MPxN: meter point reference.", "CPA: Commercial Product Assurance.", "SRV: DCC service request variant.",
    "FIR: Firmware Information Register.", "MAP: Meter Asset Provider.",
)  # fmt: skip
_CHANGES = ("now logs every failed top-up", "supports the extended alert set", "reports its state every 30 minutes",
            "keeps its settings across a restart", "handles the new tariff structures", "retries a failed alert three times",
            "accepts the revised credit thresholds", "validates each configuration change before applying it")  # fmt: skip


class _Filler:
    """Paragraphs for a release note's sections, about its own device and releases.

    Each kind is a stream: most hold a few distinct facts and run dry (a note says once what kind of
    release it is); defects fixed, changes and known issues are long lists that fill the pages.
    """

    HEADINGS = {
        "overview": ("Overview", "Introduction", "About this release"),
        "history": ("Release history", "Previous releases", "Version history"),
        "defects": ("Defects fixed", "Fixes in this release", "Resolved issues"),
        "changes": ("New features and changes", "Enhancements", "Changes in this release"),
        "known": ("Known issues", "Known limitations", "Open issues"),
        "install": ("Installation instructions", "Deployment", "Distributing the update"),
        "security": ("Security notes", "Security", "Security changes"),
        "compat": ("Compatibility", "Interoperability", "Supported configurations"),
        "config": ("Configuration changes", "Changed defaults", "Configuration"),
        "testing": ("Testing summary", "Test results", "Verification"),
        "rollback": ("Rollback and recovery", "Recovery", "If activation fails"),
        "support": ("Support and contacts", "Contacts", "Document information"),
        "glossary": ("Glossary", "Abbreviations", "Terms used"),
        "performance": ("Performance improvements", "Performance", "Resource usage"),
    }
    LISTS = ("defects", "changes", "known")  # never run dry
    REQUIREMENT_HEADINGS = ("Installation requirements", "Upgrade path", "Applicability", "Before you install",
                            "Upgrade prerequisites", "Upgrade requirements")  # fmt: skip

    def __init__(self, rng: random.Random, cpl_other: dict[str, list[str]], target: Entry, year: int) -> None:
        self.rng = rng
        self.target = target
        self.device = target.device
        self.model = target.device.model
        self.older = target.device.entries[: target.index]
        self.other = cpl_other  # device type -> firmware versions of other devices on the CPL
        self.year = year
        self._streams: dict[str, Iterator[str]] = {}
        self._refs: set[str] = set()

    def take(self, kind: str) -> str | None:
        """The kind's next paragraph, or None when it has nothing more to say."""
        if kind not in self._streams:
            self._streams[kind] = iter(getattr(self, "_" + kind)())
        return next(self._streams[kind], None)

    def _old(self) -> Entry:
        return self.rng.choice(self.older) if self.older else self.target

    def _other_version(self, code: str) -> str:
        versions = self.other.get(code) or [self.target.hex]
        return self.rng.choice(versions)

    def _when(self) -> str:
        return f"{self.rng.choice(MONTHS)} {self.year - self.rng.randint(0, 3)}"

    def _ref(self, prefix: str) -> str:
        while True:
            ref = f"{prefix}{self.rng.randint(1000, 9999)}"
            if ref not in self._refs:
                self._refs.add(ref)
                return ref

    def _shuffled(self, items: list[str]) -> list[str]:
        self.rng.shuffle(items)
        return items

    def pairing(self, entry: Entry) -> str:
        """A history sentence that ties a display version to its CPL form (what lets notes use 1.2.5)."""
        rng, v = self.rng, entry.version
        return rng.choice((
            f"Release {v.display} ({v.hex}) {rng.choice(_IMPROVEMENTS)}.",
            f"Version {v.display} (CPL firmware version {v.hex}) was issued in {self._when()} and {rng.choice(_IMPROVEMENTS)}.",
            f"Firmware {v.hex} (v{v.display}) {rng.choice(_IMPROVEMENTS)}.",
        ))  # fmt: skip

    def _overview(self) -> list[str]:
        rng, t, m = self.rng, self.target, self.model
        prev = self.older[-1] if self.older else t
        first = (f"This document describes firmware release {t.version.display} ({t.hex}) for the {m.name} "
                 f"{m.dtype.singular}, hardware version {self.device.hw}.")  # fmt: skip
        return [first, *self._shuffled([
            f"It lists the changes since release {prev.version.display}, the installation requirements and the known issues.",
            f"Release {t.version.display} is a {rng.choice(('maintenance', 'feature', 'security'))} release for SMETS2 {m.dtype.plural}.",
            f"The release was approved for deployment in {self._when()} after {rng.randint(3, 9)} weeks of field trials.",
            "Suppliers should plan the roll-out through the DCC firmware distribution service.",
        ])][: rng.randint(2, 5)]  # fmt: skip

    def _history(self) -> Iterator[str]:
        for entry in self.older[::-1][:12]:
            yield self.pairing(entry)
        yield from self._shuffled([
            f"The {self.model.name} was first listed on the CPL in {self._when()}.",
            "Releases not listed here were never distributed to devices in the field.",
            "Engineering builds issued for testing only are not listed.",
        ])[: self.rng.randint(0, 2)]  # fmt: skip

    def _distinct(self, make: Callable[[], str]) -> Iterator[str]:
        """Items that differ in more than their reference number (`#` marks where the number goes)."""
        seen: set[str] = set()
        while True:
            for _ in range(40):
                item = make()
                if item not in seen:
                    break
            seen.add(item)
            yield item.replace("#", self._ref(""), 1)

    def _defects(self) -> Iterator[str]:
        rng = self.rng
        return self._distinct(lambda: rng.choice((
            f"- Fixed an issue where devices running {self._old().hex} could {rng.choice(_PROBLEMS)}.",
            f"- Defect {rng.choice('ABCDEFGH')}#: devices on firmware {self._old().hex} could {rng.choice(_PROBLEMS)}; "
            "this is resolved.",
            f"- PR-#: resolved an intermittent fault in which the {rng.choice(_COMPONENTS)} would {rng.choice(_PROBLEMS)}.",
            f"- PR-#: the {rng.choice(_COMPONENTS)} no longer fails after a "
            f"{rng.choice(('power cut', 'restart', 'tariff switch', 'HAN rejoin', 'certificate update'))}.",
            f"- D-#: corrected a defect reported on {self._old().version.display}-based devices by {rng.randint(2, 40)} suppliers.",
        )))  # fmt: skip

    def _changes(self) -> Iterator[str]:
        rng = self.rng

        def change() -> str:
            what = rng.choice(_IMPROVEMENTS)
            return rng.choice((f"- {what[0].upper()}{what[1:]} (CR-#).",
                               f"- CR-#: the {rng.choice(_COMPONENTS)} {rng.choice(_CHANGES)}."))  # fmt: skip

        return self._distinct(change)

    def _known(self) -> Iterator[str]:
        rng = self.rng
        return self._distinct(lambda: rng.choice((
            f"- KI-#: where {rng.choice(_CONDITIONS)}, the device may {rng.choice(_PROBLEMS)}. "
            "A fix is planned for a later release.",
            f"- KI-#: the {rng.choice(_COMPONENTS)} can take up to {rng.randint(2, 15)} minutes to refresh when "
            f"{rng.choice(_CONDITIONS)}.",
            f"- KI-#: when {rng.choice(_CONDITIONS)}, a second alert may be raised; it can be ignored.",
        )))  # fmt: skip

    def _install(self) -> list[str]:
        rng = self.rng
        return self._shuffled([
            f"Schedule the update through the DCC firmware distribution service and allow up to {rng.randint(6, 72)} "
            "hours for the image to reach every device.",
            "Activate the image once the distribution has completed for the whole batch.",
            f"Do not interrupt the supply while the image is being activated; activation takes about {rng.randint(2, 12)} minutes.",
            "After activation the device reports its new firmware version in the firmware activation alert.",
            "A device that fails to activate the image keeps its previous firmware and raises an alert.",
            f"Suppliers are advised to trial the release on a sample of {rng.randint(20, 500)} devices before a full roll-out.",
            f"The image is {rng.randint(180, 900)} KB and is distributed in {rng.randint(200, 1200)} blocks.",
        ])  # fmt: skip

    def _security(self) -> list[str]:
        rng = self.rng
        return self._shuffled([
            f"This release addresses {rng.randint(2, 6)} vulnerabilities identified during the {self.year} CPA assessment.",
            "The image is signed with the manufacturer's firmware signing key; devices reject images whose signature does not verify.",
            f"Requires GBCS v{rng.choice(('2.0', '3.1', '3.2', '4.0', '4.1'))} or later.",
            "No change to the device's security credentials is required.",
            f"The release has been submitted for CPA certification under reference CPA-{rng.randint(1000, 9999)}.",
        ])  # fmt: skip

    def _compat(self) -> list[str]:
        """Decoys above all: hardware and GBCS versions, and orderings between different devices."""
        rng, code = self.rng, self.model.dtype.code
        options = [
            rng.choice((f"Minimum hardware version: {self.device.hw}.",
                        f"The minimum hardware version required to install this update is {self.device.hw}.")),
            f"Requires GBCS v{rng.choice(('3.2', '4.0', '4.1'))} or later on the Communications Hub.",
            "This release is for SMETS2 devices only.",
        ]  # fmt: skip
        if code == "CHF":  # an ordering between different devices: not an upgrade path of this hub
            options.append(f"Electricity meters on the same premises must first be upgraded to "
                           f"{self._other_version('ESME')} before installing this hub firmware.")  # fmt: skip
        else:
            chf = self._other_version("CHF")
            singular = self.model.dtype.singular
            options.append(rng.choice((
                f"Update the Communications Hub to {chf} before applying this release to the {singular}.",
                f"The Communications Hub must first be upgraded to {chf} before installing this {singular} firmware.",
            )))  # fmt: skip
            options.append(f"Interoperability was tested with Communications Hub firmware {self._other_version('CHF')}.")
        return self._shuffled(options)

    def _config(self) -> list[str]:
        rng = self.rng
        changed = []
        for param in rng.sample(_PARAMS, rng.randint(1, len(_PARAMS))):
            a = rng.randint(5, 60)
            changed.append(f"The default {param} changed from {a} to {a + rng.randint(5, 60)} seconds.")
        return self._shuffled([*changed, f"The tariff switching table now holds up to {rng.choice((24, 48, 96))} entries.",
                               "No configuration change is needed on devices already in service."])  # fmt: skip

    def _testing(self) -> list[str]:
        rng = self.rng
        return self._shuffled([
            f"The release passed {rng.randint(300, 4000)} regression test cases on hardware version {self.device.hw}.",
            f"Interoperability testing was completed at the {rng.choice(_LABS)} in {self._when()}.",
            f"Field trials covered {rng.randint(50, 2000)} devices over {rng.randint(2, 10)} weeks without a failed activation.",
        ])  # fmt: skip

    def _rollback(self) -> list[str]:
        return self._shuffled([
            f"Rollback to {self._old().hex} is not supported once this release is activated.",
            f"If activation fails, the device continues to run its previous firmware ({self.older[-1].hex if self.older else self.target.hex}).",
            "Contact the manufacturer before re-sending an image to a device that failed to activate it twice.",
        ])  # fmt: skip

    def _support(self) -> list[str]:
        maker = self.model.manufacturer
        return self._shuffled([
            f"For questions about this release contact firmware@{maker.domain}.",
            f"Document reference RN-{self.model.mid}-{self.target.index:02d}, issue {self.rng.randint(1, 6)}.",
            f"This document supersedes earlier issues of the release notes for the {self.model.name}.",
        ])  # fmt: skip

    def _glossary(self) -> list[str]:
        return ["- " + g for g in sorted(self.rng.sample(_GLOSSARY, self.rng.randint(4, len(_GLOSSARY))))]

    def _performance(self) -> list[str]:
        rng = self.rng
        return self._shuffled([
            f"The time to process a top-up fell by {rng.randint(5, 60)} per cent.",
            f"Peak memory use during activation fell by {rng.randint(4, 40)} KB.",
            f"The {rng.choice(_COMPONENTS)} now uses {rng.randint(5, 40)} per cent less processor time.",
        ])  # fmt: skip


# --- release notes --------------------------------------------------------------------------------

# Page geometry of release_note_pdf (A4, 10 mm margins, auto page break 15 mm above the bottom)
_PAGE_MM = 272.0
_CHARS_PER_LINE = 110  # 10 pt Helvetica over 190 mm holds ~115 characters; word wrap loses some
_ROW_MM = 7.1  # one table row


def _paragraph_mm(text: str) -> float:
    return math.ceil(len(text) / _CHARS_PER_LINE) * 5 + 1.5


@dataclass(frozen=True)
class PdfJob:
    """One release note to render: what a worker process needs, and nothing else."""

    inbox: str
    path: str  # inbox-relative
    note: ReleaseNote
    keep: frozenset[str]  # paragraphs that state something: never dropped to fit a page
    pages: int


_TABLE_HEADERS = (
    ("From version", "To version", "Notes"),
    ("From firmware", "To firmware", "Method"),
    ("Installed version", "Target version", "Notes"),
    ("Base version", "New version", "Comments"),
)
_TABLE_NOTES = ("Direct", "Direct", "Via DCC", "", "Tested", "Field trial passed")
_TITLE_PDF: FPDF | None = None


def _title_fits(title: str) -> bool:
    """One line of the 15 pt bold title: a wrapped title line could be read as a header key."""
    global _TITLE_PDF
    if _TITLE_PDF is None:
        _TITLE_PDF = FPDF(format="A4")
        _TITLE_PDF.add_page()
        _TITLE_PDF.set_font("Helvetica", "B", 15)
    return _TITLE_PDF.get_string_width(title) < 180


class _NoteBuilder:
    def __init__(self, cpl: Cpl, other: dict[str, list[str]], target: Entry, pages: int, rng: random.Random,
                 stated: Statements, revision: int) -> None:  # fmt: skip
        self.cpl, self.target, self.pages, self.rng, self.stated = cpl, target, pages, rng, stated
        self.revision = revision
        self.device, self.model = target.device, target.device.model
        self.year = 2019 + min(6, target.version.major + target.index // 4)
        self.filler = _Filler(rng, other, target, self.year)
        self.pair: list[Entry] = []  # entries written as display versions: their pairing must be in the note
        self.spell: Callable[[Version], str] = lambda v: v.hex  # how the requirement sentence writes versions

    # what the note is about
    def header(self) -> tuple[tuple[str, str], ...]:
        rng, m, t = self.rng, self.model, self.target.version
        maker = m.manufacturer
        rows = [
            ("Manufacturer", rng.choice((f"{maker.name} (Manufacturer ID {maker.mid})", maker.name, f"{maker.name} ({maker.mid})"))),
            ("Device Type", rng.choice((m.dtype.code, f"{m.dtype.singular.title()} ({m.dtype.code})"))),
            rng.choice((("Model", f"{m.name} (Model ID {m.mid})"), ("Model", m.name), ("Model ID", m.mid))),
            ("Hardware Version", self.device.hw),
            rng.choice((
                ("Release", f"Version {t.display} (CPL firmware version {t.hex})"),
                ("Firmware Version", t.hex),
                ("Firmware Version", t.dotted),
                ("Release Version", f"{t.display} ({t.hex})"),
                ("Firmware Version", f"{t.hex} (v{t.display})"),
            )),
            ("Date", f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {self.year}"),
        ]  # fmt: skip
        if rng.random() < 0.3:
            rows.append(("Document", f"RN-{m.mid}-{self.target.index:02d}" + (f" rev {self.revision + 1}" if self.revision else "")))
        return tuple(rows)

    def title(self) -> str:
        m, t = self.model, self.target.version
        noun = m.dtype.singular.title()
        for title in self.rng.sample(
            [
                f"{m.name} {noun} - Firmware Release Notes v{t.display}",
                f"{m.manufacturer.stem} {m.name} firmware {t.hex} - release notice",
                f"{m.name} firmware {t.display} release notes",
                f"{m.manufacturer.stem} {m.name} {noun} - Release Notes {t.display}",
            ],
            4,
        ):
            if _title_fits(title):
                return title
        return f"{m.name} firmware {t.hex}"

    def written(self, entry: Entry, display: bool) -> str:
        if display:
            self.pair.append(entry)
            return self.rng.choice((entry.version.display, "v" + entry.version.display))
        return self.spell(entry.version)

    def requirement(self) -> str:
        """The sentence stating the target's own path, in one of the phrasings the extractor reads."""
        rng, t, plural = self.rng, self.target, self.model.dtype.plural
        bases = self.cpl.bases(t)
        display = rng.random() < 0.15
        self.spell = _spelling(rng)
        target = self.spell(t.version)
        listed = [self.written(b, display) for b in bases]
        l_or, l_and = _or_list(listed), _and_list(listed)
        forms = [
            f"This release shall only be applied to devices running firmware {l_or}.",
            f"Firmware {target} must only be installed on {plural} running {l_or}.",
            f"This update may only be applied to {plural} currently running version {l_or}.",
            f"Supported upgrade-from versions: {l_and}.",
            f"Valid upgrade from versions are {l_and}.",
            f"This release requires firmware {l_or} to be installed first.",
            f"Firmware {target} needs {l_or} to be installed beforehand.",
            f"The new firmware should only be loaded onto units running {l_or}; other units must be upgraded in steps.",
        ]
        if len(bases) == 1:
            a = listed[0]
            forms += [
                f"Devices must first be upgraded to {a} before installing this release.",
                f"{plural.capitalize()} must first be updated to the intermediate release {a} before applying {target}.",
                f"{plural.capitalize()} will need to first be brought up to {a} before loading this image.",
            ]
        minimum = self.cpl.minimum_of(t)
        if minimum is not None:
            lowest = listed[0]
            forms += [
                f"The minimum firmware version required to install this update is {lowest}.",
                f"Minimum base firmware version required: {lowest}.",
                f"This release requires a minimum firmware version of {lowest}.",
                f"Firmware {lowest} or later must already be installed.",
                f"Firmware {target} requires a minimum installed firmware version of {lowest}.",
                f"Before installing {target}, version {lowest} or higher must be running.",
            ]
        self.stated.add(t, bases)
        return rng.choice(forms)

    def chain(self) -> list[str]:
        """`Upgrade path: A -> B -> C` over earlier releases whose path is the one before."""
        entries = self.device.entries[: self.target.index + 1]
        runs: list[list[Entry]] = []
        run: list[Entry] = [entries[0]]
        for e in entries[1:]:
            if self.cpl.bases(e) == (run[-1],):
                run.append(e)
            else:
                if len(run) >= 3:
                    runs.append(run)
                run = [e]
        if len(run) >= 3:
            runs.append(run)
        if not runs:
            return []
        run = self.rng.choice(runs)
        start = self.rng.randint(0, max(0, len(run) - 3))
        run = run[start : start + self.rng.randint(3, 6)]
        for base, target in zip(run, run[1:]):
            self.stated.add(target, (base,))
        dotted = self.rng.random() < 0.2
        arrow = self.rng.choice((" -> ", " -> ", " => ", " then "))
        steps = arrow.join(e.version.dotted if dotted else e.hex for e in run)
        follow = self.rng.choice((
            f"Devices shipped before {self.year - 1} follow the path above before any later release.",
            "Devices on older firmware must follow this path one step at a time.",
        ))  # fmt: skip
        return [f"Upgrade path: {steps}", follow]

    def upgrade_table(self, with_target: bool) -> tuple[str, tuple[tuple[str, ...], ...]] | None:
        candidates = [e for e in self.device.entries[1 : self.target.index] if len(self.cpl.bases(e)) <= 3]
        picked = sorted(self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, 4))), key=lambda e: e.index)
        if with_target:
            picked.append(self.target)
        if not picked:
            return None
        rows: list[tuple[str, ...]] = [self.rng.choice(_TABLE_HEADERS)]
        joiner = self.rng.choice((", ", ", ", " or ", " / "))
        spell = _spelling(self.rng)
        for e in picked:
            bases = self.cpl.bases(e)
            self.stated.add(e, bases)
            rows.append((joiner.join(spell(b.version) for b in bases), spell(e.version),
                         self.rng.choice(_TABLE_NOTES)))  # fmt: skip
        caption = self.rng.choice(("Supported upgrades", "Earlier supported upgrades", "Upgrade matrix"))
        return caption, tuple(rows)

    def history_table(self) -> tuple[str, tuple[tuple[str, ...], ...]]:
        """A decoy: versions and dates, no From/To columns."""
        rows: list[tuple[str, ...]] = [("Version", "CPL firmware version", "Date", "Notes")]
        for e in (self.device.entries[: self.target.index + 1])[-5:][::-1]:
            note = "This release" if e is self.target else self.rng.choice(("Security patch", "Tariff fixes", "Maintenance", "Feature release"))
            rows.append((e.version.display, e.hex, f"{self.rng.choice(MONTHS)[:3]} {self.year - (self.target.index - e.index) // 3}", note))
        return "Version history", tuple(rows)

    def build(self) -> tuple[ReleaseNote, frozenset[str]]:
        rng, pages = self.rng, self.pages
        header, title = self.header(), self.title()
        required: list[str] = []  # in the requirements section
        history: list[str] = []  # in the history section (the requirements section if there is none)
        tables: list[tuple[str, tuple[tuple[str, ...], ...]]] = []
        mode = rng.random()
        if mode >= 0.05:  # one note in twenty states no path at all
            if mode > 0.87 and len(self.cpl.bases(self.target)) <= 3:  # the path only in a From/To table
                table = self.upgrade_table(with_target=True)
                if table:
                    tables.append(table)
            else:
                required.append(self.requirement())
                if rng.random() < 0.25 and self.target.index >= 2:
                    table = self.upgrade_table(with_target=rng.random() < 0.3)
                    if table:
                        tables.append(table)
            if rng.random() < 0.25:
                history += self.chain()
        if rng.random() < 0.2:
            tables.append(self.history_table())
        history += [self.filler.pairing(e) for e in dict.fromkeys(self.pair)]

        # release_note_pdf spreads sections evenly: `per_page` sections on every page
        per_page = rng.choice((2, 3, 3))
        slots = [(page, slot) for page in range(pages) for slot in range(per_page)]
        requirement_page = rng.choice((0, pages // 2, pages - 1, rng.randrange(pages)))
        kinds: dict[tuple[int, int], str] = {(0, 0): "overview"}
        kinds[(requirement_page, 1 if requirement_page == 0 else rng.randrange(per_page))] = "requirements"
        free = [s for s in slots if s not in kinds]
        history_slots = [s for s in free if s[0] != requirement_page] or free
        if history_slots:
            kinds[rng.choice(history_slots)] = "history"
        else:
            required += history  # a one-page note with two sections: all it states goes together
        finite = [k for k in _Filler.HEADINGS if k not in _Filler.LISTS and k not in ("overview", "history")]
        rng.shuffle(finite)
        free = [s for s in slots if s not in kinds]
        rng.shuffle(free)
        free.sort(key=lambda s: s[1] == per_page - 1)  # the few-fact kinds away from the page ends
        for slot, kind in zip(free, finite):
            kinds[slot] = kind
        lists = itertools.cycle(rng.sample(_Filler.LISTS, len(_Filler.LISTS)))
        headings: dict[str, str] = {}
        sections = []
        for page in range(pages):
            budget = _PAGE_MM
            if page == 0:
                budget -= 11 + len(header) * _ROW_MM + 4
            if page == pages - 1:
                budget -= sum(11 + len(rows) * _ROW_MM * 1.3 for _, rows in tables)
            budget *= rng.uniform(0.85, 1.0)
            for slot in range(per_page):
                kind = kinds.get((page, slot)) or next(lists)
                fixed = required if kind == "requirements" else history if kind == "history" else []
                last = slot == per_page - 1
                share = budget if last else budget * rng.uniform(0.3, 0.6)
                if kind == "requirements":
                    heading = rng.choice(_Filler.REQUIREMENT_HEADINGS)
                    if not last:
                        share = min(share, 40 + sum(_paragraph_mm(p) for p in fixed))
                    paragraphs = self._fill(("install", "compat"), fixed, share)
                else:
                    if kind not in headings:
                        headings[kind] = rng.choice(_Filler.HEADINGS[kind])
                        heading = headings[kind]
                    else:
                        heading = headings[kind] + " (continued)"
                    paragraphs = self._fill(kind, fixed, share)
                    if not paragraphs:  # a kind with nothing left to say: a list instead
                        kind = next(lists)
                        heading = headings.setdefault(kind, rng.choice(_Filler.HEADINGS[kind]))
                        paragraphs = self._fill(kind, [], share)
                budget -= 9 + sum(_paragraph_mm(p) for p in paragraphs)
                sections.append((f"{len(sections) + 1}. {heading}", tuple(paragraphs)))
        note = ReleaseNote(title=title, header=header, sections=tuple(sections), tables=tuple(tables), pages=pages)
        return note, frozenset(required + history)

    def _fill(self, kinds: str | tuple[str, ...], fixed: list[str], budget: float) -> list[str]:
        """Paragraphs of the kinds (the next once one runs dry) up to `budget` mm, with the fixed ones
        placed among them in their order."""
        pending = [kinds] if isinstance(kinds, str) else list(kinds)
        used = 9 + sum(_paragraph_mm(p) for p in fixed)
        filler: list[str] = []
        while pending and (used < budget - 8 or not (filler or fixed)):
            text = self.filler.take(pending[0])
            if text is None:
                pending.pop(0)
                continue
            filler.append(text)
            used += _paragraph_mm(text)
        if not fixed:
            return filler
        where = self.rng.choice(("first", "middle", "last", "any"))
        at = {"first": 0, "middle": len(filler) // 2, "last": len(filler)}.get(where, self.rng.randint(0, len(filler)))
        return filler[:at] + fixed + filler[at:]


def _note_path(rng: random.Random, target: Entry, revision: int) -> str:
    m, v = target.device.model, target.version
    name = rng.choice((
        f"{m.name} HW{target.device.hw} {v.display} release notes",
        f"{m.name}_FW_{v.hex}_RN",
        f"{m.manufacturer.stem} {m.name} v{v.display}",
        f"Release Notes {m.name} {v.hex} (HW {target.device.hw})",
    ))  # fmt: skip
    if revision:
        name += f" rev{revision + 1}"
    return f"release-notes/{m.manufacturer.stem}/{m.name}/{name}.pdf"


def pdf_jobs(cpl: Cpl, count: int, pages: int, seed: int, stated: Statements, inbox: Path) -> list[PdfJob]:
    """`count` release notes, each about a different target while there are targets enough."""
    targets = cpl.targets()
    if count and not targets:
        raise ValueError("the CPL has no device with more than one firmware version")
    random.Random(f"{seed}:pdf-targets").shuffle(targets)
    other: dict[str, list[str]] = {}
    for e in cpl.entries:
        other.setdefault(e.device.model.dtype.code, []).append(e.hex)
    jobs = []
    paths: set[str] = set()
    for i in range(count):
        rng = random.Random(f"{seed}:pdf:{i}")
        target, revision = targets[i % len(targets)], i // len(targets)
        note, keep = _NoteBuilder(cpl, other, target, pages, rng, stated, revision).build()
        path = _note_path(rng, target, revision)
        while path in paths:
            path = path[:-4] + " (copy).pdf"
        paths.add(path)
        jobs.append(PdfJob(str(inbox), path, note, keep, pages))
    return jobs


# --- rendering ----------------------------------------------------------------------------------------

_PDF_DATE = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)


class _FixedDateFPDF(FPDF):
    """fpdf2 stamps each PDF with the time it was made (and hashes it into the file ID)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.set_creation_date(_PDF_DATE)


def _use_fixed_date() -> None:
    builders.FPDF = _FixedDateFPDF  # type: ignore[misc]


@contextlib.contextmanager
def _deterministic_pdfs() -> Iterator[None]:
    original = builders.FPDF
    _use_fixed_date()
    try:
        yield
    finally:
        builders.FPDF = original  # type: ignore[misc]


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b(?!s)")


def page_count(data: bytes) -> int:
    """Pages of an fpdf2 PDF, from its page objects (fpdf2 writes no object streams)."""
    return len(_PAGE_OBJECT.findall(data))


def _trimmed(note: ReleaseNote, keep: frozenset[str]) -> ReleaseNote:
    sections = []
    for heading, paragraphs in note.sections:
        droppable = [i for i, p in enumerate(paragraphs) if p not in keep]
        if len(droppable) > 1:
            paragraphs = tuple(p for i, p in enumerate(paragraphs) if i != droppable[-1])
        sections.append((heading, paragraphs))
    return replace(note, sections=tuple(sections))


def render_job(job: PdfJob) -> tuple[str, int, int]:
    """Render one release note to exactly `job.pages` pages and write it; (path, bytes, pages)."""
    note = job.note
    for _ in range(30):
        data = release_note_pdf(note)
        pages = page_count(data)
        if pages == job.pages:
            break
        note = _trimmed(note, job.keep)
    else:
        raise RuntimeError(f"{job.path}: cannot fit the note on {job.pages} pages (it takes {pages})")
    path = Path(job.inbox) / job.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return job.path, len(data), pages


def render_all(jobs: Sequence[PdfJob], workers: int) -> list[tuple[str, int, int]]:
    if workers <= 1 or len(jobs) < 16:
        with _deterministic_pdfs():
            return [render_job(job) for job in jobs]
    # spawn, not fork: the caller may run threads (a benchmark inside a flow, say)
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_use_fixed_date) as pool:
        return list(pool.imap(render_job, jobs, chunksize=max(1, min(32, len(jobs) // (8 * workers)))))


# --- emails ----------------------------------------------------------------------------------------

_FIRST = ("Jo", "Sam", "Priya", "Tom", "Aisha", "Chris", "Megan", "Ravi", "Laura", "Owen", "Fatima", "Dan",
          "Ellie", "Marek", "Hannah", "Kwame")  # fmt: skip
_LAST = ("Bloggs", "Patel", "Jones", "Okafor", "Smith", "Nowak", "Evans", "Khan", "Murphy", "Taylor", "Reid",
         "Hughes", "Clarke", "Mensah")  # fmt: skip
_MAPS = ("Northern MAP", "Smart Assets", "Pennine Meter Assets", "Thames Metering Finance", "Coastal MAP Services",
         "Highland Asset Management", "Meterfund", "Grid Assets")  # fmt: skip
SECAS = "fir@secas.example"


@contextlib.contextmanager
def _seeded_global_random(key: str) -> Iterator[None]:
    """The email package draws MIME boundaries from the global `random`: seed it for one message."""
    state = random.getstate()
    random.seed(key)
    try:
        yield
    finally:
        random.setstate(state)


def _stable_zip(data: bytes) -> bytes:
    """An XLSX with fixed timestamps (openpyxl stamps the time of writing into the zip and core.xml)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-03-01T09:00:00Z", content)
            stable = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 1, 9, 0, 0))
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = info.external_attr
            dst.writestr(stable, content)
    return out.getvalue()


def _person(rng: random.Random, domain: str) -> tuple[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    return f"{first} {last}", f"{first.lower()}.{last.lower()}@{domain}"


def _device_phrase(model: Model, hw: str) -> str:
    return f"{model.name} (model {model.mid}, hardware {hw})"


def email_statement(rng: random.Random, cpl: Cpl, target: Entry, stated: Statements, *, in_context: bool = False) -> str:
    """A sentence naming its device (model and hardware IDs) and target, stating the target's path.

    `in_context`: the device is named by the email's `Model:`/`Hardware Version:` lines instead.
    """
    bases = cpl.bases(target)
    spell = _spelling(rng)
    t = spell(target.version)
    listed = [spell(b.version) for b in bases]
    l_or = _or_list(listed)
    stated.add(target, bases)
    if in_context:
        forms = [f"Firmware {t} shall only be applied to devices running {l_or}.",
                 f"Firmware {t} requires {l_or} to be installed first."]  # fmt: skip
        if (minimum := cpl.minimum_of(target)) is not None:
            forms.append(f"Firmware {t} requires a minimum firmware version of {spell(minimum.version)}.")
        return rng.choice(forms)
    device = _device_phrase(target.device.model, target.device.hw)
    forms = [
        f"For the {device}, firmware {t} must only be applied to devices running {l_or}.",
        f"{device}: firmware {t} requires {l_or} to be installed first.",
        f"Please note that for the {device} firmware {t} may only be deployed to devices running {l_or}.",
    ]
    if len(bases) == 1:
        forms.append(f"On the {device}, devices must first be upgraded to {listed[0]} before installing firmware {t}.")
    if (minimum := cpl.minimum_of(target)) is not None:
        m = spell(minimum.version)
        forms += [
            f"For model {target.device.model.mid} hardware {target.device.hw}, firmware {t} requires a minimum firmware version of {m}.",
            f"For the {device}, before installing {t}, version {m} or later must be installed.",
        ]
    return rng.choice(forms)


def map_rows(rng: random.Random, cpl: Cpl, entries: Sequence[Entry], stated: Statements, *, by_id: bool,
             minimum_ok: bool = True, multiline: bool = False) -> list[tuple[str, str, str, str, str]]:  # fmt: skip
    """(manufacturer, model, hardware, base cell, target cell) rows stating each entry's path."""
    rows = []
    for e in entries:
        bases = cpl.bases(e)
        stated.add(e, bases)
        minimum = cpl.minimum_of(e)
        spell = _spelling(rng)
        if not bases:
            base = rng.choice(("N/A", "N/A", "None", "n/a", "-"))
        elif minimum_ok and minimum is not None and rng.random() < 0.3:
            m = spell(minimum.version)
            base = rng.choice((f">= {m}", f"{m} or later", f"min {m}", f"Minimum: {m}"))
        else:
            sep = rng.choice(("; ", ", ", " or ", "\n" if multiline else "; "))
            base = sep.join(spell(b.version) for b in bases)
        model = e.device.model
        if by_id:
            rows.append((model.manufacturer.mid, model.mid, e.device.hw, base, spell(e.version)))
        else:
            rows.append((model.manufacturer.name, model.name, e.device.hw, base, spell(e.version)))
    return rows


_ID_HEADERS = (("Mfr", "Model ID", "HW Ver", "Current FW", "Target FW"),
               ("Manufacturer ID", "Model Identifier", "Hardware Version", "From FW", "To FW"),
               ("Mfr", "Model ID", "HW Ver", "Base Firmware Version", "New Firmware Version"))  # fmt: skip
_NAME_HEADERS = (("Manufacturer", "Model", "HW Version", "Base Firmware Version", "New Firmware Version"),
                 ("Manufacturer", "Model Name", "HW Ver", "Required Base FW", "New FW"))  # fmt: skip


def _unmapped_rows(rng: random.Random, cpl: Cpl, by_id: bool) -> list[tuple[str, str, str, str, str]]:
    """MAP rows firpath cannot map (not on the CPL): realistic noise, never in expected.json."""
    used = {d.model.mid for d in cpl.devices}
    mid = next(f"{m:04X}" for m in range(0xFFF0, 0x0100, -1) if f"{m:04X}" not in used)
    maker = rng.choice(cpl.manufacturers)
    options = [
        ("Zeta Power Ltd", "Z1", "0001", "01000000", "01000001"),
        ((maker.mid if by_id else maker.name), (mid if by_id else "ZZ-UNLISTED"), "0001", "02000000", "02010000"),
    ]
    return [rng.choice(options)]


def _targets_of(cpl: Cpl, maker: Manufacturer) -> list[Entry]:
    return [e for e in cpl.targets() if e.device.model.manufacturer is maker]


class _Mailroom:
    def __init__(self, cpl: Cpl, seed: int, stated: Statements, pdfs_by_maker: dict[str, list[str]], inbox: Path) -> None:
        self.cpl, self.seed, self.stated, self.inbox = cpl, seed, stated, inbox
        self.pdfs_by_maker = pdfs_by_maker
        self.makers = [m for m in cpl.manufacturers if _targets_of(cpl, m)]
        self.weights = [len(_targets_of(cpl, m)) for m in self.makers]

    def email(self, i: int) -> tuple[str, bytes]:
        rng = random.Random(f"{self.seed}:email:{i}")
        kind = rng.choices(("statement", "statement_pdf", "reply", "html", "msg", "forward_list", "forward_eml"),
                           (33, 12, 12, 10, 15, 13, 5))[0]  # fmt: skip
        maker = rng.choices(self.makers, self.weights)[0]
        sent = datetime(2024, 1, 8, 9, 0, tzinfo=timezone.utc) + timedelta(hours=7 * i + rng.randint(0, 6))
        with _seeded_global_random(f"{self.seed}:mime:{i}"):
            return getattr(self, "_" + kind)(rng, maker, sent, i)

    # the parts of an email
    def _targets(self, rng: random.Random, maker: Manufacturer, n: int) -> list[Entry]:
        targets = _targets_of(self.cpl, maker)
        return rng.sample(targets, min(n, len(targets)))

    def _body(self, rng: random.Random, maker: Manufacturer, targets: Sequence[Entry], who: str) -> str:
        lines = [rng.choice(("Dear SECAS,", "Hi SECAS team,", "Hello,", "Good morning,")), ""]
        single = len(targets) == 1 and rng.random() < 0.5
        if single or rng.random() < 0.7:
            lines.append(f"Manufacturer: {rng.choice((maker.name, f'{maker.name} ({maker.mid})'))}")
        if single:
            t = targets[0]
            lines += [f"Model: {t.device.model.name}", f"Hardware Version: {t.device.hw}", ""]
            lines.append(email_statement(rng, self.cpl, t, self.stated, in_context=True))
        else:
            lines += ["", rng.choice(("As requested, the upgrade paths for our devices:", "Please record the following in the FIR.",
                                      "Following our call, here are the base versions you asked for."))]  # fmt: skip
            for t in targets:
                lines.append(email_statement(rng, self.cpl, t, self.stated))
        if rng.random() < 0.3:
            code = targets[0].device.model.dtype.code
            other = "gas meter" if code != "GSME" else "electricity meter"
            lines.append(f"Note that the communications hub must first be upgraded to {rng.choice(targets).hex} "
                         f"before installing the {other} firmware.")  # fmt: skip
        if rng.random() < 0.3:
            lines.append(f"We expect to publish the next release in {rng.choice(MONTHS)}.")
        lines += ["", rng.choice(("Kind regards,", "Regards,", "Thanks,", "Best wishes,")), who, maker.name, ""]
        return "\n".join(lines)

    def _name(self, rng: random.Random, maker: Manufacturer, subject: str, i: int, ext: str) -> str:
        safe = re.sub(r"[^A-Za-z0-9 ._-]+", " ", subject).strip()[:60]
        return f"emails/{rng.choice((maker.stem, 'inbox', '2024'))}/{i:04d} {safe}.{ext}"

    def _subject(self, rng: random.Random, targets: Sequence[Entry]) -> str:
        t = targets[0]
        return rng.choice((f"{t.device.model.name} firmware {t.hex} upgrade path", f"{t.device.model.name} upgrade paths",
                           "Firmware upgrade paths for the FIR", f"MP231 - {t.device.model.manufacturer.stem} base versions"))  # fmt: skip

    def _statement(self, rng: random.Random, maker: Manufacturer, sent: datetime, i: int, attach_pdf: bool = False) -> tuple[str, bytes]:
        targets = self._targets(rng, maker, rng.choice((1, 1, 2, 3, 4)))
        who, address = _person(rng, maker.domain)
        body = self._body(rng, maker, targets, who)
        attachments = []
        if attach_pdf and self.pdfs_by_maker.get(maker.stem):
            for path in rng.sample(self.pdfs_by_maker[maker.stem], min(2, len(self.pdfs_by_maker[maker.stem]))):
                attachments.append(MailAttachment(Path(path).name, (self.inbox / path).read_bytes(), "application/pdf"))
            body = body.replace("\n\n", "\n\nPlease find the release notes attached.\n\n", 1)
        subject = self._subject(rng, targets)
        data = eml(sender=f"{who} <{address}>", to=SECAS, subject=subject, text=body, attachments=attachments, sent=sent)
        return self._name(rng, maker, subject, i, "eml"), data

    def _statement_pdf(self, rng: random.Random, maker: Manufacturer, sent: datetime, i: int) -> tuple[str, bytes]:
        return self._statement(rng, maker, sent, i, attach_pdf=True)

    def _reply(self, rng: random.Random, maker: Manufacturer, sent: datetime, i: int) -> tuple[str, bytes]:
        """A correction: the quoted original states another path for the same target (superseded)."""
        targets = [t for t in _targets_of(self.cpl, maker) if t.index >= 2]
        if not targets:
            return self._statement(rng, maker, sent, i)
        t = rng.choice(targets)
        bases = self.cpl.bases(t)
        wrong = (t.device.entries[t.index - 2],) if bases == (t.device.entries[t.index - 1],) else (t.device.entries[t.index - 1],)
        who, address = _person(rng, maker.domain)
        spell = _spelling(rng)
        target_text = spell(t.version)
        self.stated.add(t, bases)
        right = _or_list([spell(b.version) for b in bases])
        subject = f"{t.device.model.name} upgrade path"
        earlier = sent - timedelta(days=rng.randint(1, 9))
        original = [
            f"Manufacturer: {maker.name}", f"Model: {t.device.model.name}", f"Hardware Version: {t.device.hw}", "",
            f"Firmware {target_text} shall only be applied to devices running {spell(wrong[0].version)}.",
        ]  # fmt: skip
        newest = [
            "Hi SECAS team,", "",
            f"Correction to my earlier note: firmware {target_text} shall only be applied to devices running {right}.",
            "The earlier version skipped a step.", "", "Regards,", who, maker.name, "",
        ]  # fmt: skip
        if rng.random() < 0.5:
            quoted = ["-----Original Message-----", f"From: {who} <{address}>",
                      f"Sent: {earlier:%d %B %Y %H:%M}", f"To: {SECAS}", f"Subject: {subject}", "", *original]  # fmt: skip
        else:
            quoted = [f"On {earlier:%d %B %Y at %H:%M}, {who} <{address}> wrote:", *("> " + line if line else ">" for line in original)]
        data = eml(sender=f"{who} <{address}>", to=SECAS, subject=f"RE: {subject}", text="\n".join(newest + quoted) + "\n", sent=sent)
        return self._name(rng, maker, f"RE {subject}", i, "eml"), data

    def _html(self, rng: random.Random, maker: Manufacturer, sent: datetime, i: int) -> tuple[str, bytes]:
        targets = self._targets(rng, maker, rng.choice((1, 2, 3)))
        who, address = _person(rng, maker.domain)
        paragraphs = ["Hello,", f"Manufacturer: {maker.name}", "Please record these upgrade paths:"]
        paragraphs += [email_statement(rng, self.cpl, t, self.stated) for t in targets]
        paragraphs.append(f"Best wishes,<br>{who}<br>{maker.name}")
        html = "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
        attachments = []
        if self.pdfs_by_maker.get(maker.stem) and rng.random() < 0.4:
            path = rng.choice(self.pdfs_by_maker[maker.stem])
            attachments.append(MailAttachment(Path(path).name, (self.inbox / path).read_bytes(), "application/pdf"))
        subject = self._subject(rng, targets)
        data = eml(sender=f"{maker.stem} firmware <firmware@{maker.domain}>", to=SECAS, subject=subject, html=html,
                   attachments=attachments, sent=sent)  # fmt: skip
        return self._name(rng, maker, subject, i, "eml"), data

    def _msg(self, rng: random.Random, maker: Manufacturer, sent: datetime, i: int) -> tuple[str, bytes]:
        targets = self._targets(rng, maker, rng.choice((1, 2, 3)))
        who, address = _person(rng, maker.domain)
        body = self._body(rng, maker, targets, who)
        attachments = []
        if rng.random() < 0.5:
            listed = self._targets(rng, maker, rng.randint(2, 6))
            header = rng.choice(_ID_HEADERS)
            rows = [header, *map_rows(rng, self.cpl, listed, self.stated, by_id=True)]
            attachments.append(MailAttachment(f"{maker.stem} older releases.csv", csv_bytes(rows), "text/csv"))
            body = body.replace("\n\n", "\n\nThe attached list covers the older releases.\n\n", 1)
        subject = self._subject(rng, targets)
        data = builders.outlook_msg(sender_name=who, sender_email=address, subject=subject, body=body, attachments=attachments, sent=sent)
        return self._name(rng, maker, subject, i, "msg"), data

    def _forward_list(self, rng: random.Random, maker: Manufacturer, sent: datetime, i: int) -> tuple[str, bytes]:
        map_name = rng.choice(_MAPS)
        listed = self._targets(rng, maker, rng.randint(3, 12))
        by_id = rng.random() < 0.6
        header = rng.choice(_ID_HEADERS if by_id else _NAME_HEADERS)
        as_xlsx = rng.random() < 0.35
        rows = [header, *map_rows(rng, self.cpl, listed, self.stated, by_id=by_id, multiline=as_xlsx)]
        if as_xlsx:
            data = _stable_zip(workbook([Sheet("Paths", [(f"{maker.name} upgrade paths",), *rows])]))
            attachment = MailAttachment(f"{maker.stem} upgrade paths.xlsx", data,
                                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
        else:
            attachment = MailAttachment(f"{maker.stem}-paths.csv", csv_bytes(rows, delimiter=rng.choice((",", ";"))), "text/csv")
        subject = f"Fwd: {maker.stem} upgrade paths"
        body = f"Forwarding the upgrade list from {maker.name} for the FIR backfill.\n\n{map_name} operations\n"
        data = eml(sender=f"{map_name} ops <ops@{map_name.split()[0].lower()}.example>", to=SECAS, subject=subject,
                   text=body, attachments=[attachment], sent=sent)  # fmt: skip
        return self._name(rng, maker, subject, i, "eml"), data

    def _forward_eml(self, rng: random.Random, maker: Manufacturer, sent: datetime, i: int) -> tuple[str, bytes]:
        _, inner = self._statement(rng, maker, sent - timedelta(days=2), i)
        map_name = rng.choice(_MAPS)
        subject = f"Fwd: {maker.stem} firmware paths"
        data = eml(sender=f"{map_name} ops <ops@{map_name.split()[0].lower()}.example>", to=SECAS, subject=subject,
                   text="Forwarding the manufacturer's note below for the FIR backfill.\n",
                   attachments=[MailAttachment(f"{maker.stem} firmware paths.eml", inner, "message/rfc822")], sent=sent)  # fmt: skip
        return self._name(rng, maker, subject, i, "eml"), data


# --- MAP spreadsheets -------------------------------------------------------------------------------


def map_spreadsheet(cpl: Cpl, i: int, seed: int, stated: Statements) -> tuple[str, bytes]:
    rng = random.Random(f"{seed}:map:{i}")
    map_name = rng.choice(_MAPS)
    entries = rng.sample(cpl.entries, min(len(cpl.entries), rng.randint(10, 60)))
    entries = [e for e in entries if e.index > 0 or rng.random() < 0.5]  # first releases as N/A, some
    by_id = rng.random() < 0.6
    header = rng.choice(_ID_HEADERS if by_id else _NAME_HEADERS)
    as_xlsx = rng.random() < 0.6
    rows = map_rows(rng, cpl, entries, stated, by_id=by_id, multiline=as_xlsx)
    if rng.random() < 0.3:
        rows.insert(rng.randint(0, len(rows)), _unmapped_rows(rng, cpl, by_id)[0])
    with_notes = rng.random() < 0.5
    notes = ("", "", "agrees with release notes", "direct upgrade", "confirmed by manufacturer", "via DCC")
    table = [(*header, "Notes")] if with_notes else [header]
    table += [(*row, rng.choice(notes)) if with_notes else row for row in rows]
    title = [(f"{map_name} - firmware upgrade paths",), (f"As at {rng.randint(1, 28)} {rng.choice(MONTHS)} 2024",)]
    stem = f"MAP/{map_name}/{i:03d} {map_name} upgrade paths"
    if as_xlsx:
        sheets = [Sheet("Cover", ((f"{map_name} - firmware upgrade paths",), ("Prepared for SECAS MP231 backfill",)))]
        if rng.random() < 0.5:  # the paths split over a sheet per manufacturer
            split = max(1, len(table) // 2)
            sheets += [Sheet("Paths 1", [*title, *table[:split]]), Sheet("Paths 2", [*title, table[0], *table[split:]])]
        else:
            sheets.append(Sheet("Paths", [*title, *table]))
        if rng.random() < 0.4:
            sheets.append(Sheet("Notes", (("Blank base cells mean the base is not known yet.",), ("N/A: first release.",))))
        return f"{stem}.xlsx", _stable_zip(workbook(sheets))
    title_rows = title[: rng.randint(0, 2)]
    return f"{stem}.csv", csv_bytes([*title_rows, *table], delimiter=rng.choice((",", ";")))


# --- the registers ------------------------------------------------------------------------------------


def cpl_csv(cpl: Cpl, seed: int) -> bytes:
    rng = random.Random(f"{seed}:cpl-status")
    rows: list[Sequence[str]] = [CPL_HEADER]
    for e in sorted(cpl.entries, key=lambda e: e.entry_id):
        m = e.device.model
        status = "Withdrawn" if rng.random() < 0.03 else "Approved"
        rows.append((e.entry_id, m.dtype.code, m.manufacturer.name, m.manufacturer.mid, m.name, m.mid, e.device.hw, e.hex, status))
    return csv_bytes(rows)


def fir_csv(cpl: Cpl, seed: int) -> tuple[bytes, int]:
    """The FIR: ~20% of paths filled, most with the true path, some stale (another path)."""
    rng = random.Random(f"{seed}:fir")
    rows: list[Sequence[str]] = [FIR_HEADER]
    filled = 0
    for e in sorted(cpl.entries, key=lambda e: e.entry_id):
        m = e.device.model
        path = ""
        if rng.random() < 0.2:
            bases = cpl.bases(e)
            if rng.random() < 0.15 and e.index > 0:  # stale: what the FIR said before the notes were read
                chain = e.device.entries
                bases = (chain[e.index - 1],) if bases != (chain[e.index - 1],) else tuple(chain[max(0, e.index - 2) : e.index])
                if bases == cpl.bases(e):
                    bases = ()
            path = "; ".join(sorted(b.entry_id for b in bases)) or "N/A"
            filled += 1
        rows.append((e.entry_id, m.manufacturer.name, m.name, e.hex, f"firmware@{m.manufacturer.domain}", path))
    return csv_bytes(rows), filled


# --- the corpus ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusInfo:
    out: Path
    pdfs: int
    pages: int
    emails: int
    msg_emails: int
    spreadsheets: int
    cpl_entries: int
    fir_filled: int
    expected_paths: int
    files: int
    bytes: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def inbox(self) -> Path:
        return self.out / "inbox"

    @property
    def cpl(self) -> Path:
        return self.out / "cpl_export.csv"

    @property
    def fir(self) -> Path:
        return self.out / "fir_export.csv"

    @property
    def expected(self) -> Path:
        return self.out / "expected.json"

    def summary(self) -> str:
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items())
        return (
            f"{self.out}: {self.pdfs} release notes ({self.pages} pages), {self.emails} emails ({self.msg_emails} .msg), "
            f"{self.spreadsheets} MAP spreadsheets; CPL {self.cpl_entries} entries, FIR {self.fir_filled} paths filled; "
            f"{self.expected_paths} stated paths in expected.json; {self.files} files, {self.bytes / 1e6:.1f} MB; "
            f"{self.seconds:.1f} s ({phases})"
        )


def _prepare(out: Path) -> Path:
    """`out/inbox` empty and ready; an earlier corpus there (it has expected.json) is replaced."""
    inbox = out / "inbox"
    if inbox.exists() and any(inbox.iterdir()):
        if not (out / "expected.json").exists():
            raise FileExistsError(f"{inbox} exists and is not a corpus this module wrote; choose another --out")
        shutil.rmtree(inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    return inbox


def write_corpus(
    out: Path,
    *,
    pdfs: int = DEFAULTS["pdfs"],
    pages_per_pdf: int = DEFAULTS["pages_per_pdf"],
    emails: int = DEFAULTS["emails"],
    spreadsheets: int = DEFAULTS["spreadsheets"],
    cpl_entries: int = DEFAULTS["cpl_entries"],
    seed: int = DEFAULTS["seed"],
    workers: int | None = None,
    log: Callable[[str], None] | None = None,
) -> CorpusInfo:
    """Write the corpus under `out` (see the module docstring) and say what was written."""
    if pages_per_pdf < 1:
        raise ValueError("pages_per_pdf must be at least 1")
    say = log or (lambda _message: None)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    out = Path(out)
    inbox = _prepare(out)
    clock = time.perf_counter()
    cpl = build_cpl(cpl_entries, seed)
    stated = Statements()
    jobs = pdf_jobs(cpl, pdfs, pages_per_pdf, seed, stated, inbox)
    timings["text"] = time.perf_counter() - clock
    say(f"CPL of {len(cpl.entries)} entries and {len(jobs)} release notes composed in {timings['text']:.1f} s")

    clock = time.perf_counter()
    rendered = render_all(jobs, workers or os.cpu_count() or 1)
    timings["pdfs"] = time.perf_counter() - clock
    pages = sum(r[2] for r in rendered)
    say(f"{len(rendered)} PDFs ({pages} pages) rendered in {timings['pdfs']:.1f} s")

    clock = time.perf_counter()
    pdfs_by_maker: dict[str, list[str]] = {}
    for job in jobs:
        pdfs_by_maker.setdefault(job.path.split("/")[1], []).append(job.path)
    mailroom = _Mailroom(cpl, seed, stated, pdfs_by_maker, inbox)
    written_names: set[str] = set()
    msg_count = 0
    for i in range(emails):
        name, data = mailroom.email(i)
        msg_count += name.endswith(".msg")
        _write(inbox, name, data, written_names)
    for i in range(spreadsheets):
        name, data = map_spreadsheet(cpl, i, seed, stated)
        _write(inbox, name, data, written_names)
    timings["emails+MAP"] = time.perf_counter() - clock

    (out / "cpl_export.csv").write_bytes(cpl_csv(cpl, seed))
    fir, filled = fir_csv(cpl, seed)
    (out / "fir_export.csv").write_bytes(fir)
    expected = stated.expected()
    (out / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    files = [p for p in out.rglob("*") if p.is_file()]
    return CorpusInfo(
        out=out,
        pdfs=len(rendered),
        pages=pages,
        emails=emails,
        msg_emails=msg_count,
        spreadsheets=spreadsheets,
        cpl_entries=len(cpl.entries),
        fir_filled=filled,
        expected_paths=len(expected),
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        seconds=time.perf_counter() - started,
        timings=timings,
    )


def _write(inbox: Path, name: str, data: bytes, written: set[str]) -> None:
    stem, dot, ext = name.rpartition(".")
    k = 1
    while name in written:
        k += 1
        name = f"{stem} ({k}){dot}{ext}"
    written.add(name)
    path = inbox / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the corpus into")
    parser.add_argument("--pdfs", type=int, default=DEFAULTS["pdfs"])
    parser.add_argument("--pages-per-pdf", type=int, default=DEFAULTS["pages_per_pdf"])
    parser.add_argument("--emails", type=int, default=DEFAULTS["emails"])
    parser.add_argument("--spreadsheets", type=int, default=DEFAULTS["spreadsheets"])
    parser.add_argument("--cpl-entries", type=int, default=DEFAULTS["cpl_entries"])
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    parser.add_argument("--workers", type=int, default=None, help="PDF rendering processes (default: all cores)")
    args = parser.parse_args(argv)
    info = write_corpus(
        args.out,
        pdfs=args.pdfs,
        pages_per_pdf=args.pages_per_pdf,
        emails=args.emails,
        spreadsheets=args.spreadsheets,
        cpl_entries=args.cpl_entries,
        seed=args.seed,
        workers=args.workers,
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(info.summary())
    print(f"generated in {info.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    # run through the package, so the worker processes pickle `benchmarks.corpus.render_job`
    from benchmarks import corpus

    sys.exit(corpus.main())
