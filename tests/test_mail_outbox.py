"""The mail outbox: saved first, delivered by `flask jobs run`, kept and retried when the server is down."""

import smtplib
from datetime import timedelta

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.mail import deliver_due, queue_mail
from socialchallenge.models import OutboxMail
from socialchallenge.timeutil import utcnow


class FakeTransport:
    def __init__(self, fail: bool = False):
        self.fail = fail
        self.sent = []

    def send(self, message):
        if self.fail:
            raise smtplib.SMTPServerDisconnected("connection refused")
        self.sent.append(message)


def test_jobs_run_once_delivers_queued_mail(runner):
    queue_mail(db.session, "a@example.org", "Hello", "Body text")
    db.session.commit()
    result = runner.invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "mail: 1 sent" in result.output
    mail = db.session.scalar(select(OutboxMail))
    db.session.refresh(mail)
    assert mail.sent_at is not None


def test_mail_server_down_loses_nothing_and_retries_later(app):
    queue_mail(db.session, "a@example.org", "Hello", "Body")
    db.session.commit()
    now = utcnow()
    assert deliver_due(db.session, now=now, sender=FakeTransport(fail=True)) == (0, 1)
    mail = db.session.scalar(select(OutboxMail))
    assert mail.sent_at is None and mail.attempts == 1 and "refused" in mail.last_error
    # Not retried before its back-off; delivered once the server is back.
    working = FakeTransport()
    assert deliver_due(db.session, now=now, sender=working) == (0, 0)
    assert deliver_due(db.session, now=now + timedelta(hours=1), sender=working) == (1, 0)
    assert working.sent[0]["To"] == "a@example.org"
    assert deliver_due(db.session, now=now + timedelta(hours=2), sender=working) == (0, 0)


def test_mail_is_given_up_after_the_maximum_attempts(app):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    queue_mail(db.session, "a@example.org", "Hello", "Body")
    db.session.commit()
    failing = FakeTransport(fail=True)
    deliver_due(db.session, now=utcnow(), sender=failing)
    deliver_due(db.session, now=utcnow() + timedelta(days=1), sender=failing)
    mail = db.session.scalar(select(OutboxMail))
    assert mail.failed is True and mail.attempts == 2
