"""The statistics' figures the database keeps as rows are written (migration 0027) add up to what the rows say:
pledge totals per campaign and month through pledges, refunds, releases, failed charges and failed campaigns
(and `campaigns reconcile` says so, or names what drifted); each solution's furthest stage and each transition's
stay through the pipeline's transitions, a move back, and a transition written out of order; and the back-fill
gives the same statistics as the triggers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, text, update

from socialchallenge.commands.jobs import run_all
from socialchallenge.extensions import db
from socialchallenge.funding.ledger import move
from socialchallenge.funding.reconcile import differences, pledge_month_differences
from socialchallenge.models import (
    Campaign,
    CampaignStatus,
    EventKind,
    PledgeMonth,
    PledgeStatus,
    Role,
    Solution,
    SolutionEvent,
    Stage,
)
from socialchallenge.pipeline import challenges, selection, solutions, transitions
from socialchallenge.secretariat import reviews, stats
from socialchallenge.secretariat.totals import backfill_sql, drift
from socialchallenge.timeutil import utcnow
from tests.builders import a_season_of_work, make_campaign, make_challenge, make_pledge, make_solution, make_user
from tests.builders import stage_values as fill

LATER = timedelta(days=90)


def _kept() -> dict[tuple[int, str], tuple[int, int]]:
    return {(m.campaign_id, m.month): (m.amount, m.pledges)
            for m in db.session.scalars(select(PledgeMonth)) if m.pledges}


def test_pledge_totals_per_month_follow_pledges_refunds_and_failed_charges(app, runner):
    keep = make_campaign(funding_model="keep_it_all")
    aon = make_campaign(funding_model="all_or_nothing")
    month = utcnow().strftime("%Y-%m")
    collected = make_pledge(keep, amount=30_000)                   # pending → collected
    make_pledge(keep, amount=7_000, status="refunded")             # collected → refunded: out again
    make_pledge(aon, amount=50_000)                                # pending → authorized
    make_pledge(aon, amount=9_000, status="failed")                # authorized → failed charge: out
    make_pledge(aon, amount=4_000, status="released")              # authorized → released: out
    make_pledge(aon, amount=1_000, status="pending")               # not counted
    assert _kept() == {(keep.id, month): (30_000, 1), (aon.id, month): (50_000, 1)}
    # A refund through the ledger, as the payment provider's webhook does it.
    move(db.session, collected, PledgeStatus.refunded, (PledgeStatus.collected,), utcnow())
    db.session.commit()
    assert _kept() == {(aon.id, month): (50_000, 1)}
    # A pledge moved to another month (an import, a correction) moves its money with it.
    back = make_pledge(keep, amount=2_500)
    back.created_at = datetime(2026, 1, 15, 12, 0)
    db.session.commit()
    assert _kept() == {(aon.id, month): (50_000, 1), (keep.id, "2026-01"): (2_500, 1)}
    assert pledge_month_differences(db.session) == [] and differences(db.session) == []
    result = stats.compute(db.session)
    assert (result.money_pledged, result.pledges) == (52_500, 2)
    assert {r["key"]: r["money"] for r in result.months if r["money"]} == {month: 50_000, "2026-01": 2_500}
    ok = runner.invoke(args=["campaigns", "reconcile"])
    assert ok.exit_code == 0 and "agree" in ok.output


def test_a_failed_campaign_releases_its_pledges_from_the_statistics(app):
    campaign = make_campaign(funding_model="all_or_nothing")
    for amount in (100_000, 50_000):
        make_pledge(campaign, amount=amount)
    assert stats.compute(db.session).money_pledged == 150_000
    run_all(db.session, utcnow() + LATER)  # settles (failed: under the goal), then releases the cards
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.failed
    assert _kept() == {} and pledge_month_differences(db.session) == []
    result = stats.compute(db.session)
    assert (result.money_pledged, result.pledges) == (0, 0)
    assert db.session.get(Solution, campaign.solution_id).stage == Stage.proposal and drift(db.session) == []


def test_reconcile_names_a_statistics_total_that_drifted_from_the_pledges(app, runner):
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=10_000)
    month = utcnow().strftime("%Y-%m")
    db.session.execute(update(PledgeMonth).where(PledgeMonth.campaign_id == campaign.id)
                       .values(amount=PledgeMonth.amount + 1))
    db.session.commit()
    bad = runner.invoke(args=["campaigns", "reconcile"])
    assert bad.exit_code == 1
    assert (f"campaign {campaign.id}: money pledged in {month} (statistics) total 10001 but the ledger says 10000"
            in bad.output)


def test_furthest_stage_and_stays_follow_the_pipelines_transitions(app):
    owner, solver, staff = make_user(), make_user(), make_user(role=Role.secretariat)
    with app.test_request_context():
        challenge = challenges.create_challenge(db.session, owner, fill("challenge"))
        idea = solutions.submit_idea(db.session, solver, challenge, {"title": "Shade", "summary": "Yes"})
        solutions.update_solution(db.session, solver, idea, fill("proposal"))
        transitions.advance(db.session, solver, idea)
        challenge.min_solutions = 1
        selection.set_selection(db.session, owner, challenge, [idea.id])
        solutions.update_solution(db.session, solver, idea, fill("crowdfunding"))
        _, campaign = transitions.advance(db.session, solver, idea)
        reviews.decide(db.session, staff, campaign, "approve", "Looks good", list(reviews.CHECKLIST))
        transitions.return_to_proposal(db.session, idea, "The campaign did not reach its goal.")
        db.session.commit()
    assert idea.stage == Stage.proposal
    db.session.refresh(idea)
    assert idea.furthest_entered == Stage.crowdfunding.index
    stays = db.session.execute(
        select(SolutionEvent.to_stage, SolutionEvent.stay_stage).where(
            SolutionEvent.solution_id == idea.id, SolutionEvent.kind == EventKind.transition)
        .order_by(SolutionEvent.id)).all()
    assert stays == [(Stage.proposal, Stage.idea), (Stage.crowdfunding, Stage.proposal),
                     (Stage.proposal, Stage.crowdfunding)]
    # Events that are not transitions (created, selection, reviews) carry no stay.
    assert db.session.scalar(select(SolutionEvent.id).where(SolutionEvent.stay_stage.is_not(None),
                                                            SolutionEvent.kind != EventKind.transition)) is None
    assert drift(db.session) == []
    result = stats.compute(db.session)
    assert result.reached == {"challenge": 1, "idea": 1, "proposal": 1, "crowdfunding": 1, "experiment": 0,
                              "learnings": 0}


def test_a_transition_written_out_of_order_ends_the_right_stays(app):
    start = datetime(2026, 2, 1, 9, 0)
    solution = make_solution(stage=Stage.experiment, created_at=start)
    for to_stage, days in ((Stage.proposal, 2), (Stage.experiment, 20)):
        db.session.add(SolutionEvent(solution_id=solution.id, kind=EventKind.transition, to_stage=to_stage,
                                     created_at=start + timedelta(days=days)))
        db.session.commit()
    # Written last, happened in between: it ends the proposal stay, and the experiment move ends its own.
    db.session.add(SolutionEvent(solution_id=solution.id, kind=EventKind.transition, to_stage=Stage.crowdfunding,
                                 created_at=start + timedelta(days=5)))
    db.session.commit()
    assert drift(db.session) == []
    assert stats.compute(db.session).median_days == {"idea": 2.0, "proposal": 3.0, "crowdfunding": 15.0,
                                                     "experiment": None, "learnings": None}


def test_drift_names_a_kept_figure_that_differs_from_the_history(app):
    solution = make_solution(stage=Stage.proposal)
    db.session.add(SolutionEvent(solution_id=solution.id, kind=EventKind.transition, to_stage=Stage.proposal,
                                 created_at=utcnow()))
    db.session.commit()
    assert drift(db.session) == []
    db.session.execute(update(Solution).where(Solution.id == solution.id).values(furthest_entered=4))
    db.session.commit()
    assert [(d.subject, d.id, d.field, d.kept, d.rows) for d in drift(db.session)] == [
        ("solution", solution.id, "furthest_entered", 4, 1)]


def _everything() -> None:

    a_season_of_work()
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=12_000)
    make_pledge(campaign, amount=3_000, status="refunded")


def test_the_backfill_gives_the_statistics_the_triggers_kept(app):
    _everything()
    kept = stats.compute(db.session)
    postgres = db.engine.dialect.name == "postgresql"
    # Forget the kept figures, as on a database from before migration 0027 (or one loaded with triggers off).
    db.session.execute(delete(PledgeMonth))
    db.session.execute(update(Solution).values(furthest_entered=0))
    db.session.execute(update(SolutionEvent).values(stay_stage=None, stay_days=None))
    db.session.commit()
    assert drift(db.session) != [] and pledge_month_differences(db.session) != []
    for statement in backfill_sql(postgres):
        db.session.execute(text(statement))
    db.session.commit()
    assert drift(db.session) == [] and differences(db.session) == []
    assert stats.compute(db.session) == kept


def test_pledge_totals_follow_their_campaign_to_its_challenge(app):
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=5_000)
    other, first = make_challenge(area="Jongno-gu"), campaign.solution.challenge_id
    # Solutions do not move between challenges in the app; if one ever does, its money goes with it.
    db.session.execute(update(Solution).where(Solution.id == campaign.solution_id).values(challenge_id=other.id))
    db.session.commit()
    assert db.session.scalar(select(PledgeMonth.challenge_id)) == other.id
    assert differences(db.session) == []
    assert {r["key"]: r["money"] for r in stats.compute(db.session).areas}["Jongno-gu"] == 5_000
    db.session.execute(update(PledgeMonth).values(challenge_id=first))
    db.session.commit()
    assert [(d.campaign_id, d.field) for d in differences(db.session)] == [
        (campaign.id, "challenge of the pledge totals (statistics)")]
