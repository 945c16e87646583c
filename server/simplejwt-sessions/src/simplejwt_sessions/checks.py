"""System checks (manage.py check, runserver, migrate): wrong SIMPLEJWT_SESSIONS, a missing simplejwt blacklist app,
and SQLite transactions that let parallel writers fail with "database is locked"."""

import ipaddress
from datetime import timedelta

import django
from django.conf import settings
from django.core import checks

from simplejwt_sessions.settings import (
    DEFAULTS,
    LEGACY_CHOICES,
    SAMESITE_CHOICES,
    SETTING,
    TRANSPORT_CHOICES,
)

DURATIONS = ("SESSION_LIFETIME", "GRACE_WINDOW", "LOGIN_COOLOFF", "LOGIN_COOLOFF_MAX", "LOGIN_FORGET")
COUNTS = ("LOGIN_FAILURE_LIMIT", "LOGIN_ADDRESS_FAILURE_LIMIT")
IMMEDIATE_ENGINE = "simplejwt_sessions.db.backends.sqlite3"


def _error(message: str, hint: str, number: int) -> checks.Error:
    return checks.Error(message, hint=hint, obj=SETTING, id=f"simplejwt_sessions.E{number:03d}")


@checks.register(checks.Tags.security)
def check_settings(app_configs=None, **kwargs):
    user = getattr(settings, SETTING, {})
    if not isinstance(user, dict):
        return [
            _error(
                f"{SETTING} must be a dict, not {type(user).__name__}.", "See the README's settings table.", 1
            )
        ]
    errors = []
    for key in sorted(set(user) - set(DEFAULTS)):
        errors.append(
            _error(f"{SETTING} has an unknown key {key!r}.", f"Known keys: {', '.join(DEFAULTS)}.", 1)
        )
    for key in DURATIONS:
        value = user.get(key, DEFAULTS[key])
        if not isinstance(value, timedelta) or value < timedelta(0):
            errors.append(
                _error(
                    f"{SETTING}[{key!r}] must be a timedelta of 0 or more.", "e.g. timedelta(seconds=30)", 2
                )
            )
    if isinstance(user.get("SESSION_LIFETIME"), timedelta) and user["SESSION_LIFETIME"] <= timedelta(0):
        errors.append(
            _error(f"{SETTING}['SESSION_LIFETIME'] must be longer than 0.", "e.g. timedelta(days=30)", 2)
        )
    for key in COUNTS:
        value = user.get(key, DEFAULTS[key])
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors.append(_error(f"{SETTING}[{key!r}] must be an int of 0 (off) or more.", "e.g. 10", 2))
    if user.get("LEGACY_REFRESH_TOKENS", "adopt") not in LEGACY_CHOICES:
        errors.append(_error(f"{SETTING}['LEGACY_REFRESH_TOKENS'] must be one of {LEGACY_CHOICES}.", "", 2))
    proxies = user.get("TRUSTED_PROXIES", [])
    if not isinstance(proxies, (list, tuple)) or not all(_is_network(proxy) for proxy in proxies):
        errors.append(
            _error(f"{SETTING}['TRUSTED_PROXIES'] must be a list of IPs or CIDRs.", "e.g. ['10.0.0.0/8']", 2)
        )
    header = user.get("CLIENT_ADDRESS_HEADER", DEFAULTS["CLIENT_ADDRESS_HEADER"])
    if not isinstance(header, str) or not header:
        errors.append(
            _error(f"{SETTING}['CLIENT_ADDRESS_HEADER'] must be a header name.", "e.g. 'X-Real-IP'", 2)
        )
    return errors + _cookie_errors(user)


