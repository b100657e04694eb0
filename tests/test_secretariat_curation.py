"""Curation: the queue, topics, the selection threshold, merging duplicates, hiding, verifying organisations."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from socialchallenge.errors import NotAllowed, RuleViolation, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Follow, Support
from socialchallenge.models.secretariat import AuditEntry
from socialchallenge.secretariat import curation
from tests.builders import (
    make_challenge,
    make_follow,
    make_organisation,
    make_solution,
    make_support,
    make_token,
    make_user,
)
from tests.helpers import submit

EN = {"Accept-Language": "en"}


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_the_queue_holds_new_and_changed_challenges(app):
    staff = make_user(role="secretariat")
    new, done = make_challenge(), make_challenge()
    curation.mark_curated(db.session, staff, done)
    db.session.commit()
    queued = db.session.scalars(curation.queue()).all()
    assert new in queued and done not in queued
    done.title = "A changed title for this challenge"
    db.session.commit()
    assert done in db.session.scalars(curation.queue()).all()


def test_curating_does_not_count_as_a_change(app):
    staff = make_user(role="secretariat")
    challenge = make_challenge()
    curation.set_min_solutions(db.session, staff, challenge, 2)
    db.session.commit()
    assert challenge not in db.session.scalars(curation.queue()).all()
    assert challenge.min_solutions == 2


def test_a_support_is_not_a_change_for_the_queue(app):
    from socialchallenge.community.supports import add_support, remove_support

    staff, citizen = make_user(role="secretariat"), make_user()
    challenge = make_challenge()
    curation.mark_curated(db.session, staff, challenge)
    db.session.commit()
    add_support(db.session, citizen, challenge, "Same on my street")
    db.session.commit()
    assert challenge.supports_count == 1
    assert challenge not in db.session.scalars(curation.queue()).all()
    remove_support(db.session, citizen, challenge)
    db.session.commit()
    assert challenge not in db.session.scalars(curation.queue()).all()


def test_merge_moves_supports_without_double_support(app):
    staff = make_user(role="secretariat")
    original, duplicate = make_challenge(), make_challenge()
    both, only_dup, only_orig = make_user(), make_user(), make_user()
    make_support(original, both)
    make_support(duplicate, both, story="Me too, twice")
    make_support(duplicate, only_dup)
    make_support(original, only_orig)
    make_follow(only_dup, challenge=duplicate)
    make_follow(both, challenge=duplicate)
    make_follow(both, challenge=original)

    curation.merge(db.session, staff, duplicate, original.id)
    db.session.commit()

    supporters = set(db.session.scalars(select(Support.user_id).where(Support.challenge_id == original.id)))
    assert supporters == {both.id, only_dup.id, only_orig.id}
    assert original.supports_count == 3
    assert duplicate.supports_count == 0
    assert db.session.scalar(select(func.count()).select_from(Support)
                             .where(Support.challenge_id == duplicate.id)) == 0
    followers = set(db.session.scalars(select(Follow.user_id).where(Follow.challenge_id == original.id)))
    assert {both.id, only_dup.id} <= followers
    assert duplicate.hidden and duplicate.merged_into_id == original.id
    assert len(_audit("challenge.merge")) == 1


def test_merge_refuses_itself_a_merged_target_and_a_duplicate_with_solutions(app):
    staff = make_user(role="secretariat")
    a, b, c = make_challenge(), make_challenge(), make_challenge()
    with pytest.raises(ValidationFailed):
        curation.merge(db.session, staff, a, a.id)
    curation.merge(db.session, staff, b, a.id)
    db.session.commit()
    with pytest.raises(RuleViolation):
        curation.merge(db.session, staff, c, b.id)
    make_solution(challenge=c)
    with pytest.raises(RuleViolation):
        curation.merge(db.session, staff, c, a.id)
    with pytest.raises(NotAllowed):
        curation.merge(db.session, make_user(), c, a.id)


def test_the_merged_duplicate_page_leads_to_the_original(client, app):
    staff = make_user(role="secretariat")
    original, duplicate = make_challenge(), make_challenge()
    curation.merge(db.session, staff, duplicate, original.id)
    db.session.commit()
    response = client.get(f"/challenges/{duplicate.id}", headers=EN)
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/challenges/{original.id}")


def test_merge_through_the_console(client, auth, app):
    staff = make_user(role="secretariat")
    original, duplicate = make_challenge(), make_challenge()
    make_support(duplicate)
    auth.login(staff)
    response = submit(client, f"/secretariat/curation/{duplicate.id}/merge", {"into_id": str(original.id)},
                      page=f"/secretariat/curation/{duplicate.id}")
    assert response.status_code == 302
    assert db.session.get(Challenge, original.id).supports_count == 1
    bad = submit(client, f"/secretariat/curation/{original.id}/merge", {"into_id": "999999"},
                 page=f"/secretariat/curation/{original.id}", headers=EN)
    assert bad.status_code == 422
    assert "There is no such challenge." in bad.get_data(as_text=True)


def test_tags_hide_and_unhide_through_the_console(client, auth, app):
    staff = make_user(role="secretariat")
    challenge = make_challenge(tags=["mobility", "elderly"])
    auth.login(staff)
    page = f"/secretariat/curation/{challenge.id}"
    assert submit(client, f"{page}/tags", {"add": "Bus stops, winter", "remove": "elderly"}).status_code == 302
    assert db.session.get(Challenge, challenge.id).tag_names == ["bus stops", "mobility", "winter"]
    emptied = submit(client, f"{page}/tags", {"remove": "bus stops, mobility, winter"}, page=page, headers=EN)
    assert emptied.status_code == 422
    no_reason = submit(client, f"{page}/hide", {"hide-reason": " "}, page=page, headers=EN)
    assert no_reason.status_code == 422 and "Give a reason." in no_reason.get_data(as_text=True)
    assert submit(client, f"{page}/hide", {"hide-reason": "Personal data"}, page=page).status_code == 302
    assert db.session.get(Challenge, challenge.id).hidden_reason == "Personal data"
    assert client.get(f"/challenges/{challenge.id}").status_code == 200  # staff still see it
    assert submit(client, f"{page}/unhide", page=page).status_code == 302
    assert not db.session.get(Challenge, challenge.id).hidden
    actions = {e.action for e in db.session.scalars(select(AuditEntry))}
    assert {"challenge.tags", "challenge.hide", "challenge.unhide"} <= actions


def test_min_solutions_must_be_1_to_20(client, auth, api, app):
    staff = make_user(role="secretariat")
    challenge = make_challenge()
    token = make_token(staff)
    path = f"/api/v1/secretariat/challenges/{challenge.id}/min-solutions"
    assert api.put(path, {"min_solutions": 21}, token=token).status_code == 422
    response = api.put(path, {"min_solutions": 1}, token=token)
    assert response.status_code == 200 and response.get_json()["min_solutions"] == 1
    entry = _audit("challenge.min_solutions")[0]
    assert entry.before == {"min_solutions": 4} and entry.after == {"min_solutions": 1}
    assert entry.actor_id == staff.id


def test_verify_an_organisation(client, auth, api, app):
    staff = make_user(role="secretariat")
    org = make_organisation()
    token = make_token(staff)
    response = api.put(f"/api/v1/secretariat/organisations/{org.id}/verified", {"verified": True}, token=token)
    assert response.status_code == 200 and response.get_json()["verified"] is True
    auth.login(staff)
    page = f"/organisations/{org.id}"
    challenge = make_challenge(organisation_id=org.id)
    response = submit(client, f"/secretariat/organisations/{org.id}/verification", {"verified": "0"},
                      page=f"/secretariat/curation/{challenge.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    assert [e.after for e in _audit("organisation.verify")] == [{"verified": True}, {"verified": False}]


def test_the_api_merge_and_queue(api, app):
    staff = make_user(role="secretariat")
    original, duplicate = make_challenge(), make_challenge()
    make_support(duplicate)
    token = make_token(staff)
    listed = api.get("/api/v1/secretariat/curation", token=token).get_json()
    assert {c["id"] for c in listed["items"]} == {original.id, duplicate.id}
    response = api.post(f"/api/v1/secretariat/challenges/{duplicate.id}/merge", {"into_id": original.id},
                        token=token)
    assert response.status_code == 200 and response.get_json()["supports_count"] == 1
    again = api.post(f"/api/v1/secretariat/challenges/{duplicate.id}/merge", {"into_id": original.id}, token=token)
    assert again.status_code == 409


def test_the_curation_page_names_an_organisation_without_an_honorific(client, auth):
    auth.login(make_user(role="secretariat"))
    challenge = make_challenge(organisation_id=make_organisation("서울시 마포구청").id)
    page = client.get(f"/secretariat/curation/{challenge.id}", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert "서울시 마포구청에서 올림" in page and "마포구청 님" not in page
    person = make_challenge(owner=make_user("이하늘"))
    page = client.get(f"/secretariat/curation/{person.id}", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert "이하늘 님이 올림" in page
