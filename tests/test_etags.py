"""ETag and If-None-Match on pages and API answers (issue 17 goal 3): the same answer again is a 304 without a
body; a change makes a new tag."""

from __future__ import annotations

from socialchallenge.extensions import db
from socialchallenge.pagecache.store import MemoryStore
from tests.builders import make_challenge
from tests.helpers import EN


def test_an_api_answer_is_304_when_the_client_has_it(client):
    challenge = make_challenge(title="Shade at the bus stop")
    url = f"/api/v1/challenges/{challenge.id}"
    first = client.get(url)
    tag = first.headers["ETag"]
    assert first.status_code == 200 and tag.startswith('W/"')
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == tag

    challenge.title = "Shade and a bench at the bus stop"
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    assert changed.get_json()["title"] == "Shade and a bench at the bus stop"


def test_a_page_is_304_when_the_browser_has_it(client):
    challenge = make_challenge()
    first = client.get(f"/challenges/{challenge.id}", headers=EN)
    again = client.get(f"/challenges/{challenge.id}", headers={**EN, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get(f"/challenges/{challenge.id}", headers={**EN, "If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200 and other.get_data() == first.get_data()


def test_a_cached_page_answers_304_with_its_stored_tag(app, client):
    before = app.extensions.get("pagecache")
    app.extensions["pagecache"] = MemoryStore()
    try:
        challenge = make_challenge()
        miss = app.test_client().get(f"/challenges/{challenge.id}", headers=EN)
        hit = app.test_client().get(f"/challenges/{challenge.id}", headers=EN)
        assert hit.headers["X-Cache"] == "hit" and hit.headers["ETag"] == miss.headers["ETag"]
        revalidated = app.test_client().get(f"/challenges/{challenge.id}",
                                            headers={**EN, "If-None-Match": miss.headers["ETag"]})
        assert revalidated.status_code == 304 and revalidated.headers["X-Cache"] == "hit"
    finally:
        app.extensions["pagecache"] = before


def test_a_post_gets_no_etag(api):
    response = api.post("/api/v1/tokens", {"email": "nobody@example.org", "password": "wrong"})
    assert "ETag" not in response.headers
