"""What each open-data CSV holds: columns from the stage table, rows streamed in batches. No personal data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from socialchallenge.models import Challenge, ChallengeSdg, Indicator, IndicatorValue, Solution, Stage
from socialchallenge.opendata.csvsafe import plain_value, stream
from socialchallenge.pipeline.stages import CHALLENGE_FIELDS, current_value, fields_of

# Solution fields published for every solution: the idea. Later stages' texts are drafts until the stage is reached;
# the learnings are published in their own file once reached.
IDEA_FIELDS = [f.name for f in fields_of("idea")]
LEARNINGS_FIELDS = [f.name for f in fields_of("learnings")]
# The district (issue 16): its code, both names, and the challenge's own map point when it has one.
PLACE_COLUMNS = ["district_code", "district_name_ko", "district_name_en", "lat", "lon"]
CHALLENGE_COLUMNS = ["id", *CHALLENGE_FIELDS, *PLACE_COLUMNS, "status", "organisation_id", "supports_count",
                     "solutions_count", "min_solutions", "solution_deadline", "adopted_solution_id", "created_at",
                     "url"]
SOLUTION_COLUMNS = ["id", "challenge_id", "stage", *IDEA_FIELDS, "selected", "adopted", "created_at",
                    "stage_entered_at", "url"]
INDICATOR_COLUMNS = ["indicator_id", "solution_id", "name", "unit", "kind", "baseline", "target", "actual", "district",
                     "created_at"]
IMPACT_COLUMNS = ["value_id", "indicator_id", "solution_id", "challenge_id", "indicator", "unit", "kind",
                  "measured_on", "value", "district", "sdgs", "evidence_link", "solution_url"]
LEARNINGS_COLUMNS = ["solution_id", "challenge_id", "title", *LEARNINGS_FIELDS, "reached_learnings_at",
                     "solution_url", "history_url", "challenge_url"]


def challenge_rows(session: Session) -> Iterator[list[Any]]:
    """One row per visible challenge."""
    query = (select(Challenge).where(Challenge.hidden.is_(False)).order_by(Challenge.id)
             .options(selectinload(Challenge.tags), selectinload(Challenge.sdg_rows),
                      joinedload(Challenge.district)))
    for c in stream(session, query):
        values = {name: current_value(c, name) for name in CHALLENGE_FIELDS}
        values["sdgs"] = c.sdgs
        values["district_name_ko"] = c.district.name_ko if c.district else None
        values["district_name_en"] = c.district.name_en if c.district else None
        values["url"] = url_for("challenges.show", challenge_id=c.id, _external=True)
        yield [plain_value(values[col] if col in values else getattr(c, col)) for col in CHALLENGE_COLUMNS]


def _visible_solutions(stage: Stage | None = None):
    query = select(Solution).join(Challenge, Challenge.id == Solution.challenge_id).where(Challenge.hidden.is_(False))
    if stage is not None:
        query = query.where(Solution.stage == stage)
    return query.order_by(Solution.id)


def solution_rows(session: Session) -> Iterator[list[Any]]:
    """One row per solution of a visible challenge."""
    for s in stream(session, _visible_solutions()):
        url = url_for("solutions.show", solution_id=s.id, _external=True)
        yield [plain_value(url if col == "url" else getattr(s, col)) for col in SOLUTION_COLUMNS]


def learnings_rows(session: Session) -> Iterator[list[Any]]:
    """One row per solution that reached the learnings stage."""
    for s in stream(session, _visible_solutions(Stage.learnings)):
        solution_url = url_for("solutions.show", solution_id=s.id, _external=True)
        extra = {"solution_id": s.id, "reached_learnings_at": s.stage_entered_at, "solution_url": solution_url,
                 "history_url": solution_url + "#history",
                 "challenge_url": url_for("challenges.show", challenge_id=s.challenge_id, _external=True)}
        yield [plain_value(extra[col] if col in extra else getattr(s, col)) for col in LEARNINGS_COLUMNS]


def indicator_rows(session: Session) -> Iterator[list[Any]]:
    """One row per indicator of an experiment (or its learnings): baseline, target and the actual so far."""
    query = (_counted_indicators(select(Indicator, Challenge.district_code))
             .options(selectinload(Indicator.values)).order_by(Indicator.id))
    for indicator, area in session.execute(query):
        values = {"indicator_id": indicator.id, "district": area, "actual": indicator.actual,
                  "kind": indicator.kind.value}
        yield [plain_value(values[col] if col in values else getattr(indicator, col)) for col in INDICATOR_COLUMNS]


def impact_rows(session: Session) -> Iterator[list[Any]]:
    """One row per measured value of an experiment's indicator: the figures the impact page adds up."""
    query = (_counted_indicators(select(IndicatorValue, Indicator, Challenge.district_code, Challenge.id))
             .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
             .order_by(IndicatorValue.measured_on, IndicatorValue.id))
    sdgs: dict[int, str] = {}
    for row in session.execute(select(ChallengeSdg.challenge_id, ChallengeSdg.sdg).order_by(ChallengeSdg.sdg)):
        sdgs[row.challenge_id] = f"{sdgs[row.challenge_id]},{row.sdg}" if row.challenge_id in sdgs else str(row.sdg)
    for value, indicator, area, challenge_id in session.execute(query):
        yield [plain_value(v) for v in (
            value.id, indicator.id, indicator.solution_id, challenge_id, indicator.name, indicator.unit,
            indicator.kind.value, value.measured_on, value.value, area, sdgs.get(challenge_id, ""), value.link,
            url_for("solutions.show", solution_id=indicator.solution_id, _anchor="indicators", _external=True))]


def _counted_indicators(query):
    # The impact page's rule (impact.figures): experiments and learnings of visible challenges.
    return (query.select_from(Indicator).join(Solution, Solution.id == Indicator.solution_id)
            .join(Challenge, Challenge.id == Solution.challenge_id)
            .where(Challenge.hidden.is_(False), Solution.stage.in_((Stage.experiment, Stage.learnings))))


EXPORTS = {
    "challenges": (CHALLENGE_COLUMNS, challenge_rows),
    "solutions": (SOLUTION_COLUMNS, solution_rows),
    "learnings": (LEARNINGS_COLUMNS, learnings_rows),
    "indicators": (INDICATOR_COLUMNS, indicator_rows),
    "impact": (IMPACT_COLUMNS, impact_rows),
}
