"""Template helpers for pipeline pages: stage and SDG names, event wording, amounts are formatted by i18n.money."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from socialchallenge.challenges import bp
from socialchallenge.pipeline.stage_forms import CHOICE_LABELS, INDICATOR_KIND_LABELS, SDG_NAMES
from socialchallenge.pipeline.stages import STAGE_BY_NAME


@bp.app_template_global()
def stage_label(stage: Any) -> Any:
    """The translated name of a stage, given its name or its Stage enum."""
    name = getattr(stage, "value", stage)
    return STAGE_BY_NAME[name].label if name in STAGE_BY_NAME else name


@bp.app_template_global()
def sdg_name(number: int) -> str:
    """'11. Sustainable cities and communities'."""
    return f"{number}. {SDG_NAMES.get(number, '')}"


@bp.app_template_global()
def choice_label(value: Any) -> Any:
    """The translated wording of a choice value (funding model, goal achievement)."""
    value = getattr(value, "value", value)
    return CHOICE_LABELS.get(value, value)


OUTCOME_LABELS = {"not_selected": _l("Not selected"), "archived": _l("Archived")}


@bp.app_template_global()
def outcome_label(outcome: Any) -> Any:
    """The translated name of an unpicked solution's outcome."""
    value = getattr(outcome, "value", outcome)
    return OUTCOME_LABELS.get(value, value)


@bp.app_template_global()
def indicator_kind_labels() -> dict[str, Any]:
    """The translated names of the kinds of impact indicator, by value."""
    return INDICATOR_KIND_LABELS

