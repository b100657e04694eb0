"""A challenge's own questions (issue 16 item 5): set by the owner side or the secretariat, at most 10, enforced at
their stage by the stage table's checks (422 naming answers.<id>), in the forms and the API; private answers reach
nobody but the owner side, the secretariat and the answering team."""

import csv
import io

from socialchallenge.models import Role, Stage
from socialchallenge.pipeline.stages import missing_for
from tests.builders import (
    make_answer,
    make_challenge,
    make_question,
    make_solution,
    make_token,
    make_update,
    make_user,
)
from tests.helpers import submit, text

EN = {"Accept-Language": "en"}
SECRET = "Landlord Paek 010-9876-5432 zqxj"
PUBLIC = "About two hundred a day"


def _questions_body(n):
    return {"questions": [{"prompt": f"Question number {i}?", "kind": "short_text"} for i in range(1, n + 1)]}


def test_the_owner_sets_questions_through_the_api_and_everyone_reads_them(api):
    owner = make_user()
    challenge = make_challenge(owner=owner)
    body = {"questions": [
        {"prompt": "How many people use the stop?", "kind": "short_text", "stage": "idea"},
        {"prompt": "Which market do you work with?", "kind": "choice", "choices": ["Mangwon", "Seogyo"],
         "required": False, "stage": "proposal"},
        {"prompt": "Site owner's phone", "kind": "short_text", "public": False, "stage": "proposal"},
    ]}
    response = api.put(f"/api/v1/challenges/{challenge.id}/questions", body, token=make_token(owner))
    assert response.status_code == 200, response.get_json()
    items = response.get_json()["items"]
    assert [q["prompt"] for q in items] == [q["prompt"] for q in body["questions"]]
    assert items[1]["choices"] == ["Mangwon", "Seogyo"] and items[2]["public"] is False
    assert items[0]["field"] == f"answers.{items[0]['id']}"
    assert api.get(f"/api/v1/challenges/{challenge.id}/questions").get_json()["items"] == items


def test_only_the_owner_side_or_the_secretariat_sets_questions(api):
    challenge = make_challenge()
    stranger = make_user()
    response = api.put(f"/api/v1/challenges/{challenge.id}/questions", _questions_body(1), token=make_token(stranger))
    assert response.status_code == 403
    staff = make_user(role=Role.secretariat)
    response = api.put(f"/api/v1/challenges/{challenge.id}/questions", _questions_body(1), token=make_token(staff))
    assert response.status_code == 200


def test_more_than_ten_questions_is_a_clear_422(api):
    owner = make_user()
    challenge = make_challenge(owner=owner)
    response = api.put(f"/api/v1/challenges/{challenge.id}/questions", _questions_body(11), token=make_token(owner),
                       headers=EN)
    assert response.status_code == 422
    assert "at most 10 questions" in response.get_json()["error"]["fields"]["questions"]
    ten = api.put(f"/api/v1/challenges/{challenge.id}/questions", _questions_body(10), token=make_token(owner))
    assert ten.status_code == 200 and len(ten.get_json()["items"]) == 10


def test_bad_questions_name_the_row_and_the_problem(api):
    owner = make_user()
    challenge = make_challenge(owner=owner)
    body = {"questions": [{"prompt": "Fine?", "kind": "short_text"},
                          {"prompt": "", "kind": "essay"},
                          {"prompt": "Pick one", "kind": "choice", "choices": ["only one"]}]}
    response = api.put(f"/api/v1/challenges/{challenge.id}/questions", body, token=make_token(owner), headers=EN)
    fields = response.get_json()["error"]["fields"]
    assert response.status_code == 422
    assert "Question 2: write the question." == fields["questions.2"]
    assert "questions.2.kind" in fields and "give 2 to 10 choices" in fields["questions.3.choices"]


def test_missing_required_answers_block_advancing_with_their_names(api):
    challenge = make_challenge()
    asked = make_question(challenge, "Who owns the site?", stage=Stage.proposal)
    optional = make_question(challenge, "Anything else?", stage=Stage.proposal, required=False)
    later = make_question(challenge, "How did it end?", stage=Stage.learnings)
    lead = make_user()
    solution = make_solution(challenge, Stage.idea, team=[lead], filled=Stage.proposal)
    token = make_token(lead)
    response = api.post(f"/api/v1/solutions/{solution.id}/advance", token=token, headers=EN)
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields == {f"answers.{asked.id}": "Answer the challenge's question “Who owns the site?”."}
    assert f"answers.{optional.id}" not in fields and f"answers.{later.id}" not in fields
    saved = api.patch(f"/api/v1/solutions/{solution.id}", {"answers": {str(asked.id): "The market traders"}},
                      token=token)
    assert saved.status_code == 200 and saved.get_json()["answers"] == {str(asked.id): "The market traders"}
    moved = api.post(f"/api/v1/solutions/{solution.id}/advance", token=token)
    assert moved.status_code == 200 and moved.get_json()["stage"] == "proposal"


