"""`flask jobs run`: the background worker (mail outbox and every periodic job other features add)."""

from __future__ import annotations

import time
from collections.abc import Callable

import click
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from socialchallenge.extensions import db
from socialchallenge.timeutil import parse_iso, utcnow

# name → function(session, now) returning a short report; features append theirs at import.
JOBS: dict[str, Callable[[Session, object], str]] = {}


def job(name: str):
    """Register a periodic job for `flask jobs run`."""

    def decorator(fn):
        JOBS[name] = fn
        return fn

    return decorator


@job("mail")
def deliver_mail(session: Session, now) -> str:
    """Send due messages from the outbox."""
    from socialchallenge.mail import deliver_due

    done = deliver_due(session, now=now)
    return f"{done.sent} sent, {done.retry} to retry, {done.failed} failed"


def run_all(session: Session, now=None) -> dict[str, str]:
    """Run each registered job once; one job failing does not stop the others."""
    reports = {}
    for name, fn in JOBS.items():
        try:
            reports[name] = fn(session, now or utcnow())
        except Exception as exc:  # noqa: BLE001 - a worker must survive any one job's failure
            session.rollback()
            reports[name] = f"error: {exc}"
    return reports


@click.group()
def jobs() -> None:
    """Background jobs."""


@jobs.command("run")
@click.option("--once", is_flag=True, help="Run every job once and exit.")
@click.option("--interval", default=30, show_default=True, help="Seconds between rounds.")
@click.option("--now", "now_text", help="Pretend the current time is this ISO-8601 instant (tests, operations).")
@with_appcontext
def run(once: bool, interval: int, now_text: str | None) -> None:
    """Deliver mail and run periodic jobs, forever or --once."""
    while True:
        now = parse_iso(now_text) if now_text else None
        for name, report in run_all(db.session, now).items():
            click.echo(f"{name}: {report}")
        db.session.remove()
        if once:
            return
        time.sleep(interval)
