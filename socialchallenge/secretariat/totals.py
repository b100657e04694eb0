"""The statistics' figures the database keeps as rows are written (migration 0027): each solution's furthest stage,
each transition's stay (the stage it ended, the days spent in it) and the pledge totals per campaign and month.

`drift` compares them with what the rows say (an empty list: they agree; `campaigns reconcile` checks the
money through funding.reconcile); `backfill_sql` fills them from the rows, for a database loaded with the triggers
off (the bench seed). The SQL is the migration's, copied."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from socialchallenge.models import EventKind, Solution, SolutionEvent, Stage

COUNTED = "('authorized', 'collected')"
POSITION = ("CASE {0} WHEN 'idea' THEN 0 WHEN 'proposal' THEN 1 WHEN 'crowdfunding' THEN 2 "
            "WHEN 'experiment' THEN 3 WHEN 'learnings' THEN 4 ELSE 0 END")
TRANSITION = "{0}.kind = 'transition' AND {0}.to_stage IS NOT NULL"


def backfill_sql(postgres: bool) -> list[str]:
    """Fill the kept figures from the rows (the tables' triggers must be off or absent meanwhile)."""
    month = "to_char({0}, 'YYYY-MM')" if postgres else "strftime('%Y-%m', {0})"
    days = ("extract(epoch FROM {0} - {1}) / 86400.0" if postgres else "julianday({0}) - julianday({1})")
    return [
        "DELETE FROM pledge_months",
        f"INSERT INTO pledge_months (campaign_id, month, challenge_id, amount, pledges) "
        f"SELECT p.campaign_id, {month.format('p.created_at')}, so.challenge_id, sum(p.amount), count(*) "
        f"FROM pledges p JOIN campaigns c ON c.id = p.campaign_id JOIN solutions so ON so.id = c.solution_id "
        f"WHERE p.status IN {COUNTED} GROUP BY p.campaign_id, {month.format('p.created_at')}, so.challenge_id",
        "UPDATE solutions SET furthest_entered = 0 WHERE furthest_entered <> 0",
        f"UPDATE solutions SET furthest_entered = t.position FROM ("
        f"SELECT e.solution_id, max({POSITION.format('e.to_stage')}) AS position FROM solution_events e "
        f"WHERE {TRANSITION.format('e')} GROUP BY e.solution_id) AS t "
        "WHERE solutions.id = t.solution_id",
        f"UPDATE solution_events SET stay_stage = s.stage, stay_days = s.days FROM ("
        f"SELECT e.id, coalesce(lag(e.to_stage) OVER w, 'idea') AS stage, "
        f"{days.format('e.created_at', 'coalesce(lag(e.created_at) OVER w, so.created_at)')} AS days "
        f"FROM solution_events e JOIN solutions so ON so.id = e.solution_id WHERE {TRANSITION.format('e')} "
        f"WINDOW w AS (PARTITION BY e.solution_id ORDER BY e.created_at, e.id)) AS s "
        f"WHERE solution_events.id = s.id",
    ]


@dataclass
class Drift:
    """A kept figure that differs from the rows: whose (`subject` and `id`), which, kept and recomputed."""

    subject: str
    id: int
    field: str
    kept: object
    rows: object


def _position(column):
    return case({stage: stage.index for stage in Stage}, value=column, else_=0)


def _days(session: Session, later, earlier):
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def drift(session: Session, tolerance_days: float = 1e-6) -> list[Drift]:
    """Every solution whose furthest stage entered by a transition, and every transition whose stay, differs from
    its history."""
    transition = (SolutionEvent.kind == EventKind.transition, SolutionEvent.to_stage.is_not(None))
    furthest = (select(SolutionEvent.solution_id, func.max(_position(SolutionEvent.to_stage)).label("position"))
                .where(*transition).group_by(SolutionEvent.solution_id).subquery())
    found = []
    rows = session.execute(
        select(Solution.id, Solution.furthest_entered, furthest.c.position)
        .outerjoin(furthest, furthest.c.solution_id == Solution.id).order_by(Solution.id))
    for solution_id, kept, history in rows:
        expected = history if history is not None else 0
        if kept != expected:
            found.append(Drift("solution", solution_id, "furthest_entered", kept, expected))
    order = (SolutionEvent.created_at, SolutionEvent.id)
    window = dict(partition_by=SolutionEvent.solution_id, order_by=order)
    stays = (
        select(SolutionEvent.id, SolutionEvent.stay_stage, SolutionEvent.stay_days,
               func.coalesce(func.lag(SolutionEvent.to_stage).over(**window), Stage.idea.value).label("stage"),
               _days(session, SolutionEvent.created_at,
                     func.coalesce(func.lag(SolutionEvent.created_at).over(**window), Solution.created_at))
               .label("days"))
        .join(Solution, Solution.id == SolutionEvent.solution_id).where(*transition).subquery())
    for event_id, kept_stage, kept_days, stage, days in session.execute(select(stays).order_by(stays.c.id)):
        if kept_stage is None or Stage(kept_stage) != Stage(stage):
            found.append(Drift("transition", event_id, "stay_stage", kept_stage, Stage(stage).value))
        elif kept_days is None or abs(float(kept_days) - float(days)) > tolerance_days:
            found.append(Drift("transition", event_id, "stay_days", kept_days, float(days)))
    # A stay on an event that is not a transition naming its stage would be counted by the statistics too.
    for (event_id,) in session.execute(
            select(SolutionEvent.id).where(SolutionEvent.stay_stage.is_not(None))
            .where((SolutionEvent.kind != EventKind.transition) | SolutionEvent.to_stage.is_(None))):
        found.append(Drift("event", event_id, "stay_stage", "set", None))
    return found
