"""Moderation: reported comments hidden or restored with a reason; suspending a member ends their sessions."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Comment, Report, User
from socialchallenge.models.secretariat import AuditEntry
from tests.builders import make_comment, make_report, make_token, make_user
from tests.helpers import submit

EN = {"Accept-Language": "en"}


def test_hide_a_reported_comment_with_a_reason_resolves_the_reports(client, auth, app):
    staff = make_user(role="secretariat")
    comment = make_comment(body="Buy cheap watches")
    make_report(comment, reason="Spam")
    make_report(comment, reason="Advert")
    auth.login(staff)
    page = client.get("/secretariat/moderation", headers=EN).get_data(as_text=True)
    assert "Buy cheap watches" in page and "Advert" in page
    path = f"/secretariat/moderation/comments/{comment.id}/hide"
    assert submit(client, path, {f"c{comment.id}-reason": ""}, page="/secretariat/moderation").status_code == 422
    assert submit(client, path, {f"c{comment.id}-reason": "Advertising"},
                  page="/secretariat/moderation").status_code == 302
    comment = db.session.get(Comment, comment.id)
    assert comment.hidden and comment.open_reports == 0
    assert all(r.resolved for r in db.session.scalars(select(Report)))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "comment.hide"))
    assert entry.after["reason"] == "Advertising" and entry.before["open_reports"] == 2


def test_restore_through_the_api(api, app):
    staff = make_user(role="secretariat")
    comment = make_comment(hidden=True)
    make_report(comment)
    response = api.post(f"/api/v1/secretariat/comments/{comment.id}/restore", {"reason": "Fair criticism"},
                        token=make_token(staff))
    assert response.status_code == 200 and response.get_json() == {"id": comment.id, "hidden": False,
                                                                   "open_reports": 0}


def test_suspending_a_member_ends_their_session_and_tokens(client, auth, api, app):
    staff, member = make_user(role="secretariat"), make_user()
    token = make_token(member)
    auth.login(staff)
    path = f"/secretariat/members/{member.id}/suspend"
    assert submit(client, path, {f"u{member.id}-reason": "Harassment"}, page="/secretariat/members").status_code == 302
    assert db.session.get(User, member.id).suspended
    assert api.get("/api/v1/notifications", token=token).status_code == 401
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == member.id)) == "user.suspend"
    unsuspend = f"/secretariat/members/{member.id}/unsuspend"
    assert submit(client, unsuspend, {f"u{member.id}-reason": "Apologised"},
                  page="/secretariat/members").status_code == 302
    assert not db.session.get(User, member.id).suspended


def test_a_suspended_members_open_session_ends(app):
    staff, member = make_user(role="secretariat"), make_user()
    member_client = app.test_client()
    from tests.helpers import AuthActions

    AuthActions(member_client).login(member)
    assert member_client.get("/settings").status_code == 200
    api_response = app.test_client().post(
        f"/api/v1/secretariat/users/{member.id}/suspend", json={"reason": "Spam"},
        headers={"Authorization": f"Bearer {make_token(staff)}"})
    assert api_response.status_code == 200
    assert member_client.get("/settings").status_code == 302


def test_staff_cannot_suspend_themselves_or_other_staff(api, app):
    staff, other = make_user(role="secretariat"), make_user(role="secretariat")
    token = make_token(staff)
    assert api.post(f"/api/v1/secretariat/users/{staff.id}/suspend", {"reason": "x"}, token=token).status_code == 409
    assert api.post(f"/api/v1/secretariat/users/{other.id}/suspend", {"reason": "x"}, token=token).status_code == 403
    admin = make_user(role="admin")
    assert api.post(f"/api/v1/secretariat/users/{other.id}/suspend", {"reason": "x"},
                    token=make_token(admin)).status_code == 200
