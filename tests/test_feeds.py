"""Atom feeds (SPEC §5): new challenges, new solutions of a challenge, new learnings; valid Atom 1.0."""

from xml.etree import ElementTree as ET

from socialchallenge.models import Stage
from tests.builders import make_challenge, make_solution

A = "{http://www.w3.org/2005/Atom}"
EN = {"Accept-Language": "en"}


def parse(response):
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{A}{name}") is not None and feed.find(f"{A}{name}").text, name
    for entry in feed.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{A}{name}").text, name
        assert entry.find(f"{A}id").text.startswith("http://")
        assert entry.find(f"{A}link").get("href").startswith("http://")
    return feed


def titles(feed):
    return [e.find(f"{A}title").text for e in feed.findall(f"{A}entry")]


def test_new_challenges_feed_is_atom_and_leaves_out_hidden(client):
    make_challenge(title="첫 번째 과제 <b>&</b>")
    make_challenge(title="Hidden one", hidden=True)
    feed = parse(client.get("/feeds/challenges.atom", headers=EN))
    assert titles(feed) == ["첫 번째 과제 <b>&</b>"]  # escaped in the XML, intact once parsed


def test_solutions_feed_of_a_challenge(client):
    challenge = make_challenge()
    make_solution(challenge, title="Idea for the bus stop")
    make_solution(make_challenge(), title="Someone else's idea")
    feed = parse(client.get(f"/feeds/challenges/{challenge.id}/solutions.atom", headers=EN))
    assert titles(feed) == ["Idea for the bus stop"]


def test_solutions_feed_of_hidden_or_missing_challenge_is_404(client):
    hidden = make_challenge(hidden=True)
    assert client.get(f"/feeds/challenges/{hidden.id}/solutions.atom").status_code == 404
    assert client.get("/feeds/challenges/999999/solutions.atom").status_code == 404


def test_learnings_feed_lists_only_learnings(client):
    make_solution(stage=Stage.learnings, title="What we learned")
    make_solution(stage=Stage.experiment, title="Still experimenting")
    make_solution(make_challenge(hidden=True), stage=Stage.learnings, title="Hidden learning")
    feed = parse(client.get("/feeds/learnings.atom", headers=EN))
    assert titles(feed) == ["What we learned"]


def test_empty_feed_is_still_valid(client):
    parse(client.get("/feeds/learnings.atom", headers=EN))


# Characters XML 1.0 does not allow anywhere in a document (C0 controls but tab, line feed and carriage return;
# U+FFFE and U+FFFF). NUL is left out: neither database stores it in text.
FORBIDDEN = "\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff"


def test_feeds_stay_well_formed_xml_when_saved_text_holds_control_characters(client):
    # Saved straight into the database, as rows written before input was checked would be.
    from sqlalchemy import update

    from socialchallenge.extensions import db
    from socialchallenge.models import Challenge, Solution

    challenge = make_challenge()
    solution = make_solution(challenge, stage=Stage.learnings)
    db.session.execute(update(Challenge).where(Challenge.id == challenge.id).values(
        title=f"Bus{FORBIDDEN} stop", area=f"Mapo{FORBIDDEN}-gu", problem=f"No{FORBIDDEN} shelter"))
    db.session.execute(update(Solution).where(Solution.id == solution.id).values(
        title=f"Roof{FORBIDDEN} idea", summary=f"A{FORBIDDEN} roof", lessons=f"Rain{FORBIDDEN} falls"))
    db.session.commit()
    for path in ("/feeds/challenges.atom", f"/feeds/challenges/{challenge.id}/solutions.atom",
                 "/feeds/learnings.atom"):
        feed = parse(client.get(path, headers=EN))  # an XML parser refuses the document if one slipped through
        text = "".join(feed.itertext())
        assert not set(FORBIDDEN) & set(text), path
    challenges = parse(client.get("/feeds/challenges.atom", headers=EN))
    assert titles(challenges) == ["Bus stop"]
    assert "Mapo-gu · No shelter" in challenges.find(f"{A}entry/{A}summary").text
    solutions = parse(client.get(f"/feeds/challenges/{challenge.id}/solutions.atom", headers=EN))
    assert titles(solutions) == ["Roof idea"] and "Bus stop" in solutions.find(f"{A}title").text
    learnings = parse(client.get("/feeds/learnings.atom", headers=EN))
    assert learnings.find(f"{A}entry/{A}summary").text == "Bus stop · Rain falls"
