"""The CPL as a dictionary: every way a document may name a manufacturer, a model or a device.

Before a document is mapped, every manufacturer (identifier, full name, the name without its legal
suffix, its first word, the name as an email domain writes it) and every model (identifier in any
form: `1A3F`, `0x1A3F`; full name; the distinctive parts of the name such as `E470` or `Hub-Pro`) is
known. A term counts only if it names one thing on the whole CPL: a word two manufacturers share
in their model names is no evidence of either. `find` returns what a piece of text names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from firpath.domain import CplEntry

ModelKey = tuple[str, str]  # (manufacturer id, model id)
_Named = TypeVar("_Named", str, ModelKey)  # a manufacturer id or a model
_LONGEST_NAME = 6  # words of a model name looked up whole

_LEGAL_SUFFIXES = {"ltd", "limited", "plc", "inc", "gmbh", "llc", "co", "corp", "corporation", "company", "ag", "sa",
                   "srl", "bv", "nv", "ab", "as", "oy", "spa", "sas", "group", "holdings", "uk", "international"}  # fmt: skip
# Words that name kinds of things, not one thing: never a term on their own.
GENERIC_WORDS = {
    "meter", "meters", "metering", "electricity", "electric", "gas", "smart", "energy", "smets", "smets1", "smets2",
    "credit", "prepay", "prepayment", "hub", "hubs", "comms", "communications", "communication", "display", "in",
    "home", "ihd", "esme", "gsme", "chf", "gpf", "ppmid", "cad", "hcalcs", "single", "phase", "three", "poly",
    "polyphase", "variant", "type", "model", "device", "devices", "the", "and", "of", "for", "with", "unit", "units",
    "firmware", "software", "version", "release", "notes", "note", "update", "upgrade", "series", "edition", "pro",
    "plus", "mini", "max", "lite", "standard", "basic", "new", "technologies", "technology", "systems", "system",
    "solutions", "networks", "network", "services", "service", "products", "product", "industries", "electronics",
    "controls", "control", "instruments", "international", "global", "services", "server", "os", "v", "fw", "hw",
    "hardware", "revision", "rev", "interface", "proxy", "function", "load", "switch", "consumer", "access",
    "ihds", "esmes", "gsmes", "ppmids", "chfs", "cads", "gpfs",
}  # fmt: skip


def words(text: str) -> list[str]:
    """Lower-case words of a name or a text (letters and digits; `AM-E200` gives `am`, `e200`)."""
    return re.findall(r"[a-z0-9]+", text.lower())


def squeezed(text: str) -> str:
    """`Hub-Pro 2`, `hub pro 2` and `HUB_PRO2` all become `hubpro2`."""
    return "".join(words(text))


def _without_legal_suffix(name: str) -> list[str]:
    found = words(name)
    while found and found[-1] in _LEGAL_SUFFIXES:
        found.pop()
    return found


def names_agree(named: str, names: Sequence[str]) -> bool:
    """Whether product words a document put before a version ("Ceph", "Nexus", "FOS") can name the
    thing called `names`: a word in common, or an acronym of consecutive words (`FOS` for Fabric OS,
    `ICFM` for Counter Fraud Management's initials). Words that name no one thing agree with anything."""
    named_words = [w for w in words(named) if w not in GENERIC_WORDS and not w.isdigit()]
    if not named_words:
        return True
    for name in names:
        name_words = words(name)
        if set(named_words) & set(name_words):
            return True
        if squeezed(named) and squeezed(named) in {squeezed(name)}:
            return True
        for acronym in named_words:
            if len(acronym) >= 2 and _is_acronym(acronym, name_words):
                return True
    return False


def _is_acronym(acronym: str, name_words: Sequence[str]) -> bool:
    """`fos` from (fabric, os): each word of a run gives a prefix of itself, in order."""
    def spelled(rest: str, start: int) -> bool:
        if not rest:
            return True
        for i in range(start, len(name_words)):
            word = name_words[i]
            for n in range(min(len(word), len(rest)), 0, -1):
                if rest.startswith(word[:n]) and spelled(rest[n:], i + 1):
                    return True
            return False  # the run must be consecutive
        return False

    return any(spelled(acronym, i) for i in range(len(name_words)))


@dataclass(frozen=True)
class Naming:
    """What a text names: manufacturers and models by a term that names only them."""

    manufacturers: frozenset[str]
    models: frozenset[ModelKey]
    # models named only inside a longer model's name ("Hub-Pro" in "Vale Hub-Pro 3"): not named, but the ones to
    # try when no model named fits what the statement says (its versions are the Hub-Pro's, not the Hub-Pro 3's)
    within: frozenset[ModelKey] = frozenset()


@dataclass(frozen=True)
class CplDictionary:
    """Terms (squeezed words) to the manufacturers and models they name, and the names of each."""

    manufacturer_terms: dict[str, frozenset[str]]
    model_terms: dict[str, frozenset[ModelKey]]
    manufacturer_names: dict[str, tuple[str, ...]]  # id -> its names (for messages and name checks)
    model_names: dict[ModelKey, tuple[str, ...]]
    longest_term: int
    full_names: dict[str, frozenset[ModelKey]] = field(default_factory=dict)  # a model's whole name, squeezed
    # what `find` found, by text: a run asks it of the same titles, file names and senders again and again
    _found: dict[str, Naming] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, entries: Iterable[CplEntry]) -> CplDictionary:
        maker_terms: dict[str, set[str]] = defaultdict(set)
        whole_maker_names: dict[str, set[str]] = defaultdict(set)  # a maker's whole name, squeezed
        model_terms: dict[str, set[ModelKey]] = defaultdict(set)
        maker_names: dict[str, set[str]] = defaultdict(set)
        model_names: dict[ModelKey, set[str]] = defaultdict(set)
        full_names: dict[str, set[ModelKey]] = defaultdict(set)
        for entry in entries:
            maker, model = entry.manufacturer_id, (entry.manufacturer_id, entry.model_id)
            maker_names[maker].update(n for n in (entry.manufacturer_name, maker) if n)
            model_names[model].update(n for n in (entry.model_name, entry.model_id) if n)
            for term in _manufacturer_terms(entry.manufacturer_name, maker):
                maker_terms[term].add(maker)
            whole_maker_names["".join(_without_legal_suffix(entry.manufacturer_name))].add(maker)
            for term in _model_terms(entry.model_name, entry.model_id, entry.manufacturer_name):
                model_terms[term].add(model)
            if entry.model_name and len(words(entry.model_name)) <= _LONGEST_NAME:
                full_names[squeezed(entry.model_name)].add(model)
        return cls(
            manufacturer_terms=_unique_maker_terms(maker_terms, whole_maker_names),
            model_terms={t: frozenset(v) for t, v in model_terms.items()},
            manufacturer_names={k: tuple(sorted(v)) for k, v in maker_names.items()},
            model_names={k: tuple(sorted(v)) for k, v in model_names.items()},
            longest_term=max((len(t.split()) for t in (*maker_terms, *model_terms)), default=1),
            full_names={t: frozenset(v) for t, v in full_names.items() if t},
        )

    def find(self, text: str) -> Naming:
        """The manufacturers and models a text names by their terms (word runs of the text, squeezed,
        looked up). A model's whole name, or a term only it has, names it; a term the models of one
        manufacturer share names them when nothing names one; a term of several manufacturers' models
        names those of a manufacturer the same text names. A single plain word ("Support") is a
        model's term only where the text capitalises it, as names are."""
        if (known := self._found.get(text)) is None:
            known = self._found[text] = self._find(text)
        return known

    def _find(self, text: str) -> Naming:
        tokens = re.findall(r"[A-Za-z0-9]+", text)
        makers: set[str] = set()
        models: set[ModelKey] = set()
        shared: set[ModelKey] = set()  # named only by a term several models have ("Ultrasonic" of G4 and G5 Ultrasonic)
        across: set[ModelKey] = set()  # named by a term of several makers' models ("Elasticsearch")
        spans: dict[ModelKey, list[tuple[int, int]]] = defaultdict(list)  # where each model alone is named
        maker_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        model_name_spans: list[tuple[int, int]] = []  # where a model's whole name of several words is
        for size in range(1, min(_LONGEST_NAME, len(tokens)) + 1):
            for start in range(len(tokens) - size + 1):
                run = tokens[start : start + size]
                term = "".join(run).lower()
                if size == 1 and term in GENERIC_WORDS:
                    continue
                if found := self.manufacturer_terms.get(term):
                    makers |= found
                    for maker in found:
                        maker_spans[maker].append((start, start + size))
                if whole := self.full_names.get(term):
                    if size > 1:
                        model_name_spans.append((start, start + size))
                    if len({m for m, _ in whole}) > 1:
                        across |= whole
                    else:
                        (models if len(whole) == 1 else shared).update(whole)
                        if len(whole) == 1:
                            spans[next(iter(whole))].append((start, start + size))
                if size > 4 or not (found_models := self.model_terms.get(term)):
                    continue
                if size == 1 and run[0].isalpha() and not run[0][:1].isupper():
                    continue  # "support" in "Elastic support" is no product's name
                if len({m for m, _ in found_models}) > 1:
                    across |= found_models
                else:
                    (models if len(found_models) == 1 else shared).update(found_models)
                    if len(found_models) == 1:
                        spans[next(iter(found_models))].append((start, start + size))
        for domain in re.findall(r"@([A-Za-z0-9.-]+)", text):  # sender addresses: acme-metering.co.uk
            label = squeezed(domain.split(".")[0])
            makers |= self.manufacturer_terms.get(label, frozenset())
        # "Nextcloud (image maintainers)" names one maker, not also "Nextcloud"; nor does the "Nextcloud" of the
        # model name "Nextcloud Server" name the maker called just that
        for maker, found_at in list(maker_spans.items()):
            outside = [span for span in found_at if not any(_inside(span, name) for name in model_name_spans)]
            if outside:
                maker_spans[maker] = outside
            else:
                makers.discard(maker)
                del maker_spans[maker]
        makers = _most_specific(makers, maker_spans)
        specific = _most_specific(models, spans)
        within = models - specific
        if not any(m[0] in makers for m in specific):
            # a name several makers' models share counts once the text names the maker, when nothing else of
            # that maker is named ("from Bolt about its G4 Ultrasonic" beside a stray "Keypad" of another maker's model)
            specific |= {m for m in across if m[0] in makers}
        models = specific or shared
        return Naming(frozenset(makers), frozenset(models), frozenset(within))


