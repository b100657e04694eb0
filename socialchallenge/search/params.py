"""Reading search parameters from a query string, the same way for the web page and the API."""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from socialchallenge.models import ChallengeStatus, GoalAchievement
from socialchallenge.search.query import SORTS, STAGE_FILTERS, Filters
from socialchallenge.search.text import QUERY_MAX

TEXT_PARAM_MAX = 120


def parse_search_args(args: MultiDict, stage: str | None = None) -> tuple[str, Filters, str, dict[str, str]]:
    """(q, filters, sort, errors) from query-string arguments; a bad value is left out and named in errors.

    `stage` fixes the stage (the learnings library) instead of reading it from the arguments."""
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
        if raw_sdg.isascii() and raw_sdg.isdigit() and 1 <= int(raw_sdg) <= 17:
            sdg = int(raw_sdg)
        else:
            errors["sdg"] = _("Use an SDG number from 1 to 17.")
    filters = Filters(
        stage=stage or choice("stage", STAGE_FILTERS),
        status=choice("status", [s.value for s in ChallengeStatus], ChallengeStatus),
        area=text("area"),
        tag=text("tag"),
        sdg=sdg,
        goal_achievement=choice("goal_achievement", [g.value for g in GoalAchievement], GoalAchievement),
    )
    sort = choice("sort", SORTS) or "newest"
    return q, filters, sort, errors
