"""Signed Stripe events of a shape Stripe never sends are a 400 and a log line, never a 500 (which Stripe retries for
days); a paid Checkout whose amount is not the pledge's is not counted as paid (issue 12 items 9 and 17)."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.funding.reconcile import differences
from socialchallenge.models import Campaign, Pledge, PledgeStatus, ProcessedEvent
from tests.builders import make_campaign, make_token, make_user
from tests.fake_stripe import event, sign


def deliver(client, payload):
    body = json.dumps(payload)
    return client.post("/webhooks/stripe", data=body, content_type="application/json",
                       headers={"Stripe-Signature": sign(body)})


COMPLETED = {"id": "cs_1", "object": "checkout.session", "mode": "payment", "payment_status": "paid"}


@pytest.mark.parametrize("payload", [
    pytest.param([event("checkout.session.completed", COMPLETED)], id="top-level array"),
    pytest.param(event("checkout.session.completed", {**COMPLETED, "metadata": "pledge_id=1"}), id="string metadata"),
    pytest.param(event("checkout.session.completed", {**COMPLETED, "metadata": {"pledge_id": "9" * 30}}),
                 id="30-digit pledge id"),
    pytest.param(event("checkout.session.completed", {**COMPLETED, "client_reference_id": "9" * 30}),
                 id="30-digit client reference"),
    pytest.param(event("checkout.session.completed", COMPLETED, event_id="evt_" + "x" * 296), id="300-char event id"),
    pytest.param(event("checkout.session.completed", {**COMPLETED, "metadata": {"pledge_id": 1}}),
                 id="number pledge id"),
    pytest.param(event("setup_intent.succeeded", {"id": "seti_1", "customer": {"id": "cus_1"}}), id="object customer"),
    pytest.param({**event("charge.refunded", {}), "data": []}, id="data not an object"),
    pytest.param({**event("charge.refunded", {}), "id": 7}, id="number event id"),
])
def test_a_signed_event_of_an_odd_shape_is_400_and_logged(app, client, fake, caplog, payload):
    with caplog.at_level(logging.WARNING):
        response = deliver(client, payload)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "malformed_event"
    assert any("malformed event" in record.getMessage() for record in caplog.records)
    assert db.session.scalar(select(func.count()).select_from(ProcessedEvent)) == 0


def start_pledge(api, campaign, amount):
    response = api.post(f"/api/v1/solutions/{campaign.solution_id}/pledges", {"amount": amount},
                        token=make_token(make_user()))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["pledge"]["id"]


def test_a_paid_checkout_for_another_amount_is_not_counted_as_paid(app, api, client, fake, caplog):
    campaign = make_campaign(funding_model="keep_it_all")
    pledge_id = start_pledge(api, campaign, 50_000)
    [session] = fake.sessions.values()
    public = {k: v for k, v in session.items() if not k.startswith("_")}
    paid_less = {**public, "status": "complete", "payment_status": "paid", "amount_total": 500,
                 "payment_intent": "pi_short"}
    with caplog.at_level(logging.ERROR):
        assert deliver(client, event("checkout.session.completed", paid_less)).status_code == 200
    assert db.session.get(Pledge, pledge_id).status == PledgeStatus.pending
    assert db.session.get(Campaign, campaign.id).pledged == 0
    assert any("not marked paid" in record.getMessage() for record in caplog.records)
    assert differences(db.session) == []


def test_a_paid_checkout_for_the_pledged_amount_collects_it(app, api, client, fake):
    campaign = make_campaign(funding_model="keep_it_all")
    pledge_id = start_pledge(api, campaign, 50_000)
    [session] = fake.sessions.values()
    assert session["amount_total"] == 50_000
    completed = fake.complete_checkout(session["id"])[-1]
    assert completed["type"] == "checkout.session.completed"
    assert deliver(client, completed).status_code == 200
    assert db.session.get(Pledge, pledge_id).status == PledgeStatus.collected
    assert db.session.get(Campaign, campaign.id).collected == 50_000
