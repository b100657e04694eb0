"""`flask campaigns settle` and `flask campaigns reconcile` (the worker's payments job is in commands/jobs.py)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from socialchallenge.extensions import db
from socialchallenge.funding import reconcile as books
from socialchallenge.funding.settlement import due_campaigns, settle
from socialchallenge.timeutil import parse_iso, utcnow

PROGRESS_FROM = 20  # below this many campaigns a progress bar is just noise


def _now(text: str | None):
    if not text:
        return utcnow()
    try:
        return parse_iso(text)
    except ValueError as exc:
        raise click.BadParameter("use an ISO-8601 instant, e.g. 2025-05-01T12:00:00Z", param_hint="--now") from exc


@click.group()
def campaigns() -> None:
    """Crowdfunding campaigns."""


@campaigns.command("settle")
@click.option("--now", "now_text", help="Settle as if it were this ISO-8601 instant (tests, operations).")
@with_appcontext
def settle_command(now_text: str | None) -> None:
    """Settle every live campaign past its deadline; safe to run again. Charges are left to `flask jobs run`."""
    now = _now(now_text)
    due = len(due_campaigns(db.session, now))
    if due >= PROGRESS_FROM:
        with click.progressbar(length=due, label="Settling campaigns") as bar:
            counts = settle(db.session, now, progress=bar.update)
    else:
        counts = settle(db.session, now)
    click.echo(f"{counts['succeeded']} succeeded, {counts['failed']} failed, {counts['skipped']} already settled.")


@campaigns.command("reconcile")
@with_appcontext
def reconcile_command() -> None:
    """Compare every campaign's totals and every matchfunding pool with the ledger; exit 1 if anything differs."""
    found = books.differences(db.session)
    if not found:
        click.echo("The ledger and the campaign totals agree.")
        return
    for d in found:
        click.echo(f"{d.subject} {d.campaign_id}: {d.field} total {d.total} but the ledger says {d.ledger}", err=True)
    raise SystemExit(1)

