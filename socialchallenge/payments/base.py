"""The interface every payment provider implements, and the small results it hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialchallenge.models.funding import Pledge


# How long a backer has to finish paying on the provider's page. Stripe takes 30 minutes at the least; a pending
# pledge (and the reward it holds) is released by the worker once that time and a grace period have passed.
CHECKOUT_LIFETIME = timedelta(minutes=30)
RELEASE_GRACE = timedelta(minutes=5)


class PaymentError(Exception):
    """The provider could not be reached or refused to start a payment; nothing was charged."""


@dataclass
class CheckoutUrls:
    """Where the provider sends the backer back to after paying or giving up."""

    success: str
    cancel: str


@dataclass
class Checkout:
    """What starting a payment gives back: a page to send the backer to, or a confirmation at once."""

    url: str | None = None
    confirmed: bool = False
    refs: dict[str, str] = field(default_factory=dict)


@dataclass
class ChargeOutcome:
    """The result of charging a saved card: succeeded, failed (the backer must act) or retry (try later)."""

    status: str
    payment_intent_id: str | None = None
    error_code: str | None = None
    message: str = ""


class PaymentProvider:
    """One way money moves. Pledges are confirmed either at once (sandbox) or later (webhooks, staff)."""

    name = ""
    # True when starting a payment calls out over the network (so the pending pledge is saved first).
    external = False

    def start(self, pledge: Pledge, title: str, email: str | None, urls: CheckoutUrls) -> Checkout:
        """Begin paying for a new pledge (keep-it-all: take the money; all-or-nothing: save the card)."""
        raise NotImplementedError

    def pay_again(self, pledge: Pledge, title: str, email: str | None, urls: CheckoutUrls) -> Checkout:
        """Let the backer of a failed charge pay the pledge with the backer present."""
        raise NotImplementedError

    def charge(self, pledge: Pledge) -> ChargeOutcome:
        """Charge a saved card off-session once the campaign has succeeded; never charges twice."""
        raise NotImplementedError

    def release(self, pledge: Pledge) -> None:
        """Let go of a saved card that will not be charged (the campaign failed)."""
