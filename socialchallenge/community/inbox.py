"""Notifications in general: write them, word them in the reader's language, count, list and mark them read."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from functools import cache
from typing import Any

from babel import Locale
from flask import current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Select,
    and_,
    bindparam,
    case,
    false,
    func,
    insert,
    literal,
    literal_column,
    not_,
    null,
    select,
    update,
)
from sqlalchemy.orm import Session, make_transient_to_detached

from socialchallenge.mail.outbox import mail_row
from socialchallenge.models.accounts import User
from socialchallenge.models.mail import OutboxMail
from socialchallenge.models.notifications import EmailChoice, Notification, NotificationSettings
from socialchallenge.pipeline.stages import STAGE_BY_NAME
from socialchallenge.timeutil import utcnow

# kind → message; params are filled in when the text is shown, so each reader gets their own language.
MESSAGES = {
    "solution_submitted": _l('%(actor)s submitted the solution "%(solution)s" to "%(challenge)s".'),
    "solution_selected": _l('"%(solution)s" was selected for the challenge "%(challenge)s".'),
    "selection_withdrawn": _l('The selection of "%(solution)s" for "%(challenge)s" was withdrawn.'),
    "solution_adopted": _l('"%(solution)s" was adopted as the final solution of "%(challenge)s".'),
    # The reason itself is on the solution's page (it may be long; a mail subject carries this sentence).
    "solution_not_selected": _l('"%(solution)s" was not picked for "%(challenge)s": read the owner\'s answer.'),
    "solution_archived": _l('"%(solution)s" was archived when "%(challenge)s" closed: read the owner\'s answer.'),
    "solution_advanced": _l('"%(solution)s" is now at the %(stage)s stage.'),
    "comment_posted": _l('%(actor)s commented on "%(target)s".'),
    "comment_reply": _l('%(actor)s replied to your comment on "%(target)s".'),
    "campaign_approved": _l('The campaign of "%(solution)s" was approved and is now live.'),
    "campaign_changes_requested": _l('The secretariat asked for changes to the campaign of "%(solution)s".'),
    "pledge_received": _l('%(actor)s backed "%(solution)s".'),
    "campaign_succeeded": _l('The campaign of "%(solution)s" reached its goal.'),
    "campaign_failed": _l('The campaign of "%(solution)s" did not reach its goal. No money was collected.'),
    "update_posted": _l('New update on "%(solution)s": %(title)s'),
    "skill_offered": _l('%(actor)s offered time for %(skill)s (%(hours)d h) to "%(solution)s".'),
    "skill_offer_accepted": _l('The team of "%(solution)s" accepted your offer of time for %(skill)s (%(hours)d h).'),
    "skill_offer_declined": _l('The team of "%(solution)s" declined your offer of time for %(skill)s (%(hours)d h).'),
    "team_invited": _l('%(actor)s invited you to join the team of "%(solution)s".'),
    "invitation_accepted": _l('%(actor)s accepted the invitation and joined the team of "%(solution)s".'),
    "invitation_declined": _l('%(actor)s declined the invitation to join the team of "%(solution)s".'),
    "join_requested": _l('%(actor)s asked to join the team of "%(solution)s".'),
    "join_request_accepted": _l('The team of "%(solution)s" accepted your request: you are on the team.'),
    "join_request_declined": _l('The team of "%(solution)s" declined your request to join.'),
    "resource_granted": _l('Your request for "%(resource)s" was granted.'),
    "resource_declined": _l('Your request for "%(resource)s" was declined.'),
    "event_seat_freed": _l('A seat came free at "%(event)s": you are registered now.'),
    "event_changed": _l('"%(event)s" has changed: it now starts %(when)s (local time), at %(place)s.'),
    "event_cancelled": _l('"%(event)s" (%(when)s, local time) is cancelled.'),
    "prize_awarded": _l('The secretariat confirmed "%(solution)s" as a winner of the call "%(call)s": its prize '
                        'money is on the campaign and mentoring begins.'),
    "prize_awarded_challenge": _l('The secretariat confirmed "%(solution)s" as a winner of the challenge '
                                  '"%(challenge)s": its prize money is on the campaign and mentoring begins.'),
    "checkin_missed": _l('The monthly mentoring check-in of "%(solution)s" (month %(month)d, due %(due)s) is not '
                         'in the mentoring log yet.'),
    "pool_reported": _l('The call "%(call)s" has ended: of %(funder)s\'s matchfunding pool of %(pool)s, %(matched)s '
                        'was matched and %(left)s was not used.'),
}


# kind → message when nobody is named (an anonymous pledge): "Someone" in the sentence with the name would read
# "누군가 님이" in Korean, an honorific for nobody.
UNNAMED = {
    "pledge_received": _l('An anonymous backer supported "%(solution)s".'),
}


def text_of(notification: Notification) -> str:
    """The notification's sentence in the current language."""
    message = MESSAGES.get(notification.kind)
    if message is None:
        return _("You have a new notification.")
    if "actor" not in (notification.params or {}) and notification.kind in UNNAMED:
        message = UNNAMED[notification.kind]
    params = {"actor": _("Someone"), **(notification.params or {})}
    if "stage" in params:
        stage = STAGE_BY_NAME.get(params["stage"])
        params["stage"] = str(stage.label) if stage else params["stage"]
    try:
        return str(message) % params
    except (KeyError, TypeError, ValueError):
        # A message changed since the row was written; say something rather than fail the page.
        return _("You have a new notification.")


