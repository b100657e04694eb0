"""Statistics for the secretariat: items at each stage, conversion, median days in stage, money and hours
pledged, per month, per district and per area as typed. Computed in the database, in a fixed number of queries
whatever the number of items: aggregates with GROUP BY, and medians with `percentile_cont` on PostgreSQL or an
ordered LIMIT/OFFSET query on SQLite (no rows in Python). What would mean reading every pledge or walking every
transition on each request is kept by the database as it is written (migration 0027; totals.py checks it against
the rows): pledge totals per campaign and month, the furthest stage a transition took each solution to, and each
transition's stay."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import distinct, func, literal, select, union_all
from sqlalchemy.orm import Session

from socialchallenge.models import (
    Campaign,
    Challenge,
    PledgeMonth,
    PledgeStatus,
    SkillNeed,
    SkillOffer,
    SkillOfferStatus,
    Solution,
    SolutionEvent,
    Stage,
)
from socialchallenge.models.places import District
from socialchallenge.places import district_name

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
    districts: list[dict[str, Any]] = field(default_factory=list)  # key: the code ("" for not assigned yet)
    money_pledged: int = 0
    pledges: int = 0
    # Money from calls (issue 15), beside the crowd's: prize money and matchfunding on the campaigns.
    prize_money: int = 0
    matched_money: int = 0
    hours_offered: int = 0
    hours_accepted: int = 0


def _row(table: dict, key: str) -> dict[str, Any]:
    if key not in table:
        table[key] = {"key": key, "challenges": 0, "solutions": 0, "money": 0, "pledges": 0, "hours": 0,
                      **{s.value: 0 for s in Stage}}
    return table[key]


def _median_days(session: Session) -> dict[str, float | None]:
    """The median days spent in each stage (two middle values averaged, as statistics.median does), over the
    stays the database keeps on the transitions as they are written (`stay_stage`, `stay_days`: migration 0027):
    a solution starts as an idea when it is created; each transition ends the stage the one before it entered."""
    stage, days = SolutionEvent.stay_stage, SolutionEvent.stay_days
    kept = stage.is_not(None)
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            select(stage, func.percentile_cont(0.5).within_group(days)).where(kept).group_by(stage))
        medians = {Stage(k).value: v for k, v in rows.all()}
    else:
        counts = {Stage(k).value: n for k, n in
                  session.execute(select(stage, func.count()).where(kept).group_by(stage)).all()}
        medians = {}
        if counts:
            middles = []
            for name, n in counts.items():
                middle = (select(days).where(stage == Stage(name)).order_by(days)
                          .limit(2 - n % 2).offset((n - 1) // 2).subquery())
                middles.append(select(literal(name).label("stage"),
                                      select(func.avg(middle.c.stay_days)).scalar_subquery()))
            medians = dict(session.execute(union_all(*middles)).all())
    return {s.value: (round(float(medians[s.value]), 1) if medians.get(s.value) is not None else None)
            for s in Stage}


def _tune(session: Session) -> None:
    """On PostgreSQL, for this transaction only: no JIT (compiling each aggregate cost more than it saved, about
    0.1 s per query) and enough memory to hash and sort the groups and the medians without spilling to disk."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.set_config("jit", "off", True), func.set_config("work_mem", "64MB", True)))


