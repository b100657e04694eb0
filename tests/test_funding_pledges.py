"""Pledging money (SPEC §3, §5.1): the rules, the sandbox, rewards, totals and the campaign's API shape."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.funding.reconcile import differences
from socialchallenge.models import Campaign, CampaignStatus, LedgerEntry, Pledge, PledgeStatus, Reward
from socialchallenge.timeutil import utcnow
from tests.builders import make_campaign, make_pledge, make_reward, make_token, make_user

EN = {"Accept-Language": "en"}


def pledge(api, campaign, token, **body):
    return api.post(f"/api/v1/solutions/{campaign.solution_id}/pledges", {"amount": 50_000, **body}, token=token)


def test_sandbox_keep_it_all_pledge_is_collected_at_once(app, api):
    campaign = make_campaign(funding_model="keep_it_all")
    response = pledge(api, campaign, make_token(make_user()), amount=70_000)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["pledge"]["status"] == "collected" and body["pledge"]["amount"] == 70_000
    assert body["checkout_url"] is None
    campaign = db.session.get(Campaign, campaign.id)
    assert (campaign.pledged, campaign.collected, campaign.backers) == (70_000, 70_000, 1)
    assert differences(db.session) == []


def test_sandbox_all_or_nothing_pledge_is_authorized_not_collected(app, api):
    campaign = make_campaign(funding_model="all_or_nothing")
    body = pledge(api, campaign, make_token(make_user())).get_json()
    assert body["pledge"]["status"] == "authorized"
    campaign = db.session.get(Campaign, campaign.id)
    assert (campaign.pledged, campaign.collected, campaign.backers) == (50_000, 0, 1)


@pytest.mark.parametrize("status", ["review", "succeeded", "failed", "cancelled"])
def test_pledge_to_a_campaign_that_is_not_live_is_409(app, api, status):
    campaign = make_campaign(status=status)
    response = pledge(api, campaign, make_token(make_user()))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "campaign_not_live"
    assert db.session.scalar(select(func.count(Pledge.id))) == 0


def test_pledge_after_the_deadline_is_409_even_before_settlement(app, api):
    campaign = make_campaign(deadline=utcnow() - timedelta(minutes=1))
    response = pledge(api, campaign, make_token(make_user()))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "campaign_not_live"


@pytest.mark.parametrize("amount", [0, -5, 1.5, "100", True, None, 10**12])
def test_pledge_amount_must_be_a_positive_whole_number(app, api, amount):
    campaign = make_campaign()
    response = pledge(api, campaign, make_token(make_user()), amount=amount)
    assert response.status_code == 422
    assert "amount" in response.get_json()["error"]["fields"]


def test_pledge_needs_a_token(app, api):
    campaign = make_campaign()
    assert pledge(api, campaign, None).status_code == 401


def test_pledge_below_the_reward_minimum_is_422(app, api):
    campaign = make_campaign()
    reward = make_reward(campaign.solution, min_amount=100_000)
    response = pledge(api, campaign, make_token(make_user()), amount=50_000, reward_id=reward.id)
    assert response.status_code == 422
    assert "amount" in response.get_json()["error"]["fields"]


def test_reward_of_another_solution_is_422(app, api):
    campaign, other = make_campaign(), make_campaign()
    reward = make_reward(other.solution)
    response = pledge(api, campaign, make_token(make_user()), reward_id=reward.id)
    assert response.status_code == 422
    assert "reward_id" in response.get_json()["error"]["fields"]


def test_reward_quantity_is_never_oversold(app, api):
    campaign = make_campaign()
    reward = make_reward(campaign.solution, min_amount=10_000, quantity=2)
    codes = [pledge(api, campaign, make_token(make_user()), reward_id=reward.id).status_code for _ in range(4)]
    assert codes == [201, 201, 409, 409]
    last = pledge(api, campaign, make_token(make_user()), reward_id=reward.id)
    assert last.get_json()["error"]["code"] == "reward_gone"
    assert db.session.get(Reward, reward.id).claimed == 2
    # The refused pledges left nothing behind: no pledge, no money.
    assert db.session.scalar(select(func.count(Pledge.id))) == 2
    assert db.session.get(Campaign, campaign.id).pledged == 100_000


def test_anonymous_pledge_is_recorded_as_anonymous(app, api):
    campaign = make_campaign()
    pledge(api, campaign, make_token(make_user()), anonymous=True)
    assert db.session.scalar(select(Pledge.anonymous)) is True


def test_campaign_api_has_the_full_shape(app, api):
    campaign = make_campaign(funding_model="keep_it_all")
    make_reward(campaign.solution, min_amount=20_000, quantity=3)
    make_pledge(campaign, amount=150_000)
    body = api.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()
    for key in ("id", "status", "goal", "optimum", "currency", "pledged", "collected", "backers", "percent",
                "deadline", "funding_model", "rewards"):
        assert key in body, key
    assert body["status"] == "live" and body["currency"] == "krw"
    assert (body["goal"], body["optimum"], body["pledged"], body["collected"]) == (300_000, 350_000, 150_000, 150_000)
    assert body["backers"] == 1 and body["percent"] == 50
    assert body["rewards"][0]["min_amount"] == 20_000 and body["rewards"][0]["left"] == 3


def test_campaign_history_has_no_personal_data(app, api):
    campaign = make_campaign(funding_model="keep_it_all")
    backer = make_user(name="Secret Backer")
    make_pledge(campaign, backer=backer, amount=10_000)
    make_pledge(campaign, amount=5_000)
    response = api.get(f"/api/v1/campaigns/{campaign.id}/history")
    assert response.status_code == 200
    body = response.get_json()
    assert body["items"][-1]["total"] == 15_000
    text = response.get_data(as_text=True)
    assert "Secret Backer" not in text and backer.email not in text


def test_secretariat_records_a_grant_as_a_manual_contribution(app, api):
    campaign = make_campaign()
    staff = make_user(role="secretariat")
    response = api.post(f"/api/v1/campaigns/{campaign.id}/contributions",
                        {"amount": 200_000, "note": "Mapo district grant"}, token=make_token(staff))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["pledge"]["status"] == "collected"
    row = db.session.scalar(select(Pledge))
    assert (row.provider, row.backer_id, row.note) == ("manual", None, "Mapo district grant")
    member = api.post(f"/api/v1/campaigns/{campaign.id}/contributions", {"amount": 1, "note": "x"},
                      token=make_token(make_user()))
    assert member.status_code == 403


def test_pledges_are_rate_limited(app, api):
    campaign = make_campaign()
    token = make_token(make_user())
    codes = [pledge(api, campaign, token, amount=1_000).status_code for _ in range(11)]
    assert codes[:10] == [201] * 10 and codes[10] == 429


def test_ledger_is_append_only_and_matches_totals(app, api):
    campaign = make_campaign(funding_model="keep_it_all")
    for amount in (1_000, 2_000, 3_000):
        pledge(api, campaign, make_token(make_user()), amount=amount)
    kinds = db.session.execute(select(LedgerEntry.kind, func.sum(LedgerEntry.amount)).group_by(LedgerEntry.kind))
    assert {k.value: int(v) for k, v in kinds} == {"pledged": 6_000, "collected": 6_000}
    assert differences(db.session) == []
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.live
    assert db.session.scalar(select(func.count(Pledge.id)).where(Pledge.status == PledgeStatus.collected)) == 3


def test_the_pledge_form_and_the_api_share_one_rate_limit_per_member(app, api, client, auth):
    from tests.helpers import submit

    campaign = make_campaign()
    backer = make_user()
    token = make_token(backer)
    codes = [pledge(api, campaign, token, amount=1_000).status_code for _ in range(9)]
    auth.login(backer)
    path = f"/solutions/{campaign.solution_id}/pledge"
    tenth = submit(client, path, {"amount": "1000"})
    eleventh = submit(client, path, {"amount": "1000"}, headers={"Accept-Language": "en"})
    assert codes == [201] * 9 and tenth.status_code == 302
    assert eleventh.status_code == 429 and "Too many attempts" in eleventh.get_data(as_text=True)
    # Another member is not held back by this one's pledges.
    assert pledge(api, campaign, make_token(make_user()), amount=1_000).status_code == 201


def test_a_sandbox_pledge_is_saved_confirmed_in_few_statements_and_the_team_is_told(app, api):
    """Issue 17 goal 6: the pledge, its ledger entries and the totals in one statement on PostgreSQL; the team's
    notification and its mail in one more; nothing of it lost."""
    from socialchallenge.models import Notification, OutboxMail
    from tests.helpers import count_queries

    member = make_user(name="Seoyeon", email="seoyeon@example.test")
    campaign = make_campaign(funding_model="keep_it_all", team=[member])
    token = make_token(make_user(name="Jiwoo"))
    path = f"/api/v1/solutions/{campaign.solution_id}/pledges"
    with count_queries() as sql:
        response = api.post(path, {"amount": 70_000}, token=token)
    assert response.status_code == 201, response.get_json()
    # token and user, solution, the pledge with its ledger and totals, the team with their settings and their
    # notifications and mails (one statement on PostgreSQL, three elsewhere); a pledge paid at once is never unpaid,
    # so nothing locks the member or looks for their unpaid pledge
    postgres = db.engine.dialect.name == "postgresql"
    assert len(sql) == (4 if postgres else 8), sql
    body = response.get_json()
    saved = db.session.get(Pledge, body["pledge"]["id"])
    assert (saved.status, saved.amount, saved.confirmed_at is not None) == (PledgeStatus.collected, 70_000, True)
    kinds = db.session.scalars(select(LedgerEntry.kind).where(LedgerEntry.pledge_id == saved.id)
                               .order_by(LedgerEntry.id)).all()
    assert [k.value for k in kinds] == ["pledged", "collected"]
    campaign = db.session.get(Campaign, campaign.id)
    assert (campaign.pledged, campaign.collected, campaign.backers) == (70_000, 70_000, 1)
    assert differences(db.session) == []
    [told] = db.session.scalars(select(Notification).where(Notification.user_id == member.id)).all()
    assert told.kind == "pledge_received" and told.params["actor"] == "Jiwoo" and told.emailed_at is not None
    [mail] = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == "seoyeon@example.test")).all()
    assert "Jiwoo" in mail.subject and (mail.attempts, mail.failed) == (0, False)


def test_a_pledge_to_a_campaign_that_closed_meanwhile_saves_nothing(app, api, monkeypatch):
    """The totals' UPDATE decides (the campaign live and before its deadline, under its row lock): when it finds
    the campaign settled, the pledge and ledger rows written in the same statement are rolled back with it."""
    from socialchallenge.funding import pledges as pledges_module

    campaign = make_campaign(funding_model="keep_it_all")
    token = make_token(make_user())

    def settled_meanwhile(solution, now):
        found = solution.campaign
        db.session.execute(db.update(Campaign).where(Campaign.id == found.id).values(status=CampaignStatus.succeeded))
        return found

    monkeypatch.setattr(pledges_module, "live_campaign", settled_meanwhile)
    response = pledge(api, campaign, token)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "campaign_not_live"
    assert db.session.scalar(select(func.count(Pledge.id))) == 0
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 0
    campaign = db.session.get(Campaign, campaign.id)
    assert (campaign.pledged, campaign.backers) == (0, 0)
