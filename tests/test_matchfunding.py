"""Matchfunding (issue 15 item 3): a call's pool matches each citizen's pledge at its ratio when the pledge counts,
never beyond the pool or the cap per campaign; a failed all-or-nothing campaign and a released or refunded pledge give
their match back; `campaigns reconcile` covers pools and matches; the campaign box and the call page show it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from socialchallenge.extensions import db
from socialchallenge.funding.ledger import move
from socialchallenge.funding.reconcile import differences
from socialchallenge.funding.settlement import release_due, settle_campaign
from socialchallenge.models import Campaign, LedgerEntry, LedgerKind, PledgeStatus
from socialchallenge.models.calls import MatchPool
from socialchallenge.timeutil import utcnow
from tests.builders import make_call, make_campaign, make_organisation, make_pledge, make_user
from tests.helpers import text

EN = {"Accept-Language": "en"}


def campaign_in_pool(pool: int = 1_000_000, cap: int = 200_000, ratio: int = 1, model: str = "keep_it_all",
                     call=None):
    """A live campaign whose challenge is in a call with a matchfunding pool."""
    call = call or make_call(pool=pool, cap_per_campaign=cap, ratio=ratio,
                             funder=make_organisation("Mangwon Credit Union", verified=True))
    campaign = make_campaign(funding_model=model)
    campaign.solution.challenge.call_id = call.id
    db.session.commit()
    return call, campaign


def pool_of(call) -> MatchPool:
    return db.session.scalar(select(MatchPool).where(MatchPool.call_id == call.id).execution_options(
        populate_existing=True))


def test_a_paid_pledge_is_matched_at_the_ratio(app):
    call, campaign = campaign_in_pool(ratio=2)
    make_pledge(campaign, amount=30_000)
    campaign = db.session.get(Campaign, campaign.id)
    db.session.refresh(campaign)
    assert (campaign.pledged, campaign.matched, campaign.raised) == (30_000, 60_000, 90_000)
    assert pool_of(call).committed == 60_000 and pool_of(call).left == 940_000
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.kind == LedgerKind.matched))
    assert (entry.amount, entry.pool_id) == (60_000, pool_of(call).id)
    assert differences(db.session) == []


def test_matching_stops_at_the_cap_per_campaign(app):
    call, campaign = campaign_in_pool(cap=50_000)
    for amount in (30_000, 30_000, 30_000):
        make_pledge(campaign, amount=amount)
    db.session.refresh(campaign)
    assert (campaign.pledged, campaign.matched) == (90_000, 50_000)
    assert differences(db.session) == []


def test_matching_stops_when_the_pool_is_spent(app):
    call, first = campaign_in_pool(pool=100_000, cap=80_000)
    _, second = campaign_in_pool(call=call)
    make_pledge(first, amount=70_000)
    make_pledge(second, amount=70_000)
    make_pledge(second, amount=10_000)
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.matched, second.matched) == (70_000, 30_000)
    assert pool_of(call).left == 0
    assert differences(db.session) == []


def test_money_the_secretariat_records_is_not_matched(app):
    from socialchallenge.funding.pledges import record_contribution
    from socialchallenge.models import Role

    call, campaign = campaign_in_pool()
    record_contribution(db.session, make_user(role=Role.secretariat), campaign, 100_000, "District grant")
    db.session.commit()
    db.session.refresh(campaign)
    # A grant is not a citizen's pledge: it is its own part of what was raised, and nothing matches it.
    assert (campaign.pledged, campaign.contributed, campaign.matched, campaign.raised) == (0, 100_000, 0, 100_000)


def test_a_campaign_outside_any_pool_is_not_matched(app):
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=10_000)
    db.session.refresh(campaign)
    assert campaign.matched == 0


def test_a_refunded_pledge_gives_its_match_back(app):
    call, campaign = campaign_in_pool()
    pledge = make_pledge(campaign, amount=40_000)
    move(db.session, pledge, PledgeStatus.refunded, (PledgeStatus.collected,), utcnow())
    db.session.commit()
    db.session.refresh(campaign)
    assert campaign.matched == 0 and pool_of(call).committed == 0
    kinds = [e.kind for e in db.session.scalars(select(LedgerEntry).where(LedgerEntry.pool_id.is_not(None))
                                                .order_by(LedgerEntry.id))]
    assert kinds == [LedgerKind.matched, LedgerKind.unmatched]
    assert differences(db.session) == []


def test_an_all_or_nothing_match_counts_towards_the_goal(app):
    call, campaign = campaign_in_pool(model="all_or_nothing", cap=200_000)
    make_pledge(campaign, amount=150_000)  # goal 300,000: 150,000 pledged + 150,000 matched
    outcome = settle_campaign(db.session, campaign.id, utcnow() + timedelta(days=31))
    db.session.commit()
    assert outcome.value == "succeeded"
    db.session.refresh(campaign)
    assert campaign.matched == 150_000


def test_a_failed_all_or_nothing_campaign_returns_its_match_to_the_pool(app):
    call, campaign = campaign_in_pool(model="all_or_nothing", cap=100_000)
    make_pledge(campaign, amount=60_000)
    make_pledge(campaign, amount=30_000)
    assert pool_of(call).committed == 90_000
    later = utcnow() + timedelta(days=31)
    outcome = settle_campaign(db.session, campaign.id, later)
    db.session.commit()
    assert outcome.value == "failed"
    db.session.refresh(campaign)
    assert campaign.matched == 0 and pool_of(call).committed == 0 and pool_of(call).left == 1_000_000
    assert differences(db.session) == []
    # The worker then releases the saved cards; nothing is given back twice.
    assert release_due(db.session, later) == 2
    db.session.refresh(campaign)
    assert campaign.matched == 0 and pool_of(call).committed == 0
    assert differences(db.session) == []


def test_reconcile_covers_pools_and_matches(app, runner):
    call, campaign = campaign_in_pool()
    make_pledge(campaign, amount=20_000)
    ok = runner.invoke(args=["campaigns", "reconcile"])
    assert ok.exit_code == 0, ok.output
    db.session.execute(update(MatchPool).where(MatchPool.call_id == call.id)
                       .values(committed=MatchPool.committed + 5))
    db.session.execute(update(Campaign).where(Campaign.id == campaign.id).values(matched=Campaign.matched - 1))
    db.session.commit()
    bad = runner.invoke(args=["campaigns", "reconcile"])
    assert bad.exit_code == 1
    assert f"pool {pool_of(call).id}: committed total 20005 but the ledger says 20000" in bad.output
    assert f"campaign {campaign.id}: matched total 19999 but the ledger says 20000" in bad.output


def test_the_campaign_box_says_who_matched(client):
    call, campaign = campaign_in_pool()
    make_pledge(campaign, amount=25_000)
    make_pledge(campaign, amount=15_000)
    client.set_cookie("lang", "en")
    box = text(client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN))
    assert "₩40,000 from 2 backers, ₩40,000 matched by Mangwon Credit Union" in box
    data = client.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()
    assert (data["pledged"], data["matched"], data["raised"]) == (40_000, 40_000, 80_000)


def test_the_call_page_shows_the_pool_left_with_a_chart(client):
    call, campaign = campaign_in_pool(pool=500_000)
    make_pledge(campaign, amount=100_000)
    client.set_cookie("lang", "en")
    page = text(client.get(f"/calls/{call.id}", headers=EN))
    assert 'data-field="pool-left">₩400,000<' in page
    assert '<svg class="pool-chart"' in page and 'class="pool-used"' in page
    assert client.get(f"/api/v1/calls/{call.id}").get_json()["match"]["pool_left"] == 400_000


def test_the_unused_pool_is_reported_at_the_calls_end(client):
    call, campaign = campaign_in_pool(pool=500_000, model="keep_it_all")
    make_pledge(campaign, amount=100_000)
    client.set_cookie("lang", "en")
    assert 'data-field="pool-unused"' not in text(client.get(f"/calls/{call.id}", headers=EN))
    call.closes_at = utcnow() - timedelta(days=1)
    call.opens_at = utcnow() - timedelta(days=40)
    settle_campaign(db.session, campaign.id, utcnow() + timedelta(days=31))
    db.session.commit()
    page = text(client.get(f"/calls/{call.id}", headers=EN))
    assert "₩400,000 of the pool was not used and stays with Mangwon Credit Union" in page
