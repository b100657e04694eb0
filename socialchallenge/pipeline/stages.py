"""The stage table of SPEC §2.1: the one place that says which fields each stage asks for and their limits."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from socialchallenge.core.ranges import SDG_MAX, SDG_MIN
from socialchallenge.core.text import is_blank
from socialchallenge.models import FundingModel, GoalAchievement, Stage

LONG_TEXT_MAX = 10_000
MAX_TAGS = 10
TAG_MAX = 50
MAX_BUDGET_LINES = 50
BUDGET_ITEM_MAX = 200
AMOUNT_MAX = 2_000_000_000  # fits a 32-bit integer column on every database
GOAL_MAX = 2_147_483_647  # the lines' sum becomes the campaign's goal and optimum: 32-bit integer columns too
# Planned dates: a window any plan fits in, and far enough from year 9999 that "start + 12 months" stays a date.
DATE_MIN, DATE_MAX = date(2000, 1, 1), date(2099, 12, 31)
SCHEDULE_MAX_MONTHS = 12
# Impact indicators (issue 16): declared at proposal, 1 to 5; whole numbers (counts of people, items, activities).
MIN_INDICATORS, MAX_INDICATORS = 1, 5
INDICATOR_NAME_MAX, INDICATOR_UNIT_MAX = 120, 40
INDICATOR_VALUE_MAX = 1_000_000_000
# A challenge's own questions (issue 16): at most 10, each answered in a field named "answers.<question id>".
MAX_QUESTIONS = 10
QUESTION_PROMPT_MAX = 200
MAX_QUESTION_CHOICES = 10
QUESTION_CHOICE_MAX = 100
SHORT_ANSWER_MAX = 300
ANSWERS_PREFIX = "answers."


class Kind(str, enum.Enum):
    """How a field's value is entered and checked."""

    short_text = "short_text"
    long_text = "long_text"
    date = "date"
    int = "int"
    choice = "choice"
    tags = "tags"
    sdgs = "sdgs"
    budget_lines = "budget_lines"
    indicators = "indicators"


@dataclass(frozen=True)
class FieldSpec:
    """One field of a stage: its API name, label, kind, requiredness and limits."""

    name: str
    label: Any
    kind: Kind
    required: bool = True
    min_length: int | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    choices: tuple[str, ...] = ()
    # The stage from which requiredness is checked, when it is not the field's own stage (see experiment_method).
    checked_from: str | None = None
    hint: Any = None  # shown under the input instead of the hint its kind would give
    # Another field that, when given, stands in for this one (issue 16: a district from the list stands in for the
    # place in words). Such a field is required only while the other is blank.
    unless: str | None = None

    @property
    def always_required(self) -> bool:
        """Required whatever else is given: what a form marks as required and OpenAPI lists as `required`."""
        return self.required and self.unless is None


@dataclass(frozen=True)
class StageSpec:
    """A stage of the pipeline and the fields it asks for."""

    name: str
    label: Any
    subject: str  # "challenge" or "solution": which object holds the fields
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)

    @property
    def required_fields(self) -> tuple[FieldSpec, ...]:
        """The fields that must be filled to enter this stage."""
        return tuple(f for f in self.fields if f.required)


def _text(name, label, max_length=LONG_TEXT_MAX, **kw) -> FieldSpec:
    return FieldSpec(name, label, Kind.long_text, max_length=max_length, **kw)


