"""Prize money and mentoring terms (issue 15 item 2): a prize counted once and only after the secretariat confirms
the pick, as a ledger entry of its own that counts towards the goal; the mentoring period with monthly check-ins and
reminders for missed ones; the statistics show prize money beside crowd money."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from socialchallenge.calls.prizes import add_months, confirm_pick, remind_missed_checkins
from socialchallenge.errors import RuleViolation
from socialchallenge.extensions import db
from socialchallenge.funding.reconcile import differences
from socialchallenge.models import Campaign, LedgerEntry, LedgerKind, Notification, Role
from socialchallenge.models.calls import CheckinReminder, PrizeAward
from socialchallenge.models.secretariat import MentoringNote
from socialchallenge.timeutil import site_today, utcnow
from tests.browser_harness import switch_language
from tests.builders import (
    make_call,
    make_campaign,
    make_challenge,
    make_mentor,
    make_organisation,
    make_pledge,
    make_token,
    make_user,
)
from tests.helpers import submit, text

EN = {"Accept-Language": "en"}
PRIZE = 1_000_000


def picked_in_call(**terms):
    """A live campaign (goal ₩300,000) of a picked solution whose challenge is in a call with prize money."""
    organiser = make_organisation("Seoul Innovation Bureau", verified=True)
    call = make_call(organiser, prize_per_winner=terms.pop("prize", PRIZE), winners=terms.pop("winners", 3),
                     mentoring_months=terms.pop("months", 6), **terms)
    campaign = make_campaign(funding_model="keep_it_all")
    campaign.solution.challenge.call_id = call.id
    db.session.commit()
    return call, campaign


def test_a_prize_counts_only_after_the_secretariat_confirms_the_pick(client, auth):
    call, campaign = picked_in_call()
    make_pledge(campaign, amount=50_000)
    box = text(client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN))
    assert "prize money" not in box
    assert client.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()["prize"] == 0
    staff = make_user(role=Role.secretariat)
    auth.login(staff)
    page = text(client.get(f"/calls/{call.id}", headers=EN))
    assert "Confirm the pick and award ₩1,000,000" in page
    response = submit(client, f"/calls/{call.id}/prizes/{campaign.solution_id}", page=f"/calls/{call.id}",
                      headers=EN, follow_redirects=True)
    assert "Pick confirmed" in text(response)
    data = client.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()
    assert (data["pledged"], data["prize"], data["matched"], data["raised"]) == (50_000, PRIZE, 0, 1_050_000)
    assert data["percent"] == 1_050_000 * 100 // 300_000
    entries = db.session.scalars(select(LedgerEntry).where(LedgerEntry.kind == LedgerKind.prize)).all()
    assert [(e.campaign_id, e.amount, e.pledge_id) for e in entries] == [(campaign.id, PRIZE, None)]
    box = text(client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN))
    assert "₩1,000,000 prize money from Seoul Innovation Bureau, counted towards the goal" in box
    assert "Raised in all: ₩1,050,000" in box
    assert differences(db.session) == []


def test_a_prize_is_counted_once(app):
    call, campaign = picked_in_call()
    staff = make_user(role=Role.secretariat)
    confirm_pick(db.session, staff, campaign.solution)
    db.session.commit()
    try:
        confirm_pick(db.session, staff, campaign.solution)
        raise AssertionError("a second confirmation was accepted")
    except RuleViolation as exc:
        assert exc.code == "already_awarded"
    db.session.rollback()
    assert db.session.get(Campaign, campaign.id).prize == PRIZE
    assert db.session.scalar(select(db.func.count(LedgerEntry.id)).where(LedgerEntry.kind == LedgerKind.prize)) == 1


def test_only_the_secretariat_confirms_and_only_a_picked_solution_in_a_live_campaign(client, auth, app):
    call, campaign = picked_in_call()
    member = make_user()
    auth.login(member)
    response = submit(client, f"/calls/{call.id}/prizes/{campaign.solution_id}", page=f"/calls/{call.id}")
    assert response.status_code == 403
    staff = make_user(role=Role.secretariat)
    campaign.solution.selected = False
    db.session.commit()
    for expected in ("not_selected", "campaign_not_live"):
        try:
            confirm_pick(db.session, staff, campaign.solution)
            raise AssertionError("confirmed")
        except RuleViolation as exc:
            assert exc.code == expected
        db.session.rollback()
        campaign.solution.selected = True
        campaign.status = "review"
        db.session.commit()
    assert db.session.get(Campaign, campaign.id).prize == 0


def test_at_most_the_calls_number_of_winners_per_challenge(app):
    call, campaign = picked_in_call(winners=1)
    second = make_campaign(funding_model="keep_it_all")
    second.solution.challenge_id = campaign.solution.challenge_id
    db.session.commit()
    staff = make_user(role=Role.secretariat)
    confirm_pick(db.session, staff, campaign.solution)
    db.session.commit()
    try:
        confirm_pick(db.session, staff, second.solution)
        raise AssertionError("a second winner was accepted")
    except RuleViolation as exc:
        assert exc.code == "winners_reached"


def test_the_prize_counts_towards_an_all_or_nothing_goal(app):
    from socialchallenge.funding.settlement import settle_campaign

    call, campaign = picked_in_call(prize=200_000)
    campaign.funding_model = "all_or_nothing"
    db.session.commit()
    make_pledge(campaign, amount=100_000)
    confirm_pick(db.session, make_user(role=Role.secretariat), campaign.solution)
    db.session.commit()
    outcome = settle_campaign(db.session, campaign.id, utcnow() + timedelta(days=31))
    assert outcome.value == "succeeded"


def test_the_mentoring_period_opens_with_monthly_check_ins(client, auth):
    call, campaign = picked_in_call(months=3)
    staff = make_user(role=Role.secretariat)
    award = confirm_pick(db.session, staff, campaign.solution)
    db.session.commit()
    today = site_today()  # the day in Seoul, as the pages show dates
    assert award.mentoring_starts == today and award.mentoring_ends == add_months(today, 3)
    auth.login(staff)
    page = text(client.get(f"/solutions/{campaign.solution_id}/mentoring", headers=EN))
    assert "Mentoring period" in page
    assert len(re.findall(r'data-checkin="(due|upcoming)"', page)) == 3
    assert 'data-checkin="due"' in page


def test_the_mentoring_period_starts_on_the_day_of_the_confirmation_in_seoul(client):
    call, campaign = picked_in_call(months=6)
    staff = make_user(role=Role.secretariat)
    # 00:30 on 5 December in Seoul is still 4 December in UTC.
    award = confirm_pick(db.session, staff, campaign.solution, now=datetime(2026, 12, 4, 15, 30))
    db.session.commit()
    assert (award.mentoring_starts, award.mentoring_ends) == (date(2026, 12, 5), date(2027, 6, 5))
    page = " ".join(text(client.get(f"/calls/{call.id}", headers=EN)).split())
    assert "confirmed on Dec 5, 2026. Mentoring from Dec 5, 2026 to Jun 5, 2027." in page


def test_a_missed_check_in_reminds_the_mentor_once(app):
    call, campaign = picked_in_call(months=6)
    staff = make_user(role=Role.secretariat)
    mentor = make_mentor(campaign.solution)
    award = confirm_pick(db.session, staff, campaign.solution)
    award.mentoring_starts = date.today() - timedelta(days=70)
    award.mentoring_ends = add_months(award.mentoring_starts, 6)
    # Month 1 had its meeting; month 2 (due about ten days ago) had none.
    db.session.add(MentoringNote(solution_id=campaign.solution_id, author_id=mentor.id,
                                 met_on=award.mentoring_starts + timedelta(days=20), notes="First check-in."))
    db.session.commit()
    assert remind_missed_checkins(db.session, utcnow()) == 1
    assert remind_missed_checkins(db.session, utcnow()) == 0
    reminder = db.session.scalar(select(CheckinReminder))
    assert reminder.month == 2
    notes = db.session.scalars(select(Notification).where(Notification.kind == "checkin_missed")).all()
    assert [n.user_id for n in notes] == [mentor.id] and notes[0].params["month"] == 2


def test_statistics_show_prize_money_beside_crowd_money(client, auth):
    call, campaign = picked_in_call()
    make_pledge(campaign, amount=40_000)
    staff = make_user(role=Role.secretariat)
    confirm_pick(db.session, staff, campaign.solution)
    db.session.commit()
    auth.login(staff)
    page = text(client.get("/secretariat/stats", headers=EN))
    assert 'data-field="prize-money">₩1,000,000<' in page
    assert "₩40,000" in page
    assert db.session.scalar(select(PrizeAward.amount)) == PRIZE


def test_the_api_confirms_a_pick_once_and_counts_the_prize_once(api):
    call, campaign = picked_in_call(months=6)
    make_pledge(campaign, amount=50_000)
    path = f"/api/v1/solutions/{campaign.solution_id}/prize"
    before = api.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()
    assert (before["prize"], before["raised"]) == (0, 50_000)
    token = make_token(make_user(role=Role.secretariat))
    response = api.post(path, token=token)
    assert response.status_code == 201
    body = response.get_json()
    today = site_today()  # the day in Seoul, as the pages show dates
    assert body["award"]["amount"] == PRIZE and body["award"]["campaign_id"] == campaign.id
    assert body["award"]["call_id"] == call.id
    assert body["award"]["mentoring_starts"] == today.isoformat()
    assert body["award"]["mentoring_ends"] == add_months(today, 6).isoformat()
    assert (body["campaign"]["prize"], body["campaign"]["raised"]) == (PRIZE, 1_050_000)
    again = api.post(path, token=token)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_awarded"
    after = api.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()
    assert (after["prize"], after["raised"]) == (PRIZE, 1_050_000)
    assert db.session.scalar(select(db.func.count(LedgerEntry.id)).where(LedgerEntry.kind == LedgerKind.prize)) == 1
    assert differences(db.session) == []


def test_the_api_refuses_a_pick_with_the_rules_code(api):
    call, campaign = picked_in_call(winners=1)
    token = make_token(make_user(role=Role.secretariat))
    path = f"/api/v1/solutions/{campaign.solution_id}/prize"
    member = api.post(path, token=make_token(make_user()))
    assert member.status_code == 403 and member.get_json()["error"]["code"] == "forbidden"
    assert api.post(path).status_code == 401
    assert api.post("/api/v1/solutions/999999/prize", token=token).status_code == 404
    campaign.solution.selected = False
    db.session.commit()
    assert api.post(path, token=token).get_json()["error"]["code"] == "not_selected"
    campaign.solution.selected, campaign.status = True, "review"
    db.session.commit()
    assert api.post(path, token=token).get_json()["error"]["code"] == "campaign_not_live"
    campaign.status = "live"
    db.session.commit()
    assert api.post(path, token=token).status_code == 201
    second = make_campaign(funding_model="keep_it_all")
    second.solution.challenge_id = campaign.solution.challenge_id
    outside = make_campaign(funding_model="keep_it_all")
    db.session.commit()
    refused = api.post(f"/api/v1/solutions/{second.solution_id}/prize", token=token)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "winners_reached"
    refused = api.post(f"/api/v1/solutions/{outside.solution_id}/prize", token=token)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "no_prize"
    assert api.get(f"/api/v1/solutions/{second.solution_id}/campaign").get_json()["prize"] == 0


def own_terms_challenge(prize: int = 500_000, winners: int = 1, months: int = 2):
    """A live campaign of a picked solution whose challenge is in no call; the secretariat sets its own terms over
    the API."""
    campaign = make_campaign(funding_model="keep_it_all")
    staff = make_user(role=Role.secretariat)
    return campaign, staff, {"prize_per_winner": prize, "winners": winners, "mentoring_months": months}


def test_a_single_challenge_has_prize_terms_of_its_own(client, api):
    campaign, staff, terms = own_terms_challenge()
    challenge_id, token = campaign.solution.challenge_id, make_token(staff)
    owner_token = make_token(campaign.solution.challenge.owner)
    refused = api.patch(f"/api/v1/challenges/{challenge_id}", terms, token=owner_token)
    assert refused.status_code == 403
    bad = api.patch(f"/api/v1/challenges/{challenge_id}", {"winners": 4}, token=token)
    assert bad.status_code == 422 and "winners" in bad.get_json()["error"]["fields"]
    # Before the terms, there is no prize to give.
    assert api.post(f"/api/v1/solutions/{campaign.solution_id}/prize",
                    token=token).get_json()["error"]["code"] == "no_prize"
    edited = api.patch(f"/api/v1/challenges/{challenge_id}", terms, token=token)
    assert edited.status_code == 200
    data = edited.get_json()
    assert (data["prize_per_winner"], data["winners"], data["mentoring_months"]) == (500_000, 1, 2)
    page = text(client.get(f"/challenges/{challenge_id}", headers=EN))
    assert "Prize money from the secretariat: ₩500,000 for the picked solution · 2 months of mentoring" in page
    assert api.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()["prize"] == 0
    response = api.post(f"/api/v1/solutions/{campaign.solution_id}/prize", token=token)
    assert response.status_code == 201
    award = response.get_json()["award"]
    today = site_today()  # the day in Seoul, as the pages show dates
    assert (award["call_id"], award["amount"]) == (None, 500_000)
    assert award["mentoring_ends"] == add_months(today, 2).isoformat()
    assert response.get_json()["campaign"]["raised"] == 500_000
    again = api.post(f"/api/v1/solutions/{campaign.solution_id}/prize", token=token)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_awarded"
    assert api.get(f"/api/v1/solutions/{campaign.solution_id}/campaign").get_json()["raised"] == 500_000
    box = text(client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN))
    assert "₩500,000 prize money from the secretariat, counted towards the goal" in box
    team = db.session.scalars(select(Notification).where(Notification.kind == "prize_awarded_challenge")).all()
    assert team and team[0].params["challenge"] == campaign.solution.challenge.title
    assert differences(db.session) == []


def test_a_single_challenges_winners_are_capped_and_a_calls_terms_win(api):
    campaign, staff, terms = own_terms_challenge(winners=1)
    token = make_token(staff)
    api.patch(f"/api/v1/challenges/{campaign.solution.challenge_id}", terms, token=token)
    second = make_campaign(funding_model="keep_it_all")
    second.solution.challenge_id = campaign.solution.challenge_id
    db.session.commit()
    assert api.post(f"/api/v1/solutions/{campaign.solution_id}/prize", token=token).status_code == 201
    refused = api.post(f"/api/v1/solutions/{second.solution_id}/prize", token=token)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "winners_reached"
    call, in_call = picked_in_call()
    refused = api.patch(f"/api/v1/challenges/{in_call.solution.challenge_id}", terms, token=token)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "in_call"
    assert api.post(f"/api/v1/solutions/{in_call.solution_id}/prize",
                    token=token).get_json()["award"]["amount"] == PRIZE


TERMS_LINE = {"ko": "사무국의 상금: 선정된 해법마다 ₩500,000 (최대 2개) · 멘토링 3개월",
              "en": "Prize money from the secretariat: ₩500,000 for each of up to 2 picked solutions · 3 months of "
                    "mentoring"}


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_challenge_page_shows_its_own_prize_terms(page, app, width, lang):
    challenge = make_challenge(prize_per_winner=500_000, prize_winners=2, mentoring_months=3)
    page.goto(f"/challenges/{challenge.id}")
    if lang == "en":
        switch_language(page, "en")
    page.set_viewport_size({"width": width, "height": 900})
    terms = page.locator('[data-field="prize-terms"]')
    assert terms.is_visible() and terms.inner_text() == TERMS_LINE[lang]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/programme/terms-{lang}-{width}.png")


def test_the_secretariat_sets_a_challenges_own_terms_on_its_console_page(client, auth):
    challenge = make_challenge()
    auth.login(make_user(role=Role.secretariat))
    path = f"/secretariat/curation/{challenge.id}"
    bad = submit(client, f"{path}/prize-terms", {"prize_per_winner": "500000", "winners": "4",
                                                 "mentoring_months": "6"}, page=path, headers=EN)
    assert bad.status_code == 422 and "Must be a whole number from 0 to 3." in text(bad)
    assert db.session.get(type(challenge), challenge.id).prize_winners == 0
    response = submit(client, f"{path}/prize-terms", {"prize_per_winner": "500000", "winners": "2",
                                                      "mentoring_months": "6"}, page=path, headers=EN,
                      follow_redirects=True)
    assert "The prize and mentoring terms are saved." in text(response)
    db.session.expire_all()
    saved = db.session.get(type(challenge), challenge.id)
    assert (saved.prize_per_winner, saved.prize_winners, saved.mentoring_months) == (500_000, 2, 6)
    page = text(client.get(f"/challenges/{challenge.id}", headers=EN))
    assert "₩500,000 for each of up to 2 picked solutions · 6 months of mentoring" in page
    call, campaign = picked_in_call()
    in_call = text(client.get(f"/secretariat/curation/{campaign.solution.challenge_id}", headers=EN))
    assert "This challenge is part of a call: the call's terms apply." in in_call
    assert "Save the terms" not in in_call


SAVED = {"ko": "상금과 멘토링 조건을 저장했습니다.", "en": "The prize and mentoring terms are saved."}


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_console_form_sets_a_challenges_terms(page, app, width, lang):
    from tests.browser_harness import sign_in

    challenge = make_challenge()
    sign_in(page, make_user(role=Role.secretariat), lang=lang)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/secretariat/curation/{challenge.id}")
    form = page.locator("#prize-h + form")
    inputs = form.locator("input:not([type=hidden])")
    for i, value in enumerate(("500000", "2", "6")):
        inputs.nth(i).fill(value)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    form.scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/programme/console-{lang}-{width}.png")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert SAVED[lang] in page.locator("main").inner_text() or SAVED[lang] in page.content()
