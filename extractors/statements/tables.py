"""Tables of upgrade paths, whatever their house style: columns typed by their header words, rows read
by what the typed cells say.

A release note's From/To table, a vendor's "If you're on version... | Upgrade to..." matrix, a MAP
sheet's "Current FW | Target FW", a "Version | Minimum version supported to upgrade from" list: each
column is a device part (manufacturer, model, hardware), a base, a target, or a path (a cell that
spells the route: `8.9 > 9.9 > 2025.1`, "Upgrade to 5.4.1, then to 5.4.2"). A row gives one
requirement per target and base; a path cell is read as a statement of its own, the row's base being
where it starts. A cell may hold several versions (`A, B`, `A / B`, `A or B`, one per line), a
minimum (`4.26.0 (or later)`), a family (`5.x`) or N/A.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum

from extractors.statements.claims import claims_for, reading_document_names, sentence_context, unplaced
from extractors.statements.context import DocumentContext, display_key, hardware_list, is_release_name
from extractors.statements.reading import LAST_STEP, Mention, Reading, Role, StatedRequirement, mentions, order_key, read_statement, sensible
from extractors.statements.units import clean_line
from extractors.tables import AS_ABOVE, as_above
from firpath.domain import Claim, DeviceRef, Evidence, FirmwareVersion, Relation, SourceKind
from firpath.domain.versions import MentionKind, normalise_hex_id, parse_firmware_version


class ColumnRole(StrEnum):
    MANUFACTURER = "manufacturer"
    MODEL = "model"
    HARDWARE = "hardware"
    BASE = "base"
    MINIMUM = "minimum base"
    TARGET = "target"
    PATH = "path"
    STEP = "step"  # a release to install first, between the row's base and its target
    VERDICT = "verdict"  # whether the row's move is allowed ("Supported: No")
    HAS_BASE = "has a base"  # whether the row's release has a prerequisite at all ("Prerequisite?: No")
    UPPER = "maximum base"  # the newest base, beside a minimum column ("min_fw_installed | max_fw_installed")


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.I)


# Checked in this order for each header cell; the first that matches types the column.
_HEADER_ROLES: tuple[tuple[ColumnRole, re.Pattern[str]], ...] = (
    # "Upgrade route from" names where a release is installed from: a base, below
    (ColumnRole.PATH, _words(r"(?:upgrade|update|migration)\s+path(?!\s+from)", r"path(?!\s+from)", r"route(?!\s+from)", "how\\s+to\\s+get", "procedure", "steps", "upgrade\\s+guidance", "action")),
    (ColumnRole.VERDICT, re.compile(r"^\W*(?:allowed|supported|permitted|possible|direct(?:\s+(?:upgrade|update))?|ok|valid|validated|tested|verified|approved|blocked)\W*$|"
                                    r"^\W*(?:eligible|allowed|supported|permitted|ok)\s+(?:for|to)\s+\S+\W*$", re.I)),  # "Eligible for 05040000"
    (ColumnRole.STEP, _words(r"must\s+first", r"first\s+(?:install|take|load|apply|upgrade|update)", "intermediate", "interim", "via", r"stepping\s+stone", "hop")),
    (ColumnRole.MINIMUM, _words("minimum", "min\\.?", "at\\s+least", "lowest", "oldest\\s+supported", "mindest\\w*")),
    (ColumnRole.MANUFACTURER, _words("manufacturer", "mfr", "vendor", "maker", "make", "brand", "oem", "hersteller", "fabricant", "supplier", "fabrikant", "fabricante", "produttore", "fornitore")),
    (ColumnRole.HARDWARE, _words("hardware", "hw", "hw\\s+ver", "hardware\\s+rev\\w*", "mat[ée]riel", "hardwarestand")),
    (ColumnRole.BASE, _words(
        "from", "bases?", "baseline", "accepted", "eligible", "current", "currently", "now", "installed", "old", "existing", "pre-?requisites?", r"pre-?\s?reqs?",
        r"must\s+be\s+(?:on|running)", r"dependen\w*(?:\s+on)?", "preconditions?", r"voraussetzung\w*", r"voorwaarde\w*", "start",
        r"richiest\w*", r"requerid\w*", r"requis\w*", r"erforderlich\w*", r"install(?:ed|s)?\s+(?:only\s+)?(?:over|on\s+top\s+of)", r"goes\s+(?:on|onto|over)",
        "required", "source", "running", "starting", r"(?:must\s+)?already\s+(?:have|has|run\w*|be\s+on|installed|on)", "requires?", "needs?",
        r"depends?\s+on",
        "came\\s+from", "you(?:'re|\\s+are)\\s+on", "if\\s+you", "your\\s+current", "von", "aktuell\\w*", "alt\\w*",
        "ist", "bestehend\\w*", "actuel\\w*", "depuis", "predecessor", "prior", "previous", "before",
        # other languages' words for what is installed: de, fr, nl, es, it
        "installiert\\w*", "vorhanden\\w*", "ausgangs\\w*", "install[ée]\\w*", "huidig\\w*", "ge[iï]nstalleerd\\w*", "van",
        "actual", "instalad\\w*", "origen", "desde", "attual\\w*", "installat\\w*",
    )),
    (ColumnRole.TARGET, _words(
        "to", "target", "new", "upgrade\\s+to", "update\\s+to", "supported\\s+(?:new|upgrade)", "next", "neu\\w*",
        "(?:permitted|allowed|supported)\\s+upgrades?", "upgrades?", "replacement", "ending", "load", "latest",
        "ziel\\w*", "nach", "cible", "nouvel\\w*", "after", "destination", "desired", "goal", "release", "version", "install", r"then\s+install",
        "firmware", "fw", "doel\\w*", "naar", "nieuw\\w*", "objetivo", "destino", "nuev\\w*", "hasta", "nuov\\w*", "destinazione",
    )),
    (ColumnRole.MODEL, _words("model", "device", "product", "modell", "ger[aä]t", "mod[eè]le", "modelo", "modello", "apparaat")),
)
# a column of what the estate runs now, beside one of what a release requires: the requirement is the base
_STATE_HEADER = _words("current", "currently", "now", "installed", "existing", "running", "actual", "aktuell\\w*", "actuel\\w*")
_REQUIRED_HEADER = _words(r"pre-?\s?req\w*", "required", "requires?", "needs?", "must", r"depends?\s+on", "minimum", "min\\.?")
_BASE_WORDS = re.compile(r"\b(?:from|installed|current|existing|running|base|source|von|installiert\w*|actuel\w*)\b", re.I)
_TARGET_WORDS = re.compile(r"\b(?:to|target|new|upgrade\s+to|destination|ziel\w*|cible)\b", re.I)


_COMMENT_HEADER = re.compile(r"(?:analyst\s+)?(?:comments?|notes?|remarks?|description|opmerking\w*|bemerkung\w*|commentaires?|note\s+e\s+commenti)", re.I)
_MAXIMUM = _words("max", "max\\.", "maximum", "highest", "newest")
_ASKS_FOR_BASE = _words(r"pre-?\s?req\w*", "base", "prior", "previous", "depend\\w*", "requires?", "required")


def _header_text(cell: str | None) -> str:
    """A header cell's words as the role patterns read them: underscores and runs of spaces as one space."""
    return re.sub(r"[_\s]+", " ", (cell or "").strip())


