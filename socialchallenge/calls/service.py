"""Calls for challenges: who may open one, its terms and pool checked, challenges submitted into an open call."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from socialchallenge import audit
from socialchallenge.core.ranges import SDG_MAX, SDG_MIN
from socialchallenge.core.text import Problems
from socialchallenge.errors import NotAllowed, NotFound, RuleViolation
from socialchallenge.models import Challenge, ChallengeStatus, Organisation, User
from socialchallenge.models.calls import MAX_WINNERS, Call, MatchPool
from socialchallenge.pipeline.access import administered_organisations, is_authenticated, require_manager
from socialchallenge.timeutil import parse_iso, utcnow

TITLE_MAX, DESCRIPTION_MAX, AREAS_MAX = 120, 5000, 30
MONEY_MAX = 10_000_000_000  # ₩10 billion: a prize or a pool beyond this is a typing mistake
MENTORING_MAX, RATIO_MAX = 24, 5


def verified_organisations(session: Session) -> list[Organisation]:
    """Every verified organisation, by name: the possible organisers and funders."""
    return list(session.scalars(select(Organisation).where(Organisation.verified.is_(True))
                                .order_by(Organisation.name)))


def organisers_for(session: Session, user: Any) -> list[Organisation]:
    """The organisations the user may open a call for: any verified one for the secretariat, else the verified
    organisations the user administers."""
    if not is_authenticated(user):
        return []
    if user.is_secretariat:
        return verified_organisations(session)
    return [o for o in administered_organisations(session, user) if o.verified]


def may_open_calls(session: Session, user: Any) -> bool:
    """Whether the user may open a call (the secretariat, or an admin of a verified organisation)."""
    return is_authenticated(user) and (user.is_secretariat or bool(organisers_for(session, user)))


def _int(problems: Problems, field: str, value: Any, low: int, high: int, message: str) -> int:
    if value is None or value == "":
        value = 0
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        problems[field] = message
        return 0
    return value


def _moment(problems: Problems, field: str, value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str) and value.strip():
        try:
            return parse_iso(value.strip())
        except ValueError:
            pass
    problems[field] = _("Give a date and time (YYYY-MM-DDTHH:MM).")
    return None


def _areas(problems: Problems, value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        problems["areas"] = _("Must be a list of area names.")
        return []
    areas = list(dict.fromkeys(a.strip() for a in value if a.strip()))
    if len(areas) > AREAS_MAX or any(len(a) > 120 for a in areas):
        problems["areas"] = _("At most %(n)d areas of at most 120 characters each.", n=AREAS_MAX)
    return areas


def _sdgs(problems: Problems, value: Any) -> list[int]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(n, int) and not isinstance(n, bool) and SDG_MIN <= n <= SDG_MAX
                                              for n in value):
        problems["sdgs"] = _("Choose goals between %(min)d and %(max)d.", min=SDG_MIN, max=SDG_MAX)
        return []
    return sorted(set(value))


def _pool(session: Session, problems: Problems, match: Any) -> dict | None:
    if match is None:
        return None
    if not isinstance(match, dict):
        problems["match"] = _("Must be an object with funder_id, pool, ratio and cap_per_campaign.")
        return None
    funder = session.get(Organisation, match.get("funder_id")) if isinstance(match.get("funder_id"), int) else None
    if funder is None or not funder.verified:
        problems["match.funder_id"] = _("Choose a verified organisation as the funder.")
    pool = _int(problems, "match.pool", match.get("pool"), 1, MONEY_MAX, _("Enter the pool as a whole amount."))
    ratio = _int(problems, "match.ratio", match.get("ratio", 1) or 1, 1, RATIO_MAX,
                 _("The ratio is a whole number from 1 to %(n)d.", n=RATIO_MAX))
    cap = _int(problems, "match.cap_per_campaign", match.get("cap_per_campaign"), 1, MONEY_MAX,
               _("Enter the cap per campaign as a whole amount."))
    if pool and cap and cap > pool:
        problems["match.cap_per_campaign"] = _("The cap per campaign cannot be more than the pool.")
    return {"funder_id": funder.id if funder else None, "amount": pool, "ratio": ratio, "cap_per_campaign": cap}


def create_call(session: Session, actor: User, data: dict[str, Any]) -> Call:
    """Open a call (the secretariat, or an admin of the verified organiser); every problem reported at once."""
    if not may_open_calls(session, actor):
        raise NotAllowed(_("Only the secretariat and verified organisations open calls."))
    problems = Problems()
    title = problems.text("title", data.get("title"), required=_("Enter a title."), max_length=TITLE_MAX,
                          single_line=True)
    description = problems.text("description", data.get("description"), required=_("Describe the call."),
                                max_length=DESCRIPTION_MAX)
    organisers = {o.id: o for o in organisers_for(session, actor)}
    organiser = organisers.get(data.get("organiser_id")) if isinstance(data.get("organiser_id"), int) else None
    if organiser is None:
        problems["organiser_id"] = _("Choose a verified organisation you may open calls for.")
    opens_at = _moment(problems, "opens_at", data.get("opens_at"))
    closes_at = _moment(problems, "closes_at", data.get("closes_at"))
    if opens_at and closes_at and closes_at <= opens_at:
        problems["closes_at"] = _("The call must close after it opens.")
    prize = _int(problems, "prize_per_winner", data.get("prize_per_winner"), 0, MONEY_MAX,
                 _("Enter the prize as a whole amount (0 for none)."))
    winners = _int(problems, "winners", data.get("winners"), 0, MAX_WINNERS,
                   _("Between 0 and %(n)d winners.", n=MAX_WINNERS))
    if prize and not winners:
        problems["winners"] = _("Say how many picked solutions get the prize (1 to %(n)d).", n=MAX_WINNERS)
    months = _int(problems, "mentoring_months", data.get("mentoring_months"), 0, MENTORING_MAX,
                  _("Between 0 and %(n)d months.", n=MENTORING_MAX))
    areas = _areas(problems, data.get("areas"))
    sdgs = _sdgs(problems, data.get("sdgs"))
    pool = _pool(session, problems, data.get("match"))
    problems.raise_if_any(_("Please correct the marked fields."))
    call = Call(title=title, description=description, organiser_id=organiser.id, opens_at=opens_at,
                closes_at=closes_at, areas=areas, sdgs=sdgs, currency=current_app.config["CURRENCY"].upper(),
                prize_per_winner=prize, winners=winners, mentoring_months=months, created_by_id=actor.id)
    session.add(call)
    session.flush()
    if pool is not None:
        session.add(MatchPool(call_id=call.id, **pool))
        session.flush()
    audit.record(session, actor, "call.create", call, None, {
        "title": title, "organiser_id": organiser.id, "prize_per_winner": prize, "winners": winners,
        "mentoring_months": months, "match": pool})
    return call


def get_call(session: Session, call_id: Any) -> Call:
    """The call with its organiser and pool, else NotFound."""
    call = session.get(Call, call_id, options=[selectinload(Call.organiser), selectinload(Call.pool)]) \
        if isinstance(call_id, int) and not isinstance(call_id, bool) else None
    if call is None:
        raise NotFound(_("There is no such call."))
    return call


def all_calls(session: Session) -> list[Call]:
    """Every call, the latest to close first."""
    return list(session.scalars(select(Call).options(selectinload(Call.organiser), selectinload(Call.pool))
                                .order_by(Call.closes_at.desc(), Call.id.desc())))


def _names_of_place(challenge: Challenge) -> set[str]:
    """Every name an eligible area may give for where the challenge is: its place in words, its district's code and
    its district's names in both languages (a district from the list stands in for the place in words)."""
    district = challenge.district
    names = {challenge.area, *((district.code, district.name_ko, district.name_en) if district else ())}
    return {n.strip().casefold() for n in names if n and n.strip()}


