"""Hot paths: the main pages run a small, bounded number of SQL queries, and the big collections (a solution's
history, a challenge's solutions, an update's files) are never loaded by accident (lazy="raise")."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import InvalidRequestError

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, EventKind, ProgressUpdate, Solution, SolutionEvent, Stage
from tests.builders import make_challenge, make_solution, make_update, make_user
from tests.helpers import EN, queries_for

# The statements each page may run, whatever the number of rows (measured when the bounds were set; a page that
# needs more has started loading something per item, or something it does not show).
# The challenge list's 8th is its district menu (issue 16), one query whatever the number of challenges.
# The challenge page's 18th lists the challenge's events (issue 16 item 3), one query.
# The solution page's 20: issue 16 added three it shows, its impact indicators, their values and its answers.
BOUNDS = {"home": 12, "challenge list": 8, "challenge page": 18, "solution page": 20}


def _a_busy_site() -> tuple[Challenge, Solution]:
    stages = list(Stage)
    for n in range(25):
        challenge = make_challenge(tags=[f"t{n}", "shared"], min_solutions=1)
        for k in range(3):
            solution = make_solution(challenge, stages[(n + k) % 4], team=[make_user(), make_user()])
            for _ in range(3):
                db.session.add(SolutionEvent(solution_id=solution.id, kind=EventKind.team_joined, message="Hi"))
    db.session.commit()
    make_update(solution, solution.team[0].user)
    return challenge, solution


def test_the_main_pages_run_a_bounded_number_of_queries(client, auth):
    challenge, solution = _a_busy_site()
    auth.login(make_user())
    counts = {
        "home": queries_for(client, "/", headers=EN),
        "challenge list": queries_for(client, "/challenges", headers=EN),
        "challenge page": queries_for(client, f"/challenges/{challenge.id}", headers=EN),
        "solution page": queries_for(client, f"/solutions/{solution.id}", headers=EN),
    }
    assert all(counts[page] <= BOUNDS[page] for page in BOUNDS), counts


@pytest.mark.parametrize("attribute", ["Solution.events", "Challenge.solutions", "Challenge.selected_solutions",
                                       "ProgressUpdate.attachments"])
def test_big_collections_are_never_loaded_by_accident(app, attribute):
    solution = make_solution(stage=Stage.experiment)
    update = make_update(solution, solution.team[0].user)
    objects = {"Solution": (Solution, solution.id), "Challenge": (Challenge, solution.challenge_id),
               "ProgressUpdate": (ProgressUpdate, update.id)}
    model_name, name = attribute.split(".")
    db.session.expunge_all()
    model, key = objects[model_name]
    loaded = db.session.get(model, key)
    with pytest.raises(InvalidRequestError, match="lazy='raise'"):
        getattr(loaded, name)
