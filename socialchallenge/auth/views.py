"""Account pages: thin views over accounts.service."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from socialchallenge.accounts import service
from socialchallenge.auth import bp
from socialchallenge.auth.forms import ForgotPasswordForm, ResetPasswordForm, SignInForm, SignUpForm
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import NotAllowed, ValidationFailed
from socialchallenge.extensions import db, limiter
from socialchallenge.i18n import chosen_language
from socialchallenge.mail import queue_mail
from socialchallenge.security import safe_next


def _start_session(user) -> None:
    """Sign the user in on a fresh session (no fixation); the language choice is a cookie of its own and stays."""
    session.clear()
    login_user(user)
    session.permanent = True



@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGN_UP"], methods=["POST"])
def sign_up():
    """Create an account and sign in."""
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = service.register_user(db.session, form.email.data, form.password.data, form.name.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
        else:
            if chosen_language():
                user.locale = chosen_language()
            db.session.commit()
            _start_session(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
    status = 422 if form.errors else 200
    return render_template("auth/sign_up.html", form=form), status


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGN_IN"], methods=["POST"])
def sign_in():
    """Sign in with email and password."""
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        try:
            user = service.authenticate(db.session, form.email.data, form.password.data)
        except NotAllowed as exc:
            user, error = None, exc.message
        else:
            error = None if user else _("Email or password is wrong.")
        if user is not None:
            db.session.commit()  # keeps an upgraded password hash
            _start_session(user)
            flash(_("Signed in as %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
    status = 422 if (error or form.errors) else 200
    return render_template("auth/sign_in.html", form=form, error=error), status


@bp.post("/sign-out")
@login_required
def sign_out():
    """End the session on the server too (a copy of the cookie stops working), and so every session of the user."""
    service.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("main.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGN_IN"], methods=["POST"])
def forgot_password():
    """Mail a reset link; the answer is the same whether the account exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        found = service.start_password_reset(db.session, form.email.data)
        if found:
            user, token = found
            link = url_for("auth.reset_password", token=token, _external=True)
            hours = current_app.config["PASSWORD_RESET_HOURS"]
            queue_mail(
                db.session,
                user.email,
                _("Reset your SocialChallenge password"),
                _(
                    "Hello %(name)s,\n\nOpen this link within %(hours)d hours to choose a new password:\n%(link)s\n\n"
                    "If you did not ask for this, ignore this message; your password stays the same.",
                    name=user.name, hours=hours, link=link,
                ),
            )
            db.session.commit()
        flash(_("If an account uses that address, a reset link is on its way."), "info")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through an emailed link (expiring, single use)."""
    if service.reset_for_token(db.session, token) is None:
        return render_template("auth/reset_invalid.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            service.finish_password_reset(db.session, token, form.password.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
        else:
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            flash(_("Your password is changed. Sign in with the new one."), "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form), (422 if form.errors else 200)
