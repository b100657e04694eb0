"""The resource catalogue: spaces, equipment, data sets, funds and expertise that organisations offer; a team
requests one for its solution and the secretariat grants or declines the request."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from socialchallenge.core import events
from socialchallenge.core.text import Problems
from socialchallenge.errors import NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import Organisation, Solution, User
from socialchallenge.models.secretariat import RequestStatus, Resource, ResourceKind, ResourceRequest
from socialchallenge.pipeline.access import require_team_member
from socialchallenge.places import apply_place, clean_place
from socialchallenge.secretariat.access import require_staff
from socialchallenge.timeutil import utcnow

KIND_LABELS = {
    "space": _l("Space"),
    "equipment": _l("Equipment"),
    "data_set": _l("Data set"),
    "fund": _l("Fund"),
    "expertise": _l("Expertise"),
}
STATUS_LABELS = {"requested": _l("Waiting"), "granted": _l("Granted"), "declined": _l("Declined")}
TITLE_MAX, AREA_MAX, TEXT_MAX = 120, 120, 5000
DECISIONS = ("grant", "decline")

def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def catalogue(kind: str | None = None, area: str | None = None, district: str | None = None) -> Select:
    """Active resources, filtered by kind, district (a code) and place in words, newest first."""
    query = select(Resource).where(Resource.active.is_(True)).options(joinedload(Resource.organisation),
                                                                      joinedload(Resource.district))
    if kind in KIND_LABELS:
        query = query.where(Resource.kind == ResourceKind(kind))
    if district:
        query = query.where(Resource.district_code == district)
    if area and area.strip():
        query = query.where(Resource.area.ilike(_like(area.strip()), escape="\\"))
    return query.order_by(Resource.id.desc())


def areas(session: Session) -> list[str]:
    """The areas resources are offered in, alphabetical (for the filter)."""
    return list(session.scalars(select(Resource.area).where(Resource.active.is_(True)).distinct()
                                .order_by(Resource.area)))


def get_resource(session: Session, resource_id: Any) -> Resource:
    """An active resource, else NotFound."""
    resource = session.get(Resource, resource_id) if isinstance(resource_id, int) else None
    if resource is None or not resource.active:
        raise NotFound(_("There is no such resource."))
    return resource


def _text(fields: Problems, name: str, value: Any, top: int, required: bool = True, single_line: bool = False) -> str:
    return fields.text(name, value, required=_("Fill this in.") if required else None, max_length=top,
                       single_line=single_line)


def create_resource(session: Session, actor: User, values: dict[str, Any]) -> Resource:
    """Add a resource to the catalogue (secretariat), offered by an organisation or by the platform."""
    require_staff(actor)
    fields = Problems()
    kind = values.get("kind")
    if kind not in KIND_LABELS:
        fields["kind"] = _("Choose a kind of resource.")
    title = _text(fields, "title", values.get("title"), TITLE_MAX, single_line=True)
    description = _text(fields, "description", values.get("description"), TEXT_MAX, required=False)
    area = _text(fields, "area", values.get("area"), AREA_MAX, single_line=True)
    values = dict(values)
    try:
        place = clean_place(session, values)
    except ValidationFailed as exc:
        fields.update(exc.fields)
        place = {}
    org_id = values.get("organisation_id")
    if org_id in ("", None):
        org_id = None
    elif isinstance(org_id, bool) or not isinstance(org_id, int) or session.get(Organisation, org_id) is None:
        fields["organisation_id"] = _("No such organisation.")
    unknown = sorted(set(values) - {"kind", "title", "description", "area", "organisation_id"})
    fields.update({name: _("Unknown field.") for name in unknown})
    if fields:
        raise ValidationFailed(_("Please correct the marked fields."), fields)
    resource = Resource(kind=ResourceKind(kind), title=title, description=description, area=area,
                        organisation_id=org_id, created_by_id=actor.id)
    apply_place(session, resource, place)
    session.add(resource)
    session.flush()
    events.staff_acted.send(session, actor=actor, action="resource.create", target=resource, before=None,
                            after={"kind": kind, "title": title, "area": area,
                                   "district_code": resource.district_code, "organisation_id": org_id})
    return resource


def request_resource(session: Session, actor: User, resource: Resource, solution_id: Any,
                     message: Any) -> ResourceRequest:
    """A team member asks for a resource for their solution, saying what for."""
    solution = session.get(Solution, solution_id) if isinstance(solution_id, int) and not isinstance(
        solution_id, bool) else None
    if solution is None:
        raise ValidationFailed(_("Please correct the marked fields."), {"solution_id": _("Choose your solution.")})
    require_team_member(actor, solution)
    fields = Problems()
    message = _text(fields, "message", message, TEXT_MAX)
    if fields:
        raise ValidationFailed(_("Please correct the marked fields."), fields)
    pending = session.scalar(select(ResourceRequest.id).where(
        ResourceRequest.resource_id == resource.id, ResourceRequest.solution_id == solution.id,
        ResourceRequest.status == RequestStatus.requested))
    if pending is not None:
        raise RuleViolation(_("Your team already asked for this resource; the secretariat will answer."),
                            code="already_requested")
    row = ResourceRequest(resource_id=resource.id, solution_id=solution.id, requester_id=actor.id, message=message)
    session.add(row)
    session.flush()
    return row


def open_requests() -> Select:
    """Requests waiting for the secretariat, oldest first."""
    return (select(ResourceRequest).where(ResourceRequest.status == RequestStatus.requested)
            .options(joinedload(ResourceRequest.resource), joinedload(ResourceRequest.solution),
                     joinedload(ResourceRequest.requester))
            .order_by(ResourceRequest.id))


def requests_of_solution(session: Session, solution: Solution) -> list[ResourceRequest]:
    """A solution's resource requests, newest first."""
    return list(session.scalars(select(ResourceRequest).where(ResourceRequest.solution_id == solution.id)
                                .options(joinedload(ResourceRequest.resource)).order_by(ResourceRequest.id.desc())))


def get_request(session: Session, request_id: Any) -> ResourceRequest:
    """A resource request, else NotFound."""
    row = session.get(ResourceRequest, request_id) if isinstance(request_id, int) else None
    if row is None:
        raise NotFound(_("There is no such request."))
    return row


def decide(session: Session, actor: User, row: ResourceRequest, decision: Any, message: Any = "") -> ResourceRequest:
    """Grant or decline a request with a message to the team; the team is told."""
    require_staff(actor)
    fields = Problems()
    if decision not in DECISIONS:
        fields["decision"] = _("Use grant or decline.")
    message = _text(fields, "message", message, TEXT_MAX, required=decision == "decline")
    if fields:
        raise ValidationFailed(_("Please correct the marked fields."), fields)
    if row.status != RequestStatus.requested:
        raise RuleViolation(_("This request was already answered."), code="already_decided")
    before = {"status": row.status}
    row.status = RequestStatus.granted if decision == "grant" else RequestStatus.declined
    row.decision_message, row.decided_by_id, row.decided_at = message, actor.id, utcnow()
    session.flush()
    events.staff_acted.send(session, actor=actor, action=f"resource_request.{decision}", target=row, before=before,
                            after={"status": row.status, "message": message})
    events.resource_request_decided.send(session, request=row, actor=actor, message=message)
    return row
