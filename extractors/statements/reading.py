"""One statement taken apart: which versions it names, in which part, and what that makes them.

A requirement is read by its parts, not matched as a whole sentence. Each version mention gets a role
from the words around it:

- a **target** is what is being installed ("upgrade to X", "before installing X", "X can only be
  updated from", "upgrades to X require");
- a **step** is an intermediate release ("first upgrade to X", "upgrade to X before upgrading to T",
  "via X", "X is required before");
- a **base** is what must already run ("from X", "running X", "must be on X", "requires X",
  "at least X", "X or later");
- a **bound** only limits who a rule is for ("earlier than X", "prior to X", "X or below");
- a **scenario** describes the reader's situation ("if you are running X and want to upgrade to Y").

The path is then the base, the steps, the target, in that order, and each consecutive pair is one
requirement. Chains (`A -> B -> C`, "to A, then to B") and lists of steps are paths too. What makes a
sentence something else is read by its parts as well: a negated clause ("not supported", "cannot"),
a downgrade, a defect fixed or a feature introduced, a question, another person's history ("I went
from A to B"). A sentence with a requirement's cue and a version that none of this takes apart is
returned as unread, with the reason, for a person to read.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from enum import StrEnum

from extractors.statements import folding
from extractors.statements.folding import folded_twin
from firpath.domain import Relation
from firpath.domain.versions import MentionKind, parse_firmware_version, version_mentions


class Role(StrEnum):
    TARGET = "target"
    STEP = "step"
    BASE = "base"
    BOUND = "bound"
    SCENARIO_BASE = "scenario base"
    SCENARIO_TARGET = "scenario target"
    NONE = "none"


@dataclass(frozen=True)
class Mention:
    """A version in a statement, with what the words around it make of it."""

    text: str
    start: int
    end: int
    kind: MentionKind | None  # None for a bare number or `latest`, read as a version by its words
    role: Role = Role.NONE
    minimum: bool = False  # "X or later", "at least X"
    and_later: bool = False  # a target "X and later"
    upper: str = ""  # a range's end ("from X through Y"): Y
    named_with: str = ""  # product words before it ("Ceph" in "Ceph 17.2")
    final: bool = False  # a target after "before upgrading to": every other target is a step on the way
    negated: bool = False  # "not 01020006", "upgrade from 01000005 is not supported"
    component: bool = False  # another component's or protocol's version ("GBCS v2.0", "hardware version 0002")
    replaced: bool = False  # what a release supersedes ("6.6, which supersedes 6.5"): its history, in no path
    up_to: bool = False  # a bound that includes itself ("01.04.00.05 or earlier"): every release up to it


@dataclass(frozen=True)
class StatedRequirement:
    """One requirement as a statement gives it, before it is tied to a device: `target` may be
    installed on `bases` (per `relation`). `target` "" means the document's own release."""

    target: str
    bases: tuple[str, ...]
    relation: Relation
    cue: str  # how it was read: "path", "chain", "from-to", "table", ...
    target_and_later: bool = False
    named_with: tuple[tuple[str, str], ...] = ()  # (version as written, product words before it)
    target_through: str = ""  # a range of targets, "4.2 - 4.5 may only go on ...": the newest of them

    def named(self, version: str) -> str:
        return dict(self.named_with).get(version, "")


@dataclass(frozen=True)
class Reading:
    """What one statement says: its requirements, or (when it has a requirement's cues but could not
    be taken apart) why it is listed for a person to read; `scenario` carries "if you are running X"
    over to the statements that follow it in the same paragraph or list."""

    requirements: tuple[StatedRequirement, ...] = ()
    unread: str = ""
    scenario: tuple[Mention, ...] = ()


# --- words -------------------------------------------------------------------------------------------

_MOVE = r"(?:upgrad|updat|migrat|mov|go|going|went|install|apply|appl|flash|load|deliver|bring|brought|get|deploy|activat|transition|jump|take|receiv)\w*"
_VERSION_WORDS = r"(?:(?:the|a|an|any|version|versions|release|releases|firmware|fw|build|image|software|os|version\(s\)|v\.?|production|stable|latest|newest|most\s+recent|current|intermediate|minimum|next|new|target|lts|major|minor|patch|installed|base|state)\s*:?\s+)"
_PRODUCT = r"(?:(?-i:[A-Z][\w.+-]*)\s+){0,3}"  # product words before a version ("Vertica", "Splunk UBA")
# up to four words between "to" and the version: a product name, "version", "a production release of"
_GAP = r"(?:(?!(?:from|to|on|onto|into|running|runs|reports?|reporting|than|before|after|via|through|at|least|minimum|or|and|if|when|then|first)\b)[\w.()'-]+\s+){0,5}?"
_NOT_A_PRODUCT = {
    "a", "an", "the", "any", "all", "version", "versions", "release", "releases", "firmware", "fw", "build", "image",
    "software", "os", "v", "to", "from", "on", "of", "at", "and", "or", "is", "are", "be", "update", "upgrade",
    "latest", "newest", "current", "production", "stable", "intermediate", "minimum", "new", "next", "lts",
    "major", "minor", "patch", "series", "level", "for", "with", "running", "than", "only", "first", "then",
    "device", "devices", "meter", "meters", "unit", "units", "fix", "pack", "service", "hotfix", "edition", "it",
    "this", "that", "these", "those", "your", "our", "their", "its", "existing", "earlier", "older", "later",
    "ppmid", "ppmids", "ihd", "ihds", "esme", "esmes", "gsme", "gsmes", "chf", "chfs", "hub", "hubs", "comms", "cad", "cads",
    "applicable", "required", "supported", "permitted", "allowed", "valid", "eligible", "prerequisite", "base", "target",
}  # fmt: skip

_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|cannot|can't|can\s+not|won't|isn't|aren't|don't|doesn't|unsupported|"
    r"impossible|will\s+fail|fails?\b|prohibited|forbidden|unsafe|at\s+risk|no\s+need|need\s*n[o'\u2019]t|without\s+(?:passing|going|stepping)|(?:will\s+be|is|are)\s+(?:\w+ly\s+)?(?:prevented|blocked|refused|rejected)|"
    r"no\s+(?:direct\s+|supported\s+)?(?:upgrade\s+|update\s+|migration\s+)?(?:path|route|way)|"
    r"(?:there\s+is\s+)?no\s+(?:direct\s+|supported\s+)?(?:upgrade|update|migration)s?\s+from)\b",
    re.I,
)
_DECOY = re.compile(
    r"\b(?:downgrad\w*|roll(?:s|ed|ing)?\s*back|known\s+issues?|revert\w*|fixe[sd]\b(?!\s+(?:build|release|image|firmware|version)\b)|fixed\s+in|resolve[sd]\b|"
    r"corrected(?!\s+(?:route|path|sequence|order|base|version|list|table)\b)|introduced(?!\s+there\b|\s+by\s+(?:it|that|this)\b)|as\s+of|"
    r"(?<!are\s)(?<!'re\s)(?<!permitted\s)(?<!allowed\s)(?<!possible\s)(?<!supported\s)starting\s+(?:with|from|in)|since\s+(?:release|version|v)|work(?:s|ing)?\s+(?:on|with)\b|compatib\w+\b(?!\s+with\s+(?:the\s+)?(?:units?|devices?|meters?|hubs?|systems?|controllers?)\s+(?:currently\s+)?(?:running|on|at|with\s+firmware))|vulnerab\w+|"
    r"cve-|security\s+(?:fix|update|issue)|released\s+on|not\s+yet\s+(?:possible|available|supported)|contact\s+(?:our\s+|your\s+|\w+\s+){0,2}(?:technical\s+)?support|outside\s+the\s+scope\s+of|"
    r"recommended\s+to\s+(?:upgrade|update)|(?:brought|bring|kept|keep)\s+up\s+to\s+date\b|"
    r"first\s+(?:seen|observed|reported|noticed|found|appeared)\b|not\s+present\s+in\b|(?:step|update|hop)\s+is\s+optional\b|(?:page|document|guide|section|article)\s+lists\s+(?:the\s+)?(?:procedures?|steps?)\b|deprecated|end\s+of\s+(?:life|support)|"
    r"removed\s+support(?!\s+for\s+(?:\S+\s+){0,2}?(?:upgrad|updat|migrat))|supports?\s+the\s+following|"
    r"i\s+(?:went|had|upgraded|updated|tried|flashed)|we\s+(?:went|tried)|\(success\)|\(fail|"
    # what to do once updated, not what the update goes on: "... you must re-pair the meter after updating."
    r"(?:must|should|need\s+to|have\s+to)\s+(?:[a-z-]+\s+){1,6}after\s+(?:updating|upgrading|the\s+(?:firmware\s+)?(?:update|upgrade))\s*(?:[.;]|$)|"
    # a feature's or the hardware's own minimum, not what this release goes on
    r"(?:format|feature|functionality|option|protocol|mode|command|api|setting)s?\s+(?:is|are)\s+(?:only\s+)?supported\s+(?:from|since|starting)|"
    r"hardware\s+(?:changes?|revisions?)\s+(?:that\s+)?(?:requires?|needs?)\b|"
    r"(?:requires?|need)\s+(?:a\s+)?(?:valid\s+)?(?:support\s+)?(?:subscription|licen[cs]e|contract)\b|"  # licensing, not a base
    # how an update is done, not what it goes on: "units on 2.0 can be updated via the web UI; earlier ones need a cable"
    r"(?:can|may|must|should)\s+(?:only\s+)?be\s+(?:updated|upgraded|flashed|installed)\s+(?:only\s+)?(?:via|using|with|over|through|from)\s+(?:the\s+|a\s+)?"
    r"(?:web\s*(?:ui|gui|interface|page)|ota|over[-\s]the[-\s]air|(?:mobile\s+)?app|usb|cable|sd[-\s]?card|serial|console|cli|(?:desktop\s+)?tool|wi-?fi|bluetooth)\b)",
    re.I,
)
_DECOY_TWIN = folded_twin(_DECOY)  # asked of ASCII text lower-cased: about three times faster (folding.py)
_DIGIT = re.compile(r"\d")
# every no-prerequisite wording has one of these: `\b(?:no|any|all|first)\b` case-insensitively (or the
# words of a launch release, "prerequisite", "N/A", "irrespective"/"regardless" of the base), written
# to start with a first letter (only "n", "a", "f" and their capitals match those), so that a search skips
# to them, the `\b` before it asked after
_NONE_WORD = r"[nNaAfF](?<!\w[nNaAfF])(?i:o|ny|ll|irst)\b"
_NONE_STEMS = ("launch", "initial", "original", "prerequisite", "n/a", "irrespective", "regardless", "erstversion", "vorgänger", "première", "primera")
_NONE_HINT = re.compile(_NONE_WORD + "|(?i:" + "|".join(map(re.escape, _NONE_STEMS)) + ")")
_NONE_WORD_ONLY = re.compile(_NONE_WORD)


def _none_hint(text: str) -> bool:
    """`_NONE_HINT.search(text)`, asked faster of ASCII text (almost all): there a letter matches
    case-insensitively only its two cases, so the stems are looked for in the lower-cased text by
    substring tests (a case-insensitive alternation is tried at every position, several times slower)."""
    if not text.isascii():
        return _NONE_HINT.search(text) is not None
    if _NONE_WORD_ONLY.search(text) is not None:
        return True
    lowered = text.lower()
    return any(stem in lowered for stem in _NONE_STEMS)


def _asks(text: str) -> bool:
    return text.rstrip().endswith("?")


def _has_cue(text: str) -> bool:
    """Whether a word of the sentence is a requirement's cue (or an arrow): most prose has none, and
    a set of words is asked much faster than an alternation of words tried at every position."""
    lowered = text.lower()
    words = folding.words(lowered)  # _WORD.findall(lowered), faster (and than its words between spaces first)
    return (
        not _CUE_WORDS.isdisjoint(words)
        # a word can start with a stem only where the stem is in the text: asked first, word by word after
        or (_CUE_STEM_IN.search(lowered) is not None and any(word.startswith(_CUE_STEMS) for word in words))
        or _CUE_SIGN_IN.search(text) is not None
        or (">" in text and _SPACED_GT.search(text) is not None)
    )


_WORD = re.compile(r"\w+")  # the words `\b...\b` would find
# cues without which a sentence states no requirement (checked before any parsing)
_CUE_WORDS = frozenset(
    "must shall need needs needed require required requires requirement only first minimum min least prior earlier older "
    "later higher newer above greater before then via through interim intermediate mandatory supported possible allowed "
    "permitted valid can cannot may path from running sequence order step steps stop stops ensure directly if upgrade update "
    "base reject rejects rejected refuse refuses refused below ahead depend depends dependent assume assumes baseline eligible already previously follow follows hop against once until unless entry expects expect underneath cumulative top precede preceded precedes applicable inclusive straight never predates predate irrespective regardless onto install installs over applies mindestens ab onwards check verify nur solo que richiede requiere erfordert benötigt voraussetzung préalable qualified validated voraus nécessite requiert beforehand installable loadable".split()
)
_CUE_STEMS = ("prerequisite", "mandate", "successive", "precondition", "condition", "presuppos")
_CUE_SIGNS = ("->", "\u2192", "=>", "\u21d2", ">>", "<-", "\u2190")
# the same as substring tests, each one search of literals (faster than a test per stem or sign)
_CUE_STEM_IN = re.compile("|".join(map(re.escape, _CUE_STEMS)))
_CUE_SIGN_IN = re.compile("|".join(map(re.escape, _CUE_SIGNS)))
_SPACED_GT = re.compile(r"\s>\s")
_ARROW = r"(?:->|\u2192|=>|\u21d2|-{1,2}>|>>?)"

# --- roles from the words before and after a version ------------------------------------------------

