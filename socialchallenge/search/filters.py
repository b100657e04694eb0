"""The one `Filters` type and the one reader of filter arguments, for the challenge list, search and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from socialchallenge.core.ranges import SDG_MAX, SDG_MIN, sdg_number
from socialchallenge.extensions import db
from socialchallenge.models import ChallengeStatus, GoalAchievement, Stage
from socialchallenge.places import district_param

SORTS = ("relevance", "newest", "most_supported", "closing_soon")  # relevance: the default with a query
STAGE_FILTERS = ("challenge", *(s.value for s in Stage))
TEXT_PARAM_MAX = 120
QUERY_MAX = 200


@dataclass(frozen=True)
class Filters:
    """What to narrow a list to; challenge filters (status, district, area, tag, SDG) apply to a solution's
    challenge."""

    stage: str | None = None  # "challenge" or a solution stage; learnings are solutions at "learnings"
    status: ChallengeStatus | None = None
    district: str | None = None  # a district code (issue 16); `area` still matches the place in words
    area: str | None = None
    tag: str | None = None
    sdg: int | None = None
    goal_achievement: GoalAchievement | None = None  # only solutions that reached learnings have one


class ListArgs(NamedTuple):
    """A list request as read from its query string; `errors` names each value that was left out and why."""

    q: str
    filters: Filters
    sort: str
    errors: dict[str, str]


def parse_filters(args: MultiDict, stage: str | None = None) -> ListArgs:
    """Read q, the filters and the sort from query-string arguments; a bad value is left out and named in errors.

    `stage` fixes the stage (the learnings library) instead of reading it from the arguments. The web pages
    show what they can and ignore the errors; the API answers 400 with them."""
    errors: dict[str, str] = {}

    def text(name: str, limit: int = TEXT_PARAM_MAX) -> str | None:
        value = " ".join(args.get(name, "").replace("\x00", "").split())  # PostgreSQL refuses NUL in text
        if len(value) > limit:
            errors[name] = _("Use at most %(n)d characters.", n=limit)
            return None
        return value or None

    def choice(name: str, allowed, convert=str):
        value = args.get(name, "").strip()
        if not value:
            return None
        if value not in allowed:
            errors[name] = _("Use one of: %(choices)s.", choices=", ".join(allowed))
            return None
        return convert(value)

    q = text("q", QUERY_MAX) or ""
    sdg = None
    raw_sdg = args.get("sdg", "").strip()
    if raw_sdg:
        sdg = sdg_number(raw_sdg)
        if sdg is None:
            errors["sdg"] = _("Use an SDG number from %(low)d to %(high)d.", low=SDG_MIN, high=SDG_MAX)
    district, problem = district_param(db.session, args.get("district"))
    if problem:
        errors["district"] = problem
    filters = Filters(
        stage=stage or choice("stage", STAGE_FILTERS),
        status=choice("status", [s.value for s in ChallengeStatus], ChallengeStatus),
        district=district,
        area=text("area"),
        tag=text("tag"),
        sdg=sdg,
        goal_achievement=choice("goal_achievement", [g.value for g in GoalAchievement], GoalAchievement),
    )
    sort = choice("sort", SORTS) or ("relevance" if q else "newest")
    return ListArgs(q, filters, sort, errors)
