"""The routes part of a proposal's page and of the queue: what the path under review strands or
shortens, which route the graph picture highlights, and the queue's "devices affected"."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import current_app

from firpath.domain import ProposedChange, UpgradePath
from firpath.review.board import ReviewBoard
from firpath.review.routes import ImpactLine, RouteReview, impact_lines
from firpath.review.web.app import review_context
from firpath.stages.routes import Route

EXTENSION = "firpath_routes"
_LOCK = threading.Lock()


def route_review(board: ReviewBoard) -> RouteReview:
    """The current run's routes, kept between requests (a newer run replaces them)."""
    with _LOCK:
        review: RouteReview | None = current_app.extensions.get(EXTENSION)
        if review is None or review.run_id != board.run.run_id:
            review = RouteReview(board, review_context().settings.estate)
            current_app.extensions[EXTENSION] = review
        return review


@dataclass
class AlternativeRoutes:
    path: UpgradePath
    lines: list[ImpactLine]
    reaching: int  # entries that reach the newest release with this path
    entries: int


@dataclass
class RoutesSection:
    target: str  # "1106 (01030001)"
    alternatives: list[AlternativeRoutes]
    highlight: Route | None  # the route the picture shows
    choices: list[Route] = field(default_factory=list)  # every entry's route, for the picker
    estate: bool = False

    @property
    def walk(self) -> tuple[str, ...]:
        """The highlighted route from the installed entry on: what the picture draws."""
        return (
            ()
            if self.highlight is None or not self.highlight.steps
            else (self.highlight.source.entry_id, *self.highlight.steps)
        )


def routes_section(board: ReviewBoard, proposal: ProposedChange, path: UpgradePath | None,
                   route_from: str | None) -> RoutesSection:  # fmt: skip
    """The first alternative's routes are the ones shown: the route from `route_from`, else from the
    first entry the change is about, else from the oldest entry that has a route."""
    review = route_review(board)
    impacts = review.impacts(proposal, path)
    alternatives = [
        AlternativeRoutes(p, impact_lines(i, review.estate), sum(r.reaches for r in i.after.values()), len(i.after))
        for p, i in impacts
    ]
    after = impacts[0][1].after
    chosen = after.get(route_from or "")
    if chosen is None:
        about = [e for line in alternatives[0].lines for e in line.entries]
        with_route = [r for r in after.values() if r.steps]
        chosen = after.get(about[0]) if about else (with_route[0] if with_route else None)
    target = impacts[0][1].target
    return RoutesSection(f"{target.entry_id} ({target.firmware_version})", alternatives, chosen,
                         [r for r in after.values() if r.steps], review.estate is not None)  # fmt: skip