def test_questions_asked_at_idea_are_answered_with_the_idea(api, client, auth):
    challenge = make_challenge()
    asked = make_question(challenge, "How often do you take the bus?")
    member = make_user()
    token = make_token(member)
    refused = api.post(f"/api/v1/challenges/{challenge.id}/solutions",
                       {"title": "Shade map", "summary": "A map of shade."}, token=token, headers=EN)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {
        f"answers.{asked.id}": "Answer the challenge's question “How often do you take the bus?”."}
    # The web form shows the question with the idea's fields, required, and refuses it blank.
    auth.login(member)
    page = client.get(f"/challenges/{challenge.id}/solutions/new", headers=EN)
    assert "How often do you take the bus?" in text(page)
    posted = submit(client, f"/challenges/{challenge.id}/solutions/new",
                    {"title": "Shade map", "summary": "A map of shade."}, headers=EN)
    assert posted.status_code == 422
    assert "Answer the challenge's question “How often do you take the bus?”." in text(posted)
    posted = submit(client, f"/challenges/{challenge.id}/solutions/new",
                    {"title": "Shade map", "summary": "A map of shade.", f"answers.{asked.id}": "Every day"},
                    headers=EN)
    assert posted.status_code == 302
    solution_page = client.get(posted.headers["Location"], headers=EN)
    assert "Every day" in text(solution_page)


def test_a_choice_answer_must_be_one_of_the_choices(api):
    challenge = make_challenge()
    asked = make_question(challenge, "Which market?", kind="choice", choices=["Mangwon", "Seogyo"], required=False)
    lead = make_user()
    solution = make_solution(challenge, team=[lead])
    response = api.patch(f"/api/v1/solutions/{solution.id}", {"answers": {str(asked.id): "Gwangjang"}},
                         token=make_token(lead), headers=EN)
    assert response.status_code == 422
    assert "Mangwon, Seogyo" in response.get_json()["error"]["fields"][f"answers.{asked.id}"]


def test_the_stage_form_shows_the_stage_questions_and_the_missing_ones_link_there(client, auth):
    challenge = make_challenge()
    asked = make_question(challenge, "Who owns the site?", stage=Stage.proposal, public=False)
    lead = make_user()
    solution = make_solution(challenge, Stage.idea, team=[lead], filled=Stage.proposal)
    assert list(missing_for(solution, Stage.proposal)) == [f"answers.{asked.id}"]
    auth.login(lead)
    form = client.get(f"/solutions/{solution.id}/edit/proposal", headers=EN)
    assert "Who owns the site?" in text(form)
    assert "Only the challenge's owner and the secretariat read this answer." in text(form)
    page = client.get(f"/solutions/{solution.id}", headers=EN)
    assert "Who owns the site?" in text(page)  # under "To move on to Proposal, fill in"


def test_the_owner_sets_questions_on_the_web_page(client, auth):
    owner = make_user()
    challenge = make_challenge(owner=owner)
    auth.login(owner)
    page = client.get(f"/challenges/{challenge.id}/questions", headers=EN)
    assert page.status_code == 200 and "Question 10" in text(page)
    response = submit(client, f"/challenges/{challenge.id}/questions", {
        "rows-0-prompt": "Which stop?", "rows-0-kind": "short_text", "rows-0-stage": "idea", "rows-0-required": "y",
        "rows-1-prompt": "Pick a market", "rows-1-kind": "choice", "rows-1-choices": "Mangwon\nSeogyo",
        "rows-1-stage": "proposal", "rows-1-private": "y"}, headers=EN)
    assert response.status_code == 302
    from socialchallenge.extensions import db
    db.session.refresh(challenge)
    assert [(q.prompt, q.required, q.public, q.choices) for q in challenge.questions] == [
        ("Which stop?", True, True, []), ("Pick a market", False, False, ["Mangwon", "Seogyo"])]
    refused = submit(client, f"/challenges/{challenge.id}/questions", {
        "rows-0-prompt": "Pick", "rows-0-kind": "choice", "rows-0-choices": "only", "rows-0-stage": "idea"},
        headers=EN)
    assert refused.status_code == 422 and "Question 1: give 2 to 10 choices." in text(refused)
    stranger = make_user()
    auth.sign_out()
    auth.login(stranger)
    assert client.get(f"/challenges/{challenge.id}/questions", headers=EN).status_code == 403


