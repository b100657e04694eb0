"""Reconciliation: campaign totals against the sums of the ledger, and pledge states against their entries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from socialchallenge.models import Campaign, LedgerEntry, LedgerKind

K = LedgerKind
PLEDGED_KINDS = (K.pledged, K.released, K.refunded)
COLLECTED_KINDS = (K.collected, K.refunded)


@dataclass
class Difference:
    """A total that does not match the ledger."""

    campaign_id: int
    field: str
    total: int
    ledger: int


def ledger_sums():
    """A select of (campaign_id, pledged, collected, backers) summed from the ledger."""
    backers = case((LedgerEntry.kind == K.pledged, 1), (LedgerEntry.kind.in_((K.released, K.refunded)), -1), else_=0)
    return select(
        LedgerEntry.campaign_id.label("campaign_id"),
        func.coalesce(func.sum(case((LedgerEntry.kind.in_(PLEDGED_KINDS), LedgerEntry.amount), else_=0)), 0)
        .label("pledged"),
        func.coalesce(func.sum(case((LedgerEntry.kind.in_(COLLECTED_KINDS), LedgerEntry.amount), else_=0)), 0)
        .label("collected"),
        func.coalesce(func.sum(backers), 0).label("backers"),
    ).group_by(LedgerEntry.campaign_id)


def differences(session: Session) -> list[Difference]:
    """Every campaign total that differs from its ledger (an empty list means the books balance)."""
    sums = ledger_sums().subquery()
    rows = session.execute(
        select(Campaign.id, Campaign.pledged, Campaign.collected, Campaign.backers,
               sums.c.pledged, sums.c.collected, sums.c.backers)
        .outerjoin(sums, sums.c.campaign_id == Campaign.id).order_by(Campaign.id)
    )
    found = []
    for cid, pledged, collected, backers, l_pledged, l_collected, l_backers in rows:
        for field, total, ledger in (("pledged", pledged, l_pledged), ("collected", collected, l_collected),
                                     ("backers", backers, l_backers)):
            if int(total or 0) != int(ledger or 0):
                found.append(Difference(cid, field, int(total or 0), int(ledger or 0)))
    return found
