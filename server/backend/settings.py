"""Settings of the reference backend. Every environment variable is read here, once, with its default.

Two environments run it (server/python-env.mjs): Django 5.2 with simplejwt for the pair and sliding dialects, and
Django 3.2 with djangorestframework-jwt for DIALECT=drf-jwt (a server of the seeds' time)."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import django
from django.utils.translation import gettext_lazy as _

from backend import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent  # server/


def env_flag(name: str) -> bool:
    return os.environ.get(name, "") == "1"


# The port the launcher (launch.mjs) binds; Django itself does not use it.
PORT = int(os.environ.get("PORT", "8000"))

# SQLite file (unless DATABASE_URL names another database); its folder also holds the generated secret key.
SERVER_DB = Path(os.environ.get("SERVER_DB") or BASE_DIR / ".data" / "db.sqlite3").resolve()
# `manage.py prepare` starts from an empty database when set (never done at import): it deletes the SQLite file, or
# drops and recreates the schema `public` of DATABASE_URL's PostgreSQL database.
SERVER_FRESH = env_flag("SERVER_FRESH")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secret_key.load_or_create(SERVER_DB.parent / "secret_key")
DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = [
    host.strip() for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
]

# Which server: simplejwt's token pairs ("pair", the default) or sliding tokens ("sliding"), or
# djangorestframework-jwt ("drf-jwt", in its own environment: Django 3.2, PyJWT 1.7).
DIALECT = os.environ.get("DIALECT", "pair")
if DIALECT not in ("pair", "sliding", "drf-jwt"):
    raise ValueError(f"DIALECT must be 'pair', 'sliding' or 'drf-jwt', not {DIALECT!r}")
SIMPLEJWT = DIALECT != "drf-jwt"
# Where the pair dialect's refresh token travels: "body" (the default, the JSON answers) or "cookie" (an httpOnly
# cookie __Host-refresh, the token endpoints behind a CSRF check: server/simplejwt-sessions/README.md). Sliding and
# drf-jwt have no refresh token to hide.
REFRESH_TRANSPORT = os.environ.get("REFRESH_TRANSPORT", "body")
if REFRESH_TRANSPORT not in ("body", "cookie"):
    raise ValueError(f"REFRESH_TRANSPORT must be 'body' or 'cookie', not {REFRESH_TRANSPORT!r}")
if REFRESH_TRANSPORT == "cookie" and DIALECT != "pair":
    raise ValueError(
        f"REFRESH_TRANSPORT=cookie needs DIALECT=pair (not {DIALECT!r}): only pairs have a refresh token"
    )

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",  # listed for its templates and zh_Hans translations
    *(["rest_framework_simplejwt", "rest_framework_simplejwt.token_blacklist"] if SIMPLEJWT else []),
    "drf_spectacular",  # the OpenAPI 3 schema (backend/schema.py, GET /api/schema/)
    # The sessions, the token versions and the login lockout: the pip package server/simplejwt-sessions (its
    # SIMPLEJWT_SESSIONS below). The drf-jwt server uses its lockout only.
    "simplejwt_sessions",
    "accounts",  # the demo's glue: GET /api/me/, the sliding and drf-jwt dialects
    "orders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "backend.urls"
# Django's ModelBackend behind the login lockout (simplejwt_sessions/lockout.py): every password check that names an account
# (the token endpoints of every dialect; the password change calls the lockout itself) is counted per address.
AUTHENTICATION_BACKENDS = ["simplejwt_sessions.lockout.LockoutModelBackend"]
# Only for DRF's browsable API (a browser opening an API URL); its CSS/JS under STATIC_URL are not served.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
STATIC_URL = "/static/"
WSGI_APPLICATION = "backend.wsgi.application"
TEST_RUNNER = "backend.test_runner.FastHasherRunner"

# Another database than the SQLite file, e.g. postgres://user:password@host:5432/name (PostgreSQL, for several app
# servers sharing one database); unset: SQLite at SERVER_DB.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# Seconds an app server process keeps its database connection between requests (Django's CONN_MAX_AGE; 0 opens one
# per request). A PostgreSQL connection costs a server process and an authentication; a SQLite one, Django's set-up
# of it (npm run bench:load: ~10% of an order list's CPU under gunicorn). runserver closes its per-request ones anyway.
DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))

if DATABASE_URL:
    import dj_database_url  # in the server's environment only (not in the drf-jwt one, which runs on SQLite)

    # Health checks: a kept connection that the database closed meanwhile (a restart, a failover) is replaced before
    # the request uses it, instead of failing that request.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=DATABASE_CONN_MAX_AGE > 0
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SERVER_DB),
            "CONN_MAX_AGE": DATABASE_CONN_MAX_AGE,
        }
    }
    # The test database is a file, not SQLite's in-memory one, so tests can make parallel requests from threads, each
    # with its own connection, as processes would.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"vue-jwt-drf-test-{os.getpid()}.sqlite3")
    }
    # A transaction takes SQLite's write lock when it begins, so one that reads then writes waits its turn instead
    # of failing with "database is locked" when another process wrote meanwhile (parallel logins on gunicorn).
    if django.VERSION >= (5, 1):
        DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}
    else:  # Django's backend with BEGIN IMMEDIATE (the drf-jwt environment's Django 3.2), shipped by the package
        DATABASES["default"]["ENGINE"] = "simplejwt_sessions.db.backends.sqlite3"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# Django's four defaults (startproject's list): POST /api/me/password/ checks a new password with them.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
# The project's own translations (before Django's and the apps'): what their zh_Hans catalogs leave in English.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
if django.VERSION < (4, 0):
    USE_L10N = True  # Django 3.2's default was False; 4.0 made True the only behaviour

REST_FRAMEWORK = {
    # simplejwt's JWTAuthentication, also refusing a token whose session ended or of an older token version
    # (simplejwt_sessions/authentication.py): one query per request.
    "DEFAULT_AUTHENTICATION_CLASSES": ["simplejwt_sessions.authentication.SessionJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "orders.pagination.PageSizePagination",
    "PAGE_SIZE": 10,
    # drf-spectacular's, adding each operation's error answers (backend/schema.py).
    "DEFAULT_SCHEMA_CLASS": "backend.schema.AutoSchema",
    # Hostile input is a 4xx in JSON, never a 500 (issue 23): DRF's JSON parser also refusing JSON nested too deep
    # for Python (a ParseError, 400), and DRF's exception handler also answering Django's refusals of a body too
    # large (413) or with too many fields (400) in JSON. See backend/parsers.py and backend/exceptions.py.
    "DEFAULT_PARSER_CLASSES": [
        "backend.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "backend.exceptions.exception_handler",
    # DRF's default renderers stay (JSON and the browsable API): with two of them DRF sends `Vary: Accept`,
    # as the server the contract was measured on did.
}

ACCESS_SECONDS = int(os.environ.get("ACCESS_SECONDS", "300"))
REFRESH_SECONDS = int(os.environ.get("REFRESH_SECONDS", "86400"))
# Rotation (each refresh spends its refresh token) is on unless ROTATE=0, which keeps simplejwt's stock refresh.
ROTATE = os.environ.get("ROTATE", "1") != "0"
# A just-spent refresh token, presented again this soon, gets the same successor (a lost answer, retried); 0 = never.
REFRESH_GRACE_SECONDS = int(os.environ.get("REFRESH_GRACE_SECONDS", "30"))
# A session's absolute end, from its login: no token of it outlives this, however often it is refreshed.
SESSION_MAX_SECONDS = int(os.environ.get("SESSION_MAX_SECONDS", str(30 * 24 * 3600)))
SIMPLE_JWT = {
    "AUTH_HEADER_TYPES": ("JWT", "Bearer"),
    # simplejwt's AccessToken with its claims validated before use (simplejwt_sessions/claims.py): a correctly signed
    # token whose user_id, exp, jti... has the wrong type or size is refused like a forged one, not a 500.
    "AUTH_TOKEN_CLASSES": ("simplejwt_sessions.tokens.AccessToken",),
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=ACCESS_SECONDS),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=REFRESH_SECONDS),
    "ROTATE_REFRESH_TOKENS": ROTATE,
    "BLACKLIST_AFTER_ROTATION": ROTATE,
    # The token endpoints are the package's (include("simplejwt_sessions.urls"), simplejwt's views on its
    # serializers): a login starts a session whose tokens carry "sid" and the user's "token_version"; refresh and
    # logout act on the session (rotation consumed once, a grace window, reuse ends the session).
}
if DIALECT == "sliding":
    # The same two lifetimes: the token's (exp) and the window it can be slid in (refresh_exp).
    SIMPLE_JWT.update(
        {
            "AUTH_TOKEN_CLASSES": (
                "simplejwt_sessions.tokens.SlidingToken",
            ),  # simplejwt's, claims validated
            "SLIDING_TOKEN_REFRESH_SERIALIZER": "accounts.sliding.ValidatedTokenRefreshSlidingSerializer",
            # Sliding tokens carry the token version too: revocation covers them, and a login after it works.
            "SLIDING_TOKEN_OBTAIN_SERIALIZER": "accounts.sliding.VersionedTokenObtainSlidingSerializer",
            "SLIDING_TOKEN_LIFETIME": SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"],
            "SLIDING_TOKEN_REFRESH_LIFETIME": SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"],
        }
    )
    ROOT_URLCONF = "backend.urls_sliding"
if DIALECT == "drf-jwt":
    # djangorestframework-jwt as api-contract-drf-jwt.md measured it: its authentication first (and only), a token
    # of ACCESS_SECONDS refreshable until its orig_iat + REFRESH_SECONDS, the prefix JWT.
    REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
        "rest_framework_jwt.authentication.JSONWebTokenAuthentication"
    ]
    JWT_AUTH = {
        "JWT_ALLOW_REFRESH": True,
        "JWT_EXPIRATION_DELTA": timedelta(seconds=ACCESS_SECONDS),
        "JWT_REFRESH_EXPIRATION_DELTA": timedelta(seconds=REFRESH_SECONDS),
        "JWT_AUTH_HEADER_PREFIX": "JWT",
        # drf-jwt's decode, a claim of the wrong type or size refused as "Error decoding signature." (no 500).
        "JWT_DECODE_HANDLER": "accounts.drf_jwt.jwt_decode_handler",
    }
    ROOT_URLCONF = "backend.urls_drf_jwt"
    # Only the package's lockout serves drf-jwt: simplejwt (and its blacklist app) is not in this environment.
    SILENCED_SYSTEM_CHECKS = ["simplejwt_sessions.E003"]

# The package's settings (server/simplejwt-sessions/README.md), from the demo's environment variables.
# The login lockout: failed logins in a row for one (address, username), and failed logins from one address over any
# usernames (credential stuffing), before the pair or the address is refused (429) for a cool-off that doubles with
# each repeated lockout, up to its maximum; a key untouched for LOGIN_FORGET_SECONDS starts afresh. 0 turns a limit off.
# The client's address is REMOTE_ADDR, unless that is one of TRUSTED_PROXIES (IPs or CIDRs, comma-separated), whose
# CLIENT_ADDRESS_HEADER is then believed (nginx: proxy_set_header X-Real-IP $remote_addr). X-Forwarded-For never is:
# its leftmost entries are whatever the client wrote. `npm run stack` sets 127.0.0.1 (its nginx).
SIMPLEJWT_SESSIONS = {
    "SESSION_LIFETIME": timedelta(seconds=SESSION_MAX_SECONDS),
    "GRACE_WINDOW": timedelta(seconds=REFRESH_GRACE_SECONDS),
    # The mock (the reference) keeps stock simplejwt's refresh for a refresh token without a session.
    "LEGACY_REFRESH_TOKENS": "simplejwt",
    "LOGIN_FAILURE_LIMIT": int(os.environ.get("LOGIN_FAILURE_LIMIT", "10")),
    "LOGIN_ADDRESS_FAILURE_LIMIT": int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "30")),
    "LOGIN_COOLOFF": timedelta(seconds=int(os.environ.get("LOGIN_COOLOFF_SECONDS", "60"))),
    "LOGIN_COOLOFF_MAX": timedelta(seconds=int(os.environ.get("LOGIN_COOLOFF_MAX_SECONDS", "3600"))),
    "LOGIN_FORGET": timedelta(seconds=int(os.environ.get("LOGIN_FORGET_SECONDS", str(24 * 3600)))),
    "TRUSTED_PROXIES": [
        entry.strip() for entry in os.environ.get("TRUSTED_PROXIES", "").split(",") if entry.strip()
    ],
    "CLIENT_ADDRESS_HEADER": os.environ.get("CLIENT_ADDRESS_HEADER", "X-Real-IP"),
    "REFRESH_TOKEN_TRANSPORT": REFRESH_TRANSPORT,
}
# The OpenAPI schema (drf-spectacular): GET /api/schema/ (YAML; ?format=json for JSON) needs no login. The committed
# copies are server/schema/<dialect>.yaml (backend.test_schema fails when they differ from the code's).
SPECTACULAR_SETTINGS = {
    "TITLE": f"vue-jwt-drf API ({DIALECT} dialect)",
    "DESCRIPTION": "The reference Django server of the Vue app; every error body is JSON.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,  # /api/schema/ is not an endpoint of the API
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # Separate request and response components (OrderRequest, Order): what the client sends is not what it gets.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"TooManyAttemptsCodeEnum": ["too_many_attempts"]},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "backend.schema.answers_have_every_field",
    ],
}

# simplejwt_sessions.security: every session that ends, and why (a replayed refresh token as a warning). Ids, never tokens.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "simplejwt_sessions.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A 500's traceback on stderr (Django's default sends it only to ADMINS by mail when DEBUG is off).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
