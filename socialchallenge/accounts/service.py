"""Account rules shared by the web forms and the API: one place, same answers."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from socialchallenge.core.text import Problems, text
from socialchallenge.errors import NotAllowed, ValidationFailed
from socialchallenge.models import ApiToken, PasswordReset, Role, User
from socialchallenge.security import hash_password, needs_rehash, verify_password
from socialchallenge.timeutil import utcnow

NAME_MAX = 80
PASSWORD_MIN = 10
PASSWORD_MAX = 256


def digest(token: str) -> str:
    """SHA-256 hex digest of a secret token; only digests are stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(raw: str) -> str:
    """Validate an address (syntax only, no DNS) and return it lower-cased."""
    try:
        return validate_email((raw or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        message = _("Enter a valid email address, like name@example.com.")
        raise ValidationFailed(_("Invalid email address."), {"email": message}) from exc


def password_problem(password: object) -> str | None:
    """What is wrong with a new password (too short or too long), or None. Passwords are taken as typed: never
    trimmed or normalised, so they are not cleaned like other text."""

    password = password if isinstance(password, str) else ""
    if len(password) < PASSWORD_MIN:
        return _("Use at least %(n)d characters.", n=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        return _("Use at most %(n)d characters.", n=PASSWORD_MAX)
    return None


def check_signup(session: Session, email: str, password: str, name: str) -> dict[str, str]:
    """Every problem with a sign-up, as field → message (empty when all is well)."""

    problems = Problems()
    problems.text("name", name, required=_("Enter your name."), max_length=NAME_MAX, single_line=True)
    try:
        address = normalise_email(email)
    except ValidationFailed:
        problems["email"] = _("Enter a valid email address.")
    else:
        if session.scalar(select(User.id).where(User.email == address)) is not None:
            problems["email"] = _("An account with this email already exists.")
    if problem := password_problem(password):
        problems["password"] = problem
    return problems


def register_user(
    session: Session, email: str, password: str, name: str, role: Role = Role.member
) -> User:
    """Create a member account, or raise ValidationFailed listing every problem."""

    problems = check_signup(session, email, password, name)
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)
    user = User(email=normalise_email(email), name=text(name), password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user with these credentials, or None; NotAllowed when the credentials are right but the account is
    suspended (the web form and the API both say so). Upgrades old password hashes on the way."""
    address = (email or "").strip().lower()
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        # Spend the same time as a real check so response times don't reveal which emails exist.
        verify_password(_DUMMY_HASH, password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    if not user.is_active:
        from flask_babel import gettext as _

        raise NotAllowed(_("This account is suspended. Contact the secretariat."), code="account_suspended")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


_DUMMY_HASH = hash_password("not-a-real-password-just-for-timing")


def issue_token(session: Session, user: User) -> str:
    """A new API bearer token for the user; the caller sees it once, we keep its digest."""
    token = secrets.token_urlsafe(32)
    days = current_app.config["API_TOKEN_DAYS"]
    session.add(ApiToken(user_id=user.id, digest=digest(token), expires_at=utcnow() + timedelta(days=days)))
    return token


# The token's state and its user in one statement: every API request with a token reads both. Built once: the
# digest is its only parameter. The token is read as two columns, not as an object (only the user is kept).
_TOKEN_AND_USER = select(User, ApiToken.revoked, ApiToken.expires_at).join(ApiToken, ApiToken.user_id == User.id) \
    .where(ApiToken.digest == bindparam("digest"))


def user_for_token(session: Session, token: str) -> User | None:
    """The active user a bearer token belongs to, or None if unknown, expired or revoked."""
    row = session.execute(_TOKEN_AND_USER, {"digest": digest(token)}).first()
    if row is None or row.revoked or row.expires_at <= utcnow() or not row.User.is_active:
        return None
    return row.User


def revoke_tokens(session: Session, user: User, keep: str | None = None) -> None:
    """Revoke the user's API tokens (a new password ends them all), except `keep`, the one making the request."""
    query = update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
    if keep:
        query = query.where(ApiToken.digest != digest(keep))
    session.execute(query.values(revoked=True).execution_options(synchronize_session=False))


def end_sessions(user: User) -> None:
    """Sign the user out on the server: every session cookie issued so far, copied ones too, stops working.

    Sessions live in signed cookies, so the only server-side record to change is the user's nonce; signing out in
    one browser therefore signs out all of them (API tokens are separate and stay)."""
    user.renew_session_nonce()


def start_password_reset(session: Session, email: str) -> tuple[User, str] | None:
    """Make a reset token for the account with this email; None when there is no such account."""
    address = (email or "").strip().lower()
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        return None
    token = secrets.token_urlsafe(32)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    session.add(PasswordReset(user_id=user.id, digest=digest(token), expires_at=utcnow() + timedelta(hours=hours)))
    return user, token


def reset_for_token(session: Session, token: str) -> PasswordReset | None:
    """The unused, unexpired reset this token belongs to, or None."""
    reset = session.scalar(select(PasswordReset).where(PasswordReset.digest == digest(token or "")))
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    return reset


def finish_password_reset(session: Session, token: str, password: str) -> User:
    """Set a new password through a reset token; the token then stops working, as do old sessions."""

    reset = reset_for_token(session, token)
    if reset is None:
        raise ValidationFailed(_("This reset link has expired or was already used."), {"token": _("Invalid link.")})
    if problem := password_problem(password):
        raise ValidationFailed(_("Please correct the marked fields."), {"password": problem})
    reset.used_at = utcnow()
    user = reset.user
    user.password_hash = hash_password(password)
    user.renew_session_nonce()
    revoke_tokens(session, user)
    return user
