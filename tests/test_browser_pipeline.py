"""Browser: a member posts a challenge, another takes a solution from idea to proposal, the owner selects it."""

import pytest
from sqlalchemy import update

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Solution, Stage
from tests.browser_harness import sign_in, sign_out, switch_language
from tests.builders import make_user

pytestmark = pytest.mark.browser


def test_post_a_challenge_grow_an_idea_to_a_proposal_and_select_it(page):
    owner, solver = make_user("Owner Kim"), make_user("Solver Park")
    page.goto("/")
    switch_language(page, "en")

    sign_in(page, owner)
    page.get_by_role("navigation").get_by_role("link", name="Post a challenge").click()
    page.get_by_label("Title", exact=True).fill("No shade at the Mangwon bus stop")
    page.get_by_label("What problem should be solved").fill("The bus stop has no roof.")
    page.get_by_label("Who is affected and how").fill("Older people wait in the sun and rain.")
    # A district from the list stands in for the place in words, which is left blank (issue 16).
    page.get_by_label("District").select_option(label="Mapo-gu")
    page.get_by_label("Topics").fill("mobility, elderly care")
    page.get_by_label("11. Sustainable cities and communities").check()
    page.get_by_role("button", name="Post the challenge").click()
    assert page.get_by_role("heading", level=1).inner_text() == "No shade at the Mangwon bus stop"
    assert page.locator("main .meta").first.get_by_text("Mapo-gu").is_visible()
    challenge_url = page.url
    db.session.execute(update(Challenge).values(min_solutions=1))
    db.session.commit()
    sign_out(page)

    sign_in(page, solver)
    page.goto(challenge_url)
    # The challenge offers it twice while it has no solutions: as its action and in the empty list.
    page.get_by_role("main").get_by_role("link", name="Submit an idea").first.click()
    page.get_by_label("Title", exact=True).fill("A pop-up shelter")
    page.get_by_label("How the idea solves the problem").fill("Neighbours build a shelter from timber.")
    page.get_by_role("button", name="Post the idea").click()
    assert page.locator('.stepper [aria-current="step"]').inner_text().startswith("2")
    assert "How the idea will be tested" in page.locator(".missing-fields").inner_text()

    page.get_by_role("button", name="Move on to Proposal").click()
    summary = page.locator(".error-summary")
    assert "Fill in these fields before moving on." in summary.inner_text()
    summary.get_by_role("link", name="How the idea will be tested").click()
    assert page.evaluate("location.hash") == "#experiment_plan"
    for label, value in [
        ("How the idea will be tested", "A pop-up shelter for a month."),
        ("What the experiment should achieve", "Fewer people wait in the rain."),
        ("What has been tried already", "Umbrellas, which got stolen."),
        ("Who runs it", "Two neighbours and a carpenter."),
        ("Skills and resources the team already has", "A workshop."),
        ("Planned start", "2030-03-01"),
        ("Planned end", "2030-06-30"),
        ("What the team expects to learn", "Whether people use it."),
    ]:
        page.get_by_label(label).fill(value)
    # Issue 16: the proposal declares an impact indicator.
    page.get_by_label("Indicator 1: name").fill("People waiting in the shade")
    page.get_by_label("Indicator 1: unit").fill("people")
    page.get_by_label("Indicator 1: kind").select_option("participants")
    page.get_by_label("Indicator 1: target").fill("300")
    page.get_by_role("button", name="Save and move on to the proposal").click()
    assert "Moved on to the next stage." in page.locator(".flashes").inner_text()
    assert page.locator("main .stage-badge").first.inner_text() == "Proposal"  # the solution's own, under its title
    sign_out(page)

    sign_in(page, owner)
    page.goto(challenge_url)
    assert "0 of 3 picked" in page.locator(".selection-state").inner_text()
    page.get_by_role("checkbox", name="A pop-up shelter").check()
    page.get_by_role("button", name="Save the selection").click()
    assert "1 of 3 picked" in page.locator(".selection-state").inner_text()
    solution = db.session.scalar(db.select(Solution))
    assert solution.selected and solution.stage == Stage.proposal
