"""Checks a field's value against its spec in the stage table: type and limits, never requiredness."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _

from socialchallenge.core.text import TextProblem, text
from socialchallenge.errors import ValidationFailed
from socialchallenge.i18n import money
from socialchallenge.models import IndicatorKind
from socialchallenge.pipeline.stages import (
    AMOUNT_MAX,
    BUDGET_ITEM_MAX,
    DATE_MAX,
    DATE_MIN,
    GOAL_MAX,
    INDICATOR_NAME_MAX,
    INDICATOR_UNIT_MAX,
    INDICATOR_VALUE_MAX,
    MAX_BUDGET_LINES,
    MAX_TAGS,
    SCHEDULE_MAX_MONTHS,
    TAG_MAX,
    FieldSpec,
    Kind,
    add_months,
    is_blank,
)


class _Invalid(Exception):
    pass


def invalid(fields: dict[str, str]) -> ValidationFailed:
    """The error for bad values: the usual summary plus a message per field."""
    return ValidationFailed(_("Please correct the marked fields."), fields)


def _is_int(value: Any) -> bool:
    # JSON true/false arrive as bool, which Python counts as int.
    return isinstance(value, int) and not isinstance(value, bool)


def _text(spec: FieldSpec, value: Any) -> str:
    return text(value, max_length=spec.max_length, min_length=spec.min_length, single_line=spec.kind == Kind.short_text)


def _date(spec: FieldSpec, value: Any) -> date | None:
    if is_blank(value):
        return None
    if isinstance(value, date):
        day = value
    elif not isinstance(value, str):
        raise _Invalid(_("Must be a date (YYYY-MM-DD)."))
    else:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise _Invalid(_("Must be a date (YYYY-MM-DD).")) from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise _Invalid(_("Use a date from %(first)s to %(last)s.", first=DATE_MIN.isoformat(),
                         last=DATE_MAX.isoformat()))
    return day


def _int(spec: FieldSpec, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if not _is_int(value):
        raise _Invalid(_("Must be a whole number."))
    if (spec.min_value is not None and value < spec.min_value) or (
        spec.max_value is not None and value > spec.max_value
    ):
        raise _Invalid(_("Must be between %(low)d and %(high)d.", low=spec.min_value, high=spec.max_value))
    return value


def _choice(spec: FieldSpec, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if value not in spec.choices:
        raise _Invalid(_("Choose one of: %(choices)s.", choices=", ".join(spec.choices)))
    return value


def _tags(spec: FieldSpec, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # "a, b" from a text input
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid(_("Must be a list of topics."))
    names = []
    for raw in value:
        name = " ".join(text(raw, single_line=True, max_length=TAG_MAX,
                             too_long=_("Each topic may have at most %(n)d characters.", n=TAG_MAX)).split()).lower()
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise _Invalid(_("Use at most %(n)d topics.", n=MAX_TAGS))
    return names


def _sdgs(spec: FieldSpec, value: Any) -> list[int]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Invalid(_("Must be a list of SDG numbers."))
    numbers = []
    for raw in value:
        number = int(raw) if isinstance(raw, str) and raw.strip().isdigit() else raw
        if not _is_int(number) or not spec.min_value <= number <= spec.max_value:
            raise _Invalid(_("Use an SDG number from %(low)d to %(high)d.", low=spec.min_value, high=spec.max_value))
        if number not in numbers:
            numbers.append(number)
    return sorted(numbers)


def _budget_lines(spec: FieldSpec, value: Any) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _Invalid(_("Must be a list of lines with item, amount and required."))
    if len(value) > MAX_BUDGET_LINES:
        raise _Invalid(_("Use at most %(n)d budget lines.", n=MAX_BUDGET_LINES))
    lines = []
    for number, raw in enumerate(value, start=1):
        if set(raw) - {"item", "amount", "required"}:
            raise _Invalid(_("Line %(n)d: only item, amount and required are allowed.", n=number))
        describe = _("Line %(n)d: describe the item in 1 to %(max)d characters.", n=number, max=BUDGET_ITEM_MAX)
        item = raw.get("item")
        try:
            item = text(item if isinstance(item, str) else None, required=describe, max_length=BUDGET_ITEM_MAX,
                        too_long=describe, single_line=True)
        except TextProblem as problem:  # blank or too long: `describe`; a control character: say so, on its line
            message = problem.message if problem.message == describe else _(
                "Line %(n)d: %(problem)s", n=number, problem=problem.message)
            raise _Invalid(message) from None
        amount = raw.get("amount")
        if not _is_int(amount) or not 0 < amount <= AMOUNT_MAX:
            raise _Invalid(_("Line %(n)d: the amount must be a positive whole number.", n=number))
        required = raw.get("required", True)
        if not isinstance(required, bool):
            raise _Invalid(_("Line %(n)d: required must be true or false.", n=number))
        lines.append({"item": item, "amount": amount, "required": required})
    if sum(line["amount"] for line in lines) > GOAL_MAX:
        # Checked here, at entry: the sum becomes the campaign's goal, which the database could not store.
        raise _Invalid(_("The lines add up to more than %(max)s.", max=money(GOAL_MAX)))
    return lines


INDICATOR_KEYS = {"id", "name", "unit", "kind", "baseline", "target"}


def _indicator_number(raw: Any, number: int, what: str) -> int:
    value = raw.get(what, 0 if what == "baseline" else None)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not _is_int(value) or not 0 <= value <= INDICATOR_VALUE_MAX:
        raise _Invalid(_("Indicator %(n)d: the %(what)s must be a whole number from 0 to %(max)s.", n=number,
                         what=_("baseline") if what == "baseline" else _("target"), max=f"{INDICATOR_VALUE_MAX:,}"))
    return value


def _indicators(spec: FieldSpec, value: Any) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _Invalid(_("Must be a list of indicators with name, unit, kind, baseline and target."))
    if len(value) > spec.max_value:
        raise _Invalid(_("Declare at most %(n)d impact indicators.", n=spec.max_value))
    rows = []
    for number, raw in enumerate(value, start=1):
        if set(raw) - INDICATOR_KEYS:
            raise _Invalid(_("Indicator %(n)d: only id, name, unit, kind, baseline and target are allowed.", n=number))
        row = {"id": raw.get("id")}
        if row["id"] is not None and not _is_int(row["id"]):
            raise _Invalid(_("Indicator %(n)d: the id must be a whole number.", n=number))
        for key, top in (("name", INDICATOR_NAME_MAX), ("unit", INDICATOR_UNIT_MAX)):
            say = _("Indicator %(n)d: give the %(what)s in 1 to %(max)d characters.", n=number,
                    what=_("name") if key == "name" else _("unit"), max=top)
            item = raw.get(key)
            try:
                row[key] = text(item if isinstance(item, str) else None, required=say, max_length=top, too_long=say,
                                single_line=True)
            except TextProblem as problem:
                raise _Invalid(problem.message if problem.message == say else _(
                    "Indicator %(n)d: %(problem)s", n=number, problem=problem.message)) from None
        if raw.get("kind") not in {k.value for k in IndicatorKind}:
            raise _Invalid(_("Indicator %(n)d: choose its kind (%(kinds)s).", n=number,
                             kinds=", ".join(k.value for k in IndicatorKind)))
        row["kind"] = raw["kind"]
        row["baseline"] = _indicator_number(raw, number, "baseline")
        row["target"] = _indicator_number(raw, number, "target")
        rows.append(row)
    return rows


_CLEANERS = {
    Kind.short_text: _text,
    Kind.long_text: _text,
    Kind.date: _date,
    Kind.int: _int,
    Kind.choice: _choice,
    Kind.tags: _tags,
    Kind.sdgs: _sdgs,
    Kind.budget_lines: _budget_lines,
    Kind.indicators: _indicators,
}


def clean_values(specs: dict[str, FieldSpec], values: dict[str, Any], current: dict[str, Any] | None = None) -> dict:
    """Cleaned values for the given fields, or ValidationFailed listing every bad or unknown field."""
    cleaned, errors = clean_and_collect(specs, values, current)
    if errors:
        raise invalid(errors)
    return cleaned


def clean_and_collect(specs: dict[str, FieldSpec], values: dict[str, Any],
                      current: dict[str, Any] | None = None) -> tuple[dict, dict[str, str]]:
    """(cleaned values, {field: message} for every bad or unknown one), so a caller can add its own checks and
    report everything at once (a form shows its date error and its missing fields on the first try)."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        spec = specs.get(name)
        if spec is None:
            errors[name] = _("Unknown field.")
            continue
        try:
            cleaned[name] = _CLEANERS[spec.kind](spec, value)
        except (_Invalid, TextProblem) as problem:
            errors[name] = str(problem)
    if "schedule_start" in specs and not ({"schedule_start", "schedule_end"} & errors.keys()):
        merged = {**(current or {}), **cleaned}
        start, end = merged.get("schedule_start"), merged.get("schedule_end")
        if start and end:
            if end <= start:
                errors["schedule_end"] = _("The end must be after the start.")
            elif end > add_months(start, SCHEDULE_MAX_MONTHS):
                errors["schedule_end"] = _("Start and end may be at most %(n)d months apart.", n=SCHEDULE_MAX_MONTHS)
    return cleaned, errors