# --- A private answer is absent from every public surface ---

def _private_setup():
    owner = make_user()
    challenge = make_challenge(owner=owner, title="Shade at the Mangwon stop")
    public = make_question(challenge, "How many use the stop?")
    private = make_question(challenge, "Site owner's phone", public=False)
    lead = make_user()
    solution = make_solution(challenge, Stage.learnings, team=[lead], title="Cooling fog month",
                             lessons="People wanted seats more than shade.")
    make_update(solution)
    make_answer(solution, public, PUBLIC)
    make_answer(solution, private, SECRET)
    return owner, challenge, solution, lead, private


def test_a_private_answer_is_absent_from_every_public_page_feed_export_and_search(client, auth):
    owner, challenge, solution, _lead, _private = _private_setup()
    stranger = make_user()
    pages = [f"/solutions/{solution.id}", f"/challenges/{challenge.id}", "/", "/challenges", "/learnings",
             "/search?q=Cooling", "/search?q=Landlord", "/impact", "/open-data",
             "/feeds/challenges.atom", f"/feeds/challenges/{challenge.id}/solutions.atom", "/feeds/learnings.atom",
             "/open-data/challenges.csv", "/open-data/solutions.csv", "/open-data/learnings.csv",
             "/open-data/indicators.csv", "/open-data/impact.csv"]
    for signed_in in (None, stranger):
        if signed_in:
            auth.login(signed_in)
        for path in pages:
            response = client.get(path, headers=EN)
            assert response.status_code == 200, path
            body = response.get_data(as_text=True)
            assert "zqxj" not in body and "9876" not in body, (path, signed_in)
        # The public answer is shown where answers are, so the check above looks at the right page.
        assert PUBLIC in client.get(f"/solutions/{solution.id}", headers=EN).get_data(as_text=True)
    # The search for the private words finds nothing at all.
    assert "Cooling fog month" not in client.get("/search?q=Landlord", headers=EN).get_data(as_text=True)


def test_a_private_answer_is_absent_from_api_answers_to_a_non_owner(api):
    owner, challenge, solution, lead, private = _private_setup()
    stranger_token = make_token(make_user())
    for token in (None, stranger_token):
        for path in (f"/api/v1/solutions/{solution.id}", f"/api/v1/challenges/{challenge.id}/solutions",
                     f"/api/v1/challenges/{challenge.id}", "/api/v1/search?q=Landlord", "/api/v1/search?q=Cooling",
                     "/api/v1/challenges", "/api/v1/impact", f"/api/v1/solutions/{solution.id}/indicators"):
            response = api.get(path, token=token)
            assert response.status_code == 200, path
            assert "zqxj" not in response.get_data(as_text=True), (path, token)
        one = api.get(f"/api/v1/solutions/{solution.id}", token=token).get_json()
        assert one["answers"] == {str(challenge.questions[0].id): PUBLIC}
    # The owner side, the secretariat and the team read it.
    for reader in (owner, make_user(role=Role.secretariat), lead):
        answers = api.get(f"/api/v1/solutions/{solution.id}", token=make_token(reader)).get_json()["answers"]
        assert answers[str(private.id)] == SECRET


def test_the_owner_and_the_secretariat_see_a_private_answer_on_the_page(client, auth):
    owner, _challenge, solution, _lead, _private = _private_setup()
    auth.login(owner)
    page = client.get(f"/solutions/{solution.id}", headers=EN)
    assert SECRET in text(page) and "Private: owner and secretariat" in text(page)


def test_secretariat_csv_exports_hold_no_answers(client, auth):
    _private_setup()
    auth.login(make_user(role=Role.secretariat))
    index = client.get("/secretariat/exports", headers=EN)
    assert index.status_code == 200
    for link in {part.split('"')[0] for part in index.get_data(as_text=True).split('href="')[1:]
                 if part.startswith("/secretariat/exports/")}:
        body = client.get(link, headers=EN).get_data(as_text=True)
        rows = list(csv.reader(io.StringIO(body)))
        assert rows and "zqxj" not in body, link