def _is_state(cell: str | None) -> bool:
    return bool(_STATE_HEADER.search(cell or "")) and not _REQUIRED_HEADER.search(cell or "")


def _corner_role(text: str) -> ColumnRole | None:
    """A matrix's corner cell names both ("Installed \\ Target", "Target / From"): the one it names first
    is what its column (the rows' labels) holds. None unless it names both."""
    base, target = _BASE_WORDS.search(text), _TARGET_WORDS.search(text)
    if base is None or target is None or len(text.split()) > 5 or not re.search(r"[\\/|\u2192\u2193>]", text):
        return None  # "Lowest release you can move to this from" is a column's name, not a corner
    return ColumnRole.BASE if base.start() < target.start() else ColumnRole.TARGET


def _heads_a_matrix(header: Sequence[str | None], roles: dict[ColumnRole, int]) -> bool:
    """A header of one label cell naming what the rows are, without a version ("Installed"), and two or
    more cells that are each a version and nothing else."""
    label = roles.get(ColumnRole.BASE, roles.get(ColumnRole.MINIMUM, roles.get(ColumnRole.TARGET)))
    if label is None or mentions_of(header[label] or ""):
        return False
    return sum(_one_version(c or "") is not None for i, c in enumerate(header) if i != label) >= 2


def _one_version(cell: str) -> Mention | None:
    """The version a header cell is, and nothing else ("2.1", "v2.1", "To 2.1")."""
    found = [m for m in mentions_of(cell) if m.kind is not None]
    rest = cell.replace(found[0].text, "", 1) if len(found) == 1 else cell
    return found[0] if len(found) == 1 and re.fullmatch(r"\W*(?:(?:to|from|v|fw|firmware|version|release|r)\W*)?", rest, re.I) else None


_MODEL_AND_HARDWARE = re.compile(r"\b(?:model|device|product)\b.{0,8}\b(?:hw|hardware)\b", re.I)
# Columns that say what kind of thing a row is about, not which: never the model.
_KIND_HEADER = _words("device\\s+type", "meter\\s+type", "type", "category", "ger[aä]tetyp", "typ")
_NOT_APPLICABLE = {"n/a", "na", "none", "-", "\u2013", "\u2014", "not applicable", "no prerequisite", "any", "keine"}
# "None (factory)", "n/a - initial release", "factory": no base, and why (no version in the why)
_NOT_APPLICABLE_WHY = re.compile(
    r"(?:n/?a|none|nil|not\s+applicable|no\s+(?:prerequisite|predecessor|previous\s+versions?)|-|\u2013|\u2014)\s*(?:[-\u2013\u2014:(,;]\s*.*)?|"
    r"(?:factory|launch|initial|first|original)(?:\s+(?:build|release|image|version|firmware|fitted))?(?:\s*[-\u2013\u2014:(,;]\s*\D*)?",
    re.I,
)


def _not_applicable(cell: str) -> bool:
    cell = _ARROW_OPEN.sub("", cell)  # "<- n/a, first CPL version": an arrow column's cell
    return cell.lower() in _NOT_APPLICABLE or (_NOT_APPLICABLE_WHY.fullmatch(cell.strip()) is not None and not cell_versions(cell))


_ARROW_OPEN = re.compile(r"^\s*(?:<-+|<=+|\u2190|->|=>|\u2192)\s*")
_PLAIN_NO = re.compile(r"\W*(?:no|n|none|nein|non)\W*", re.I)  # not "n/k" (not known)
_RANGE_CELL = re.compile(r"\s*\S+\s+(?:to|through|thru|-|\u2013|\u2014)\s+\S+\s*", re.I)  # "05010000 to 05020100"
_UP_TO_DATE = re.compile(r"\b(?:up\s+to\s+date|latest\s+version|no\s+upgrade|not\s+available|n/a)\b", re.I)


