"""Teams by consent: the team invites, the invitee answers; a member asks to join, the team answers; leaving."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from socialchallenge.accounts.service import normalise_email
from socialchallenge.core import events
from socialchallenge.core.text import clean_text
from socialchallenge.errors import NotAllowed, NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import (
    EventKind,
    JoinRequest,
    Solution,
    TeamAskStatus,
    TeamInvitation,
    TeamMember,
    TeamRole,
    User,
)
from socialchallenge.pipeline import history
from socialchallenge.pipeline.access import is_authenticated, require_team_member
from socialchallenge.timeutil import utcnow

ASK_DAYS = 14  # how long an invitation or a request to join stays open
MESSAGE_MAX = 500
# A team cannot turn invitations into a mailing list: past this many open ones it withdraws some first.
OPEN_INVITATIONS_MAX = 20


def _address(email: Any) -> str:
    if not isinstance(email, str) or not email.strip():
        raise ValidationFailed(_("Say whom to invite."), {"email": _("Enter an email address.")})
    try:
        return normalise_email(email)
    except ValidationFailed:
        raise ValidationFailed(_("Please correct the marked fields."),
                               {"email": _("Enter a valid email address.")}) from None


def _pending(model, solution_id: int, **where):
    return select(model).where(model.solution_id == solution_id, model.status == TeamAskStatus.pending,
                               *[getattr(model, name) == value for name, value in where.items()])


def _add_once(session: Session, row) -> bool:
    """Insert the row unless a concurrent request inserted its twin first (the partial unique indexes)."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def _lock_team(session: Session, solution: Solution) -> None:
    """Serialise changes to one team: lock its solution row (the order is challenge, solution, campaign), then
    read the team afresh. Without it an invitation and a request accepted at once deadlock on the new member's
    row, and the last two members leaving at once would leave an empty team."""
    session.execute(select(Solution.id).where(Solution.id == solution.id).with_for_update())
    session.expire(solution, ["team"])


def _decide(session: Session, row, status: TeamAskStatus, actor: User) -> None:
    """Close an open ask; of two answers at once only one wins, the other hears it was already answered."""
    if row.expired:
        raise RuleViolation(_("This has expired; it can no longer be answered."), code="expired")
    model = type(row)
    done = session.execute(
        update(model).where(model.id == row.id, model.status == TeamAskStatus.pending, model.expires_at > utcnow())
        .values(status=status, decided_at=utcnow(), decided_by_id=actor.id)
        .execution_options(synchronize_session=False))
    session.refresh(row, ["status", "decided_at", "decided_by_id"])
    if done.rowcount != 1:
        raise RuleViolation(_("This has already been answered or withdrawn."), code="already_answered")


def _join(session: Session, solution: Solution, user: User) -> bool:
    """Put the user on the team (once, even when two answers race) and close their other open asks for it."""
    joined = not solution.has_member(user) and _add_once(
        session, TeamMember(solution_id=solution.id, user_id=user.id, role=TeamRole.member))
    session.expire(solution, ["team"])
    now = utcnow()
    theirs = ((TeamInvitation, TeamInvitation.email == user.email), (JoinRequest, JoinRequest.user_id == user.id))
    for model, whose in theirs:
        session.execute(
            update(model).where(model.solution_id == solution.id, model.status == TeamAskStatus.pending, whose)
            .values(status=TeamAskStatus.accepted, decided_at=now, decided_by_id=user.id)
            .execution_options(synchronize_session=False))
    return joined


# --- invitations: the team asks -------------------------------------------------------------------------------

