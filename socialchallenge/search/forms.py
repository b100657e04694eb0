"""The challenge list's filter form and the search form (its filters plus stage and goal achievement): GET forms,
no CSRF; search.filters decides what a value means."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select

from socialchallenge.extensions import db
from socialchallenge.models import GoalAchievement
from socialchallenge.pipeline.stage_forms import CHOICE_LABELS, sdg_choices
from socialchallenge.pipeline.stages import STAGES
from socialchallenge.places import district_choices
from socialchallenge.search.filters import SORTS


class KeptSelect(Select):
    """WTForms' select whose HTML is kept, per language, value, attributes and choices, by the field that owns it.

    The filter menus are the same on nearly every list and search page; rendering their 60-odd options with
    translated labels took 3 ms of a search page, half of its rendering (issue 17 goal 4). A field's translated
    labels are fixed in its form's class (the language is in the key); labels given as plain text (district names,
    read from the database) are part of the key themselves."""

    KEEP = 256  # entries per field; a full store starts again

    def __init__(self) -> None:
        super().__init__()
        self._kept: dict = {}

    def __call__(self, field, **kwargs) -> Markup:
        # The selected option follows from the field's data; labels that are translated are fixed in the class.
        texts = tuple((c.value, c.label) for c in field.choices if isinstance(c.label, str))
        key = (str(get_locale()), field.id, field.name, tuple(sorted(kwargs.items())), repr(field.data), texts)
        html = self._kept.get(key)
        if html is None:
            html = super().__call__(field, **kwargs)
            if len(self._kept) >= self.KEEP:
                self._kept.clear()
            self._kept[key] = html
        return html


SORT_LABELS = {"relevance": _l("Best match"), "newest": _l("Newest"), "most_supported": _l("Most supported"),
               "closing_soon": _l("Closing soon")}


def district_filter_choices() -> list[SelectChoice]:
    """The district filter's menu: any district, then each one in the page's language."""
    return [SelectChoice("", _l("Any district"))] + [SelectChoice(c, n) for c, n in district_choices(db.session)]


class ChallengeFilterForm(FlaskForm):
    """Filters, search and order of the challenge list (a GET form: no CSRF token); search.filters reads them."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"))
    status = SelectField(_l("Status"), choices=[SelectChoice("", _l("Any status")), SelectChoice("open", _l("Open")),
                                                 SelectChoice("closed", _l("Closed"))], validate_choice=False,
                         widget=KeptSelect())
    district = SelectField(_l("District"), choices=lambda: district_filter_choices(), validate_choice=False,
                           widget=KeptSelect())
    area = StringField(_l("Area"))
    tag = StringField(_l("Topic"))
    sdg = SelectField(_l("SDG"), choices=[SelectChoice("", _l("Any SDG")), *sdg_choices()], validate_choice=False,
                      widget=KeptSelect())
    sort = SelectField(_l("Order"), choices=[SelectChoice(s, SORT_LABELS[s]) for s in SORTS], validate_choice=False,
                       widget=KeptSelect())


class SearchForm(ChallengeFilterForm):
    """Every search filter; the domain (search.params) decides what a value means."""

    stage = SelectField(_l("Stage"), choices=[SelectChoice("", _l("Any stage")),
                                              *(SelectChoice(s.name, s.label) for s in STAGES)],
                        validate_choice=False, widget=KeptSelect())
    goal_achievement = SelectField(
        _l("Did the experiment meet its goal"),
        choices=[SelectChoice("", _l("Any outcome")),
                 *(SelectChoice(g.value, CHOICE_LABELS.get(g.value, g.value)) for g in GoalAchievement)],
        validate_choice=False, widget=KeptSelect(),
    )