def absolute_url(link: str) -> str:
    """The link as a full URL for mail; outside a request it needs SERVER_NAME."""
    return _site_root() + link


def _site_root() -> str:
    """What absolute_url puts before a path ("" when neither a request nor SERVER_NAME says)."""
    if has_request_context():
        return request.url_root.rstrip("/")
    server = current_app.config.get("SERVER_NAME")
    if server:
        return f"{current_app.config.get('PREFERRED_URL_SCHEME', 'https')}://{server}"
    return ""


@cache
def _locale(code: str) -> Locale:
    """A language's Babel locale, parsed once (force_locale takes it as it is)."""
    return Locale.parse(code)


MAIL_LANGUAGE = "ko"  # a member who chose no language is written to in Korean


def mail_text(user: Any, items: list[Notification]) -> tuple[str, str]:
    """(subject, body) of a mail telling the user (a User, or a row with its name and locale) about these items, in
    the user's language."""
    root = _site_root()
    with force_locale(_locale(user.locale or MAIL_LANGUAGE)):
        texts = [text_of(item) for item in items]
        lines = [f"- {text}\n  {root}{item.link}" for text, item in zip(texts, items, strict=True)]
        if len(items) == 1:
            subject = _("SocialChallenge: %(text)s", text=texts[0])
        else:
            subject = _("SocialChallenge: %(n)d new notifications", n=len(items))
        body = "\n".join([
            _("Hello %(name)s,", name=user.name), "",
            *lines, "",
            _("You can change how we email you on your settings page: %(url)s", url=root + "/settings"),
        ])
    return subject, body


def _ids(people: Iterable[User | int | None]) -> set[int]:
    return {p if isinstance(p, int) else p.id for p in people if p is not None}


# What telling a recipient reads of them: who they are, the language to word the mail in, whether they may get mail
# (a suspended member gets none), and how they chose to hear.
_RECIPIENT = (User.id, User.name, User.email, User.locale, User.suspended, NotificationSettings.email_choice)


def _recipients_statement(chosen: list) -> Select:
    return (select(*_RECIPIENT).outerjoin(NotificationSettings, NotificationSettings.user_id == User.id)
            .where(*chosen).order_by(User.id))


@cache
def _recipients_by_id() -> Select:
    """The recipients' statement for a set of ids (parameter `notify_ids`), built once."""
    return _recipients_statement([User.id.in_(bindparam("notify_ids", expanding=True))])


