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
    ProgressUpdate,
    Solution,
    SolutionEvent,
    Stage,
    TeamMember,
    TeamRole,
    User,
)
from socialchallenge.pipeline import history
from socialchallenge.pipeline.access import require_team_member
from socialchallenge.pipeline.stages import (
    FIELD_STAGE,
    SOLUTION_FIELDS,
    Kind,
    fields_of,
    is_blank,
    is_required_for,
    required_message,
)
from socialchallenge.pipeline.validation import clean_and_collect, invalid
from socialchallenge.timeutil import utcnow

_ENUMS = {"funding_model": FundingModel, "goal_achievement": GoalAchievement}


def detail_options() -> list:
    """Loader options for one solution with everything its page and API answer show, in a fixed number of queries."""
    return [
        joinedload(Solution.challenge),
        joinedload(Solution.cover),
        selectinload(Solution.budget_lines),
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


def _apply(solution: Solution, cleaned: dict[str, Any]) -> None:
    for name, value in cleaned.items():
        if name == "budget_lines":
            solution.budget_lines = [BudgetLine(position=i, **line) for i, line in enumerate(value)]
        elif name in _ENUMS:
            setattr(solution, name, _ENUMS[name](value) if value is not None else None)
        else:
            setattr(solution, name, value)


def submit_idea(session: Session, actor: User, challenge: Challenge, values: dict[str, Any]) -> Solution:
    """Answer an open challenge with an idea; the author becomes the team's lead."""
    idea_fields = {f.name: f for f in fields_of(Stage.idea)}
    cleaned, errors = clean_and_collect(idea_fields, values)
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
    cleaned, problems = clean_and_collect(SOLUTION_FIELDS, values, current)
    stage = solution.stage.value
    for name, value in cleaned.items():
        spec = SOLUTION_FIELDS[name]
        if not is_required_for(spec, FIELD_STAGE[name], stage):
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

