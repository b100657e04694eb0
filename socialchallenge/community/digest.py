"""The daily digest: one mail a day at most per user who chose it, with every item waiting since the last one."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from socialchallenge.community.inbox import mail_text
from socialchallenge.mail import queue_mail
from socialchallenge.models.accounts import User
from socialchallenge.models.notifications import EmailChoice, Notification, NotificationSettings

# Digests go out from this local hour on, so the mail arrives in the morning rather than at midnight.
DIGEST_HOUR = 8


def local_today(now: datetime) -> tuple[date, int]:
    """(the site-local date, the local hour) for a naive UTC instant."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC"))
    local = now.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    return local.date(), local.hour


def send_digests(session: Session, now: datetime) -> int:
    """Queue today's digest for every user who chose it and has pending items; returns how many were queued."""
    today, hour = local_today(now)
    if hour < DIGEST_HOUR:
        return 0
    user_ids = session.scalars(
        select(Notification.user_id).distinct()
        .join(NotificationSettings, NotificationSettings.user_id == Notification.user_id)
        .where(Notification.mail_pending.is_(True), NotificationSettings.email_choice == EmailChoice.daily_digest,
               or_(NotificationSettings.last_digest_on.is_(None), NotificationSettings.last_digest_on < today))
    ).all()
    queued = 0
    for user_id in user_ids:
        # Claim today's digest first: with several workers only one UPDATE matches, so only one mail goes out.
        claimed = session.execute(
            update(NotificationSettings)
            .where(NotificationSettings.user_id == user_id,
                   NotificationSettings.email_choice == EmailChoice.daily_digest,
                   or_(NotificationSettings.last_digest_on.is_(None), NotificationSettings.last_digest_on < today))
            .values(last_digest_on=today),
            execution_options={"synchronize_session": False},
        ).rowcount
        if claimed != 1:
            session.rollback()
            continue
        items = session.scalars(
            select(Notification).where(Notification.user_id == user_id, Notification.mail_pending.is_(True))
            .order_by(Notification.id)
        ).all()
        user = session.get(User, user_id)
        if items and user is not None and user.is_active:
            subject, body = mail_text(user, list(items))
            queue_mail(session, user.email, subject, body)
            queued += 1
        for item in items:
            item.mail_pending = False
            item.emailed_at = now
        session.commit()
    return queued

