"""Mail the outbox gave up on: the secretariat's list, with each error, and sending one again."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from socialchallenge.core import events
from socialchallenge.errors import NotFound
from socialchallenge.models import OutboxMail, User
from socialchallenge.secretariat.access import require_staff
from socialchallenge.timeutil import utcnow


def failed_mails() -> Select:
    """Every mail given up, the most recent first. Bodies stay out: some carry a password-reset link."""
    return select(OutboxMail).where(OutboxMail.failed.is_(True)).order_by(OutboxMail.failed_at.desc(),
                                                                          OutboxMail.id.desc())


def count_failed(session: Session) -> int:
    """How many mails were given up."""
    return session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.failed.is_(True))) or 0


def send_again(session: Session, actor: User, mail_id: Any) -> OutboxMail:
    """Put a failed mail back in the outbox (the cause was fixed: a mailbox restored, a long outage over)."""
    require_staff(actor)
    mail = session.get(OutboxMail, mail_id, with_for_update=True) if isinstance(mail_id, int) else None
    if mail is None or not mail.failed:
        raise NotFound(_("There is no such failed mail."))
    before = {"failed": True, "failed_at": mail.failed_at, "attempts": mail.attempts, "last_error": mail.last_error}
    now = utcnow()
    mail.failed, mail.failed_at, mail.failing_since, mail.next_attempt_at = False, None, None, now
    events.staff_acted.send(session, actor=actor, action="mail.send_again", target=mail, before=before,
                            after={"failed": False, "next_attempt_at": now})
    return mail
