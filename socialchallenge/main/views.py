"""Home page and language switcher."""

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from socialchallenge import pagecache
from socialchallenge.extensions import db
from socialchallenge.i18n import remember_language
from socialchallenge.main import bp
from socialchallenge.main.overview import home_overview
from socialchallenge.pagecache.fragments import fragment
from socialchallenge.security import safe_next

# Sec-Fetch-Site values of a request started on this site (or typed in the address bar).
SAME_SITE = {"same-origin", "none"}


@bp.get("/")
def home():
    """What this is, in one sentence, and where to start."""

    def content() -> str:
        # The same for every reader: members get it from the shared store too (issue 17 goal 2).
        overview = home_overview(db.session)
        # A campaign whose deadline passes leaves "Campaigns closing soon" then, though no row changes.
        pagecache.valid_until(min((c.deadline for c in overview.closing_campaigns), default=None))
        return render_template("main/_home_content.html", overview=overview)

    return render_template("main/home.html", content=fragment("main.home", content, lists=True))


@bp.get("/lang/<lang>")
def set_language(lang: str):
    """Switch the language and go back to the page (a plain link: no form, no session, no CSRF token needed).

    The choice is a cookie; a signed-in member's account remembers it too (for mail), unless the link was
    followed from another site."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    if current_user.is_authenticated and request.headers.get("Sec-Fetch-Site", "same-origin") in SAME_SITE:
        current_user.locale = lang
        db.session.commit()
    response = redirect(safe_next(request.args.get("next")) or url_for("main.home"))
    response.headers["Cache-Control"] = "no-store"
    return remember_language(response, lang)


@bp.get("/healthz")
def healthz():
    """Liveness probe for the load balancer: 200 when the app and its database respond, JSON 503 when not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("health check: the database does not respond")
        response = jsonify(status="unavailable", database="unreachable")
        response.status_code = 503
    else:
        response = jsonify(status="ok")
    response.headers["Cache-Control"] = "no-store"
    return response
