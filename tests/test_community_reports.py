"""Reports on comments: one per member, hidden automatically at three open reports until a moderator decides."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.community import reports
from socialchallenge.extensions import db
from socialchallenge.models import Comment, Report, Role
from tests.builders import make_comment, make_token, make_user


def report(api, comment, user=None, reason="Insults a neighbour"):
    return api.post(f"/api/v1/comments/{comment.id}/reports", {"reason": reason}, token=make_token(user or make_user()))


def test_a_report_is_accepted(api):
    comment = make_comment()
    response = report(api, comment)
    assert response.status_code == 201
    assert response.get_json()["comment_id"] == comment.id
    assert db.session.get(Comment, comment.id).open_reports == 1


def test_one_report_per_member_per_comment(api):
    comment, member = make_comment(), make_user()
    assert report(api, comment, member).status_code == 201
    second = report(api, comment, member)
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "already_reported"
    assert db.session.get(Comment, comment.id).open_reports == 1


def test_a_reason_is_required(api):
    response = report(api, make_comment(), reason=" ")
    assert response.status_code == 422
    assert "reason" in response.get_json()["error"]["fields"]


def test_nobody_reports_their_own_comment(api):
    author = make_user()
    assert report(api, make_comment(author=author), author).status_code == 409


def test_auto_hide_at_three_reports(api):
    comment = make_comment(body="Rude words")
    report(api, comment)
    report(api, comment)
    assert db.session.get(Comment, comment.id).hidden is False
    report(api, comment)
    assert db.session.get(Comment, comment.id).hidden is True
    [item] = api.get(f"/api/v1/challenges/{comment.challenge_id}/comments").get_json()["items"]
    assert item["hidden"] is True
    assert item["body"] == "" and item["body_html"] == ""


def test_a_moderator_decides_and_the_reports_close(api):
    comment = make_comment()
    for _ in range(3):
        report(api, comment)
    moderator = make_user(role=Role.secretariat)
    reports.decide(db.session, moderator, db.session.get(Comment, comment.id), keep=True)
    db.session.commit()
    comment = db.session.get(Comment, comment.id)
    assert comment.hidden is False and comment.open_reports == 0 and comment.moderated_at is not None
    assert all(r.resolved for r in db.session.scalars(select(Report)))
    # New reports count afresh after the decision.
    report(api, comment)
    assert db.session.get(Comment, comment.id).hidden is False
