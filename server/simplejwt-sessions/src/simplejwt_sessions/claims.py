"""The claims of a correctly signed token, validated before anything uses them (issue 23: never a 5xx).

PyJWT checks that exp, iat and nbf are integers and jti a string; nothing checks that they fit a datetime, that the
user id is one the user model can hold, or that the strings are text a database can take. Stock simplejwt then
crashes (a 500) on such a token; here it is refused as an invalid token, like a bad signature: `check_claims`
raises simplejwt's TokenError("Token is invalid"), which each endpoint answers in its own way (authentication's
401 body, the token endpoints' {"detail": "Token is invalid", "code": "token_not_valid"}).
"""

import math

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt import settings as simplejwt_settings
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from simplejwt_sessions.storable import storable, strings_in

# A user id the database can compare: a signed 64-bit integer on every backend.
INT64_RANGE = (-(2**63), 2**63 - 1)


def invalid() -> TokenError:
    return TokenError(_("Token is invalid"))


def is_epoch(value) -> bool:
    """Whether a time claim is a number that names a datetime (what simplejwt's datetime_from_epoch takes)."""
    if not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
        return False
    try:
        datetime_from_epoch(value)
    except (OverflowError, OSError, ValueError):
        return False
    return True


def is_user_id(value) -> bool:
    """Whether the user id claim is one the user model's lookup takes (None names no one, as in simplejwt)."""
    if value is None:
        return True
    field = get_user_model()._meta.get_field(simplejwt_settings.api_settings.USER_ID_FIELD)
    try:
        python = field.to_python(value)
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return INT64_RANGE[0] <= python <= INT64_RANGE[1]
    return True


def check_claims(payload: dict, *, needs_id: bool = False) -> None:
    """Raises TokenError unless every claim simplejwt or the project reads has a type and size it can use. A token
    class with a blacklist (`needs_id`) looks its id up before simplejwt's own "Token has no id" check: the same
    refusal comes first then."""
    api_settings = simplejwt_settings.api_settings
    if not all(storable(text) for text in strings_in(payload)):
        raise invalid()
    for claim in ("exp", "iat", "nbf", api_settings.SLIDING_TOKEN_REFRESH_EXP_CLAIM):
        if claim in payload and not is_epoch(payload[claim]):
            raise invalid()
    jti_claim = api_settings.JTI_CLAIM
    if jti_claim is not None:
        if jti_claim not in payload and needs_id:
            raise TokenError(_("Token has no id"))
        jti = payload.get(jti_claim, "")
        if not isinstance(jti, str) or len(jti) > OutstandingToken._meta.get_field("jti").max_length:
            raise invalid()
    if not is_user_id(payload.get(api_settings.USER_ID_CLAIM)):
        raise invalid()


class ValidatedClaims:
    """A simplejwt token class whose claims are checked (check_claims) before its own checks use them."""

    def verify(self, *args, **kwargs):
        check_claims(self.payload, needs_id=hasattr(self, "check_blacklist"))
        super().verify(*args, **kwargs)