def table_roles(header: Sequence[str | None]) -> dict[ColumnRole, int]:
    """Column role -> position for the columns of a header row whose words say what they hold; a role
    is taken by its first column. Empty when the row does not head a table of upgrade paths (it needs
    a base or minimum column and a target or path column)."""
    roles: dict[ColumnRole, int] = {}
    for position, cell in enumerate(header):
        text = _header_text(cell)
        named = mentions_of(text)
        if not text or named and (len(named) > 1 or not _words("to", "from", "for", "version", "release").search(text)):
            continue  # a header may name one version ("To 2.1"); a cell naming two ("2.0 to 2.1") is a value
        if _KIND_HEADER.search(text) and not re.search(r"\b(?:from|to|firmware|version)\b", text, re.I):
            continue
        if _MODEL_AND_HARDWARE.search(text):  # "Model / HW": one column names both ("KeyPad P2 / 0001")
            roles.setdefault(ColumnRole.MODEL, position)
            roles.setdefault(ColumnRole.HARDWARE, position)
            continue
        if (corner := _corner_role(text)) is not None:  # "Target \\ Installed": the rows' role, named first
            roles.setdefault(corner, position)
            continue
        if text.endswith("?") and not named and _ASKS_FOR_BASE.search(text):  # "Prerequisite?": yes or no, the version elsewhere
            roles.setdefault(ColumnRole.HAS_BASE, position)
            continue
        for role, pattern in _HEADER_ROLES:
            if pattern.search(text):
                if role is ColumnRole.TARGET and ColumnRole.TARGET in roles and re.search(r"\b(?:version|release|firmware|fw)\b", text, re.I):
                    break  # a second bare "Version" column is a note, not a second target
                if role is ColumnRole.BASE and ColumnRole.BASE in roles and _is_state(header[roles[ColumnRole.BASE]]) and _REQUIRED_HEADER.search(text):
                    roles[role] = position  # "Current FW | Target FW | Pre-req FW": what is required, not what is run
                roles.setdefault(role, position)
                break
    upper = next((i for i, cell in enumerate(header) if _MAXIMUM.search(_header_text(cell))), None)
    if ColumnRole.MINIMUM in roles and upper is not None:  # "min fw installed | max fw installed": every base from one to the other
        roles = {r: p for r, p in roles.items() if p != upper and r is not ColumnRole.BASE}
        roles[ColumnRole.BASE], roles[ColumnRole.UPPER] = roles.pop(ColumnRole.MINIMUM), upper
    if ColumnRole.MINIMUM in roles and ColumnRole.BASE in roles and _is_state(header[roles[ColumnRole.BASE]]):
        del roles[ColumnRole.BASE]  # "Installed | Target | Minimum": the minimum is the rule
    has_base = ColumnRole.BASE in roles or ColumnRole.MINIMUM in roles
    # "Installed | Eligible for 05040000": a verdict naming the release it is about gives the rows' target
    has_target = ColumnRole.TARGET in roles or ColumnRole.PATH in roles or ColumnRole.VERDICT in roles and bool(mentions_of(header[roles[ColumnRole.VERDICT]] or ""))
    if has_base != has_target and ColumnRole.PATH not in roles and _heads_a_matrix(header, roles):
        return roles  # a matrix: the rows' versions against a header of versions ("Installed | 2.1 | 2.2")
    # a route column spells the whole path ("Route: A > B > C") and needs no base column beside it; a tracker's
    # comment column may state the base ("Comment: hubs still on A need B first"), read remark by remark
    commented = has_target and (ColumnRole.MODEL in roles or ColumnRole.MANUFACTURER in roles) and any(_COMMENT_HEADER.fullmatch(_header_text(cell)) for cell in header)
    return roles if has_base and has_target or ColumnRole.PATH in roles and len(roles) > 1 or commented else {}


def mentions_of(cell: str) -> list[Mention]:
    return [m for m in mentions(cell) if m.kind is not None or m.text.lower() == "latest" or m.text.isdigit()]


def header_target(header: Sequence[str | None]) -> str:
    """A version named in a header cell ("How to get Splunk UBA 5.4.3"): the table's target."""
    for cell in header:
        found = [m for m in mentions(cell or "") if m.kind is not None]
        if len(found) == 1:
            return found[0].text
    return ""


def row_requirements(cells: Sequence[str], roles: dict[ColumnRole, int], *, default_target: str = "") -> list[StatedRequirement]:
    """What one row of a typed table says."""

    def cell(role: ColumnRole) -> str:
        position = roles.get(role)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    base_text = cell(ColumnRole.BASE) or cell(ColumnRole.MINIMUM)
    if (upper := cell(ColumnRole.UPPER)) and upper != base_text and len(cell_versions(upper)) == len(cell_versions(base_text)) == 1:
        base_text = f"{base_text} to {upper}"  # "min 04020000, max 04020200": every release from one to the other
    minimum = ColumnRole.BASE not in roles and ColumnRole.MINIMUM in roles
    target_text = cell(ColumnRole.TARGET)
    path_text = cell(ColumnRole.PATH)
    bases = cell_versions(base_text)
    targets = [m for m in cell_versions(target_text) if m.kind is not None or m.text.isdigit()]
    if bases and (steps := [m for m in cell_versions(cell(ColumnRole.STEP)) if m.kind is not None]):
        # "Installed: A | Must first install: S | Then install: T": A -> S -> T
        return [_stated(steps[0].text, bases, Relation.EXACT, steps[0]), *(_stated(t.text, steps[:1], Relation.EXACT, t) for t in targets)]
    opening = f"running {' or '.join(b.text for b in bases)}," if bases else ""  # each base the row names
    if ColumnRole.VERDICT in roles and _NO.match(cell(ColumnRole.VERDICT)):
        # "From: A | To: T | Allowed: N | Comment: via S": not A -> T; the comment may say the way round
        return _remark_requirements(cells, roles, opening, targets, default_target) or []
    if path_text and mentions_of(path_text):
        reading = read_statement(f"{opening} {path_text}".strip())
        if reading.requirements:
            return [_with_target(r, targets, default_target) for r in reading.requirements]
    if not bases and (targets or default_target) and (found := _remark_requirements(cells, roles, "", targets, default_target)):
        return found  # "From: (blank) | To: 4.2.0.0 | Condition: Requires 4.1.0.0 or later": a remark states the base
    if not bases and ColumnRole.HAS_BASE in roles and _PLAIN_NO.fullmatch(cell(ColumnRole.HAS_BASE)) and targets:
        return [StatedRequirement(t.text, (), Relation.NONE, "table") for t in targets]  # "Prerequisite?: No"
    if _not_applicable(base_text) and (targets or default_target):
        return [StatedRequirement(t.text, (), Relation.NONE, "table") for t in targets] or [
            StatedRequirement(default_target, (), Relation.NONE, "table")
        ]
    if not bases or _UP_TO_DATE.search(target_text) and not targets:
        return []
    if path_text and re.search(r"\b(?:not\s+available|not\s+supported|multi-?stage|none)\b", path_text, re.I):
        return []
    if len(bases) == 2 and _RANGE_CELL.fullmatch(base_text) and not any(b.minimum for b in bases):
        # "Install over: 05010000 to 05020100": every release from the first to the last
        return [_stated(t.text if t else default_target, bases, Relation.RANGE, t) for t in targets or [None] if t or default_target]
    found: list[StatedRequirement] = []
    for target in targets or [None]:
        target_name = target.text if target else default_target
        if not target_name:
            continue
        exact = [b for b in bases if not (b.minimum or minimum) and b.text != target_name]
        if exact:
            found.append(_stated(target_name, exact, Relation.EXACT, target))
        for b in bases:
            if (b.minimum or minimum) and b.text != target_name:
                found.append(_stated(target_name, [b], Relation.MINIMUM, target))
    return found


