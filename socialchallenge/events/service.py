"""Events: who may schedule and manage them, checking and saving one, reading lists, posting the minutes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from sqlalchemy import Select, false, or_, select, update
from sqlalchemy.orm import Session, joinedload

from socialchallenge import places
from socialchallenge.community.inbox import notify
from socialchallenge.core.text import Problems
from socialchallenge.errors import NotAllowed, NotFound, RuleViolation, ValidationFailed
from socialchallenge.events.registration import count, event_link, fill_seats, lock_event
from socialchallenge.models import (
    Call,
    Challenge,
    Event,
    EventRegistration,
    Organisation,
    OrganisationMember,
    RegistrationStatus,
    Solution,
    TeamMember,
)
from socialchallenge.pipeline.access import administers, can_see_challenge, is_authenticated
from socialchallenge.timeutil import parse_iso, utcnow

TITLE_MAX, DESCRIPTION_MAX, TOPIC_MAX, ADDRESS_MAX, URL_MAX, MINUTES_MAX = 200, 10_000, 120, 300, 500, 50_000
CAPACITY_MAX = 10_000
LONGEST = timedelta(days=14)  # an event, not a season: a longer span is almost certainly a typing error
EDITABLE = {"title", "description", "starts_at", "ends_at", "challenge_id", "call_id", "topic", "district", "address",
            "online_url", "point", "capacity"}  # PATCH: everything but who organises it
NOTE_MAX = 500
# What members who signed up are told about when it changes: the time or the place.
WHERE_AND_WHEN = ("starts_at", "ends_at", "district_code", "address", "online_url")
FIELDS = {"title", "description", "starts_at", "ends_at", "challenge_id", "call_id", "topic", "organisation_id",
          "solution_id", "district", "address", "online_url", "point", "capacity"}


def list_options() -> list:
    """Loader options for pages and answers that show events with their district, organiser and challenge."""
    return [joinedload(Event.district), joinedload(Event.organiser), joinedload(Event.organisation),
            joinedload(Event.challenge), joinedload(Event.call)]


def visible(viewer: Any) -> Select:
    """A select of the events the viewer may see: those of a hidden challenge only for those who see it."""
    query = select(Event).outerjoin(Challenge, Challenge.id == Event.challenge_id)
    if is_authenticated(viewer) and viewer.is_secretariat:
        return query
    return query.where(or_(Event.challenge_id.is_(None), Challenge.hidden.is_(False),
                           Challenge.owner_id == viewer.id if is_authenticated(viewer) else false()))


def upcoming(viewer: Any, now: datetime | None = None) -> Select:
    """Events not yet ended, soonest first."""
    return visible(viewer).where(Event.ends_at > (now or utcnow())).order_by(Event.starts_at, Event.id)


def past(viewer: Any, now: datetime | None = None) -> Select:
    """Events that have ended, most recent first."""
    return visible(viewer).where(Event.ends_at <= (now or utcnow())).order_by(Event.starts_at.desc(), Event.id.desc())


def get_event(session: Session, event_id: int, viewer: Any = None) -> Event:
    """The event if it exists and the viewer may see it, else NotFound."""
    event = session.get(Event, event_id, options=list_options())
    if event is None or (event.challenge is not None and not can_see_challenge(session, viewer, event.challenge)):
        raise NotFound(_("There is no such event."))
    return event


def verified_organisations(session: Session, user: Any) -> list[Organisation]:
    """The verified organisations the user administers: those they may schedule events for."""
    if not is_authenticated(user):
        return []
    return list(session.scalars(
        select(Organisation).join(OrganisationMember, OrganisationMember.organisation_id == Organisation.id)
        .where(OrganisationMember.user_id == user.id, OrganisationMember.is_admin.is_(True),
               Organisation.verified.is_(True)).order_by(Organisation.name)))


def team_solutions(session: Session, user: Any) -> list[Solution]:
    """The solutions whose team the user is on: a team schedules events for its own work."""
    if not is_authenticated(user):
        return []
    return list(session.scalars(select(Solution).join(TeamMember, TeamMember.solution_id == Solution.id)
                                .where(TeamMember.user_id == user.id).order_by(Solution.title)))


def may_schedule(session: Session, user: Any) -> bool:
    """Whether the user may schedule any event: the secretariat, an admin of a verified organisation, a team."""
    if not is_authenticated(user):
        return False
    return user.is_secretariat or bool(verified_organisations(session, user)) or bool(team_solutions(session, user))


def can_manage_event(session: Session, user: Any, event: Event) -> bool:
    """The organiser side: the one who scheduled it, its organisation's admins, its team, and the secretariat."""
    if not is_authenticated(user):
        return False
    if user.is_secretariat or event.organiser_id == user.id:
        return True
    if event.organisation_id is not None and administers(session, user, event.organisation_id):
        return True
    solution = session.get(Solution, event.solution_id) if event.solution_id else None
    return solution is not None and solution.has_member(user)