def eligibility_problem(call: Call, challenge: Challenge) -> str | None:
    """Why the challenge does not fit the call's eligible areas and SDGs, or None when it does."""
    if call.areas and not _names_of_place(challenge) & {a.casefold() for a in call.areas}:
        return _("This call takes challenges in these areas only: %(areas)s.", areas=", ".join(call.areas))
    if call.sdgs and not set(call.sdgs) & set(challenge.sdgs):
        return _("This call takes challenges about these goals only: %(sdgs)s.",
                 sdgs=", ".join(str(n) for n in call.sdgs))
    return None


def submit_challenge(session: Session, actor: User, call: Call, challenge: Challenge,
                     now: datetime | None = None) -> Challenge:
    """The challenge's owner submits it into the call while the call is open (409 `call_closed` otherwise)."""
    now = now or utcnow()
    require_manager(session, actor, challenge)
    if not call.is_open_at(now):
        raise RuleViolation(_("This call is not open: it takes challenges from %(opens)s until %(closes)s.",
                              opens=call.opens_at.strftime("%Y-%m-%d %H:%M"),
                              closes=call.closes_at.strftime("%Y-%m-%d %H:%M")), code="call_closed")
    if challenge.call_id == call.id:
        raise RuleViolation(_("This challenge is already in this call."), code="already_in_call")
    if challenge.call_id is not None:
        raise RuleViolation(_("This challenge is already in another call."), code="in_another_call")
    if challenge.status != ChallengeStatus.open or challenge.hidden:
        raise RuleViolation(_("Only an open challenge can be submitted to a call."), code="challenge_closed")
    problem = eligibility_problem(call, challenge)
    if problem:
        raise RuleViolation(problem, code="not_eligible")
    challenge.call_id = call.id
    session.flush()
    audit.record(session, actor, "call.challenge", challenge, {"call_id": None}, {"call_id": call.id})
    return challenge


def submittable_challenges(session: Session, user: Any, call: Call) -> list[Challenge]:
    """The open challenges outside any call that the user manages, for the call page's submit form."""
    if not is_authenticated(user):
        return []
    org_ids = [o.id for o in administered_organisations(session, user)]
    manage = Challenge.owner_id == user.id
    if org_ids:
        manage = manage | Challenge.organisation_id.in_(org_ids)
    return list(session.scalars(
        select(Challenge).where(manage, Challenge.call_id.is_(None), Challenge.status == ChallengeStatus.open,
                                Challenge.hidden.is_(False))
        .options(selectinload(Challenge.sdg_rows)).order_by(Challenge.created_at.desc()).limit(50)))
