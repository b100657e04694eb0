"""Pages of the pipeline API run a fixed number of SQL queries whatever the number of rows (no N+1)."""

from __future__ import annotations

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import EventKind, SolutionEvent, TeamMember
from tests.builders import make_challenge, make_solution, make_update, make_user
from tests.helpers import count_queries


def api_queries(api, path):
    db.session.expire_all()
    with count_queries() as statements:
        response = api.get(path)
    assert response.status_code == 200, response.get_json()
    return len(statements)


def many_challenges(n):
    for i in range(n):
        challenge = make_challenge(tags=["mobility", f"topic {i}"], sdgs=[3, 11], min_solutions=1)
        make_solution(challenge, stage="proposal", selected=True)


def challenge_with_solutions(n):
    challenge = make_challenge(min_solutions=1)
    for i in range(n):
        make_solution(challenge, stage=["idea", "proposal", "crowdfunding", "experiment"][i % 4],
                      team=[make_user(), make_user()])
    return challenge


def busy_solution(n):
    solution = make_solution(stage="crowdfunding", budget_lines=[
        {"item": f"Line {i}", "amount": 100 + i, "required": i % 2 == 0} for i in range(n)])
    for _ in range(n):
        user = make_user()
        db.session.add(TeamMember(solution_id=solution.id, user_id=user.id))
        db.session.add(SolutionEvent(solution_id=solution.id, actor_id=user.id, kind=EventKind.team_joined))
        make_update(solution, author=user)
    db.session.commit()
    return solution


@pytest.mark.parametrize("build, path", [
    (many_challenges, lambda _: "/api/v1/challenges?per_page=100"),
    (challenge_with_solutions, lambda c: f"/api/v1/challenges/{c.id}"),
    (challenge_with_solutions, lambda c: f"/api/v1/challenges/{c.id}/solutions?per_page=100"),
    (busy_solution, lambda s: f"/api/v1/solutions/{s.id}"),
    (busy_solution, lambda s: f"/api/v1/solutions/{s.id}/updates?per_page=100"),
], ids=["challenge list", "challenge", "challenge's solutions", "solution", "solution's updates"])
def test_query_count_does_not_grow_with_rows(app, api, build, path):
    few = api_queries(api, path(build(5)))
    many = api_queries(api, path(build(50)))
    assert many == few, f"{few} queries for 5 rows, {many} for 50"
    assert few <= 12
