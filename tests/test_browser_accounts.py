"""Browser: a person signs up, signs out, signs in again and sees their name, in a real Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser_harness import sign_out, switch_language

pytestmark = pytest.mark.browser


def test_sign_up_sign_in_see_your_name_sign_out(page):
    page.goto("/")
    page.get_by_role("link", name="회원가입").click()
    page.get_by_label("이름").fill("브라우저 시민")
    page.get_by_label("이메일").fill("browser@example.org")
    page.get_by_label("비밀번호").fill("a long enough password")
    page.get_by_role("button", name="계정 만들기").click()
    assert page.locator(".whoami").inner_text() == "브라우저 시민"

    page.get_by_text("브라우저 시민", exact=True).click()  # the account menu opens under the member's name
    page.get_by_role("button", name="로그아웃").click()
    assert page.locator(".whoami").count() == 0
    page.get_by_role("navigation").get_by_role("link", name="로그인").click()
    page.get_by_label("이메일").fill("browser@example.org")
    page.get_by_label("비밀번호").fill("a long enough password")
    page.get_by_role("main").get_by_role("button", name="로그인").click()
    assert page.locator(".whoami").inner_text() == "브라우저 시민"
    sign_out(page)
    assert "로그아웃했습니다." in page.locator(".flashes").inner_text()


def test_sign_up_errors_are_announced_and_focused(page):
    page.goto("/auth/sign-up")
    page.get_by_role("button", name="계정 만들기").click()
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    expect(summary).to_be_focused()  # site.js moves focus there once the page has loaded; wait for it
    assert "이름을 입력하세요." in page.content()


def test_english_visitor_can_switch_to_korean(page):
    page.goto("/")
    switch_language(page, "en")
    switch_language(page, "ko")
