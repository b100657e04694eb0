"""The shared page cache of visitors' pages (issue 17 goal 1): served again only while nothing it shows has
changed, never personal, and a change through any path shows on the next request."""

from __future__ import annotations

from sqlalchemy import text as sa_text
from sqlalchemy import update

from socialchallenge.extensions import db
from socialchallenge.models import Challenge
from socialchallenge.pagecache import store as store_module
from socialchallenge.pagecache.store import MemoryStore
from tests.builders import make_challenge, make_comment, make_solution, make_user
from tests.helpers import EN, submit, text


def visitor(app):
    """A new browser with no cookies."""
    return app.test_client()


def test_a_visitor_gets_the_stored_page_until_it_changes(cached):
    challenge = make_challenge(title="Shade at the Mangwon bus stop")
    first = visitor(cached).get(f"/challenges/{challenge.id}", headers=EN)
    second = visitor(cached).get(f"/challenges/{challenge.id}", headers=EN)
    assert first.status_code == second.status_code == 200
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert second.get_data() == first.get_data()
    assert "Shade at the Mangwon bus stop" in text(second)
    assert "Set-Cookie" not in second.headers and "Accept-Language" in second.headers["Vary"]

    challenge.title = "Shade and a bench at the Mangwon bus stop"
    db.session.commit()
    third = visitor(cached).get(f"/challenges/{challenge.id}", headers=EN)
    assert third.headers["X-Cache"] == "miss"
    assert "Shade and a bench at the Mangwon bus stop" in text(third)


def test_each_language_has_its_own_page(cached):
    challenge = make_challenge()
    english = visitor(cached).get(f"/challenges/{challenge.id}", headers=EN)
    korean = visitor(cached).get(f"/challenges/{challenge.id}", headers={"Accept-Language": "ko"})
    assert english.headers["X-Cache"] == korean.headers["X-Cache"] == "miss"
    assert "Solutions" in text(english) and "Solutions" not in text(korean)
    assert visitor(cached).get(f"/challenges/{challenge.id}", headers={"Accept-Language": "ko"}).get_data() == \
        korean.get_data()


def test_the_query_string_is_normalised(cached):
    make_challenge()
    first = visitor(cached).get("/challenges?status=open&sort=newest&area=", headers=EN)
    second = visitor(cached).get("/challenges?sort=newest&status=open", headers=EN)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    other = visitor(cached).get("/challenges?status=closed", headers=EN)
    assert other.headers["X-Cache"] == "miss"


def whoami(response) -> str | None:
    """The name the header shows as signed in, if any."""
    html = response.get_data(as_text=True)
    if 'class="whoami">' not in html:
        return None
    return html.split('class="whoami">', 1)[1].split("<", 1)[0]


def test_a_cached_page_never_shows_one_member_to_another_or_to_a_visitor(cached):
    alice, bob = make_user("Alice Kang"), make_user("Bob Yoon")
    challenge = make_challenge(owner=make_user("Carol Lim"))
    solution = make_solution(challenge, team=[alice])
    edit_link = f"/solutions/{solution.id}/edit/"
    pages = [f"/challenges/{challenge.id}", f"/solutions/{solution.id}", "/challenges", "/", "/search?q=Challenge"]

    alice_browser = cached.test_client()
    submit(alice_browser, "/auth/sign-in", {"email": alice.email, "password": "correct horse battery"})
    for page in pages:  # Alice first, while nothing is stored: her pages must not be kept
        seen = alice_browser.get(page, headers=EN)
        assert seen.status_code == 200 and "X-Cache" not in seen.headers
        assert whoami(seen) == "Alice Kang"
    assert edit_link in alice_browser.get(f"/solutions/{solution.id}", headers=EN).get_data(as_text=True)

    for page in pages:
        first = visitor(cached).get(page, headers=EN)
        assert first.headers["X-Cache"] == "miss" and whoami(first) is None
        again = visitor(cached).get(page, headers=EN)
        assert again.headers["X-Cache"] == "hit" and whoami(again) is None and "Sign out" not in text(again)

    submit(alice_browser, "/auth/sign-out", page="/")
    bob_browser = cached.test_client()
    submit(bob_browser, "/auth/sign-in", {"email": bob.email, "password": "correct horse battery"})
    for page in pages:
        assert whoami(alice_browser.get(page, headers=EN)) is None  # signed out: no trace of her session
        assert whoami(visitor(cached).get(page, headers=EN)) is None
        bobs = bob_browser.get(page, headers=EN)
        assert whoami(bobs) == "Bob Yoon" and "X-Cache" not in bobs.headers
        if page.startswith("/solutions"):
            assert edit_link not in bobs.get_data(as_text=True)
    assert edit_link not in visitor(cached).get(f"/solutions/{solution.id}", headers=EN).get_data(as_text=True)


