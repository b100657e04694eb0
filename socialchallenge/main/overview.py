"""What the home page shows: items at each stage, challenges that need ideas, live campaigns closing soon, recent
learnings.

The counts and the choice of items scan whole tables (about 0.5 s at 400,000 solutions), and the home page is
the busiest page. So each process keeps a snapshot of them for HOME_CACHE_SECONDS (0 turns it off): the
numbers, and the ids of the items to list. The items themselves are loaded fresh on every request by primary
key and checked again, so an item hidden, closed or finished since the snapshot drops out at once; a new item
appears within HOME_CACHE_SECONDS, or on the next request when the page cache is on (its "lists" version).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from socialchallenge import pagecache
from socialchallenge.models import Campaign, CampaignStatus, Challenge, ChallengeStatus, Solution, Stage
from socialchallenge.pagecache.versions import LISTS
from socialchallenge.pipeline.stages import STAGES
from socialchallenge.search.filters import Filters
from socialchallenge.search.query import challenge_list
from socialchallenge.timeutil import utcnow

HOME_ITEMS = 4


@dataclass
class Overview:
    """The numbers and lists of the home page."""

    stage_counts: list[tuple[str, object, int]]  # (stage name, label, how many items are there now)
    open_challenges: list[Challenge]
    closing_campaigns: list[Campaign]
    recent_learnings: list[Solution]


@dataclass(frozen=True)
class _Snapshot:
    counts: dict[str, int]
    challenge_ids: tuple[int, ...]
    campaign_ids: tuple[int, ...]
    learning_ids: tuple[int, ...]
    taken_at: float
    lists_version: int | None = None


class _SnapshotCache:
    """One snapshot per app and process, renewed by one request at a time when it is older than max_age."""

    def __init__(self) -> None:
        self.snapshot: _Snapshot | None = None
        self.lock = threading.Lock()

    def _fresh(self, max_age: float, version: int | None) -> _Snapshot | None:
        snap = self.snapshot
        if snap is None or max_age <= 0 or time.monotonic() - snap.taken_at >= max_age:
            return None
        return snap if snap.lists_version == version else None

    def get(self, session: Session, max_age: float, version: int | None = None) -> _Snapshot:
        snap = self._fresh(max_age, version)
        if snap is not None:
            return snap
        with self.lock:
            # Another request may have renewed it while this one waited.
            snap = self._fresh(max_age, version)
            if snap is None:
                self.snapshot = snap = replace(_take_snapshot(session), lists_version=version)
            return snap


def _visible():
    return Challenge.hidden.is_(False)


def _open_challenges():
    return challenge_list(filters=Filters(status=ChallengeStatus.open), sort="closing_soon")


def _live_campaigns():
    return (select(Campaign).join(Solution, Solution.id == Campaign.solution_id)
            .join(Challenge, Challenge.id == Solution.challenge_id)
            .where(_visible(), Campaign.status == CampaignStatus.live, Campaign.deadline >= utcnow())
            .options(joinedload(Campaign.solution).joinedload(Solution.challenge),
                     joinedload(Campaign.solution).joinedload(Solution.cover)))


def _learnings():
    return (select(Solution).join(Challenge, Challenge.id == Solution.challenge_id)
            .where(_visible(), Solution.stage == Stage.learnings)
            .options(joinedload(Solution.challenge), joinedload(Solution.cover)))


def _take_snapshot(session: Session) -> _Snapshot:
    counts = {"challenge": session.scalar(select(func.count()).select_from(Challenge).where(_visible())) or 0}
    counts.update({stage.value: n for stage, n in session.execute(
        select(Solution.stage, func.count()).join(Challenge, Challenge.id == Solution.challenge_id)
        .where(_visible()).group_by(Solution.stage))})
    challenge_ids = session.scalars(_open_challenges().with_only_columns(Challenge.id).limit(HOME_ITEMS)).all()
    campaign_ids = session.scalars(_live_campaigns().with_only_columns(Campaign.id)
                                   .order_by(Campaign.deadline, Campaign.id).limit(HOME_ITEMS)).all()
    learning_ids = session.scalars(_learnings().with_only_columns(Solution.id)
                                   .order_by(Solution.stage_entered_at.desc(), Solution.id.desc())
                                   .limit(HOME_ITEMS)).all()
    return _Snapshot(counts, tuple(challenge_ids), tuple(campaign_ids), tuple(learning_ids), time.monotonic())


def _load(session: Session, query, column, ids: tuple[int, ...]) -> list:
    """The rows with these ids that still pass the query's filters, in the snapshot's order."""
    if not ids:
        return []
    rows = {row.id: row for row in session.scalars(query.where(column.in_(ids)).order_by(None)).unique()}
    return [rows[i] for i in ids if i in rows]


def home_overview(session: Session) -> Overview:
    """Counts per stage of visible items, open challenges closing soon, live campaigns by deadline, the latest
    learnings."""
    cache = current_app.extensions.setdefault("home_overview", _SnapshotCache())
    # With the page cache on, a change to any listed item also renews the snapshot (its "lists" version), so a
    # home page stored after the change cannot show the snapshot from before it.
    snap = cache.get(session, float(current_app.config.get("HOME_CACHE_SECONDS", 0)), pagecache.version_of(LISTS))
    return Overview(
        [(s.name, s.label, snap.counts.get(s.name, 0)) for s in STAGES],
        _load(session, _open_challenges(), Challenge.id, snap.challenge_ids),
        _load(session, _live_campaigns(), Campaign.id, snap.campaign_ids),
        _load(session, _learnings(), Solution.id, snap.learning_ids),
    )
