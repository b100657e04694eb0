"""The API does what a member does in the pages (SPEC §5): settings and password, their own pledges and paying a
failed one again, organisations and their members."""

from __future__ import annotations

from datetime import timedelta

from socialchallenge.extensions import db
from socialchallenge.models import Organisation, PledgeStatus
from socialchallenge.timeutil import utcnow
from tests.builders import PASSWORD, make_campaign, make_organisation, make_pledge, make_token, make_user


def test_a_member_reads_and_changes_their_settings(app, api):
    user = make_user(name="Kim")
    token = make_token(user)
    me = api.get("/api/v1/me", token=token).get_json()
    assert (me["locale"], me["email_choice"]) == ("ko", "immediately")
    changed = api.patch("/api/v1/me", {"name": "Kim Haneul", "locale": "en", "email_choice": "daily_digest"},
                        token=token)
    assert changed.status_code == 200
    assert {k: changed.get_json()[k] for k in ("name", "locale", "email_choice")} == {
        "name": "Kim Haneul", "locale": "en", "email_choice": "daily_digest"}
    # Only what is sent changes.
    assert api.patch("/api/v1/me", {"email_choice": "off"}, token=token).get_json()["name"] == "Kim Haneul"


def test_bad_settings_get_field_errors_and_change_nothing(app, api):
    user = make_user(name="Kim")
    token = make_token(user)
    response = api.patch("/api/v1/me", {"name": " ", "locale": "fr", "email_choice": ["off"]}, token=token)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"name", "locale", "email_choice"}
    assert api.get("/api/v1/me", token=token).get_json()["name"] == "Kim"


def test_changing_the_password_checks_the_current_one(app, api):
    user = make_user()
    token = make_token(user)
    wrong = api.put("/api/v1/me/password", {"current_password": "nope", "new_password": "a new long passphrase"},
                    token=token)
    assert wrong.status_code == 422 and "current_password" in wrong.get_json()["error"]["fields"]
    done = api.put("/api/v1/me/password", {"current_password": PASSWORD, "new_password": "a new long passphrase"},
                   token=token)
    assert done.status_code == 204
    assert api.post("/api/v1/tokens", {"email": user.email, "password": "a new long passphrase"}).status_code == 201
    assert api.post("/api/v1/tokens", {"email": user.email, "password": PASSWORD}).status_code == 401


def test_a_new_password_ends_the_other_tokens_but_not_this_one(app, api):
    # Someone who learnt the old password and made a token loses it when the owner changes the password.
    user = make_user()
    mine, theirs = make_token(user), make_token(user)
    done = api.put("/api/v1/me/password", {"current_password": PASSWORD, "new_password": "a new long passphrase"},
                   token=mine)
    assert done.status_code == 204
    assert api.get("/api/v1/me", token=mine).status_code == 200
    assert api.get("/api/v1/me", token=theirs).status_code == 401


def test_a_password_changed_in_the_settings_page_ends_every_token(app, client, auth, api):
    from tests.helpers import submit

    user = make_user()
    token = make_token(user)
    auth.login(user)
    response = submit(client, "/settings/password", {"current_password": PASSWORD,
                                                     "new_password": "a brand new secret"}, page="/settings")
    assert response.status_code == 302
    assert api.get("/api/v1/me", token=token).status_code == 401


def test_a_backer_lists_their_pledges_and_pays_a_failed_one_again(app, api):
    campaign = make_campaign(funding_model="all_or_nothing")
    backer, other = make_user(), make_user()
    failed = make_pledge(campaign, backer=backer, amount=30_000, status="failed")
    failed.retry_until = utcnow() + timedelta(days=7)
    make_pledge(campaign, backer=other)
    db.session.commit()
    token = make_token(backer)
    mine = api.get("/api/v1/me/pledges", token=token).get_json()
    assert [(p["id"], p["status"], p["solution_id"]) for p in mine["items"]] == [
        (failed.id, "failed", campaign.solution_id)]
    assert mine["total"] == 1
    # Somebody else's pledge is not theirs to see or pay.
    assert api.post(f"/api/v1/pledges/{failed.id}/pay-again", token=make_token(other)).status_code == 404
    paid = api.post(f"/api/v1/pledges/{failed.id}/pay-again", token=token)
    assert paid.status_code == 200
    assert paid.get_json()["pledge"]["status"] == PledgeStatus.collected.value  # the sandbox confirms at once
    again = api.post(f"/api/v1/pledges/{failed.id}/pay-again", token=token)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "not_payable"


def test_organisations_through_the_api(app, api):
    founder, colleague = make_user(name="Founder"), make_user(name="Colleague")
    token = make_token(founder)
    created = api.post("/api/v1/organisations", {"name": "Mapo Neighbours", "kind": "community_group",
                                                  "description": "Residents of Mapo-gu"}, token=token)
    assert created.status_code == 201, created.get_json()
    org = created.get_json()
    assert org["members"] == [{"id": founder.id, "name": "Founder", "is_admin": True}]
    added = api.post(f"/api/v1/organisations/{org['id']}/members", {"email": colleague.email}, token=token)
    assert added.status_code == 201
    assert {m["name"] for m in added.get_json()["members"]} == {"Founder", "Colleague"}
    listed = api.get("/api/v1/organisations").get_json()
    assert "Mapo Neighbours" in [o["name"] for o in listed["items"]]
    page = api.get(f"/api/v1/organisations/{org['id']}", token=make_token(colleague)).get_json()
    assert page["can_manage"] is False
    # The colleague may leave; the last admin may not.
    assert api.delete(f"/api/v1/organisations/{org['id']}/members/{colleague.id}",
                      token=make_token(colleague)).status_code == 204
    last = api.delete(f"/api/v1/organisations/{org['id']}/members/{founder.id}", token=token)
    assert last.status_code == 409 and last.get_json()["error"]["code"] == "last_admin"


def test_organisation_input_errors(app, api):
    token = make_token(make_user())
    taken = make_organisation(name="Seoul Makers")
    response = api.post("/api/v1/organisations", {"name": "seoul makers", "kind": "company"}, token=token)
    assert response.status_code == 422 and "name" in response.get_json()["error"]["fields"]
    response = api.post("/api/v1/organisations", {"name": 42, "kind": []}, token=token)
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"name", "kind"}
    response = api.post(f"/api/v1/organisations/{taken.id}/members", {"email": "x@example.org"}, token=token)
    assert response.status_code == 403
    assert api.get("/api/v1/organisations/999999").status_code == 404
    assert db.session.query(Organisation).count() == 1
