"""Settlement (SPEC §2.2, §3): all-or-nothing and keep-it-all at the deadline, safe to run again; reconciliation."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from socialchallenge.commands.jobs import run_all
from socialchallenge.extensions import db
from socialchallenge.funding.settlement import settle
from socialchallenge.models import (
    Campaign,
    CampaignStatus,
    EventKind,
    LedgerEntry,
    OutboxMail,
    Pledge,
    Solution,
    SolutionEvent,
    Stage,
)
from socialchallenge.timeutil import utcnow
from tests.builders import make_campaign, make_pledge

LATER = timedelta(days=31)


def statuses(campaign_or_id):
    cid = getattr(campaign_or_id, "id", campaign_or_id)
    return sorted(p.status.value for p in db.session.scalars(select(Pledge).where(Pledge.campaign_id == cid)))


def test_all_or_nothing_that_meets_its_goal_succeeds_and_enters_the_experiment(app):
    campaign = make_campaign(funding_model="all_or_nothing")
    make_pledge(campaign, amount=200_000)
    make_pledge(campaign, amount=100_000)
    counts = settle(db.session, utcnow() + LATER)
    assert counts["succeeded"] == 1
    campaign = db.session.get(Campaign, campaign.id)
    assert campaign.status == CampaignStatus.succeeded and campaign.settled_at is not None
    solution = db.session.get(Solution, campaign.solution_id)
    assert solution.stage == Stage.experiment
    last = db.session.scalars(select(SolutionEvent).where(SolutionEvent.solution_id == solution.id)
                              .order_by(SolutionEvent.id.desc())).first()
    assert (last.kind, last.from_stage, last.to_stage, last.actor_id) == (
        EventKind.transition, Stage.crowdfunding, Stage.experiment, None)
    # Settlement leaves the charges to the worker.
    assert statuses(campaign) == ["authorized", "authorized"]
    run_all(db.session, utcnow() + LATER)
    assert statuses(campaign) == ["collected", "collected"]
    assert db.session.get(Campaign, campaign.id).collected == 300_000


def test_all_or_nothing_failure_charges_nobody_and_returns_to_proposal(app):
    campaign = make_campaign(funding_model="all_or_nothing")
    backers = [make_pledge(campaign, amount=100_000).backer.email, make_pledge(campaign, amount=50_000).backer.email]
    run_all(db.session, utcnow() + LATER)
    campaign = db.session.get(Campaign, campaign.id)
    assert campaign.status == CampaignStatus.failed
    assert statuses(campaign) == ["released", "released"]
    assert (campaign.pledged, campaign.collected, campaign.backers) == (0, 0, 0)
    assert db.session.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "collected")) == 0
    assert db.session.get(Solution, campaign.solution_id).stage == Stage.proposal
    subjects = list(db.session.scalars(select(OutboxMail.subject).where(OutboxMail.to_address.in_(backers))))
    # Backers without a language setting get mail in the site's first language, Korean.
    assert len(subjects) == 2 and all("목표에 이르지 못했습니다" in s for s in subjects)
    # The team hears the outcome once (not a second time for the move back to proposal).
    team = db.session.scalars(select(OutboxMail.subject).where(OutboxMail.to_address.not_in(backers))).all()
    assert len(team) == 1 and "캠페인이 목표에 이르지 못했습니다" in team[0]


def test_keep_it_all_keeps_what_was_collected_below_the_goal(app):
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=40_000)
    run_all(db.session, utcnow() + LATER)
    campaign = db.session.get(Campaign, campaign.id)
    assert campaign.status == CampaignStatus.succeeded
    assert (campaign.pledged, campaign.collected) == (40_000, 40_000)
    assert statuses(campaign) == ["collected"]
    assert db.session.get(Solution, campaign.solution_id).stage == Stage.experiment


def test_settlement_waits_for_the_deadline(app):
    campaign = make_campaign()
    assert settle(db.session, utcnow())["succeeded"] + settle(db.session, utcnow())["failed"] == 0
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.live


def test_settlement_run_twice_settles_and_charges_once(app):
    campaign = make_campaign(funding_model="all_or_nothing")
    make_pledge(campaign, amount=300_000)
    first = settle(db.session, utcnow() + LATER)
    second = settle(db.session, utcnow() + LATER)
    assert first["succeeded"] == 1 and second == {"succeeded": 0, "failed": 0, "skipped": 0}
    for _ in range(2):
        run_all(db.session, utcnow() + LATER)
    assert db.session.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "collected")) == 1
    transitions = db.session.scalar(select(func.count(SolutionEvent.id)).where(
        SolutionEvent.solution_id == campaign.solution_id, SolutionEvent.to_stage == Stage.experiment))
    assert transitions == 1


def test_a_failed_campaign_may_ask_again(app):
    campaign = make_campaign(funding_model="all_or_nothing")
    settle(db.session, utcnow() + LATER)
    solution = db.session.get(Solution, campaign.solution_id)
    assert solution.stage == Stage.proposal and solution.selected


def test_settle_command_accepts_now_and_reports(app, runner):
    make_campaign(funding_model="keep_it_all")
    make_campaign(funding_model="all_or_nothing")
    when = (utcnow() + LATER).isoformat() + "Z"
    result = runner.invoke(args=["campaigns", "settle", "--now", when])
    assert result.exit_code == 0, result.output
    assert "1 succeeded, 1 failed" in result.output
    again = runner.invoke(args=["campaigns", "settle", "--now", when])
    assert "0 succeeded, 0 failed" in again.output
    bad = runner.invoke(args=["campaigns", "settle", "--now", "yesterday"])
    assert bad.exit_code != 0


def test_settle_command_shows_progress_for_many_campaigns(app, runner):
    for _ in range(20):
        make_campaign(funding_model="keep_it_all")
    result = runner.invoke(args=["campaigns", "settle", "--now", (utcnow() + LATER).isoformat()])
    assert result.exit_code == 0, result.output
    assert "Settling campaigns" in result.output and "20 succeeded" in result.output


def test_reconcile_finds_a_tampered_total(app, runner):
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=10_000)
    ok = runner.invoke(args=["campaigns", "reconcile"])
    assert ok.exit_code == 0 and "agree" in ok.output
    db.session.execute(update(Campaign).where(Campaign.id == campaign.id).values(pledged=Campaign.pledged + 1))
    db.session.commit()
    bad = runner.invoke(args=["campaigns", "reconcile"])
    assert bad.exit_code == 1
    assert f"campaign {campaign.id}: pledged total 10001 but the ledger says 10000" in bad.output


def test_jobs_run_does_the_payments(app, runner):
    campaign = make_campaign(funding_model="all_or_nothing")
    make_pledge(campaign, amount=300_000)
    campaign_id = campaign.id
    result = runner.invoke(args=["jobs", "run", "--once", "--now", (utcnow() + LATER).isoformat()])
    assert result.exit_code == 0, result.output
    assert "payments: settled 1 succeeded" in result.output and "charged 1" in result.output
    assert statuses(campaign_id) == ["collected"]


def test_demo_seed_adds_a_live_a_succeeded_and_a_failed_campaign_once(app, runner):
    from socialchallenge.funding.demo import DEMOS

    for _ in range(2):
        result = runner.invoke(args=["demo", "seed"])
        assert result.exit_code == 0, result.output
    rows = db.session.execute(
        select(Solution.title, Campaign.status).join(Campaign, Campaign.solution_id == Solution.id)
        .where(Solution.title.in_([d[0] for d in DEMOS]))).all()
    assert sorted(status.value for _, status in rows) == ["failed", "live", "succeeded"]
    assert runner.invoke(args=["campaigns", "reconcile"]).exit_code == 0
