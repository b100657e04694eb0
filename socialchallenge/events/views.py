"""Event pages: upcoming and past events, one event with register/cancel, scheduling, minutes, iCalendar feeds."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import false, func, select
from wtforms.fields.choices import SelectChoice

from socialchallenge import places
from socialchallenge.attachments import service as attachments
from socialchallenge.core.form_errors import show_errors
from socialchallenge.core.paging import Page, requested_page
from socialchallenge.errors import DomainError, NotAllowed
from socialchallenge.events import bp, ical, registration, service
from socialchallenge.events.forms import CancelEventForm, EventForm, MinutesForm
from socialchallenge.extensions import db
from socialchallenge.models import Call, Challenge, Event
from socialchallenge.timeutil import utcnow

PAST_PER_PAGE = 10
UPCOMING_MAX = 100  # the upcoming list is short by nature; the feed and the API page through more
FEED_MAX = 500


def _district_filter() -> tuple[str, places.District | None]:
    code = (request.args.get("district") or "").strip()
    return code, places.get_district(db.session, code)


@bp.get("/events")
def index():
    """Upcoming events (soonest first) and past ones (newest first), filterable by district."""
    code, district = _district_filter()
    upcoming, past = service.upcoming(current_user), service.past(current_user)
    if code:  # an unknown code matches nothing (never "no district": that would list the online events)
        matches = Event.district_code == district.code if district else false()
        upcoming, past = upcoming.where(matches), past.where(matches)
    page = requested_page()
    total = db.session.scalar(select(func.count()).select_from(past.order_by(None).subquery()))
    past_page = Page(page, PAST_PER_PAGE, total, db.session.scalars(
        past.options(*service.list_options()).limit(PAST_PER_PAGE).offset((page - 1) * PAST_PER_PAGE)).unique().all())
    soon = db.session.scalars(upcoming.options(*service.list_options()).limit(UPCOMING_MAX)).unique().all()
    return render_template("events/index.html", upcoming=soon, past=past_page, district=district, code=code,
                           districts=places.district_choices(db.session),
                           may_schedule=service.may_schedule(db.session, current_user))


@bp.get("/events/<int:event_id>")
def show(event_id: int):
    """One event: when, where, who organises it, seats left, your registration or place in line, the minutes."""
    event = service.get_event(db.session, event_id, current_user)
    images, documents = attachments.images_and_documents(
        db.session.scalars(attachments.attachments_of(event)).all())
    return render_template("events/show.html", event=event, standing=registration.standing(db.session, event,
                                                                                           current_user),
                           now=utcnow(), can_manage=service.can_manage_event(db.session, current_user, event),
                           place=service.place_text(event), images=images, documents=documents)


def _form_choices(form: EventForm) -> None:
    """The organiser, challenge and district choices the current user has."""
    organisers = [SelectChoice("", _("The secretariat"))] if current_user.is_secretariat else []
    organisers += [SelectChoice(f"organisation:{o.id}", o.name)
                   for o in service.verified_organisations(db.session, current_user)]
    organisers += [SelectChoice(f"solution:{s.id}", _("The team of %(title)s", title=s.title))
                   for s in service.team_solutions(db.session, current_user)]
    if form.organiser is not None:
        form.organiser.choices = organisers
    challenges = db.session.execute(select(Challenge.id, Challenge.title).where(Challenge.hidden.is_(False))
                                    .order_by(Challenge.created_at.desc()).limit(200)).all()
    form.challenge_id.choices = [SelectChoice("", _("None: a topic")),
                                 *[SelectChoice(str(i), title) for i, title in challenges]]
    calls = db.session.execute(select(Call.id, Call.title).order_by(Call.closes_at.desc(), Call.id.desc())
                               .limit(100)).all()
    form.call_id.choices = [SelectChoice("", _("None")), *[SelectChoice(str(i), title) for i, title in calls]]
    form.district.choices = [SelectChoice("", _("None: online only")),
                             *[SelectChoice(c, n) for c, n in places.district_choices(db.session)]]


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new():
    """Schedule an event: the secretariat, an admin of a verified organisation, or a team for its solution."""
    if not service.may_schedule(db.session, current_user):
        raise NotAllowed(_("Events are scheduled by the secretariat, a verified organisation or a solution's team."))
    form = EventForm()
    _form_choices(form)
    if request.method == "GET" and request.args.get("challenge", "").isdigit():
        form.challenge_id.data = request.args["challenge"]
    if request.method == "GET" and request.args.get("call", "").isdigit():
        form.call_id.data = request.args["call"]
    status = 200
    if form.is_submitted():
        if form.validate() or "csrf_token" not in form.errors:
            try:
                event = service.create_event(db.session, current_user, form.as_data())
            except DomainError as exc:
                db.session.rollback()
                for f in form:
                    f.errors = []
                rest = show_errors(form, exc.fields, {"organisation_id": "organiser", "solution_id": "organiser"})
                if rest or not exc.fields:
                    flash(exc.message, "error")
                status = exc.status if exc.status != 403 else 422
            else:
                db.session.commit()
                flash(_("The event is scheduled."), "success")
                return redirect(url_for("events.show", event_id=event.id))
        else:
            status = 400
    return render_template("events/form.html", form=form), status


def _local(moment):
    """A naive UTC datetime as the local time a datetime-local input shows."""
    return to_user_timezone(moment.replace(tzinfo=UTC)).replace(tzinfo=None)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    """The organiser side changes an event's details until it begins; who organises it stays."""
    event = service.get_event(db.session, event_id, current_user)
    service.require_manager(db.session, current_user, event)
    saved = {"title": event.title, "description": event.description, "topic": event.topic,
             "challenge_id": str(event.challenge_id or ""), "call_id": str(event.call_id or ""),
             "starts_at": _local(event.starts_at), "ends_at": _local(event.ends_at),
             "district": event.district_code or "", "address": event.address,
             "online_url": event.online_url, "capacity": event.capacity,
             "point": f"{round(event.lat, 6)}, {round(event.lon, 6)}" if event.lat is not None and event.lon is not None
             else ""}
    form = EventForm(data=saved if request.method == "GET" else None)
    del form.organiser
    _form_choices(form)
    if event.challenge is not None and str(event.challenge_id) not in {c.value for c in form.challenge_id.choices}:
        form.challenge_id.choices.append(SelectChoice(str(event.challenge_id), event.challenge.title))
    if event.call is not None and str(event.call_id) not in {c.value for c in form.call_id.choices}:
        form.call_id.choices.append(SelectChoice(str(event.call_id), event.call.title))
    status = 200
    if form.is_submitted():
        if form.validate() or "csrf_token" not in form.errors:
            data = {k: v for k, v in form.as_data().items() if k in service.EDITABLE}
            try:
                service.update_event(db.session, current_user, event, data)
            except DomainError as exc:
                db.session.rollback()
                for f in form:
                    f.errors = []
                rest = show_errors(form, exc.fields)
                if rest or not exc.fields:
                    flash(exc.message, "error")
                status = exc.status if exc.status != 403 else 422
            else:
                db.session.commit()
                flash(_("The event is saved. Members who signed up are told when its time or place changes."),
                      "success")
                return redirect(url_for("events.show", event_id=event_id))
        else:
            status = 400
    return render_template("events/form.html", form=form, event=event), status


