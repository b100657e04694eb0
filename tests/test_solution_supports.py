"""Supports on solutions (issue 15 item 5): "this would help me", once per member, counted on cards."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Follow, Solution, SolutionSupport, Stage
from tests.builders import make_challenge, make_solution, make_token, make_user
from tests.helpers import EN, submit, text


def test_support_a_solution_once_then_409(api):
    solution, member = make_solution(), make_user()
    token = make_token(member)
    first = api.post(f"/api/v1/solutions/{solution.id}/supports", {"story": "I wait there every day."}, token=token)
    assert first.status_code == 201
    assert first.get_json() == {"solution_id": solution.id, "story": "I wait there every day.", "supports_count": 1}
    second = api.post(f"/api/v1/solutions/{solution.id}/supports", {}, token=token)
    assert second.status_code == 409 and second.get_json()["error"]["code"] == "already_supported"
    assert db.session.get(Solution, solution.id).supports_count == 1
    # Supporters follow the solution, so they hear of its news (and of its outcome).
    assert db.session.scalar(select(Follow.id).where(Follow.user_id == member.id,
                                                     Follow.solution_id == solution.id)) is not None
    listed = api.get(f"/api/v1/solutions/{solution.id}/supports").get_json()
    assert [item["story"] for item in listed["items"]] == ["I wait there every day."]
    assert api.get(f"/api/v1/solutions/{solution.id}").get_json()["supports_count"] == 1


def test_withdrawing_a_solution_support_lowers_the_count_and_twice_is_404(api):
    solution, member = make_solution(), make_user()
    token = make_token(member)
    api.post(f"/api/v1/solutions/{solution.id}/supports", {}, token=token)
    assert api.delete(f"/api/v1/solutions/{solution.id}/supports", token=token).status_code == 204
    assert db.session.get(Solution, solution.id).supports_count == 0
    assert api.delete(f"/api/v1/solutions/{solution.id}/supports", token=token).status_code == 404


def test_solution_supports_need_a_token_and_a_short_story(api):
    solution = make_solution()
    assert api.post(f"/api/v1/solutions/{solution.id}/supports", {}).status_code == 401
    response = api.post(f"/api/v1/solutions/{solution.id}/supports", {"story": "x" * 501},
                        token=make_token(make_user()))
    assert response.status_code == 422 and "story" in response.get_json()["error"]["fields"]


def test_a_solution_of_a_hidden_challenge_cannot_be_supported(api):
    challenge = make_challenge(hidden=True, hidden_reason="spam")
    solution = make_solution(challenge)
    response = api.post(f"/api/v1/solutions/{solution.id}/supports", {}, token=make_token(make_user()))
    assert response.status_code == 404
    assert db.session.scalar(select(SolutionSupport.id)) is None


def test_a_member_supports_a_solution_on_its_page_and_cards_count_it(client, auth):
    solution = make_solution(stage=Stage.proposal, title="Umbrella library")
    member = make_user()
    auth.login(member)
    page = f"/solutions/{solution.id}"
    assert "0 people say this would help them" in text(client.get(page, headers=EN))
    response = submit(client, f"/solutions/{solution.id}/support", {"story": "My mother waits there."}, page=page)
    assert response.status_code == 302
    shown = text(client.get(page, headers=EN))
    assert "1 person says this would help them" in shown and "My mother waits there." in shown
    assert "Withdraw my support" in shown
    card = text(client.get(f"/challenges/{solution.challenge_id}", headers=EN))
    assert "1 supporter" in card
    assert submit(client, f"/solutions/{solution.id}/support/withdraw", page=page).status_code == 302
    assert "0 people say this would help them" in text(client.get(page, headers=EN))


def test_a_too_long_story_shows_on_the_support_form(client, auth):
    solution = make_solution()
    auth.login(make_user())
    response = submit(client, f"/solutions/{solution.id}/support", {"story": "x" * 501},
                      page=f"/solutions/{solution.id}", headers=EN)
    assert response.status_code == 422 and "How would this help you?" in text(response)
    assert db.session.get(Solution, solution.id).supports_count == 0
