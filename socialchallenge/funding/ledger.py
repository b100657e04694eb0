"""Pledge state changes and the money they move: one conditional UPDATE, ledger rows and totals, one transaction."""

from __future__ import annotations

from datetime import datetime
from functools import cache, lru_cache

from flask_babel import gettext as _
from sqlalchemy import Select, Update, bindparam, func, insert, inspect, literal, select, union_all, update
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from socialchallenge.errors import RuleViolation
from socialchallenge.funding.matching import match_pledge, unmatch_pledge
from socialchallenge.models import Campaign, CampaignStatus, LedgerEntry, LedgerKind, Pledge, PledgeStatus, Reward
from socialchallenge.pagecache.versions import LISTS, row_name, written

P = PledgeStatus

# What each change of state writes to the ledger. A pledge counts towards "pledged" once confirmed
# (card saved or money taken) and towards "collected" once the money is ours.
EFFECTS: dict[tuple[PledgeStatus, PledgeStatus], tuple[LedgerKind, ...]] = {
    (P.pending, P.authorized): (LedgerKind.pledged,),
    (P.pending, P.collected): (LedgerKind.pledged, LedgerKind.collected),
    (P.authorized, P.collected): (LedgerKind.collected,),
    (P.failed, P.collected): (LedgerKind.collected,),
    (P.authorized, P.failed): (),
    (P.authorized, P.released): (LedgerKind.released,),
    (P.failed, P.released): (LedgerKind.released,),
    (P.pending, P.released): (),
    (P.collected, P.refunded): (LedgerKind.refunded,),
}

# kind → (sign, counts towards pledged, counts towards collected, change in backers). For a contribution the
# secretariat recorded (no backer), what counts towards pledged goes to the campaign's `contributed` instead.
KINDS = {
    LedgerKind.pledged: (1, True, False, 1),
    LedgerKind.collected: (1, False, True, 0),
    LedgerKind.released: (-1, True, False, -1),
    LedgerKind.refunded: (-1, True, True, -1),
}


def move(
    session: Session,
    pledge: Pledge,
    to: PledgeStatus,
    sources: tuple[PledgeStatus, ...],
    now: datetime,
    require_live: bool = False,
    **values,
) -> bool:
    """Change the pledge's status if it is still in one of `sources`; write its ledger entries and totals.

    Returns False when another request or worker got there first (nothing changes then). With
    `require_live`, the campaign must still be live when its totals change, else RuleViolation."""
    for source in sources:
        kinds = EFFECTS[(source, to)]
        # The row as it now is comes back with the UPDATE (RETURNING) and replaces the object's attributes: no
        # second statement to read it again.
        moved = session.execute(
            update(Pledge).where(Pledge.id == pledge.id, Pledge.status == source)
            .values(status=to, **values).returning(Pledge)
            .execution_options(synchronize_session=False, populate_existing=True)
        ).scalars().first()
        if moved is None:
            continue
        if kinds or require_live:
            if not _add_to_totals(session, pledge, kinds, now, require_live):
                # The caller's transaction is rolled back by whoever handles the error: nothing is half-written.
                raise RuleViolation(_("This campaign is not taking pledges now."), code="campaign_not_live")
        # A call's matchfunding follows the pledge (the campaign's row is locked by the totals' UPDATE above).
        if LedgerKind.pledged in kinds:
            match_pledge(session, pledge, now)
        elif LedgerKind.released in kinds or LedgerKind.refunded in kinds:
            unmatch_pledge(session, pledge, now)
        if to in (P.released, P.refunded) and pledge.reward_id is not None:
            give_back_reward(session, pledge.reward_id)
        return True
    return False


def is_contribution(pledge: Pledge) -> bool:
    """Whether the pledge is money the secretariat recorded from outside the site (a grant, a transfer)."""
    return pledge.backer_id is None


