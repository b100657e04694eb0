"""Who is told what: the subscribers of the domain events (core.events) that become notifications (see inbox.notify)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from socialchallenge.community import comments
from socialchallenge.community.follows import follower_ids
from socialchallenge.community.inbox import absolute_url, mark_read, notify, unread_count  # noqa: F401  (one import for callers)
from socialchallenge.mail import queue_mail
from socialchallenge.models import Challenge, Solution, TeamMember, User
from socialchallenge.models.community import Comment
from socialchallenge.models.secretariat import ResourceRequest


def challenge_link(challenge_id: int) -> str:
    """The site path of a challenge page."""
    return f"/challenges/{challenge_id}"


def solution_link(solution_id: int) -> str:
    """The site path of a solution page."""
    return f"/solutions/{solution_id}"


def comment_link(session: Session, comment: Comment) -> str:
    """The site path of the page of threads that shows the comment, at the comment."""
    page = comments.page_of(session, comment)
    path = challenge_link(comment.challenge_id) if comment.challenge_id is not None else solution_link(
        comment.solution_id)
    return f"{path}{f'?comments_page={page}' if page > 1 else ''}#comment-{comment.id}"


def team_link(solution_id: int) -> str:
    """The site path of a solution's team page, where the team answers requests to join."""
    return f"/solutions/{solution_id}/team"


INVITATIONS_LINK = "/invitations"  # where a member answers the invitations addressed to them


def team_ids(session: Session, solution: Solution) -> set[int]:
    """The ids of the solution's team members."""
    return set(session.scalars(select(TeamMember.user_id).where(TeamMember.solution_id == solution.id)))


def solution_submitted(session: Session, solution: Solution, actor: User) -> None:
    """A new solution: the challenge's owner and followers hear of it."""
    challenge = solution.challenge
    recipients = follower_ids(session, challenge=challenge) | {challenge.owner_id}
    notify(session, recipients, "solution_submitted", actor, solution_link(solution.id),
           solution=solution.title, challenge=challenge.title)


def selection_changed(session: Session, challenge: Challenge, added: Iterable[Solution],
                      removed: Iterable[Solution], actor: User) -> None:
    """Selections and withdrawals: the teams concerned, the solution's and the challenge's followers."""
    challenge_followers = follower_ids(session, challenge=challenge)
    for solution in added:
        recipients = team_ids(session, solution) | follower_ids(session, solution=solution) | challenge_followers
        notify(session, recipients, "solution_selected", actor, solution_link(solution.id),
               solution=solution.title, challenge=challenge.title)
    for solution in removed:
        recipients = team_ids(session, solution) | follower_ids(session, solution=solution)
        notify(session, recipients, "selection_withdrawn", actor, solution_link(solution.id),
               solution=solution.title, challenge=challenge.title)


def adopted(session: Session, challenge: Challenge, solution: Solution, actor: User) -> None:
    """An adoption: the challenge's followers, the solution's followers and every selected team."""
    selected = session.scalars(select(Solution.id).where(Solution.challenge_id == challenge.id,
                                                         Solution.selected.is_(True))).all()
    teams = set(session.scalars(select(TeamMember.user_id).where(TeamMember.solution_id.in_(selected or [0]))))
    recipients = follower_ids(session, challenge=challenge) | follower_ids(session, solution=solution) | teams
    notify(session, recipients, "solution_adopted", actor, solution_link(solution.id),
           solution=solution.title, challenge=challenge.title)


def outcome_given(session: Session, challenge: Challenge, solution: Solution, actor: User | None) -> None:
    """An unpicked solution's outcome and the owner's reason: its team, supporters and followers."""
    from socialchallenge.models.community import SolutionSupport

    supporters = set(session.scalars(select(SolutionSupport.user_id).where(SolutionSupport.solution_id == solution.id)))
    recipients = team_ids(session, solution) | supporters | follower_ids(session, solution=solution)
    kind = "solution_not_selected" if solution.outcome.value == "not_selected" else "solution_archived"
    notify(session, recipients, kind, actor, solution_link(solution.id), solution=solution.title,
           challenge=challenge.title)


def review_decided(session: Session, solution: Solution, approved: bool, actor: User, message: str = "") -> None:
    """A campaign review decision: the team hears it."""
    kind = "campaign_approved" if approved else "campaign_changes_requested"
    notify(session, team_ids(session, solution), kind, actor, solution_link(solution.id),
           solution=solution.title, message=message or "")


def solution_advanced(session: Session, solution: Solution, actor: User | None) -> None:
    """A stage change: the team and the solution's followers."""
    recipients = team_ids(session, solution) | follower_ids(session, solution=solution)
    stage = getattr(solution.stage, "value", solution.stage)
    notify(session, recipients, "solution_advanced", actor, solution_link(solution.id),
           solution=solution.title, stage=stage)


def update_posted(session: Session, solution: Solution, title: str, actor: User) -> None:
    """A progress update: the solution's followers and the rest of the team."""
    recipients = team_ids(session, solution) | follower_ids(session, solution=solution)
    notify(session, recipients, "update_posted", actor, solution_link(solution.id), solution=solution.title,
           title=title)


