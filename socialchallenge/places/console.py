"""The secretariat's district queue page: items whose area matched no district, each assigned with one form."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from socialchallenge.accounts.staff import is_staff
from socialchallenge.core.paging import requested_page
from socialchallenge.errors import DomainError
from socialchallenge.extensions import db, login_manager
from socialchallenge.places import district_choices, district_name, list_districts, place_in_words, queue
from socialchallenge.places.matching import Matcher

bp = Blueprint("districts", __name__, url_prefix="/secretariat/districts")
PER_PAGE = 20


@bp.app_template_filter("district_name")
def district_name_filter(district) -> str:
    """A district's name in the page's language (templates: `challenge.district | district_name`)."""
    return district_name(district)


@bp.app_template_filter("place")
def place_filter(item) -> str:
    """Where an item is, in words: its finer place, else its district (templates: `challenge | place`)."""
    return place_in_words(item)


@bp.before_request
def staff_only():
    """Visitors go to sign in; members who are not staff get 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not is_staff(current_user):
        abort(403)
    return None


@bp.get("/")
def waiting():
    """Challenges and resources waiting for a district, with the districts their text names (if several)."""
    challenges = db.paginate(queue.waiting_challenges(), page=requested_page(), per_page=PER_PAGE,
                             max_per_page=PER_PAGE, error_out=False)
    resources = db.session.scalars(queue.waiting_resources().limit(PER_PAGE)).all()
    districts = list_districts(db.session)
    matcher, names = Matcher(districts), {d.code: d for d in districts}
    named = {(kind, item.id): [names[c] for c in sorted(matcher.candidates(item.area))]
             for kind, items in (("challenge", challenges.items), ("resource", resources)) for item in items}
    return render_template("places/queue.html", challenges=challenges, resources=resources, named=named,
                           choices=district_choices(db.session))


@bp.post("/<any(challenge, resource):kind>/<int:target_id>")
def assign(kind: str, target_id: int):
    """Assign the chosen district to one item and go back to the queue."""
    try:
        item = queue.assign_district(db.session, current_user, kind, target_id, request.form.get("district"))
    except DomainError as exc:
        db.session.rollback()
        if exc.status == 404:
            abort(404)
        flash(exc.message, "error")
        return redirect(url_for("districts.waiting")), 303
    db.session.commit()
    flash(_("“%(title)s” is now in %(district)s.", title=item.title, district=district_name(item.district)),
          "success")
    return redirect(url_for("districts.waiting", page=request.args.get("page"))), 303
