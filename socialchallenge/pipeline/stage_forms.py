"""Web forms built from the stage table: one input per FieldSpec, so labels, kinds and limits are never retyped."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, TextInput

from socialchallenge.i18n import currency_name
from socialchallenge.pipeline.indicators import INDICATOR_KIND_LABELS  # noqa: F401  (older imports)
from socialchallenge.pipeline.stages import (
    MAX_BUDGET_LINES,
    MAX_INDICATORS,
    STAGE_BY_NAME,
    STAGES,
    FieldSpec,
    Kind,
    current_value,
    question_specs,
)

BLANK_BUDGET_ROWS = 3

SDG_NAMES = {
    1: _l("No poverty"), 2: _l("Zero hunger"), 3: _l("Good health and well-being"), 4: _l("Quality education"),
    5: _l("Gender equality"), 6: _l("Clean water and sanitation"), 7: _l("Affordable and clean energy"),
    8: _l("Decent work and economic growth"), 9: _l("Industry, innovation and infrastructure"),
    10: _l("Reduced inequalities"), 11: _l("Sustainable cities and communities"),
    12: _l("Responsible consumption and production"), 13: _l("Climate action"), 14: _l("Life below water"),
    15: _l("Life on land"), 16: _l("Peace, justice and strong institutions"), 17: _l("Partnerships for the goals"),
}

CHOICE_LABELS = {
    "all_or_nothing": _l("All or nothing: pledges are collected only if the goal is reached"),
    "keep_it_all": _l("Keep it all: every pledge is collected"),
    "not_met": _l("Not met"),
    "partly_met": _l("Partly met"),
    "met": _l("Met"),
    "exceeded": _l("Exceeded"),
}
# The kinds of impact indicator (Sharing Seoul's sharing-value measures), as the forms and pages name them.


def _sdg_label(number: int) -> str:
    return f"{number}. {SDG_NAMES[number]}"


def sdg_choices() -> list[SelectChoice]:
    """The 17 SDGs as choices whose labels are translated when shown."""
    return [SelectChoice(str(n), LazyString(_sdg_label, n)) for n in SDG_NAMES]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes, each with its own label."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BudgetLineForm(Form):
    """One budget row: item, amount, and whether the goal needs it."""

    item = StringField(_l("Item"))
    amount = StringField(_l("Amount"), widget=TextInput(input_type="text"), render_kw={"inputmode": "numeric"})
    required = BooleanField(_l("Needed for the goal"))


class IndicatorRowForm(Form):
    """One impact indicator: what is counted, in which unit, its kind, where it starts and where it should get."""

    # Not "id" and "name": a FormField has attributes of those names.
    indicator_id = HiddenField()
    indicator_name = StringField(_l("Indicator"))
    unit = StringField(_l("Unit"))
    kind = SelectField(_l("Kind"), choices=[SelectChoice("", _l("Choose…"))]
                       + [SelectChoice(k, v) for k, v in INDICATOR_KIND_LABELS.items()], validate_choice=False)
    baseline = StringField(_l("Baseline"), render_kw={"inputmode": "numeric"})
    target = StringField(_l("Target"), render_kw={"inputmode": "numeric"})


def _hint(spec: FieldSpec):
    if spec.hint:
        return spec.hint
    if spec.kind == Kind.tags:
        return _l("Separate topics with commas, e.g. mobility, elderly care.")
    if spec.kind == Kind.date:
        return _l("A date such as 2026-05-31.")
    if spec.kind == Kind.int and spec.min_value is not None:
        return _l("A whole number from %(low)d to %(high)d.", low=spec.min_value, high=spec.max_value)
    if spec.kind == Kind.budget_lines:
        return LazyString(lambda: _("Amounts in %(currency)s. Lines needed for the goal add up to the funding goal; "
                                    "the rest is the optimum.", currency=currency_name()))
    if spec.kind == Kind.indicators:
        return _l("Declare %(low)d to %(high)d indicators in whole numbers: e.g. neighbours taking part (people), "
                  "baseline 0, target 40. During the experiment you record what you measure.",
                  low=spec.min_value, high=spec.max_value)
    if spec.max_length and spec.max_length < 10_000:
        return _l("At most %(n)d characters.", n=spec.max_length)
    return ""


def _field_for(spec: FieldSpec):
    label, hint = spec.label, _hint(spec)
    if spec.kind == Kind.short_text or spec.kind == Kind.tags:
        return StringField(label, description=hint)
    if spec.kind == Kind.long_text:
        return TextAreaField(label, description=hint)
    if spec.kind == Kind.date:
        return StringField(label, description=hint, widget=DateInput())
    if spec.kind == Kind.int:
        return StringField(label, description=hint, render_kw={"inputmode": "numeric"})
    if spec.kind == Kind.choice:
        choices = [SelectChoice("", _l("Choose…"))] + [SelectChoice(c, CHOICE_LABELS.get(c, c)) for c in spec.choices]
        return SelectField(label, description=hint, choices=choices, validate_choice=False)
    if spec.kind == Kind.sdgs:
        choices = sdg_choices()
        return MultiCheckboxField(label, description=hint, choices=choices, validate_choice=False)
    if spec.kind == Kind.indicators:
        return FieldList(FormField(IndicatorRowForm), label, description=hint, max_entries=MAX_INDICATORS)
    return FieldList(FormField(BudgetLineForm), label, description=hint,
                     max_entries=MAX_BUDGET_LINES + BLANK_BUDGET_ROWS)


def build_form_class(specs: tuple[FieldSpec, ...], name: str = "StageForm") -> type:
    """A FlaskForm class with one input per field spec, in table order."""
    attrs = {spec.name: _field_for(spec) for spec in specs}
    attrs["specs"] = specs
    return type(name, (FlaskForm,), attrs)


# One form class per stage of the table, built once.
STAGE_FORMS: dict[str, type] = {stage.name: build_form_class(stage.fields, f"{stage.name.title()}Form")
                                for stage in STAGES}


def stage_form_class(challenge: Any, stage: str) -> type:
    """The stage's form, with the challenge's own questions asked at this stage after the table's fields."""
    asked = question_specs(challenge, stage)
    if not asked:
        return STAGE_FORMS[stage]
    return build_form_class((*STAGE_BY_NAME[stage].fields, *asked), f"{stage.title()}QuestionsForm")


