"""The language switch is a plain link (/lang/<code>?next=…): no form, no session, no CSRF token. A visitor who
has not signed in gets no session cookie and no CSRF token on public pages, so those pages hold nothing personal
(issue 17: pages a shared cache may keep). The switch only ever sends people back to a page of this site."""

from __future__ import annotations

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import User
from tests.builders import make_challenge, make_solution, make_user


def session_cookie_set(response) -> bool:
    return any(h.startswith("session=") for h in response.headers.getlist("Set-Cookie"))


@pytest.fixture
def public_pages(app):
    challenge = make_challenge(title="그늘 없는 정류장")
    solution = make_solution(challenge, title="Shade sails")
    return ["/", "/challenges", f"/challenges/{challenge.id}", f"/solutions/{solution.id}", "/learnings",
            "/search?q=정류장", "/api"]


def test_a_visitor_reading_public_pages_gets_no_session_and_no_csrf_token(client, public_pages):
    for path in public_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not session_cookie_set(response), f"{path} started a session"
        assert "csrf_token" not in response.get_data(as_text=True), f"{path} carries a CSRF token"


def test_the_header_offers_each_language_as_a_link_back_to_this_page(client, public_pages):
    html = client.get("/challenges?status=open").get_data(as_text=True)
    assert 'href="/lang/en?next=/challenges?status%3Dopen"' in html
    assert 'href="/lang/ko?next=/challenges?status%3Dopen"' in html


def test_following_the_link_switches_the_language_without_a_session(client, public_pages):
    response = client.get("/lang/en?next=/challenges?status=open")
    assert response.status_code == 302
    assert response.headers["Location"] == "/challenges?status=open"
    assert not session_cookie_set(response)
    page = client.get("/challenges", headers={"Accept-Language": "ko"})
    assert '<html lang="en">' in page.get_data(as_text=True)
    assert not session_cookie_set(page)
    client.get("/lang/ko?next=/")
    assert '<html lang="ko">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "evil.example",
                                    "javascript:alert(1)", " //evil.example"])
def test_the_switch_only_sends_people_back_to_this_site(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client):
    response = client.get("/lang/fr?next=/")
    assert response.status_code == 404
    assert not any(h.startswith("lang=") for h in response.headers.getlist("Set-Cookie"))


def test_a_member_switching_keeps_the_choice_on_the_account_too(client, auth):
    member = make_user("Kim")
    auth.login(member)
    client.get("/lang/en?next=/")
    assert db.session.get(User, member.id).locale == "en"
    # A link followed from another site changes what this browser shows, never the account.
    client.get("/lang/ko?next=/", headers={"Sec-Fetch-Site": "cross-site"})
    assert db.session.get(User, member.id).locale == "en"
    assert '<html lang="ko">' in client.get("/").get_data(as_text=True)


def test_signing_in_and_out_keeps_the_chosen_language(client, auth):
    member = make_user("Lee")
    client.get("/lang/en?next=/")
    auth.login(member)
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    auth.sign_out()
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "ko"}).get_data(as_text=True)


def test_templates_follow_a_language_forced_within_a_request(app):
    # Templates' strings are looked up once per language a request uses; a mail worded in its reader's language
    # inside a Korean request must still come out in that language, and the page in Korean afterwards.
    from flask import render_template_string
    from flask_babel import force_locale, refresh

    page = "{{ _('Search') }} {{ ngettext('%(num)d result', '%(num)d results', 2) }}"
    # Each request in its own app context, as under a server (`g`, where the language is kept, is the app context's).
    with app.app_context(), app.test_request_context("/", headers={"Accept-Language": "ko"}):
        assert render_template_string(page) == "검색 결과 2개"
        with force_locale("en"):
            assert render_template_string(page) == "Search 2 results"
        assert render_template_string(page) == "검색 결과 2개"
    with app.app_context(), app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string(page) == "Search 2 results"
        with force_locale("ko"):
            assert render_template_string(page) == "검색 결과 2개"
        refresh()
        assert render_template_string(page) == "Search 2 results"
