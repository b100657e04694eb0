"""Solution pages: submitting an idea, the stepper, stage edit pages from the stage table, advancing, team, updates."""

import pytest
from flask_babel import force_locale

from socialchallenge.extensions import db
from socialchallenge.models import (
    Campaign,
    CampaignStatus,
    ChallengeStatus,
    ProgressUpdate,
    Solution,
    Stage,
    TeamInvitation,
)
from socialchallenge.pipeline.stages import fields_of, required_for
from tests.builders import SAMPLE_BUDGET, make_challenge, make_solution, make_update, make_user
from tests.helpers import EN, queries_for, submit, text


def en(label) -> str:
    """A lazy label from the stage table, in English."""
    with force_locale("en"):
        return str(label)


PROPOSAL_FORM = {
    "experiment_plan": "Put up a pop-up shelter for a month.",
    "experiment_goal": "Fewer people wait in the rain.",
    "already_tested": "Umbrellas at the stop, which got stolen.",
    "team_description": "Two neighbours and a carpenter.",
    "resources": "A workshop and tools.",
    "schedule_start": "2030-03-01",
    "schedule_end": "2030-06-30",
    "learning_goals": "Whether people use the shelter.",
    # Issue 16: one impact indicator, the first row of the proposal's indicator table.
    "indicators-0-indicator_name": "People waiting in the shade", "indicators-0-unit": "people",
    "indicators-0-kind": "participants", "indicators-0-baseline": "0", "indicators-0-target": "300",
}


def test_a_member_submits_an_idea_to_an_open_challenge(client, auth):
    challenge = make_challenge()
    author = make_user()
    auth.login(author)
    path = f"/challenges/{challenge.id}/solutions/new"
    response = submit(client, path, {"title": "A pop-up shelter", "summary": "Neighbours build a shelter."})
    assert response.status_code == 302
    solution = db.session.scalar(db.select(Solution))
    assert solution.stage == Stage.idea and solution.has_member(author)
    page = text(client.get(response.headers["Location"], headers=EN))
    assert "A pop-up shelter" in page and "submitted the idea" in page


def test_an_idea_without_a_summary_shows_the_field(client, auth):
    challenge = make_challenge()
    auth.login(make_user())
    response = submit(client, f"/challenges/{challenge.id}/solutions/new", {"title": "A pop-up shelter"}, headers=EN)
    assert response.status_code == 422
    assert 'href="#summary"' in text(response) and db.session.scalar(db.select(Solution)) is None


def test_a_closed_challenge_takes_no_ideas(client, auth):
    challenge = make_challenge(status=ChallengeStatus.closed)
    auth.login(make_user())
    response = submit(client, f"/challenges/{challenge.id}/solutions/new",
                      {"title": "A pop-up shelter", "summary": "Neighbours build one."},
                      page=f"/challenges/{challenge.id}", headers=EN)
    assert response.status_code == 409
    assert "This challenge is closed and takes no new solutions." in text(response)


def test_the_stepper_shows_the_stage_and_the_missing_fields(client):
    solution = make_solution(stage=Stage.idea)
    page = text(client.get(f"/solutions/{solution.id}", headers=EN))
    assert 'aria-current="step"' in page
    stepper = page[page.index('class="stepper"'):page.index("</ol>", page.index('class="stepper"'))]
    assert [label in stepper for label in ("Challenge", "Idea", "Proposal", "Crowdfunding", "Experiment",
                                           "Learnings")] == [True] * 6
    assert "(current stage)" in stepper.split("Idea")[1].split("Proposal")[0]
    for spec in fields_of(Stage.proposal):
        assert en(spec.label) in page
    make_solution(stage=Stage.idea, filled=Stage.proposal)
    filled = db.session.scalars(db.select(Solution).order_by(Solution.id.desc())).first()
    assert "Every field Proposal needs is filled in." in text(client.get(f"/solutions/{filled.id}", headers=EN))


def test_each_stage_edit_page_shows_the_fields_of_the_stage_table(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.idea, team=[member])
    auth.login(member)
    for stage in ("idea", "proposal", "crowdfunding", "experiment", "learnings"):
        page = text(client.get(f"/solutions/{solution.id}/edit/{stage}", headers=EN))
        for spec in fields_of(stage):
            assert en(spec.label) in page, (stage, spec.name)
            if spec.kind.value not in ("budget_lines", "sdgs"):
                assert f'id="{spec.name}"' in page
        assert " required" not in page.replace('aria-hidden="true">*', "")  # no HTML required on drafts
    page = text(client.get(f"/solutions/{solution.id}/edit/crowdfunding", headers=EN))
    assert page.count('name="budget_lines-') >= 9  # three blank rows of item, amount, needed
    assert client.get(f"/solutions/{solution.id}/edit/challenge").status_code == 404


