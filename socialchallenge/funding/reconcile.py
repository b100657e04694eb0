"""Reconciliation: campaign totals (pledged, collected, backers, matched, prize, contributed) against the sums of the
ledger, and matchfunding pools against their matches: `committed` equals the ledger, never passes the pool, and no
campaign is matched beyond the pool's cap. Also the pledge totals per campaign and month the database keeps for the
secretariat statistics (pledge_months, migration 0027) against the pledges themselves."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from socialchallenge.models import Campaign, LedgerEntry, LedgerKind, Pledge, PledgeMonth, PledgeStatus, Solution
from socialchallenge.models.calls import MatchPool

K = LedgerKind
PLEDGED_KINDS = (K.pledged, K.released, K.refunded)
COLLECTED_KINDS = (K.collected, K.refunded)
MATCH_KINDS = (K.matched, K.unmatched)


@dataclass
class Difference:
    """A total that does not match the ledger (`subject` says whose: a campaign or a matchfunding pool)."""

    campaign_id: int
    field: str
    total: int
    ledger: int
    subject: str = "campaign"


def ledger_sums():
    """A select of (campaign_id, pledged, collected, backers, matched, prize, contributed) summed from the ledger.

    Pledged money and backers are citizens' pledges only; what the secretariat recorded (a pledge without a backer)
    sums into `contributed`."""
    citizen = Pledge.backer_id.is_not(None)
    pledged_kinds = LedgerEntry.kind.in_(PLEDGED_KINDS)
    backers = case((citizen & (LedgerEntry.kind == K.pledged), 1),
                   (citizen & LedgerEntry.kind.in_((K.released, K.refunded)), -1), else_=0)
    return select(
        LedgerEntry.campaign_id.label("campaign_id"),
        func.coalesce(func.sum(case((pledged_kinds & citizen, LedgerEntry.amount), else_=0)), 0).label("pledged"),
        func.coalesce(func.sum(case((LedgerEntry.kind.in_(COLLECTED_KINDS), LedgerEntry.amount), else_=0)), 0)
        .label("collected"),
        func.coalesce(func.sum(backers), 0).label("backers"),
        func.coalesce(func.sum(case((LedgerEntry.kind.in_(MATCH_KINDS), LedgerEntry.amount), else_=0)), 0)
        .label("matched"),
        func.coalesce(func.sum(case((LedgerEntry.kind == K.prize, LedgerEntry.amount), else_=0)), 0).label("prize"),
        func.coalesce(func.sum(case((pledged_kinds & Pledge.backer_id.is_(None), LedgerEntry.amount), else_=0)), 0)
        .label("contributed"),
    ).outerjoin(Pledge, Pledge.id == LedgerEntry.pledge_id).group_by(LedgerEntry.campaign_id)


def differences(session: Session) -> list[Difference]:
    """Every campaign total and pool that differs from its ledger (an empty list means the books balance)."""
    sums = ledger_sums().subquery()
    rows = session.execute(
        select(Campaign.id, Campaign.pledged, Campaign.collected, Campaign.backers, Campaign.matched, Campaign.prize,
               Campaign.contributed, sums.c.pledged, sums.c.collected, sums.c.backers, sums.c.matched, sums.c.prize,
               sums.c.contributed)
        .outerjoin(sums, sums.c.campaign_id == Campaign.id).order_by(Campaign.id)
    )
    found = []
    for (cid, pledged, collected, backers, matched, prize, contributed,
         l_pledged, l_collected, l_backers, l_matched, l_prize, l_contributed) in rows:
        for field, total, ledger in (("pledged", pledged, l_pledged), ("collected", collected, l_collected),
                                     ("backers", backers, l_backers), ("matched", matched, l_matched),
                                     ("prize", prize, l_prize), ("contributed", contributed, l_contributed)):
            if int(total or 0) != int(ledger or 0):
                found.append(Difference(cid, field, int(total or 0), int(ledger or 0)))
    return found + pool_differences(session) + pledge_month_differences(session)


def pool_differences(session: Session) -> list[Difference]:
    """Pools whose `committed` differs from their matches in the ledger or passes the pool, and campaigns matched
    beyond a pool's cap (`total` is then what was matched, `ledger` the cap)."""
    committed = (select(LedgerEntry.pool_id, func.sum(LedgerEntry.amount).label("amount"))
                 .where(LedgerEntry.kind.in_(MATCH_KINDS)).group_by(LedgerEntry.pool_id).subquery())
    found = []
    for pool_id, total, amount, ledger in session.execute(
            select(MatchPool.id, MatchPool.committed, MatchPool.amount, committed.c.amount)
            .outerjoin(committed, committed.c.pool_id == MatchPool.id).order_by(MatchPool.id)):
        if int(total or 0) != int(ledger or 0):
            found.append(Difference(pool_id, "committed", int(total or 0), int(ledger or 0), "pool"))
        if int(ledger or 0) > int(amount):
            found.append(Difference(pool_id, "beyond the pool", int(ledger or 0), int(amount), "pool"))
    per_campaign = (select(LedgerEntry.pool_id, LedgerEntry.campaign_id, func.sum(LedgerEntry.amount).label("amount"))
                    .where(LedgerEntry.kind.in_(MATCH_KINDS))
                    .group_by(LedgerEntry.pool_id, LedgerEntry.campaign_id).subquery())
    for campaign_id, amount, cap in session.execute(
            select(per_campaign.c.campaign_id, per_campaign.c.amount, MatchPool.cap_per_campaign)
            .join(MatchPool, MatchPool.id == per_campaign.c.pool_id)
            .where(per_campaign.c.amount > MatchPool.cap_per_campaign).order_by(per_campaign.c.campaign_id)):
        found.append(Difference(campaign_id, "matched beyond the cap", int(amount), int(cap)))
    return found


