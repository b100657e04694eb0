"""Supports ("me too") and follows on challenges and solutions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Follow, Support
from tests.builders import make_challenge, make_solution, make_support, make_token, make_user


def test_support_once_only(api):
    challenge, member = make_challenge(), make_user()
    token = make_token(member)
    first = api.post(f"/api/v1/challenges/{challenge.id}/supports", {"story": "I wait there every day."}, token=token)
    assert first.status_code == 201
    assert first.get_json()["supports_count"] == 1
    second = api.post(f"/api/v1/challenges/{challenge.id}/supports", {}, token=token)
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "already_supported"
    assert db.session.get(Challenge, challenge.id).supports_count == 1
    assert len(db.session.scalars(select(Support)).all()) == 1


def test_supporting_needs_a_token(api):
    challenge = make_challenge()
    assert api.post(f"/api/v1/challenges/{challenge.id}/supports", {}).status_code == 401


def test_story_is_at_most_500_characters(api):
    challenge = make_challenge()
    response = api.post(f"/api/v1/challenges/{challenge.id}/supports", {"story": "x" * 501},
                        token=make_token(make_user()))
    assert response.status_code == 422
    assert "story" in response.get_json()["error"]["fields"]


def test_withdrawing_support_lowers_the_count(api):
    challenge, member = make_challenge(), make_user()
    make_support(challenge, make_user())
    make_support(challenge, member)
    token = make_token(member)
    assert api.delete(f"/api/v1/challenges/{challenge.id}/supports", token=token).status_code == 204
    assert db.session.get(Challenge, challenge.id).supports_count == 1
    assert api.delete(f"/api/v1/challenges/{challenge.id}/supports", token=token).status_code == 404


@pytest.mark.committed  # two sessions on connections of their own must see the challenge
def test_supports_count_is_counted_in_the_database(app):
    # Two sessions that both loaded the challenge at 0 must still end at 2 (an UPDATE ... + 1, not a Python +1).
    from sqlalchemy.orm import Session

    from socialchallenge.community import supports

    challenge = make_challenge()
    a, b = make_user(), make_user()
    with Session(db.engine) as s1, Session(db.engine) as s2:
        c1, c2 = s1.get(Challenge, challenge.id), s2.get(Challenge, challenge.id)
        supports.add_support(s1, s1.get(type(a), a.id), c1)
        s1.commit()
        supports.add_support(s2, s2.get(type(b), b.id), c2)
        s2.commit()
    db.session.expire_all()
    assert db.session.get(Challenge, challenge.id).supports_count == 2


def test_supporters_follow_the_challenge(api):
    challenge, member = make_challenge(), make_user()
    api.post(f"/api/v1/challenges/{challenge.id}/supports", {}, token=make_token(member))
    assert db.session.scalar(select(Follow).where(Follow.user_id == member.id, Follow.challenge_id == challenge.id))


def test_supports_list_shows_stories(api):
    challenge = make_challenge()
    make_support(challenge, make_user(name="Jiwoo"), story="My grandmother waits in the rain.")
    body = api.get(f"/api/v1/challenges/{challenge.id}/supports").get_json()
    assert body["total"] == 1
    assert body["items"][0]["story"] == "My grandmother waits in the rain."
    assert body["items"][0]["user"]["name"] == "Jiwoo"


def test_follow_and_unfollow_challenges_and_solutions(api):
    solution = make_solution()
    member = make_user()
    token = make_token(member)
    for path in (f"/api/v1/challenges/{solution.challenge_id}/follows", f"/api/v1/solutions/{solution.id}/follows"):
        assert api.post(path, token=token).status_code == 201
        assert api.post(path, token=token).status_code == 200  # already following: harmless
    assert len(db.session.scalars(select(Follow).where(Follow.user_id == member.id)).all()) == 2
    assert api.delete(f"/api/v1/solutions/{solution.id}/follows", token=token).status_code == 204
    assert len(db.session.scalars(select(Follow).where(Follow.user_id == member.id)).all()) == 1


def test_hidden_challenges_cannot_be_supported_by_others(api):
    challenge = make_challenge(hidden=True)
    response = api.post(f"/api/v1/challenges/{challenge.id}/supports", {}, token=make_token(make_user()))
    assert response.status_code == 404
