"""Security headers on every page, and secure cookies, in the production configuration (SPEC §6)."""

from __future__ import annotations

import pytest

from socialchallenge import create_app
from socialchallenge.models import Role
from tests.builders import make_user
from tests.helpers import csrf_from
from tests.world import World

HTTPS = "https://localhost"


@pytest.fixture
def production_app(app, migrated):
    """The app in production configuration on the test database; `manual` payments (production refuses sandbox)."""
    return create_app("production", {"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "p" * 64,
                                     "STORAGE_LOCAL_PATH": app.config["STORAGE_LOCAL_PATH"],
                                     "PAYMENT_PROVIDER": "manual", "RATELIMIT_ENABLED": False})


def _get_routes(app) -> list[str]:
    """Every GET rule except static files, with its parameters filled from a world of test data."""
    world = World()
    rules = sorted({rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods
                    and rule.endpoint != "static"})
    values = {**world.values, "name": "challenges", "filename": "css/app.css", "notification_id": 1, "lang": "ko",
              "org_id": world.values["org_id"]}
    world.values = values
    return [world.url(rule) for rule in rules], world


def _sign_in(client, user):
    page = client.get("/auth/sign-in", base_url=HTTPS)
    response = client.post("/auth/sign-in", base_url=HTTPS, headers={"Referer": f"{HTTPS}/auth/sign-in"},
                           data={"csrf_token": csrf_from(page.get_data(as_text=True)), "email": user.email,
                                 "password": "correct horse battery"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response


def _check_headers(path: str, response, hsts: bool) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = {part.strip().split(" ")[0]: part.strip() for part in csp.split(";") if part.strip()}
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", path
    assert directives.get("script-src") == "script-src 'self'", path
    assert directives.get("object-src") == "object-src 'none'", path
    assert headers.get("X-Frame-Options") == "DENY", path
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    assert headers.get("Referrer-Policy"), path
    if hsts:
        assert headers.get("Strict-Transport-Security", "").startswith("max-age="), path
        assert int(headers["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= 15_552_000, path
    else:
        assert "Strict-Transport-Security" not in headers, path


@pytest.mark.parametrize("role", ["visitor", "secretariat"])
def test_every_page_has_the_security_headers_in_production(production_app, role):
    """CSP without unsafe-inline or unsafe-eval, frame-ancestors 'none', HSTS: on every GET route, any answer."""
    client = production_app.test_client()
    with production_app.app_context():
        paths, _ = _get_routes(production_app)
        if role == "secretariat":
            _sign_in(client, make_user(role=Role.secretariat))
        for path in paths:
            response = client.get(path, base_url=HTTPS)
            assert response.status_code < 500, (path, response.status_code)
            _check_headers(path, response, hsts=True)


def test_error_pages_and_api_errors_have_the_headers_too(production_app):
    """A 404 page, an API 401 and a 405 carry the same headers."""
    client = production_app.test_client()
    for method, path in (("GET", "/no-such-page"), ("POST", "/api/v1/challenges"), ("DELETE", "/challenges")):
        response = client.open(path, method=method, base_url=HTTPS)
        assert response.status_code in (401, 404, 405), path
        _check_headers(path, response, hsts=True)


def test_no_hsts_outside_production(client):
    """HSTS is only sent by the production configuration (a developer's http://127.0.0.1 must keep working)."""
    _check_headers("/", client.get("/"), hsts=False)


def _cookie_attributes(response) -> dict[str, str]:
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        name = header.split("=", 1)[0]
        cookies[name] = header.lower()
    return cookies


def test_session_cookie_is_secure_httponly_and_samesite_in_production(production_app):
    """The session cookie set at sign-in is Secure, HttpOnly and SameSite=Lax."""
    client = production_app.test_client()
    with production_app.app_context():
        user = make_user()
        response = _sign_in(client, user)
    cookies = _cookie_attributes(response)
    assert "session" in cookies, response.headers.getlist("Set-Cookie")
    for name, attributes in cookies.items():
        assert "; secure" in attributes, name
        assert "; httponly" in attributes, name
        assert "; samesite=lax" in attributes or "; samesite=strict" in attributes, name


def test_remember_cookie_settings_are_secure_in_production(production_app):
    """Flask-Login's remember-me cookie, when used, has the same protections."""
    config = production_app.config
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["REMEMBER_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert config["REMEMBER_COOKIE_SAMESITE"] in ("Lax", "Strict")


def test_a_visitor_s_session_is_written_only_when_it_changes(client):
    # Two requests at once each write back the whole cookie they read; a write that changes nothing can undo the
    # other's change (a language switch lost next to the favicon request).
    assert client.get("/").headers.getlist("Set-Cookie") == []  # reading pages needs no session at all
    assert client.get("/auth/sign-in").headers.getlist("Set-Cookie")  # a form stores the CSRF token
    assert client.get("/auth/sign-in").headers.getlist("Set-Cookie") == []  # the same token: nothing to write
    assert client.get("/challenges").headers.getlist("Set-Cookie") == []
    assert client.get("/no-such-page").headers.getlist("Set-Cookie") == []


def test_the_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon(client):
    html = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in html
    assert client.get("/static/favicon.svg").status_code == 200
