"""Member pages: notifications, public profiles and one's own settings."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy.exc import SQLAlchemyError

from socialchallenge.community import inbox, profiles, settings
from socialchallenge.community.forms import ActionForm, PasswordForm, SettingsForm
from socialchallenge.community.views import bp
from socialchallenge.core.form_errors import show_errors
from socialchallenge.core.paging import requested_page
from socialchallenge.errors import ValidationFailed
from socialchallenge.extensions import db, limiter
from socialchallenge.i18n import remember_language
from socialchallenge.models import Notification
from socialchallenge.security import safe_next

NOTIFICATIONS_PER_PAGE = 30


@bp.get("/notifications")
@login_required
def notifications():
    """The member's notifications, newest first, unread ones marked."""
    page = db.paginate(inbox.notifications_of(current_user),
                       page=requested_page(), per_page=NOTIFICATIONS_PER_PAGE, max_per_page=100,
                       error_out=False)
    unread = inbox.unread_count(db.session, current_user)
    return render_template("community/notifications.html", page=page, unread=unread, form=ActionForm(),
                           text_of=inbox.text_of)


@bp.post("/notifications/read")
@login_required
def read_notifications():
    """Mark every notification read."""
    if ActionForm().validate_on_submit():
        inbox.mark_read(db.session, current_user)
        db.session.commit()
        flash(_("All notifications are marked as read."), "info")
    return redirect(url_for("community.notifications"))


@bp.get("/notifications/<int:notification_id>")
@login_required
def open_notification(notification_id: int):
    """Go to what a notification is about; following the link marks it read, as in a mail reader."""
    item = db.session.get(Notification, notification_id)
    if item is None or item.user_id != current_user.id:
        abort(404)
    inbox.mark_read(db.session, current_user, [item.id])
    db.session.commit()
    return redirect(safe_next(item.link) or url_for("community.notifications"))


@bp.get("/members/<int:user_id>")
def profile(user_id: int):
    """A member's public profile: challenges, solutions and comments."""
    return render_template("community/profile.html", profile=profiles.profile_of(db.session, user_id))


def _render_settings(form: SettingsForm, password_form: PasswordForm, status: int = 200):
    return render_template("community/settings.html", form=form, password_form=password_form), status


def _settings_shown() -> dict:
    """The settings form as it opens. Its language is the one the page is read in: one picked with the header's
    switcher before signing in is on this browser but not yet on the account, and the form showing the account's
    instead would switch the site back on the next save of any setting."""
    return {"name": current_user.name, "locale": str(get_locale()),
            "email_choice": inbox.email_choice_of(db.session, current_user).value}


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def account_settings():
    """Name, language and notification email choice."""
    form = SettingsForm(data=_settings_shown())
    if form.validate_on_submit():
        try:
            settings.update_settings(db.session, current_user, form.name.data, form.locale.data,
                                     form.email_choice.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
        else:
            db.session.commit()
            flash(_("Your settings are saved."), "success")
            return remember_language(redirect(url_for("community.account_settings")), current_user.locale)
    return _render_settings(form, PasswordForm(formdata=None), 422 if form.errors else 200)


@bp.post("/settings/password")
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGN_IN"])  # each try checks the current password
@login_required
def change_password():
    """Change the password after confirming the current one; other sessions are signed out."""
    password_form = PasswordForm()
    if password_form.validate_on_submit():
        try:
            settings.change_password(db.session, current_user, password_form.current_password.data,
                                     password_form.new_password.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(password_form, exc.fields)
        else:
            user = current_user._get_current_object()
            db.session.commit()
            session.clear()  # a fresh session for this browser; the new nonce ends every other one
            login_user(user)
            flash(_("Your password is changed."), "success")
            return redirect(url_for("community.account_settings"))
    form = SettingsForm(formdata=None, data=_settings_shown())
    return _render_settings(form, password_form, 422 if password_form.errors else 200)


@bp.app_context_processor
def community_nav() -> dict:
    """The bell's unread count, computed only when a page actually shows it."""

    def unread_notifications() -> int:
        if not current_user.is_authenticated or request.path.startswith("/api/"):
            return 0
        try:
            return inbox.unread_count(db.session, current_user)
        except SQLAlchemyError:
            # The header must not turn a friendly error page into a crash when the database is the problem.
            db.session.rollback()
            return 0

    return {"unread_notifications": unread_notifications}
