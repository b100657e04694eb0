"""The outbox: messages are rows first, so a mail server outage loses nothing."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.models import OutboxMail
from socialchallenge.timeutil import utcnow

log = logging.getLogger(__name__)


def queue_mail(session: Session, to: str, subject: str, body: str) -> OutboxMail:
    """Save a message for delivery by `flask jobs run`; commits with the caller's transaction."""
    mail = OutboxMail(to_address=to, subject=subject[:200], body=body)
    session.add(mail)
    return mail


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


def deliver_due(session: Session, now=None, limit: int = 100, sender=None) -> tuple[int, int]:
    """Send due messages; a failure is kept and retried later with back-off. Returns (sent, failed)."""
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
    sent = failed = 0
    for _ in range(limit):
        mail = session.scalar(base)
        if mail is None:
            break
        message = EmailMessage()
        message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
        message["To"] = mail.to_address
        message["Subject"] = mail.subject
        message.set_content(mail.body)
        mail.attempts += 1
        try:
            sender.send(message)
        except (OSError, smtplib.SMTPException) as exc:
            failed += 1
            mail.last_error = str(exc)[:500]
            mail.next_attempt_at = now + timedelta(minutes=2 ** min(mail.attempts, 10))
            if mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
                mail.failed = True
            log.warning("mail %s to %s not sent: %s", mail.id, mail.to_address, exc)
        else:
            sent += 1
            mail.sent_at = now
        session.commit()
    return sent, failed


__all__ = ["deliver_due", "queue_mail"]
