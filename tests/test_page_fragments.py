"""Shared fragments of pages (issue 17 goal 2): the challenge list's content, and the content of a challenge page
and a solution page for readers with no relation to them, is made once and served again to every reader, members
too, while nothing it shows has changed; nothing of one reader reaches another."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Comment, SkillNeed, Stage
from socialchallenge.secretariat.moderation import hide_comment
from socialchallenge.timeutil import utcnow
from tests.builders import (
    make_campaign,
    make_challenge,
    make_comment,
    make_event,
    make_pledge,
    make_reward,
    make_solution,
    make_support,
    make_user,
)
from tests.helpers import EN, count_queries, submit, text


def whoami(response) -> str | None:
    """The name the header shows as signed in, if any."""
    html = response.get_data(as_text=True)
    if 'class="whoami">' not in html:
        return None
    return html.split('class="whoami">', 1)[1].split("<", 1)[0]


def member(app, user):
    """A browser signed in as `user` through the real form."""
    browser = app.test_client()
    answer = submit(browser, "/auth/sign-in", {"email": user.email, "password": "correct horse battery"})
    assert answer.status_code == 302
    return browser


def main_part(response) -> str:
    """The page's content below the header and its flashed messages: where the shared fragment goes."""
    html = response.get_data(as_text=True)
    return html[html.index('<div class="page-head">'):html.index("</main>")]


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', html)


def test_members_get_the_list_made_once_and_never_each_others(cached):
    alice, bob = make_user("Alice Kang"), make_user("Bob Yoon")
    make_challenge(title="Shade at the Mangwon bus stop", owner=make_user("Carol Lim"))
    alices, bobs = member(cached, alice), member(cached, bob)

    with count_queries() as first_sql:
        first = alices.get("/challenges", headers=EN)
    with count_queries() as again_sql:
        second = bobs.get("/challenges", headers=EN)
    assert first.status_code == second.status_code == 200
    assert (whoami(first), whoami(second)) == ("Alice Kang", "Bob Yoon")
    assert "Alice Kang" not in text(second) and "Shade at the Mangwon bus stop" in text(second)
    # Bob's list came from the store: the count and the cards were not read again.
    assert len(again_sql) < len(first_sql)
    assert any("FROM challenges" in s for s in first_sql)
    assert not any("FROM challenges" in s for s in again_sql)
    # Each page's own forms carry its own reader's token; the shared part carries none.
    assert csrf_tokens(main_part(first)) == csrf_tokens(main_part(second)) == []
    assert set(csrf_tokens(first.get_data(as_text=True))).isdisjoint(csrf_tokens(second.get_data(as_text=True)))

    visitor = cached.test_client().get("/challenges", headers=EN)
    assert whoami(visitor) is None and "Sign out" not in text(visitor)
    assert main_part(visitor) == main_part(second)
    assert "Alice Kang" not in text(visitor) and "Bob Yoon" not in text(visitor)


def test_a_change_is_in_a_members_next_list(cached):
    challenge = make_challenge(title="Bench one")
    browser = member(cached, make_user("Dana Park"))
    assert "Bench one" in text(browser.get("/challenges", headers=EN))

    challenge.title = "Bench one, renamed"
    db.session.commit()
    assert "Bench one, renamed" in text(browser.get("/challenges", headers=EN))

    db.session.execute(update(Challenge).where(Challenge.id == challenge.id).values(title="Bench one, again"))
    db.session.commit()
    assert "Bench one, again" in text(browser.get("/challenges", headers=EN))

    make_challenge(title="A new lamp for the alley")
    listed = text(browser.get("/challenges", headers=EN))
    assert "A new lamp for the alley" in listed and "2 challenges found" in listed


def test_each_language_and_query_has_its_own_fragment(cached):
    make_challenge(title="Lights on the Hangang path")
    make_challenge(title="Shade at the Mangwon bus stop").status = "closed"
    db.session.commit()
    browser = member(cached, make_user())
    english = browser.get("/challenges", headers=EN)
    korean = browser.get("/challenges", headers={"Accept-Language": "ko"})
    assert "Post a challenge" in text(english) and "Post a challenge" not in text(korean)
    closed = text(browser.get("/challenges?status=closed", headers=EN))
    assert "Shade at the Mangwon bus stop" in closed and "Lights on the Hangang path" not in closed
    opened = text(browser.get("/challenges?status=open", headers=EN))
    assert "Lights on the Hangang path" in opened and "Shade at the Mangwon bus stop" not in opened


