"""What the home page shows: items at each stage, live campaigns closing soon, recent learnings (fixed queries)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from socialchallenge.models import Campaign, CampaignStatus, Challenge, Solution, Stage
from socialchallenge.pipeline.stages import STAGES
from socialchallenge.timeutil import utcnow

HOME_ITEMS = 4


@dataclass
class Overview:
    """The numbers and lists of the home page."""

    stage_counts: list[tuple[str, object, int]]  # (stage name, label, how many items are there now)
    closing_campaigns: list[Campaign]
    recent_learnings: list[Solution]


def home_overview(session: Session) -> Overview:
    """Counts per stage of visible items, live campaigns by deadline, the latest learnings."""
    visible = Challenge.hidden.is_(False)
    counts = {"challenge": session.scalar(select(func.count()).select_from(Challenge).where(visible)) or 0}
    counts.update({stage.value: n for stage, n in session.execute(
        select(Solution.stage, func.count()).join(Challenge, Challenge.id == Solution.challenge_id)
        .where(visible).group_by(Solution.stage))})
    campaigns = session.scalars(
        select(Campaign).join(Solution, Solution.id == Campaign.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(visible, Campaign.status == CampaignStatus.live, Campaign.deadline >= utcnow())
        .options(joinedload(Campaign.solution).joinedload(Solution.challenge))
        .order_by(Campaign.deadline, Campaign.id).limit(HOME_ITEMS)).all()
    learnings = session.scalars(
        select(Solution).join(Challenge, Challenge.id == Solution.challenge_id)
        .where(visible, Solution.stage == Stage.learnings).options(joinedload(Solution.challenge))
        .order_by(Solution.stage_entered_at.desc(), Solution.id.desc()).limit(HOME_ITEMS)).all()
    return Overview([(s.name, s.label, counts.get(s.name, 0)) for s in STAGES], list(campaigns), list(learnings))
