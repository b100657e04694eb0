"""Crowdfunding pages: the campaign box and chart, pledging through the form, thanks, paying again, skills."""

from __future__ import annotations

import re

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Campaign, Pledge, PledgeStatus, SkillNeed, SkillOffer
from tests.builders import make_campaign, make_pledge, make_reward, make_user
from tests.helpers import submit

EN = {"Accept-Language": "en"}


def test_campaign_page_shows_the_box_chart_and_table(app, client):
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=150_000)
    html = client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN).get_data(as_text=True)
    assert 'class="campaign-box"' in html and "data-campaign-url=" in html
    assert re.search(r'<progress[^>]*max="300000"[^>]*value="150000"', html)
    assert "<svg" in html and "<polyline" in html and "<table>" in html
    for label in ("Pledged", "Goal", "Optimum", "Backers", "Days left", "50%"):
        assert label in html
    assert "₩150,000" in html
    # The CSP forbids inline code: no style attributes, no inline scripts.
    assert " style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_campaign_box_without_pledges_says_so(app, client):
    campaign = make_campaign()
    html = client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN).get_data(as_text=True)
    assert "No pledges yet" in html


def test_campaign_js_is_served(app, client):
    response = client.get("/static/js/campaign.js")
    assert response.status_code == 200 and b"setInterval" in response.data


def test_pledge_form_needs_sign_in(app, client):
    campaign = make_campaign()
    response = client.get(f"/solutions/{campaign.solution_id}/pledge")
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]


def test_pledging_through_the_form_in_the_sandbox(app, client, auth):
    campaign = make_campaign(funding_model="all_or_nothing")
    reward = make_reward(campaign.solution, min_amount=20_000, quantity=1)
    backer = make_user()
    auth.login(backer)
    path = f"/solutions/{campaign.solution_id}/pledge"
    response = submit(client, path, {"amount": "25000", "reward": str(reward.id), "anonymous": "y"}, headers=EN)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    pledge = db.session.scalar(select(Pledge))
    assert (pledge.status, pledge.amount, pledge.reward_id, pledge.anonymous) == (
        PledgeStatus.authorized, 25_000, reward.id, True)
    thanks = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Thank you" in thanks and "charged only if the campaign reaches its goal" in thanks
    # The reward is gone now: a second pledge for it is refused on the form.
    again = submit(client, path, {"amount": "25000", "reward": str(reward.id)}, headers=EN)
    assert again.status_code == 422 and "all gone" in again.get_data(as_text=True)


def test_pledge_form_shows_amount_errors(app, client, auth):
    campaign = make_campaign()
    reward = make_reward(campaign.solution, min_amount=50_000)
    auth.login(make_user())
    response = submit(client, f"/solutions/{campaign.solution_id}/pledge", {"amount": "10", "reward": str(reward.id)},
                      headers=EN)
    assert response.status_code == 422
    assert "at least 50000" in response.get_data(as_text=True)
    assert db.session.scalar(select(Pledge)) is None


def test_pledge_form_for_an_ended_campaign_is_409(app, client, auth):
    campaign = make_campaign(status="succeeded")
    auth.login(make_user())
    assert client.get(f"/solutions/{campaign.solution_id}/pledge").status_code == 409


def test_thanks_page_is_only_for_the_backer(app, client, auth):
    campaign = make_campaign()
    pledge = make_pledge(campaign)
    auth.login(make_user())
    assert client.get(f"/pledges/{pledge.id}/thanks").status_code == 404


def test_backer_pays_a_failed_pledge_again(app, client, auth):
    from datetime import timedelta

    from socialchallenge.timeutil import utcnow

    campaign = make_campaign(status="succeeded")
    backer = make_user()
    pledge = make_pledge(campaign, backer=backer, amount=30_000, status="failed",
                         retry_until=utcnow() + timedelta(days=7))
    auth.login(backer)
    response = submit(client, f"/pledges/{pledge.id}/pay-again", {}, headers=EN)
    assert response.status_code == 302
    assert db.session.get(Pledge, pledge.id).status == PledgeStatus.collected
    assert db.session.get(Campaign, campaign.id).collected == 30_000


def test_member_offers_hours_from_the_campaign_page(app, client, auth):
    campaign = make_campaign()
    need = SkillNeed(solution_id=campaign.solution_id, skill="Carpentry", hours=20, description="Frames")
    db.session.add(need)
    db.session.commit()
    member = make_user()
    auth.login(member)
    page = f"/solutions/{campaign.solution_id}/campaign"
    response = submit(client, f"/solutions/{campaign.solution_id}/skill-needs/{need.id}/offer",
                      {"hours": "5", "message": "Weekends"}, page=page, headers=EN)
    assert response.status_code == 302
    offer = db.session.scalar(select(SkillOffer))
    assert (offer.member_id, offer.hours, offer.status.value) == (member.id, 5, "offered")
    html = client.get(page, headers=EN).get_data(as_text=True)
    assert "Hours of skills offered" in html and "5 of 20 hours" in html


def test_the_solution_page_includes_the_campaign_box(app, client):
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=1_000)
    html = client.get(f"/solutions/{campaign.solution_id}", headers=EN).get_data(as_text=True)
    assert 'class="campaign-box"' in html and "<progress" in html