def test_a_page_stored_around_a_stored_fragment_still_follows_its_rows(cached):
    challenge = make_challenge(title="Bench two")
    member(cached, make_user()).get("/challenges", headers=EN)  # the fragment is stored; the page is not
    first = cached.test_client().get("/challenges", headers=EN)
    assert first.headers["X-Cache"] == "miss" and "Bench two" in text(first)
    assert cached.test_client().get("/challenges", headers=EN).headers["X-Cache"] == "hit"
    challenge.title = "Bench two, renamed"
    db.session.commit()
    again = cached.test_client().get("/challenges", headers=EN)
    assert again.headers["X-Cache"] == "miss" and "Bench two, renamed" in text(again)


def test_without_a_store_the_list_is_made_each_time(app):
    assert app.extensions.get("pagecache") is None
    make_challenge(title="Bench three")
    browser = member(app, make_user("Eun Choi"))
    page = browser.get("/challenges", headers=EN)
    assert whoami(page) == "Eun Choi" and "Bench three" in text(page)


# --- The challenge page and the solution page (their content a shared fragment for readers with no relation) ---


def content_of(response) -> str:
    """A challenge or solution page's content: its article, where the shared fragment goes."""
    html = response.get_data(as_text=True)
    return html[html.index("<article"):html.rindex("</article>")]


def page_of(browser, path: str, lang: dict = EN):
    """A page as the browser gets it, after checking it holds no placeholder of a shared fragment."""
    response = browser.get(path, headers=lang)
    assert response.status_code == 200, (path, response.status_code)
    assert "csrf-placeholder" not in response.get_data(as_text=True)
    return response


def reads(statements: list[str], *tables: str) -> bool:
    """Whether any of the statements reads rows of one of the tables (not merely asks whether one exists)."""
    return any(f"SELECT {table}." in s or f"FROM {table} " in s.split("EXISTS")[0]
               for s in statements for table in tables)


def stored_fragments(app) -> list[str]:
    """Every entry of the test's page store, as text."""
    return [value.decode() for _at, value in app.extensions["pagecache"].pages.values()]


def a_discussed_challenge():
    """A challenge by Carol with a solution by Hana's team, a comment by Dave with a reply, a supporter's story."""
    carol = make_user("Carol Lim")
    challenge = make_challenge(title="Shade at the Mangwon bus stop", owner=carol)
    solution = make_solution(challenge, stage=Stage.proposal, team=[make_user("Hana Seo")], title="Awning kit")
    dave = make_user("Dave Jung")
    first = make_comment(challenge=challenge, author=dave, body="We measured 41 degrees at noon.")
    make_comment(challenge=challenge, author=make_user("Gil Ahn"), body="Same at Hapjeong.", parent=first)
    make_comment(solution=solution, author=dave, body="Could it fold away in winter?")
    make_support(challenge, make_user("Erin Oh"), story="I wait there every morning.")
    return carol, dave, challenge, solution


