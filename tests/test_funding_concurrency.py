"""Money under concurrency (PostgreSQL only: row locks between real connections)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from socialchallenge import create_app
from socialchallenge.errors import RuleViolation
from socialchallenge.extensions import db
from socialchallenge.funding.pledges import create_pledge
from socialchallenge.funding.reconcile import differences
from socialchallenge.models import Campaign, LedgerEntry, Pledge, Reward, Solution, User
from socialchallenge.payments import CheckoutUrls
from tests.builders import make_campaign, make_reward, make_user

# Racing apps in threads, each on connections of their own: the data must be committed.
pytestmark = [pytest.mark.postgres_only, pytest.mark.committed]
URLS = CheckoutUrls("http://localhost/ok", "http://localhost/cancel")


def run_at_once(app, jobs):
    """Run each (user_id, solution_id, amount, reward_id) pledge in its own thread, app context and session,
    all released together; returns the outcomes ("ok" or an error code)."""
    # A pool big enough for every thread to hold a connection at the barrier.
    racer = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                   "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": len(jobs) + 2, "max_overflow": 0}})
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(user_id, solution_id, amount, reward_id):
        with racer.app_context():
            try:
                user, solution = db.session.get(User, user_id), db.session.get(Solution, solution_id)
                _ = solution.campaign.status  # load everything before the race starts
                barrier.wait(timeout=30)
                create_pledge(db.session, user, solution, amount, URLS, reward_id=reward_id)
                db.session.commit()
                outcome = "ok"
            except RuleViolation as exc:
                db.session.rollback()
                outcome = exc.code
            finally:
                db.session.remove()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    with racer.app_context():
        db.engine.dispose()
    return outcomes


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
