"""Demo content for places: every demo challenge and resource in its district, map points for some, and three
challenges elsewhere in Seoul so the map shows more than one district."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.demo_clock import at, days_ago
from socialchallenge.models import Challenge, User
from socialchallenge.models.secretariat import Resource
from socialchallenge.pipeline.challenges import create_challenge
from socialchallenge.places import list_districts
from socialchallenge.places.matching import Matcher

# Title → (lat, lon): where exactly, for the items the other demo seeders write.
POINTS = {
    Challenge: {"망원동 버스정류장에 그늘이 없어요": (37.5561, 126.9018),
                "Older neighbours in Yeonnam-dong eat alone": (37.5662, 126.9239)},
    Resource: {"망원동 주민센터 3층 공유회의실": (37.5557, 126.9056), "연남동 공유부엌": (37.5630, 126.9250)},
}
# Challenges elsewhere: (who, days ago, values for create_challenge).
ELSEWHERE = [
    ("citizen", 75, dict(
        title="익선동 골목에 쓰레기가 쌓여요", district="11110", point={"lat": 37.5742, "lon": 126.9897},
        area="익선동 골목", problem="주말마다 관광객이 늘면서 골목 곳곳에 일회용 컵과 쓰레기가 쌓입니다.",
        affected="골목에 사는 주민과 작은 가게들이 매일 아침 치웁니다.", tags=["환경", "관광"], sdgs=[11, 12])),
    ("neighbour", 50, dict(
        title="Seongsu-dong workshops have nowhere to share tools", district="11200", area="Seongsu-dong",
        problem="Small shoe and leather workshops each buy the same rarely used machines.",
        affected="Young makers cannot afford to start; older artisans keep idle machines.",
        tags=["work", "sharing"], sdgs=[8, 12])),
    ("solver2", 30, dict(
        title="신림동 1인 가구가 이웃을 몰라요", district="11620", area="신림동",
        problem="원룸이 많은 동네라 이웃끼리 인사할 일이 없고, 위급할 때 도움을 청할 사람이 없습니다.",
        affected="혼자 사는 청년과 어르신. 특히 이사 온 지 얼마 안 된 사람들.", tags=["1인 가구", "이웃"],
        sdgs=[3, 11])),
]


def seed_places(session: Session, people: dict[str, User]) -> None:
    """Districts for whatever the other seeders wrote without one, points for some, three challenges elsewhere."""
    matcher = Matcher(list_districts(session))
    for model in (Challenge, Resource):
        for item in session.scalars(select(model).where(model.district_code.is_(None))):
            item.district_code = matcher.match(item.area)
        for title, (lat, lon) in POINTS[model].items():
            for item in session.scalars(select(model).where(model.title == title, model.lat.is_(None))):
                item.lat, item.lon = lat, lon
    for who, day, values in ELSEWHERE:
        if session.scalar(select(Challenge.id).where(Challenge.title == values["title"])) is None:
            with at(session, days_ago(day, 9)):
                create_challenge(session, people[who], dict(values))
    session.flush()
