"""Shared fragments of pages (issue 17 goal 2): the challenge list's content is made once and served again to
every reader, members too, while nothing it shows has changed; nothing of one reader reaches another."""

from __future__ import annotations

import re

from sqlalchemy import update

from socialchallenge.extensions import db
from socialchallenge.models import Challenge
from tests.builders import make_challenge, make_user
from tests.helpers import EN, count_queries, submit, text


def whoami(response) -> str | None:
    """The name the header shows as signed in, if any."""
    html = response.get_data(as_text=True)
    if 'class="whoami">' not in html:
        return None
    return html.split('class="whoami">', 1)[1].split("<", 1)[0]


def member(app, user):
    """A browser signed in as `user` through the real form."""
    browser = app.test_client()
    answer = submit(browser, "/auth/sign-in", {"email": user.email, "password": "correct horse battery"})
    assert answer.status_code == 302
    return browser


def main_part(response) -> str:
    """The page's content below the header and its flashed messages: where the shared fragment goes."""
    html = response.get_data(as_text=True)
    return html[html.index('<div class="page-head">'):html.index("</main>")]


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', html)


def test_members_get_the_list_made_once_and_never_each_others(cached):
    alice, bob = make_user("Alice Kang"), make_user("Bob Yoon")
    make_challenge(title="Shade at the Mangwon bus stop", owner=make_user("Carol Lim"))
    alices, bobs = member(cached, alice), member(cached, bob)

    with count_queries() as first_sql:
        first = alices.get("/challenges", headers=EN)
    with count_queries() as again_sql:
        second = bobs.get("/challenges", headers=EN)
    assert first.status_code == second.status_code == 200
    assert (whoami(first), whoami(second)) == ("Alice Kang", "Bob Yoon")
    assert "Alice Kang" not in text(second) and "Shade at the Mangwon bus stop" in text(second)
    # Bob's list came from the store: the count and the cards were not read again.
    assert len(again_sql) < len(first_sql)
    assert any("FROM challenges" in s for s in first_sql)
    assert not any("FROM challenges" in s for s in again_sql)
    # Each page's own forms carry its own reader's token; the shared part carries none.
    assert csrf_tokens(main_part(first)) == csrf_tokens(main_part(second)) == []
    assert set(csrf_tokens(first.get_data(as_text=True))).isdisjoint(csrf_tokens(second.get_data(as_text=True)))

    visitor = cached.test_client().get("/challenges", headers=EN)
    assert whoami(visitor) is None and "Sign out" not in text(visitor)
    assert main_part(visitor) == main_part(second)
    assert "Alice Kang" not in text(visitor) and "Bob Yoon" not in text(visitor)


def test_a_change_is_in_a_members_next_list(cached):
    challenge = make_challenge(title="Bench one")
    browser = member(cached, make_user("Dana Park"))
    assert "Bench one" in text(browser.get("/challenges", headers=EN))

    challenge.title = "Bench one, renamed"
    db.session.commit()
    assert "Bench one, renamed" in text(browser.get("/challenges", headers=EN))

    db.session.execute(update(Challenge).where(Challenge.id == challenge.id).values(title="Bench one, again"))
    db.session.commit()
    assert "Bench one, again" in text(browser.get("/challenges", headers=EN))

    make_challenge(title="A new lamp for the alley")
    listed = text(browser.get("/challenges", headers=EN))
    assert "A new lamp for the alley" in listed and "2 challenges found" in listed


def test_each_language_and_query_has_its_own_fragment(cached):
    make_challenge(title="Lights on the Hangang path")
    make_challenge(title="Shade at the Mangwon bus stop").status = "closed"
    db.session.commit()
    browser = member(cached, make_user())
    english = browser.get("/challenges", headers=EN)
    korean = browser.get("/challenges", headers={"Accept-Language": "ko"})
    assert "Post a challenge" in text(english) and "Post a challenge" not in text(korean)
    closed = text(browser.get("/challenges?status=closed", headers=EN))
    assert "Shade at the Mangwon bus stop" in closed and "Lights on the Hangang path" not in closed
    opened = text(browser.get("/challenges?status=open", headers=EN))
    assert "Lights on the Hangang path" in opened and "Shade at the Mangwon bus stop" not in opened


def test_a_page_stored_around_a_stored_fragment_still_follows_its_rows(cached):
    challenge = make_challenge(title="Bench two")
    member(cached, make_user()).get("/challenges", headers=EN)  # the fragment is stored; the page is not
    first = cached.test_client().get("/challenges", headers=EN)
    assert first.headers["X-Cache"] == "miss" and "Bench two" in text(first)
    assert cached.test_client().get("/challenges", headers=EN).headers["X-Cache"] == "hit"
    challenge.title = "Bench two, renamed"
    db.session.commit()
    again = cached.test_client().get("/challenges", headers=EN)
    assert again.headers["X-Cache"] == "miss" and "Bench two, renamed" in text(again)


def test_without_a_store_the_list_is_made_each_time(app):
    assert app.extensions.get("pagecache") is None
    make_challenge(title="Bench three")
    browser = member(app, make_user("Eun Choi"))
    page = browser.get("/challenges", headers=EN)
    assert whoami(page) == "Eun Choi" and "Bench three" in text(page)
