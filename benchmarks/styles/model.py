"""The synthetic CPL behind the styles corpus: manufacturers, models, devices, versions and true paths.

One *model* has a master chain of firmware versions; each hardware version (a *device*: manufacturer +
model + hardware) carries a contiguous run of that chain, and every (device, version) is one CPL entry.
The true upgrade path of a version is fixed per model (a set of earlier versions that always contains
the immediately preceding one); a device's path for an entry is that set restricted to the device's own
versions, `N/A` for the device's first release. Documents only ever state these truths.

A *claim* is what one statement says, in version indices of one model; `expand` turns it into CPL Entry
ID pairs for the devices a document speaks about and checks it against the truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Version schemes and the forms documents write them in
# ---------------------------------------------------------------------------------------------

# scheme -> (family level, forms documents may use, forms that need a tie to the CPL form)
SCHEMES = {
    "hexoct": 2,  # CPL 0102000A; parts = the four octets
    "mm": 1,  # marketing 4.21 -> CPL 04150001 (major, minor, 00, build)
    "rbuild": 2,  # marketing R7.3 build 512 -> CPL 07030200
    "semver": 2,  # marketing v1.2.0 -> CPL 010200xx (build octet hidden)
    "dotted3": 2,  # CPL 4.2.1 (not hex)
    "dotted4": 2,  # CPL 10.14.02.0007 (not hex)
    "dash": 2,  # CPL 3.1.0-212 (not hex)
}
TIE_FORMS = {"mm", "rbuild", "semver"}
FAMILY_FORMS = {"decoct", "mm", "rbuild", "semver", "asis", "vprefix"}
HEX_SCHEMES = {"hexoct", "mm", "rbuild", "semver"}


@dataclass(frozen=True)
class Version:
    idx: int
    parts: tuple[int, ...]
    cpl: str


def render(v: Version, scheme: str, form: str) -> str:
    p, c = v.parts, v.cpl
    if form == "plain":
        return c
    if form == "0x":
        return "0x" + c
    if form == "dothex":
        return ".".join(c[k:k + 2] for k in range(0, 8, 2))
    if form == "decoct":
        return ".".join(str(int(c[k:k + 2], 16)) for k in range(0, 8, 2))
    if form == "mm":
        return f"{p[0]}.{p[1]:02d}"
    if form == "rbuild":
        return f"R{p[0]}.{p[1]} build {p[2]}"
    if form == "semver":
        return f"v{p[0]}.{p[1]}.{p[2]}"
    if form == "asis":
        return c
    if form == "vprefix":
        return "v" + c
    raise ValueError(form)


def family_key(v: Version, scheme: str) -> tuple[int, ...]:
    return v.parts[:SCHEMES[scheme]]


def render_family(key: tuple[int, ...], scheme: str, form: str) -> str | None:
    """`4.2.x`-style name of a family in a given form, or None if the form cannot name families."""
    if form not in FAMILY_FORMS:
        return None
    if form == "rbuild":
        return f"R{key[0]}.{key[1]}.x"
    if form == "semver":
        return f"{key[0]}.{key[1]}.x"
    if form in ("asis", "vprefix") and scheme not in ("dotted3", "dotted4", "dash"):
        return None
    return ".".join(str(k) for k in key) + ".x"


# ---------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    title: str
    lang: str = "en"  # the language of their mail client's quote markers

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Maker:
    mid: str
    name: str
    short: str
    domain: str
    scheme: str
    doc_forms: tuple[str, ...]
    sheet_forms: tuple[str, ...]
    id_style: str  # cpl | plain
    address: str
    phone: str
    staff: list[Person]
    models: list["Model"] = field(default_factory=list)


@dataclass
class Device:
    model: "Model"
    hw: str  # 4 hex digits, e.g. 0002
    lo: int
    hi: int
    entries: dict[int, str] = field(default_factory=dict)  # version idx -> CPL Entry ID

    def has(self, i: int) -> bool:
        return self.lo <= i <= self.hi

    def path(self, i: int) -> tuple[int, ...]:
        """The true path of this device's entry for version i (indices); () is N/A."""
        return tuple(b for b in self.model.paths.get(i, ()) if self.has(b))

    @property
    def hw_int(self) -> int:
        return int(self.hw, 16)


