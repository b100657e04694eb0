"""Browser: the secretariat finds failed mail from the console and sends one again (issue 12 item 6), in both
languages, at desktop and phone widths, within the viewport and axe clean."""

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import OutboxMail, Role
from socialchallenge.timeutil import utcnow
from tests.a11y import assert_accessible
from tests.browser_harness import sign_in
from tests.builders import make_user

pytestmark = pytest.mark.browser
WORDS = {"ko": ("보내지 못한 메일", "다시 보내기", "발송 대기열에 다시 넣었습니다"),
         "en": ("Failed mail", "Send again", "is back in the outbox")}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_staff_send_a_failed_mail_again(page, lang, width):
    staff = make_user("Staff Han", role=Role.secretariat)
    address = "a.rather.long.mailbox.name.that.does.not.exist@neighbourhood-association.example.org"
    db.session.add(OutboxMail(to_address=address, subject="SocialChallenge: Your campaign is live", body="Body",
                              attempts=1, failed=True, failed_at=utcnow(),
                              last_error="550 5.1.1 <" + address + ">: Recipient address rejected: "
                                         "User unknown in virtual mailbox table"))
    db.session.commit()
    title, button, done = WORDS[lang]
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, staff, lang)
    page.goto("/secretariat/")
    page.locator("main .console-cards").get_by_role("link", name=title).click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert "Recipient address rejected" in page.locator("main").inner_text()
    page.wait_for_load_state("load")  # measured as styled: on a busy machine the text can be read before the CSS
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "wider than the viewport"
    assert_accessible(page, f"failed mail {lang} {width}px")
    page.get_by_role("button", name=button).click()
    assert done in page.locator(".flashes").inner_text()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "wider than the viewport"
    assert_accessible(page, f"failed mail after sending again {lang} {width}px")
