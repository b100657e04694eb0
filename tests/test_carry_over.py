"""Carrying an unpicked solution to another open challenge (issue 15 item 4): a copy that links both ways."""

from __future__ import annotations

from socialchallenge.extensions import db
from socialchallenge.models import Solution, Stage
from tests.builders import make_challenge, make_solution, make_token, make_user
from tests.helpers import EN, submit, text


def _answered(lead, **fields):
    """A solution left unpicked when its challenge closed, led by `lead`."""
    challenge = make_challenge(status="closed", title="Shade at the Mangwon bus stop")
    solution = make_solution(challenge, Stage.proposal, team=[lead], selected=False, title="Umbrella library",
                             outcome="not_selected", outcome_reason="Another idea fit better.", **fields)
    return solution


def test_the_team_carries_an_unpicked_solution_to_another_open_challenge(api):
    lead = make_user()
    original = _answered(lead, description="Lend umbrellas at the stop.")
    target = make_challenge(title="Rainy walks to school")
    response = api.post(f"/api/v1/solutions/{original.id}/carry-over", {"challenge_id": target.id},
                        token=make_token(lead))
    assert response.status_code == 201, response.get_json()
    copy = response.get_json()
    assert copy["challenge_id"] == target.id and copy["stage"] == "idea" and copy["carried_from_id"] == original.id
    assert copy["title"] == "Umbrella library" and copy["description"] == "Lend umbrellas at the stop."
    assert [m["id"] for m in copy["team"]] == [lead.id] and copy["outcome"] is None
    body = api.get(f"/api/v1/solutions/{original.id}").get_json()
    assert body["carried_to_ids"] == [copy["id"]] and body["history"][-1]["kind"] == "carried_over"
    again = api.post(f"/api/v1/solutions/{original.id}/carry-over", {"challenge_id": target.id},
                     token=make_token(lead))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_carried"


def test_only_the_team_may_carry_over(api):
    original = _answered(make_user())
    target = make_challenge()
    response = api.post(f"/api/v1/solutions/{original.id}/carry-over", {"challenge_id": target.id},
                        token=make_token(make_user()))
    assert response.status_code == 403
    owner_side = api.post(f"/api/v1/solutions/{original.id}/carry-over", {"challenge_id": target.id},
                          token=make_token(original.challenge.owner))
    assert owner_side.status_code == 403
    assert db.session.scalar(db.select(Solution.id).where(Solution.carried_from_id == original.id)) is None


def test_carrying_over_needs_an_answered_solution_and_an_open_visible_other_challenge(api):
    lead = make_user()
    token = make_token(lead)
    picked = make_solution(make_challenge(), Stage.proposal, team=[lead], selected=True)
    target = make_challenge()
    response = api.post(f"/api/v1/solutions/{picked.id}/carry-over", {"challenge_id": target.id}, token=token)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "not_unpicked"
    original = _answered(lead)
    closed = make_challenge(status="closed")
    response = api.post(f"/api/v1/solutions/{original.id}/carry-over", {"challenge_id": closed.id}, token=token)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "challenge_closed"
    hidden = make_challenge(hidden=True, hidden_reason="spam")
    response = api.post(f"/api/v1/solutions/{original.id}/carry-over", {"challenge_id": hidden.id}, token=token)
    assert response.status_code == 422 and "challenge_id" in response.get_json()["error"]["fields"]
    response = api.post(f"/api/v1/solutions/{original.id}/carry-over", {"challenge_id": original.challenge_id},
                        token=token)
    assert response.status_code == 422
    response = api.post(f"/api/v1/solutions/{original.id}/carry-over", {"challenge_id": "x"}, token=token)
    assert response.status_code == 422


def test_carrying_over_in_the_web_pages_links_both_ways(client, auth):
    lead = make_user()
    original = _answered(lead)
    target = make_challenge(title="Rainy walks to school")
    make_challenge(title="A closed one", status="closed")
    auth.login(lead)
    shown = text(client.get(f"/solutions/{original.id}", headers=EN))
    assert "Another idea fit better." in shown and "Carry it to another open challenge…" in shown
    page = f"/solutions/{original.id}/carry-over"
    listed = text(client.get(page, headers=EN))
    assert "Rainy walks to school" in listed and "A closed one" not in listed
    assert "Shade at the Mangwon bus stop" not in listed  # not its own challenge
    response = submit(client, page, {"challenge_id": str(target.id)})
    assert response.status_code == 302
    copy = db.session.scalar(db.select(Solution).where(Solution.carried_from_id == original.id))
    assert response.headers["Location"].endswith(f"/solutions/{copy.id}")
    assert "Carried over from" in text(client.get(f"/solutions/{copy.id}", headers=EN))
    back = text(client.get(f"/solutions/{original.id}", headers=EN))
    assert f'href="/solutions/{copy.id}"' in back
    assert "Already carried here." in text(client.get(page, headers=EN))


def test_the_carry_over_page_reads_in_korean(client, auth):
    lead = make_user(locale="ko")
    original = _answered(lead)
    auth.login(lead)
    page = text(client.get(f"/solutions/{original.id}/carry-over", headers={"Accept-Language": "ko"}))
    assert "사본은 고른 과제에서 지금까지 쓴 내용을 담은 아이디어로 시작합니다." in page
    assert "사본과 이 페이지는 서로 연결됩니다.</p>" in page
    assert "The comments of a challenge" not in page and "parent_id" not in page  # once glued on by the catalog


def test_someone_off_the_team_gets_403_on_the_carry_over_page(client, auth):
    original = _answered(make_user())
    auth.login(make_user())
    assert client.get(f"/solutions/{original.id}/carry-over").status_code == 403
    shown = text(client.get(f"/solutions/{original.id}", headers=EN))
    assert "Carry it to another open challenge…" not in shown
