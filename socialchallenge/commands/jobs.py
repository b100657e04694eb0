"""`flask jobs run`: the background worker, running the periodic jobs listed in JOBS."""

from __future__ import annotations

import time
from collections.abc import Callable

import click
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from socialchallenge.calls.pools import report_unused_pools
from socialchallenge.calls.prizes import remind_missed_checkins
from socialchallenge.community.digest import send_digests
from socialchallenge.events.reminders import send_reminders
from socialchallenge.extensions import db
from socialchallenge.funding.settlement import run_payments
from socialchallenge.mail import deliver_due
from socialchallenge.timeutil import parse_iso, utcnow


def deliver_mail(session: Session, now) -> str:
    """Send due messages from the outbox."""
    done = deliver_due(session, now=now)
    return f"{done.sent} sent, {done.retry} to retry, {done.failed} failed"


def digest_job(session: Session, now) -> str:
    """Send due daily digests."""
    return f"{send_digests(session, now)} digests queued"


def event_reminders_job(session: Session, now) -> str:
    """Remind the registered of events starting soon."""
    return f"{send_reminders(session, now)} event reminders queued"


def payments_job(session: Session, now) -> str:
    """Settle due campaigns, charge saved cards of succeeded ones, release the rest."""
    return run_payments(session, now)


def mentoring_checkins_job(session: Session, now) -> str:
    """Remind mentors of monthly check-ins missed in a prize's mentoring period (issue 15)."""
    return f"{remind_missed_checkins(session, now)} reminders sent"


def pool_reports_job(session: Session, now) -> str:
    """Tell each ended call's funder what its matchfunding pool left, once per call (issue 15)."""
    return f"{report_unused_pools(session, now)} pools reported"


# Every periodic job of `flask jobs run`, in the order a round runs them: name → function(session, now) returning a
# short report. A feature adds its job here.
JOBS: dict[str, Callable[[Session, object], str]] = {
    "mail": deliver_mail,
    "digest": digest_job,
    "event_reminders": event_reminders_job,
    "payments": payments_job,
    "mentoring_checkins": mentoring_checkins_job,
    "pool_reports": pool_reports_job,
}


def job(name: str):
    """Deprecated: add the job to JOBS instead. Still adds a job that registers itself on import."""

    def decorator(fn):
        JOBS[name] = fn
        return fn

    return decorator


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
