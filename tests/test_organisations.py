"""Organisations: members and admins; only admins manage; the last admin stays."""

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import Organisation, OrganisationMember, Role
from tests.builders import make_organisation, make_user
from tests.helpers import submit

EN = {"Accept-Language": "en"}


def test_creating_an_organisation_makes_you_its_admin(client, auth):
    user = make_user(name="Founder")
    auth.login(user)
    response = submit(client, "/organisations/new",
                      {"name": "망원동 주민모임", "kind": "community_group", "description": "동네 모임"})
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation))
    membership = db.session.get(OrganisationMember, (org.id, user.id))
    assert membership.is_admin
    html = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "망원동 주민모임" in html and "Founder" in html and "Admin" in html


def test_organisation_name_must_be_unique(client, auth):
    make_organisation(name="Mapo Makers")
    auth.login(make_user())
    response = submit(client, "/organisations/new", {"name": "mapo makers", "kind": "company"}, headers=EN)
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_admin_adds_a_member_by_email(client, auth):
    admin, newcomer = make_user(), make_user(name="Newcomer")
    org = make_organisation(admins=[admin])
    auth.login(admin)
    response = submit(client, f"/organisations/{org.id}/members", {"email": newcomer.email},
                      page=f"/organisations/{org.id}")
    assert response.status_code == 302
    assert "Newcomer" in client.get(f"/organisations/{org.id}").get_data(as_text=True)


def test_unknown_email_is_explained(client, auth):
    admin = make_user()
    org = make_organisation(admins=[admin])
    auth.login(admin)
    response = submit(client, f"/organisations/{org.id}/members", {"email": "ghost@example.org"},
                      page=f"/organisations/{org.id}", headers=EN)
    assert response.status_code == 422
    assert "No member has this email address" in response.get_data(as_text=True)


def test_a_plain_member_cannot_add_members(client, auth):
    member, outsider = make_user(), make_user()
    org = make_organisation(admins=[make_user()], members=[member])
    auth.login(member)
    response = submit(client, f"/organisations/{org.id}/members", {"email": outsider.email},
                      page=f"/organisations/{org.id}")
    assert response.status_code == 403
    assert db.session.get(OrganisationMember, (org.id, outsider.id)) is None


def test_the_last_admin_cannot_leave(client, auth):
    admin = make_user()
    org = make_organisation(admins=[admin])
    auth.login(admin)
    response = submit(client, f"/organisations/{org.id}/members/{admin.id}/remove", page=f"/organisations/{org.id}",
                      headers=EN, follow_redirects=True)
    assert "An organisation needs at least one admin." in response.get_data(as_text=True)
    assert db.session.get(OrganisationMember, (org.id, admin.id)) is not None


def test_a_member_can_leave(client, auth):
    member = make_user()
    org = make_organisation(admins=[make_user()], members=[member])
    auth.login(member)
    submit(client, f"/organisations/{org.id}/members/{member.id}/remove", page=f"/organisations/{org.id}")
    assert db.session.get(OrganisationMember, (org.id, member.id)) is None


def test_only_the_secretariat_verifies(app):
    from socialchallenge.accounts.organisations import set_verified
    from socialchallenge.errors import NotAllowed

    org = make_organisation()
    try:
        set_verified(db.session, make_user(), org, True)
    except NotAllowed:
        pass
    else:
        raise AssertionError("a member verified an organisation")
    set_verified(db.session, make_user(role=Role.secretariat), org, True)
    assert org.verified


def test_creating_an_organisation_needs_sign_in(client):
    response = client.get("/organisations/new")
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]
