"""Who a request speaks for by its bearer token: the API and the rate limits both ask."""

from __future__ import annotations

from flask import g, request

from socialchallenge.accounts.service import user_for_token
from socialchallenge.extensions import db


def bearer_token() -> str | None:
    """The token of the request's `Authorization: Bearer ...` header, or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def bearer_user():
    """The user of the request's bearer token, or None (looked up once per request)."""
    if "api_user" not in g:
        token = bearer_token()
        g.api_user = user_for_token(db.session, token) if token else None
    return g.api_user
