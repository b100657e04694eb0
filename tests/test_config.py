"""Configuration: production refuses unsafe settings; the environment variables are read."""

import pytest

import config
from socialchallenge import create_app


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", {"PAYMENT_PROVIDER": "stripe"})


def test_production_refuses_the_sandbox_payment_provider(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "x" * 32)
    with pytest.raises(RuntimeError, match="sandbox"):
        create_app("production", {"PAYMENT_PROVIDER": "sandbox"})


def test_production_starts_with_a_secret_key_and_stripe(monkeypatch, tmp_path):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "x" * 32)
    app = create_app("production", {"PAYMENT_PROVIDER": "stripe",
                                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_unknown_payment_provider_is_refused():
    with pytest.raises(RuntimeError, match="PAYMENT_PROVIDER"):
        create_app("testing", {"PAYMENT_PROVIDER": "paypal"})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ],
)
def test_database_url_uses_psycopg3(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert config.database_url("/instance") == expected


def test_database_url_defaults_to_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url("/srv/instance") == "sqlite:////srv/instance/socialchallenge.sqlite"


@pytest.mark.parametrize(
    ("value", "expected"), [("0", False), ("off", False), ("false", False), ("1", True), ("", True)]
)
def test_ratelimit_enabled_flag(monkeypatch, value, expected):
    monkeypatch.setenv("RATELIMIT_ENABLED", value)
    assert config._flag("RATELIMIT_ENABLED", True) is expected


def test_proxy_fix_x_for_is_read_as_a_count_of_trusted_proxies(monkeypatch):
    monkeypatch.setenv("PROXY_FIX_X_FOR", "2")
    assert config._int("PROXY_FIX_X_FOR", 0) == 2
    monkeypatch.setenv("PROXY_FIX_X_FOR", "one")
    with pytest.raises(RuntimeError, match="PROXY_FIX_X_FOR"):
        config._int("PROXY_FIX_X_FOR", 0)
    with pytest.raises(RuntimeError, match="PROXY_FIX_X_FOR"):
        create_app("testing", {"PROXY_FIX_X_FOR": -1})
    assert create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["PROXY_FIX_X_FOR"] == 0
