"""Organisations: create one, manage its members and admins, mark it verified (secretariat)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from socialchallenge.core.text import Problems, comparison_key
from socialchallenge.errors import NotAllowed, NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import Organisation, OrganisationKind, OrganisationMember, User

NAME_MIN, NAME_MAX, DESCRIPTION_MAX = 2, 120, 2000


def _(text: str, **params) -> str:
    from flask_babel import gettext

    return gettext(text, **params)


def get_organisation(session: Session, org_id: int) -> Organisation:
    """An organisation with its members (and their users), else NotFound."""
    org = session.scalar(select(Organisation).where(Organisation.id == org_id).options(
        selectinload(Organisation.members).joinedload(OrganisationMember.user)))
    if org is None:
        raise NotFound(_("There is no such organisation."))
    return org


def is_org_admin(session: Session, user: User | None, organisation_id: int) -> bool:
    """Whether the user administers the organisation (secretariat counts as admin everywhere)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_secretariat:
        return True
    row = session.get(OrganisationMember, (organisation_id, user.id))
    return bool(row and row.is_admin)


def create_organisation(session: Session, actor: User, name: str, kind: str, description: str = "") -> Organisation:
    """Create an organisation; its creator becomes its first admin."""
    problems = Problems()
    between = _("Use between %(low)d and %(high)d characters.", low=NAME_MIN, high=NAME_MAX)
    name = problems.text("name", name, required=between, min_length=NAME_MIN, max_length=NAME_MAX,
                         too_short=between, too_long=between, single_line=True)
    taken = _("An organisation with this name already exists.")
    if name and session.scalar(select(Organisation.id).where(Organisation.name_key == comparison_key(name))):
        problems["name"] = taken
    if kind not in {k.value for k in OrganisationKind}:
        problems["kind"] = _("Choose a kind of organisation.")
    description = problems.text("description", description, max_length=DESCRIPTION_MAX)
    problems.raise_if_any()
    org = Organisation(name=name, kind=OrganisationKind(kind), description=description)
    try:
        with session.begin_nested():  # two look-alikes at once: the unique key decides, the second is refused
            session.add(org)
            session.flush()
    except IntegrityError:
        raise ValidationFailed(_("Please correct the marked fields."), {"name": taken}) from None
    session.add(OrganisationMember(organisation_id=org.id, user_id=actor.id, is_admin=True))
    return org


def add_member(session: Session, actor: User, org: Organisation, email: str, is_admin: bool = False) -> User:
    """Add (or re-role) a registered member by email; only the organisation's admins may."""
    if not is_org_admin(session, actor, org.id):
        raise NotAllowed(_("Only the organisation's admins can manage its members."))
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        raise ValidationFailed(_("Please correct the marked fields."),
                               {"email": _("No member has this email address. Ask them to sign up first.")})
    membership = session.get(OrganisationMember, (org.id, user.id))
    if membership is None:
        session.add(OrganisationMember(organisation_id=org.id, user_id=user.id, is_admin=is_admin))
    else:
        _keep_an_admin(session, org, membership, is_admin)
        membership.is_admin = is_admin
    return user


def remove_member(session: Session, actor: User, org: Organisation, user_id: int) -> None:
    """Remove a member; admins remove anyone, members remove themselves; the last admin stays."""
    membership = session.get(OrganisationMember, (org.id, user_id))
    if membership is None:
        return
    if actor.id != user_id and not is_org_admin(session, actor, org.id):
        raise NotAllowed(_("Only the organisation's admins can manage its members."))
    _keep_an_admin(session, org, membership, False)
    session.delete(membership)


def _keep_an_admin(session: Session, org: Organisation, membership: OrganisationMember, stays_admin: bool) -> None:
    # An organisation without admins could never be managed again, so the last one cannot step down.
    if membership.is_admin and not stays_admin:
        admins = session.scalar(select(func.count()).select_from(OrganisationMember).where(
            OrganisationMember.organisation_id == org.id, OrganisationMember.is_admin.is_(True)))
        if admins <= 1:
            raise RuleViolation(_("An organisation needs at least one admin."), code="last_admin")


def set_verified(session: Session, actor: User, org: Organisation, verified: bool) -> None:
    """Mark an organisation verified (or not); secretariat only."""
    if not actor.is_secretariat:
        raise NotAllowed(_("Only the secretariat can verify organisations."))
    org.verified = verified