def _month(session: Session, column):
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def pledge_month_differences(session: Session) -> list[Difference]:
    """Campaigns whose kept pledge totals of a month (money and number of pledges authorized or collected) differ
    from their pledges (`ledger` is then what the pledges say)."""
    month = _month(session, Pledge.created_at)
    counted = (select(Pledge.campaign_id, month.label("month"), func.sum(Pledge.amount).label("amount"),
                      func.count().label("pledges"))
               .where(Pledge.status.in_((PledgeStatus.authorized, PledgeStatus.collected)))
               .group_by(Pledge.campaign_id, month))
    rows: dict[tuple[int, str], list[int]] = {}
    for campaign_id, when, amount, pledges in session.execute(counted):
        rows[(campaign_id, when)] = [0, 0, int(amount or 0), pledges]
    for campaign_id, when, amount, pledges in session.execute(
            select(PledgeMonth.campaign_id, PledgeMonth.month, PledgeMonth.amount, PledgeMonth.pledges)):
        rows.setdefault((campaign_id, when), [0, 0, 0, 0])[:2] = [int(amount), pledges]
    found = []
    # Each row's challenge must be its campaign's (the statistics count the money there).
    for campaign_id, kept, real in session.execute(
            select(PledgeMonth.campaign_id, PledgeMonth.challenge_id, Solution.challenge_id)
            .join(Campaign, Campaign.id == PledgeMonth.campaign_id).join(Solution, Solution.id == Campaign.solution_id)
            .where(PledgeMonth.challenge_id != Solution.challenge_id).order_by(PledgeMonth.campaign_id)):
        found.append(Difference(campaign_id, "challenge of the pledge totals (statistics)", kept, real))
    for (campaign_id, when), (amount, pledges, real_amount, real_pledges) in sorted(rows.items()):
        if amount != real_amount:
            found.append(Difference(campaign_id, f"money pledged in {when} (statistics)", amount, real_amount))
        if pledges != real_pledges:
            found.append(Difference(campaign_id, f"pledges in {when} (statistics)", pledges, real_pledges))
    return found
