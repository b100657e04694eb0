"""Demo content for teams by consent: a request to join and an invitation, both waiting for an answer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.models import JoinRequest, Solution, TeamInvitation, User
from socialchallenge.pipeline.teams import ASK_DAYS
from socialchallenge.timeutil import utcnow

SOLUTION_TITLE = "정류장 옆 가로수 심기"  # an idea of the Korean demo challenge, led by the demo solver


def seed_team_asks(session: Session, people: dict[str, User]) -> None:
    """The backer asks to join the solver's idea, and the solver has invited the citizen to it."""
    solution = session.scalar(select(Solution).where(Solution.title == SOLUTION_TITLE))
    if solution is None or session.scalar(select(JoinRequest.id).where(JoinRequest.solution_id == solution.id)):
        return  # no such idea, or already seeded
    until = utcnow() + timedelta(days=ASK_DAYS)
    session.add(JoinRequest(solution_id=solution.id, user_id=people["backer"].id, expires_at=until,
                            message="주말마다 물 주기를 맡을 수 있어요. I can water the trees at weekends."))
    session.add(TeamInvitation(solution_id=solution.id, email=people["citizen"].email,
                               invited_by_id=people["solver"].id, expires_at=until))
    session.flush()
