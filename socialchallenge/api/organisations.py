"""API: organisations and their members, as on the organisation pages (accounts.organisations decides)."""

from __future__ import annotations

from flask import current_app, g
from flask_babel import gettext as _
from sqlalchemy import select

from socialchallenge.accounts import organisations as service
from socialchallenge.api import bp
from socialchallenge.api.helpers import bearer_user, json_body, paged, token_required
from socialchallenge.errors import ValidationFailed
from socialchallenge.extensions import db, limiter
from socialchallenge.models import Organisation


def organisation_json(org: Organisation, with_members: bool = False) -> dict:
    """An organisation; with its members (names and who administers it) on its own page."""
    data = {"id": org.id, "name": org.name, "kind": org.kind.value, "description": org.description,
            "verified": org.verified}
    if with_members:
        data["members"] = [{"id": m.user.id, "name": m.user.name, "is_admin": m.is_admin} for m in org.members]
    return data


def _text(data: dict, *names: str) -> None:
    wrong = {n: _("Must be text.") for n in names if n in data and not isinstance(data[n], str)}
    if wrong:
        raise ValidationFailed(_("Please correct the marked fields."), wrong)


@bp.get("/organisations")
def list_organisations():
    """Every organisation, verified ones first."""
    return paged(select(Organisation).order_by(Organisation.verified.desc(), Organisation.name, Organisation.id),
                 lambda rows: [organisation_json(o) for o in rows])


@bp.get("/organisations/<int:org_id>")
def get_organisation(org_id: int):
    """An organisation with its members; `can_manage` says whether the token's user administers it."""
    org = service.get_organisation(db.session, org_id)
    return {**organisation_json(org, with_members=True),
            "can_manage": service.is_org_admin(db.session, bearer_user(), org.id)}


@bp.post("/organisations")
@token_required
def create_organisation():
    """Create an organisation ({name, kind, description}); you become its admin."""
    data = json_body({"name", "kind", "description"})
    _text(data, "name", "kind", "description")
    org = service.create_organisation(db.session, g.api_user, data.get("name", ""), data.get("kind", ""),
                                      data.get("description", ""))
    db.session.commit()
    return organisation_json(service.get_organisation(db.session, org.id), with_members=True), 201


@bp.post("/organisations/<int:org_id>/members")
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGN_IN"])  # the answer tells whether an email has an account
@token_required
def add_organisation_member(org_id: int):
    """Add a registered member by email, or change their role: {email, is_admin} (admins only)."""
    data = json_body({"email", "is_admin"})
    _text(data, "email")
    if not isinstance(data.get("is_admin", False), bool):
        raise ValidationFailed(_("Please correct the marked fields."), {"is_admin": _("Use true or false.")})
    org = service.get_organisation(db.session, org_id)
    service.add_member(db.session, g.api_user, org, data.get("email", ""), data.get("is_admin", False))
    db.session.commit()
    return organisation_json(service.get_organisation(db.session, org_id), with_members=True), 201


@bp.delete("/organisations/<int:org_id>/members/<int:user_id>")
@token_required
def remove_organisation_member(org_id: int, user_id: int):
    """Remove a member (admins), or leave yourself; the last admin stays."""
    service.remove_member(db.session, g.api_user, service.get_organisation(db.session, org_id), user_id)
    db.session.commit()
    return "", 204
