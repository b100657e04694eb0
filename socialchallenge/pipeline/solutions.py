"""Solution rules: submit an idea and save stage fields as drafts (the team itself: pipeline.teams)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from socialchallenge.core import events
from socialchallenge.errors import NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import (
    BudgetLine,
    Campaign,
    Challenge,
    EventKind,
    FundingModel,
    GoalAchievement,
    Indicator,
    IndicatorKind,
    ProgressUpdate,
    Solution,
    SolutionAnswer,
    SolutionEvent,
    Stage,
    TeamMember,
    TeamRole,
    User,
)
from socialchallenge.pipeline import history
from socialchallenge.pipeline.access import require_team_member
from socialchallenge.pipeline.stages import (
    ANSWERS_PREFIX,
    FIELD_STAGE,
    SOLUTION_FIELDS,
    FieldSpec,
    Kind,
    fields_of,
    is_blank,
    is_required_for,
    question_specs,
    required_message,
)
from socialchallenge.pipeline.validation import clean_and_collect, invalid
from socialchallenge.timeutil import utcnow

_ENUMS = {"funding_model": FundingModel, "goal_achievement": GoalAchievement}


def detail_options() -> list:
    """Loader options for one solution with everything its page and API answer show, in a fixed number of queries."""
    return [
        # The challenge's own questions (at most 10) come with the challenge, in the same statement.
        joinedload(Solution.challenge).joinedload(Challenge.questions),
        joinedload(Solution.cover),
        selectinload(Solution.budget_lines),
        selectinload(Solution.indicators).selectinload(Indicator.values),
        selectinload(Solution.answers),
        selectinload(Solution.team).joinedload(TeamMember.user),
        selectinload(Solution.events).joinedload(SolutionEvent.actor),
        selectinload(Solution.campaigns),
        joinedload(Solution.carried_from).joinedload(Solution.challenge),
    ]


def list_options() -> list:
    """Loader options for a list of solutions (team and campaign, no history)."""
    return [
        joinedload(Solution.cover),
        selectinload(Solution.budget_lines),
        selectinload(Solution.team).joinedload(TeamMember.user),
        selectinload(Solution.campaigns),
    ]


def _apply_indicators(solution: Solution, rows: list[dict]) -> None:
    """Update the declared indicators in place (kept by id, so measured values stay with them), add the new ones
    and drop the rest; one with measured values is never dropped."""
    existing = {i.id: i for i in solution.indicators}
    problems = {}
    for number, row in enumerate(rows, start=1):
        if row["id"] is not None and row["id"] not in existing:
            problems["indicators"] = _("Indicator %(n)d: this solution has no indicator %(id)d.", n=number,
                                       id=row["id"])
    kept = {row["id"] for row in rows}
    for indicator in existing.values():
        if indicator.id not in kept and indicator.values:
            problems["indicators"] = _("The indicator \u201c%(name)s\u201d has measured values and cannot be removed.",
                                       name=indicator.name)
    if problems:
        raise invalid(problems)
    indicators = []
    for position, row in enumerate(rows):
        indicator = existing.get(row["id"]) or Indicator()
        indicator.position, indicator.name, indicator.unit = position, row["name"], row["unit"]
        indicator.kind = IndicatorKind(row["kind"])
        indicator.baseline, indicator.target = row["baseline"], row["target"]
        indicators.append(indicator)
    solution.indicators = indicators


def _apply_answers(solution: Solution, answers: dict[int, str]) -> None:
    saved = {a.question_id: a for a in solution.answers}
    for question_id, value in answers.items():
        if question_id in saved:
            saved[question_id].value = value
        else:
            solution.answers.append(SolutionAnswer(question_id=question_id, value=value))


def _apply(solution: Solution, cleaned: dict[str, Any]) -> None:
    answers = {int(n.removeprefix(ANSWERS_PREFIX)): v or "" for n, v in cleaned.items() if n.startswith(ANSWERS_PREFIX)}
    _apply_answers(solution, answers)
    for name, value in cleaned.items():
        if name.startswith(ANSWERS_PREFIX):
            continue
        if name == "indicators":
            _apply_indicators(solution, value)
        elif name == "budget_lines":
            solution.budget_lines = [BudgetLine(position=i, **line) for i, line in enumerate(value)]
        elif name in _ENUMS:
            setattr(solution, name, _ENUMS[name](value) if value is not None else None)
        else:
            setattr(solution, name, value)


def submit_idea(session: Session, actor: User, challenge: Challenge, values: dict[str, Any]) -> Solution:
    """Answer an open challenge with an idea; the author becomes the team's lead."""
    idea_fields = {f.name: f for f in (*fields_of(Stage.idea), *question_specs(challenge, Stage.idea))}
    cleaned, errors = clean_and_collect(idea_fields, flat_answers(values))
    missing = {f.name: required_message(f) for f in idea_fields.values()
               if f.required and f.name not in errors and is_blank(cleaned.get(f.name))}
    if errors:  # every problem at once: bad values and blank required fields
        raise invalid({**errors, **missing})
    if not challenge.is_open:
        raise RuleViolation(_("This challenge is closed and takes no new solutions."), code="challenge_closed")
    if challenge.solution_deadline is not None and challenge.solution_deadline <= utcnow():
        raise RuleViolation(_("The deadline for solutions to this challenge has passed."), code="deadline_passed")
    if missing:
        raise ValidationFailed(_("Please fill in the required fields."), missing)
    solution = Solution(challenge=challenge, stage=Stage.idea)
    solution.answers = []
    _apply(solution, cleaned)
    solution.team.append(TeamMember(user=actor, role=TeamRole.lead))
    session.add(solution)
    # An UPDATE ... SET n = n + 1 so concurrent submissions don't lose counts.
    challenge.solutions_count = Challenge.solutions_count + 1
    history.record(session, solution, actor, EventKind.created, None, Stage.idea)
    session.flush()
    events.solution_submitted.send(session, solution=solution, actor=actor)
    return solution


