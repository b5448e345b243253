"""Configuration classes, chosen by the one environment variable ``MYSAY_ENV``."""

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs say postgres://; SQLAlchemy wants an explicit driver, and we ship psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


DEV_SECRET_KEY = "dev-only-not-secret"
# 32 characters of `python -c "import secrets; print(secrets.token_urlsafe(32))"` is 256 bits.
MIN_SECRET_KEY_LENGTH = 32


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'mysay.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled connection idle longer than this is checked before use (app/db_liveness.py).
    DATABASE_PING_AFTER_IDLE_SECONDS = float(
        os.environ.get("DATABASE_PING_AFTER_IDLE_SECONDS", "1")
    )
    # Children's answers are special-category data: cookies never travel in clear or to scripts.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = (
        None  # a child may leave a page open for hours; the session still binds it
    )
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    # A booklet page may carry a photo straight from a phone's camera (app/uploads.py); a picture
    # is kept only up to MAX_DRAWING_BYTES, and refused beside its question above that.
    MAX_DRAWING_BYTES = 20 * 1024 * 1024
    BOOKLET_PAGE_MAX_CONTENT_LENGTH = 24 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "en"
    # Reviews, links and sign-ins happen in England; show their times as people there read them.
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    BABEL_TRANSLATION_DIRECTORIES = str(INSTANCE_DIR.parent / "translations")
    # None: English and every language whose catalogue is complete for children (see
    # app/domain/translations); a list here offers exactly those.
    LANGUAGES: list[str] | None = None
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Long work (big imports, the pack's files) and scheduled work go to RQ workers on this Redis;
    # unset, they run at once in the process that asked (fine for one small council or a demo).
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # json: one JSON object per log line (production's default), for a log collector.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    RATELIMIT_HEADERS_ENABLED = True
    # How staff passwords are hashed (werkzeug.security); the hash names its method, so a change
    # here applies to passwords set from then on and every stored one still checks.
    PASSWORD_HASH_METHOD = "scrypt"
    # When Redis does not answer, sign-in and code entry neither fail with a 500 nor go
    # unlimited: each worker counts tries in its own memory (so N workers allow N times the
    # limit) and goes back to Redis as soon as it answers again. A hung Redis must not hold a
    # child's request, hence the short timeouts.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    # Behind a reverse proxy the client's address is in X-Forwarded-For; how many proxies to
    # trust for each header (werkzeug's ProxyFix). 0 trusts none, which is right without a proxy:
    # otherwise anyone could pick the address the rate limits count against.
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    PROXY_FIX_X_PROTO = int(os.environ.get("PROXY_FIX_X_PROTO", "0"))
    PROXY_FIX_X_HOST = int(os.environ.get("PROXY_FIX_X_HOST", "0"))
    PROXY_FIX_X_PORT = int(os.environ.get("PROXY_FIX_X_PORT", "0"))
    PROXY_FIX_X_PREFIX = int(os.environ.get("PROXY_FIX_X_PREFIX", "0"))
    # Where the QR code and letters point; the request's host is used when unset.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    # A booklet link stops working this many days after its review.
    INVITATION_DAYS_AFTER_REVIEW = int(os.environ.get("INVITATION_DAYS_AFTER_REVIEW", "14"))
    # An urgent alert nobody has acknowledged goes to the managers after this many hours
    # (managers can change it on the alert settings page, which wins over this default).
    ALERT_ESCALATION_HOURS = int(os.environ.get("ALERT_ESCALATION_HOURS", "4"))
    # The children's services duty number a child sees on "I need help now", e.g. 01234 567890.
    DUTY_PHONE = os.environ.get("DUTY_PHONE", "")
    # Reminders go out this many days before a review to booklets not yet sent back.
    REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "3"))
    # Staff sign-in: wrong passwords or codes in a row before the account locks until an admin
    # unlocks it; minutes without a request before a staff session ends; whether every account
    # must use two-step sign-in (always in production).
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
    TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "").lower() in {"1", "true", "yes"}
    # Keys for encryption at rest (app/domain/privacy/crypto.py), newest first; None reads them
    # from MYSAY_DATA_KEYS or MYSAY_DATA_KEY_FILE, or makes a development key in instance/.
    DATA_KEYS: list[str] | None = None
    # The council's retention rule: a child's record is deleted by ``privacy purge`` once they
    # reach this age (25 by default: a care leaver's services run to 25).
    RETENTION_AGE_YEARS = int(os.environ.get("RETENTION_AGE_YEARS", "25"))
    # ``outbox purge`` deletes the record of messages older than this (see app/domain/privacy).
    OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", "30"))
    # Delivery (app/domain/delivery.py) reads NOTIFY_API_KEY, NOTIFY_EMAIL_TEMPLATE_ID,
    # NOTIFY_SMS_TEMPLATE_ID, SMTP_HOST, SMTP_PORT, SMTP_STARTTLS, SMTP_USERNAME, SMTP_PASSWORD and
    # MAIL_FROM from the environment; with none set, messages stay in the outbox table.