@dataclass
class Model:
    maker: Maker
    model_id: str
    name: str
    short: str
    dtype: str
    scheme: str
    versions: list[Version] = field(default_factory=list)
    paths: dict[int, tuple[int, ...]] = field(default_factory=dict)
    devices: list[Device] = field(default_factory=list)

    def devices_with(self, i: int) -> list[Device]:
        return [d for d in self.devices if d.has(i)]

    def is_range(self, i: int) -> bool:
        p = self.paths.get(i, ())
        return bool(p) and p == tuple(range(p[0], i))

    def lo(self, i: int) -> int:
        return min(self.paths[i])

    def family_members(self, key: tuple[int, ...]) -> list[int]:
        return [v.idx for v in self.versions if family_key(v, self.scheme) == key]


@dataclass
class Cpl:
    makers: list[Maker]
    maps: list[dict]

    @property
    def models(self) -> list[Model]:
        return [m for mk in self.makers for m in mk.models]

    @property
    def devices(self) -> list[Device]:
        return [d for m in self.models for d in m.devices]

    def entry_rows(self) -> list[list[str]]:
        rows = []
        for d in self.devices:
            m = d.model
            for i in range(d.lo, d.hi + 1):
                status = "Approved" if i >= d.hi - 3 else ("Withdrawn" if (i + len(m.short)) % 5 == 0 else "Approved")
                rows.append([d.entries[i], m.dtype, m.maker.mid, m.maker.name, m.model_id, m.name, d.hw,
                             m.versions[i].cpl, status])
        return sorted(rows, key=lambda r: (r[0].startswith("CPL-"), r[0].zfill(12)))

    def entry(self, eid: str) -> tuple[Device, int]:
        for d in self.devices:
            for i, e in d.entries.items():
                if e == eid:
                    return d, i
        raise KeyError(eid)


