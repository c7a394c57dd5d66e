"""One proposal: the CPL entry, the FIR value, the path(s) with their evidence, the upgrade graph, the
review status and log, and the decision forms; plus the evidence page pictures."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from firpath.domain import ChangeKind, CplEntry, MappedClaim, ProposedChange, ReviewAction, SourceKind
from firpath.review.board import ReviewBoard
from firpath.review.evidence import evidence_context, evidence_image, page_of
from firpath.review.graph import Candidate, upgrade_graph_svg
from firpath.review.rules import DecisionRefused, ReviewStatus, status_text
from firpath.review.web.app import board as current_board
from firpath.review.web.app import review_context
from firpath.review.web.forms import FormProblem, decision_form
from firpath.review.web.routes_view import routes_section
from staging.store import StagingStore

log = logging.getLogger(__name__)

bp = Blueprint("detail", __name__)

CONTEXT_CHARS = 160  # page text shown either side of the sentence
_CELL = re.compile(r"^([^:|]{1,60}):\s?(.*)$", re.DOTALL)


class EvidenceRenders:
    """Page text and pictures of evidence PDFs, cached: the same sentence is drawn once per process."""

    def __init__(self, store: StagingStore) -> None:
        self.store = store
        self.context = lru_cache(maxsize=256)(self._context)
        self.image = lru_cache(maxsize=64)(self._image)

    def _context(self, sha256: str, page: int, text: str) -> tuple[str, str, str] | None:
        try:
            return evidence_context(self.store.documents.content(sha256), page, text, chars=CONTEXT_CHARS)
        except Exception:  # an unreadable stored document must not take the page down
            log.exception("cannot read page %s of document %s", page, sha256)
            return None

    def _image(self, sha256: str, page: int, text: str) -> bytes | None:
        try:
            return evidence_image(self.store.documents.content(sha256), page, text)
        except Exception:
            log.exception("cannot render page %s of document %s", page, sha256)
            return None


def table_cells(text: str) -> list[tuple[str, str]]:
    """"Header: value | Header: value" as (header, value) pairs; [] when the text is not such a row."""
    cells = []
    for part in text.split(" | "):
        match = _CELL.match(part.strip())
        if match is None:
            return []
        cells.append((match.group(1).strip(), match.group(2).strip()))
    return cells


@dataclass
class EvidenceView:
    n: int  # 1-based position among the proposal's claims; the picture's URL uses it
    claim: MappedClaim
    kind: str  # "sentence" (PDF page), "row" (spreadsheet or PDF table), "email", "text"
    context: tuple[str, str, str] | None = None
    image_url: str | None = None
    cells: list[tuple[str, str]] = field(default_factory=list)

    @property
    def evidence(self):  # noqa: ANN201 - Evidence, for the template
        return self.claim.claim.evidence

    @property
    def statement(self) -> str:
        claim = self.claim.claim
        bases = ", ".join(b.text for b in claim.bases) or "nothing"
        return f"{claim.target.text} ({claim.relation.value}) on top of {bases}"


def evidence_views(entry_id: str, proposal: ProposedChange, renders: EvidenceRenders) -> list[EvidenceView]:
    views = []
    for n, mapped in enumerate(proposal.claims, start=1):
        claim = mapped.claim
        evidence = claim.evidence
        page = page_of(evidence.location)
        if claim.source_kind is SourceKind.RELEASE_NOTE and page is not None:
            context = renders.context(evidence.sha256, page, evidence.text)
            image_url = url_for("detail.evidence_png", entry_id=entry_id, n=n) if context else None
            views.append(EvidenceView(n, mapped, "sentence", context=context, image_url=image_url))
        elif claim.source_kind is SourceKind.EMAIL:
            views.append(EvidenceView(n, mapped, "email"))
        elif cells := table_cells(evidence.text):
            views.append(EvidenceView(n, mapped, "row", cells=cells))
        else:
            views.append(EvidenceView(n, mapped, "text"))
    return views


@dataclass(frozen=True)
class NamedEntry:
    entry_id: str
    entry: CplEntry | None
    roles: tuple[str, ...]


def named_entries(proposal: ProposedChange, status: ReviewStatus, cpl: dict[str, CplEntry]) -> list[NamedEntry]:
    """Every CPL entry the page names: in the FIR value, in each alternative, in a correction."""
    roles: dict[str, list[str]] = {}
    for entry_id in proposal.current.entry_ids if proposal.current else ():
        roles.setdefault(entry_id, []).append("current FIR value")
    conflict = proposal.change is ChangeKind.CONFLICT
    for i, alternative in enumerate(proposal.alternatives, start=1):
        for entry_id in alternative.path.entry_ids:
            roles.setdefault(entry_id, []).append(f"alternative {i}" if conflict else "proposed")
    if status.corrected_by and status.path is not None:
        for entry_id in status.path.entry_ids:
            roles.setdefault(entry_id, []).append(f"corrected by {status.corrected_by}")
    ordered = sorted(roles, key=lambda e: (cpl[e].firmware_version.parts if e in cpl else (), e))
    return [NamedEntry(e, cpl.get(e), tuple(roles[e])) for e in ordered]


def correction_choices(proposal: ProposedChange, cpl: dict[str, CplEntry]) -> list[CplEntry]:
    """The entries a correction may name: older firmware of the same model and hardware version."""
    target = proposal.target
    return sorted(
        (e for e in cpl.values() if e.device == target.device and e.firmware_version < target.firmware_version),
        key=lambda e: (e.firmware_version, e.entry_id),
    )


def graph_candidates(proposal: ProposedChange) -> list[Candidate]:
    """A conflict's alternatives for the graph, each named by the files it was read from."""
    if proposal.change is not ChangeKind.CONFLICT:
        return []
    return [Candidate(alt.path, f"alternative {i}, from {', '.join(sorted({c.claim.evidence.file for c in alt.claims}))}")
            for i, alt in enumerate(proposal.alternatives, start=1)]  # fmt: skip


