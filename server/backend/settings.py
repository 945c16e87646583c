"""Settings of the reference backend. Every environment variable is read here, once, with its default."""
import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from backend import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent  # server/


def env_flag(name: str) -> bool:
    return os.environ.get(name, "") == "1"


# The port the launcher (launch.mjs) binds; Django itself does not use it.
PORT = int(os.environ.get("PORT", "8000"))

# SQLite file; its folder also holds the generated secret key.
SERVER_DB = Path(os.environ.get("SERVER_DB") or BASE_DIR / ".data" / "db.sqlite3").resolve()
# `manage.py prepare` deletes the database first when set (never done at import).
SERVER_FRESH = env_flag("SERVER_FRESH")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secret_key.load_or_create(SERVER_DB.parent / "secret_key")
DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = [
    host.strip() for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",  # listed for its templates and zh_Hans translations
    "rest_framework_simplejwt",  # likewise
    "rest_framework_simplejwt.token_blacklist",
    "accounts",
    "orders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "backend.urls"
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

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(SERVER_DB)}}
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
USE_I18N = True
USE_L10N = True
TIME_ZONE = "UTC"
USE_TZ = True

REST_FRAMEWORK = {
    # simplejwt's JWTAuthentication, also refusing tokens of an older token version (accounts/authentication.py).
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.VersionedJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "orders.pagination.PageSizePagination",
    "PAGE_SIZE": 10,
    # DRF's default renderers stay (JSON and the browsable API): with two of them DRF sends `Vary: Accept`,
    # as the server the contract was measured on did.
}

# Which simplejwt tokens: "pair" (access + refresh, the default) or "sliding" (one token slid until refresh_exp).
DIALECT = os.environ.get("DIALECT", "pair")
if DIALECT not in ("pair", "sliding"):
    raise ValueError(f"DIALECT must be 'pair' or 'sliding', not {DIALECT!r}")
ROTATE = env_flag("ROTATE")
SIMPLE_JWT = {
    "AUTH_HEADER_TYPES": ("JWT", "Bearer"),
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=int(os.environ.get("ACCESS_SECONDS", "300"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=int(os.environ.get("REFRESH_SECONDS", "86400"))),
    "ROTATE_REFRESH_TOKENS": ROTATE,
    "BLACKLIST_AFTER_ROTATION": ROTATE,
    # Tokens carry the user's token version ("token_version"); a password change or "log out everywhere" bumps it.
    "TOKEN_OBTAIN_SERIALIZER": "accounts.serializers.VersionedTokenObtainPairSerializer",
    # Closes a race in simplejwt's rotation (of two parallel refreshes with one token, only one wins), refuses a
    # refresh token of an old version as blacklisted and records a rotated one as outstanding.
    "TOKEN_REFRESH_SERIALIZER": "accounts.serializers.SingleUseTokenRefreshSerializer",
    "TOKEN_BLACKLIST_SERIALIZER": "accounts.serializers.VersionedTokenBlacklistSerializer",
    "TOKEN_VERIFY_SERIALIZER": "accounts.serializers.VersionedTokenVerifySerializer",
}
if DIALECT == "sliding":
    # The same two lifetimes: the token's (exp) and the window it can be slid in (refresh_exp).
    SIMPLE_JWT.update(
        {
            "AUTH_TOKEN_CLASSES": ("rest_framework_simplejwt.tokens.SlidingToken",),
            "SLIDING_TOKEN_LIFETIME": SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"],
            "SLIDING_TOKEN_REFRESH_LIFETIME": SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"],
        }
    )
    ROOT_URLCONF = "backend.urls_sliding"
