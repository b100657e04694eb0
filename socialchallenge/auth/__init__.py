"""Sign up, sign in, sign out and password reset pages."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from socialchallenge.extensions import db, login_manager
from socialchallenge.models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")

login_manager.login_view = "auth.sign_in"
login_manager.login_message = _l("Please sign in to continue.")
login_manager.login_message_category = "info"
# Flask-Login's "basic" protection only marks a session not fresh, and nothing here asks for a fresh login (the
# user id carries a nonce that a password change renews instead). Marking it wrote the cookie again on a visitor's
# second request, and two requests at once (a page and the browser's favicon) could then undo a language switch.
login_manager.session_protection = None


@login_manager.user_loader
def load_user(identity: str):
    """Find the user behind a session; a stale nonce (password reset) ends the session."""
    user_id, _, nonce = identity.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_nonce != nonce:
        return None
    return user


from socialchallenge.auth import views  # noqa: E402,F401
