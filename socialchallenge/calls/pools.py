"""The unused pool reported at the call's end (issue 15 item 3): once a call has ended (calls.summary.has_ended), the
funder organisation's members are told, once, what the pool was, what was matched and what is left; a failed
campaign's released match is back in the pool, so it counts as unused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from socialchallenge.calls.summary import has_ended
from socialchallenge.community.inbox import notify
from socialchallenge.i18n import money
from socialchallenge.models import OrganisationMember
from socialchallenge.models.calls import Call, MatchPool


def report_unused_pools(session: Session, now: datetime) -> int:
    """Tell each ended call's funder what its pool left, once per call; returns how many pools were reported."""
    pools = session.scalars(select(MatchPool).join(Call, Call.id == MatchPool.call_id)
                            .where(MatchPool.reported_at.is_(None), Call.closes_at <= now)
                            .options(joinedload(MatchPool.call), joinedload(MatchPool.funder))).all()
    reported = 0
    for pool in pools:
        if not has_ended(session, pool.call, now):
            continue
        # Claim the report first: a second worker's round (or a second run) finds it taken and sends nothing.
        claimed = session.execute(update(MatchPool).where(MatchPool.id == pool.id, MatchPool.reported_at.is_(None))
                                  .values(reported_at=now, reported_unused=MatchPool.amount - MatchPool.committed)
                                  .execution_options(synchronize_session=False)).rowcount
        if claimed != 1:
            session.rollback()
            continue
        session.refresh(pool)
        call = pool.call
        members = session.scalars(select(OrganisationMember.user_id)
                                  .where(OrganisationMember.organisation_id == pool.funder_id))
        notify(session, set(members), "pool_reported", None, f"/calls/{call.id}#pool", call=call.title,
               funder=pool.funder.name, pool=money(pool.amount, call.currency),
               matched=money(pool.amount - pool.reported_unused, call.currency),
               left=money(pool.reported_unused, call.currency))
        session.commit()
        reported += 1
    # End the read transaction even when nothing was due (as remind_missed_checkins does).
    session.commit()
    return reported
