"""Demo content for the resource catalogue: spaces, equipment, data, funds and expertise on offer, and a team's
request the secretariat granted."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.demo_clock import at, days_ago
from socialchallenge.models import Organisation, Solution, User
from socialchallenge.models.secretariat import Resource
from socialchallenge.secretariat.resources import create_resource, decide, request_resource

ORGANISATION = "서울시 마포구청"
# kind, title, description, area, offered by the district office, days ago
RESOURCES = [
    ("space", "망원동 주민센터 3층 공유회의실",
     "평일 저녁과 주말에 20명까지 모일 수 있는 회의실입니다. 빔프로젝터가 있습니다.", "마포구 망원동", True, 140),
    ("equipment", "접이식 천막과 테이블 대여", "3×3 m 천막 6동과 접이식 테이블 12개. 최대 2주까지 빌려 드립니다.",
     "마포구 전역", True, 131),
    ("data_set", "마포구 버스정류장 이용객 통계", "정류장별 시간대 승하차 인원(2023–2025), CSV로 내려받을 수 있습니다.",
     "마포구 전역", True, 122),
    ("fund", "마을 실험 소액 지원금", "주민이 제안한 실험에 최대 100만 원을 지원합니다. 분기마다 신청을 받습니다.",
     "서울 전역", False, 110),
    ("expertise", "Community kitchen mentoring", "A retired chef helps teams plan shared meals: menus, costs, food "
     "safety. Two sessions of two hours.", "Mapo-gu, Yeonnam-dong", False, 96),
    ("space", "연남동 공유부엌", "수요일과 토요일에 쓸 수 있는 공유부엌. 20인분 조리 도구가 있습니다.",
     "마포구 연남동", True, 88),
    ("expertise", "공공디자인 자문", "구청 공공디자인팀이 정류장과 거리 시설물 시안을 검토해 드립니다.",
     "마포구 전역", True, 60),
]
REQUEST = ("접이식 천막과 테이블 대여", "정류장 그늘 지도",
           "실험 기간 동안 천막 두 동이 필요합니다. We need two canopies.")


def seed_resources(session: Session, people: dict[str, User]) -> None:
    """The catalogue's resources, and a granted request of a team in its experiment; skipped if already there."""
    if session.scalar(select(Resource.id).where(Resource.title == RESOURCES[0][1])) is not None:
        return
    staff = people["staff"]
    org_id = session.scalar(select(Organisation.id).where(Organisation.name == ORGANISATION))
    made = {}
    for kind, title, description, area, by_district, day in RESOURCES:
        with at(session, days_ago(day, 11)):
            made[title] = create_resource(session, staff, dict(
                kind=kind, title=title, description=description, area=area,
                organisation_id=org_id if by_district else None))
    resource_title, solution_title, message = REQUEST
    solution = session.scalar(select(Solution).where(Solution.title == solution_title))
    if solution is None:
        return
    with at(session, days_ago(58, 16)):
        row = request_resource(session, solution.team[0].user, made[resource_title], solution.id, message)
    with at(session, days_ago(56, 10)) as when:
        decide(session, staff, row, "grant", "다음 주 월요일에 구청 창고에서 받아 가세요. Pick them up on Monday.")
        row.decided_at = when