def _inside(span: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether a run of a text's words lies within another, longer run."""
    return other[0] <= span[0] and span[1] <= other[1] and other != span


def _most_specific(models: set[_Named], spans: Mapping[_Named, list[tuple[int, int]]]) -> set[_Named]:
    """"Hub-Pro 3 release notes" names the Hub-Pro 3, not also the Hub-Pro: a model (or a maker) named
    only inside the longer name of another one named there is left out."""
    return {
        model for model in models
        if not spans.get(model)
        or not all(any(_inside(span, o) for m in models if m != model for o in spans.get(m, ())) for span in spans[model])
    }


def _unique_maker_terms(terms: Mapping[str, set[str]], whole_names: Mapping[str, set[str]]) -> dict[str, frozenset[str]]:
    """Terms that name one manufacturer. "Nextcloud" is one maker's whole name and another's first word
    ("Nextcloud (image maintainers)"): the whole name decides; a first word two makers share names neither."""
    unique: dict[str, frozenset[str]] = {}
    for term, makers in terms.items():
        if len(makers) == 1 or _is_identifier(term):
            unique[term] = frozenset(makers)
        elif len(whole := whole_names.get(term, set()) & makers) == 1:
            unique[term] = frozenset(whole)
    return unique


def _is_identifier(term: str) -> bool:
    return bool(re.fullmatch(r"(?:0x)?[0-9a-f]{1,4}", term))


def _manufacturer_terms(name: str, identifier: str) -> set[str]:
    terms = {identifier.lower(), f"0x{identifier.lower()}"}
    core = _without_legal_suffix(name)
    if core:
        terms.add("".join(core))
        terms.add("".join(words(name)))
        if len(core[0]) >= 3 and core[0] not in GENERIC_WORDS:
            terms.add(core[0])  # "Acme" for Acme Metering Ltd
        if len(core) >= 2 and all(w[0].isalpha() for w in core) and len(core) <= 4:
            initials = "".join(w[0] for w in core)
            if len(initials) >= 3:
                terms.add(initials)
    return {t for t in terms if t}


def _model_terms(name: str, identifier: str, maker: str = "") -> set[str]:
    """A model's terms; the manufacturer's own name in it ("Marlowe" of Marlowe M-One) names the maker, not the model."""
    terms = {identifier.lower(), f"0x{identifier.lower()}"}
    if not name:
        return terms
    terms.add(squeezed(name))
    makers_words = set(words(maker))
    for part in re.split(r"\s+", name):
        squeezed_part = squeezed(part)
        if not squeezed_part or squeezed_part in GENERIC_WORDS or squeezed_part in makers_words:
            continue
        if re.search(r"\d", squeezed_part) and re.search(r"[a-z]", squeezed_part):
            terms.add(squeezed_part)  # "E470", "G4", "AM-E200"
        elif "-" in part and len(squeezed_part) >= 4:
            terms.add(squeezed_part)  # "Hub-Pro"
        elif len(squeezed_part) >= 4 and not squeezed_part.isdigit():
            terms.add(squeezed_part)
    parts = [w for w in words(name) if w not in GENERIC_WORDS]
    if len(parts) >= 2:
        terms.add("".join(parts))
    spelled = words(name)
    if (rest := spelled[next((i for i, w in enumerate(spelled) if w not in makers_words), len(spelled)) :]) and len(rest) < len(spelled):
        terms.add("".join(rest))  # "KeyPad P2" of Corvane KeyPad P2: the name without its maker's
    maker_words = _without_legal_suffix(maker)
    if len(spelled) >= 2 and len(spelled[0]) >= 2 and _is_acronym(spelled[0], maker_words) and (
        len(spelled) >= 3 and re.search(r"\d", "".join(spelled[1:])) or len(spelled) == 2 and len(spelled[1]) >= 5 and spelled[1] not in GENERIC_WORDS
    ):
        # "Relay 2" of Tamarind Systems' TS-Relay 2, "Sentinel" of Castellan Instruments' CI-Sentinel: the name without its maker's initials
        terms.add("".join(spelled[1:]))
    for k in range(2, len(spelled)):  # the name's beginning: "Hub-Pro 3" of Hub-Pro 3 Dual Band
        telling = [w for w in spelled[:k] if w not in GENERIC_WORDS and w not in makers_words and (len(w) >= 2 or w.isdigit())]
        if telling and (len(spelled[k - 1]) >= 2 or spelled[k - 1].isdigit()):
            terms.add("".join(spelled[:k]))
    return {t for t in terms if t and not t.isdigit()}
