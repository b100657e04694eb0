"""Calls for challenges (issue 15 item 1): who opens one, challenges submitted while it is open, the call page with
each challenge's stage and money, its Atom feed and CSV, and the API contract."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Role, Stage
from socialchallenge.models.calls import Call
from socialchallenge.timeutil import utcnow
from tests.builders import (
    make_call,
    make_campaign,
    make_challenge,
    make_organisation,
    make_pledge,
    make_solution,
    make_token,
    make_user,
)
from tests.helpers import count_queries, says_am_or_pm, submit, text

EN = {"Accept-Language": "en"}


def _form(org_id: int, **extra) -> dict:
    return {"title": "Safer walks home", "description": "Ideas for streets that feel safe at night.",
            "organiser_id": str(org_id), "opens_at": "2026-12-01T09:00", "closes_at": "2027-01-31T18:00",
            "prize_per_winner": "30000000", "winners": "3", "mentoring_months": "6", "funder_id": "0", **extra}


def test_the_secretariat_opens_a_call_with_terms_and_a_pool(client, auth):
    staff = make_user(role=Role.secretariat)
    city = make_organisation("Seoul Innovation Bureau", verified=True)
    bank = make_organisation("Mangwon Credit Union", verified=True)
    auth.login(staff)
    response = submit(client, "/calls/new", _form(city.id, funder_id=str(bank.id), pool="10000000", ratio="1",
                                                  cap_per_campaign="2000000", areas="Mapo-gu, Jongno-gu",
                                                  sdgs=["11"]), headers=EN, follow_redirects=True)
    page = text(response)
    assert response.status_code == 200
    assert "Safer walks home" in page and "Organised by Seoul Innovation Bureau" in page
    assert "₩30,000,000 for each of 3 picked solutions" in page
    assert "6 months, with a monthly check-in" in page
    assert "Mapo-gu, Jongno-gu" in page
    call = db.session.scalar(db.select(Call))
    assert call.pool.amount == 10_000_000 and call.pool.cap_per_campaign == 2_000_000 and call.sdgs == [11]


def test_the_call_form_takes_its_dates_in_the_sites_time_zone(client, auth):
    """Seoul is UTC+9: a call typed to close at 18:00 closes at 18:00 in Seoul (09:00 UTC), and the page says 18:00."""
    auth.login(make_user(role=Role.secretariat))
    form = text(client.get("/calls/new", headers=EN))
    assert "UTC" not in form
    city = make_organisation("Seoul Innovation Bureau", verified=True)
    response = submit(client, "/calls/new", _form(city.id), headers=EN, follow_redirects=True)
    assert response.status_code == 200
    call = db.session.scalar(db.select(Call))
    assert (call.opens_at, call.closes_at) == (datetime(2026, 12, 1, 0, 0), datetime(2027, 1, 31, 9, 0))
    assert "6:00\u202fPM" in text(response) or "6:00 PM" in text(response)


def test_the_call_page_tells_a_korean_reader_the_closing_time_as_오후(client, auth):
    """The same call read in Korean: "오후 6:00", not Babel's short "PM 6:00"."""
    auth.login(make_user(role=Role.secretariat))
    city = make_organisation("Seoul Innovation Bureau", verified=True)
    response = submit(client, "/calls/new", _form(city.id), headers={"Accept-Language": "ko"}, follow_redirects=True)
    page = text(response)
    assert "2027. 1. 31. 오후 6:00" in page or "27. 1. 31. 오후 6:00" in page
    assert not says_am_or_pm(page)


def test_the_call_form_names_the_sdgs(client, auth):
    auth.login(make_user(role=Role.secretariat))
    english = text(client.get("/calls/new", headers=EN))
    assert '<option value="11">11. Sustainable cities and communities</option>' in english
    korean = text(client.get("/calls/new", headers={"Accept-Language": "ko"}))
    assert '<option value="11">11. 지속가능한 도시와 공동체</option>' in korean


def test_a_member_of_no_verified_organisation_cannot_open_a_call(client, auth, api):
    member = make_user()
    unverified = make_organisation(admins=[member])
    auth.login(member)
    assert client.get("/calls/new").status_code == 403
    response = api.post("/api/v1/calls", {"title": "x", "description": "y", "organiser_id": unverified.id,
                                          "opens_at": "2026-12-01T00:00", "closes_at": "2026-12-31T00:00"},
                        token=make_token(member))
    assert response.status_code == 403


