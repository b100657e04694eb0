"""Who is told what, end to end: real actions through the API reach the right people, once, never the actor."""

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Role, Stage
from socialchallenge.models.notifications import Notification
from socialchallenge.pipeline.hearing_sheet import CHECKLIST
from tests.builders import (
    make_campaign,
    make_challenge,
    make_follow,
    make_solution,
    make_token,
    make_user,
)


def told(user) -> list[str]:
    """The kinds of in-app notifications a user has."""
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def test_followers_hear_of_a_new_solution_but_not_the_author(api):
    owner, follower, author = make_user(), make_user(), make_user()
    challenge = make_challenge(owner)
    make_follow(follower, challenge=challenge)
    response = api.post(f"/api/v1/challenges/{challenge.id}/solutions",
                        {"title": "Shared umbrellas", "summary": "Umbrella stands at bus stops."},
                        token=make_token(author))
    assert response.status_code == 201, response.get_json()
    assert told(follower) == ["solution_submitted"]
    assert told(owner) == ["solution_submitted"]
    assert told(author) == []


def test_the_team_hears_it_was_selected(api):
    owner, lead = make_user(), make_user()
    challenge = make_challenge(owner, min_solutions=1)
    solution = make_solution(challenge, Stage.proposal, team=[lead], selected=False)
    response = api.put(f"/api/v1/challenges/{challenge.id}/selection", {"solution_ids": [solution.id]},
                       token=make_token(owner))
    assert response.status_code == 200, response.get_json()
    assert told(lead) == ["solution_selected"]
    assert told(owner) == []


def test_the_team_hears_the_review_decision_once_through_the_api(api):
    lead, staff = make_user(), make_user(role=Role.secretariat)
    solution = make_solution(stage=Stage.proposal, team=[lead], selected=True, filled=Stage.crowdfunding)
    asked = api.post(f"/api/v1/solutions/{solution.id}/advance", token=make_token(lead))
    assert asked.status_code == 202, asked.get_json()
    campaign_id = asked.get_json()["campaign"]["id"]
    decided = api.post(f"/api/v1/campaigns/{campaign_id}/review", {"decision": "approve", "message": "Good to go",
                                                                  "checklist": list(CHECKLIST)},
                       token=make_token(staff))
    assert decided.status_code == 200, decided.get_json()
    assert told(lead) == ["campaign_approved"]


def test_the_team_hears_of_a_pledge_and_progress_updates_reach_followers(api):
    lead, mate, backer, follower = make_user(), make_user(), make_user(), make_user()
    campaign = make_campaign(team=[lead, mate], funding_model="keep_it_all")
    solution = campaign.solution
    make_follow(follower, solution=solution)
    pledged = api.post(f"/api/v1/solutions/{solution.id}/pledges", {"amount": 20_000}, token=make_token(backer))
    assert pledged.status_code == 201, pledged.get_json()
    assert told(lead) == ["pledge_received"] and told(mate) == ["pledge_received"]
    assert told(backer) == []
    db.session.get(type(solution), solution.id).stage = Stage.experiment
    db.session.commit()
    posted = api.post(f"/api/v1/solutions/{solution.id}/updates", {"title": "Week one", "body": "We began."},
                      token=make_token(lead))
    assert posted.status_code == 201, posted.get_json()
    assert told(follower) == ["update_posted"]
    assert told(mate)[-1] == "update_posted" and told(lead) == ["pledge_received"]


def test_a_team_moving_its_solution_on_tells_its_followers(api):
    lead, follower = make_user(), make_user()
    solution = make_solution(stage=Stage.idea, team=[lead], filled=Stage.proposal)
    make_follow(follower, solution=solution)
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=make_token(lead))
    assert response.status_code == 200, response.get_json()
    assert told(follower) == ["solution_advanced"]
    assert told(lead) == []


def test_the_team_hears_of_an_offer_of_time_and_the_member_of_the_answer(api):
    from socialchallenge.models import SkillNeed

    lead, mate, helper = make_user(), make_user(), make_user()
    campaign = make_campaign(team=[lead, mate])
    need = SkillNeed(solution_id=campaign.solution_id, skill="Carpentry", hours=20)
    db.session.add(need)
    db.session.commit()
    base = f"/api/v1/solutions/{campaign.solution_id}"
    offered = api.post(f"{base}/skill-needs/{need.id}/offers", {"hours": 6}, token=make_token(helper))
    assert offered.status_code == 201, offered.get_json()
    assert told(lead) == ["skill_offered"] and told(mate) == ["skill_offered"] and told(helper) == []
    answered = api.post(f"{base}/skill-offers/{offered.get_json()['id']}/decision", {"decision": "accept"},
                        token=make_token(lead))
    assert answered.status_code == 200
    assert told(helper) == ["skill_offer_accepted"]
    assert told(mate) == ["skill_offered"]  # the team's own answer is not news to the team
    from flask_babel import force_locale

    from socialchallenge.community.inbox import text_of

    with force_locale("en"):
        text = text_of(db.session.scalar(select(Notification).where(Notification.user_id == helper.id)))
    assert "accepted your offer of time for Carpentry (6 h)" in text


def test_the_answer_to_an_offer_links_to_a_page_that_exists(api, client):
    # Skill needs can be listed before any campaign is public: the answer then links to the solution page.
    from socialchallenge.models import SkillNeed

    lead, helper = make_user(), make_user()
    solution = make_solution(stage=Stage.proposal, team=[lead])
    need = SkillNeed(solution_id=solution.id, skill="Design", hours=5)
    db.session.add(need)
    db.session.commit()
    offered = api.post(f"/api/v1/solutions/{solution.id}/skill-needs/{need.id}/offers", {"hours": 1},
                       token=make_token(helper))
    assert offered.status_code == 201, offered.get_json()
    api.post(f"/api/v1/solutions/{solution.id}/skill-offers/{offered.get_json()['id']}/decision",
             {"decision": "decline"}, token=make_token(lead))
    link = db.session.scalar(select(Notification.link).where(Notification.user_id == helper.id))
    assert link == f"/solutions/{solution.id}" and client.get(link).status_code == 200
