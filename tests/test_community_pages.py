"""Community pages: the bell, notifications, profiles, settings, and comment, support and follow forms."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from socialchallenge.community import comments, inbox
from socialchallenge.extensions import db
from socialchallenge.models import Comment, EmailChoice, Follow, Notification, Report, Support, User
from socialchallenge.security import verify_password
from tests.builders import PASSWORD, make_challenge, make_comment, make_solution, make_user
from tests.helpers import EN, count_queries, submit
from tests.xss import PAYLOADS, assert_safe


def page(client, path):
    response = client.get(path, headers=EN)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


class CommentBodies(HTMLParser):
    """The inner HTML of every div.comment-body on a page (what came from users)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth, self.parts, self.bodies = 0, [], []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag != "br"
            self.parts.append(self.get_starttag_text())
        elif tag == "div" and ("class", "comment-body") in attrs:
            self.depth, self.parts = 1, []

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.bodies.append("".join(self.parts))
            else:
                self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


@pytest.mark.parametrize("path", ["/notifications", "/settings", "/challenges/1/support", "/comments/1/report"])
def test_member_pages_require_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/auth/sign-in" in response.headers["Location"]


def test_the_bell_shows_the_unread_count(client, auth):
    user = make_user()
    for _ in range(2):
        inbox.notify(db.session, [user], "comment_posted", make_user(), "/challenges/1", target="Bus shelter")
    db.session.commit()
    auth.login(user)
    html = page(client, "/")
    assert 'class="bell"' in html
    assert '<span class="badge unread-count">2<span class="visually-hidden"> unread</span>' in html


def test_notifications_page_lists_marks_and_opens(client, auth):
    user, actor = make_user(), make_user(name="Minji")
    inbox.notify(db.session, [user], "comment_posted", actor, "/challenges/7#comment-3", target="Bus shelter")
    db.session.commit()
    item = db.session.scalar(select(Notification))
    auth.login(user)
    html = page(client, "/notifications")
    assert "Minji commented on &#34;Bus shelter&#34;." in html or 'Minji commented on "Bus shelter".' in html
    response = client.get(f"/notifications/{item.id}")
    assert response.headers["Location"] == "/challenges/7#comment-3"
    assert db.session.get(Notification, item.id).read_at is not None
    inbox.notify(db.session, [user], "comment_posted", actor, "/", target="x")
    db.session.commit()
    submit(client, "/notifications/read", page="/notifications")
    assert inbox.unread_count(db.session, user) == 0


def test_nobody_opens_another_members_notification(client, auth):
    owner = make_user()
    [item] = inbox.notify(db.session, [owner], "comment_posted", make_user(), "/", target="x")
    db.session.commit()
    auth.login(make_user())
    assert client.get(f"/notifications/{item.id}").status_code == 404


def test_a_profile_shows_public_contributions_only(client):
    member = make_user(name="Haeun")
    challenge = make_challenge(owner=member, title="Dark underpass")
    solution = make_solution(team=[member], title="Solar lamps")
    make_comment(challenge, author=member, body="Shown **here**")
    hidden = make_challenge(hidden=True, title="Secret matter")
    make_comment(hidden, author=member, body="Not on the profile")
    make_comment(challenge, author=member, body="Deleted one", deleted=True)
    html = page(client, f"/members/{member.id}")
    assert "Haeun" in html and "Dark underpass" in html and solution.title in html
    assert "<strong>here</strong>" in html
    assert "Not on the profile" not in html and "Secret matter" not in html and "Deleted one" not in html


def test_profile_page_keeps_a_fixed_number_of_queries(client):
    member = make_user()
    challenge = make_challenge(owner=member)
    counts = []
    for total in (5, 50):
        while db.session.scalar(select(db.func.count(Comment.id))) < total:
            make_comment(challenge, author=member)
        with count_queries() as statements:
            page(client, f"/members/{member.id}")
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_settings_change_name_language_and_email_choice(client, auth):
    user = make_user(name="Old name")
    auth.login(user)
    response = submit(client, "/settings", {"name": "New name", "locale": "en", "email_choice": "daily_digest"})
    assert response.status_code == 302
    user = db.session.get(User, user.id)
    assert (user.name, user.locale) == ("New name", "en")
    assert inbox.email_choice_of(db.session, user) == EmailChoice.daily_digest


