"""Contributions the secretariat records (issue 15's campaign contract): `pledged` is citizens' money only, a
recorded grant or transfer is its own part (`contributed`) of `raised` = pledged + matched + prize + contributed;
the campaign box, the call page and `campaigns reconcile` agree with the ledger."""

from __future__ import annotations

from sqlalchemy import update

from socialchallenge.extensions import db
from socialchallenge.funding.reconcile import differences
from socialchallenge.funding.settlement import settle_campaign
from socialchallenge.models import Campaign, CampaignStatus, Role
from socialchallenge.timeutil import utcnow
from tests.builders import make_call, make_campaign, make_organisation, make_pledge, make_token, make_user
from tests.helpers import text

EN = {"Accept-Language": "en"}
KO = {"Accept-Language": "ko"}


def record(api, campaign, amount: int, note: str = "Mapo district grant"):
    staff = make_user(role=Role.secretariat)
    response = api.post(f"/api/v1/campaigns/{campaign.id}/contributions", {"amount": amount, "note": note},
                        token=make_token(staff))
    assert response.status_code == 201, response.get_json()
    return response


def test_a_recorded_contribution_is_not_a_citizens_pledge_but_counts_towards_raised(app, api, client):
    campaign = make_campaign(funding_model="keep_it_all")  # goal ₩300,000
    make_pledge(campaign, amount=50_000)
    record(api, campaign, 200_000)
    data = api.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()
    assert (data["pledged"], data["contributed"], data["matched"], data["prize"]) == (50_000, 200_000, 0, 0)
    assert data["raised"] == 250_000 and data["percent"] == 83
    assert data["backers"] == 1  # the grant is nobody's pledge
    assert data["collected"] == 250_000
    assert differences(db.session) == []


def test_the_campaign_box_shows_the_contribution_as_its_own_line(app, api, client):
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=50_000)
    record(api, campaign, 200_000)
    page = text(client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN))
    assert '<dd data-field="pledged">₩50,000</dd>' in page
    assert "Raised in all: ₩250,000" in page
    assert "₩50,000 from 1 backer" in page
    assert ("₩200,000 in other contributions the secretariat recorded (grants, transfers), counted towards the goal"
            in page)
    korean = text(client.get(f"/solutions/{campaign.solution_id}/campaign", headers=KO))
    assert "₩200,000" in korean and "기타 기여금" in korean


def test_a_contribution_counts_towards_an_all_or_nothing_goal(app, api):
    campaign = make_campaign(funding_model="all_or_nothing")  # goal ₩300,000
    make_pledge(campaign, amount=100_000)
    record(api, campaign, 200_000)
    db.session.execute(update(Campaign).where(Campaign.id == campaign.id).values(deadline=utcnow()))
    db.session.commit()
    assert settle_campaign(db.session, campaign.id, utcnow()) == CampaignStatus.succeeded
    db.session.commit()
    assert differences(db.session) == []


def test_reconcile_finds_a_contribution_total_that_drifted_from_the_ledger(app, api):
    campaign = make_campaign(funding_model="keep_it_all")
    record(api, campaign, 70_000)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["campaigns", "reconcile"])
    assert result.exit_code == 0 and "agree" in result.output
    db.session.execute(update(Campaign).where(Campaign.id == campaign.id)
                       .values(pledged=Campaign.pledged + 70_000, contributed=0))
    db.session.commit()
    result = runner.invoke(args=["campaigns", "reconcile"])
    assert result.exit_code == 1
    assert f"campaign {campaign.id}: pledged total 70000 but the ledger says 0" in result.output
    assert f"campaign {campaign.id}: contributed total 0 but the ledger says 70000" in result.output


def test_the_call_page_and_csv_count_contributions_in_raised(app, api, client):
    call = make_call(make_organisation("Seoul Innovation Bureau", verified=True))
    campaign = make_campaign(funding_model="keep_it_all")
    campaign.solution.challenge.call_id = call.id
    db.session.commit()
    make_pledge(campaign, amount=10_000)
    record(api, campaign, 40_000)
    page = text(client.get(f"/calls/{call.id}", headers=EN))
    assert '<dd data-field="raised">₩50,000</dd>' in page and '<dd data-field="contributed">₩40,000</dd>' in page
    csv = client.get(f"/calls/{call.id}/challenges.csv").get_data().decode("utf-8-sig").splitlines()
    header = csv[0].split(",")
    row = dict(zip(header, csv[1].split(","), strict=False))
    assert (row["pledged"], row["contributed"], row["raised"], row["backers"]) == ("10000", "40000", "50000", "1")


def test_the_openapi_document_describes_contributed_and_raised(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    campaign = spec["components"]["schemas"]["Campaign"]
    assert "contributed" in campaign["required"] and "raised" in campaign["required"]
    assert "pledged + matched + prize + contributed" in campaign["properties"]["raised"]["description"]
    assert "Citizens' pledges only" in campaign["properties"]["pledged"]["description"]
