"""The sandbox provider: confirms every pledge at once and moves no money (demos and tests only)."""

from __future__ import annotations

from socialchallenge.payments.base import ChargeOutcome, Checkout, PaymentProvider


class SandboxProvider(PaymentProvider):
    """Pretends every card works; the app refuses this provider in production."""

    name = "sandbox"

    def start(self, pledge, title, email, urls) -> Checkout:
        """Confirm at once."""
        return Checkout(confirmed=True)

    def pay_again(self, pledge, title, email, urls) -> Checkout:
        """Confirm at once."""
        return Checkout(confirmed=True)

    def charge(self, pledge) -> ChargeOutcome:
        """Always succeeds."""
        return ChargeOutcome("succeeded", payment_intent_id=f"sandbox_pi_{pledge.id}")
