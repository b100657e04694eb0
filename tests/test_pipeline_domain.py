"""The domain layer on its own: the whole path of a solution through the functions the web and API share."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from socialchallenge.errors import NotAllowed, RuleViolation, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.models import CampaignStatus, Challenge, ChallengeStatus, EventKind, Role, SolutionEvent, Stage
from socialchallenge.pipeline import adoption, challenges, selection, solutions, teams, transitions, updates
from socialchallenge.secretariat import reviews
from tests.builders import make_challenge, make_organisation, make_solution, make_user
from tests.builders import stage_values as fill


@pytest.fixture
def ctx(app):
    """A request context, so messages can be translated."""
    with app.test_request_context():
        yield


def test_a_solution_goes_the_whole_way(app, ctx):
    owner, solver, staff = make_user(), make_user(), make_user(role=Role.secretariat)
    challenge = challenges.create_challenge(db.session, owner, fill("challenge"))
    idea = solutions.submit_idea(db.session, solver, challenge, {"title": "Shelters from umbrellas", "summary": "Yes"})
    assert idea.stage == Stage.idea and idea.team[0].user_id == solver.id and challenge.solutions_count == 1
    solutions.update_solution(db.session, solver, idea, fill("proposal"))
    transitions.advance(db.session, solver, idea)
    assert idea.stage == Stage.proposal
    challenge.min_solutions = 1
    assert selection.set_selection(db.session, owner, challenge, [idea.id]) == [idea.id]
    solutions.update_solution(db.session, solver, idea, fill("crowdfunding"))
    _, campaign = transitions.advance(db.session, solver, idea)
    assert campaign.status == CampaignStatus.review and idea.stage == Stage.proposal
    reviews.decide(db.session, staff, campaign, "approve", "Looks good", list(reviews.CHECKLIST))
    assert campaign.status == CampaignStatus.live and idea.stage == Stage.crowdfunding
    assert campaign.goal == 300_000 and campaign.optimum == 350_000
    assert campaign.deadline == campaign.launched_at + __import__("datetime").timedelta(days=idea.campaign_days)
    transitions.enter_experiment(db.session, idea, "Campaign succeeded")
    adoption.evaluate(db.session, owner, challenge, idea.id, 4, "Promising")
    updates.post_update(db.session, solver, idea, "Week 1", "Built two shelters")
    solutions.update_solution(db.session, solver, idea, fill("experiment") | fill("learnings"))
    transitions.advance(db.session, solver, idea)
    assert idea.stage == Stage.learnings
    adoption.adopt(db.session, owner, challenge, idea.id)
    db.session.commit()
    assert challenge.status == ChallengeStatus.closed and challenge.adopted_solution_id == idea.id
    kinds = list(db.session.scalars(select(SolutionEvent.kind).where(SolutionEvent.solution_id == idea.id)
                                    .order_by(SolutionEvent.id)))
    assert kinds == [EventKind.created, EventKind.transition, EventKind.selection, EventKind.review_requested,
                     EventKind.review_decision, EventKind.transition, EventKind.transition, EventKind.evaluation,
                     EventKind.transition, EventKind.adoption]


def test_request_changes_cancels_the_review_and_the_team_may_ask_again(app, ctx):
    staff = make_user(role=Role.secretariat)
    solution = make_solution(stage="proposal", selected=True, filled="crowdfunding")
    lead = solution.team[0].user
    _, campaign = transitions.advance(db.session, lead, solution)
    with pytest.raises(ValidationFailed):
        transitions.review_campaign(db.session, staff, campaign, "request_changes", "  ")
    transitions.review_campaign(db.session, staff, campaign, "request_changes", "Add a line for insurance")
    assert campaign.status == CampaignStatus.cancelled and solution.stage == Stage.proposal
    last = db.session.scalar(select(SolutionEvent).where(SolutionEvent.solution_id == solution.id)
                             .order_by(SolutionEvent.id.desc()).limit(1))
    assert last.message == "Add a line for insurance"
    _, again = transitions.advance(db.session, lead, solution)
    assert again.id != campaign.id and again.status == CampaignStatus.review


def test_only_the_secretariat_reviews_campaigns(app, ctx):
    solution = make_solution(stage="proposal", selected=True, filled="crowdfunding")
    _, campaign = transitions.advance(db.session, solution.team[0].user, solution)
    with pytest.raises(NotAllowed):
        transitions.review_campaign(db.session, solution.team[0].user, campaign, "approve")


def test_organisation_admins_act_as_the_owner(app, ctx):
    poster, admin, member = make_user(), make_user(), make_user()
    org = make_organisation(admins=[poster, admin], members=[member])
    challenge = challenges.create_challenge(db.session, poster, fill("challenge") | {"organisation_id": org.id})
    challenges.update_challenge(db.session, admin, challenge, {"area": "Seodaemun-gu"})
    with pytest.raises(NotAllowed):
        challenges.update_challenge(db.session, member, challenge, {"area": "Jung-gu"})
    with pytest.raises(NotAllowed):
        challenges.create_challenge(db.session, member, fill("challenge") | {"organisation_id": org.id})


def test_the_last_member_cannot_leave_and_the_lead_passes_on(app, ctx):
    lead, other = make_user(), make_user()
    solution = make_solution(team=[lead])
    teams.invite(db.session, lead, solution, other.email)
    invitation = db.session.scalars(teams.invitations_to(other)).one()
    teams.answer_invitation(db.session, other, invitation, accept=True)
    with pytest.raises(RuleViolation):  # already on the team
        teams.ask_to_join(db.session, other, solution)
    teams.leave_team(db.session, lead, solution)
    assert [(m.user_id, m.role.value) for m in solution.team] == [(other.id, "lead")]
    with pytest.raises(RuleViolation) as raised:
        teams.leave_team(db.session, other, solution)
    assert raised.value.code == "last_member"


def test_withdrawing_a_selection_cancels_a_pending_review(app, ctx):
    solution = make_solution(stage="proposal", selected=True, filled="crowdfunding")
    challenge = solution.challenge
    challenge.min_solutions = 1
    _, campaign = transitions.advance(db.session, solution.team[0].user, solution)
    selection.set_selection(db.session, challenge.owner, challenge, [])
    assert campaign.status == CampaignStatus.cancelled and not solution.selected


def test_selection_state_counts_candidates(app, ctx):
    challenge = make_challenge()
    for stage in ("idea", "proposal", "proposal", "experiment"):
        make_solution(challenge, stage=stage, selected=False)
    # Counted from the challenge's solutions, loaded on purpose (Challenge.solutions is lazy="raise").
    loaded = db.session.scalar(select(Challenge).where(Challenge.id == challenge.id)
                               .options(selectinload(Challenge.solutions)))
    state = selection.selection_state(loaded)
    assert (state.candidates, state.threshold, state.to_go, state.is_open) == (3, 4, 1, False)
