"""The team's campaign page: rewards added, edited and removed, skill needs listed, offers accepted or declined,
through the web forms; errors shown on the form with what was typed kept; other members turned away."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Reward, SkillNeed, SkillOffer
from tests.builders import make_campaign, make_pledge, make_reward, make_solution, make_user
from tests.helpers import EN, csrf_from, queries_for


def _post(client, solution_id, path, data, prefix=""):
    """Post as the page's form does: the token under the form's (prefixed) name."""
    page = client.get(f"/solutions/{solution_id}/campaign/manage", headers=EN).get_data(as_text=True)
    return client.post(path, data={f"{prefix}csrf_token": csrf_from(page), **data}, headers=EN)


def _team_member(auth, campaign):
    user = campaign.solution.team[0].user
    auth.login(user)
    return user


def test_the_team_adds_edits_and_removes_a_reward(app, client, auth):
    campaign = make_campaign()
    sid = campaign.solution_id
    _team_member(auth, campaign)
    response = _post(client, sid, f"/solutions/{sid}/rewards",
                     {"new-reward-title": "Thank-you postcard", "new-reward-description": "Hand drawn",
                      "new-reward-min_amount": "10000", "new-reward-quantity": "50"}, "new-reward-")
    assert response.status_code == 302
    reward = db.session.scalar(select(Reward))
    assert (reward.title, reward.min_amount, reward.quantity) == ("Thank-you postcard", 10_000, 50)
    html = client.get(f"/solutions/{sid}/campaign/manage", headers=EN).get_data(as_text=True)
    assert "The reward was added." in html and "50 of 50 left" in html

    key = f"reward-{reward.id}-"
    response = _post(client, sid, f"/solutions/{sid}/rewards/{reward.id}",
                     {key + "title": "Postcard", key + "description": "", key + "min_amount": "5000",
                      key + "quantity": ""}, key)
    assert response.status_code == 302
    db.session.refresh(reward)
    assert (reward.title, reward.min_amount, reward.quantity) == ("Postcard", 5_000, None)
    # Backers see it on the campaign page and in the pledge form.
    assert "Postcard" in client.get(f"/solutions/{sid}/campaign", headers=EN).get_data(as_text=True)

    response = _post(client, sid, f"/solutions/{sid}/rewards/{reward.id}/delete", {})
    assert response.status_code == 302
    assert db.session.scalar(select(Reward)) is None


def test_reward_errors_show_on_the_form_and_keep_what_was_typed(app, client, auth):
    campaign = make_campaign()
    sid = campaign.solution_id
    _team_member(auth, campaign)
    response = _post(client, sid, f"/solutions/{sid}/rewards",
                     {"new-reward-title": "Mug with our logo", "new-reward-min_amount": "0",
                      "new-reward-quantity": "-3"}, "new-reward-")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<h4>Please correct the marked fields.</h4>" in html  # under the form's h3: headings stay in order
    assert 'value="Mug with our logo"' in html and 'aria-invalid="true"' in html
    assert db.session.scalar(select(Reward)) is None


def test_a_claimed_reward_keeps_its_claims(app, client, auth):
    campaign = make_campaign()
    reward = make_reward(campaign.solution, quantity=3, title="Workshop seat")
    make_pledge(campaign, reward_id=reward.id)
    reward.claimed = 2
    db.session.commit()
    sid = campaign.solution_id
    _team_member(auth, campaign)
    key = f"reward-{reward.id}-"
    response = _post(client, sid, f"/solutions/{sid}/rewards/{reward.id}",
                     {key + "title": "Workshop seat", key + "min_amount": str(reward.min_amount),
                      key + "quantity": "1"}, key)
    assert response.status_code == 422
    assert "Backers already claimed 2 of this reward." in response.get_data(as_text=True)
    response = _post(client, sid, f"/solutions/{sid}/rewards/{reward.id}/delete", {})
    html = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Backers have claimed this reward; it cannot be removed." in html
    db.session.refresh(reward)
    assert reward.quantity == 3


def test_the_team_lists_a_skill_need_and_answers_offers(app, client, auth):
    campaign = make_campaign()
    sid = campaign.solution_id
    _team_member(auth, campaign)
    response = _post(client, sid, f"/solutions/{sid}/skill-needs",
                     {"new-need-skill": "Carpentry", "new-need-hours": "20", "new-need-description": "Frames"},
                     "new-need-")
    assert response.status_code == 302
    need = db.session.scalar(select(SkillNeed))
    first, second = make_user(name="Hana"), make_user(name="Jun")
    offers = [SkillOffer(need_id=need.id, member_id=u.id, hours=h, message="Weekends") for u, h in
              ((first, 8), (second, 4))]
    db.session.add_all(offers)
    db.session.commit()
    html = client.get(f"/solutions/{sid}/campaign/manage", headers=EN).get_data(as_text=True)
    assert "Accept the offer of Hana" in html and "Decline the offer of Jun" in html

    assert _post(client, sid, f"/solutions/{sid}/skill-offers/{offers[0].id}/accept", {}).status_code == 302
    assert _post(client, sid, f"/solutions/{sid}/skill-offers/{offers[1].id}/decline", {}).status_code == 302
    db.session.expire_all()
    assert [o.status.value for o in db.session.scalars(select(SkillOffer).order_by(SkillOffer.id))] == [
        "accepted", "declined"]
    html = client.get(f"/solutions/{sid}/campaign/manage", headers=EN).get_data(as_text=True)
    assert "8 hours accepted" in html
    # Answering twice is refused with a message, not an error page.
    response = _post(client, sid, f"/solutions/{sid}/skill-offers/{offers[0].id}/decline", {})
    html = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "This offer has already been answered." in html

    assert _post(client, sid, f"/solutions/{sid}/skill-needs/{need.id}/delete", {}).status_code == 302
    assert db.session.scalar(select(SkillNeed)) is None and db.session.scalar(select(SkillOffer)) is None


def test_skill_need_errors_show_on_the_form(app, client, auth):
    campaign = make_campaign()
    sid = campaign.solution_id
    _team_member(auth, campaign)
    response = _post(client, sid, f"/solutions/{sid}/skill-needs",
                     {"new-need-skill": "Translation", "new-need-hours": "many"}, "new-need-")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Translation"' in html and "Please correct the marked fields." in html


def test_only_the_team_sees_the_page(app, client, auth):
    campaign = make_campaign()
    page = f"/solutions/{campaign.solution_id}/campaign/manage"
    assert client.get(page).headers["Location"].startswith("/auth/sign-in")
    auth.login(make_user())
    assert client.get(page, headers=EN).status_code == 403


def test_the_team_finds_the_page_from_the_solution_and_campaign_pages(app, client, auth):
    campaign = make_campaign()
    sid = campaign.solution_id
    link = f'href="/solutions/{sid}/campaign/manage"'
    assert link not in client.get(f"/solutions/{sid}/campaign", headers=EN).get_data(as_text=True)
    _team_member(auth, campaign)
    assert link in client.get(f"/solutions/{sid}", headers=EN).get_data(as_text=True)
    assert link in client.get(f"/solutions/{sid}/campaign", headers=EN).get_data(as_text=True)


def test_a_proposal_prepares_rewards_before_its_campaign(app, client, auth):
    solution = make_solution(stage="proposal")
    auth.login(solution.team[0].user)
    html = client.get(f"/solutions/{solution.id}/campaign/manage", headers=EN).get_data(as_text=True)
    assert "Add a reward" in html and "See the campaign page" not in html


def _queries_with(client, auth, n):
    campaign = make_campaign()
    for i in range(n):
        make_reward(campaign.solution, title=f"Reward {i}")
        need = SkillNeed(solution_id=campaign.solution_id, skill=f"Skill {i}", hours=5)
        db.session.add(need)
        db.session.flush()
        db.session.add(SkillOffer(need_id=need.id, member_id=make_user().id, hours=2))
    db.session.commit()
    auth.login(campaign.solution.team[0].user)
    return queries_for(client, f"/solutions/{campaign.solution_id}/campaign/manage", headers=EN)


def test_the_page_runs_a_fixed_number_of_queries(app, client, auth):
    assert _queries_with(client, auth, 2) == _queries_with(client, auth, 12)


def test_a_reward_named_by_a_pledge_that_came_to_nothing_stays(app, client, auth):
    # The failed pledge gave its claim back (claimed is 0) but still names the reward: removing it is refused
    # with a message, never a database error.
    campaign = make_campaign()
    reward = make_reward(campaign.solution, quantity=3, title="Tote bag")
    make_pledge(campaign, reward_id=reward.id, status="failed")
    db.session.commit()
    assert reward.claimed == 0
    sid = campaign.solution_id
    _team_member(auth, campaign)
    html = client.get(f"/solutions/{sid}/campaign/manage", headers=EN).get_data(as_text=True)
    assert "Remove this reward" not in html
    response = _post(client, sid, f"/solutions/{sid}/rewards/{reward.id}/delete", {})
    assert response.status_code == 302
    html = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Backers have claimed this reward; it cannot be removed." in html
    assert db.session.get(Reward, reward.id) is not None


def test_every_id_on_the_page_is_unique_and_every_input_labelled(app, client, auth):
    import re

    campaign = make_campaign()
    make_reward(campaign.solution, title="Postcard")
    need = SkillNeed(solution_id=campaign.solution_id, skill="Design", hours=5)
    db.session.add(need)
    db.session.commit()
    _team_member(auth, campaign)
    html = client.get(f"/solutions/{campaign.solution_id}/campaign/manage", headers=EN).get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    inputs = re.findall(r'<(?:input|textarea)[^>]*\sid="([^"]+)"', html)
    labels = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    assert inputs and [i for i in inputs if i not in labels and "csrf" not in i] == []
