"""Payment providers behind one small interface, chosen by the PAYMENT_PROVIDER setting."""

from __future__ import annotations

from flask import current_app

from socialchallenge.payments.base import ChargeOutcome, Checkout, CheckoutUrls, PaymentError, PaymentProvider
from socialchallenge.payments.manual import ManualProvider
from socialchallenge.payments.sandbox import SandboxProvider
from socialchallenge.payments.stripe_provider import StripeProvider

PROVIDERS: dict[str, type[PaymentProvider]] = {
    "stripe": StripeProvider,
    "manual": ManualProvider,
    "sandbox": SandboxProvider,
}

__all__ = ["PROVIDERS", "ChargeOutcome", "Checkout", "CheckoutUrls", "PaymentError", "PaymentProvider", "get_provider"]


def get_provider(name: str | None = None) -> PaymentProvider:
    """The provider called `name`, or the configured one; a pledge keeps using the provider it began with."""
    return PROVIDERS[name or current_app.config["PAYMENT_PROVIDER"]]()