def _remark_requirements(
    cells: Sequence[str], roles: dict[ColumnRole, int], opening: str, targets: Sequence[Mention], default_target: str
) -> list[StatedRequirement] | None:
    """What the first untyped cell that states a requirement (a comment, a condition) says, read after
    `opening` (the row's bases) and given the row's target; None when no such cell does."""
    typed, verdict = set(roles.values()) - {roles.get(ColumnRole.PATH)}, roles.get(ColumnRole.VERDICT)  # an "Action" says the way round too
    for position, remark in enumerate(cells):
        if position == verdict:
            remark = _VERDICT_WORD.sub("", remark)  # "NO - load 00300020 first": the verdict says the way round itself
        elif position in typed:
            continue
        if mentions_of(remark) and (reading := read_statement(f"{opening} {remark}".strip())).requirements:
            return [_with_target(r, targets, default_target) for r in reading.requirements if r.relation is not Relation.UNREAD]
    return None


_VERDICT_WORD = re.compile(r"^\W*(?:yes|no|y|n|ok|not\s+(?:supported|allowed|possible)|supported|allowed|blocked)\b\W*", re.I)


def _stated(target: str, bases: Sequence[Mention], relation: Relation, target_mention: Mention | None) -> StatedRequirement:
    named = tuple((m.text, m.named_with) for m in (*bases, *((target_mention,) if target_mention else ())) if m.named_with)
    return StatedRequirement(target, tuple(b.text for b in bases), relation, "table", named_with=named)


def _with_target(req: StatedRequirement, targets: Sequence[Mention], default_target: str) -> StatedRequirement:
    """A requirement read from a cell, its target the row's where the cell names none ("via S": S, then
    the row's target, which the row states: no guess about the document's release)."""
    if req.target or not (targets or default_target):
        return req
    return replace(req, target=targets[0].text if targets else default_target, cue="path" if req.cue == LAST_STEP else req.cue)


_LOST_ZEROS = re.compile(r"(?:0x)?(?=[0-9A-Fa-f]*\d)[0-9A-Fa-f]{5,7}")


def cell_versions(cell: str) -> list[Mention]:
    """The versions of a cell, each marked as a minimum where the cell says so (`4.26.0 (or later)`,
    `1.0.7.0+`); `2.0.4 or earlier` is no base."""
    found = mentions_of(cell)
    if not found:
        if _LOST_ZEROS.fullmatch(cell.strip()):  # a version column's `1030000`: 01030000 typed as a number
            return [Mention(cell.strip(), 0, len(cell.strip()), MentionKind.OCTETS)]
        return []
    outside = [m for m in found if not _in_brackets(cell, m)]
    if outside:  # `02020000 (2.2.0)`, `v1.1.0, v1.1.1 (v1.1.1 is recommended)`: what is bracketed is a remark
        found = outside
    out = []
    for m in found:
        if m.role is Role.BOUND:
            continue
        after = cell[m.end : m.end + 20]
        minimum = m.minimum or bool(re.match(r"^\s*\(?\s*(?:or|and)\s+(?:later|higher|newer|above)", after, re.I))
        out.append(replace(m, minimum=minimum))
    return out


def _in_brackets(cell: str, m: Mention) -> bool:
    return cell[: m.start].count("(") > cell[: m.start].count(")")


# a cell that refuses its row's move, whatever its column's header ("hop_type: NOT SUPPORTED")
_REFUSED_CELL = re.compile(r"\W*(?:not\s+(?:supported|permitted|allowed|possible|valid)|unsupported|prohibited|forbidden|refused)\W*", re.I)  # not "Blocked": a tracker's state
_BACKWARDS = re.compile(r"\b(?:roll\s*-?\s*back|downgrad\w*|revert\w*)\b", re.I)


