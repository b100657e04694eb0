"""The OpenAPI document (SPEC §5): it describes every endpoint, its field schemas come from the stage table, and a
schemathesis run against the app finds no server error and no answer that disagrees with the document."""


import re

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from socialchallenge.models import Role, Stage
from socialchallenge.pipeline.stages import CHALLENGE_FIELDS, SOLUTION_FIELDS
from tests.builders import make_challenge, make_solution, make_token, make_user

EN = {"Accept-Language": "en"}


def test_document_lists_every_api_route(client, app):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:>]*:)?(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented, (path, method)


def test_field_schemas_come_from_the_stage_table(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert set(CHALLENGE_FIELDS) <= set(schemas["Challenge"]["properties"])
    assert set(SOLUTION_FIELDS) <= set(schemas["Solution"]["properties"])
    post = client.get("/api/v1/openapi.json", headers=EN).get_json()["paths"]["/api/v1/challenges"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["title"]["maxLength"] == CHALLENGE_FIELDS["title"].max_length
    # Every required field of the table, but the place in words: a district from the list stands in for it (issue 16).
    assert set(body["required"]) == {f.name for f in CHALLENGE_FIELDS.values() if f.required} - {"area"}
    assert {"title", "problem", "affected", "tags", "sdgs"} <= set(body["required"])
    assert "district" in body["properties"]["area"]["description"]


def test_errors_and_lists_share_one_shape(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    get = doc["paths"]["/api/v1/challenges/{challenge_id}"]["get"]
    assert get["responses"]["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert set(doc["components"]["schemas"]["ChallengeList"]["required"]) == {"items", "page", "per_page", "total"}


def test_api_page_renders_the_document(client):
    html = client.get("/api", headers=EN).get_data(as_text=True)
    assert "/api/v1/challenges/{challenge_id}" in html and "Bearer" in html
    # CSP: no inline scripts or styles.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "style=" not in html and "<style" not in html


def test_document_is_built_once_per_process(client, monkeypatch):
    from socialchallenge.openapi import document

    built = []
    build = document.build_document
    monkeypatch.setattr(document, "build_document", lambda: built.append(1) or build())
    first = client.get("/api/v1/openapi.json", headers=EN)
    again = client.get("/api/v1/openapi.json", headers=EN)
    page = client.get("/api", headers=EN)
    assert first.status_code == again.status_code == page.status_code == 200
    assert first.mimetype == "application/json" and first.get_json() == again.get_json()
    assert "/api/v1/challenges/{challenge_id}" in page.get_data(as_text=True)
    assert len(built) == 1
    # Per language: the Korean document is built (once) for Korean readers, with the same operations in Korean.
    korean = client.get("/api/v1/openapi.json", headers={"Accept-Language": "ko"})
    client.get("/api/v1/openapi.json", headers={"Accept-Language": "ko"})
    assert len(built) == 2
    ko_paths, en_paths = korean.get_json()["paths"], first.get_json()["paths"]
    assert {p: sorted(ops) for p, ops in ko_paths.items()} == {p: sorted(ops) for p, ops in en_paths.items()}
    assert en_paths["/api/v1/challenges"]["post"]["summary"].startswith("Post a challenge")
    assert ko_paths["/api/v1/challenges"]["post"]["summary"].startswith("과제를 올립니다")


class _FreshContext:
    """Runs each request in its own app context, as a real server does (the test keeps one open)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        with self.app.app_context():
            return self.app.wsgi_app(environ, start_response)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_schemathesis_finds_no_server_error_and_no_disagreement(app):
    member = make_user(role=Role.secretariat)
    challenge = make_challenge(owner=member)
    make_solution(challenge, stage=Stage.proposal, team=[member])
    token = make_token(member)
    app.config["RATELIMIT_ENABLED"] = False
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _FreshContext(app))
    failures = []
    for operation in schema.get_all_operations():
        op = operation.ok()

        @settings(max_examples=12, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy())
        def run(case):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collect every operation's failures, then report
            failures.append(f"{op.method.upper()} {op.path}: {str(exc)[:1500]}")
    assert failures == [], "\n\n".join(failures[:20])