def test_settings_open_in_the_language_the_site_is_read_in(client, auth):
    """English picked with the header's switcher before signing in: the form shows English, and saving only a new
    name keeps the site (and from then on the account) in English."""
    user = make_user(name="Old name", locale="ko")
    client.get("/lang/en")
    auth.login(user)
    form = client.get("/settings").get_data(as_text=True)
    assert '<option selected value="en">' in form or '<option value="en" selected>' in form, form
    response = submit(client, "/settings", {"name": "New name", "locale": "en", "email_choice": "immediately"})
    assert response.status_code == 302
    page = client.get("/settings")
    assert 'lang="en"' in page.get_data(as_text=True)
    assert db.session.get(User, user.id).locale == "en"


def test_settings_show_errors_on_the_form(client, auth):
    auth.login(make_user())
    response = submit(client, "/settings", {"name": "", "locale": "en", "email_choice": "off"}, headers=EN)
    assert response.status_code == 422
    assert "Enter your name." in response.get_data(as_text=True)


def test_password_change_needs_the_current_password(client, auth):
    user = make_user()
    auth.login(user)
    wrong = submit(client, "/settings/password", {"current_password": "nope", "new_password": "a brand new secret"},
                   page="/settings", headers=EN)
    assert wrong.status_code == 422
    assert "This is not your current password." in wrong.get_data(as_text=True)
    right = submit(client, "/settings/password", {"current_password": PASSWORD, "new_password": "a brand new secret"},
                   page="/settings")
    assert right.status_code == 302
    assert verify_password(db.session.get(User, user.id).password_hash, "a brand new secret")
    assert client.get("/settings").status_code == 200  # this browser stays signed in


def test_commenting_through_the_form(client, auth):
    challenge = make_challenge()
    auth.login(make_user())
    path = f"/challenges/{challenge.id}/comments"
    response = submit(client, path, {"body": "Hello *all*"})
    comment = db.session.scalar(select(Comment))
    assert response.headers["Location"] == f"/challenges/{challenge.id}#comment-{comment.id}"
    assert comment.body_html == "<p>Hello <em>all</em></p>"
    reply = submit(client, path, {"form_prefix": f"reply{comment.id}", f"reply{comment.id}-body": "Hi back",
                                  f"reply{comment.id}-parent_id": str(comment.id)})
    assert reply.status_code == 302
    assert db.session.scalar(select(Comment).where(Comment.parent_id == comment.id)).body == "Hi back"


def test_an_empty_comment_shows_the_form_with_an_error(client, auth):
    solution = make_solution()
    auth.login(make_user())
    response = submit(client, f"/solutions/{solution.id}/comments", {"body": "  "}, headers=EN)
    assert response.status_code == 422
    assert "Write a comment." in response.get_data(as_text=True)


def test_edit_delete_and_report_through_the_forms(client, auth):
    author, other = make_user(), make_user()
    comment = make_comment(author=author, body="First try")
    auth.login(author)
    assert submit(client, f"/comments/{comment.id}/edit", {"body": "Second try"}).status_code == 302
    assert db.session.get(Comment, comment.id).body == "Second try"
    submit(client, f"/comments/{comment.id}/delete", page=f"/comments/{comment.id}/edit")
    assert db.session.get(Comment, comment.id).deleted is True
    target = make_comment(author=author)
    auth.sign_out()
    auth.login(other)
    assert submit(client, f"/comments/{target.id}/report", {"reason": "Spam"}).status_code == 302
    assert db.session.scalar(select(Report)).reporter_id == other.id