STAGES: tuple[StageSpec, ...] = (
    StageSpec("challenge", _l("Challenge"), "challenge", (
        FieldSpec("title", _l("Title"), Kind.short_text, min_length=5, max_length=120),
        _text("problem", _l("What problem should be solved")),
        _text("affected", _l("Who is affected and how")),
        FieldSpec("area", _l("Place (neighbourhood, street)"), Kind.short_text, max_length=120, unless="district",
                  hint=_l("The neighbourhood or street. Optional when you choose a district.")),
        FieldSpec("tags", _l("Topics"), Kind.tags),
        FieldSpec("sdgs", _l("UN Sustainable Development Goals"), Kind.sdgs, min_value=SDG_MIN, max_value=SDG_MAX),
    )),
    StageSpec(Stage.idea.value, _l("Idea"), "solution", (
        FieldSpec("title", _l("Title"), Kind.short_text, min_length=5, max_length=120),
        _text("summary", _l("How the idea solves the problem"), max_length=300),
        _text("description", _l("The idea in detail"), required=False),
    )),
    StageSpec(Stage.proposal.value, _l("Proposal"), "solution", (
        _text("experiment_plan", _l("How the idea will be tested")),
        _text("experiment_goal", _l("What the experiment should achieve")),
        _text("already_tested", _l("What has been tried already")),
        _text("team_description", _l("Who runs it")),
        _text("resources", _l("Skills and resources the team already has")),
        FieldSpec("schedule_start", _l("Planned start"), Kind.date),
        FieldSpec("schedule_end", _l("Planned end"), Kind.date),
        _text("learning_goals", _l("What the team expects to learn")),
        FieldSpec("indicators", _l("Impact indicators"), Kind.indicators, min_value=MIN_INDICATORS,
                  max_value=MAX_INDICATORS),
    )),
    StageSpec(Stage.crowdfunding.value, _l("Crowdfunding"), "solution", (
        FieldSpec("budget_lines", _l("Budget"), Kind.budget_lines),
        _text("other_funding", _l("Other sources of money")),
        FieldSpec("campaign_days", _l("Campaign length in days"), Kind.int, min_value=1, max_value=60),
        FieldSpec("funding_model", _l("Funding model"), Kind.choice, choices=tuple(m.value for m in FundingModel)),
    )),
    StageSpec(Stage.experiment.value, _l("Experiment"), "solution", (
        # The system moves a solution here when its campaign succeeds, so this is checked on the way to learnings.
        _text("experiment_method", _l("How the experiment is being run"), checked_from=Stage.learnings.value),
    )),
    StageSpec(Stage.learnings.value, _l("Learnings"), "solution", (
        FieldSpec("goal_achievement", _l("Did the experiment meet its goal"), Kind.choice,
                  choices=tuple(g.value for g in GoalAchievement)),
        _text("lessons", _l("What was learned")),
        _text("results", _l("Results and new information")),
        _text("advice", _l("Advice to other experimenters")),
        _text("wrap_up", _l("How the experiment ended")),
        _text("next_steps", _l("Follow-up, scaling up or down")),
    )),
)

STAGE_BY_NAME: dict[str, StageSpec] = {s.name: s for s in STAGES}
STAGE_NAMES: tuple[str, ...] = tuple(s.name for s in STAGES)
CHALLENGE_FIELDS: dict[str, FieldSpec] = {f.name: f for f in STAGE_BY_NAME["challenge"].fields}
SOLUTION_FIELDS: dict[str, FieldSpec] = {f.name: f for s in STAGES if s.subject == "solution" for f in s.fields}
FIELD_STAGE: dict[str, str] = {f.name: s.name for s in STAGES if s.subject == "solution" for f in s.fields}


def stage_index(name: str | Stage) -> int:
    """Position of a stage in the full path (challenge = 0)."""
    return STAGE_NAMES.index(name.value if isinstance(name, Stage) else name)


def fields_of(stage: str | Stage) -> tuple[FieldSpec, ...]:
    """The fields a stage asks for (what its edit form shows)."""
    return STAGE_BY_NAME[stage.value if isinstance(stage, Stage) else stage].fields


def is_required_for(spec: FieldSpec, own_stage: str, target: str) -> bool:
    """Whether `spec` (a field of `own_stage`) must be filled to enter `target`."""
    if not spec.required:
        return False
    return stage_index(target) >= stage_index(spec.checked_from or own_stage)


def required_for(target: str | Stage, subject: str = "solution") -> list[FieldSpec]:
    """Every field that must be filled to enter `target`: its own and those of all earlier stages."""
    target = target.value if isinstance(target, Stage) else target
    return [
        f for s in STAGES[: stage_index(target) + 1] if s.subject == subject
        for f in s.fields if is_required_for(f, s.name, target)
    ]


