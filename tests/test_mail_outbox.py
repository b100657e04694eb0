"""The mail outbox: saved first, delivered by `flask jobs run`, kept and retried when the server is down."""

import smtplib
import socket
from datetime import timedelta

import pytest
from sqlalchemy import select

from socialchallenge.community import notifications
from socialchallenge.extensions import db
from socialchallenge.mail import deliver_due, queue_mail
from socialchallenge.models import OutboxMail
from socialchallenge.timeutil import utcnow
from tests.builders import make_challenge, make_solution, make_user
from tests.fake_smtp import FakeSmtpServer
from tests.helpers import submit


class FakeTransport:
    def __init__(self, fail: bool | Exception = False):
        self.fail = fail
        self.sent = []

    def send(self, message):
        if isinstance(self.fail, Exception):
            raise self.fail
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
    assert deliver_due(db.session, now=now, sender=FakeTransport(fail=True)) == (0, 1, 0)
    mail = db.session.scalar(select(OutboxMail))
    assert mail.sent_at is None and mail.attempts == 1 and "refused" in mail.last_error
    # Not retried before its back-off; delivered once the server is back.
    working = FakeTransport()
    assert deliver_due(db.session, now=now, sender=working) == (0, 0, 0)
    assert deliver_due(db.session, now=now + timedelta(hours=1), sender=working) == (1, 0, 0)
    assert working.sent[0]["To"] == "a@example.org"
    assert deliver_due(db.session, now=now + timedelta(hours=2), sender=working) == (0, 0, 0)


# --- issue 12 item 1: one poisoned row never stops the outbox ---

@pytest.fixture
def smtp(app):
    """A local SMTP server the app sends to."""
    server = FakeSmtpServer()
    app.config.update(server.config())
    yield server
    server.stop()


def test_a_poisoned_subject_is_sent_on_one_line_and_mail_behind_it_still_goes(client, runner, smtp):
    # A title with a line break (saved before titles were checked at input) put "Bcc:" on a line of its own in
    # the owner's notification subject; the header error stopped every round at that row, so no later mail left.
    owner = make_user(email="owner@example.org")
    author = make_user(name="Mallory")
    challenge = make_challenge(owner=owner, title="Bus stop shelter")
    solution = make_solution(challenge=challenge, team=[author], title="Poison idea\nBcc: victim@example.org")
    notifications.solution_submitted(db.session, solution, author)
    db.session.commit()
    resetting = make_user(email="resetting@example.org")
    assert submit(client, "/auth/forgot-password", {"email": resetting.email}).status_code == 302

    result = runner.invoke(args=["jobs", "run", "--once"])
    assert "mail: 2 sent" in result.output, result.output
    by_address = {rcpts[0]: message for rcpts, message in smtp.received}
    assert set(by_address) == {"owner@example.org", "resetting@example.org"}  # nobody else got a copy
    poisoned = by_address["owner@example.org"]
    assert poisoned["Bcc"] is None
    assert "\n" not in poisoned["Subject"] and "Poison idea Bcc: victim@example.org" in poisoned["Subject"]
    assert "/auth/reset-password/" in by_address["resetting@example.org"].get_content()


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
                                        "\u2028", "\u2029"])
def test_every_line_break_in_a_saved_subject_is_folded_when_the_mail_is_built(app, line_break):
    # Rows already in the outbox (queued before this rule) are folded too: the rule is in the message builder.
    db.session.add(OutboxMail(to_address="a@example.org", subject=f"Hello{line_break}Bcc: b@example.org",
                              body="Body"))
    db.session.commit()
    transport = FakeTransport()
    assert deliver_due(db.session, now=utcnow(), sender=transport) == (1, 0, 0)
    assert transport.sent[0]["Subject"] == "Hello Bcc: b@example.org" and transport.sent[0]["Bcc"] is None


def test_queued_subjects_are_saved_on_one_line(app):
    mail = queue_mail(db.session, "a@example.org", "Hello\u2028world\r\nagain", "Body")
    db.session.commit()
    assert mail.subject == "Hello world again"