def test_members_get_the_challenge_page_made_once_and_never_each_others(cached):
    carol, dave, challenge, _solution = a_discussed_challenge()
    path = f"/challenges/{challenge.id}"
    alices, bobs = member(cached, make_user("Alice Kang")), member(cached, make_user("Bob Yoon"))

    with count_queries() as first_sql:
        first = page_of(alices, path)
    with count_queries() as again_sql:
        second = page_of(bobs, path)
    assert (whoami(first), whoami(second)) == ("Alice Kang", "Bob Yoon")
    assert "Alice Kang" not in text(second) and "Bob Yoon" not in text(first)
    for page in (first, second):
        shown = text(page)
        assert "We measured 41 degrees at noon." in shown and "I wait there every morning." in shown
        assert "Awning kit" in shown and "Post comment" in shown and "Me too: I support this" in shown
        assert "Report" in shown and "Delete" not in shown and "Questions for solutions" not in shown
    # Bob's content came from the store: the comments, solutions and events were not read again.
    assert len(again_sql) <= 6 < len(first_sql), again_sql
    assert not reads(again_sql, "comments", "solutions", "events", "attachments") and reads(first_sql, "comments")
    # Each reader's forms carry their own token, the same token on every form of their page; none is stored.
    alice_tokens, bob_tokens = set(csrf_tokens(content_of(first))), set(csrf_tokens(content_of(second)))
    assert len(alice_tokens) == len(bob_tokens) == 1 and alice_tokens.isdisjoint(bob_tokens)
    assert not any(t in entry for entry in stored_fragments(cached) for t in alice_tokens | bob_tokens)
    # Bob's token works: his comment is posted (and from then on his page shows him his own comment's controls).
    posted = bobs.post(f"/challenges/{challenge.id}/comments", headers=EN,
                       data={"csrf_token": bob_tokens.pop(), "body": "A tree would help too."})
    assert posted.status_code == 302
    bob_again = text(page_of(bobs, path))
    assert "A tree would help too." in bob_again and "Delete" in bob_again
    assert "A tree would help too." in text(page_of(alices, path))

    visitor = page_of(cached.test_client(), path)
    assert whoami(visitor) is None and csrf_tokens(visitor.get_data(as_text=True)) == []
    assert "Sign in to comment." in text(visitor) and "Alice Kang" not in text(visitor)

    # The owner, the secretariat and a comment's author still get what is theirs.
    owner = text(page_of(member(cached, carol), path))
    assert "Questions for solutions" in owner and "Close to new solutions" in owner
    staff = text(page_of(member(cached, make_user("Sam Staff", role="secretariat")), path))
    assert "Schedule an event about this challenge" in staff and "Delete" in staff
    author = text(page_of(member(cached, dave), path))
    assert "Delete" in author and "Questions for solutions" not in author


def test_members_get_the_solution_page_made_once_and_never_each_others(cached):
    _carol, dave, challenge, solution = a_discussed_challenge()
    path = f"/solutions/{solution.id}"
    alices, bobs = member(cached, make_user("Alice Kang")), member(cached, make_user("Bob Yoon"))
    with count_queries() as first_sql:
        first = page_of(alices, path)
    with count_queries() as again_sql:
        second = page_of(bobs, path)
    assert (whoami(first), whoami(second)) == ("Alice Kang", "Bob Yoon")
    assert "Alice Kang" not in text(second)
    for page in (first, second):
        shown = text(page)
        assert "Could it fold away in winter?" in shown and "Ask to join the team" in shown
        assert "Manage the team" not in shown and "This would help me" in shown and "Follow" in shown
    assert len(again_sql) <= 6 < len(first_sql), again_sql
    assert not reads(again_sql, "comments", "solution_events", "team_members") and reads(first_sql, "comments")
    alice_tokens, bob_tokens = set(csrf_tokens(content_of(first))), set(csrf_tokens(content_of(second)))
    assert len(bob_tokens) == 1 and alice_tokens.isdisjoint(bob_tokens)
    assert not any(t in entry for entry in stored_fragments(cached) for t in alice_tokens | bob_tokens)
    supported = bobs.post(f"/solutions/{solution.id}/support", headers=EN, data={"csrf_token": bob_tokens.pop()})
    assert supported.status_code == 302
    assert "Withdraw my support" in text(page_of(bobs, path))
    assert "Withdraw my support" not in text(page_of(alices, path))

    visitor = page_of(cached.test_client(), path)
    assert whoami(visitor) is None and csrf_tokens(visitor.get_data(as_text=True)) == []
    team = text(page_of(member(cached, solution.team[0].user), path))
    assert "Manage the team" in team and "Post a progress update" in team
    staff = text(page_of(member(cached, make_user("Sam Staff", role="secretariat")), path))
    assert "Images and files" in staff and "Manage the team" not in staff
    author = text(page_of(member(cached, dave), path))
    assert "Delete" in author


