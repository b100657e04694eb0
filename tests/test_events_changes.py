"""Organisers edit and cancel an event (issue 16 item 3): who may, what members who signed up are told, how a
cancelled event shows on its page, in the lists, in the calendar files and in the API, and places never taken away
from members who have a seat."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from socialchallenge.events.reminders import send_reminders
from socialchallenge.extensions import db
from socialchallenge.models import EventRegistration, Notification, OutboxMail
from socialchallenge.timeutil import utcnow
from tests.builders import (
    make_event,
    make_organisation,
    make_registration,
    make_token,
    make_user,
)
from tests.helpers import content_lines, submit, text, vevents

EN = {"Accept-Language": "en"}
JONGNO = "11110"


def notes_of(user) -> list[Notification]:
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).all()


def signed_up(event, seated: int = 1, waiting: int = 1):
    """Members with a seat and members on the waiting list (English readers, so mails can be read here)."""
    people = [make_user(locale="en") for _ in range(seated + waiting)]
    for n, person in enumerate(people):
        make_registration(event, person, "registered" if n < seated else "waitlisted")
    return people[:seated], people[seated:]


# --- editing ---

def test_a_new_time_and_place_by_api_reach_everyone_signed_up_by_notification_and_mail(api, client, auth):
    admin = make_user()
    org = make_organisation(admins=[admin], verified=True)
    event = make_event(organiser=make_user(), organisation_id=org.id, capacity=1, title="Alley garden meeting")
    [seated], [waiting] = signed_up(event)
    starts = (utcnow() + timedelta(days=12)).replace(hour=10, minute=0, second=0, microsecond=0)
    answer = api.patch(f"/api/v1/events/{event.id}", {
        "starts_at": starts.isoformat() + "Z", "ends_at": (starts + timedelta(hours=2)).isoformat() + "Z",
        "district": JONGNO, "address": "Jongno-gu Office, room 3"}, token=make_token(admin), headers=EN)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["starts_at"].startswith(starts.isoformat()) and body["district"]["name"] == "Jongno-gu"
    assert body["status"] == "scheduled" and body["title"] == "Alley garden meeting"  # untouched fields stay
    expected = (f'"Alley garden meeting" has changed: it now starts {(starts + timedelta(hours=9)):%Y-%m-%d %H:%M} '
                "(local time), at Jongno-gu Office, room 3.")
    for person in (seated, waiting):
        [note] = notes_of(person)
        assert note.kind == "event_changed" and note.link == f"/events/{event.id}"
        [mail] = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == person.email)).all()
        assert expected in mail.subject
    assert notes_of(admin) == []  # the one who made the change is not told of it
    auth.login(seated)
    assert expected in text(client.get("/notifications", headers=EN))
    # The calendar file carries the new time with a higher SEQUENCE, so an imported copy is replaced.
    [vevent] = vevents(content_lines(client.get(f"/events/{event.id}.ics").data))
    assert vevent["DTSTART"] == starts.strftime("%Y%m%dT%H%M%SZ") and vevent["SEQUENCE"] == "1"
    assert vevent["STATUS"] == "CONFIRMED"


def test_a_new_title_alone_tells_nobody_and_an_empty_patch_changes_nothing(api):
    event = make_event(title="Old title")
    [seated], _waiting = signed_up(event, waiting=0)
    token = make_token(event.organiser)
    assert api.patch(f"/api/v1/events/{event.id}", {"title": "New title"}, token=token).get_json()["title"] == \
        "New title"
    assert api.patch(f"/api/v1/events/{event.id}", {}, token=token).status_code == 200
    assert notes_of(seated) == []


def test_only_the_organiser_side_edits_and_never_who_organises_it_nor_after_the_start(api):
    event = make_event()
    member = make_user()
    refused = api.patch(f"/api/v1/events/{event.id}", {"title": "Mine now"}, token=make_token(member), headers=EN)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == "Only the organiser of the event may do this."
    staff = make_token(make_user(role="secretariat"))
    moved = api.patch(f"/api/v1/events/{event.id}", {"organisation_id": 1}, token=staff, headers=EN)
    assert moved.status_code == 422 and moved.get_json()["error"]["fields"] == {"organisation_id": "Unknown field."}
    wrong = api.patch(f"/api/v1/events/{event.id}", {"ends_at": "2020-01-01T00:00:00Z", "capacity": 0},
                      token=staff, headers=EN)
    assert wrong.status_code == 422 and wrong.get_json()["error"]["fields"] == {
        "ends_at": "The end must be after the start.",
        "capacity": "Give the number of places: a whole number from 1 to 10000."}
    begun = make_event(starts_in=timedelta(hours=-1))
    late = api.patch(f"/api/v1/events/{begun.id}", {"title": "Too late"}, token=staff, headers=EN)
    assert late.status_code == 409 and late.get_json()["error"] == {
        "code": "event_started", "message": "The event has begun; it can no longer be changed."}


def test_fewer_places_than_seats_taken_is_refused_and_more_places_move_the_waiting_list_up(api):
    event = make_event(capacity=2, title="Repair cafe")
    seated, waiting = signed_up(event, seated=2, waiting=2)
    token = make_token(event.organiser)
    fewer = api.patch(f"/api/v1/events/{event.id}", {"capacity": 1}, token=token, headers=EN)
    assert fewer.status_code == 422
    assert fewer.get_json()["error"]["fields"] == {"capacity": "2 members already have a seat: give at least 2 "
                                                               "places. To have fewer, members must cancel first."}
    assert api.get(f"/api/v1/events/{event.id}").get_json()["registered"] == 2  # nobody lost a seat
    more = api.patch(f"/api/v1/events/{event.id}", {"capacity": 3}, token=token).get_json()
    assert (more["registered"], more["waitlisted"], more["seats_left"]) == (3, 1, 0)
    assert [n.kind for n in notes_of(waiting[0])] == ["event_seat_freed"]
    assert notes_of(waiting[1]) == [] and notes_of(seated[0]) == []


def test_a_new_start_arms_the_day_before_reminder_again(app):
    event = make_event(starts_in=timedelta(hours=20))
    [seated], _waiting = signed_up(event, waiting=0)
    now = utcnow()
    assert send_reminders(db.session, now) == 1
    from socialchallenge.events.service import update_event
    starts = event.starts_at + timedelta(days=3)
    update_event(db.session, event.organiser, event, {"starts_at": starts, "ends_at": starts + timedelta(hours=2)})
    db.session.commit()
    assert db.session.scalar(select(EventRegistration.reminded_at).where(
        EventRegistration.user_id == seated.id)) is None
    assert send_reminders(db.session, now) == 0  # not yet: the new start is days away
    assert send_reminders(db.session, starts - timedelta(hours=5)) == 1


def test_the_organiser_edits_on_the_web_in_local_time_and_a_member_cannot(client, auth):
    event = make_event(capacity=2, title="Night bus forum", starts_in=timedelta(days=9))
    seated = signed_up(event, seated=2, waiting=0)[0][0]
    auth.login(make_user())
    assert client.get(f"/events/{event.id}/edit").status_code == 403
    assert "Edit the event" not in text(client.get(f"/events/{event.id}", headers=EN))
    auth.sign_out()
    auth.login(event.organiser)
    assert "Edit the event" in text(client.get(f"/events/{event.id}", headers=EN))
    form = text(client.get(f"/events/{event.id}/edit", headers=EN))
    local = event.starts_at + timedelta(hours=9)  # Seoul
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in form and 'value="Night bus forum"' in form
    assert "Organised by" not in form  # who organises it does not change
    fields = {"title": "Night bus forum", "topic": "Mobility", "starts_at": "2030-05-01T19:00",
              "ends_at": "2030-05-01T21:00", "district": "11440", "address": "Mangwon-ro 1", "capacity": "1"}
    refused = submit(client, f"/events/{event.id}/edit", fields, headers=EN)
    assert refused.status_code == 422
    assert "2 members already have a seat: give at least 2 places." in text(refused)
    saved = submit(client, f"/events/{event.id}/edit", {**fields, "capacity": "5"}, headers=EN,
                   follow_redirects=True)
    page = text(saved)
    assert "The event is saved." in page and "2 of 5 taken" in page and "May 1, 2030" in page
    assert [n.kind for n in notes_of(seated)] == ["event_changed"]


# --- cancelling ---

def test_a_cancelled_event_is_marked_everywhere_takes_no_registration_and_everyone_is_told(api, client):
    event = make_event(capacity=1, title="Shared kitchen evening", lat=37.55, lon=126.92)
    [seated], [waiting] = signed_up(event)
    token = make_token(event.organiser)
    answer = api.post(f"/api/v1/events/{event.id}/cancellation", {"note": "The kitchen is flooded."}, token=token)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "cancelled" and body["cancelled_at"] and body["cancellation_note"] == \
        "The kitchen is flooded."
    for person in (seated, waiting):
        assert [n.kind for n in notes_of(person)] == ["event_cancelled"]
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == seated.email)).one()
    assert '"Shared kitchen evening" (' in mail.subject and "is cancelled." in mail.subject
    again = api.post(f"/api/v1/events/{event.id}/cancellation", token=token, headers=EN)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_cancelled"
    closed = api.post(f"/api/v1/events/{event.id}/registration", token=make_token(make_user()), headers=EN)
    assert closed.status_code == 409 and closed.get_json()["error"] == {
        "code": "event_cancelled", "message": "The event is cancelled: it takes no registration."}
    assert api.patch(f"/api/v1/events/{event.id}", {"title": "x"}, token=token).status_code == 409
    # A seat given up at a cancelled event moves nobody up.
    assert api.delete(f"/api/v1/events/{event.id}/registration", token=make_token(seated)).status_code == 204
    assert [n.kind for n in notes_of(waiting)] == ["event_cancelled"]

    page = text(client.get(f"/events/{event.id}", headers=EN))
    assert "This event is cancelled. It will not take place." in page and "The kitchen is flooded." in page
    assert "Register" not in page and "Join the waiting list" not in page
    listing = text(client.get("/events", headers=EN))
    assert "Shared kitchen evening" in listing and "Cancelled" in listing
    assert [e["status"] for e in api.get("/api/v1/events").get_json()["items"]] == ["cancelled"]
    [one] = vevents(content_lines(client.get(f"/events/{event.id}.ics").data))
    [fed] = vevents(content_lines(client.get("/events.ics").data))
    for vevent in (one, fed):
        assert vevent["STATUS"] == "CANCELLED" and vevent["SEQUENCE"] == "1"
        assert vevent["DESCRIPTION"].startswith("The kitchen is flooded.")
    assert api.get("/api/v1/events.geojson").get_json()["features"] == []  # not on the map
    assert send_reminders(db.session, event.starts_at - timedelta(hours=2)) == 0


def test_only_the_organiser_side_cancels_and_not_once_it_has_begun(api):
    event = make_event()
    assert api.post(f"/api/v1/events/{event.id}/cancellation", token=make_token(make_user())).status_code == 403
    begun = make_event(starts_in=timedelta(hours=-1))
    late = api.post(f"/api/v1/events/{begun.id}/cancellation", token=make_token(begun.organiser), headers=EN)
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "event_started"
    long_note = api.post(f"/api/v1/events/{event.id}/cancellation", {"note": "x" * 501},
                         token=make_token(event.organiser), headers=EN)
    assert long_note.status_code == 422 and "note" in long_note.get_json()["error"]["fields"]
    assert api.get(f"/api/v1/events/{event.id}").get_json()["status"] == "scheduled"


def test_the_organiser_cancels_on_the_web_after_a_confirmation_page(client, auth):
    event = make_event(capacity=1, title="Library roundtable")
    [seated], [waiting] = signed_up(event)
    auth.login(make_user())
    assert client.get(f"/events/{event.id}/cancellation").status_code == 403
    auth.sign_out()
    auth.login(make_user(role="secretariat"))  # the secretariat may cancel any event
    confirm = text(client.get(f"/events/{event.id}/cancellation", headers=EN))
    assert "A cancellation cannot be undone." in confirm and "1 member has a seat" in confirm
    assert "1 on the waiting list" in confirm
    done = submit(client, f"/events/{event.id}/cancellation", {"note": "The speaker is ill."}, headers=EN,
                  follow_redirects=True)
    page = text(done)
    assert "The event is cancelled. Everyone with a seat or on the waiting list is told." in page
    assert "The speaker is ill." in page and "Edit the event" not in page
    auth.sign_out()
    auth.login(waiting)
    assert '"Library roundtable" (' in text(client.get("/notifications", headers=EN))
    assert "is cancelled." in text(client.get("/notifications", headers=EN))


# --- events of a call ---

def test_an_event_scheduled_for_a_call_is_listed_on_the_call_page_and_the_api_carries_it(api, client, auth):
    from tests.builders import make_call
    call = make_call(title="Safer streets call")
    other = make_call(title="Other call")
    staff = make_user(role="secretariat")
    token = make_token(staff)
    starts = utcnow().replace(microsecond=0) + timedelta(days=5)
    made = api.post("/api/v1/events", {
        "title": "Information session", "call_id": call.id, "starts_at": starts.isoformat() + "Z",
        "ends_at": (starts + timedelta(hours=1)).isoformat() + "Z", "online_url": "https://meet.example.org/call",
        "capacity": 50}, token=token, headers=EN)
    assert made.status_code == 201, made.get_json()
    event = made.get_json()
    assert event["call"] == {"id": call.id, "title": "Safer streets call"} and event["topic"] == ""
    make_event(title="Last month's pitch night", call_id=call.id, starts_in=timedelta(days=-30))
    make_event(title="Pitch night of another call", call_id=other.id)
    assert [e["id"] for e in api.get(f"/api/v1/events?call_id={call.id}").get_json()["items"]] == [event["id"]]
    assert api.get("/api/v1/events?call_id=x", headers=EN).get_json()["error"]["fields"] == {
        "call_id": "Must be a whole number."}
    assert api.post("/api/v1/events", {"title": "Nowhere", "call_id": 999999, "starts_at": starts.isoformat() + "Z",
                                       "ends_at": (starts + timedelta(hours=1)).isoformat() + "Z",
                                       "online_url": "https://meet.example.org/x", "capacity": 5},
                    token=token, headers=EN).get_json()["error"]["fields"] == {"call_id": "There is no such call."}
    page = text(client.get(f"/calls/{call.id}", headers=EN))
    assert "Upcoming events of this call" in page and "Information session" in page
    assert f'href="/events/{event["id"]}"' in page
    assert "Last month's pitch night" not in page and "Pitch night of another call" not in page
    assert "Schedule an event for this call" not in page  # a visitor may not schedule
    shown = text(client.get(f"/events/{event['id']}", headers=EN))
    assert f'href="/calls/{call.id}"' in shown and "Safer streets call" in shown
    assert "Call: Safer streets call" in text(client.get("/events", headers=EN))
    # Moved to another call, it leaves this call's page.
    api.patch(f"/api/v1/events/{event['id']}", {"call_id": other.id}, token=token)
    assert "Information session" not in text(client.get(f"/calls/{call.id}", headers=EN))


def test_the_secretariat_schedules_an_event_for_a_call_from_the_call_page(client, auth):
    from socialchallenge.models import Event
    from tests.builders import make_call
    call = make_call(title="Quiet nights call")
    auth.login(make_user(role="secretariat"))
    page = text(client.get(f"/calls/{call.id}", headers=EN))
    assert "No upcoming event for this call." in page
    assert f'href="/events/new?call={call.id}"' in page
    form = client.get(f"/events/new?call={call.id}", headers=EN).get_data(as_text=True)
    assert f'<option selected value="{call.id}">Quiet nights call</option>' in form
    saved = submit(client, "/events/new", {"title": "Ask us anything", "call_id": str(call.id),
                                           "starts_at": "2030-05-01T19:00", "ends_at": "2030-05-01T20:00",
                                           "online_url": "https://meet.example.org/ask", "capacity": "30"},
                   page=f"/events/new?call={call.id}", headers=EN)
    assert saved.status_code == 302
    assert db.session.scalar(select(Event.call_id).where(Event.title == "Ask us anything")) == call.id
    assert "Ask us anything" in text(client.get(f"/calls/{call.id}", headers=EN))


# --- the map point in the event form ---

def test_the_event_form_takes_a_map_point_typed_or_picked_and_shows_the_picker(client, auth):
    from socialchallenge.models import Event
    auth.login(make_user(role="secretariat"))
    form = client.get("/events/new", headers=EN).get_data(as_text=True)
    # The point stays a text field (keyboard, no JavaScript); the map under it is added by point-picker.js.
    assert 'name="point"' in form and 'class="point-picker" hidden data-for="point" data-district="district"' in form
    assert "/static/js/point-picker.js" in form and "/api/v1/districts" in form
    fields = {"title": "Market walk", "topic": "Markets", "starts_at": "2030-05-01T19:00",
              "ends_at": "2030-05-01T21:00", "district": "11440", "address": "Mangwon-ro 1", "capacity": "10"}
    wrong = submit(client, "/events/new", {**fields, "point": "95, 126.9"}, headers=EN)
    assert wrong.status_code == 422 and "Give the point as {lat, lon}" in text(wrong)
    saved = submit(client, "/events/new", {**fields, "point": "37.5563, 126.9087"}, headers=EN)
    assert saved.status_code == 302
    event = db.session.scalar(select(Event).where(Event.title == "Market walk"))
    assert (event.lat, event.lon) == (37.5563, 126.9087)
    edit = client.get(f"/events/{event.id}/edit", headers=EN).get_data(as_text=True)
    assert 'value="37.5563, 126.9087"' in edit  # as typed: no digit lost on the way back
    cleared = submit(client, f"/events/{event.id}/edit", {**fields, "point": ""}, headers=EN)
    assert cleared.status_code == 302
    db.session.refresh(event)
    assert event.lat is None and event.lon is None


def test_the_challenge_and_resource_forms_have_the_point_picker(client, auth):
    auth.login(make_user(role="secretariat"))
    for path in ("/challenges/new", "/secretariat/resources/new"):
        page = client.get(path, headers=EN).get_data(as_text=True)
        assert 'data-for="point"' in page and "/static/js/point-picker.js" in page, path
