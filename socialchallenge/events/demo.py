"""Demo content for events: a roundtable on the bus-stop challenge a month ago, with its minutes and a photo, and a
shared-kitchen evening next week that is full, with a member on the waiting list."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.attachments.demo import PICTURES, attach_image, picture
from socialchallenge.demo_clock import days_ago
from socialchallenge.events.registration import register
from socialchallenge.events.service import create_event, post_minutes
from socialchallenge.models import Challenge, Event, EventRegistration, Organisation, User
from socialchallenge.timeutil import utcnow

MAPO = "11440"
PAST_TITLE = "망원동 버스정류장 그늘 원탁회의"
UPCOMING_TITLE = "Shared kitchen evening in Yeonnam-dong"
MINUTES = """**참석 / Who came**

주민 14명, 마포구청 교통행정과 1명, 팀 '정류장 그늘 지도' 2명.
Fourteen neighbours, one officer of the district's transport team and two members of the team.

**논의한 것 / What we discussed**

- 오후 2시부터 5시 사이 망원시장 앞 정류장이 가장 덥습니다. The stop by Mangwon market is hottest from 2 to 5 pm.
- 차양은 인도 폭이 2.5 m 이상인 곳에만 설치할 수 있습니다. Canopies fit only where the pavement is 2.5 m wide.

**정한 것 / What we decided**

1. 팀이 정류장 12곳의 그늘 시간을 재어 지도로 공개합니다. The team measures shade at 12 stops and publishes a map.
2. 구청은 5월까지 차양 두 곳을 시범 설치합니다. The district office puts up two trial canopies by May.
"""


def _stamp(session: Session, event: Event, created, registered_from) -> None:
    """Move the rows the domain stamped with the real clock to the moments of the story."""
    event.created_at = created
    rows = session.scalars(select(EventRegistration).where(EventRegistration.event_id == event.id)
                           .order_by(EventRegistration.id)).all()
    for n, row in enumerate(rows):
        row.created_at = registered_from + timedelta(hours=5 * n)


def seed_events(session: Session, people: dict[str, User]) -> None:
    """The two demo events; skipped if already there."""
    if session.scalar(select(Event.id).where(Event.title == PAST_TITLE)) is not None:
        return
    office = session.scalar(select(Organisation).where(Organisation.name == "서울시 마포구청"))
    bus = session.scalar(select(Challenge).where(Challenge.title == "망원동 버스정류장에 그늘이 없어요"))
    meals = session.scalar(select(Challenge).where(Challenge.title == "Older neighbours in Yeonnam-dong eat alone"))
    staff, admin = people["staff"], people["citizen"]  # the citizen administers the district office in the demo

    # A month ago: the district office's roundtable on the bus-stop challenge, with minutes and a photo.
    start = days_ago(30, 10)  # 19:00 in Seoul
    past = create_event(session, admin, {
        "title": PAST_TITLE, "organisation_id": office.id if office else None,
        "challenge_id": bus.id if bus else None, "topic": "" if bus else "버스정류장 그늘",
        "description": "정류장 그늘 문제를 주민, 구청, 팀이 함께 이야기합니다. 누구나 올 수 있습니다.\n\n"
                       "Neighbours, the district office and the team talk about shade at bus stops. Everyone is "
                       "welcome.",
        "starts_at": start, "ends_at": start + timedelta(hours=2), "district": MAPO,
        "address": "망원동 주민센터 3층 공유회의실 (포은로 22)", "point": {"lat": 37.5556, "lon": 126.9015},
        "capacity": 20}, now=start - timedelta(days=14)) if office else None
    if past is None:
        past = create_event(session, staff, {
            "title": PAST_TITLE, "topic": "버스정류장 그늘", "starts_at": start, "ends_at": start + timedelta(hours=2),
            "district": MAPO, "address": "망원동 주민센터 3층 공유회의실 (포은로 22)", "capacity": 20},
            now=start - timedelta(days=14))
    for key in ("neighbour", "solver", "backer", "solver2"):
        register(session, people[key], past.id, now=start - timedelta(days=7))
    _stamp(session, past, start - timedelta(days=14), start - timedelta(days=10))
    post_minutes(session, past.organiser, past, MINUTES, now=start + timedelta(days=1))
    attach_image(session, past, picture("shaded_stop"), PICTURES["shaded_stop"][1], uploader=past.organiser,
                 filename="roundtable.jpg").created_at = start + timedelta(days=1)

    # Next week: the secretariat's shared-kitchen evening, full, with a member waiting for a seat.
    soon = (utcnow() + timedelta(days=8)).replace(hour=9, minute=30, second=0, microsecond=0)  # 18:30 in Seoul
    upcoming = create_event(session, staff, {
        "title": UPCOMING_TITLE, "challenge_id": meals.id if meals else None,
        "topic": "" if meals else "Eating together",
        "description": "We cook one big pot of soup together and talk about how neighbours who live alone could "
                       "join. Bring a bowl.\n\n"
                       "함께 국 한 냄비를 끓이며 혼자 사는 이웃과 함께 먹을 방법을 이야기합니다.",
        "starts_at": soon, "ends_at": soon + timedelta(hours=2, minutes=30), "district": MAPO,
        "address": "연남동 공유부엌 (성미산로 100)", "online_url": "", "capacity": 3})
    for key in ("solver", "backer", "citizen", "neighbour"):
        register(session, people[key], upcoming.id)
    _stamp(session, upcoming, days_ago(6, 2), days_ago(5, 3))