def test_a_change_is_in_a_members_next_challenge_and_solution_page(cached):
    _carol, _dave, challenge, solution = a_discussed_challenge()
    campaign_solution = make_solution(challenge, stage=Stage.crowdfunding, title="Sun sail")
    pages = (f"/challenges/{challenge.id}", f"/solutions/{solution.id}")
    browser = member(cached, make_user("Dana Park"))

    def both() -> list[str]:
        return [text(page_of(browser, p)) for p in pages]

    both()  # stored
    make_comment(challenge=challenge, author=make_user("Ivy Cho"), body="Ask the district office.")
    make_comment(solution=solution, author=make_user("Ivy Cho"), body="Try canvas.")
    shown = both()
    assert "Ask the district office." in shown[0] and "Try canvas." in shown[1]

    make_support(challenge, make_user("Jun Bae"), story="My kids wait there.")
    assert "My kids wait there." in both()[0]

    challenge.title = "Shade at the Mangwon bus stop, renamed"
    solution.title = "Awning kit, renamed"
    db.session.commit()
    shown = both()
    assert "Shade at the Mangwon bus stop, renamed" in shown[0] and "Awning kit, renamed" in shown[1]

    solution.stage = Stage.idea
    db.session.commit()
    ideas = text(page_of(browser, pages[0]))
    idea_group = ideas[ideas.index("Solutions by stage"):ideas.index("Proposal")]
    assert "Awning kit, renamed" in idea_group

    event = make_event(title="Walk to the bus stop", challenge_id=challenge.id)
    assert "Walk to the bus stop" in both()[0]
    event.title = "Walk to the bus stop, moved"
    db.session.commit()
    assert "Walk to the bus stop, moved" in both()[0]

    comment = db.session.scalar(db.select(Comment).where(Comment.body == "Try canvas."))
    hide_comment(db.session, make_user(role="secretariat"), comment, "Spam")
    db.session.commit()
    hidden = both()[1]
    assert "Try canvas." not in hidden and "This comment is hidden while a moderator looks at it." in hidden

    campaign_path = f"/solutions/{campaign_solution.id}"
    before = pledged_on(page_of(browser, campaign_path))
    make_pledge(campaign_solution.campaign, amount=70_000)
    after = pledged_on(page_of(browser, campaign_path))
    assert before != after and "70,000" in after


def pledged_on(response) -> str:
    """What the campaign box says is pledged."""
    return response.get_data(as_text=True).split('data-field="pledged">', 1)[1].split("<", 1)[0]


def test_a_members_solution_page_counts_the_campaigns_days_down(cached, monkeypatch):
    import socialchallenge.funding.summary as summary_module
    import socialchallenge.pagecache.fragments as fragments_module

    now = utcnow()
    campaign = make_campaign(deadline=now + timedelta(days=2, hours=1))
    path = f"/solutions/{campaign.solution_id}"
    browser = member(cached, make_user())

    def days_left_at(moment) -> str:
        monkeypatch.setattr(fragments_module, "utcnow", lambda: moment)
        monkeypatch.setattr(summary_module, "utcnow", lambda: moment)
        html = page_of(browser, path).get_data(as_text=True)
        return html.split('data-field="days_left">', 1)[1].split("<", 1)[0]

    assert days_left_at(now) == "3"
    assert days_left_at(now + timedelta(minutes=30)) == "3"
    assert days_left_at(now + timedelta(hours=1, minutes=1)) == "2"
    assert days_left_at(now + timedelta(days=1, hours=1, minutes=1)) == "1"


def test_an_event_that_ends_leaves_the_upcoming_list_of_a_members_challenge_page(cached, monkeypatch):
    import socialchallenge.events.service as event_service
    import socialchallenge.pagecache.fragments as fragments_module

    challenge = make_challenge(title="Dark underpass")
    make_event(title="Underpass walk", challenge_id=challenge.id, starts_in=timedelta(hours=1), hours=2)
    browser = member(cached, make_user())

    def in_past_at(moment) -> bool:
        monkeypatch.setattr(fragments_module, "utcnow", lambda: moment)
        monkeypatch.setattr(event_service, "utcnow", lambda: moment)
        body = text(page_of(browser, f"/challenges/{challenge.id}"))
        events = body[body.index('id="events-heading"'):]
        return "Past events" in events and "Underpass walk" in events[events.index("Past events"):]

    now = utcnow()
    assert not in_past_at(now)
    assert not in_past_at(now + timedelta(hours=2))
    assert in_past_at(now + timedelta(hours=3, minutes=1))