def question_spec(question: Any) -> FieldSpec:
    """A challenge's own question as a field of the table: named answers.<id>, checked from the stage it is asked at."""
    kind = Kind(question.kind.value)
    return FieldSpec(
        f"{ANSWERS_PREFIX}{question.id}", question.prompt, kind, required=question.required,
        max_length=SHORT_ANSWER_MAX if kind == Kind.short_text else LONG_TEXT_MAX,
        choices=tuple(question.choices or ()) if kind == Kind.choice else (), checked_from=question.stage.value,
        hint=None if question.public else _l("Only the challenge's owner and the secretariat read this answer."),
    )


def question_specs(challenge: Any, stage: str | Stage | None = None) -> tuple[FieldSpec, ...]:
    """The challenge's questions as field specs, in its order; only those asked at `stage` when one is given."""
    stage = stage.value if isinstance(stage, Stage) else stage
    return tuple(question_spec(q) for q in challenge.questions if stage is None or q.stage.value == stage)


def answer_of(solution: Any, name: str) -> str:
    """The solution's answer in the field answers.<id> ("" when unanswered)."""
    question_id = name.removeprefix(ANSWERS_PREFIX)
    return next((a.value for a in solution.answers if str(a.question_id) == question_id), "")


def current_value(obj: Any, name: str) -> Any:
    """A field's value on a challenge or solution, in the shape the table checks."""
    if name == "tags":
        return obj.tag_names
    if name.startswith(ANSWERS_PREFIX):
        return answer_of(obj, name)
    value = getattr(obj, name)
    return value.value if isinstance(value, enum.Enum) else value


def required_message(spec: FieldSpec) -> str:
    """What a blank required field says: fields ticked or picked from a list ask to choose, others to fill in."""
    if spec.kind in (Kind.sdgs, Kind.tags):
        return _("Choose at least one for %(field)s.", field=spec.label)
    if spec.kind == Kind.indicators:
        return _("Declare %(low)d to %(high)d impact indicators.", low=spec.min_value, high=spec.max_value)
    if spec.name.startswith(ANSWERS_PREFIX):
        return _("Answer the challenge's question \u201c%(question)s\u201d.", question=spec.label)
    if spec.kind == Kind.choice:
        return _("Choose one for %(field)s.", field=spec.label)
    if spec.unless == "district":
        return _("Choose a district from the list, or say in words where it is.")
    return _("%(field)s is required.", field=spec.label)


def required_specs(solution: Any, target: str | Stage) -> list[FieldSpec]:
    """The table's required fields for entering `target`, then the challenge's own required questions asked by then."""
    target = target.value if isinstance(target, Stage) else target
    asked = [q for q in question_specs(solution.challenge) if is_required_for(q, q.checked_from, target)]
    return [*required_for(target), *asked]


def missing_for(solution: Any, target: str | Stage) -> dict[str, str]:
    """{field: message} for each required field of `target` and earlier stages that the solution leaves blank,
    the challenge's own required questions asked by then included (as answers.<id>)."""
    missing = {}
    for spec in required_specs(solution, target):
        value = current_value(solution, spec.name)
        if is_blank(value):
            missing[spec.name] = required_message(spec)
        elif spec.kind == Kind.budget_lines and not any(line.required for line in value):
            missing[spec.name] = _("Mark at least one budget line as required: together they make the goal.")
    return missing


def missing_with(solution: Any, target: str | Stage, values: dict[str, Any]) -> dict[str, str]:
    """Like missing_for, with the values just posted in place of the saved ones: what moving on would still need,
    shown beside a draft's own errors so a form lists every problem on the first try."""
    return {spec.name: required_message(spec) for spec in required_specs(solution, target)
            if is_blank(values[spec.name] if spec.name in values else current_value(solution, spec.name))}


def missing_challenge_fields(values: dict[str, Any], given: frozenset[str] = frozenset()) -> dict[str, str]:
    """{field: message} for each required challenge field blank in `values`; a field that another one stands in for
    (its `unless`) is not missing when that one is in `given`."""
    return {
        spec.name: required_message(spec)
        for spec in required_for("challenge", "challenge")
        if is_blank(values.get(spec.name)) and not (spec.unless and spec.unless in given)
    }


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)

