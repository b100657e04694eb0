"""The secretariat's CSV exports: challenges, solutions, pledges (no personal data) and statistics, streamed in
batches; every cell goes through opendata.csvsafe, which escapes formula-looking text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from socialchallenge.errors import NotFound
from socialchallenge.models import Campaign, Challenge, Pledge, Solution
from socialchallenge.opendata.csvsafe import BATCH, csv_lines, plain_value, stream
from socialchallenge.secretariat import stats

CHALLENGE_COLUMNS = ["id", "title", "area", "status", "hidden", "merged_into_id", "organisation_id", "tags", "sdgs",
                     "min_solutions", "supports_count", "solutions_count", "adopted_solution_id", "created_at",
                     "updated_at", "curated_at"]
SOLUTION_COLUMNS = ["id", "challenge_id", "title", "stage", "selected", "adopted", "team_size", "goal", "optimum",
                    "funding_model", "created_at", "stage_entered_at"]
# No backer, no note (it may name a giver) and no payment ids: what was pledged, to what, when and how it stands.
PLEDGE_COLUMNS = ["id", "campaign_id", "solution_id", "amount", "status", "provider", "reward_id", "created_at",
                  "confirmed_at"]


def challenge_rows(session: Session) -> Iterator[list[Any]]:
    """One row per challenge, hidden and merged ones too."""
    query = select(Challenge).order_by(Challenge.id).options(selectinload(Challenge.tags),
                                                                selectinload(Challenge.sdg_rows))
    for c in stream(session, query):
        values = {"tags": c.tag_names, "sdgs": c.sdgs}
        yield [plain_value(values[col] if col in values else getattr(c, col)) for col in CHALLENGE_COLUMNS]


def solution_rows(session: Session) -> Iterator[list[Any]]:
    """One row per solution."""
    query = select(Solution).order_by(Solution.id).options(selectinload(Solution.team),
                                                              selectinload(Solution.budget_lines))
    for s in stream(session, query):
        values = {"team_size": len(s.team), "goal": s.goal, "optimum": s.optimum}
        yield [plain_value(values[col] if col in values else getattr(s, col)) for col in SOLUTION_COLUMNS]


def pledge_rows(session: Session) -> Iterator[list[Any]]:
    """One row per pledge, without anything that says who the backer is."""
    query = (select(Pledge.id, Pledge.campaign_id, Campaign.solution_id, Pledge.amount, Pledge.status, Pledge.provider,
                    Pledge.reward_id, Pledge.created_at, Pledge.confirmed_at)
             .join(Campaign, Campaign.id == Pledge.campaign_id).order_by(Pledge.id))
    for row in session.execute(query.execution_options(yield_per=BATCH)):
        yield [plain_value(v) for v in row]


def statistics_rows(session: Session) -> Iterator[list[Any]]:
    """The statistics page as rows (the header is the first row of stats.csv_rows)."""
    rows = stats.csv_rows(stats.compute(session))
    next(rows)
    yield from rows


EXPORTS: dict[str, tuple[list[str], Callable[[Session], Iterator[list[Any]]], Any]] = {
    "challenges": (CHALLENGE_COLUMNS, challenge_rows, Challenge),
    "solutions": (SOLUTION_COLUMNS, solution_rows, Solution),
    "pledges": (PLEDGE_COLUMNS, pledge_rows, Pledge),
    "statistics": (["section", "key", "measure", "value"], statistics_rows, None),
}


def kind_or_404(kind: str) -> str:
    """The export kind if it exists, else NotFound."""
    if kind not in EXPORTS:
        raise NotFound(_("There is no such export."))
    return kind


def count(session: Session, kind: str) -> int | None:
    """How many rows an export will have (None when unknown before it runs)."""
    model = EXPORTS[kind_or_404(kind)][2]
    return session.scalar(select(func.count()).select_from(model)) if model is not None else None


def lines(session: Session, kind: str, progress: Callable[[int], Any] | None = None) -> Iterator[str]:
    """The export's CSV text, line by line; `progress(1)` is called after each row."""
    header, rows, _model = EXPORTS[kind_or_404(kind)]

    def counted():
        for row in rows(session):
            yield row
            if progress is not None:
                progress(1)

    return csv_lines(header, counted())
