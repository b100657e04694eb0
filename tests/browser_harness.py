"""Browser test harness: the app served on a local port, driven by Playwright in Debian's Chromium.

Without Chromium the browser tests are skipped (and the run says so plainly at the end),
except in CI, where a missing browser is an error: CI must always run them."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
_skipped = []


LANGUAGE_BUTTONS = {"ko": "한국어", "en": "English"}


def open_menu(page) -> None:
    """On a phone, open the header's folded menu (a no-op on a wide screen, where it is always open).

    It waits for the page's load first: static/js/menu.js (deferred) shows the button and folds the menu only then.
    Looking earlier, right after a link's navigation, saw no button, left the menu alone, and then the menu folded
    under the next click (a CI failure: "element is not visible" for ten seconds)."""
    page.wait_for_load_state("load")
    toggle = page.locator(".site-header .menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def settle_media_queries(page) -> None:
    """Wait two animation frames, so that the media-query `change` events of a resize have run.

    static/js/menu.js opens the account menu on a phone width and closes it on a wide one when the window crosses
    40rem, and the browser reports that crossing only at its next rendering step. Reading the menu right after
    set_viewport_size saw it still open from the phone width, left it alone, and then it closed under the next
    click (a CI failure: the sign-out button "not visible" for ten seconds after check_layout's 390 px pass)."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def open_account_menu(page) -> None:
    """Open the header's account menu (the member's name), inside the phone menu on a phone."""
    open_menu(page)
    settle_media_queries(page)
    account = page.locator(".site-header .account-menu")
    if account.get_attribute("open") is None:
        account.locator("summary").click()


def sign_out(page) -> None:
    """Sign out through the header's account menu, as a person would, and wait for the page it leads to."""
    open_account_menu(page)
    with page.expect_navigation():
        page.locator('.site-header form[action="/auth/sign-out"] button').click()


def switch_language(page, lang: str) -> None:
    """Follow the header's language link and wait until the page is back in that language. Going on at once
    (page.goto) could cancel the switch's navigation, and the cookie with it (a flaky sign-in seen in a run)."""
    from playwright.sync_api import expect

    open_menu(page)
    page.locator(".lang-switch").get_by_role("link", name=LANGUAGE_BUTTONS[lang], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def sign_in(page, user, lang: str | None = None, password: str | None = None) -> None:
    """Sign in through the sign-in form as a builder-made user (password PASSWORD) or an address with its password,
    in either language; with `lang`, the sign-in page is switched to it first (the cookie keeps it afterwards)."""
    from tests.builders import PASSWORD

    page.goto("/auth/sign-in")
    if lang and page.locator("html").get_attribute("lang") != lang:
        switch_language(page, lang)
    email = user if isinstance(user, str) else user.email
    page.locator('main input[name="email"]').fill(email)
    page.locator('main input[name="password"]').fill(password or PASSWORD)
    with page.expect_navigation():
        page.locator('main button[type="submit"]').click()
    assert page.locator(".whoami").count() == 1, f"{email} did not sign in"
    if not isinstance(user, str):
        assert page.locator(".whoami").inner_text() == user.name


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the run."""
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must run the browser tests (apt-get install chromium).")
        _skipped.append(1)
        pytest.skip("Chromium is not installed: sudo apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class LiveServer:
    """The app served by werkzeug in a thread on 127.0.0.1 and a free port."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(app, migrated):
    """A second app instance on the test database (and the same upload folder), reachable over HTTP."""
    from socialchallenge import create_app

    served = create_app("testing", {"SQLALCHEMY_DATABASE_URI": migrated,
                                    "STORAGE_LOCAL_PATH": app.config["STORAGE_LOCAL_PATH"]})
    with LiveServer(served) as server:
        yield server
    with served.app_context():
        from socialchallenge.extensions import db

        db.engine.dispose()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context and page; a screenshot is kept when the test fails."""
    context = browser.new_context(locale="ko-KR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        os.makedirs("test-artifacts", exist_ok=True)
        page.screenshot(path=f"test-artifacts/{request.node.name}.png", full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            "Browser tests were SKIPPED: Chromium is not installed. "
            "Install it with `sudo apt-get install chromium` (Debian/Ubuntu) and run the tests again.",
            yellow=True,
            bold=True,
        )
