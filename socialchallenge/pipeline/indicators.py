"""Impact indicators: declared with the proposal's fields (stage table), measured during the experiment."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from socialchallenge.core.text import Problems
from socialchallenge.errors import NotFound, RuleViolation
from socialchallenge.models import Attachment, Indicator, IndicatorValue, Solution, Stage, User
from socialchallenge.pipeline import solutions
from socialchallenge.pipeline.access import require_team_member
from socialchallenge.pipeline.locks import lock_solution
from socialchallenge.pipeline.stages import DATE_MIN, INDICATOR_VALUE_MAX
from socialchallenge.timeutil import site_today

NOTE_MAX = 500
LINK_MAX = 500
VALUE_KEYS = {"date", "value", "note", "link", "evidence_id"}

# The kinds of impact indicator and their names in the reader's language.
INDICATOR_KIND_LABELS = {
    "resources_shared": _l("Resources shared"),
    "participants": _l("Participants"),
    "activity_results": _l("Activity results"),
    "connection": _l("Connection and co-production"),
    "other": _l("Other"),
}


def set_indicators(session: Session, actor: User, solution: Solution, rows: Any) -> list[Indicator]:
    """Declare the solution's indicators (the whole list): the proposal's `indicators` field, saved as a draft."""
    solutions.update_solution(session, actor, solution, {"indicators": rows})
    return solution.indicators


def get_indicator(solution: Solution, indicator_id: int) -> Indicator:
    """One of the solution's indicators, else NotFound."""
    indicator = next((i for i in solution.indicators if i.id == indicator_id), None)
    if indicator is None:
        raise NotFound(_("This solution has no such indicator."))
    return indicator


def _day(fields: Problems, raw: Any) -> date | None:
    if isinstance(raw, date):
        day = raw
    else:
        try:
            day = date.fromisoformat(raw.strip()) if isinstance(raw, str) and raw.strip() else None
        except ValueError:
            day = None
        if day is None:
            fields["date"] = _("Give the date it was measured (YYYY-MM-DD).")
            return None
    if not DATE_MIN <= day <= site_today():  # today in Seoul, not in UTC (a day ahead until 09:00)
        fields["date"] = _("Use a date from %(first)s to today.", first=DATE_MIN.isoformat())
    return day


def _number(fields: Problems, raw: Any) -> int | None:
    if isinstance(raw, str) and raw.strip().replace(",", "").isdigit():
        raw = int(raw.strip().replace(",", ""))
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= INDICATOR_VALUE_MAX:
        fields["value"] = _("The value must be a whole number from 0 to %(max)s.", max=f"{INDICATOR_VALUE_MAX:,}")
        return None
    return raw


def _link(fields: Problems, raw: Any) -> str:
    link = fields.text("link", raw, max_length=LINK_MAX, single_line=True,
                       too_long=_("Use at most %(n)d characters.", n=LINK_MAX)) or ""
    if link:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            fields["link"] = _("Give a web address starting with https:// or http://.")
    return link


def post_value(session: Session, actor: User, solution: Solution, indicator: Indicator, data: dict[str, Any],
               evidence: Attachment | None = None) -> IndicatorValue:
    """Record a measured value (team only, during the experiment): what was counted since the last one."""
    require_team_member(actor, solution)
    lock_solution(session, solution)
    if solution.stage != Stage.experiment:
        raise RuleViolation(_("Measured values are posted during the experiment."), code="not_in_experiment")
    fields = Problems()
    unknown = sorted(set(data) - VALUE_KEYS)
    for name in unknown:
        fields[name] = _("Unknown field.")
    day = _day(fields, data.get("date"))
    value = _number(fields, data.get("value"))
    note = fields.text("note", data.get("note") or "", max_length=NOTE_MAX,
                       too_long=_("Use at most %(n)d characters.", n=NOTE_MAX)) or ""
    link = _link(fields, data.get("link") or "")
    evidence_id = data.get("evidence_id")
    if evidence is None and evidence_id is not None:
        evidence = session.get(Attachment, evidence_id) if isinstance(evidence_id, int) else None
        if evidence is None or evidence.solution_id != solution.id:
            fields["evidence_id"] = _("Choose a file of this solution (upload it under its images and files).")
    fields.raise_if_any()
    row = IndicatorValue(indicator_id=indicator.id, measured_on=day, value=value, note=note, link=link,
                         evidence_id=evidence.id if evidence is not None else None, author_id=actor.id)
    indicator.values.append(row)
    session.flush()
    return row
