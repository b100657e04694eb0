"""Where a payment provider sends the backer back to: shared by the pledge pages and the API."""

from __future__ import annotations

from flask import url_for

from socialchallenge.payments import CheckoutUrls


def checkout_urls(solution_id: int) -> CheckoutUrls:
    """Where the provider sends the backer back to: our return page, or the pledge form on giving up."""
    # Stripe fills in {CHECKOUT_SESSION_ID}; url_for would escape the braces, so it is appended as is.
    back = url_for("funding.checkout_return", _external=True)
    return CheckoutUrls(success=back + "?session_id={CHECKOUT_SESSION_ID}",
                        cancel=url_for("funding.pledge_form", solution_id=solution_id, _external=True))