class DevelopmentConfig(Config):
    DEBUG = False  # the Werkzeug debugger would show a stack trace; we never want that, even here


class TestConfig(Config):
    ENV_NAME = "test"
    REDIS_URL = ""  # jobs run at once unless a test gives its own Redis
    TESTING = True
    # A fixed key, so that tests never write one into instance/.
    DATA_KEYS = ["dGVzdC1vbmx5LWRhdGEta2V5LW5ldmVyLWluLXVzZSE="]
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    # One round instead of scrypt's deliberate slowness: every test user and sign-in hashes a
    # password, and there is nothing to protect in a test database. Never in another config.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"


class ProductionConfig(Config):
    ENV_NAME = "production"
    TWO_FACTOR_REQUIRED = True
    # Counts shared by every worker: in memory, each gunicorn worker would allow its own tries.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    name = os.environ.get("MYSAY_ENV", "development").lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise UnsafeConfig(
            f"MYSAY_ENV={name!r} is not known; use one of {', '.join(CONFIGS)}"
        ) from None


class UnsafeConfig(RuntimeError):
    """The app was asked to start with a setting that would expose children or that it cannot
    use (a data key file that is missing, for one). The message is a sentence for whoever
    starts it: wsgi.py shows it alone, without a traceback."""


# How to make a data key, in every message about one (app/domain/privacy/crypto.py too).
MAKE_A_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def check_production(config) -> None:
    """Refuse to start in production with a secret anyone could read in the source.

    With the development SECRET_KEY anyone can sign a manager's or a child's session cookie.
    """
    if config.get("ENV_NAME") != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if not key or key == DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        raise UnsafeConfig(
            "MYSAY_ENV=production needs SECRET_KEY set to a long random value (at least "
            f"{MIN_SECRET_KEY_LENGTH} characters), for example the output of "
            '`python -c "import secrets; print(secrets.token_urlsafe(32))"`. '
            "It is unset, the development value or too short, so My Say will not start."
        )
    if not config.get("DATA_KEYS"):
        raise UnsafeConfig(
            "MYSAY_ENV=production needs the keys that encrypt children's answers and names: set "
            f"MYSAY_DATA_KEYS (or MYSAY_DATA_KEY_FILE) to a key from `{MAKE_A_KEY}`, kept "
            "outside the database and its backups."
        )
    if not str(config.get("RATELIMIT_STORAGE_URI", "")).startswith(("redis://", "rediss://")):
        raise UnsafeConfig(
            "MYSAY_ENV=production needs RATELIMIT_STORAGE_URI to name Redis (redis://HOST:6379/0):"
            " counted in memory, every worker would allow its own guesses at codes and passwords."
        )


def is_production(config) -> bool:
    return config.get("ENV_NAME") == "production"
