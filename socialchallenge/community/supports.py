"""Supports ("me too") on challenges and solutions: one per member, an optional short story, a counter kept in step."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from socialchallenge.community import follows
from socialchallenge.core.text import clean_text
from socialchallenge.errors import NotFound, RuleViolation
from socialchallenge.models import Challenge, Solution, User
from socialchallenge.models.community import STORY_MAX, Follow, SolutionSupport, Support

Target = Challenge | Solution


def clean_story(story: Any) -> str:
    """The story trimmed, or ValidationFailed when it is not text or too long."""
    return clean_text("story", story, max_length=STORY_MAX)


def _table(target: Target):
    """(support model, its column naming the target, the target's model) for a challenge or a solution."""
    if isinstance(target, Solution):
        return SolutionSupport, SolutionSupport.solution_id, Solution
    return Support, Support.challenge_id, Challenge


def _already(target: Target) -> str:
    if isinstance(target, Solution):
        return _("You already support this solution.")
    return _("You already support this challenge.")


def has_supported(session: Session, user: Any, target: Target) -> bool:
    """Whether the user supports the challenge or solution."""
    if getattr(user, "id", None) is None:
        return False
    model, column, _kind = _table(target)
    return session.scalar(select(model.id).where(column == target.id, model.user_id == user.id)) is not None


def relation(session: Session, user: Any, target: Target) -> dict:
    """{"supported": ..., "following": ...} for the user and the target, in one query."""
    if getattr(user, "id", None) is None:
        return {"supported": False, "following": False}
    model, column, _kind = _table(target)
    follow_target = Follow.solution_id if isinstance(target, Solution) else Follow.challenge_id
    supported, following = session.execute(select(
        exists().where(column == target.id, model.user_id == user.id),
        exists().where(follow_target == target.id, Follow.user_id == user.id),
    )).one()
    return {"supported": bool(supported), "following": bool(following)}


def _bump(session: Session, target: Target, delta: int) -> None:
    # One UPDATE in the database, so concurrent supports never lose a count. updated_at is set to itself so its
    # onupdate does not fire: a support is not a change of the target (the curation queue watches updated_at).
    _model, _column, kind = _table(target)
    session.execute(
        update(kind).where(kind.id == target.id)
        .values(supports_count=kind.supports_count + delta, updated_at=kind.updated_at),
        execution_options={"synchronize_session": False},
    )
    session.refresh(target, ["supports_count"])


def add_support(session: Session, actor: User, target: Target, story: Any = None) -> Support | SolutionSupport:
    """Support a challenge or solution once (RuleViolation the second time); supporters also follow it."""
    story = clean_story(story)
    if has_supported(session, actor, target):
        raise RuleViolation(_already(target), code="already_supported")
    model, _column, _kind = _table(target)
    key = "solution_id" if model is SolutionSupport else "challenge_id"
    support = model(**{key: target.id}, user_id=actor.id, story=story)
    try:
        with session.begin_nested():  # two clicks at once: the unique key decides, the loser gets 409
            session.add(support)
            session.flush()
    except IntegrityError as exc:
        raise RuleViolation(_already(target), code="already_supported") from exc
    _bump(session, target, +1)
    follows.follow(session, actor, **{key.removesuffix("_id"): target})
    return support


def remove_support(session: Session, actor: User, target: Target) -> None:
    """Withdraw one's support (NotFound when there was none)."""
    model, column, _kind = _table(target)
    support = session.scalar(select(model).where(column == target.id, model.user_id == actor.id))
    if support is None:
        if isinstance(target, Solution):
            raise NotFound(_("You do not support this solution."))
        raise NotFound(_("You do not support this challenge."))
    session.delete(support)
    session.flush()
    _bump(session, target, -1)


def supports_of(target: Target) -> Select:
    """The target's supports with their members, newest first (stories for its page)."""
    model, column, _kind = _table(target)
    return select(model).where(column == target.id).options(joinedload(model.user)).order_by(model.id.desc())


def stories_of(target: Target, limit: int) -> Select:
    """The latest supports of the target that tell a story, with their members."""
    model, _column, _kind = _table(target)
    return supports_of(target).where(model.story != "").limit(limit)