_NOT_BELOW = r"\b(?:must|should|shall|may|can)\s+not\s+be\s+(?:below|under|lower\s+than|older\s+than|earlier\s+than)\s+" + _VERSION_WORDS + r"*"
_ROLE_BEFORE: tuple[tuple[Role, re.Pattern[str], bool], ...] = tuple(
    (role, re.compile(pattern + r"\s*$", re.I), minimum)
    for role, pattern, minimum in (
        # the release a requirement is for: "the minimum version for X is", "Prerequisite for X:"
        (Role.TARGET, r"\b(?:minimum|min\.?|prerequisites?|requirements?|required|base|upgrade\s+path|starting\s+(?:points?|builds?|versions?)|entry\s+points?)\s+(?:\w+\s+){0,3}?for\s+(?:the\s+)?(?:(?!(?:is|are|was|were|be|to|from|on|applying|installing|upgrad\w*|updat\w*)\b)[\w.-]+\s+){0,3}?" + _VERSION_WORDS + r"*", False),
        # "must be no earlier than X for Y": Y is what the floor is for
        (Role.TARGET, r"\b(?:than|least|minimum|min\.?)\s+" + _VERSION_WORDS + r"*[\w.-]+\s+(?:or\s+(?:later|higher|newer)\s+)?for\s+(?:the\s+)?" + _VERSION_WORDS + r"*", False),
        # "must not be below X": X or later, not a bound
        (Role.BASE, _NOT_BELOW, True),
        # bounds: who a rule is for, never a base
        (Role.BOUND, r"(?<!\bno\s)(?<!\bnot\s)\b(?:(?:earlier|older|lower|less|below|prior)\s+than|prior\s+to(?!\s+\w+ing\b)|pre-?dates?|pre-?dating)\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.BOUND, r"\b(?:versions?|releases?|firmware|builds?|anything|from|running|on|than|is)\s+(?:(?:the|a|any)\s+)?(?:\w+\s+)?(?:before|below|under)\s+" + _VERSION_WORDS + r"{0,2}", False),
        (Role.BOUND, r"\b(?:below|under|pre-?)\s+" + _VERSION_WORDS + r"{0,2}", False),
        (Role.BOUND, r"(?:<=?|≤)\s*" + _VERSION_WORDS + r"{0,2}", False),
        (Role.BOUND, r"(?<!ed\s)(?<!ht\s)(?<!ng\s)(?<!ve\s)(?<!go\s)\bup\s+to\s+(?:and\s+including\s+)?" + _VERSION_WORDS + r"{0,2}", False),
        # minimums: stated as such, before anything else can read the words as a target
        (Role.BASE, r"\b(?:at\s+least|minimum(?:\s+of)?|min\.?|mindestens|ab|minimaal|vanaf|au\s+moins|almeno|not\s+(?:earlier|older|lower)\s+than|no\s+(?:earlier|older|lower)\s+than)\s+" + _VERSION_WORDS + r"*" + _GAP, True),
        # "starting from X (or higher)" where a move is only permitted so
        (Role.BASE, r"\b(?:permitted|allowed|possible|supported)\s+starting\s+(?:from|with)\s+" + _VERSION_WORDS + r"*(?:state\s+)?", False),
        # "Precondition for update: Installed firmware version X"
        (Role.BASE, r"\b(?:precondition|prerequisite|requirement)s?\s+(?:for\s+(?:the\s+)?(?:update|upgrade|installation)\s*)?:\s*(?:installed\s+|current\s+)?" + _VERSION_WORDS + r"*", False),
        (Role.BASE, r"\b(?:n[ée]cessite|requiert|richiede|requiere|erfordert|benötigt)\s+(?:la\s+|le\s+|il\s+|l')?" + _VERSION_WORDS + r"*", False),  # "requires" (fr, it, es, de)
        # "only on" in German, Italian, French, Spanish: "darf nur auf Geräte mit X", "si installa solo su display che hanno già la X"
        (Role.BASE, r"\b(?:nur\s+auf|solo\s+su|soltanto\s+su|que\s+sur|uniquement\s+sur|s[oó]lo\s+(?:sobre|en))\s+(?:\S+\s+){0,5}?(?:mit|con|de|avec|la|le|il|l'|già\s+la)?\s*" + _VERSION_WORDS + r"*", False),
        (Role.BASE, r"\bau\s+pr[ée]alable\s+(?:être\s+)?(?:en|sur)\s+(?:la\s+|le\s+)?" + _VERSION_WORDS + r"*", False),  # "doit au préalable être en X"
        # what a release was qualified or validated from: "was only ever validated from 2.4.0.12"
        (Role.BASE, r"\b(?:qualified|validated|certified|tested)\s+(?:only\s+)?from\s+" + _VERSION_WORDS + r"*", False),
        (Role.BASE, r"\bappl(?:y|ies)\s+(?:only\s+)?(?:on|to)\s+" + _VERSION_WORDS + r"*", False),  # "Hotfix; applies on v1.3.0"
        (Role.BASE, r"\b(?:minimum|lowest|oldest)\s+(?:\S+\s+){0,9}?\S*?(?:\bis|\bare|:|=)\s*" + _VERSION_WORDS + r"*", True),
        (Role.BASE, r"(?:>=?|≥)\s*" + _VERSION_WORDS + r"{0,2}", True),
        # a labelled base: "Base firmware: 4.5.3.8+", "Prerequisite version: 2.1"
        (Role.BASE, r"\b(?:base|prerequisite|required|installed|source|existing)\s+(?:firmware|version|release|build)s?\s*(?:[:=]|\bis\b|\bare\b)\s*" + _VERSION_WORDS + r"*", False),
        (Role.BASE, r"\b(?:already|currently)\s+(?:on|at|running)\s+" + _VERSION_WORDS + r"*", False),  # "any meter already on 03.04"
        # "02.01.00.04 is reached from 02.01.00.00", "2.7.0.0 on that hardware upgrades from 2.6.0.3"
        (Role.BASE, r"\b(?:is|are)\s+(?:only\s+)?(?:reached|reachable)\s+(?:only\s+)?from\s+" + _VERSION_WORDS + r"*", False),
        # the release a statement is for, in German and French: "Für 0x10000100 ist ...", "Pour passer en 02.01.00.00, ..."
        (Role.TARGET, r"(?:^|[.;:]\s+)(?:für|pour\s+passer\s+(?:en|à)|pour\s+installer)\s+(?:la\s+|die\s+)?" + _VERSION_WORDS + r"*", False),
        # a labelled list of bases: "Upgrade from: 0x00040002, 0x00040101", "Upgradeable from: ..."
        (Role.BASE, r"(?:^|[.;]\s+)(?:upgrade|update|install|migrat)\w*\s+(?:directly\s+)?from\s*:\s*" + _VERSION_WORDS + r"*", False),
        # a procedure's check before it installs: "Check the hub reports 1A010000 or 1A010101"
        (Role.BASE, r"\b(?:check|verify|ensure|make\s+sure)\s+(?:that\s+)?(?:the\s+)?(?:\w+\s+){0,2}?(?:reports?|is\s+(?:on|running|at)|runs|shows|displays)\s+" + _VERSION_WORDS + r"*", False),
        (Role.BASE, r"(?:^|[.;:]\s+)(?:any|all|every)\s+" + _VERSION_WORDS + r"*", False),  # "Any 03.01.xx.xx unit must first ...": who is moved
        # the same labelled for its release: "Base firmware for 10.13.01.0004: 10.13.01.0001+"
        (Role.BASE, r"\b(?:base|prerequisite|required)\s+(?:firmware|version|release|build)s?\s+(?:for|of)\s+(?:\S+\s+){0,3}?\S+\s*[:=]\s*" + _VERSION_WORDS + r"*", False),
        # "hubs that have been updated to 4.8.3": where they already are
        (Role.BASE, r"\b(?:have|has)\s+(?:already\s+)?been\s+(?:fully\s+|successfully\s+)?(?:updated|upgraded|brought\s+up|moved|migrated|taken)\s+to\s+" + _VERSION_WORDS + r"*", False),
        (Role.BASE, r"\b(?:base|minimum|prerequisite)\s+(?:firmware|version|release|build)s?\s+required\s*[:=]\s*" + _VERSION_WORDS + r"*", False),
        # "0x00060004 can go straight onto X": a version going onto another goes on its base
        (Role.BASE, r"\d[\w.]*\)?\s+(?:(?:can|may|will|must|should|shall)\s+)?(?:only\s+)?(?:go|goes|went)\s+(?:straight\s+|directly\s+)?(?:onto|on\s+top\s+of|over)\s+" + _VERSION_WORDS + r"*", False),
        # "installed on X": what it goes on is a base, before "install ... to" can read it as a target
        (Role.BASE, r"\b(?:installed|applied|loaded|flashed|deployed|install|apply|load|flash)\s+(?:only\s+)?(?:on|over)\s+" + _VERSION_WORDS + r"*", False),
        # steps: an intermediate release
        (Role.STEP, r"\bfirst\s+(?:" + _MOVE + r"\s+)?(?:(?!then\b)\S+\s+){0,4}?(?:to|on|at)\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.STEP, r"\b(?:via|through|thru)\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.STEP, r"(?:^|[,;:]\s*)first\s+" + _VERSION_WORDS + r"*", False),  # "..., first V1.0.32 is needed"
        (Role.STEP, r"\b(?:interim|intermediate)\s+(?:update|upgrade|step|release|hop|stage)\s+(?:to|of|via)\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.STEP, r"\bfirst\s+(?:install|apply|load|flash|deploy|activate|take|receive)\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.STEP, r"\bmust\s+first\s+be\s+(?:on|at|running)\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.STEP, r"\b(?:needs?|requires?|take|get)\s+(?:the\s+|an?\s+)?(?:interim|intermediate)\s+" + _VERSION_WORDS + r"*", False),  # "need the intermediate 1.2.0.4 build"
        (Role.STEP, r"\b(?:stop|pause|halt)\s+(?:off\s+)?(?:at|on)\s+" + _VERSION_WORDS + r"*", False),  # "stop at v2.6.0 on the way"
        # targets: what is being installed
        (Role.TARGET, r"\b" + _MOVE + r"\s+(?:\S+\s+){0,6}?(?:directly\s+|straight\s+)?(?:to|into|onto)\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.TARGET, r"\b(?:installing|applying|loading|flashing|activating|deploying)\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.TARGET, r"\b(?:eligible|qualif(?:y|ies|ied)|cleared|approved)\s+for\s+(?:the\s+)?" + _VERSION_WORDS + r"*", False),  # "units on A are eligible for B"
        # after a version labelling where a line starts: "0x00040002: either 0x00040007 or ...", "A: straight to B"
        (Role.TARGET, r"\d[A-Fa-f]{0,2}:\s*(?:either\s+)?(?:(?:go|move|upgrade|update)\s+)?(?:straight\s+|directly\s+)?(?:to\s+)?" + _VERSION_WORDS + r"*", False),
        (Role.TARGET, r"\b(?:must|should|shall|can|may|needs?\s+to|has\s+to|have\s+to)\s+(?:take|receive)\s+" + _VERSION_WORDS + r"*", False),  # "hubs on A must take B, then C"
        (Role.TARGET, r"(?:^|[.;]\s+)(?:target|new)\s+(?:firmware\s+|version\s+|release\s+)?(?:[:=]\s*)?", False),  # "Target 2.3.0: ..."
        (Role.TARGET, r"\b(?:to\s+)?(?:reach|get\s+to)\s+" + _VERSION_WORDS + r"*" + _PRODUCT, False),  # "To reach 6.0, ..."
        (Role.TARGET, r"(?:^|[.;:]\s+|\b(?:only|never|not)\s+)(?:apply|install|load|flash|deploy|send|push|offer|distribute)\s+" + _VERSION_WORDS + r"*", False),  # "Only apply 5.0.0 to hubs ...", "Never send X to ..."
        (Role.TARGET, r"\b(?:before|prior\s+to)\s+(?:(?:you|it|they|we|devices?|meters?|units?)\s+)?(?:can\s+)?(?:install|apply|load|flash|activat|deploy|take|receiv)\w*\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.TARGET, r"\bto\s+" + _VERSION_WORDS + r"*" + _PRODUCT, False),
        (Role.TARGET, r"(?:^|[.;]\s+)(?:starting\s+(?:with|from)|as\s+of)\s+" + _VERSION_WORDS + r"*" + _PRODUCT, False),  # "As of 1.46, ..."
        (Role.TARGET, r"\bthen\s+(?:to\s+|(?:install|apply|load|flash|deploy|take|receive)\w*\s+|(?:upgrade|update|move|go)\s+to\s+|attempt\s+)?" + _VERSION_WORDS + r"*" + _PRODUCT, False),
        (Role.TARGET, r"\b(?:update|upgrade|step|install\w*|requir\w*|mandatory|needed|necessary|deliver\w*)\s+before\s+(?:a\s+possible\s+)?" + _VERSION_WORDS + r"{0,2}", False),
        # bases: what must already run
        (Role.BASE, r"\bfrom\s+(?:any\s+)?(?:(?:the|these)\s+(?:following|listed)\s+)?" + _VERSION_WORDS + r"*(?:(?:is|are)\s+)?" + _GAP, False),
        (Role.BASE, r"\b(?:running|runs|run|reports?|reporting|operating\s+(?:in|on))\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.BASE, r"\b(?:on\s+top\s+of|over|based\s+on|built\s+(?:on|against))\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.BASE, r"\b(?:be|is|are|being|currently)\s+(?:(?:presently|currently|still)\s+)?(?:on|at)\s+" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.BASE, r"\b(?:requires?|required|requiring|needs?|have|has|with(?!\s+(?:the\s+)?(?:hardware|hw)\b)|presuppos\w+)\s+(?:a\s+|an\s+)?" + _VERSION_WORDS + r"*" + _GAP, False),
        (Role.BASE, r"\b(?:on|at)\s+" + _VERSION_WORDS + r"+", False),
        (Role.BASE, r"\b(?:devices?|meters?|units?|hubs?|ihds?|ppmids?|displays?|nodes?|systems?|clusters?|hosts?|those|customers?|sites?|anything|everything)\s+"
                    r"(?:still\s+|currently\s+)?(?:on|at)\s+" + _VERSION_WORDS + r"*", False),
    )
)
# What a version belongs to when it is not the device's firmware: a component's or protocol's version.
_COMPONENT = re.compile(
    r"\b(?:hardware|hw|gbcs|smets\d?|duis|chts|zigbee|radio|stack|modem|bootloader|boot\s*loader|boot\s+code|protocol|"
    r"database|postgres\w*|mysql|java|jdk|python|kernel|driver|sdk|api\s+level|browser|ios|android|windows|"
    r"dcc|head\s*end|(?:mobile\s+|companion\s+)?app|application\s+version|sr|service\s+request)\b",  # "via SR 11.1": a DCC service request
    re.I,
)
_FIRMWARE_WORD = re.compile(r"\b(?:firmware|fw)\b", re.I)  # "SMETS2 firmware 1.2" is the device's; "DCC Release 5.2" is not
_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:or|and)?|\bor\b|\band\b|/|&|\|)\s*(?:" + r"(?:the|a|version|versions|firmware|fw|release|v|directly|straight)\s+" + r")*(?:(?-i:[A-Z])[\w.+-]*\s+)?$", re.I)

_MINIMUM_AFTER = re.compile(
    r"^\s*(?:\+|(?:or|and)\s+(?:later|higher|newer|above|greater|up|beyond|more\s+recent|subsequent)\b|(?:and|or)\s+(?:any|a)\s+(?:later|subsequent)|(?:and\s+)?onwards?\b|"
    r"\(\s*(?:minimum|min\.?|or\s+later|or\s+higher|or\s+newer)\s*\)|\(\s*or\s+(?:any|a)\s+(?:later|higher|newer)\b|as\s+(?:a|the)\s+minimum\b|at\s+(?:a\s+|the\s+)?minimum\b)",
    re.I,
)
_UPGRADED_OBJECT = re.compile(r"\b(?:upgrade|update|migrate)\s+(?:(?:the|your|all|any|existing)\s+)?(?:[A-Z][\w.+-]*\s+){0,2}$")
_NAMING_ASIDE = re.compile(r"\s*\((?:hw|hardware|model|id|rev)\b[^()]{0,20}\)", re.I)
_BOUND_AFTER = re.compile(r"^\s*(?:or|and)\s+(?:earlier|older|below|lower|before|prior)\b", re.I)
_AND_LATER_AFTER = re.compile(r"^\s*(?:and|or)\s+(?:later|newer|higher|above|beyond|up)\b|^\s*\+", re.I)
_TARGET_AFTER = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*|,\s*(?:which|that)\s+[^,;()]{0,60}?,\s*)?(?:in\s+(?:its|their)\s+turn\s+|in\s+turn\s+|itself\s+)?(?:for\s+(?:the\s+)?(?:[\w.-]+\s+){0,4}?(?:\([^()]{0,40}\)\s*)?)?(?:(?!or\b|and\b)\S+\s+){0,2}?(?:(?:can|may|shall|must|should|will)\s+(?:only\s+)?(?:ever\s+)?be\s+(?:only\s+)?"
    r"(?:installed|applied|updated|upgraded|loaded|flashed|activated|deployed|used|delivered|sent|pushed|offered|distributed)|requires?\b|needs?\b|"
    r"(?:can|may)\s+only\b|has\s+(?:the\s+following\s+)?(?:upgrade\s+)?requirements?|(?:only\s+)?goes\s+(?:only\s+)?(?:on|onto)\b|"
    r"(?:can|may)\s+go\s+(?:straight\s+|directly\s+)?onto\b|"
    r"(?:cannot|can\s+not|can't|must\s+not|may\s+not|shall\s+not|will\s+not|won't)\s+be\s+(?:installed|applied|loaded|flashed|used)|"
    r"(?:will\s+|can\s+|may\s+)?(?:only\s+)?install\s+(?:only\s+)?(?:over|on)\b|(?:is|are)\s+(?:only\s+)?(?:installed|loaded|applied)\s+(?:only\s+)?over\b|"
    r"setzt\b|n[ée]cessite\b|requiert\b|presuppos\w+|(?:is|are)\s+(?:in\s+(?:its|their)\s+turn\s+|itself\s+|in\s+turn\s+)?(?:only\s+)?(?:installable|loadable)\b|"
    r"(?:only\s+)?(?:supports?|allows?|permits?)\s+(?:a\s+|the\s+)?(?:direct\s+)?(?:upgrad|updat|migrat)\w*\s+(?:directly\s+)?from|"
    r"[-\u2013:]\s*(?:prerequisite|required|base|minimum)\s+(?:firmware|version|release)\b)",  # "Firmware 1.9.4 - prerequisite firmware: 1.8.2" (a labelled line); also "X supports updating from Y"
    re.I,
)
_STEP_AFTER = re.compile(
    r"^(?:\s*\([^()]{0,30}\))?(?:\s+(?!must|should|shall|you|need|without)[a-z]+)?\s+first\b|^\s+in\s+between\b|^\s+beforehand\b|^\s*(?:\S+\s+){0,3}?(?:as\s+an?\s+(?:interim|intermediate)|an?\s+(?:mandatory|required|necessary)\s+(?:(?:intermediate|interim)\s+)?(?:update|upgrade|step|release)\s+before|(?:is|are)\s+(?:required|needed|mandatory)\s+"
    r"(?:before|prior)|must\s+be\s+installed\s+(?:before|first|prior)|(?-i:before)\s+(?:you\s+)?(?:can\s+)?(?:\S+\s+){0,3}?"
    + _MOVE + r"|prior\s+to\s+" + _MOVE + r")",
    re.I,
)
_BASE_AFTER = re.compile(
    r"^\s*(?:or\s+(?:later|higher|newer|above)\s+)?(?:(?:must|needs?\s+to|has\s+to|shall|should)\s+(?:already\s+)?be\s+"
    r"(?:installed|running|present|loaded)|is\s+(?:installed(?!\s+(?:only\s+)?(?:over|onto|on\s+top)\b)|required|needed|a\s+prerequisite|mandatory)|"
    r"is\s+the\s+(?:minimum|lowest|earliest|oldest)\b|"  # "v4.2 is the minimum starting point"
    r"is\s+(?:fine|ok|okay|valid|suitable|good)\s+as\s+(?:a\s+|the\s+)?base\b|(?:als\s+)?Voraussetzung\b|"
    r"as\s+(?:the\s+|a\s+)?(?:starting|entry)\s+(?:build|point|version|release|image)\b|"  # "lists 01.02.00.00 as the starting build"
    r"(?:is|are)\s+(?:the\s+|a\s+)?(?:only\s+)?(?:valid|supported|accepted|possible)?\s*(?:starting|entry)\s+(?:points?|builds?|versions?)\b|"
    # a version labelling where a line starts from: "0x00040007: straight to 0x00050000", "A and B: go to S first"
    r":\s*(?:(?:go|move|upgrade|update)\s+)?(?:straight|directly|first|either|via|to)\b|"
    # the subject a move is refused for: "V1.0.21 can not be updated direct to V1.1.17"
    r"(?:can|cannot|can\s*not|may|must)\s+(?:not\s+)?be\s+(?:updated|upgraded|moved|taken)\s+(?:direct(?:ly)?\s+|straight\s+)?to\b)",
    re.I,
)
_SCENARIO = re.compile(
    # the condition runs to its comma, or to where a main clause starts without one ("if you are on 4.23
    # you need to be on 4.48 before ...")
    r"\b(?:if|when|whether|for\s+example,?\s+if|assuming|suppose)\b(?:(?!\b(?:you|they|we|it|devices?|meters?)\s+(?:need|needs|must|have\s+to|has\s+to|should|will\s+need)\b)[^,;:])*$|"
    r"\b(?:want|wish|plan|planning|intend|like)\s+to\s+\S+\s+\S*\s*$",
    re.I,
)
_FINAL_BEFORE = re.compile(
    r"\bbefore\s+(?:you\s+)?(?:can\s+)?(?:\S+\s+){0,2}?(?:upgrad|updat|install|mov|migrat|apply|go|load|flash)\w*\s+"
    r"(?:\S+\s+){0,4}?(?:to\s+)?" + _VERSION_WORDS + r"*" + _GAP + r"$",
    re.I,
)
_NEGATED_AFTER = re.compile(
    r"^(?:[^,;.]|\.(?=\w))*?\b(?:(?:is|are)\s+(?:not|no\s+longer)\s+(?:\w+ly\s+)?(?:supported|possible|allowed|permitted)|will\s+not\s+work|will\s+fail|"
    r"won't\s+work|(?:is|are)\s+not(?=\s*(?:[.;]|$))|(?:isn['\u2019]t|aren['\u2019]t)\s+(?:\w+ly\s+)?(?:supported|possible|allowed|permitted)|not\s+(?:\w+ly\s+)?(?:supported|possible|allowed|recommended)|(?:cannot|can\s+not|can't|will\s+not|won't)\s+(?:be\s+)?" + _MOVE + r"|"
    r"(?:will\s+be|is|are)\s+(?:\w+ly\s+)?(?:prevented|blocked|refused|rejected))",
    re.I,
)
_ANY_OTHER = re.compile(r"\s+(?:\w+\s+)?(?:on|by|from|over|onto|with|for)\s+(?:any|all|every)\s+other\b", re.I)
_PATH_CUE = re.compile(
    r"\b(?:must|shall|need|needs|required?|requires|only|first|minimum|at\s+least|prerequisite\w*|mandatory|interim|check|verify|"
    r"intermediate|supported|supports|possible|allowed|permitted|valid|before|prior|via|through|ensure|make\s+sure|have\s+to|direct|no\s+(?:earlier|older|lower)\s+than|any\s+other|eligible|goes\s+(?:only\s+)?onto|nothing\s+else|beforehand|presuppos\w+|installable|loadable|"
    r"(?:can|may)\s+(?:only\s+)?be\s+(?:installed|applied|loaded|flashed)|precondition\w*|mindestens|ab|onwards?|voraus|n[ée]cessite|requiert|"
    r"appl(?:y|ies)\s+(?:only\s+)?(?:on|to)|install\w*\s+(?:only\s+)?over|"
    r"has\s+to|directly|straight|then|not\s+be\s+(?:below|under|lower|older|earlier)|(?:installed|applied|loaded)\s+(?:only\s+)?(?:on|over|onto)|suitable|applicable|as\s+(?:a\s+|the\s+)?base|or\s+(?:a\s+|any\s+)?(?:later|higher|newer|above)|and\s+(?:later|higher|newer|above)|base\s+(?:firmware|version)s?)\b|\+|"
    r"\b(?:if|when|once|after)\b.{0,80}?\b(?:upgrad|updat|install|flash|go|mov)\w*\s+(?:\S+\s+){0,3}?to\b|"
    r"\b(?:upgrad|updat|install|migrat)\w*\s+(?:directly\s+)?from\s*:|"  # "Upgrade from: A, B"
    r"\breach(?:ed|able)\s+(?:only\s+)?from\b|\b(?:starting|entry)\s+(?:points?|builds?|versions?)\b|"
    r"\b(?:nur\s+auf|solo\s+su|que\s+sur|richiede|requiere|erfordert|benötigt|voraussetzung|au\s+pr[ée]alable|(?:qualified|validated)\s+(?:only\s+)?from)\b",
    re.I,
)
_THEN = re.compile(r"\b(?:then|and\s+then|after\s+that|afterwards|followed\s+by|next)\b", re.I)
# a number of 1-4 digits standing alone: `(?<![\w.-])(\d{1,4})(?!\w|\.\d)` written to start with its
# digit (the character before it is asked after), so that a search skips to the digits
_BARE_NUMBER = re.compile(r"(\d(?<![\w.-]\d)\d{0,3})(?!\w|\.\d)")
_NUMBER_LEAD = re.compile(
    r"(?:\b(?:version|release|v|from|to|firmware|fw|os|major)|" + _ARROW + r")\s*$|"
    r"\b(?:from|to|through|via)\s+(?:(?-i:[A-Z][\w+-]*)\s+){1,2}$",  # "to reach Gridlink 9 ... through Gridlink 8"
    re.I,
)
_NUMBER_TRAIL = re.compile(r"^\s*(?:" + _ARROW + r"|to\s+\d)")
_SUITS = re.compile(r"\b(?:suitable|applicable|intended|compatible)\s+(?:only\s+)?(?:for|to|with)\b", re.I)  # "suitable for meters at 3.2.0 or above"
_REQUIRES_AFTER = re.compile(r"^\s*(?:will\s+)?(?:requires?|needs?|can\s+only|may\s+only|only\s+supports?)\b", re.I)  # "Hubcore 5 will require"
# `(?<![\w<])latest(?![\w>])` case-insensitively, written to start with its first letter (the only
# characters that match "l" so are "l" and "L"), so that a search skips to them
_LATEST = re.compile(r"[lL](?<![\w<][lL])(?i:atest)(?![\w>])")
# "moved to the latest release directly": the release being installed is the newest, whichever it is
# ("the latest version of 5.6", "the latest 2.x", "latest firmware for the hub" name a line or a thing)
_MEASURE_AFTER = re.compile(
    r"^\s*(?:to\s+\d+\s*)?(?:%|percent|minutes?|hours?|days?|weeks?|months?|nodes?|gb|mb|gib|times|steps?|years?|seconds?)\b", re.I
)
_LISTED_AFTER = re.compile(r"^\s*(?:to|->|,|\.|$|and|or|\))")
_YEAR_AFTER = re.compile(r"^\s*,\s*\d{4}\b")
_MONTH_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s*$", re.I)
_LATEST_TARGET = re.compile(
    r"latest\s+(?:version|release|firmware)(?!\s+(?:of|in|for|on|from|that|which|available)\b|\s*[\d(])", re.I
)


