"""Values the database or the calendar cannot hold are refused where they are entered, with the field named
(issue 12 item 9): a schedule in the year 9999, budget lines whose sum overflows the campaign's goal."""

from __future__ import annotations

from socialchallenge.extensions import db
from socialchallenge.models import Solution, Stage
from tests.builders import make_solution, make_token, make_user
from tests.helpers import EN, submit, text

HUGE_BUDGET = [{"item": "Land", "amount": 2_000_000_000, "required": True},
               {"item": "Buildings", "amount": 2_000_000_000, "required": True}]


def test_a_schedule_in_the_year_9999_is_a_422_naming_the_field(app, api):
    solution = make_solution(stage=Stage.idea)
    response = api.patch(f"/api/v1/solutions/{solution.id}",
                         {"schedule_start": "9999-12-01", "schedule_end": "9999-12-31"},
                         token=make_token(solution.team[0].user))
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    fields = response.get_json()["error"]["fields"]
    assert "2099-12-31" in fields["schedule_start"] and "2099-12-31" in fields["schedule_end"]
    assert db.session.get(Solution, solution.id).schedule_start is None


def test_a_schedule_in_the_year_9999_shows_on_the_form(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.idea, team=[member])
    auth.login(member)
    response = submit(client, f"/solutions/{solution.id}/edit/proposal",
                      {"schedule_start": "9999-12-01", "action": "save"}, headers=EN)
    assert response.status_code == 422
    assert "Use a date from 2000-01-01 to 2099-12-31." in text(response)
    assert db.session.get(Solution, solution.id).schedule_start is None


def test_budget_lines_adding_up_past_the_goal_column_are_a_422_at_entry(app, api):
    solution = make_solution(stage=Stage.idea)
    response = api.patch(f"/api/v1/solutions/{solution.id}", {"budget_lines": HUGE_BUDGET},
                         token=make_token(solution.team[0].user))
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert "2,147,483,647" in response.get_json()["error"]["fields"]["budget_lines"]
    assert db.session.get(Solution, solution.id).budget_lines == []


def test_budget_lines_adding_up_past_the_goal_column_show_on_the_form(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.idea, team=[member])
    auth.login(member)
    response = submit(client, f"/solutions/{solution.id}/edit/crowdfunding", {
        "budget_lines-0-item": "Land", "budget_lines-0-amount": "2,000,000,000", "budget_lines-0-required": "y",
        "budget_lines-1-item": "Buildings", "budget_lines-1-amount": "2000000000", "budget_lines-1-required": "y",
        "action": "save"}, headers=EN)
    assert response.status_code == 422
    assert "The lines add up to more than ₩2,147,483,647." in text(response)
    assert db.session.get(Solution, solution.id).budget_lines == []
