"""Who is told what: the hooks the pipeline and funding call after an action."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from socialchallenge.community import inbox, notifications
from socialchallenge.extensions import db
from socialchallenge.models import Notification, OutboxMail, Stage
from tests.builders import make_challenge, make_follow, make_solution, make_user


def told(kind):
    return set(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def test_followers_and_owner_hear_of_new_solutions_but_not_the_author(app):
    owner, follower, author = make_user(), make_user(), make_user()
    challenge = make_challenge(owner=owner)
    make_follow(follower, challenge=challenge)
    make_follow(author, challenge=challenge)
    solution = make_solution(challenge, team=[author])
    notifications.solution_submitted(db.session, solution, author)
    db.session.commit()
    assert told("solution_submitted") == {owner.id, follower.id}


def test_selection_tells_the_team_and_the_followers(app):
    owner, lead, challenge_follower, solution_follower = make_user(), make_user(), make_user(), make_user()
    challenge = make_challenge(owner=owner)
    picked = make_solution(challenge, stage=Stage.proposal, team=[lead])
    dropped = make_solution(challenge, stage=Stage.proposal)
    make_follow(challenge_follower, challenge=challenge)
    make_follow(solution_follower, solution=picked)
    notifications.selection_changed(db.session, challenge, [picked], [dropped], owner)
    db.session.commit()
    assert told("solution_selected") == {lead.id, challenge_follower.id, solution_follower.id}
    assert told("selection_withdrawn") == {dropped.team[0].user_id}


def test_adoption_tells_followers_and_every_selected_team(app):
    owner, follower = make_user(), make_user()
    challenge = make_challenge(owner=owner)
    adopted = make_solution(challenge, stage=Stage.experiment)
    other = make_solution(challenge, stage=Stage.experiment)
    make_follow(follower, challenge=challenge)
    notifications.adopted(db.session, challenge, adopted, owner)
    db.session.commit()
    assert told("solution_adopted") == {follower.id, adopted.team[0].user_id, other.team[0].user_id}


def test_review_decisions_reach_the_team(app):
    lead, staff = make_user(), make_user(role="secretariat")
    solution = make_solution(stage=Stage.proposal, team=[lead])
    notifications.review_decided(db.session, solution, False, staff, "Add a budget line for insurance.")
    db.session.commit()
    assert told("campaign_changes_requested") == {lead.id}


def test_anonymous_pledges_do_not_name_the_backer(app):
    lead, backer = make_user(), make_user(name="Secret Sam")
    solution = make_solution(stage=Stage.crowdfunding, team=[lead])
    notifications.pledge_received(db.session, solution, backer, anonymous=True)
    db.session.commit()
    [item] = db.session.scalars(select(Notification)).all()
    assert item.actor_id is None
    with force_locale("en"):
        assert inbox.text_of(item) == f'An anonymous backer supported "{solution.title}".'
    # Korean puts the honorific 님 after a person's name: "누군가 님이" (Someone-sir) named nobody politely.
    with force_locale("ko"):
        assert inbox.text_of(item) == f'익명의 후원자가 "{solution.title}" 해법을 후원했습니다.'
    [mail] = db.session.scalars(select(OutboxMail)).all()
    assert mail.to_address == lead.email and "Secret Sam" not in mail.body and "익명의 후원자가" in mail.subject


def test_backers_hear_the_campaign_outcome(app):
    lead, backer = make_user(), make_user()
    solution = make_solution(stage=Stage.crowdfunding, team=[lead])
    notifications.campaign_settled(db.session, solution, succeeded=True, backer_ids=[backer.id])
    db.session.commit()
    assert told("campaign_succeeded") == {lead.id, backer.id}


def test_stage_names_are_translated_in_the_text(app):
    lead, mate = make_user(), make_user()
    solution = make_solution(stage=Stage.proposal, team=[lead, mate])
    notifications.solution_advanced(db.session, solution, lead)
    db.session.commit()
    [item] = db.session.scalars(select(Notification)).all()
    assert item.user_id == mate.id
    with force_locale("en"):
        assert inbox.text_of(item).endswith("is now at the Proposal stage.")
