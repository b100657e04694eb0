"""The hearing sheet: what the secretariat confirms with the team before a campaign may go live (SPEC §4)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from socialchallenge.errors import ValidationFailed

# key → what the reviewer confirms with the team. The one list forms, API, pages and the approval rule read.
CHECKLIST = {
    "budget_plausible": _l("The budget is plausible: amounts match the plan and the goal covers the essentials."),
    "team_identified": _l("The team is identified: we know who runs the experiment and how to reach them."),
    "rewards_deliverable": _l("The rewards can be delivered on time and within the budget."),
    "risks_named": _l("The main risks are named, with what the team will do about them."),
    "schedule_realistic": _l("The schedule is realistic for the team and the season."),
    "goals_measurable": _l("The experiment's goal can be checked: the team says how it will know."),
    "beneficiaries_involved": _l("The people affected by the problem take part in the experiment."),
    "rules_respected": _l("Permits, privacy and safety rules are respected."),
}

# key → the item in a few words, where a list of them is read at a glance (the audit log's checklist).
CHECKLIST_SHORT = {
    "budget_plausible": _l("Budget"),
    "team_identified": _l("Team"),
    "rewards_deliverable": _l("Rewards"),
    "risks_named": _l("Risks"),
    "schedule_realistic": _l("Schedule"),
    "goals_measurable": _l("Measurable goal"),
    "beneficiaries_involved": _l("People affected take part"),
    "rules_respected": _l("Permits, privacy and safety"),
}


def require_complete(checks: dict[str, bool] | None) -> None:
    """An approval needs every item ticked; else ValidationFailed listing the unticked ones (keys and wording)."""
    unticked = [key for key in CHECKLIST if not (checks or {}).get(key)]
    if unticked:
        raise ValidationFailed(
            _("Tick every item of the hearing sheet before approving."),
            {"checklist": _("Not ticked yet: %(items)s", items="; ".join(
                f"{CHECKLIST[key]} ({key})" for key in unticked))},
        )
