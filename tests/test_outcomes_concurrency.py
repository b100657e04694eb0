"""Answers and solution supports under concurrency (PostgreSQL only): counters stay true, nothing is answered twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from socialchallenge.community import supports
from socialchallenge.extensions import db
from socialchallenge.models import (
    Challenge,
    EventKind,
    Notification,
    Solution,
    SolutionEvent,
    SolutionSupport,
    Stage,
    User,
)
from socialchallenge.pipeline import challenges
from tests.builders import make_challenge, make_solution, make_user
from tests.racing import racing_app, run_together

# Racing apps in threads, each on connections of their own: the data must be committed.
pytestmark = [pytest.mark.postgres_only, pytest.mark.committed]


def run_at_once(app, jobs) -> list[str]:
    """Run the jobs together on connections of their own; the outcomes are "ok" or the domain error's code."""
    with racing_app(app, len(jobs)) as racer:
        return run_together(racer, jobs)


def _support(user_id: int, solution_id: int):
    user, solution = db.session.get(User, user_id), db.session.get(Solution, solution_id)
    return lambda: supports.add_support(db.session, user, solution, "")


def test_ten_members_supporting_at_once_are_all_counted_and_one_member_only_once(app):
    solution_id = make_solution(stage=Stage.proposal).id
    people = [make_user().id for _ in range(10)]
    outcomes = run_at_once(app, [lambda u=u: _support(u, solution_id) for u in people])
    assert outcomes == ["ok"] * 10, outcomes
    twice = make_user().id
    outcomes = run_at_once(app, [lambda: _support(twice, solution_id)] * 5)
    assert sorted(outcomes) == ["already_supported"] * 4 + ["ok"], outcomes
    db.session.expire_all()
    rows = db.session.scalar(select(func.count()).select_from(SolutionSupport)
                             .where(SolutionSupport.solution_id == solution_id))
    assert rows == 11 and db.session.get(Solution, solution_id).supports_count == 11


def test_closing_twice_at_once_answers_each_unpicked_solution_once(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("closings are serialised by row locks (SELECT ... FOR UPDATE), which SQLite does not have")
    owner = make_user()
    challenge = make_challenge(owner, min_solutions=1)
    make_solution(challenge, Stage.proposal, selected=True)
    left = [make_solution(challenge, Stage.proposal, selected=False) for _ in range(3)]
    answers = {str(s.id): f"Thank you; not this time ({s.title})." for s in left}
    owner_id, challenge_id = owner.id, challenge.id

    def close():
        who, found = db.session.get(User, owner_id), db.session.get(Challenge, challenge_id)
        return lambda: challenges.close_challenge(db.session, who, found, answers)

    outcomes = run_at_once(app, [close] * 4)
    assert outcomes == ["ok"] * 4, outcomes
    db.session.expire_all()
    for solution in left:
        kinds = db.session.scalars(select(SolutionEvent.kind).where(SolutionEvent.solution_id == solution.id,
                                                                   SolutionEvent.kind == EventKind.outcome)).all()
        assert len(kinds) == 1, solution.title
        lead = solution.team[0].user_id
        told = db.session.scalars(select(Notification.kind).where(Notification.user_id == lead)).all()
        assert told == ["solution_not_selected"]
