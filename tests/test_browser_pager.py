"""The one pager, used as a person would: at desktop and phone width, in Korean and English, the next and previous
links keep the filters, say which page this is, and nothing is wider than the screen."""

from __future__ import annotations

import pytest

from tests.browser_harness import switch_language
from tests.builders import make_challenge

pytestmark = pytest.mark.browser

PAGE_OF = {"ko": "2쪽 중 {n}쪽", "en": "Page {n} of 2"}
NEXT = {"ko": "다음", "en": "Next"}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_visitor_pages_through_the_challenge_list(page, app, width, lang):
    """Next goes to page 2 with the sort kept; an absurd page number in the address still shows a page."""
    for n in range(25):
        make_challenge(title=f"Challenge number {n:02d}", supports_count=n)
    page.goto("/challenges?sort=most_supported")
    if lang == "en":
        switch_language(page, "en")  # at the default width, where the switch is in the header, not the menu
    page.set_viewport_size({"width": width, "height": 900})
    pager = page.locator("nav.pager")
    assert PAGE_OF[lang].format(n=1) in pager.inner_text()
    pager.get_by_role("link", name=NEXT[lang]).click()
    page.wait_for_url("**/challenges?*page=2*")
    assert "sort=most_supported" in page.url
    assert PAGE_OF[lang].format(n=2) in page.locator("nav.pager").inner_text()
    assert "Challenge number 00" in page.locator("main .cards").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto("/challenges?page=99999999999999999999")
    assert page.locator("h1").count() == 1
