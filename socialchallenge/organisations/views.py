"""Organisation pages: thin views over accounts.organisations."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from socialchallenge.accounts import organisations as service
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import DomainError, ValidationFailed
from socialchallenge.extensions import db, limiter
from socialchallenge.models import Organisation
from socialchallenge.organisations import bp
from socialchallenge.organisations.forms import KIND_LABELS, MemberForm, OrganisationForm


@bp.get("/")
def index():
    """Every organisation, verified ones first."""
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.verified.desc(), Organisation.name)).all()
    return render_template("organisations/index.html", orgs=orgs, kinds=KIND_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create an organisation; you become its admin."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = service.create_organisation(db.session, current_user, form.name.data, form.kind.data,
                                              form.description.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
        else:
            db.session.commit()
            flash(_("Organisation created. You are its admin."), "success")
            return redirect(url_for("organisations.show", org_id=org.id))
    return render_template("organisations/new.html", form=form), (422 if form.errors else 200)


@bp.get("/<int:org_id>")
def show(org_id: int):
    """An organisation and its members."""
    org = service.get_organisation(db.session, org_id)
    can_manage = service.is_org_admin(db.session, current_user, org.id)
    return render_template("organisations/show.html", org=org, kinds=KIND_LABELS, can_manage=can_manage,
                           form=MemberForm() if can_manage else None)


@bp.post("/<int:org_id>/members")
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGN_IN"])  # the answer tells whether an email has an account
@login_required
def add_member(org_id: int):
    """Add a member (admins only)."""
    org = service.get_organisation(db.session, org_id)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            service.add_member(db.session, current_user, org, form.email.data, form.is_admin.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
        else:
            db.session.commit()
            flash(_("Member added."), "success")
            return redirect(url_for("organisations.show", org_id=org.id))
    if not service.is_org_admin(db.session, current_user, org.id):
        abort(403)
    org = service.get_organisation(db.session, org_id)  # again, after the rollback
    return render_template("organisations/show.html", org=org, kinds=KIND_LABELS, can_manage=True,
                           form=form), 422


@bp.post("/<int:org_id>/members/<int:user_id>/remove")
@login_required
def remove_member(org_id: int, user_id: int):
    """Remove a member, or leave yourself."""
    org = service.get_organisation(db.session, org_id)
    try:
        service.remove_member(db.session, current_user, org, user_id)
    except DomainError as exc:
        db.session.rollback()
        if exc.status == 403:
            abort(403)
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("Member removed."), "success")
    return redirect(url_for("organisations.show", org_id=org.id))
