"""The app's settings: one dict, SIMPLEJWT_SESSIONS, read as simplejwt reads SIMPLE_JWT (DRF's APISettings, reloaded
when a test overrides it). Every key is optional; the defaults are below, documented in the README's settings table.
simplejwt's own settings (lifetimes, ROTATE_REFRESH_TOKENS, claims, USER_AUTHENTICATION_RULE...) stay in SIMPLE_JWT."""

from datetime import timedelta

from django.conf import settings
from django.core.signals import setting_changed
from rest_framework.settings import APISettings

SETTING = "SIMPLEJWT_SESSIONS"

DEFAULTS = {
    # A session's absolute end, from its login: no token of it outlives it, however often it is refreshed.
    "SESSION_LIFETIME": timedelta(days=30),
    # A just-spent refresh token, presented again this soon, gets the same successor (a lost answer, retried);
    # timedelta(0) turns the window off.
    "GRACE_WINDOW": timedelta(seconds=30),
    # A refresh token issued before the app was installed (no "sid" claim): "adopt" starts a session for it at its
    # first refresh (the user stays logged in and the device appears in "Your devices"); "simplejwt" keeps stock
    # simplejwt's refresh for it (single-use, version-checked) until it expires; "refuse" answers it as blacklisted.
    "LEGACY_REFRESH_TOKENS": "adopt",
    # The login lockout: failures in a row for one (address, username), failures from one address over any
    # usernames, the first cool-off (doubling with each repeated lockout up to LOGIN_COOLOFF_MAX), and how long an
    # untouched key is remembered. 0 turns a limit off.
    "LOGIN_FAILURE_LIMIT": 10,
    "LOGIN_ADDRESS_FAILURE_LIMIT": 30,
    "LOGIN_COOLOFF": timedelta(seconds=60),
    "LOGIN_COOLOFF_MAX": timedelta(hours=1),
    "LOGIN_FORGET": timedelta(days=1),
    # The client's address is REMOTE_ADDR unless that is one of these proxies (IPs or CIDRs), whose
    # CLIENT_ADDRESS_HEADER is then believed. X-Forwarded-For never is.
    "TRUSTED_PROXIES": [],
    "CLIENT_ADDRESS_HEADER": "X-Real-IP",
    # Where the pair dialect's refresh token travels: "body" (the JSON of token/, token/refresh/, token/blacklist/)
    # or "cookie" (an httpOnly cookie the JavaScript never sees; the answers carry the access token only).
    "REFRESH_TOKEN_TRANSPORT": "body",
    # The cookie of "cookie" mode. "__Host-" makes the browser insist on Secure, Path=/ and no Domain.
    "REFRESH_COOKIE_NAME": "__Host-refresh",
    "REFRESH_COOKIE_PATH": "/",
    "REFRESH_COOKIE_SECURE": True,
    "REFRESH_COOKIE_SAMESITE": "Strict",
    # "cookie" mode's CSRF defence: the header every token request must carry (a cross-site page can't add it
    # without a CORS preflight), with Fetch Metadata (Sec-Fetch-Site) and, without it, Origin.
    "CSRF_HEADER": "X-Requested-With",
}

LEGACY_CHOICES = ("adopt", "simplejwt", "refuse")
TRANSPORT_CHOICES = ("body", "cookie")
SAMESITE_CHOICES = ("Strict", "Lax", "None")

api_settings = APISettings(getattr(settings, SETTING, None), DEFAULTS)


def reload_api_settings(*args, **kwargs) -> None:
    global api_settings
    if kwargs["setting"] == SETTING:
        api_settings = APISettings(kwargs["value"], DEFAULTS)


setting_changed.connect(reload_api_settings)


def sessions_settings() -> APISettings:
    """The settings as they are now (override_settings replaces the object)."""
    return api_settings


def cookie_mode() -> bool:
    """Whether the refresh token travels in the httpOnly cookie (REFRESH_TOKEN_TRANSPORT="cookie")."""
    return api_settings.REFRESH_TOKEN_TRANSPORT == "cookie"
