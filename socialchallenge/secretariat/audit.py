"""The audit log of staff actions: one helper writes every entry; the console only reads them."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

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


def entries() -> Select:
    """Every audit entry with its actor, newest first."""
    return select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
