"""Access matrix: every mutating route and API endpoint, for each role, answers as the table below says.

The routes come from `app.url_map` (every POST, PUT, PATCH and DELETE), so a new route fails this test until
someone adds it to EXPECTED with the roles allowed to use it. Answers checked:

- web, a role not allowed: a visitor is sent to sign in (302 to /auth/sign-in); a signed-in member gets 403;
- API, a role not allowed: 401 for a visitor (no token), 403 for a signed-in member;
- a role allowed: anything but a sign-in redirect, 401 or 403 (the empty request may then be refused as
  invalid — 400, 404, 409, 422 — which is fine: the gate let it through), and never a 500.

Roles: visitor (signed out), member (any other member; the author of the comment in the world below), team
(on the solution's team), owner (of the challenge, admin of the organisation), secretariat (staff, not the
solution's mentor).
"""

from __future__ import annotations

import os

from socialchallenge.extensions import db
from tests.builders import make_token
from tests.helpers import csrf_from
from tests.world import World

ROLES = ("visitor", "member", "team", "owner", "secretariat")
MUTATING = {"POST", "PUT", "PATCH", "DELETE"}

# Who may pass each gate. PUBLIC: anyone, signed out too. Everything else needs a signed-in user; the set
# names the roles of the world below that may act.
PUBLIC = frozenset(ROLES)
SIGNED_IN = frozenset({"member", "team", "owner", "secretariat"})
TEAM = frozenset({"team"})
TEAM_OR_STAFF = frozenset({"team", "secretariat"})
OWNER = frozenset({"owner"})
OWNER_OR_STAFF = frozenset({"owner", "secretariat"})
STAFF = frozenset({"secretariat"})
AUTHOR = frozenset({"member"})  # the comment's author
AUTHOR_OR_STAFF = frozenset({"member", "secretariat"})
BACKER = frozenset({"member"})  # the pledge's backer
INVITEE = frozenset({"member"})  # the team's invitation is addressed to the member's email
ASKER = frozenset({"member"})  # the member asked to join the team

# Routes whose private rows answer 404 to everyone else (a pledge is its backer's business): 404 is the denial.
HIDDEN_WHEN_DENIED = {"funding.pay_again_page", "api.pay_pledge_again"}