@bp.route("/events/<int:event_id>/cancellation", methods=["GET", "POST"])
@login_required
def cancel_event(event_id: int):
    """The organiser side calls the event off (with a note why); everyone signed up is told."""
    event = service.get_event(db.session, event_id, current_user)
    service.require_manager(db.session, current_user, event)
    form = CancelEventForm()
    status = 200
    if form.validate_on_submit():
        try:
            service.cancel_event(db.session, current_user, event, form.note.data)
        except DomainError as exc:
            db.session.rollback()
            rest = show_errors(form, exc.fields)
            if rest or not exc.fields:
                flash(exc.message, "error")
            status = exc.status
        else:
            db.session.commit()
            flash(_("The event is cancelled. Everyone with a seat or on the waiting list is told."), "success")
            return redirect(url_for("events.show", event_id=event_id))
    elif form.is_submitted():
        status = 400
    signed_up = registration.standing(db.session, event, None)
    return render_template("events/cancel.html", event=event, form=form, standing=signed_up,
                           place=service.place_text(event)), status


def _act(event_id: int, action, done: str):
    """Run a registration change for the signed-in member, then back to the event's page with what happened."""
    try:
        result = action(db.session, current_user, event_id)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("events.show", event_id=event_id))
    db.session.commit()
    flash(done(result), "success")
    return redirect(url_for("events.show", event_id=event_id))


