"""The home page: one sentence, the pipeline with counts, challenges that need ideas, campaigns closing soon,
recent learnings; a constant number of queries."""

import re
from datetime import timedelta

from socialchallenge.extensions import db
from socialchallenge.models import Stage
from socialchallenge.timeutil import utcnow
from tests.builders import make_challenge, make_solution
from tests.test_search import count_queries

EN = {"Accept-Language": "en"}


def test_home_shows_counts_per_stage_and_lists(client):
    challenge = make_challenge(title="Open challenge needing ideas")
    make_solution(challenge, stage=Stage.idea)
    make_solution(challenge, stage=Stage.idea)
    funded = make_solution(challenge, stage=Stage.crowdfunding, title="Campaign ending soon")
    funded.campaign.deadline = utcnow() + timedelta(days=3)
    make_solution(challenge, stage=Stage.learnings, title="A finished experiment")
    make_challenge(hidden=True, title="Hidden")
    db.session.commit()
    html = client.get("/", headers=EN).get_data(as_text=True)
    pipeline = re.search(r'<ol class="pipeline">(.*?)</ol>', html, re.S).group(1)
    counts = re.findall(r">\s*(\d+) items?<", pipeline)
    assert counts == ["1", "2", "0", "1", "0", "1"]
    assert "Open challenge needing ideas" in html
    assert "Campaign ending soon" in html
    assert "A finished experiment" in html
    assert "Hidden" not in html


def test_home_links_search_and_learnings_in_the_header(client):
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert 'href="/search"' in html and 'href="/learnings"' in html


def _count_for(client, n):
    for i in range(n):
        c = make_challenge(title=f"Challenge {i}")
        make_solution(c, stage=[Stage.idea, Stage.crowdfunding, Stage.learnings][i % 3])
    return count_queries(lambda: client.get("/", headers=EN))


def test_home_query_count_is_constant(client):
    assert _count_for(client, 5) == _count_for(client, 50)
