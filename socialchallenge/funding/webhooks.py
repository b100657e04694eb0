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
EVENT_ID_MAX = 255  # processed_events.id
ID_MAX = 2_147_483_647  # a pledge id is a 32-bit integer
# Fields of the event's object the handlers read, and the JSON type each must have when present.
OBJECT_FIELDS = {
    "id": str, "mode": str, "payment_status": str, "client_reference_id": str, "payment_intent": str,
    "setup_intent": str, "customer": str, "payment_method": str, "metadata": dict, "last_payment_error": dict,
    "amount": int, "amount_total": int, "amount_received": int, "amount_refunded": int, "refunded": bool,
}


class MalformedEvent(Exception):
    """A signed event whose shape is not one Stripe sends; answered 400 (a 500 would be retried for days)."""


def _check_shape(event) -> None:
    if not isinstance(event, dict):
        raise MalformedEvent("the event is not a JSON object")
    if not isinstance(event.get("id"), str) or not 0 < len(event["id"]) <= EVENT_ID_MAX:
        raise MalformedEvent("the event id is not a string of 1 to 255 characters")
    if not isinstance(event.get("type", ""), str):
        raise MalformedEvent("the event type is not a string")
    data = event.get("data", {})
    obj = data.get("object", {}) if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        raise MalformedEvent("data.object is not an object")
    for name, kind in OBJECT_FIELDS.items():
        value = obj.get(name)
        if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            raise MalformedEvent(f"data.object.{name} is not a {kind.__name__}")
    for name in ("pledge_id", "campaign_id"):
        value = (obj.get("metadata") or {}).get(name)
        if value is not None and not isinstance(value, str):
            raise MalformedEvent(f"metadata.{name} is not a string")
    for raw in ((obj.get("metadata") or {}).get("pledge_id"), obj.get("client_reference_id")):
        if raw and raw.isdigit() and int(raw) > ID_MAX:
            raise MalformedEvent("the pledge id is out of range")


def _pledge_for(session: Session, obj: dict) -> Pledge | None:
    meta = obj.get("metadata") or {}
    raw = meta.get("pledge_id") or obj.get("client_reference_id")
    if raw and raw.isdigit():
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
        if obj.get("amount_total") != pledge.amount:
            # Paid, but not what was pledged: staff sort it out; the pledge is not counted as paid.
            log.error("pledge %s: checkout %s paid %s, the pledge is %s; not marked paid, left for staff",
                      pledge.id, obj.get("id"), obj.get("amount_total"), pledge.amount)
            return
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
    """Apply a verified event once and commit; returns "handled", "ignored" or "duplicate".

    MalformedEvent (nothing saved) when the event's shape is not one Stripe sends."""
    _check_shape(event)
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

