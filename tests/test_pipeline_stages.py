"""The stage table of SPEC §2.1: required fields per stage, limits, and the experiment_method exception."""

from __future__ import annotations

import pytest

from socialchallenge.errors import ValidationFailed
from socialchallenge.models import Stage
from socialchallenge.pipeline.stages import (
    SOLUTION_FIELDS,
    STAGE_BY_NAME,
    STAGE_NAMES,
    STAGES,
    add_months,
    missing_for,
    required_for,
)
from socialchallenge.pipeline.validation import clean_values
from tests.builders import make_solution, sample_value

SOLUTION_STAGES = [s for s in STAGES if s.subject == "solution"]


@pytest.fixture
def ctx(app):
    """A request context, so messages can be translated."""
    with app.test_request_context():
        yield


def test_the_pipeline_has_six_stages_in_order():
    assert STAGE_NAMES == ("challenge", "idea", "proposal", "crowdfunding", "experiment", "learnings")
    assert [s.value for s in Stage] == list(STAGE_NAMES[1:])


def test_spec_required_fields_are_in_the_table():
    expected = {
        "challenge": {"title", "problem", "affected", "area", "tags", "sdgs"},
        "idea": {"title", "summary"},
        # Issue 16 item 4: a proposal declares 1 to 5 impact indicators.
        "proposal": {"experiment_plan", "experiment_goal", "already_tested", "team_description", "resources",
                     "schedule_start", "schedule_end", "learning_goals", "indicators"},
        "crowdfunding": {"budget_lines", "other_funding", "campaign_days", "funding_model"},
        "experiment": {"experiment_method"},
        "learnings": {"goal_achievement", "lessons", "results", "advice", "wrap_up", "next_steps"},
    }
    assert {s.name: {f.name for f in s.required_fields} for s in STAGES} == expected


@pytest.mark.parametrize("stage", SOLUTION_STAGES, ids=lambda s: s.name)
def test_entering_a_stage_needs_its_fields_and_those_of_earlier_stages(app, ctx, stage):
    solution = make_solution(stage="idea", title="", summary="")
    missing = missing_for(solution, stage.name)
    earlier = [s for s in SOLUTION_STAGES if STAGE_NAMES.index(s.name) <= STAGE_NAMES.index(stage.name)]
    expected = {f.name for s in earlier for f in s.required_fields}
    if stage.name != "learnings":
        expected.discard("experiment_method")
    assert set(missing) == expected


@pytest.mark.parametrize("stage", SOLUTION_STAGES, ids=lambda s: s.name)
def test_blank_after_trimming_counts_as_missing(app, ctx, stage):
    solution = make_solution(stage="learnings")
    assert missing_for(solution, stage.name) == {}
    for spec in stage.required_fields:
        if spec.kind.value.endswith("text"):
            setattr(solution, spec.name, "   \n ")
            assert spec.name in missing_for(solution, "learnings")


def test_experiment_method_is_checked_on_the_way_to_learnings_not_into_experiment(app, ctx):
    solution = make_solution(stage="crowdfunding", experiment_method="")
    assert "experiment_method" not in missing_for(solution, "experiment")
    assert "experiment_method" in missing_for(solution, "learnings")
    assert "experiment_method" in {f.name for f in required_for("learnings")}


def test_budget_needs_a_required_line_to_make_a_goal(app, ctx):
    solution = make_solution(stage="proposal", budget_lines=[{"item": "Extra", "amount": 5, "required": False}])
    assert "budget_lines" in missing_for(solution, "crowdfunding")


@pytest.mark.parametrize("name", sorted(SOLUTION_FIELDS))
def test_every_field_accepts_its_sample_value(name):
    spec = SOLUTION_FIELDS[name]
    assert name in clean_values(SOLUTION_FIELDS, {name: sample_value(spec)})


@pytest.mark.parametrize("field, value", [
    ("title", "abc"),
    ("title", "x" * 121),
    ("summary", "x" * 301),
    ("experiment_plan", "x" * 10_001),
    ("campaign_days", 0),
    ("campaign_days", 61),
    ("campaign_days", True),
    ("funding_model", "whatever"),
    ("goal_achievement", "sort_of"),
    ("schedule_start", "next week"),
    ("budget_lines", [{"item": "Chairs", "amount": 0, "required": True}]),
    ("budget_lines", [{"item": "", "amount": 10, "required": True}]),
    ("budget_lines", [{"item": "Chairs", "amount": 1.5, "required": True}]),
    ("budget_lines", "lots"),
    ("not_a_field", "x"),
])
def test_values_outside_the_limits_are_refused(field, value):
    with pytest.raises(ValidationFailed) as raised:
        clean_values(SOLUTION_FIELDS, {field: value})
    assert list(raised.value.fields) == [field]


@pytest.mark.parametrize("sdgs, ok", [([1, 17], True), ([0], False), ([18], False), (["x"], False)])
def test_sdgs_go_from_1_to_17(sdgs, ok):
    specs = {f.name: f for f in STAGE_BY_NAME["challenge"].fields}
    if ok:
        assert clean_values(specs, {"sdgs": sdgs}) == {"sdgs": sdgs}
    else:
        with pytest.raises(ValidationFailed):
            clean_values(specs, {"sdgs": sdgs})


@pytest.mark.parametrize("start, end, ok", [
    ("2030-01-01", "2030-06-30", True),
    ("2030-01-01", "2031-01-01", True),
    ("2030-01-01", "2031-01-02", False),
    ("2030-01-01", "2030-01-01", False),
    ("2030-02-01", "2030-01-01", False),
])
def test_schedule_ends_after_it_starts_and_within_12_months(start, end, ok):
    values = {"schedule_start": start, "schedule_end": end}
    if ok:
        clean_values(SOLUTION_FIELDS, values)
    else:
        with pytest.raises(ValidationFailed) as raised:
            clean_values(SOLUTION_FIELDS, values)
        assert "schedule_end" in raised.value.fields


def test_add_months_clamps_to_the_end_of_the_month():
    from datetime import date

    assert add_months(date(2031, 1, 31), 1) == date(2031, 2, 28)
    assert add_months(date(2031, 11, 30), 12) == date(2032, 11, 30)