def _entries_and_deltas(pledge: Pledge, kinds) -> tuple[list, dict[str, int]]:
    """The ledger entries [(kind, amount)] of these kinds and what they add to the campaign's totals (the
    parameters of `_totals`)."""
    pledged = collected = backers = 0
    entries = []
    for kind in kinds:
        sign, to_pledged, to_collected, backer_change = KINDS[kind]
        amount = sign * pledge.amount
        pledged += amount if to_pledged else 0
        collected += amount if to_collected else 0
        backers += backer_change
        entries.append((kind, amount))
    return entries, {"totals_campaign": pledge.campaign_id, "add_pledged": pledged, "add_collected": collected,
                     "add_backers": backers}


@cache
def _totals(require_live: bool, contribution: bool) -> Update:
    """The atomic UPDATE of a campaign's totals, built once: parameters `totals_campaign`, `add_pledged`,
    `add_collected`, `add_backers` and, with `require_live`, `totals_now`."""
    stmt = update(Campaign).where(Campaign.id == bindparam("totals_campaign"))
    if require_live:
        # Row-locked against settlement: either this pledge counts before the campaign settles, or it fails.
        stmt = stmt.where(Campaign.status == CampaignStatus.live, Campaign.deadline > bindparam("totals_now"))
    if contribution:
        # Money the secretariat recorded (no backer): its own total, never citizens' pledges, no backer counted.
        values = {"contributed": Campaign.contributed + bindparam("add_pledged"),
                  "collected": Campaign.collected + bindparam("add_collected")}
    else:
        values = {"pledged": Campaign.pledged + bindparam("add_pledged"),
                  "collected": Campaign.collected + bindparam("add_collected"),
                  "backers": Campaign.backers + bindparam("add_backers")}
    return stmt.values(**values).execution_options(synchronize_session=False)


def _add_to_totals(session: Session, pledge: Pledge, kinds, now: datetime, require_live: bool) -> bool:
    entries, deltas = _entries_and_deltas(pledge, kinds)
    for kind, amount in entries:
        session.add(LedgerEntry(campaign_id=pledge.campaign_id, pledge_id=pledge.id, kind=kind, amount=amount,
                                created_at=now))
    result = session.execute(_totals(require_live, is_contribution(pledge)), {**deltas, "totals_now": now})
    return result.rowcount == 1


@lru_cache(maxsize=32)
def _save_confirmed_statement(columns: tuple[str, ...], kinds: tuple[LedgerKind, ...]) -> Select:
    """PostgreSQL: the new pledge's row (these columns, parameters `pledge_<column>`), its ledger entries (one per
    kind: `entry_<n>`, dated `entries_at`) and the campaign's totals (`_totals` for a backer's pledge to a live
    campaign) in one statement, built once for each set of columns and kinds."""
    table, ledger = Pledge.__table__, LedgerEntry.__table__
    new = insert(table).values({name: bindparam(f"pledge_{name}", type_=table.c[name].type) for name in columns}) \
        .returning(table.c.id).cte("new_pledge")
    made = insert(ledger).from_select(
        ["campaign_id", "pledge_id", "kind", "amount", "created_at"],
        union_all(*(select(bindparam("pledge_campaign_id", type_=ledger.c.campaign_id.type), new.c.id,
                           literal(kind, ledger.c.kind.type), bindparam(f"entry_{n}", type_=ledger.c.amount.type),
                           bindparam("entries_at", type_=ledger.c.created_at.type))
                    for n, kind in enumerate(kinds))),
    ).returning(ledger.c.id).cte("new_entries")
    changed = _totals(True, False).returning(Campaign.id).cte("totals")
    # A WITH that writes runs to its end whether read or not; each is read so that it is rendered at all.
    return select(new.c.id, select(func.count()).select_from(made).scalar_subquery(),
                  select(func.count()).select_from(changed).scalar_subquery())


@cache
def _pledge_columns() -> tuple[tuple[str, str], ...]:
    """(attribute, column) of each of Pledge's columns."""
    return tuple((attr.key, attr.columns[0].name) for attr in inspect(Pledge).column_attrs)


