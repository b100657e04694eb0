"""Events outside the pages: the iCalendar files (RFC 5545) for one event and for every upcoming one, and the
day-before reminder mail, queued once however often the worker runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from socialchallenge.commands.jobs import run_all
from socialchallenge.events.ical import fold
from socialchallenge.events.reminders import reminder_text, send_reminders
from socialchallenge.extensions import db
from socialchallenge.models import EventRegistration, OutboxMail
from socialchallenge.timeutil import utcnow
from tests.builders import make_challenge, make_event, make_registration, make_user
from tests.helpers import content_lines, vevents

EN = {"Accept-Language": "en"}


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            out.append({"n": "\n", "N": "\n"}.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def test_one_event_as_an_ics_file_is_valid_rfc_5545(client):
    title = "골목 정원 원탁회의; chairs, tables \\ and a long title " + "가나다라마바사" * 6
    event = make_event(title=title, description="Line one\nLine two, with a comma; and more", lat=37.5563,
                       lon=126.9084)
    response = client.get(f"/events/{event.id}.ics", headers=EN)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    lines = content_lines(response.data)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//SocialChallenge//Events//EN"]
    assert lines[-1] == "END:VCALENDAR"
    [vevent] = vevents(lines)
    assert vevent["UID"] == f"event-{event.id}@localhost"
    assert vevent["DTSTART"] == event.starts_at.strftime("%Y%m%dT%H%M%SZ")
    assert vevent["DTEND"] == event.ends_at.strftime("%Y%m%dT%H%M%SZ")
    assert len(vevent["DTSTAMP"]) == 16 and vevent["DTSTAMP"].endswith("Z")
    assert unescape(vevent["SUMMARY"]) == title
    assert "\\;" in vevent["SUMMARY"] and "\\," in vevent["SUMMARY"] and "\\\\" in vevent["SUMMARY"]
    assert unescape(vevent["DESCRIPTION"]) == "Line one\nLine two, with a comma; and more"
    assert unescape(vevent["LOCATION"]) == "Mangwon-ro 1, Mapo-gu"
    assert vevent["GEO"] == "37.556300;126.908400"
    assert vevent["URL"] == f"http://localhost/events/{event.id}"


def test_folding_never_splits_a_character_and_unfolds_to_the_line():
    line = "SUMMARY:" + "한" * 40 + "a" * 3
    folded = fold(line).encode("utf-8")
    parts = folded[:-2].split(b"\r\n")
    assert all(len(p) <= 75 for p in parts) and len(parts) > 1
    assert b"".join([parts[0], *(p[1:] for p in parts[1:])]).decode("utf-8") == line


def test_the_feed_lists_every_upcoming_event_and_no_past_or_hidden_one(client):
    soon = make_event(title="Soon")
    later = make_event(title="Later", starts_in=timedelta(days=30))
    make_event(title="Over", starts_in=timedelta(days=-3))
    make_event(title="Hidden", challenge_id=make_challenge(hidden=True).id)
    response = client.get("/events.ics", headers=EN)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    found = vevents(content_lines(response.data))
    assert [(v["UID"], v["SUMMARY"]) for v in found] == [(f"event-{soon.id}@localhost", "Soon"),
                                                         (f"event-{later.id}@localhost", "Later")]
    assert "X-WR-CALNAME:SocialChallenge events" in content_lines(response.data)


def mails_to(address: str) -> list[OutboxMail]:
    return db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)).all()


def test_the_reminder_goes_out_the_day_before_and_only_once(app):
    event = make_event(title="Bus stop roundtable", starts_in=timedelta(hours=20), capacity=1,
                       online_url="https://meet.example.org/bus")
    seated, waiting = make_user(locale="en"), make_user()
    make_registration(event, seated)
    make_registration(event, waiting, "waitlisted")
    far = make_event(starts_in=timedelta(days=3))
    later_member = make_user()
    make_registration(far, later_member)
    now = utcnow()
    assert send_reminders(db.session, now) == 1
    assert send_reminders(db.session, now) == 0
    run_all(db.session, now + timedelta(minutes=5))  # the worker's next round, every job
    [mail] = mails_to(seated.email)
    assert mail.subject.startswith("Reminder: Bus stop roundtable, ")
    assert "You are registered for \"Bus stop roundtable\"" in mail.body
    assert "Where: Mangwon-ro 1, Mapo-gu" in mail.body and "Online: https://meet.example.org/bus" in mail.body
    assert f"/events/{event.id}" in mail.body
    assert mails_to(waiting.email) == [] and mails_to(later_member.email) == []
    # Two days later, the other event is within a day: its member is reminded then, once.
    assert send_reminders(db.session, now + timedelta(days=2, hours=1)) == 1
    assert send_reminders(db.session, now + timedelta(days=2, hours=2)) == 0
    assert len(mails_to(later_member.email)) == 1
    reminded = db.session.scalars(select(EventRegistration.reminded_at).where(
        EventRegistration.user_id == seated.id)).one()
    assert reminded == now


def test_a_korean_reminder_says_오전_or_오후(app):
    """The reminder mail names the start in the member's language; in Korean the half of the day is a word."""
    event = make_event(title="원탁회의", starts_at=datetime(2027, 3, 2, 6, 0), ends_at=datetime(2027, 3, 2, 8, 0))
    subject, body = reminder_text(make_user(locale="ko"), event, "")
    # 06:00 UTC is 15:00 in Seoul; the day in words, the time to the minute (no seconds, no time zone's name).
    assert subject == "알림: 원탁회의, 2027년 3월 2일 화요일 오후 3:00"
    assert "2027년 3월 2일 화요일 오후 3:00에 시작" in body, body
    subject, _ = reminder_text(make_user(locale="en"), event, "")
    assert subject.replace("\u202f", " ") == "Reminder: 원탁회의, Tuesday, March 2, 2027, 3:00 PM"
