"""Pledge state changes and the money they move: one conditional UPDATE, ledger rows and totals, one transaction."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm import Session

from socialchallenge.errors import RuleViolation
from socialchallenge.funding.matching import match_pledge, unmatch_pledge
from socialchallenge.models import Campaign, CampaignStatus, LedgerEntry, LedgerKind, Pledge, PledgeStatus, Reward

P = PledgeStatus

# What each change of state writes to the ledger. A pledge counts towards "pledged" once confirmed
# (card saved or money taken) and towards "collected" once the money is ours.
EFFECTS: dict[tuple[PledgeStatus, PledgeStatus], tuple[LedgerKind, ...]] = {
    (P.pending, P.authorized): (LedgerKind.pledged,),
    (P.pending, P.collected): (LedgerKind.pledged, LedgerKind.collected),
    (P.authorized, P.collected): (LedgerKind.collected,),
    (P.failed, P.collected): (LedgerKind.collected,),
    (P.authorized, P.failed): (),
    (P.authorized, P.released): (LedgerKind.released,),
    (P.failed, P.released): (LedgerKind.released,),
    (P.pending, P.released): (),
    (P.collected, P.refunded): (LedgerKind.refunded,),
}

# kind → (sign, counts towards pledged, counts towards collected, change in backers). For a contribution the
# secretariat recorded (no backer), what counts towards pledged goes to the campaign's `contributed` instead.
KINDS = {
    LedgerKind.pledged: (1, True, False, 1),
    LedgerKind.collected: (1, False, True, 0),
    LedgerKind.released: (-1, True, False, -1),
    LedgerKind.refunded: (-1, True, True, -1),
}


def move(
    session: Session,
    pledge: Pledge,
    to: PledgeStatus,
    sources: tuple[PledgeStatus, ...],
    now: datetime,
    require_live: bool = False,
    **values,
) -> bool:
    """Change the pledge's status if it is still in one of `sources`; write its ledger entries and totals.

    Returns False when another request or worker got there first (nothing changes then). With
    `require_live`, the campaign must still be live when its totals change, else RuleViolation."""
    for source in sources:
        kinds = EFFECTS[(source, to)]
        # The row as it now is comes back with the UPDATE (RETURNING) and replaces the object's attributes: no
        # second statement to read it again.
        moved = session.execute(
            update(Pledge).where(Pledge.id == pledge.id, Pledge.status == source)
            .values(status=to, **values).returning(Pledge)
            .execution_options(synchronize_session=False, populate_existing=True)
        ).scalars().first()
        if moved is None:
            continue
        if kinds or require_live:
            if not _add_to_totals(session, pledge, kinds, now, require_live):
                # The caller's transaction is rolled back by whoever handles the error: nothing is half-written.
                raise RuleViolation(_("This campaign is not taking pledges now."), code="campaign_not_live")
        # A call's matchfunding follows the pledge (the campaign's row is locked by the totals' UPDATE above).
        if LedgerKind.pledged in kinds:
            match_pledge(session, pledge, now)
        elif LedgerKind.released in kinds or LedgerKind.refunded in kinds:
            unmatch_pledge(session, pledge, now)
        if to in (P.released, P.refunded) and pledge.reward_id is not None:
            give_back_reward(session, pledge.reward_id)
        return True
    return False


def is_contribution(pledge: Pledge) -> bool:
    """Whether the pledge is money the secretariat recorded from outside the site (a grant, a transfer)."""
    return pledge.backer_id is None


def _add_to_totals(session: Session, pledge: Pledge, kinds, now: datetime, require_live: bool) -> bool:
    pledged = collected = backers = 0
    for kind in kinds:
        sign, to_pledged, to_collected, backer_change = KINDS[kind]
        amount = sign * pledge.amount
        pledged += amount if to_pledged else 0
        collected += amount if to_collected else 0
        backers += backer_change
        session.add(LedgerEntry(campaign_id=pledge.campaign_id, pledge_id=pledge.id, kind=kind, amount=amount,
                                created_at=now))
    stmt = update(Campaign).where(Campaign.id == pledge.campaign_id)
    if require_live:
        # Row-locked against settlement: either this pledge counts before the campaign settles, or it fails.
        stmt = stmt.where(Campaign.status == CampaignStatus.live, Campaign.deadline > now)
    if is_contribution(pledge):
        # Money the secretariat recorded (no backer): its own total, never citizens' pledges, no backer counted.
        values = {"contributed": Campaign.contributed + pledged, "collected": Campaign.collected + collected}
    else:
        values = {"pledged": Campaign.pledged + pledged, "collected": Campaign.collected + collected,
                  "backers": Campaign.backers + backers}
    result = session.execute(stmt.values(**values).execution_options(synchronize_session=False))
    return result.rowcount == 1


def claim_reward(session: Session, reward_id: int) -> bool:
    """Take one of a reward; False when none are left. The WHERE clause decides, so it never oversells."""
    result = session.execute(
        update(Reward).where(Reward.id == reward_id, (Reward.quantity.is_(None)) | (Reward.claimed < Reward.quantity))
        .values(claimed=Reward.claimed + 1).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def give_back_reward(session: Session, reward_id: int) -> None:
    """Return a claimed reward when its pledge comes to nothing."""
    session.execute(
        update(Reward).where(Reward.id == reward_id, Reward.claimed > 0)
        .values(claimed=Reward.claimed - 1).execution_options(synchronize_session=False)
    )
