"""The impact figures: measured values of experiments' indicators summed by kind, district, SDG and period.

Counted: indicators of solutions in the experiment or learnings stage, on visible challenges. Each measured value
is what was counted since the one before, so the values add up. Values in different units are added only within
an indicator's kind, as Sharing Seoul's measures do (people, resources, activities, connections). Sums are computed
in the database with GROUP BY, in a fixed number of queries whatever the number of values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from socialchallenge.models import Challenge, ChallengeSdg, Indicator, IndicatorKind, IndicatorValue, Solution, Stage
from socialchallenge.pipeline.indicators import INDICATOR_KIND_LABELS
from socialchallenge.places import district_name, list_districts

COUNTED_STAGES = (Stage.experiment, Stage.learnings)
KIND_LABELS = INDICATOR_KIND_LABELS
PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Filters:
    """What the impact page and GET /api/v1/impact narrow the figures to."""

    kind: str | None = None
    sdg: int | None = None
    district: str | None = None
    start: date | None = None
    end: date | None = None
    period: str = "quarter"


@dataclass
class Figures:
    """Sums of measured values (and of targets) by kind, district, SDG and period."""

    filters: Filters
    total_value: int = 0
    experiments: int = 0
    indicators: int = 0
    values: int = 0
    by_kind: list[dict[str, Any]] = field(default_factory=list)
    by_district: list[dict[str, Any]] = field(default_factory=list)
    by_sdg: list[dict[str, Any]] = field(default_factory=list)
    by_period: list[dict[str, Any]] = field(default_factory=list)


def district_column():
    """What the figures group districts by: the challenge's district from the standard list (issue 16 item 1)."""
    return Challenge.district_code


def _counted(query, filters: Filters, with_values: bool = True):
    query = (query.join(Solution, Solution.id == Indicator.solution_id)
             .join(Challenge, Challenge.id == Solution.challenge_id)
             .where(Challenge.hidden.is_(False), Solution.stage.in_(COUNTED_STAGES)))
    if filters.kind:
        query = query.where(Indicator.kind == IndicatorKind(filters.kind))
    if filters.district:
        query = query.where(district_column() == filters.district)
    if filters.sdg:
        query = query.where(Challenge.id.in_(select(ChallengeSdg.challenge_id).where(ChallengeSdg.sdg == filters.sdg)))
    if with_values:
        if filters.start:
            query = query.where(IndicatorValue.measured_on >= filters.start)
        if filters.end:
            query = query.where(IndicatorValue.measured_on <= filters.end)
    return query


def period_of(day: date, period: str) -> str:
    """The period a day falls in: 2026-05, 2026-Q2 or 2026."""
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "year":
        return str(day.year)
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def figures(session: Session, filters: Filters | None = None) -> Figures:
    """Every sum the impact page, its CSV and the API show, for the given filters."""
    filters = filters or Filters()
    result = Figures(filters)
    values_base = select().select_from(IndicatorValue).join(Indicator, Indicator.id == IndicatorValue.indicator_id)
    indicators_base = select().select_from(Indicator)

    # Targets and counts of indicators by kind (indicators without values count too: nothing measured yet).
    targets = {kind.value: (0, 0, 0) for kind in IndicatorKind}
    for kind, count, experiments, target in session.execute(_counted(indicators_base.add_columns(
            Indicator.kind, func.count(), func.count(distinct(Indicator.solution_id)), func.sum(Indicator.target)),
            filters, with_values=False).group_by(Indicator.kind)):
        targets[kind.value] = (count, experiments, int(target or 0))
    result.indicators = sum(t[0] for t in targets.values())
    result.experiments = session.scalar(_counted(indicators_base.add_columns(
        func.count(distinct(Indicator.solution_id))), filters, with_values=False)) or 0

    sums = dict(session.execute(_counted(values_base.add_columns(Indicator.kind, func.sum(IndicatorValue.value)),
                                         filters).group_by(Indicator.kind)).all())
    for kind in IndicatorKind:
        count, experiments, target = targets[kind.value]
        if count or sums.get(kind):
            result.by_kind.append({"kind": kind.value, "label": str(KIND_LABELS[kind.value]), "indicators": count,
                                   "experiments": experiments, "value": int(sums.get(kind) or 0), "target": target})
    result.total_value = sum(row["value"] for row in result.by_kind)
    result.values = session.scalar(_counted(values_base.add_columns(func.count()), filters)) or 0

    district = district_column()
    names = {d.code: d for d in list_districts(session)}
    result.by_district = [
        {"district": code, "name": district_name(names.get(code)), "value": int(total or 0),
         "experiments": experiments}
        for code, total, experiments in session.execute(_counted(values_base.add_columns(
            district, func.sum(IndicatorValue.value), func.count(distinct(Indicator.solution_id))), filters)
            .group_by(district).order_by(func.sum(IndicatorValue.value).desc(), district))
    ]
    result.by_sdg = [
        {"sdg": sdg, "value": int(total or 0), "experiments": experiments}
        for sdg, total, experiments in session.execute(_counted(values_base.add_columns(
            ChallengeSdg.sdg, func.sum(IndicatorValue.value), func.count(distinct(Indicator.solution_id))), filters)
            .join(ChallengeSdg, ChallengeSdg.challenge_id == Challenge.id).group_by(ChallengeSdg.sdg)
            .order_by(ChallengeSdg.sdg))
    ]
    _split_by_kind(session, result, values_base, filters)
    return result


