"""Pledging money: the rules, the reward hold, the provider's checkout; manual contributions; paying again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from socialchallenge.core import events
from socialchallenge.core.text import Problems
from socialchallenge.errors import DomainError, NotAllowed, NotFound, RuleViolation, ValidationFailed
from socialchallenge.funding.ledger import claim_reward, move, save_confirmed
from socialchallenge.models import (
    Campaign,
    CampaignStatus,
    ChallengeStatus,
    FundingModel,
    Pledge,
    PledgeStatus,
    Reward,
    Solution,
    User,
)
from socialchallenge.models.funding import ONE_UNPAID_PLEDGE
from socialchallenge.payments import CheckoutUrls, PaymentError, get_provider
from socialchallenge.payments.base import CHECKOUT_LIFETIME, RELEASE_GRACE
from socialchallenge.timeutil import utcnow

P = PledgeStatus
MAX_AMOUNT = 100_000_000  # one pledge; a larger gift is a grant the secretariat records by hand
NOTE_MAX = 200


class PaymentUnavailable(DomainError):
    """The payment provider could not start the payment; nothing was charged."""

    status = 503
    code = "payment_unavailable"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_amount(amount: Any, minimum: int = 1) -> int:
    """The amount as a positive whole number in the currency's minor unit, else ValidationFailed."""
    if not _is_int(amount) or amount < 1 or amount > MAX_AMOUNT:
        raise ValidationFailed(_("Check the amount."), {
            "amount": _("Enter a whole amount between 1 and %(max)d.", max=MAX_AMOUNT)})
    if amount < minimum:
        raise ValidationFailed(_("Check the amount."), {
            "amount": _("This reward needs a pledge of at least %(min)d.", min=minimum)})
    return amount


def live_campaign(solution: Solution, now: datetime) -> Campaign:
    """The solution's campaign if it takes pledges now, else RuleViolation campaign_not_live."""
    campaign = solution.campaign
    if campaign is None or campaign.status != CampaignStatus.live or campaign.deadline is None \
            or campaign.deadline <= now:
        if solution.challenge.status == ChallengeStatus.closed:
            # A campaign live when the challenge closed runs to its end; nothing else takes money any more.
            raise RuleViolation(_("This challenge is closed: it takes no new money."), code="challenge_closed")
        raise RuleViolation(_("This campaign is not taking pledges now."), code="campaign_not_live")
    return campaign


def _confirmed_status(campaign: Campaign) -> PledgeStatus:
    """Keep-it-all money is collected at once; an all-or-nothing card is only authorized."""
    return P.collected if campaign.funding_model == FundingModel.keep_it_all else P.authorized


def confirm(session: Session, pledge: Pledge, now: datetime, require_live: bool = False) -> bool:
    """A pending pledge is confirmed: keep-it-all money is collected, an all-or-nothing card is authorized."""
    moved = move(session, pledge, _confirmed_status(pledge.campaign), (P.pending,), now, require_live=require_live,
                 confirmed_at=now)
    if moved:
        events.pledge_received.send(session, solution=pledge.campaign.solution, actor=pledge.backer,
                                    anonymous=pledge.anonymous)
    return moved


