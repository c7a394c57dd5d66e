"""The expectation tests' CPL: one device, three firmware versions (built with tests.builders)."""

from __future__ import annotations

from collections.abc import Sequence

from firpath.domain import Claim, CplEntry, FirmwareVersion, VersionRef
from tests.builders import claim_of, proposal

MANUFACTURER = "0A0B"
MODEL = "0001"


def entry(entry_id: str, firmware: str, hardware: str = "0001", model: str = MODEL) -> CplEntry:
    return CplEntry(entry_id, MANUFACTURER, model, hardware, FirmwareVersion(firmware), "Acme", "Meter 1")


# The CPL of the fixtures: E1 < E2 < E3 on one device; X1 is the same model on other hardware.
E1 = entry("E1", "01000000")
E2 = entry("E2", "01010000")
E3 = entry("E3", "01020000")
X1 = entry("X1", "01000000", hardware="0002")
Z9 = entry("Z9", "01030000")  # never in the CPL
CPL = (E1, E2, E3, X1)


def claim(
    target: CplEntry,
    bases: Sequence[CplEntry],
    *,
    target_text: str | None = None,
    target_parses: bool = True,
    unparsed_base: str | None = None,
    evidence_text: str | None = None,
    file: str = "notes.pdf",
) -> Claim:
    """A release-note claim `target on top of bases`, parsed unless told otherwise."""
    extra = () if unparsed_base is None else (VersionRef(unparsed_base, None, "display version never paired with its hex form"),)
    target_ref = VersionRef(target_text or target.firmware_version.text, target.firmware_version if target_parses else None)
    return claim_of(target, bases, text=evidence_text, file=file, target_ref=target_ref, extra_bases=extra)


__all__ = ["CPL", "E1", "E2", "E3", "X1", "Z9", "claim", "entry", "proposal"]
