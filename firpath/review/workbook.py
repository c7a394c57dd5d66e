"""The Excel round trip, for reviewers who will not use the web page.

`export_workbook` writes one row per proposal that needs review (`rules.needs_review`, as the web
queue lists them) with everything a reviewer needs (the entry, the FIR value, the proposed path or
the conflicting alternatives, the evidence and the review state) and three unlocked columns to fill
in: `decision` (approve, reject or correct), `corrected_upgrade_path` and `reason`. Every other
cell is locked and the sheet protected, so the facts a decision was made on cannot be edited by
accident.

`import_workbook` reads the decisions back and records them through `ReviewBoard.decide_many` — the
same rules as the web app, under the name of a reviewer the command line authenticated. A decision
counts for the proposal the reviewer saw: the row's own `proposal_hash` is passed on, never
recomputed, so a proposal that changed since the export (new evidence, a new CPL or FIR export)
refuses the row instead of approving what nobody looked at. The workbook is read like any file from
outside: bounded by the inbox's limits and streamed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from firpath.domain import ChangeKind, ProposedChange, ReviewAction, UpgradePath
from firpath.domain.limits import DocumentLimits, too_large
from firpath.review.board import DecisionRequest, ReviewBoard
from firpath.review.rules import DecisionRefused, Refusal, ReviewState, ReviewStatus, status_text
from firpath.runtime.review_files import FORMULA_PREFIXES, evidence_lines, neutralise, sources_text
from staging.engine import paused_gc

REVIEW_SHEET = "Review"
HOW_TO_SHEET = "How to review"

INFO_COLUMNS = (
    "cpl_entry_id", "manufacturer", "model", "hardware_version", "firmware_version", "change",
    "current_upgrade_path", "proposed_upgrade_path", "alternatives", "review_flags", "review_state",
    "waiting_for", "evidence", "sources", "proposal_hash",
)  # fmt: skip
DECISION_COLUMNS = ("decision", "corrected_upgrade_path", "reason")
WORKBOOK_COLUMNS = INFO_COLUMNS + DECISION_COLUMNS

DECISION_WORDS = tuple(a.value for a in ReviewAction)  # approve, reject, correct

_WIDTHS = {
    "cpl_entry_id": 12, "manufacturer": 22, "model": 14, "hardware_version": 10, "firmware_version": 12,
    "change": 10, "current_upgrade_path": 16, "proposed_upgrade_path": 16, "alternatives": 40,
    "review_flags": 30, "review_state": 16, "waiting_for": 36, "evidence": 90, "sources": 40,
    "proposal_hash": 24, "decision": 12, "corrected_upgrade_path": 22, "reason": 40,
}  # fmt: skip

# One CPL Entry ID as a reviewer may type it; anything else in a corrected path is a typing slip.
_ENTRY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

HOW_TO_REVIEW = (
    "How to review this workbook",
    "",
    "Each row of the 'Review' sheet is one proposed change to a CPL entry's Firmware Upgrade Path in the FIR.",
    "Check the evidence (file, location and the exact text) and fill in only the three columns on the right:",
    "",
    "decision: approve - the proposed upgrade path is right (for a conflict: the path a correction has set).",
    "decision: reject - nothing should be applied; write why in 'reason' (required).",
    "decision: correct - set the path yourself in 'corrected_upgrade_path': CPL Entry IDs separated by '; ',"
    " or N/A when no earlier firmware is required, and say where it comes from in 'reason' (required). Only"
    " older firmware of the same model and hardware version is allowed.",
    "Leave 'decision' empty for rows you have not decided.",
    "",
    "Rules (the same as on the review web page):",
    "- A change to an upgrade path the FIR already holds needs two different approvers; adding a path to a"
    " blank one needs one.",
    "- Whoever ran the import, or corrected a path, cannot be its only approver.",
    "- Conflicting sources (blank proposed_upgrade_path, see 'alternatives') cannot be approved until"
    " someone corrects the path; a correction must then be approved by someone else.",
    "- You cannot approve the same proposal twice.",
    "- A decision counts only for what this workbook showed: if the proposal has changed since the export"
    " (new evidence, a new CPL or FIR export), the row is refused - export a fresh workbook and review it again.",
    "",
    "Rows flagged in 'review_flags' failed an automatic check: review them with particular care. Approving"
    " one needs a 'reason' saying why the flags do not stand in the way (as on the web page).",
    "Do not edit, add or remove rows or other columns; they are locked. Save the file as .xlsx and return it.",
    "It is imported with `firpath review import FILE --reviewer NAME`, which asks for NAME's password: the"
    " decisions are recorded as that reviewer's.",
)


class NotAReviewWorkbook(ValueError):
    """The file is not a review workbook exported by `export_workbook`; the message says why."""


class RefusalKind(StrEnum):
    """Why an imported row was not recorded."""

    STALE = "stale"  # the proposal changed since the export
    CONFLICT_WITHOUT_PATH = "conflict without a path"
    SECOND_APPROVAL = "second approval by the same person"
    PATH_CHANGED = "path under review changed"  # approves a path other than the one now under review
    BAD_CORRECTION = "corrected path not allowed"  # another model/hardware, the entry itself, newer, unknown id
    UNKNOWN_DECISION = "unknown decision"
    UNKNOWN_ENTRY = "unknown entry"
    UNPARSEABLE_PATH = "unreadable corrected path"
    MISSING_PATH = "correction without a path"
    MISSING_REASON = "decision without a reason"  # a rejection or a correction
    MISSING_HASH = "no proposal hash"
    NO_DECISION = "corrected path without a decision"
    FLAGGED = "flagged, approved without a reason"
    NOT_A_REVIEWER = "not an active reviewer"
    OTHER = "refused"


@dataclass(frozen=True)
class AcceptedRow:
    row: int  # the sheet's row number, as the reviewer sees it in Excel
    entry_id: str
    action: ReviewAction
    state: ReviewState  # the proposal's review state after this decision
    waiting_for: str


@dataclass(frozen=True)
class RefusedRow:
    row: int
    entry_id: str
    decision: str  # as written in the row
    kind: RefusalKind
    reason: str  # for the reviewer to read

    def __str__(self) -> str:
        entry = self.entry_id or "(no entry id)"
        return f"row {self.row} (CPL entry {entry}, {self.decision or 'no decision'}): {self.reason}"


@dataclass(frozen=True)
class ImportResult:
    accepted_rows: tuple[AcceptedRow, ...] = ()
    refused: tuple[RefusedRow, ...] = ()
    undecided: int = 0  # rows left without a decision

    @property
    def accepted(self) -> int:
        return len(self.accepted_rows)


# --- export ------------------------------------------------------------------------------------------


def _names_by_content(board: ReviewBoard) -> dict[str, list[str]]:
    """sha256 -> every name the document arrived under in the run (a copy is listed under each)."""
    names: dict[str, list[str]] = {}
    for name, sha256, _ in board.store.runs.arrivals(board.run.run_id):
        if name not in names.setdefault(sha256, []):
            names[sha256].append(name)
    return names


def _waiting_for(status: ReviewStatus) -> str:
    notes = [status.waiting_for] if status.waiting_for else []
    if status.corrected_by:
        why = f": {status.reason}" if status.reason and status.state is not ReviewState.REJECTED else ""
        notes.append(f"path set by {status.corrected_by}'s correction{why}")
    if status.approvers:
        notes.append(f"approved so far by {', '.join(status.approvers)}")
    if status.rejected_by:
        notes.append(f"rejected by {status.rejected_by}: {status.reason}")
    if status.stale:
        notes.append(f"{status.stale} earlier decision(s) were on an older version of this proposal and no longer count")
    return "; ".join(notes)


def workbook_row(proposal: ProposedChange, status: ReviewStatus, names: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """One proposal as the workbook shows it (before neutralising); decision columns empty."""
    entry = proposal.target
    alternatives = ""
    if proposal.change is ChangeKind.CONFLICT:
        alternatives = "\n".join(f"{alt.path} (from {sources_text(alt.claims, names)})" for alt in proposal.alternatives)
    evidence, sources, change = evidence_lines(proposal.claims), sources_text(proposal.claims, names), proposal.change.value
    if (origin := proposal.origin) is not None:  # a SECAS edit or withdrawal: who proposed it, why, on what file
        change = f"{origin.kind.value} {origin.edit_id}"
        evidence = f"[{origin.kind.value}] proposed by {origin.proposed_by} at {origin.proposed_at:%Y-%m-%d %H:%M} UTC: {origin.reason}"
        if origin.withdraws:
            evidence += f"\nwithdraws {origin.withdraws}"
        if origin.evidence_sha256:
            evidence += f"\nattached: {origin.evidence_name} (sha256 {origin.evidence_sha256})"
        sources = origin.evidence_name or f"{origin.kind.value} by {origin.proposed_by}"
    return {
        "cpl_entry_id": entry.entry_id,
        "manufacturer": entry.manufacturer_name or entry.manufacturer_id,
        "model": entry.model_name or entry.model_id,
        "hardware_version": entry.hardware_version,
        "firmware_version": str(entry.firmware_version),
        "change": change,
        "current_upgrade_path": "" if proposal.current is None else str(proposal.current),
        # the path a decision would approve: the proposed one, or the one a correction set
        "proposed_upgrade_path": "" if status.path is None else str(status.path),
        "alternatives": alternatives,
        "review_flags": "\n".join(proposal.review_flags),
        "review_state": status_text(proposal, status, "").state,  # as the web pages say it
        "waiting_for": _waiting_for(status),
        "evidence": evidence,
        "sources": sources,
        "proposal_hash": proposal.content_hash,
        "decision": "",
        "corrected_upgrade_path": "",
        "reason": "",
    }


def export_workbook(board: ReviewBoard, out: Path) -> int:
    """Write the review workbook for every reviewable proposal of the board's run, in CPL order, then
    every SECAS edit and withdrawal still open (not approved, not rejected); returns the number of rows
    written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    statuses = board.statuses()
    names = _names_by_content(board)
    cpl_order = {entry_id: i for i, entry_id in enumerate(board.cpl)}
    reviewable = sorted(board.reviewable(statuses), key=lambda p: cpl_order.get(p.target.entry_id, len(cpl_order)))
    rows = [workbook_row(p, statuses[p.target.entry_id], names) for p in reviewable]
    edit_statuses = board.edit_statuses()
    rows += [workbook_row(board.edits[i], edit_statuses[i], names) for i in sorted(board.edits)
             if edit_statuses[i].state not in (ReviewState.APPROVED, ReviewState.REJECTED)]  # fmt: skip

    book = Workbook()
    ws = book.active
    ws.title = REVIEW_SHEET
    ws.append(list(WORKBOOK_COLUMNS))
    for row in rows:
        ws.append([neutralise(str(row[column])) for column in WORKBOOK_COLUMNS])

    header_font = Font(bold=True)
    decision_fill = PatternFill("solid", fgColor="FFF2CC")  # the columns to fill in stand out
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(WORKBOOK_COLUMNS, start=1):
        letter = ws.cell(row=1, column=index).column_letter
        ws.column_dimensions[letter].width = _WIDTHS.get(column, 16)
        editable = column in DECISION_COLUMNS
        header = ws.cell(row=1, column=index)
        header.font = header_font
        header.protection = Protection(locked=True)
        if editable:
            header.fill = decision_fill
        for row_number in range(2, len(rows) + 2):
            cell = ws.cell(row=row_number, column=index)
            cell.alignment = wrap
            cell.number_format = "@"  # text: a typed 2203 stays "2203", not a number
            cell.protection = Protection(locked=not editable)
            if editable:
                cell.fill = decision_fill

    if rows:
        decision_letter = ws.cell(row=1, column=WORKBOOK_COLUMNS.index("decision") + 1).column_letter
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(DECISION_WORDS) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Decision",
            error="Choose approve, reject or correct (or leave it empty).",
            showInputMessage=True,
            promptTitle="Decision",
            prompt="approve, reject (write a reason) or correct (write the corrected path); empty = undecided",
        )
        validation.add(f"{decision_letter}2:{decision_letter}{len(rows) + 1}")
        ws.add_data_validation(validation)

    ws.freeze_panes = "B2"  # the header and the entry id stay in view
    ws.auto_filter.ref = ws.dimensions
    ws.protection.sheet = True
    # locked cells stay locked, but a reviewer may still filter, resize and select
    ws.protection.autoFilter = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False

    guide = book.create_sheet(HOW_TO_SHEET)
    for line in HOW_TO_REVIEW:  # firpath's own text, written as text (none starts with "="): not neutralised
        guide.append([line])
    guide.append([""])
    guide.append([neutralise(f"Exported {datetime.now(UTC):%Y-%m-%d %H:%M} UTC from run {board.run.run_id} "
                             f"({'imported by ' + board.importer if board.importer else 'no reviewer recorded as its importer'}); {len(rows)} proposals.")])  # fmt: skip
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 120
    for (cell,) in guide.iter_rows(min_row=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.protection.sheet = True

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return len(rows)


# --- import ------------------------------------------------------------------------------------------


def _unneutralise(text: str) -> str:
    """A value `neutralise` wrote as `'=...` reads back as it was before."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES) else text


def _parse_path(text: str) -> UpgradePath | None:
    """The corrected path; None when blank; raises ValueError when it is not Entry IDs or N/A."""
    path = UpgradePath.parse(text)
    if path is None:
        return None
    bad = [part for part in path.entry_ids if not _ENTRY_ID.match(part)]
    if bad:
        raise ValueError(
            f"corrected path {text!r} cannot be read ({', '.join(repr(b) for b in bad)} is not a CPL Entry ID): "
            "write CPL Entry IDs separated by '; ', or N/A"
        )
    return path


def _open_rows(path: Path, limits: DocumentLimits) -> list[tuple[int, dict[str, str]]]:
    """(sheet row number, column -> text) for each data row; raises NotAReviewWorkbook.

    A returned workbook comes from outside like any inbox file, so it is read by the same bounded
    reader (`extractors.tables`): its size, its zip container (judged before anything is unpacked),
    its rows and cells are held to the inbox's limits (`FIRPATH_MAX_...`), and it is streamed.
    """
    from extractors.containers import size_text
    from extractors.tables import TableError, xlsx_tables

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise NotAReviewWorkbook(f"{path}: no such file") from None
    except OSError as exc:
        raise NotAReviewWorkbook(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if (refusal := too_large(size, limits)) is not None:
        raise NotAReviewWorkbook(f"{path}: {refusal.reason}")
    data = path.read_bytes()
    if not data.startswith(b"PK\x03\x04"):
        raise NotAReviewWorkbook(f"{path}: not an Excel workbook (.xlsx) exported for review ({size_text(len(data))}, "
                                 "not a zip container)")  # fmt: skip
    try:
        grids = xlsx_tables(data, limits).grids
    except TableError as exc:
        raise NotAReviewWorkbook(f"{path}: {exc}") from exc
    finally:
        del data
    title = REVIEW_SHEET if REVIEW_SHEET in grids else next(iter(grids), None)
    grid = grids.get(title, []) if title is not None else []
    header = grid[0] if grid else []
    missing = [c for c in WORKBOOK_COLUMNS if c not in header]
    if missing:
        raise NotAReviewWorkbook(
            f"{path}: not a review workbook exported by `firpath review export` "
            f"(sheet {title!r} has no column {', '.join(missing)})"
        )
    where = {column: header.index(column) for column in WORKBOOK_COLUMNS}
    found = []
    for number, values in enumerate(grid[1:], start=2):
        cells = {c: values[i] if i < len(values) else "" for c, i in where.items()}
        if any(cells.values()):
            found.append((number, cells))
    return found


_REFUSAL_KINDS = {
    Refusal.STALE: RefusalKind.STALE,
    Refusal.CONFLICT_WITHOUT_PATH: RefusalKind.CONFLICT_WITHOUT_PATH,
    Refusal.SECOND_APPROVAL: RefusalKind.SECOND_APPROVAL,
    Refusal.PATH_CHANGED: RefusalKind.PATH_CHANGED,
    Refusal.BAD_CORRECTION: RefusalKind.BAD_CORRECTION,
    Refusal.CORRECTION_WITHOUT_PATH: RefusalKind.MISSING_PATH,
    Refusal.CORRECTION_WITHOUT_REASON: RefusalKind.MISSING_REASON,
    Refusal.REJECTION_WITHOUT_REASON: RefusalKind.MISSING_REASON,
    Refusal.FLAGGED: RefusalKind.FLAGGED,
    Refusal.NO_REVIEWER: RefusalKind.NOT_A_REVIEWER,
}


def import_workbook(
    board: ReviewBoard,
    path: Path,
    reviewer: str,
    *,
    limits: DocumentLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Record every decision of a returned review workbook as `reviewer` (an authenticated reviewer's
    account name), through the board's rules.

    Rows are decided in sheet order, each accepted or refused on its own (with the reason), in
    transactions of `board.BATCH_SIZE` rows; `progress(done, total)` hears after each. Raises
    NotAReviewWorkbook for a file that is not an exported review workbook or is over a limit
    (`DocumentLimits`, the inbox's: FIRPATH_MAX_...).
    """
    reviewer = reviewer.strip()
    if not reviewer:
        raise ValueError("importing decisions needs the reviewer's name")
    with paused_gc():  # rows and decisions by the ten thousand, all alive until the report is made
        return _import(board, Path(path), reviewer, limits or DocumentLimits(), progress)


def _import(
    board: ReviewBoard, path: Path, reviewer: str, limits: DocumentLimits, progress: Callable[[int, int], None] | None
) -> ImportResult:
    rows = _open_rows(path, limits)
    refused: dict[int, RefusedRow] = {}
    requests: list[tuple[int, str, DecisionRequest]] = []
    undecided = 0
    for number, cells in rows:
        entry_id = _unneutralise(cells["cpl_entry_id"])
        word = cells["decision"]

        def refuse(kind: RefusalKind, why: str, entry_id: str = entry_id, word: str = word, number: int = number) -> None:
            refused[number] = RefusedRow(number, entry_id, word, kind, why)

        if not word:
            if cells["corrected_upgrade_path"]:
                refuse(RefusalKind.NO_DECISION, "a corrected path is written but no decision: choose 'correct'")
            else:
                undecided += 1
            continue
        try:
            action = ReviewAction(word.lower())
        except ValueError:
            refuse(RefusalKind.UNKNOWN_DECISION, f"unknown decision {word!r}: use {', '.join(DECISION_WORDS)} or leave it empty")
            continue
        if not board.has_proposal(entry_id):
            refuse(RefusalKind.UNKNOWN_ENTRY, f"no proposed change for CPL entry {entry_id!r} in the current run "
                                              f"({board.run.run_id}): export a fresh workbook")  # fmt: skip
            continue
        row_hash = cells["proposal_hash"]
        if not row_hash:
            refuse(RefusalKind.MISSING_HASH, "the row's proposal_hash is empty: export a fresh workbook")
            continue
        try:
            corrected = _parse_path(_unneutralise(cells["corrected_upgrade_path"]))
        except ValueError as exc:
            refuse(RefusalKind.UNPARSEABLE_PATH, str(exc))
            continue
        if action is ReviewAction.APPROVE:
            # approve exactly what the row showed: a path corrected elsewhere since is not approved unseen
            shown = _unneutralise(cells["proposed_upgrade_path"])
            path = corrected if corrected is not None else (UpgradePath.parse(shown) if shown else None)
        elif action is ReviewAction.CORRECT:
            path = corrected
        else:
            path = None
        if action is ReviewAction.CORRECT and path is None:
            refuse(RefusalKind.MISSING_PATH, "a correction needs the corrected upgrade path (Entry IDs or N/A)")
            continue
        request = DecisionRequest(entry_id, action, reviewer, row_hash, path, _unneutralise(cells["reason"]), "excel")
        requests.append((number, word, request))

    outcomes = board.decide_many([r for _, _, r in requests], progress=progress)
    accepted: list[AcceptedRow] = []
    for (number, word, request), outcome in zip(requests, outcomes, strict=True):
        if isinstance(outcome, DecisionRefused):
            refused[number] = RefusedRow(number, request.entry_id, word, _REFUSAL_KINDS.get(outcome.kind, RefusalKind.OTHER),
                                         str(outcome))  # fmt: skip
        else:
            accepted.append(AcceptedRow(number, request.entry_id, request.action, outcome.state, outcome.waiting_for))
    return ImportResult(tuple(accepted), tuple(refused[n] for n in sorted(refused)), undecided)


def format_import_report(result: ImportResult, path: Path | str | None = None) -> str:
    """What `firpath review import` prints: how many decisions were accepted and why each other row was not."""
    source = f" from {path}" if path is not None else ""
    lines = [f"Accepted {result.accepted} decision{'s' if result.accepted != 1 else ''}{source}; "
             f"refused {len(result.refused)}; {result.undecided} row{'s' if result.undecided != 1 else ''} "
             f"left undecided."]  # fmt: skip
    for row in result.accepted_rows:
        waiting = f" (waiting for {row.waiting_for})" if row.waiting_for else ""
        lines.append(f"  accepted row {row.row}: CPL entry {row.entry_id} {row.action.value} -> {row.state.value}{waiting}")
    for refused in result.refused:
        lines.append(f"  refused {refused}")
    return "\n".join(lines)


def refused_by_kind(result: ImportResult) -> dict[RefusalKind, list[RefusedRow]]:
    grouped: dict[RefusalKind, list[RefusedRow]] = {}
    for row in result.refused:
        grouped.setdefault(row.kind, []).append(row)
    return grouped


__all__ = [
    "DECISION_COLUMNS", "HOW_TO_SHEET", "INFO_COLUMNS", "REVIEW_SHEET", "WORKBOOK_COLUMNS", "AcceptedRow",
    "ImportResult", "NotAReviewWorkbook", "RefusalKind", "RefusedRow", "export_workbook",
    "format_import_report", "import_workbook", "refused_by_kind", "workbook_row",
]  # fmt: skip