def test_an_admin_of_a_verified_organisation_opens_a_call_for_it(client, auth):
    admin = make_user()
    org = make_organisation("Jongno Youth Centre", admins=[admin], verified=True)
    auth.login(admin)
    response = submit(client, "/calls/new", _form(org.id, prize_per_winner="0", winners="0"))
    assert response.status_code == 302
    assert db.session.scalar(db.select(Call.organiser_id)) == org.id


def test_bad_terms_are_shown_on_the_form(client, auth):
    staff = make_user(role=Role.secretariat)
    org = make_organisation(verified=True)
    auth.login(staff)
    response = submit(client, "/calls/new", _form(org.id, closes_at="2026-11-01T00:00", winners="0",
                                                  funder_id=str(org.id), pool="100", cap_per_campaign="500"),
                      headers=EN)
    page = text(response)
    assert response.status_code == 422
    assert "The call must close after it opens." in page
    assert "Say how many picked solutions get the prize" in page
    assert "The cap per campaign cannot be more than the pool." in page
    assert db.session.scalar(db.select(db.func.count(Call.id))) == 0


def test_the_owner_submits_a_challenge_into_an_open_call(client, auth, api):
    owner = make_user()
    challenge = make_challenge(owner)
    call = make_call()
    response = api.post(f"/api/v1/calls/{call.id}/challenges", {"challenge_id": challenge.id},
                        token=make_token(owner))
    assert response.status_code == 201
    assert response.get_json()["challenge_ids"] == [challenge.id]
    assert db.session.get(Challenge, challenge.id).call_id == call.id
    page = text(client.get(f"/challenges/{challenge.id}", headers=EN))
    assert f'<a href="/calls/{call.id}">{call.title}</a>' in page


def test_a_closed_call_refuses_new_challenges(client, api):
    owner = make_user()
    challenge = make_challenge(owner)
    call = make_call()
    call.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = api.post(f"/api/v1/calls/{call.id}/challenges", {"challenge_id": challenge.id},
                        token=make_token(owner))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "call_closed"
    assert db.session.get(Challenge, challenge.id).call_id is None


def test_a_call_not_yet_open_refuses_challenges_too(api):
    owner = make_user()
    challenge = make_challenge(owner)
    call = make_call()
    call.opens_at = utcnow() + timedelta(days=2)
    call.closes_at = utcnow() + timedelta(days=9)
    db.session.commit()
    response = api.post(f"/api/v1/calls/{call.id}/challenges", {"challenge_id": challenge.id},
                        token=make_token(owner))
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "call_closed"


def test_only_the_owner_submits_and_only_eligible_challenges(api):
    owner, stranger = make_user(), make_user()
    challenge = make_challenge(owner, area="Gangnam-gu")
    call = make_call(areas=["Mapo-gu"])
    assert api.post(f"/api/v1/calls/{call.id}/challenges", {"challenge_id": challenge.id},
                    token=make_token(stranger)).status_code == 403
    response = api.post(f"/api/v1/calls/{call.id}/challenges", {"challenge_id": challenge.id},
                        token=make_token(owner))
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "not_eligible"


def test_a_district_from_the_list_makes_a_challenge_eligible_by_any_of_its_names(api):
    owner = make_user()
    token = make_token(owner)
    call = make_call(areas=["Mapo-gu"])
    for area, district in (("", "11440"), ("망원동", "11440"), ("mapo-gu", None)):
        challenge = make_challenge(owner, area=area)
        challenge.district_code = district
        db.session.commit()
        response = api.post(f"/api/v1/calls/{call.id}/challenges", {"challenge_id": challenge.id}, token=token)
        assert response.status_code == 201, (area, district, response.get_json())
    korean = make_call(areas=["마포구"])
    challenge = make_challenge(owner, area="")
    challenge.district_code = "11440"
    db.session.commit()
    assert api.post(f"/api/v1/calls/{korean.id}/challenges", {"challenge_id": challenge.id},
                    token=token).status_code == 201
    elsewhere = make_challenge(owner, area="")
    elsewhere.district_code = "11680"  # Gangnam-gu
    db.session.commit()
    refused = api.post(f"/api/v1/calls/{korean.id}/challenges", {"challenge_id": elsewhere.id}, token=token)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "not_eligible"


