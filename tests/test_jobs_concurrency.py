"""Several workers running `flask jobs run` at once (issue 12 item 12): no round crashes, nothing is done twice.

PostgreSQL only: the workers are threads with their own connections, as separate worker processes would be."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from socialchallenge.commands.jobs import run_all
from socialchallenge.extensions import db
from socialchallenge.funding.reconcile import differences
from socialchallenge.mail import queue_mail
from socialchallenge.models import Campaign, CampaignStatus, LedgerEntry, LedgerKind, OutboxMail, Pledge, PledgeStatus
from socialchallenge.payments.sandbox import SandboxProvider
from socialchallenge.timeutil import utcnow
from tests.builders import make_campaign, make_pledge, make_user
from tests.fake_smtp import FakeSmtpServer
from tests.racing import racing_app, run_together

# Racing apps in threads, each on connections of their own: the data must be committed.
pytestmark = [pytest.mark.postgres_only, pytest.mark.committed]
WORKERS = 4
ROUNDS = 5


def run_workers_at_once(app, count: int, extra_config: dict) -> list[dict[str, str]]:
    """`jobs run --once` in `count` threads, each with its own app context and connection, started together;
    returns each worker's report (job name → its line)."""
    reports: list[dict[str, str]] = []

    def worker():
        return lambda: reports.append(run_all(db.session, utcnow()))

    with racing_app(app, count, **extra_config) as racer:
        outcomes = run_together(racer, [worker] * count, context=racer.app_context, timeout=120)
    assert outcomes == ["ok"] * count, outcomes
    return reports


def make_round_of_work(backers) -> dict[str, list[int]]:
    """Campaigns and pledges in every state a round acts on, and mail to send; returns the pledge ids by fate."""
    now = utcnow()
    fate: dict[str, list[int]] = {"released": [], "collected": [], "cards": []}
    for _ in range(2):  # failed all-or-nothing campaigns: their saved cards are let go
        campaign = make_campaign(status="failed")
        fate["cards"] += [make_pledge(campaign, backer=b, amount=1_000).id for b in backers]
    for _ in range(2):  # succeeded ones: their saved cards are charged
        campaign = make_campaign(status="succeeded")
        fate["collected"] += [make_pledge(campaign, backer=b, amount=1_000).id for b in backers]
    # Due now: one reaches its goal and is settled, then charged; one does not and is settled, then released.
    rich = make_campaign(deadline=now - timedelta(minutes=1), goal=2_000)
    poor = make_campaign(deadline=now - timedelta(minutes=1), goal=10_000_000, optimum=10_000_000)
    fate["collected"] += [make_pledge(rich, backer=b, amount=1_000).id for b in backers]
    fate["cards"] += [make_pledge(poor, backer=b, amount=1_000).id for b in backers]
    # Failed charges whose 7 days are over lapse.
    lapsing = make_campaign(status="succeeded")
    for b in backers:
        pledge = make_pledge(lapsing, backer=b, amount=1_000, status="failed")
        pledge.retry_until = now - timedelta(minutes=1)
        fate["released"].append(pledge.id)
    for n in range(20):
        queue_mail(db.session, f"reader{n}@example.org", "Hello", "Body")
    db.session.commit()
    fate["released"] += fate["cards"]
    return fate


def test_workers_running_at_once_never_crash_a_round_nor_do_anything_twice(app, monkeypatch):
    cards_let_go: list[int] = []
    lock = threading.Lock()

    def count_release(self, pledge):
        with lock:
            cards_let_go.append(pledge.id)

    monkeypatch.setattr(SandboxProvider, "release", count_release, raising=False)
    smtp = FakeSmtpServer()
    backers = [make_user() for _ in range(8)]
    cards: list[int] = []
    try:
        for _ in range(ROUNDS):
            fate = make_round_of_work(backers)
            cards += fate["cards"]
            reports = run_workers_at_once(app, WORKERS, smtp.config())
            crashed = [f"{name}: {line}" for report in reports for name, line in report.items()
                       if line.startswith("error")]
            assert not crashed, crashed
            # What one worker skipped because another held it is done by the next round at the latest.
            run_workers_at_once(app, 1, smtp.config())
            db.session.expire_all()
            statuses = dict(db.session.execute(select(Pledge.id, Pledge.status)).all())
            assert {statuses[i] for i in fate["released"]} == {PledgeStatus.released}
            assert {statuses[i] for i in fate["collected"]} == {PledgeStatus.collected}
            assert differences(db.session) == []
    finally:
        smtp.stop()
    # Each saved card let go once; each pledge released once in the ledger; each mail sent once.
    assert sorted(cards_let_go) == sorted(cards)
    released = db.session.scalars(select(Pledge.id).where(Pledge.status == PledgeStatus.released)).all()
    ledger_releases = db.session.scalars(select(LedgerEntry.pledge_id)
                                         .where(LedgerEntry.kind == LedgerKind.released)).all()
    assert sorted(ledger_releases) == sorted(released)
    sent = db.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_not(None)))
    assert len(smtp.received) == sent >= ROUNDS * 20
    assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(
        OutboxMail.subject == "Hello", OutboxMail.sent_at.is_(None))) == 0
    assert db.session.scalar(select(func.count()).select_from(Campaign).where(
        Campaign.status == CampaignStatus.live)) == 0
