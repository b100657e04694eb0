"""A member's public profile: their challenges, the solutions they work on and their public comments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from socialchallenge.community.comments import public_comments_by
from socialchallenge.models import Challenge, Solution, TeamMember, User
from socialchallenge.models.community import Comment
from socialchallenge.pipeline.access import get_user

LIST_MAX = 50


@dataclass
class Profile:
    """What a profile page shows."""

    user: User
    challenges: list[Challenge]
    solutions: list[Solution]
    comments: list[Comment]


def profile_of(session: Session, user_id: int) -> Profile:
    """The member's public contributions (nothing from hidden challenges), in a fixed number of queries."""
    user = get_user(session, user_id)
    challenges = session.scalars(
        select(Challenge).where(Challenge.owner_id == user.id, Challenge.hidden.is_(False))
        .order_by(Challenge.id.desc()).limit(LIST_MAX)
    ).all()
    solutions = session.scalars(
        select(Solution).join(TeamMember, TeamMember.solution_id == Solution.id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(TeamMember.user_id == user.id, Challenge.hidden.is_(False))
        .options(joinedload(Solution.challenge)).order_by(Solution.id.desc()).limit(LIST_MAX)
    ).all()
    visible_solution = Comment.solution.has(Solution.challenge.has(Challenge.hidden.is_(False)))
    comments = session.scalars(
        public_comments_by(user)
        .where(or_(Comment.challenge_id.is_(None), Comment.challenge.has(Challenge.hidden.is_(False))))
        .where(or_(Comment.solution_id.is_(None), visible_solution))
        .limit(LIST_MAX)
    ).all()
    return Profile(user, list(challenges), list(solutions), list(comments))
