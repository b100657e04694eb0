"""Matchfunding under concurrency (PostgreSQL only: row locks between real connections): 50 pledges at once to ten
campaigns of one call never match beyond the pool or a campaign's cap, and the books reconcile."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.funding.reconcile import differences
from socialchallenge.models import Campaign, LedgerEntry, LedgerKind
from socialchallenge.models.calls import MatchPool
from tests.builders import make_call, make_campaign, make_user
from tests.racing import pledge_at_once as run_at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.committed]


def test_fifty_simultaneous_pledges_never_match_beyond_the_pool_or_the_cap(app):
    call = make_call(pool=700_000, cap_per_campaign=100_000)
    campaigns = []
    for _ in range(10):
        campaign = make_campaign(funding_model="keep_it_all")
        campaign.solution.challenge.call_id = call.id
        campaigns.append(campaign)
    db.session.commit()
    users = [make_user() for _ in range(50)]
    jobs = [(u.id, campaigns[i % 10].solution_id, 30_000, None) for i, u in enumerate(users)]
    outcomes = run_at_once(app, jobs)
    assert outcomes.count("ok") == 50, outcomes
    db.session.expire_all()
    pool = db.session.scalar(select(MatchPool).where(MatchPool.call_id == call.id))
    matched = db.session.scalar(select(func.sum(LedgerEntry.amount)).where(LedgerEntry.kind == LedgerKind.matched))
    # Each campaign asks for 5 × 30,000 = 150,000 of matching: the cap holds it to 100,000, the pool to 700,000 in all.
    assert matched == pool.committed == 700_000
    per_campaign = [db.session.get(Campaign, c.id).matched for c in campaigns]
    assert all(m <= 100_000 for m in per_campaign) and sum(per_campaign) == 700_000
    assert all(db.session.get(Campaign, c.id).pledged == 150_000 for c in campaigns)
    assert differences(db.session) == []
