"""Documents around real vendor statements: the realtext labelled corpus.

    python -m benchmarks.realtext --out DIR [--realtext PATH] [--seed 1]

reads PATH/statements.jsonl at run time (PATH: `--realtext`, else $FIRPATH_REALTEXT_DIR, else
`../shared/realtext-dev` beside the repository). Those statements are quotations from public release
notes, upgrade guides and issue threads, each labelled as a prerequisite (with its expected
`[target, base]` pairs) or a decoy; they are never copied into this repository. The output is the
labelled-corpus layout of benchmarks/labelled.py (inbox, cpl.csv, fir.csv, truth.json), the same
bytes for the same arguments.

The register
------------
One CPL device per (vendor, product) of the set: Manufacturer Name = the vendor label, Model Name =
the product, hexadecimal identifiers made from a hash of the names, hardware version 0001. Its
firmware versions are the product's own version strings, as the statements write them (`6.0`,
`7.0.2`, `v2.12.0`, `08-609010200`): registers of other numbering schemes look like that.

* Every concrete version in a record's pairs, and in its `bases` (min, max, ranges, chain, via,
  from, ...) where the value is a version and nothing more, is a register version.
* A family (`6.0-series`, `4.4.x`, `3.x.x`, `2023.y`, `8.x-1.x`, `v9.0x`, and under rule `family`
  a plain base of two numbers such as `6.2`; a longer one, `v1.5.0`, stays a release) gets two
  members: the family's prefix with `0` and with `5` in its first open place (`4.4.x` -> `4.4.0`,
  `4.4.5`; `3.x.x` -> `3.0.0`, `3.5.0`; `V2.XX` -> `V2.00`, `V2.05`; `6.0-series` and family `6.2`
  -> `6.0.0`, `6.0.5`, `6.2.0`, `6.2.5`; `8.x-1.x` -> `8.x-1.0`, `8.x-1.5`), or with letters where
  the scheme appends letters to three numbers (`v8.1.0x` -> `v8.1.0a`, `v8.1.0c`). A family stands
  for every register version it contains (its two members and any other version of the device with
  its prefix).
* An open target (`8.0 and later`, `1.7.1 - latest`) is its version plus one later (the last number
  raised by one: `8.1`, `1.7.2`).
* A `min` pair gets one more version strictly between the minimum and the target when the scheme
  allows: the minimum's last number raised by one (`11.0.2` -> `11.0.3`, `7.4-15` -> `7.4-16`,
  `v24.2.0-alpha.1` -> `v24.2.0-alpha.2`); none when that is not older than the target (`1.12.0` ->
  `1.12.1`).
* Decoys add the versions they mention (dotted versions and families in their text), so that a pair
  wrongly read from one maps to entries and counts as a false positive.
* Two older and two newer versions that nothing names (the oldest's numbers lowered, the newest's
  first number raised), outside every family of the device. Where a record's target is `latest`, it
  is the newest of these (so that one is named after all).

Versions are ordered by their numbers (`.` and `-` both separate numbers), then a pre-release
(`-alpha.1`, `-beta`, `-rc2`) before the release and a suffix (`a`, `RU1a`, `P9`) after it; a `v`
prefix is not part of the order, nor Drupal's `8.x-` core prefix (`8.x-1.5` is release 1.5). Versions
equal in that order are one release (`6.0` and `6.0.0`; `v1.1.2` and `1.1.2`), spelled as the labels
first name it (pairs, then `bases`, then family members, then decoys' text), and a device writes all
its versions with the prefix (`v`, `V` or none) most of them have. Entry IDs are opaque (`RT-0001`).

Expected pairs
--------------
From each record's `expected_pairs` and the set's reading rules: a concrete pair is itself; a pair
whose base is the `min` of a rule `min` record stands for every register version of the device from
the minimum (a family's lowest member) up to, not including, the target (and up to `max`, a family's
highest member, if given); a family base stands for each of its versions older than the target; a
family or open target for each of its versions. Records that cannot be placed honestly are skipped
and listed with the reason (truth.json "skipped", and the report): no pair although labelled
prerequisite, a pair naming something that is not a version (code names, fix-pack wording), or a base
not older than its target in the order above (a scheme whose order its numbers do not give).

The documents
-------------
Every record that is not skipped, prerequisite or decoy, is written in several layouts (`style`):

* `pdf-note`: a PDF release note: a title with the vendor and product (and the target version where
  the statement does not name it: the target then came from the source's title or heading), a
  neutral paragraph, the statement verbatim (line breaks kept, markdown shown as it is written, a
  ` | ` table drawn as a ruled table), a neutral closing paragraph;
* `email`: a plain-text .eml from an address at a domain made from the vendor's name, the product
  (and an implied target) in the subject, a greeting, the statement verbatim, a signature;
* `email-html`: the same as an HTML-only email (tables as `<table>`), for every table record and a
  seeded third of the others;
* `sheet`: for table records, an .xlsx with a title row naming the product above the rows;
* `pdf-multi`: for products with three or more records, all of them in one PDF, a section each.

Every document is `"split": "heldout"` (nobody tuned on these layouts); `wording` is the record's
phrasing family with its id in brackets (`"numbered-steps [rtdev-061]"`).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from pathlib import Path
from typing import Any

from benchmarks.corpus import _PDF_DATE, _stable_zip  # the benchmark corpus's fixed PDF date and XLSX timestamps
from benchmarks.labelled import CPL_COLUMNS, CorpusPaths, write_registers, write_truth
from firpath.demo.builders import Sheet, eml, workbook

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REALTEXT = REPO_ROOT.parent / "shared" / "realtext-dev"
REALTEXT_ENV = "FIRPATH_REALTEXT_DIR"
STATEMENTS_FILE = "statements.jsonl"
SPLIT = "heldout"
MULTI_MIN_RECORDS = 3


def realtext_dir(given: str | Path | None = None) -> Path:
    """Where the statements are: `given`, else $FIRPATH_REALTEXT_DIR, else ../shared/realtext-dev."""
    if given:
        return Path(given)
    if os.environ.get(REALTEXT_ENV):
        return Path(os.environ[REALTEXT_ENV])
    return DEFAULT_REALTEXT


# --- the records ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    id: str
    vendor: str
    product: str
    verbatim: str
    kind: str  # "prerequisite" | "decoy"
    bases: Mapping[str, Any]
    expected_pairs: tuple[tuple[str, str], ...]
    family: str

    @property
    def device(self) -> tuple[str, str]:
        return (self.vendor, self.product)

    @property
    def is_decoy(self) -> bool:
        return self.kind == "decoy"


def load_records(directory: Path) -> list[Record]:
    path = directory / STATEMENTS_FILE
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        if raw["kind"] not in ("prerequisite", "decoy"):
            raise ValueError(f"{path}:{number}: kind {raw['kind']!r} is neither prerequisite nor decoy")
        records.append(
            Record(
                id=raw["id"],
                vendor=raw["vendor"],
                product=raw["product"],
                verbatim=raw["verbatim"],
                kind=raw["kind"],
                bases=raw.get("bases") or {},
                expected_pairs=tuple((str(t), str(b)) for t, b in raw.get("expected_pairs") or ()),
                family=raw.get("family") or "",
            )
        )
    return records


# --- versions as the statements write them --------------------------------------------------------------

_PRE_RANK = {"alpha": 0, "a": 0, "beta": 1, "b": 1, "preview": 2, "pre": 2, "rc": 3}
_SPEC = re.compile(
    r"""
    (?P<prefix>[vV])?
    (?:(?P<core>\d+)\.x-)?                       # Drupal's core-compatibility prefix: 8.x-1.5
    (?P<nums>\d+(?:[.-]\d+)*)
    (?:
        (?P<wild>(?:\.(?:x|X|xx|XX|y|z))+)       # 4.4.x, 3.x.x, 2023.y, V2.XX
      | (?P<series>-series)                      # 6.0-series
      | (?P<letterx>x)                           # v8.1.0x, v9.0x
      | -(?P<pre>alpha|beta|preview|pre|rc)(?P<presep>[.-]?)(?P<prenum>\d+)?
      | (?P<post>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)  # 8.1.0a, 9.1RU1a, 9.3P9
    )?
    """,
    re.VERBOSE,
)
_PAD = 12


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower()) for part in re.findall(r"\d+|[A-Za-z]+", text))


@dataclass(frozen=True)
class _Written:
    """What a version or family is written as: `v8.x-1.05` has prefix `v`, core `8`, numbers (1, 5)
    of widths (1, 2) separated by (`.`,)."""

    text: str
    prefix: str
    core: str
    numbers: tuple[int, ...]
    widths: tuple[int, ...]
    seps: tuple[str, ...]

    def stem(self, numbers: Sequence[int] | None = None) -> str:
        """Prefix, core and numbers (these, or other numbers written the same way)."""
        parts = [
            str(n).rjust(w, "0") for n, w in zip(self.numbers if numbers is None else numbers, self.widths, strict=True)
        ]
        joined = parts[0] + "".join(sep + part for sep, part in zip(self.seps, parts[1:], strict=True))
        return f"{self.prefix}{self.core + '.x-' if self.core else ''}{joined}"


@dataclass(frozen=True)
class Version(_Written):
    """A concrete version as written, and the order it takes (see the module docstring)."""

    pre: str = ""
    presep: str = ""
    prenum: int | None = None
    post: str = ""

    @property
    def key(self) -> tuple[Any, ...]:
        padded = self.numbers + (0,) * (_PAD - len(self.numbers))
        if self.pre:
            stage: tuple[Any, ...] = (0, _PRE_RANK[self.pre], self.prenum or 0, ())
        elif self.post:
            stage = (2, 0, 0, _natural(self.post))
        else:
            stage = (1, 0, 0, ())
        return (padded, stage, self.core)

    def __lt__(self, other: Version) -> bool:
        return self.key < other.key

    def __le__(self, other: Version) -> bool:
        return self.key <= other.key


@dataclass(frozen=True)
class Family(_Written):
    """A set of versions written as one (`4.4.x`, `6.0-series`, `v9.0x`, a rule-`family` base `6.2`)."""

    shape: str = "series"  # "wild" | "series" | "letter"
    wild: tuple[str, ...] = ()  # the open places of a "wild" family: ("x",), ("x", "x"), ("XX",)

    def members(self) -> tuple[Version, Version]:
        """The two versions the family brings to the register."""
        stem = self.stem()
        if self.shape == "wild":
            width = [len(w) for w in self.wild]
            first = stem + "".join("." + "0" * n for n in width)
            second = stem + "." + "5".rjust(width[0], "0") + "".join("." + "0" * n for n in width[1:])
        elif self.shape == "letter" and len(self.numbers) >= 3:
            first, second = stem + "a", stem + "c"
        else:
            first, second = stem + ".0", stem + ".5"
        one, two = parse_spec(first), parse_spec(second)
        assert isinstance(one, Version) and isinstance(two, Version), (first, second)
        return one, two

    def contains(self, version: Version) -> bool:
        if version.core != self.core:
            return False
        padded = version.numbers + (0,) * max(0, len(self.numbers) - len(version.numbers))
        return padded[: len(self.numbers)] == self.numbers


Spec = Version | Family


def _width(digits: str) -> int:
    """The zero-padded width a number is written in (`01` -> 2), 1 when it has no leading zero."""
    return len(digits) if digits.startswith("0") else 1


def parse_spec(text: str) -> Spec | None:
    """A version or family written exactly as `text` (nothing around it), or None."""
    match = _SPEC.fullmatch(text.strip())
    if match is None:
        return None
    raw = re.split(r"([.-])", match["nums"])
    digits, seps = raw[0::2], tuple(raw[1::2])
    common = {
        "text": text.strip(),
        "prefix": match["prefix"] or "",
        "core": match["core"] or "",
        "numbers": tuple(int(d) for d in digits),
        "widths": tuple(_width(d) for d in digits),
        "seps": seps,
    }
    if match["wild"]:
        return Family(shape="wild", wild=tuple(match["wild"].split(".")[1:]), **common)
    if match["series"]:
        return Family(shape="series", **common)
    if match["letterx"]:
        return Family(shape="letter", **common)
    if match["pre"]:
        number = int(match["prenum"]) if match["prenum"] else None
        return Version(pre=match["pre"], presep=match["presep"] or "", prenum=number, **common)
    return Version(post=match["post"] or "", **common)


def as_family(version: Version) -> Family:
    """A plain version read as the family it heads (a rule-`family` base `6.2`: every 6.2 release)."""
    return Family(version.text, version.prefix, version.core, version.numbers, version.widths, version.seps)


def _heads_a_family(version: Version) -> bool:
    """Whether a plain version a rule-`family` record names as a family reads as one: two numbers
    (`6.2`: every 6.2 release) do; a longer version (`v1.5.0`) is a release of its own."""
    return len(version.numbers) <= 2 and not version.pre and not version.post


def version_key(text: str) -> tuple[Any, ...]:
    """The order of a register version (a CPL "Firmware Version" cell of this corpus)."""
    spec = parse_spec(text)
    if not isinstance(spec, Version):
        raise ValueError(f"{text!r} is not a concrete version")
    return spec.key


def _respell(v: Version, numbers: Sequence[int], *, prenum: int | None = None, post: str | None = None) -> Version:
    text = v.stem(numbers)
    if v.pre and prenum is not None:
        text += f"-{v.pre}{v.presep}{prenum}"
    elif post:
        text += post
    spec = parse_spec(text)
    assert isinstance(spec, Version), text
    return spec


def with_prefix(v: Version, prefix: str) -> Version:
    """`v` written with `prefix` (a register writes all of a device's versions one way)."""
    return Version(**{**v.__dict__, "text": prefix + v.text[len(v.prefix) :], "prefix": prefix})


def raised(v: Version) -> Version | None:
    """The next version in `v`'s own scheme: its last number (or pre-release number, or one-letter
    suffix) raised by one; None where the scheme gives no such step (a suffix like `RU1a`)."""
    if v.pre:
        return _respell(v, v.numbers, prenum=(v.prenum or 0) + 1) if v.prenum is not None else None
    if v.post:
        if len(v.post) == 1 and v.post.isalpha() and v.post.lower() != "z":
            return _respell(v, v.numbers, post=chr(ord(v.post) + 1))
        return None
    return _respell(v, (*v.numbers[:-1], v.numbers[-1] + 1))


def _older_candidates(v: Version) -> Iterator[Version]:
    for place in reversed(range(len(v.numbers))):
        for step in (1, 2):
            if v.numbers[place] >= step:
                numbers = list(v.numbers)
                numbers[place] -= step
                if any(numbers):
                    yield _respell(v, numbers)


def _newer_candidates(v: Version) -> Iterator[Version]:
    for step in (1, 2, 3, 4):
        yield _respell(v, (v.numbers[0] + step, *(0 for _ in v.numbers[1:])))


_OPEN_TARGET = re.compile(r"(?P<v>\S+)\s+(?:and|or)\s+(?:later|above|newer)|(?P<w>\S+)\s*-\s*latest")
LATEST = "latest"


@dataclass(frozen=True)
class OpenTarget:
    version: Version
    text: str


TargetSpec = Version | Family | OpenTarget | str  # str: LATEST


def parse_target(text: str) -> TargetSpec | None:
    if text.strip().lower() == LATEST:
        return LATEST
    match = _OPEN_TARGET.fullmatch(text.strip())
    if match:
        spec = parse_spec(match["v"] or match["w"])
        return OpenTarget(spec, text.strip()) if isinstance(spec, Version) else None
    return parse_spec(text)


def target_words(target: TargetSpec) -> str:
    """How a target appears in a text: its version, or the word `latest`."""
    if isinstance(target, OpenTarget):
        return target.version.text
    return target if isinstance(target, str) else target.text


def mentions(text: str, version: str) -> bool:
    """Whether `text` names `version` as a token of its own (with or without a `v`)."""
    core = re.sub(r"^[vV](?=\d)", "", version)
    return re.search(rf"(?<![\w.])[vV]?{re.escape(core)}(?![\w]|\.\d)", text, re.IGNORECASE) is not None


_MENTIONED = re.compile(
    r"(?<![\w./-])[vV]?(?:\d+\.x-)?\d+(?:\.(?:\d+|x|X|xx|XX|y|z))+(?:-series|x|[A-Za-z](?![\w.]))?(?![\w])"
)


def mentioned_specs(text: str) -> list[Spec]:
    """The dotted versions and families a text names (for decoys); dates (02.03.2021) left out."""
    specs = []
    for token in _MENTIONED.findall(re.sub(r"\b([vV])\.(?=\d)", r"\1", text)):  # "v.4.1.25"
        spec = parse_spec(token)
        if spec is not None and not any(n >= 1000 for n in spec.numbers[1:]):
            specs.append(spec)
    return specs


# --- a record's pairs, as specs -------------------------------------------------------------------------


@dataclass(frozen=True)
class PairSpec:
    target_text: str
    target: TargetSpec
    base: Spec
    minimum: tuple[Spec, Spec | None] | None = None  # (min, max) when the base is a `min` rule's bound


@dataclass(frozen=True)
class RecordPlan:
    record: Record
    pairs: tuple[PairSpec, ...]
    named: tuple[Spec, ...]  # further versions the record's `bases` names


class Skip(Exception):
    """A record that cannot be placed honestly; the message says why."""


def _strip_qualifier(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).strip()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


_NAMING_KEYS = ("min", "max", "ranges", "chain", "via", "from", "bases", "if_older_via", "chain_example")
_FAMILY_KEYS = ("family", "families")


def _family_names(bases: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for key in _FAMILY_KEYS:
        value = bases.get(key)
        if isinstance(value, Mapping):
            value = list(value.values())
        names.update(_strip_qualifier(s) for s in _strings(value))
    return names


def _minimum(record: Record, target: str, base: str) -> tuple[Spec, Spec | None] | None:
    """(min, max) when `base` is the bound of a `min` record's rule for `target`."""
    if record.bases.get("rule") != "min":
        return None
    rule_min, rule_max = record.bases.get("min"), record.bases.get("max")
    if isinstance(rule_min, str) and rule_min == base:
        low = parse_spec(base)
        high = parse_spec(rule_max) if isinstance(rule_max, str) else None
        if low is None or (isinstance(rule_max, str) and high is None):
            raise Skip(f"the minimum {base!r} or maximum {rule_max!r} is not a version")
        return (low, high)
    if isinstance(rule_min, Mapping) and rule_min.get(target) == base:
        low = parse_spec(base)
        return (low, None) if low is not None else None
    for bounds in record.bases.get("ranges") or ():
        if len(bounds) == 2 and bounds[0] == base:
            low, high = parse_spec(bounds[0]), parse_spec(bounds[1])
            if low is not None and high is not None:
                return (low, high)
    return None


def plan_record(record: Record) -> RecordPlan:
    """A prerequisite's pairs read as versions and families; Skip where that cannot be done."""
    if not record.expected_pairs:
        raise Skip("labelled prerequisite but no expected pair (the versions it needs are not named)")
    families = _family_names(record.bases) if record.bases.get("rule") == "family" else set()
    pairs = []
    for target_text, base_text in record.expected_pairs:
        target = parse_target(target_text)
        if target is None:
            raise Skip(f"the pair target {target_text!r} is not a version a register could hold")
        base = parse_spec(base_text)
        if base is None:
            raise Skip(f"the pair base {base_text!r} is not a version a register could hold")
        if isinstance(base, Version) and base_text in families and _heads_a_family(base):
            base = as_family(base)
        pairs.append(PairSpec(target_text, target, base, _minimum(record, target_text, base_text)))
    named: list[Spec] = []
    for key in _NAMING_KEYS:
        for text in _strings(record.bases.get(key)):
            spec = parse_spec(text)
            if spec is not None:
                named.append(spec)
    for text in sorted(_family_names(record.bases)):
        spec = parse_spec(text)
        if spec is not None:
            named.append(as_family(spec) if isinstance(spec, Version) and _heads_a_family(spec) else spec)
    return RecordPlan(record, tuple(pairs), tuple(named))


# --- the register ---------------------------------------------------------------------------------------


@dataclass
class Register:
    """One device's versions, keyed by their order (equal keys are one release)."""

    versions: dict[tuple[Any, ...], Version] = field(default_factory=dict)
    families: list[Family] = field(default_factory=list)
    latest: Version | None = None

    def add(self, version: Version) -> Version:
        return self.versions.setdefault(version.key, version)

    def add_spec(self, spec: Spec) -> None:
        if isinstance(spec, Version):
            self.add(spec)
        elif spec not in self.families:
            self.families.append(spec)

    def add_members(self) -> None:
        for family in self.families:
            for member in family.members():
                self.add(member)

    def get(self, version: Version) -> Version:
        return self.versions[version.key]

    def prefix(self) -> str:
        """The prefix most of the device's versions are written with (`v`, `V` or none; none on a tie)."""
        ranked = Counter(v.prefix for v in self.versions.values()).most_common()
        return ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else ""

    def ordered(self) -> list[Version]:
        return [self.versions[k] for k in sorted(self.versions)]

    def members(self, family: Family) -> list[Version]:
        return [v for v in self.ordered() if family.contains(v)]

    def lowest(self, spec: Spec) -> Version:
        return self.get(spec) if isinstance(spec, Version) else self.members(spec)[0]

    def highest(self, spec: Spec) -> Version:
        return self.get(spec) if isinstance(spec, Version) else self.members(spec)[-1]

    def in_a_family(self, version: Version) -> bool:
        return any(f.contains(version) for f in self.families)


def _target_versions(register: Register, target: TargetSpec) -> list[Version]:
    if isinstance(target, Version):
        return [register.get(target)]
    if isinstance(target, Family):
        return register.members(target)
    if isinstance(target, OpenTarget):
        later = raised(target.version)
        return [register.get(target.version)] + ([register.get(later)] if later is not None else [])
    assert register.latest is not None
    return [register.latest]


def build_registers(plans: Sequence[RecordPlan], decoys: Sequence[Record]) -> dict[tuple[str, str], Register]:
    """Every device's register from the plans and decoys, in the order the module docstring gives."""
    registers: dict[tuple[str, str], Register] = defaultdict(Register)
    for plan in plans:  # the pairs' own spellings first
        register = registers[plan.record.device]
        for pair in plan.pairs:
            for spec in (pair.target, pair.base, *(pair.minimum or ())):
                if isinstance(spec, OpenTarget):
                    register.add(spec.version)
                elif spec is not None and not isinstance(spec, str):
                    register.add_spec(spec)
    for plan in plans:
        for spec in plan.named:
            registers[plan.record.device].add_spec(spec)
    for register in registers.values():
        register.add_members()
    for record in decoys:  # after the labels' own versions, so that a label spells a release first
        for spec in mentioned_specs(record.verbatim):
            registers[record.device].add_spec(spec)
    for register in registers.values():
        register.add_members()
    for plan in plans:
        register = registers[plan.record.device]
        for pair in plan.pairs:
            if isinstance(pair.target, OpenTarget) and (later := raised(pair.target.version)) is not None:
                register.add(later)
    for plan in plans:  # a minimum gets a version between it and its target, where the scheme has one
        register = registers[plan.record.device]
        for pair in plan.pairs:
            if pair.minimum is None:
                continue
            between = raised(register.lowest(pair.minimum[0]))
            if between is None or between.key in register.versions:
                continue
            targets = [] if pair.target == LATEST else _target_versions(register, pair.target)  # latest: newest
            ceiling = register.highest(pair.minimum[1]) if pair.minimum[1] is not None else None
            if all(between < t for t in targets) and (ceiling is None or between <= ceiling):
                register.add(between)
    with_latest = {plan.record.device for plan in plans for pair in plan.pairs if pair.target == LATEST}
    for device, register in registers.items():
        _add_unnamed(register, latest=device in with_latest)
    return dict(registers)


def _add_unnamed(register: Register, *, latest: bool) -> None:
    """Two versions older than the oldest and two newer than the newest, in no family of the device."""
    ordered = register.ordered()
    oldest, newest = ordered[0], ordered[-1]
    for candidates, limit in ((_older_candidates(oldest), 2), (_newer_candidates(newest), 2)):
        added = 0
        for candidate in candidates:
            if added == limit:
                break
            if candidate.key in register.versions or register.in_a_family(candidate):
                continue
            register.add(candidate)
            added += 1
    if latest:
        register.latest = register.ordered()[-1]


def expand(plan: RecordPlan, register: Register) -> list[tuple[Version, Version]]:
    """A prerequisite's expected (target, base) versions on its device's register; Skip if a base is not
    older than its target or a target is left with no base."""
    pairs: list[tuple[Version, Version]] = []
    ordered = register.ordered()
    for pair in plan.pairs:
        targets = _target_versions(register, pair.target)
        if not targets:
            raise Skip(f"the target {pair.target_text!r} has no register version")
        for target in targets:
            if pair.minimum is not None:
                low = register.lowest(pair.minimum[0])
                high = register.highest(pair.minimum[1]) if pair.minimum[1] is not None else None
                bases = [v for v in ordered if low <= v < target and (high is None or v <= high)]
            elif isinstance(pair.base, Family):
                bases = [v for v in register.members(pair.base) if v < target]
            else:
                base = register.get(pair.base)
                if not base < target:
                    raise Skip(
                        f"the base {base.text!r} is not older than the target {target.text!r} when versions are "
                        "ordered by their numbers (the scheme's order is not its numbers')"
                    )
                bases = [base]
            if not bases:
                raise Skip(f"no register version of {pair.base.text!r} is older than the target {target.text!r}")
            pairs.extend((target, base) for base in bases)
    return list(dict.fromkeys(pairs))


# --- the corpus plan --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Device:
    vendor: str
    product: str
    manufacturer_id: str
    model_id: str
    device_type: str
    entries: tuple[tuple[str, Version], ...]  # (entry id, version), oldest first

    def entry_id(self, version: Version) -> str:
        for entry_id, v in self.entries:
            if v.key == version.key:
                return entry_id
        raise KeyError(version.text)


@dataclass(frozen=True)
class Plan:
    records: tuple[Record, ...]  # placed in documents: prerequisites with pairs and decoys
    devices: dict[tuple[str, str], Device]
    pairs: dict[str, tuple[tuple[str, str], ...]]  # record id -> (target entry id, base entry id)
    implied: dict[str, tuple[str, ...]]  # record id -> target versions the statement does not name
    skipped: tuple[tuple[str, str], ...]  # (record id, why)


_DEVICE_TYPES = ("ESME", "GSME", "CHF", "PPMID", "IHD")


def _hex(text: str, taken: set[str]) -> str:
    for salt in range(1000):
        value = hashlib.sha256(f"{salt}:{text}".encode()).hexdigest()[:4].upper()
        if value not in taken:
            taken.add(value)
            return value
    raise RuntimeError(f"no free identifier for {text!r}")


def plan_corpus(records: Sequence[Record]) -> Plan:
    """Registers, entry IDs and expected pairs for the records; the records that cannot be placed skipped."""
    skipped: dict[str, str] = {}
    plans: dict[str, RecordPlan] = {}
    for record in records:
        if record.is_decoy:
            continue
        try:
            plans[record.id] = plan_record(record)
        except Skip as why:
            skipped[record.id] = str(why)
    while True:  # a skipped record's versions leave the register, which may change the others' pairs
        live = [plans[r.id] for r in records if r.id in plans and r.id not in skipped]
        registers = build_registers(live, [r for r in records if r.is_decoy])
        expanded: dict[str, list[tuple[Version, Version]]] = {}
        newly: dict[str, str] = {}
        for plan in live:
            try:
                expanded[plan.record.id] = expand(plan, registers[plan.record.device])
            except Skip as why:
                newly[plan.record.id] = str(why)
        if not newly:
            break
        skipped.update(newly)

    devices: dict[tuple[str, str], Device] = {}
    maker_ids: dict[str, str] = {}
    taken_makers: set[str] = set()
    taken_models: set[str] = set()
    number = 0
    for record in records:
        if record.device in devices or record.device not in registers or record.id in skipped:
            continue
        vendor, product = record.device
        if vendor not in maker_ids:
            maker_ids[vendor] = _hex(vendor, taken_makers)
        entries = []
        register = registers[record.device]
        prefix = register.prefix()
        for version in register.ordered():
            number += 1
            entries.append((f"RT-{number:04d}", with_prefix(version, prefix)))
        digest = int(hashlib.sha256(f"{vendor}|{product}".encode()).hexdigest(), 16)
        devices[record.device] = Device(
            vendor,
            product,
            maker_ids[vendor],
            _hex(f"{vendor}|{product}", taken_models),
            _DEVICE_TYPES[digest % len(_DEVICE_TYPES)],
            tuple(entries),
        )

    placed = tuple(r for r in records if r.id not in skipped)
    pairs = {}
    implied = {}
    for record in placed:
        if record.is_decoy:
            continue
        device = devices[record.device]
        pairs[record.id] = tuple((device.entry_id(t), device.entry_id(b)) for t, b in expanded[record.id])
        words = [target_words(p.target) for p in plans[record.id].pairs]
        implied[record.id] = tuple(dict.fromkeys(w for w in words if not mentions(record.verbatim, w)))
    order = {r.id: i for i, r in enumerate(records)}
    return Plan(placed, devices, pairs, implied, tuple(sorted(skipped.items(), key=lambda kv: order[kv[0]])))


# --- the documents --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


Block = str | Table  # a paragraph (its lines kept) or a table


def _is_row(line: str) -> bool:
    return " | " in line or line.lstrip().startswith("|")


def _cells(line: str) -> tuple[str, ...]:
    body = line.strip()
    body = body.removeprefix("|").removesuffix("|")
    return tuple(cell.strip() for cell in body.split("|"))


def blocks(verbatim: str) -> list[Block]:
    """A statement as paragraphs and tables: runs of ` | ` lines are a table (markdown rule rows
    dropped, `- ` lines right below a row continue its last cell); other lines are paragraphs, split
    at blank lines."""
    out: list[Block] = []
    paragraph: list[str] = []
    rows: list[list[str]] = []

    def flush_paragraph() -> None:
        if paragraph:
            out.append("\n".join(paragraph))
            paragraph.clear()

    def flush_table() -> None:
        if rows:
            width = max(len(r) for r in rows)
            out.append(Table(tuple(tuple(r) + ("",) * (width - len(r)) for r in rows)))
            rows.clear()

    for line in verbatim.split("\n"):
        if _is_row(line):
            flush_paragraph()
            cells = list(_cells(line))
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c) and any(cells):
                continue  # a markdown rule row
            rows.append(cells)
        elif rows and line.lstrip().startswith("- "):
            rows[-1][-1] = rows[-1][-1] + "\n" + line.strip()
        else:
            flush_table()
            if line.strip():
                paragraph.append(line)
            else:
                flush_paragraph()
    flush_paragraph()
    flush_table()
    return out


def is_table(record: Record) -> bool:
    return any(isinstance(b, Table) for b in blocks(record.verbatim))


_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_LATIN1 = {"\u2026": "...", "\u2192": "->", "\u2022": "*", "\u2019": "'", "\u00b4": "'", "\u2014": "-", "\u2013": "-"}


def _font() -> tuple[Path, Path] | None:
    for directory in _FONT_DIRS:
        regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def _latin1(*texts: str) -> bool:
    try:
        for text in texts:
            text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _texts(sections: Sequence[tuple[str | None, Sequence[Block]]]) -> Iterator[str]:
    for heading, body in sections:
        yield heading or ""
        for block in body:
            yield from (cell for row in block.rows for cell in row) if isinstance(block, Table) else (block,)


def _render_pdf(title: str, intro: str, sections: Sequence[tuple[str | None, Sequence[Block]]], closing: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(_PDF_DATE)
    pdf.set_auto_page_break(True, margin=15)
    font = None if _latin1(title, intro, closing, *_texts(sections)) else _font()
    if font is not None:  # only where the text needs it: loading a TrueType font takes most of a PDF's time
        pdf.add_font("Body", "", str(font[0]))
        pdf.add_font("Body", "B", str(font[1]))
        family, text = "Body", (lambda s: s)
    else:  # the core font holds Latin-1 only; without DejaVu Sans the rest is transliterated
        family = "Helvetica"

        def text(s: str) -> str:
            for char, plain in _LATIN1.items():
                s = s.replace(char, plain)
            return s.encode("latin-1", "replace").decode("latin-1")

    pdf.set_title(text(title))
    pdf.add_page()
    pdf.set_font(family, "B", 14)
    pdf.multi_cell(0, 8, text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(family, size=10)
    pdf.multi_cell(0, 5, text(intro), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for heading, body in sections:
        if heading:
            pdf.set_font(family, "B", 11)
            pdf.multi_cell(0, 7, text(heading), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(family, size=10)
        for block in body:
            if isinstance(block, Table):
                with pdf.table(first_row_as_headings=False, text_align="LEFT", line_height=5) as table:
                    for cells in block.rows:
                        row = table.row()
                        for cell in cells:
                            row.cell(text(cell))
            else:
                pdf.multi_cell(0, 5, text(block), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.ln(2)
    pdf.multi_cell(0, 5, text(closing), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _html(blocks_: Sequence[Block]) -> str:
    parts = []
    for block in blocks_:
        if isinstance(block, Table):
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c).replace(chr(10), '<br>')}</td>" for c in cells) + "</tr>"
                for cells in block.rows
            )
            parts.append(f'<table border="1" cellpadding="4">{rows}</table>')
        else:
            parts.append("<p>" + "<br>\n".join(html.escape(line) for line in block.split("\n")) + "</p>")
    return "\n".join(parts)


def _slug(text: str, limit: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "x"


_GREETINGS = ("Hello,", "Dear colleagues,", "Hi all,", "Good morning,")


def _intro(vendor: str, product: str) -> str:
    return (
        f"This note from {vendor} concerns {product}. It is shared for the information of the teams who "
        "operate and maintain these systems; please read each section in full."
    )


def _closing(vendor: str) -> str:
    return f"For questions about this note, contact {vendor} through the usual support channels."


def _title(record: Record, implied: Sequence[str]) -> str:
    return " ".join(["Release notes:", record.vendor, record.product, *implied])


@dataclass(frozen=True)
class Document:
    file: str  # inbox-relative
    data: bytes
    style: str
    source_kind: str
    records: tuple[Record, ...]


def documents(plan: Plan, seed: int) -> list[Document]:
    rng = random.Random(f"{seed}:realtext")
    sent = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    out: list[Document] = []
    by_product: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for index, record in enumerate(plan.records):
        by_product[record.device].append(record)
        implied = plan.implied.get(record.id, ())
        folder = f"release-notes/{_slug(record.vendor)}/{_slug(record.product)}"
        body = blocks(record.verbatim)
        intro, closing = _intro(record.vendor, record.product), _closing(record.vendor)
        pdf = _render_pdf(_title(record, implied), intro, [(None, body)], closing)
        out.append(Document(f"{folder}/{record.id}.pdf", pdf, "pdf-note", "release note", (record,)))

        domain = f"{_slug(record.vendor)}.example"
        sender = str(Address(display_name=f"{record.vendor} support", addr_spec=f"support@{domain}"))
        subject = " ".join([record.vendor + ":", record.product, *implied])
        greeting = rng.choice(_GREETINGS)
        lead = f"Please see the information below from {record.vendor} about {record.product}."
        signature = f"Kind regards,\n{record.vendor} product support"
        text = f"{greeting}\n\n{lead}\n\n{record.verbatim}\n\n{signature}\n"
        when = sent + timedelta(hours=index)
        out.append(
            Document(
                f"emails/{record.id}.eml",
                eml(sender=sender, to="cpl-backfill@secas.example", subject=subject, text=text, sent=when),
                "email",
                "email",
                (record,),
            )
        )
        table = is_table(record)
        if table or rng.random() < 1 / 3:
            page = (
                f"<html><body><p>{html.escape(greeting)}</p><p>{html.escape(lead)}</p>\n{_html(body)}\n"
                f"<p>{html.escape(signature).replace(chr(10), '<br>')}</p></body></html>\n"
            )
            data = eml(
                sender=sender,
                to="cpl-backfill@secas.example",
                subject=subject,
                html=page,
                sent=when + timedelta(minutes=30),
            )
            out.append(Document(f"emails/{record.id}-html.eml", data, "email-html", "email", (record,)))
        if table:
            heading = [(" ".join([record.vendor + ":", record.product, *implied]),)]
            rows: list[tuple[str, ...]] = []
            for block in body:
                if isinstance(block, Table):
                    rows.extend(block.rows)
                else:
                    rows.extend((line,) for line in block.split("\n"))
            data = _stable_zip(workbook([Sheet("Notes", heading + rows)]))
            out.append(Document(f"spreadsheets/{record.id}.xlsx", data, "sheet", "MAP spreadsheet", (record,)))
    for (vendor, product), members in by_product.items():
        if len(members) < MULTI_MIN_RECORDS:
            continue
        sections = [(" ".join([product, *plan.implied.get(r.id, ())]), blocks(r.verbatim)) for r in members]
        title = " ".join(["Release notes:", vendor, product])
        pdf = _render_pdf(title, _intro(vendor, product), sections, _closing(vendor))
        folder = f"release-notes/{_slug(vendor)}/{_slug(product)}"
        out.append(Document(f"{folder}/collected-notes.pdf", pdf, "pdf-multi", "release note", tuple(members)))
    return out


# --- writing the corpus ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusInfo:
    paths: CorpusPaths
    devices: int
    entries: int
    documents: Counter[str]
    statements: int
    pairs: int  # distinct (target, base, file)
    distinct_pairs: int  # distinct (target, base)
    decoys: int
    decoys_off_register: tuple[str, ...]  # decoy records whose product has no register device
    skipped: tuple[tuple[str, str], ...]
    font: str

    def report(self) -> str:
        styles = ", ".join(f"{style} {n}" for style, n in sorted(self.documents.items()))
        lines = [
            f"Devices     {self.devices} ({self.entries} CPL entries)",
            f"Documents   {sum(self.documents.values())}: {styles}",
            f"Statements  {self.statements} prerequisite statements placed in documents: {self.pairs} expected "
            f"(target, base) pairs per document, {self.distinct_pairs} distinct",
            f"Decoys      {self.decoys} decoy statements placed in documents"
            + (
                f" ({', '.join(self.decoys_off_register)}: no version in the text, so no register device)"
                if self.decoys_off_register
                else ""
            ),
            f"Skipped     {len(self.skipped)} records: " + ", ".join(rid for rid, _ in self.skipped),
        ]
        lines += [f"  {rid}: {why}" for rid, why in self.skipped]
        lines.append(f"Fonts       {self.font}")
        return "\n".join(lines)


def _cpl_rows(plan: Plan) -> list[dict[str, str]]:
    rows = []
    for device in plan.devices.values():
        for entry_id, version in device.entries:
            values = (
                entry_id,
                device.device_type,
                device.manufacturer_id,
                device.vendor,
                device.model_id,
                device.product,
                "0001",
                version.text,
                "Approved",
            )
            rows.append(dict(zip(CPL_COLUMNS, values, strict=True)))
    return rows


def _truth(corpus: str, plan: Plan, docs: Sequence[Document]) -> dict[str, Any]:
    pairs, statements, decoys = [], [], []
    for doc in docs:
        common = {"source_kind": doc.source_kind, "style": doc.style, "split": SPLIT}
        for record in doc.records:
            if record.is_decoy:
                decoys.append(
                    {
                        "file": doc.file,
                        "text": record.verbatim,
                        "family": record.family,
                        "style": doc.style,
                        "split": SPLIT,
                        "source_kind": doc.source_kind,
                        "id": record.id,
                    }
                )
                continue
            wording = f"{record.family} [{record.id}]"
            record_pairs = plan.pairs[record.id]
            statements.append(
                {
                    "file": doc.file,
                    "source_kind": doc.source_kind,
                    "text": record.verbatim,
                    "pairs": [list(p) for p in record_pairs],
                    "style": doc.style,
                    "wording": wording,
                    "split": SPLIT,
                }
            )
            pairs.extend(
                {"target": t, "base": b, "file": doc.file, **common, "wording": wording} for t, b in record_pairs
            )
    return {
        "corpus": corpus,
        "pairs": pairs,
        "no_prerequisite": [],
        "statements": statements,
        "decoys": decoys,
        "skipped": [{"id": rid, "why": why} for rid, why in plan.skipped],
    }


def write_corpus(out: Path, realtext: Path | None = None, seed: int = 1) -> CorpusInfo:
    """The realtext corpus under `out` (see the module docstring)."""
    source = realtext_dir(realtext)
    records = load_records(source)
    plan = plan_corpus(records)
    docs = documents(plan, seed)
    paths = CorpusPaths(Path(out))
    for doc in docs:
        target = paths.inbox / doc.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(doc.data)
    cpl_rows = _cpl_rows(plan)
    write_registers(paths, cpl_rows)
    truth = _truth(source.name, plan, docs)
    write_truth(paths, truth)
    font = _font()
    return CorpusInfo(
        paths=paths,
        devices=len(plan.devices),
        entries=len(cpl_rows),
        documents=Counter(doc.style for doc in docs),
        statements=len(truth["statements"]),
        pairs=len({(p["target"], p["base"], p["file"]) for p in truth["pairs"]}),
        distinct_pairs=len({(p["target"], p["base"]) for p in truth["pairs"]}),
        decoys=len(truth["decoys"]),
        decoys_off_register=tuple(r.id for r in plan.records if r.is_decoy and r.device not in plan.devices),
        skipped=plan.skipped,
        font=f"Helvetica; {font[0]} where a text needs more than Latin-1"
        if font
        else "Helvetica (DejaVu Sans not found: characters outside Latin-1 transliterated in PDFs)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.realtext", description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write the corpus into")
    parser.add_argument(
        "--realtext",
        type=Path,
        default=None,
        help=f"folder holding {STATEMENTS_FILE} (default: ${REALTEXT_ENV}, else {DEFAULT_REALTEXT})",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    source = realtext_dir(args.realtext)
    if not (source / STATEMENTS_FILE).is_file():
        print(f"error: no {STATEMENTS_FILE} in {source} (give --realtext or ${REALTEXT_ENV})", file=sys.stderr)
        return 2
    info = write_corpus(args.out, source, args.seed)
    print(info.report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