@reading_document_names
def table_claims(
    table: Sequence[Sequence[str | None]],
    ctx: DocumentContext,
    *,
    file: str,
    sha256: str,
    location: str,
    source_kind: SourceKind,
    heading: str = "",
    sheet_row_of_first: int | None = None,
) -> list[Claim]:
    """Claims of a table whose header row types its columns; a table without such a header has each
    row read as a statement of its own (a vendor's "From 4.18.05 | Directly upgrade from 4.18.05 ->
    4.50.00"). Rows are numbered as a reader counts them below the header (blank rows too), or by the
    sheet's own numbers when `sheet_row_of_first` gives the number of the table's first row."""
    if _BACKWARDS.search(heading) or any(_BACKWARDS.search(" ".join(c or "" for c in row)) for row in table[:1]):
        return []  # "Supported Rollback Paths": a way back down is no upgrade path
    numbered = [
        (number, [clean_line(c or "") for c in row])
        for number, row in enumerate(table, start=sheet_row_of_first or 0)
        if any((c or "").strip() for c in row)
    ]
    numbered = [(n, row) for n, row in numbered if not all(re.fullmatch(r":?-{2,}:?", c) for c in row if c)]  # markdown rules
    rows = [row for _, row in numbered]
    row_numbers = [n for n, _ in numbered]
    if not rows:
        return []
    header_at = next((i for i, row in enumerate(rows[:6]) if table_roles(row)), None)
    captioned: dict[ColumnRole, int] = {}
    if header_at is None and (caption_target := _release_in_heading(heading)):
        # "Table 4 - Lowest release to move to 5.0" / "Component | Minimum release": the caption names the target
        for i, row in enumerate(rows[:6]):
            if any(mentions_of(cell) for cell in row):
                break  # a row of versions is no header: the rows are read as statements, below
            if (captioned := table_roles([*row, f"to {caption_target}"])) and len(captioned) >= 2:
                captioned.pop(ColumnRole.TARGET, None)
                header_at = i
                break
    claims: list[Claim] = []
    content_roles: dict[ColumnRole, int] = {}
    if header_at is None and (typed := roles_by_content(rows)) is not None:
        header_at, content_roles = typed
        if header_at < 0:  # no header row at all: one made of the columns' roles, above the first row
            rows = [[_ROLE_LABELS.get(_role_at(content_roles, i), "") for i in range(len(rows[0]))], *rows]
            row_numbers = [row_numbers[0] - 1, *row_numbers]
            header_at = 0
    if header_at is None:
        for number, cells in zip((n + (0 if sheet_row_of_first else 1) for n in row_numbers), rows):
            filled = [c for c in cells if c]
            # "Minimum installed firmware | 00.01.00.08": a label and its value, read as "label: value"
            labelled = len(filled) == 2 and not mentions_of(filled[0]) and mentions_of(filled[1])
            text = f"{filled[0].rstrip(':')}: {filled[1]}" if labelled else "; ".join(filled)
            reading = read_statement(text)
            evidence = Evidence(file=file, sha256=sha256, location=f"{location} row {number}".strip(), text=" | ".join(cells))
            local = sentence_context(text, ctx)
            for req in reading.requirements:
                claims.extend(claims_for(req, local, evidence, source_kind, release=ctx.release))
        return claims
    header = rows[header_at]
    roles = content_roles or captioned or table_roles(header)
    if ColumnRole.TARGET in roles and not {ColumnRole.BASE, ColumnRole.MINIMUM, ColumnRole.PATH, ColumnRole.VERDICT} & set(roles):
        # a tracker typed by its target and comment columns: a version column beside the target that no header
        # word typed is still its base where the content says so (older in every row)
        if (typed := roles_by_content(rows[header_at:], deciding_rows=1)) is not None and typed[1].get(ColumnRole.TARGET) == roles[ColumnRole.TARGET] \
                and ColumnRole.BASE in typed[1]:  # fmt: skip
            roles = {**roles, ColumnRole.BASE: typed[1][ColumnRole.BASE]}
    matrix = {p: v for p, v in _matrix_columns(header, rows[header_at + 1 :], roles).items() if p != roles.get(ColumnRole.VERDICT)}
    if matrix and _rows_are_older(header, rows[header_at + 1 :], roles, matrix):
        roles = {**{r: p for r, p in roles.items() if r is not ColumnRole.TARGET}, ColumnRole.BASE: roles[ColumnRole.TARGET]}
    default_target = header_target(header) or _release_in_heading(heading)
    twins = _twin_columns(header, roles)
    if new := {k: v for k, v in _twin_aliases(rows[header_at + 1 :], roles, twins).items() if k not in ctx.aliases}:
        # "Version label | CPL FW", "Release | Firmware version": each row gives a release in both forms; read
        # again with them, the names among them read as releases (reading_document_names) in this table only
        return table_claims(table, replace(ctx, aliases={**new, **ctx.aliases}), file=file, sha256=sha256, location=location,
                            source_kind=source_kind, heading=heading, sheet_row_of_first=sheet_row_of_first)  # fmt: skip
    more_bases = _sibling_columns(header, roles.get(ColumnRole.BASE))
    # "Start FW | Step 1 | Step 2 | End FW": the stops between a row's base and its target, in order
    stops = [i for i, cell in enumerate(header) if _NUMBERED_STEP.fullmatch(cell or "") and i not in roles.values()]
    if ColumnRole.MODEL not in roles and (kind := _models_in_a_type_column(header, rows[header_at + 1 :])) is not None:
        roles = {**roles, ColumnRole.MODEL: kind}  # "Type: NV-G50": a column headed "Type" that holds models, not device types
    if nodes := _path_nodes(header, rows[header_at + 1 :], roles):
        # "Path | Seq | Firmware": one row per stop of a route; each stop's base is the stop before it
        roles = {**{r: p for r, p in roles.items() if r is not ColumnRole.PATH}, ColumnRole.BASE: len(header)}
    below_header = 0 if sheet_row_of_first else row_numbers[header_at]
    identity = [roles[r] for r in (ColumnRole.MANUFACTURER, ColumnRole.MODEL, ColumnRole.HARDWARE) if r in roles]
    above: dict[str, str] = {}
    for index, (number, cells) in enumerate(zip((n - below_header for n in row_numbers[header_at + 1 :]), rows[header_at + 1 :])):
        if cells == header or any(_BACKWARDS.search(cell) or not matrix and _REFUSED_CELL.fullmatch(cell) for cell in cells):
            continue  # a repeated header; "Rollback only under the maker's instruction": a way back down; "NOT SUPPORTED"
        cells = [*cells, *[""] * (len(header) - len(cells))]
        completed, filled = as_above({str(i): cells[i] for i in identity}, above, [str(i) for i in identity])
        above = completed
        for position, value in completed.items():  # a device's block of rows, its name written once
            cells[int(position)] = value
        row_text = " | ".join(f"{h}: {v}{AS_ABOVE if str(i) in filled else ''}" for i, (h, v) in enumerate(zip(header, cells)) if h or v)
        evidence = Evidence(file=file, sha256=sha256, location=f"{location} row {number}".strip(), text=row_text)
        cells = [*cells]  # read below as one base and one target cell; the evidence keeps the row as written
        if nodes:
            cells = [*cells[: len(header)], nodes.get(index, "")]
        for role, columns in twins.items():  # "Target FW: Fulmar | Target image (CPL): 0B250000": the CPL form where the other is a name
            if not cell_versions(cells[roles[role]]) and (forms := [cells[i] for i in columns if parse_firmware_version(cells[i].strip())]):
                cells[roles[role]] = forms[0]
        if more_bases:  # "Allowed from (1) | Allowed from (2)": one base cell of them all
            cells[roles[ColumnRole.BASE]] = ", ".join(c for i in (roles[ColumnRole.BASE], *more_bases) if i < len(cells) and (c := cells[i]))
        devices = _row_devices(cells, roles, ctx)
        local = sentence_context(" ".join(cells), ctx)
        found = (matrix_requirements(cells, roles, matrix) if matrix else _route_requirements(cells, roles, stops) if stops
                 else row_requirements(cells, roles, default_target=default_target))  # fmt: skip
        for req in found:
            if sensible(req):  # never v1.6.x on v1.6.y: one family is no path
                claims.extend(claims_for(req, local, evidence, source_kind, release_is_target=False, devices=devices))
        if content_roles and not found and len(named := [m.text for c in cells for m in cell_versions(c) if m.kind is not None]) >= 2:
            # columns typed by their content are a guess: a row naming versions that the guess does not read is listed, not dropped
            listed = StatedRequirement("", tuple(dict.fromkeys(named)), Relation.UNREAD, _UNTYPED_ROW)
            claims.extend(claims_for(listed, local, evidence, source_kind, release_is_target=False, devices=devices))
        path = cells[roles[ColumnRole.PATH]] if ColumnRole.PATH in roles and roles[ColumnRole.PATH] < len(cells) else ""
        if found and path and (note := unplaced(path, Reading(tuple(found)), "")):
            # "7.1 -> 7.4 (one hop; images 7.2 and 7.4 both needed)": what was read stays, the cell is listed too
            named = tuple(m.text for m in mentions(path) if m.kind is not None)
            listed = StatedRequirement(found[0].target, named, Relation.UNREAD, note)
            claims.extend(claims_for(listed, local, evidence, source_kind, release_is_target=False, devices=devices))
    return claims


_SEQUENCE_HEADER = re.compile(r"\W*(?:seq(?:uence)?|step|order|hop|stop|no\.?|nr\.?|#)\W*(?:no\.?|#)?\W*", re.I)


