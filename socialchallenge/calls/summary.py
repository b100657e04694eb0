"""What a call's page, feed and CSV show: its challenges with their stage, money raised and matched, learnings,
and where its matchfunding pool stands (a constant number of queries, whatever the number of challenges)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from socialchallenge.models import Campaign, CampaignStatus, Challenge, Solution, Stage
from socialchallenge.models.calls import Call

PUBLIC_CAMPAIGNS = (CampaignStatus.live, CampaignStatus.succeeded, CampaignStatus.failed)
LESSON_EXCERPT = 280


@dataclass
class ChallengeRow:
    """One challenge of a call as its page lists it."""

    challenge: Challenge
    solutions: int = 0
    furthest: Stage | None = None
    pledged: int = 0
    matched: int = 0
    prize: int = 0
    contributed: int = 0
    backers: int = 0
    learnings: list[dict] = field(default_factory=list)

    @property
    def raised(self) -> int:
        """Pledged, matched and prize money and other contributions together."""
        return self.pledged + self.matched + self.prize + self.contributed


def challenge_rows(session: Session, call: Call) -> list[ChallengeRow]:
    """The call's visible challenges, oldest submitted first, with their solutions' stage, money and learnings."""
    challenges = list(session.scalars(
        select(Challenge).where(Challenge.call_id == call.id, Challenge.hidden.is_(False))
        .options(selectinload(Challenge.solutions)).order_by(Challenge.created_at, Challenge.id)))
    rows = {c.id: ChallengeRow(c) for c in challenges}
    for challenge in challenges:
        row = rows[challenge.id]
        row.solutions = len(challenge.solutions)
        stages = [s.stage for s in challenge.solutions]
        row.furthest = max(stages, key=lambda s: s.index) if stages else None
        row.learnings = [{"id": s.id, "title": s.title, "lessons": _excerpt(s.lessons)}
                         for s in challenge.solutions if s.stage == Stage.learnings and s.lessons]
    if rows:
        money = session.execute(
            select(Solution.challenge_id, func.sum(Campaign.pledged), func.sum(Campaign.matched),
                   func.sum(Campaign.prize), func.sum(Campaign.contributed), func.sum(Campaign.backers))
            .join(Campaign, Campaign.solution_id == Solution.id)
            .where(Solution.challenge_id.in_(list(rows)), Campaign.status.in_(PUBLIC_CAMPAIGNS))
            .group_by(Solution.challenge_id))
        for challenge_id, pledged, matched, prize, contributed, backers in money:
            row = rows[challenge_id]
            row.pledged, row.matched, row.prize = int(pledged or 0), int(matched or 0), int(prize or 0)
            row.contributed, row.backers = int(contributed or 0), int(backers or 0)
    return list(rows.values())


def _excerpt(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= LESSON_EXCERPT else value[:LESSON_EXCERPT - 1].rstrip() + "…"


def totals(rows: list[ChallengeRow]) -> dict[str, int]:
    """The call's money, summed over its challenges."""
    return {name: sum(getattr(r, name) for r in rows) for name in ("pledged", "matched", "prize", "contributed",
                                                                   "backers", "raised")}


def has_ended(session: Session, call: Call, now: datetime) -> bool:
    """A call ends once it is closed and none of its campaigns is in review or live any more."""
    if now < call.closes_at:
        return False
    running = session.scalar(
        select(func.count(Campaign.id)).join(Solution, Solution.id == Campaign.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Challenge.call_id == call.id, Campaign.status.in_((CampaignStatus.review, CampaignStatus.live))))
    return not running


def call_json(call: Call, challenge_ids: list[int]) -> dict:
    """The call in the API's shape (issue 15 contract)."""
    pool = call.pool
    return {
        "id": call.id,
        "title": call.title,
        "description": call.description,
        "organiser": {"id": call.organiser.id, "name": call.organiser.name},
        "opens_at": call.opens_at.isoformat(),
        "closes_at": call.closes_at.isoformat(),
        "areas": list(call.areas or []),
        "sdgs": list(call.sdgs or []),
        "currency": call.currency,
        "prize_per_winner": call.prize_per_winner,
        "winners": call.winners,
        "mentoring_months": call.mentoring_months,
        "match": None if pool is None else {
            "funder": {"id": pool.funder.id, "name": pool.funder.name}, "pool": pool.amount, "ratio": pool.ratio,
            "cap_per_campaign": pool.cap_per_campaign, "pool_left": pool.left},
        "challenge_ids": challenge_ids,
    }


def challenge_ids_by_call(session: Session, call_ids: list[int]) -> dict[int, list[int]]:
    """The visible challenge ids of each call, in one query."""
    found: dict[int, list[int]] = {cid: [] for cid in call_ids}
    if call_ids:
        for call_id, challenge_id in session.execute(
                select(Challenge.call_id, Challenge.id).where(Challenge.call_id.in_(call_ids),
                                                              Challenge.hidden.is_(False))
                .order_by(Challenge.created_at, Challenge.id)):
            found[call_id].append(challenge_id)
    return found


POOL_W, POOL_H = 600, 48


def pool_chart(call: Call, rows: list[ChallengeRow]) -> dict | None:
    """SVG geometry of the pool as one bar: a segment per challenge for what it was matched, then what is left."""
    pool = call.pool
    if pool is None:
        return None
    segments, x = [], 0.0
    for i, row in enumerate(r for r in rows if r.matched):
        width = round(POOL_W * row.matched / pool.amount, 1)
        segments.append({"x": round(x, 1), "width": width, "title": row.challenge.title, "amount": row.matched,
                         "alt": i % 2 == 1})
        x += width
    return {"width": POOL_W, "height": POOL_H, "segments": segments, "left_x": round(x, 1),
            "left_width": round(max(POOL_W - x, 0), 1), "used": pool.committed, "left": pool.left}
