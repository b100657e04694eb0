"""Search's rows: each kind of hit (challenges, solutions) as a select of (kind, id, created_at, supports,
closing_at, score) under the filters, and the ORDER BY of each sort, shared by the challenge list and search."""

from __future__ import annotations

from sqlalchemy import and_, case, exists, func, literal_column, null, select
from sqlalchemy.orm import Session

from socialchallenge.models import (
    Campaign,
    CampaignStatus,
    Challenge,
    ChallengeSdg,
    ChallengeStatus,
    Solution,
    Stage,
    Tag,
    challenge_tags,
)
from socialchallenge.search.filters import Filters
from socialchallenge.search.text import like_pattern, relevance, text_matches


def challenge_filters(f: Filters) -> list:
    conditions = [Challenge.hidden.is_(False)]
    if f.status is not None:
        conditions.append(Challenge.status == f.status)
    if f.district:
        conditions.append(Challenge.district_code == f.district)
    if f.area:
        conditions.append(Challenge.area.ilike(like_pattern(" ".join(f.area.split())), escape="\\"))
    if f.tag:
        name = " ".join(f.tag.split()).lower()
        conditions.append(exists().where(challenge_tags.c.challenge_id == Challenge.id,
                                         challenge_tags.c.tag_id == Tag.id, Tag.name == name))
    if f.sdg is not None:
        conditions.append(exists().where(ChallengeSdg.challenge_id == Challenge.id, ChallengeSdg.sdg == f.sdg))
    return conditions


def challenge_closing(now):
    # A challenge closes at its deadline while it is open and the deadline is ahead; otherwise it is not closing.
    return case((and_(Challenge.status == ChallengeStatus.open, Challenge.solution_deadline >= now),
                 Challenge.solution_deadline), else_=null())


def challenge_rows(session: Session, q: str | None, f: Filters, now):
    return select(
        literal_column("'challenge'").label("kind"), Challenge.id.label("id"),
        Challenge.created_at.label("created_at"), Challenge.supports_count.label("supports"),
        challenge_closing(now).label("closing_at"), relevance(session, Challenge, q).label("score"),
    ).where(*challenge_filters(f), text_matches(session, Challenge, q))


def solution_rows(session: Session, q: str | None, f: Filters, now):
    # A solution's supporters are the backers of its campaign; "closing" is its live campaign's deadline.
    backers = select(func.coalesce(func.max(Campaign.backers), 0)).where(
        Campaign.solution_id == Solution.id).scalar_subquery()
    closing = select(func.min(Campaign.deadline)).where(
        Campaign.solution_id == Solution.id, Campaign.status == CampaignStatus.live, Campaign.deadline >= now,
    ).scalar_subquery()
    conditions = []
    if f.stage and f.stage != "challenge":
        conditions.append(Solution.stage == Stage(f.stage))
    if f.goal_achievement is not None:
        conditions.append(Solution.goal_achievement == f.goal_achievement)
    rows = select(
        literal_column("'solution'").label("kind"), Solution.id.label("id"),
        Solution.created_at.label("created_at"), backers.label("supports"), closing.label("closing_at"),
        relevance(session, Solution, q).label("score"),
    ).where(*conditions, text_matches(session, Solution, q))
    if f.status is None and not f.district and not f.area and not f.tag and f.sdg is None:
        # Only the challenge's visibility counts: leave out the few hidden ones rather than join every challenge
        # (a hash join read all 100,000 challenges for each search; issue 17 goal 4).
        return rows.where(Solution.challenge_id.not_in(select(Challenge.id).where(Challenge.hidden.is_(True))))
    return rows.join(Challenge, Challenge.id == Solution.challenge_id).where(*challenge_filters(f))


def order_by(sort: str, *, created_at, id_, supports, closing_at, score, kind=None) -> list:
    """The ORDER BY of each sort, for the challenge list and for search alike."""
    tie = [created_at.desc(), *([kind] if kind is not None else []), id_.desc()]
    if sort == "relevance":  # without a query every score is 0: newest first
        return [score.desc(), *tie]
    if sort == "most_supported":
        return [supports.desc(), *tie]
    if sort == "closing_soon":
        # Items still taking part with a deadline ahead first, soonest first; the rest newest first. The explicit
        # rank keeps NULLs in one place on both databases (SQLite sorts them first, PostgreSQL last).
        return [case((closing_at.is_(None), 1), else_=0), closing_at.asc(), *tie]
    return tie