# The names the document being read gives its releases ("Merlin SP2" for 00110200, see
# context.name_aliases): set for one document's reading by `named_releases`, part of every cache key below.
_RELEASE_NAMES: ContextVar[tuple[str, ...]] = ContextVar("release_names", default=())


@contextlib.contextmanager
def named_releases(names: Sequence[str]) -> Iterator[None]:
    """Read the statements inside as naming these releases too (longest first)."""
    token = _RELEASE_NAMES.set(tuple(names))
    try:
        yield
    finally:
        _RELEASE_NAMES.reset(token)


def mentions(text: str) -> list[Mention]:
    """Version mentions of a statement: the versions `version_mentions` finds, bare numbers that the
    words around them make versions ("from 7 to 8", "Drupal 8 to", "13->14"), `latest` in a chain, and
    the names the document gives its releases."""
    return list(_mentions(text, _RELEASE_NAMES.get()))


@functools.lru_cache(maxsize=8192)
def _mentions(text: str, names: tuple[str, ...] = ()) -> tuple[Mention, ...]:
    found = _spotted(text, names)
    ends = [0] + [m.end for m in found]
    read = [replace(m, named_with=_product_words(text[ends[i] : m.start]), **_roles(text, m)) for i, m in enumerate(found)]
    return tuple(_minimum_as_base(text, _range_ends(_target_ranges(text, _share_listed_roles(text, read)))))


