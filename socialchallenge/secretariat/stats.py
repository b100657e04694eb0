"""Statistics for the secretariat: items at each stage, conversion, median days in stage, money and hours
pledged, per month and per area. A fixed number of queries whatever the number of items: SQL aggregates with
GROUP BY, and medians computed here from one query's rows (the same result on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialchallenge.models import (
    Campaign,
    Challenge,
    EventKind,
    Pledge,
    PledgeStatus,
    SkillNeed,
    SkillOffer,
    SkillOfferStatus,
    Solution,
    SolutionEvent,
    Stage,
)

STAGES = ["challenge", *(s.value for s in Stage)]
COUNTED_PLEDGES = (PledgeStatus.authorized, PledgeStatus.collected)
COUNTED_OFFERS = (SkillOfferStatus.offered, SkillOfferStatus.accepted)


def month_of(session: Session, column):
    """'YYYY-MM' of a timestamp column, in the database's own dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


@dataclass
class Statistics:
    """Everything the statistics page and its CSV show."""

    stage_counts: dict[str, int] = field(default_factory=dict)
    reached: dict[str, int] = field(default_factory=dict)
    conversion: list[dict[str, Any]] = field(default_factory=list)
    median_days: dict[str, float | None] = field(default_factory=dict)
    months: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    money_pledged: int = 0
    pledges: int = 0
    hours_offered: int = 0
    hours_accepted: int = 0


def _row(table: dict, key: str) -> dict[str, Any]:
    if key not in table:
        table[key] = {"key": key, "challenges": 0, "solutions": 0, "money": 0, "pledges": 0, "hours": 0,
                      **{s.value: 0 for s in Stage}}
    return table[key]


def _durations(solutions: list, events: list) -> dict[str, list[float]]:
    """Days spent in each stage that a solution has left, from its creation and its transition history."""
    by_solution: dict[int, list] = defaultdict(list)
    for solution_id, to_stage, at in events:
        by_solution[solution_id].append((at, to_stage))
    spent: dict[str, list[float]] = defaultdict(list)
    for solution_id, created_at in solutions:
        stage, since = Stage.idea, created_at
        for at, to_stage in sorted(by_solution.get(solution_id, []), key=lambda item: item[0]):
            spent[stage.value].append((at - since).total_seconds() / 86400)
            stage, since = Stage(to_stage), at
    return spent