def _proposal_or_404(board: ReviewBoard, entry_id: str) -> ProposedChange:
    proposal = board.proposals.get(entry_id)
    if proposal is None:
        abort(404, description=f"No proposed change for CPL entry {entry_id} in the latest run.")
    return proposal


@bp.get("/proposal/<entry_id>")
def show(entry_id: str) -> str:
    board = current_board()
    proposal = _proposal_or_404(board, entry_id)
    status = board.status(entry_id)
    renders: EvidenceRenders = review_context().evidence
    views = evidence_views(entry_id, proposal, renders)
    by_claim = {id(v.claim): v for v in views}
    alternatives = [(alt, [by_claim[id(c)] for c in alt.claims]) for alt in proposal.alternatives]
    graph_path = status.path or proposal.proposed
    routes = routes_section(board, proposal, graph_path, request.args.get("route_from"))
    svg = upgrade_graph_svg(proposal.target, board.cpl, board.fir.paths, graph_path, routes.walk, graph_candidates(proposal))
    decisions = [(d, d.proposal_hash == proposal.content_hash) for d in board.store.reviews.decisions(entry_id)]
    order = list(board.proposals)
    position = order.index(entry_id)
    return render_template(
        "detail.html",
        proposal=proposal,
        entry=proposal.target,
        status=status,
        fir_source=board.fir_source(entry_id),
        text=status_text(proposal, status, current_user.name),
        conflict=proposal.change is ChangeKind.CONFLICT,
        alternatives=alternatives,
        named=named_entries(proposal, status, board.cpl),
        choices=correction_choices(proposal, board.cpl),
        chosen=set(status.path.entry_ids) if status.path else set(),
        chosen_na=status.path is not None and not status.path.entry_ids and bool(status.corrected_by),
        graph_svg=svg,
        routes=routes,
        decisions=decisions,
        importers=sorted(board.importers(entry_id)),
        lapsed=board.lapsed(entry_id) if status.stale else [],
        previous_id=order[position - 1] if position > 0 else None,
        next_id=order[position + 1] if position + 1 < len(order) else None,
    )


_PAST = {"approve": "approved", "reject": "rejected", "correct": "corrected"}
_VERBS = {ReviewAction(action): past for action, past in _PAST.items()}


@bp.post("/proposal/<entry_id>/<any(approve, reject, correct):action>")
def decide(entry_id: str, action: str) -> Response:
    board = current_board()
    _proposal_or_404(board, entry_id)
    try:
        form = decision_form(action, request.form)
        status = board.decide(entry_id, form.action, current_user.name, proposal_hash=form.proposal_hash,
                              path=form.path, reason=form.reason, channel="web")  # fmt: skip
    except (FormProblem, DecisionRefused) as exc:
        flash(f"{entry_id}: not {_PAST[action]}: {exc}", "error")
        return redirect(url_for("detail.show", entry_id=entry_id))
    path = f" to {form.path}" if form.action is ReviewAction.CORRECT and form.path is not None else ""
    message = f"{entry_id}: you {_VERBS[form.action]}{path}. Now {status.state.value}"
    message += f", waiting for {status.waiting_for}." if status.waiting_for else "."
    flash(message, "success")
    return redirect(url_for("detail.show", entry_id=entry_id))


@bp.get("/evidence/<entry_id>/<int:n>.png")
def evidence_png(entry_id: str, n: int) -> Response:
    board = current_board()
    proposal = _proposal_or_404(board, entry_id)
    claims = proposal.claims
    if not 1 <= n <= len(claims):
        abort(404, description=f"Proposal {entry_id} has no evidence {n}.")
    evidence = claims[n - 1].claim.evidence
    page = page_of(evidence.location)
    if page is None:
        abort(404, description=f"Evidence {n} of {entry_id} is not a sentence on a PDF page.")
    png = review_context().evidence.image(evidence.sha256, page, evidence.text)
    if png is None:
        abort(404, description=f"The sentence of evidence {n} was not found on page {page} of {evidence.file}.")
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