def test_a_page_that_sets_a_cookie_or_flashes_is_not_stored(cached):
    browser = cached.test_client()
    submit(browser, "/auth/sign-in", {"email": make_user().email, "password": "correct horse battery"})
    submit(browser, "/auth/sign-out", page="/")
    home = browser.get("/", headers=EN)  # shows the "signed out" message of this browser only
    assert home.headers.get("X-Cache") is None
    stored = visitor(cached).get("/", headers=EN)
    assert stored.headers["X-Cache"] == "miss" and "signed out" not in text(stored).lower()


def test_a_comment_shows_on_the_next_request(cached, api):
    challenge = make_challenge()
    solution = make_solution(challenge)
    url = f"/solutions/{solution.id}"
    visitor(cached).get(url, headers=EN)
    assert visitor(cached).get(url, headers=EN).headers["X-Cache"] == "hit"
    make_comment(solution=solution, body="Could the shelter have a bench?")
    again = visitor(cached).get(url, headers=EN)
    assert again.headers["X-Cache"] == "miss" and "Could the shelter have a bench?" in text(again)


def test_a_bulk_update_invalidates_the_row_it_names(cached):
    challenge, other = make_challenge(title="Bench one"), make_challenge(title="Bench two")
    for c in (challenge, other):
        visitor(cached).get(f"/challenges/{c.id}", headers=EN)
    db.session.execute(update(Challenge).where(Challenge.id == challenge.id).values(title="Bench one, renamed"))
    db.session.commit()
    renamed = visitor(cached).get(f"/challenges/{challenge.id}", headers=EN)
    assert renamed.headers["X-Cache"] == "miss" and "Bench one, renamed" in text(renamed)
    assert visitor(cached).get(f"/challenges/{other.id}", headers=EN).headers["X-Cache"] == "hit"


def test_a_listing_page_is_checked_by_two_versions_and_follows_every_kind_of_write(cached, monkeypatch):
    challenge = make_challenge(title="Listed lamp")
    checked = []
    real = MemoryStore.versions
    monkeypatch.setattr(MemoryStore, "versions", lambda self, names: checked.append(list(names)) or real(self, names))
    visitor(cached).get("/challenges", headers=EN)
    checked.clear()
    assert visitor(cached).get("/challenges", headers=EN).headers["X-Cache"] == "hit"
    assert sorted(checked[0]) == ["global", "lists"]  # not each of the 20 cards' rows
    writes = {
        "Listed lamp, by the unit of work": lambda title: setattr(challenge, "title", title),
        "Listed lamp, by a bulk update": lambda title: db.session.execute(
            update(Challenge).where(Challenge.id == challenge.id).values(title=title)),
        "Listed lamp, by raw SQL": lambda title: db.session.execute(
            sa_text("UPDATE challenges SET title = :title WHERE id = :id"), {"title": title, "id": challenge.id}),
    }
    for title, write in writes.items():
        write(title)
        db.session.commit()
        page = visitor(cached).get("/challenges", headers=EN)
        assert page.headers["X-Cache"] == "miss" and title in text(page), title
        assert visitor(cached).get("/challenges", headers=EN).headers["X-Cache"] == "hit"