def _path_nodes(header: Sequence[str], rows: Sequence[Sequence[str]], roles: dict[ColumnRole, int]) -> dict[int, str]:
    """A route given one stop a row ("P-01 | 1 | 2.4.0.1", "P-01 | 2 | 2.4.0.12"): a path column of names
    (no versions), a sequence column of numbers, and a version column. Each row's index -> the version
    of the stop before it on its route; {} for any other table."""
    path, target = roles.get(ColumnRole.PATH), roles.get(ColumnRole.TARGET)
    sequence = next((i for i, cell in enumerate(header) if _SEQUENCE_HEADER.fullmatch(cell or "")), None)
    if path is None or target is None or sequence is None or len(rows) < 2:
        return {}
    def at(row: Sequence[str], i: int) -> str:
        return row[i].strip() if i < len(row) else ""
    if any(mentions_of(at(r, path)) for r in rows) or not all(at(r, sequence).isdigit() for r in rows if at(r, target)):
        return {}
    routes: dict[str, list[tuple[int, int]]] = {}
    name = ""
    for index, row in enumerate(rows):
        name = at(row, path) or name  # a route's name written once, above its stops
        if at(row, target):
            routes.setdefault(name, []).append((int(at(row, sequence)), index))
    previous: dict[int, str] = {}
    for stops in routes.values():
        stops.sort()
        for (_, before), (_, index) in zip(stops, stops[1:]):
            previous[index] = at(rows[before], target)
    return previous


_NUMBERED_STEP = re.compile(r"\W*(?:step|stage|hop|stop|intermediate|schritt|[ée]tape|paso)\s*\d{1,2}\W*", re.I)
_DEVICE_TYPES = re.compile(r"\W*(?:esme|gsme|chf|ppmid|ihd|hcalcs|cad|electricity|gas|meter|hub|display)\W*", re.I)


def _route_requirements(cells: Sequence[str], roles: dict[ColumnRole, int], stops: Sequence[int]) -> list[StatedRequirement]:
    """A row's route through numbered step columns: base, each step given, target; each from the one before."""
    def one(position: int | None) -> Mention | None:
        found = [m for m in cell_versions(cells[position]) if m.kind is not None] if position is not None and position < len(cells) else []
        return found[0] if len(found) == 1 else None
    route = [m for m in (one(roles.get(ColumnRole.BASE)), *(one(i) for i in stops), one(roles.get(ColumnRole.TARGET))) if m is not None]
    route = [m for i, m in enumerate(route) if not i or order_key(m.text) != order_key(route[i - 1].text)]  # the last step is the end
    return [_stated(later.text, [earlier], Relation.EXACT, later) for earlier, later in zip(route, route[1:])]


def _models_in_a_type_column(header: Sequence[str], rows: Sequence[Sequence[str]]) -> int | None:
    """A column headed "Type" (or "Typ") whose cells are models' names, not device types."""
    for i, cell in enumerate(header):
        if re.fullmatch(r"\W*(?:type|typ|modeltype|typ\w*)\W*", cell or "", re.I):
            values = [r[i].strip() for r in rows if i < len(r) and r[i].strip()]
            # a model's name has letters and a number ("NV-G50", "Bolt G2"); "direct", "full image" are no models
            if values and not any(_DEVICE_TYPES.fullmatch(v) for v in values) and all(re.search(r"[A-Za-z]", v) and re.search(r"\d", v) for v in values):
                return i
    return None


_UNTYPED_ROW = "a row naming versions that the columns, typed by what they hold (no header said), do not read"
_FORM_HEADER = _words("version", "release", "firmware", "fw", "cpl", "image", "hex", "build", "label")


def _twin_columns(header: Sequence[str], roles: dict[ColumnRole, int]) -> dict[ColumnRole, list[int]]:
    """Untyped columns giving a base's or target's CPL form ("Version label | CPL FW", "Current FW | ... |
    Current (CPL)"): headed for the same role, or for none beside a target ("Image")."""
    typed = set(roles.values())
    twins: dict[ColumnRole, list[int]] = {}
    for role in (ColumnRole.TARGET, ColumnRole.BASE):
        if role not in roles:
            continue
        for twin in range(len(header)):
            words = _header_text(header[twin])  # "gbcs_fw"
            named = _header_role(words)
            if twin not in typed and _FORM_HEADER.search(words) and (named is role or named is None and role is ColumnRole.TARGET):
                twins.setdefault(role, []).append(twin)
    return twins


def _twin_aliases(rows: Sequence[Sequence[str]], roles: dict[ColumnRole, int], twins: dict[ColumnRole, list[int]]) -> dict[str, FirmwareVersion]:
    """The versions as written in a base or target column, each paired with the CPL form its twin column
    gives in the same row: the same release in two forms, so the table's versions written the first
    way read as the second wherever they stand."""
    aliases: dict[str, FirmwareVersion] = {}
    for role, columns in twins.items():
        column = roles[role]
        for twin in columns:
            for row in rows:
                written = [m for m in cell_versions(row[column]) if m.kind is not None] if column < len(row) else []
                forms = [m for m in mentions(row[twin]) if m.kind is MentionKind.OCTETS] if twin < len(row) else []
                if len(forms) != 1 or (version := parse_firmware_version(forms[0].text)) is None:
                    continue
                if len(written) == 1 and written[0].kind is not MentionKind.OCTETS:
                    aliases.setdefault(display_key(written[0].text), version)
                elif not written and column < len(row) and is_release_name(row[column]):  # "Fir | 09010003"
                    aliases.setdefault(row[column].strip(), version)
    return aliases


def _header_role(text: str) -> ColumnRole | None:
    """The role a header's words name first, where they name one (`Current (CPL)`: a base)."""
    for role in (ColumnRole.BASE, ColumnRole.MINIMUM, ColumnRole.TARGET):  # a state's words before "fw" or "version"
        if dict(_HEADER_ROLES)[role].search(text):
            return role
    return None


def _sibling_columns(header: Sequence[str], base: int | None) -> list[int]:
    """Columns headed as the base column is but for a number ("Allowed from (1)", "Allowed from (2)")."""
    if base is None or base >= len(header) or not re.search(r"\d", header[base] or ""):
        return []
    stem = re.sub(r"[\d()#.\s]+", " ", header[base] or "").strip().lower()
    return [i for i, cell in enumerate(header) if i != base and re.sub(r"[\d()#.\s]+", " ", cell or "").strip().lower() == stem]


