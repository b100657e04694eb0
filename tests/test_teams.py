"""Teams by consent (issue 12 item 8, SPEC §7): an invitation is a request the invitee accepts or declines, a member
may ask to join and the team answers; invitations neither reveal which addresses have accounts nor go unthrottled."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import (
    EventKind,
    JoinRequest,
    Notification,
    OutboxMail,
    Solution,
    SolutionEvent,
    TeamAskStatus,
    TeamInvitation,
)
from socialchallenge.pipeline.teams import OPEN_INVITATIONS_MAX
from socialchallenge.timeutil import utcnow
from tests.builders import (
    make_invitation,
    make_join_request,
    make_solution,
    make_token,
    make_user,
    set_email_choice,
)
from tests.helpers import EN, AuthActions, queries_for, submit, text


def team_of(solution_id: int) -> set[int]:
    return {m.user_id for m in db.session.get(Solution, solution_id).team}


def error(response) -> dict:
    return response.get_json()["error"]


# --- the invitation is a question, and its answer does not reveal accounts ---

def test_inviting_a_known_address_adds_nobody_and_answers_as_for_an_unknown_one(app, client, auth):
    lead, friend = make_user(), make_user(email="friend@example.org")
    solution = make_solution(team=[lead])
    auth.login(lead)
    path = f"/solutions/{solution.id}/team"
    answers = []
    for address in ("friend@example.org", "stranger@example.org"):
        response = submit(client, path, {"email": address}, headers=EN, follow_redirects=True)
        page = text(response)
        answers.append((response.status_code, page.replace(address, "ADDRESS").count("ADDRESS")))
        assert f"Unless {address} is on the team already, they are invited. They join once they accept." in page
    assert answers[0] == answers[1]
    assert team_of(solution.id) == {lead.id}  # nobody joined without saying yes
    page = text(client.get(path, headers=EN))
    # The team sees its open invitations by the address it typed, never by the name of an account.
    assert "friend@example.org" in page and "stranger@example.org" in page and friend.name not in page


def test_the_api_answers_202_alike_for_known_and_unknown_addresses(app, api):
    lead, friend = make_user(), make_user()
    solution = make_solution(team=[lead])
    token = make_token(lead)
    known = api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": friend.email}, token=token)
    unknown = api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": "nobody@example.org"}, token=token)
    assert known.status_code == unknown.status_code == 202
    assert set(known.get_json()) == set(unknown.get_json()) == {"email", "expires_in_days", "message"}
    assert known.get_json()["message"].replace(friend.email, "X") == unknown.get_json()["message"].replace(
        "nobody@example.org", "X")
    listed = api.get(f"/api/v1/solutions/{solution.id}/invitations", token=token).get_json()
    assert [i["email"] for i in listed["items"]] == [friend.email, "nobody@example.org"]
    assert all(i["status"] == "pending" and set(i) == set(listed["items"][0]) for i in listed["items"])
    assert team_of(solution.id) == {lead.id}


def test_invitations_are_rate_limited_per_address_across_the_web_and_the_api(app, client, auth, api):
    lead = make_user()
    solution = make_solution(team=[lead])
    auth.login(lead)
    path = f"/solutions/{solution.id}/team"
    statuses = [submit(client, path, {"email": f"probe{i}@example.org"}).status_code for i in range(6)]
    token = make_token(lead)
    statuses += [api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": f"probe{i}@example.org"},
                          token=token).status_code for i in range(6, 11)]
    assert statuses == [302] * 6 + [202] * 4 + [429]
    assert error(api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": "one-more@example.org"},
                          token=token))["code"] == "rate_limited"


def test_a_member_hears_of_an_invitation_and_a_stranger_is_mailed_to_sign_up_once(app, api):
    lead, friend = make_user(name="Lead"), make_user()
    solution = make_solution(team=[lead], title="Umbrella library")
    set_email_choice(friend, "off")
    token = make_token(lead)
    for _ in range(2):  # asking again changes nothing and tells nobody twice
        api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": friend.email}, token=token)
        api.client.post(f"/api/v1/solutions/{solution.id}/invitations", json={"email": "new@example.org"},
                        headers={"Authorization": f"Bearer {token}", **EN})
    notes = db.session.scalars(select(Notification).where(Notification.user_id == friend.id)).all()
    assert [(n.kind, n.link) for n in notes] == [("team_invited", "/invitations")]
    mails = db.session.scalars(select(OutboxMail)).all()
    assert [m.to_address for m in mails] == ["new@example.org"]  # the member chose no mail
    assert 'Lead invited you to join the team of "Umbrella library"' in mails[0].body
    assert "/auth/sign-up?next=/invitations" in mails[0].body
    assert db.session.scalar(select(db.func.count()).select_from(TeamInvitation)) == 2


def test_someone_who_signs_up_with_the_invited_address_finds_the_invitation(app, client, api):
    solution = make_solution()
    api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": "late@example.org"},
             token=make_token(solution.team[0].user))
    submit(client, "/auth/sign-up", {"name": "Late Comer", "email": "Late@Example.org",
                                     "password": "correct horse battery"})
    page = text(client.get("/invitations", headers=EN))
    assert solution.title in page and "Accept and join" in page
    invitation = db.session.scalar(select(TeamInvitation))
    assert submit(client, f"/invitations/{invitation.id}/accept", page="/invitations").status_code == 302
    assert len(team_of(solution.id)) == 2


# --- the invitee answers ---

def test_the_invitee_accepts_through_the_api_the_team_hears_it_and_the_history_says_so(app, api):
    lead, friend = make_user(), make_user(name="Friend")
    solution = make_solution(team=[lead])
    invitation = make_invitation(solution, friend.email)
    response = api.post(f"/api/v1/invitations/{invitation.id}/accept", token=make_token(friend))
    assert response.status_code == 200
    assert response.get_json()["status"] == "accepted" and response.get_json()["solution"]["id"] == solution.id
    assert team_of(solution.id) == {lead.id, friend.id}
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == lead.id)) == \
        "invitation_accepted"
    event = db.session.scalars(select(SolutionEvent).where(SolutionEvent.kind == EventKind.member_joined)).one()
    assert event.actor_id == friend.id
    again = api.post(f"/api/v1/invitations/{invitation.id}/accept", token=make_token(friend))
    assert again.status_code == 409 and error(again)["code"] == "already_answered"


def test_the_invitee_declines_and_stays_off_the_team(app, client, auth):
    lead, friend = make_user(), make_user()
    solution = make_solution(team=[lead])
    invitation = make_invitation(solution, friend.email)
    auth.login(friend)
    team_page = text(client.get(f"/solutions/{solution.id}/team", headers=EN))
    assert "invited you to join this team" in team_page and "Accept and join" in team_page
    response = submit(client, f"/invitations/{invitation.id}/decline", page="/invitations", headers=EN,
                      follow_redirects=True)
    assert "You declined the invitation" in text(response)
    assert team_of(solution.id) == {lead.id}
    assert db.session.get(TeamInvitation, invitation.id).status == TeamAskStatus.declined
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == lead.id)) == \
        "invitation_declined"


def test_only_the_invitee_answers_and_not_after_it_expired_or_was_withdrawn(app, api):
    lead, friend, other = make_user(), make_user(), make_user()
    solution = make_solution(team=[lead])
    invitation = make_invitation(solution, friend.email)
    assert api.post(f"/api/v1/invitations/{invitation.id}/accept", token=make_token(other)).status_code == 403
    assert api.post(f"/api/v1/invitations/{invitation.id}/accept", token=make_token(lead)).status_code == 403
    assert api.delete(f"/api/v1/invitations/{invitation.id}", token=make_token(friend)).status_code == 403
    assert api.delete(f"/api/v1/invitations/{invitation.id}", token=make_token(lead)).status_code == 204
    withdrawn = api.post(f"/api/v1/invitations/{invitation.id}/accept", token=make_token(friend))
    assert withdrawn.status_code == 409 and error(withdrawn)["code"] == "already_answered"
    old = make_invitation(make_solution(team=[lead]), friend.email, days=-1)
    expired = api.post(f"/api/v1/invitations/{old.id}/accept", token=make_token(friend))
    assert expired.status_code == 409 and error(expired)["code"] == "expired"
    assert api.get("/api/v1/invitations", token=make_token(friend)).get_json()["total"] == 0
    assert friend.id not in team_of(solution.id)
    assert api.post("/api/v1/invitations/999999/accept", token=make_token(friend)).status_code == 404


def test_an_expired_invitation_leaves_the_list_and_inviting_again_renews_it(app, api):
    lead, friend = make_user(), make_user()
    solution = make_solution(team=[lead])
    invitation = make_invitation(solution, friend.email, days=-1)
    token = make_token(lead)
    assert api.get(f"/api/v1/solutions/{solution.id}/invitations", token=token).get_json()["total"] == 0
    api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": friend.email}, token=token)
    db.session.refresh(invitation)
    assert invitation.is_open and invitation.expires_at > utcnow() + timedelta(days=13)
    assert api.get("/api/v1/invitations", token=make_token(friend)).get_json()["total"] == 1


def test_a_team_has_at_most_a_fixed_number_of_open_invitations(app, api):
    lead = make_user()
    solution = make_solution(team=[lead])
    for i in range(OPEN_INVITATIONS_MAX):
        make_invitation(solution, f"guest{i}@example.org")
    response = api.post(f"/api/v1/solutions/{solution.id}/invitations", {"email": "one-more@example.org"},
                        token=make_token(lead))
    assert response.status_code == 409 and error(response)["code"] == "too_many_invitations"


# --- a member asks to join; the team answers ---

def test_a_member_asks_to_join_and_the_team_accepts_on_its_page(app, client, auth):
    lead, asker = make_user(), make_user(name="Keen Helper")
    solution = make_solution(team=[lead])
    auth.login(asker)
    path = f"/solutions/{solution.id}/team"
    assert "Ask to join" in text(client.get(path, headers=EN))
    response = submit(client, f"{path}/join", {"message": "I build shelters."}, page=path, headers=EN,
                      follow_redirects=True)
    assert "You asked to join the team" in text(response) and "Withdraw my request" in text(response)
    assert asker.id not in team_of(solution.id)
    auth.sign_out()
    auth.login(lead)
    assert db.session.scalar(select(Notification.link).where(Notification.user_id == lead.id)) == path
    page = text(client.get(path, headers=EN))
    assert "Keen Helper" in page and "I build shelters." in page
    join_request = db.session.scalar(select(JoinRequest))
    response = submit(client, f"{path}/join-requests/{join_request.id}/accept", page=path, headers=EN,
                      follow_redirects=True)
    assert "Keen Helper is now on the team." in text(response)
    assert team_of(solution.id) == {lead.id, asker.id}
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == asker.id)) == \
        "join_request_accepted"


def test_join_requests_through_the_api(app, api):
    lead, asker, outsider = make_user(), make_user(), make_user()
    solution = make_solution(team=[lead])
    asker_token, lead_token = make_token(asker), make_token(lead)
    created = api.post(f"/api/v1/solutions/{solution.id}/join-requests", {"message": "Hello"}, token=asker_token)
    assert created.status_code == 201
    body = created.get_json()
    assert body["status"] == "pending" and body["member"]["id"] == asker.id and body["message"] == "Hello"
    twice = api.post(f"/api/v1/solutions/{solution.id}/join-requests", {}, token=asker_token)
    assert twice.status_code == 409 and error(twice)["code"] == "already_asked"
    assert api.get("/api/v1/join-requests", token=asker_token).get_json()["total"] == 1
    assert api.get(f"/api/v1/solutions/{solution.id}/join-requests", token=asker_token).status_code == 403
    listed = api.get(f"/api/v1/solutions/{solution.id}/join-requests", token=lead_token).get_json()
    assert [r["id"] for r in listed["items"]] == [body["id"]]
    assert api.post(f"/api/v1/join-requests/{body['id']}/accept", token=outsider and make_token(outsider)
                    ).status_code == 403
    assert api.post(f"/api/v1/join-requests/{body['id']}/accept", token=asker_token).status_code == 403
    declined = api.post(f"/api/v1/join-requests/{body['id']}/decline", token=lead_token)
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    assert asker.id not in team_of(solution.id)
    again = api.post(f"/api/v1/solutions/{solution.id}/join-requests", {"message": "x" * 501}, token=asker_token)
    assert again.status_code == 422 and "message" in error(again)["fields"]
    assert api.post(f"/api/v1/solutions/{solution.id}/join-requests", {}, token=make_token(lead)).status_code == 409


def test_the_member_who_asked_withdraws_and_nobody_else_can(app, api):
    lead, asker = make_user(), make_user()
    solution = make_solution(team=[lead])
    join_request = make_join_request(solution, asker)
    assert api.delete(f"/api/v1/join-requests/{join_request.id}", token=make_token(lead)).status_code == 403
    assert api.delete(f"/api/v1/join-requests/{join_request.id}", token=make_token(asker)).status_code == 204
    late = api.post(f"/api/v1/join-requests/{join_request.id}/accept", token=make_token(lead))
    assert late.status_code == 409 and asker.id not in team_of(solution.id)


def test_asking_while_invited_points_to_the_invitation_and_joining_closes_both(app, api):
    lead, friend = make_user(), make_user()
    solution = make_solution(team=[lead])
    invitation = make_invitation(solution, friend.email)
    response = api.post(f"/api/v1/solutions/{solution.id}/join-requests", {}, token=make_token(friend))
    assert response.status_code == 409 and error(response)["code"] == "already_invited"
    other = make_solution(team=[lead])
    join_request = make_join_request(other, friend)
    make_invitation(other, friend.email)
    api.post(f"/api/v1/join-requests/{join_request.id}/accept", token=make_token(lead))
    assert api.get("/api/v1/invitations", token=make_token(friend)).get_json()["total"] == 1  # only the first team
    assert api.post(f"/api/v1/invitations/{invitation.id}/accept", token=make_token(friend)).status_code == 200
    assert friend.id in team_of(solution.id) and friend.id in team_of(other.id)


def test_the_team_page_shows_what_is_pending_only_to_the_team(app, client, auth):
    lead, asker, visitor = make_user(), make_user(name="Asker Person"), make_user()
    solution = make_solution(team=[lead])
    make_join_request(solution, asker, message="Pick me")
    make_invitation(solution, "guest@example.org")
    auth.login(visitor)
    page = text(client.get(f"/solutions/{solution.id}/team", headers=EN))
    assert "guest@example.org" not in page and "Pick me" not in page and "Ask to join" in page
    AuthActions(client).sign_out()
    auth.login(lead)
    page = text(client.get(f"/solutions/{solution.id}/team", headers=EN))
    assert "guest@example.org" in page and "Pick me" in page and "Asker Person" in page


def test_the_team_page_and_the_invitations_page_run_a_fixed_number_of_queries(app, client, auth):
    lead = make_user()
    few, many = make_solution(team=[lead]), make_solution(team=[lead])
    for solution, n in ((few, 1), (many, 6)):
        for i in range(n):
            make_join_request(solution, make_user())
            make_invitation(solution, f"guest{solution.id}-{i}@example.org")
    auth.login(lead)
    assert queries_for(client, f"/solutions/{few.id}/team") == queries_for(client, f"/solutions/{many.id}/team")
    auth.sign_out()
    busy, quiet = make_user(), make_user()
    for _ in range(6):
        solution = make_solution()
        make_invitation(solution, busy.email)
        make_join_request(make_solution(), busy)
    make_invitation(few, quiet.email)
    make_join_request(many, quiet)
    auth.login(busy)
    queries_busy = queries_for(client, "/invitations")
    auth.sign_out()
    auth.login(quiet)
    assert queries_for(client, "/invitations") == queries_busy
