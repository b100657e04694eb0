"""Search hits are read as rows for their cards (search/cards.py, issue 17 goal 4): a challenge card and a solution
card in the results, and the API's hits, show everything they showed when hits were loaded as ORM objects."""

from __future__ import annotations

from socialchallenge.extensions import db
from socialchallenge.models import ChallengeSdg, Stage
from tests.builders import make_attachment, make_challenge, make_organisation, make_solution
from tests.helpers import EN


def test_a_challenge_card_and_a_solution_card_show_what_the_models_hold(client):
    organisation = make_organisation(name="Mapo Neighbours")
    challenge = make_challenge(title="Bus stop canopy", area="망원동", district_code="11440",
                               organisation_id=organisation.id, tags=["shade", "mobility"], supports_count=7)
    db.session.add(ChallengeSdg(challenge_id=challenge.id, sdg=3))
    make_attachment(challenge, alt_text="A bare bus stop")
    make_solution(challenge, stage=Stage.crowdfunding, title="Canopy kit", summary="Fold-out canopy for stops")
    learned = make_solution(challenge, stage=Stage.learnings, title="Canopy trial learnings")
    make_attachment(learned, alt_text="The trial canopy")
    db.session.commit()

    page = client.get("/search?q=canopy&sort=newest", headers=EN).get_data(as_text=True)
    challenge_card = page[page.index('<li class="card challenge-card">'):]
    challenge_card = challenge_card[:challenge_card.index("</li>\n", challenge_card.index('class="card-cover"'))]
    for shown in ("Bus stop canopy", "Mapo-gu", "망원동", "Mapo Neighbours", "7 supports", "2 picked", "#mobility",
                  "#shade", 'alt="A bare bus stop"', "The bus stop has no shelter."):
        assert shown in challenge_card, shown
    assert "Canopy trial learnings" in page and 'alt="The trial canopy"' in page
    assert "Answers:" in page and "Crowdfunding" in page

    body = client.get("/api/v1/search?q=canopy&sort=newest", headers=EN).get_json()
    hits = {(h["kind"], h["title"]): h for h in body["items"]}
    found = hits[("challenge", "Bus stop canopy")]
    assert found["district"] == {"code": "11440", "name": "Mapo-gu"}
    assert found["tags"] == ["mobility", "shade"] and 3 in found["sdgs"]
    assert found["sdgs"] == sorted(found["sdgs"]) == db.session.get(type(challenge), challenge.id).sdgs
    assert found["summary"] == "The bus stop has no shelter." and found["status"] == "open"
    solution = hits[("solution", "Canopy kit")]
    assert solution["stage"] == "crowdfunding" and solution["summary"] == "Fold-out canopy for stops"
    assert solution["challenge_title"] == "Bus stop canopy" and solution["tags"] == ["mobility", "shade"]