def test_korean_and_english_challenge_pages_are_stored_apart(cached):
    challenge = make_challenge(title="Lights on the Hangang path")
    browser = member(cached, make_user())
    english = text(page_of(browser, f"/challenges/{challenge.id}"))
    korean = text(page_of(browser, f"/challenges/{challenge.id}", {"Accept-Language": "ko"}))
    assert "Post comment" in english and "Post comment" not in korean


def test_without_a_store_the_challenge_and_solution_pages_are_made_each_time(app):
    assert app.extensions.get("pagecache") is None
    _carol, _dave, challenge, solution = a_discussed_challenge()
    browser = member(app, make_user("Eun Choi"))
    for path in (f"/challenges/{challenge.id}", f"/solutions/{solution.id}"):
        page = page_of(browser, path)
        assert whoami(page) == "Eun Choi" and "Dave Jung" in text(page)
        assert len(set(csrf_tokens(content_of(page)))) == 1


# --- The home page, the learnings library, the search page and the campaign page (issue 17 goal 2, lane two) ---


def inside_main(response) -> str:
    """The page's main region without its flashed messages: where the shared fragment goes."""
    html = response.get_data(as_text=True)
    return re.sub(r'<div class="flashes".*?</div>', "", html[html.index('<main id="main"'):html.index("</main>")],
                  flags=re.S)


def listed_world():
    """An open challenge by Carol, a learning of it by Hana's team, a live campaign (a thank-you reward, a skill
    need of 12 hours) by Ivan's team."""
    carol = make_user("Carol Lim")
    challenge = make_challenge(title="Shade at the Mangwon bus stop", owner=carol)
    learning = make_solution(challenge, stage=Stage.learnings, team=[make_user("Hana Seo")], title="Awning kit",
                             lessons="Canvas lasts one summer.")
    campaign = make_campaign(team=[make_user("Ivan Noh")], deadline=utcnow() + timedelta(days=9, hours=3))
    campaign.solution.title = "Sun sail"
    db.session.add(SkillNeed(solution_id=campaign.solution_id, skill="Sewing", hours=12))
    db.session.commit()
    make_reward(campaign.solution, title="A postcard of the sail")
    return carol, challenge, learning, campaign


LISTING_PAGES = ("/", "/learnings", "/search", "/search?q=Shade")


def test_members_get_home_learnings_and_search_made_once_and_never_each_others(cached):
    listed_world()
    alices, bobs = member(cached, make_user("Alice Kang")), member(cached, make_user("Bob Yoon"))
    for path in LISTING_PAGES:
        with count_queries() as first_sql:
            first = page_of(alices, path)
        with count_queries() as again_sql:
            second = page_of(bobs, path)
        assert (whoami(first), whoami(second)) == ("Alice Kang", "Bob Yoon")
        assert "Alice Kang" not in text(second) and "Bob Yoon" not in text(first)
        assert "Shade at the Mangwon bus stop" in text(first) and "Shade at the Mangwon bus stop" in text(second)
        # Bob's content came from the store: only his user and his unread count were read.
        assert len(again_sql) <= 2 < len(first_sql), (path, again_sql)
        assert not reads(again_sql, "challenges", "solutions", "campaigns"), (path, again_sql)
        assert reads(first_sql, "challenges", "solutions")
        # The shared part carries no token (these pages' forms are GET searches); each page's header its own.
        assert csrf_tokens(inside_main(first)) == csrf_tokens(inside_main(second)) == []
        assert set(csrf_tokens(first.get_data(as_text=True))).isdisjoint(csrf_tokens(second.get_data(as_text=True)))
        assert inside_main(first) == inside_main(second)

        visitor = page_of(cached.test_client(), path)
        assert whoami(visitor) is None and "Sign out" not in text(visitor)
        assert "Alice Kang" not in text(visitor) and "Bob Yoon" not in text(visitor)
        assert csrf_tokens(visitor.get_data(as_text=True)) == []
    home, learnings = text(page_of(bobs, "/")), text(page_of(bobs, "/learnings"))
    assert "Sun sail" in home and "Awning kit" in home and "Join SocialChallenge" not in home
    assert "Join SocialChallenge" in text(page_of(cached.test_client(), "/"))
    assert "Canvas lasts one summer." in learnings and "Sun sail" not in learnings
    assert not any("Alice Kang" in entry or "Bob Yoon" in entry for entry in stored_fragments(cached))