def _registered_message(reg) -> str:
    if reg.status.value == "waitlisted":
        return _("The event is full: you are on the waiting list, number %(n)d. We will tell you when a seat "
                 "comes free.", n=registration.position(db.session, reg))
    return _("You are registered. We will send you a reminder the day before.")


@bp.post("/events/<int:event_id>/register")
@login_required
def register(event_id: int):
    """Take a seat, or a place on the waiting list when the event is full."""
    service.get_event(db.session, event_id, current_user)
    return _act(event_id, registration.register, _registered_message)


@bp.post("/events/<int:event_id>/cancel")
@login_required
def cancel(event_id: int):
    """Give up your seat or place in line; the first waiting member gets the seat."""
    service.get_event(db.session, event_id, current_user)
    return _act(event_id, registration.cancel, lambda _promoted: _("Your registration is cancelled."))


@bp.route("/events/<int:event_id>/minutes", methods=["GET", "POST"])
@login_required
def minutes(event_id: int):
    """The organiser posts (or corrects) the minutes once the event has ended."""
    event = service.get_event(db.session, event_id, current_user)
    service.require_manager(db.session, current_user, event)
    form = MinutesForm()
    if request.method == "GET":
        form.minutes.data = event.minutes
    status = 200
    if form.validate_on_submit():
        try:
            service.post_minutes(db.session, current_user, event, form.minutes.data)
        except DomainError as exc:
            db.session.rollback()
            show_errors(form, exc.fields or {"minutes": exc.message})
            status = exc.status
        else:
            db.session.commit()
            flash(_("The minutes are posted."), "success")
            return redirect(url_for("events.show", event_id=event.id, _anchor="minutes"))
    elif form.is_submitted():
        status = 400
    return render_template("events/minutes.html", event=event, form=form, now=utcnow()), status


def _calendar(events: list[Event], name: str, public: bool = True) -> Response:
    base = request.url_root.rstrip("/")
    lang = str(get_locale())
    body = ical.calendar([(e, service.place_text(e, lang)) for e in events], urlsplit(base).hostname or "localhost",
                         base, utcnow(), name)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


@bp.get("/events/<int:event_id>.ics")
def event_ics(event_id: int):
    """One event as an iCalendar file, to add to a calendar."""
    event = service.get_event(db.session, event_id, current_user)
    response = _calendar([event], event.title, public=event.challenge is None or not event.challenge.hidden)
    response.headers["Content-Disposition"] = f'attachment; filename="event-{event.id}.ics"'
    return response


@bp.get("/events.ics")
def feed_ics():
    """Every upcoming event as an iCalendar feed, to subscribe to."""
    events = db.session.scalars(service.upcoming(None).options(*service.list_options()).limit(FEED_MAX)).unique().all()
    return _calendar(events, _("SocialChallenge events"))


@bp.app_template_global()
def event_place(event: Event) -> str:
    """Where an event is, in words, in the reader's language."""
    return service.place_text(event)