def update_solution(session: Session, actor: User, solution: Solution, values: dict[str, Any]) -> Solution:
    """Save any stage fields as a draft (team only); fields the current stage needs cannot be emptied."""
    require_team_member(actor, solution)
    current = {"schedule_start": solution.schedule_start, "schedule_end": solution.schedule_end}
    specs = editable_fields(solution)
    cleaned, problems = clean_and_collect(specs, flat_answers(values), current)
    stage = solution.stage.value
    for name, value in cleaned.items():
        spec = specs[name]
        if not is_required_for(spec, spec.checked_from or FIELD_STAGE.get(name), stage):
            continue
        if is_blank(value):
            problems[name] = _("%(field)s is required at this stage and cannot be emptied.", field=spec.label)
        elif spec.kind == Kind.budget_lines and not any(line["required"] for line in value):
            problems[name] = _("Mark at least one budget line as required: together they make the goal.")
    if problems:
        raise invalid(problems)
    _apply(solution, cleaned)
    solution.updated_at = utcnow()
    session.flush()
    return solution


def editable_fields(solution: Solution) -> dict[str, FieldSpec]:
    """Every field the team may save: the stage table's and the challenge's own questions (answers.<id>)."""
    return {**SOLUTION_FIELDS, **{spec.name: spec for spec in question_specs(solution.challenge)}}


def flat_answers(values: dict[str, Any]) -> dict[str, Any]:
    """The API's `answers: {"<question id>": value}` as fields named answers.<id>, beside the other fields."""
    values = dict(values)
    answers = values.pop("answers", None)
    if answers is None:
        return values
    if not isinstance(answers, dict):
        raise invalid({"answers": _("Must be an object from question id to answer.")})
    return {**values, **{f"{ANSWERS_PREFIX}{key}": value for key, value in answers.items()}}


def solutions_of(challenge: Challenge) -> Select:
    """A select of a challenge's solutions, furthest stage first, for lists."""
    order = {s: i for i, s in enumerate(Stage)}
    return (
        select(Solution)
        .where(Solution.challenge_id == challenge.id)
        .options(*list_options())
        .order_by(case(order, value=Solution.stage).desc(), Solution.id)
    )


def has_progress_update(session: Session, solution: Solution) -> bool:
    """Whether the team posted at least one progress update."""
    return bool(session.scalar(select(func.count()).where(ProgressUpdate.solution_id == solution.id)))


def latest_campaign(solution: Solution) -> Campaign:
    """The solution's current campaign, else NotFound."""
    campaign = solution.campaign
    if campaign is None:
        raise NotFound(_("This solution has no campaign."))
    return campaign

