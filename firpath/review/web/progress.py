"""The progress page: per manufacturer, how far review has come and what is waiting for whom
(`firpath.review.progress`), for the run's proposals and for SECAS's own edits."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from firpath.review.progress import progress
from firpath.review.web.app import board as current_board

bp = Blueprint("progress", __name__)

TOTAL = "All manufacturers"


@bp.get("/progress")
def show() -> str:
    board = current_board()
    decisions = board.store.reviews.decisions()
    statuses = board.statuses_from(decisions)
    edit_statuses = board.edit_statuses_from(decisions)
    run_rows = progress(((p, statuses[e]) for e, p in board.proposals.items()), current_user.name, total=TOTAL)
    edit_rows = progress(((p, edit_statuses[i]) for i, p in board.edits.items()), current_user.name, total=TOTAL)
    return render_template("progress.html", run=board.run, run_rows=run_rows, edit_rows=edit_rows, total=TOTAL)


__all__ = ["bp"]