@cache
def _recipients_of(recipients: Select, without_actor: bool) -> Select:
    """The recipients' statement for a prebuilt SELECT of ids (its own parameters; the actor as `notify_actor`),
    built once for each such SELECT and kept for the life of the process: only module-level SELECTs come here."""
    return _recipients_statement([User.id.in_(recipients),
                                  *([User.id != bindparam("notify_actor")] if without_actor else [])])


def notify(
    session: Session, recipients: Iterable[User | int | None] | Select, kind: str, actor: User | None, link: str,
    *, bound: dict[str, Any] | None = None, **params: Any
) -> list[Notification]:
    """Tell each recipient (never the actor) in the app, and by mail now for those who chose "immediately".

    `recipients` may also be a SELECT of user ids, read in the same statement as the recipients' settings. A SELECT
    built once (module-level, with bound parameters) comes with its parameters in `bound`: the whole statement is
    then built once too and kept (never pass `bound` with a SELECT built per call)."""
    if actor is not None:
        params.setdefault("actor", actor.name)
    if isinstance(recipients, Select) and bound is not None:
        if session.connection().dialect.name == "postgresql":
            return _notify_in_one_statement(session, recipients, bound, kind, actor, link, params)
        statement = _recipients_of(recipients, actor is not None)
        arguments = {**bound, **({"notify_actor": actor.id} if actor is not None else {})}
    elif isinstance(recipients, Select):
        statement = _recipients_statement([User.id.in_(recipients)]
                                          + ([User.id != actor.id] if actor is not None else []))
        arguments = {}
    else:
        ids = _ids(recipients) - ({actor.id} if actor is not None else set())
        if not ids:
            return []
        statement, arguments = _recipients_by_id(), {"notify_ids": sorted(ids)}
    # Rows, not User objects: a recipient is read for these columns only, on the session's connection (Core), after
    # what the session holds is written (a member just added to a team is one of its recipients).
    session.flush()
    rows = session.connection().execute(statement, arguments).all()
    now = utcnow()
    made, mails = [], []
    for user in rows:
        choice = user.email_choice or EmailChoice.immediately
        item = Notification(user_id=user.id, kind=kind, params=dict(params), link=link,
                            actor_id=actor.id if actor else None, created_at=now, read_at=None, emailed_at=None)
        wants_mail = not user.suspended and choice != EmailChoice.off
        if wants_mail and choice == EmailChoice.immediately:
            subject, body = mail_text(user, [item])
            mails.append(mail_row(user.email, subject, body, now))
            item.emailed_at = now
        item.mail_pending = wants_mail and choice == EmailChoice.daily_digest
        made.append(item)
    if made:
        _save(session, made, mails)
    return made


def _save(session: Session, items: list[Notification], mails: list[dict]) -> None:
    """Write the notifications and their mails in one statement on PostgreSQL (the mails' INSERT in a WITH), two
    elsewhere: Core, on the session's connection, so no unit of work runs at the flush; the items join the session
    as saved rows. Both tables are private to their readers: no cached page depends on them."""
    connection = session.connection()
    table, outbox = Notification.__table__, OutboxMail.__table__
    rows = [{**_DEFAULTS, "user_id": i.user_id, "kind": i.kind, "params": i.params, "link": i.link,
             "actor_id": i.actor_id, "created_at": i.created_at, "mail_pending": i.mail_pending,
             "emailed_at": i.emailed_at} for i in items]
    mails = [{**_MAIL_DEFAULTS, **mail} for mail in mails]
    with_mails = connection.dialect.name == "postgresql"
    if len(rows) == 1 and len(mails) <= 1:
        # The common case (a team of one, a reply): a statement of bound parameters, compiled once per process; a
        # multi-row VALUES is compiled again at every call.
        mail = mails[0] if mails and with_mails else None
        statement = _one_row_insert(tuple(rows[0]), tuple(mail) if mail else ())
        params = {**_prefixed("n_", rows[0]), **(_prefixed("m_", mail) if mail else {})}
    else:
        statement, params = insert(table).values(rows).returning(table.c.id, table.c.user_id), None
        if mails and with_mails:
            statement = statement.add_cte(insert(outbox).values(mails).returning(outbox.c.id).cte("mails"))
    if mails and not with_mails:
        connection.execute(insert(outbox).values(mails))
    ids = dict((user_id, ident) for ident, user_id in connection.execute(statement, params))  # one item per user
    for item in items:
        item.id = ids[item.user_id]
        make_transient_to_detached(item)
        session.add(item)