# Fictional manufacturers. Names, identifiers and domains are invented.
_MAKERS = [
    dict(mid="10A7", name="Aldermoor Metering Ltd", short="Aldermoor", domain="aldermoor-metering.co.uk",
         scheme="hexoct", doc_forms=("0x", "dothex", "decoct"), sheet_forms=("plain", "0x"), id_style="cpl",
         address="Unit 4, Brunel Park, Swindon SN2 8BX", phone="+44 1793 555 014",
         staff=[("Gareth", "Pryce", "Firmware Release Manager"), ("Helen", "Oduya", "Product Compliance Lead")],
         models=[("ESME", "1A3F", "E470 SMETS2 Credit", "E470"), ("ESME", "1A41", "E475 Twin Element", "E475"),
                 ("PPMID", "1A52", "P20 Prepayment Unit", "P20")]),
    dict(mid="2B14", name="Brackenfield Instruments plc", short="Brackenfield", domain="brackenfield.com",
         scheme="hexoct", doc_forms=("plain", "0x"), sheet_forms=("plain",), id_style="cpl",
         address="Brackenfield House, Wakefield Road, Leeds LS10 1QE", phone="+44 113 496 0712",
         staff=[("Fiona", "McAllister", "Technical Account Manager"), ("Raj", "Bhatt", "Senior Firmware Engineer")],
         models=[("CHF", "2C01", "Hub-Pro 2", "Hub-Pro 2"), ("CHF", "2C05", "Hub-Pro 3 Dual Band", "Hub-Pro 3")]),
    dict(mid="31C2", name="Calder Smart Energy Ltd", short="Calder", domain="calder-smartenergy.co.uk",
         scheme="mm", doc_forms=("mm",), sheet_forms=("plain", "0x"), id_style="cpl",
         address="3 Riverside Works, Halifax HX1 5ER", phone="+44 1422 555 380",
         staff=[("Tom", "Ashworth", "Head of Product"), ("Priya", "Nair", "Release Coordinator")],
         models=[("GSME", "3D10", "G4 Ultrasonic", "G4"), ("GSME", "3D12", "G5 Ultrasonic Plus", "G5")]),
    dict(mid="4E07", name="Dornbach Messtechnik GmbH", short="Dornbach", domain="dornbach-messtechnik.de",
         scheme="hexoct", doc_forms=("decoct", "dothex"), sheet_forms=("plain", "dothex"), id_style="cpl",
         address="Industriestraße 22, 58093 Hagen, Germany", phone="+49 2331 555 2270",
         staff=[("Klaus", "Weber", "Produktmanager Smart Metering", "de"),
                ("Anja", "Krüger", "Release Management", "de")],
         models=[("ESME", "4A20", "DM-310 SMETS2", "DM-310"), ("ESME", "4A22", "DM-330 3-Phase", "DM-330"),
                 ("IHD", "4A30", "DM Display 7", "DM Display 7")]),
    dict(mid="5A11", name="Elvaston Meters plc", short="Elvaston", domain="elvaston-meters.co.uk",
         scheme="dotted3", doc_forms=("asis", "vprefix"), sheet_forms=("asis",), id_style="cpl",
         address="Elvaston Court, Derby DE72 3EP", phone="+44 1332 555 901",
         staff=[("Sarah", "Linton", "Customer Engineering"), ("Mark", "Devlin", "Firmware Programme Manager")],
         models=[("ESME", "5E01", "Sentinel S2", "Sentinel S2"), ("GSME", "5E04", "Gasline G2", "Gasline")]),
    dict(mid="6F3A", name="Fenwick Utility Systems Ltd", short="Fenwick", domain="fenwick-us.co.uk",
         scheme="rbuild", doc_forms=("rbuild",), sheet_forms=("plain",), id_style="cpl",
         address="Fenwick Business Centre, Newcastle upon Tyne NE4 7YB", phone="+44 191 555 6620",
         staff=[("Joanne", "Charlton", "Release Manager"), ("Neil", "Robson", "Field Support Engineer")],
         models=[("IHD", "6B01", "Glance IHD 3", "Glance 3"), ("PPMID", "6B03", "TopUp Touch PPMID", "TopUp Touch")]),
    dict(mid="7104", name="Garrowby Communications Ltd", short="Garrowby", domain="garrowby-comms.com",
         scheme="hexoct", doc_forms=("plain", "0x"), sheet_forms=("plain", "0x"), id_style="cpl",
         address="Garrowby Hill Estate, York YO41 1NZ", phone="+44 1904 555 448",
         staff=[("Imogen", "Hartley", "Product Manager, Comms Hubs"), ("Dan", "Okafor", "Release Engineer")],
         models=[("CHF", "7C10", "GC-Hub 410", "GC-410"), ("CHF", "7C12", "GC-Hub 420 Mesh", "GC-420")]),
    dict(mid="8D2E", name="Holmwood Displays Ltd", short="Holmwood", domain="holmwood-displays.co.uk",
         scheme="semver", doc_forms=("semver",), sheet_forms=("plain",), id_style="cpl",
         address="12 Holmwood Road, Dorking RH5 4NP", phone="+44 1306 555 120",
         staff=[("Chloe", "Barker", "Software Release Lead"), ("Ivan", "Petrov", "Embedded Software Manager")],
         models=[("IHD", "8A01", "Holmwood Home Display HD5", "HD5"), ("IHD", "8A02", "HD6 Colour", "HD6"),
                 ("PPMID", "8A05", "HP2 Prepay Keypad", "HP2")]),
    dict(mid="9C05", name="Ingleby Gas Technologies Ltd", short="Ingleby", domain="inglebygas.co.uk",
         scheme="dotted4", doc_forms=("asis",), sheet_forms=("asis",), id_style="plain",
         address="Ingleby Works, Middlesbrough TS9 6LP", phone="+44 1642 555 703",
         staff=[("Alan", "Metcalfe", "Quality & Approvals Manager"), ("Rachel", "Gibb", "Firmware Support")],
         models=[("GSME", "9A01", "Ingleby IG-200 Diaphragm", "IG-200"), ("GSME", "9A03", "IG-300 Ultrasonic", "IG-300")]),
    dict(mid="A0B3", name="Valmont Systèmes de Comptage SAS", short="Valmont", domain="valmont-comptage.fr",
         scheme="hexoct", doc_forms=("dothex", "0x"), sheet_forms=("plain", "0x"), id_style="cpl",
         address="14 rue des Frères Lumière, 69008 Lyon, France", phone="+33 4 78 55 50 12",
         staff=[("Jean", "Martin", "Responsable produit compteurs", "fr"),
                ("Camille", "Durand", "Ingénieure firmware", "fr")],
         models=[("ESME", "A1C0", "VX-100 SMETS2", "VX-100"), ("GSME", "A1C4", "VG-20 Gas", "VG-20")]),
    dict(mid="B1F0", name="Lindqvist Mätsystem AB", short="Lindqvist", domain="lindqvist-matsystem.se",
         scheme="hexoct", doc_forms=("decoct", "plain"), sheet_forms=("plain",), id_style="plain",
         address="Mätarvägen 5, 721 30 Västerås, Sweden", phone="+46 21 555 30 40",
         staff=[("Erik", "Lindqvist", "Product Owner"), ("Sofia", "Berg", "Release Engineer")],
         models=[("ESME", "B210", "LQ Meter 200", "LQ-200"), ("CHF", "B220", "LQ-Hub Single Band", "LQ-Hub")]),
    dict(mid="C4D1", name="Marlowe Metering Solutions Ltd", short="Marlowe", domain="marlowe-metering.co.uk",
         scheme="mm", doc_forms=("mm",), sheet_forms=("plain", "0x"), id_style="cpl",
         address="Marlowe House, 88 Station Road, Reading RG1 1LX", phone="+44 118 555 2290",
         staff=[("Oliver", "Grant", "Firmware Product Manager"), ("Nadia", "Hussain", "Compliance Engineer")],
         models=[("ESME", "C501", "Marlowe M-One", "M-One"), ("ESME", "C503", "M-Three Polyphase", "M-Three"),
                 ("IHD", "C510", "M-View IHD", "M-View"), ("PPMID", "C512", "M-Pay Prepayment Interface", "M-Pay")]),
]

