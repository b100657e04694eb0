"""Rewards and skill pledges through the API: the team manages them, members offer hours, the team decides."""

from __future__ import annotations

from tests.builders import make_campaign, make_pledge, make_reward, make_token, make_user


def team_token(campaign):
    return make_token(campaign.solution.team[0].user)


def test_team_adds_edits_and_removes_rewards(app, api):
    campaign = make_campaign()
    token = team_token(campaign)
    base = f"/api/v1/solutions/{campaign.solution_id}/rewards"
    created = api.post(base, {"title": "Postcard", "description": "", "min_amount": 10_000, "quantity": 5},
                       token=token)
    assert created.status_code == 201, created.get_json()
    rid = created.get_json()["id"]
    assert api.patch(f"{base}/{rid}", {"quantity": None}, token=token).get_json()["quantity"] is None
    assert api.get(base).get_json()["items"][0]["title"] == "Postcard"
    assert api.delete(f"{base}/{rid}", token=token).status_code == 204


def test_only_the_team_manages_rewards(app, api):
    campaign = make_campaign()
    response = api.post(f"/api/v1/solutions/{campaign.solution_id}/rewards",
                        {"title": "Postcard", "min_amount": 10_000}, token=make_token(make_user()))
    assert response.status_code == 403


def test_reward_fields_are_checked(app, api):
    campaign = make_campaign()
    response = api.post(f"/api/v1/solutions/{campaign.solution_id}/rewards",
                        {"title": "", "min_amount": 0, "quantity": -1}, token=team_token(campaign))
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"title", "min_amount", "quantity"}


def test_a_claimed_reward_cannot_shrink_below_its_claims_or_be_removed(app, api):
    campaign = make_campaign()
    reward = make_reward(campaign.solution, quantity=3)
    make_pledge(campaign, reward_id=reward.id)
    reward.claimed = 1
    from socialchallenge.extensions import db

    db.session.commit()
    token = team_token(campaign)
    base = f"/api/v1/solutions/{campaign.solution_id}/rewards/{reward.id}"
    assert api.patch(base, {"quantity": 0}, token=token).status_code == 422
    assert api.delete(base, token=token).status_code == 409


def test_skill_needs_offers_and_decisions(app, api):
    campaign = make_campaign()
    token = team_token(campaign)
    base = f"/api/v1/solutions/{campaign.solution_id}"
    need = api.post(f"{base}/skill-needs", {"skill": "Design", "hours": 10, "description": "Posters"}, token=token)
    assert need.status_code == 201
    nid = need.get_json()["id"]
    member = make_user(name="Helpful Member")
    offer = api.post(f"{base}/skill-needs/{nid}/offers", {"hours": 4, "message": "Evenings"},
                     token=make_token(member))
    assert offer.status_code == 201 and offer.get_json()["status"] == "offered"
    twice = api.post(f"{base}/skill-needs/{nid}/offers", {"hours": 4}, token=make_token(member))
    assert twice.status_code == 409
    oid = offer.get_json()["id"]
    outsider = api.post(f"{base}/skill-offers/{oid}/decision", {"decision": "accept"}, token=make_token(make_user()))
    assert outsider.status_code == 403
    decided = api.post(f"{base}/skill-offers/{oid}/decision", {"decision": "accept"}, token=token)
    assert decided.status_code == 200 and decided.get_json()["status"] == "accepted"
    public = api.get(f"{base}/skill-needs").get_json()
    assert public["hours"] == {"needed": 10, "offered": 0, "accepted": 4}
    assert "offers" not in public["items"][0]  # who offered is for the team
    assert api.get(f"{base}/skill-needs", token=token).get_json()["items"][0]["offers"][0]["member"]["name"] == \
        "Helpful Member"


def test_campaign_api_shows_skill_hours_beside_money(app, api):
    campaign = make_campaign()
    api.post(f"/api/v1/solutions/{campaign.solution_id}/skill-needs", {"skill": "Design", "hours": 10},
             token=team_token(campaign))
    body = api.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()
    assert body["skill_hours"]["needed"] == 10


def test_a_quantity_edit_never_goes_below_claims_made_meanwhile(app):
    # The team's page loaded the reward with nothing claimed; backers claimed 3 before the edit was saved.
    import pytest
    from sqlalchemy import update

    from socialchallenge.errors import ValidationFailed
    from socialchallenge.extensions import db
    from socialchallenge.funding.rewards import update_reward
    from socialchallenge.models import Reward

    campaign = make_campaign()
    reward = make_reward(campaign.solution, quantity=5)
    db.session.commit()
    db.session.execute(update(Reward).where(Reward.id == reward.id).values(claimed=3),
                       execution_options={"synchronize_session": False})
    assert reward.claimed == 0  # what the team saw
    with pytest.raises(ValidationFailed) as caught:
        update_reward(db.session, campaign.solution.team[0].user, reward, campaign.solution, {"quantity": 2})
    assert "quantity" in caught.value.fields
    db.session.rollback()
    assert db.session.get(Reward, reward.id).quantity == 5


def test_an_offer_answered_meanwhile_is_not_answered_again(app):
    import pytest
    from sqlalchemy import update

    from socialchallenge.errors import RuleViolation
    from socialchallenge.extensions import db
    from socialchallenge.funding.skills import decide_offer
    from socialchallenge.models import SkillNeed, SkillOffer, SkillOfferStatus

    campaign = make_campaign()
    need = SkillNeed(solution_id=campaign.solution_id, skill="Design", hours=10)
    db.session.add(need)
    db.session.flush()
    offer = SkillOffer(need_id=need.id, member_id=make_user().id, hours=4)
    db.session.add(offer)
    db.session.commit()
    # Another team member accepted it a moment ago; this one still sees it open and declines.
    db.session.execute(update(SkillOffer).where(SkillOffer.id == offer.id).values(status=SkillOfferStatus.accepted),
                       execution_options={"synchronize_session": False})
    assert offer.status == SkillOfferStatus.offered
    with pytest.raises(RuleViolation):
        decide_offer(db.session, campaign.solution.team[0].user, campaign.solution, offer, "decline")
    assert offer.status == SkillOfferStatus.accepted
