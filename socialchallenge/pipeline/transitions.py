"""Stage transitions of SPEC §2.2: what the team asks, what the secretariat approves and what the system does."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from socialchallenge.core import events
from socialchallenge.core.text import Problems
from socialchallenge.errors import NotAllowed, RuleViolation, ValidationFailed
from socialchallenge.models import Campaign, CampaignStatus, EventKind, Solution, Stage, User
from socialchallenge.models.secretariat import HearingSheet
from socialchallenge.pipeline import history
from socialchallenge.pipeline.access import require_team_member
from socialchallenge.pipeline.hearing_sheet import require_complete
from socialchallenge.pipeline.locks import lock_solution
from socialchallenge.pipeline.stages import missing_for
from socialchallenge.pipeline.transition_table import CHALLENGE_OPEN, HELD, team_move
from socialchallenge.timeutil import utcnow

REVIEW_MESSAGE_MAX = 5000
DECISIONS = ("approve", "request_changes")


def _move(session: Session, solution: Solution, actor: User | None, to: Stage, message: str = "") -> None:
    previous = solution.stage
    solution.stage = to
    solution.stage_entered_at = utcnow()
    history.record(session, solution, actor, EventKind.transition, previous, to, message)


def _require_fields(solution: Solution, target: Stage) -> None:
    missing = missing_for(solution, target)
    if missing:
        raise ValidationFailed(_("Fill in these fields before moving on."), missing)


def require_open_challenge(solution: Solution) -> None:
    """A closed (or adopted) challenge takes no new money: no new reviews or approvals; live campaigns run on."""
    _require(None, solution, (CHALLENGE_OPEN,))


def _require(session: Session | None, solution: Solution, conditions) -> None:
    for condition in conditions:
        if condition.met is not None and not condition.met(session, solution):
            raise RuleViolation(str(condition.message), code=condition.code)


def advance(session: Session, actor: User, solution: Solution) -> tuple[Solution, Campaign | None]:
    """Move the solution to its next stage, or ask for a campaign review (proposal → crowdfunding), as the
    transition table allows.

    Returns the solution and, when a review was asked for, the campaign in `review`.
    """
    require_team_member(actor, solution)
    lock_solution(session, solution)  # a double click: the second request sees the first's result
    move = team_move(solution.stage)
    if move is None:
        held = HELD[solution.stage]
        raise RuleViolation(str(held.message), code=held.code)
    if move.target == Stage.crowdfunding:
        return solution, request_review(session, actor, solution)
    _require(session, solution, move.conditions)
    _require_fields(solution, move.target)
    _move(session, solution, actor, move.target)
    session.flush()
    events.solution_advanced.send(session, solution=solution, actor=actor)
    return solution, None


def request_review(session: Session, actor: User, solution: Solution) -> Campaign:
    """Ask the secretariat to review the campaign; the solution must be selected and its fields filled."""
    lock_solution(session, solution)
    move = team_move(Stage.proposal)
    _require(session, solution, move.conditions)
    _require_fields(solution, move.target)
    campaign = Campaign(
        status=CampaignStatus.review,
        requested_by_id=actor.id,
        goal=solution.goal,
        optimum=solution.optimum,
        currency=current_app.config["CURRENCY"],
        funding_model=solution.funding_model,
        campaign_days=solution.campaign_days,
    )
    solution.campaigns.append(campaign)
    session.add(campaign)
    history.record(session, solution, actor, EventKind.review_requested, Stage.proposal, Stage.crowdfunding)
    session.flush()
    return campaign


def review_campaign(session: Session, staff: User, campaign: Campaign, decision: str, message: str = "",
                    sheet: HearingSheet | None = None) -> Campaign:
    """The secretariat's decision on a campaign in review: approve (it goes live) or request changes.

    Saved with the hearing sheet when the console sends one, and audited here, whichever door it came through."""
    if not getattr(staff, "is_secretariat", False):
        raise NotAllowed(_("Only the secretariat reviews campaigns."))
    fields = Problems()
    if decision not in DECISIONS:
        fields["decision"] = _("Use approve or request_changes.")
    message = fields.text("message", message, max_length=REVIEW_MESSAGE_MAX,
                          too_long=_("Use at most %(n)d characters of text.", n=REVIEW_MESSAGE_MAX),
                          required=_("Tell the team what to change.") if decision == "request_changes" else None)
    fields.raise_if_any()
    lock_solution(session, campaign.solution)  # also re-reads the campaign: a decision or withdrawal may have won
    if campaign.status != CampaignStatus.review:
        raise RuleViolation(_("This campaign is not waiting for review."), code="not_in_review")
    solution = campaign.solution
    if decision == "approve":
        require_complete(sheet.checks if sheet is not None else None)
        if not solution.selected or solution.stage != Stage.proposal:
            raise RuleViolation(_("The solution is no longer selected."), code="not_selected")
        require_open_challenge(solution)
        _require_fields(solution, Stage.crowdfunding)
    before = {"status": campaign.status, "solution_stage": solution.stage}
    now = utcnow()
    campaign.reviewed_by_id, campaign.reviewed_at, campaign.review_message = staff.id, now, message
    if decision == "request_changes":
        # The team fixes the proposal and asks again, which opens a new review; this one is over.
        campaign.status = CampaignStatus.cancelled
        history.record(session, solution, staff, EventKind.review_decision, message=message)
        _audit_review(session, staff, campaign, decision, before, sheet)
        session.flush()
        events.review_decided.send(session, solution=solution, approved=False, actor=staff, message=message)
        return campaign
    # The team may have edited the budget during the review: the live campaign uses what was approved now.
    campaign.goal, campaign.optimum = solution.goal, solution.optimum
    campaign.funding_model, campaign.campaign_days = solution.funding_model, solution.campaign_days
    campaign.status = CampaignStatus.live
    campaign.launched_at = now
    campaign.deadline = now + timedelta(days=campaign.campaign_days)
    history.record(session, solution, staff, EventKind.review_decision, message=message)
    _move(session, solution, staff, Stage.crowdfunding)
    _audit_review(session, staff, campaign, decision, before, sheet)
    session.flush()
    events.review_decided.send(session, solution=solution, approved=True, actor=staff, message=message)
    return campaign


def _audit_review(session: Session, staff: User, campaign: Campaign, decision: str, before: dict,
                  sheet: HearingSheet | None) -> None:
    # Saves the hearing sheet first, so the entry can point at it.
    after = {"status": campaign.status, "solution_stage": campaign.solution.stage, "message": campaign.review_message}
    if sheet is not None:
        sheet.campaign_id, sheet.reviewer_id, sheet.decision = campaign.id, staff.id, decision
        sheet.message = campaign.review_message or ""
        session.add(sheet)
        session.flush()
        after |= {"checklist": sheet.checks, "hearing_sheet_id": sheet.id}
    events.staff_acted.send(session, actor=staff, action=f"campaign.review.{decision}", target=campaign, before=before,
                            after=after)


def enter_experiment(session: Session, solution: Solution, message: str = "") -> None:
    """The system's move after a successful (or keep-it-all) campaign: crowdfunding → experiment."""
    if solution.stage != Stage.crowdfunding:
        raise RuleViolation(_("Only a solution in crowdfunding enters the experiment."), code="not_in_crowdfunding")
    _move(session, solution, None, Stage.experiment, message)
    session.flush()  # settlement tells the team and followers of the outcome (campaign_settled)


def return_to_proposal(session: Session, solution: Solution, message: str = "") -> None:
    """The system's move after a failed all-or-nothing campaign: back to proposal, free to ask again."""
    if solution.stage != Stage.crowdfunding:
        raise RuleViolation(_("Only a solution in crowdfunding returns to proposal."), code="not_in_crowdfunding")
    _move(session, solution, None, Stage.proposal, message)
    session.flush()  # settlement tells the team and followers of the outcome (campaign_settled)