# Meter Asset Providers who send spreadsheets and forward manufacturers' mails (fictional)
MAPS = [
    dict(name="Northgate Meter Assets Ltd", short="Northgate", domain="northgate-meterassets.co.uk",
         staff=[Person("Laura", "Whitfield", "Asset Data Analyst"), Person("Chris", "Yeo", "Metering Asset Manager")]),
    dict(name="Pennine Metering Finance", short="Pennine", domain="pennine-mf.co.uk",
         staff=[Person("Steve", "Holroyd", "Technical Services Manager"), Person("Amira", "Haddad", "Data Manager")]),
    dict(name="Tamar Asset Services", short="Tamar", domain="tamar-assets.co.uk",
         staff=[Person("Beth", "Trelawny", "Firmware Coordinator"), Person("Martin", "Kühn", "Asset Engineer", "de")]),
]


def _chain(rng: random.Random, scheme: str, n: int) -> list[tuple[tuple[int, ...], str]]:
    out = []
    if scheme == "hexoct":
        a, b, c, d = rng.randint(1, 4), rng.randint(0, 9), rng.randint(0, 3), rng.randint(1, 20)
        for _ in range(n):
            out.append(((a, b, c, d), f"{a:02X}{b:02X}{c:02X}{d:02X}"))
            r = rng.random()
            if r < 0.4:
                c, d = c + 1, rng.randint(1, 12)
            elif r < 0.72:
                d += rng.randint(1, 9)
            else:
                b, c, d = b + 1, 0, rng.randint(1, 12)
    elif scheme == "mm":
        a, b = rng.randint(2, 5), rng.randint(10, 24)
        for _ in range(n):
            build = rng.randint(1, 9)
            out.append(((a, b, build), f"{a:02X}{b:02X}00{build:02X}"))
            if rng.random() < 0.18:
                a, b = a + 1, 0
            else:
                b += rng.choice((1, 1, 1, 2))
    elif scheme == "rbuild":
        a, b, build = rng.randint(5, 8), rng.randint(0, 4), rng.randint(100, 600)
        for _ in range(n):
            out.append(((a, b, build), f"{a:02X}{b:02X}{build:04X}"))
            if rng.random() < 0.5:
                build += rng.randint(12, 90)
            else:
                b, build = b + 1, build + rng.randint(20, 120)
    elif scheme == "semver":
        a, b, c, build = rng.randint(1, 3), rng.randint(0, 6), 0, rng.randint(1, 30)
        for _ in range(n):
            out.append(((a, b, c, build), f"{a:02X}{b:02X}{c:02X}{build:02X}"))
            build += rng.randint(1, 15)
            if rng.random() < 0.6:
                c += 1
            else:
                b, c = b + 1, 0
    elif scheme == "dotted3":
        a, b, c = rng.randint(3, 6), rng.randint(0, 5), rng.randint(0, 3)
        for _ in range(n):
            out.append(((a, b, c), f"{a}.{b}.{c}"))
            if rng.random() < 0.6:
                c += 1
            else:
                b, c = b + 1, 0
    elif scheme == "dotted4":
        a, b, c, d = 10, rng.randint(10, 16), rng.randint(0, 4), rng.randint(1, 9)
        for _ in range(n):
            out.append(((a, b, c, d), f"{a}.{b}.{c:02d}.{d:04d}"))
            r = rng.random()
            if r < 0.5:
                d += rng.randint(1, 9)
            elif r < 0.8:
                c, d = c + 1, 1
            else:
                b, c, d = b + 1, 0, 1
    elif scheme == "dash":
        a, b, c, build = rng.randint(2, 4), rng.randint(0, 3), 0, rng.randint(100, 300)
        for _ in range(n):
            out.append(((a, b, c, build), f"{a}.{b}.{c}-{build}"))
            build += rng.randint(5, 40)
            if rng.random() < 0.6:
                c += 1
            else:
                b, c = b + 1, 0
    return out


