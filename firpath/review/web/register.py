"""The register view and SECAS's own proposals (MP231: SECAS may edit any entry's path, to correct
errors or when a better path becomes known, and may withdraw a published change).

- `/register`: every device (manufacturer, model, hardware version) with an entry matching the
  search (Entry ID, manufacturer, model or firmware version);
- `/register/<entry>`: the device's CPL entries with the FIR value as firpath knows it, the changes
  firpath published (each can be withdrawn), what is under review, the upgrade graph, and "Edit
  path" for the entry: earlier entries of the same device or N/A, a reason, optionally a file;
- `/edit/<id>`: one SECAS edit or withdrawal, its evidence, status and decision forms: the same
  rules as any proposal (`firpath.review.rules`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from firpath.domain import CplEntry, DeviceKey, ProposedChange, ReviewAction, UpgradePath
from firpath.review.board import ReviewBoard
from firpath.review.graph import upgrade_graph_svg
from firpath.review.rules import DecisionRefused, ReviewStatus, status_text
from firpath.review.web.app import board as current_board
from firpath.review.web.app import review_context
from firpath.review.web.forms import MAX_REASON, FormProblem, decision_form

bp = Blueprint("register", __name__)

MAX_RESULTS = 50  # devices listed for one search
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]")


@dataclass(frozen=True)
class DeviceMatch:
    device: DeviceKey
    entries: list[CplEntry]  # oldest firmware first

    @property
    def first(self) -> CplEntry:
        return self.entries[0]


def matching_devices(board: ReviewBoard, query: str) -> list[DeviceMatch]:
    """Devices with an entry whose Entry ID, manufacturer (name or id), model (name or id) or firmware
    version holds `query` (any case; every device when it is empty)."""
    wanted = query.strip().casefold()
    devices: dict[DeviceKey, list[CplEntry]] = {}
    for entry in board.cpl.values():
        devices.setdefault(entry.device, []).append(entry)
    found = []
    for device, entries in devices.items():
        texts = [t for e in entries for t in (e.entry_id, e.manufacturer_id, e.manufacturer_name, e.model_id,
                                               e.model_name, e.firmware_version.text)]  # fmt: skip
        if not wanted or any(wanted in t.casefold() for t in texts):
            found.append(DeviceMatch(device, sorted(entries, key=lambda e: (e.firmware_version, e.entry_id))))
    return sorted(found, key=lambda m: (m.first.manufacturer_name or m.first.manufacturer_id, m.first.model_name, m.device))


@bp.get("/register")
def search() -> str:
    board = current_board()
    query = (request.args.get("q") or "").strip()[:100]
    matches = matching_devices(board, query)
    return render_template("register.html", query=query, matches=matches[:MAX_RESULTS], more=max(0, len(matches) - MAX_RESULTS))


@dataclass(frozen=True)
class EntryRow:
    entry: CplEntry
    value: UpgradePath | None  # the FIR value as firpath knows it
    run_proposal: tuple[ProposedChange, ReviewStatus] | None
    edits: list[tuple[int, ProposedChange, ReviewStatus]]
    published: list  # staging.publications.PublishedChangeRecord, oldest first


def _entry_or_404(board: ReviewBoard, entry_id: str) -> CplEntry:
    entry = board.cpl.get(entry_id)
    if entry is None:
        abort(404, description=f"No CPL entry {entry_id} in the latest run's CPL export.")
    return entry


def device_rows(board: ReviewBoard, device: DeviceKey) -> list[EntryRow]:
    entries = sorted((e for e in board.cpl.values() if e.device == device), key=lambda e: (e.firmware_version, e.entry_id))
    ids = [e.entry_id for e in entries]
    published: dict[str, list] = {}
    for change in board.published_changes(ids):
        published.setdefault(change.cpl_entry_id, []).append(change)
    statuses = board.edit_statuses()
    rows = []
    for entry in entries:
        run = board.proposals.get(entry.entry_id)
        edits = [(i, p, statuses[i]) for i, p in sorted(board.edits.items()) if p.target.entry_id == entry.entry_id]
        rows.append(EntryRow(entry, board.register_value(entry.entry_id),
                             None if run is None else (run, board.status(entry.entry_id)), edits,
                             published.get(entry.entry_id, [])))  # fmt: skip
    return rows


@bp.get("/register/<entry_id>")
def entry(entry_id: str) -> str:
    board = current_board()
    target = _entry_or_404(board, entry_id)
    rows = device_rows(board, target.device)
    values = {row.entry.entry_id: row.value for row in rows}
    svg = upgrade_graph_svg(target, board.cpl, values, None)
    choices = [row.entry for row in rows if row.entry.firmware_version < target.firmware_version]
    return render_template("register_entry.html", target=target, rows=rows, graph_svg=svg, choices=choices,
                           current=values[entry_id], max_evidence_mb=review_context().settings.max_evidence_mb)  # fmt: skip


def _evidence() -> tuple[str, bytes] | None:
    """The file attached to an edit or withdrawal form, if any (its size is bounded by the request's)."""
    upload = request.files.get("evidence")
    if upload is None or not upload.filename:
        return None
    data = upload.read()
    if not data:
        raise FormProblem("the attached file is empty")
    name = _SAFE_NAME.sub("_", upload.filename.replace("\\", "/").rsplit("/", 1)[-1])[:120] or "attachment"
    return name, data


def _reason() -> str:
    reason = " ".join((request.form.get("reason") or "").split())
    if not reason:
        raise FormProblem("an edit needs a reason: say where the path comes from")
    if len(reason) > MAX_REASON:
        raise FormProblem(f"keep the reason under {MAX_REASON} characters")
    return reason


@bp.post("/register/<entry_id>/edit")
def propose(entry_id: str) -> Response:
    board = current_board()
    _entry_or_404(board, entry_id)
    try:
        bases = sorted({b.strip() for b in request.form.getlist("base") if b.strip()})
        not_applicable = request.form.get("not_applicable") == "1"
        if not_applicable == bool(bases):
            raise FormProblem("tick the earlier entries the firmware may be installed on, or N/A (not both)")
        proposal = board.propose_edit(entry_id, UpgradePath(tuple(bases)), _reason(), current_user.name, evidence=_evidence())
    except (FormProblem, DecisionRefused) as exc:
        flash(f"{entry_id}: no edit proposed: {exc}", "error")
        return redirect(url_for("register.entry", entry_id=entry_id))
    edit_id = proposal.origin.edit_id  # type: ignore[union-attr]
    flash(f"{entry_id}: SECAS edit {edit_id} proposed ({_shown(proposal.current)} -> {proposal.alternatives[0].path}); "
          "it needs an approver other than you", "success")  # fmt: skip
    return redirect(url_for("register.edit", edit_id=edit_id))


@bp.post("/register/<entry_id>/withdraw/<int:change_id>")
def withdraw(entry_id: str, change_id: int) -> Response:
    board = current_board()
    _entry_or_404(board, entry_id)
    try:
        change = board.store.publications.change(change_id)
        if change is None or change.cpl_entry_id != entry_id:
            raise FormProblem(f"no published change {change_id} of {entry_id}")
        proposal = board.propose_withdrawal(change_id, _reason(), current_user.name, evidence=_evidence())
    except (FormProblem, DecisionRefused) as exc:
        flash(f"{entry_id}: no withdrawal proposed: {exc}", "error")
        return redirect(url_for("register.entry", entry_id=entry_id))
    edit_id = proposal.origin.edit_id  # type: ignore[union-attr]
    flash(f"{entry_id}: withdrawal {edit_id} proposed (back to {_shown(proposal.alternatives[0].path)})", "success")
    return redirect(url_for("register.edit", edit_id=edit_id))


def _shown(path: UpgradePath | None) -> str:
    return "blank" if path is None or path.blank else str(path)


def _edit_or_404(board: ReviewBoard, edit_id: int) -> ProposedChange:
    proposal = board.edits.get(edit_id)
    if proposal is None:
        abort(404, description=f"No SECAS edit {edit_id} under review.")
    return proposal


@bp.get("/edit/<int:edit_id>")
def edit(edit_id: int) -> str:
    board = current_board()
    proposal = _edit_or_404(board, edit_id)
    status = board.edit_status(edit_id)
    target = proposal.target
    decisions = [(d, d.proposal_hash == proposal.content_hash)
                 for d in board.store.reviews.decisions(target.entry_id) if d.proposal_hash == proposal.content_hash]  # fmt: skip
    values = {row.entry.entry_id: row.value for row in device_rows(board, target.device)}
    choices = sorted((e for e in board.cpl.values() if e.device == target.device and e.firmware_version < target.firmware_version),
                     key=lambda e: (e.firmware_version, e.entry_id))  # fmt: skip
    return render_template(
        "edit.html", edit_id=edit_id, proposal=proposal, origin=proposal.origin, entry=target, status=status,
        shown=_shown, graph_svg=upgrade_graph_svg(target, board.cpl, values, status.path), decisions=decisions,
        choices=choices, chosen=set(status.path.entry_ids) if status.path else set(),
        text=status_text(proposal, status, current_user.name),
    )  # fmt: skip


_PAST = {"approve": "approved", "reject": "rejected", "correct": "corrected"}


@bp.post("/edit/<int:edit_id>/<any(approve, reject, correct):action>")
def decide(edit_id: int, action: str) -> Response:
    board = current_board()
    proposal = _edit_or_404(board, edit_id)
    try:
        form = decision_form(action, request.form)
        status = board.decide(proposal.target.entry_id, form.action, current_user.name, proposal_hash=form.proposal_hash,
                              path=form.path, reason=form.reason, channel="web")  # fmt: skip
    except (FormProblem, DecisionRefused) as exc:
        flash(f"edit {edit_id}: not {_PAST[action]}: {exc}", "error")
        return redirect(url_for("register.edit", edit_id=edit_id))
    path = f" to {form.path}" if form.action is ReviewAction.CORRECT and form.path is not None else ""
    message = f"edit {edit_id}: you {_PAST[action]}{path}. Now {status.state.value}"
    message += f", waiting for {status.waiting_for}." if status.waiting_for else "."
    flash(message, "success")
    return redirect(url_for("register.edit", edit_id=edit_id))


@bp.get("/edit/<int:edit_id>/evidence")
def evidence(edit_id: int) -> Response:
    """The file attached to an edit, as a download (never shown inline: it came from outside)."""
    board = current_board()
    origin = _edit_or_404(board, edit_id).origin
    if origin is None or not origin.evidence_sha256:
        abort(404, description=f"SECAS edit {edit_id} has no file attached.")
    response = Response(board.store.documents.content(origin.evidence_sha256), mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{_SAFE_NAME.sub("_", origin.evidence_name)}"'
    return response


__all__ = ["bp", "matching_devices"]