# A solution's team but its backer (parameters `team_solution`, `team_backer`): who hears of a pledge.
_TEAM_BUT_BACKER = select(TeamMember.user_id).where(TeamMember.solution_id == bindparam("team_solution"),
                                                    TeamMember.user_id != bindparam("team_backer"))


def pledge_received(session: Session, solution: Solution, actor: User, anonymous: bool = False) -> None:
    """A pledge: the team hears who backed them (or "someone", for an anonymous pledge)."""
    # The team's ids as a subquery of the recipients' statement: one round trip, not two; built once.
    notify(session, _TEAM_BUT_BACKER, "pledge_received", None if anonymous else actor, solution_link(solution.id),
           bound={"team_solution": solution.id, "team_backer": actor.id}, solution=solution.title)


def skill_offered(session: Session, solution: Solution, actor: User, skill: str, hours: int) -> None:
    """An offer of time: the team hears it, on the page where it answers."""
    notify(session, team_ids(session, solution), "skill_offered", actor,
           f"/solutions/{solution.id}/campaign/manage#skills", solution=solution.title, skill=skill, hours=hours)


def skill_offer_answered(session: Session, solution: Solution, member_id: int, accepted: bool, skill: str,
                         hours: int, actor: User) -> None:
    """The team's answer: the member who offered hears it."""
    kind = "skill_offer_accepted" if accepted else "skill_offer_declined"
    # The solution page always exists; its campaign page only once the campaign is public.
    notify(session, [member_id], kind, actor, solution_link(solution.id), solution=solution.title, skill=skill,
           hours=hours)


def team_invited(session: Session, solution: Solution, invitee: User, actor: User) -> None:
    """An invitation to a member: they hear it, on the page where they answer."""
    notify(session, [invitee], "team_invited", actor, INVITATIONS_LINK, solution=solution.title)


def team_invited_by_mail(session: Session, solution: Solution, address: str, actor: User, days: int) -> None:
    """An invitation to an address without an account: a mail asking its holder to sign up with it to answer
    (in the inviter's language, the only one known)."""
    link = absolute_url(f"/auth/sign-up?next={INVITATIONS_LINK}")
    queue_mail(session, address, _("You are invited to join a team on SocialChallenge"), _(
        'Hello,\n\n%(name)s invited you to join the team of "%(solution)s" on SocialChallenge, a platform where '
        "citizens turn local problems into tested experiments.\n\nTo answer, sign up with this email address "
        "(%(email)s) within %(days)d days; the invitation waits for you:\n%(link)s\n\n"
        "If you do not want to join, ignore this message: nobody joins a team without saying yes.",
        name=actor.name, solution=solution.title, email=address, days=days, link=link))


def invitation_answered(session: Session, solution: Solution, actor: User, accepted: bool) -> None:
    """The invitee's answer: the team hears it."""
    kind = "invitation_accepted" if accepted else "invitation_declined"
    notify(session, team_ids(session, solution), kind, actor, team_link(solution.id), solution=solution.title)


def join_requested(session: Session, solution: Solution, actor: User) -> None:
    """A request to join: the team hears it, on the page where it answers."""
    notify(session, team_ids(session, solution), "join_requested", actor, team_link(solution.id),
           solution=solution.title)


def join_request_answered(session: Session, solution: Solution, member_id: int, accepted: bool, actor: User) -> None:
    """The team's answer: the member who asked hears it."""
    kind = "join_request_accepted" if accepted else "join_request_declined"
    notify(session, [member_id], kind, actor, team_link(solution.id) if accepted else solution_link(solution.id),
           solution=solution.title)


def campaign_settled(session: Session, solution: Solution, succeeded: bool, backer_ids: Iterable[int] = ()) -> None:
    """A campaign outcome: the team, the backers and the solution's followers."""
    recipients = team_ids(session, solution) | set(backer_ids) | follower_ids(session, solution=solution)
    kind = "campaign_succeeded" if succeeded else "campaign_failed"
    notify(session, recipients, kind, None, solution_link(solution.id), solution=solution.title)


def comment_posted(session: Session, comment: Comment, actor: User, challenge: Challenge | None = None,
                   solution: Solution | None = None, parent: Comment | None = None) -> None:
    """A comment: the author replied to, the team (or the challenge's owner) and the target's followers."""
    if solution is not None:
        target = solution.title
        recipients = team_ids(session, solution) | follower_ids(session, solution=solution)
    else:
        target = challenge.title
        recipients = {challenge.owner_id} | follower_ids(session, challenge=challenge)
    link = comment_link(session, comment)
    if parent is not None and not parent.deleted:
        notify(session, [parent.author_id], "comment_reply", actor, link, target=target)
        recipients.discard(parent.author_id)
    notify(session, recipients, "comment_posted", actor, link, target=target)


def resource_request_decided(session: Session, request: ResourceRequest, actor: User, message: str = "") -> None:
    """The secretariat's answer to a resource request: the team hears it, with the message."""
    notify(session, team_ids(session, request.solution), f"resource_{request.status.value}", actor,
           solution_link(request.solution_id), resource=request.resource.title, message=message)
