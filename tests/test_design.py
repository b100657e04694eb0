"""The design pass (issue 14 item 3): social previews, stage badges, progress bars, the chart's amount axis, empty
states and the shared type scale, as a visitor sees them."""

from __future__ import annotations

import re

from socialchallenge.funding.summary import nice_ticks
from tests.builders import make_attachment, make_campaign, make_challenge, make_pledge, make_solution

EN = {"Accept-Language": "en"}
KO = {"Accept-Language": "ko"}


def text(response) -> str:
    """The page's HTML, after checking that it answered 200."""
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def meta(page: str, prop: str) -> str:
    """The content of a <meta property|name=...> tag."""
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', page)
    assert found, f"no {prop}"
    return found.group(1)


def test_a_shared_challenge_link_previews_its_title_problem_and_cover(client):
    challenge = make_challenge(title="Shade for the bus stop", problem="Forty minutes in the sun at the stop.")
    cover = make_attachment(challenge, alt_text="An empty bus stop in the sun")
    page = text(client.get(f"/challenges/{challenge.id}", headers=EN))
    assert meta(page, "og:title") == "Shade for the bus stop"
    assert meta(page, "og:description") == "Forty minutes in the sun at the stop."
    assert meta(page, "og:image") == f"http://localhost/media/{cover.key}"
    assert meta(page, "og:type") == "article" and meta(page, "og:locale") == "en_US"
    assert meta(page, "twitter:card") == "summary_large_image"


def test_pages_without_a_picture_preview_the_site_image_and_favicon(client):
    challenge = make_challenge(title="A challenge without pictures")
    for path in ("/", f"/challenges/{challenge.id}"):
        page = text(client.get(path, headers=KO))
        assert meta(page, "og:image") == "http://localhost/static/img/og-default.png"
        assert meta(page, "og:locale") == "ko_KR" and meta(page, "og:site_name") == "소셜챌린지"
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert client.get("/static/img/og-default.png").status_code == 200
    assert client.get("/static/img/apple-touch-icon.png").status_code == 200


def test_a_solution_shows_its_stage_as_a_coloured_badge_with_its_name(client):
    solution = make_solution(stage="proposal", title="Pop-up shelter")
    page = text(client.get(f"/solutions/{solution.id}", headers=EN))
    assert re.search(r'<span class="badge stage-badge stage-proposal"><span class="dot" aria-hidden="true"></span>'
                     r'Proposal</span>', page)
    korean = text(client.get(f"/solutions/{solution.id}", headers=KO))
    assert re.search(r'class="badge stage-badge stage-proposal">.*?제안</span>', korean)


def test_campaign_cards_on_the_home_page_have_a_progress_bar_with_the_percentage(client):
    campaign = make_campaign(funding_model="keep_it_all")  # goal 300,000
    make_pledge(campaign, amount=120_000)
    page = text(client.get("/", headers=EN))
    card = page[page.index('class="card has-cover campaign-card"'):]
    card = card[:card.index("</li>")]
    assert '<progress class="progress-bar" max="100" value="40" aria-label="Share of the goal raised">' in card
    assert '<strong class="progress-percent">40%</strong>' in card and "₩120,000 of ₩300,000" in card
    assert "card-cover" in card


def test_the_funding_chart_has_an_amount_axis_and_labels(client):
    campaign = make_campaign(funding_model="keep_it_all")  # goal 300,000
    make_pledge(campaign, amount=150_000)
    page = text(client.get(f"/solutions/{campaign.solution_id}/campaign", headers=EN))
    chart = page[page.index("<svg"):page.index("</svg>")]
    ticks = re.findall(r'<text class="chart-tick"[^>]*>([^<]+)</text>', chart)
    assert ticks == ["₩0", "₩100,000", "₩200,000", "₩300,000"]
    assert "Goal ₩300,000" in chart and chart.count("<circle") == 1
    assert " style=" not in page


def test_round_ticks_cover_the_largest_amount():
    assert nice_ticks(300_000) == [0, 100_000, 200_000, 300_000]
    assert nice_ticks(550_000) == [0, 200_000, 400_000, 600_000]
    assert nice_ticks(1) == [0, 1]
    assert nice_ticks(0) == [0]


def test_a_challenge_without_solutions_says_what_to_do_next(client):
    challenge = make_challenge(title="Nobody has answered")
    page = text(client.get(f"/challenges/{challenge.id}", headers=EN))
    empty = page[page.index('class="empty-state"'):]
    assert "No solutions yet. Yours could be the first." in empty
    assert f'<a class="button" href="/challenges/{challenge.id}/solutions/new">Submit an idea</a>' in empty


def test_one_type_and_spacing_scale_and_korean_line_breaking(client):
    css = client.get("/static/css/site.css").get_data(as_text=True)
    for token in ("--space-1:", "--space-7:", "--text-sm:", "--text-2xl:", "--font-sans:"):
        assert token in css
    assert "word-break: keep-all" in css
    assert re.search(r'--font-sans:[^;]*"Noto Sans KR"[^;]*"Nanum Gothic"', css)


def test_an_empty_search_offers_to_post_the_problem(client):
    page = text(client.get("/search?q=zzzznothinghere", headers=EN))
    empty = page[page.index('class="empty-state"'):]
    assert "Nothing matches yet. Try a shorter word or fewer filters." in empty
    assert '<a class="button" href="/challenges/new">Post a challenge</a>' in empty


def test_stage_badges_on_the_profile_and_in_search(client):
    solution = make_solution(stage="experiment", title="Shelter trial")
    page = text(client.get("/search?q=Shelter", headers=EN))
    assert re.search(r'class="badge stage-badge stage-experiment">.*?Experiment</span>', page, re.S)
    assert solution.title in page
