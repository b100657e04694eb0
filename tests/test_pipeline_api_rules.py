"""The rules of SPEC §2.2 through the API, one test per rule, named after it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import Role, Stage
from socialchallenge.pipeline.hearing_sheet import CHECKLIST
from socialchallenge.pipeline.stages import fields_of
from socialchallenge.timeutil import utcnow
from tests.builders import api_value, make_challenge, make_solution, make_token, make_update, make_user


def stage_body(*stages, **overrides):
    """Sample values for every field the given stages' forms show (from the stage table)."""
    return {f.name: api_value(f) for stage in stages for f in fields_of(stage)} | overrides


def lead_token(solution):
    """A token for the solution's lead."""
    return make_token(solution.team[0].user)


def error(response):
    return response.get_json()["error"]


def candidates(challenge, n, stage="proposal"):
    """n solutions of the challenge at `stage` (unselected)."""
    return [make_solution(challenge, stage=stage, selected=False) for _ in range(n)]


# --- (new) → idea ---

def test_a_member_submits_an_idea_and_leads_its_team(app, api):
    challenge, solver = make_challenge(), make_user()
    response = api.post(f"/api/v1/challenges/{challenge.id}/solutions",
                        {"title": "Umbrella library", "summary": "Lend umbrellas at the stop"},
                        token=make_token(solver))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["stage"] == "idea" and body["team"] == [{"id": solver.id, "name": solver.name, "role": "lead"}]
    assert body["history"][0]["kind"] == "created" and body["history"][0]["actor"]["id"] == solver.id
    assert api.get(f"/api/v1/challenges/{challenge.id}").get_json()["solutions_count"] == 1


def test_ideas_need_an_open_challenge(app, api):
    challenge = make_challenge(status="closed")
    response = api.post(f"/api/v1/challenges/{challenge.id}/solutions", stage_body("idea"),
                        token=make_token(make_user()))
    assert response.status_code == 409 and error(response)["code"] == "challenge_closed"


def test_ideas_after_the_solution_deadline_are_refused(app, api):
    challenge = make_challenge(solution_deadline=utcnow() - timedelta(minutes=1))
    response = api.post(f"/api/v1/challenges/{challenge.id}/solutions", stage_body("idea"),
                        token=make_token(make_user()))
    assert response.status_code == 409 and error(response)["code"] == "deadline_passed"


def test_an_idea_without_its_required_fields_lists_them(app, api):
    challenge = make_challenge()
    response = api.post(f"/api/v1/challenges/{challenge.id}/solutions", {"title": "  "},
                        token=make_token(make_user()))
    assert response.status_code == 422 and set(error(response)["fields"]) == {"title", "summary"}


# --- draft saves ---

def test_non_member_cannot_edit(app, api):
    solution = make_solution()
    response = api.patch(f"/api/v1/solutions/{solution.id}", {"summary": "Mine now"}, token=make_token(make_user()))
    assert response.status_code == 403


def test_fields_of_a_later_stage_are_saved_as_a_draft(app, api):
    solution = make_solution()
    response = api.patch(f"/api/v1/solutions/{solution.id}", stage_body("learnings", "crowdfunding"),
                         token=lead_token(solution))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["stage"] == "idea" and body["lessons"] == "Sample lessons." and body["optimum"] == 350_000


def test_draft_save_with_an_unknown_field_is_refused(app, api):
    solution = make_solution()
    response = api.patch(f"/api/v1/solutions/{solution.id}", {"colour": "red"}, token=lead_token(solution))
    assert response.status_code == 422 and "colour" in error(response)["fields"]


def test_draft_save_checks_types_and_limits(app, api):
    solution = make_solution()
    response = api.patch(f"/api/v1/solutions/{solution.id}", {"campaign_days": 90, "summary": "x" * 301},
                         token=lead_token(solution))
    assert response.status_code == 422 and set(error(response)["fields"]) == {"campaign_days", "summary"}


