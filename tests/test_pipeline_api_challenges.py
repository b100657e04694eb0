"""Challenges through the API: post, search, read, edit, close, hide."""

from __future__ import annotations

from datetime import timedelta

import pytest

from socialchallenge.models import Role
from socialchallenge.pipeline.stages import CHALLENGE_FIELDS
from socialchallenge.timeutil import utcnow
from tests.builders import api_value, make_challenge, make_organisation, make_solution, make_token, make_user


def challenge_body(**overrides):
    """A full challenge body built from the stage table."""
    return {name: api_value(spec) for name, spec in CHALLENGE_FIELDS.items()} | overrides


def test_a_member_posts_a_challenge(app, api):
    user = make_user()
    response = api.post("/api/v1/challenges", challenge_body(title="No shelter at the bus stop", tags=["Mobility "]),
                        token=make_token(user))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["title"] == "No shelter at the bus stop" and body["tags"] == ["mobility"] and body["sdgs"] == [11]
    assert body["status"] == "open" and body["owner"] == {"id": user.id, "name": user.name}
    assert body["min_solutions"] == 4 and body["solutions_count"] == 0 and body["selected_solution_ids"] == []
    assert body["adopted_solution_id"] is None and body["selection"]["to_go"] == 4


def test_posting_needs_a_token(app, api):
    assert api.post("/api/v1/challenges", challenge_body()).status_code == 401


@pytest.mark.parametrize("field", sorted(CHALLENGE_FIELDS))
def test_posting_without_a_required_challenge_field_lists_it(app, api, field):
    body = challenge_body()
    body[field] = [] if isinstance(body[field], list) else "  "
    response = api.post("/api/v1/challenges", body, token=make_token(make_user()))
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


def test_posting_with_an_unknown_field_is_refused(app, api):
    response = api.post("/api/v1/challenges", challenge_body(colour="red"), token=make_token(make_user()))
    assert response.status_code == 422 and "colour" in response.get_json()["error"]["fields"]


def test_posting_for_an_organisation_needs_its_admin(app, api):
    admin, member = make_user(), make_user()
    org = make_organisation(admins=[admin], members=[member])
    refused = api.post("/api/v1/challenges", challenge_body(organisation_id=org.id), token=make_token(member))
    assert refused.status_code == 403
    posted = api.post("/api/v1/challenges", challenge_body(organisation_id=org.id), token=make_token(admin))
    assert posted.status_code == 201 and posted.get_json()["organisation"]["id"] == org.id


def test_list_filters_and_sorts(app, api):
    a = make_challenge(title="Dark alley in Mangwon", area="Mapo-gu", tags=["safety"], sdgs=[11, 16])
    b = make_challenge(title="Lonely older neighbours", area="Jongno-gu", tags=["care"], sdgs=[3], supports_count=7)
    c = make_challenge(title="Closed one", area="Mapo-gu", status="closed",
                       solution_deadline=utcnow() + timedelta(days=3))
    make_challenge(title="Hidden spam", hidden=True)

    def ids(query):
        response = api.get(f"/api/v1/challenges{query}")
        assert response.status_code == 200, response.get_json()
        return [item["id"] for item in response.get_json()["items"]]

    assert ids("") == [c.id, b.id, a.id]
    assert ids("?q=alley") == [a.id]
    assert ids("?area=mapo") == [c.id, a.id]
    assert ids("?tag=Safety") == [a.id]
    assert ids("?sdg=3") == [b.id]
    assert ids("?status=closed") == [c.id]
    assert ids("?sort=most_supported")[0] == b.id
    assert api.get("/api/v1/challenges?per_page=2&page=2").get_json() | {"items": None} == {
        "items": None, "page": 2, "per_page": 2, "total": 3}


@pytest.mark.parametrize("query", ["?status=maybe", "?sdg=18", "?sort=random", "?per_page=101"])
def test_bad_list_parameters_are_malformed(app, api, query):
    assert api.get(f"/api/v1/challenges{query}").status_code == 400


