"""The §2.2 transitions as data: the table itself, the domain and the solution page reading it, and the API docs."""

from __future__ import annotations

from socialchallenge.models import Stage
from socialchallenge.pipeline.transition_table import HELD, TRANSITIONS, team_move
from tests.builders import make_solution, make_update, make_user
from tests.helpers import EN, submit, text

SOLUTION_STAGES = list(Stage)


def test_from_every_stage_the_team_either_moves_one_step_on_or_is_told_why_not():
    for stage in SOLUTION_STAGES:
        move = team_move(stage)
        if move is None:
            assert stage in HELD, stage
        else:
            assert move.target == stage.next and stage not in HELD, stage


def test_each_move_names_distinct_refusal_codes():
    for move in TRANSITIONS:
        codes = [c.code for c in move.conditions]
        assert len(codes) == len(set(codes)), move


def test_an_unpicked_proposal_is_not_offered_crowdfunding_and_says_why(client, auth):
    lead = make_user()
    solution = make_solution(stage=Stage.proposal, team=[lead], selected=False, filled=Stage.crowdfunding)
    auth.login(lead)
    page = text(client.get(f"/solutions/{solution.id}", headers=EN))
    assert "Only a solution selected by the challenge owner may ask for crowdfunding." in page
    assert "Ask the secretariat to review the campaign" not in page


def test_a_picked_proposal_is_offered_the_review_and_it_works(client, auth):
    lead = make_user()
    solution = make_solution(stage=Stage.proposal, team=[lead], selected=True, filled=Stage.crowdfunding)
    auth.login(lead)
    page = text(client.get(f"/solutions/{solution.id}", headers=EN))
    assert "Ask the secretariat to review the campaign" in page
    response = submit(client, f"/solutions/{solution.id}/advance", page=f"/solutions/{solution.id}")
    assert response.status_code == 302
    assert "Waiting for the secretariat's review." in text(client.get(f"/solutions/{solution.id}", headers=EN))


def test_an_experiment_without_an_update_is_not_offered_the_learnings_until_one_is_posted(client, auth):
    lead = make_user()
    solution = make_solution(stage=Stage.experiment, team=[lead], filled=Stage.learnings)
    auth.login(lead)
    page = text(client.get(f"/solutions/{solution.id}", headers=EN))
    assert "Post at least one progress update before writing up the learnings." in page
    assert "Move on to Learnings" not in page
    make_update(solution)
    page = text(client.get(f"/solutions/{solution.id}", headers=EN))
    assert "Move on to Learnings" in page
    assert "Post at least one progress update" not in page


def test_the_api_docs_describe_every_move_and_refusal_code(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    advance = doc["paths"]["/api/v1/solutions/{solution_id}/advance"]["post"]["description"]
    for move in TRANSITIONS:
        assert f"{move.source.value} → {move.target.value} ({move.who})" in advance
        for condition in move.conditions:
            assert f"`{condition.code}`" in advance
    for held in HELD.values():
        assert f"`{held.code}`" in advance
