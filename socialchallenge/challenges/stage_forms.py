"""Moved to socialchallenge.pipeline.stage_forms (beside the stage table it is built from); kept for old imports."""

from socialchallenge.pipeline.stage_forms import (  # noqa: F401
    BLANK_BUDGET_ROWS,
    CHOICE_LABELS,
    SDG_NAMES,
    STAGE_FORMS,
    BudgetLineForm,
    MultiCheckboxField,
    add_blank_rows,
    build_form_class,
    initial_data,
    sdg_choices,
    submitted_values,
)
