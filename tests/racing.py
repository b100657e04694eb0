"""Concurrency tests' tools (PostgreSQL): a second app whose pool gives each thread a connection of its own, and a
runner that releases jobs at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from socialchallenge import create_app
from socialchallenge.errors import DomainError
from socialchallenge.extensions import db
from socialchallenge.funding.pledges import create_pledge
from socialchallenge.models import Solution, User
from socialchallenge.payments import CheckoutUrls

# A job prepares (loads its rows, opens its client) before the race and returns the step that races.
Job = Callable[[], Callable[[], object]]


@contextmanager
def racing_app(app, threads: int, **config) -> Iterator:
    """A second app on `app`'s database with a connection for each of `threads` threads (and two to spare)."""
    racer = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                   "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": threads + 2, "max_overflow": 0},
                                   **config})
    try:
        yield racer
    finally:
        with racer.app_context():
            db.engine.dispose()


def run_together(racer, jobs: list[Job], *, context: Callable[[], Any] | None = None, timeout: float = 60,
                 domain_outcome: Callable[[DomainError], Any] = lambda exc: exc.code) -> list:
    """Run each job in its own thread, context and session, all released together by a barrier.

    Returns one outcome per job, in the order given: "ok" when the race step ran and its session committed,
    `domain_outcome(error)` for a domain error, and "error <type>: <text>" for anything else, so the test's
    assertion names it."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)
    enter = context or racer.test_request_context

    def worker(index: int, job: Job) -> None:
        with enter():
            try:
                race = job()
                barrier.wait(timeout=30)
                race()
                db.session.commit()
                outcome = "ok"
            except DomainError as exc:
                db.session.rollback()
                outcome = domain_outcome(exc)
            except Exception as exc:  # noqa: BLE001 - reported as the outcome, so the test names it
                db.session.rollback()
                outcome = f"error {type(exc).__name__}: {exc}"
            finally:
                db.session.remove()
        outcomes[index] = outcome

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert None not in outcomes, "a job never finished"
    return outcomes


def pledge_at_once(app, pledges: list[tuple]) -> list:
    """Make each (user_id, solution_id, amount, reward_id) pledge in its own thread, app context and session,
    all released together; returns the outcomes ("ok" or an error code)."""
    urls = CheckoutUrls("http://localhost/ok", "http://localhost/cancel")

    def job(user_id, solution_id, amount, reward_id):
        user, solution = db.session.get(User, user_id), db.session.get(Solution, solution_id)
        _ = solution.campaign.status  # load everything before the race starts
        return lambda: create_pledge(db.session, user, solution, amount, urls, reward_id=reward_id)

    with racing_app(app, len(pledges)) as racer:
        return run_together(racer, [lambda p=p: job(*p) for p in pledges], context=racer.app_context)