def test_a_change_is_in_a_members_next_home_learnings_and_search_page(cached):
    _carol, challenge, learning, campaign = listed_world()
    browser = member(cached, make_user("Dana Park"))
    for path in LISTING_PAGES:
        page_of(browser, path)  # stored

    challenge.title = "Shade at the Mangwon bus stop, renamed"
    learning.lessons = "Canvas lasts two summers if it is folded in winter."
    db.session.commit()
    assert "Shade at the Mangwon bus stop, renamed" in text(page_of(browser, "/"))
    assert "Shade at the Mangwon bus stop, renamed" in text(page_of(browser, "/search"))
    assert "Canvas lasts two summers" in text(page_of(browser, "/learnings"))

    make_solution(make_challenge(title="Dark underpass"), stage=Stage.learnings, title="Solar lamps",
                  lessons="People walk there at night again.")
    assert "Solar lamps" in text(page_of(browser, "/learnings"))
    assert "Dark underpass" in text(page_of(browser, "/search"))
    assert "Dark underpass" not in text(page_of(browser, "/search?q=Shade"))

    before = text(page_of(browser, "/"))
    make_pledge(campaign, amount=70_000)
    after = text(page_of(browser, "/"))
    assert "70,000" not in before and "70,000 of" in after


def test_a_campaign_whose_deadline_passes_leaves_a_members_home_page(cached, monkeypatch):
    import socialchallenge.main.overview as overview_module
    import socialchallenge.pagecache.fragments as fragments_module

    now = utcnow()
    campaign = make_campaign(deadline=now + timedelta(hours=2))
    campaign.solution.title = "Sun sail"
    db.session.commit()
    browser = member(cached, make_user())

    def listed_at(moment) -> bool:
        monkeypatch.setattr(fragments_module, "utcnow", lambda: moment)
        monkeypatch.setattr(overview_module, "utcnow", lambda: moment)
        return "Sun sail" in text(page_of(browser, "/"))

    assert listed_at(now) and listed_at(now + timedelta(hours=1))
    assert not listed_at(now + timedelta(hours=2, minutes=1))


def test_korean_and_english_home_learnings_and_search_are_stored_apart(cached):
    listed_world()
    browser = member(cached, make_user())
    for path, english_words in (("/learnings", "Clear filters"), ("/search", "Clear filters"),
                                ("/", "How an idea grows")):
        english = text(page_of(browser, path))
        korean = text(page_of(browser, path, {"Accept-Language": "ko"}))
        assert english_words in english and english_words not in korean


def campaign_main(response) -> str:
    """The campaign page's content."""
    html = response.get_data(as_text=True)
    return html[html.index('<p class="breadcrumb">'):html.index("</main>")]


