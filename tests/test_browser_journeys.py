"""Browser journeys: the whole mission, in Korean and in English, with axe on every main page on the way.

A citizen posts a challenge; four solvers take solutions to proposal; the owner selects three; the team asks
for a campaign review and the secretariat approves it; backers pledge (sandbox); the campaign settles; the
team posts an update and its learnings; the owner evaluates and adopts. Every one of those acts goes through
the real pages; only the accounts are made with builders. Selectors use field names and form actions, so one
journey runs in both languages; the language is switched with the header buttons.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from socialchallenge.extensions import db, limiter
from socialchallenge.models import Challenge, Reward, Role, Solution, Stage
from socialchallenge.models.campaigns import CampaignStatus
from socialchallenge.timeutil import utcnow
from tests.a11y import assert_accessible
from tests.browser_harness import sign_out, switch_language
from tests.builders import PASSWORD, make_user

pytestmark = pytest.mark.browser

PROPOSAL = {
    "experiment_plan": "A pop-up shelter for a month.",
    "experiment_goal": "Fewer people wait in the rain.",
    "already_tested": "Umbrellas, which got stolen.",
    "team_description": "Two neighbours and a carpenter.",
    "resources": "A workshop.",
    "schedule_start": "2030-03-01",
    "schedule_end": "2030-06-30",
    "learning_goals": "Whether people use it.",
    # Issue 16: one impact indicator (its kind is a select, chosen below).
    "indicators-0-indicator_name": "People waiting in the shade",
    "indicators-0-unit": "people",
    "indicators-0-target": "300",
}
LEARNINGS = {
    "lessons": "People use a shelter that neighbours built.",
    "results": "Forty people a day waited under it.",
    "advice": "Ask the district early.",
    "wrap_up": "The district took it over.",
    "next_steps": "Three more stops next year.",
}


class Journey:
    """The browser page plus the few steps every actor repeats."""

    def __init__(self, page, lang: str):
        self.page, self.lang = page, lang

    def choose_language(self):
        """Switch with the header buttons when the page is not in the journey's language."""
        if self.page.locator("html").get_attribute("lang") != self.lang:
            switch_language(self.page, self.lang)
        assert self.page.locator("html").get_attribute("lang") == self.lang

    def sign_in(self, user):
        page = self.page
        if page.locator(".whoami").count():
            sign_out(page)
        page.goto("/auth/sign-in")
        self.choose_language()
        page.locator('main input[name="email"]').fill(user.email)
        page.locator('main input[name="password"]').fill(PASSWORD)
        page.locator('main button[type="submit"]').click()
        assert page.locator(".whoami").inner_text() == user.name
        self.choose_language()

    def fill(self, values: dict):
        for name, value in values.items():
            self.page.locator(f'main [name="{name}"]').fill(value)

    def flash_ok(self):
        assert self.page.locator(".flashes .error, .error-summary").count() == 0, self.page.locator("main").inner_text()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_whole_mission(page, runner, lang, monkeypatch):
    """From a posted problem to an adopted, funded, tested and documented solution."""
    # A dozen sign-ins from one address within a minute: more than the sign-in limit lets through (its own test
    # is in test_rate_limits.py).
    monkeypatch.setattr(limiter, "enabled", False)
    citizen = make_user("Citizen Kim")
    solvers = [make_user(f"Solver {n}") for n in ("Park", "Lee", "Choi", "Jung")]
    staff = make_user("Staff Han", role=Role.secretariat)
    backers = [make_user("Backer Yoon"), make_user("Backer Lim")]
    j = Journey(page, lang)

    # The home page, in the journey's language.
    page.goto("/")
    j.choose_language()
    assert_accessible(page, "home")

    # 1. A citizen posts a challenge.
    j.sign_in(citizen)
    page.goto("/challenges/new")
    assert_accessible(page, "post a challenge")
    j.fill({"title": "No shade at the Mangwon bus stop", "problem": "The bus stop has no roof.",
            "affected": "Older people wait in the sun and rain.", "area": "Mapo-gu", "tags": "mobility"})
    page.locator('main input[name="sdgs"][value="11"]').check()
    page.locator('main form button[type="submit"]').last.click()
    j.flash_ok()
    challenge_url = page.url
    challenge_id = int(challenge_url.rstrip("/").rsplit("/", 1)[1])
    assert page.get_by_role("heading", level=1).inner_text() == "No shade at the Mangwon bus stop"
    assert_accessible(page, "challenge page")

    # 2. Four solvers take their solutions to the proposal stage.
    for n, solver in enumerate(solvers):
        j.sign_in(solver)
        page.goto(f"/challenges/{challenge_id}/solutions/new")
        if n == 0:
            assert_accessible(page, "submit an idea")
        j.fill({"title": f"Shelter idea {n + 1}", "summary": "Neighbours build a shelter from timber."})
        page.locator('main form button[type="submit"]').last.click()
        j.flash_ok()
        solution_id = int(page.url.split("/solutions/")[1].split("/")[0].split("?")[0])
        page.goto(f"/solutions/{solution_id}/edit/proposal")
        if n == 0:
            assert_accessible(page, "proposal form")
        j.fill(PROPOSAL)
        page.locator('main select[name="indicators-0-kind"]').select_option("participants")
        page.locator('main button[name="action"][value="advance"]').click()
        j.flash_ok()
        assert db.session.get(Solution, solution_id).stage == Stage.proposal
        db.session.expire_all()
    ids = [s.id for s in db.session.scalars(db.select(Solution).order_by(Solution.id))]

    # 3. The owner selects three.
    j.sign_in(citizen)
    page.goto(challenge_url)
    form = page.locator('form[action$="/selection"]')
    for solution_id in ids[:3]:
        form.locator(f'input[name="solution_ids"][value="{solution_id}"]').check()
    form.locator('button[type="submit"]').click()
    j.flash_ok()
    db.session.expire_all()
    assert [s.id for s in db.session.scalars(db.select(Solution).where(Solution.selected))] == ids[:3]
    assert_accessible(page, "challenge page with the selection")

    # 4. The first team fills in the campaign and asks for review; the secretariat approves it.
    first = ids[0]
    j.sign_in(solvers[0])
    page.goto(f"/solutions/{first}/campaign/manage")
    assert_accessible(page, "rewards and skill needs")
    j.fill({"new-reward-title": "Your name on the shelter", "new-reward-min_amount": "100000",
            "new-reward-quantity": "10"})
    page.locator('main form[action$="/rewards"] button[type="submit"]').click()
    j.flash_ok()
    reward = db.session.scalar(db.select(Reward))
    assert (reward.title, reward.quantity) == ("Your name on the shelter", 10)
    assert_accessible(page, "rewards and skill needs, with a reward")
    page.goto(f"/solutions/{first}/edit/crowdfunding")
    assert_accessible(page, "crowdfunding form")
    j.fill({"budget_lines-0-item": "Timber", "budget_lines-0-amount": "300000", "other_funding": "none",
            "campaign_days": "30"})
    page.locator('main [name="budget_lines-0-required"]').check()
    page.locator('main select[name="funding_model"]').select_option("keep_it_all")
    page.locator('main button[name="action"][value="advance"]').click()
    j.flash_ok()
    db.session.expire_all()
    campaign = db.session.get(Solution, first).campaign
    assert campaign.status == CampaignStatus.review

    j.sign_in(staff)
    page.goto(f"/secretariat/reviews/{campaign.id}")
    assert_accessible(page, "campaign review")
    for box in page.locator('main input[name="checklist"]').all():
        box.check()
    page.locator('main input[name="decision"][value="approve"]').check()
    page.locator(f'main form[action$="/reviews/{campaign.id}"] button[type="submit"]').click()
    j.flash_ok()
    db.session.expire_all()
    assert db.session.get(Solution, first).campaign.status == CampaignStatus.live

    # 5. Backers pledge (sandbox: confirmed at once).
    for backer, amount in zip(backers, ("200000", "150000"), strict=True):
        j.sign_in(backer)
        page.goto(f"/solutions/{first}/campaign")
        if backer is backers[0]:
            assert_accessible(page, "campaign page")
        page.goto(f"/solutions/{first}/pledge")
        if backer is backers[0]:
            assert_accessible(page, "pledge form")
        j.fill({"amount": amount})
        if backer is backers[0]:
            page.locator(f'main input[name="reward"][value="{reward.id}"]').check()
        page.locator('main form button[type="submit"]').last.click()
        j.flash_ok()
    db.session.expire_all()
    assert db.session.get(Solution, first).campaign.pledged == 350_000
    assert db.session.get(Reward, reward.id).claimed == 1

    # 6. The campaign settles (the command, given a time after the deadline).
    result = runner.invoke(
        args=["campaigns", "settle", "--now", (utcnow() + timedelta(days=31)).isoformat()])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Solution, first).stage == Stage.experiment

    # 7. The team posts an update, then its learnings.
    j.sign_in(solvers[0])
    page.goto(f"/solutions/{first}/updates/new")
    assert_accessible(page, "progress update form")
    j.fill({"title": "Week one", "body": "The shelter is up; forty people used it."})
    page.locator('main form button[type="submit"]').last.click()
    j.flash_ok()
    # It records what it measured for its impact indicator (issue 16).
    page.goto(f"/solutions/{first}#record-value")
    assert_accessible(page, "solution page with the measured-value form")
    j.fill({"date": "2026-01-15", "value": "42"})
    page.locator('form[action$="/indicators/values"] button[type="submit"]').click()
    j.flash_ok()
    page.goto(f"/solutions/{first}/edit/experiment")
    j.fill({"experiment_method": "We built it on a Saturday and counted users each day."})
    page.locator('main button[name="action"][value="save"]').click()
    j.flash_ok()
    page.goto(f"/solutions/{first}/edit/learnings")
    assert_accessible(page, "learnings form")
    j.fill(LEARNINGS)
    page.locator('main select[name="goal_achievement"]').select_option("met")
    page.locator('main button[name="action"][value="advance"]').click()
    j.flash_ok()
    db.session.expire_all()
    assert db.session.get(Solution, first).stage == Stage.learnings
    assert_accessible(page, "solution page in learnings")
    assert "42" in page.locator("#indicators .indicator-results").inner_text()  # target against actual

    # 8. The owner evaluates the picked solutions and adopts the first.
    j.sign_in(citizen)
    page.goto(challenge_url + "#evaluation")
    for n in range(3):
        form = page.locator('main form:has(select[name$="score"])').nth(n)
        form.locator('select[name$="score"]').select_option("4")
        form.locator('button[type="submit"]').click()
        j.flash_ok()
    page.locator("a.adopt-link").first.click()
    assert_accessible(page, "adoption confirmation")
    # Adoption closes the challenge: every solution not picked gets an answer, so the owner writes the reasons.
    for reason in page.locator("form.adopt-form textarea").all():
        reason.fill("Thank you: the first prototype answered the problem best.")
    page.locator('form.adopt-form button[name="confirm"]').click()
    j.flash_ok()
    db.session.expire_all()
    challenge = db.session.get(Challenge, challenge_id)
    assert challenge.adopted_solution_id == first and challenge.status.value == "closed"
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page, "challenge page after adoption")


def test_the_axe_check_catches_a_real_violation(page):
    """The checker itself works: an image without text and an unlabelled field on a page make it fail."""
    page.goto("/")
    page.evaluate("""() => {
        const main = document.querySelector('main');
        const img = document.createElement('img');
        img.src = '/static/none.png';
        const input = document.createElement('input');
        input.type = 'text';
        main.append(img, input);
    }""")
    with pytest.raises(AssertionError, match="image-alt|label"):
        assert_accessible(page, "home with planted violations")