def _still_unpaid() -> RuleViolation:
    return RuleViolation(_("Your pledge to this campaign is still waiting for payment. Finish paying it, or pledge "
                           "again once it has lapsed (at most %(n)d minutes).",
                           n=int((CHECKOUT_LIFETIME + RELEASE_GRACE).total_seconds() // 60)), code="pledge_pending")


def _save_unpaid(session: Session, pledge: Pledge) -> None:
    """Write a pending pledge. One member, one unpaid pledge per campaign, so nobody holds every unit of a limited
    reward without paying: the database's unique index decides (a double click's second pledge waits for the first
    and fails once it is saved), else RuleViolation pledge_pending, the transaction rolled back (the refused INSERT
    ended it; nothing of this request was saved yet)."""
    session.add(pledge)
    try:
        session.flush()
    except IntegrityError as exc:
        if not is_second_unpaid_pledge(exc):
            raise
        session.rollback()
        raise _still_unpaid() from exc


def is_second_unpaid_pledge(exc: IntegrityError) -> bool:
    """Whether the database refused a member's second unpaid pledge to a campaign (the unique index)."""
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
    return constraint == ONE_UNPAID_PLEDGE or (
        constraint is None and "pledges.campaign_id, pledges.backer_id" in str(exc.orig))  # SQLite names columns


def create_pledge(
    session: Session,
    backer: User,
    solution: Solution,
    amount: Any,
    urls: CheckoutUrls,
    reward_id: Any = None,
    anonymous: Any = False,
    now: datetime | None = None,
) -> tuple[Pledge, str | None]:
    """Pledge money to the solution's live campaign. Returns the pledge and where to pay (None: nothing to do)."""
    now = now or utcnow()
    campaign = live_campaign(solution, now)
    reward = None
    if reward_id is not None:
        reward = session.get(Reward, reward_id) if _is_int(reward_id) else None
        if reward is None or reward.solution_id != solution.id:
            raise ValidationFailed(_("Check the reward."), {"reward_id": _("There is no such reward.")})
    if not isinstance(anonymous, bool):
        raise ValidationFailed(_("Check the fields."), {"anonymous": _("Use true or false.")})
    check_amount(amount, reward.min_amount if reward else 1)
    provider = get_provider()
    pledge = Pledge(campaign_id=campaign.id, backer_id=backer.id, amount=amount, anonymous=anonymous,
                    reward_id=reward.id if reward else None, provider=provider.name, status=P.pending,
                    created_at=now)
    set_committed_value(pledge, "campaign", campaign)  # the provider may read it; sets nothing to save
    checkout = failure = None
    if not provider.external:
        # Nothing goes out over the network: ask first (the pledge is not saved yet). One confirmed at once is
        # saved confirmed, with its ledger entries and totals (no pending row to move), its reward held first; it is
        # never unpaid, so the one-unpaid-pledge rule has nothing to hold it to.
        try:
            checkout = provider.start(pledge, solution.title, backer.email, urls)
        except PaymentError as exc:
            failure = exc
        if checkout is not None and checkout.confirmed:
            if reward is not None and not claim_reward(session, reward.id):
                raise RuleViolation(_("That reward is all gone. Choose another or pledge without one."),
                                    code="reward_gone")
            for name, value in checkout.refs.items():
                setattr(pledge, name, value)
            save_confirmed(session, pledge, campaign, _confirmed_status(campaign), now,
                           in_call=solution.challenge.call_id is not None)
            events.pledge_received.send(session, solution=solution, actor=backer, anonymous=pledge.anonymous)
            return pledge, checkout.url
    pledge.campaign = campaign
    _save_unpaid(session, pledge)
    if reward is not None and not claim_reward(session, reward.id):
        raise RuleViolation(_("That reward is all gone. Choose another or pledge without one."), code="reward_gone")
    if provider.external:
        # The pledge and its reward hold are saved before calling out, so a slow or failed call loses nothing.
        session.commit()
        try:
            checkout = provider.start(pledge, solution.title, backer.email, urls)
        except PaymentError as exc:
            failure = exc
    if failure is not None:
        move(session, pledge, P.released, (P.pending,), now)
        session.commit()
        raise PaymentUnavailable(_("The payment service is not available. Nothing was charged; try again soon.")) \
            from failure
    for name, value in checkout.refs.items():
        setattr(pledge, name, value)
    if checkout.confirmed:
        confirm(session, pledge, now, require_live=True)
    session.flush()
    return pledge, checkout.url


def get_pledge(session: Session, pledge_id: int, user: User) -> Pledge:
    """The user's own pledge, else NotFound (other people's pledges are private)."""
    pledge = session.get(Pledge, pledge_id)
    if pledge is None or pledge.backer_id is None or pledge.backer_id != getattr(user, "id", None):
        raise NotFound(_("There is no such pledge."))
    return pledge


def pay_again(session: Session, backer: User, pledge: Pledge, urls: CheckoutUrls,
              now: datetime | None = None) -> str | None:
    """Pay a pledge whose card charge failed, within its 7 days. Returns where to pay (None: done already)."""
    now = now or utcnow()
    if pledge.backer_id != backer.id:
        raise NotAllowed(_("This is not your pledge."))
    if pledge.status != P.failed or pledge.retry_until is None or pledge.retry_until <= now:
        raise RuleViolation(_("This pledge cannot be paid again now."), code="not_payable")
    provider = get_provider(pledge.provider)
    try:
        checkout = provider.pay_again(pledge, pledge.campaign.solution.title, backer.email, urls)
    except PaymentError as exc:
        raise PaymentUnavailable(_("The payment service is not available. Nothing was charged; try again soon.")) \
            from exc
    if checkout.confirmed:
        move(session, pledge, P.collected, (P.failed,), now, charge_error="")
    session.flush()
    return checkout.url


def record_contribution(session: Session, staff: User, campaign: Campaign, amount: Any, note: Any,
                        now: datetime | None = None) -> Pledge:
    """The secretariat records money received outside the site (a grant, a transfer, prize money)."""
    now = now or utcnow()
    if not getattr(staff, "is_secretariat", False):
        raise NotAllowed(_("Only the secretariat records contributions."))
    if campaign.status not in (CampaignStatus.live, CampaignStatus.succeeded):
        raise RuleViolation(_("This campaign is not taking pledges now."), code="campaign_not_live")
    check_amount(amount)
    say_who = _("Say who gave the money, in at most %(n)d characters.", n=NOTE_MAX)
    problems = Problems()
    note = problems.text("note", note if isinstance(note, str) else None, required=say_who, max_length=NOTE_MAX,
                         too_long=say_who)
    problems.raise_if_any(_("Check the fields."))
    pledge = Pledge(campaign_id=campaign.id, backer_id=None, amount=amount, note=note, provider="manual",
                    status=P.pending, created_at=now)
    session.add(pledge)
    session.flush()
    move(session, pledge, P.collected, (P.pending,), now, confirmed_at=now)
    events.staff_acted.send(session, actor=staff, action="pledge.contribution", target=pledge, before=None,
                            after={"campaign_id": campaign.id, "amount": pledge.amount, "note": pledge.note,
                                   "status": pledge.status})
    return pledge


def confirm_manual(session: Session, staff: User, pledge: Pledge, now: datetime | None = None) -> Pledge:
    """The secretariat confirms that a manual pledge's transfer arrived."""
    now = now or utcnow()
    if not getattr(staff, "is_secretariat", False):
        raise NotAllowed(_("Only the secretariat records contributions."))
    if pledge.provider != "manual" or pledge.status != P.pending:
        raise RuleViolation(_("This pledge is not waiting for a transfer."), code="not_pending")
    if move(session, pledge, P.collected, (P.pending,), now, confirmed_at=now):
        events.staff_acted.send(session, actor=staff, action="pledge.confirm_manual", target=pledge,
                                before={"status": P.pending},
                                after={"status": pledge.status, "amount": pledge.amount,
                                       "campaign_id": pledge.campaign_id})
    return pledge


def pledge_json(pledge: Pledge) -> dict:
    """The pledge as the API shows it to its backer."""
    return {"id": pledge.id, "status": pledge.status.value, "amount": pledge.amount}
