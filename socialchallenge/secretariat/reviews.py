"""Campaign reviews: the hearing sheet (a checklist the secretariat goes through with the team), saved with the
decision; the decision itself (saved and audited) is pipeline.transitions.review_campaign."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from socialchallenge.core.text import clean_text
from socialchallenge.errors import NotFound, ValidationFailed
from socialchallenge.models import Campaign, CampaignStatus, Solution, User
from socialchallenge.models.secretariat import HearingSheet
from socialchallenge.pipeline.hearing_sheet import CHECKLIST
from socialchallenge.pipeline.transitions import REVIEW_MESSAGE_MAX, review_campaign
from socialchallenge.secretariat.access import require_staff

NOTES_MAX = 5000


def waiting() -> Select:
    """Campaigns waiting for review, oldest request first, with their solution and challenge."""
    return (
        select(Campaign).where(Campaign.status == CampaignStatus.review)
        .options(joinedload(Campaign.solution).joinedload(Solution.challenge))
        .order_by(Campaign.requested_at, Campaign.id)
    )


def get_campaign(session: Session, campaign_id: Any) -> Campaign:
    """A campaign with its solution's budget, team and rewards, else NotFound."""
    campaign = session.get(Campaign, campaign_id, options=[
        joinedload(Campaign.solution).selectinload(Solution.budget_lines),
        joinedload(Campaign.solution).selectinload(Solution.team),
    ]) if isinstance(campaign_id, int) else None
    if campaign is None:
        raise NotFound(_("There is no such campaign."))
    return campaign


def sheets_of(campaign: Campaign) -> Select:
    """Every hearing sheet of the campaign's solution (earlier rounds too), newest first."""
    return (
        select(HearingSheet).join(Campaign, Campaign.id == HearingSheet.campaign_id)
        .where(Campaign.solution_id == campaign.solution_id)
        .options(selectinload(HearingSheet.reviewer)).order_by(HearingSheet.id.desc())
    )


def clean_checks(raw: Any) -> dict[str, bool]:
    """{key: bool} for every checklist item (missing ones are False), or ValidationFailed."""
    if raw is None:
        raw = {}
    if isinstance(raw, (list, tuple, set)):  # the ticked keys, as a form sends them
        raw = {key: True for key in raw}
    if not isinstance(raw, dict):
        raise ValidationFailed(_("Please correct the marked fields."), {"checklist": _("Must be an object.")})
    unknown = sorted(set(raw) - set(CHECKLIST))
    if unknown:
        raise ValidationFailed(_("Please correct the marked fields."),
                               {"checklist": _("Unknown items: %(names)s", names=", ".join(unknown))})
    if not all(isinstance(v, bool) for v in raw.values()):
        raise ValidationFailed(_("Please correct the marked fields."), {"checklist": _("Use true or false.")})
    return {key: bool(raw.get(key, False)) for key in CHECKLIST}


def decide(session: Session, actor: User, campaign: Campaign, decision: Any, message: Any = "",
           checklist: Any = None, notes: Any = "") -> HearingSheet:
    """Save the hearing sheet and make the decision (approve: the campaign goes live; request_changes)."""
    require_staff(actor)
    checks = clean_checks(checklist)
    notes = clean_text("notes", notes, max_length=NOTES_MAX)
    sheet = HearingSheet(checks=checks, notes=notes)
    review_campaign(session, actor, campaign, decision, message if message is not None else "", sheet=sheet)
    return sheet


__all__ = ["CHECKLIST", "REVIEW_MESSAGE_MAX", "decide", "clean_checks", "get_campaign", "sheets_of", "waiting"]
