"""The manual provider: money arrives outside the site (bank transfer, grant) and the secretariat records it."""

from __future__ import annotations

from socialchallenge.payments.base import ChargeOutcome, Checkout, PaymentProvider


class ManualProvider(PaymentProvider):
    """A pledge stays pending until the secretariat records the money as received."""

    name = "manual"

    def start(self, pledge, title, email, urls) -> Checkout:
        """Nothing to do online: the secretariat confirms the transfer later."""
        return Checkout()

    def pay_again(self, pledge, title, email, urls) -> Checkout:
        """Nothing to do online."""
        return Checkout()

    def charge(self, pledge) -> ChargeOutcome:
        """Manual pledges hold no card; the secretariat records the money instead."""
        return ChargeOutcome("retry", message="Recorded by the secretariat, not charged online.")
