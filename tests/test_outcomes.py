"""An answer for every idea (issue 15 item 4): outcomes and reasons when a challenge closes, through the API."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Notification, Role, SolutionEvent, Stage
from tests.builders import make_challenge, make_follow, make_solution, make_token, make_user


def told(user) -> list[str]:
    """The kinds of in-app notifications a user has."""
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def error(response) -> dict:
    return response.get_json()["error"]


def _picking_challenge():
    """A challenge with four candidates (one picked), one idea, and the owner's token."""
    owner = make_user()
    challenge = make_challenge(owner, min_solutions=4)
    picked, *others = [make_solution(challenge, Stage.proposal, selected=False) for _ in range(4)]
    idea = make_solution(challenge, Stage.idea)
    return challenge, picked, others, idea, make_token(owner)


def _answers(solutions, text="Thank you: another team's idea fit the budget better.") -> dict:
    return {str(s.id): f"{text} ({s.title})" for s in solutions}


def test_every_unpicked_solution_gets_its_outcome_and_its_team_a_notification_when_the_challenge_closes(api):
    challenge, picked, others, idea, token = _picking_challenge()
    supporter, follower = make_user(), make_user()
    assert api.post(f"/api/v1/solutions/{others[0].id}/supports", {}, token=make_token(supporter)).status_code == 201
    make_follow(follower, solution=others[1])
    response = api.put(f"/api/v1/challenges/{challenge.id}/selection",
                       {"solution_ids": [picked.id], "answers": _answers(others)}, token=token)
    assert response.status_code == 200, response.get_json()
    # Before the challenge closes the reasons are the owner's drafts: nothing is public, nobody is told.
    body = api.get(f"/api/v1/solutions/{others[0].id}").get_json()
    assert body["outcome"] is None and body["outcome_reason"] is None
    assert told(others[0].team[0].user) == []

    response = api.patch(f"/api/v1/challenges/{challenge.id}",
                         {"status": "closed", "answers": {str(idea.id): "It stayed an idea; try it again."}},
                         token=token)
    assert response.status_code == 200, response.get_json()
    for solution in others:
        body = api.get(f"/api/v1/solutions/{solution.id}").get_json()
        assert body["outcome"] == "not_selected"
        assert body["outcome_reason"] == f"Thank you: another team's idea fit the budget better. ({solution.title})"
        assert body["history"][-1]["kind"] == "outcome" and body["history"][-1]["message"] == body["outcome_reason"]
        assert told(solution.team[0].user) == ["solution_not_selected"]
    body = api.get(f"/api/v1/solutions/{idea.id}").get_json()
    assert body["outcome"] == "archived" and body["outcome_reason"] == "It stayed an idea; try it again."
    assert told(idea.team[0].user) == ["solution_archived"]
    picked_body = api.get(f"/api/v1/solutions/{picked.id}").get_json()
    assert picked_body["outcome"] is None and told(picked.team[0].user) == ["solution_selected"]
    assert "solution_not_selected" in told(supporter) and "solution_not_selected" in told(follower)
    listed = api.get(f"/api/v1/challenges/{challenge.id}/solutions").get_json()["items"]
    assert {s["id"]: s["outcome"] for s in listed} == {
        picked.id: None, **{s.id: "not_selected" for s in others}, idea.id: "archived"}


def test_closing_without_a_reason_for_each_unpicked_solution_is_refused_naming_them(api):
    challenge, picked, others, idea, token = _picking_challenge()
    api.put(f"/api/v1/challenges/{challenge.id}/selection", {"solution_ids": [picked.id]}, token=token)
    response = api.patch(f"/api/v1/challenges/{challenge.id}",
                         {"status": "closed", "answers": _answers(others[:1])}, token=token)
    assert response.status_code == 422
    fields = error(response)["fields"]
    assert set(fields) == {f"answers.{s.id}" for s in [*others[1:], idea]}
    assert others[1].title in fields[f"answers.{others[1].id}"]
    assert api.get(f"/api/v1/challenges/{challenge.id}").get_json()["status"] == "open"
    assert told(others[0].team[0].user) == []


def test_a_blank_reason_is_refused_with_the_field_named(api):
    challenge, picked, others, idea, token = _picking_challenge()
    response = api.put(f"/api/v1/challenges/{challenge.id}/selection",
                       {"solution_ids": [picked.id], "answers": {str(others[0].id): "   "}}, token=token)
    assert response.status_code == 422
    assert list(error(response)["fields"]) == [f"answers.{others[0].id}"]


def test_answers_only_for_unpicked_solutions_of_the_challenge(api):
    challenge, picked, others, idea, token = _picking_challenge()
    stranger = make_solution(stage=Stage.proposal)
    response = api.put(f"/api/v1/challenges/{challenge.id}/selection",
                       {"solution_ids": [picked.id], "answers": {str(picked.id): "Why?", str(stranger.id): "No"}},
                       token=token)
    assert response.status_code == 422
    assert set(error(response)["fields"]) == {f"answers.{picked.id}", f"answers.{stranger.id}"}
    response = api.put(f"/api/v1/challenges/{challenge.id}/selection",
                       {"solution_ids": [picked.id], "answers": ["not", "an", "object"]}, token=token)
    assert response.status_code == 422 and "answers" in error(response)["fields"]