def test_a_new_challenge_shows_on_the_list_at_once(cached):
    make_challenge(title="First of the list")
    assert "First of the list" in text(visitor(cached).get("/challenges", headers=EN))
    assert visitor(cached).get("/challenges", headers=EN).headers["X-Cache"] == "hit"
    make_challenge(title="Second of the list")
    page = visitor(cached).get("/challenges", headers=EN)
    assert page.headers["X-Cache"] == "miss" and "Second of the list" in text(page)


def test_a_rolled_back_change_bumps_nothing(cached):
    challenge = make_challenge()
    visitor(cached).get(f"/challenges/{challenge.id}", headers=EN)
    challenge.title = "Never saved"
    db.session.flush()
    db.session.rollback()
    assert visitor(cached).get(f"/challenges/{challenge.id}", headers=EN).headers["X-Cache"] == "hit"


def test_the_home_page_counts_follow_a_new_item_even_with_the_snapshot_on(cached):
    cached.config["HOME_CACHE_SECONDS"] = 600
    make_challenge(title="Counted first")
    visitor(cached).get("/", headers=EN)
    make_challenge(title="Counted second", status="open")
    home = visitor(cached).get("/", headers=EN)
    assert home.headers["X-Cache"] == "miss" and "Counted second" in text(home)


def test_off_by_default_in_tests(client, app):
    challenge = make_challenge()
    assert app.extensions["pagecache"] is None
    assert "X-Cache" not in client.get(f"/challenges/{challenge.id}").headers


