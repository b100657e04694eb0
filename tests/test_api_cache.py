"""The API's challenge list and challenge from the shared page cache (issue 17 goal 3): the JSON is exactly what
the uncached API answers, a hit runs no SQL, a change through the API shows on the next request, and a reader
with a token is never served (nor stores) a cached answer."""

from __future__ import annotations

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import Role
from tests.builders import make_challenge, make_solution, make_token, make_user
from tests.helpers import count_queries


def read(app, path: str, **headers):
    """One anonymous GET from a new client (no cookies), after the session forgot every loaded row."""
    db.session.expire_all()
    return app.test_client().get(path, headers=headers)


def uncached(app, path: str):
    """The answer with the page cache off, as the API gave it before."""
    store = app.extensions["pagecache"]
    app.extensions["pagecache"] = None
    try:
        return read(app, path)
    finally:
        app.extensions["pagecache"] = store


@pytest.mark.parametrize("path", ["/api/v1/challenges/{id}", "/api/v1/challenges?per_page=5",
                                  "/api/v1/challenges?sort=most_supported&status=open"])
def test_a_hit_is_the_uncached_json_byte_for_byte_and_runs_no_sql(cached, path):
    challenge = make_challenge(title="Shade at the Mangwon bus stop", tags=["shade"], sdgs=[11])
    make_solution(challenge, stage="proposal")
    make_challenge(title="Benches by the river")
    path = path.format(id=challenge.id)
    before = uncached(cached, path)
    first = read(cached, path)
    db.session.expire_all()
    with count_queries() as statements:
        second = cached.test_client().get(path)
    assert first.status_code == second.status_code == before.status_code == 200
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert statements == []
    assert first.get_data() == second.get_data() == before.get_data()
    assert second.headers["Content-Type"] == before.headers["Content-Type"] == "application/json"
    assert second.headers["Cache-Control"] == before.headers["Cache-Control"]
    assert "Shade at the Mangwon bus stop" in second.get_data(as_text=True)


def test_an_edit_through_the_api_shows_on_the_next_request(cached, api):
    owner = make_user()
    challenge = make_challenge(owner=owner, title="Shade at the bus stop")
    detail, listing = f"/api/v1/challenges/{challenge.id}", "/api/v1/challenges"
    for path in (detail, listing, detail, listing):
        read(cached, path)
    assert read(cached, detail).headers["X-Cache"] == "hit"
    edited = api.patch(detail, {"title": "Shade and a bench at the bus stop"}, token=make_token(owner))
    assert edited.status_code == 200
    again = read(cached, detail)
    assert again.headers["X-Cache"] == "miss" and again.get_json()["title"] == "Shade and a bench at the bus stop"
    assert again.get_data() == edited.get_data()
    listed = read(cached, listing)
    assert listed.headers["X-Cache"] == "miss"
    assert [item["title"] for item in listed.get_json()["items"]] == ["Shade and a bench at the bus stop"]


def test_a_new_solution_and_a_support_change_the_counts_at_once(cached, api):
    challenge = make_challenge(min_solutions=1)
    path = f"/api/v1/challenges/{challenge.id}"
    read(cached, path)
    assert read(cached, path).get_json()["solutions_count"] == 0
    author = make_user()
    submitted = api.post(f"{path}/solutions", {"title": "A canopy", "summary": "Cloth over the stop."},
                         token=make_token(author))
    assert submitted.status_code == 201, submitted.get_json()
    after = read(cached, path)
    assert after.headers["X-Cache"] == "miss" and after.get_json()["solutions_count"] == 1
    assert read(cached, path).headers["X-Cache"] == "hit"
    assert api.post(f"{path}/supports", {}, token=make_token(make_user())).status_code in {200, 201}
    supported = read(cached, path)
    assert supported.headers["X-Cache"] == "miss" and supported.get_json()["supports_count"] == 1


def test_a_new_challenge_is_on_the_json_list_at_once(cached, api):
    make_challenge(title="First of the list")
    read(cached, "/api/v1/challenges")
    assert read(cached, "/api/v1/challenges").headers["X-Cache"] == "hit"
    posted = api.post("/api/v1/challenges", {
        "title": "Second of the list", "problem": "No shade at the stop.", "affected": "Commuters",
        "area": "Mangwon-dong", "tags": ["shade"], "sdgs": [11]}, token=make_token(make_user()))
    assert posted.status_code == 201, posted.get_json()
    listed = read(cached, "/api/v1/challenges")
    assert listed.headers["X-Cache"] == "miss"
    assert listed.get_json()["total"] == 2 and listed.get_json()["items"][0]["title"] == "Second of the list"


def test_a_reader_with_a_token_is_never_served_nor_stores_a_cached_answer(cached, api):
    owner, staff = make_user(), make_user(role=Role.secretariat)
    hidden = make_challenge(owner=owner, title="Only for the owner", hidden=True, hidden_reason="spam")
    path = f"/api/v1/challenges/{hidden.id}"
    for token in (make_token(owner), make_token(staff)):
        answer = api.get(path, token=token)
        assert answer.status_code == 200 and "X-Cache" not in answer.headers
    assert read(cached, path).status_code == 404
    assert read(cached, path).status_code == 404
    listing = api.get("/api/v1/challenges", token=make_token(staff))
    assert "X-Cache" not in listing.headers
    assert read(cached, "/api/v1/challenges").get_json()["items"] == []


def test_hiding_a_challenge_removes_it_from_the_next_answers(cached, api):
    challenge = make_challenge(title="Soon hidden")
    detail, listing = f"/api/v1/challenges/{challenge.id}", "/api/v1/challenges"
    for path in (detail, listing, detail, listing):
        read(cached, path)
    staff = make_token(make_user(role=Role.secretariat))
    assert api.patch(detail, {"hidden": True, "hidden_reason": "duplicate"}, token=staff).status_code == 200
    assert read(cached, detail).status_code == 404
    assert read(cached, listing).get_json()["items"] == []


def test_each_language_keeps_its_own_answer(cached):
    make_challenge(title="Mapo bus stop without shade", district_code="11440")
    english = read(cached, "/api/v1/challenges", **{"Accept-Language": "en"})
    korean = read(cached, "/api/v1/challenges", **{"Accept-Language": "ko"})
    assert english.headers["X-Cache"] == korean.headers["X-Cache"] == "miss"
    assert english.get_json()["items"][0]["district"] == {"code": "11440", "name": "Mapo-gu"}
    assert korean.get_json()["items"][0]["district"] == {"code": "11440", "name": "마포구"}
    again = read(cached, "/api/v1/challenges", **{"Accept-Language": "ko"})
    assert again.headers["X-Cache"] == "hit" and again.get_data() == korean.get_data()


def test_a_miss_runs_a_fixed_few_statements(cached):
    for n in range(6):
        challenge = make_challenge(tags=["shade", f"stop {n}"], sdgs=[3, 11], min_solutions=1)
        make_solution(challenge, stage="proposal", selected=True)
    path = f"/api/v1/challenges/{challenge.id}"
    db.session.expire_all()
    with count_queries() as listing:
        assert read(cached, "/api/v1/challenges?per_page=20").headers["X-Cache"] == "miss"
    with count_queries() as detail:
        assert read(cached, path).headers["X-Cache"] == "miss"
    # The list: its total, the page with owners, organisations, covers and districts, the tags, the SDGs (a
    # summary does not show the selected solutions). The detail: the challenge with the same, its tags, SDGs,
    # selected solutions and solutions.
    assert len(listing) == 4, listing
    assert len(detail) == 5, detail
