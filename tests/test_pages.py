"""Pages: both languages, friendly error pages, security headers, no CDN."""

import re

import pytest


def test_korean_is_the_default_language(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ko">' in html
    assert "로그인" in html


def test_english_from_accept_language(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Sign in" in html


def test_language_switcher_remembers_the_choice(client):
    response = client.get("/lang/en?next=/auth/sign-in")
    assert response.headers["Location"] == "/auth/sign-in"
    html = client.get("/", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert '<html lang="en">' in html


@pytest.mark.parametrize(("lang", "text"), [("ko", "페이지를 찾을 수 없습니다"), ("en", "We couldn't find that page")])
def test_404_page_in_both_languages(client, lang, text):
    response = client.get("/no-such-page", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert text in response.get_data(as_text=True).replace("&#39;", "'")


def test_500_page_is_friendly_and_in_the_error_shape_for_the_api(fresh_app):
    @fresh_app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = fresh_app.test_client().get("/boom", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/auth/sign-in", "/auth/sign-up", "/no-such-page", "/api/v1/me"])
def test_security_headers_on_every_answer(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/auth/sign-in", "/auth/sign-up", "/auth/forgot-password"])
def test_pages_have_landmarks_skip_link_and_no_inline_code_or_cdn(client, path):
    html = client.get(path).get_data(as_text=True)
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<nav" in html and "<header" in html and "<footer" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert " style=" not in html and "<style" not in html, "inline style"
    assert not re.search(r'(src|href)="(https?:)?//', html), "asset from another host"


def test_form_inputs_have_labels(client):
    html = client.get("/auth/sign-up").get_data(as_text=True)
    for input_id in re.findall(r'<input[^>]*\bid="([^"]+)"[^>]*type="(?:text|email|password)"', html) + \
            re.findall(r'<input[^>]*type="(?:text|email|password)"[^>]*\bid="([^"]+)"', html):
        assert f'<label for="{input_id}"' in html


def test_sandbox_is_announced_on_every_page(client):
    assert "Sandbox" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_healthz_answers_json_503_when_the_database_is_down():
    # The load balancer reads the status; an HTML error page (500) said nothing it could use.
    from socialchallenge import create_app

    down = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/gone"})
    response = down.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/challenges", "/auth/sign-in", "/no-such-page"])
def test_every_page_links_the_catalogue_organisations_open_data_and_api_docs(client, path):
    """Findable from anywhere: the footer links the resource catalogue, organisations, open data and the API docs,
    and each link opens its page."""
    html = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    footer = html[html.index("<footer"):]
    for target, label in (("/resources", "Resource catalogue"), ("/organisations/", "Organisations"),
                          ("/open-data", "Open data"), ("/api", "API documentation")):
        assert f'href="{target}">{label}</a>' in footer, target
        assert client.get(target).status_code == 200, target
