"""The audit log: every staff action leaves an entry (who, what, when, before and after); the page only reads."""

from __future__ import annotations

from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.models import Stage
from socialchallenge.models.secretariat import AuditEntry
from socialchallenge.secretariat import audit, curation, mentoring, moderation, resources, rubric
from tests.builders import make_challenge, make_comment, make_organisation, make_resource, make_solution, make_user

EN = {"Accept-Language": "en"}


def test_every_staff_action_is_audited(app):
    staff = make_user(role="secretariat", name="Park Staff")
    challenge, other = make_challenge(), make_challenge()
    solution = make_solution(stage=Stage.proposal, selected=True)
    s = db.session
    curation.retag(s, staff, challenge, add=["rain"])
    curation.set_min_solutions(s, staff, challenge, 3)
    curation.hide(s, staff, challenge, "Spam")
    curation.unhide(s, staff, challenge)
    curation.mark_curated(s, staff, challenge)
    curation.merge(s, staff, other, challenge.id)
    curation.verify_organisation(s, staff, make_organisation().id, True)
    mentoring.assign(s, staff, solution, staff.id)
    mentoring.add_note(s, staff, solution, "2026-01-01", "Notes")
    mentoring.unassign(s, staff, solution, staff.id)
    rubric.score(s, staff, solution, dict.fromkeys(rubric.LABELS, 3))
    comment = make_comment()
    moderation.hide_comment(s, staff, comment, "Rude")
    moderation.restore_comment(s, staff, comment, "Fine after all")
    member = make_user()
    moderation.set_suspended(s, staff, member, True, "Spam")
    moderation.set_suspended(s, staff, member, False, "Sorry")
    resource = resources.create_resource(s, staff, {"kind": "space", "title": "Hall", "area": "Mapo-gu"})
    row = resources.request_resource(s, solution.team[0].user, make_resource(), solution.id, "Please")
    resources.decide(s, staff, row, "grant")
    s.commit()
    actions = set(s.scalars(select(AuditEntry.action)))
    assert actions == {
        "challenge.tags", "challenge.min_solutions", "challenge.hide", "challenge.unhide", "challenge.curated",
        "challenge.merge", "organisation.verify", "mentor.assign", "mentoring.note", "mentor.unassign",
        "rubric.score", "comment.hide", "comment.restore", "user.suspend", "user.unsuspend", "resource.create",
        "resource_request.grant",
    }
    assert resource.id
    assert all(e.actor_id == staff.id and e.created_at for e in s.scalars(select(AuditEntry)))


def test_the_audit_page_pages_and_cannot_be_written(client, auth, app):
    staff = make_user(role="secretariat", name="Park Staff")
    challenge = make_challenge()
    for n in range(55):
        audit.record(db.session, staff, "challenge.curated", challenge, {"n": n}, {"n": n + 1})
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 55
    auth.login(staff)
    first = client.get("/secretariat/audit", headers=EN).get_data(as_text=True)
    assert "Park Staff" in first and "Page 1 of 2" in first and '{"n": 54}' in first
    assert "Page 2 of 2" in client.get("/secretariat/audit?page=2", headers=EN).get_data(as_text=True)
    assert client.post("/secretariat/audit").status_code in (400, 405)