def _cookie_errors(user: dict) -> list:
    """The refresh cookie's settings: each of the right type, and none a browser would drop the cookie for."""
    value = {key: user.get(key, DEFAULTS[key]) for key in DEFAULTS}
    errors = []
    if value["REFRESH_TOKEN_TRANSPORT"] not in TRANSPORT_CHOICES:
        errors.append(
            _error(f"{SETTING}['REFRESH_TOKEN_TRANSPORT'] must be one of {TRANSPORT_CHOICES}.", "", 2)
        )
    if value["REFRESH_COOKIE_SAMESITE"] not in SAMESITE_CHOICES:
        errors.append(
            _error(f"{SETTING}['REFRESH_COOKIE_SAMESITE'] must be one of {SAMESITE_CHOICES}.", "", 2)
        )
    name, path, secure = (
        value[key] for key in ("REFRESH_COOKIE_NAME", "REFRESH_COOKIE_PATH", "REFRESH_COOKIE_SECURE")
    )
    if not isinstance(name, str) or not name:
        errors.append(
            _error(f"{SETTING}['REFRESH_COOKIE_NAME'] must be a cookie name.", "e.g. '__Host-refresh'", 2)
        )
    if not isinstance(path, str) or not path.startswith("/"):
        errors.append(_error(f"{SETTING}['REFRESH_COOKIE_PATH'] must be a path from '/'.", "e.g. '/'", 2))
    if not isinstance(secure, bool):
        errors.append(_error(f"{SETTING}['REFRESH_COOKIE_SECURE'] must be True or False.", "", 2))
    header = value["CSRF_HEADER"]
    if not isinstance(header, str) or not header:
        errors.append(
            _error(f"{SETTING}['CSRF_HEADER'] must be a header name.", "e.g. 'X-Requested-With'", 2)
        )
    # RFC 6265bis (4.1.3): browsers drop a cookie whose name's prefix its attributes don't honour.
    if isinstance(name, str) and name.startswith("__Host-") and (path != "/" or secure is not True):
        errors.append(
            _error(
                f"{SETTING}['REFRESH_COOKIE_NAME'] {name!r} needs REFRESH_COOKIE_PATH '/' and REFRESH_COOKIE_SECURE "
                "True: browsers drop a __Host- cookie otherwise.",
                "Keep Path '/' and Secure, or choose a name without the prefix.",
                4,
            )
        )
    if isinstance(name, str) and name.startswith("__Secure-") and secure is not True:
        errors.append(
            _error(
                f"{SETTING}['REFRESH_COOKIE_NAME'] {name!r} needs REFRESH_COOKIE_SECURE True: browsers drop a "
                "__Secure- cookie otherwise.",
                "Keep Secure, or choose a name without the prefix.",
                4,
            )
        )
    if value["REFRESH_COOKIE_SAMESITE"] == "None" and secure is not True:
        errors.append(
            _error(
                f"{SETTING}['REFRESH_COOKIE_SAMESITE'] 'None' needs REFRESH_COOKIE_SECURE True: browsers drop a "
                "SameSite=None cookie otherwise.",
                "Keep Secure (and prefer 'Strict').",
                4,
            )
        )
    return errors


def _is_network(value) -> bool:
    try:
        ipaddress.ip_network(value, strict=False)
    except (TypeError, ValueError):
        return False
    return True


@checks.register()
def check_blacklist_app(app_configs=None, **kwargs):
    if "rest_framework_simplejwt.token_blacklist" in settings.INSTALLED_APPS:
        return []
    return [
        checks.Error(
            "simplejwt_sessions keeps simplejwt's blacklist in step with its sessions, which needs its app.",
            hint="Add 'rest_framework_simplejwt.token_blacklist' to INSTALLED_APPS.",
            id="simplejwt_sessions.E003",
        )
    ]


@checks.register(checks.Tags.database)
def check_sqlite_transactions(app_configs=None, **kwargs):
    """A deferred SQLite transaction that reads, then writes (a refresh, a login counted by the lockout) fails at once
    with "database is locked" when another process wrote meanwhile; an IMMEDIATE one waits its turn."""
    return sqlite_warnings(settings.DATABASES)


def sqlite_warnings(databases: dict) -> list:
    warnings = []
    for alias, database in databases.items():
        engine = database.get("ENGINE", "")
        if engine != "django.db.backends.sqlite3":
            continue
        if django.VERSION >= (5, 1):
            if database.get("OPTIONS", {}).get("transaction_mode") == "IMMEDIATE":
                continue
            hint = f'DATABASES["{alias}"]["OPTIONS"] = {{"transaction_mode": "IMMEDIATE"}}'
        else:
            hint = f'DATABASES["{alias}"]["ENGINE"] = "{IMMEDIATE_ENGINE}" (Django {django.get_version()} lacks transaction_mode)'
        warnings.append(
            checks.Warning(
                f"SQLite database {alias!r} begins transactions DEFERRED: parallel refreshes and logins from several "
                "processes can fail with 'database is locked' (a 500).",
                hint=hint,
                id="simplejwt_sessions.W001",
            )
        )
    return warnings