def invite(session: Session, actor: User, solution: Solution, email: Any) -> str:
    """Invite the holder of an address. The answer, and the team's list of open invitations, are the same whether
    or not the address has an account: a member is told in the app, anyone else is mailed a link to sign up."""
    require_team_member(actor, solution)
    address = _address(email)
    _lock_team(session, solution)
    invitee = session.scalar(select(User).where(User.email == address))
    if invitee is not None and solution.has_member(invitee):
        return address  # nothing to ask; nor does the answer say so
    invitation = session.scalar(_pending(TeamInvitation, solution.id, email=address))
    if invitation is not None and not invitation.expired:
        return address  # already asked: no second notice
    now = utcnow()
    if invitation is None:
        open_count = session.scalar(select(func.count()).select_from(TeamInvitation).where(
            TeamInvitation.solution_id == solution.id, TeamInvitation.status == TeamAskStatus.pending,
            TeamInvitation.expires_at > now))
        if open_count >= OPEN_INVITATIONS_MAX:
            raise RuleViolation(_("Your team has %(n)d open invitations. Withdraw some before inviting more.",
                                  n=OPEN_INVITATIONS_MAX), code="too_many_invitations")
        if not _add_once(session, TeamInvitation(solution_id=solution.id, email=address, invited_by_id=actor.id,
                                                 expires_at=now + timedelta(days=ASK_DAYS))):
            return address  # a teammate invited the same address at the same moment
    else:  # an expired invitation is asked again
        invitation.invited_by_id, invitation.created_at = actor.id, now
        invitation.expires_at = now + timedelta(days=ASK_DAYS)
    if invitee is not None and invitee.is_active:
        events.team_invited.send(session, solution=solution, invitee=invitee, actor=actor)
    elif invitee is None:
        events.team_invited_by_mail.send(session, solution=solution, address=address, actor=actor, days=ASK_DAYS)
    return address


def withdraw_invitation(session: Session, actor: User, invitation: TeamInvitation) -> TeamInvitation:
    """A team member takes back an open invitation."""
    require_team_member(actor, invitation.solution)
    _decide(session, invitation, TeamAskStatus.withdrawn, actor)
    return invitation


def answer_invitation(session: Session, actor: User, invitation: TeamInvitation, accept: bool) -> TeamInvitation:
    """The invitee accepts (and joins the team) or declines; the team hears the answer."""
    if not is_authenticated(actor) or invitation.email != actor.email:
        raise NotAllowed(_("This invitation is addressed to someone else."))
    solution = invitation.solution
    _lock_team(session, solution)
    _decide(session, invitation, TeamAskStatus.accepted if accept else TeamAskStatus.declined, actor)
    if accept and _join(session, solution, actor):
        history.record(session, solution, actor, EventKind.member_joined)
    events.invitation_answered.send(session, solution=solution, actor=actor, accepted=accept)
    return invitation


# --- requests to join: a member asks ---------------------------------------------------------------------------

def ask_to_join(session: Session, actor: User, solution: Solution, message: Any = "") -> JoinRequest:
    """A member asks to join the team, with an optional note; the team hears it and answers."""
    if not is_authenticated(actor):
        raise NotAllowed(_("Sign in to ask to join a team."))
    message = clean_text("message", message, max_length=MESSAGE_MAX,
                         too_long=_("Use at most %(n)d characters of text.", n=MESSAGE_MAX))
    _lock_team(session, solution)
    if solution.has_member(actor):
        raise RuleViolation(_("You are already on this team."), code="already_member")
    if any(i.is_open for i in session.scalars(_pending(TeamInvitation, solution.id, email=actor.email))):
        raise RuleViolation(_("The team has already invited you: accept the invitation to join."),
                            code="already_invited")
    now = utcnow()
    join_request = session.scalar(_pending(JoinRequest, solution.id, user_id=actor.id))
    if join_request is not None and not join_request.expired:
        raise RuleViolation(_("You have already asked to join this team."), code="already_asked")
    if join_request is None:
        join_request = JoinRequest(solution_id=solution.id, user_id=actor.id, message=message.strip(),
                                   expires_at=now + timedelta(days=ASK_DAYS))
        if not _add_once(session, join_request):
            raise RuleViolation(_("You have already asked to join this team."), code="already_asked")
    else:  # an expired request is made again
        join_request.message, join_request.created_at = message.strip(), now
        join_request.expires_at = now + timedelta(days=ASK_DAYS)
    events.join_requested.send(session, solution=solution, actor=actor)
    return join_request


def withdraw_join_request(session: Session, actor: User, join_request: JoinRequest) -> JoinRequest:
    """The member who asked takes the request back."""
    if not is_authenticated(actor) or join_request.user_id != actor.id:
        raise NotAllowed(_("Only the member who asked can withdraw this request."))
    _decide(session, join_request, TeamAskStatus.withdrawn, actor)
    return join_request


