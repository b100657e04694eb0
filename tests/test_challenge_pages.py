"""Challenge pages: list, post, edit, close, the detail page, and the §2.2 rules through the web forms."""

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, ChallengeStatus, Evaluation, Solution, Stage
from tests.builders import make_challenge, make_organisation, make_solution, make_user
from tests.helpers import EN, queries_for, submit, text

CHALLENGE_FORM = {
    "title": "No shade at the Mangwon bus stop",
    "problem": "The bus stop has no roof.",
    "affected": "Older people wait in the sun and rain.",
    "area": "Mapo-gu, Mangwon-dong",
    "tags": "mobility, Elderly care",
    "sdgs": ["3", "11"],
}


def test_posting_a_challenge_needs_sign_in(client):
    response = client.get("/challenges/new")
    assert response.status_code == 302
    assert "/auth/sign-in" in response.headers["Location"]


def test_a_member_posts_a_challenge(client, auth):
    auth.login(make_user())
    response = submit(client, "/challenges/new", CHALLENGE_FORM)
    assert response.status_code == 302
    challenge = db.session.scalar(db.select(Challenge))
    assert challenge.tag_names == ["elderly care", "mobility"] and challenge.sdgs == [3, 11]
    page = text(client.get(response.headers["Location"], headers=EN))
    assert "No shade at the Mangwon bus stop" in page
    assert "Selection opens at 4 solutions — 4 to go" in page


def test_posting_a_challenge_with_missing_fields_shows_each_field(client, auth):
    auth.login(make_user())
    response = submit(client, "/challenges/new", {"title": "Short problem title"}, headers=EN)
    assert response.status_code == 422
    page = text(response)
    for anchor in ("#problem", "#affected", "#area", "#tags", "#sdgs"):
        assert f'href="{anchor}"' in page
    assert 'aria-describedby="problem-error"' in page
    assert db.session.scalar(db.select(Challenge)) is None


def test_a_district_from_the_list_stands_in_for_the_place_in_words(client, auth):
    """Issue 16: the form asks for a district or a place in words, not both; the pages show whichever is given."""
    auth.login(make_user())
    form = text(client.get("/challenges/new", headers=EN))
    # The place in words is not marked required, and says why; the district menu comes right after it.
    assert '<label for="area">Place (neighbourhood, street)</label><p class="hint"' in form  # no "*"
    assert '<input aria-describedby="area-hint" id="area" name="area" type="text" value="">' in form  # no required
    assert "Optional when you choose a district." in form
    assert form.index('id="area"') < form.index('id="district"') < form.index('id="tags"')

    neither = submit(client, "/challenges/new", {**CHALLENGE_FORM, "area": ""}, headers=EN)
    assert neither.status_code == 422
    assert "Choose a district from the list, or say in words where it is." in text(neither)
    assert db.session.scalar(db.select(Challenge)) is None

    posted = submit(client, "/challenges/new", {**CHALLENGE_FORM, "area": "", "district": "11440"}, headers=EN)
    assert posted.status_code == 302
    challenge = db.session.scalar(db.select(Challenge))
    assert challenge.area == "" and challenge.district_code == "11440"
    page = text(client.get(posted.headers["Location"], headers=EN))
    assert '<a href="/challenges?district=11440">Mapo-gu</a>' in page
    assert "<dt>Area</dt>" not in page and "<span></span>" not in page
    listed = text(client.get("/challenges", headers=EN))
    assert "<span>Mapo-gu</span>" in listed and "<span></span>" not in listed


def test_posting_for_an_organisation_you_administer(client, auth):
    admin = make_user()
    org = make_organisation("Mapo District Office", admins=[admin])
    auth.login(admin)
    assert "Post as" in text(client.get("/challenges/new", headers=EN))
    response = submit(client, "/challenges/new", {**CHALLENGE_FORM, "organisation_id": str(org.id)})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Challenge)).organisation_id == org.id


def test_an_organisation_that_posts_gets_no_honorific_and_a_person_keeps_it(client):
    """Korean honours a person with 님, never an organisation: "서울시 마포구청에서 올림", "이하늘 님이 올림"."""
    by_office = make_challenge(organisation_id=make_organisation("서울시 마포구청").id)
    by_person = make_challenge(owner=make_user("이하늘"))
    korean = {"Accept-Language": "ko"}
    office_page = text(client.get(f"/challenges/{by_office.id}", headers=korean))
    assert "서울시 마포구청에서 올림" in office_page and "마포구청 님" not in office_page
    assert "이하늘 님이 올림" in text(client.get(f"/challenges/{by_person.id}", headers=korean))
    assert "Posted by 서울시 마포구청" in text(client.get(f"/challenges/{by_office.id}", headers=EN))
    assert "Posted by 이하늘" in text(client.get(f"/challenges/{by_person.id}", headers=EN))