def test_adoption_answers_the_solutions_not_picked(api):
    owner = make_user()
    challenge = make_challenge(owner, min_solutions=1)
    final = make_solution(challenge, Stage.experiment)
    other = make_solution(challenge, Stage.proposal, selected=False)
    token = make_token(owner)
    api.post(f"/api/v1/challenges/{challenge.id}/evaluations", {"solution_id": final.id, "score": 5}, token=token)
    refused = api.post(f"/api/v1/challenges/{challenge.id}/adoption", {"solution_id": final.id}, token=token)
    assert refused.status_code == 422 and list(error(refused)["fields"]) == [f"answers.{other.id}"]
    response = api.post(f"/api/v1/challenges/{challenge.id}/adoption",
                        {"solution_id": final.id, "answers": {str(other.id): "The adopted prototype covers it."}},
                        token=token)
    assert response.status_code == 200, response.get_json()
    body = api.get(f"/api/v1/solutions/{other.id}").get_json()
    assert body["outcome"] == "not_selected" and body["outcome_reason"] == "The adopted prototype covers it."
    assert told(other.team[0].user) == ["solution_not_selected"]


def test_a_pick_withdrawn_after_closing_is_answered_at_once_and_a_late_pick_loses_its_outcome(api):
    owner = make_user()
    challenge = make_challenge(owner, min_solutions=1)
    first = make_solution(challenge, Stage.proposal, selected=True)
    second = make_solution(challenge, Stage.proposal, selected=False)
    token = make_token(owner)
    assert api.patch(f"/api/v1/challenges/{challenge.id}", {"status": "closed", "answers": _answers([second])},
                     token=token).status_code == 200
    refused = api.put(f"/api/v1/challenges/{challenge.id}/selection", {"solution_ids": [second.id]}, token=token)
    assert refused.status_code == 422 and list(error(refused)["fields"]) == [f"answers.{first.id}"]
    response = api.put(f"/api/v1/challenges/{challenge.id}/selection",
                       {"solution_ids": [second.id], "answers": {str(first.id): "We picked the other one."}},
                       token=token)
    assert response.status_code == 200, response.get_json()
    assert api.get(f"/api/v1/solutions/{first.id}").get_json()["outcome"] == "not_selected"
    assert api.get(f"/api/v1/solutions/{second.id}").get_json()["outcome"] is None


def test_reopening_takes_the_outcomes_back(api):
    challenge, picked, others, idea, token = _picking_challenge()
    api.patch(f"/api/v1/challenges/{challenge.id}", {"status": "closed", "answers": _answers([picked, *others, idea])},
              token=token)
    assert api.patch(f"/api/v1/challenges/{challenge.id}", {"status": "open"}, token=token).status_code == 200
    assert api.get(f"/api/v1/solutions/{others[0].id}").get_json()["outcome"] is None
    kinds = db.session.scalars(select(SolutionEvent.kind).where(SolutionEvent.solution_id == others[0].id)).all()
    assert [k.value for k in kinds][-1] == "outcome"  # the history keeps what was said


def test_only_the_owner_side_or_the_secretariat_closes_with_answers(api):
    challenge, picked, others, idea, token = _picking_challenge()
    stranger = api.patch(f"/api/v1/challenges/{challenge.id}",
                         {"status": "closed", "answers": _answers([picked, *others, idea])},
                         token=make_token(make_user()))
    assert stranger.status_code == 403
    staff = make_token(make_user(role=Role.secretariat))
    response = api.patch(f"/api/v1/challenges/{challenge.id}",
                         {"status": "closed", "answers": _answers([picked, *others, idea])}, token=staff)
    assert response.status_code == 200


def test_the_openapi_document_describes_answers_outcomes_and_supports(api):
    document = api.get("/api/v1/openapi.json").get_json()
    selection = document["paths"]["/api/v1/challenges/{challenge_id}/selection"]["put"]
    assert "answers" in selection["requestBody"]["content"]["application/json"]["schema"]["properties"]
    solution = document["components"]["schemas"]["Solution"]["properties"]
    assert solution["outcome"]["enum"] == ["not_selected", "archived"] and solution["outcome"]["type"] == [
        "string", "null"]
    assert {"outcome_reason", "supports_count", "carried_from_id", "carried_to_ids"} <= set(solution)
    supports = document["paths"]["/api/v1/solutions/{solution_id}/supports"]
    assert {"post", "delete", "get"} <= set(supports) and "201" in supports["post"]["responses"]
    assert "409" in supports["post"]["responses"]
    assert "post" in document["paths"]["/api/v1/solutions/{solution_id}/carry-over"]
