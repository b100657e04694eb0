"""Browser: the phone-first header. On a 390 × 844 phone the navigation, language switch and account links fold
behind one menu button (static/js/menu.js), so the header takes at most 120 px signed out and signed in; the button
says whether the menu is open and works from the keyboard; without JavaScript the menu simply stays open; on a
wide screen there is no button. The API docs page fits a phone."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser_harness import sign_in, switch_language
from tests.builders import make_user

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
MAX_HEADER = 120


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


@pytest.fixture
def phone(browser, live_server, request):
    """A phone-sized page in the language of the test."""
    lang = getattr(request, "param", "ko")
    context = browser.new_context(viewport=PHONE, locale="ko-KR" if lang == "ko" else "en-US",
                                  base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("phone", ["ko", "en"], indirect=True)
def test_the_phone_header_is_short_and_its_menu_opens_and_closes(phone, app):
    page = phone
    page.goto("/")
    lang = page.locator("html").get_attribute("lang")
    with force_locale(lang):
        menu, challenges, sign_out = _("Menu"), _("Challenges"), _("Sign out")
    staff = make_user("사무국 김지원 Kim Ji-won", role="secretariat")
    for signed_in in (False, True):
        if signed_in:
            sign_in(page, staff)
        page.goto("/")
        assert header_height(page) <= MAX_HEADER, f"header {header_height(page)} px (signed in: {signed_in})"
        button = page.get_by_role("button", name=menu)
        expect(button).to_have_attribute("aria-expanded", "false")
        nav_link = page.locator(".site-nav").get_by_role("link", name=challenges, exact=True)
        expect(nav_link).to_be_hidden()
        expect(page.locator(".lang-switch")).to_be_hidden()

        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(nav_link).to_be_visible()
        expect(page.locator(".lang-switch")).to_be_visible()
        if signed_in:
            expect(page.get_by_role("button", name=sign_out)).to_be_visible()
        else:
            expect(page.locator(".site-nav a[href^='/auth/sign-in']")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page, f"open phone menu, signed in: {signed_in}")

        # Escape closes it and gives the focus back to the button; Enter on the button opens it again.
        nav_link.focus()
        page.keyboard.press("Escape")
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(button).to_be_focused()
        expect(nav_link).to_be_hidden()
        page.keyboard.press("Enter")
        expect(button).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("Tab")
        expect(page.locator(".site-menu a").first).to_be_focused()
        nav_link.click()
        page.wait_for_url("**/challenges")


def test_without_javascript_the_menu_stays_open(browser, live_server, app):
    context = browser.new_context(viewport=PHONE, locale="ko-KR", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    with force_locale("ko"):
        challenges = _("Challenges")
    expect(page.locator(".menu-toggle")).to_be_hidden()
    expect(page.locator(".site-nav").get_by_role("link", name=challenges, exact=True)).to_be_visible()
    expect(page.locator(".lang-switch")).to_be_visible()
    context.close()


def test_a_wide_screen_shows_the_menu_without_a_button(page, app):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    expect(page.locator(".menu-toggle")).to_be_hidden()
    expect(page.locator(".site-nav")).to_be_visible()
    expect(page.locator(".lang-switch")).to_be_visible()
    assert header_height(page) <= 80


def header_on_one_line(page) -> bool:
    """Whether one horizontal line crosses every header item: the brand, each menu item and the language switch."""
    return page.evaluate("""() => {
      const items = '.site-header .brand, .site-nav > ul > li, .site-header .lang-switch';
      const boxes = [...document.querySelectorAll(items)].map(e => e.getBoundingClientRect());
      return Math.max(...boxes.map(b => b.top)) < Math.min(...boxes.map(b => b.bottom));
    }""")


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("role", ["secretariat", "member"])
@pytest.mark.parametrize("width", [1280, 1024])
def test_the_signed_in_header_is_one_line_on_a_laptop_and_a_tablet(page, app, role, lang, width):
    """A secretariat member has the most header items (the console link, unread notifications, a long name); at
    1280 and 1024 px, in Korean and in English, they all stay on one line beside the brand and the language switch
    (at 1024 px the brand shows its mark only, and its link is still named)."""
    from socialchallenge.community import inbox
    from socialchallenge.extensions import db

    member = make_user("사무국 김지원 Kim Ji-won", role=role)
    inbox.notify(db.session, [member], "comment_posted", make_user(), "/", target="버스 정류장")
    db.session.commit()
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, member, lang=lang)
    page.goto("/")
    page.wait_for_load_state("load")
    expect(page.locator(".site-header .unread-count")).to_be_visible()
    with force_locale(lang):
        expect(page.locator(".site-header").get_by_role("link", name=_("SocialChallenge"), exact=True)).to_have_count(1)
    assert header_on_one_line(page)
    assert header_height(page) <= 80
    assert page.evaluate("document.documentElement.scrollWidth") == page.evaluate("window.innerWidth")
    with force_locale(lang):
        notifications = _("Notifications")
    expect(page.locator(".site-header .bell")).to_contain_text(notifications)  # still said to screen readers


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_account_menu_holds_the_console_profile_settings_and_sign_out(page, app, lang):
    """On a wide screen the member's name opens the account menu; Escape and a click elsewhere close it, and its
    links lead where they say."""
    staff = make_user("사무국 김지원 Kim Ji-won", role="secretariat")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, staff, lang=lang)
    page.goto("/challenges")
    page.wait_for_load_state("load")
    with force_locale(lang):
        console, profile, settings, sign_out = _("Secretariat"), _("My profile"), _("Settings"), _("Sign out")
        signed_out = _("You are signed out on every device.")
    header = page.locator(".site-header")
    name = header.locator(".account-menu summary")
    links = [header.get_by_role("link", name=text, exact=True) for text in (console, profile, settings)]
    sign_out_button = header.get_by_role("button", name=sign_out)
    for item in [*links, sign_out_button]:
        expect(item).to_be_hidden()

    name.click()
    for item in [*links, sign_out_button]:
        expect(item).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == page.evaluate("window.innerWidth")
    assert_accessible(page, f"open account menu ({lang})")
    page.keyboard.press("Escape")
    expect(sign_out_button).to_be_hidden()
    expect(name).to_be_focused()

    page.keyboard.press("Enter")
    expect(sign_out_button).to_be_visible()
    page.locator("main h1").click()
    expect(sign_out_button).to_be_hidden()

    name.click()
    links[0].click()
    page.wait_for_url("**/secretariat**")
    name.click()
    links[2].click()
    page.wait_for_url("**/settings**")
    name.click()
    with page.expect_navigation():
        sign_out_button.click()
    expect(page.locator(".flashes")).to_contain_text(signed_out)
    expect(page.locator(".whoami")).to_have_count(0)


def test_a_members_account_menu_has_no_console_link(page, app):
    member = make_user("Member Han")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, member, lang="en")
    page.locator(".account-menu summary").click()
    expect(page.locator(".account-links").get_by_role("link", name="My profile", exact=True)).to_be_visible()
    expect(page.locator(".site-header").get_by_role("link", name="Secretariat", exact=True)).to_have_count(0)


def test_a_visitor_switches_language_from_the_phone_menu_without_a_session(phone, app):
    """The language links work in a browser, and reading and switching leave the visitor without a session."""
    page = phone
    page.goto("/challenges?status=open")
    switch_language(page, "en")
    assert page.url.endswith("/challenges?status=open")
    expect(page.locator("h1")).to_have_text("Challenges")
    switch_language(page, "ko")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    names = {cookie["name"] for cookie in page.context.cookies()}
    assert "session" not in names and "lang" in names


def test_the_api_docs_fit_a_phone(phone, app):
    phone.goto("/api")
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/api is {overflow} px wider than a 390 px phone"
