"""SocialChallenge: the app factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from config import CONFIGS, database_url, default_database_url

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, error handlers, commands."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    name = config_name or os.environ.get("SOCIALCHALLENGE_ENV") or os.environ.get("FLASK_ENV") or "development"
    if name not in CONFIGS:
        raise RuntimeError(f"Unknown configuration {name!r}; use one of {', '.join(CONFIGS)}.")
    app.config.from_object(CONFIGS[name])
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    if overrides:
        app.config.update(overrides)
    check_config(app)
    if app.config["PROXY_FIX_X_FOR"]:
        # Trust exactly that many proxies' X-Forwarded-For entries; request.remote_addr is then the client.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.config["SQLALCHEMY_DATABASE_URI"] == default_database_url(app.instance_path):
        # Only the default SQLite file needs the instance folder at start (uploads make their own folders).
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    # Ids in paths are database integers: a larger number is no row (404), not a database error.
    app.url_map.converters["int"] = DatabaseId
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_subscribers(app)
    return app


class DatabaseId(IntegerConverter):
    """`<int:...>` capped at the largest INTEGER the databases store."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", 2_147_483_647)
        super().__init__(map, *args, **kwargs)


def check_config(app: Flask) -> None:
    """Refuse to start with settings that are unsafe for the environment."""
    if app.config["ENV_NAME"] == "production":
        if not app.config.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in production.")
        if app.config["PAYMENT_PROVIDER"] == "sandbox":
            raise RuntimeError("The sandbox payment provider is for demos and tests; it refuses production.")
    if app.config["PAYMENT_PROVIDER"] not in {"stripe", "manual", "sandbox"}:
        raise RuntimeError("PAYMENT_PROVIDER must be stripe, manual or sandbox.")
    if not isinstance(app.config["PROXY_FIX_X_FOR"], int) or app.config["PROXY_FIX_X_FOR"] < 0:
        raise RuntimeError("PROXY_FIX_X_FOR must be the number of trusted proxies: 0 or more.")
    if app.config["STORAGE_BACKEND"] not in {"local", "s3"}:
        raise RuntimeError("STORAGE_BACKEND must be local or s3.")
    if app.config["STORAGE_BACKEND"] == "s3" and not app.config.get("S3_BUCKET"):
        raise RuntimeError("STORAGE_BACKEND=s3 needs S3_BUCKET.")


def register_extensions(app: Flask) -> None:
    """Bind every extension object to this app."""
    from socialchallenge import (  # noqa: F401
        csrf_tokens,
        dbping,
        etags,
        guards,
        i18n,
        limits,
        models,
        pagecache,
        sanitize,
        security,
    )
    from socialchallenge.auth.tokens import bearer_user
    from socialchallenge.extensions import babel, csrf, db, limiter, login_manager, migrate

    guards.init_app(app)  # NUL characters, deep JSON, lone surrogates: refused before anything reads them
    db.init_app(app)
    dbping.init_app(app)  # a connection idle in the pool is checked before use
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    csrf_tokens.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    limiter.init_app(app)
    limits.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    app.extensions["bearer_user"] = bearer_user  # an API request's language follows its token's member
    sanitize.init_app(app)
    pagecache.init_app(app)
    etags.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount the feature blueprints."""
    from socialchallenge import feeds, impact, learnings, openapi, opendata
    from socialchallenge.api import bp as api_bp
    from socialchallenge.attachments import bp as attachments_bp
    from socialchallenge.auth import bp as auth_bp
    from socialchallenge.calls import bp as calls_bp
    from socialchallenge.challenges import bp as challenges_bp
    from socialchallenge.community.views import bp as community_bp
    from socialchallenge.events import bp as events_bp
    from socialchallenge.funding import manage  # noqa: F401 - the team's campaign page, on the funding blueprint
    from socialchallenge.funding.views import bp as funding_bp
    from socialchallenge.main import bp as main_bp
    from socialchallenge.organisations import bp as organisations_bp
    from socialchallenge.places.console import bp as districts_bp
    from socialchallenge.places.views import bp as places_bp
    from socialchallenge.search.views import bp as search_bp
    from socialchallenge.secretariat import bp as secretariat_bp
    from socialchallenge.secretariat import public_bp as resources_bp
    from socialchallenge.solutions import bp as solutions_bp

    for blueprint in (
        main_bp, auth_bp, api_bp,  # site basics and the JSON API
        challenges_bp, solutions_bp, community_bp, funding_bp, organisations_bp,  # the mission
        events_bp,  # events and roundtables
        calls_bp,  # calls for challenges, their prizes and matchfunding
        attachments_bp,  # images and files of challenges, solutions and updates
        search_bp, learnings.bp, impact.bp, feeds.bp, opendata.bp, openapi.bp,  # open data and discovery
        secretariat_bp, resources_bp,  # the secretariat console and the resource catalogue
        places_bp, districts_bp,  # places: the map and the secretariat's district queue
    ):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages on the site, the error shape under /api."""
    from socialchallenge.main.errors import register

    register(app)


def register_subscribers(app: Flask) -> None:  # noqa: ARG001 - one of the factory's steps, like the others
    """Connect notifications and the audit log to the domain events they listen to."""
    from socialchallenge.subscribers import connect_all

    connect_all()


def register_commands(app: Flask) -> None:
    """Add the `flask users`, `flask jobs` and `flask demo` command groups."""
    from socialchallenge.commands import register

    register(app)
