"""Stripe events → pledge states: each event id once, in any order, retries harmless."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialchallenge.funding.ledger import move
from socialchallenge.funding.pledges import confirm
from socialchallenge.funding.settlement import fail_charge
from socialchallenge.models import Pledge, PledgeStatus, ProcessedEvent
from socialchallenge.timeutil import utcnow

log = logging.getLogger(__name__)
P = PledgeStatus


def _pledge_for(session: Session, obj: dict) -> Pledge | None:
    meta = obj.get("metadata") or {}
    raw = meta.get("pledge_id") or obj.get("client_reference_id")
    if raw and str(raw).isdigit():
        return session.get(Pledge, int(raw))
    if obj.get("payment_intent"):
        return session.scalar(select(Pledge).where(Pledge.payment_intent_id == obj["payment_intent"]))
    return None


def _fill(pledge: Pledge, **refs) -> None:
    # Events arrive in any order; each one fills in what it knows and nothing is overwritten with a blank.
    for name, value in refs.items():
        if value and not getattr(pledge, name):
            setattr(pledge, name, value)


def _collect(session: Session, pledge: Pledge, obj: dict, now: datetime) -> None:
    amount = obj.get("amount_received", obj.get("amount"))
    if amount is not None and amount != pledge.amount:
        log.error("pledge %s: Stripe says %s, the pledge is %s; left for staff", pledge.id, amount, pledge.amount)
        return
    move(session, pledge, P.collected, (P.pending, P.authorized, P.failed), now, confirmed_at=now,
         charge_error="", charging_since=None)


def _checkout_completed(session: Session, pledge: Pledge, obj: dict, now: datetime) -> None:
    if obj.get("mode") == "setup":
        _fill(pledge, setup_intent_id=obj.get("setup_intent"), customer_id=obj.get("customer"))
        confirm(session, pledge, now)
    elif obj.get("payment_status") == "paid":
        _fill(pledge, payment_intent_id=obj.get("payment_intent"))
        session.flush()
        move(session, pledge, P.collected, (P.pending, P.failed), now, confirmed_at=now, charge_error="")


def _checkout_gone(session: Session, pledge: Pledge, obj: dict, now: datetime) -> None:
    # Only the pledge's own first checkout ends a pending pledge; an abandoned "pay again" changes nothing.
    if obj.get("id") == pledge.checkout_session_id:
        move(session, pledge, P.released, (P.pending,), now)


def _setup_succeeded(session: Session, pledge: Pledge, obj: dict, now: datetime) -> None:
    _fill(pledge, setup_intent_id=obj.get("id"), payment_method_id=obj.get("payment_method"),
          customer_id=obj.get("customer"))
    confirm(session, pledge, now)


def _payment_succeeded(session: Session, pledge: Pledge, obj: dict, now: datetime) -> None:
    _fill(pledge, payment_intent_id=obj.get("id"))
    session.flush()
    _collect(session, pledge, obj, now)


def _payment_failed(session: Session, pledge: Pledge, obj: dict, now: datetime) -> None:
    # A failed attempt inside Checkout is the backer's to retry there; only an off-session charge fails a pledge.
    error = (obj.get("last_payment_error") or {}).get("code") or "card_declined"
    fail_charge(session, pledge, error, obj.get("id"), now)


def _refunded(session: Session, pledge: Pledge, obj: dict, now: datetime) -> None:
    if obj.get("refunded") or obj.get("amount_refunded", 0) >= pledge.amount:
        move(session, pledge, P.refunded, (P.collected,), now)


HANDLERS = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_completed,
    "checkout.session.expired": _checkout_gone,
    "checkout.session.async_payment_failed": _checkout_gone,
    "setup_intent.succeeded": _setup_succeeded,
    "payment_intent.succeeded": _payment_succeeded,
    "payment_intent.payment_failed": _payment_failed,
    "charge.refunded": _refunded,
}


def handle_event(session: Session, event: dict, now: datetime | None = None) -> str:
    """Apply a verified event once and commit; returns "handled", "ignored" or "duplicate"."""
    now = now or utcnow()
    # The event id goes in first, in the same transaction as its effect: a second delivery fails here.
    session.add(ProcessedEvent(id=event["id"], type=str(event.get("type", ""))[:100], received_at=now))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return "duplicate"
    handler = HANDLERS.get(event.get("type"))
    obj = (event.get("data") or {}).get("object") or {}
    pledge = _pledge_for(session, obj) if handler else None
    if pledge is None:
        session.commit()
        return "ignored"
    handler(session, pledge, obj, now)
    session.commit()
    return "handled"