def _bcd_clash(versions: list[Version]) -> bool:
    """True if a dotted rendering could name two versions: decimal octets read as hex digits (1.2.0.10 as
    01020010) or, the same pair seen from the other side, two-digit hex octets read as decimals."""
    cpls = {v.cpl for v in versions}
    for v in versions:
        octets = [int(v.cpl[k:k + 2], 16) for k in range(0, 8, 2)]
        if any(o > 99 for o in octets):
            continue
        bcd = "".join(f"{o:02d}" for o in octets)
        if bcd != v.cpl and bcd in cpls:
            return True
    return False


def _paths(rng: random.Random, model: Model) -> None:
    vs, L = model.versions, SCHEMES[model.scheme]
    model.paths[0] = ()
    for i in range(1, len(vs)):
        r = rng.random()
        fam_prev = vs[i - 1].parts[:L]
        fam_start = min(v.idx for v in vs if v.parts[:L] == fam_prev)
        new_family = vs[i].parts[:L] != fam_prev
        if new_family and i - 1 - fam_start >= 1 and r < 0.5:
            lo = fam_start
        elif r < 0.38:
            lo = i - 1
        elif r < 0.68:
            lo = rng.randint(max(0, i - 4), i - 1)
        elif r < 0.8:
            lo = 0
        elif i >= 3 and r < 0.92:
            j = rng.randint(max(0, i - 5), i - 3)
            model.paths[i] = (j, i - 1)
            continue
        else:
            lo = i - 1
        model.paths[i] = tuple(range(lo, i))


