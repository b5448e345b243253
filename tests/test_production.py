"""Issue 11, gap 1: production never starts with a secret anyone could read in the source."""

import pytest
from cryptography.fernet import Fernet

from app import create_app
from app.config import DEV_SECRET_KEY, ProductionConfig, UnsafeConfig

STRONG = "k" * 16 + "Qz8-3nV_pL0sXc2R9tYw"


@pytest.mark.parametrize("key", [None, "", DEV_SECRET_KEY, "short-but-set"])
def test_production_refuses_to_start_without_a_strong_secret(monkeypatch, key):
    monkeypatch.setenv("MYSAY_ENV", "production")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", key)
    with pytest.raises(UnsafeConfig, match="SECRET_KEY"):
        create_app()


def test_production_starts_with_a_long_random_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("MYSAY_ENV", "production")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", STRONG)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/p.db")
    monkeypatch.setenv("MYSAY_DATA_KEYS", Fernet.generate_key().decode())
    app = create_app()
    assert app.config["SECRET_KEY"] == STRONG
    # Production always asks staff for a second step, and counts tries in Redis.
    assert app.config["TWO_FACTOR_REQUIRED"] and app.config["RATELIMIT_STORAGE_URI"].startswith(
        "redis://"
    )


def test_demo_refuses_in_production(app):
    app.config["ENV_NAME"] = "production"
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "not loaded in production" in result.output
