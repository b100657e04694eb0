"""The search form: the challenge list's filters plus stage and goal achievement (a GET form, no CSRF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from socialchallenge.challenges.forms import ChallengeFilterForm
from socialchallenge.challenges.stage_forms import CHOICE_LABELS
from socialchallenge.models import GoalAchievement
from socialchallenge.pipeline.stages import STAGES


class SearchForm(ChallengeFilterForm):
    """Every search filter; the domain (search.params) decides what a value means."""

    stage = SelectField(_l("Stage"), choices=[SelectChoice("", _l("Any stage")),
                                              *(SelectChoice(s.name, s.label) for s in STAGES)],
                        validate_choice=False)
    goal_achievement = SelectField(
        _l("Did the experiment meet its goal"),
        choices=[SelectChoice("", _l("Any outcome")),
                 *(SelectChoice(g.value, CHOICE_LABELS.get(g.value, g.value)) for g in GoalAchievement)],
        validate_choice=False,
    )
