"""Challenge rules: post (as yourself or for an organisation), edit, close and hide (search.query lists them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, joinedload, selectinload

from socialchallenge.core.ranges import MIN_SOLUTIONS, MIN_SOLUTIONS_MAX, MIN_SOLUTIONS_MIN
from socialchallenge.core.text import clean_text
from socialchallenge.errors import NotAllowed, RuleViolation, ValidationFailed
from socialchallenge.models import Challenge, ChallengeSdg, ChallengeStatus, Organisation, Tag, User
from socialchallenge.pipeline import outcomes
from socialchallenge.pipeline.access import administers, can_manage
from socialchallenge.pipeline.locks import lock_challenge
from socialchallenge.pipeline.stages import CHALLENGE_FIELDS, missing_challenge_fields
from socialchallenge.pipeline.validation import clean_and_collect, invalid
from socialchallenge.places import apply_place, clean_place
from socialchallenge.timeutil import parse_iso, utcnow

HIDDEN_REASON_MAX = 500


def _deadline(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = parse_iso(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise invalid({
                "solution_deadline": _("Must be a date and time (ISO 8601)."),
            })
    if parsed <= utcnow():
        raise invalid({
            "solution_deadline": _("The deadline must be in the future."),
        })
    return parsed


def _place(session: Session, values: dict[str, Any]) -> tuple[dict, dict[str, str]]:
    """(the district and point to set, their problems): taken out of `values` so they are reported with the rest."""
    try:
        return clean_place(session, values), {}
    except ValidationFailed as exc:
        return {}, dict(exc.fields)


def _district_given(place: dict[str, Any], current: str | None = None) -> frozenset[str]:
    """{"district"} when the challenge will have a district (set now, or kept from before): it stands in for the
    place in words."""
    return frozenset({"district"}) if place.get("district_code", current) else frozenset()


def _checked(values: dict[str, Any], deadline: Any, emptied_only: bool = False,
             extra: dict[str, str] | None = None, given: frozenset[str] = frozenset()) -> tuple[dict, Any]:
    """(cleaned values, deadline), or one ValidationFailed with every problem at once: bad values (and `extra` ones),
    the deadline and the required fields left blank (only those sent blank when `emptied_only`, for an edit); a
    field that one in `given` stands in for is not required."""
    cleaned, errors = clean_and_collect(CHALLENGE_FIELDS, values)
    errors.update(extra or {})
    missing = {k: v for k, v in missing_challenge_fields(cleaned, given).items()
               if k not in errors and (k in cleaned or not emptied_only)}
    try:
        deadline = _deadline(deadline)
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if errors:
        raise invalid({**errors, **missing})
    if missing:
        raise ValidationFailed(_("Required fields cannot be emptied.") if emptied_only
                               else _("Please fill in the required fields."), missing)
    return cleaned, deadline


def _tags_named(session: Session, names: list[str]) -> list[Tag]:
    if not names:
        return []
    # Two people may coin the same new tag at once: insert-if-absent lets the database settle it
    # instead of failing one request on the unique name.
    insert = (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(Tag)
    session.execute(insert.values([{"name": name} for name in names]).on_conflict_do_nothing(index_elements=["name"]))
    by_name = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(names)))}
    return [by_name[name] for name in names]


def _apply(session: Session, challenge: Challenge, cleaned: dict[str, Any]) -> None:
    # No autoflush: looking up tags must not flush a new challenge before its columns are set.
    with session.no_autoflush:
        for name, value in cleaned.items():
            if name == "tags":
                challenge.tags = _tags_named(session, value)
            elif name == "sdgs":
                keep = [row for row in challenge.sdg_rows if row.sdg in value]
                have = {row.sdg for row in keep}
                challenge.sdg_rows = keep + [ChallengeSdg(sdg=n) for n in value if n not in have]
            else:
                setattr(challenge, name, value)


def create_challenge(session: Session, actor: User, values: dict[str, Any]) -> Challenge:
    """Post a challenge; `values` holds the challenge fields and optional `solution_deadline`, `organisation_id`,
    `district` (a code; without it the district is matched from `area`) and `point` ({lat, lon})."""
    values = dict(values)
    deadline = values.pop("solution_deadline", None)
    organisation_id = values.pop("organisation_id", None)
    place, place_errors = _place(session, values)
    cleaned, deadline = _checked(values, deadline, extra=place_errors, given=_district_given(place))
    if organisation_id is not None:
        if isinstance(organisation_id, bool) or not isinstance(organisation_id, int) or session.get(
            Organisation, organisation_id
        ) is None:
            raise invalid({"organisation_id": _("No such organisation.")})
        if not administers(session, actor, organisation_id):
            raise NotAllowed(_("Only admins of an organisation may post on its behalf."))
    challenge = Challenge(owner_id=actor.id, organisation_id=organisation_id, solution_deadline=deadline)
    session.add(challenge)
    _apply(session, challenge, cleaned)
    apply_place(session, challenge, place)
    session.flush()
    return challenge


def update_challenge(session: Session, actor: User, challenge: Challenge, values: dict[str, Any]) -> Challenge:
    """Edit a challenge: its owner side or the secretariat; status, hiding and `min_solutions` as their rules allow."""
    manager = can_manage(session, actor, challenge)
    staff = actor.is_secretariat
    if not (manager or staff):
        raise NotAllowed(_("Only the owner of the challenge or the secretariat may edit it."))
    values = dict(values)
    special = {k: values.pop(k) for k in ("solution_deadline", "status", "min_solutions", "hidden", "hidden_reason",
                                          "answers") if k in values}
    terms = {k: values.pop(k) for k in PRIZE_TERMS if k in values}
    place, place_errors = _place(session, values)
    if "district_code" in place and place["district_code"] is None and "area" not in values:
        values["area"] = challenge.area  # clearing the district: the place in words must then be there
    cleaned, deadline = _checked(values, special.get("solution_deadline"), emptied_only=True, extra=place_errors,
                                 given=_district_given(place, challenge.district_code))
    if ("min_solutions" in special or "hidden" in special or "hidden_reason" in special) and not staff:
        raise NotAllowed(_("Only the secretariat may set the selection threshold or hide a challenge."))
    if "min_solutions" in special:
        n = special["min_solutions"]
        if isinstance(n, bool) or not isinstance(n, int) or n not in MIN_SOLUTIONS:
            raise invalid({"min_solutions": _("Must be between %(low)d and %(high)d.",
                                              low=MIN_SOLUTIONS_MIN, high=MIN_SOLUTIONS_MAX)})
        challenge.min_solutions = n
    if terms:
        _set_prize_terms(challenge, terms, staff)
    if "hidden" in special:
        set_hidden(challenge, special["hidden"], special.get("hidden_reason"))
    if "solution_deadline" in special:
        challenge.solution_deadline = deadline
    if "status" in special or "answers" in special:
        _answer_unpicked(session, actor, challenge, special.get("status", challenge.status), special.get("answers"))
    _apply(session, challenge, cleaned)
    apply_place(session, challenge, place)
    session.flush()
    return challenge


# A single challenge's own prize and mentoring terms (issue 15 item 2): API field → (column, highest value).
PRIZE_TERMS = {"prize_per_winner": ("prize_per_winner", 1_000_000_000_000), "winners": ("prize_winners", 3),
               "mentoring_months": ("mentoring_months", 24)}


def _set_prize_terms(challenge: Challenge, terms: dict[str, Any], staff: bool) -> None:
    """The secretariat sets the prize and mentoring terms of a challenge in no call (a call's terms apply else)."""
    if not staff:
        raise NotAllowed(_("Only the secretariat may set prize money and mentoring terms."))
    if challenge.call_id is not None:
        raise RuleViolation(_("This challenge is part of a call: the call's terms apply."), code="in_call")
    errors = {}
    for name, value in terms.items():
        column, top = PRIZE_TERMS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            errors[name] = _("Must be a whole number from 0 to %(top)d.", top=top)
        else:
            setattr(challenge, column, value)
    if errors:
        raise invalid(errors)


def set_status(challenge: Challenge, status: Any) -> None:
    """Close or reopen a challenge (the caller checked who acts); an adopted challenge stays closed."""
    try:
        status = ChallengeStatus(status)
    except ValueError:
        raise invalid({"status": _("Use open or closed.")}) from None
    if status == ChallengeStatus.open and challenge.adopted_solution_id is not None:
        raise RuleViolation(_("A challenge with an adopted solution stays closed."), code="already_adopted")
    challenge.status = status


def _answer_unpicked(session: Session, actor: User, challenge: Challenge, status: Any, answers: Any) -> None:
    """Set the status; closing publishes an outcome for every unpicked solution (each needs a reason), reopening
    takes them back; `answers` are the reasons by solution id."""
    solutions = lock_challenge(session, challenge.id)
    reasons = outcomes.clean_answers(answers, solutions)
    was = challenge.status
    set_status(challenge, status)
    closing = was == ChallengeStatus.open and challenge.status == ChallengeStatus.closed
    if closing:
        outcomes.require_answers(outcomes.unanswered(solutions), reasons)
    outcomes.keep_answers(solutions, reasons)
    if closing:
        outcomes.publish(session, actor, challenge, solutions, reasons)
    elif was == ChallengeStatus.closed and challenge.status == ChallengeStatus.open:
        outcomes.withdraw(solutions)


def close_challenge(session: Session, actor: User, challenge: Challenge, answers: Any = None) -> Challenge:
    """Stop taking solutions: by the owner side or the secretariat, with a reason for each unpicked solution."""
    return update_challenge(session, actor, challenge, {"status": ChallengeStatus.closed.value, "answers": answers})


def set_hidden(challenge: Challenge, hidden: Any, reason: Any = None) -> None:
    """Hide a challenge from the public (moderation) or show it again; the caller checked it is the secretariat."""
    if not isinstance(hidden, bool):
        raise invalid({"hidden": _("Must be true or false.")})
    reason = clean_text("hidden_reason", reason, max_length=HIDDEN_REASON_MAX)
    challenge.hidden = hidden
    challenge.hidden_reason = reason or None if hidden else None


def summary_options() -> list:
    """Loader options that make a page of challenge summaries (the API's list) a fixed number of queries."""
    return [
        joinedload(Challenge.owner),
        joinedload(Challenge.organisation),
        joinedload(Challenge.cover),
        joinedload(Challenge.district),
        selectinload(Challenge.tags),
        selectinload(Challenge.sdg_rows),
    ]


def list_options() -> list:
    """Loader options that make a page of challenges (and their serialisation) a fixed number of queries: the
    summaries' and the selected solutions (the cards show how many were picked)."""
    return [*summary_options(), selectinload(Challenge.selected_solutions)]
