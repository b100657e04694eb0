"""What a challenge or solution page shows of its community, read by the page's view and handed to its template:
the member's support and follow, the support stories, and the page of comment threads that ?comments_page= asks for."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user
from sqlalchemy import exists, false, select

from socialchallenge.community import comments, supports
from socialchallenge.core.paging import page_number
from socialchallenge.extensions import db
from socialchallenge.models import (
    Challenge,
    Comment,
    Follow,
    OrganisationMember,
    Solution,
    SolutionSupport,
    Support,
    TeamMember,
)

STORIES_SHOWN = 10


def comment_threads(challenge: Challenge | None = None, solution: Solution | None = None) -> comments.ThreadPage:
    """The page of the target's threads that ?comments_page= asks for (anything but a positive number means the
    first): a fixed number of queries however many there are."""
    page = page_number(request.args.get("comments_page"))
    return comments.thread_page(db.session, page, challenge=challenge, solution=solution)


def community_state(target: Challenge | Solution) -> dict:
    """The current member's relation to the target: supports it? follows it? (one query)."""
    if not current_user.is_authenticated:
        return {"supported": False, "following": False}
    return supports.relation(db.session, current_user, target)


def reader_relation(target: Challenge | Solution, organisation_id: int | None) -> dict:
    """What a shared fragment of the target's page must know of the signed-in reader, in one query: supports it?
    follows it? wrote a comment on it (the comments then show them edit and delete)? on its team (a solution)?
    an admin of the organisation (the challenge's, which makes them its owner side)?"""
    solution = isinstance(target, Solution)
    support = SolutionSupport if solution else Support
    support_of = SolutionSupport.solution_id if solution else Support.challenge_id
    follow_of = Follow.solution_id if solution else Follow.challenge_id
    comment_of = Comment.solution_id if solution else Comment.challenge_id
    me = current_user.id
    supported, following, commented, on_team, admin = db.session.execute(select(
        exists().where(support_of == target.id, support.user_id == me),
        exists().where(follow_of == target.id, Follow.user_id == me),
        exists().where(comment_of == target.id, Comment.author_id == me),
        exists().where(TeamMember.solution_id == target.id, TeamMember.user_id == me) if solution else false(),
        exists().where(OrganisationMember.organisation_id == organisation_id, OrganisationMember.user_id == me,
                       OrganisationMember.is_admin.is_(True)) if organisation_id is not None else false(),
    )).one()
    return {"supported": bool(supported), "following": bool(following), "commented": bool(commented),
            "on_team": bool(on_team), "admin": bool(admin)}


def shared_reader(target: Challenge | Solution, challenge: Challenge) -> tuple[str, dict] | None:
    """The kind of reader a shared fragment of the target's page is kept for, and their support and follow state:
    a visitor, or a member with no relation to it. None for the secretariat, the challenge's owner side, its team
    (a solution) and anyone who commented on it: their page is made for them."""
    if not current_user.is_authenticated:
        return "visitor", {"supported": False, "following": False}
    if current_user.is_secretariat or challenge.owner_id == current_user.id:
        return None
    relation = reader_relation(target, challenge.organisation_id)
    if relation["admin"] or relation["commented"] or relation["on_team"]:
        return None
    return ("member-{supported:d}{following:d}".format(**relation),
            {"supported": relation["supported"], "following": relation["following"]})


def support_stories(target: Challenge | Solution) -> list:
    """The latest supports of a challenge or solution that tell a story, with their members."""
    if not target.supports_count:
        return []  # nobody supports it yet: nothing to read
    return list(db.session.scalars(supports.stories_of(target, STORIES_SHOWN)))


def for_challenge(challenge: Challenge, state: dict | None = None) -> dict[str, Any]:
    """The challenge page's community part, shown by templates/community/_supports.html and _comments.html
    (`state`: the reader's support and follow when already known)."""
    return {"kind": "challenges", "target": challenge, "state": state or community_state(challenge),
            "stories": support_stories(challenge), "threads": comment_threads(challenge=challenge)}


def for_solution(solution: Solution, state: dict | None = None) -> dict[str, Any]:
    """The solution page's community part, shown by templates/community/_supports.html and _comments.html
    (`state`: the reader's support and follow when already known)."""
    return {"kind": "solutions", "target": solution, "state": state or community_state(solution),
            "stories": support_stories(solution), "threads": comment_threads(solution=solution)}