def test_the_organisation_select_shows_only_to_admins(client, auth):
    auth.login(make_user())
    assert "Post as" not in text(client.get("/challenges/new", headers=EN))


def test_posting_for_an_organisation_you_do_not_administer_is_refused(client, auth):
    org = make_organisation("Somebody else's")
    auth.login(make_user())
    response = submit(client, "/challenges/new", {**CHALLENGE_FORM, "organisation_id": str(org.id)}, headers=EN)
    assert response.status_code == 422
    assert "Only admins of an organisation may post on its behalf." in text(response)


def test_the_owner_edits_and_closes_a_challenge(client, auth):
    owner = make_user()
    challenge = make_challenge(owner)
    auth.login(owner)
    path = f"/challenges/{challenge.id}/edit"
    assert "The bus stop has no shelter." in text(client.get(path))
    response = submit(client, path, {**CHALLENGE_FORM, "title": "A better title"})
    assert response.status_code == 302
    assert db.session.get(Challenge, challenge.id).title == "A better title"
    submit(client, f"/challenges/{challenge.id}/close", page=f"/challenges/{challenge.id}")
    assert db.session.get(Challenge, challenge.id).status == ChallengeStatus.closed


def test_a_non_owner_editing_a_challenge_gets_403(client, auth):
    challenge = make_challenge()
    auth.login(make_user())
    assert client.get(f"/challenges/{challenge.id}/edit").status_code == 403


def test_the_list_filters_by_status_area_tag_and_sdg(client):
    make_challenge(title="Dark alley in Yeonnam", area="Yeonnam-dong", tags=["safety"], sdgs=[16])
    make_challenge(title="Flooded underpass", area="Mangwon-dong", tags=["climate"], sdgs=[13])
    make_challenge(title="Closed one here", area="Mangwon-dong", tags=["climate"], sdgs=[13],
                   status=ChallengeStatus.closed)
    page = text(client.get("/challenges?tag=safety", headers=EN))
    assert "Dark alley in Yeonnam" in page and "Flooded underpass" not in page
    page = text(client.get("/challenges?area=mangwon&status=open", headers=EN))
    assert "Flooded underpass" in page and "Dark alley" not in page and "Closed one here" not in page
    page = text(client.get("/challenges?sdg=16", headers=EN))
    assert "Dark alley in Yeonnam" in page and "Flooded underpass" not in page
    assert client.get("/challenges?sdg=99&status=nonsense&sort=bogus&page=x").status_code == 200


def test_the_list_pages_and_sorts_by_most_supported(client):
    for n in range(25):
        make_challenge(title=f"Challenge number {n:02d}", supports_count=n)
    page = text(client.get("/challenges?sort=most_supported", headers=EN))
    assert page.index("Challenge number 24") < page.index("Challenge number 23")
    assert "Challenge number 04" not in page and 'rel="next"' in page
    page = text(client.get("/challenges?sort=most_supported&page=2", headers=EN))
    assert "Challenge number 04" in page and "Challenge number 24" not in page


def test_the_challenge_page_groups_solutions_by_stage_and_shows_the_selection_state(client):
    challenge = make_challenge(min_solutions=4, supports_count=7)
    make_solution(challenge, Stage.idea, title="An idea only")
    make_solution(challenge, Stage.proposal, title="A proposal", selected=True)
    make_solution(challenge, Stage.proposal, title="Another proposal")
    page = text(client.get(f"/challenges/{challenge.id}", headers=EN))
    assert "7 people support this" in page
    assert "Selection opens at 4 solutions — 2 to go" in page
    assert page.index("An idea only") < page.index("A proposal")
    make_solution(challenge, Stage.proposal)
    make_solution(challenge, Stage.proposal)
    page = text(client.get(f"/challenges/{challenge.id}", headers=EN))
    assert "1 of 3 picked" in page


# --- §2.2 selection and adoption rules through the web forms ---

def _open_selection(owner, n=4):
    challenge = make_challenge(owner, min_solutions=4)
    return challenge, [make_solution(challenge, Stage.proposal) for _ in range(n)]


