"""The unused matchfunding pool reported at the call's end (issue 15 item 3): nothing before the call has ended, one
notice (in the app and by mail) to the funder organisation's members after it, however often the job runs; a failed
campaign's released match counts as unused; the call page says what was reported, to whom and when."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from socialchallenge.calls.pools import report_unused_pools
from socialchallenge.commands.jobs import JOBS
from socialchallenge.extensions import db
from socialchallenge.funding.settlement import settle_campaign
from socialchallenge.models import Notification, OutboxMail
from socialchallenge.models.calls import MatchPool
from socialchallenge.timeutil import utcnow
from tests.browser_harness import switch_language
from tests.builders import make_call, make_campaign, make_organisation, make_pledge, make_user
from tests.helpers import text

EN = {"Accept-Language": "en"}


def call_with_pool(model: str = "keep_it_all", days_open: int = 10):
    """A call with a ₩1,000,000 pool (cap ₩200,000) from a funder with two members, and one live campaign in it."""
    members = [make_user(name="Funder Admin"), make_user(name="Funder Member")]
    funder = make_organisation("Mangwon Credit Union", verified=True, admins=members[:1], members=members[1:])
    call = make_call(pool=1_000_000, cap_per_campaign=200_000, funder=funder, days_open=days_open)
    campaign = make_campaign(funding_model=model)
    campaign.solution.challenge.call_id = call.id
    db.session.commit()
    return call, campaign, members


def notices() -> list[Notification]:
    return db.session.scalars(select(Notification).where(Notification.kind == "pool_reported")
                              .order_by(Notification.user_id)).all()


def test_nothing_is_reported_before_the_call_has_ended(app):
    call, campaign, members = call_with_pool()
    make_pledge(campaign, amount=50_000)
    assert report_unused_pools(db.session, utcnow()) == 0  # still open
    # Closed, but its campaign is still live: the call has not ended.
    assert report_unused_pools(db.session, call.closes_at + timedelta(days=1)) == 0
    assert notices() == []
    assert db.session.scalar(select(MatchPool.reported_at)) is None


def test_after_the_end_the_funder_is_told_once(client, app):
    call, campaign, members = call_with_pool()
    make_pledge(campaign, amount=50_000)  # matched 1:1
    campaign.status = "succeeded"
    db.session.commit()
    after = call.closes_at + timedelta(hours=1)
    assert JOBS["pool_reports"](db.session, after) == "1 pools reported"
    assert JOBS["pool_reports"](db.session, after + timedelta(days=1)) == "0 pools reported"
    found = notices()
    assert sorted(n.user_id for n in found) == sorted(m.id for m in members)
    assert found[0].link == f"/calls/{call.id}#pool"
    assert (found[0].params["pool"], found[0].params["matched"], found[0].params["left"]) == (
        "₩1,000,000", "₩50,000", "₩950,000")
    for member in members:
        mails = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == member.email)).all()
        assert len(mails) == 1 and "₩950,000" in mails[0].body and f"/calls/{call.id}#pool" in mails[0].body
    page = text(client.get(f"/calls/{call.id}", headers=EN))
    # The page says the day in the site's time zone (Seoul), which is the next day for the last 9 hours of a UTC day.
    local = after.replace(tzinfo=UTC).astimezone(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"]))
    date = local.strftime("%b %-d, %Y")
    assert f"The unused ₩950,000 was reported to Mangwon Credit Union on {date}." in page


def test_a_failed_campaigns_released_match_counts_as_unused(app):
    call, campaign, members = call_with_pool(model="all_or_nothing", days_open=40)
    make_pledge(campaign, amount=60_000)
    assert db.session.scalar(select(MatchPool.committed)) == 60_000
    later = utcnow() + timedelta(days=41)
    assert settle_campaign(db.session, campaign.id, later).value == "failed"
    db.session.commit()
    assert report_unused_pools(db.session, later) == 1
    assert [n.params["left"] for n in notices()] == ["₩1,000,000", "₩1,000,000"]
    assert notices()[0].params["matched"] == "₩0"
    assert db.session.scalar(select(MatchPool.reported_unused)) == 1_000_000


REPORTED = {"ko": "쓰이지 않은 ₩950,000는", "en": "The unused ₩950,000 was reported to Mangwon Credit Union on"}


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_call_page_says_what_was_reported(page, app, width, lang):
    call, campaign, members = call_with_pool()
    make_pledge(campaign, amount=50_000)
    campaign.status = "succeeded"
    db.session.commit()
    report_unused_pools(db.session, call.closes_at + timedelta(hours=1))
    page.goto(f"/calls/{call.id}")
    if lang == "en":
        switch_language(page, "en")
    page.set_viewport_size({"width": width, "height": 900})
    notice = page.locator('[data-field="pool-reported"]')
    assert notice.is_visible() and REPORTED[lang] in notice.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    notice.scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/programme/pool-{lang}-{width}.png")