def test_members_get_the_campaign_page_made_once_and_never_each_others(cached):
    _carol, _challenge, _learning, campaign = listed_world()
    path = f"/solutions/{campaign.solution_id}/campaign"
    alices, bobs = member(cached, make_user("Alice Kang")), member(cached, make_user("Bob Yoon"))
    with count_queries() as first_sql:
        first = page_of(alices, path)
    with count_queries() as again_sql:
        second = page_of(bobs, path)
    assert (whoami(first), whoami(second)) == ("Alice Kang", "Bob Yoon")
    assert "Alice Kang" not in text(second) and "Bob Yoon" not in text(first)
    for page in (first, second):
        shown = text(page)
        assert "Sun sail" in shown and "A postcard of the sail" in shown and "Sewing" in shown
        assert "Offer my time" in shown and "Manage rewards and skill needs" not in shown
    # Bob's content came from the store: the campaign, its rewards and skill needs were not read again.
    assert len(again_sql) <= 4 < len(first_sql), again_sql
    assert not reads(again_sql, "campaigns", "rewards", "skill_needs", "pledges"), again_sql
    assert reads(first_sql, "skill_needs")
    # Each reader's offer form carries their own token; none is stored.
    alice_tokens, bob_tokens = set(csrf_tokens(campaign_main(first))), set(csrf_tokens(campaign_main(second)))
    assert len(alice_tokens) == len(bob_tokens) == 1 and alice_tokens.isdisjoint(bob_tokens)
    assert not any(t in entry for entry in stored_fragments(cached) for t in alice_tokens | bob_tokens)
    need = db.session.scalar(db.select(SkillNeed).where(SkillNeed.solution_id == campaign.solution_id))
    offered = bobs.post(f"/solutions/{campaign.solution_id}/skill-needs/{need.id}/offer", headers=EN,
                        data={"csrf_token": bob_tokens.pop(), "hours": "5", "message": "I can sew."})
    assert offered.status_code == 302
    thanked = page_of(bobs, path)
    assert "Thank you! The team will answer your offer." in text(thanked) and whoami(thanked) == "Bob Yoon"
    assert "Thank you! The team will answer your offer." not in text(page_of(alices, path))

    visitor = page_of(cached.test_client(), path)
    assert whoami(visitor) is None and csrf_tokens(visitor.get_data(as_text=True)) == []
    assert "Offer my time" not in text(visitor) and "Sewing" in text(visitor)
    team = text(page_of(member(cached, campaign.solution.team[0].user), path))
    assert "Manage rewards and skill needs" in team and "Offer my time" in team
    staff = text(page_of(member(cached, make_user("Sam Staff", role="secretariat")), path))
    assert "Offer my time" in staff and "Manage rewards and skill needs" not in staff


def test_a_change_is_in_a_members_next_campaign_page(cached, monkeypatch):
    import socialchallenge.funding.summary as summary_module
    import socialchallenge.pagecache.fragments as fragments_module

    _carol, _challenge, _learning, campaign = listed_world()
    path = f"/solutions/{campaign.solution_id}/campaign"
    browser = member(cached, make_user("Dana Park"))
    before = pledged_on(page_of(browser, path))
    make_pledge(campaign, amount=70_000)
    after = pledged_on(page_of(browser, path))
    assert before != after and "70,000" in after

    db.session.add(SkillNeed(solution_id=campaign.solution_id, skill="Welding", hours=4))
    db.session.commit()
    assert "Welding" in text(page_of(browser, path))
    make_reward(campaign.solution, title="A ride under the sail")
    assert "A ride under the sail" in text(page_of(browser, path))
    campaign.solution.title = "Sun sail, renamed"
    db.session.commit()
    assert "Sun sail, renamed" in text(page_of(browser, path))

    def days_left_at(moment) -> str:
        monkeypatch.setattr(fragments_module, "utcnow", lambda: moment)
        monkeypatch.setattr(summary_module, "utcnow", lambda: moment)
        html = page_of(browser, path).get_data(as_text=True)
        return html.split('data-field="days_left">', 1)[1].split("<", 1)[0]

    now = utcnow()
    assert days_left_at(now) == "10"
    assert days_left_at(now + timedelta(hours=2)) == "10"
    assert days_left_at(now + timedelta(hours=3, minutes=1)) == "9"

    campaign.status = "failed"
    db.session.commit()
    assert "Offer my time" not in text(page_of(browser, path))


def test_without_a_store_home_learnings_search_and_campaign_are_made_each_time(app):
    assert app.extensions.get("pagecache") is None
    _carol, _challenge, _learning, campaign = listed_world()
    path = f"/solutions/{campaign.solution_id}/campaign"
    browser = member(app, make_user("Eun Choi"))
    for shown in (*LISTING_PAGES, path):
        assert whoami(page_of(browser, shown)) == "Eun Choi"
    campaign_page = page_of(browser, path)
    assert "Offer my time" in text(campaign_page) and len(set(csrf_tokens(campaign_main(campaign_page)))) == 1
    assert "Manage rewards and skill needs" in text(page_of(member(app, campaign.solution.team[0].user), path))
    assert "Offer my time" not in text(page_of(app.test_client(), path))