def test_hidden_challenges_are_not_found_by_the_public(app, api):
    owner = make_user()
    challenge = make_challenge(owner=owner, hidden=True, hidden_reason="spam")
    solution = make_solution(challenge)
    assert api.get(f"/api/v1/challenges/{challenge.id}").status_code == 404
    assert api.get(f"/api/v1/solutions/{solution.id}").status_code == 404
    assert api.get(f"/api/v1/challenges/{challenge.id}", token=make_token(owner)).status_code == 200
    staff = make_user(role=Role.secretariat)
    assert api.get(f"/api/v1/challenges/{challenge.id}", token=make_token(staff)).status_code == 200


def test_owner_edits_and_closes_a_challenge(app, api):
    owner = make_user()
    challenge = make_challenge(owner=owner)
    token = make_token(owner)
    response = api.patch(f"/api/v1/challenges/{challenge.id}", {"area": "Seongsu-dong", "status": "closed"},
                         token=token)
    assert response.status_code == 200 and response.get_json()["status"] == "closed"
    assert response.get_json()["area"] == "Seongsu-dong"


def test_non_owner_cannot_edit_a_challenge(app, api):
    challenge = make_challenge()
    response = api.patch(f"/api/v1/challenges/{challenge.id}", {"area": "Elsewhere"}, token=make_token(make_user()))
    assert response.status_code == 403


def test_only_the_secretariat_sets_min_solutions_and_hides(app, api):
    owner, staff = make_user(), make_user(role=Role.secretariat)
    challenge = make_challenge(owner=owner)
    assert api.patch(f"/api/v1/challenges/{challenge.id}", {"min_solutions": 2},
                     token=make_token(owner)).status_code == 403
    response = api.patch(f"/api/v1/challenges/{challenge.id}", {"min_solutions": 2}, token=make_token(staff))
    assert response.status_code == 200 and response.get_json()["min_solutions"] == 2
    assert api.patch(f"/api/v1/challenges/{challenge.id}", {"min_solutions": 21},
                     token=make_token(staff)).status_code == 422
    assert api.patch(f"/api/v1/challenges/{challenge.id}", {"hidden": True, "hidden_reason": "duplicate"},
                     token=make_token(staff)).status_code == 200
    assert api.get(f"/api/v1/challenges/{challenge.id}").status_code == 404


def test_a_district_stands_in_for_the_place_in_words(app, api):
    """Issue 16: the area is picked from the standard list; the finer place in words is then optional."""
    token = make_token(make_user())
    posted = api.post("/api/v1/challenges", challenge_body(area="", district="11440"), token=token)
    assert posted.status_code == 201, posted.get_json()
    body = posted.get_json()
    assert body["area"] == "" and body["district"]["code"] == "11440"

    # With neither, the answer says that either will do.
    refused = api.post("/api/v1/challenges", challenge_body(area=""), token=token, headers={"Accept-Language": "en"})
    assert refused.status_code == 422
    either = "Choose a district from the list, or say in words where it is."
    assert refused.get_json()["error"]["fields"] == {"area": either}

    # Editing: the place in words may be emptied while the district stays; not once the district goes too.
    challenge_id = body["id"]
    kept = api.patch(f"/api/v1/challenges/{challenge_id}", {"title": "Benches for the Mangwon market"}, token=token)
    assert kept.status_code == 200, kept.get_json()
    cleared = api.patch(f"/api/v1/challenges/{challenge_id}", {"district": None}, token=token)
    assert cleared.status_code == 422 and list(cleared.get_json()["error"]["fields"]) == ["area"]
    moved = api.patch(f"/api/v1/challenges/{challenge_id}", {"district": None, "area": "Mangwon market"}, token=token)
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["district"] is None and moved.get_json()["area"] == "Mangwon market"
