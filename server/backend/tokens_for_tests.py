"""Token helpers shared by the test modules: real tokens for a user, and broken ones of every kind."""

import base64
import importlib
import json
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from rest_framework_simplejwt import serializers as simplejwt_serializers
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_part(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def access_for(user) -> str:
    return str(AccessToken.for_user(user))


def refresh_for(user) -> str:
    return str(RefreshToken.for_user(user))


def expired_access_for(user) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(from_time=timezone.now() - timedelta(days=2))
    return str(token)


def expired_refresh_for(user) -> str:
    token = RefreshToken.for_user(user)
    token.set_exp(from_time=timezone.now() - timedelta(days=2))
    return str(token)


def with_changed_payload(token: str, **claims) -> str:
    """The token with claims changed but the old signature: the signature no longer matches."""
    header, payload, signature = token.split(".")
    return ".".join([header, b64url(json.dumps({**decode_part(payload), **claims}).encode()), signature])


def with_bad_signature(token: str) -> str:
    header, payload, signature = token.split(".")
    return ".".join([header, payload, ("A" if signature[0] != "A" else "B") + signature[1:]])


def unsigned(token: str) -> str:
    """The same payload under `alg: none` with no signature."""
    payload = token.split(".")[1]
    return ".".join([b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode()), payload, ""])


def jwt_header(token: str) -> dict:
    return decode_part(token.split(".")[0])


def jwt_payload(token: str) -> dict:
    return decode_part(token.split(".")[1])


@contextmanager
def simple_jwt_settings(**changes):
    """override_settings(SIMPLE_JWT=...) that simplejwt's serializers see too.

    simplejwt's serializers module keeps the settings object it imported (and imports the blacklist model only if
    BLACKLIST_AFTER_ROTATION was on), so it is re-imported under the new settings, and again under the old ones.
    """
    try:
        with override_settings(SIMPLE_JWT={**settings.SIMPLE_JWT, **changes}):
            importlib.reload(simplejwt_serializers)
            yield
    finally:
        importlib.reload(simplejwt_serializers)


def use_sliding_dialect(test) -> None:
    """DIALECT=sliding's simplejwt settings for one test (its setUp calls this; the test class sets ROOT_URLCONF to
    backend.urls_sliding): SlidingToken authentication and the sliding serializers as backend/settings.py names them.
    """
    from unittest import mock

    from rest_framework_simplejwt import authentication
    from rest_framework_simplejwt import settings as simplejwt_settings
    from rest_framework_simplejwt.views import TokenObtainSlidingView, TokenRefreshSlidingView

    sliding = simple_jwt_settings(
        AUTH_TOKEN_CLASSES=("simplejwt_sessions.tokens.SlidingToken",),
        SLIDING_TOKEN_OBTAIN_SERIALIZER="accounts.sliding.VersionedTokenObtainSlidingSerializer",
        SLIDING_TOKEN_REFRESH_SERIALIZER="accounts.sliding.ValidatedTokenRefreshSlidingSerializer",
    )
    sliding.__enter__()
    test.addCleanup(sliding.__exit__, None, None, None)
    api_settings = simplejwt_settings.api_settings
    # JWTAuthentication keeps the settings object it imported, and the views read their serializer's name at import.
    for patcher in (
        mock.patch.object(authentication, "api_settings", api_settings),
        mock.patch.object(
            TokenObtainSlidingView, "_serializer_class", api_settings.SLIDING_TOKEN_OBTAIN_SERIALIZER
        ),
        mock.patch.object(
            TokenRefreshSlidingView, "_serializer_class", api_settings.SLIDING_TOKEN_REFRESH_SERIALIZER
        ),
    ):
        patcher.start()
        test.addCleanup(patcher.stop)
