"""Comments: Markdown sanitized at save, replies, edit within 15 minutes, delete own, rate limit, no N+1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from socialchallenge.community import comments
from socialchallenge.errors import RuleViolation
from socialchallenge.extensions import db
from socialchallenge.models import Comment, Notification
from socialchallenge.timeutil import utcnow
from tests.builders import make_challenge, make_comment, make_follow, make_solution, make_token, make_user
from tests.helpers import count_queries
from tests.xss import PAYLOADS, assert_safe


def test_a_comment_keeps_markdown_and_sanitized_html(api):
    challenge = make_challenge()
    response = api.post(f"/api/v1/challenges/{challenge.id}/comments",
                        {"body": "**Yes!** <script>alert(1)</script> [me](javascript:alert(1))"},
                        token=make_token(make_user()))
    assert response.status_code == 201
    data = response.get_json()
    assert data["body"].startswith("**Yes!**")
    assert "<strong>Yes!</strong>" in data["body_html"]
    assert_safe(data["body_html"])


@pytest.mark.parametrize("payload", PAYLOADS[::3])
def test_no_xss_payload_survives_into_the_api(api, payload):
    solution = make_solution()
    token = make_token(make_user())
    api.post(f"/api/v1/solutions/{solution.id}/comments", {"body": payload}, token=token)
    [item] = api.get(f"/api/v1/solutions/{solution.id}/comments").get_json()["items"]
    assert_safe(item["body_html"])


def test_blank_or_overlong_comments_are_refused(api):
    challenge, token = make_challenge(), make_token(make_user())
    for body in ("   ", "x" * (comments.BODY_MAX + 1), 42):
        response = api.post(f"/api/v1/challenges/{challenge.id}/comments", {"body": body}, token=token)
        assert response.status_code == 422
        assert "body" in response.get_json()["error"]["fields"]


def test_replies_are_one_level_deep(api):
    challenge = make_challenge()
    top = make_comment(challenge)
    reply = make_comment(challenge, parent=top)
    response = api.post(f"/api/v1/challenges/{challenge.id}/comments", {"body": "Me too", "parent_id": reply.id},
                        token=make_token(make_user()))
    assert response.status_code == 201
    assert response.get_json()["parent_id"] == top.id


def test_a_reply_must_be_in_the_same_thread(api):
    other = make_comment(make_challenge())
    challenge = make_challenge()
    response = api.post(f"/api/v1/challenges/{challenge.id}/comments", {"body": "Hi", "parent_id": other.id},
                        token=make_token(make_user()))
    assert response.status_code == 422


def test_edit_window_is_15_minutes(api):
    author = make_user()
    comment = make_comment(author=author)
    token = make_token(author)
    response = api.patch(f"/api/v1/comments/{comment.id}", {"body": "Better *words*"}, token=token)
    assert response.status_code == 200
    assert response.get_json()["body_html"] == "<p>Better <em>words</em></p>"
    assert response.get_json()["edited_at"]
    old = make_comment(author=author, created_at=utcnow() - timedelta(minutes=16))
    response = api.patch(f"/api/v1/comments/{old.id}", {"body": "Too late"}, token=token)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "edit_window_closed"


def test_edit_window_boundary(app):
    author = make_user()
    comment = make_comment(author=author)
    comments.edit_comment(db.session, author, comment, "ok", now=comment.created_at + timedelta(minutes=15))
    with pytest.raises(RuleViolation):
        comments.edit_comment(db.session, author, comment, "late",
                              now=comment.created_at + timedelta(minutes=15, seconds=1))


def test_only_the_author_edits(api):
    comment = make_comment()
    response = api.patch(f"/api/v1/comments/{comment.id}", {"body": "Mine now"}, token=make_token(make_user()))
    assert response.status_code == 403


def test_delete_own_leaves_a_placeholder(api):
    author = make_user()
    challenge = make_challenge()
    comment = make_comment(challenge, author=author, body="Oops")
    make_comment(challenge, parent=comment, body="A reply stays")
    assert api.delete(f"/api/v1/comments/{comment.id}", token=make_token(make_user())).status_code == 403
    assert api.delete(f"/api/v1/comments/{comment.id}", token=make_token(author)).status_code == 204
    items = api.get(f"/api/v1/challenges/{challenge.id}/comments").get_json()["items"]
    assert items[0]["deleted"] is True and items[0]["body"] == "" and items[0]["body_html"] == ""
    assert items[1]["body"] == "A reply stays"


def test_comment_creation_is_rate_limited(app, api):
    app.config["RATELIMIT_COMMENTS"] = "3 per minute"
    challenge, token = make_challenge(), make_token(make_user())
    codes = [api.post(f"/api/v1/challenges/{challenge.id}/comments", {"body": f"n{i}"}, token=token).status_code
             for i in range(4)]
    assert codes == [201, 201, 201, 429]


def test_the_team_and_followers_hear_of_a_comment_but_not_the_author(api):
    lead, mate, follower = make_user(), make_user(), make_user()
    solution = make_solution(team=[lead, mate])
    make_follow(follower, solution=solution)
    api.post(f"/api/v1/solutions/{solution.id}/comments", {"body": "Nice work"}, token=make_token(mate))
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "comment_posted")))
    assert told == {lead.id, follower.id}


def test_the_author_of_a_comment_hears_of_replies(api):
    challenge = make_challenge()
    asker = make_user()
    top = make_comment(challenge, author=asker)
    api.post(f"/api/v1/challenges/{challenge.id}/comments", {"body": "Answer", "parent_id": top.id},
             token=make_token(make_user()))
    kinds = dict(db.session.execute(select(Notification.user_id, Notification.kind)).all())
    assert kinds[asker.id] == "comment_reply"
    assert kinds[challenge.owner_id] == "comment_posted"


@pytest.mark.parametrize("kind", ["challenges", "solutions"])
def test_comment_lists_use_a_fixed_number_of_queries(api, kind):
    solution = make_solution()
    target = {"challenges": {"challenge": solution.challenge}, "solutions": {"solution": solution}}[kind]
    target_id = solution.challenge_id if kind == "challenges" else solution.id
    counts = []
    for total in (5, 50):
        while db.session.scalar(select(db.func.count(Comment.id))) < total:
            make_comment(author=make_user(), **target)
        with count_queries() as statements:
            body = api.get(f"/api/v1/{kind}/{target_id}/comments?per_page=100").get_json()
        assert body["total"] == total
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_comment_lists_are_paged_like_other_lists(api):
    challenge = make_challenge()
    made = [make_comment(challenge, body=f"Comment {i}") for i in range(25)]
    body = api.get(f"/api/v1/challenges/{challenge.id}/comments?page=2&per_page=10").get_json()
    assert (body["page"], body["per_page"], body["total"]) == (2, 10, 25)
    assert [item["id"] for item in body["items"]] == [c.id for c in made[10:20]]
    wrong = api.get(f"/api/v1/challenges/{challenge.id}/comments?page=0")
    assert wrong.status_code == 400 and "page" in wrong.get_json()["error"]["fields"]


def test_a_notification_links_to_the_page_that_shows_the_comment(api):
    challenge = make_challenge()
    for _ in range(comments.THREADS_PER_PAGE):
        make_comment(challenge)
    api.post(f"/api/v1/challenges/{challenge.id}/comments", {"body": "On the second page"},
             token=make_token(make_user()))
    newest = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    link = db.session.scalar(select(Notification.link).where(Notification.user_id == challenge.owner_id))
    assert link == f"/challenges/{challenge.id}?comments_page=2#comment-{newest.id}"
