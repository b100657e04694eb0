"""Unpaid pledges cannot hoard rewards (issue 12 item 7): one unpaid pledge per member and campaign, Checkout pages
that expire after 30 minutes, and a worker that releases what was never paid even if Stripe's event never comes."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from socialchallenge.commands.jobs import run_all
from socialchallenge.extensions import db
from socialchallenge.funding.pledges import create_pledge
from socialchallenge.funding.reconcile import differences
from socialchallenge.models import Pledge, PledgeStatus, Reward, Solution, User
from socialchallenge.payments import CheckoutUrls
from socialchallenge.timeutil import utcnow
from tests.builders import make_campaign, make_reward, make_token, make_user
from tests.fake_stripe import FakeStripe, stripe_config
from tests.racing import racing_app, run_together


def pledge(api, campaign, token, **body):
    return api.post(f"/api/v1/solutions/{campaign.solution_id}/pledges", {"amount": 10_000, **body}, token=token)


def test_a_member_has_one_unpaid_pledge_per_campaign(app, api, fake):
    campaign, other = make_campaign(funding_model="keep_it_all"), make_campaign(funding_model="keep_it_all")
    reward = make_reward(campaign.solution, min_amount=10_000, quantity=5)
    token = make_token(make_user())
    assert pledge(api, campaign, token, reward_id=reward.id).status_code == 201
    again = pledge(api, campaign, token, reward_id=reward.id)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "pledge_pending"
    assert db.session.get(Reward, reward.id).claimed == 1
    # Other campaigns and other members are not held up.
    assert pledge(api, other, token).status_code == 201
    assert pledge(api, campaign, make_token(make_user()), reward_id=reward.id).status_code == 201
    assert db.session.get(Reward, reward.id).claimed == 2


def test_checkout_pages_expire_30_minutes_after_they_open(app, api, fake):
    for model in ("keep_it_all", "all_or_nothing"):
        before = time.time()
        assert pledge(api, make_campaign(funding_model=model), make_token(make_user())).status_code == 201
        session = list(fake.sessions.values())[-1]
        ahead = int(session["_body"]["expires_at"]) - before
        assert 30 * 60 <= ahead <= 32 * 60, (model, ahead)


def test_the_worker_releases_an_unfinished_checkout_and_its_reward_without_the_webhook(app, api, fake):
    campaign = make_campaign(funding_model="keep_it_all")
    reward = make_reward(campaign.solution, min_amount=10_000, quantity=1)
    token = make_token(make_user())
    started = utcnow()
    pledge_id = pledge(api, campaign, token, reward_id=reward.id).get_json()["pledge"]["id"]
    run_all(db.session, started + timedelta(minutes=20))  # the page is still open: nothing happens
    assert db.session.get(Pledge, pledge_id).status == PledgeStatus.pending
    assert db.session.get(Reward, reward.id).claimed == 1
    run_all(db.session, started + timedelta(minutes=40))
    db.session.expire_all()
    assert db.session.get(Pledge, pledge_id).status == PledgeStatus.released
    assert db.session.get(Reward, reward.id).claimed == 0
    assert differences(db.session) == []
    # The member may try again, and the reward is there to be had.
    assert pledge(api, campaign, token, reward_id=reward.id).status_code == 201


@pytest.mark.postgres_only
def test_ten_simultaneous_pledges_by_one_member_leave_one_unpaid(app):
    with FakeStripe() as server:
        with racing_app(app, 10, **stripe_config(server)) as racer:
            for _ in range(5):
                campaign = make_campaign(funding_model="keep_it_all")
                reward = make_reward(campaign.solution, min_amount=10_000, quantity=5)
                backer = make_user()
                outcomes = run_at_once(racer, backer.id, campaign.solution_id, reward.id, 10)
                assert sorted(outcomes) == ["ok"] + ["pledge_pending"] * 9, outcomes
                db.session.expire_all()
                assert db.session.get(Reward, reward.id).claimed == 1
                assert db.session.scalar(select(func.count(Pledge.id)).where(
                    Pledge.campaign_id == campaign.id, Pledge.status == PledgeStatus.pending)) == 1


def run_at_once(racer, user_id: int, solution_id: int, reward_id: int, count: int) -> list[str]:
    """`count` pledges by one member from their own threads and connections, released together."""
    urls = CheckoutUrls("http://localhost/ok", "http://localhost/cancel")

    def job():
        user, solution = db.session.get(User, user_id), db.session.get(Solution, solution_id)
        _ = solution.campaign.status, solution.challenge.status
        return lambda: create_pledge(db.session, user, solution, 10_000, urls, reward_id=reward_id)

    return run_together(racer, [job] * count)
