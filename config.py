"""Configuration classes: development, testing and production, read from the environment."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; anything but an explicit "off" word keeps the default."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


def _int(name: str, default: int) -> int:
    """Read a whole-number environment variable; a value that is not one stops the start with its name."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, not {value!r}.") from None


def _storage_options(uri: str) -> dict:
    """Short timeouts for a Redis limit store: one that stops answering must not hold every request up."""
    return {"socket_connect_timeout": 1, "socket_timeout": 1} if uri.startswith("redis") else {}


def _database_url(default: str) -> str:
    """Normalise DATABASE_URL so a plain postgres:// URL uses psycopg 3."""
    url = os.environ.get("DATABASE_URL", "").strip() or default
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = None  # filled in by the app factory (needs the instance path)
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled connection idle longer than this is pinged before use (socialchallenge/dbping.py); -1: never.
    DB_PING_AFTER_IDLE_SECONDS = float(os.environ.get("DB_PING_AFTER_IDLE_SECONDS", "1"))
    SQLALCHEMY_RECORD_QUERIES = False

    BABEL_DEFAULT_LOCALE = "ko"
    BABEL_DEFAULT_TIMEZONE = "Asia/Seoul"
    LANGUAGES = ("ko", "en")

    PAYMENT_PROVIDER = os.environ.get("PAYMENT_PROVIDER", "sandbox")
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET")
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE")
    CURRENCY = os.environ.get("CURRENCY", "krw")

    # How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the header is ignored).
    # Behind one, every visitor arrives from its address: rate limits need the client it forwards.
    PROXY_FIX_X_FOR = _int("PROXY_FIX_X_FOR", 0)

    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STORAGE_OPTIONS = _storage_options(RATELIMIT_STORAGE_URI)
    # Storage down (Redis): fail open to limits counted in each process's memory, logged as an error, instead of
    # answering 500 to sign-in, sign-up, tokens, comments and pledges; back to the storage once it answers.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SIGN_IN = os.environ.get("RATELIMIT_SIGN_IN", "10 per minute")
    RATELIMIT_SIGN_UP = os.environ.get("RATELIMIT_SIGN_UP", "5 per minute")
    RATELIMIT_TOKENS = os.environ.get("RATELIMIT_TOKENS", "10 per minute")
    RATELIMIT_COMMENTS = os.environ.get("RATELIMIT_COMMENTS", "20 per minute")
    RATELIMIT_PLEDGES = os.environ.get("RATELIMIT_PLEDGES", "10 per minute")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _flag("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "SocialChallenge <no-reply@localhost>")
    # A mail server that cannot be reached is tried again, at most this many minutes apart, for this many days
    # after the first failure; a recipient the server refuses for good (5xx) fails the mail at once.
    MAIL_RETRY_MAX_MINUTES = 60
    MAIL_RETRY_DAYS = 5

    # The shared page cache of visitors' pages (socialchallenge/pagecache): "auto" uses Redis when CACHE_REDIS_URL
    # (or a Redis RATELIMIT_STORAGE_URI) is set, else this process's memory for the embedded default (SQLite, not
    # production), else off: several workers would each keep versions of their own. "redis", "memory", "off" force it.
    PAGE_CACHE = os.environ.get("PAGE_CACHE", "auto")
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL") or None
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "sc:pc:")
    PAGE_CACHE_MAX_AGE = _int("PAGE_CACHE_MAX_AGE", 3600)  # only to give memory back: versions keep pages fresh

    # The map's tile server (issue 16), e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png with its attribution; its
    # origin is added to the CSP's img-src. Empty: the map shows district markers on a plain background.
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
    MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()

    # The home page's counts and lists are kept this many seconds per process (0: computed on every request).
    HOME_CACHE_SECONDS = int(os.environ.get("HOME_CACHE_SECONDS", "60"))

    # Uploads (images and PDF documents): "local" keeps them in STORAGE_LOCAL_PATH (default instance/media), "s3" in
    # an S3-compatible bucket that several app servers share.
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local").strip().lower() or "local"
    STORAGE_LOCAL_PATH = os.environ.get("STORAGE_LOCAL_PATH") or None
    S3_BUCKET = os.environ.get("S3_BUCKET")
    S3_PREFIX = os.environ.get("S3_PREFIX", "")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    S3_REGION = os.environ.get("S3_REGION") or None
    # The largest request body: a 20 MB PDF and the rest of its form. Larger bodies get a clear 413, not a reset.
    MAX_CONTENT_LENGTH = 21 * 1024 * 1024

    PASSWORD_RESET_HOURS = 2
    API_TOKEN_DAYS = 90

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    HSTS = False
    PREFERRED_URL_SCHEME = "http"
    SERVER_NAME = os.environ.get("SERVER_NAME")


class DevelopmentConfig(Config):
    """Local work on SQLite with the sandbox payment provider and mail written to the log."""

    ENV_NAME = "development"
    # Development without SECRET_KEY gets a key made per process: sessions just don't survive restarts.
    SECRET_KEY = Config.SECRET_KEY or os.urandom(32).hex()
    # What you just posted shows on the home page at once while you work on the app.
    HOME_CACHE_SECONDS = int(os.environ.get("HOME_CACHE_SECONDS", "0"))


class TestingConfig(Config):
    """The test suite: CSRF stays on, rate limits on in memory, mail only to the outbox."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"
    RATELIMIT_STORAGE_URI = "memory://"
    PAYMENT_PROVIDER = "sandbox"
    MAIL_SERVER = None
    SERVER_NAME = None
    HOME_CACHE_SECONDS = 0  # tests that want the snapshot set it themselves
    PAGE_CACHE = "off"  # tests that want the page cache turn it on themselves
    CACHE_REDIS_URL = None


class ProductionConfig(Config):
    """Production: PostgreSQL, a real SECRET_KEY, secure cookies, never the sandbox provider."""

    ENV_NAME = "production"
    PAYMENT_PROVIDER = os.environ.get("PAYMENT_PROVIDER", "stripe")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def default_database_url(instance_path: str) -> str:
    """The SQLite file in the instance folder, used when DATABASE_URL is not set."""
    return f"sqlite:///{Path(instance_path) / 'socialchallenge.sqlite'}"


def database_url(instance_path: str) -> str:
    """The database URL from the environment, or a SQLite file in the instance folder."""
    return _database_url(default_database_url(instance_path))