def build_cpl(seed: int) -> Cpl:
    rng = random.Random(f"styles-cpl:{seed}")
    makers: list[Maker] = []
    used_ids: set[int] = set()

    def new_id(style: str) -> str:
        while True:
            n = rng.randint(1200, 98999)
            if n not in used_ids:
                used_ids.add(n)
                return f"CPL-{n:06d}" if style == "cpl" else str(n)

    for spec in _MAKERS:
        staff = [Person(*s) for s in spec["staff"]]
        mk = Maker(spec["mid"], spec["name"], spec["short"], spec["domain"], spec["scheme"], spec["doc_forms"],
                   spec["sheet_forms"], spec["id_style"], spec["address"], spec["phone"], staff)
        for dtype, model_id, name, short in spec["models"]:
            scheme = mk.scheme
            if mk.mid == "9C05" and model_id == "9A03":
                scheme = "dash"  # one maker uses two non-hex schemes
            m = Model(mk, model_id, name, short, dtype, scheme)
            nhw = rng.choices((1, 2, 3), weights=(5, 4, 2))[0]
            n = rng.randint(5, 10) if nhw == 1 else rng.randint(7, 13)
            while True:
                chain = _chain(rng, scheme, n)
                m.versions = [Version(k, parts, cpl) for k, (parts, cpl) in enumerate(chain)]
                dotted = {"decoct", "dothex"} & set(mk.doc_forms + mk.sheet_forms)
                if not (dotted and _bcd_clash(m.versions)):
                    break
            _paths(rng, m)
            # hardware versions: contiguous runs of the chain, each 4-10 long
            if nhw == 1:
                runs = [(0, n - 1)]
            else:
                runs = [(0, rng.randint(max(3, n - 5), n - 2))]
                starts = sorted(rng.sample(range(1, n - 3), nhw - 1))
                runs += [(st, n - 1) for st in starts]
            hws = sorted(rng.sample(range(1, 4), nhw)) if rng.random() < 0.3 else list(range(1, nhw + 1))
            for (lo, hi), hw in zip(runs, hws):
                hi = min(hi, lo + 9)
                d = Device(m, f"{hw:04X}", lo, hi)
                for i in range(lo, hi + 1):
                    d.entries[i] = new_id(mk.id_style)
                m.devices.append(d)
            mk.models.append(m)
        makers.append(mk)
    return Cpl(makers, MAPS)


# ---------------------------------------------------------------------------------------------
# Claims: what one statement says, in version indices of one model
# ---------------------------------------------------------------------------------------------


@dataclass
class Claim:
    """kind: min | exact | pairs | chain | family | any | first.

    min: every version from `base` up to the target; exact: exactly `bases`; pairs: the listed (t, b) pairs
    only (partial); chain: consecutive pairs of `chain`; family: the members of `family` (exact);
    any: no prerequisite (all earlier versions); first: first release (N/A).
    """

    kind: str
    model: Model
    target: int
    base: int | None = None
    bases: tuple[int, ...] = ()
    chain: tuple[int, ...] = ()
    family: tuple[int, ...] | None = None
    pairs_: tuple[tuple[int, int], ...] = ()
    wrong: bool = False

    def model_pairs(self) -> list[tuple[int, int]]:
        t = self.target
        if self.kind == "min":
            return [(t, b) for b in range(self.base, t)]
        if self.kind == "exact":
            return [(t, b) for b in self.bases]
        if self.kind == "pairs":
            return list(self.pairs_)
        if self.kind == "chain":
            return [(self.chain[k + 1], self.chain[k]) for k in range(len(self.chain) - 1)]
        if self.kind == "family":
            return [(t, b) for b in self.model.family_members(self.family) if b < t]
        return []

    @property
    def complete(self) -> bool:
        """True if the claim states the target's whole path (so it must equal the truth)."""
        return self.kind in ("min", "exact", "family", "any", "first")

    def mentioned(self) -> set[int]:
        s = {self.target}
        if self.base is not None:
            s.add(self.base)
        s |= set(self.bases) | set(self.chain)
        for t, b in self.pairs_:
            s |= {t, b}
        return s


class TruthError(AssertionError):
    pass


