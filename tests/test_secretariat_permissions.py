"""Every secretariat page and API endpoint: visitors sign in (web) or get 401 (API), members get 403, staff pass.

The routes come from the app's URL map, so a route added later is covered without touching this file."""

from __future__ import annotations

import re

import pytest

from tests.builders import (
    make_campaign,
    make_comment,
    make_organisation,
    make_report,
    make_resource,
    make_resource_request,
    make_token,
    make_user,
)
from tests.helpers import csrf_from

PREFIXES = ("/secretariat", "/api/v1/secretariat")
CONVERTER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def _routes(app, prefix: str) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix + "/") and rule.rule != prefix:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, rule.rule, rule.endpoint))
    return found


def _path(rule: str, ids: dict[str, int]) -> str:
    def fill(match: re.Match) -> str:
        converter, args, name = match.groups()
        if converter == "any":
            return args.split(",")[0].strip().strip("'\"")
        if name == "kind":
            return "challenges"
        return str(ids.get(name, 1))

    return CONVERTER.sub(fill, rule)


@pytest.fixture
def world(app):
    """One of each thing a secretariat route can point at."""
    staff = make_user(role="secretariat")
    member = make_user()
    campaign = make_campaign(status="review")
    solution = campaign.solution
    comment = make_comment(challenge=solution.challenge)
    make_report(comment)
    resource = make_resource()
    request_row = make_resource_request(resource, solution)
    org = make_organisation()
    return {
        "staff": staff, "member": member,
        "ids": {"challenge_id": solution.challenge_id, "solution_id": solution.id, "campaign_id": campaign.id,
                "comment_id": comment.id, "user_id": member.id, "org_id": org.id, "request_id": request_row.id,
                "resource_id": resource.id, "mentor_id": staff.id},
    }


def test_the_console_has_routes_to_check(app):
    assert len(_routes(app, "/secretariat")) > 15
    assert len(_routes(app, "/api/v1/secretariat")) > 15


def _web(client, method: str, path: str):
    if method == "GET":
        return client.get(path)
    token = csrf_from(client.get("/auth/sign-in").get_data(as_text=True))  # a page with a form, signed out too
    return client.open(path, method=method, data={"csrf_token": token})


def test_visitors_are_sent_to_sign_in(app, client, world):
    for method, rule, _endpoint in _routes(app, "/secretariat"):
        response = _web(client, method, _path(rule, world["ids"]))
        assert response.status_code == 302, (method, rule, response.status_code)
        assert "/auth/sign-in" in response.headers["Location"], (method, rule)


def test_members_get_403(app, client, auth, world):
    auth.login(world["member"])
    for method, rule, _endpoint in _routes(app, "/secretariat"):
        response = _web(client, method, _path(rule, world["ids"]))
        assert response.status_code == 403, (method, rule, response.status_code)


def test_secretariat_is_let_in(app, client, auth, world):
    auth.login(world["staff"])
    for method, rule, _endpoint in _routes(app, "/secretariat"):
        response = _web(client, method, _path(rule, world["ids"]))
        assert response.status_code not in (401, 403, 500), (method, rule, response.status_code)
        assert "/auth/sign-in" not in response.headers.get("Location", ""), (method, rule)


def _api(api, method: str, path: str, token: str | None):
    call = getattr(api, method.lower())
    return call(path, token=token) if method in ("GET", "DELETE") else call(path, {}, token=token)


def test_api_without_token_is_401(app, api, world):
    for method, rule, _endpoint in _routes(app, "/api/v1/secretariat"):
        response = _api(api, method, _path(rule, world["ids"]), None)
        assert response.status_code == 401, (method, rule, response.status_code)


def test_api_for_members_is_403(app, api, world):
    token = make_token(world["member"])
    for method, rule, _endpoint in _routes(app, "/api/v1/secretariat"):
        response = _api(api, method, _path(rule, world["ids"]), token)
        assert response.status_code == 403, (method, rule, response.status_code)


def test_api_for_secretariat_is_allowed(app, api, world):
    token = make_token(world["staff"])
    for method, rule, _endpoint in _routes(app, "/api/v1/secretariat"):
        response = _api(api, method, _path(rule, world["ids"]), token)
        assert response.status_code not in (401, 403, 500), (method, rule, response.status_code,
                                                             response.get_json())


def test_the_header_links_to_the_console_for_staff_only(client, auth, app):
    staff, member = make_user(role="admin"), make_user()
    assert "/secretariat/" not in client.get("/").get_data(as_text=True)
    auth.login(member)
    assert "/secretariat/" not in client.get("/").get_data(as_text=True)
    auth.sign_out()
    auth.login(staff)
    assert 'href="/secretariat/"' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
