"""Money under concurrency (PostgreSQL only: row locks between real connections)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.funding.reconcile import differences
from socialchallenge.models import Campaign, LedgerEntry, Pledge, Reward
from tests.builders import make_campaign, make_reward, make_user
from tests.racing import pledge_at_once as run_at_once

# Racing apps in threads, each on connections of their own: the data must be committed.
pytestmark = [pytest.mark.postgres_only, pytest.mark.committed]


def test_fifty_simultaneous_pledges_total_the_sum_of_the_ledger(app):
    campaign = make_campaign(funding_model="keep_it_all")
    users = [make_user() for _ in range(50)]
    amounts = [1_000 + i * 17 for i in range(50)]
    outcomes = run_at_once(app, [(u.id, campaign.solution_id, a, None) for u, a in zip(users, amounts, strict=True)])
    assert outcomes.count("ok") == 50
    db.session.expire_all()
    campaign = db.session.get(Campaign, campaign.id)
    ledger = db.session.scalar(select(func.sum(LedgerEntry.amount)).where(
        LedgerEntry.campaign_id == campaign.id, LedgerEntry.kind == "pledged"))
    assert campaign.pledged == ledger == sum(amounts)
    assert campaign.collected == sum(amounts) and campaign.backers == 50
    assert differences(db.session) == []


def test_a_reward_with_five_left_and_twenty_simultaneous_claims_is_claimed_five_times(app):
    campaign = make_campaign(funding_model="all_or_nothing")
    reward = make_reward(campaign.solution, min_amount=10_000, quantity=5)
    users = [make_user() for _ in range(20)]
    outcomes = run_at_once(app, [(u.id, campaign.solution_id, 10_000, reward.id) for u in users])
    assert outcomes.count("ok") == 5 and outcomes.count("reward_gone") == 15
    db.session.expire_all()
    assert db.session.get(Reward, reward.id).claimed == 5
    assert db.session.scalar(select(func.count(Pledge.id)).where(Pledge.reward_id == reward.id)) == 5
    assert db.session.get(Campaign, campaign.id).pledged == 50_000
    assert differences(db.session) == []
