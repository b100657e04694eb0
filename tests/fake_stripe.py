"""A local fake of the few Stripe API endpoints the app calls, and webhook signing exactly as Stripe signs.

The real `stripe` library talks to it over HTTP (STRIPE_API_BASE), so the tests exercise real requests,
real form encoding, real error parsing and real idempotency keys."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import threading
import time

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

WEBHOOK_SECRET = "whsec_test_secret"
# Payment methods that the fake declines off-session, with the error code Stripe would give.
DECLINES = {"pm_card_authenticationRequired": "authentication_required", "pm_card_chargeDeclined": "card_declined"}


def stripe_config(server) -> dict:
    """The settings that switch the app to the Stripe provider, talking to `server` and trusting its signatures."""
    return {"PAYMENT_PROVIDER": "stripe", "STRIPE_SECRET_KEY": "sk_test_fake", "STRIPE_API_BASE": server.url,
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET}


def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A Stripe-Signature header: t=<ts>,v1=<hex hmac_sha256(secret, "<ts>.<payload>")>."""
    ts = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{ts}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # keep test output readable
        pass


_ids = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}_test_{next(_ids):06d}"


def event(kind: str, obj: dict, event_id: str | None = None) -> dict:
    """A Stripe event envelope around an object."""
    return {"id": event_id or _id("evt"), "object": "event", "type": kind, "api_version": "2024-06-20",
            "created": int(time.time()), "livemode": False, "data": {"object": obj}}


def _nested(form) -> dict:
    """Stripe's form encoding (a[b][0][c]=v) back into nested dicts (lists stay dicts keyed by index)."""
    out: dict = {}
    for key, value in form.items(multi=False):
        parts = re.findall(r"[^\[\]]+", key)
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def _amount_total(body: dict) -> int | None:
    # As Stripe computes it for a payment-mode session: unit amount × quantity of each line item.
    items = body.get("line_items") or {}
    return sum(int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1)) for item in items.values()) \
        if body.get("mode") == "payment" else None


class FakeStripe:
    """A threaded HTTP server on 127.0.0.1 that answers like Stripe for checkout, customers and charges."""

    def __init__(self):
        self.requests: list[tuple[str, str, dict, str | None]] = []
        self.sessions: dict[str, dict] = {}
        self.setup_intents: dict[str, dict] = {}
        self.payment_intents: dict[str, dict] = {}
        self._idempotent: dict[str, tuple[int, dict]] = {}
        self._lock = threading.Lock()
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True, request_handler=_Quiet)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()

    def charge_requests(self) -> list[dict]:
        """The bodies of every POST /v1/payment_intents received (retries with the same key included)."""
        return [body for method, path, body, _ in self.requests if method == "POST" and path == "/v1/payment_intents"]

    # --- the HTTP side ---

    @Request.application
    def _app(self, request: Request) -> Response:
        body = _nested(request.form)
        with self._lock:
            self.requests.append((request.method, request.path, body, request.headers.get("Idempotency-Key")))
            key = request.headers.get("Idempotency-Key")
            cache_key = f"{request.path}:{key}" if key and request.method == "POST" else None
            if cache_key and cache_key in self._idempotent:
                status, answer = self._idempotent[cache_key]
            else:
                status, answer = self._route(request.method, request.path, body)
                if cache_key:
                    self._idempotent[cache_key] = (status, answer)
        return Response(json.dumps(answer), status=status, content_type="application/json")

    def _route(self, method: str, path: str, body: dict) -> tuple[int, dict]:
        if method == "POST" and path == "/v1/customers":
            return 200, {"id": _id("cus"), "object": "customer", "email": body.get("email"),
                         "metadata": body.get("metadata", {})}
        if method == "POST" and path == "/v1/checkout/sessions":
            sid = _id("cs")
            session = {"id": sid, "object": "checkout.session", "mode": body["mode"], "status": "open",
                       "url": f"https://checkout.stripe.test/c/pay/{sid}", "customer": body.get("customer"),
                       "client_reference_id": body.get("client_reference_id"),
                       "metadata": body.get("metadata", {}), "payment_status": "unpaid",
                       "payment_intent": None, "setup_intent": None, "_body": body,
                       "amount_total": _amount_total(body)}
            self.sessions[sid] = session
            return 200, {k: v for k, v in session.items() if not k.startswith("_")}
        match = re.fullmatch(r"/v1/setup_intents/(\w+)", path)
        if method == "GET" and match and match.group(1) in self.setup_intents:
            return 200, self.setup_intents[match.group(1)]
        if method == "POST" and path == "/v1/payment_intents":
            return self._charge(body)
        match = re.fullmatch(r"/v1/payment_methods/(\w+)/detach", path)
        if method == "POST" and match:
            return 200, {"id": match.group(1), "object": "payment_method", "customer": None}
        return 404, {"error": {"type": "invalid_request_error", "message": f"No such route {method} {path}"}}

    def _charge(self, body: dict) -> tuple[int, dict]:
        pid = _id("pi")
        intent = {"id": pid, "object": "payment_intent", "amount": int(body["amount"]),
                  "amount_received": 0, "currency": body["currency"], "customer": body.get("customer"),
                  "payment_method": body.get("payment_method"), "metadata": body.get("metadata", {}),
                  "status": "succeeded"}
        code = DECLINES.get(body.get("payment_method", ""))
        if code:
            intent["status"] = "requires_payment_method" if code == "card_declined" else "requires_action"
            self.payment_intents[pid] = intent
            return 402, {"error": {"type": "card_error", "code": code, "message": f"Card error: {code}",
                                   "decline_code": code, "payment_intent": intent}}
        intent["amount_received"] = intent["amount"]
        self.payment_intents[pid] = intent
        return 200, intent

    # --- what the backer does on Stripe's pages, as the events Stripe would then send ---

    def complete_checkout(self, session_id: str, payment_method: str = "pm_card_visa") -> list[dict]:
        """The backer finishes Checkout; returns the events in the order Stripe usually sends them."""
        session = self.sessions[session_id]
        meta = session["metadata"]
        body = session["_body"]
        session.update(status="complete")
        if session["mode"] == "setup":
            sid = _id("seti")
            self.setup_intents[sid] = {"id": sid, "object": "setup_intent", "status": "succeeded",
                                       "customer": session["customer"], "payment_method": payment_method,
                                       "metadata": body.get("setup_intent_data", {}).get("metadata", {})}
            session.update(setup_intent=sid)
            public = {k: v for k, v in session.items() if not k.startswith("_")}
            return [event("setup_intent.succeeded", self.setup_intents[sid]),
                    event("checkout.session.completed", public)]
        amount = int(body["line_items"]["0"]["price_data"]["unit_amount"])
        pid = _id("pi")
        intent = {"id": pid, "object": "payment_intent", "amount": amount, "amount_received": amount,
                  "currency": body["line_items"]["0"]["price_data"]["currency"], "status": "succeeded",
                  "payment_method": payment_method,
                  "metadata": body.get("payment_intent_data", {}).get("metadata", meta)}
        self.payment_intents[pid] = intent
        session.update(payment_intent=pid, payment_status="paid")
        public = {k: v for k, v in session.items() if not k.startswith("_")}
        return [event("payment_intent.succeeded", intent), event("checkout.session.completed", public)]

    def expire_checkout(self, session_id: str) -> dict:
        """The backer walked away; Stripe expires the session."""
        session = self.sessions[session_id]
        session.update(status="expired")
        return event("checkout.session.expired", {k: v for k, v in session.items() if not k.startswith("_")})