def test_fields_the_current_stage_needs_cannot_be_emptied(app, api):
    solution = make_solution(stage="proposal")
    response = api.patch(f"/api/v1/solutions/{solution.id}", {"experiment_plan": " "}, token=lead_token(solution))
    assert response.status_code == 422 and list(error(response)["fields"]) == ["experiment_plan"]


# --- idea → proposal ---

def test_a_team_member_moves_an_idea_to_proposal(app, api):
    solution = make_solution(filled="proposal")
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=lead_token(solution))
    assert response.status_code == 200 and response.get_json()["stage"] == "proposal"
    last = response.get_json()["history"][-1]
    assert (last["kind"], last["from_stage"], last["to_stage"]) == ("transition", "idea", "proposal")


def test_advance_with_missing_field_lists_it(app, api):
    solution = make_solution(filled="proposal", experiment_goal="")
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=lead_token(solution))
    assert response.status_code == 422 and list(error(response)["fields"]) == ["experiment_goal"]
    assert api.get(f"/api/v1/solutions/{solution.id}").get_json()["stage"] == "idea"


def test_non_member_cannot_advance(app, api):
    solution = make_solution(filled="proposal")
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=make_token(make_user()))
    assert response.status_code == 403


# --- proposal → crowdfunding: selected, fields, secretariat review ---

def test_unselected_solution_cannot_ask_for_crowdfunding(app, api):
    solution = make_solution(stage="proposal", filled="crowdfunding", selected=False)
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=lead_token(solution))
    assert response.status_code == 409 and error(response)["code"] == "not_selected"


def test_crowdfunding_needs_its_fields(app, api):
    solution = make_solution(stage="proposal", selected=True)
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=lead_token(solution))
    assert response.status_code == 422
    assert set(error(response)["fields"]) == {f.name for f in fields_of("crowdfunding")}


def ask_for_review(api, solution):
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=lead_token(solution))
    assert response.status_code == 202, response.get_json()
    return response.get_json()


def test_a_selected_solution_asks_for_a_campaign_review_and_waits(app, api):
    solution = make_solution(stage="proposal", filled="crowdfunding", selected=True)
    body = ask_for_review(api, solution)
    assert body["stage"] == "proposal" and body["campaign"]["status"] == "review"
    assert body["campaign"]["goal"] == 300_000 and body["campaign"]["optimum"] == 350_000
    again = api.post(f"/api/v1/solutions/{solution.id}/advance", token=lead_token(solution))
    assert again.status_code == 409 and error(again)["code"] == "review_pending"


def test_approved_campaign_goes_live_for_campaign_days(app, api):
    solution = make_solution(stage="proposal", filled="crowdfunding", selected=True, campaign_days=20)
    campaign_id = ask_for_review(api, solution)["campaign"]["id"]
    staff = make_user(role=Role.secretariat)
    response = api.post(f"/api/v1/campaigns/{campaign_id}/review", {"decision": "approve", "message": "Good",
                                                                         "checklist": list(CHECKLIST)},
                        token=make_token(staff))
    assert response.status_code == 200, response.get_json()
    campaign = response.get_json()
    assert campaign["status"] == "live"
    deadline = datetime.fromisoformat(campaign["deadline"].rstrip("Z"))
    assert abs(deadline - (utcnow() + timedelta(days=20))) < timedelta(minutes=1)
    body = api.get(f"/api/v1/solutions/{solution.id}").get_json()
    assert body["stage"] == "crowdfunding"
    assert [e["kind"] for e in body["history"]][-2:] == ["review_decision", "transition"]
    assert api.get(f"/api/v1/solutions/{solution.id}/campaign").get_json()["status"] == "live"


def test_secretariat_requests_changes_with_a_message(app, api):
    solution = make_solution(stage="proposal", filled="crowdfunding", selected=True)
    campaign_id = ask_for_review(api, solution)["campaign"]["id"]
    token = make_token(make_user(role=Role.secretariat))
    assert api.post(f"/api/v1/campaigns/{campaign_id}/review", {"decision": "request_changes"},
                    token=token).status_code == 422
    response = api.post(f"/api/v1/campaigns/{campaign_id}/review",
                        {"decision": "request_changes", "message": "Add insurance"}, token=token)
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    body = api.get(f"/api/v1/solutions/{solution.id}").get_json()
    assert body["stage"] == "proposal" and body["history"][-1]["message"] == "Add insurance"
    assert ask_for_review(api, solution)["campaign"]["id"] != campaign_id