def test_support_and_follow_through_the_forms(client, auth):
    challenge = make_challenge()
    member = make_user()
    auth.login(member)
    response = submit(client, f"/challenges/{challenge.id}/support", {"story": "I walk there at night."})
    assert response.status_code == 302
    assert db.session.scalar(select(Support)).story == "I walk there at night."
    again = submit(client, f"/challenges/{challenge.id}/support", {})
    assert again.status_code == 302  # told "you already support this", nothing saved twice
    assert len(db.session.scalars(select(Support)).all()) == 1
    submit(client, f"/challenges/{challenge.id}/unfollow", page=f"/challenges/{challenge.id}/support")
    assert db.session.scalar(select(Follow)) is None
    submit(client, f"/challenges/{challenge.id}/follow", page=f"/challenges/{challenge.id}/support")
    assert db.session.scalar(select(Follow)).user_id == member.id


def _has_page(app, endpoint):
    if endpoint not in app.view_functions:
        pytest.skip(f"{endpoint} is not built yet")


def test_no_xss_payload_survives_into_the_challenge_page(app, client):
    _has_page(app, "challenges.show")
    challenge = make_challenge()
    for payload in PAYLOADS:
        make_comment(challenge, body=payload)
    parser = CommentBodies()
    for n in range(1, -(-len(PAYLOADS) // comments.THREADS_PER_PAGE) + 1):
        parser.feed(page(client, f"/challenges/{challenge.id}?comments_page={n}"))
    assert len(parser.bodies) == len(PAYLOADS)
    for body in parser.bodies:
        assert_safe(body)


@pytest.mark.parametrize("kind", ["challenges", "solutions"])
def test_pages_with_comments_keep_a_fixed_number_of_queries(app, client, auth, kind):
    _has_page(app, f"{kind}.show")
    solution = make_solution()
    target = {"challenges": {"challenge": solution.challenge}, "solutions": {"solution": solution}}[kind]
    path = f"/challenges/{solution.challenge_id}" if kind == "challenges" else f"/solutions/{solution.id}"
    auth.login(make_user())
    counts = []
    for total in (5, 50):
        while db.session.scalar(select(db.func.count(Comment.id))) < total:
            parent = make_comment(author=make_user(), **target)
            make_comment(author=make_user(), parent=parent, **target)
        with count_queries() as statements:
            html = page(client, path)
        threads = (total + total % 2) // 2
        assert html.count('class="comment"') == 2 * min(threads, comments.THREADS_PER_PAGE)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_comment_threads_are_paged_oldest_first(client, auth):
    challenge = make_challenge()
    tops = [make_comment(challenge, body=f"Thread number {i}") for i in range(1, 46)]
    reply = make_comment(challenge, body="An answer to the first", parent=tops[0])
    make_comment(challenge, body="An answer to the last", parent=tops[-1])
    first = page(client, f"/challenges/{challenge.id}")
    assert "Thread number 1</p>" in first and "Thread number 20</p>" in first and "Thread number 21</p>" not in first
    assert "An answer to the first" in first and "An answer to the last" not in first
    assert "Page 1 of 3" in first and f"/challenges/{challenge.id}?comments_page=2#comments" in first
    last = page(client, f"/challenges/{challenge.id}?comments_page=3")
    assert "Thread number 41</p>" in last and "Thread number 45</p>" in last and "Thread number 40</p>" not in last
    assert "An answer to the last" in last and "Page 3 of 3" in last and "Later comments" not in last
    assert '<ol class="comment-list" start="41">' in last
    # A page past the end shows the last one; anything but a number, the first.
    assert "Thread number 45</p>" in page(client, f"/challenges/{challenge.id}?comments_page=99")
    assert "Thread number 1</p>" in page(client, f"/challenges/{challenge.id}?comments_page=abc")
    # Posting, editing and replying lead back to the page that shows the comment.
    auth.login(reply.author)
    response = submit(client, f"/challenges/{challenge.id}/comments", {"body": "The newest thought"})
    newest = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    assert response.headers["Location"] == f"/challenges/{challenge.id}?comments_page=3#comment-{newest.id}"
    edited = submit(client, f"/comments/{reply.id}/edit", {"body": "Edited answer"})
    assert edited.headers["Location"] == f"/challenges/{challenge.id}#comment-{reply.id}"
