"""The outbox: messages are rows first, so a mail server outage loses nothing and one bad row blocks nothing."""

from __future__ import annotations

import logging
import re
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import NamedTuple

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.models import OutboxMail
from socialchallenge.timeutil import utcnow

log = logging.getLogger(__name__)
# Control characters other than the line breaks (folded first) and the tab; a header has no use for them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
SUBJECT_MAX = 200


def single_line(text: str) -> str:
    """The text on one line: every line break Python knows (those of str.splitlines) becomes a space.

    A subject is built from titles and names members typed; a line break in it would start a header of its
    own ("Bcc: ...") or, refused by the email package, stop the message."""
    return _CONTROL.sub("", " ".join(text.splitlines())).strip()


def queue_mail(session: Session, to: str, subject: str, body: str) -> OutboxMail:
    """Save a message for delivery by `flask jobs run`; commits with the caller's transaction."""
    mail = OutboxMail(to_address=to, subject=single_line(subject)[:SUBJECT_MAX], body=body)
    session.add(mail)
    return mail


def mail_row(to: str, subject: str, body: str, now: datetime) -> dict:
    """The outbox row of a message, as queue_mail saves it, for a Core INSERT of several at once."""
    return {"to_address": to, "subject": single_line(subject)[:SUBJECT_MAX], "body": body, "created_at": now,
            "next_attempt_at": now}


def build_message(mail: OutboxMail) -> EmailMessage:
    """The message of an outbox row; the subject is folded here too, for rows saved before the rule."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to_address
    message["Subject"] = single_line(mail.subject)
    message.set_content(mail.body)
    return message


class LogTransport:
    """Writes each message to the log; used when MAIL_SERVER is not set."""

    def send(self, message: EmailMessage) -> None:
        log.info("mail to %s: %s\n%s", message["To"], message["Subject"], message.get_content())


class SmtpTransport:
    """Sends through the configured SMTP server."""

    def __init__(self, config: dict):
        self.config = config

    def send(self, message: EmailMessage) -> None:
        cfg = self.config
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30) as smtp:
            if cfg.get("MAIL_USE_TLS"):
                smtp.starttls()
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)


def transport():
    """The transport the configuration asks for."""
    if current_app.config.get("MAIL_SERVER"):
        return SmtpTransport(current_app.config)
    return LogTransport()


# How a failed try ends. UNREACHABLE: the server could not take mail now (no connection, a dropped one, TLS or
# login trouble): retried, and the round stops since the mail behind would fail the same way. LATER: the server
# asked to try this mail again (4xx): retried, the round goes on. REFUSED: the server refused this recipient or
# message for good (5xx). BROKEN: the row itself cannot become a message. The last two fail the mail at once.
UNREACHABLE, LATER, REFUSED, BROKEN = "unreachable", "later", "refused", "broken"


def verdict(exc: Exception) -> str:
    """UNREACHABLE, LATER, REFUSED or BROKEN for an exception raised while building or sending a mail."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return REFUSED if codes and all(code >= 500 for code in codes) else LATER
    if isinstance(exc, smtplib.SMTPDataError):
        return REFUSED if exc.smtp_code >= 500 else LATER
    if isinstance(exc, (OSError, smtplib.SMTPException)):
        return UNREACHABLE
    return BROKEN


def describe(exc: Exception) -> str:
    """The error as the secretariat reads it: the server's own answer when there is one."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{code} {_text(reply)}" for code, reply in exc.recipients.values())
    elif isinstance(exc, smtplib.SMTPResponseException):
        text = f"{exc.smtp_code} {_text(exc.smtp_error)}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text.replace("\x00", "")[:500]  # PostgreSQL text takes no NUL


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


class Delivery(NamedTuple):
    """What one round of delivery did."""

    sent: int
    retry: int
    failed: int


def _retry_or_fail(mail: OutboxMail, now: datetime, give_up: bool) -> bool:
    """Plan the next try, capped back-off; True when the mail is given up instead."""
    cfg = current_app.config
    mail.failing_since = mail.failing_since or now
    if give_up or now - mail.failing_since >= timedelta(days=cfg["MAIL_RETRY_DAYS"]):
        mail.failed, mail.failed_at = True, now
        return True
    delay = timedelta(minutes=2 ** min(mail.attempts, 10))
    mail.next_attempt_at = now + min(delay, timedelta(minutes=cfg["MAIL_RETRY_MAX_MINUTES"]))
    return False


def deliver_due(session: Session, now=None, limit: int = 100, sender=None) -> Delivery:
    """Send due messages, each committed on its own; a failure is retried or given up, never blocking the rest."""
    now = now or utcnow()
    sender = sender or transport()
    base = (
        select(OutboxMail)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.failed.is_(False), OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.id)
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Several workers may run at once; each takes a row no other worker holds, one at a time,
        # and commits before taking the next, so a crash resends at most the message in hand.
        base = base.with_for_update(skip_locked=True)
    sent = retry = failed = 0
    for _ in range(limit):
        mail = session.scalar(base)
        if mail is None:
            break
        mail.attempts += 1
        try:
            sender.send(build_message(mail))
        except Exception as exc:  # noqa: BLE001 - whatever goes wrong with one row must not stop the others
            outcome = verdict(exc)
            mail.last_error = describe(exc)
            if _retry_or_fail(mail, now, give_up=outcome in (REFUSED, BROKEN)):
                failed += 1
                log.error("mail %s to %s given up (%s): %s", mail.id, mail.to_address, outcome, mail.last_error)
            else:
                retry += 1
                log.warning("mail %s to %s not sent (%s): %s", mail.id, mail.to_address, outcome, mail.last_error)
            session.commit()
            if outcome == UNREACHABLE:
                break
            continue
        sent += 1
        mail.sent_at = now
        session.commit()
    return Delivery(sent, retry, failed)


__all__ = ["Delivery", "build_message", "deliver_due", "queue_mail", "single_line"]
