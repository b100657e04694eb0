"""Events and roundtables (issue 16 item 3): who schedules them, clear errors, registration (201, 409 twice, 202 on
the waiting list), the waiting list moving up on cancel, minutes and photos by the organiser, the pages."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from sqlalchemy import func, select

from socialchallenge.events.registration import register
from socialchallenge.extensions import db
from socialchallenge.models import Event, EventRegistration, Notification, RegistrationStatus
from socialchallenge.timeutil import utcnow
from tests.builders import (
    make_challenge,
    make_event,
    make_organisation,
    make_registration,
    make_solution,
    make_token,
    make_user,
    sample_image,
)
from tests.helpers import csrf_from, says_am_or_pm, submit, text

EN = {"Accept-Language": "en"}
MAPO, JONGNO = "11440", "11110"


def body(**extra) -> dict:
    """A valid event for POST /api/v1/events."""
    starts = utcnow().replace(microsecond=0) + timedelta(days=10)
    return {"title": "Bus stop roundtable", "description": "Shelters for **older** people.", "topic": "Mobility",
            "starts_at": starts.isoformat() + "Z", "ends_at": (starts + timedelta(hours=2)).isoformat() + "Z",
            "district": MAPO, "address": "Mangwon-ro 1", "capacity": 2, **extra}


def staff_token() -> str:
    return make_token(make_user(role="secretariat"))


# --- scheduling ---

def test_the_secretariat_schedules_an_event_and_the_list_filters_it_by_district(api):
    answer = api.post("/api/v1/events", body(point={"lat": 37.556, "lon": 126.906}), token=staff_token(),
                      headers=EN)
    assert answer.status_code == 201, answer.get_json()
    event = answer.get_json()
    assert event["district"] == {"code": MAPO, "name": "Mapo-gu"}
    assert event["point"] == {"lat": 37.556, "lon": 126.906}
    assert event["capacity"] == 2 and event["seats_left"] == 2 and event["registration"] is None
    assert event["ics_url"].endswith(f"/events/{event['id']}.ics")
    mapo = api.get(f"/api/v1/events?district={MAPO}").get_json()
    assert [e["id"] for e in mapo["items"]] == [event["id"]]
    assert api.get(f"/api/v1/events?district={JONGNO}").get_json()["items"] == []
    make_event(district_code=None, address="", online_url="https://meet.example.org/x")
    assert api.get("/api/v1/events?district=nowhere", headers=EN).get_json()["error"]["fields"] == {
        "district": "Use a district code from the list (GET /api/v1/districts)."}
    assert api.get("/api/v1/events?when=past").get_json()["items"] == []


def test_an_end_before_the_start_and_a_missing_place_are_clear_errors(api):
    token = staff_token()
    starts = utcnow() + timedelta(days=3)
    wrong = api.post("/api/v1/events", body(starts_at=starts.isoformat(), ends_at=(starts - timedelta(hours=1))
                                            .isoformat(), district=None, address=""), token=token, headers=EN)
    assert wrong.status_code == 422
    fields = wrong.get_json()["error"]["fields"]
    assert fields == {"ends_at": "The end must be after the start.",
                      "address": "Give a place (a district and an address) or an online link."}
    past = api.post("/api/v1/events", body(starts_at="2020-01-01T10:00:00Z", ends_at="2020-01-01T12:00:00Z"),
                    token=token, headers=EN)
    assert past.get_json()["error"]["fields"] == {"starts_at": "The start must be in the future."}
    nonsense = api.post("/api/v1/events", body(starts_at="next tuesday", capacity=0, online_url="javascript:x"),
                        token=token, headers=EN)
    assert nonsense.get_json()["error"]["fields"] == {
        "starts_at": "Use a date and time such as 2027-03-14T19:00:00+09:00.",
        "online_url": "Give a web address starting with https://.",
        "capacity": "Give the number of places: a whole number from 1 to 10000."}
    online = api.post("/api/v1/events", body(district=None, address="", online_url="https://meet.example.org/bus"),
                      token=token)
    assert online.status_code == 201 and online.get_json()["district"] is None


def test_who_may_schedule_an_event(api):
    member, admin, unverified_admin, lead = make_user(), make_user(), make_user(), make_user()
    verified = make_organisation(admins=[admin], verified=True)
    unverified = make_organisation(admins=[unverified_admin])
    solution = make_solution(team=[lead])
    refused = api.post("/api/v1/events", body(), token=make_token(member), headers=EN)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == (
        "Events are scheduled by the secretariat, a verified organisation or a solution's team.")
    assert api.post("/api/v1/events", body(organisation_id=unverified.id), token=make_token(unverified_admin),
                    headers=EN).get_json()["error"]["message"] == (
        "Only organisations verified by the secretariat may schedule events.")
    assert api.post("/api/v1/events", body(organisation_id=verified.id), token=make_token(member)
                    ).status_code == 403
    by_org = api.post("/api/v1/events", body(organisation_id=verified.id), token=make_token(admin))
    assert by_org.status_code == 201 and by_org.get_json()["organisation"]["id"] == verified.id
    by_team = api.post("/api/v1/events", body(solution_id=solution.id, topic=""), token=make_token(lead))
    assert by_team.status_code == 201
    # A team's event is about its own challenge.
    assert by_team.get_json()["challenge"]["id"] == solution.challenge_id
    assert api.post("/api/v1/events", body(solution_id=solution.id), token=make_token(member)).status_code == 403


def test_the_schedule_form_shows_errors_beside_the_fields_and_saves_seoul_time(client, auth):
    auth.login(make_user(role="secretariat"))
    challenge = make_challenge(title="Shelter at the bus stop")
    empty = submit(client, "/events/new", {"title": "", "capacity": "", "starts_at": "2030-05-01T19:00",
                                           "ends_at": "2030-05-01T18:00"}, headers=EN)
    assert empty.status_code == 422
    page = text(empty)
    for message in ("Give the event a title.", "The end must be after the start.",
                    "Say what the event is about: choose a challenge or a call, or give a topic.",
                    "Give a place (a district and an address) or an online link.",
                    "Give the number of places: a whole number from 1 to 10000."):
        assert message in page, message
    saved = submit(client, "/events/new", {"title": "Bus shelter walk", "challenge_id": str(challenge.id),
                                           "starts_at": "2030-05-01T19:00", "ends_at": "2030-05-01T21:00",
                                           "district": MAPO, "address": "Mangwon-ro 1", "capacity": "12"},
                   headers=EN)
    assert saved.status_code == 302
    event = db.session.scalar(select(Event).where(Event.title == "Bus shelter walk"))
    assert event.starts_at.isoformat() == "2030-05-01T10:00:00"  # 19:00 in Seoul is 10:00 UTC
    assert event.challenge_id == challenge.id and event.organiser.role.value == "secretariat"


def test_a_member_cannot_open_the_schedule_form_and_sees_no_schedule_button(client, auth):
    auth.login(make_user())
    assert client.get("/events/new", headers=EN).status_code == 403
    assert "Schedule an event" not in text(client.get("/events", headers=EN))


# --- registration and the waiting list ---

def test_registering_twice_is_409_and_a_full_event_puts_you_on_the_waiting_list(api):
    event = make_event(capacity=1)
    first, second, third = (make_token(make_user()) for _ in range(3))
    path = f"/api/v1/events/{event.id}/registration"
    seat = api.post(path, token=first)
    assert seat.status_code == 201 and seat.get_json() == {"status": "registered", "waitlisted": False,
                                                           "position": None}
    again = api.post(path, token=first, headers=EN)
    assert again.status_code == 409
    assert again.get_json()["error"] == {"code": "already_registered",
                                         "message": "You are already registered for this event."}
    assert api.post(path, token=second).get_json() == {"status": "waitlisted", "waitlisted": True, "position": 1}
    answer = api.post(path, token=third)
    assert answer.status_code == 202 and answer.get_json()["position"] == 2
    assert api.post(path, token=third).status_code == 409
    mine = api.get(f"/api/v1/events/{event.id}", token=third).get_json()
    assert mine["registration"] == {"status": "waitlisted", "position": 2}
    assert (mine["registered"], mine["waitlisted"], mine["seats_left"]) == (1, 2, 0)


def test_a_cancelled_seat_goes_to_the_first_in_line_who_is_told(api):
    event = make_event(capacity=2, title="Library roundtable")
    seated, other = make_user(), make_user()
    make_registration(event, seated)
    make_registration(event, other)
    first, second = make_user(locale="en"), make_user()
    make_registration(event, first, "waitlisted")
    make_registration(event, second, "waitlisted")
    assert api.delete(f"/api/v1/events/{event.id}/registration", token=make_token(seated)).status_code == 204
    promoted = api.get(f"/api/v1/events/{event.id}", token=make_token(first)).get_json()
    assert promoted["registration"] == {"status": "registered", "position": None}
    assert api.get(f"/api/v1/events/{event.id}", token=make_token(second)).get_json()["registration"] == {
        "status": "waitlisted", "position": 1}
    [note] = db.session.scalars(select(Notification).where(Notification.user_id == first.id)).all()
    assert note.kind == "event_seat_freed" and note.link == f"/events/{event.id}"
    # Leaving the waiting list frees no seat and promotes nobody.
    assert api.delete(f"/api/v1/events/{event.id}/registration", token=make_token(second)).status_code == 204
    statuses = db.session.scalars(select(EventRegistration.status).where(EventRegistration.event_id == event.id))
    assert sorted(s.value for s in statuses) == ["registered", "registered"]


def test_cancelling_without_a_registration_is_404_and_a_begun_event_takes_no_registration(api):
    event = make_event(starts_in=timedelta(hours=-1))
    token = make_token(make_user())
    assert api.post(f"/api/v1/events/{event.id}/registration", token=token).get_json()["error"]["code"] == \
        "event_started"
    later = make_event()
    gone = api.delete(f"/api/v1/events/{later.id}/registration", token=token, headers=EN)
    assert gone.status_code == 404
    assert gone.get_json()["error"]["message"] == "You are not registered for this event."


def test_the_event_page_registers_shows_the_waiting_list_position_and_cancels(client, auth):
    event = make_event(capacity=1, title="Night bus forum")
    make_registration(event)
    make_registration(event, status="waitlisted")
    member = make_user()
    visitor_page = text(client.get(f"/events/{event.id}", headers=EN))
    assert "Night bus forum" in visitor_page and "Mapo-gu" in visitor_page and "Sign in" in visitor_page
    assert "1 of 1 taken" in visitor_page and "1 on the waiting list" in visitor_page
    auth.login(member)
    page = text(client.get(f"/events/{event.id}", headers=EN))
    assert "The event is full." in page and "Join the waiting list" in page
    joined = submit(client, f"/events/{event.id}/register", page=f"/events/{event.id}", headers=EN,
                    follow_redirects=True)
    assert "you are on the waiting list, number 2" in text(joined)
    assert "You are on the waiting list: number 2." in text(joined)
    left = submit(client, f"/events/{event.id}/cancel", page=f"/events/{event.id}", headers=EN,
                  follow_redirects=True)
    assert "Your registration is cancelled." in text(left) and "Join the waiting list" in text(left)


def test_the_event_page_says_the_time_of_day_as_a_korean_reader_expects(client):
    """Korean reads 오전/오후 before the time, never Babel's short "AM"/"PM"; English keeps "9:30 AM"."""
    event = make_event(title="Morning walk", starts_at=datetime(2027, 3, 2, 0, 30), ends_at=datetime(2027, 3, 2, 6, 0))
    korean = text(client.get(f"/events/{event.id}", headers={"Accept-Language": "ko"}))
    assert "오전 9:30" in korean and "오후 3:00" in korean  # Seoul is UTC+9
    assert not says_am_or_pm(korean)
    english = text(client.get(f"/events/{event.id}", headers=EN)).replace("\u202f", " ")
    assert "9:30 AM" in english and "3:00 PM" in english


