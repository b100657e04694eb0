"""Mentoring and the rubric: the private log (team, mentors and staff only) and scores shown to the owner."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Stage
from socialchallenge.models.secretariat import AuditEntry, MentorAssignment, MentoringNote, RubricScore
from tests.builders import (
    make_mentor,
    make_mentoring_note,
    make_rubric_score,
    make_solution,
    make_token,
    make_user,
)
from tests.helpers import submit

EN = {"Accept-Language": "en"}


def test_private_mentoring_log_team_sees_other_member_does_not(client, auth, app):
    lead, stranger = make_user(), make_user()
    solution = make_solution(stage=Stage.proposal, team=[lead], selected=True)
    mentor = make_mentor(solution)
    make_mentoring_note(solution, mentor, notes="Budget talk with the district.")
    path = f"/solutions/{solution.id}/mentoring"
    assert client.get(path).status_code == 302  # visitors sign in first
    auth.login(stranger)
    assert client.get(path).status_code == 403
    auth.sign_out()
    auth.login(lead)
    page = client.get(path, headers=EN).get_data(as_text=True)
    assert "Budget talk with the district." in page
    assert "New entry" not in page  # the team reads; mentors write
    assert submit(client, path, {"met_on": "2026-01-05", "notes": "x"}, page=path).status_code == 403


def test_the_api_log_is_private_too(api, app):
    lead, stranger = make_user(), make_user()
    solution = make_solution(stage=Stage.proposal, team=[lead], selected=True)
    mentor = make_mentor(solution)
    make_mentoring_note(solution, mentor)
    path = f"/api/v1/solutions/{solution.id}/mentoring-log"
    assert api.get(path, token=make_token(stranger)).status_code == 403
    assert len(api.get(path, token=make_token(lead)).get_json()["items"]) == 1
    written = api.post(path, {"met_on": "2026-02-01", "notes": "Second meeting", "next_steps": "Prototype"},
                       token=make_token(mentor))
    assert written.status_code == 201 and written.get_json()["next_steps"] == "Prototype"
    assert api.post(path, {"met_on": "yesterday", "notes": ""}, token=make_token(mentor)).status_code == 422


def test_a_mentor_writes_the_log_through_the_page(client, auth, app):
    solution = make_solution(stage=Stage.proposal, selected=True)
    mentor = make_mentor(solution)
    auth.login(mentor)
    path = f"/solutions/{solution.id}/mentoring"
    response = submit(client, path, {"met_on": "2026-03-02", "notes": "Walked the site.", "next_steps": "Ask"})
    assert response.status_code == 302
    note = db.session.scalar(select(MentoringNote))
    assert note.notes == "Walked the site." and note.met_on.isoformat() == "2026-03-02"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "mentoring.note"))


def test_assign_and_unassign_mentors(client, auth, app):
    staff, other_staff, member = make_user(role="secretariat"), make_user(role="secretariat"), make_user()
    solution = make_solution(stage=Stage.proposal, selected=True)
    unselected = make_solution(stage=Stage.proposal, selected=False)
    auth.login(staff)
    page = f"/secretariat/mentoring/{solution.id}"
    assert submit(client, page, {"mentor_id": str(other_staff.id)}).status_code == 302
    assert submit(client, page, {"mentor_id": str(member.id)}, headers=EN).status_code == 422
    assert submit(client, f"/secretariat/mentoring/{unselected.id}", {"mentor_id": str(staff.id)}).status_code == 409
    assert db.session.scalars(select(MentorAssignment.mentor_id)).all() == [other_staff.id]
    assert submit(client, f"{page}/{other_staff.id}/remove", page=page).status_code == 302
    assert db.session.scalar(select(MentorAssignment)) is None
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["mentor.assign", "mentor.unassign"]


def test_rubric_scores_are_saved_and_revised(client, auth, api, app):
    staff = make_user(role="secretariat")
    solution = make_solution(stage=Stage.proposal)
    auth.login(staff)
    page = f"/secretariat/rubric/{solution.id}"
    scores = {"sdg_fit": "5", "inclusion": "4", "openness": "3", "vulnerable_priority": "5", "collaboration": "2",
              "feasibility": "4", "interconnectedness": "3", "notes": "Strong on inclusion."}
    assert submit(client, page, scores).status_code == 302
    assert submit(client, page, {**scores, "openness": "9"}, headers=EN).status_code == 422
    assert submit(client, page, {**scores, "openness": "1"}).status_code == 302
    rows = db.session.scalars(select(RubricScore)).all()
    assert len(rows) == 1 and rows[0].openness == 1 and rows[0].total == 24
    response = api.get(f"/api/v1/secretariat/solutions/{solution.id}/rubric", token=make_token(staff))
    assert response.get_json()["averages"]["total"] == 24.0
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "rubric.score")).all()
    assert len(entries) == 2 and entries[1].before["openness"] == 3 and entries[1].after["openness"] == 1


def test_the_owner_sees_rubric_scores_when_picking(client, auth, app):
    owner, stranger = make_user(), make_user()
    solution = make_solution(stage=Stage.proposal)
    challenge = solution.challenge
    challenge.owner_id = owner.id
    challenge.min_solutions = 1
    db.session.commit()
    make_rubric_score(solution, value=4)
    make_rubric_score(solution, value=2)
    auth.login(owner)
    page = client.get(f"/challenges/{challenge.id}", headers=EN).get_data(as_text=True)
    assert "rubric scores" in page and "21.0" in page  # average total of 28 and 14 (seven criteria)
    auth.sign_out()
    auth.login(stranger)
    assert "rubric scores" not in client.get(f"/challenges/{challenge.id}", headers=EN).get_data(as_text=True)
