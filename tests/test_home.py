"""The home page: one sentence, the pipeline with counts, challenges that need ideas, campaigns closing soon,
recent learnings; a constant number of queries."""

import re
from datetime import timedelta

from socialchallenge.extensions import db
from socialchallenge.models import Stage
from socialchallenge.timeutil import utcnow
from tests.builders import make_challenge, make_solution
from tests.helpers import EN, queries_for


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
    return queries_for(client, "/", headers=EN)


def test_home_query_count_is_constant(client):
    assert _count_for(client, 5) == _count_for(client, 50)


def _pipeline_counts(html):
    return re.findall(r">\s*(\d+) items?<", re.search(r'<ol class="pipeline">(.*?)</ol>', html, re.S).group(1))


def test_home_snapshot_saves_the_scans_and_is_renewed_when_old(client, app, monkeypatch):
    import socialchallenge.main.overview as overview

    app.config["HOME_CACHE_SECONDS"] = 60
    clock = [1000.0]
    monkeypatch.setattr(overview.time, "monotonic", lambda: clock[0])
    challenge = make_challenge(title="Snapshot challenge")
    make_solution(challenge, stage=Stage.idea)
    db.session.commit()
    first = queries_for(client, "/", headers=EN)
    make_challenge(title="Posted after the snapshot")
    db.session.commit()
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert queries_for(client, "/", headers=EN) < first  # counts and choices from the snapshot
    assert _pipeline_counts(html)[0] == "1" and "Posted after the snapshot" not in html
    clock[0] += 61
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert _pipeline_counts(html)[0] == "2" and "Posted after the snapshot" in html


def test_home_snapshot_never_shows_an_item_hidden_since(client, app):
    app.config["HOME_CACHE_SECONDS"] = 3600
    challenge = make_challenge(title="About to be hidden")
    learned = make_solution(make_challenge(title="Other"), stage=Stage.learnings, title="Learned something")
    db.session.commit()
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert "About to be hidden" in html and "Learned something" in html
    challenge.hidden = True
    learned.challenge.hidden = True
    db.session.commit()
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert "About to be hidden" not in html and "Learned something" not in html