_OTHER_THING = re.compile(
    r"\b(?:meters|devices|units|count|qty|quantity|population|total|boot\s*loader|bootloader|hardware|hw|gbcs|smets\d?|zigbee|radio|stack|modem|protocol|dcc|date|released|issued|"
    r"size|checksum|sha\d*|md5|hash|build\s+date|replaces|superseded|supersedes|bundle|package)\b", re.I)
_ROLE_LABELS = {ColumnRole.BASE: "From", ColumnRole.TARGET: "To", ColumnRole.MODEL: "Model", ColumnRole.MANUFACTURER: "Maker", ColumnRole.HARDWARE: "HW"}
_MODEL_ID = re.compile(r"(?:0x)?[0-9A-Fa-f]{4}")
_WORD = re.compile(r"[A-Za-z]{2,}")
_HARDWARE_CELL = re.compile(r"(?:hw\s*)?(?:0x)?0{0,3}[0-9A-Fa-f]{1,2}", re.I)  # `0001`, `HW 2`, `5`: a hardware version is a small number


def _role_at(roles: dict[ColumnRole, int], position: int) -> ColumnRole | None:
    return next((role for role, at in roles.items() if at == position), None)


def roles_by_content(rows: Sequence[Sequence[str]], deciding_rows: int = 2) -> tuple[int, dict[ColumnRole, int]] | None:
    """Columns typed by what they hold where no header says (an unknown language, no header at all):
    exactly two columns of one version a cell, the one older in every row the base and the other the
    target (a version beside its CPL form in every row counts once, as the CPL form); names the
    maker and the model (one: the model), a column of short numbers the hardware, else a column of
    4-hex-digit identifiers the model. The rows that name two versions or more decide, at least two
    of them (a note under the table, a row still waiting for its next version say nothing of the
    columns). The header is the last row above them that holds no version; -1 when there is none.
    None unless every deciding row agrees."""
    if len(rows) < 2:
        return None
    def one_version(cell: str) -> Mention | None:
        found = [m for m in cell_versions(cell) if m.kind is not None]
        return found[0] if len(found) == 1 else None
    deciding = [i for i, r in enumerate(rows) if sum(one_version(c) is not None for c in r) >= 2]
    if len(deciding) < deciding_rows:
        return None
    # the header: the last row above the first deciding one that fills two cells or more, none a version
    # (a title above it is no header); the first row when only a title is above; -1 when none is
    above = [i for i in range(deciding[0]) if sum(bool(c.strip()) for c in rows[i]) >= 2 and not any(cell_versions(c) for c in rows[i])]
    header_at = above[-1] if above else (0 if deciding[0] > 0 else -1)
    body = [rows[i] for i in deciding if i > header_at]
    if len(body) < deciding_rows:
        return None
    width = max(len(r) for r in body)
    columns = _cpl_forms([i for i in range(width) if all(i < len(r) and one_version(r[i]) for r in body)], body)
    if len(columns) != 2:
        return None
    if header_at >= 0 and any(i < len(rows[header_at]) and _OTHER_THING.search(rows[header_at][i]) for i in columns):
        return None  # "Firmware | Bootloader", "Version | Released": versions of something else, or no versions
    if len({all(_LOST_ZEROS.fullmatch(r[i].strip()) and r[i].strip().isdigit() for r in body) for i in columns}) > 1:
        return None  # "01.02.00.0A | 12480": a count of meters beside a version, not a version typed as a number
    left, right = columns
    order = {_older(one_version(r[left]), one_version(r[right])) for r in body}  # type: ignore[arg-type]
    if order not in ({True}, {False}):
        return None
    base, target = (left, right) if order == {True} else (right, left)
    roles = {ColumnRole.BASE: base, ColumnRole.TARGET: target}
    if any(len(_WORD.findall(r[base])) >= 2 for r in body):
        # "needs 01.00.00.00 installed", "fixes keypad lock from 0x00020000": a column of remarks, each read as
        # a statement about its row's target (row_requirements), not taken for a base whatever it says
        del roles[ColumnRole.BASE]
    rest = [i for i in range(width) if i not in columns and not any(one_version(r[i]) for r in body if i < len(r))
            and all(i < len(r) and r[i].strip() for r in body)]  # fmt: skip
    hardware = [i for i in rest if all(_HARDWARE_CELL.fullmatch(r[i].strip()) for r in body)]
    models = [i for i in rest if i not in hardware and all(_MODEL_ID.fullmatch(r[i].strip()) for r in body)]
    if len(models) == 1:
        roles[ColumnRole.MODEL] = models[0]
    # the device's names come before its versions; a column of names after them is a remark ("EG", an analyst's initials)
    names = [i for i in rest if i < min(columns) and all(re.search(r"[A-Za-z]{2}", r[i]) and not mentions_of(r[i]) for r in body)]
    if 1 <= len(names) <= 2:  # "maker; model" or "model": names, in that order (a maker's beside a model's identifier)
        wanted = (ColumnRole.MANUFACTURER, ColumnRole.MODEL)[2 - len(names) :] if len(models) != 1 else (ColumnRole.MANUFACTURER,)
        roles.update(zip(wanted, names))
    headed_hardware = header_at >= 0 and hardware and hardware[0] < len(rows[header_at]) and _words("hardware", "hw").search(rows[header_at][hardware[0]])
    if len(hardware) == 1 and (ColumnRole.MODEL in roles or headed_hardware):  # a column of small numbers alone: hardware only where headed so
        roles[ColumnRole.HARDWARE] = hardware[0]
    return header_at, roles


def _cpl_forms(columns: list[int], body: Sequence[Sequence[str]]) -> list[int]:
    """Version columns with a column beside one giving its CPL form in every row (`R3.5 | 03050001`,
    `3.3.0.0 | 03030000 | 3.2.0.5`): the CPL form stands for the pair, the other is passed over. Two
    columns are one release's two forms where the written one's numbers open the CPL form's in every row."""
    def form_of(i: int) -> list[FirmwareVersion | None]:
        return [next((parse_firmware_version(m.text) for m in cell_versions(r[i]) if m.kind is MentionKind.OCTETS), None) for r in body]

    def twins(written: int, cpl: int) -> bool:
        for row, version in zip(body, form_of(cpl)):
            numbers = order_key(row[written].strip().lstrip("vVrR"))
            if version is None or not numbers or tuple(version.parts[: len(numbers)]) != tuple(numbers):
                return False
        return True

    dropped: set[int] = set()
    for left, right in zip(columns, columns[1:]):
        if right - left != 1 or left in dropped:
            continue
        if all(form_of(right)) and not any(form_of(left)) and twins(left, right):
            dropped.add(left)
        elif all(form_of(left)) and not any(form_of(right)) and twins(right, left):
            dropped.add(right)
    return [i for i in columns if i not in dropped]


