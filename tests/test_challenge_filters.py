"""One filter reader and one query builder: the challenge list, search and the API answer a request alike."""

from datetime import timedelta

from socialchallenge.models import ChallengeStatus
from socialchallenge.timeutil import utcnow
from tests.builders import make_challenge

EN = {"Accept-Language": "en"}


def _closing_mix():
    """Open with a deadline ahead, closed (deadline ahead), open with a passed deadline, open without one."""
    now = utcnow()
    ahead = make_challenge(title="Closes in five days", created_at=now - timedelta(days=4),
                           solution_deadline=now + timedelta(days=5))
    closed = make_challenge(title="Closed early", created_at=now - timedelta(days=1),
                            solution_deadline=now + timedelta(days=2), status=ChallengeStatus.closed)
    passed = make_challenge(title="Deadline passed", created_at=now - timedelta(days=2),
                            solution_deadline=now - timedelta(days=1))
    no_deadline = make_challenge(title="No deadline at all", created_at=now - timedelta(days=3))
    return [ahead, closed, passed, no_deadline]


def test_closing_soon_is_one_order_on_the_list_page_search_and_the_api(client):
    """Deadline still ahead (and taking solutions) first, soonest first; everything else newest first."""
    ahead, closed, passed, no_deadline = _closing_mix()
    expected = [ahead.id, closed.id, passed.id, no_deadline.id]
    api_list = client.get("/api/v1/challenges?sort=closing_soon").get_json()["items"]
    assert [c["id"] for c in api_list] == expected
    api_search = client.get("/api/v1/search?stage=challenge&sort=closing_soon").get_json()["items"]
    assert [c["id"] for c in api_search] == expected
    titles = [c.title for c in (ahead, closed, passed, no_deadline)]
    for path in ("/challenges?sort=closing_soon", "/search?stage=challenge&sort=closing_soon"):
        page = client.get(path, headers=EN).get_data(as_text=True)
        positions = [page.index(t) for t in titles]
        assert positions == sorted(positions), path


def test_the_api_list_and_search_refuse_a_bad_filter_with_the_same_message(client):
    for query in ("status=maybe", "sdg=18", "sort=random", "area=" + "x" * 121):
        listed = client.get(f"/api/v1/challenges?{query}", headers=EN)
        searched = client.get(f"/api/v1/search?{query}", headers=EN)
        assert listed.status_code == searched.status_code == 400, query
        assert listed.get_json()["error"]["fields"] == searched.get_json()["error"]["fields"], query


def test_the_list_page_ignores_a_bad_filter_and_keeps_the_good_ones(client):
    make_challenge(title="Dark alley in Yeonnam", area="Yeonnam-dong")
    make_challenge(title="Flooded underpass", area="Mangwon-dong")
    page = client.get("/challenges?area=yeonnam&sdg=99&sort=bogus", headers=EN).get_data(as_text=True)
    assert "Dark alley in Yeonnam" in page and "Flooded underpass" not in page
