"""Configuration read from the environment (``MATCHMAKER_*``); secrets never live in git."""

import os
from datetime import timedelta
from pathlib import Path

#: The checkout: templates/, static/ and migrations/ sit here (DESIGN §12).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    #: None: MATCHMAKER_SECRET_KEY, else instance/secret_key (which `serve` writes if missing).
    SECRET_KEY = None
    #: None: MATCHMAKER_DATABASE_URL, else SQLite in the instance folder.
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("MATCHMAKER_SECURE_COOKIES")
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    #: Uploads (photos, rosters) are bounded here so a huge body is a 413, not a crash.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = 8 * 3600

    #: Login throttle (DESIGN §12): failures counted in the database within the window.
    LOGIN_WINDOW_SECONDS = _env_int("MATCHMAKER_LOGIN_WINDOW_SECONDS", 60)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = _env_int("MATCHMAKER_LOGIN_MAX_FAILURES_PER_ACCOUNT", 10)
    LOGIN_MAX_FAILURES_PER_ADDRESS = _env_int("MATCHMAKER_LOGIN_MAX_FAILURES_PER_ADDRESS", 30)
    #: Number of reverse proxies whose X-Forwarded-For is trusted (0: use the socket address).
    TRUSTED_PROXIES = _env_int("MATCHMAKER_TRUSTED_PROXIES", 0)

    #: argon2id cost; the defaults follow RFC 9106's second recommendation.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 4

    #: Micro-wishes (DESIGN §5): the largest estimated cost in whole yuan, and how many days
    #: a donor's claim holds before it lapses and the wish is published again.
    WISH_COST_CAP = _env_int("MATCHMAKER_WISH_COST_CAP", 1000)
    WISH_CLAIM_DAYS = _env_int("MATCHMAKER_WISH_CLAIM_DAYS", 14)

    SMTP_HOST = os.environ.get("MATCHMAKER_SMTP_HOST")
    SMTP_PORT = _env_int("MATCHMAKER_SMTP_PORT", 25)
    SMTP_USER = os.environ.get("MATCHMAKER_SMTP_USER")
    SMTP_PASSWORD = os.environ.get("MATCHMAKER_SMTP_PASSWORD")
    SMTP_SENDER = os.environ.get("MATCHMAKER_SMTP_SENDER", "matchmaker@localhost")
    SMTP_STARTTLS = _env_bool("MATCHMAKER_SMTP_STARTTLS")
    #: The site's public address, put before the links in notification e-mails.
    SITE_URL = os.environ.get("MATCHMAKER_SITE_URL", "")
    #: how to reach the people who run the site (a phone line and its hours, an office), shown
    #: in every page's footer and where only they can help (a donor's forgotten password)
    HELP_CONTACT = os.environ.get("MATCHMAKER_HELP_CONTACT", "").strip()

    SCHEDULER_ENABLED = _env_bool("MATCHMAKER_SCHEDULER", True)

    #: Days between supervision reviews of an active pairing (DESIGN §3 step 4).
    REVIEW_INTERVAL_DAYS = _env_int("MATCHMAKER_REVIEW_INTERVAL_DAYS", 30)
    #: Verified hours for 一星 … 五星 (the national star rating; some cities use lower ones).
    STAR_THRESHOLDS = os.environ.get("MATCHMAKER_STAR_THRESHOLDS", "100,300,600,1000,1500")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-" + os.urandom(8).hex()
    #: PostgreSQL when set; else None, i.e. SQLite in the (temporary) instance folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("MATCHMAKER_TEST_DATABASE_URL")
    SESSION_COOKIE_SECURE = False
    # Cheap hashing keeps the suite fast; production cost is in Config.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = 1
    SCHEDULER_ENABLED = False
