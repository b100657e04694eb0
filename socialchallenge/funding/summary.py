"""What a campaign shows: totals, percent, days left, rewards, skill hours, and its pledges over time."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialchallenge import pagecache
from socialchallenge.core.plain import plain
from socialchallenge.extensions import db
from socialchallenge.funding.reconcile import PLEDGED_KINDS
from socialchallenge.funding.rewards import reward_json, rewards_of
from socialchallenge.funding.skills import hours_summary
from socialchallenge.models import (
    Campaign,
    CampaignStatus,
    LedgerEntry,
    LedgerKind,
    Organisation,
    Pledge,
    Solution,
)
from socialchallenge.models.calls import Call, MatchPool, PrizeAward
from socialchallenge.timeutil import utcnow

CHART_W, CHART_H, PAD, PAD_LEFT = 600, 260, 24, 112


def percent(campaign: Campaign) -> int:
    """Raised (pledged, matched, prize money and contributions) as a whole percentage of the goal (may pass 100)."""
    return 100 if campaign.goal <= 0 else campaign.raised * 100 // campaign.goal


def days_left(campaign: Campaign, now: datetime | None = None) -> int:
    """Whole days (rounded up) until the deadline; 0 once it has passed or the campaign is not live."""
    if campaign.status != CampaignStatus.live or campaign.deadline is None:
        return 0
    seconds = (campaign.deadline - (now or utcnow())).total_seconds()
    return max(math.ceil(seconds / 86400), 0)


def campaign_extras(campaign: Campaign, with_rewards: bool = False) -> dict:
    """The money part of the API's campaign shape (no query); rewards and skill hours only when asked for."""
    data = {
        "pledged": campaign.pledged,
        "matched": campaign.matched,
        "prize": campaign.prize,
        "contributed": campaign.contributed,
        "raised": campaign.raised,
        "collected": campaign.collected,
        "backers": campaign.backers,
        "percent": percent(campaign),
        "days_left": days_left(campaign),
        "settled_at": campaign.settled_at.isoformat() if campaign.settled_at else None,
    }
    if with_rewards:
        data["rewards"] = [reward_json(r) for r in rewards_of(db.session, campaign.solution_id)]
        data["skill_hours"] = hours_summary(db.session, campaign.solution_id)
    return data


def campaign_json(campaign: Campaign | None, with_rewards: bool = False) -> dict | None:
    """A campaign in the API shape of SPEC §5.1 (the API and the campaign box both read it; rewards: one query)."""
    if campaign is None:
        return None
    return {
        "id": campaign.id,
        "solution_id": campaign.solution_id,
        "status": campaign.status.value,
        "goal": campaign.goal,
        "optimum": campaign.optimum,
        "currency": campaign.currency,
        "deadline": plain(campaign.deadline),
        "funding_model": plain(campaign.funding_model),
        "campaign_days": campaign.campaign_days,
        "requested_at": plain(campaign.requested_at),
        "reviewed_at": plain(campaign.reviewed_at),
        "review_message": campaign.review_message,
        "launched_at": plain(campaign.launched_at),
        # pledged, collected, backers, percent, days_left, settled_at; rewards and skill_hours when asked for
        **campaign_extras(campaign, with_rewards),
    }


def history(session: Session, campaign: Campaign) -> list[dict]:
    """Citizens' pledged money per day and the running total (no names, no single pledges; the secretariat's
    recorded contributions are not pledges)."""
    day = func.date(LedgerEntry.created_at)
    rows = session.execute(
        select(day, func.sum(LedgerEntry.amount)).join(Pledge, Pledge.id == LedgerEntry.pledge_id)
        .where(LedgerEntry.campaign_id == campaign.id, LedgerEntry.kind.in_(PLEDGED_KINDS),
               Pledge.backer_id.is_not(None))
        .group_by(day).order_by(day)
    ).all()
    points, total = [], 0
    for when, amount in rows:
        total += int(amount or 0)
        points.append({"date": when.isoformat() if isinstance(when, date) else str(when),
                       "pledged": int(amount or 0), "total": total})
    return points


def ever_pledged(session: Session, campaign: Campaign) -> int:
    """Everything ever pledged, before releases and refunds (what a failed campaign had raised)."""
    return int(session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
        LedgerEntry.campaign_id == campaign.id, LedgerEntry.kind == LedgerKind.pledged)) or 0)