def _notify_in_one_statement(session: Session, recipients: Select, bound: dict[str, Any], kind: str,
                             actor: User | None, link: str, params: dict[str, Any]) -> list[Notification]:
    """PostgreSQL, for a SELECT of ids built once: read the recipients, write their notifications and the mails
    of those who chose "immediately" in one statement. The mail is worded here in each language first, with a
    marker where the recipient's name goes; the statement picks the recipient's language and puts the name in.
    Returns the items as written (not added to the session)."""
    session.flush()  # a member just added to a team is one of its recipients
    now = utcnow()
    item = Notification(kind=kind, params=dict(params), link=link)
    marker = f"{{name {secrets.token_hex(8)}}}"
    arguments = {**bound, "notify_kind": kind, "notify_params": item.params, "notify_link": link,
                 "notify_actor_id": actor.id if actor else None, "notify_now": now, "notify_marker": marker}
    if actor is not None:
        arguments["notify_actor"] = actor.id
    languages = (MAIL_LANGUAGE, *(code for code in current_app.config["LANGUAGES"] if code != MAIL_LANGUAGE))
    for code in languages:
        subject, body = mail_text(_Wording(code, marker), [item])
        mail = mail_row("", subject, body, now)
        arguments[f"subject_{code}"], arguments[f"body_{code}"] = mail["subject"], mail["body"]
    rows = session.connection().execute(_one_statement(recipients, actor is not None, languages), arguments).all()
    return [Notification(id=row.id, user_id=row.user_id, kind=kind, params=item.params, link=link,
                         actor_id=arguments["notify_actor_id"], created_at=now, read_at=None,
                         emailed_at=row.emailed_at, mail_pending=row.mail_pending) for row in rows]


class _Wording:
    """Who a mail is worded for before the recipient is known: a language, and a marker for the name."""

    def __init__(self, locale: str, name: str):
        self.locale, self.name = locale, name


@cache
def _one_statement(recipients: Select, without_actor: bool, languages: tuple[str, ...]):
    """The recipients (a SELECT of ids built once), their notifications and their mails as one PostgreSQL statement
    of bound parameters (notify_*, subject_<language>, body_<language>), built once for each such SELECT. A
    recipient's language is theirs if it is one of `languages`, else the first (MAIL_LANGUAGE, as for a member who
    chose none)."""
    users, settings = User.__table__, NotificationSettings.__table__
    table, outbox = Notification.__table__, OutboxMail.__table__
    choice = func.coalesce(settings.c.email_choice, literal_column(f"'{EmailChoice.immediately.name}'"))
    chosen = [users.c.id.in_(recipients)] + ([users.c.id != bindparam("notify_actor")] if without_actor else [])
    people = (select(users.c.id, users.c.name, users.c.email, users.c.locale,
                     and_(not_(users.c.suspended), choice == literal_column(f"'{EmailChoice.immediately.name}'"))
                     .label("mail_now"),
                     and_(not_(users.c.suspended), choice == literal_column(f"'{EmailChoice.daily_digest.name}'"))
                     .label("mail_later"))
              .select_from(users.outerjoin(settings, settings.c.user_id == users.c.id)).where(*chosen)
              .cte("recipients"))
    now = bindparam("notify_now", type_=table.c.created_at.type)
    made = insert(table).from_select(
        ["user_id", "kind", "params", "link", "actor_id", "created_at", "read_at", "emailed_at", "mail_pending"],
        select(people.c.id, bindparam("notify_kind", type_=table.c.kind.type),
               bindparam("notify_params", type_=table.c.params.type), bindparam("notify_link", type_=table.c.link.type),
               bindparam("notify_actor_id", type_=table.c.actor_id.type), now, null(),
               case((people.c.mail_now, now), else_=null()), people.c.mail_later).order_by(people.c.id),
    ).returning(table.c.id, table.c.user_id, table.c.emailed_at, table.c.mail_pending).cte("made")

    def worded(part: str):
        return case(*((people.c.locale == code, bindparam(f"{part}_{code}", type_=outbox.c[part].type))
                      for code in languages[1:]), else_=bindparam(f"{part}_{languages[0]}", type_=outbox.c[part].type))

    mails = insert(outbox).from_select(
        ["to_address", "subject", "body", "created_at", "next_attempt_at", "attempts", "failed"],
        select(people.c.email, worded("subject"),
               func.replace(worded("body"), bindparam("notify_marker", type_=outbox.c.body.type), people.c.name),
               now, now, literal(0), false()).where(people.c.mail_now).order_by(people.c.id),
    ).returning(outbox.c.id).cte("mails")
    # A WITH that writes runs to its end whether read or not; the mails are read so that they are rendered at all.
    return select(made.c.id, made.c.user_id, made.c.emailed_at, made.c.mail_pending,
                  select(func.count()).select_from(mails).scalar_subquery().label("mails")).order_by(made.c.user_id)


