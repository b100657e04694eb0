"""Row locks for pipeline changes, taken in one order everywhere (challenge, then solution, then campaign).

Every transition, selection, adoption, review decision and settlement locks first and then reads again, so two
requests at once queue up: the second sees what the first did and is refused by the same rule (409). One order
means no deadlocks; on SQLite (one writer at a time) the locks are no-ops."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from socialchallenge.errors import RuleViolation
from socialchallenge.models import Campaign, Challenge, Solution

# The partial unique index that backs "one campaign in review or live per solution" (migration 0012).
ONE_OPEN_CAMPAIGN = "uq_campaigns_one_open_per_solution"
# PostgreSQL's "try again" errors: serialization failure, deadlock, lock not available.
RETRYABLE_STATES = {"40001", "40P01", "55P03"}


def _for_update(stmt):
    # NO KEY UPDATE: blocks other writers of the row but not inserts that merely point at it (history, pledges).
    return stmt.with_for_update(key_share=True).execution_options(populate_existing=True)


def lock_challenge(session: Session, challenge_id: int, solution_ids: Iterable[int] | None = None) -> list[Solution]:
    """Lock the challenge, then its solutions (all, or those named) by id, then their campaigns by id.

    The rows are read again from the database, so checks made after this see the latest committed state."""
    session.execute(_for_update(select(Challenge).where(Challenge.id == challenge_id))).scalars().all()
    query = select(Solution).where(Solution.challenge_id == challenge_id)
    if solution_ids is not None:
        query = query.where(Solution.id.in_(list(solution_ids)))
    solutions = list(session.execute(_for_update(query.order_by(Solution.id))).scalars())
    ids = [s.id for s in solutions]
    if ids:
        session.execute(_for_update(select(Campaign).where(Campaign.solution_id.in_(ids)).order_by(Campaign.id))
                        ).scalars().all()
    for solution in solutions:
        # A campaign another request added meanwhile shows up when the list is next read.
        session.expire(solution, ["campaigns"])
    return solutions


def lock_solution(session: Session, solution: Solution) -> None:
    """Lock the solution's challenge, the solution and its campaigns (in that order), and read them again."""
    lock_challenge(session, solution.challenge_id, [solution.id])


def conflict_from(exc: BaseException) -> RuleViolation | None:
    """The 409 a database error stands for when two requests collided, or None for any other error."""
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in RETRYABLE_STATES:
        return RuleViolation(_("Someone else changed this at the same moment. Reload the page and try again."),
                             code="conflict")
    if isinstance(exc, IntegrityError):
        diag = getattr(orig, "diag", None)
        constraint = getattr(diag, "constraint_name", None)
        if constraint == ONE_OPEN_CAMPAIGN or (constraint is None and "campaigns.solution_id" in str(orig)):
            return RuleViolation(_("The campaign is already waiting for review."), code="review_pending")
    return None
