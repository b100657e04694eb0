"""Browser: a challenge owner adds a picture with alt text and sees it as the cover on the page and on the cards;
a program renamed to .jpg is refused with a clear message. At 1280 and 390 px, in Korean and English."""

import pytest

from tests.a11y import assert_accessible
from tests.browser_harness import sign_in, switch_language
from tests.builders import make_challenge, make_user, sample_image

pytestmark = pytest.mark.browser

WORDS = {
    "en": {"files": "Images and files", "file": "Image or PDF document", "alt": "What the image shows",
           "upload": "Upload", "refused": "This file is not a JPEG, PNG or WebP image or a PDF document.",
           "added": "The file is added.", "alt_needed": "Describe what the image shows"},
    "ko": {"files": "이미지와 파일", "file": "이미지 또는 PDF 문서", "alt": "이미지 설명", "upload": "올리기",
           "refused": "이 파일은 JPEG, PNG, WebP 이미지나 PDF 문서가 아닙니다.", "added": "파일을 추가했습니다.",
           "alt_needed": "이미지를 볼 수 없는 사람을 위해"},
}
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 2000


def fits(page) -> None:
    """Nothing is wider than the viewport."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def loaded(page, selector: str) -> None:
    """The picture really arrived (a broken image has no natural width)."""
    image = page.locator(selector).first
    image.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())


@pytest.mark.parametrize("width, lang", [(1280, "en"), (390, "en"), (1280, "ko"), (390, "ko")])
def test_owner_adds_a_picture_sees_the_cover_and_a_renamed_program_is_refused(page, width, lang):
    words = WORDS[lang]
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": width, "height": 844})
    owner = make_user("Owner Kim")
    challenge = make_challenge(owner, title="No shade at the Mangwon bus stop")
    make_challenge(title="Lonely lunches in Yeonnam-dong")  # a card without a cover, next to it
    page.goto("/")
    switch_language(page, "en")
    sign_in(page, owner)
    switch_language(page, lang)

    page.goto(f"/challenges/{challenge.id}")
    page.get_by_role("link", name=words["files"]).click()
    assert_accessible(page, f"images and files page ({lang}, {width})")
    fits(page)

    page.get_by_label(words["file"]).set_input_files(
        {"name": "holiday.jpg", "mimeType": "image/jpeg", "buffer": PROGRAM})
    page.get_by_label(words["alt"]).fill("A bus stop")
    page.get_by_role("button", name=words["upload"]).click()
    assert words["refused"] in page.locator(".error-summary").inner_text()
    fits(page)

    assert page.get_by_label(words["alt"]).input_value() == "A bus stop"  # what was typed is kept
    page.get_by_label(words["alt"]).fill("")
    page.get_by_label(words["file"]).set_input_files(
        {"name": "bus-stop.jpg", "mimeType": "image/jpeg", "buffer": sample_image(size=(1600, 1000))})
    page.get_by_role("button", name=words["upload"]).click()
    assert words["alt_needed"] in page.locator(".error-summary").inner_text()  # alt text is required
    page.get_by_label(words["file"]).set_input_files(
        {"name": "bus-stop.jpg", "mimeType": "image/jpeg", "buffer": sample_image(size=(1600, 1000))})
    page.get_by_label(words["alt"]).fill("A bus stop without a roof in the sun")
    page.get_by_role("button", name=words["upload"]).click()
    assert words["added"] in page.locator(".flashes").inner_text()
    loaded(page, ".file-item img")
    assert_accessible(page, f"images and files page with a picture ({lang}, {width})")
    fits(page)

    page.goto(f"/challenges/{challenge.id}")
    cover = page.locator(".page-cover img")
    assert cover.get_attribute("alt") == "A bus stop without a roof in the sun"
    loaded(page, ".page-cover img")
    fits(page)

    for path in ("/challenges", "/"):
        page.goto(path)
        card = page.locator(".challenge-card", has_text="No shade at the Mangwon bus stop")
        assert card.locator("img.card-cover").get_attribute("alt") == "A bus stop without a roof in the sun"
        loaded(page, ".challenge-card img.card-cover")
        plain = page.locator(".challenge-card", has_text="Lonely lunches in Yeonnam-dong")
        assert plain.locator(".card-cover.placeholder").count() == 1 and plain.locator("img").count() == 0
        assert_accessible(page, f"{path} with covers ({lang}, {width})")
        fits(page)
    # The refused uploads answer 422 on purpose; anything else (a CSP violation, a script error, a broken link) counts.
    assert [p for p in problems if "status of 422" not in p] == []