def test_version_keys_outlive_every_entry_that_recorded_an_older_value(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(store_module.time, "monotonic", lambda: clock[0])
    store = MemoryStore(max_age=60)
    store.set("page", b"old")
    store.bump(["challenges:1"])
    assert store.versions(["challenges:1"]) == [1]
    clock[0] += 61  # the entry stored before the bump is gone …
    assert store.get("page") is None
    clock[0] += 60  # … before the version key is, which then reads 0 again
    assert store.versions(["challenges:1"]) == [0]
    store.bump(["challenges:1"])
    assert store.versions(["challenges:1"]) == [2]  # a value it never had: the generation's


def test_a_version_key_bumped_again_after_it_expired_never_matches_an_entry_stored_before(monkeypatch):
    # An entry stored late in its key's life outlives the key; a counter per key started again at 1 would make
    # the entry current again at the key's next bump, showing the page as it was before that change.
    clock = [1000.0]
    monkeypatch.setattr(store_module.time, "monotonic", lambda: clock[0])
    store = MemoryStore(max_age=60)
    store.bump(["challenges:1"])
    [recorded] = store.versions(["challenges:1"])
    clock[0] += 90
    store.set("page", b"as it was")
    clock[0] += 31  # the key is gone, the entry is not
    assert store.versions(["challenges:1"]) == [0] and store.get("page") == b"as it was"
    store.bump(["challenges:1"])
    assert store.versions(["challenges:1"]) != [recorded]


def test_raw_sql_that_writes_invalidates_every_page(cached):
    challenge = make_challenge(title="Bench three")
    visitor(cached).get(f"/challenges/{challenge.id}", headers=EN)
    db.session.execute(sa_text("UPDATE challenges SET title = 'Bench three, by hand' WHERE id = :id"),
                       {"id": challenge.id})
    db.session.commit()
    page = visitor(cached).get(f"/challenges/{challenge.id}", headers=EN)
    assert page.headers["X-Cache"] == "miss" and "Bench three, by hand" in text(page)


def test_an_event_that_ends_leaves_the_upcoming_list_of_a_stored_challenge_page(cached, monkeypatch):
    from datetime import timedelta

    import socialchallenge.events.service as event_service
    import socialchallenge.pagecache as pagecache_module
    import socialchallenge.pagecache.fragments as fragments_module
    from socialchallenge.timeutil import utcnow
    from tests.builders import make_event

    challenge = make_challenge(title="Dark underpass")
    make_event(title="Underpass walk", challenge_id=challenge.id, starts_in=timedelta(hours=1), hours=2)
    make_event(title="Lights workshop", challenge_id=challenge.id, starts_in=timedelta(days=5))
    path = f"/challenges/{challenge.id}"

    def page_at(moment):
        monkeypatch.setattr(pagecache_module, "utcnow", lambda: moment)
        monkeypatch.setattr(fragments_module, "utcnow", lambda: moment)  # the page's content is a stored fragment
        monkeypatch.setattr(event_service, "utcnow", lambda: moment)
        response = visitor(cached).get(path, headers=EN)
        body = text(response)
        upcoming = body[body.index('id="events-heading"'):]
        past = upcoming[upcoming.index("Past events"):] if "Past events" in upcoming else ""
        return response.headers["X-Cache"], "Underpass walk" in past

    now = utcnow()
    assert page_at(now) == ("miss", False)  # upcoming
    assert page_at(now + timedelta(minutes=30)) == ("hit", False)  # before it starts: the stored page is right
    # At its start the page is made again (nothing on it changes; a start is a moment a page may read differently).
    assert page_at(now + timedelta(hours=1, minutes=5)) == ("miss", False)
    assert page_at(now + timedelta(hours=2)) == ("hit", False)
    # Once it has ended, no stored copy shows it as upcoming: the page is made again with it among the past ones.
    assert page_at(now + timedelta(hours=3, minutes=1)) == ("miss", True)
    assert page_at(now + timedelta(hours=4)) == ("hit", True)  # stored again, until the workshop's start


def test_a_pledge_through_the_api_shows_on_the_next_campaign_page(cached):
    """The pledge confirmed at once is written by Core statements (issue 17 goal 6), not the ORM's flush: it still
    bumps its campaign, so the visitor's next campaign page is made again with the new total."""
    from tests.builders import make_campaign, make_token

    campaign = make_campaign(funding_model="keep_it_all")
    path = f"/solutions/{campaign.solution_id}/campaign"
    token = make_token(make_user())
    first = visitor(cached).get(path, headers=EN)
    assert (first.headers["X-Cache"], visitor(cached).get(path, headers=EN).headers["X-Cache"]) == ("miss", "hit")
    assert "123,456" not in text(first)
    answer = cached.test_client().post(f"/api/v1/solutions/{campaign.solution_id}/pledges", json={"amount": 123_456},
                                       headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 201, answer.get_json()
    after = visitor(cached).get(path, headers=EN)
    assert after.headers["X-Cache"] == "miss" and "123,456" in text(after)


def test_money_moved_by_a_state_change_bumps_its_campaign_not_every_page(cached):
    """A pledge's change of state (here money the secretariat records) moves the campaign's totals by a statement
    built once with bound parameters: its campaign page is made again, an unrelated page stays stored."""
    from socialchallenge.funding.pledges import record_contribution
    from tests.builders import make_campaign

    campaign = make_campaign(funding_model="keep_it_all")
    other = make_challenge(title="A quiet street")
    path = f"/solutions/{campaign.solution_id}/campaign"
    for page in (path, f"/challenges/{other.id}"):
        assert visitor(cached).get(page, headers=EN).headers["X-Cache"] == "miss"
    record_contribution(db.session, make_user(role="secretariat"), campaign, 654_321, "Mapo-gu grant")
    db.session.commit()
    after = visitor(cached).get(path, headers=EN)
    assert after.headers["X-Cache"] == "miss" and "654,321" in text(after)
    assert visitor(cached).get(f"/challenges/{other.id}", headers=EN).headers["X-Cache"] == "hit"
