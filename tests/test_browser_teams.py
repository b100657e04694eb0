"""Browser: teams by consent and signing out everywhere, in Korean and English, at 1280 and 390 px wide.

The lead invites a member by email, the member accepts from the notification; another member asks to join and
the lead accepts. Every page on the way is checked at both widths (nothing wider than the window) and with axe."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from playwright.sync_api import expect

from socialchallenge.extensions import db, limiter
from socialchallenge.models import Solution
from tests.a11y import assert_accessible
from tests.browser_harness import sign_in as browser_sign_in
from tests.browser_harness import sign_out
from tests.builders import make_solution, make_user

pytestmark = pytest.mark.browser
WIDTHS = (1280, 390)


def check_layout(page, where: str) -> None:
    """At each width: nothing wider than the window, and axe finds no serious or critical violation."""
    page.wait_for_load_state()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{where} at {width} px is {overflow} px wider than the window"
        assert_accessible(page, f"{where} at {width} px")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def sign_in(page, user, lang: str) -> None:
    """Sign out whoever is signed in, then sign in as `user` with the page in `lang`."""
    if page.locator(".whoami").count():
        sign_out(page)
    browser_sign_in(page, user, lang)


def click_and_wait(page, locator) -> None:
    """Submit a form by its button and wait for the page it leads to."""
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_invite_accept_ask_to_join_and_accept(page, lang, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)  # four sign-ins in a row from one address
    lead, friend, asker = make_user("Lead Park"), make_user("Friend Lee"), make_user("Asker Choi")
    solution = make_solution(team=[lead], title="Shade at the bus stop")
    solution_id = solution.id
    with force_locale(lang):
        t = {key: _(key) for key in ("Send the invitation", "Accept and join", "Ask to join the team", "Ask to join",
                                     "Accept", "Team invitations")}
        invited = _("Unless %(email)s is on the team already, they are invited. They join once they accept.",
                    email=friend.email)
        joined = _('You joined the team of "%(solution)s".', solution="Shade at the bus stop")
        accepted = _("%(name)s is now on the team.", name=asker.name)

    # 1. The lead invites a member by email; the invitation waits, listed by address.
    sign_in(page, lead, lang)
    page.goto(f"/solutions/{solution_id}/team")
    page.locator('#invite input[name="email"]').fill(friend.email)
    click_and_wait(page, page.get_by_role("button", name=t["Send the invitation"]))
    expect(page.locator(".flashes")).to_contain_text(invited)
    assert friend.email in page.locator("#invite").inner_text()
    assert friend.name not in page.locator("main").inner_text()
    check_layout(page, "team page with an open invitation")

    # 2. The member hears of it and accepts.
    sign_in(page, friend, lang)
    page.goto("/notifications")
    click_and_wait(page, page.locator("ol.notifications a").first)
    assert page.url.endswith("/invitations")
    assert page.get_by_role("heading", name=t["Team invitations"], level=1).is_visible()
    check_layout(page, "team invitations")
    click_and_wait(page, page.get_by_role("button", name=t["Accept and join"]).first)
    expect(page.locator(".flashes")).to_contain_text(joined)
    assert "Friend Lee" in page.locator(".team-list").first.inner_text()

    # 3. Another member asks to join, with a note.
    sign_in(page, asker, lang)
    page.goto(f"/solutions/{solution_id}")
    click_and_wait(page, page.get_by_role("link", name=t["Ask to join the team"]))
    check_layout(page, "team page for someone who may ask to join")
    page.locator('#join textarea[name="message"]').fill("I can build benches.")
    click_and_wait(page, page.get_by_role("button", name=t["Ask to join"], exact=True))
    assert page.locator(".flashes .error, .error-summary").count() == 0
    check_layout(page, "team page with my request waiting")

    # 4. The lead accepts the request on the team page.
    sign_in(page, lead, lang)
    page.goto(f"/solutions/{solution_id}/team")
    assert "I can build benches." in page.locator("#join-requests").inner_text()
    check_layout(page, "team page with a request to join")
    click_and_wait(page, page.locator("#join-requests").get_by_role("button", name=t["Accept"]).first)
    expect(page.locator(".flashes")).to_contain_text(accepted)
    db.session.expire_all()
    assert {m.user_id for m in db.session.get(Solution, solution_id).team} == {lead.id, friend.id, asker.id}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_settings_sign_out_everywhere(page, browser, live_server, lang):
    member = make_user("Two Browsers")
    other = browser.new_context(locale="ko-KR", base_url=live_server.url).new_page()
    sign_in(other, member, lang)
    sign_in(page, member, lang)
    page.goto("/settings")
    check_layout(page, "settings")
    with force_locale(lang):
        everywhere, signed_out = _("Sign out everywhere"), _("You are signed out on every device.")
    click_and_wait(page, page.get_by_role("button", name=everywhere))
    expect(page.locator(".flashes")).to_contain_text(signed_out)
    other.goto("/settings")
    assert "/auth/sign-in" in other.url  # the other browser's session ended too
    other.context.close()