def require_manager(session: Session, user: Any, event: Event) -> None:
    """NotAllowed unless the user is on the event's organiser side."""
    if not can_manage_event(session, user, event):
        raise NotAllowed(_("Only the organiser of the event may do this."))


def _when(problems: Problems, field: str, value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        problems[field] = _("Give the date and time.")
        return None
    if not isinstance(value, str):
        problems[field] = _("Use a date and time such as 2027-03-14T19:00:00+09:00.")
        return None
    try:
        return parse_iso(value)
    except ValueError:
        problems[field] = _("Use a date and time such as 2027-03-14T19:00:00+09:00.")
        return None


def _id(problems: Problems, field: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems[field] = _("Must be a whole number.")
        return None
    return value


def _point(problems: Problems, value: Any) -> tuple[float | None, float | None]:
    if value is None:
        return None, None
    lat = value.get("lat") if isinstance(value, dict) else None
    lon = value.get("lon") if isinstance(value, dict) else None
    ok = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
    if not ok or not -90 <= lat <= 90 or not -180 <= lon <= 180 or set(value) - {"lat", "lon"}:
        problems["point"] = _("Give the point as {lat, lon}: a latitude from -90 to 90 and a longitude from -180 "
                              "to 180.")
        return None, None
    return float(lat), float(lon)


def _organiser(session: Session, actor: Any, problems: Problems, organisation_id: int | None,
               solution_id: int | None) -> tuple[Organisation | None, Solution | None]:
    """Who the event is organised by; NotAllowed when the actor may not schedule it that way."""
    if organisation_id is not None and solution_id is not None:
        problems["organisation_id"] = _("Organise it either for an organisation or for a team, not both.")
        return None, None
    if organisation_id is not None:
        org = session.get(Organisation, organisation_id)
        if org is None or not administers(session, actor, org.id):
            raise NotAllowed(_("Only admins of an organisation may schedule events for it."))
        if not org.verified:
            raise NotAllowed(_("Only organisations verified by the secretariat may schedule events."))
        return org, None
    if solution_id is not None:
        solution = session.get(Solution, solution_id)
        if solution is None or not solution.has_member(actor):
            raise NotAllowed(_("Only members of the team may schedule events for its solution."))
        return None, solution
    if not actor.is_secretariat:
        raise NotAllowed(_("Events are scheduled by the secretariat, a verified organisation or a solution's team."))
    return None, None


def check_event(session: Session, actor: Any, data: dict[str, Any], now: datetime | None = None,
                editing: Event | None = None) -> dict[str, Any]:
    """The event's cleaned fields, or ValidationFailed listing every problem (NotAllowed for the organiser).

    When `editing` an event, its organiser stays as it is (an organisation or a team does not change hands)."""
    now = now or utcnow()
    problems = Problems()
    values: dict[str, Any] = {
        "title": problems.text("title", data.get("title"), max_length=TITLE_MAX, single_line=True,
                               required=_("Give the event a title.")),
        "description": problems.text("description", data.get("description"), max_length=DESCRIPTION_MAX),
        "topic": problems.text("topic", data.get("topic"), max_length=TOPIC_MAX, single_line=True),
        "address": problems.text("address", data.get("address"), max_length=ADDRESS_MAX, single_line=True),
        "online_url": problems.text("online_url", data.get("online_url"), max_length=URL_MAX, single_line=True),
    }
    if editing is not None:
        org, solution = editing.organisation, editing.solution
    else:
        org, solution = _organiser(session, actor, problems,
                                   _id(problems, "organisation_id", data.get("organisation_id")),
                                   _id(problems, "solution_id", data.get("solution_id")))
    values["organisation_id"] = org.id if org else None
    values["solution_id"] = solution.id if solution else None
    starts, ends = _when(problems, "starts_at", data.get("starts_at")), _when(problems, "ends_at", data.get("ends_at"))
    if starts is not None and starts <= now:
        problems["starts_at"] = _("The start must be in the future.")
    if starts is not None and ends is not None:
        if ends <= starts:
            problems["ends_at"] = _("The end must be after the start.")
        elif ends - starts > LONGEST:
            problems["ends_at"] = _("An event may last at most 14 days.")
    values["starts_at"], values["ends_at"] = starts, ends
    challenge_id = _id(problems, "challenge_id", data.get("challenge_id"))
    if solution is not None:
        if challenge_id not in (None, solution.challenge_id):
            problems["challenge_id"] = _("A team's event is about the challenge of its solution.")
        challenge_id = solution.challenge_id
    if challenge_id is not None:
        challenge = session.get(Challenge, challenge_id)
        if challenge is None or not can_see_challenge(session, actor, challenge):
            problems["challenge_id"] = _("There is no such challenge.")
    call_id = _id(problems, "call_id", data.get("call_id"))
    if call_id is not None and session.get(Call, call_id) is None:
        problems["call_id"] = _("There is no such call.")
    if challenge_id is None and call_id is None and not values["topic"] and "topic" not in problems:
        problems["topic"] = _("Say what the event is about: choose a challenge or a call, or give a topic.")
    values["challenge_id"], values["call_id"] = challenge_id, call_id
    code = data.get("district")
    district = places.get_district(session, code) if isinstance(code, str) else None
    if code not in (None, "") and district is None:
        problems["district"] = _("Choose one of the districts.")
    values["district_code"] = district.code if district else None
    if values["address"] and district is None and "district" not in problems:
        problems["district"] = _("Choose the district the address is in.")
    url = values["online_url"]
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        problems["online_url"] = _("Give a web address starting with https://.")
    if not url and district is None and not problems.get("district") and "online_url" not in problems:
        problems["address"] = _("Give a place (a district and an address) or an online link.")
    elif district is not None and not values["address"] and "address" not in problems:
        problems["address"] = _("Give the address in the district.")
    values["lat"], values["lon"] = _point(problems, data.get("point"))
    capacity = data.get("capacity")
    if isinstance(capacity, str) and capacity.strip().isdigit():
        capacity = int(capacity)
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= CAPACITY_MAX:
        problems["capacity"] = _("Give the number of places: a whole number from 1 to %(n)d.", n=CAPACITY_MAX)
    values["capacity"] = capacity
    problems.raise_if_any()
    return values


def create_event(session: Session, actor: Any, data: dict[str, Any], now: datetime | None = None) -> Event:
    """Schedule an event (secretariat, an admin of a verified organisation, or a team for its solution)."""
    if not is_authenticated(actor):
        raise NotAllowed(_("Sign in to schedule an event."))
    values = check_event(session, actor, data, now)
    event = Event(organiser_id=actor.id, **values)
    session.add(event)
    session.flush()
    return event


def current_data(event: Event) -> dict[str, Any]:
    """The event's editable fields as check_event takes them (a PATCH is laid over these)."""
    return {"title": event.title, "description": event.description, "starts_at": event.starts_at,
            "ends_at": event.ends_at, "challenge_id": event.challenge_id, "call_id": event.call_id,
            "topic": event.topic,
            "district": event.district_code, "address": event.address, "online_url": event.online_url,
            "point": {"lat": event.lat, "lon": event.lon} if event.lat is not None and event.lon is not None else None,
            "capacity": event.capacity}


def _open_for_changes(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise RuleViolation(_("The event is cancelled; it can no longer be changed."), code="event_cancelled")
    if event.starts_at <= now:
        raise RuleViolation(_("The event has begun; it can no longer be changed."), code="event_started")


def _signed_up(session: Session, event: Event) -> list[int]:
    """The members with a seat or a place in line."""
    return list(session.scalars(select(EventRegistration.user_id).where(EventRegistration.event_id == event.id)
                                .order_by(EventRegistration.id)))


def _when_text(moment: datetime) -> str:
    """A start in local time, the same for every reader (a notification's text is filled in later)."""
    return format_datetime(moment, "yyyy-MM-dd HH:mm")


def update_event(session: Session, actor: Any, event: Event, data: dict[str, Any],
                 now: datetime | None = None) -> Event:
    """Change an event's details (the organiser side, until it begins); `data` holds the fields that change.

    Lowering the places below the seats already taken is refused (nobody loses a seat without being asked);
    raising them gives the new seats to the waiting list in order. Members with a seat or a place in line are told
    when the time or the place changes, and a changed start re-arms the day-before reminder."""
    require_manager(session, actor, event)
    now = now or utcnow()
    event = lock_event(session, event.id)
    _open_for_changes(event, now)
    values = check_event(session, actor, {**current_data(event), **data}, now, editing=event)
    taken = count(session, event.id, RegistrationStatus.registered)
    if values["capacity"] < taken:
        raise ValidationFailed(_("Please correct the marked fields."), {"capacity": ngettext(
            "%(num)d member already has a seat: give at least %(num)d place. To have fewer, members must cancel "
            "first.", "%(num)d members already have a seat: give at least %(num)d places. To have fewer, members "
            "must cancel first.", taken)})
    changed = {name for name, value in values.items() if getattr(event, name) != value}
    if not changed:
        return event
    for name in changed:
        setattr(event, name, values[name])
    event.sequence = (event.sequence or 0) + 1
    session.flush()
    if "starts_at" in changed:
        session.execute(update(EventRegistration).where(EventRegistration.event_id == event.id)
                        .values(reminded_at=None), execution_options={"synchronize_session": False})
    fill_seats(session, event, now)
    if changed & set(WHERE_AND_WHEN):
        notify(session, _signed_up(session, event), "event_changed", actor, event_link(event.id), event=event.title,
               when=_when_text(event.starts_at), place=event.address or event.online_url)
    return event


def cancel_event(session: Session, actor: Any, event: Event, note: Any = "", now: datetime | None = None) -> Event:
    """Call the event off (the organiser side, until it begins): it stays, marked cancelled and closed to
    registration, and everyone with a seat or a place in line is told."""
    require_manager(session, actor, event)
    now = now or utcnow()
    event = lock_event(session, event.id)
    if event.is_cancelled:
        raise RuleViolation(_("The event is already cancelled."), code="already_cancelled")
    _open_for_changes(event, now)
    problems = Problems()
    text = problems.text("note", note, max_length=NOTE_MAX)
    problems.raise_if_any()
    event.cancelled_at, event.cancellation_note = now, text
    event.sequence = (event.sequence or 0) + 1
    session.flush()
    notify(session, _signed_up(session, event), "event_cancelled", actor, event_link(event.id), event=event.title,
           when=_when_text(event.starts_at))
    return event


def post_minutes(session: Session, actor: Any, event: Event, minutes: Any, now: datetime | None = None) -> Event:
    """Post (or correct) the minutes of an event that has ended; the organiser side only."""
    require_manager(session, actor, event)
    now = now or utcnow()
    if not event.is_past(now):
        raise RuleViolation(_("The minutes can be posted once the event has ended."), code="not_ended")
    problems = Problems()
    text = problems.text("minutes", minutes, max_length=MINUTES_MAX, required=_("Write the minutes."))
    problems.raise_if_any()
    event.minutes = text
    event.minutes_posted_at = event.minutes_posted_at or now
    return event


def place_text(event: Event, lang: str | None = None) -> str:
    """Where the event is, in words: the address and its district, or "Online"."""
    parts = [p for p in (event.address, places.district_name(event.district, lang)) if p]
    return ", ".join(parts) if parts else (_("Online") if event.online_url else "")


def of_challenge(session: Session, viewer: Any, challenge: Challenge, limit: int = 6) -> dict[str, list[Event]]:
    """The challenge's latest events the viewer may see (one query), as {"upcoming": soonest first, "past": newest
    first}."""
    now = utcnow()
    rows = session.scalars(visible(viewer).where(Event.challenge_id == challenge.id)
                           .options(*list_options()).order_by(Event.starts_at.desc()).limit(limit)).unique().all()
    return {"upcoming": [e for e in reversed(rows) if not e.is_past(now)], "past": [e for e in rows if e.is_past(now)]}


def next_change(shown: dict[str, list[Event]], now: datetime | None = None) -> datetime | None:
    """When a page showing these events (of_challenge's answer) next reads differently: the soonest start or end
    still ahead of an upcoming one (at its end it moves to the past ones). None when nothing is ahead."""
    now = now or utcnow()
    ahead = [m for e in shown["upcoming"] for m in (e.starts_at, e.ends_at) if m > now]
    return min(ahead, default=None)


def of_call(session: Session, viewer: Any, call: Call, limit: int = 10) -> list[Event]:
    """The call's events not yet ended that the viewer may see, soonest first (one query)."""
    return list(session.scalars(upcoming(viewer).where(Event.call_id == call.id).options(*list_options())
                                .limit(limit)).unique())
