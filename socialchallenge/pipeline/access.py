"""Who may see and manage what: challenge managers (owner, organisation admins) and visibility of hidden items."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.errors import NotAllowed, NotFound
from socialchallenge.models import Challenge, Organisation, OrganisationMember, Solution, User


def is_authenticated(user: Any) -> bool:
    """Whether `user` is a signed-in user (Flask-Login's anonymous user and None are not)."""
    return user is not None and getattr(user, "is_authenticated", False) and getattr(user, "id", None) is not None


def administers(session: Session, user: Any, organisation_id: int | None) -> bool:
    """Whether the user is an admin of the organisation."""
    if organisation_id is None or not is_authenticated(user):
        return False
    return session.scalar(
        select(OrganisationMember.is_admin).where(
            OrganisationMember.organisation_id == organisation_id, OrganisationMember.user_id == user.id
        )
    ) is True


def administered_organisations(session: Session, user: Any) -> list[Organisation]:
    """The organisations the user administers, by name: those they may post challenges for."""
    if not is_authenticated(user):
        return []
    return list(session.scalars(
        select(Organisation).join(OrganisationMember, OrganisationMember.organisation_id == Organisation.id)
        .where(OrganisationMember.user_id == user.id, OrganisationMember.is_admin.is_(True))
        .order_by(Organisation.name)
    ))


def can_manage(session: Session, user: Any, challenge: Challenge) -> bool:
    """Whether the user acts as the challenge's owner: the poster or an admin of its organisation."""
    if not is_authenticated(user):
        return False
    return challenge.owner_id == user.id or administers(session, user, challenge.organisation_id)


def require_manager(session: Session, user: Any, challenge: Challenge) -> None:
    """NotAllowed unless the user acts as the challenge's owner."""
    if not can_manage(session, user, challenge):
        raise NotAllowed(_("Only the owner of the challenge may do this."))


def require_team_member(user: Any, solution: Solution) -> None:
    """NotAllowed unless the user is on the solution's team."""
    if not is_authenticated(user) or not solution.has_member(user):
        raise NotAllowed(_("Only members of the team may do this."))


def can_see_challenge(session: Session, user: Any, challenge: Challenge) -> bool:
    """Hidden challenges (and their solutions) are for the secretariat and the owner only."""
    if not challenge.hidden:
        return True
    if not is_authenticated(user):
        return False
    return user.is_secretariat or can_manage(session, user, challenge)


def get_challenge(session: Session, challenge_id: int, viewer: Any = None, options=()) -> Challenge:
    """The challenge if it exists and the viewer may see it, else NotFound. With loader options it is read again
    even if the session holds it already, so what the options load is there (the big collections are lazy="raise")."""
    challenge = session.get(Challenge, challenge_id, options=list(options), populate_existing=bool(options))
    if challenge is None or not can_see_challenge(session, viewer, challenge):
        raise NotFound(_("There is no such challenge."))
    return challenge


def get_solution(session: Session, solution_id: int, viewer: Any = None, options=()) -> Solution:
    """The solution if it exists and the viewer may see its challenge, else NotFound (read again with options, as
    get_challenge)."""
    return visible_solution(session, session.get(Solution, solution_id, options=list(options),
                                                 populate_existing=bool(options)), viewer)


def visible_solution(session: Session, solution: Solution | None, viewer: Any = None) -> Solution:
    """A solution read by the caller's own statement, if there is one and the viewer may see its challenge, else
    NotFound (as get_solution)."""
    if solution is None or not can_see_challenge(session, viewer, solution.challenge):
        raise NotFound(_("There is no such solution."))
    return solution


def get_user(session: Session, user_id: int) -> User:
    """A user by id, else NotFound."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("There is no such user."))
    return user
