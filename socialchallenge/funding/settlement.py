"""Settlement at the deadline, then the worker's part: charge saved cards, release the rest, lapse failed pledges."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from socialchallenge.core import events
from socialchallenge.funding.ledger import move
from socialchallenge.funding.matching import release_campaign_matches
from socialchallenge.funding.notices import mail_charge_failed, mail_settled
from socialchallenge.models import Campaign, CampaignStatus, FundingModel, Pledge, PledgeStatus, Stage
from socialchallenge.payments import get_provider
from socialchallenge.payments.base import CHECKOUT_LIFETIME, RELEASE_GRACE
from socialchallenge.pipeline import transitions
from socialchallenge.pipeline.locks import lock_solution

log = logging.getLogger(__name__)
P = PledgeStatus
RETRY_DAYS = 7
CHARGE_LEASE = timedelta(minutes=15)  # a worker that died mid-charge lets another try after this
BATCH = 200
# What counts towards an all-or-nothing goal: pledges, matched money, prize money and contributions (issue 15).
RAISED = Campaign.pledged + Campaign.matched + Campaign.prize + Campaign.contributed


def due_campaigns(session: Session, now: datetime) -> list[int]:
    """Ids of live campaigns whose deadline has passed."""
    return list(session.scalars(
        select(Campaign.id).where(Campaign.status == CampaignStatus.live, Campaign.deadline <= now)
        .order_by(Campaign.deadline, Campaign.id)
    ))


def _flip(session: Session, campaign_id: int, to: CampaignStatus, now: datetime, *conditions) -> bool:
    # WHERE status = 'live' makes each campaign settle exactly once, however many settlers run.
    result = session.execute(
        update(Campaign).where(Campaign.id == campaign_id, Campaign.status == CampaignStatus.live,
                               Campaign.deadline <= now, *conditions)
        .values(status=to, settled_at=now).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def settle_campaign(session: Session, campaign_id: int, now: datetime) -> CampaignStatus | None:
    """Settle one campaign if it is still live and due; returns its new status, or None if nothing to do."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return None
    # The pipeline's lock order (challenge, solution, campaign) before the campaign changes, so settling never
    # deadlocks with a review decision or a selection on the same solution.
    lock_solution(session, campaign.solution)
    if campaign.funding_model == FundingModel.keep_it_all:
        outcome = CampaignStatus.succeeded if _flip(session, campaign_id, CampaignStatus.succeeded, now) else None
    elif _flip(session, campaign_id, CampaignStatus.succeeded, now, RAISED >= Campaign.goal):
        outcome = CampaignStatus.succeeded
    elif _flip(session, campaign_id, CampaignStatus.failed, now, RAISED < Campaign.goal):
        outcome = CampaignStatus.failed
        # The pool's matches of a campaign that failed go back to the pool (nothing was charged).
        release_campaign_matches(session, campaign_id, now)
    else:
        outcome = None
    if outcome is None:
        return None
    session.refresh(campaign)
    solution = campaign.solution
    if solution.stage == Stage.crowdfunding:
        if outcome == CampaignStatus.succeeded:
            transitions.enter_experiment(session, solution, _("The campaign succeeded."))
        else:
            transitions.return_to_proposal(session, solution, _("The campaign did not reach its goal."))
    else:
        log.warning("campaign %s settled while its solution is at %s", campaign_id, solution.stage.value)
    backed = session.scalars(
        select(Pledge).where(Pledge.campaign_id == campaign_id, Pledge.status.in_((P.authorized, P.collected)))
        .options(selectinload(Pledge.backer))
    )
    for pledge in backed:
        mail_settled(session, pledge, outcome == CampaignStatus.succeeded)
    # Backers got their own mail above (with what happens to their money); the team and followers hear here.
    events.campaign_settled.send(session, solution=solution, succeeded=outcome == CampaignStatus.succeeded)
    return outcome


