"""The secretariat's district queue: challenges and resources whose area matched no district, one at a time.

Items enter it when their free text named no district or several (migration 0016, an API client sending only an
`area`, a district list replaced by `flask areas import`); a secretariat user assigns the district, audited."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from socialchallenge.accounts.staff import require_staff
from socialchallenge.core import events
from socialchallenge.errors import NotFound, ValidationFailed
from socialchallenge.models import Challenge, User
from socialchallenge.models.secretariat import Resource
from socialchallenge.places import get_district

KINDS: dict[str, Any] = {"challenge": Challenge, "resource": Resource}


def waiting_challenges() -> Select:
    """Challenges without a district (merged duplicates aside), oldest first."""
    return (select(Challenge).where(Challenge.district_code.is_(None), Challenge.merged_into_id.is_(None))
            .order_by(Challenge.id))


def waiting_resources() -> Select:
    """Active resources without a district, oldest first."""
    return select(Resource).where(Resource.district_code.is_(None), Resource.active.is_(True)).order_by(Resource.id)


def count_waiting(session: Session) -> int:
    """How many items wait for a district (the console's front page shows it)."""
    return sum(session.scalar(select(func.count()).select_from(q.order_by(None).subquery()))
               for q in (waiting_challenges(), waiting_resources()))


def assign_district(session: Session, actor: User, kind: str, item_id: int, code: str | None) -> Any:
    """Set the district of a challenge or resource (secretariat only); audited with the area it was read from."""
    require_staff(actor)
    model = KINDS.get(kind)
    item = session.get(model, item_id) if model is not None else None
    if item is None:
        raise NotFound(_("There is no such item."))
    district = get_district(session, code)
    if district is None:
        raise ValidationFailed(_("Please choose a district."), {"district": _("Choose a district from the list.")})
    before = {"district_code": item.district_code, "area": item.area}
    item.district_code = district.code
    events.staff_acted.send(session, actor=actor, action="district.assign", target=item, before=before,
                            after={"district_code": district.code, "area": item.area})
    session.flush()
    return item
