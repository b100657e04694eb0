"""The audit log's one writer: every staff action, from whichever feature, records who did what to which item.

It sits beside the models rather than in the secretariat package, so the pipeline and funding domain
functions can audit their staff actions themselves (the secretariat package imports them)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from socialchallenge.models import User
from socialchallenge.models.secretariat import AuditEntry


def _plain(value: Any) -> Any:
    # JSON columns take only plain values; dates and enums are kept as their text.
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def record(session: Session, actor: User | None, action: str, target: Any, before: dict | None = None,
           after: dict | None = None) -> AuditEntry:
    """Write one audit entry: who (actor), what (action), on which item (target), its state before and after."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=getattr(target, "__tablename__", type(target).__name__.lower()),
        target_id=getattr(target, "id", None),
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
    )
    session.add(entry)
    return entry
