"""Notifications: in-app items, email immediately / as a daily digest / not at all, never for one's own action."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, event, select
from sqlalchemy.engine.interfaces import CacheStats

from socialchallenge.commands.jobs import JOBS
from socialchallenge.community import inbox
from socialchallenge.community.digest import send_digests
from socialchallenge.extensions import db
from socialchallenge.models import EmailChoice, Notification, OutboxMail, User
from tests.builders import make_user, set_email_choice

# 10:00 in Seoul (the site's time zone), after the digest hour.
MORNING = datetime(2026, 5, 1, 1, 0)


def notify(recipients, actor=None, kind="comment_posted", target="Bus shelter"):
    made = inbox.notify(db.session, recipients, kind, actor, "/challenges/1#comment-1", target=target)
    db.session.commit()
    return made


def mails():
    return db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()


def items_of(user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()


def test_nobody_is_notified_of_their_own_action(app):
    actor, other = make_user(), make_user()
    notify([actor, other, actor.id], actor=actor)
    assert items_of(actor) == []
    assert len(items_of(other)) == 1
    assert [m.to_address for m in mails()] == [other.email]


def test_immediately_is_the_default_and_mails_in_the_users_language(app):
    actor = make_user(name="Minji")
    korean, english = make_user(), make_user(locale="en")
    notify([korean, english], actor=actor)
    by_address = {m.to_address: m for m in mails()}
    assert 'Minji commented on "Bus shelter".' in by_address[english.email].body
    assert "/challenges/1#comment-1" in by_address[english.email].body
    assert "Minji" in by_address[korean.email].subject
    assert all(item.emailed_at is not None for item in items_of(english))


def test_digest_mode_sends_one_mail_with_all_items(app):
    user = make_user(locale="en")
    set_email_choice(user, EmailChoice.daily_digest)
    for title in ("First", "Second", "Third"):
        notify([user], actor=make_user(), target=title)
    assert mails() == []  # nothing goes out before the digest
    assert send_digests(db.session, MORNING) == 1
    [mail] = mails()
    assert "3 new notifications" in mail.subject
    for title in ("First", "Second", "Third"):
        assert f'"{title}"' in mail.body
    assert all(not item.mail_pending and item.emailed_at == MORNING for item in items_of(user))


def test_at_most_one_digest_a_day(app):
    user = make_user()
    set_email_choice(user, "daily_digest")
    notify([user], actor=make_user())
    assert send_digests(db.session, MORNING) == 1
    notify([user], actor=make_user(), target="Later that day")
    assert send_digests(db.session, MORNING + timedelta(hours=6)) == 0
    assert len(mails()) == 1
    # The next day the waiting item goes out in that day's digest.
    assert send_digests(db.session, MORNING + timedelta(days=1)) == 1
    assert "Later that day" in mails()[-1].body


def test_digest_waits_for_the_morning(app):
    user = make_user()
    set_email_choice(user, "daily_digest")
    notify([user], actor=make_user())
    assert send_digests(db.session, datetime(2026, 5, 1, 20, 0)) == 0  # 05:00 in Seoul
    assert send_digests(db.session, datetime(2026, 5, 1, 23, 0)) == 1  # 08:00 in Seoul


def test_off_sends_none(app):
    user = make_user()
    set_email_choice(user, EmailChoice.off)
    notify([user], actor=make_user())
    notify([user], actor=make_user())
    send_digests(db.session, MORNING)
    send_digests(db.session, MORNING + timedelta(days=1))
    assert mails() == []
    assert len(items_of(user)) == 2  # still told in the app


def test_switching_away_from_the_digest_drops_what_was_waiting(app):
    user = make_user()
    set_email_choice(user, "daily_digest")
    notify([user], actor=make_user())
    inbox.set_email_choice(db.session, user, "off")
    inbox.set_email_choice(db.session, user, "daily_digest")
    db.session.commit()
    assert send_digests(db.session, MORNING) == 0
    assert mails() == []


def test_suspended_users_get_no_mail(app):
    user = make_user(suspended=True)
    notify([user], actor=make_user())
    assert mails() == []


def test_unread_count_and_mark_read(app):
    user = make_user()
    notify([user], actor=make_user())
    notify([user], actor=make_user())
    assert inbox.unread_count(db.session, user) == 2
    first = items_of(user)[0]
    assert inbox.mark_read(db.session, user, [first.id]) == 1
    assert inbox.unread_count(db.session, user) == 1
    assert inbox.mark_read(db.session, user) == 1
    assert inbox.unread_count(db.session, user) == 0


def test_text_is_worded_in_the_readers_language(app):
    from flask_babel import force_locale

    [item] = notify([make_user()], actor=make_user(name="Minji"))
    with force_locale("en"):
        assert inbox.text_of(item) == 'Minji commented on "Bus shelter".'


def test_unknown_kinds_still_read_as_something(app):
    [item] = notify([make_user()], actor=make_user(), kind="no_such_kind")
    assert inbox.text_of(item)


def test_the_digest_runs_from_flask_jobs(app, runner):
    assert "digest" in JOBS
    user = make_user()
    set_email_choice(user, "daily_digest")
    notify([user], actor=make_user())
    result = runner.invoke(args=["jobs", "run", "--once", "--now", "2026-05-01T01:00:00Z"])
    assert "digest: 1 digests queued" in result.output


def test_one_recipients_item_and_mail_are_written_by_a_statement_compiled_once(app):
    # The common case (a team of one hears of a pledge) runs on every request of the pledge POST: its INSERT is
    # made of bound parameters, so SQLAlchemy compiles it once and takes it from its cache afterwards.
    actor, first, second = make_user(name="Minji"), make_user(locale="en"), make_user(locale="en")
    set_email_choice(second, EmailChoice.daily_digest)
    inserts = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT", "WITH")) and "notifications" in statement:
            inserts.append(context.cache_hit)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        for _ in range(2):
            notify([first], actor=actor)
            notify([second], actor=actor)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(inserts) == 4
    assert inserts[2:] == [CacheStats.CACHE_HIT, CacheStats.CACHE_HIT]  # the second time: from the cache
    assert [m.to_address for m in mails()] == [first.email, first.email]
    assert 'Minji commented on "Bus shelter".' in mails()[0].body
    assert [(i.emailed_at is not None, i.mail_pending) for i in items_of(first)] == [(True, False)] * 2
    assert [(i.emailed_at is None, i.mail_pending) for i in items_of(second)] == [(True, True)] * 2


# A SELECT of ids built once, as notifications.pledge_received passes (module level: it is kept for the process).
_THESE_USERS = select(User.id).where(User.email.like(bindparam("these_emails")))


def test_a_select_built_once_tells_and_mails_exactly_as_a_list_of_recipients_does(app):
    # On PostgreSQL the prebuilt SELECT's recipients, items and mails are one statement (the mail worded in each
    # language first, the name put in by the statement); it must write what the row-by-row path writes.
    def team(tag):
        people = [make_user(name=f"{tag} 민지 100% {{name x}}", email=f"{tag}-ko@example.test"),
                  make_user(name=f"{tag} Jiwoo", email=f"{tag}-en@example.test", locale="en"),
                  make_user(name=f"{tag} Digest", email=f"{tag}-digest@example.test", locale="en"),
                  make_user(name=f"{tag} Quiet", email=f"{tag}-off@example.test"),
                  make_user(name=f"{tag} Suspended", email=f"{tag}-suspended@example.test", suspended=True)]
        set_email_choice(people[2], EmailChoice.daily_digest)
        set_email_choice(people[3], EmailChoice.off)
        return people

    actor = make_user(name="Seoyeon", email="actor@example.test")
    listed, selected = team("listed"), team("selected")
    made = {}
    for tag, recipients, bound in (("listed", [*listed, actor], None),
                                   ("selected", _THESE_USERS, {"these_emails": "selected-%"})):
        made[tag] = inbox.notify(db.session, recipients, "pledge_received", actor, "/solutions/7", bound=bound,
                                 solution="그늘 정류장")
        db.session.commit()

    def written(tag, people):
        items = [(i.user_id, i.kind, i.params, i.link, i.actor_id, i.emailed_at is not None, i.mail_pending)
                 for p in people for i in items_of(p)]
        letters = [(m.to_address.removeprefix(tag), m.subject, m.body.replace(tag, "*"))
                   for m in mails() if m.to_address.startswith(tag)]
        return items, letters

    (listed_items, listed_mails), (selected_items, selected_mails) = written("listed", listed), \
        written("selected", selected)
    assert len(selected_items) == 5 and [i[5:] for i in selected_items] == [
        (True, False), (True, False), (False, True), (False, False), (False, False)]
    assert [(s,) + i[1:] for s, i in zip([p.id for p in selected], selected_items, strict=True)] == \
        [(p.id,) + i[1:] for p, i in zip(selected, listed_items, strict=True)]
    assert selected_mails == listed_mails and len(selected_mails) == 2
    korean, english = selected_mails
    assert korean[2].startswith("* 민지 100% {name x} 님") and "Seoyeon" in korean[1]
    assert english[2].startswith("Hello * Jiwoo,") and 'Seoyeon backed "그늘 정류장".' in english[1]
    # What notify hands back is what was written.
    assert sorted((i.user_id, i.emailed_at is not None) for i in made["selected"]) == \
        sorted((u, e) for u, _k, _p, _l, _a, e, _m in selected_items)
    assert all(i.id is not None for i in made["selected"])
