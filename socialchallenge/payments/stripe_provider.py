"""Stripe Checkout and off-session charges; the only module that imports `stripe`."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import stripe
from flask import current_app

from socialchallenge.payments.base import CHECKOUT_LIFETIME, ChargeOutcome, Checkout, PaymentError, PaymentProvider

log = logging.getLogger(__name__)

# Card errors the backer can fix (new card, 3-D Secure); anything else is retried by the worker.
BACKER_MUST_ACT = {"authentication_required", "card_declined", "expired_card", "insufficient_funds",
                   "incorrect_cvc", "processing_error"}


class WebhookRejected(Exception):
    """The webhook's signature, timestamp or payload did not verify."""


def _client() -> stripe.StripeClient:
    cfg = current_app.config
    base = cfg.get("STRIPE_API_BASE")
    return stripe.StripeClient(
        cfg.get("STRIPE_SECRET_KEY") or "",
        base_addresses={"api": base.rstrip("/")} if base else None,
        max_network_retries=2,
    )


def verify_webhook(payload: bytes, signature: str | None) -> Any:
    """The event's JSON once its signature verifies within Stripe's default tolerance (300 s); its shape is
    checked by funding.webhooks."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        raise WebhookRejected("STRIPE_WEBHOOK_SECRET is not set.")
    try:
        # The signature only: the library's own event parsing fails (500) on JSON that is not an object.
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature or "", secret,
                                              stripe.Webhook.DEFAULT_TOLERANCE)
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError) as exc:
        raise WebhookRejected(str(exc)) from exc
    return event


def _expires_at() -> int:
    # A minute over Stripe's 30-minute minimum, so a clock a little behind Stripe's is not refused.
    return int(time.time() + CHECKOUT_LIFETIME.total_seconds()) + 60


def _metadata(pledge) -> dict[str, str]:
    return {"pledge_id": str(pledge.id), "campaign_id": str(pledge.campaign_id)}


class StripeProvider(PaymentProvider):
    """Checkout in payment mode (keep-it-all) or setup mode (all-or-nothing), charges with idempotency keys."""

    name = "stripe"
    external = True

    def _payment_session(self, pledge, title, email, urls, key: str) -> Checkout:
        params = {
            "mode": "payment",
            "line_items": [{
                "quantity": 1,
                "price_data": {"currency": pledge.campaign.currency, "unit_amount": pledge.amount,
                               "product_data": {"name": title[:250]}},
            }],
            "success_url": urls.success,
            "cancel_url": urls.cancel,
            "client_reference_id": str(pledge.id),
            "metadata": _metadata(pledge),
            "payment_intent_data": {"metadata": _metadata(pledge)},
            "expires_at": _expires_at(),
        }
        if email:
            params["customer_email"] = email
        try:
            session = _client().v1.checkout.sessions.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as exc:
            raise PaymentError(str(exc)) from exc
        return Checkout(url=session.url, refs={"checkout_session_id": session.id})

    def start(self, pledge, title, email, urls) -> Checkout:
        """Keep-it-all takes the money now; all-or-nothing saves the card on a customer for later."""
        if pledge.campaign.funding_model.value == "keep_it_all":
            return self._payment_session(pledge, title, email, urls, f"pledge-{pledge.id}-checkout")
        try:
            return self._setup_session(pledge, email, urls)
        except stripe.StripeError as exc:
            raise PaymentError(str(exc)) from exc

    def _setup_session(self, pledge, email, urls) -> Checkout:
        client = _client()
        # Off-session charges need the card attached to a customer; Checkout attaches it in setup mode.
        customer = client.v1.customers.create(
            params={"email": email, "metadata": _metadata(pledge)} if email else {"metadata": _metadata(pledge)},
            options={"idempotency_key": f"pledge-{pledge.id}-customer"},
        )
        session = client.v1.checkout.sessions.create(
            params={
                "mode": "setup",
                "currency": pledge.campaign.currency,
                "customer": customer.id,
                "success_url": urls.success,
                "cancel_url": urls.cancel,
                "client_reference_id": str(pledge.id),
                "metadata": _metadata(pledge),
                "setup_intent_data": {"metadata": _metadata(pledge)},
                "expires_at": _expires_at(),
            },
            options={"idempotency_key": f"pledge-{pledge.id}-checkout"},
        )
        return Checkout(url=session.url, refs={"checkout_session_id": session.id, "customer_id": customer.id})

    def pay_again(self, pledge, title, email, urls) -> Checkout:
        """A fresh payment-mode Checkout for a pledge whose off-session charge failed."""
        attempt = (pledge.failed_at.strftime("%Y%m%d%H%M%S") if pledge.failed_at else "0")
        return self._payment_session(pledge, title, email, urls, f"pledge-{pledge.id}-pay-again-{attempt}")

    def charge(self, pledge) -> ChargeOutcome:
        """One off-session PaymentIntent per pledge; the idempotency key makes a repeated call harmless."""
        client = _client()
        try:
            payment_method = pledge.payment_method_id
            if not payment_method and pledge.setup_intent_id:
                payment_method = client.v1.setup_intents.retrieve(pledge.setup_intent_id).payment_method
            if not payment_method or not pledge.customer_id:
                return ChargeOutcome("retry", message="No saved card yet.")
            intent = client.v1.payment_intents.create(
                params={
                    "amount": pledge.amount,
                    "currency": pledge.campaign.currency,
                    "customer": pledge.customer_id,
                    "payment_method": payment_method,
                    "off_session": True,
                    "confirm": True,
                    "metadata": _metadata(pledge),
                },
                options={"idempotency_key": f"pledge-{pledge.id}-charge"},
            )
        except stripe.CardError as exc:
            code = exc.code or "card_declined"
            intent_id = getattr(getattr(exc.error, "payment_intent", None), "id", None)
            if code in BACKER_MUST_ACT:
                return ChargeOutcome("failed", payment_intent_id=intent_id, error_code=code, message=str(exc))
            return ChargeOutcome("retry", payment_intent_id=intent_id, error_code=code, message=str(exc))
        except stripe.StripeError as exc:
            log.warning("stripe charge for pledge %s to retry: %s", pledge.id, exc)
            return ChargeOutcome("retry", message=str(exc))
        if intent.status == "succeeded":
            return ChargeOutcome("succeeded", payment_intent_id=intent.id)
        if intent.status == "requires_action" or intent.status == "requires_payment_method":
            return ChargeOutcome("failed", payment_intent_id=intent.id, error_code="authentication_required")
        # processing: the payment_intent webhook will say how it ended.
        return ChargeOutcome("pending", payment_intent_id=intent.id)

    def release(self, pledge) -> None:
        """Detach the saved card; failing to do so only leaves a card on a customer, never a charge."""
        if not pledge.payment_method_id:
            return
        try:
            _client().v1.payment_methods.detach(pledge.payment_method_id)
        except stripe.StripeError as exc:
            log.info("could not detach %s: %s", pledge.payment_method_id, exc)