def _prefixed(prefix: str, row: dict) -> dict:
    return {prefix + name: value for name, value in row.items()}


@cache
def _one_row_insert(columns: tuple[str, ...], mail_columns: tuple[str, ...]):
    """INSERT of one notification with these columns (and, in a WITH, its mail, if any mail_columns), every value a
    bound parameter (n_…, m_…); made once per shape."""
    table, outbox = Notification.__table__, OutboxMail.__table__
    statement = insert(table).values({name: bindparam("n_" + name) for name in columns}) \
        .returning(table.c.id, table.c.user_id)
    if mail_columns:
        mail = insert(outbox).values({name: bindparam("m_" + name) for name in mail_columns})
        statement = statement.add_cte(mail.returning(outbox.c.id).cte("mails"))
    return statement


def _scalar_defaults(table) -> dict:
    """The columns' Python defaults that are plain values (a multi-row or WITH INSERT is given every column)."""
    return {c.name: c.default.arg for c in table.columns if c.default is not None and c.default.is_scalar}


_DEFAULTS = {**_scalar_defaults(Notification.__table__), "read_at": None}
_MAIL_DEFAULTS = _scalar_defaults(OutboxMail.__table__)


def unread_count(session: Session, user: User) -> int:
    """How many of the user's notifications are unread (the bell)."""
    return session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id,
                                                              Notification.read_at.is_(None))
    ) or 0


def notifications_of(user: User) -> Select:
    """The user's notifications, newest first."""
    return select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())


def mark_read(session: Session, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or only `ids`); returns how many changed."""
    statement = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        statement = statement.where(Notification.id.in_(list(ids)))
    return session.execute(statement.values(read_at=utcnow()), execution_options={"synchronize_session": False}
                           ).rowcount


def email_choice_of(session: Session, user: User) -> EmailChoice:
    """The user's email choice (the default when never set)."""
    return session.scalar(
        select(NotificationSettings.email_choice).where(NotificationSettings.user_id == user.id)
    ) or EmailChoice.immediately


def set_email_choice(session: Session, user: User, choice: EmailChoice | str) -> EmailChoice:
    """Save the user's email choice; items waiting for a digest go out only while the choice is the digest."""
    choice = EmailChoice(choice)
    settings = session.get(NotificationSettings, user.id)
    if settings is None:
        settings = NotificationSettings(user_id=user.id)
        session.add(settings)
    settings.email_choice = choice
    if choice != EmailChoice.daily_digest:
        # Nothing already in the app is mailed after the fact: "off" means no mail, and
        # "immediately" means news from now on.
        session.execute(
            update(Notification).where(Notification.user_id == user.id, Notification.mail_pending.is_(True))
            .values(mail_pending=False), execution_options={"synchronize_session": False},
        )
    return choice
