"""Teams by consent under concurrency (PostgreSQL only): answers that race give one winner, never two members or
a server error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.models import JoinRequest, Notification, Solution, TeamInvitation, TeamMember, User
from socialchallenge.pipeline import teams
from tests.builders import make_invitation, make_join_request, make_solution, make_user
from tests.racing import racing_app, run_together

# Racing apps in threads, each on connections of their own: the data must be committed.
pytestmark = [pytest.mark.postgres_only, pytest.mark.committed]


def run_at_once(app, jobs) -> list[str]:
    """Run the jobs together on connections of their own; the outcomes are "ok" or the domain error's code."""
    with racing_app(app, len(jobs)) as racer:
        return run_together(racer, jobs)


def members(solution_id: int) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(TeamMember.user_id).where(TeamMember.solution_id == solution_id)))


def test_ten_simultaneous_accepts_of_one_invitation_make_one_member(app):
    for _ in range(5):
        lead, friend = make_user(), make_user()
        solution = make_solution(team=[lead])
        invitation = make_invitation(solution, friend.email)

        def accept(invitation_id=invitation.id, user_id=friend.id):
            found, user = teams.get_invitation(db.session, invitation_id), db.session.get(User, user_id)
            _ = found.solution.team
            return lambda: teams.answer_invitation(db.session, user, found, accept=True)

        outcomes = run_at_once(app, [accept] * 10)
        assert sorted(outcomes) == ["already_answered"] * 9 + ["ok"], outcomes
        assert sorted(members(solution.id)) == sorted([lead.id, friend.id])


def test_team_members_answering_one_request_at_once_give_one_answer(app):
    for _ in range(5):
        team = [make_user() for _ in range(10)]
        asker = make_user()
        solution = make_solution(team=team)
        join_request = make_join_request(solution, asker)

        def answer(member_id, accept, join_request_id=join_request.id):
            found, member = teams.get_join_request(db.session, join_request_id), db.session.get(User, member_id)
            _ = found.solution.team, found.user
            return lambda: teams.answer_join_request(db.session, member, found, accept)

        outcomes = run_at_once(app, [lambda m=m.id, a=i % 2 == 0: answer(m, a) for i, m in enumerate(team)])
        assert sorted(outcomes) == ["already_answered"] * 9 + ["ok"], outcomes
        db.session.expire_all()
        accepted = db.session.get(JoinRequest, join_request.id).status.value == "accepted"
        assert (asker.id in members(solution.id)) == accepted


def test_an_invitation_and_a_request_accepted_at_once_make_one_member(app):
    for _ in range(5):
        lead, friend = make_user(), make_user()
        solution = make_solution(team=[lead])
        invitation, join_request = make_invitation(solution, friend.email), make_join_request(solution, friend)

        def by_invitee(invitation_id=invitation.id, friend_id=friend.id):
            found, user = teams.get_invitation(db.session, invitation_id), db.session.get(User, friend_id)
            _ = found.solution.team
            return lambda: teams.answer_invitation(db.session, user, found, accept=True)

        def by_team(join_request_id=join_request.id, lead_id=lead.id):
            found, member = teams.get_join_request(db.session, join_request_id), db.session.get(User, lead_id)
            _ = found.solution.team, found.user
            return lambda: teams.answer_join_request(db.session, member, found, accept=True)

        outcomes = run_at_once(app, [by_invitee, by_team])
        assert all(o in ("ok", "already_answered") for o in outcomes) and "ok" in outcomes, outcomes
        assert sorted(members(solution.id)) == sorted([lead.id, friend.id])


def test_ten_team_members_inviting_one_address_at_once_make_one_invitation(app):
    team = [make_user() for _ in range(10)]
    friend = make_user()
    solution = make_solution(team=team)
    solution_id, address = solution.id, friend.email

    def invite(member_id):
        member, found = db.session.get(User, member_id), db.session.get(Solution, solution_id)
        _ = found.team
        return lambda: teams.invite(db.session, member, found, address)

    outcomes = run_at_once(app, [lambda m=m.id: invite(m) for m in team])
    assert outcomes == ["ok"] * 10, outcomes
    assert db.session.scalar(select(func.count()).select_from(TeamInvitation)) == 1
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == friend.id)) == 1


def test_the_last_two_members_leaving_at_once_leave_one_behind(app):
    for _ in range(5):
        first, second = make_user(), make_user()
        solution = make_solution(team=[first, second])

        def leave(user_id, solution_id=solution.id):
            member, found = db.session.get(User, user_id), db.session.get(Solution, solution_id)
            _ = found.team
            return lambda: teams.leave_team(db.session, member, found)

        outcomes = run_at_once(app, [lambda u=first.id: leave(u), lambda u=second.id: leave(u)])
        assert sorted(outcomes) == ["last_member", "ok"], outcomes
        assert len(members(solution.id)) == 1
