"""Shared model for the blind2 corpus: devices, CPL entries, truth bookkeeping, pair helpers."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

_OUT: list[Path] = []  # the corpus folder, set by gen.generate before any document is built


def set_out(out: Path) -> None:
    _OUT[:] = [out]


def inbox() -> Path:
    """The inbox of the corpus being built (gen.generate says where)."""
    return _OUT[0] / "inbox"


SPLIT = "heldout"
RN, EM, MS = "release note", "email", "MAP spreadsheet"


@dataclass
class Device:
    key: str
    dtype: str
    mfr_id: str
    mfr: str
    model_id: str
    model: str
    hw: str
    versions: list[str]
    ids: dict[str, str] = field(default_factory=dict)
    mentioned: bool = True


DEVICES: dict[str, Device] = {}


def dev(key, dtype, mfr_id, mfr, model_id, model, hw, versions, mentioned=True):
    versions = sorted(versions, key=lambda v: int(v, 16))
    DEVICES[key] = Device(key, dtype, mfr_id, mfr, model_id, model, hw, versions, mentioned=mentioned)


FERROWICK = ("1C4E", "Ferrowick Metering Ltd")
GASTRELL = ("2B17", "Gastrell Instruments plc")
LUMENHALE = ("3D09", "Lumenhale Communications Ltd")
ASHGROVE = ("4A22", "Ashgrove Displays Ltd")
MERROWFIELD = ("5F30", "Merrowfield Energiesysteme GmbH")
THISTLEBANK = ("6E05", "Thistlebank Devices Ltd")
ORMSBY = ("7D11", "Ormsby Pelham Metering")

dev("FE210", "ESME", *FERROWICK, "0A10", "FE210 Single Phase", "0003",
    ["01020003", "01020005", "01030000", "01030002", "01040001", "02000000", "02000004"])
dev("FE220", "ESME", *FERROWICK, "0A20", "FE220 Polyphase", "0001",
    ["01030000", "01030002", "01040001", "01050000", "02000004"])
dev("FE230", "ESME", *FERROWICK, "0A30", "FE230 CT Operated", "0001", ["01040001", "02000004"], mentioned=False)
dev("G4", "GSME", *GASTRELL, "0041", "G4 Ultrasonic", "0002",
    ["00040010", "00040012", "00040020", "00050001", "00050003", "00060000", "00060002"])
dev("GX6", "GSME", *GASTRELL, "0046", "GX6 Diaphragm", "0001",
    ["00010005", "00010009", "00020000", "00020004", "00020010"])
dev("LCH200", "CHF", *LUMENHALE, "0200", "LCH-200 Dual Band Comms Hub", "0005",
    ["00020104", "00020110", "0002012F", "00020131", "00030002", "00030010", "00030100"])
dev("LCH100", "CHF", *LUMENHALE, "0100", "LCH-100 Comms Hub", "0003",
    ["00010200", "00010204", "00010300", "00010311", "00010400"])
dev("GLANCE", "IHD", *ASHGROVE, "1001", "Glance IHD", "0002",
    ["0102000A", "0102000C", "01030000", "01030005", "01040000"])
dev("PAYPOINT", "PPMID", *ASHGROVE, "1101", "PayPoint PPMID", "0001",
    ["02000001", "02000003", "02010000", "02010002", "02020000", "02030001"])
dev("MS1", "ESME", *MERROWFIELD, "0301", "MS1", "0004",
    ["00230100", "00230105", "00240000", "00240102", "00250000", "00250003"])
dev("MG1", "GSME", *MERROWFIELD, "0310", "MG1", "0002",
    ["00110000", "00110004", "00120000", "00120001", "00130000"])
dev("NOVA1", "ESME", *THISTLEBANK, "0501", "Nova", "0001",
    ["0002012F", "00020133", "00020200", "00020210", "00030000"])
dev("NOVA2", "ESME", *THISTLEBANK, "0501", "Nova", "0002",
    ["00020200", "00020210", "00030000", "00030004"])
dev("HEARTH", "IHD", *THISTLEBANK, "0520", "Hearth IHD", "0001",
    ["00100000", "00100002", "00110000", "00110003"])
dev("PELHAM", "ESME", *ORMSBY, "0900", "Pelham SP", "0001", ["00000105", "00000201"], mentioned=False)


def assign_ids():
    rng = random.Random(231)
    n = 40113
    rows = []
    order = list(DEVICES.values())
    # interleave a little so IDs are not grouped by device
    entries = [(d, v) for d in order for v in d.versions]
    rng.shuffle(entries)
    for d, v in entries:
        n += rng.randint(1, 9)
        d.ids[v] = str(n)
    for d, v in sorted(entries, key=lambda e: int(e[0].ids[e[1]])):
        rows.append({
            "CPL Entry ID": d.ids[v], "Device Type": d.dtype, "Manufacturer Identifier": d.mfr_id,
            "Manufacturer Name": d.mfr, "Model Identifier": d.model_id, "Model Name": d.model,
            "Hardware Version": d.hw, "Firmware Version": v, "Status": "Approved",
        })
    # a couple of withdrawn statuses for realism (never a target in the documents' sense)
    return rows


def ID(key, v):
    return DEVICES[key].ids[v]


def _i(v):
    return int(v, 16)


def P(key, t, b):
    d = DEVICES[key]
    assert t in d.versions and b in d.versions, (key, t, b)
    assert _i(b) < _i(t), (key, t, b)
    return [ID(key, t), ID(key, b)]


def pairs(key, t, bases):
    return [P(key, t, b) for b in bases]


def minimum(key, t, x):
    """'x or later' for target t: every CPL version of the device from x up to (not incl.) t."""
    d = DEVICES[key]
    return [P(key, t, v) for v in d.versions if _i(x) <= _i(v) < _i(t)]


def newer_than(key, t, x):
    d = DEVICES[key]
    return [P(key, t, v) for v in d.versions if _i(x) < _i(v) < _i(t)]


def older(key, x):
    d = DEVICES[key]
    return [v for v in d.versions if _i(v) < _i(x)]


def step(key, x, olds):
    """versions in `olds` must first go to x: (x, old) pairs."""
    return [P(key, x, o) for o in olds]


def chain(key, seq):
    return [P(key, b, a) for a, b in zip(seq, seq[1:])]


class Truth:
    def __init__(self, name):
        self.name = name
        self.statements = []
        self.decoys = []
        self.docs = []  # (file, kind)

    def reset(self):
        """Forget what an earlier build in this process labelled (the modules share `T`)."""
        self.statements, self.decoys, self.docs = [], [], []

    def doc(self, file, kind):
        self.docs.append((file, kind))

    def s(self, file, kind, style, wording, text, prs=(), nopre=()):
        self.statements.append({
            "file": file, "source_kind": kind, "text": text, "pairs": [list(p) for p in prs],
            "style": style, "wording": wording, "split": SPLIT,
            "no_prerequisite": list(nopre),  # always a list, empty when none (benchmarks.labelled reads it so)
        })
        return text

    def d(self, file, text, family, style):
        self.decoys.append({"file": file, "text": text, "family": family, "style": style, "split": SPLIT})
        return text

    def as_json(self):
        pairs_out, seen = [], set()
        nopre_out, seen_n = [], set()
        for st in self.statements:
            for t, b in st["pairs"]:
                k = (t, b, st["file"])
                if k in seen:
                    continue
                seen.add(k)
                pairs_out.append({"target": t, "base": b, "file": st["file"], "source_kind": st["source_kind"],
                                  "style": st["style"], "wording": st["wording"], "split": SPLIT})
            for t in st.get("no_prerequisite", []):
                k = (t, st["file"])
                if k in seen_n:
                    continue
                seen_n.add(k)
                nopre_out.append({"target": t, "file": st["file"], "source_kind": st["source_kind"],
                                  "style": st["style"], "wording": st["wording"], "split": SPLIT})
        return {
            "corpus": self.name,
            "pairs": pairs_out,
            "no_prerequisite": nopre_out,
            "statements": self.statements,
            "decoys": self.decoys,
            "documents": [{"file": f, "source_kind": k} for f, k in self.docs],
        }


T = Truth("blind")
