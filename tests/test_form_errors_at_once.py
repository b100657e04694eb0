"""A form lists every problem on the first try: a bad value (a date) and the required fields left blank together
(issue 14 item 9), on the challenge form, the idea form and a stage form moving on."""

from __future__ import annotations

import re

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Solution, Stage
from tests.builders import make_challenge, make_solution, make_user
from tests.helpers import EN, submit, text


def summary_links(page: str) -> list[str]:
    """The fields the error summary links to, in order."""
    summary = page[page.index('class="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    return re.findall(r'href="#([a-z_]+)"', summary)


def test_the_challenge_form_shows_its_date_error_and_its_missing_fields_together(client, auth):
    auth.login(make_user())
    response = submit(client, "/challenges/new", {"title": "Short problem title", "solution_deadline": "2020-01-01"},
                      headers=EN)
    assert response.status_code == 422
    page = text(response)
    assert "The deadline must be in the future." in page
    assert {"solution_deadline", "problem", "affected", "area", "tags", "sdgs"} <= set(summary_links(page))
    assert 'aria-describedby="problem-error"' in page
    assert 'aria-describedby="solution_deadline-hint solution_deadline-error"' in page
    assert db.session.scalar(db.select(Challenge)) is None


def test_the_idea_form_shows_a_too_long_title_and_the_missing_summary_together(client, auth):
    challenge = make_challenge()
    auth.login(make_user())
    response = submit(client, f"/challenges/{challenge.id}/solutions/new", {"title": "x" * 500}, headers=EN)
    assert response.status_code == 422
    links = summary_links(text(response))
    assert "title" in links and len(links) >= 2
    assert db.session.scalar(db.select(Solution)) is None


def test_moving_on_with_a_bad_date_also_lists_the_blank_fields_the_next_stage_needs(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.idea, team=[member])
    auth.login(member)
    form = {"experiment_plan": "Put up a pop-up shelter for a month.", "schedule_start": "2030-02-31",
            "action": "advance"}
    response = submit(client, f"/solutions/{solution.id}/edit/proposal", form, headers=EN)
    assert response.status_code == 422
    page = text(response)
    links = summary_links(page)
    assert "schedule_start" in links
    for blank in ("experiment_goal", "learning_goals", "schedule_end"):
        assert blank in links, blank
    assert "experiment_plan" not in links
    assert db.session.get(Solution, solution.id).stage == Stage.idea