def test_a_draft_of_a_later_stage_saves_at_any_time(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.idea, team=[member])
    auth.login(member)
    path = f"/solutions/{solution.id}/edit/crowdfunding"
    response = submit(client, path, {
        "budget_lines-0-item": "Timber", "budget_lines-0-amount": "300,000", "budget_lines-0-required": "y",
        "budget_lines-1-item": "Paint", "budget_lines-1-amount": "50000",
        "budget_lines-2-item": "", "budget_lines-2-amount": "",
        "campaign_days": "30", "action": "save"})
    assert response.status_code == 302
    solution = db.session.get(Solution, solution.id)
    assert [(b.item, b.amount, b.required) for b in solution.budget_lines] == [
        ("Timber", 300_000, True), ("Paint", 50_000, False)]
    assert solution.campaign_days == 30 and solution.stage == Stage.idea
    page = text(client.get(path, headers=EN))
    assert 'value="Timber"' in page and "Saved goal: ₩300,000" in page


def test_a_bad_value_in_a_draft_shows_on_the_field_and_saves_nothing(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.idea, team=[member])
    auth.login(member)
    response = submit(client, f"/solutions/{solution.id}/edit/crowdfunding",
                      {"campaign_days": "90", "budget_lines-0-item": "Timber", "budget_lines-0-amount": "lots",
                       "action": "save"}, headers=EN)
    assert response.status_code == 422
    page = text(response)
    assert "Must be between 1 and 60." in page and 'href="#campaign_days"' in page
    assert "Line 1: the amount must be a positive whole number." in page and 'value="lots"' in page
    assert db.session.get(Solution, solution.id).campaign_days is None


def test_the_team_takes_an_idea_to_proposal(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.idea, team=[member])
    auth.login(member)
    response = submit(client, f"/solutions/{solution.id}/edit/proposal", {**PROPOSAL_FORM, "action": "advance"})
    assert response.status_code == 302
    assert db.session.get(Solution, solution.id).stage == Stage.proposal
    page = text(client.get(f"/solutions/{solution.id}", headers=EN))
    assert "moved the solution on" in page and "Idea → Proposal" in " ".join(page.split())


def test_advancing_with_a_missing_field_shows_the_field(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.idea, team=[member])
    auth.login(member)
    form = {**PROPOSAL_FORM, "learning_goals": "  ", "action": "advance"}
    response = submit(client, f"/solutions/{solution.id}/edit/proposal", form, headers=EN)
    assert response.status_code == 422
    page = text(response)
    assert "Fill in these fields before moving on." in page
    assert 'href="#learning_goals"' in page and 'aria-describedby="learning_goals-error"' in page
    solution = db.session.get(Solution, solution.id)
    assert solution.stage == Stage.idea
    assert solution.experiment_plan == PROPOSAL_FORM["experiment_plan"]  # the draft is kept


def test_advancing_from_the_solution_page_lists_missing_fields_of_every_stage(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.idea, team=[member], summary="")
    auth.login(member)
    page = f"/solutions/{solution.id}"
    response = submit(client, f"{page}/advance", page=page, headers=EN)
    assert response.status_code == 422
    html = text(response)
    assert f'href="/solutions/{solution.id}/edit/idea#summary"' in html
    assert 'href="#experiment_plan"' in html


def test_a_non_member_editing_gets_403(client, auth):
    solution = make_solution(stage=Stage.idea)
    auth.login(make_user())
    assert client.get(f"/solutions/{solution.id}/edit/idea").status_code == 403
    response = submit(client, f"/solutions/{solution.id}/edit/idea", {"title": "Taken over", "summary": "x"},
                      page="/")
    assert response.status_code == 403
    assert submit(client, f"/solutions/{solution.id}/advance", page="/").status_code == 403
    assert db.session.get(Solution, solution.id).title != "Taken over"


@pytest.mark.parametrize("path", ["/edit/idea", "/team", "/updates/new"])
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    solution = make_solution()
    response = client.get(f"/solutions/{solution.id}{path}")
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]


def test_an_unselected_solution_asking_for_crowdfunding_is_refused(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.proposal, filled=Stage.crowdfunding, team=[member], selected=False)
    auth.login(member)
    response = submit(client, f"/solutions/{solution.id}/edit/crowdfunding", {"action": "advance"}, headers=EN)
    assert response.status_code == 409
    assert "Only a solution selected by the challenge owner may ask for crowdfunding." in text(response)
    assert db.session.scalar(db.select(Campaign)) is None


