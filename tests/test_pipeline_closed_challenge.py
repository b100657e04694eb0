"""A closed challenge takes no new money (issue 12 item 14): after adoption, another selected solution cannot ask for
a review, be approved or take pledges; a campaign already live runs to its end."""

from __future__ import annotations

from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.models import Campaign, CampaignStatus, ChallengeStatus, Pledge, Stage
from socialchallenge.secretariat.reviews import CHECKLIST
from tests.builders import make_campaign, make_challenge, make_solution, make_token, make_user


def close_by_adoption(challenge, adopted):
    """The state adoption leaves: the challenge closed with its final solution."""
    challenge.status, challenge.adopted_solution_id = ChallengeStatus.closed, adopted.id
    adopted.adopted = True
    db.session.commit()


def error_code(response):
    return response.get_json()["error"]["code"]


def test_a_closed_challenge_refuses_a_new_review_request(app, api):
    challenge = make_challenge()
    adopted = make_solution(challenge, stage=Stage.experiment)
    other = make_solution(challenge, stage=Stage.proposal, filled=Stage.crowdfunding, selected=True)
    close_by_adoption(challenge, adopted)
    response = api.post(f"/api/v1/solutions/{other.id}/advance", token=make_token(other.team[0].user))
    assert response.status_code == 409 and error_code(response) == "challenge_closed"
    assert db.session.scalar(select(func.count(Campaign.id)).where(Campaign.solution_id == other.id)) == 0


def test_a_closed_challenge_refuses_to_approve_a_waiting_campaign_and_its_pledges(app, api):
    waiting = make_campaign(status="review")
    challenge = waiting.solution.challenge
    close_by_adoption(challenge, make_solution(challenge, stage=Stage.experiment))
    token = make_token(make_user(role="secretariat"))
    body = {"decision": "approve", "message": "Go", "checklist": dict.fromkeys(CHECKLIST, True)}
    for path in (f"/api/v1/secretariat/campaigns/{waiting.id}/review", f"/api/v1/campaigns/{waiting.id}/review"):
        response = api.post(path, body, token=token)
        assert response.status_code == 409 and error_code(response) == "challenge_closed", response.get_json()
    assert db.session.get(Campaign, waiting.id).status == CampaignStatus.review
    pledge = api.post(f"/api/v1/solutions/{waiting.solution_id}/pledges", {"amount": 50_000},
                      token=make_token(make_user()))
    assert pledge.status_code == 409 and error_code(pledge) == "challenge_closed"
    assert db.session.scalar(select(func.count(Pledge.id))) == 0


def test_a_campaign_live_when_the_challenge_closes_runs_to_its_end(app, api):
    live = make_campaign(funding_model="keep_it_all")
    challenge = live.solution.challenge
    close_by_adoption(challenge, make_solution(challenge, stage=Stage.experiment))
    response = api.post(f"/api/v1/solutions/{live.solution_id}/pledges", {"amount": 50_000},
                        token=make_token(make_user()))
    assert response.status_code == 201, response.get_json()
    assert db.session.get(Campaign, live.id).pledged == 50_000
