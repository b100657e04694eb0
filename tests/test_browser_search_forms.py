"""The search and filter forms, used as a person would: type, choose, press the button, read the results.

The suite was once green while no browser could submit these forms: optional fields rendered
`required="None"`, and Chromium refused to send them ("Please select an item in the list")."""

from __future__ import annotations

import pytest

from tests.builders import make_challenge, make_solution

pytestmark = pytest.mark.browser

FORMS = ["/search", "/challenges", "/learnings"]


@pytest.mark.parametrize("path", FORMS)
def test_every_get_form_is_valid_as_served(page, path):
    """No field of the page's GET forms stops the browser from submitting them as they come."""
    page.goto(path)
    forms = page.locator('main form[method="get"]')
    assert forms.count() >= 1
    for i in range(forms.count()):
        assert forms.nth(i).evaluate("f => f.checkValidity()"), forms.nth(i).inner_html()[:400]
    assert page.locator('[required="None"]').count() == 0


def test_a_visitor_searches_from_the_search_page(page, app):
    """Typing a word and pressing Search shows the matching challenge and not the others."""
    make_challenge(title="그늘막 없는 버스 정류장", problem="여름에 정류장에 그늘이 없다.")
    make_challenge(title="Broken swings in the park", problem="The swings have been broken for a year.")
    page.goto("/search")
    page.locator('main input[name="q"]').fill("swings")
    page.locator('main form[role="search"] button[type="submit"]').click()
    page.wait_for_url("**/search?*q=swings*")
    results = page.locator("main .cards")
    assert "Broken swings in the park" in results.inner_text()
    assert "그늘막" not in results.inner_text()


def test_a_visitor_filters_the_challenge_list(page, app):
    """The challenge list's filter form submits and narrows the list by status."""
    open_one = make_challenge(title="Open challenge about benches")
    closed = make_challenge(title="Closed challenge about lamps")
    from socialchallenge.extensions import db
    from socialchallenge.models import ChallengeStatus

    closed.status = ChallengeStatus.closed
    db.session.commit()
    page.goto("/challenges")
    form = page.locator('main form[method="get"]').first
    form.locator('select[name="status"]').select_option("closed")
    form.locator('button[type="submit"]').click()
    page.wait_for_url("**/challenges?*status=closed*")
    text = page.locator("main").inner_text()
    assert closed.title in text
    assert open_one.title not in text


def test_a_visitor_filters_the_learnings_library(page, app):
    """The learnings filter form submits and shows the solutions that reached learnings."""
    challenge = make_challenge()
    learned = make_solution(challenge, stage="learnings", title="Shade sails at the bus stop")
    other = make_solution(challenge, stage="learnings", title="A lending library for tools")
    page.goto("/learnings")
    form = page.locator('main form[method="get"]').first
    form.locator('input[name="q"]').fill("sails")
    form.locator('button[type="submit"]').click()
    page.wait_for_url("**/learnings?*q=sails*")
    text = page.locator("main .cards").inner_text()
    assert learned.title in text
    assert other.title not in text


@pytest.mark.parametrize("width", [1280, 390])
def test_a_search_in_korean_and_english_finds_both_spellings_best_match_first(page, app, width):
    """Two words typed with a space find the text that writes them together, title matches first, in ko and en,
    and the page fits the screen."""
    from tests.browser_harness import switch_language

    page.set_viewport_size({"width": width, "height": 844})
    joined = make_challenge(title="버스정류장에 그늘이 없어요", problem="여름이 힘듭니다.")
    in_body = make_challenge(title="여름 폭염 대책", problem="버스 정류장마다 그늘막이 필요합니다.")
    make_challenge(title="지하철역 엘리베이터", problem="계단이 너무 많습니다.")
    for lang, best in (("ko", "관련도순"), ("en", "Best match")):
        page.goto("/search")
        switch_language(page, lang)
        page.locator('main input[name="q"]').fill("버스 정류장")
        page.locator('main form[role="search"] button[type="submit"]').click()
        page.wait_for_url("**/search?*q=*")
        cards = page.locator("main .cards").inner_text()
        assert cards.index(joined.title) < cards.index(in_body.title)
        assert "지하철역" not in cards
        assert page.locator('main select[name="sort"] option:checked').inner_text() == best
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (lang, width)
