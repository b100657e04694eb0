"""The demo story's clock: each step of `flask demo seed` runs `at` a moment of the past, days_ago from now."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from socialchallenge.extensions import db
from socialchallenge.timeutil import utcnow

# The demo tells a story of several months. Domain functions stamp what they write with the real clock, so each
# step of the story runs inside `at(session, when)`, which moves the rows it added to the moment it happened.
STAMPED = {
    "challenges": ("created_at", "updated_at"),
    "solutions": ("created_at", "updated_at", "stage_entered_at"),
    "solution_events": ("created_at",),
    "progress_updates": ("created_at",),
    "campaigns": ("requested_at",),
    "pledges": ("created_at", "confirmed_at"),
    "ledger_entries": ("created_at",),
    "rewards": ("created_at",),
    "skill_needs": ("created_at",),
    "skill_offers": ("created_at",),
    "supports": ("created_at",),
    "solution_supports": ("created_at",),
    "saved_answers": ("created_at",),
    "follows": ("created_at",),
    "comments": ("created_at",),
    "notifications": ("created_at",),
    "attachments": ("created_at",),
    "audit_entries": ("created_at",),
    "hearing_sheets": ("created_at",),
    "resources": ("created_at",),
    "resource_requests": ("created_at",),
    # Mail about the past went out back then: marked sent, so a worker never mails the demo's made-up addresses.
    "outbox_mails": ("created_at", "next_attempt_at", "sent_at"),
}


def days_ago(days: float, hour: int = 10) -> datetime:
    """A moment `days` before now: `hour` o'clock UTC on that day, or later by the fraction of a day in `days`
    (so 10.5 days ago is half a day after 11 days ago)."""
    whole = math.ceil(days)
    day = (utcnow() - timedelta(days=whole)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return day + timedelta(days=whole - days)


def latest_ids(session: Session, tables) -> list[int]:
    """The highest id of each table, None for an empty one."""
    return list(session.execute(select(*(select(func.max(t.c.id)).scalar_subquery() for t in tables))).one())


@contextmanager
def at(session: Session, when: datetime) -> Iterator[datetime]:
    """Run one step of the demo story as if it happened at `when`: every row it adds carries that time."""
    tables = [db.metadata.tables[name] for name in STAMPED]
    before = latest_ids(session, tables)
    yield when
    session.flush()
    after = latest_ids(session, tables)
    for table, old, new in zip(tables, before, after, strict=True):
        if new is not None and new != old:
            rows = table.c.id > (old or 0)
            session.execute(update(table).where(rows).values({c: when for c in STAMPED[table.name]}))
            if table.name == "notifications":  # the mail of a notification went out when it happened
                session.execute(update(table).where(rows, table.c.emailed_at.is_not(None)).values(emailed_at=when))


