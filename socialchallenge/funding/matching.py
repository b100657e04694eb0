"""Matchfunding (Goteo's model): a call's pool matches each citizen's pledge at its ratio when the pledge counts
(money taken for keep-it-all; card saved for all-or-nothing, kept only if the campaign succeeds), never beyond the
pool or the cap per campaign, and takes the match back when the pledge or the campaign comes to nothing.

Every match is a ledger entry of its own (`matched`, and `unmatched` when given back) naming the pledge and the pool;
the campaign's `matched` and the pool's `committed` are their running sums, changed in the same transaction.
Lock order: the campaign row first (the totals' UPDATE already holds it), then the pool, so concurrent pledges to
different campaigns queue on the pool and never deadlock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from socialchallenge.models import Campaign, Challenge, LedgerEntry, LedgerKind, Pledge, Solution
from socialchallenge.models.calls import MatchPool

MATCH_KINDS = (LedgerKind.matched, LedgerKind.unmatched)


def pool_of_campaign(session: Session, campaign_id: int) -> int | None:
    """The id of the matchfunding pool of the call the campaign's challenge is in, or None."""
    return session.scalar(
        select(MatchPool.id).join(Challenge, Challenge.call_id == MatchPool.call_id)
        .join(Solution, Solution.challenge_id == Challenge.id).join(Campaign, Campaign.solution_id == Solution.id)
        .where(Campaign.id == campaign_id))


def _locked_pool(session: Session, pool_id: int) -> MatchPool:
    return session.execute(select(MatchPool).where(MatchPool.id == pool_id).with_for_update(key_share=True)
                           .execution_options(populate_existing=True)).scalar_one()


def _change(session: Session, campaign_id: int, pool_id: int, amount: int) -> None:
    session.execute(update(MatchPool).where(MatchPool.id == pool_id).values(committed=MatchPool.committed + amount)
                    .execution_options(synchronize_session=False))
    session.execute(update(Campaign).where(Campaign.id == campaign_id).values(matched=Campaign.matched + amount)
                    .execution_options(synchronize_session=False))


def match_pledge(session: Session, pledge: Pledge, now: datetime) -> int:
    """Match a pledge that just counted, within the pool left and the campaign's cap; returns the amount matched.

    Call with the campaign's row already locked (by the totals' UPDATE of the same transaction)."""
    if pledge.backer_id is None:  # money the secretariat records (grants, transfers) is not matched
        return 0
    pool_id = pool_of_campaign(session, pledge.campaign_id)
    if pool_id is None:
        return 0
    pool = _locked_pool(session, pool_id)
    already = session.scalar(select(Campaign.matched).where(Campaign.id == pledge.campaign_id)) or 0
    amount = min(pledge.amount * pool.ratio, pool.cap_per_campaign - already, pool.amount - pool.committed)
    if amount <= 0:
        return 0
    _change(session, pledge.campaign_id, pool.id, amount)
    session.add(LedgerEntry(campaign_id=pledge.campaign_id, pledge_id=pledge.id, pool_id=pool.id,
                            kind=LedgerKind.matched, amount=amount, created_at=now))
    return amount


def _give_back(session: Session, campaign_id: int, pool_id: int, pledge_id: int, amount: int, now: datetime) -> None:
    _locked_pool(session, pool_id)
    _change(session, campaign_id, pool_id, -amount)
    session.add(LedgerEntry(campaign_id=campaign_id, pledge_id=pledge_id, pool_id=pool_id,
                            kind=LedgerKind.unmatched, amount=-amount, created_at=now))


def _standing(session: Session, *conditions) -> list[tuple[int, int, int]]:
    """(pledge_id, pool_id, amount) of the matches still standing, by pledge."""
    return [(p, q, int(a)) for p, q, a in session.execute(
        select(LedgerEntry.pledge_id, LedgerEntry.pool_id, func.sum(LedgerEntry.amount))
        .where(LedgerEntry.kind.in_(MATCH_KINDS), *conditions)
        .group_by(LedgerEntry.pledge_id, LedgerEntry.pool_id).having(func.sum(LedgerEntry.amount) > 0)
        .order_by(LedgerEntry.pledge_id))]


def unmatch_pledge(session: Session, pledge: Pledge, now: datetime) -> int:
    """Give a released or refunded pledge's match back to its pool; returns the amount given back."""
    total = 0
    for pledge_id, pool_id, amount in _standing(session, LedgerEntry.pledge_id == pledge.id):
        _give_back(session, pledge.campaign_id, pool_id, pledge_id, amount, now)
        total += amount
    return total


def release_campaign_matches(session: Session, campaign_id: int, now: datetime) -> int:
    """A campaign failed: every match still standing goes back to its pool; returns the amount released."""
    total = 0
    for pledge_id, pool_id, amount in _standing(session, LedgerEntry.campaign_id == campaign_id):
        _give_back(session, campaign_id, pool_id, pledge_id, amount, now)
        total += amount
    return total