def test_the_promoted_member_reads_it_in_the_notifications(client, auth):
    event = make_event(capacity=1, title="Alley garden meeting")
    seated, waiting = make_user(), make_user()
    make_registration(event, seated)
    make_registration(event, waiting, "waitlisted")
    auth.login(seated)
    submit(client, f"/events/{event.id}/cancel", page=f"/events/{event.id}")
    auth.sign_out()
    auth.login(waiting)
    assert 'A seat came free at "Alley garden meeting": you are registered now.' in text(
        client.get("/notifications", headers=EN))
    assert "You are registered." in text(client.get(f"/events/{event.id}", headers=EN))


# --- minutes and photos ---

def test_only_the_organiser_side_posts_minutes_and_only_after_the_event(api, client):
    admin, member, other_admin = make_user(), make_user(), make_user()
    org = make_organisation(admins=[admin, other_admin], verified=True)
    upcoming = make_event(organiser=admin, organisation_id=org.id)
    done = make_event(organiser=admin, organisation_id=org.id, starts_in=timedelta(days=-2))
    minutes = {"minutes": "## Decided\n\n- Two shelters by spring"}
    early = api.put(f"/api/v1/events/{upcoming.id}/minutes", minutes, token=make_token(admin), headers=EN)
    assert early.status_code == 409
    assert early.get_json()["error"]["message"] == "The minutes can be posted once the event has ended."
    assert api.put(f"/api/v1/events/{done.id}/minutes", minutes, token=make_token(member)).status_code == 403
    assert api.put(f"/api/v1/events/{done.id}/minutes", {"minutes": " "}, token=make_token(admin), headers=EN
                   ).get_json()["error"]["fields"] == {"minutes": "Write the minutes."}
    # Another admin of the organising organisation may post them too.
    posted = api.put(f"/api/v1/events/{done.id}/minutes", minutes, token=make_token(other_admin))
    assert posted.status_code == 200 and "<li>Two shelters by spring</li>" in posted.get_json()["minutes_html"]
    page = text(client.get(f"/events/{done.id}", headers=EN))
    assert "Two shelters by spring" in page and "This event has ended." in page
    assert "Post the minutes" not in page  # a visitor sees no organiser button
    assert [e["id"] for e in api.get("/api/v1/events?when=past").get_json()["items"]] == [done.id]