def _split_by_kind(session: Session, result: Figures, values_base, filters: Filters) -> None:
    """Give each district and SDG row its sums per kind (`kinds`), and make the period rows from their sums per kind:
    values in different units are compared only within a kind. Three grouped queries, whatever the number of
    values."""
    def kinds_of(rows) -> dict[Any, dict[str, int]]:
        split: dict[Any, dict[str, int]] = {}
        for key, kind, total in rows:
            bucket = split.setdefault(key, {})
            bucket[kind.value] = bucket.get(kind.value, 0) + int(total or 0)
        return split

    district = district_column()
    by_district = kinds_of(session.execute(_counted(values_base.add_columns(
        district, Indicator.kind, func.sum(IndicatorValue.value)), filters).group_by(district, Indicator.kind)))
    by_sdg = kinds_of(session.execute(_counted(values_base.add_columns(
        ChallengeSdg.sdg, Indicator.kind, func.sum(IndicatorValue.value)), filters)
        .join(ChallengeSdg, ChallengeSdg.challenge_id == Challenge.id).group_by(ChallengeSdg.sdg, Indicator.kind)))
    by_day = session.execute(_counted(values_base.add_columns(
        IndicatorValue.measured_on, Indicator.kind, func.sum(IndicatorValue.value)), filters)
        .group_by(IndicatorValue.measured_on, Indicator.kind))
    by_period = kinds_of((period_of(day, filters.period), kind, total) for day, kind, total in by_day)
    # The periods' rows come from the split alone: their sum over kinds is the period's value.
    result.by_period = [{"period": key, "value": sum(by_period[key].values())} for key in sorted(by_period)]
    for rows, split, key in ((result.by_district, by_district, "district"), (result.by_sdg, by_sdg, "sdg"),
                             (result.by_period, by_period, "period")):
        for row in rows:
            row["kinds"] = split.get(row[key], {})


def as_json(result: Figures) -> dict[str, Any]:
    """The figures in the API's shape."""
    f = result.filters
    return {
        "filters": {"kind": f.kind, "sdg": f.sdg, "district": f.district, "period": f.period,
                    "from": f.start.isoformat() if f.start else None, "to": f.end.isoformat() if f.end else None},
        "total_value": result.total_value, "experiments": result.experiments, "indicators": result.indicators,
        "values": result.values,
        "by_kind": [{k: row[k] for k in ("kind", "indicators", "experiments", "value", "target")}
                    for row in result.by_kind],
        "by_district": [{"district": {"code": row["district"], "name": row["name"]} if row["district"] else None,
                         "value": row["value"], "experiments": row["experiments"], "kinds": row["kinds"]}
                        for row in result.by_district],
        "by_sdg": result.by_sdg, "by_period": result.by_period,
    }


def parse_filters(args: Any) -> tuple[Filters, dict[str, str]]:
    """Filters from a query string; bad ones are dropped and reported as {name: message}."""
    from flask_babel import gettext as _

    errors: dict[str, str] = {}
    kind = args.get("kind") or None
    if kind and kind not in KIND_LABELS:
        errors["kind"], kind = _("Choose one of: %(choices)s.", choices=", ".join(KIND_LABELS)), None
    sdg = args.get("sdg") or None
    if sdg is not None:
        sdg = int(sdg) if sdg.isdigit() and 1 <= int(sdg) <= 17 else None
        if sdg is None:
            errors["sdg"] = _("Use an SDG number from %(low)d to %(high)d.", low=1, high=17)
    days = {}
    for name in ("from", "to"):
        raw = (args.get(name) or "").strip()
        try:
            days[name] = date.fromisoformat(raw) if raw else None
        except ValueError:
            errors[name], days[name] = _("Must be a date (YYYY-MM-DD)."), None
    period = args.get("period") or "quarter"
    if period not in PERIODS:
        errors["period"], period = _("Choose one of: %(choices)s.", choices=", ".join(PERIODS)), "quarter"
    district = (args.get("district") or "").strip()[:20] or None
    return Filters(kind, sdg, district, days["from"], days["to"], period), errors
