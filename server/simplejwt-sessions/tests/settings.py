"""The package's test settings: the README's quick start on startproject's minimum, SQLite (a file, so threads write
in parallel) or PostgreSQL (DATABASE_URL=postgres://user@host:port/name)."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import django

SECRET_KEY = "simplejwt-sessions-tests-" + "x" * 32
USE_TZ = True
ROOT_URLCONF = "tests.urls"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "simplejwt_sessions",
]
MIDDLEWARE = ["django.middleware.locale.LocaleMiddleware"]
LANGUAGES = [("en", "English"), ("zh-hans", "Simplified Chinese")]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["simplejwt_sessions.authentication.SessionJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SIMPLE_JWT = {"ROTATE_REFRESH_TOKENS": True, "BLACKLIST_AFTER_ROTATION": True}
# The security log's warnings (a lockout, a reused token) are asserted where they matter, not printed.
LOGGING = {
    "version": 1,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "loggers": {"simplejwt_sessions.security": {"handlers": ["null"], "propagate": False}},
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    url = urlsplit(DATABASE_URL)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": url.path.lstrip("/"),
            "USER": url.username or "",
            "PASSWORD": url.password or "",
            "HOST": url.hostname or "",
            "PORT": str(url.port or ""),
        }
    }
else:
    test_file = str(Path(tempfile.gettempdir()) / f"simplejwt-sessions-test-{os.getpid()}.sqlite3")
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": test_file, "TEST": {"NAME": test_file}}
    }
    # What the system check W001 asks for: IMMEDIATE transactions, by Django's option or by the package's engine
    # (SQLITE_DEFERRED=1 leaves them deferred: test_parallel then fails with "database is locked").
    if os.environ.get("SQLITE_DEFERRED") == "1":
        pass
    elif django.VERSION >= (5, 1):
        DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}
    else:
        DATABASES["default"]["ENGINE"] = "simplejwt_sessions.db.backends.sqlite3"
