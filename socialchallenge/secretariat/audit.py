"""The audit log of staff actions as the console reads it; entries are written by socialchallenge.audit.record."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from socialchallenge.audit import record
from socialchallenge.models.secretariat import AuditEntry


def entries() -> Select:
    """Every audit entry with its actor, newest first."""
    return select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc())


__all__ = ["entries", "record"]