def compute(session: Session) -> Statistics:
    """The statistics, in eight queries (nine on SQLite, whose medians need the counts first; nine on PostgreSQL,
    which first sets the transaction's JIT and memory)."""
    stats = Statistics()
    _tune(session)
    per_month: dict[str, dict] = {}
    per_area: dict[str, dict] = {}
    per_district: dict[str, dict] = {}
    district = Challenge.district_code
    # 1. challenges per area, district and month (merged duplicates are not counted).
    month = month_of(session, Challenge.created_at)
    for area, code, when, count in session.execute(
        select(Challenge.area, district, month, func.count()).where(Challenge.merged_into_id.is_(None))
        .group_by(Challenge.area, district, month)
    ):
        _row(per_area, area)["challenges"] += count
        _row(per_district, code or "")["challenges"] += count
        _row(per_month, when)["challenges"] += count
    # 2. solutions per stage, area and month, and how far each got: the greater of its stage now and the furthest
    # stage a transition took it to, which the database keeps on the solution (migration 0027).
    month = month_of(session, Solution.created_at)
    furthest: dict[int, int] = {}
    for stage, position, area, code, when, count in session.execute(
        select(Solution.stage, Solution.furthest_entered, Challenge.area, district, month, func.count())
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .group_by(Solution.stage, Solution.furthest_entered, Challenge.area, district, month)
    ):
        name = Stage(stage).value
        for row in (_row(per_area, area), _row(per_district, code or "")):
            row["solutions"] += count
            row[name] += count
        _row(per_month, when)["solutions"] += count
        stats.stage_counts[name] = stats.stage_counts.get(name, 0) + count
        position = max(Stage(stage).index, position or 0)
        furthest[position] = furthest.get(position, 0) + count
    stats.stage_counts = {"challenge": sum(r["challenges"] for r in per_area.values()),
                          **{s.value: stats.stage_counts.get(s.value, 0) for s in Stage}}
    # 3. how many solutions reached each stage, and how many challenges have a solution.
    reached = {s.value: sum(n for position, n in furthest.items() if position >= s.index) for s in Stage}
    answered = session.execute(select(func.count(distinct(Solution.challenge_id)))).all()[0][0] or 0
    stats.reached = {"challenge": stats.stage_counts["challenge"], **reached}
    pairs = [("challenge", "idea", stats.reached["challenge"], answered)]
    order = list(Stage)
    pairs += [(a.value, b.value, reached[a.value], reached[b.value]) for a, b in zip(order, order[1:], strict=False)]
    stats.conversion = [{"from": a, "to": b, "base": base, "moved": moved,
                         "percent": round(100 * moved / base, 1) if base else None} for a, b, base, moved in pairs]
    # 4. the median days in each stage, from the stays kept on the transitions.
    stats.median_days = _median_days(session)
    # 5. money pledged (authorized or collected) per area and month, from the totals per campaign and month the
    # database keeps as pledges are written (pledge_months, migration 0027), not from every pledge.
    for area, code, when, total, count in session.execute(
        select(Challenge.area, district, PledgeMonth.month, func.sum(PledgeMonth.amount),
               func.sum(PledgeMonth.pledges))
        .join(Challenge, Challenge.id == PledgeMonth.challenge_id).where(PledgeMonth.pledges > 0)
        .group_by(Challenge.area, district, PledgeMonth.month)
    ):
        count = int(count or 0)
        for row in (_row(per_area, area), _row(per_district, code or ""), _row(per_month, when)):
            row["money"] += int(total or 0)
            row["pledges"] += count
        stats.money_pledged += int(total or 0)
        stats.pledges += count
    # 6. hours offered (and accepted) per area and month.
    month = month_of(session, SkillOffer.created_at)
    for area, code, when, status, hours in session.execute(
        select(Challenge.area, district, month, SkillOffer.status, func.sum(SkillOffer.hours))
        .join(SkillNeed, SkillNeed.id == SkillOffer.need_id).join(Solution, Solution.id == SkillNeed.solution_id)
        .join(Challenge, Challenge.id == Solution.challenge_id).where(SkillOffer.status.in_(COUNTED_OFFERS))
        .group_by(Challenge.area, district, month, SkillOffer.status)
    ):
        hours = int(hours or 0)
        _row(per_area, area)["hours"] += hours
        _row(per_district, code or "")["hours"] += hours
        _row(per_month, when)["hours"] += hours
        stats.hours_offered += hours
        if SkillOfferStatus(status) == SkillOfferStatus.accepted:
            stats.hours_accepted += hours
    # 7. prize money and matched money beside the crowd's, from the campaigns' running sums of the ledger.
    for prize, matched in session.execute(select(func.coalesce(func.sum(Campaign.prize), 0),
                                                 func.coalesce(func.sum(Campaign.matched), 0))):
        stats.prize_money, stats.matched_money = int(prize), int(matched)
    stats.months = [per_month[k] for k in sorted(per_month)]
    stats.areas = [per_area[k] for k in sorted(per_area)]
    # 7. the names of the districts that have something, in the list's order; not assigned yet last.
    present = [code for code in per_district if code]
    found = session.execute(select(District).where(District.code.in_(present))).scalars().all() if present else []
    order = {d.code: (d.position, d.code, district_name(d)) for d in found}
    for code, row in per_district.items():
        row["name"] = order[code][2] if code in order else ""
    stats.districts = sorted(per_district.values(), key=lambda r: order.get(r["key"], (1 << 30, "", ""))[:2])
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
    for section, rows in (("month", stats.months), ("district", stats.districts), ("area", stats.areas)):
        for row in rows:
            for measure in ("challenges", "solutions", "money", "pledges", "hours"):
                yield [section, row["key"], measure, row[measure]]
    yield ["total", "", "money_pledged", stats.money_pledged]
    yield ["total", "", "prize_money", stats.prize_money]
    yield ["total", "", "matched_money", stats.matched_money]
    yield ["total", "", "hours_offered", stats.hours_offered]
    yield ["total", "", "hours_accepted", stats.hours_accepted]
