"""Follows: members follow challenges and solutions to be told about their news."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialchallenge.models import Challenge, Solution, User
from socialchallenge.models.community import Follow


def _target(challenge: Challenge | None, solution: Solution | None):
    if (challenge is None) == (solution is None):
        raise ValueError("follow exactly one of a challenge or a solution")
    return (Follow.challenge_id == challenge.id) if challenge is not None else (Follow.solution_id == solution.id)


def is_following(session: Session, user: Any, challenge: Challenge | None = None,
                 solution: Solution | None = None) -> bool:
    """Whether the user follows the challenge or solution."""
    if getattr(user, "id", None) is None:
        return False
    return session.scalar(select(Follow.id).where(Follow.user_id == user.id, _target(challenge, solution))) is not None


def follow(session: Session, actor: User, challenge: Challenge | None = None,
           solution: Solution | None = None) -> tuple[Follow, bool]:
    """Follow a challenge or a solution; returns (the follow, whether it is new). Following twice is harmless."""
    existing = session.scalar(select(Follow).where(Follow.user_id == actor.id, _target(challenge, solution)))
    if existing is not None:
        return existing, False
    row = Follow(user_id=actor.id, challenge_id=challenge.id if challenge else None,
                 solution_id=solution.id if solution else None)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        # A concurrent request followed first; the result is the same.
        return session.scalar(select(Follow).where(Follow.user_id == actor.id, _target(challenge, solution))), False
    return row, True


def unfollow(session: Session, actor: User, challenge: Challenge | None = None,
             solution: Solution | None = None) -> bool:
    """Stop following; returns whether there was a follow."""
    result = session.execute(delete(Follow).where(Follow.user_id == actor.id, _target(challenge, solution)),
                             execution_options={"synchronize_session": False})
    return result.rowcount > 0


def follower_ids(session: Session, challenge: Challenge | None = None, solution: Solution | None = None) -> set[int]:
    """The ids of everyone following the challenge or solution."""
    return set(session.scalars(select(Follow.user_id).where(_target(challenge, solution))))
