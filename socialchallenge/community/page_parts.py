"""What a challenge or solution page shows of its community, read by the page's view and handed to its template:
the member's support and follow, the support stories, and the page of comment threads that ?comments_page= asks for."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from socialchallenge.community import comments, supports
from socialchallenge.core.paging import page_number
from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Solution

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


def support_stories(target: Challenge | Solution) -> list:
    """The latest supports of a challenge or solution that tell a story, with their members."""
    if not target.supports_count:
        return []  # nobody supports it yet: nothing to read
    return list(db.session.scalars(supports.stories_of(target, STORIES_SHOWN)))


def for_challenge(challenge: Challenge) -> dict[str, Any]:
    """The challenge page's community part, shown by templates/community/_supports.html and _comments.html."""
    return {"kind": "challenges", "target": challenge, "state": community_state(challenge),
            "stories": support_stories(challenge), "threads": comment_threads(challenge=challenge)}


def for_solution(solution: Solution) -> dict[str, Any]:
    """The solution page's community part, shown by templates/community/_supports.html and _comments.html."""
    return {"kind": "solutions", "target": solution, "state": community_state(solution),
            "stories": support_stories(solution), "threads": comment_threads(solution=solution)}