def compute(session: Session) -> Statistics:
    """The statistics, in six queries."""
    stats = Statistics()
    per_month: dict[str, dict] = {}
    per_area: dict[str, dict] = {}
    # 1. challenges per area and month (merged duplicates are not counted).
    month = month_of(session, Challenge.created_at)
    for area, when, count in session.execute(
        select(Challenge.area, month, func.count()).where(Challenge.merged_into_id.is_(None))
        .group_by(Challenge.area, month)
    ):
        _row(per_area, area)["challenges"] += count
        _row(per_month, when)["challenges"] += count
    # 2. solutions per stage, area and month.
    month = month_of(session, Solution.created_at)
    for stage, area, when, count in session.execute(
        select(Solution.stage, Challenge.area, month, func.count())
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .group_by(Solution.stage, Challenge.area, month)
    ):
        name = Stage(stage).value
        _row(per_area, area)["solutions"] += count
        _row(per_area, area)[name] += count
        _row(per_month, when)["solutions"] += count
        stats.stage_counts[name] = stats.stage_counts.get(name, 0) + count
    stats.stage_counts = {"challenge": sum(r["challenges"] for r in per_area.values()),
                          **{s.value: stats.stage_counts.get(s.value, 0) for s in Stage}}
    # 3. every solution: its stage now, its challenge and when it was created.
    solutions = session.execute(select(Solution.id, Solution.stage, Solution.challenge_id, Solution.created_at)).all()
    # 4. the transition history (the stages solutions entered, and when).
    events = session.execute(
        select(SolutionEvent.solution_id, SolutionEvent.to_stage, SolutionEvent.created_at)
        .where(SolutionEvent.kind == EventKind.transition, SolutionEvent.to_stage.is_not(None))
    ).all()
    entered: dict[int, set[int]] = defaultdict(set)
    for solution_id, to_stage, _at in events:
        entered[solution_id].add(Stage(to_stage).index)
    reached = {s.value: 0 for s in Stage}
    for solution_id, stage, _challenge, _created in solutions:
        furthest = max([Stage(stage).index, *entered.get(solution_id, ())])
        for s in Stage:
            if s.index <= furthest:
                reached[s.value] += 1
    answered = len({challenge_id for _id, _stage, challenge_id, _created in solutions})
    stats.reached = {"challenge": stats.stage_counts["challenge"], **reached}
    pairs = [("challenge", "idea", stats.reached["challenge"], answered)]
    order = list(Stage)
    pairs += [(a.value, b.value, reached[a.value], reached[b.value]) for a, b in zip(order, order[1:], strict=False)]
    stats.conversion = [{"from": a, "to": b, "base": base, "moved": moved,
                         "percent": round(100 * moved / base, 1) if base else None} for a, b, base, moved in pairs]
    spent = _durations([(s[0], s[3]) for s in solutions], events)
    stats.median_days = {s.value: (round(median(spent[s.value]), 1) if spent.get(s.value) else None) for s in Stage}
    # 5. money pledged (authorized or collected) per area and month.
    month = month_of(session, Pledge.created_at)
    for area, when, total, count in session.execute(
        select(Challenge.area, month, func.sum(Pledge.amount), func.count())
        .join(Campaign, Campaign.id == Pledge.campaign_id).join(Solution, Solution.id == Campaign.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id).where(Pledge.status.in_(COUNTED_PLEDGES))
        .group_by(Challenge.area, month)
    ):
        for row in (_row(per_area, area), _row(per_month, when)):
            row["money"] += int(total or 0)
            row["pledges"] += count
        stats.money_pledged += int(total or 0)
        stats.pledges += count
    # 6. hours offered (and accepted) per area and month.
    month = month_of(session, SkillOffer.created_at)
    for area, when, status, hours in session.execute(
        select(Challenge.area, month, SkillOffer.status, func.sum(SkillOffer.hours))
        .join(SkillNeed, SkillNeed.id == SkillOffer.need_id).join(Solution, Solution.id == SkillNeed.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id).where(SkillOffer.status.in_(COUNTED_OFFERS))
        .group_by(Challenge.area, month, SkillOffer.status)
    ):
        hours = int(hours or 0)
        _row(per_area, area)["hours"] += hours
        _row(per_month, when)["hours"] += hours
        stats.hours_offered += hours
        if SkillOfferStatus(status) == SkillOfferStatus.accepted:
            stats.hours_accepted += hours
    stats.months = [per_month[k] for k in sorted(per_month)]
    stats.areas = [per_area[k] for k in sorted(per_area)]
    return stats


def csv_rows(stats: Statistics):
    """The statistics as CSV rows: section, key, measure, value."""
    yield ["section", "key", "measure", "value"]
    for stage, count in stats.stage_counts.items():
        yield ["stage", stage, "items", count]
    for stage, count in stats.reached.items():
        yield ["stage", stage, "reached", count]
    for stage, days in stats.median_days.items():
        yield ["stage", stage, "median_days", "" if days is None else days]
    for row in stats.conversion:
        yield ["conversion", f"{row['from']}->{row['to']}", "percent", "" if row["percent"] is None else row["percent"]]
    for section, rows in (("month", stats.months), ("area", stats.areas)):
        for row in rows:
            for measure in ("challenges", "solutions", "money", "pledges", "hours"):
                yield [section, row["key"], measure, row[measure]]
    yield ["total", "", "money_pledged", stats.money_pledged]
    yield ["total", "", "hours_offered", stats.hours_offered]
    yield ["total", "", "hours_accepted", stats.hours_accepted]
