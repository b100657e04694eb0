"""Skill pledges: the team lists skill needs, members offer hours, the team accepts or declines."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from socialchallenge.core import events
from socialchallenge.core.text import Problems
from socialchallenge.errors import NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import SkillNeed, SkillOffer, SkillOfferStatus, Solution, User
from socialchallenge.pipeline.access import is_authenticated, require_team_member
from socialchallenge.timeutil import utcnow

SKILL_MAX = 80
TEXT_MAX = 2000
HOURS_MAX = 10_000


def _hours(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= HOURS_MAX


def _text(fields: Problems, name: str, value: Any) -> str:
    too_long = _("Use at most %(n)d characters of text.", n=TEXT_MAX)
    return fields.text(name, value, max_length=TEXT_MAX, too_long=too_long)


def needs_of(session: Session, solution_id: int) -> list[SkillNeed]:
    """The solution's skill needs with their offers (and who made them), in two queries whatever their number."""
    return list(session.scalars(
        select(SkillNeed).where(SkillNeed.solution_id == solution_id).order_by(SkillNeed.id)
        .options(selectinload(SkillNeed.offers).selectinload(SkillOffer.member))
    ))


def hours_summary(session: Session, solution_id: int) -> dict[str, int]:
    """Hours needed, offered (still open) and accepted, for the campaign box."""
    needed = session.scalar(select(func.coalesce(func.sum(SkillNeed.hours), 0))
                            .where(SkillNeed.solution_id == solution_id)) or 0
    rows = session.execute(
        select(SkillOffer.status, func.coalesce(func.sum(SkillOffer.hours), 0))
        .join(SkillNeed, SkillNeed.id == SkillOffer.need_id).where(SkillNeed.solution_id == solution_id)
        .group_by(SkillOffer.status)
    ).all()
    by_status = {status: int(hours) for status, hours in rows}
    return {"needed": int(needed), "offered": by_status.get(SkillOfferStatus.offered, 0),
            "accepted": by_status.get(SkillOfferStatus.accepted, 0)}


def get_need(session: Session, solution: Solution, need_id: int) -> SkillNeed:
    """A skill need of this solution, else NotFound."""
    need = session.get(SkillNeed, need_id)
    if need is None or need.solution_id != solution.id:
        raise NotFound(_("There is no such skill need."))
    return need


def get_offer(session: Session, solution: Solution, offer_id: int) -> SkillOffer:
    """An offer towards one of this solution's skill needs, else NotFound."""
    offer = session.get(SkillOffer, offer_id)
    if offer is None or offer.need.solution_id != solution.id:
        raise NotFound(_("There is no such offer."))
    return offer


def add_need(session: Session, actor: User, solution: Solution, values: dict[str, Any]) -> SkillNeed:
    """A team member lists a skill the team needs."""
    require_team_member(actor, solution)
    skill, hours, description = values.get("skill"), values.get("hours"), values.get("description", "")
    fields = Problems()
    name_it = _("Name the skill in at most %(n)d characters.", n=SKILL_MAX)
    skill = fields.text("skill", skill if isinstance(skill, str) else None, required=name_it, max_length=SKILL_MAX,
                        too_long=name_it, single_line=True)
    if not _hours(hours):
        fields["hours"] = _("Enter whole hours between 1 and %(n)d.", n=HOURS_MAX)
    description = _text(fields, "description", description)
    fields.raise_if_any(_("Check the fields."))
    need = SkillNeed(solution_id=solution.id, skill=skill, hours=hours, description=description)
    session.add(need)
    session.flush()
    return need


def delete_need(session: Session, actor: User, solution: Solution, need: SkillNeed) -> None:
    """A team member removes a skill need (with its offers)."""
    require_team_member(actor, solution)
    session.delete(need)
    session.flush()


def offer_hours(session: Session, member: User, need: SkillNeed, hours: Any, message: Any = "") -> SkillOffer:
    """A member offers hours towards a need; one open offer per member and need."""
    if not is_authenticated(member):
        raise RuleViolation(_("Sign in to offer your skills."), code="sign_in")
    fields = Problems()
    if not _hours(hours):
        fields["hours"] = _("Enter whole hours between 1 and %(n)d.", n=HOURS_MAX)
    message = _text(fields, "message", message)
    fields.raise_if_any(_("Check the fields."))
    existing = session.scalar(select(SkillOffer).where(SkillOffer.need_id == need.id,
                                                       SkillOffer.member_id == member.id))
    if existing is not None:
        raise RuleViolation(_("You have already offered your time for this."), code="already_offered")
    offer = SkillOffer(need_id=need.id, member_id=member.id, hours=hours, message=message)
    session.add(offer)
    session.flush()
    events.skill_offered.send(session, solution=session.get(Solution, need.solution_id), actor=member, skill=need.skill,
                              hours=hours)
    return offer


def decide_offer(session: Session, actor: User, solution: Solution, offer: SkillOffer, decision: Any) -> SkillOffer:
    """A team member accepts or declines an open offer."""
    require_team_member(actor, solution)
    if decision not in ("accept", "decline"):
        raise ValidationFailed(_("Check the fields."), {"decision": _("Use accept or decline.")})
    # Only an open offer is answered: two team members answering at once cannot both win.
    done = session.execute(
        update(SkillOffer).where(SkillOffer.id == offer.id, SkillOffer.status == SkillOfferStatus.offered)
        .values(status=SkillOfferStatus.accepted if decision == "accept" else SkillOfferStatus.declined,
                decided_at=utcnow()).execution_options(synchronize_session=False))
    session.refresh(offer, ["status", "decided_at"])
    if done.rowcount != 1:
        raise RuleViolation(_("This offer has already been answered."), code="already_decided")
    events.skill_offer_answered.send(session, solution=solution, member_id=offer.member_id,
                                     accepted=decision == "accept", skill=offer.need.skill, hours=offer.hours,
                                     actor=actor)
    return offer


def need_json(need: SkillNeed, show_offers: bool = False) -> dict:
    """A skill need; the offers (with who made them) only for the team."""
    data = {"id": need.id, "skill": need.skill, "hours": need.hours, "description": need.description,
            "hours_offered": sum(o.hours for o in need.offers if o.status != SkillOfferStatus.declined),
            "hours_accepted": sum(o.hours for o in need.offers if o.status == SkillOfferStatus.accepted)}
    if show_offers:
        data["offers"] = [offer_json(o) for o in need.offers]
    return data


def offer_json(offer: SkillOffer) -> dict:
    """A skill offer."""
    return {"id": offer.id, "need_id": offer.need_id, "member": {"id": offer.member_id, "name": offer.member.name},
            "hours": offer.hours, "message": offer.message, "status": offer.status.value}
