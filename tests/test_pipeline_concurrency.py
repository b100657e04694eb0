"""Pipeline transitions and review decisions under concurrency (PostgreSQL only: row locks between real
connections). Ten requests at once, five rounds each: one wins, the others get 409, never a 500, and the end state
is one any action can carry on from."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.models import Campaign, CampaignStatus, EventKind, Solution, SolutionEvent, Stage
from socialchallenge.secretariat.reviews import CHECKLIST
from tests.builders import make_campaign, make_solution, make_token, make_user
from tests.helpers import fire

pytestmark = pytest.mark.postgres_only
ROUNDS, AT_ONCE = 5, 10
ALL_TICKED = {key: True for key in CHECKLIST}


def events(solution_id: int, kind: EventKind) -> int:
    return db.session.scalar(select(func.count(SolutionEvent.id)).where(
        SolutionEvent.solution_id == solution_id, SolutionEvent.kind == kind))


def campaigns_of(solution_id: int) -> list[Campaign]:
    db.session.expire_all()
    return list(db.session.scalars(select(Campaign).where(Campaign.solution_id == solution_id)))


def test_ten_simultaneous_asks_for_crowdfunding_open_one_campaign(app, racer):
    for _ in range(ROUNDS):
        lead = make_user()
        solution = make_solution(stage=Stage.proposal, filled=Stage.crowdfunding, selected=True, team=[lead])
        token = make_token(lead)
        answers = fire(racer, [("POST", f"/api/v1/solutions/{solution.id}/advance", None, token)] * AT_ONCE)
        assert sorted(answers) == [(202, "")] + [(409, "review_pending")] * (AT_ONCE - 1), answers
        assert [c.status for c in campaigns_of(solution.id)] == [CampaignStatus.review]
        assert events(solution.id, EventKind.review_requested) == 1


def test_ten_simultaneous_idea_to_proposal_advances_write_one_transition(app, racer):
    for _ in range(ROUNDS):
        lead = make_user()
        solution = make_solution(stage=Stage.idea, filled=Stage.proposal, team=[lead])
        token = make_token(lead)
        answers = fire(racer, [("POST", f"/api/v1/solutions/{solution.id}/advance", None, token)] * AT_ONCE)
        # The first moves it on; the others now ask proposal → crowdfunding, which needs a selection.
        assert sorted(answers) == [(200, "")] + [(409, "not_selected")] * (AT_ONCE - 1), answers
        db.session.expire_all()
        assert db.session.get(Solution, solution.id).stage == Stage.proposal
        assert events(solution.id, EventKind.transition) == 1


def test_ten_simultaneous_approvals_make_one_decision(app, racer):
    staff = [make_user(role="secretariat") for _ in range(AT_ONCE)]
    tokens = [make_token(s) for s in staff]
    for _ in range(ROUNDS):
        campaign = make_campaign(status="review")
        body = {"decision": "approve", "message": "Go", "checklist": ALL_TICKED}
        answers = fire(racer, [("POST", f"/api/v1/secretariat/campaigns/{campaign.id}/review", body, t)
                             for t in tokens])
        assert sorted(answers) == [(200, "")] + [(409, "not_in_review")] * (AT_ONCE - 1), answers
        [live] = campaigns_of(campaign.solution_id)
        assert live.status == CampaignStatus.live and live.solution.stage == Stage.crowdfunding
        assert events(campaign.solution_id, EventKind.review_decision) == 1
        assert events(campaign.solution_id, EventKind.transition) == 1


def test_owner_withdrawing_while_the_secretariat_approves_leaves_a_state_that_can_go_on(app, racer):
    staff = [make_user(role="secretariat") for _ in range(AT_ONCE // 2)]
    staff_tokens = [make_token(s) for s in staff]
    for _ in range(ROUNDS):
        campaign = make_campaign(status="review")
        solution = campaign.solution
        owner_token = make_token(solution.challenge.owner)
        body = {"decision": "approve", "message": "Go", "checklist": ALL_TICKED}
        approve = [("POST", f"/api/v1/secretariat/campaigns/{campaign.id}/review", body, t) for t in staff_tokens]
        withdraw = [("PUT", f"/api/v1/challenges/{solution.challenge_id}/selection", {"solution_ids": []},
                     owner_token)] * (AT_ONCE // 2)
        answers = fire(racer, [r for pair in zip(approve, withdraw, strict=True) for r in pair])
        assert all(status in (200, 409) for status, _ in answers), answers
        [only] = campaigns_of(solution.id)
        solution = only.solution
        approvals, withdrawals = answers[0::2], answers[1::2]
        if only.status == CampaignStatus.live:
            # The approval came first: one approval, and the selection can no longer be withdrawn.
            assert sorted(approvals) == [(200, "")] + [(409, "not_in_review")] * (len(approvals) - 1), answers
            assert set(withdrawals) == {(409, "campaign_live")}, answers
            assert solution.selected and solution.stage == Stage.crowdfunding
        else:
            # The withdrawal came first: the review ended with it, and no approval went through.
            assert only.status == CampaignStatus.cancelled, answers
            assert set(approvals) == {(409, "not_in_review")}, answers
            assert (200, "") in withdrawals
            assert not solution.selected and solution.stage == Stage.proposal
        assert events(solution.id, EventKind.review_decision) == (1 if only.status == CampaignStatus.live else 0)