EXPECTED: dict[tuple[str, str], frozenset] = {
    # --- accounts and site (forms that work signed out) ---
    ("POST", "auth.sign_in"): PUBLIC,
    ("POST", "auth.sign_up"): PUBLIC,
    ("POST", "auth.forgot_password"): PUBLIC,
    ("POST", "auth.reset_password"): PUBLIC,
    ("POST", "auth.sign_out"): SIGNED_IN,
    ("POST", "funding.stripe_webhook"): PUBLIC,  # guarded by the Stripe signature, not a session
    ("POST", "community.account_settings"): SIGNED_IN,
    ("POST", "community.change_password"): SIGNED_IN,
    ("POST", "community.read_notifications"): SIGNED_IN,
    # --- pipeline pages ---
    ("POST", "challenges.new"): SIGNED_IN,
    ("POST", "challenges.edit"): OWNER_OR_STAFF,
    ("POST", "challenges.close"): OWNER_OR_STAFF,
    ("POST", "challenges.select_solutions"): OWNER,
    ("POST", "challenges.delete_saved_answer"): SIGNED_IN,  # someone else's saved answer is simply not found
    ("POST", "challenges.evaluate"): OWNER,
    ("POST", "challenges.adopt"): OWNER,
    ("POST", "challenges.questions_page"): OWNER_OR_STAFF,  # the challenge's own questions (issue 16)
    ("POST", "solutions.post_indicator_value"): TEAM,  # a measured value of an impact indicator
    ("POST", "solutions.new"): SIGNED_IN,
    ("POST", "solutions.edit"): TEAM,
    ("POST", "solutions.advance"): TEAM,
    ("POST", "solutions.team"): TEAM,  # the team invites someone by email
    ("POST", "solutions.withdraw_invitation"): TEAM,
    ("POST", "solutions.ask_to_join"): SIGNED_IN,  # a team member is refused by the rule (409), not the gate
    ("POST", "solutions.withdraw_join_request"): ASKER,
    ("POST", "solutions.answer_join_request"): TEAM,
    ("POST", "solutions.answer_invitation"): INVITEE,
    ("POST", "solutions.leave"): TEAM,
    ("POST", "solutions.carry_over"): TEAM,
    ("POST", "solutions.new_update"): TEAM,
    # --- images and files (the world's attachment is an image of the challenge) ---
    ("POST", "attachments.challenge_files"): OWNER,
    ("POST", "attachments.solution_files"): TEAM,
    ("POST", "attachments.update_files"): TEAM,
    ("POST", "attachments.remove"): OWNER_OR_STAFF,
    ("POST", "attachments.challenge_cover"): OWNER,
    ("POST", "attachments.solution_cover"): TEAM,
    # --- events (the world's event is the team's, about its challenge, still to come) ---
    ("POST", "events.new"): TEAM_OR_STAFF,  # a team for its solution; the owner's organisation is not verified
    ("POST", "events.register"): SIGNED_IN,
    ("POST", "events.cancel"): SIGNED_IN,  # a member who is not registered is told so, not refused
    ("POST", "events.minutes"): TEAM_OR_STAFF,  # the organiser side (409 until the event has ended)
    ("POST", "events.edit"): TEAM_OR_STAFF,  # the organiser side
    ("POST", "events.cancel_event"): TEAM_OR_STAFF,  # the organiser side
    ("POST", "attachments.event_files"): TEAM_OR_STAFF,
    # --- community pages ---
    ("POST", "community.support"): SIGNED_IN,
    ("POST", "community.withdraw_support"): SIGNED_IN,
    ("POST", "community.support_solution"): SIGNED_IN,
    ("POST", "community.withdraw_solution_support"): SIGNED_IN,
    ("POST", "community.follow"): SIGNED_IN,
    ("POST", "community.unfollow"): SIGNED_IN,
    ("POST", "community.post_comment"): SIGNED_IN,
    ("POST", "community.edit_comment"): AUTHOR,
    ("POST", "community.delete_comment"): AUTHOR_OR_STAFF,
    ("POST", "community.report_comment"): SIGNED_IN,
    # --- crowdfunding pages ---
    ("POST", "funding.pledge_form"): SIGNED_IN,
    ("POST", "funding.pay_again_page"): BACKER,
    ("POST", "funding.offer"): SIGNED_IN,
    ("POST", "funding.add_reward"): TEAM,
    ("POST", "funding.edit_reward"): TEAM,
    ("POST", "funding.delete_reward"): TEAM,
    ("POST", "funding.add_skill_need"): TEAM,
    ("POST", "funding.delete_skill_need"): TEAM,
    ("POST", "funding.decide_offer"): TEAM,
    # --- organisations ---
    ("POST", "organisations.new"): SIGNED_IN,
    ("POST", "organisations.add_member"): OWNER_OR_STAFF,
    ("POST", "organisations.remove_member"): OWNER_OR_STAFF,
    # --- calls (issue 15): opened by the secretariat or a verified organisation's admin; the owner's
    # organisation here is not verified. Any member may try to submit; the form offers only their own challenges.
    ("POST", "calls.new"): STAFF,
    ("POST", "calls.submit_challenge"): SIGNED_IN,
    ("POST", "calls.confirm_pick"): STAFF,
    # --- resources and mentoring (team side) ---
    ("POST", "resources.request_resource"): SIGNED_IN,
    ("POST", "resources.add_note"): STAFF,
    # --- secretariat console ---
    ("POST", "secretariat.mark_curated"): STAFF,
    ("POST", "secretariat.hide"): STAFF,
    ("POST", "secretariat.unhide"): STAFF,
    ("POST", "secretariat.merge"): STAFF,
    ("POST", "secretariat.set_min_solutions"): STAFF,
    ("POST", "secretariat.set_prize_terms"): STAFF,
    ("POST", "secretariat.retag"): STAFF,
    ("POST", "secretariat.suspend"): STAFF,
    ("POST", "secretariat.assign_mentor"): STAFF,
    ("POST", "secretariat.unassign_mentor"): STAFF,
    ("POST", "secretariat.moderate"): STAFF,
    ("POST", "secretariat.verify_organisation"): STAFF,
    ("POST", "secretariat.decide_request"): STAFF,
    ("POST", "secretariat.new_resource"): STAFF,
    ("POST", "secretariat.decide_review"): STAFF,
    ("POST", "secretariat.score"): STAFF,
    ("POST", "secretariat.send_mail_again"): STAFF,
    ("POST", "districts.assign"): STAFF,
    # --- API: accounts ---
    ("POST", "api.create_user"): PUBLIC,
    ("POST", "api.create_token"): PUBLIC,
    ("POST", "api.read_notifications"): SIGNED_IN,
    ("PATCH", "api.edit_me"): SIGNED_IN,
    ("PUT", "api.change_password"): SIGNED_IN,
    ("POST", "api.create_organisation"): SIGNED_IN,
    ("POST", "api.add_organisation_member"): OWNER_OR_STAFF,
    ("DELETE", "api.remove_organisation_member"): OWNER_OR_STAFF,
    # --- API: pipeline ---
    ("POST", "api.create_challenge"): SIGNED_IN,
    ("PATCH", "api.edit_challenge"): OWNER_OR_STAFF,
    ("PUT", "api.put_selection"): OWNER,
    ("POST", "api.post_evaluation"): OWNER,
    ("POST", "api.post_adoption"): OWNER,
    ("POST", "api.submit_solution"): SIGNED_IN,
    ("PATCH", "api.edit_solution"): TEAM,
    ("PUT", "api.put_indicators"): TEAM,
    ("POST", "api.post_indicator_value"): TEAM,
    ("PUT", "api.put_questions"): OWNER_OR_STAFF,
    ("POST", "api.advance_solution"): TEAM,
    ("DELETE", "api.leave_team"): TEAM,
    ("POST", "api.invite_to_team"): TEAM,
    ("DELETE", "api.withdraw_invitation"): TEAM,
    ("POST", "api.accept_invitation"): INVITEE,
    ("POST", "api.decline_invitation"): INVITEE,
    ("POST", "api.ask_to_join"): SIGNED_IN,
    ("DELETE", "api.withdraw_join_request"): ASKER,
    ("POST", "api.accept_join_request"): TEAM,
    ("POST", "api.decline_join_request"): TEAM,
    ("POST", "api.post_update"): TEAM,
    ("POST", "api.upload_challenge_attachment"): OWNER,
    ("POST", "api.upload_solution_attachment"): TEAM,
    ("POST", "api.upload_update_attachment"): TEAM,
    ("DELETE", "api.delete_attachment"): OWNER_OR_STAFF,
    ("PUT", "api.put_challenge_cover"): OWNER,
    ("PUT", "api.put_solution_cover"): TEAM,
    ("POST", "api.review_campaign"): STAFF,
    # --- API: events ---
    ("POST", "api.create_event"): STAFF,  # an empty body schedules as the secretariat; a team names its solution
    ("POST", "api.register_for_event"): SIGNED_IN,
    ("DELETE", "api.cancel_event_registration"): SIGNED_IN,
    ("PUT", "api.post_event_minutes"): TEAM_OR_STAFF,
    ("PATCH", "api.update_event"): TEAM_OR_STAFF,  # the organiser side
    ("POST", "api.cancel_event"): TEAM_OR_STAFF,  # the organiser side (409 once cancelled)
    # --- API: community ---
    ("POST", "api.support_challenge"): SIGNED_IN,
    ("DELETE", "api.withdraw_support"): SIGNED_IN,
    ("POST", "api.support_solution"): SIGNED_IN,
    ("DELETE", "api.withdraw_solution_support"): SIGNED_IN,
    ("POST", "api.carry_over_solution"): TEAM,
    ("POST", "api.follow_target"): SIGNED_IN,
    ("DELETE", "api.unfollow_target"): SIGNED_IN,
    ("POST", "api.post_comment"): SIGNED_IN,
    ("PATCH", "api.edit_comment"): AUTHOR,
    ("DELETE", "api.delete_comment"): AUTHOR_OR_STAFF,
    ("POST", "api.report_comment"): SIGNED_IN,
    # --- API: crowdfunding ---
    ("POST", "api.pledge"): SIGNED_IN,
    ("POST", "api.pay_pledge_again"): BACKER,
    ("POST", "api.contribution"): STAFF,
    ("POST", "api.add_reward"): TEAM,
    ("PATCH", "api.update_reward"): TEAM,
    ("DELETE", "api.delete_reward"): TEAM,
    ("POST", "api.add_skill_need"): TEAM,
    ("DELETE", "api.delete_skill_need"): TEAM,
    ("POST", "api.offer_skill"): SIGNED_IN,
    ("POST", "api.decide_skill_offer"): TEAM,
    # --- API: calls ---
    ("POST", "api.create_call"): STAFF,
    ("POST", "api.add_call_challenge"): SIGNED_IN,
    ("POST", "api.confirm_prize"): STAFF,
    # --- API: resources, mentoring and the secretariat ---
    ("POST", "api.api_request_resource"): SIGNED_IN,
    ("POST", "api.api_mentoring_log"): STAFF,
    ("POST", "api.api_review"): STAFF,
    ("POST", "api.api_hide"): STAFF,
    ("POST", "api.api_mark_curated"): STAFF,
    ("POST", "api.api_merge"): STAFF,
    ("PUT", "api.api_min_solutions"): STAFF,
    ("POST", "api.api_retag"): STAFF,
    ("POST", "api.api_moderate"): STAFF,
    ("PUT", "api.api_verify"): STAFF,
    ("POST", "api.api_decide_request"): STAFF,
    ("POST", "api.api_create_resource"): STAFF,
    ("PUT", "api.api_assign"): STAFF,
    ("DELETE", "api.api_assign"): STAFF,
    ("POST", "api.api_rubric"): STAFF,
    ("POST", "api.api_suspend"): STAFF,
    ("POST", "api.api_send_mail_again"): STAFF,
}