def test_the_owner_submits_from_the_call_page(client, auth):
    owner = make_user(locale="en")
    challenge = make_challenge(owner, title="Dark alley behind the market")
    call = make_call()
    auth.login(owner)
    page = text(client.get(f"/calls/{call.id}"))
    assert "Submit your challenge" in page and "Dark alley behind the market" in page
    response = submit(client, f"/calls/{call.id}/challenges", {"challenge_id": str(challenge.id)},
                      page=f"/calls/{call.id}", headers=EN, follow_redirects=True)
    assert "“Dark alley behind the market” is now part of this call." in text(response)


def test_an_open_call_says_until_when_it_takes_challenges(client):
    call = make_call(title="Warm winters")
    for path in ("/calls/", f"/calls/{call.id}"):
        korean = text(client.get(path, headers={"Accept-Language": "ko"}))
        assert "까지 과제 접수</span>" in korean and "까지 유효" not in korean  # not an invitation's "valid until"
        assert "Takes challenges until " in text(client.get(path, headers=EN))


def test_the_call_page_lists_challenges_with_stage_money_and_learnings(client):
    call = make_call(title="Warm winters")
    challenge = make_challenge(title="Cold bus stops", call_id=call.id)
    campaign = make_campaign()
    make_pledge(campaign, amount=70_000)
    campaign.solution.challenge_id = challenge.id
    make_solution(challenge, stage=Stage.learnings, title="Heated benches", lessons="People stayed longer.")
    page = text(client.get(f"/calls/{call.id}"))
    assert "Cold bus stops" in page
    assert re.search(r'data-field="solutions">[^<]*2', page) and 'data-stage="learnings"' in page
    assert 'data-field="raised">₩70,000<' in page
    assert "Heated benches" in page and "People stayed longer." in page


def test_the_call_page_runs_a_constant_number_of_queries(client):
    call = make_call()

    def queries() -> int:
        with count_queries() as sql:
            assert client.get(f"/calls/{call.id}").status_code == 200
        return len(sql)

    for _ in range(2):
        challenge = make_challenge(call_id=call.id)
        make_solution(challenge, stage=Stage.proposal)
    few = queries()
    for _ in range(5):
        challenge = make_challenge(call_id=call.id)
        make_solution(challenge, stage=Stage.proposal)
    assert queries() == few


def test_the_call_has_an_atom_feed_and_a_csv_with_a_bom(client):
    call = make_call(title="Warm winters")
    make_challenge(title="Cold bus stops, \"again\"", call_id=call.id)
    make_challenge(title="Outside the call")
    feed = client.get(f"/calls/{call.id}/challenges.atom")
    assert feed.status_code == 200 and feed.mimetype == "application/atom+xml"
    body = feed.get_data(as_text=True)
    assert "Cold bus stops" in body and "Outside the call" not in body
    csv = client.get(f"/calls/{call.id}/challenges.csv")
    raw = csv.get_data()
    assert csv.mimetype == "text/csv" and raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("challenge_id,title,area,status,solutions,furthest_stage,pledged,matched,prize")
    assert '"Cold bus stops, ""again"""' in lines[1]


def test_the_api_shows_a_call_in_the_contract_shape(api):
    staff = make_user(role=Role.secretariat)
    city, bank = make_organisation(verified=True), make_organisation("Bank", verified=True)
    response = api.post("/api/v1/calls", {
        "title": "Warm winters", "description": "Ideas.", "organiser_id": city.id,
        "opens_at": "2026-12-01T00:00:00Z", "closes_at": "2027-02-01T00:00:00Z", "prize_per_winner": 5_000_000,
        "winners": 2, "mentoring_months": 6,
        "match": {"funder_id": bank.id, "pool": 3_000_000, "cap_per_campaign": 1_000_000}}, token=make_token(staff))
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["match"] == {"funder": {"id": bank.id, "name": "Bank"}, "pool": 3_000_000, "ratio": 1,
                             "cap_per_campaign": 1_000_000, "pool_left": 3_000_000}
    assert {"id", "title", "description", "organiser", "opens_at", "closes_at", "prize_per_winner", "winners",
            "mentoring_months", "match", "challenge_ids"} <= set(data)
    listed = api.get("/api/v1/calls").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == data["id"]
    assert api.get(f"/api/v1/calls/{data['id']}").get_json()["winners"] == 2
    bad = api.post("/api/v1/calls", {"title": "", "description": "", "organiser_id": city.id, "opens_at": "soon",
                                     "closes_at": "2027-02-01T00:00:00Z", "winners": 4}, token=make_token(staff))
    assert bad.status_code == 422
    assert {"title", "description", "opens_at", "winners"} <= set(bad.get_json()["error"]["fields"])