def test_only_the_secretariat_reviews_campaigns(app, api):
    solution = make_solution(stage="proposal", filled="crowdfunding", selected=True)
    campaign_id = ask_for_review(api, solution)["campaign"]["id"]
    response = api.post(f"/api/v1/campaigns/{campaign_id}/review", {"decision": "approve"},
                        token=lead_token(solution))
    assert response.status_code == 403


def test_crowdfunding_moves_on_only_when_the_campaign_settles(app, api):
    solution = make_solution(stage="crowdfunding")
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=lead_token(solution))
    assert response.status_code == 409 and error(response)["code"] == "campaign_running"


# --- experiment → learnings ---

def test_learnings_need_a_progress_update(app, api):
    solution = make_solution(stage="experiment", filled="learnings")
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=lead_token(solution))
    assert response.status_code == 409 and error(response)["code"] == "no_progress_update"


def test_learnings_need_the_experiment_method(app, api):
    solution = make_solution(stage="experiment", filled="learnings", experiment_method="")
    make_update(solution)
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=lead_token(solution))
    assert response.status_code == 422 and list(error(response)["fields"]) == ["experiment_method"]


def test_a_team_member_writes_up_the_learnings(app, api):
    solution = make_solution(stage="experiment", filled="learnings")
    token = lead_token(solution)
    posted = api.post(f"/api/v1/solutions/{solution.id}/updates", {"title": "Week 1", "body": "Two shelters up"},
                      token=token)
    assert posted.status_code == 201
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=token)
    assert response.status_code == 200 and response.get_json()["stage"] == "learnings"
    assert response.get_json()["next_stage"] is None
    again = api.post(f"/api/v1/solutions/{solution.id}/advance", token=token)
    assert again.status_code == 409 and error(again)["code"] == "last_stage"


# --- selection ---

def select(api, challenge, ids, token):
    return api.put(f"/api/v1/challenges/{challenge.id}/selection", {"solution_ids": ids}, token=token)


def test_the_owner_selects_up_to_three(app, api):
    challenge = make_challenge()
    picks = candidates(challenge, 4)
    response = select(api, challenge, [s.id for s in picks[:3]], make_token(challenge.owner))
    assert response.status_code == 200
    assert response.get_json() == {"selected_solution_ids": sorted(s.id for s in picks[:3])}
    body = api.get(f"/api/v1/challenges/{challenge.id}").get_json()
    assert body["selection"]["selected"] == 3 and len(body["selected_solution_ids"]) == 3
    assert api.get(f"/api/v1/solutions/{picks[0].id}").get_json()["history"][-1]["kind"] == "selection"


def test_selecting_a_fourth_solution_is_refused(app, api):
    challenge = make_challenge()
    picks = candidates(challenge, 4)
    token = make_token(challenge.owner)
    assert select(api, challenge, [s.id for s in picks[:3]], token).status_code == 200
    response = select(api, challenge, [s.id for s in picks], token)
    assert response.status_code == 409 and error(response)["code"] == "too_many_selected"


def test_selection_before_threshold_is_refused(app, api):
    challenge = make_challenge()
    picks = candidates(challenge, 3) + candidates(challenge, 2, stage="idea")
    response = select(api, challenge, [picks[0].id], make_token(challenge.owner))
    assert response.status_code == 409 and error(response)["code"] == "selection_not_open"


def test_the_secretariat_may_lower_the_threshold(app, api):
    challenge = make_challenge(min_solutions=1)
    pick = candidates(challenge, 1)[0]
    assert select(api, challenge, [pick.id], make_token(challenge.owner)).status_code == 200


