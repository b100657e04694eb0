"""Browser: approving a campaign with unticked hearing-sheet items shows which ones, on the checklist, in both
languages at desktop and phone widths, within the viewport and axe clean (issue 12 item 15)."""

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import Campaign, CampaignStatus, Role
from tests.a11y import assert_accessible
from tests.browser_harness import sign_in
from tests.builders import make_campaign, make_user

pytestmark = pytest.mark.browser
WORDS = {"ko": "아직 체크하지 않은 항목", "en": "Not ticked yet"}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_an_approval_with_unticked_items_names_them_on_the_sheet(page, lang, width):
    staff = make_user("Staff Han", role=Role.secretariat)
    campaign = make_campaign(status="review")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, staff, lang)
    page.goto(f"/secretariat/reviews/{campaign.id}")
    boxes = page.locator('main input[name="checklist"]').all()
    for box in boxes[:-2]:
        box.check()
    page.locator('main input[name="decision"][value="approve"]').check()
    page.locator(f'main form[action$="/reviews/{campaign.id}"] button[type="submit"]').click()
    main = page.locator("main").inner_text()
    assert WORDS[lang] in main and "(rules_respected)" in main and "(budget_plausible)" not in main
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "wider than the viewport"
    assert_accessible(page, "hearing sheet refused")
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.review
