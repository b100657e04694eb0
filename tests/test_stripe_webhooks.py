"""Stripe (SPEC §3): the real `stripe` library against a local fake API; webhooks signed as Stripe signs them."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from socialchallenge.commands.jobs import run_all
from socialchallenge.extensions import db
from socialchallenge.funding.reconcile import differences
from socialchallenge.models import Campaign, LedgerEntry, OutboxMail, Pledge, PledgeStatus, ProcessedEvent, Reward
from socialchallenge.timeutil import utcnow
from tests.builders import make_campaign, make_reward, make_token, make_user
from tests.fake_stripe import WEBHOOK_SECRET, event, sign

LATER = timedelta(days=31)


def deliver(client, evt, secret=WEBHOOK_SECRET, timestamp=None):
    payload = json.dumps(evt)
    return client.post("/webhooks/stripe", data=payload, content_type="application/json",
                       headers={"Stripe-Signature": sign(payload, secret, timestamp)})


def start_pledge(api, campaign, amount=50_000, **body):
    response = api.post(f"/api/v1/solutions/{campaign.solution_id}/pledges", {"amount": amount, **body},
                        token=make_token(make_user()))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def pledge_row(pledge_id):
    return db.session.get(Pledge, pledge_id)


def test_keep_it_all_pledge_goes_to_checkout_in_payment_mode(app, api, fake):
    campaign = make_campaign(funding_model="keep_it_all")
    body = start_pledge(api, campaign)
    assert body["pledge"]["status"] == "pending"
    assert body["checkout_url"].startswith("https://checkout.stripe.test/")
    session = next(iter(fake.sessions.values()))
    assert session["mode"] == "payment" and session["metadata"]["pledge_id"] == str(body["pledge"]["id"])
    # Pending money is not counted until Stripe confirms it.
    assert db.session.get(Campaign, campaign.id).pledged == 0


def test_all_or_nothing_pledge_saves_the_card_in_setup_mode(app, api, fake):
    campaign = make_campaign(funding_model="all_or_nothing")
    body = start_pledge(api, campaign)
    session = next(iter(fake.sessions.values()))
    assert session["mode"] == "setup" and session["customer"].startswith("cus_")
    for evt in fake.complete_checkout(session["id"]):
        assert deliver(app.test_client(), evt).status_code == 200
    row = pledge_row(body["pledge"]["id"])
    assert row.status == PledgeStatus.authorized and row.payment_method_id == "pm_card_visa"
    assert db.session.get(Campaign, campaign.id).collected == 0
    assert fake.charge_requests() == []


@pytest.mark.parametrize("how", ["bad secret", "old timestamp", "no header", "tampered body"])
def test_bad_signature_or_old_timestamp_is_400(app, client, fake, how):
    evt = event("checkout.session.completed", {"id": "cs_x", "object": "checkout.session"})
    payload = json.dumps(evt)
    headers = {
        "bad secret": {"Stripe-Signature": sign(payload, "whsec_wrong")},
        "old timestamp": {"Stripe-Signature": sign(payload, timestamp=int(time.time()) - 301)},
        "no header": {},
        "tampered body": {"Stripe-Signature": sign(payload)},
    }[how]
    body = payload.replace("cs_x", "cs_y") if how == "tampered body" else payload
    response = client.post("/webhooks/stripe", data=body, content_type="application/json", headers=headers)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(ProcessedEvent)) == 0


def test_webhook_within_tolerance_is_accepted(app, client, fake):
    evt = event("customer.created", {"id": "cus_1", "object": "customer"})
    assert deliver(client, evt, timestamp=int(time.time()) - 200).status_code == 200


def test_the_same_event_delivered_twice_counts_once(app, api, client, fake):
    campaign = make_campaign(funding_model="keep_it_all")
    body = start_pledge(api, campaign, amount=80_000)
    events = fake.complete_checkout(next(iter(fake.sessions)))
    for _ in range(3):
        for evt in events:
            response = deliver(client, evt)
            assert response.status_code == 200
    assert response.get_json()["outcome"] == "duplicate"
    campaign = db.session.get(Campaign, campaign.id)
    assert (campaign.pledged, campaign.collected, campaign.backers) == (80_000, 80_000, 1)
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 2
    assert pledge_row(body["pledge"]["id"]).status == PledgeStatus.collected
    assert differences(db.session) == []


@pytest.mark.parametrize("model", ["keep_it_all", "all_or_nothing"])
def test_events_out_of_order_end_in_the_same_state(app, api, client, fake, model):
    results = []
    for order in (lambda e: e, lambda e: list(reversed(e))):
        campaign = make_campaign(funding_model=model)
        body = start_pledge(api, campaign, amount=60_000)
        session_id = [s for s, v in fake.sessions.items() if v["metadata"]["pledge_id"] == str(body["pledge"]["id"])][0]
        for evt in order(fake.complete_checkout(session_id)):
            assert deliver(client, evt).status_code == 200
        row, c = pledge_row(body["pledge"]["id"]), db.session.get(Campaign, campaign.id)
        has_ref = bool(row.payment_intent_id or row.setup_intent_id)
        results.append((row.status, c.pledged, c.collected, c.backers, has_ref))
    assert results[0] == results[1]
    assert results[0][0] == (PledgeStatus.collected if model == "keep_it_all" else PledgeStatus.authorized)
    assert differences(db.session) == []


def test_settlement_run_twice_charges_once(app, api, client, fake):
    campaign = make_campaign(funding_model="all_or_nothing")
    ids = []
    for amount in (200_000, 150_000):
        body = start_pledge(api, campaign, amount=amount)
        ids.append(body["pledge"]["id"])
    for session_id in list(fake.sessions):
        for evt in fake.complete_checkout(session_id):
            deliver(client, evt)
    for _ in range(2):
        run_all(db.session, utcnow() + LATER)
    charges = fake.charge_requests()
    assert len(charges) == 2
    assert sorted(c["metadata"]["pledge_id"] for c in charges) == sorted(str(i) for i in ids)
    assert all(c["off_session"] == "true" and c["confirm"] == "true" for c in charges)
    keys = [key for method, path, _, key in fake.requests if path == "/v1/payment_intents"]
    assert sorted(keys) == sorted(f"pledge-{i}-charge" for i in ids)
    assert [pledge_row(i).status for i in ids] == [PledgeStatus.collected] * 2
    assert db.session.get(Campaign, campaign.id).collected == 350_000
    # Stripe's own payment_intent.succeeded events arriving afterwards change nothing.
    for intent in list(fake.payment_intents.values()):
        assert deliver(client, event("payment_intent.succeeded", intent)).status_code == 200
    assert db.session.get(Campaign, campaign.id).collected == 350_000
    assert differences(db.session) == []


def test_all_or_nothing_failure_charges_nobody_on_stripe(app, api, client, fake):
    campaign = make_campaign(funding_model="all_or_nothing")
    body = start_pledge(api, campaign, amount=10_000)
    for evt in fake.complete_checkout(next(iter(fake.sessions))):
        deliver(client, evt)
    run_all(db.session, utcnow() + LATER)
    run_all(db.session, utcnow() + LATER)
    assert fake.charge_requests() == []
    assert pledge_row(body["pledge"]["id"]).status == PledgeStatus.released
    assert db.session.get(Campaign, campaign.id).status.value == "failed"


@pytest.mark.parametrize("card", ["pm_card_authenticationRequired", "pm_card_chargeDeclined"])
def test_failed_off_session_charge_fails_the_pledge_and_mails_the_backer(app, api, client, fake, card):
    campaign = make_campaign(funding_model="all_or_nothing")
    body = start_pledge(api, campaign, amount=300_000)
    for evt in fake.complete_checkout(next(iter(fake.sessions)), payment_method=card):
        deliver(client, evt)
    now = utcnow() + LATER
    run_all(db.session, now)
    row = pledge_row(body["pledge"]["id"])
    assert row.status == PledgeStatus.failed
    assert row.charge_error in ("authentication_required", "card_declined")
    assert row.retry_until == now + timedelta(days=7)
    # The backer has no language setting, so the mail is in Korean: "...could not be charged".
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.subject.contains("결제하지 못했습니다"))).one()
    assert f"/pledges/{row.id}/pay-again" in mail.body
    # Still pledged, not collected; the worker does not charge the card again.
    campaign = db.session.get(Campaign, campaign.id)
    assert (campaign.pledged, campaign.collected) == (300_000, 0)
    run_all(db.session, now + timedelta(days=1))
    assert len(fake.charge_requests()) == 1
    # Paying again in Checkout collects it.
    session = fake.sessions[[s for s in fake.sessions][-1]]
    assert session["mode"] == "setup"
    from socialchallenge.funding.pledges import pay_again
    from socialchallenge.payments import CheckoutUrls

    with app.test_request_context():
        url = pay_again(db.session, row.backer, row, CheckoutUrls("http://x/ok", "http://x/no"), now=now)
        db.session.commit()
    assert url.startswith("https://checkout.stripe.test/")
    again = list(fake.sessions)[-1]
    for evt in fake.complete_checkout(again):
        deliver(client, evt)
    assert pledge_row(row.id).status == PledgeStatus.collected
    assert db.session.get(Campaign, campaign.id).collected == 300_000
    assert differences(db.session) == []


def test_failed_pledge_lapses_after_seven_days(app, api, client, fake):
    campaign = make_campaign(funding_model="all_or_nothing")
    body = start_pledge(api, campaign, amount=300_000)
    for evt in fake.complete_checkout(next(iter(fake.sessions)), payment_method="pm_card_chargeDeclined"):
        deliver(client, evt)
    now = utcnow() + LATER
    run_all(db.session, now)
    run_all(db.session, now + timedelta(days=7, minutes=1))
    assert pledge_row(body["pledge"]["id"]).status == PledgeStatus.released
    assert db.session.get(Campaign, campaign.id).pledged == 0
    assert differences(db.session) == []


def test_expired_checkout_releases_the_pledge_and_its_reward(app, api, client, fake):
    campaign = make_campaign(funding_model="keep_it_all")
    reward = make_reward(campaign.solution, min_amount=10_000, quantity=1)
    body = start_pledge(api, campaign, amount=10_000, reward_id=reward.id)
    assert db.session.get(Reward, reward.id).claimed == 1
    assert deliver(client, fake.expire_checkout(next(iter(fake.sessions)))).status_code == 200
    assert pledge_row(body["pledge"]["id"]).status == PledgeStatus.released
    assert db.session.get(Reward, reward.id).claimed == 0


def test_stripe_outage_loses_nothing_and_charges_nothing(app, api, fake):
    campaign = make_campaign(funding_model="keep_it_all")
    reward = make_reward(campaign.solution, quantity=1)
    app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # nothing listens there
    response = api.post(f"/api/v1/solutions/{campaign.solution_id}/pledges",
                        {"amount": 20_000, "reward_id": reward.id}, token=make_token(make_user()))
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "payment_unavailable"
    assert db.session.scalar(select(Pledge.status)) == PledgeStatus.released
    assert db.session.get(Reward, reward.id).claimed == 0