def settle(session: Session, now: datetime, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Settle every due campaign, each in its own transaction; safe to run again at any time."""
    counts = {"succeeded": 0, "failed": 0, "skipped": 0}
    for campaign_id in due_campaigns(session, now):
        outcome = settle_campaign(session, campaign_id, now)
        session.commit()
        counts[outcome.value if outcome else "skipped"] += 1
        if progress:
            progress(1)
    return counts


def fail_charge(session: Session, pledge: Pledge, error: str, intent_id: str | None, now: datetime) -> bool:
    """An off-session charge failed: the backer gets 7 days and a mail to pay again."""
    moved = move(session, pledge, P.failed, (P.authorized,), now, failed_at=now, charging_since=None,
                 retry_until=now + timedelta(days=RETRY_DAYS), charge_error=(error or "")[:100],
                 payment_intent_id=intent_id or pledge.payment_intent_id)
    if moved:
        mail_charge_failed(session, pledge)
    return moved


def _lease(session: Session, pledge_id: int, now: datetime) -> bool:
    result = session.execute(
        update(Pledge).where(Pledge.id == pledge_id, Pledge.status == P.authorized,
                             or_(Pledge.charging_since.is_(None), Pledge.charging_since < now - CHARGE_LEASE))
        .values(charging_since=now).execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def charge_due(session: Session, now: datetime) -> dict[str, int]:
    """Charge the saved cards of succeeded all-or-nothing campaigns, once each."""
    counts = {"charged": 0, "failed": 0, "later": 0}
    ids = list(session.scalars(
        select(Pledge.id).join(Campaign, Campaign.id == Pledge.campaign_id)
        .where(Campaign.status == CampaignStatus.succeeded, Pledge.status == P.authorized).limit(BATCH)
    ))
    for pledge_id in ids:
        if not _lease(session, pledge_id, now):
            continue
        pledge = session.get(Pledge, pledge_id)
        outcome = get_provider(pledge.provider).charge(pledge)
        if outcome.status == "succeeded":
            move(session, pledge, P.collected, (P.authorized,), now, charging_since=None,
                 payment_intent_id=outcome.payment_intent_id)
            counts["charged"] += 1
        elif outcome.status == "failed":
            fail_charge(session, pledge, outcome.error_code or "card_declined", outcome.payment_intent_id, now)
            counts["failed"] += 1
        else:
            # "pending" waits for the webhook under the lease; "retry" frees the pledge for the next round.
            pledge.payment_intent_id = outcome.payment_intent_id or pledge.payment_intent_id
            if outcome.status == "retry":
                pledge.charging_since = None
            counts["later"] += 1
        session.commit()
    return counts


def release_due(session: Session, now: datetime) -> int:
    """Release pledges of failed or cancelled campaigns (nothing is charged), lapse unpaid failed pledges and
    checkouts left unfinished past their expiry (their reward goes back).

    Safe beside other workers: each release is one conditional UPDATE from the status the list was read with,
    so a pledge another worker released in the meantime is skipped, and its card let go by that worker only."""
    released = 0
    ended = select(Campaign.id).where(Campaign.status.in_((CampaignStatus.failed, CampaignStatus.cancelled)))
    due = session.execute(
        select(Pledge.id, Pledge.status).where(or_(
            Pledge.campaign_id.in_(ended) & (Pledge.status == P.authorized),
            # A promised bank transfer to a campaign that ended without it is no longer expected.
            Pledge.campaign_id.in_(ended) & (Pledge.status == P.pending) & (Pledge.provider == "manual"),
            (Pledge.status == P.failed) & (Pledge.retry_until <= now),
            # A checkout the backer never finished: its page has expired, even if Stripe's event never arrives.
            (Pledge.status == P.pending) & (Pledge.provider != "manual")
            & (Pledge.created_at <= now - CHECKOUT_LIFETIME - RELEASE_GRACE),
        )).order_by(Pledge.id).limit(BATCH)
    ).all()
    for pledge_id, source in due:
        pledge = session.get(Pledge, pledge_id)
        moved = move(session, pledge, P.released, (source,), now, charging_since=None)
        session.commit()
        if not moved:
            continue
        released += 1
        if source == P.authorized:
            # Only once the release is saved, by the worker that made it: a card is let go exactly once.
            get_provider(pledge.provider).release(pledge)
    return released


def run_payments(session: Session, now: datetime) -> str:
    """The worker's round: settle, charge, release; a short report for the log."""
    settled = settle(session, now)
    charged = charge_due(session, now)
    released = release_due(session, now)
    return (f"settled {settled['succeeded']} succeeded / {settled['failed']} failed, "
            f"charged {charged['charged']}, failed {charged['failed']}, later {charged['later']}, "
            f"released {released}")