def test_a_selected_solution_asks_for_the_secretariats_review(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.proposal, filled=Stage.crowdfunding, team=[member], selected=True)
    auth.login(member)
    page = f"/solutions/{solution.id}"
    response = submit(client, f"{page}/advance", page=page)
    assert response.status_code == 302
    assert db.session.scalar(db.select(Campaign.status)) == CampaignStatus.review
    assert "Waiting for the secretariat's review." in text(client.get(page, headers=EN))


def test_entering_learnings_without_an_update_is_refused(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.experiment, filled=Stage.learnings, team=[member])
    auth.login(member)
    page = f"/solutions/{solution.id}"
    response = submit(client, f"{page}/advance", page=page, headers=EN)
    assert response.status_code == 409
    assert "Post at least one progress update before writing up the learnings." in text(response)
    make_update(solution)
    assert submit(client, f"{page}/advance", page=page).status_code == 302
    assert db.session.get(Solution, solution.id).stage == Stage.learnings


def test_the_team_posts_a_progress_update(client, auth):
    member = make_user()
    solution = make_solution(stage=Stage.experiment, team=[member])
    auth.login(member)
    path = f"/solutions/{solution.id}/updates/new"
    assert submit(client, path, {"title": "", "body": ""}).status_code == 422
    assert submit(client, path, {"title": "Week one", "body": "Twelve people used it."}).status_code == 302
    assert db.session.scalar(db.select(ProgressUpdate.title)) == "Week one"
    assert "Twelve people used it." in text(client.get(f"/solutions/{solution.id}"))


def test_the_team_invites_a_member_who_accepts_and_the_last_member_cannot_leave(client, auth):
    lead, friend = make_user(), make_user(email="friend@example.org")
    solution = make_solution(team=[lead])
    auth.login(lead)
    path = f"/solutions/{solution.id}/team"
    assert submit(client, path, {"email": "not an address"}, headers=EN).status_code == 422
    assert submit(client, path, {"email": "friend@example.org"}).status_code == 302
    assert not db.session.get(Solution, solution.id).has_member(friend)  # not before saying yes
    auth.sign_out()
    auth.login(friend)
    invitation = db.session.scalar(db.select(TeamInvitation))
    response = submit(client, f"/invitations/{invitation.id}/accept", page="/invitations")
    assert response.status_code == 302 and response.headers["Location"] == path
    assert db.session.get(Solution, solution.id).has_member(friend)
    auth.sign_out()
    auth.login(lead)
    assert submit(client, f"{path}/leave", page=path).status_code == 302
    auth.sign_out()
    auth.login(friend)
    response = submit(client, f"{path}/leave", page=path, headers=EN)
    assert response.status_code == 409
    assert "The last member of a team cannot leave it." in text(response)


def test_the_solution_page_shows_fields_by_stage_team_and_history(client):
    solution = make_solution(stage=Stage.crowdfunding)
    page = text(client.get(f"/solutions/{solution.id}", headers=EN))
    for spec in required_for(Stage.crowdfunding):
        assert en(spec.label) in page
    assert "Goal: ₩300,000 · optimum: ₩350,000" in page


def test_the_solution_page_runs_a_fixed_number_of_queries(client, auth):
    members = [make_user() for _ in range(50)]
    few, many = make_solution(stage=Stage.experiment, team=members[:5]), make_solution(
        stage=Stage.experiment, team=members)
    for solution, n in ((few, 5), (many, 50)):
        for i in range(n):
            make_update(solution, members[i], title=f"Update {i}")
            db.session.add(_event(solution, members[i]))
        db.session.commit()
    auth.login(members[0])
    assert queries_for(client, f"/solutions/{few.id}") == queries_for(client, f"/solutions/{many.id}")


def _event(solution, user):
    from socialchallenge.models import EventKind, SolutionEvent

    return SolutionEvent(solution_id=solution.id, kind=EventKind.team_joined, actor_id=user.id, message=user.name)


def test_amounts_follow_the_configured_currency_and_language(app, client, monkeypatch):
    solution = make_solution(stage=Stage.proposal, budget_lines=SAMPLE_BUDGET)  # no campaign yet:
    # a campaign keeps the currency it was opened in
    monkeypatch.setitem(app.config, "CURRENCY", "eur")  # amounts are in cents: 300000 is €3,000.00
    page = text(client.get(f"/solutions/{solution.id}", headers=EN))
    assert "Goal: €3,000.00 · optimum: €3,500.00" in page
    assert "₩" not in page
    korean = text(client.get(f"/solutions/{solution.id}", headers={"Accept-Language": "ko"}))
    assert "€3,000.00" in korean