def nice_ticks(top: int, count: int = 4) -> list[int]:
    """Round amounts from 0 to at least `top` for the chart's amount axis (steps of 1, 2, 2.5 or 5 × 10ⁿ)."""
    if top <= 0:
        return [0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    return [step * i for i in range(math.ceil(top / step) + 1)]


def chart(points: list[dict], goal: int) -> dict:
    """SVG geometry for the running total: a polyline, the goal line, an amount axis with ticks and date labels."""
    ticks = nice_ticks(max([goal] + [p["total"] for p in points] + [1]))
    top = ticks[-1] or 1
    left, right, top_pad, bottom_pad = PAD_LEFT, CHART_W - PAD, PAD, PAD + 8
    inner_w, inner_h = right - left, CHART_H - top_pad - bottom_pad

    def y(value: int) -> float:
        return round(top_pad + inner_h - inner_h * max(value, 0) / top, 1)

    n = len(points)
    xs = [round(left + (inner_w * i / (n - 1) if n > 1 else inner_w / 2), 1) for i in range(n)]
    line = " ".join(f"{x},{y(p['total'])}" for x, p in zip(xs, points, strict=True))
    if n == 1:
        line = f"{left},{y(0)} {line}"
    dots = [{"x": x, "y": y(p["total"]), "date": p["date"], "total": p["total"]}
            for x, p in zip(xs, points, strict=True)]
    middle = points[n // 2]["date"] if n > 2 else ""
    return {"width": CHART_W, "height": CHART_H, "pad": left, "line": line, "goal_y": y(goal), "dots": dots,
            "base_y": top_pad + inner_h, "right": right, "first": points[0]["date"] if points else "",
            "middle": middle, "middle_x": xs[n // 2] if n > 2 else 0, "label_y": CHART_H - 10,
            "last": points[-1]["date"] if points else "", "top": top,
            "ticks": [{"value": t, "y": y(t)} for t in ticks]}


def public_campaign(solution: Solution) -> Campaign | None:
    """The solution's latest campaign once backers may see it (not while in review, not when cancelled)."""
    campaign = solution.campaign
    if campaign is None or campaign.status in (CampaignStatus.review, CampaignStatus.cancelled):
        return None
    return campaign


def box(session: Session, solution: Solution) -> dict | None:
    """Everything the campaign box template needs for the solution's latest campaign, or None."""
    campaign = public_campaign(solution)
    if campaign is None:
        return None
    points = history(session, campaign)
    left = days_left(campaign)
    if left:  # a page showing it reads differently when a day runs out (one day fewer left)
        pagecache.valid_until(campaign.deadline - timedelta(days=left - 1))
    return {
        "campaign": campaign,
        "data": campaign_json(campaign, with_rewards=True),
        "points": points,
        "chart": chart(points, campaign.goal),
        "ever_pledged": ever_pledged(session, campaign) if campaign.status == CampaignStatus.failed else None,
        **call_money(session, campaign),
    }


def call_money(session: Session, campaign: Campaign) -> dict:
    """Who gave the campaign's prize and matched money (a call's organiser, or the secretariat for a single
    challenge's own prize, and the funder), for the box's lines."""
    if not (campaign.prize or campaign.matched):
        return {"prize_from": None, "matched_by": None}
    organiser = None
    if campaign.prize:
        # A call's organiser gives its prize; a single challenge's own prize comes from the secretariat.
        organiser = session.execute(select(Organisation.name).select_from(PrizeAward)
                                    .outerjoin(Call, Call.id == PrizeAward.call_id)
                                    .outerjoin(Organisation, Organisation.id == Call.organiser_id)
                                    .where(PrizeAward.campaign_id == campaign.id).limit(1)).first()
        organiser = (organiser[0] or _("the secretariat")) if organiser else None
    funder = session.scalar(select(Organisation.name).join(MatchPool, MatchPool.funder_id == Organisation.id)
                            .join(LedgerEntry, LedgerEntry.pool_id == MatchPool.id)
                            .where(LedgerEntry.campaign_id == campaign.id).limit(1)) if campaign.matched else None
    return {"prize_from": organiser, "matched_by": funder}