def _mutating_routes(app) -> list[tuple[str, str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & MUTATING):
            routes.append((method, rule.endpoint, rule.rule))
    return sorted(routes)


def test_every_mutating_route_is_in_the_table(app):
    """A new mutating route must be added to EXPECTED, with the roles allowed to use it, before it lands."""
    found = {(method, endpoint) for method, endpoint, _ in _mutating_routes(app)}
    missing = sorted(found - set(EXPECTED))
    stale = sorted(set(EXPECTED) - found)
    assert not missing, f"mutating routes missing from the access table: {missing}"
    assert not stale, f"the access table lists routes that no longer exist: {stale}"


def _client_as(app, world: World, role: str):
    """A test client signed in as the role's user (through the session, to keep the matrix fast)."""
    client = app.test_client()
    if role != "visitor":
        user = world.users[role]
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    return client


def _call(app, world: World, role: str, method: str, rule: str):
    """The route called as the role with an empty body: a form with only the CSRF token, or `{}` as JSON."""
    url = world.url(rule)
    client = _client_as(app, world, role)
    if rule.startswith("/api/"):
        headers = {} if role == "visitor" else {"Authorization": f"Bearer {make_token(world.users[role])}"}
        return client.open(url, method=method, json={}, headers=headers)
    token = csrf_from(client.get("/auth/sign-in").get_data(as_text=True))  # a page with a form, for every role
    return client.open(url, method=method, data={"csrf_token": token})


def _verdict(response, api: bool) -> str:
    if response.status_code >= 500:
        return f"error {response.status_code}"
    if api:
        return {401: "unauthenticated", 403: "forbidden"}.get(response.status_code, "allowed")
    if response.status_code == 403:
        return "forbidden"
    if response.status_code in (302, 303) and "/auth/sign-in" in response.headers.get("Location", ""):
        return "unauthenticated"
    return "allowed"


def _expected_verdict(role: str, allowed: frozenset) -> str:
    if role in allowed:
        return "allowed"
    return "unauthenticated" if role == "visitor" else "forbidden"


def test_access_matrix(app):
    """Each role gets the answer the table gives, on every mutating route (one world per route; the roles that
    may not act are tried first, since they change nothing). All mismatches are listed together."""
    mismatches = []
    for method, endpoint, rule in _mutating_routes(app):
        allowed = EXPECTED.get((method, endpoint))
        if allowed is None:
            continue  # reported by test_every_mutating_route_is_in_the_table
        world = World()
        for role in sorted(ROLES, key=lambda r: r in allowed):
            if os.environ.get("ACCESS_MATRIX_FRESH"):
                world = World()
            response = _call(app, world, role, method, rule)
            observed = _verdict(response, rule.startswith("/api/"))
            if endpoint in HIDDEN_WHEN_DENIED and response.status_code == 404 and role != "visitor":
                observed = "forbidden"
            expected = _expected_verdict(role, allowed)
            if observed != expected:
                mismatches.append(f"{method} {rule} as {role}: expected {expected}, got {observed} "
                                  f"({response.status_code})")
            db.session.rollback()
    assert not mismatches, "access matrix mismatches:\n" + "\n".join(mismatches)
