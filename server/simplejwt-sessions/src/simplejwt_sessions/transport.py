"""REFRESH_TOKEN_TRANSPORT="cookie": the refresh token travels in an httpOnly cookie, never in a body the page's
JavaScript could read, and the token endpoints that read the cookie refuse cross-site requests.

The CSRF defence (OWASP's Cross-Site Request Forgery Prevention Cheat Sheet: a custom request header, with Fetch
Metadata and, where a browser sends none, the Origin header), checked before anything else the request could cause:
1. the CSRF_HEADER (X-Requested-With) with a value: a cross-site page can't add a custom header without a CORS
   preflight, which this server never grants;
2. Sec-Fetch-Site, if present, is "same-origin";
3. else Origin, if present, is the request's own origin or one of Django's CSRF_TRUSTED_ORIGINS ("null" never is);
4. neither header: allowed (not a browser).
Django's CsrfViewMiddleware isn't used: it needs a CSRF cookie and token the SPA would have to fetch first, and
DRF's views are exempt from it anyway."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.http import is_same_domain
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException

from simplejwt_sessions.settings import sessions_settings


class CrossSiteRequestRefused(APIException):
    """403 {"detail", "code": "csrf_failed"}: a token request in cookie mode that may come from another site."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Cross-site request refused.")
    default_code = "csrf_failed"

    def __init__(self):
        super().__init__()
        # DRF's handler answers a dict detail as it is: the message (in the request's language) and the code.
        self.detail = {"detail": self.detail, "code": self.default_code}


def _own_origin(request) -> str | None:
    """scheme://host[:port] of the request as Django sees it (None for a Host that ALLOWED_HOSTS refuses)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{request.scheme}://{host}"


def _trusted(origin: str) -> bool:
    """Whether `origin` is one of CSRF_TRUSTED_ORIGINS, as Django's CsrfViewMiddleware reads them (exact, or
    scheme://*.domain for its subdomains)."""
    trusted = getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
    if origin in trusted:
        return True
    scheme, _sep, netloc = origin.partition("://")
    return any(
        entry.startswith(f"{scheme}://*") and is_same_domain(netloc, entry.partition("://")[2][1:])
        for entry in trusted
    )


def check_csrf(request) -> None:
    """Raises CrossSiteRequestRefused unless the request passes the defence above."""
    if not request.headers.get(sessions_settings().CSRF_HEADER, "").strip():
        raise CrossSiteRequestRefused()
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        if fetch_site != "same-origin":
            raise CrossSiteRequestRefused()
        return
    origin = request.headers.get("Origin")
    if origin is not None and (origin == "null" or (origin != _own_origin(request) and not _trusted(origin))):
        raise CrossSiteRequestRefused()


def refresh_from_cookie(request) -> str | None:
    """The refresh token in the request's cookie, or None."""
    return request.COOKIES.get(sessions_settings().REFRESH_COOKIE_NAME) or None


def set_refresh_cookie(response, refresh: str, max_age: int | None) -> None:
    """The cookie that holds `refresh`: HttpOnly, Secure, SameSite, Path as configured; persistent (Max-Age, and
    Django's expires) with `max_age`, else a session cookie."""
    config = sessions_settings()
    response.set_cookie(
        config.REFRESH_COOKIE_NAME,
        refresh,
        max_age=max_age,
        path=config.REFRESH_COOKIE_PATH,
        secure=config.REFRESH_COOKIE_SECURE,
        httponly=True,
        samesite=config.REFRESH_COOKIE_SAMESITE,
    )


def clear_refresh_cookie(response) -> None:
    """Django's delete_cookie (Max-Age=0, expires in 1970) with the cookie's name, path and flags."""
    config = sessions_settings()
    name = config.REFRESH_COOKIE_NAME
    response.delete_cookie(name, path=config.REFRESH_COOKIE_PATH, samesite=config.REFRESH_COOKIE_SAMESITE)
    # delete_cookie sets Secure only for a prefixed name or SameSite=None; HttpOnly never.
    response.cookies[name]["secure"] = config.REFRESH_COOKIE_SECURE or response.cookies[name]["secure"]
    response.cookies[name]["httponly"] = True