def test_a_row_that_cannot_be_built_is_marked_failed_and_the_rows_behind_it_are_sent(app):
    # An address with a line break cannot be a header (nothing is folded in an address: it is refused).
    db.session.add(OutboxMail(to_address="a@example.org\nBcc: b@example.org", subject="Hi", body="Body"))
    db.session.commit()
    queue_mail(db.session, "reset@example.org", "Reset your password", "Open this link")
    db.session.commit()
    transport = FakeTransport()
    assert deliver_due(db.session, now=utcnow(), sender=transport) == (1, 0, 1)
    assert [m["To"] for m in transport.sent] == ["reset@example.org"]
    broken = db.session.scalar(select(OutboxMail).where(OutboxMail.failed.is_(True)))
    assert "linefeed" in broken.last_error and broken.failed_at and broken.attempts == 1
    # Failed rows are not tried again.
    assert deliver_due(db.session, now=utcnow() + timedelta(days=1), sender=transport) == (0, 0, 0)


# --- issue 12 item 6: a mail server keeps retrying for days; only a refused recipient fails a mail ---

def closed_port() -> int:
    """A local port nothing listens on (connections are refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_server_is_retried_at_least_hourly_for_five_days(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_USE_TLS=False)
    queue_mail(db.session, "a@example.org", "Hello", "Body")
    queue_mail(db.session, "b@example.org", "Hello", "Body")
    db.session.commit()
    start = now = utcnow()
    first, second = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    # The first try goes to the real (closed) port; the days after it to a transport that fails the same way.
    refusing = FakeTransport(fail=ConnectionRefusedError(111, "Connection refused"))
    delays = []
    for _ in range(10):  # 2, 4, 8, 16, 32 minutes, then hourly
        assert deliver_due(db.session, now=now, sender=refusing if delays else None) == (0, 1, 0)
        db.session.refresh(first)
        delays.append(first.next_attempt_at - now)
        now = first.next_attempt_at
    assert delays[0] == timedelta(minutes=2) and delays[5:] == [timedelta(hours=1)] * 5
    assert "refused" in first.last_error.lower() and first.attempts == 10  # the old rule gave up after 8
    # Still tried a minute before the fifth day ends, an hour later given up.
    now = start + timedelta(days=5) - timedelta(minutes=1)
    assert deliver_due(db.session, now=now, sender=refusing) == (0, 1, 0)
    db.session.refresh(first)
    assert not first.failed and first.next_attempt_at == now + timedelta(hours=1)
    now = first.next_attempt_at
    assert deliver_due(db.session, now=now, sender=refusing) == (0, 0, 1)
    db.session.refresh(first)
    assert first.failed and first.failed_at == now and "refused" in first.last_error.lower()
    # Each refused connection ended its round: the server was down for the mail behind it too.
    db.session.refresh(second)
    assert second.attempts == 0 and not second.failed


def test_a_recipient_refused_for_good_fails_a_busy_one_is_retried_and_the_rest_go(app, smtp):
    for address in ("refused@example.org", "busy@example.org", "ok@example.org"):
        queue_mail(db.session, address, "Hello", "Body")
    db.session.commit()
    now = utcnow()
    assert deliver_due(db.session, now=now) == (1, 1, 1)
    assert [rcpts for rcpts, _ in smtp.received] == [["ok@example.org"]]
    rows = {m.to_address: m for m in db.session.scalars(select(OutboxMail))}
    refused, busy = rows["refused@example.org"], rows["busy@example.org"]
    assert refused.failed and "550" in refused.last_error and "No such user" in refused.last_error
    assert not busy.failed and "451" in busy.last_error and busy.next_attempt_at > now
    assert rows["ok@example.org"].sent_at == now


def test_the_worker_reports_sent_retried_and_failed_mail(runner, smtp):
    for address in ("refused@example.org", "busy@example.org", "ok@example.org"):
        queue_mail(db.session, address, "Hello", "Body")
    db.session.commit()
    result = runner.invoke(args=["jobs", "run", "--once"])
    assert "mail: 1 sent, 1 to retry, 1 failed" in result.output, result.output