def test_the_owner_selects_solutions(client, auth):
    owner = make_user()
    challenge, found = _open_selection(owner)
    auth.login(owner)
    page = f"/challenges/{challenge.id}"
    response = submit(client, f"{page}/selection", {"solution_ids": [str(found[0].id), str(found[1].id)]}, page=page)
    assert response.status_code == 302
    picked = {s.id for s in db.session.scalars(db.select(Solution).where(Solution.selected))}
    assert picked == {found[0].id, found[1].id}
    assert "2 of 3 picked" in text(client.get(page, headers=EN))


def test_selecting_a_4th_solution_is_refused(client, auth):
    owner = make_user()
    challenge, found = _open_selection(owner, 5)
    auth.login(owner)
    page = f"/challenges/{challenge.id}"
    response = submit(client, f"{page}/selection", {"solution_ids": [str(s.id) for s in found[:4]]}, page=page,
                      headers=EN)
    assert response.status_code == 409
    assert "At most 3 solutions can be selected." in text(response)
    assert db.session.scalar(db.select(db.func.count()).where(Solution.selected)) == 0


def test_selecting_before_the_threshold_is_refused(client, auth):
    owner = make_user()
    challenge, found = _open_selection(owner, 3)
    auth.login(owner)
    page = f"/challenges/{challenge.id}"
    response = submit(client, f"{page}/selection", {"solution_ids": [str(found[0].id)]}, page=page, headers=EN)
    assert response.status_code == 409
    assert "Selection opens once 4 solutions have reached the proposal stage (1 to go)." in text(response)
    assert not db.session.get(Solution, found[0].id).selected


def test_a_non_owner_selecting_gets_403(client, auth):
    challenge, found = _open_selection(make_user())
    auth.login(make_user())
    response = submit(client, f"/challenges/{challenge.id}/selection", {"solution_ids": [str(found[0].id)]},
                      page=f"/challenges/{challenge.id}")
    assert response.status_code == 403
    assert not db.session.get(Solution, found[0].id).selected


def test_selecting_an_idea_is_refused_on_the_form(client, auth):
    owner = make_user()
    challenge, _found = _open_selection(owner)
    idea = make_solution(challenge, Stage.idea)
    auth.login(owner)
    page = f"/challenges/{challenge.id}"
    response = submit(client, f"{page}/selection", {"solution_ids": [str(idea.id)]}, page=page, headers=EN)
    assert response.status_code == 422
    assert f"Not a candidate: {idea.id}." in text(response)


def _in_experiment(owner):
    challenge = make_challenge(owner, min_solutions=1)
    return challenge, make_solution(challenge, Stage.experiment)


def test_the_owner_evaluates_and_adopts(client, auth):
    owner = make_user()
    challenge, solution = _in_experiment(owner)
    auth.login(owner)
    page = f"/challenges/{challenge.id}"
    assert "Evaluate the prototypes" in text(client.get(page, headers=EN))
    response = submit(client, f"{page}/evaluations/{solution.id}",
                      {f"eval-{solution.id}-score": "4", f"eval-{solution.id}-notes": "Works well."}, page=page)
    assert response.status_code == 302
    assert db.session.scalar(db.select(Evaluation.score)) == 4
    assert "Adopt “" in text(client.get(page, headers=EN))  # offered once evaluated
    confirm = f"{page}/adoption?solution_id={solution.id}"
    assert "Adoption cannot be undone." in text(client.get(confirm, headers=EN))
    response = submit(client, f"{page}/adoption", {"solution_id": str(solution.id), "confirm": "yes"}, page=confirm)
    assert response.status_code == 302
    challenge = db.session.get(Challenge, challenge.id)
    assert challenge.adopted_solution_id == solution.id and challenge.status == ChallengeStatus.closed
    after = text(client.get(page, headers=EN))
    assert "Adopt “" not in after and "Save the selection" not in after


def test_adopting_without_confirming_adopts_nothing_and_shows_what_it_means(client, auth):
    owner = make_user()
    challenge, solution = _in_experiment(owner)
    auth.login(owner)
    page = f"/challenges/{challenge.id}"
    assert "Adopt “" not in text(client.get(page, headers=EN))  # not before an evaluation: it could only fail
    submit(client, f"{page}/evaluations/{solution.id}", {f"eval-{solution.id}-score": "4"}, page=page)
    response = submit(client, f"{page}/adoption", {"solution_id": str(solution.id)}, page=page)
    assert response.status_code == 303
    assert db.session.get(Challenge, challenge.id).adopted_solution_id is None
    confirm = text(client.get(response.headers["Location"], headers=EN))
    assert "Adoption cannot be undone." in confirm and f"Yes, adopt “{solution.title}”" in confirm