def test_the_organiser_posts_minutes_and_photos_on_the_web_and_a_member_may_not(client, auth):
    lead, member = make_user(), make_user()
    solution = make_solution(team=[lead])
    event = make_event(organiser=lead, solution_id=solution.id, challenge_id=solution.challenge_id,
                       starts_in=timedelta(days=-1))
    auth.login(member)
    assert client.get(f"/events/{event.id}/minutes").status_code == 403
    assert client.get(f"/events/{event.id}/files").status_code == 403
    auth.sign_out()
    auth.login(lead)
    assert "Post the minutes" in text(client.get(f"/events/{event.id}", headers=EN))
    posted = submit(client, f"/events/{event.id}/minutes", {"minutes": "Twelve neighbours came."}, headers=EN,
                    follow_redirects=True)
    assert "The minutes are posted." in text(posted) and "Twelve neighbours came." in text(posted)
    html = client.get(f"/events/{event.id}/files").get_data(as_text=True)
    upload = client.post(f"/events/{event.id}/files", data={
        "csrf_token": csrf_from(html), "alt_text": "Neighbours around a table",
        "file": (io.BytesIO(sample_image()), "table.jpg")}, content_type="multipart/form-data")
    assert upload.status_code == 302
    page = text(client.get(f"/events/{event.id}", headers=EN))
    assert 'alt="Neighbours around a table"' in page