@cache
def _pledge_defaults() -> tuple[tuple[str, object], ...]:
    """(column, value) of each of the pledges table's plain Python defaults."""
    return tuple((c.name, c.default.arg) for c in Pledge.__table__.columns
                 if c.default is not None and c.default.is_scalar)


def save_confirmed(session: Session, pledge: Pledge, campaign: Campaign, to: PledgeStatus, now: datetime,
                   in_call: bool = True) -> None:
    """Save a new pledge that its provider confirmed at once (the sandbox): its row already `to`, its ledger
    entries and its campaign's totals, as `move` from pending would leave them, and its match.

    Nobody else can see the pledge before this transaction commits, so there is no pending row to move: on
    PostgreSQL the row, the entries and the totals are one statement (data-modifying WITH), elsewhere three.
    The totals change by the same atomic `UPDATE ... SET pledged = pledged + x` under the campaign's row lock,
    only while the campaign is live, else RuleViolation (the caller rolls the transaction back). Afterwards the
    pledge is in the session as a saved row (columns left to their defaults are read when first used).
    `in_call=False`: the campaign's challenge is in no call, so there is no matchfunding pool to look up."""
    pledge.status, pledge.confirmed_at = to, now
    entries, deltas = _entries_and_deltas(pledge, EFFECTS[(P.pending, to)])
    table, ledger = Pledge.__table__, LedgerEntry.__table__
    given = pledge.__dict__
    row = {column: given[key] for key, column in _pledge_columns() if key in given}
    # The columns' Python defaults (an INSERT inside WITH gets none of its own).
    row.update({name: value for name, value in _pledge_defaults() if name not in row})
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        columns = tuple(sorted(row))
        statement = _save_confirmed_statement(columns, tuple(kind for kind, _amount in entries))
        params = {**{f"pledge_{name}": row[name] for name in columns}, **deltas, "totals_now": now, "entries_at": now,
                  **{f"entry_{n}": amount for n, (_kind, amount) in enumerate(entries)}}
        pledge_id, _entries, totals_changed = connection.execute(statement, params).one()
    else:
        pledge_id = connection.execute(insert(table).values(row)).inserted_primary_key[0]
        connection.execute(insert(ledger), [{"campaign_id": pledge.campaign_id, "pledge_id": pledge_id, "kind": kind,
                                             "amount": amount, "created_at": now} for kind, amount in entries])
        totals_changed = connection.execute(_totals(True, False), {**deltas, "totals_now": now}).rowcount
    if totals_changed != 1:
        raise RuleViolation(_("This campaign is not taking pledges now."), code="campaign_not_live")
    pledge.id = pledge_id
    make_transient_to_detached(pledge)
    session.add(pledge)
    set_committed_value(pledge, "campaign", campaign)
    # What the ORM's flush would have bumped for these rows (the page cache's versions): a new row's own name is
    # in no page's versions.
    written(session, {LISTS, row_name("campaigns", pledge.campaign_id),
                      *([row_name("users", pledge.backer_id)] if pledge.backer_id is not None else []),
                      *([row_name("rewards", pledge.reward_id)] if pledge.reward_id is not None else [])})
    if in_call and LedgerKind.pledged in dict(entries):
        match_pledge(session, pledge, now)


def claim_reward(session: Session, reward_id: int) -> bool:
    """Take one of a reward; False when none are left. The WHERE clause decides, so it never oversells."""
    result = session.execute(
        update(Reward).where(Reward.id == reward_id, (Reward.quantity.is_(None)) | (Reward.claimed < Reward.quantity))
        .values(claimed=Reward.claimed + 1).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def give_back_reward(session: Session, reward_id: int) -> None:
    """Return a claimed reward when its pledge comes to nothing."""
    session.execute(
        update(Reward).where(Reward.id == reward_id, Reward.claimed > 0)
        .values(claimed=Reward.claimed - 1).execution_options(synchronize_session=False)
    )