def expand(claim: Claim, devices: list[Device]) -> tuple[list[tuple[str, str]], list[str]]:
    """Entry-ID pairs and no-prerequisite targets of a claim for the devices a document speaks about.

    Raises TruthError if the claim says anything the truth does not (unless it is marked wrong).
    """
    pairs: list[tuple[str, str]] = []
    none: list[str] = []
    mp = claim.model_pairs()
    for d in devices:
        if d.model is not claim.model:
            raise TruthError("device of another model")
        got = [(t, b) for t, b in mp if d.has(t) and d.has(b)]
        for t, b in got:
            if b >= t:
                raise TruthError("base not older than target")
            if not claim.wrong and b not in d.path(t):
                raise TruthError(f"{claim.model.short} {d.hw}: {b} not in path of {t}: {d.path(t)} ({claim.kind})")
        if claim.kind in ("any", "first"):
            t = claim.target
            if d.has(t):
                earlier = tuple(range(d.lo, t))
                if claim.kind == "first" and t != d.lo:
                    raise TruthError("first release claim on a device that had earlier releases")
                if not claim.wrong and d.path(t) != earlier:
                    raise TruthError("no-prerequisite claim on a target with a restricted path")
                none.append(d.entries[t])
        elif claim.complete and d.has(claim.target) and not claim.wrong:
            stated = tuple(sorted(b for t, b in got if t == claim.target))
            if stated != d.path(claim.target):
                raise TruthError(f"incomplete {claim.kind} claim: {stated} vs {d.path(claim.target)}")
        pairs += [(d.entries[t], d.entries[b]) for t, b in got]
    return pairs, none


# ---------------------------------------------------------------------------------------------
# Claim makers: which claims a (model, target) supports
# ---------------------------------------------------------------------------------------------


def claim_min(m: Model, i: int, single: bool = False, need_earlier: bool = False) -> Claim | None:
    if i < 1 or not m.is_range(i):
        return None
    lo = m.lo(i)
    if single and lo != i - 1:
        return None
    if need_earlier and lo < 1:
        return None
    return Claim("min", m, i, base=lo)


def claim_exact(m: Model, i: int, maxn: int = 3, minn: int = 1) -> Claim | None:
    p = m.paths.get(i, ())
    if not p or not (minn <= len(p) <= maxn):
        return None
    return Claim("exact", m, i, bases=p)


def claim_via(m: Model, i: int) -> Claim | None:
    """A -> B -> T where B is the lowest allowed base of T and A a base of B that T does not accept."""
    if i < 2 or not m.paths.get(i):
        return None
    b = min(m.paths[i])
    if b < 1:
        return None
    cands = [a for a in m.paths[b] if a not in m.paths[i]]
    if not cands:
        return None
    return Claim("chain", m, i, chain=(max(cands), b, i))


def claim_chain(m: Model, i: int, length: int = 3) -> Claim | None:
    chain = [i]
    while len(chain) < length:
        p = m.paths.get(chain[-1], ())
        if not p:
            return None
        chain.append(min(p))
    chain.reverse()
    for k in range(len(chain) - 2):
        if chain[k] in m.paths[chain[k + 2]]:
            return None
    return Claim("chain", m, i, chain=tuple(chain))


def claim_family(m: Model, i: int) -> Claim | None:
    if i < 2:
        return None
    key = family_key(m.versions[i - 1], m.scheme)
    members = m.family_members(key)
    if i in members or len(members) < 2:
        return None
    if tuple(members) != m.paths.get(i):
        return None
    return Claim("family", m, i, family=key)


def claim_any(m: Model, i: int) -> Claim | None:
    if i < 2 or m.paths.get(i) != tuple(range(0, i)):
        return None
    return Claim("any", m, i)


def claim_first(m: Model, i: int) -> Claim | None:
    if any(d.lo == i for d in m.devices):
        return Claim("first", m, i)
    return None


def first_scope(m: Model, i: int) -> list[Device]:
    return [d for d in m.devices if d.lo == i]
