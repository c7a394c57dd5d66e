"""What the decision forms post, read into plain values; a form that makes no sense raises FormProblem.

The forms only read what was sent; whether the decision is allowed is for the review rules
(`ReviewBoard.decide`), so every channel refuses the same things with the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from firpath.domain import ReviewAction, UpgradePath

MAX_REASON = 2000


class FormProblem(ValueError):
    """The form was filled in wrongly; the message says what to fix."""


class PostedForm(Protocol):
    def get(self, key: str, default: str = ...) -> str | None: ...

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class DecisionForm:
    action: ReviewAction
    proposal_hash: str
    path: UpgradePath | None
    reason: str


def _hash(form: PostedForm) -> str:
    value = (form.get("proposal_hash") or "").strip()
    if not value:
        raise FormProblem("the form did not say which version of the proposal you saw: reload the page")
    return value


def _reason(form: PostedForm, required: str | None) -> str:
    reason = " ".join((form.get("reason") or "").split())
    if required and not reason:
        raise FormProblem(required)
    if len(reason) > MAX_REASON:
        raise FormProblem(f"keep the reason under {MAX_REASON} characters")
    return reason


def approve_form(form: PostedForm) -> DecisionForm:
    """Approve the path the page showed (`path`; blank for "whatever is under review"); a flagged
    proposal's form carries the reason it is approved all the same (the rules require it)."""
    path = UpgradePath.parse(form.get("path"))
    return DecisionForm(ReviewAction.APPROVE, _hash(form), path, _reason(form, None))


def reject_form(form: PostedForm) -> DecisionForm:
    reason = _reason(form, "a rejection needs a reason: say what is wrong with the proposal")
    return DecisionForm(ReviewAction.REJECT, _hash(form), None, reason)


def correct_form(form: PostedForm) -> DecisionForm:
    """Set the path: the ticked base entries, or N/A (no earlier firmware required), never both."""
    bases = sorted({b.strip() for b in form.getlist("base") if b.strip()})
    not_applicable = form.get("not_applicable") == "1"
    if not_applicable and bases:
        raise FormProblem("tick either N/A or base entries, not both")
    if not not_applicable and not bases:
        raise FormProblem("tick the base entries the firmware may be installed on, or N/A")
    reason = _reason(form, "a correction needs a reason: say where the path comes from")
    return DecisionForm(ReviewAction.CORRECT, _hash(form), UpgradePath(tuple(bases)), reason)


FORMS = {"approve": approve_form, "reject": reject_form, "correct": correct_form}


def decision_form(action: str, form: PostedForm) -> DecisionForm:
    try:
        reader = FORMS[action]
    except KeyError:
        raise FormProblem(f"unknown decision {action!r}") from None
    return reader(form)


@dataclass(frozen=True)
class QueueFilter:
    """The queue's GET filters; empty strings mean "any"."""

    manufacturer: str = ""
    model: str = ""
    state: str = ""
    conflicts_only: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueFilter:
        return cls(
            manufacturer=(args.get("manufacturer") or "").strip(),
            model=(args.get("model") or "").strip(),
            state=(args.get("state") or "").strip(),
            conflicts_only=(args.get("conflicts") or "") in ("1", "on", "true"),
        )

    @property
    def active(self) -> bool:
        return bool(self.manufacturer or self.model or self.state or self.conflicts_only)