def answer_join_request(session: Session, actor: User, join_request: JoinRequest, accept: bool) -> JoinRequest:
    """A team member accepts (the member joins) or declines a request; the member who asked hears the answer."""
    solution = join_request.solution
    require_team_member(actor, solution)
    _lock_team(session, solution)
    _decide(session, join_request, TeamAskStatus.accepted if accept else TeamAskStatus.declined, actor)
    if accept and _join(session, solution, join_request.user):
        history.record(session, solution, actor, EventKind.team_joined, message=join_request.user.name)
    events.join_request_answered.send(session, solution=solution, member_id=join_request.user_id,
                                      accepted=accept, actor=actor)
    return join_request


def leave_team(session: Session, actor: User, solution: Solution) -> None:
    """Leave a team; the last member cannot leave, and the longest-standing member takes over as lead."""
    require_team_member(actor, solution)
    _lock_team(session, solution)
    require_team_member(actor, solution)  # they may have left in the request that held the lock
    if len(solution.team) == 1:
        raise RuleViolation(_("The last member of a team cannot leave it."), code="last_member")
    mine = next(m for m in solution.team if m.user_id == actor.id)
    solution.team.remove(mine)
    if mine.role == TeamRole.lead and not any(m.role == TeamRole.lead for m in solution.team):
        min(solution.team, key=lambda m: (m.joined_at, m.user_id)).role = TeamRole.lead
    history.record(session, solution, actor, EventKind.team_left, message=actor.name)
    session.flush()


# --- reading ---------------------------------------------------------------------------------------------------

def get_invitation(session: Session, invitation_id: int) -> TeamInvitation:
    """An invitation, else NotFound."""
    invitation = session.get(TeamInvitation, invitation_id, options=[joinedload(TeamInvitation.solution)])
    if invitation is None:
        raise NotFound(_("There is no such invitation."))
    return invitation


def get_join_request(session: Session, join_request_id: int) -> JoinRequest:
    """A request to join, else NotFound."""
    join_request = session.get(JoinRequest, join_request_id, options=[joinedload(JoinRequest.solution)])
    if join_request is None:
        raise NotFound(_("There is no such request to join."))
    return join_request


def team_invitations(solution: Solution, viewer: User) -> Select:
    """A select of the team's open invitations, oldest first (team only)."""
    require_team_member(viewer, solution)
    return (_pending(TeamInvitation, solution.id).where(TeamInvitation.expires_at > utcnow())
            .options(joinedload(TeamInvitation.solution), joinedload(TeamInvitation.invited_by))
            .order_by(TeamInvitation.id))


def team_join_requests(solution: Solution, viewer: User) -> Select:
    """A select of the open requests to join the team, oldest first (team only)."""
    require_team_member(viewer, solution)
    return (_pending(JoinRequest, solution.id).where(JoinRequest.expires_at > utcnow())
            .options(joinedload(JoinRequest.solution), joinedload(JoinRequest.user)).order_by(JoinRequest.id))


def invitations_to(user: User) -> Select:
    """A select of the open invitations addressed to the user's email, newest first."""
    return (select(TeamInvitation)
            .where(TeamInvitation.email == user.email, TeamInvitation.status == TeamAskStatus.pending,
                   TeamInvitation.expires_at > utcnow())
            .options(joinedload(TeamInvitation.solution), joinedload(TeamInvitation.invited_by))
            .order_by(TeamInvitation.id.desc()))


def join_requests_by(user: User) -> Select:
    """A select of the user's open requests to join teams, newest first."""
    return (select(JoinRequest)
            .where(JoinRequest.user_id == user.id, JoinRequest.status == TeamAskStatus.pending,
                   JoinRequest.expires_at > utcnow())
            .options(joinedload(JoinRequest.solution), joinedload(JoinRequest.user)).order_by(JoinRequest.id.desc()))


def my_open_asks(session: Session, user: User, solution: Solution) -> tuple[TeamInvitation | None, JoinRequest | None]:
    """For someone not on the team: their open invitation from it and their open request to join it."""
    if not is_authenticated(user):
        return None, None
    invitation = next(iter(session.scalars(_pending(TeamInvitation, solution.id, email=user.email)
                                           .where(TeamInvitation.expires_at > utcnow()))), None)
    join_request = next(iter(session.scalars(_pending(JoinRequest, solution.id, user_id=user.id)
                                             .where(JoinRequest.expires_at > utcnow()))), None)
    return invitation, join_request