def test_non_owner_cannot_select(app, api):
    challenge = make_challenge()
    picks = candidates(challenge, 4)
    response = select(api, challenge, [picks[0].id], make_token(make_user()))
    assert response.status_code == 403


@pytest.mark.parametrize("which", ["an idea", "another challenge's solution", "no solution"])
def test_selecting_a_non_candidate_is_invalid(app, api, which):
    challenge = make_challenge()
    candidates(challenge, 4)
    other = {"an idea": lambda: make_solution(challenge).id,
             "another challenge's solution": lambda: make_solution(stage="proposal").id,
             "no solution": lambda: 999_999}[which]()
    response = select(api, challenge, [other], make_token(challenge.owner))
    assert response.status_code == 422 and "solution_ids" in error(response)["fields"]


def test_withdrawing_a_selection_before_the_campaign_is_live(app, api):
    challenge = make_challenge()
    picks = candidates(challenge, 4)
    token = make_token(challenge.owner)
    select(api, challenge, [picks[0].id, picks[1].id], token)
    response = select(api, challenge, [picks[1].id], token)
    assert response.status_code == 200 and response.get_json()["selected_solution_ids"] == [picks[1].id]
    assert api.get(f"/api/v1/solutions/{picks[0].id}").get_json()["history"][-1]["kind"] == "deselection"


def test_withdraw_selection_after_campaign_live_is_refused(app, api):
    challenge = make_challenge()
    candidates(challenge, 3)
    live = make_solution(challenge, stage="crowdfunding")
    response = select(api, challenge, [], make_token(challenge.owner))
    assert response.status_code == 409 and error(response)["code"] == "campaign_live"
    db.session.expire_all()
    assert live.selected


# --- evaluations and adoption ---

def evaluate(api, challenge, solution, token, score=4):
    return api.post(f"/api/v1/challenges/{challenge.id}/evaluations",
                    {"solution_id": solution.id, "score": score, "notes": "Works in the rain"}, token=token)


def test_evaluations_open_once_a_selected_solution_reached_the_experiment(app, api):
    challenge = make_challenge()
    funding = make_solution(challenge, stage="crowdfunding")
    token = make_token(challenge.owner)
    response = evaluate(api, challenge, funding, token)
    assert response.status_code == 409 and error(response)["code"] == "evaluation_not_open"
    make_solution(challenge, stage="experiment")
    assert evaluate(api, challenge, funding, token).status_code == 201
    assert evaluate(api, challenge, funding, token, score=5).status_code == 200


@pytest.mark.parametrize("score", [0, 6, "5", None, 2.5])
def test_evaluation_scores_go_from_1_to_5(app, api, score):
    challenge = make_challenge()
    solution = make_solution(challenge, stage="experiment")
    response = evaluate(api, challenge, solution, make_token(challenge.owner), score=score)
    assert response.status_code == 422 and "score" in error(response)["fields"]


def test_non_owner_cannot_evaluate(app, api):
    challenge = make_challenge()
    solution = make_solution(challenge, stage="experiment")
    assert evaluate(api, challenge, solution, make_token(make_user())).status_code == 403


def adopt(api, challenge, solution, token):
    return api.post(f"/api/v1/challenges/{challenge.id}/adoption", {"solution_id": solution.id}, token=token)


def test_the_owner_adopts_a_solution_and_the_challenge_closes(app, api):
    challenge = make_challenge()
    solution = make_solution(challenge, stage="experiment")
    token = make_token(challenge.owner)
    evaluate(api, challenge, solution, token)
    response = adopt(api, challenge, solution, token)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "closed" and response.get_json()["adopted_solution_id"] == solution.id
    body = api.get(f"/api/v1/solutions/{solution.id}").get_json()
    assert body["adopted"] is True and body["history"][-1]["kind"] == "adoption"


def test_adopting_twice_is_refused(app, api):
    challenge = make_challenge()
    first, second = make_solution(challenge, stage="experiment"), make_solution(challenge, stage="learnings")
    token = make_token(challenge.owner)
    evaluate(api, challenge, first, token)
    evaluate(api, challenge, second, token)
    assert adopt(api, challenge, first, token).status_code == 200
    response = adopt(api, challenge, second, token)
    assert response.status_code == 409 and error(response)["code"] == "already_adopted"