@functools.lru_cache(maxsize=64)
def _named_release(names: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a document's release names, longest first ("Merlin SP2" before "Merlin"); a name
    followed by a service pack's or revision's mark is another release the document did not name."""
    alternatives = "|".join(map(re.escape, names))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])(?!\s+(?:SP\s?\d|R\d|Mk\s?\d|II|III)\b)")


_ANY_BEFORE = re.compile(r"\bany\s+(?:(?:of\s+)?the\s+)?$", re.I)
_LINE_AFTER = re.compile(r"\s*(?:builds?|releases?|versions?|images?|firmware|line|train|series)\b", re.I)
_CLAUSE_NUMBER = re.compile(r"\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\s+(?:A|An|The|This|These|Meters?|Devices?|Units?|All|Any|Each|Every|If|When|Before|After)\s")


@functools.lru_cache(maxsize=8192)
def _spotted(text: str, names: tuple[str, ...] = ()) -> tuple[Mention, ...]:
    """The mentions of `mentions` before the words around them give them roles (which cost most of
    it): where there are none, or the statement is a decoy, the roles are never read."""
    found = [Mention(m.text, m.start, m.end, m.kind) for m in version_mentions(text)]
    if found and found[0].start == 0 and _CLAUSE_NUMBER.match(text):
        found = found[1:]  # "3.1 A meter must be on 3.2.0.5 ...": a numbered clause, its number no version
    if "any" in text or "Any" in text or "ANY" in text:  # "any 01.02 build", "any 01.03 release": every release of that line, a family
        found = [replace(m, text=f"{m.text}.x", kind=MentionKind.FAMILY) if m.kind is MentionKind.NUMBER and _ANY_BEFORE.search(text, 0, m.start)
                 and _LINE_AFTER.match(text, m.end) else m for m in found]  # fmt: skip
    for m in _named_release(names).finditer(text) if names else ():
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            found.append(Mention(m.group(0), m.start(), m.end(), MentionKind.NUMBER))
    taken = [(m.start, m.end) for m in found]
    # beside a CPL-form version a bare number is a model's ("Hub-Pro 3 needs 01030306"), never a version
    bare = () if found and any(m.kind is MentionKind.OCTETS for m in found) else _BARE_NUMBER.finditer(text)
    for m in bare:
        if any(s <= m.start() < e for s, e in taken):
            continue
        # the words next to a number decide; `before` is cut short: searching for a pattern anchored at
        # its end scans the whole string, and most numbers (a defect's, a duration) are no version. A
        # measure is never one, whatever comes before it: asked first, as it only looks at the start of `after`
        after = text[m.end() :]
        if _MEASURE_AFTER.match(after):
            continue
        before = text[max(0, m.start() - 80) : m.start()]
        if _NUMBER_LEAD.search(before) or _NUMBER_TRAIL.match(after) or (_REQUIRES_AFTER.match(after) and _product_words(before)) or (
            _LISTED_AFTER.match(after) and _product_words(before)
        ):
            if _YEAR_AFTER.match(after) or _MONTH_BEFORE.search(before):
                continue  # a date
            found.append(Mention(m.group(1), m.start(), m.end(), None))
    # `latest` is only where its letters are (in ASCII text they match nothing but their two cases)
    for m in _LATEST.finditer(text) if not text.isascii() or "latest" in text.lower() else ():
        before = text[: m.start()]
        if re.search(_ARROW + r"\s*$", before) or re.match(r"^\s*" + _ARROW, text[m.end() :]) or _LATEST_TARGET.match(text, m.start()):
            found.append(Mention(m.group(0), m.start(), m.end(), None))
    if not found:
        return ()  # most statements: nothing to order or pair
    found.sort(key=lambda x: x.start)
    # "R7.1 (07010011)": the bracket names the same release in another form (the document's aliases pair
    # them for mapping), so it is no version of its own that a statement reads
    return tuple(m for a, m in zip([None, *found], found) if a is None or not _ALIAS_OPEN.fullmatch(text, a.end, m.start) or not _ALIAS_CLOSE.match(text, m.end))


_ALIAS_OPEN = re.compile(r"\s*\(\s*(?:cpl:?\s*)?", re.I)
_ALIAS_CLOSE = re.compile(r"\s*\)")


_DIRECT_MOVE = re.compile(r"\b" + _MOVE + r"\b.{0,60}?\bdirectly\b|\bdirectly\s+" + _MOVE, re.I)


_RANGE_SIGN = re.compile(r"[`'\"]?\s*(?:-|\u2013|\u2014|through|thru)\s*[`'\"]?", re.I)


def _target_ranges(text: str, read: list[Mention]) -> list[Mention]:
    """"Firmware 4.2 - 4.5 may only go on ...": the requirement is for every release of the range. Its
    older end is the target, with the newer one as `upper`; the newer end becomes a bound, named but
    no target of its own. (A range up to `latest` is not widened: which releases `latest` meant when
    it was written, the text does not say; such a statement is listed, see claims.unplaced.)"""
    for i, m in enumerate(read):
        if m.role is not Role.TARGET or m.kind is None:
            continue
        if i + 1 < len(read) and (other := read[i + 1]).kind is not None and (sign := _RANGE_SIGN.fullmatch(text[m.end : other.start])):
            low, high = sorted((i, i + 1), key=lambda j: order_key(read[j].text))
            if order_key(read[low].text) == order_key(read[high].text):
                continue
            # "6.1 through 6.4" is a range; "to 7.0 through 6.5" goes via 6.5, and a dash joins either way round
            dashed = not re.search(r"th", sign.group(0), re.I)
            joined = other.role in (Role.TARGET, Role.NONE) if dashed else (low == i and other.role in (Role.TARGET, Role.NONE, Role.STEP))
            if not joined:
                continue
            read[low] = replace(read[low], role=Role.TARGET, upper=read[high].text)
            read[high] = replace(read[high], role=Role.BOUND)
    return read


def _range_ends(read: list[Mention]) -> list[Mention]:
    """"on firmware X through Y": Y is where the range of bases ends, not a step to go through."""
    for i in range(1, len(read)):
        if read[i - 1].upper and read[i].text == read[i - 1].upper and read[i].role is not Role.BOUND:
            read[i] = replace(read[i], role=Role.BOUND)
    return read


def _minimum_as_base(text: str, read: list[Mention]) -> list[Mention]:
    """"Everything else (8.4.1+) can be moved to the latest release directly": a minimum that no
    word gives a role, beside a target the sentence moves to directly, is where that move starts."""
    loose = [i for i, m in enumerate(read) if m.role is Role.NONE and m.minimum and not m.component]
    if len(loose) != 1 or any(m.role in (Role.BASE, Role.SCENARIO_BASE) for m in read):
        return read
    if sum(m.role is Role.TARGET for m in read) != 1 or not _DIRECT_MOVE.search(text):
        return read
    read[loose[0]] = replace(read[loose[0]], role=Role.BASE)
    return read


def _listed_together(text: str, first: Mention, second: Mention) -> bool:
    """Whether two versions are listed side by side ("A, B or C"), past an aside that says what the
    first is ("1.2 (build 4) or 1.3 (build 3)", "R7.1 (07010011) or R7.2")."""
    return _LIST_GLUE.match(_BUILD_ASIDE.sub("", text[first.end : second.start], count=1)) is not None


_BUILD_ASIDE = re.compile(r"^\s*\((?:build|b|rev\.?|r)?\s*[\w.]{1,12}\)", re.I)


_SO_IS = re.compile(r"(?:\band\s+so\s+(?:is|does|can|will)|,\s*as\s+(?:is|does|can))\s+(?:" + _VERSION_WORDS + r")*$", re.I)


def _share_listed_roles(text: str, read: list[Mention]) -> list[Mention]:
    """A version listed with another ("01020005, 01020006 or 01020007", "4.53.00/4.53.01") has its role;
    one added after the clause ("..., and so is v4.3.1", "as is 3.2") has the role of the first base."""
    for i, m in enumerate(read):
        if m.role is Role.NONE and i and _SO_IS.search(text, max(0, m.start - 20), m.start):
            if (first := next((b for b in read[:i] if b.role is Role.BASE), None)) is not None:
                read[i] = replace(m, role=Role.BASE, minimum=first.minimum)
    for i in range(1, len(read)):
        previous, current = read[i - 1], read[i]
        if not _listed_together(text, previous, current):
            continue
        if re.search(r"\beither\s+(?:\S+\s+)?$", text[max(0, previous.start - 20) : previous.start], re.I) and "or" in text[previous.end : current.start]:
            read[i] = replace(current, role=previous.role, minimum=previous.minimum, final=previous.final, negated=previous.negated)
            continue  # "be on either 1.1.4 or 1.1.6": the second is what the first is
        if current.role is Role.NONE and previous.role is not Role.NONE:
            read[i] = replace(current, role=previous.role, minimum=current.minimum or previous.minimum, final=previous.final,
                              negated=previous.negated)  # fmt: skip
        elif previous.role is Role.BASE and current.role in (Role.STEP, Role.TARGET) and re.search(r"\bor\b|/", text[previous.end : current.start]):
            # "must be on 4.12 or 4.13 before this update", "meters still on A or B need two updates": one of two bases
            read[i] = replace(current, role=Role.BASE)
    for i in range(1, len(read)):  # "From releases earlier than 8.3.x, including 8.2.x:": 8.2.x is a base
        previous, current = read[i - 1], read[i]
        if (current.role is Role.NONE and previous.role is Role.BOUND and _INCLUDING.match(text[previous.end : current.start])
                and re.search(r"\bfrom\b[^.:;]*$", text[: previous.start], re.I)):  # fmt: skip
            read[i] = replace(current, role=Role.BASE)
    for i in range(len(read) - 2, -1, -1):
        current, following = read[i], read[i + 1]
        if current.role is Role.NONE and following.role is not Role.NONE and _listed_together(text, current, following):
            read[i] = replace(current, role=following.role, minimum=following.minimum, negated=following.negated)
    return read


# a parenthesis without a number in it, unless it says what the version is ("(minimum)", "(or later)")
_ASIDE = re.compile(r"\s*\((?![^()]*\d)(?!\s*(?:minimum|min\.?|or\s+(?:later|higher|newer))\s*\))[^()]{1,60}\)", re.I)
_INCLUDING = re.compile(r"^\s*[,(]?\s*(?:including|incl\.|such\s+as|e\.g\.,?)\s+(?:\S+\s+){0,2}?$", re.I)

_VERSION_NOUNS = {
    "a", "an", "the", "any", "version", "versions", "release", "releases", "firmware", "fw", "build", "builds", "image",
    "software", "os", "v", "latest", "newest", "current", "production", "stable", "lts", "major", "minor", "patch",
    "series", "level", "edition", "new", "next", "intermediate", "minimum", "base", "target", "installed", "of",
    "older", "newer", "earlier", "later", "than", "below", "above", "prior",
}  # fmt: skip
_COMMON_CAPITALISED = {
    # a row's status or a verb in another language before a version: never a product ("Done | 0x10000100", "Installare 05010000")
    "done", "open", "closed", "blocked", "pending", "both", "für", "pour", "per", "para", "likewise", "also", "installare", "installieren", "instalar", "installer", "caricare", "cargar",
    "charger", "aggiornare", "aktualisieren", "actualizar", "aufspielen", "einspielen",
    "upgrading", "updating", "upgrade", "update", "updates", "upgrades", "migration", "migrating", "migrate", "require",
    "requires", "required", "requirement", "after", "before", "directly", "direct", "important", "note", "warning",
    "caution", "servers", "server", "clients", "client", "nodes", "node", "cluster", "clusters", "systems", "system",
    "please", "then", "first", "once", "when", "if", "for", "you", "we", "it", "upgrading", "install", "installing", "as",
    "starting", "apply", "applying", "load", "loading", "deploy", "take", "send", "go", "move", "step", "next", "finally",
    "flash", "flashing", "lta", "lts", "ota", "issu", "ga", "rc", "sp", "cu", "fp", "hf", "tc", "eol", "eeol", "fix",
    "pack", "service", "hotfix", "build", "step", "steps", "prerequisites", "prerequisite", "example", "any", "all",
    "only", "supported", "support", "minimum", "maximum", "current", "target", "base", "from", "to",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yes", "no", "ok",
}  # fmt: skip


def _product_words(before: str) -> str:
    """The capitalised words right before a version (`Ceph` in "Ceph 17.2"), passing over words like
    "version" and "release" and the capitalised words a sentence starts with ("Upgrading to 3.4.0")."""
    before = before.rsplit("|", 1)[-1]  # a table row read as a line: the words of another cell name nothing here
    if before.rstrip().endswith(("(", ":")):
        # "Heron R2 (00200200)": the words before the bracket name the release, not a product; "Answer: 00010100": a label
        return ""
    words = re.findall(r"(?<![\w.])[A-Za-z][\w+/-]*", before[-60:])  # not the letters inside a hex form ("00020A00")
    named: list[str] = []
    for word in reversed(words):
        lowered = word.lower()
        if lowered in _VERSION_NOUNS and not named:
            continue  # "Ceph version 17.2", "the Splunk UBA release 5.4"
        if lowered in _NOT_A_PRODUCT and not named:
            break  # "Valid upgrade from versions are 0603...": a product is named next to its version
        if lowered in _COMMON_CAPITALISED or lowered in _NOT_A_PRODUCT:
            break
        if word[:1].isupper() or re.fullmatch(r"[A-Za-z][\w-]*\d[\w-]*", word):
            named.append(word)
            if len(named) == 3:
                break
            continue
        break
    return " ".join(reversed(named))


# what must already be in place before a release can go on is a floor: a later release is in place too
_REQUIRED_BEFORE = re.compile(
    r"^\s*(?:(?:is|are|be|must|installed|running|required|mandatory|a|an|the|update|upgrade|release|firmware|version)\s+){0,5}(?:before|prior\s+to)\b", re.I
)
_NOT_BELOW_ANYWHERE = re.compile(_NOT_BELOW, re.I)  # a floor's "not" negates nothing
_REPLACED_BEFORE = re.compile(r"\b(?:supersedes|superseded|replaces|replaced|succeeds)\s+(?:the\s+)?" + _VERSION_WORDS + r"*$", re.I)
_IS_INSTALLED_AFTER = re.compile(r"^\s*(?:is|gets|has\s+been)\s+(?:installed|applied|loaded|flashed|deployed|activated|sent|distributed|delivered)\b", re.I)
_STEP_BEFORE_TARGET = re.compile(r"\b(?:mandatory|required|necessary|intermediate|interim)\s+(?:release|update|upgrade|step|version)\s+before\s+" + _VERSION_WORDS + r"*$", re.I)
_REQUIRED = re.compile(r"\b(?:running|requires?|required|needs?|mandatory|prerequisite|ensure|make\s+sure)\b", re.I)


def _roles(text: str, m: Mention) -> dict[str, object]:
    before, after = text[max(0, m.start - 160) : m.start], text[m.end : m.end + 90]
    if "(" in after:  # "2.4.0 or later (the .tar image) installed before ...": an aside is read past
        after = _ASIDE.sub("", text[m.end : m.end + 160])[:90]
    clause_before = _clause_before(before)
    if _owned_by_component(clause_before):
        return {"role": Role.NONE, "component": True}  # "the minimum GBCS version required is 3.2", "hardware version 0002"
    if _REPLACED_BEFORE.search(clause_before):
        return {"role": Role.NONE, "replaced": True}  # "6.6, which supersedes 6.5, ...": its history, not a base
    fields: dict[str, object] = {}
    if _MINIMUM_AFTER.match(after):
        fields["minimum"] = True
    if _AND_LATER_AFTER.match(after):
        fields["and_later"] = True
    if _BOUND_AFTER.match(after):
        return {"role": Role.BOUND, "up_to": True}
    role, minimum = _role_before(clause_before)
    if minimum:
        fields["minimum"] = True
    clause_after = re.split(r"[.;]\s|,\s(?!then)", after)[0]
    if role is Role.BASE and re.search(r"\b(?:needs?|requires?|install)\s+" + _VERSION_WORDS + r"*$", clause_before, re.I) and re.match(r"^\s+first\b", after):
        role = Role.STEP  # "meters on 2.25 need 2.27 first"
    elif role in (Role.NONE, Role.TARGET) and _STEP_AFTER.match(clause_after):
        role = Role.STEP
    elif role is Role.NONE and _BASE_AFTER.match(after):
        role = Role.BASE
        if re.match(r"^\s*or\s+(?:later|higher|newer|above)|^\s+is\s+the\s+(?:minimum|lowest|earliest|oldest)\b", after, re.I):
            fields["minimum"] = True
    elif role is Role.NONE and _TARGET_AFTER.match(after):
        role = Role.TARGET
    elif role is Role.NONE and _UPGRADED_OBJECT.search(clause_before) and re.match(r"^(?:[^.;:]|\.(?=\w))*?\bto\s+\S", after):
        role = Role.BASE  # "You can upgrade ESXi 5.5.x and ESXi 6.0.x hosts directly to ESXi 6.5": what is upgraded
    elif role is Role.NONE and fields.get("minimum") and (_STRONG_CUE.search(text) or _SUITS.search(text)):  # "Prerequisite: firmware 1.8.0.6 or newer installed"
        role = Role.BASE
    if (role in (Role.BASE, Role.STEP) and _REQUIRED_BEFORE.match(after) and _REQUIRED.search(clause_before + " " + after[:40])
            and not re.search(r"\bfirst\b|\b(?:to|then)\s+" + _VERSION_WORDS + r"*$", clause_before, re.I)):  # fmt: skip
        fields["minimum"] = True  # "must be running 1.2 before 1.5": 1.2 or later
    if role in (Role.BOUND, Role.NONE) and (
        re.search(r"\bbefore\s+" + _VERSION_WORDS + r"*$", clause_before, re.I)
        and (_TARGET_AFTER.match(after) or _IS_INSTALLED_AFTER.match(after) or _STEP_BEFORE_TARGET.search(clause_before))
        or re.search(r"\bwhen\s+" + _VERSION_WORDS + r"*$", clause_before, re.I) and _IS_INSTALLED_AFTER.match(after)
    ):
        role = Role.TARGET  # "... installed on the PPMID before firmware v3.1.1 can be applied", "... before 2.1 is installed"
    if re.search(r"\bbefore\s+(?:the|a|this)\s+$", clause_before, re.I) and re.match(r"^\s+(?:update|upgrade|installation)\b", after, re.I):
        role = Role.TARGET  # "... before the 1.2 update"
    if role is Role.TARGET and _FINAL_BEFORE.search(before):
        fields["final"] = True
    if _NEGATION.search(_NOT_BELOW_ANYWHERE.sub(" ", clause_before)) or (
        (refused := _NEGATED_AFTER.match(after)) and not _ANY_OTHER.match(after, refused.end())
    ):  # "built against X and rejected on any other base": X is the one it takes
        fields["negated"] = True
    if role in (Role.BASE, Role.TARGET) and _SCENARIO.search(clause_before) and not (role is Role.TARGET and _IS_INSTALLED_AFTER.match(after)):
        role = Role.SCENARIO_BASE if role is Role.BASE else Role.SCENARIO_TARGET
    if role is Role.BASE and (rng := re.match(r"^\s*(?:through|thru|to|-|–|until|up\s+to\s+and\s+including)\s+(?:" + _VERSION_WORDS + r")*(\S+)", after := _BUILD_ASIDE.sub("", after, count=1), re.I)):
        if re.match(r"\d", rng.group(1)) and ("any" in clause_before.lower() or "range" in clause_before.lower() or re.match(r"^\s*(?:through|thru|up\s+to\s+and)", after, re.I)
                                             or re.match(r"\s*(?:inclusive|included|both\s+included)\b", after[rng.end() :], re.I)):  # fmt: skip
            fields["upper"] = rng.group(1).rstrip(".,;:)")
    fields["role"] = role
    return fields


def own_versions(text: str) -> list[Mention]:
    """The versions `mentions` finds in a statement (not bare numbers or `latest`) that are not
    another component's, without the roles that cost most of it (their `role` is not read)."""
    return [
        m for m in _spotted(text, _RELEASE_NAMES.get())
        if m.kind is not None and not _owned_by_component(_clause_before(text[max(0, m.start - 160) : m.start]))
    ]  # fmt: skip


# Cached, as _role_before: the same words stand before many versions of a document's boilerplate.
@functools.lru_cache(maxsize=4096)
def _clause_before(before: str) -> str:
    """The clause that the (up to 160) characters before a version end with."""
    before_words = _NAMING_ASIDE.sub("", before)  # "the HP2 (HW 1) firmware": an aside naming the device, not a clause
    return re.split(r"[;!?]\s|\.\s+(?=[A-Z])|\n|\(|\)|,\s*but\b|\bhowever\b|\bunless\b|\s[-\u2013\u2014]\s|"
                    r",\s*(?=(?:you|they|we|it|devices?|meters?|units?)\s+(?:can|could|may|must|should|need|have|will)\b)|,\s*(?=first\b)", before_words)[-1]


@functools.lru_cache(maxsize=4096)
def _owned_by_component(clause_before: str) -> bool:
    """Whether the clause before a version makes it another component's or protocol's version."""
    component = list(_COMPONENT.finditer(clause_before))
    owned_by_component = component and not re.search(r"\b(?:0x)?[0-9A-Fa-f]*\d[0-9A-Fa-f.]*\b", clause_before[component[-1].end() :])
    return bool(owned_by_component and not _FIRMWARE_WORD.search(clause_before[component[-1].end() :]))


@functools.lru_cache(maxsize=4096)
def _role_before(clause_before: str) -> tuple[Role, bool]:
    """The role the words before a version give it: the first of _ROLE_BEFORE that matches up to the
    version, and whether it makes a minimum. Cached: each pattern is tried at every position of the
    clause, and a document's boilerplate puts the same words before many of its versions."""
    for candidate, pattern, minimum in _ROLE_BEFORE:
        if pattern.search(clause_before):
            return candidate, minimum
    return Role.NONE, False


# --- statements -----------------------------------------------------------------------------------


def has_cue(text: str) -> bool:
    return _has_cue(text)


def read_statement(text: str, *, scenario: Sequence[Mention] = ()) -> Reading:
    """The requirements one statement (a sentence, a list item, a table row read as a line) states.

    `scenario`: the situation an earlier statement of the same paragraph set ("if you are running 9.3
    and want 9.7, ..."), used when this one names steps but no base.
    """
    if not _DIGIT.search(text) and not ((names := _RELEASE_NAMES.get()) and _named_release(names).search(text)):
        # no version can be named without a digit (but by a release's name): most prose stops here
        if _none_hint(text) and _NO_PREREQUISITE.search(text) and not _asks(text):
            return _no_prerequisite(text, ())
        return _NOTHING
    if not _has_cue(text) or _asks(text):
        if _launch_hint(text) and _NO_PREREQUISITE.search(text) and not _asks(text):
            return _no_prerequisite(text, mentions(text))  # "1A000100 is the launch build.": no cue word, and no base
        return _NOTHING  # most of the rest: asked before the cache, which then holds the statements worth keeping
    if ", which" in text and (relative := _WHICH_CLAUSE.search(text)) is not None:
        # "Osprey needs Merlin SP2, which is installed over Merlin": the clause is said of Merlin SP2
        first = read_statement(text[: relative.end("version")], scenario=scenario)
        second = read_statement(f"{relative.group('version')} {relative.group('rest')}")
        if first.requirements and second.requirements:
            return _in_turn((first, second))
    if ", and" in text and len(parts := _INDEPENDENT_AND.split(text, maxsplit=1)) == 2:
        # "1.2.0.7 needs 1.2.0.0 installed first, and 1.1.2.0 goes only onto 1.1.0.0": two statements in one
        return _in_turn((read_statement(parts[0], scenario=scenario), read_statement(parts[1])))
    whole = _read_alone(text, _RELEASE_NAMES.get()) if not scenario else _read(text, tuple(scenario))  # boilerplate recurs: read once
    if "; " in text and (whole.unread or whole.requirements and _left_out(text, whole)) and len(parts := re.split(r";\s+", text)) > 1:
        # (a statement read as nothing at all, a decoy's, is never read again by its parts)
        # "4.1.0.15 from 4.1.0.0 onwards; 4.2.0.0 at least 4.1.0.0": one path could not take both in; each
        # clause alone may still say all it says (kept only where the clauses leave out fewer versions)
        combined = _in_turn((read_statement(parts[0], scenario=scenario), *(read_statement(p) for p in parts[1:])))
        if combined.requirements and len(_left_out(text, combined)) < len(_left_out(text, whole)) + (1 if whole.unread else 0):
            return combined
    return whole


def _in_turn(readings: Sequence[Reading]) -> Reading:
    """The readings of a statement's parts, read one after another, as the statement's: every part's
    requirements, the first reason one was not understood, and the situation the last part leaves."""
    return Reading(tuple(r for reading in readings for r in reading.requirements), next((r.unread for r in readings if r.unread), ""),
                   readings[-1].scenario)  # fmt: skip


def _left_out(text: str, reading: Reading) -> set[tuple[int, ...]]:
    """The versions a statement names (in a role or none) that no requirement of its reading uses."""
    used = {order_key(v) for r in reading.requirements for v in (r.target, *r.bases) if v}
    return {
        key for m in mentions(text)
        if m.kind is not None and not m.component and not m.negated and (key := order_key(m.text)) and key not in used
    }  # fmt: skip


# a version and a relative clause about it that states its own requirement
_WHICH_CLAUSE = re.compile(
    r"(?P<version>(?<![\w.])(?:[A-Z][a-z]+(?:\s+(?:SP|R)\d+)?|v?\d[\w.]*\d))\s*,\s*which\s+(?:itself\s+|in\s+turn\s+)?"
    r"(?P<rest>(?:is|are|must\s+be|can\s+be|has\s+to\s+be|needs?|requires?)\b.*)$"
)
# ", and" before a version that a verb follows: a clause with a subject of its own, where "from 1.0, 1.1,
# and 1.2 to 2.0" is one list
_INDEPENDENT_AND = re.compile(
    r",\s+and\s+(?=(?:v|version\s+|firmware\s+)?(?:0x)?\d[\w.]*\d\s+(?:only\s+)?"
    r"(?:goes|go|needs?|requires?|must|can(?:not)?|may|should|has|have|will|is|installs?)\b)",
    re.I,
)


@functools.lru_cache(maxsize=8192)
def _read_alone(text: str, names: tuple[str, ...] = ()) -> Reading:
    return _read(text, ())


_LAUNCH_WORDS = re.compile("launch|factory|delivery|predecessor|precondition|n/a|erstversion|vorgänger|première|primera")


def _launch_hint(text: str) -> bool:
    """Whether a statement with no cue word may still say it has no prerequisite ("1A000100 is the
    launch build."): asked of every such statement, so by a search of literals in the lower-cased text."""
    return _LAUNCH_WORDS.search(text.lower()) is not None
_NOTHING = Reading()  # what most statements read as: one instance (a Reading is frozen), not one each


def _read(text: str, scenario: Sequence[Mention]) -> Reading:
    """A statement with a digit and a requirement's cue, not a question (read_statement asks those first)."""
    if _none_hint(text) and _NO_PREREQUISITE.search(text):
        return _no_prerequisite(text, mentions(text))
    if (opening := _DECOY.match(text)) is not None and _rules_out(opening.group(0)):
        return _NOTHING  # "Fixed an issue where ...": a change log's line, passed over before its versions are sought
    if not _spotted(text, _RELEASE_NAMES.get()):
        return _NOTHING
    # "to move to Hubcore 4.2 for Gridlink 9 compatibility, run Hubcore 4.0+ with Gridlink 8.1":
    # another product's compatibility is the reason, and each product's own path is still stated;
    # any other decoy reads as nothing whatever its versions' roles, so it is asked before they are read
    cues = [m.group(0).lower() for m in folding.finditer(_DECOY, _DECOY_TWIN, text)]
    decoy = _is_decoy(text, cues)
    if decoy and not (all(cue.startswith("compatib") for cue in cues) and _STRONG_CUE.search(text)):
        return _NOTHING
    found = mentions(text)
    if decoy:
        return reading if (reading := _by_product(text, found, scenario)) is not None else _NOTHING
    if _side_by_side(text, found) >= 3:  # "from 1.0.7.6 1.0.7.0 1.0.7.8 1.0.7.6": a table's rows run together
        return Reading(unread=_FLATTENED if _STRONG_CUE.search(text) else "")
    for reader in (_chains, _from_to_pairs, _by_product, _path):
        reading = reader(text, found, scenario)
        if reading is not None:
            if any(_crosses_products(r) and (len(reading.requirements) > 1 or r.relation is Relation.RANGE)
                   for r in reading.requirements):  # fmt: skip
                return Reading()  # "from A 6.8 through A 7.10 to B 1.0": a chain into another product, a migration
            kept = tuple(r for r in reading.requirements if sensible(r))
            if kept and not reading.scenario and (ordered := _completed_by_order(text, found, kept)) is not None:
                return ordered
            if kept and not reading.scenario and (subject := _subject_release(text, found, kept)) is not None:
                kept = tuple(replace(r, target=subject.text) for r in kept)
            if kept or reading.scenario or reading.unread:
                return replace(reading, requirements=kept)
            break  # read, but nothing sensible came of it: listed for reading if it has a requirement's cues
    if (ordered := _by_order(text, found)) is not None:
        return ordered
    return Reading(unread=_why_unread(text, found))


# words that make a sentence say in which order the releases it names go on (or that the one it names goes first)
_ORDER_CUE = re.compile(
    r"\b(?:must|need\w*|requir\w*|(?:has|have)\s+to|prerequisite\w*|minimum|at\s+least|only|first|prior|before|ahead\s+of|then|via|hop|depend\w*|assum\w*|baseline|base|"
    r"against|over|on\s+top|eligible|(?:starting|entry)\s+point|in\s+place|already|previously|follow\w*|sequence|order|once|after|"
    r"until|unless|pre-?condition\w*|expect\w*|underneath|cumulative|preced\w*)\b|\s>\s",
    re.I,
)
# the document's own release named without its number ("Supported base: 4.13" under the release's heading)
_OWN_RELEASE = re.compile(
    r"\b(?:this|the\s+present|the\s+current)\s+(?:release|update|upgrade|version|firmware|image|build|package)\b|^\s*(?:supported|required|valid|eligible)\s+bases?\b",
    re.I,
)
_SEQUENCE_NOUN = re.compile(r"\b(?:order|sequence|path|route|chain)\b", re.I)
_NOT_IN_ORDER = (Role.BOUND, Role.SCENARIO_BASE, Role.SCENARIO_TARGET)
_SIDE_BY_SIDE = re.compile(r"[\s()`'\"]*(?:,|/|&|\band\b|\bor\b|\bnor\b)[\s()`'\"]*(?:(?-i:[A-Z])[\w-]*\s*){0,3}[\s(`'\"]*", re.I)
_UNLESS = re.compile(r"\b(?:won't|will\s+not|cannot|can't|can\s+not|does\s+not|doesn't|is\s+not|isn't|(?:will\s+be|is|are)\s+(?:refused|rejected|blocked))\b(?=[^.;]*\bunless\b)[^.;]*?\bunless\b", re.I)
_CONDITION_FIRST = re.compile(r"\s*(?:if|when|whenever|where|in\s+case|assuming)\b", re.I)
_CHAIN_CUE = re.compile(r"\b(?:then|first|via|through|hop|before|ahead\s+of|sequence|order|after)\b|\s>\s", re.I)


def _completed_by_order(text: str, found: Sequence[Mention], kept: Sequence[StatedRequirement]) -> Reading | None:
    """"Make sure every ESME is on A before scheduling B": the rules read A as a base of the document's
    release and left B unused. Where the order of the versions reads every one of them and agrees with
    all the rules read (the same bases; a target the rules left to the document), it is the reading."""
    used = {order_key(v) for r in kept for v in (r.target, *r.bases) if v}
    if all(order_key(m.text) in used for m in found if m.kind is not None) or (ordered := _by_order(text, found)) is None:
        return None
    pairs = {(order_key(r.target), order_key(b)) for r in ordered.requirements for b in r.bases}
    for r in kept:
        for b in r.bases:
            if not any(base == order_key(b) and (not r.target or target == order_key(r.target)) for target, base in pairs):
                return None
    return ordered


_SUBJECT = re.compile(r"\s*(?:[A-Za-z][^,;:.\d]{0,60}[,:]\s*)?(?:(?:likewise|similarly|also|equally)\s+)?(?:(?:the|a|die|der|das|la|le|el|les|los)\s+)?(?:(?:versione|versión|version)\s+)?(?:(?:release|version|firmware|fw|build|image|package|update)\s+)?", re.I)


def _subject_release(text: str, found: Sequence[Mention], kept: Sequence[StatedRequirement]) -> Mention | None:
    """"As before, 2.14.3 is cumulative; however, it has been validated only on units already on 2.14.1":
    the rules read the base and left the target to the document, but the release the sentence opens
    with (after an opening phrase), as its subject, is what it speaks of. Only where it has no role of its own and is newer than every
    base (firmware goes up)."""
    if any(r.target for r in kept):
        return None
    opening = _SUBJECT.match(text)
    first = next((m for m in found if m.kind is not None), None)
    if first is None or opening is None or first.start != opening.end() or first.role is not Role.NONE:
        return None
    newest = order_key(first.text)
    if all(b and order_key(b) < newest and len(order_key(b)) == len(newest) for r in kept for b in r.bases):
        return first
    return None


def _by_order(text: str, found: Sequence[Mention]) -> Reading | None:
    """The last resort, for wordings no rule above knows ("9.6 is a delta against 9.5"): firmware only
    ever goes up, so where a sentence with a requirement's words, and no negation or decoy's words,
    names two releases of one numbering, the older is what the newer goes on ("or later" after it: a
    minimum); three named in rising order with a word of sequence are a chain; the older two side by
    side beside the newest are its bases. Its cue says it was read by the order of the versions, for
    the reviewer to weigh."""
    found = list({order_key(m.text): m for m in reversed(found)}.values())[::-1]  # "3.2 builds on 3.1, so 3.1 first": two
    if not 1 <= len(found) <= 3 or _NEGATION.search(_UNLESS.sub(" unless", text)) or folding.search(_DECOY, _DECOY_TWIN, text) or not _ORDER_CUE.search(text):
        return None  # a negation counts, but not the one an "unless" turns round ("won't take unless it has had A")
    if len(found) == 1 and not _OWN_RELEASE.search(text):
        return None  # one version, and the sentence does not say it speaks of the document's release
    if any(m.kind not in (MentionKind.OCTETS, MentionKind.NUMBER) or m.component or m.role in _NOT_IN_ORDER for m in found):
        return None  # a bound or a situation ("if the device is on A and goes to B, ...") says who, not what goes on what
    if _CONDITION_FIRST.match(text):
        return None  # "if on A and going to B, flash only the radio image": a situation
    keys = [order_key(m.text) for m in found]
    if len({m.kind for m in found}) > 1 or any(a != b and (a[: len(b)] == b or b[: len(a)] == a) for a in keys for b in keys):
        return None  # "7.1" beside "0x01020304", or "2.4" beside "2.4.1": not one numbering, or one release line
    joined = [bool(_SIDE_BY_SIDE.fullmatch(text[a.end : b.start])) for a, b in zip(found, found[1:])]
    rising = keys == sorted(keys)
    if _OWN_RELEASE.search(text) and (len(found) == 1 or all(joined)) and all(m.role is not Role.TARGET for m in found):
        # "this version builds on 4.13", "Supported base for this update: 4.12, 4.13": bases of the document's release
        return Reading((_requirement(None, found, Relation.MINIMUM if len(found) == 1 and found[0].minimum else Relation.EXACT, "by order"),))
    if len(found) == 2 and not joined[0]:
        older, newer = sorted(found, key=lambda m: order_key(m.text))
        relation = Relation.MINIMUM if older.minimum else Relation.EXACT
        return Reading((_requirement(newer, (older,), relation, "by order"),))
    newest = max(found, key=lambda m: order_key(m.text))
    if len(found) == 3 and joined == ([False, True] if found[0] is newest else [True, False]):
        # "Eligible bases for 6.3.1 are 6.2.0 and 6.2.3": the older ones side by side are each a base of the newest
        return Reading((_requirement(newest, [m for m in found if m is not newest], Relation.EXACT, "by order"),))
    chain = (not any(joined) and _CHAIN_CUE.search(text)) or (all(joined) and _SEQUENCE_NOUN.search(text))
    if len(found) == 3 and rising and chain:  # "on 20.3, take 20.5 ahead of 21.0"; "Migration order is 8.1, 8.4, 9.0"
        return Reading(tuple(_requirement(b, (a,), Relation.EXACT, "by order") for a, b in zip(found, found[1:])))
    return None  # "A (v17) and B (v18) are supported": releases side by side, no order between them


_DIRECT_FROM = re.compile(r"\b(?:upgrad|updat|migrat)\w*\s+directly\s+from\b|\bdirect\s+(?:upgrade|update|migration)s?\s+from\b", re.I)


_DATED_CUE = r"as\s+of|starting\s+(?:with|from)"
_DATED = re.compile(_DATED_CUE)  # compiled once: every decoy's cues are asked
_OPENS_DATED = re.compile(rf"\s*(?:{_DATED_CUE})\b", re.I)


def _rules_out(cue: str) -> bool:
    """A decoy's cue that none of _read's exceptions covers (a dated refusal, a compatibility with a
    path of its own): a statement with it reads as nothing, whatever else it says."""
    cue = cue.lower()
    return _DATED.fullmatch(cue) is None and not cue.startswith("compatib")


def _is_decoy(text: str, cues: Sequence[str]) -> bool:
    """A history, fix, downgrade... sentence (`cues`: its _DECOY matches, lower-cased); but "As of
    1.46, any upgrade from older than 1.39 will fail" is a refusal dated by its release, not a change
    log's "as of"."""
    if cues and all(_DATED.fullmatch(cue) for cue in cues) and _OPENS_DATED.match(text):
        # ... and "Starting from V9, units update directly from any V7+ release" a route dated the same way
        return not (_REFUSAL.search(text) or _FAILS_FROM.search(text) or _DIRECT_FROM.search(text))
    return bool(cues)


_NO_PREREQUISITE = re.compile(
    r"\bno\s+(?:minimum|prerequisite|prior|base|specific\s+(?:base|prior))\w*\s+(?:\w+\s+){0,3}?(?:is|are)\s+(?:required|needed|necessary)\b|"
    r"\b(?:has|have|with|there\s+(?:is|are))\s+no\s+(?:upgrade\s+)?(?:prerequisites?|minimum\s+(?:base\s+)?(?:firmware|version)|"
    r"base\s+(?:firmware|version)\s+requirements?|(?:upgrade\s+)?path\s+requirements?|preconditions?|predecessors?|previous\s+versions?)\b|"
    r"\b(?:can|may)\s+be\s+(?:installed|applied|loaded)\s+(?:on|over|from|onto)\s+(?:any|all)\s+(?:previous|earlier|older|prior)\b|"
    r"\bthere\s+is\s+no\s+(?:earlier|previous|older|prior)\s+(?:version|release|firmware)\b|"
    r"\b(?:is|was)\s+the\s+first\s+(?:firmware\s+|software\s+)?(?:release|version)\s+(?:for|of)\s+(?:the|this)\b|"
    r"\b(?:is|was)\s+the\s+(?:first|launch|initial|original|factory)\s+(?:[A-Za-z][\w-]*\s+)?(?:firmware|release|version|build|image)\b(?!\s+(?:to|that|which|with)\b)|"
    r"\bso\s+n/?a\s+for\s+(?:that|this|it)\b|(?:<-{1,2}|\u2190)\s*(?:n/?a|none)\b|"
    r"\b(?:does\s*n[o\u2019']t|does\s+not|do\s+not)\s+have\s+(?:an?\s+|any\s+)?(?:upgrade\s+)?(?:prerequisites?|minimum\s+(?:base\s+)?(?:firmware|version))\b|"
    r"\b(?:record|enter|mark)\s+it\s+as\s+n/?a\b|"
    # the first version in German, French, Spanish: "ist die Erstversion; keine Vorgängerversion", "première version"
    r"\berstversion\b|\bkeine\s+vorgänger(?:version)?\b|"
    r"\bpremière\s+version\b(?!\s+(?:avec|qui|à|a|de|supportant)\b)|\bprimera\s+versión\b(?!\s+(?:con|que|de|en|a)\b)|"  # not "the first with ..."
    # "may be applied irrespective of the installed version"
    r"\b(?:can|may)\s+be\s+(?:installed|applied|loaded|flashed|deployed)\s+(?:\S+\s+){0,3}?(?:irrespective|regardless)\s+of\s+(?:the\s+|which\s+)?(?:\w+\s+){0,2}?(?:firmware|version|release|build)",
    re.I,
)


def _no_prerequisite(text: str, found: Sequence[Mention]) -> Reading:
    """"No minimum firmware version is required for X", "X can be installed on any previous version",
    "X is the first release for the G5": X has no upgrade path requirement (N/A). Said of one release
    (the one named, or the document's own) and only when nothing in the sentence limits it."""
    named = [m for m in found if m.kind is not None and not m.component]
    named = [
        m for i, m in enumerate(named)
        if not (i and re.fullmatch(r"\s*\(\s*", text[named[i - 1].end : m.start]))  # "04110000 (v4.11.0)": one release
        and not re.match(r"\s*(?:unlike|as\s+with|like)\s+(?:[A-Za-z][\w-]*\s+){0,2}$", text[: m.start], re.I)  # "Unlike 5.4, 5.5 has ..."
    ]  # fmt: skip
    if len(named) > 1 or _NEGATED_NONE.search(text) or folding.search(_DECOY, _DECOY_TWIN, text) or _FIRST_OF_A_LINE.search(text):
        return Reading()
    target = named[0].text if named else ""
    return Reading((StatedRequirement(target, (), Relation.NONE, "no prerequisite"),))


# "the first release of the new platform generation": first of its line, not the device's first (it has a way in)
_FIRST_OF_A_LINE = re.compile(
    r"\bfirst\s+(?:\w+\s+){0,2}?(?:of|in|on)\s+(?:the\s+|a\s+|its\s+)?(?:new\s+)?(?:\w+\s+)?(?:generation|platform|line|series|family|branch|train|major)\b", re.I
)
_NEGATED_NONE = re.compile(r"\b(?:if|unless|except|but|however|only|never|other\s+than|dcc|gbcs|hub)\b", re.I)


_FLATTENED = "versions stand side by side with no words between them: a table's rows run together; read it as the table"


def _side_by_side(text: str, found: Sequence[Mention]) -> int:
    """The longest run of versions with nothing but spaces between them."""
    longest = run = 1
    for previous, mention in zip(found, found[1:]):
        run = run + 1 if not text[previous.end : mention.start].strip() else 1
        longest = max(longest, run)
    return longest if found else 0


def _crosses_products(req: StatedRequirement) -> bool:
    """A target and a base each named with a product, and not the same one (neither name holds the other)."""
    names = {version: name.lower() for version, name in req.named_with if name}
    target = names.get(req.target, "")
    return bool(target) and any(
        (base_name := names.get(base, "")) and base_name not in target and target not in base_name for base in req.bases
    )


def sensible(req: StatedRequirement) -> bool:
    """A requirement that can be one: a base that is not the target itself, nor its own family."""
    from firpath.domain.versions import bare_text, family_pattern

    target = bare_text(req.target) if req.target else ""
    target_form = parse_firmware_version(req.target) if req.target else None
    for base in req.bases:
        if target and bare_text(base) == target:
            return False
        if target_form is not None and req.relation is not Relation.RANGE and (base_form := parse_firmware_version(base)) is not None \
                and base_form.parts > target_form.parts:  # fmt: skip
            return False  # a CPL form newer than the release it would go under: a way back down, never a base
        pattern, other = family_pattern(base), family_pattern(req.target) if req.target else None
        if pattern is not None and other is not None and pattern == other:
            return False
    return bool(req.bases) or req.relation is Relation.NONE


def _clauses(text: str, found: Sequence[Mention]) -> list[tuple[str, list[Mention], int]]:
    """The statement cut at `;`, sentence ends and `but`/`however`, with the mentions of each clause."""
    cuts = [0] + [m.end() for m in re.finditer(r";\s+|(?<=[a-z\)])\.\s+|\bbut\b|\bhowever\b|\bwhile\b", text, re.I)] + [len(text)]
    out = []
    for start, end in zip(cuts, cuts[1:]):
        inside = [m for m in found if start <= m.start < end]
        out.append((text[start:end], inside, start))
    return out


def _negated(clause: str) -> bool:
    return bool(_NEGATION.search(clause))


_TO_GLUE = re.compile(r"^\s*(?:LTS\s+|LTA\s+)?to\s+(?:(?:version|release|v)\s+)?$", re.I)
_CHAIN_GLUE = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?(?:[A-Z][\w.+-]*\s+){0,2}?(?:LTA|LTS)?\s*" + _ARROW + r"\s*(?:[A-Z][\w+-]*\s+){0,2}?$")
_PATH_LINE = re.compile(r"\b(?:upgrade|update|migration|installation)?\s*(?:path|route|sequence)\s*(?:is\b|:|=|\u2013|\u2014|-)", re.I)
_PATH_GLUE = re.compile(r"^\s*(?:,|then|to|and\s+then|,\s*then)\s*$", re.I)
_THEN_GLUE = re.compile(r"^\s*,?\s*(?:and\s+)?(?:then\s+)(?:" + _MOVE + r"\s+)?(?:\S+\s+){0,3}?(?:to\s+)?" + _VERSION_WORDS + r"*(?:[A-Z][\w+-]*\s+){0,2}?$", re.I)


_LEFT_ARROW = re.compile(r"[\s;|]*(?:<-{1,2}|\u2190)\s*")  # "A  <- B", and so as a table's cells joined ("A; <- B")


def _pointing_back(text: str, found: Sequence[Mention]) -> Reading | None:
    """"v1.3.0 (00010300) <- v1.2.0 / v1.2.5": the release on the left goes on those on the right."""
    if len(found) < 2 or not _LEFT_ARROW.fullmatch(_BUILD_ASIDE.sub("", text[found[0].end : found[1].start], count=1)):
        return None
    bases = list(found[1:])
    if any(not _listed_together(text, a, b) for a, b in zip(bases, bases[1:])) or _NEGATION.search(text[bases[-1].end :]):
        return Reading()
    return Reading((_requirement(found[0], bases, Relation.EXACT, "chain"),))


def _chains(text: str, found: Sequence[Mention], scenario: Sequence[Mention]) -> Reading | None:
    """`A -> B -> C`, `A > B > C`, `A/B -> C`: each arrow one requirement (versions listed together on one
    side are alternatives); a negated chain states nothing."""
    if (back := _pointing_back(text, found)) is not None:
        return back
    chains: list[list[list[Mention]]] = []  # chains of stages of alternatives
    current: list[list[Mention]] = [[found[0]]]
    path_line = _PATH_LINE.search(text)
    glues = [text[a.end : b.start] for a, b in zip(found, found[1:])]
    # "Upgrade 2.x to 2.7 to 3.4.1 to 2021.04 LTS": three or more versions one "to" after another are a chain
    to_run = any(all(_TO_GLUE.match(g) for g in glues[i : i + 2]) for i in range(len(glues) - 1))
    for previous, mention in zip(found, found[1:]):
        glue = text[previous.end : mention.start]
        if _CHAIN_GLUE.match(glue) or (path_line and previous.start > path_line.start() and _PATH_GLUE.match(glue)) or (
            to_run and _TO_GLUE.match(glue)
        ):
            current.append([mention])
        elif _listed_together(text, previous, mention) and "," not in glue and not (path_line and previous.start > path_line.start()):
            current[-1].append(mention)
        else:
            chains.append(current)
            current = [[mention]]
    chains.append(current)
    chains = [c for c in chains if len(c) >= 2]
    if not chains:
        return None
    requirements: list[StatedRequirement] = []
    for chain in chains:
        tail = text[chain[-1][-1].end : chain[-1][-1].end + 60]
        head = text[max(0, chain[0][0].start - 60) : chain[0][0].start]
        if _NEGATION.search(tail.split(".")[0]) or re.search(r"\b(?:not|never|cannot)\b[^.;:]*$", head, re.I):
            continue
        stages = [stage for stage in chain if stage[0].text.lower() != "latest" or stage is chain[-1]]
        for bases, targets in zip(stages, stages[1:]):
            for target in targets:
                requirements.append(_requirement(target, bases, Relation.EXACT, "chain"))
    return Reading(tuple(requirements)) if requirements else Reading()


_FROM_TO = re.compile(
    r"\bfrom\s+(?:any\s+)?" + _VERSION_WORDS + r"*(?:[A-Z][\w+-]*\s+){0,3}?(?P<a>§\d+§)(?:\s*(?:,|or|and|/)\s*" + _VERSION_WORDS + r"*(?:[A-Z][\w+-]*\s+){0,2}?(?P<a2>§\d+§))*"
    r"(?:\s+(?:through|thru|-|–)\s+(?:[A-Z][\w+-]*\s+){0,2}?§\d+§)?"
    r"\s*(?:\(?(?:(?!then\b)[^()§]){0,30}\)?\s*)?(?:directly\s+)?(?:to|into|→|->)\s+" + _VERSION_WORDS + r"*(?:[A-Z][\w+-]*\s+){0,3}?(?P<b>§\d+§)",
    re.I,
)
_TO_FROM = re.compile(
    r"\bto\s+" + _VERSION_WORDS + r"*(?:[A-Z][\w+-]*\s+){0,3}?(?P<b>§\d+§)(?:\s+(?!(?:if|when|unless)\b)[^\s:;]+){0,4}?\s+from\s+(?:any\s+)?" + _VERSION_WORDS
    + r"*(?:[A-Z][\w+-]*\s+){0,3}?(?P<a>§\d+§)(?P<more>(?:\s*(?:,|or|and|/)\s*(?:or\s+|and\s+)?" + _VERSION_WORDS + r"*(?:[A-Z][\w+-]*\s+){0,2}?§\d+§)*)"
    r"(?P<upper>\s+(?:through|thru|–|-)\s+(?:[A-Z][\w+-]*\s+){0,2}?§\d+§)?",
    re.I,
)
_PATH_ASSERTED = re.compile(
    r"\b(?:can|could|may|is\s+supported|are\s+supported|supported|possible|allowed|permitted|direct\s+(?:update|upgrade)\s+path|"
    r"(?:update|upgrade)\s+path|directly|explains\s+how|how\s+to|upgrading|updating|migrat\w+|guide|you\s+upgrade|upgrades?\s+(?:is|are)|"
    r"first|then|upgrade|update)\b",
    re.I,
)


def _placeheld(text: str, found: Sequence[Mention]) -> str:
    """The text with each mention replaced by `§i§`, so that patterns can look at its parts."""
    out, last = [], 0
    for i, m in enumerate(found):
        out.append(text[last : m.start])
        out.append(f"§{i}§")
        last = m.end
    out.append(text[last:])
    return "".join(out)


def _from_to_pairs(text: str, found: Sequence[Mention], scenario: Sequence[Mention]) -> Reading | None:
    """"(can) upgrade from A to B", "Upgrading to B from A": B may be installed on A, when the clause
    asserts it (not negated, not a condition, not a step list's introduction)."""
    requirements: list[StatedRequirement] = []
    for clause, inside, offset in _clauses(text, found):
        if len(inside) < 2:
            continue
        held = _placeheld(clause[:], [replace(m, start=m.start - offset, end=m.end - offset) for m in inside])
        index = {f"§{i}§": m for i, m in enumerate(inside)}
        for pattern in (_FROM_TO, _TO_FROM):
            for m in pattern.finditer(held):
                before = held[: m.start()].rsplit(": ", 1)[-1]  # "if you run A and want C, you must: first from A to B"
                if _negated(held) or _SCENARIO.search(before) or re.search(r"\b(?:if|when|whether)\b", before, re.I):
                    continue
                if held.rstrip().endswith(":") or not _PATH_ASSERTED.search(held):
                    continue
                target = index[m.group("b")]
                if target.role is Role.BOUND:
                    continue  # "from A up to and including B": where a range of bases ends, no target
                if index[m.group("a")].role is Role.BOUND:
                    continue  # "units earlier than 7.26 must first go to 7.26": who, not from where
                listed = m.group(0)[: m.start("b") - m.start()] if pattern is _FROM_TO else (m.group("more") or "")
                bases = [index[m.group("a")]] + [index[x] for x in re.findall(r"§\d+§", listed) if index[x] is not index[m.group("a")] and index[x].role is not Role.BOUND and index[x] is not target]
                upper = _upper(held, index, m)
                if upper is not None:
                    requirements.append(_requirement(target, (bases[0], upper), Relation.RANGE, "from-to"))
                    continue
                requirements.extend(replace(r, cue="from-to") for r in _to_target(target, list(dict.fromkeys(bases))))
                if then := _THEN_TO.match(held, m.end()):  # "to 3.1 from 2.6, and then upgrade to 4.3"
                    requirements.append(_requirement(index[then.group("next")], (target,), Relation.EXACT, "from-to"))
                elif _THEN_TO_THIS.match(held, m.end()):  # "... first to 4.1.1, then on to the current version"
                    requirements.append(_requirement(None, (target,), Relation.EXACT, "from-to"))
    if requirements:
        return Reading(tuple(dict.fromkeys(requirements)))
    return None


_THEN_TO = re.compile(
    r"\s*(?:first\s*)?,?\s*(?:and\s+)?then\s+(?:(?:" + _MOVE + r"\s+)?(?:\S+\s+){0,3}?to\s+)?" + _VERSION_WORDS
    + r"*(?:(?-i:[A-Z])[\w+-]*\s+){0,2}?(?P<next>§\d+§)",
    re.I,
)


_THEN_TO_THIS = re.compile(
    r"(?:\s*\([^()]*\))?\s*,?\s*(?:and\s+)?then\s+(?:" + _MOVE + r"\s+)?(?:\S+\s+){0,2}?to\s+(?:the\s+)?(?:current|this|new)\s+(?:version|release)\b",
    re.I,
)


def _upper(held: str, index: dict[str, Mention], m: re.Match[str]) -> Mention | None:
    span = m.group("upper") if "upper" in m.groupdict() and m.group("upper") else m.group(0)
    if r := re.search(r"(?:through|thru|–|\s-)\s+(?:[A-Z][\w+-]*\s+){0,2}?(§\d+§)", span):
        return index[r.group(1)]
    return None


def _by_product(text: str, found: Sequence[Mention], scenario: Sequence[Mention]) -> Reading | None:
    """"To move to Hubcore 4.2 for Gridlink 9, run Hubcore 4.0+ with Gridlink 8.1": two products'
    requirements in one sentence, each product's versions read as a path of their own."""
    placed = [m for m in found if m.role in (Role.TARGET, Role.BASE, Role.STEP)]
    products = list(dict.fromkeys(m.named_with.lower() for m in placed if m.named_with))
    if len(products) < 2 or any(not m.named_with for m in placed):
        return None
    groups = [[m for m in found if m.named_with.lower() == product] for product in products]
    # a product with a target and a base has a path; "Hubcore 4.0 requires Gridlink 9.0" has none
    groups = [g for g in groups if Role.TARGET in {m.role for m in g} and {m.role for m in g} & {Role.BASE, Role.STEP}]
    readings = [_path(text, group, scenario) for group in groups]
    requirements = tuple(r for reading in readings if reading is not None for r in reading.requirements if r.target)
    return Reading(requirements) if requirements else None


def _path(text: str, found: Sequence[Mention], scenario: Sequence[Mention]) -> Reading | None:
    """Base, steps and target of each clause, in that order; consecutive pairs are the requirements."""
    requirements: list[StatedRequirement] = []
    carried: list[Mention] = [m for m in found if m.role in (Role.SCENARIO_BASE, Role.SCENARIO_TARGET)]
    bases: list[Mention] = []
    steps: list[Mention] = []
    targets: list[Mention] = []
    if not any(m.role in (Role.BASE, Role.STEP) and not m.negated for m in found) and (floors := _refused_below(text, found)):
        goal = [m for m in found if m.role is Role.TARGET][-1:] or [None]
        return Reading(tuple(_requirement(t, (b,), Relation.MINIMUM, "refused below") for t in goal for b in floors))
    goal = [m for m in scenario if m.role is Role.SCENARIO_TARGET][-1:]  # "if you are upgrading to v2.1:"
    if not _PATH_CUE.search(text) and not goal:
        return None  # "Devices running 01020005 report the wrong time": versions, no requirement
    if (floor := _installed_first_below(text, found)) is not None:
        goal = [m for m in found if m.role is Role.TARGET][-1:] or [None]
        return Reading(tuple(_requirement(t, (floor,), Relation.MINIMUM, "below it, install it first") for t in goal))
    negated_from: list[Mention] = []
    negated_to: list[Mention] = []
    for clause, inside, _ in _clauses(text, found):
        for m in inside:
            if m.negated:
                if m.role is Role.BASE:
                    negated_from.append(m)  # "upgrade from A is not supported; ... first to B": A -> B
                elif m.role is Role.TARGET:
                    negated_to.append(m)  # "... directly to T is not supported": T after the steps
                continue
            if m.role is Role.BASE:
                bases.append(m)
            elif m.role is Role.STEP:
                steps.append(m)
            elif m.role is Role.TARGET:
                targets.append(m)
    if any(t.final for t in targets):  # "before upgrading to T, upgrade to S": S is a step
        steps = sorted(steps + [t for t in targets if not t.final], key=lambda m: m.start)
        targets = [t for t in targets if t.final]
    situation = [c for c in carried if any(c.start < t.start for t in targets)]  # its own "if on X:" before its targets
    if not (bases or steps or situation) and targets and goal and all(t.text != goal[0].text for t in targets):
        steps, targets = [replace(t, role=Role.STEP) for t in targets], []  # "if upgrading to v2.1, first:" / "upgrade to v2.0.5 or later": a step to v2.1
    if not (bases or steps):
        if carried and not targets:
            return Reading(scenario=tuple(carried))
        if not (targets and any(m.role is Role.SCENARIO_BASE for m in carried)):
            return None
    going = [m.start for m in found if m.role in (Role.TARGET, Role.STEP)]  # where this statement says to go
    # "If you are on 2.0.x: upgrade to 4.0.x"; not "Upgrade to 2.0.5. If upgrading from 1.1.x, do all the steps."
    own_scenario = [m for m in carried if m.role is Role.SCENARIO_BASE and (not going or m.start < min(going))]
    scenario_bases = [m for m in scenario if m.role is Role.SCENARIO_BASE] + own_scenario
    scenario_targets = [m for m in list(scenario) + carried if m.role is Role.SCENARIO_TARGET]
    # "first to A, and then to B": targets after a "then" that follows a step are steps too
    ordered_steps = list(steps)
    final: list[Mention] = []
    for t in targets:
        previous = ordered_steps[-1] if ordered_steps else (final[-1] if final else None)
        between = text[previous.end : t.start] if previous is not None and t.start > previous.start else ""
        if previous is not None and _THEN.search(between) and not re.search(r"\bbefore\b", between, re.I):
            if final and previous is final[-1]:  # "to A, then to B": A was a step after all
                ordered_steps.append(final.pop())
            ordered_steps.append(t)
        else:
            final.append(t)
    early = [t for t in final if ordered_steps and not t.final and t.start < ordered_steps[0].start
             and _THEN.search(text[t.end : ordered_steps[0].start])]  # fmt: skip
    if early:  # "go to A, and then B before you can take C": A is the first step
        ordered_steps = early + ordered_steps
        final = [t for t in final if t not in early]
    if ordered_steps and not final and ordered_steps[-1].role is Role.TARGET:
        final = [ordered_steps.pop()]  # the last of "to A, then to B" is where the sequence ends
    if not final and scenario_targets and ordered_steps:
        final = [scenario_targets[-1]]
    if not final and negated_to and ordered_steps:  # "from A to T is not supported; upgrade to S first"
        final = [negated_to[-1]]
    if not final and negated_to and bases and re.search(r"\b(?:unless|except\s+(?:when|if|from))\b", text, re.I):
        final = [negated_to[-1]]  # "must not be upgraded to 5.1 unless they are running 4.9.2": only from 4.9.2
    restated = final and any(t.text == final[-1].text for t in scenario_targets)
    # "meters on A or earlier must first go to S": every release up to A is where S goes on
    up_to = [m for m in found if m.role is Role.BOUND and m.up_to and not m.negated and m.kind is not None]
    up_to = up_to if ordered_steps and up_to and up_to[-1].start < ordered_steps[0].start else []
    start = (
        bases
        or up_to[-1:]
        # "if still on A or B, first C": the situation's last listed versions, all of them
        or ((_stages(text, own_scenario)[-1] if own_scenario else scenario_bases[-1:]) if scenario_bases and ordered_steps else [])
        or (own_scenario[-1:] if final and not restated else [])  # "If you are on 2.0.x: upgrade to 4.0.x"
        or (negated_from[-1:] if ordered_steps else [])
    )
    if restated and not ordered_steps:
        return Reading(scenario=tuple(carried))
    if ordered_steps and final and ordered_steps[-1].text == final[-1].text:
        final = []
    last = final[-1:]
    while last and (before := [t for t in final if t.end <= last[0].start][-1:]) and _LIST_GLUE.match(text[before[0].end : last[0].start]):
        last = before + last  # "v2.1.0 and v2.2.0 may only be loaded onto ...": targets side by side, one stage
    stages = _stages(text, ordered_steps + last)
    if not stages:
        if not start or negated_to:
            return None  # "units on A must not be taken directly to T": a refusal, no way round: for a person
        # "When moving to 5.2, check that:" / "the hub is already on 5.0.4 or later": the situation's target
        requirements.extend(_to_target(goal[0] if goal else None, start))
        return Reading(tuple(requirements))
    if start:
        for target in stages[0]:
            requirements.extend(_to_target(target, start))
    for bases_stage, targets_stage in zip(stages, stages[1:]):
        for target in targets_stage:
            requirements.extend(_to_target(target, bases_stage))
    if not final and not text.rstrip().endswith(":"):  # the last step is a base of the document's (or section's) release
        requirements.extend(_to_target(None, stages[-1], LAST_STEP))
    return Reading(tuple(r for r in requirements if r.bases))


_REFUSAL = re.compile(
    r"\b(?:cannot|can\s*not|can't|will\s+not|won't|must\s+not|may\s+not|shall\s+not|is\s+not|are\s+not|not|never)\s+"
    r"(?:\S+\s+){0,2}?(?:be\s+)?(?:" + _MOVE + r"|send|push|offer|distribut\w*|supported|possible|allowed|permitted)|"
    r"\b(?:removes?|removed|drops?|dropped)\s+support\s+for\s+(?:\S+\s+){0,2}?(?:upgrad|updat|migrat)\w*",  # "drops support for direct upgrades from anything before X"
    re.I,
)


def _installed_first_below(text: str, found: Sequence[Mention]) -> Mention | None:
    """"If it is earlier than X, install X first", "a meter older than X needs X before this release":
    X is where everything older must go first, and
    what is not older may take the release as it is, so X is a minimum base."""
    steps = [m for m in found if m.role is Role.STEP and not m.negated]
    if len(steps) != 1 or any(m.role is Role.BASE for m in found) or text.rstrip().endswith(":"):
        return None
    below = [m for m in found if m.role is Role.BOUND and m.start < steps[0].start]
    return steps[0] if len(below) == 1 and below[0].text == steps[0].text else None


_FAILS_FROM = re.compile(r"\b(?:upgrad|updat)\w*\s+from\b(?:[^.;]|\.(?=\w))*\b(?:will\s+fail|fails|is\s+(?:refused|rejected|blocked))(?=\s*(?:[.;,]|$))", re.I)


def _refused_below(text: str, found: Sequence[Mention]) -> list[Mention]:
    """"This update cannot be installed on meters running firmware earlier than X": what it may not be
    installed on is everything below X, so X is a minimum base. Only for a refusal to install (not
    a defect or a feature "not supported below X") and only the bounds of the refusing clause."""
    floors = []
    for clause, inside, offset in _clauses(text, found):
        bounds = [m for m in inside if m.role is Role.BOUND and m.kind is not None]
        refused = _REFUSAL.search(clause) or _FAILS_FROM.search(clause)
        if bounds and refused and re.search(r"\b(?:earlier|older|lower|below|prior|before|under|pre-?dat\w*)\b", clause, re.I):
            # "from 7.1 and earlier" refuses 7.1 itself: the floor is above it, and no written version says where
            floors.extend(b for b in bounds if not re.match(r"\s*(?:and|or)\s+(?:earlier|older|lower|below)\b", clause[b.end - offset :], re.I))
    return floors


def _stages(text: str, chain: Sequence[Mention]) -> list[list[Mention]]:
    """A path's stages: versions listed together ("first to 01020005 or 01020007") are alternatives
    of one stage, not steps after one another."""
    stages: list[list[Mention]] = []
    for m in chain:
        previous = stages[-1][-1] if stages else None
        if previous is not None and previous.start < m.start and _listed_together(text, previous, m) and not _both_steps(text, previous, m):
            stages[-1].append(m)
        else:
            stages.append([m])
    return stages


def _both_steps(text: str, first: Mention, second: Mention) -> bool:
    """"via 01.04.00.01 and 01.05.00.00": steps joined by "and" are both taken, one after the other."""
    glue = text[first.end : second.start]
    return first.role is second.role is Role.STEP and re.search(r"\band\b", glue, re.I) is not None and re.search(r"\bor\b|/", glue) is None


# the cue of "S is a base of the release" read from "meters on A must first go to S": S is the last step
# written, and the release comes next unless the document says otherwise (claims.without_contradicted_steps)
LAST_STEP = "path, its last step a base of the release"


def _to_target(target: Mention | None, bases: Sequence[Mention], cue: str = "path") -> list[StatedRequirement]:
    """One requirement per base (a minimum stands alone; a range keeps its end); listed bases together."""
    exact = [b for b in bases if not b.minimum and not b.upper and not b.up_to and b.kind is not MentionKind.FAMILY]
    out = []
    if exact:
        out.append(_requirement(target, tuple(exact), Relation.EXACT, cue))
    for b in bases:
        if b.upper:
            out.append(_requirement(target, (b, replace(b, text=b.upper)), Relation.RANGE, cue))
        elif b.up_to:
            out.append(_requirement(target, (b,), Relation.UP_TO, cue))
        elif b.minimum:
            out.append(_requirement(target, (b,), Relation.MINIMUM, cue))
        elif b.kind is MentionKind.FAMILY:
            out.append(_requirement(target, (b,), Relation.EXACT, cue))
    return out


def _requirement(target: Mention | None, bases: Iterable[Mention], relation: Relation, cue: str) -> StatedRequirement:
    bases = tuple(bases)
    named = tuple((m.text, m.named_with) for m in (*bases, *((target,) if target else ())) if m.named_with)
    return StatedRequirement(
        target="" if target is None else target.text,
        bases=tuple(b.text for b in bases),
        relation=relation,
        cue=cue,
        target_and_later=bool(target and target.and_later),
        named_with=named,
        target_through=target.upper if target and target.role is Role.TARGET else "",
    )


_STRONG_CUE = re.compile(
    r"\b(?:must|shall|need|needs|required?|requires|only\s+(?:be|from|on|after|with|supported|possible)|"
    r"(?:can|may|must|shall)\s+only|first|minimum|at\s+least|prerequisite\w*|mandatory|"
    r"interim|intermediate|before\s+(?:upgrading|updating|installing|applying|moving)|"
    r"(?:cannot|can\s*not|can't)\s+(?:be\s+)?(?:updated|upgraded|installed|applied|flashed|moved)\s+(?:directly\s+)?(?:to|on|from|onto)|"
    r"reject\w*|refus\w*|(?:do|must|should)\s+not\s+(?:send|install|apply|load|flash|push|deploy|offer))\b",
    re.I,
)


def _why_unread(text: str, found: Sequence[Mention]) -> str:
    """Why a statement with versions is listed for reading; "" when it has no requirement's cue (then
    it is ordinary prose that mentions versions, and nothing is lost by passing over it)."""
    if all(m.component for m in found):
        return ""
    roles = {m.role for m in found} - {Role.NONE}
    if not _STRONG_CUE.search(text) and not (roles and _PATH_CUE.search(text)):
        return ""  # a path's words ("supported", "before", "via") count where a version has a role in it
    if not roles:
        return "it names versions and a requirement's words, but no version is said to be a base, step or target"
    if roles <= {Role.TARGET, Role.SCENARIO_TARGET}:
        return "it names what to install and requirement words, but no base version"
    if roles <= {Role.BOUND}:
        return "it names only versions that limit who the rule is for (earlier than ...), no base"
    return "its versions and cues do not make one path (" + ", ".join(sorted(r.value for r in roles)) + ")"


@dataclass
class ListReading:
    """A list read as a whole: a list of bare versions is a chain of hard stops; a list of "A to B"
    lines is a list of steps."""

    requirements: list[StatedRequirement] = field(default_factory=list)


def read_version_list(items: Sequence[str], start: Sequence[Mention] = ()) -> list[StatedRequirement] | None:
    """Items that are each one version (and little else) are a sequence to go through in order; the
    first goes on what the introduction starts from (`start`: "To bring a meter from A up to this
    release, apply in this order:"), where that is older."""
    versions: list[Mention] = []
    for item in items:
        found = [m for m in mentions(item) if m.kind is not None]
        if not found or (len(found) > 1 and _placeheld(item, found).split("§1§")[0].count(" ") < 4):
            return None  # "9.0 to 9.1" is a step, not a stop
        words = re.sub(r"\([^)]*\)|`[^`]*`", " ", item[: found[0].start] + item[found[0].end :]).split()
        if len([w for w in words if w.isalpha()]) > 3 and found[0].start > 20:
            return None
        versions.append(found[0])
    if len(versions) < 2:
        return None
    if start and order_key(start[-1].text) < order_key(versions[0].text):
        versions.insert(0, start[-1])
    return [_requirement(t, (b,), Relation.EXACT, "list of stops") for b, t in zip(versions, versions[1:])]


_STEP_ITEM = re.compile(
    r"^\s*(?:(?:from|upgrade|update|migrate)\s+)?(?:[A-Z][\w+-]*\s+){0,3}?(?P<a>§\d+§)\s*(?:to|->|\u2192|=>)\s*(?:[A-Z][\w+-]*\s+){0,3}?(?P<b>§\d+§)\s*(?:\(.*\))?\s*[.;]?\s*$",
    re.I,
)


def read_step_item(item: str) -> Reading | None:
    """A list item that is one step, "Vertica 9.0 to 9.1": the second may be installed on the first."""
    found = [m for m in mentions(item) if m.kind is not None]
    if len(found) < 2:
        return None
    held = _placeheld(item, found)
    m = _STEP_ITEM.match(held)
    if not m:
        return None
    index = {f"§{i}§": x for i, x in enumerate(found)}
    return Reading((_requirement(index[m.group("b")], (index[m.group("a")],), Relation.EXACT, "step"),))


def read_listed_bases(items: Sequence[str], target: str) -> list[StatedRequirement]:
    """Items that each name bases of one target (its list's introduction names it: "To upgrade to
    v24.2.10, you must be running either:"): a version, a range ("v24.1.0 to v24.1.16"), a minimum."""
    found: list[StatedRequirement] = []
    for item in items:
        item_mentions = [m for m in mentions(item) if m.kind is not None and m.role is not Role.BOUND]
        if not item_mentions:
            continue
        last = item_mentions[-1]
        ranged = re.search(r"§(\d+)§\s*(?:to|through|thru|-|–)\s*§(\d+)§", _placeheld(item, item_mentions))
        if ranged:
            low, high = item_mentions[int(ranged.group(1))], item_mentions[int(ranged.group(2))]
            found.append(_requirement(None, (low, high), Relation.RANGE, "list of bases"))
        elif len(item_mentions) == 1 or all(m.named_with == last.named_with for m in item_mentions):
            base = item_mentions[0]
            found.append(_requirement(None, (base,), Relation.MINIMUM if base.minimum else Relation.EXACT, "list of bases"))
    return [replace(r, target=target) for r in found if target or r.bases]


_STEP_VERB = re.compile(r"^\s*(?:(?:first|then|next|finally|now)\s*,?\s+)?(?:" + _MOVE + r")\b", re.I)


def read_step_list(items: Sequence[str], intro: str) -> list[StatedRequirement]:
    """Numbered steps that each install a release ("1) upgrade to the latest Version 6 firmware",
    "2) upgrade to Version 7 firmware"): each step goes on the one before; the first on the base the
    introduction names, if it names one."""
    targets: list[Mention] = []
    for item in items:
        if not _STEP_VERB.match(item):
            return []
        named = [m for m in mentions(item) if m.role in (Role.TARGET, Role.STEP) and m.kind is not None or (m.role is Role.TARGET and m.text.isdigit())]
        if not named:
            return []
        targets.append(named[0])
    if len(targets) < 2 or not _ascending(targets):
        return []  # "Upgrade to v2.4.0", "Upgrade to v2.3.0": a list of guides, not a sequence of installs
    opening = [m for m in mentions(intro) if m.role in (Role.BASE, Role.SCENARIO_BASE)] if intro else []
    start = _stages(intro, opening)[-1:] if opening else []  # "on A or B": the first step goes on either
    found = [_requirement(targets[0], tuple(start[0]), Relation.EXACT, "steps")] if start else []
    found += [_requirement(t, (b,), Relation.EXACT, "steps") for b, t in zip(targets, targets[1:])]
    return [r for r in found if sensible(r)]


def _ascending(steps: Sequence[Mention]) -> bool:
    """Releases installed one after another go up (by their numbers, where each has some)."""
    numbers = [order_key(m.text) for m in steps]
    return all(a < b for a, b in zip(numbers, numbers[1:]) if a and b)


def order_key(text: str) -> tuple[int, ...]:
    """A written version's numbers: a CPL form's four octets (0x030A0001 -> 3, 10, 0, 1), else its digit runs."""
    if (octets := parse_firmware_version(text)) is not None:
        return octets.parts
    return tuple(int(n) for n in re.findall(r"\d+", text))


_STRUCTURED_MINIMUM = re.compile(
    r"(?:\bversion\w*|\bfirmware\w*|\bfw\w*)\s*>=?\s*[\"']?(?P<min>v?\d[\w.-]*)|"
    r"\b(?:min\w*(?:upgradable|applicable|supported|required|base)?\w*version\w*|from_?version|requires?_?version)\"?\s*[:=]\s*[\"']?(?P<min2>v?\d[\w.-]*)",
    re.I,
)
_STRUCTURED_TARGET = re.compile(r"(?:^|[{,\s])\"?(?:version|name|target_?version|release)\"?\s*[:=]\s*[\"']?(?P<target>v?\d[\w.-]*)", re.I | re.M)


def read_structured(lines: Sequence[str]) -> Reading | None:
    """A machine-readable condition (a firmware index entry, an upgrade manifest): the entry's version
    may be installed from the minimum its condition or field names (`"when": "fwVersion >= 2.3 &&
    fwVersion < 2.6"`, `"version": "2.6"`; `minUpgradableVersion: 1.1.2`, `name: 1.2.0`)."""
    text = "\n".join(lines)
    minimum = _STRUCTURED_MINIMUM.search(text)
    target = _STRUCTURED_TARGET.search(text)
    if not minimum or not target:
        return None
    low = minimum.group("min") or minimum.group("min2")
    high = target.group("target").rstrip("\",'")
    if low.rstrip("\",'") == high:
        return None
    base = Mention(low.rstrip("\",'"), 0, 0, MentionKind.NUMBER, Role.BASE, minimum=True)
    goal = Mention(high, 0, 0, MentionKind.NUMBER, Role.TARGET)
    return Reading((_requirement(goal, (base,), Relation.MINIMUM, "structured"),))
