"""The Social Challenges rule: the owner picks up to 3 solutions once enough have reached the proposal stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from socialchallenge.core import events
from socialchallenge.errors import RuleViolation, ValidationFailed
from socialchallenge.models import CampaignStatus, Challenge, ChallengeStatus, EventKind, Solution, Stage, User
from socialchallenge.pipeline import history, outcomes
from socialchallenge.pipeline.access import require_manager
from socialchallenge.pipeline.locks import lock_challenge
from socialchallenge.pipeline.validation import invalid
from socialchallenge.timeutil import utcnow

MAX_SELECTED = 3


@dataclass(frozen=True)
class SelectionState:
    """Where a challenge's selection stands, for "2 of 3 picked" and "opens at 4 — 1 to go"."""

    candidates: int
    threshold: int
    selected: int
    max_selected: int = MAX_SELECTED

    @property
    def is_open(self) -> bool:
        """Whether the owner may select now."""
        return self.candidates >= self.threshold

    @property
    def to_go(self) -> int:
        """How many more solutions must reach the proposal stage before selection opens."""
        return max(0, self.threshold - self.candidates)


def is_candidate(solution: Solution) -> bool:
    """Whether a solution can be selected: at the proposal stage or later."""
    return solution.stage.index >= Stage.proposal.index


def selection_state(challenge: Challenge, solutions: list[Solution] | None = None) -> SelectionState:
    """The selection state, counted from the challenge's (already loaded) solutions."""
    solutions = challenge.solutions if solutions is None else solutions
    return SelectionState(
        candidates=sum(1 for s in solutions if is_candidate(s)),
        threshold=challenge.min_solutions,
        selected=sum(1 for s in solutions if s.selected),
    )


def _parse_ids(solution_ids: Any) -> list[int]:
    if not isinstance(solution_ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in solution_ids
    ):
        raise invalid({
            "solution_ids": _("Must be a list of solution ids.")})
    return list(dict.fromkeys(solution_ids))


def set_selection(session: Session, actor: User, challenge: Challenge, solution_ids: Any,
                  answers: Any = None) -> list[int]:
    """Replace the set of selected solutions (owner only), with the owner's reasons for those not picked (`answers`,
    published when the challenge closes); returns the selected ids."""
    require_manager(session, actor, challenge)
    wanted = _parse_ids(solution_ids)
    # Serialised per challenge (two requests can't pick 4 between them, nor withdraw one the secretariat approves).
    solutions = lock_challenge(session, challenge.id)
    by_id = {s.id: s for s in solutions}
    not_candidates = [i for i in wanted if i not in by_id or not is_candidate(by_id[i])]
    if not_candidates:
        raise ValidationFailed(_("Only solutions of this challenge at the proposal stage or later can be selected."), {
            "solution_ids": _("Not a candidate: %(ids)s.", ids=", ".join(map(str, not_candidates)))})
    if challenge.adopted_solution_id is not None:
        raise RuleViolation(_("A solution was already adopted; the selection is final."), code="already_adopted")
    if len(wanted) > MAX_SELECTED:
        raise RuleViolation(_("At most %(n)d solutions can be selected.", n=MAX_SELECTED), code="too_many_selected")
    added = [by_id[i] for i in wanted if not by_id[i].selected]
    removed = [s for s in solutions if s.selected and s.id not in wanted]
    state = selection_state(challenge, solutions)
    if added and not state.is_open:
        raise RuleViolation(
            _("Selection opens once %(n)d solutions have reached the proposal stage (%(to_go)d to go).",
              n=state.threshold, to_go=state.to_go),
            code="selection_not_open",
        )
    for solution in removed:
        campaign = solution.campaign
        if campaign is not None and campaign.is_live_or_done:
            raise RuleViolation(
                _("“%(title)s” cannot be withdrawn: its campaign has gone live.", title=solution.title),
                code="campaign_live",
            )
    reasons = outcomes.clean_answers(answers, solutions, set(wanted))
    closed = challenge.status == ChallengeStatus.closed
    if closed:
        # The challenge has closed: a pick withdrawn now is answered at once, like the others were.
        outcomes.require_answers(removed, reasons)
    now = utcnow()
    for solution in added:
        solution.selected, solution.selected_at = True, now
        history.record(session, solution, actor, EventKind.selection)
    for solution in removed:
        solution.selected, solution.selected_at = False, None
        campaign = solution.campaign
        if campaign is not None and campaign.status == CampaignStatus.review:
            # An unselected solution cannot go to crowdfunding, so its pending review ends here.
            campaign.status = CampaignStatus.cancelled
        history.record(session, solution, actor, EventKind.deselection)
    outcomes.keep_answers(solutions, reasons)
    session.flush()
    events.selection_changed.send(session, challenge=challenge, added=added, removed=removed, actor=actor)
    if closed:
        outcomes.withdraw(added)
        outcomes.publish(session, actor, challenge, removed, reasons)
    return sorted(s.id for s in solutions if s.selected)