def initial_data(obj: Any, specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """The saved values of a challenge or solution, shaped for the stage form."""
    data = {}
    for spec in specs:
        value = current_value(obj, spec.name)
        if spec.kind == Kind.tags:
            value = ", ".join(value)
        elif spec.kind == Kind.sdgs:
            value = [str(n) for n in value]
        elif spec.kind == Kind.budget_lines:
            value = [{"item": line.item, "amount": str(line.amount), "required": line.required} for line in value]
        elif spec.kind == Kind.indicators:
            value = [{"indicator_id": str(i.id), "indicator_name": i.name, "unit": i.unit, "kind": i.kind.value,
                      "baseline": str(i.baseline), "target": str(i.target)} for i in value]
        elif isinstance(value, (int, date)) and not isinstance(value, bool):
            value = str(value)
        data[spec.name] = value
    return data


def add_blank_rows(form: FlaskForm) -> None:
    """Give every budget table a few empty rows, so lines can be added without JavaScript."""
    for spec in form.specs:
        if spec.kind == Kind.budget_lines:
            rows = form[spec.name]
            blank = sum(1 for row in rows if not (row.item.data or "").strip() and not (row.amount.data or "").strip())
            for _unused in range(max(0, BLANK_BUDGET_ROWS - blank)):
                rows.append_entry({"required": True})
        elif spec.kind == Kind.indicators:
            rows = form[spec.name]
            while len(rows) < MAX_INDICATORS:
                rows.append_entry({})


def _amount(raw: str | None) -> Any:
    text = re.sub(r"[\s,₩원]", "", raw or "")
    return int(text) if text.isdigit() else (raw or "").strip()


def submitted_values(form: FlaskForm) -> dict[str, Any]:
    """The posted values in the shape the domain cleans (blank budget rows dropped, amounts as numbers)."""
    values = {}
    for spec in form.specs:
        field = form[spec.name]
        if spec.kind == Kind.budget_lines:
            values[spec.name] = [
                {"item": row.item.data or "", "amount": _amount(row.amount.data), "required": bool(row.required.data)}
                for row in field
                if (row.item.data or "").strip() or (row.amount.data or "").strip()
            ]
        elif spec.kind == Kind.indicators:
            values[spec.name] = [
                {"id": int(row.indicator_id.data) if (row.indicator_id.data or "").isdigit() else None,
                 "name": row.indicator_name.data or "",
                 "unit": row.unit.data or "", "kind": row.kind.data or "",
                 "baseline": _amount(row.baseline.data or "0"), "target": _amount(row.target.data)}
                for row in field
                if any((getattr(row, key).data or "").strip() for key in ("indicator_name", "unit", "target"))
            ]
        elif spec.kind == Kind.sdgs:
            values[spec.name] = list(field.data or [])
        else:
            values[spec.name] = field.data if field.data is not None else ""
    return values
