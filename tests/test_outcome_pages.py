"""An answer for every idea in the web pages: the close form, the selection form and adoption ask for reasons; the
solution page shows the outcome; saved answers; carrying an unpicked solution to another challenge."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, ChallengeStatus, Notification, SavedAnswer, Solution, Stage
from tests.builders import make_challenge, make_solution, make_user
from tests.helpers import EN, submit, text


def _closing(owner):
    challenge = make_challenge(owner, min_solutions=1, title="Shade at the Mangwon bus stop")
    picked = make_solution(challenge, Stage.proposal, selected=True, title="Roof kit")
    left = make_solution(challenge, Stage.proposal, selected=False, title="Umbrella library")
    idea = make_solution(challenge, Stage.idea, title="Tree planting")
    return challenge, picked, left, idea


def test_closing_asks_a_reason_for_each_unpicked_solution_and_names_the_missing_one(client, auth):
    owner = make_user()
    challenge, picked, left, idea = _closing(owner)
    auth.login(owner)
    close = f"/challenges/{challenge.id}/close"
    page = text(client.get(close, headers=EN))
    assert "Why “Umbrella library” was not picked" in page and "Why “Tree planting” was not picked" in page
    assert "Why “Roof kit”" not in page
    response = submit(client, close, {f"answers.{left.id}": "The roof kit covers more stops."}, headers=EN)
    assert response.status_code == 422
    page = text(response)
    assert "Give the reason for “Tree planting”: its team and supporters read it." in page
    assert f'id="answer-{idea.id}"' in page and "The roof kit covers more stops." in page  # kept, not lost
    assert db.session.get(Challenge, challenge.id).status == ChallengeStatus.open

    response = submit(client, close, {f"answers.{left.id}": "The roof kit covers more stops.",
                                      f"answers.{idea.id}": "It stayed an idea; bring it to the next call."})
    assert response.status_code == 302
    assert db.session.get(Challenge, challenge.id).status == ChallengeStatus.closed
    shown = text(client.get(f"/solutions/{left.id}", headers=EN))
    assert "Not selected for this challenge" in shown and "The roof kit covers more stops." in shown
    assert "answered: not picked when the challenge closed" in shown  # in the history too
    shown = text(client.get(f"/solutions/{idea.id}", headers=EN))
    assert "Archived when the challenge closed" in shown
    lead = left.team[0].user_id
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == lead)) == "solution_not_selected"
    cards = text(client.get(f"/challenges/{challenge.id}", headers=EN))
    assert "Not selected" in cards and "Archived" in cards


def test_a_saved_answer_fills_an_empty_reason_and_ticked_reasons_are_saved(client, auth):
    owner = make_user()
    challenge, picked, left, idea = _closing(owner)
    db.session.add(SavedAnswer(owner_id=owner.id, text="Thank you: it did not fit this year's budget."))
    db.session.commit()
    saved = db.session.scalar(select(SavedAnswer))
    auth.login(owner)
    close = f"/challenges/{challenge.id}/close"
    assert "Start from a saved answer" in text(client.get(close, headers=EN))
    response = submit(client, close, {f"saved.{left.id}": str(saved.id),
                                      f"answers.{idea.id}": "Bring it back as a proposal.",
                                      f"keep.{idea.id}": "1"})
    assert response.status_code == 302
    assert db.session.get(Solution, left.id).outcome_reason == "Thank you: it did not fit this year's budget."
    texts = set(db.session.scalars(select(SavedAnswer.text).where(SavedAnswer.owner_id == owner.id)))
    assert texts == {"Thank you: it did not fit this year's budget.", "Bring it back as a proposal."}


def test_only_the_owner_deletes_a_saved_answer(client, auth):
    owner, other = make_user(), make_user()
    db.session.add(SavedAnswer(owner_id=owner.id, text="Not this time."))
    db.session.commit()
    answer_id = db.session.scalar(select(SavedAnswer.id))
    auth.login(other)
    submit(client, f"/saved-answers/{answer_id}/delete", page="/challenges")
    assert db.session.get(SavedAnswer, answer_id) is not None
    auth.login(owner)
    submit(client, f"/saved-answers/{answer_id}/delete", page="/challenges")
    assert db.session.get(SavedAnswer, answer_id) is None


def test_the_selection_form_shows_supports_and_keeps_reasons_for_later(client, auth):
    owner = make_user()
    challenge = make_challenge(owner, min_solutions=2)
    first = make_solution(challenge, Stage.proposal, selected=False, title="Roof kit", supports_count=3)
    second = make_solution(challenge, Stage.proposal, selected=False, title="Umbrella library")
    auth.login(owner)
    page_path = f"/challenges/{challenge.id}"
    page = text(client.get(page_path, headers=EN))
    assert "Roof kit (3 supporters)" in page and "Umbrella library (0 supporters)" in page
    response = submit(client, f"{page_path}/selection", {"solution_ids": [str(first.id)],
                                                         f"answers.{first.id}": "ignored: it is picked",
                                                         f"answers.{second.id}": "Too costly to run."})
    assert response.status_code == 302
    assert db.session.get(Solution, first.id).selected
    second = db.session.get(Solution, second.id)
    assert second.outcome is None and second.outcome_reason == "Too costly to run."
    assert "Too costly to run." not in text(client.get(f"/solutions/{second.id}", headers=EN))  # not public yet
    # Closing then needs no more reasons: the one given with the selection is published.
    assert submit(client, f"{page_path}/close").status_code == 302
    assert "Too costly to run." in text(client.get(f"/solutions/{second.id}", headers=EN))


def test_a_blank_reason_in_the_selection_form_is_ignored_but_the_close_form_needs_it(client, auth):
    owner = make_user()
    challenge, picked, left, idea = _closing(owner)
    auth.login(owner)
    response = submit(client, f"/challenges/{challenge.id}/selection",
                      {"solution_ids": [str(picked.id)], f"answers.{left.id}": "   "})
    assert response.status_code == 302
    response = submit(client, f"/challenges/{challenge.id}/close", {}, headers=EN)
    assert response.status_code == 422 and "Give the reason for “Umbrella library”" in text(response)


def test_adoption_asks_the_reasons_on_its_confirmation_page(client, auth):
    owner = make_user()
    challenge = make_challenge(owner, min_solutions=1)
    final = make_solution(challenge, Stage.experiment, title="Roof kit")
    other = make_solution(challenge, Stage.proposal, selected=False, title="Umbrella library")
    auth.login(owner)
    page = f"/challenges/{challenge.id}"
    submit(client, f"{page}/evaluations/{final.id}", {f"eval-{final.id}-score": "5"}, page=page)
    confirm = f"{page}/adoption?solution_id={final.id}"
    assert "Why “Umbrella library” was not picked" in text(client.get(confirm, headers=EN))
    response = submit(client, f"{page}/adoption", {"solution_id": str(final.id), "confirm": "yes"}, page=confirm,
                      headers=EN)
    assert response.status_code == 422 and "Give the reason for “Umbrella library”" in text(response)
    assert db.session.get(Challenge, challenge.id).adopted_solution_id is None
    response = submit(client, f"{page}/adoption", {"solution_id": str(final.id), "confirm": "yes",
                                                   f"answers.{other.id}": "The roof kit was adopted."}, page=confirm)
    assert response.status_code == 302
    assert db.session.get(Solution, other.id).outcome.value == "not_selected"


def test_a_stranger_cannot_open_the_close_page(client, auth):
    challenge = make_challenge()
    auth.login(make_user())
    assert client.get(f"/challenges/{challenge.id}/close").status_code == 403
