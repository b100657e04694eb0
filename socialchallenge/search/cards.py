"""Search hits as their cards show them: plain rows read in a few narrow statements, not ORM objects.

A page of 20 hits loaded as ORM objects (a challenge with its owner, organisation, cover, district, topics, SDGs
and picked solutions; a solution with its cover and challenge) took 8 statements of 60-odd columns and about 8 ms
of Python, a quarter of a search request (issue 17 goal 4). The cards and the API's hits read only the attributes
below, under the ORM models' names, so the same templates show either."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, select
from sqlalchemy.orm import Session

from socialchallenge.models import (
    Attachment,
    Challenge,
    ChallengeSdg,
    ChallengeStatus,
    District,
    GoalAchievement,
    Organisation,
    Solution,
    Stage,
    Tag,
    User,
    challenge_tags,
)

# A card shows the first 160 characters of a challenge's problem and 200 of a solution's lessons, the API 300 of the
# problem: more than any of them, so that a cut text still reads as cut.
EXCERPT = 400


@dataclass(frozen=True, slots=True)
class Named:
    """An owner or organisation, as a card names it."""

    name: str


@dataclass(frozen=True, slots=True)
class Cover:
    """A cover image, as a card shows its thumbnail."""

    thumb_key: str | None
    alt_text: str


@dataclass(frozen=True, slots=True)
class Place:
    """A district, as places.district_name and places.district_json read it."""

    code: str
    name_ko: str
    name_en: str


@dataclass(slots=True)
class ChallengeCard:
    """A challenge as its card and the API's hit show it."""

    id: int
    title: str
    problem: str  # the first EXCERPT characters
    area: str | None
    status: ChallengeStatus
    solution_deadline: datetime | None
    supports_count: int
    solutions_count: int
    created_at: datetime
    owner: Named
    organisation: Named | None
    cover: Cover | None
    district: Place | None
    tag_names: list[str]
    sdgs: list[int]
    picked_count: int

    @property
    def is_open(self) -> bool:
        return self.status == ChallengeStatus.open


@dataclass(slots=True)
class SolutionCard:
    """A solution as its card and the API's hit show it, with its challenge."""

    id: int
    title: str
    stage: Stage
    summary: str
    lessons: str | None  # the first EXCERPT characters
    goal_achievement: GoalAchievement | None
    created_at: datetime
    cover: Cover | None
    challenge: ChallengeCard


def _cover(key: str | None, thumb_key: str | None, alt_text: str | None) -> Cover | None:
    return Cover(thumb_key, alt_text or "") if key is not None else None


@cache
def _statements() -> dict[str, Select]:
    """The statements, built once: each takes the ids as one expanding parameter (`ids`), so building and caching
    them costs nothing per request."""
    ids = bindparam("ids", expanding=True)
    return {
        "challenges": select(
            Challenge.id, Challenge.title, func.substr(Challenge.problem, 1, EXCERPT), Challenge.area,
            Challenge.status, Challenge.solution_deadline, Challenge.supports_count, Challenge.solutions_count,
            Challenge.created_at, User.name, Organisation.name, Attachment.key, Attachment.thumb_key,
            Attachment.alt_text, District.code, District.name_ko, District.name_en)
        .join(User, User.id == Challenge.owner_id)
        .outerjoin(Organisation, Organisation.id == Challenge.organisation_id)
        .outerjoin(Attachment, Attachment.id == Challenge.cover_id)
        .outerjoin(District, District.code == Challenge.district_code)
        .where(Challenge.id.in_(ids)),
        "tags": select(challenge_tags.c.challenge_id, Tag.name).join(Tag, Tag.id == challenge_tags.c.tag_id)
        .where(challenge_tags.c.challenge_id.in_(ids)).order_by(Tag.name),
        "sdgs": select(ChallengeSdg.challenge_id, ChallengeSdg.sdg).where(ChallengeSdg.challenge_id.in_(ids))
        .order_by(ChallengeSdg.sdg),
        "picked": select(Solution.challenge_id, func.count())
        .where(Solution.challenge_id.in_(ids), Solution.selected.is_(True)).group_by(Solution.challenge_id),
        "solutions": select(
            Solution.id, Solution.title, Solution.stage, Solution.summary, func.substr(Solution.lessons, 1, EXCERPT),
            Solution.goal_achievement, Solution.created_at, Solution.challenge_id, Attachment.key,
            Attachment.thumb_key, Attachment.alt_text)
        .outerjoin(Attachment, Attachment.id == Solution.cover_id).where(Solution.id.in_(ids)),
    }


def _challenges(connection: Connection, ids: Iterable[int]) -> dict[int, ChallengeCard]:
    ids = {"ids": sorted(set(ids))}
    if not ids["ids"]:
        return {}
    statements = _statements()
    tags: dict[int, list[str]] = defaultdict(list)
    for challenge_id, name in connection.execute(statements["tags"], ids):
        tags[challenge_id].append(name)
    sdgs: dict[int, list[int]] = defaultdict(list)
    for challenge_id, sdg in connection.execute(statements["sdgs"], ids):
        sdgs[challenge_id].append(sdg)
    picked = dict(connection.execute(statements["picked"], ids).all())
    return {
        r[0]: ChallengeCard(
            id=r[0], title=r[1], problem=r[2] or "", area=r[3], status=r[4], solution_deadline=r[5],
            supports_count=r[6], solutions_count=r[7], created_at=r[8], owner=Named(r[9]),
            organisation=Named(r[10]) if r[10] is not None else None, cover=_cover(r[11], r[12], r[13]),
            district=Place(r[14], r[15], r[16]) if r[14] is not None else None,
            tag_names=tags.get(r[0], []), sdgs=sdgs.get(r[0], []), picked_count=picked.get(r[0], 0))
        for r in connection.execute(statements["challenges"], ids)}


def load_cards(session: Session, kind_ids: list[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    """The cards of these (kind, id) hits, by (kind, id): 5 statements at most, whatever their number. They are
    read on the session's connection without the ORM (nothing is loaded into the session)."""
    connection = session.connection()
    solution_ids = [i for kind, i in kind_ids if kind == "solution"]
    solutions = connection.execute(_statements()["solutions"], {"ids": solution_ids}).all() if solution_ids else []
    challenges = _challenges(connection, [*(i for kind, i in kind_ids if kind == "challenge"),
                                          *(r[7] for r in solutions)])
    cards: dict[tuple[str, int], Any] = {("challenge", i): card for i, card in challenges.items()}
    for r in solutions:
        cards[("solution", r[0])] = SolutionCard(
            id=r[0], title=r[1], stage=r[2], summary=r[3] or "", lessons=r[4], goal_achievement=r[5],
            created_at=r[6], cover=_cover(r[8], r[9], r[10]), challenge=challenges[r[7]])
    return cards
