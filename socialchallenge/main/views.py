"""Home page and language switcher."""

from flask import abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from socialchallenge.extensions import db
from socialchallenge.main import bp
from socialchallenge.security import safe_next


@bp.get("/")
def home():
    """What this is, in one sentence, and where to start."""
    from socialchallenge.main.overview import home_overview

    return render_template("main/home.html", overview=home_overview(db.session))


@bp.post("/language")
def set_language():
    """Remember the chosen language (and store it on the account when signed in)."""
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))


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