def test_adopting_before_the_experiment_is_refused(app, api):
    challenge = make_challenge()
    make_solution(challenge, stage="experiment")
    funding = make_solution(challenge, stage="crowdfunding")
    response = adopt(api, challenge, funding, make_token(challenge.owner))
    assert response.status_code == 409 and error(response)["code"] == "not_in_experiment"


def test_adopting_an_unselected_solution_is_refused(app, api):
    challenge = make_challenge()
    solution = make_solution(challenge, stage="experiment", selected=False)
    response = adopt(api, challenge, solution, make_token(challenge.owner))
    assert response.status_code == 409 and error(response)["code"] == "not_selected"


def test_adopting_needs_an_evaluation_first(app, api):
    challenge = make_challenge()
    solution = make_solution(challenge, stage="experiment")
    response = adopt(api, challenge, solution, make_token(challenge.owner))
    assert response.status_code == 409 and error(response)["code"] == "not_evaluated"


def test_non_owner_cannot_adopt(app, api):
    challenge = make_challenge()
    solution = make_solution(challenge, stage="experiment")
    assert adopt(api, challenge, solution, make_token(make_user())).status_code == 403


# --- teams and updates ---

def test_a_team_member_invites_by_email_and_the_invitee_joins_by_accepting(app, api):
    solution, friend = make_solution(), make_user()
    response = api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": friend.email.upper()},
                        token=lead_token(solution))
    assert response.status_code == 202
    assert [m["role"] for m in api.get(f"/api/v1/solutions/{solution.id}").get_json()["team"]] == ["lead"]
    friend_token = make_token(friend)
    invitation = api.get("/api/v1/invitations", token=friend_token).get_json()["items"][0]
    accepted = api.post(f"/api/v1/invitations/{invitation['id']}/accept", token=friend_token)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    assert [m["role"] for m in api.get(f"/api/v1/solutions/{solution.id}").get_json()["team"]] == ["lead", "member"]
    assert api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": "not an address"},
                    token=lead_token(solution)).status_code == 422


def test_non_member_cannot_invite_to_a_team(app, api):
    solution = make_solution()
    outsider = make_user()
    response = api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": outsider.email},
                        token=make_token(outsider))
    assert response.status_code == 403


def test_the_last_member_cannot_leave(app, api):
    lead, other = make_user(), make_user()
    solution = make_solution(team=[lead, other])
    assert api.delete(f"/api/v1/solutions/{solution.id}/team/me", token=make_token(lead)).status_code == 204
    response = api.delete(f"/api/v1/solutions/{solution.id}/team/me", token=make_token(other))
    assert response.status_code == 409 and error(response)["code"] == "last_member"
    assert api.get(f"/api/v1/solutions/{solution.id}").get_json()["team"][0]["role"] == "lead"


def test_only_the_team_posts_progress_updates(app, api):
    solution = make_solution(stage="experiment")
    body = {"title": "Week 1", "body": "Went well"}
    assert api.post(f"/api/v1/solutions/{solution.id}/updates", body, token=make_token(make_user())).status_code == 403
    assert api.post(f"/api/v1/solutions/{solution.id}/updates", {"title": ""},
                    token=lead_token(solution)).status_code == 422
    assert api.post(f"/api/v1/solutions/{solution.id}/updates", body, token=lead_token(solution)).status_code == 201
    listed = api.get(f"/api/v1/solutions/{solution.id}/updates").get_json()
    assert listed["total"] == 1 and listed["items"][0]["title"] == "Week 1"


def test_a_solution_shows_what_its_next_stage_still_needs(app, api):
    solution = make_solution(stage=Stage.idea)
    body = api.get(f"/api/v1/solutions/{solution.id}").get_json()
    assert body["next_stage"] == "proposal"
    assert set(body["missing_for_next_stage"]) == {f.name for f in fields_of("proposal")}
