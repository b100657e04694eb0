"""Secretariat console pages: the resource catalogue and its requests, statistics, CSV exports, the audit log,
failed mail."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from socialchallenge.core.paging import requested_page
from socialchallenge.errors import DomainError
from socialchallenge.extensions import db
from socialchallenge.models import Organisation
from socialchallenge.opendata.csvsafe import csv_download
from socialchallenge.secretariat import audit, audit_view, bp, exports, failed_mail, resources, stats
from socialchallenge.secretariat.forms import ActionForm, DecisionForm, ResourceForm, as_int
from socialchallenge.secretariat.views import fail
from socialchallenge.timeutil import utcnow


def _render_resources(forms: dict | None = None, status: int = 200):
    forms = forms or {}
    pending = db.session.scalars(resources.open_requests()).all()
    return render_template(
        "secretariat/resources.html", requests=pending, kinds=resources.KIND_LABELS,
        catalogue=db.session.scalars(resources.catalogue()).all(),
        forms={r.id: forms.get(r.id) or DecisionForm(formdata=None, prefix=f"r{r.id}") for r in pending},
    ), status


@bp.get("/resources")
def resource_admin():
    """The catalogue and the requests waiting for an answer."""
    return _render_resources()


def _render_new(form: ResourceForm, status: int = 200):
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation_id.choices = [SelectChoice("", _("The platform"))] + [SelectChoice(str(o.id), o.name)
                                                                            for o in orgs]
    form.set_district_choices(db.session)
    return render_template("secretariat/resource_form.html", form=form), status


@bp.route("/resources/new", methods=["GET", "POST"])
def new_resource():
    """Add a resource to the catalogue."""
    form = ResourceForm()
    if not form.is_submitted():
        return _render_new(form)
    if not form.validate():
        return _render_new(form, 400)
    values = {"kind": form.kind.data, "title": form.title.data, "description": form.description.data,
              "area": form.area.data, "organisation_id": as_int(form.organisation_id.data) or None,
              **form.place_values()}
    try:
        resource = resources.create_resource(db.session, current_user, values)
    except DomainError as exc:
        return _render_new(form, fail(form, exc))
    db.session.commit()
    flash(_("“%(title)s” is in the catalogue.", title=resource.title), "success")
    return redirect(url_for("resources.show", resource_id=resource.id))


@bp.post("/resource-requests/<int:request_id>")
def decide_request(request_id: int):
    """Grant or decline a team's request, with a message."""
    form = DecisionForm(prefix=f"r{request_id}")
    if not form.validate_on_submit():
        return _render_resources({request_id: form}, 400)
    row = resources.get_request(db.session, request_id)
    try:
        resources.decide(db.session, current_user, row, form.decision.data, form.message.data)
    except DomainError as exc:
        return _render_resources({request_id: form}, fail(form, exc))
    db.session.commit()
    flash(_("The request is granted and the team is told.") if form.decision.data == "grant"
          else _("The request is declined and the team is told."), "success")
    return redirect(url_for("secretariat.resource_admin"))


@bp.get("/stats")
def statistics():
    """Items at each stage, conversion, median days in stage, money and hours pledged, per month and per area."""
    return render_template("secretariat/stats.html", stats=stats.compute(db.session))


@bp.get("/exports")
def exports_index():
    """The CSV exports on offer."""
    return render_template("secretariat/exports.html", kinds=list(exports.EXPORTS))


@bp.get("/exports/<kind>.csv")
def export(kind: str):
    """A CSV export, streamed row by row; formula-looking cells are escaped."""
    exports.kind_or_404(kind)
    name = f"socialchallenge-{kind}-{utcnow():%Y%m%d}.csv"
    return csv_download(exports.lines(db.session, kind), name)


@bp.get("/audit")
def audit_log():
    """Every staff action, newest first (read-only)."""
    pagination = db.paginate(audit.entries(), page=requested_page(), per_page=50, max_per_page=50, error_out=False)
    rows = audit_view.rows(db.session, pagination.items)
    return render_template("secretariat/audit.html", pagination=pagination, rows=rows)


@bp.get("/mail")
def failed_mail_list():
    """Mail the outbox gave up on, with each error, newest first."""
    pagination = db.paginate(failed_mail.failed_mails(),
                             page=requested_page(), per_page=50, max_per_page=50, error_out=False)
    return render_template("secretariat/failed_mail.html", pagination=pagination, form=ActionForm())


@bp.post("/mail/<int:mail_id>/send-again")
def send_mail_again(mail_id: int):
    """Put a failed mail back in the outbox (an unknown or unfailed mail is a 404)."""
    if ActionForm().validate_on_submit():
        mail = failed_mail.send_again(db.session, current_user, mail_id)
        db.session.commit()
        flash(_("The mail to %(address)s is back in the outbox; the worker sends it on its next round.",
                address=mail.to_address), "success")
    return redirect(url_for("secretariat.failed_mail_list"))
