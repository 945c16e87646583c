from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken

from accounts.services import token_user
from accounts.tokens import jwt_settings


def revoked(token) -> InvalidToken:
    """The refusal of a revoked token: exactly what a forged one gets from JWTAuthentication, so a thief learns
    nothing (neither that the session ended nor why)."""
    return InvalidToken(
        {
            "detail": _("Given token not valid for any token type"),
            "messages": [
                {
                    "token_class": token_class.__name__,
                    "token_type": token_class.token_type,
                    "message": _("Token is invalid"),
                }
                for token_class in jwt_settings().AUTH_TOKEN_CLASSES
            ],
        }
    )


class SessionJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication, refusing a token whose session ended (a logout, a device signed out, a replayed
    refresh token) or that holds an older token version (a password change, "log out everywhere"). One query per
    request: the session (or user) with the token version, where simplejwt alone makes one for the user."""

    def get_user(self, validated_token):
        if jwt_settings().USER_ID_CLAIM not in validated_token:
            return super().get_user(validated_token)  # simplejwt's own answer for a token naming no one
        try:
            user = token_user(validated_token)
        except get_user_model().DoesNotExist as error:
            raise AuthenticationFailed(_("User not found"), code="user_not_found") from error
        if user is None:
            raise revoked(validated_token)
        if jwt_settings().CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        return user
