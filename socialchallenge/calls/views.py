"""Call pages: the list, the form to open one, a call's page with its challenges and pool, its feed and CSV."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from socialchallenge.calls import bp, prizes, service, summary
from socialchallenge.calls.forms import ALIASES, CallForm, SubmitChallengeForm
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import DomainError, NotAllowed, ValidationFailed
from socialchallenge.events import service as events
from socialchallenge.extensions import db
from socialchallenge.feeds import atom
from socialchallenge.funding.forms import ConfirmForm
from socialchallenge.opendata.csvsafe import csv_download, csv_lines
from socialchallenge.pipeline.access import get_challenge, get_solution
from socialchallenge.places import place_in_words
from socialchallenge.timeutil import utcnow

CSV_HEADER = ["challenge_id", "title", "area", "status", "solutions", "furthest_stage", "pledged", "matched", "prize",
              "contributed", "raised", "backers", "url"]


@bp.get("/")
def index():
    """Every call, the latest to close first."""
    calls = service.all_calls(db.session)
    return render_template("calls/index.html", calls=calls, now=utcnow(),
                           may_open=service.may_open_calls(db.session, current_user))


def _call_form() -> CallForm:
    form = CallForm()
    form.organiser_id.choices = [SelectChoice(o.id, o.name) for o in service.organisers_for(db.session, current_user)]
    form.funder_id.choices = [SelectChoice(0, _("No matchfunding"))] + [
        SelectChoice(o.id, o.name) for o in service.verified_organisations(db.session)]
    return form


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Open a call (the secretariat, or an admin of a verified organisation)."""
    if not service.may_open_calls(db.session, current_user):
        raise NotAllowed(_("Only the secretariat and verified organisations open calls."))
    form = _call_form()
    if form.validate_on_submit():
        try:
            call = service.create_call(db.session, current_user, form.values())
        except ValidationFailed as exc:
            db.session.rollback()
            for message in show_errors(form, exc.fields, ALIASES).values():
                flash(message, "error")
        else:
            db.session.commit()
            flash(_("The call is open for challenges from its opening date."), "success")
            return redirect(url_for("calls.show", call_id=call.id))
    return render_template("calls/new.html", form=form), (422 if form.errors else 200)


def _page(call, submit_form=None, status=200):
    rows = summary.challenge_rows(db.session, call)
    now = utcnow()
    mine = service.submittable_challenges(db.session, current_user, call) if call.is_open_at(now) else []
    if submit_form is None and mine:
        submit_form = SubmitChallengeForm(formdata=None)
    if submit_form is not None:
        submit_form.challenge_id.choices = [SelectChoice(c.id, c.title) for c in mine]
    return render_template("calls/show.html", call=call, rows=rows, totals=summary.totals(rows), now=now,
                           ended=summary.has_ended(db.session, call, now), submit_form=submit_form,
                           extras=call_page_extras(call, rows),
                           call_events=events.of_call(db.session, current_user, call),
                           may_schedule_event=events.may_schedule(db.session, current_user)), status


def call_page_extras(call, rows) -> dict:
    """What the prize and matchfunding parts add to the call page."""
    extras: dict = {}
    if call.pool is not None:
        extras.update(pool_section=True, pool_chart=summary.pool_chart(call, rows),
                      ended=summary.has_ended(db.session, call, utcnow()))
    if call.prize_per_winner and call.winners:
        extras["prize_section"] = True
        extras["picks"] = prizes.picks_of_call(db.session, call.id)
        extras["confirm_form"] = ConfirmForm() if current_user.is_authenticated and current_user.is_secretariat \
            else None
    return extras


@bp.get("/<int:call_id>")
def show(call_id: int):
    """A call: its terms, its challenges with their stage and money, what was learned, and its pool."""
    return _page(service.get_call(db.session, call_id))


@bp.post("/<int:call_id>/challenges")
@login_required
def submit_challenge(call_id: int):
    """Submit one of your open challenges into the call while it is open."""
    call = service.get_call(db.session, call_id)
    form = SubmitChallengeForm()
    form.challenge_id.choices = [SelectChoice(c.id, c.title)
                                 for c in service.submittable_challenges(db.session, current_user, call)]
    if not form.validate_on_submit():
        return _page(call, form, 422)
    try:
        challenge = get_challenge(db.session, form.challenge_id.data, current_user)
        service.submit_challenge(db.session, current_user, call, challenge)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("calls.show", call_id=call.id))
    db.session.commit()
    flash(_("“%(title)s” is now part of this call.", title=challenge.title), "success")
    return redirect(url_for("calls.show", call_id=call.id) + "#challenges")


@bp.get("/<int:call_id>/challenges.atom")
def feed(call_id: int):
    """The call's challenges as an Atom feed, newest first."""
    call = service.get_call(db.session, call_id)
    rows = sorted(summary.challenge_rows(db.session, call), key=lambda r: r.challenge.created_at, reverse=True)
    entries = [{"url": url_for("challenges.show", challenge_id=r.challenge.id, _external=True),
                "title": r.challenge.title, "updated": r.challenge.created_at.replace(microsecond=0).isoformat() + "Z",
                "summary": f"{place_in_words(r.challenge)} · {r.challenge.problem[:500]}"} for r in rows]
    return atom(_("Challenges of the call: %(title)s", title=call.title),
                url_for("calls.feed", call_id=call.id, _external=True),
                url_for("calls.show", call_id=call.id, _external=True), entries)


@bp.get("/<int:call_id>/challenges.csv")
def csv_export(call_id: int):
    """The call's challenges with their stage and money, as CSV (UTF-8 with a byte-order mark)."""
    call = service.get_call(db.session, call_id)
    rows = summary.challenge_rows(db.session, call)
    lines = csv_lines(CSV_HEADER, (
        [r.challenge.id, r.challenge.title, r.challenge.area, r.challenge.status.value, r.solutions,
         r.furthest.value if r.furthest else "", r.pledged, r.matched, r.prize, r.contributed, r.raised,
         r.backers,
         url_for("challenges.show", challenge_id=r.challenge.id, _external=True)] for r in rows))
    return csv_download(lines, f"call-{call.id}-challenges.csv")


@bp.post("/<int:call_id>/prizes/<int:solution_id>")
@login_required
def confirm_pick(call_id: int, solution_id: int):
    """The secretariat confirms a picked solution: its prize goes on its campaign and mentoring begins."""
    call = service.get_call(db.session, call_id)
    back = redirect(url_for("calls.show", call_id=call.id) + "#prizes")
    if not current_user.is_secretariat:
        raise NotAllowed(_("Only the secretariat confirms picks."))
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired. Please submit it again."), "error")
        return back
    try:
        solution = get_solution(db.session, solution_id, current_user)
        if solution.challenge.call_id != call.id:
            raise NotAllowed(_("This solution is not in this call."))
        prizes.confirm_pick(db.session, current_user, solution)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return back
    db.session.commit()
    flash(_("Pick confirmed: the prize is on “%(title)s”'s campaign and its mentoring period has begun.",
            title=solution.title), "success")
    return back
