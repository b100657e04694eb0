"""The public impact page: measured values of experiments summed by kind, district, SDG and period."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from socialchallenge.extensions import db
from socialchallenge.impact import bp
from socialchallenge.impact.figures import KIND_LABELS, PERIODS, figures, parse_filters
from socialchallenge.pipeline.stage_forms import SDG_NAMES
from socialchallenge.places import district_choices

PERIOD_LABELS = {"month": _l("Month"), "quarter": _l("Quarter"), "year": _l("Year")}


@bp.get("/impact")
def index():
    """What experiments achieved: measured values summed by kind, district, SDG and period, with charts."""
    filters, errors = parse_filters(request.args)
    result = figures(db.session, filters)
    return render_template("impact/index.html", result=result, filters=filters, errors=errors,
                           kind_labels=KIND_LABELS, periods=PERIODS, period_labels=PERIOD_LABELS,
                           sdg_names=SDG_NAMES, districts=district_choices(db.session))
