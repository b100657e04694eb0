"""Supports ("me too") on challenges: one per member, an optional short story, a counter kept in step."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from socialchallenge.community import follows
from socialchallenge.core.text import clean_text
from socialchallenge.errors import NotFound, RuleViolation
from socialchallenge.models import Challenge, User
from socialchallenge.models.community import STORY_MAX, Support


def clean_story(story: Any) -> str:
    """The story trimmed, or ValidationFailed when it is not text or too long."""
    return clean_text("story", story, max_length=STORY_MAX)


def has_supported(session: Session, user: Any, challenge: Challenge) -> bool:
    """Whether the user supports the challenge."""
    if getattr(user, "id", None) is None:
        return False
    return session.scalar(
        select(Support.id).where(Support.challenge_id == challenge.id, Support.user_id == user.id)
    ) is not None


def _bump(session: Session, challenge: Challenge, delta: int) -> None:
    # One UPDATE in the database, so concurrent supports never lose a count. updated_at is set to itself so its
    # onupdate does not fire: a support is not a change of the challenge (the curation queue watches updated_at).
    session.execute(
        update(Challenge).where(Challenge.id == challenge.id)
        .values(supports_count=Challenge.supports_count + delta, updated_at=Challenge.updated_at),
        execution_options={"synchronize_session": False},
    )
    session.refresh(challenge, ["supports_count"])


def add_support(session: Session, actor: User, challenge: Challenge, story: Any = None) -> Support:
    """Support a challenge once (RuleViolation the second time); supporters also follow it."""
    story = clean_story(story)
    if has_supported(session, actor, challenge):
        raise RuleViolation(_("You already support this challenge."), code="already_supported")
    support = Support(challenge_id=challenge.id, user_id=actor.id, story=story)
    try:
        with session.begin_nested():  # two clicks at once: the unique key decides, the loser gets 409
            session.add(support)
            session.flush()
    except IntegrityError as exc:
        raise RuleViolation(_("You already support this challenge."), code="already_supported") from exc
    _bump(session, challenge, +1)
    follows.follow(session, actor, challenge=challenge)
    return support


def remove_support(session: Session, actor: User, challenge: Challenge) -> None:
    """Withdraw one's support (NotFound when there was none)."""
    support = session.scalar(
        select(Support).where(Support.challenge_id == challenge.id, Support.user_id == actor.id)
    )
    if support is None:
        raise NotFound(_("You do not support this challenge."))
    session.delete(support)
    session.flush()
    _bump(session, challenge, -1)


def supports_of(challenge: Challenge) -> Select:
    """The challenge's supports with their members, newest first (stories for the challenge page)."""
    return (
        select(Support).where(Support.challenge_id == challenge.id)
        .options(joinedload(Support.user)).order_by(Support.id.desc())
    )