def test_the_selection_form_is_offered_only_while_it_can_be_used(client, auth):
    owner = make_user()
    challenge = make_challenge(owner, min_solutions=4)
    for _ in range(2):
        make_solution(challenge, Stage.proposal)
    auth.login(owner)
    page = text(client.get(f"/challenges/{challenge.id}", headers=EN))
    assert "Selection opens at 4 solutions — 2 to go" in page and "Save the selection" not in page
    for _ in range(2):
        make_solution(challenge, Stage.proposal)
    assert "Save the selection" in text(client.get(f"/challenges/{challenge.id}", headers=EN))


def test_an_evaluation_score_out_of_range_shows_on_the_form(client, auth):
    owner = make_user()
    challenge, solution = _in_experiment(owner)
    auth.login(owner)
    page = f"/challenges/{challenge.id}"
    response = submit(client, f"{page}/evaluations/{solution.id}", {f"eval-{solution.id}-score": "9"}, page=page,
                      headers=EN)
    assert response.status_code == 422
    assert "Give a score from 1 to 5." in text(response)


def test_adopting_twice_is_refused(client, auth):
    owner = make_user()
    challenge, solution = _in_experiment(owner)
    other = make_solution(challenge, Stage.experiment)
    auth.login(owner)
    page = f"/challenges/{challenge.id}"
    for s in (solution, other):
        submit(client, f"{page}/evaluations/{s.id}", {f"eval-{s.id}-score": "5"}, page=page)
    assert submit(client, f"{page}/adoption", {"solution_id": str(solution.id), "confirm": "yes"},
                  page=page).status_code == 302
    response = submit(client, f"{page}/adoption", {"solution_id": str(other.id), "confirm": "yes"}, page=page,
                      headers=EN)
    assert response.status_code == 409
    assert "This challenge already has an adopted solution." in text(response)
    assert db.session.get(Challenge, challenge.id).adopted_solution_id == solution.id


# --- A fixed number of SQL queries whatever the number of rows ---


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_challenge_list_runs_a_fixed_number_of_queries(client, auth, signed_in):
    if signed_in:
        auth.login(make_user())
    owner = make_user()
    org = make_organisation(admins=[owner])
    for n in range(5):
        make_challenge(owner, organisation_id=org.id, tags=[f"t{n}", "shared"], sdgs=[n + 1, 11])
    few, home_few = queries_for(client, "/challenges"), queries_for(client, "/")
    for n in range(45):
        make_challenge(make_user(), tags=[f"u{n}"], sdgs=[n % 17 + 1])
    assert queries_for(client, "/challenges") == few
    assert queries_for(client, "/") == home_few


@pytest.mark.parametrize("as_owner", [False, True])
def test_the_challenge_page_runs_a_fixed_number_of_queries(client, auth, as_owner):
    owner = make_user()
    challenge = make_challenge(owner, min_solutions=1)
    if as_owner:
        auth.login(owner)
    stages = list(Stage)
    for n in range(5):
        make_solution(challenge, stages[n % 5], team=[make_user(), make_user()], selected=n in (2, 3))
    few = queries_for(client, f"/challenges/{challenge.id}")
    for n in range(45):
        make_solution(challenge, stages[n % 2], team=[make_user(), make_user()])
    assert queries_for(client, f"/challenges/{challenge.id}") == few


def test_demo_seed_shows_challenges_with_solutions_at_every_stage_and_is_idempotent(runner, client):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    titles = ["망원동 버스정류장에 그늘이 없어요", "Older neighbours in Yeonnam-dong eat alone"]
    challenges = db.session.scalars(db.select(Challenge).where(Challenge.title.in_(titles))).all()
    assert sorted(c.title for c in challenges) == sorted(titles)  # once each, however often it runs
    for challenge in challenges:
        stages = {s.stage for s in db.session.scalars(db.select(Solution).where(Solution.challenge_id == challenge.id))}
        assert stages == set(Stage)
        assert client.get(f"/challenges/{challenge.id}").status_code == 200
        for solution in db.session.scalars(db.select(Solution).where(Solution.challenge_id == challenge.id)):
            assert client.get(f"/solutions/{solution.id}").status_code == 200


def test_a_blank_list_field_asks_to_choose_not_to_type(client, auth):
    auth.login(make_user())
    form = {k: v for k, v in CHALLENGE_FORM.items() if k != "sdgs"}
    response = submit(client, "/challenges/new", form, headers={"Accept-Language": "ko"})
    assert response.status_code == 422
    page = text(response)
    assert "UN 지속가능발전목표 항목에서 하나 이상 고르세요." in page
    assert "지속가능발전목표 항목을 입력하세요" not in page