def _older(a: Mention, b: Mention) -> bool | None:
    """Whether a is older than b by their numbers (None when they do not compare)."""
    x, y = order_key(a.text), order_key(b.text)
    return None if not x or not y or x == y else x < y


_YES = re.compile(r"^(?:(?:yes|y|supported|direct(?:ly)?|ok|possible|allowed|permitted|x)\b|[\u2713\u2714\u2705\u25cf])", re.I)
_NO = re.compile(r"^(?:no|n|not\b|unsupported|n/a|na|-|\u2013|\u2014|[\u2717\u2718\u274c\u00d7]|blocked|impossible)", re.I)


def _matrix_columns(header: Sequence[str], body: Sequence[Sequence[str]], roles: dict[ColumnRole, int]) -> dict[int, str]:
    """Columns headed by one version each ("To 2.7.0.19 | To 2.7.1.11") whose cells are verdicts
    ("Supported", "Not supported", a tick): a matrix of which target goes on which row's base."""
    label = roles.get(ColumnRole.BASE, roles.get(ColumnRole.MINIMUM, roles.get(ColumnRole.TARGET)))
    columns: dict[int, str] = {}
    for position, cell in enumerate(header):
        found = [m for m in mentions(cell or "") if m.kind is not None]
        if position != label and len(found) == 1:
            columns[position] = found[0].text
    if not columns:
        return {}
    verdicts = [row[p].strip() for row in body for p in columns if p < len(row) and row[p].strip()]
    if not verdicts or sum(bool(_YES.match(v) or _NO.match(v)) for v in verdicts) * 2 <= len(verdicts):
        return {}
    return columns


def _rows_are_older(header: Sequence[str], body: Sequence[Sequence[str]], roles: dict[ColumnRole, int], matrix: dict[int, str]) -> bool:
    """A matrix whose row labels' column says only "Version" or "Firmware" (no from-word, no to-word) is
    read as rows of targets; but where every row a yes-cell joins to a column is older than that column,
    the rows are what is installed: an upgrade goes from older to newer."""
    at = roles.get(ColumnRole.TARGET)
    if at is None or ColumnRole.BASE in roles or ColumnRole.MINIMUM in roles or _TARGET_WORDS.search(header[at] or ""):
        return False
    older = []
    for row in body:
        label = cell_versions(row[at]) if at < len(row) else []
        for position, column in matrix.items():
            if label and position < len(row) and _YES.match(row[position].strip()) and not _NO.match(row[position].strip()):
                older.append(order_key(label[0].text) < order_key(column))
    return bool(older) and all(older)


def matrix_requirements(cells: Sequence[str], roles: dict[ColumnRole, int], matrix: dict[int, str]) -> list[StatedRequirement]:
    """A matrix row: each target whose cell says yes goes on the row's base (a "no" says nothing); in a
    matrix the other way round (rows of targets, a header of installed versions), the row's target
    goes on each base whose cell says yes."""
    if ColumnRole.BASE not in roles and ColumnRole.MINIMUM not in roles and ColumnRole.TARGET in roles:
        at = roles[ColumnRole.TARGET]
        targets = cell_versions(cells[at]) if at < len(cells) else []
        yes = [(p, base) for p, base in matrix.items() if p < len(cells) and _YES.match(cells[p].strip()) and not _NO.match(cells[p].strip())]
        return [
            _stated(t.text, [Mention(base, 0, len(base), t.kind)], Relation.EXACT, t)
            for t in targets[:1] for _, base in yes if base != t.text
        ]
    base_at = roles.get(ColumnRole.BASE, roles.get(ColumnRole.MINIMUM))
    bases = cell_versions(cells[base_at]) if base_at is not None and base_at < len(cells) else []
    found = []
    for position, target in matrix.items():
        verdict = cells[position].strip() if position < len(cells) else ""
        if bases and _YES.match(verdict) and not _NO.match(verdict):
            relation = Relation.MINIMUM if ColumnRole.BASE not in roles else Relation.EXACT
            found.extend(_stated(target, [b], relation, None) for b in bases if b.text != target)
    return found


def _release_in_heading(heading: str) -> str:
    from extractors.statements.claims import section_release

    return section_release(heading) if heading else ""


_HARDWARE_AFTER_MODEL = re.compile(r"(?P<model>.*?\S)\s*(?:/|,|\(|\bhw\b)\s*(?:hw\s*|hardware\s*(?:version\s*)?)?(?P<hardware>(?:0x)?[0-9A-Fa-f]{1,4})\)?\s*$", re.I)


_HARDWARE_NAMED_AFTER_MODEL = re.compile(
    r"(?P<model>.*?\S)\s*\(?\s*\b(?:hw|hardware(?:\s+(?:version|rev\w*))?)\s*:?\s*(?P<hardware>(?:0x)?[0-9A-Fa-f]{1,4})\)?\s*$", re.I
)


def _row_devices(cells: Sequence[str], roles: dict[ColumnRole, int], ctx: DocumentContext) -> list[DeviceRef] | None:
    """The devices a row names in its own columns (a MAP sheet lists many), or None for the document's."""
    def cell(role: ColumnRole) -> str:
        position = roles.get(role)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    manufacturer, model, hardware = cell(ColumnRole.MANUFACTURER), cell(ColumnRole.MODEL), cell(ColumnRole.HARDWARE)
    if ColumnRole.MODEL in roles and roles.get(ColumnRole.HARDWARE) == roles[ColumnRole.MODEL]:
        named = _HARDWARE_AFTER_MODEL.match(model)  # "KeyPad P2 / 0001", "Lumen (HW 2)"
        model, hardware = (named.group("model"), named.group("hardware")) if named else (model, "")
    elif not hardware and (named := _HARDWARE_NAMED_AFTER_MODEL.match(model)):
        model, hardware = named.group("model"), named.group("hardware")  # "Pennant G5 HW0002" in a Product column
    if not (manufacturer or model or hardware):
        return None
    hardware_versions = hardware_list(hardware) or ((normalise_hex_id(hardware),) if hardware else ()) or ctx.hardware_versions or ("",)
    return [
        DeviceRef(manufacturer or ctx.manufacturer, model or ctx.model, hw, ctx.naming) for hw in hardware_versions
    ]
