"""djangorestframework-jwt (DIALECT=drf-jwt) with a token's claims validated before use (issue 23: never a 5xx).

Stock drf-jwt 1.11 on PyJWT 1.7 answers 500 to a correctly signed token whose exp, iat or nbf is null, a list or
infinite (PyJWT's int() raises TypeError / OverflowError), whose orig_iat is no number (refresh adds it to an int),
or whose username is no text a database takes (a lone surrogate; NUL on PostgreSQL); and its refresh and verify
serializers let every PyJWT error but two through (alg none, a future nbf, an iat that is no integer...). Here each
is drf-jwt's own refusal of a token it can't decode: "Error decoding signature." (401 from its authentication, 400
non_field_errors from refresh and verify), and its authentication's other refusals stay as they were. The refresh
and verify serializers are in accounts/drf_jwt_serializers.py (drf-jwt's serializers import this decode handler).
"""

import math

import jwt
from rest_framework_jwt import utils
from simplejwt_sessions.storable import storable, strings_in


def check_payload(payload: dict) -> None:
    """Raises jwt.DecodeError unless drf-jwt can use every claim it reads."""
    if not all(storable(text) for text in strings_in(payload)):
        raise jwt.DecodeError("A claim holds text no database can take.")
    orig_iat = payload.get("orig_iat")
    if orig_iat and (
        not isinstance(orig_iat, (int, float))
        or (isinstance(orig_iat, float) and not math.isfinite(orig_iat))
    ):
        raise jwt.DecodeError("orig_iat must be a number.")


def jwt_decode_handler(token):
    """JWT_AUTH["JWT_DECODE_HANDLER"]: drf-jwt's decode, whose claim errors are all a DecodeError."""
    try:
        payload = utils.jwt_decode_handler(token)
    except (
        TypeError,
        OverflowError,
    ) as error:  # PyJWT 1.7's int() of a time claim that is null, a list, infinite
        raise jwt.DecodeError(str(error)) from error
    check_payload(payload)
    return payload