# --- the pages and their links ---

def test_the_events_page_lists_upcoming_and_past_and_is_linked_from_the_challenge_and_the_footer(client):
    challenge = make_challenge(title="Dark underpass")
    soon = make_event(title="Underpass walk", challenge_id=challenge.id)
    make_event(title="Last year's forum", starts_in=timedelta(days=-30), minutes="Notes")
    page = text(client.get("/events", headers=EN))
    assert page.index("Upcoming") < page.index("Underpass walk") < page.index("Past events") < page.index(
        "Last year's forum")
    assert "Minutes posted" in page
    assert 'href="/events"' in text(client.get("/", headers=EN))
    challenge_page = text(client.get(f"/challenges/{challenge.id}", headers=EN))
    assert f'href="/events/{soon.id}"' in challenge_page and "Underpass walk" in challenge_page
    assert "Underpass walk" in text(client.get(f"/events?district={MAPO}", headers=EN))
    assert "Underpass walk" not in text(client.get(f"/events?district={JONGNO}", headers=EN))


def test_the_map_has_an_events_layer_with_upcoming_events_at_their_point_or_district(client, api):
    pinned = make_event(title="Market walk", lat=37.5563, lon=126.9084)
    centred = make_event(title="Library talk", district_code=JONGNO, address="Jongno 1")
    make_event(title="Online only", district_code=None, address="", online_url="https://meet.example.org/x")
    make_event(title="Long over", starts_in=timedelta(days=-40))
    answer = api.get("/api/v1/events.geojson", headers=EN)
    assert answer.status_code == 200 and answer.mimetype == "application/geo+json"
    body = answer.get_json()
    found = {f["properties"]["title"]: f for f in body["features"]}
    assert set(found) == {"Market walk", "Library talk"} and body["total"] == 3 and body["unplaced"] == 1
    assert found["Market walk"]["geometry"]["coordinates"] == [126.9084, 37.5563]
    assert found["Market walk"]["properties"]["located"] == "point"
    assert found["Library talk"]["properties"]["located"] == "district"
    assert found["Library talk"]["properties"]["district"] == {"code": JONGNO, "name": "Jongno-gu"}
    assert found["Market walk"]["properties"]["url"].endswith(f"/events/{pinned.id}")
    only_jongno = api.get(f"/api/v1/events.geojson?district={JONGNO}").get_json()["features"]
    assert [f["properties"]["id"] for f in only_jongno] == [centred.id]
    page = text(client.get("/map?layer=events", headers=EN))
    assert "/api/v1/events.geojson" in page and "Events" in page


def test_an_event_of_a_hidden_challenge_is_not_shown_to_the_public(client, api):
    challenge = make_challenge(hidden=True)
    event = make_event(title="Secret meeting", challenge_id=challenge.id)
    assert client.get(f"/events/{event.id}").status_code == 404
    assert api.get(f"/api/v1/events/{event.id}").status_code == 404
    assert "Secret meeting" not in text(client.get("/events"))
    assert "Secret meeting" not in client.get("/events.ics").get_data(as_text=True)
    staff = api.get(f"/api/v1/events/{event.id}", token=staff_token())
    assert staff.status_code == 200


def test_a_registration_counts_only_for_its_own_event(app):
    one, two = make_event(capacity=1), make_event(capacity=1)
    make_registration(one)
    member = make_user()
    assert register(db.session, member, two.id).status == RegistrationStatus.registered


def test_the_demo_has_a_past_event_with_minutes_and_an_upcoming_one_with_a_waiting_list(runner, client):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    page = text(client.get("/events", headers=EN))
    assert page.index("Shared kitchen evening in Yeonnam-dong") < page.index("Past events") < page.index(
        "망원동 버스정류장 그늘 원탁회의")
    past = db.session.scalar(select(Event).where(Event.title == "망원동 버스정류장 그늘 원탁회의"))
    shown = text(client.get(f"/events/{past.id}", headers=EN))
    assert "The district office puts up two trial canopies by May." in shown and "Mapo-gu" in shown
    assert 'alt="줄무늬 차양 아래 그늘에서' in shown and "4 of 20 taken" in shown
    soon = db.session.scalar(select(Event).where(Event.title == "Shared kitchen evening in Yeonnam-dong"))
    shown = text(client.get(f"/events/{soon.id}", headers=EN))
    assert "3 of 3 taken" in shown and "1 on the waiting list" in shown
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0  # again: nothing added
    assert db.session.scalar(select(func.count()).select_from(Event)) == 2
